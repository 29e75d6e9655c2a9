/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "spec.h"

int spec_generate_default (bool rootless, char **json, size_t *len, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "spec_generate_default: not implemented yet");
}

