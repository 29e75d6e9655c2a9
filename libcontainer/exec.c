/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "container.h"

int lc_container_exec (const struct lc_exec_opts *opts, int *exit_status, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_container_exec: not implemented yet");
}

