/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "sync.h"

const char *lc_sync_step_name (enum lc_sync_step step)
{
  return NULL;
}

int lc_sync_send (int sock, enum lc_sync_step step, int64_t value, int fd_to_pass, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_sync_send: not implemented yet");
}

int lc_sync_send_error (int sock, const lc_error_t e)
{
  errno = ENOSYS;
  return -1;
}

int lc_sync_wait (int sock, enum lc_sync_step expect, int64_t *value, int *fd_out, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_sync_wait: not implemented yet");
}

