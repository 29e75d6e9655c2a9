/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCI hooks: each hook is exec'ed with the state JSON on stdin, its args and
   env, and killed after `timeout` seconds.  A failing hook is an error,
   except poststop hooks which only warn.  The caller decides which
   namespace the hook runs in by where it calls this.  */
#ifndef LC_HOOKS_H
#define LC_HOOKS_H

#include "error.h"
#include "spec.h"

extern const char *const lc_hook_names[SPEC_HOOK_KIND_MAX]; /* "prestart", ... */

/* `dirfd` is the hooks' working directory (-1: the caller's); `env` the
   environment of a hook without an env of its own (NULL: empty).  runc
   runs a hook as an exec.Cmd with Dir and (then) Env unset, i.e. from
   where runc stands with runc's environment: the bundle and the caller's
   environment for the runtime hooks, init's cwd and process.env for the
   container ones.  The callers pass those.  */
int lc_hooks_run (const struct spec *spec, enum spec_hook_kind kind, int dirfd,
                  char *const *env, const char *state_json, lc_error_t *err);

#endif
