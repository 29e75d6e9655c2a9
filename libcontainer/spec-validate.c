/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "spec.h"

int spec_validate (const struct spec *spec, const char *file, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "spec_validate: not implemented yet");
}

int spec_validate_process (const struct spec_process *proc, const char *file, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "spec_validate_process: not implemented yet");
}

