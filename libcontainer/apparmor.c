/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "apparmor.h"

bool lc_apparmor_enabled (void)
{
  return false;
}

int lc_apparmor_apply (const char *profile, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_apparmor_apply: not implemented yet");
}

