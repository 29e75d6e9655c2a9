/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "keyring.h"

int lc_keyring_join_new (const char *id, const char *label, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_keyring_join_new: not implemented yet");
}

