/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "caps.h"

int lc_caps_validate (const struct spec_capabilities *caps, const char *file, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_caps_validate: not implemented yet");
}

int lc_caps_drop_bounding (const struct spec_capabilities *caps, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_caps_drop_bounding: not implemented yet");
}

int lc_caps_apply (const struct spec_capabilities *caps, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_caps_apply: not implemented yet");
}

int lc_cap_from_name (const char *name)
{
  errno = ENOSYS;
  return -1;
}

