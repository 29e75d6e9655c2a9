/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "process.h"

int lc_process_resolve (const struct spec_process *process, char **path, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_process_resolve: not implemented yet");
}

int lc_process_setup (const struct spec_process *process, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_process_setup: not implemented yet");
}

int lc_process_exec (const struct lc_exec_ctx *ctx, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_process_exec: not implemented yet");
}

