/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "hooks.h"

int lc_hooks_run (const struct spec *spec, enum spec_hook_kind kind, const char *state_json, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_hooks_run: not implemented yet");
}

const char *const lc_hook_names[SPEC_HOOK_KIND_MAX] = { "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop" };
