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

int lc_hooks_run (const struct spec *spec, enum spec_hook_kind kind,
                  const char *state_json, lc_error_t *err);

#endif
