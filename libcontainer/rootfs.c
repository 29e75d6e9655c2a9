/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "rootfs.h"

int lc_rootfs_prepare (struct lc_rootfs *rfs, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_rootfs_prepare: not implemented yet");
}

int lc_rootfs_pivot (struct lc_rootfs *rfs, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_rootfs_pivot: not implemented yet");
}

int lc_rootfs_finalize (struct lc_rootfs *rfs, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_rootfs_finalize: not implemented yet");
}

int lc_rootfs_setup_console (int slave_fd, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_rootfs_setup_console: not implemented yet");
}

