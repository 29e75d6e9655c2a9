/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "procfs.h"

int lc_procfs_root (lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_procfs_root: not implemented yet");
}

int lc_procfs_open (const char *path, int flags, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_procfs_open: not implemented yet");
}

int lc_procfs_write (const char *path, const char *buf, size_t len, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_procfs_write: not implemented yet");
}

void lc_procfs_reset (void)
{
}

