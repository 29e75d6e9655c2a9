/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "path.h"

int lc_open_in_root (int rootfd, const char *path, int flags, mode_t mode, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_open_in_root: not implemented yet");
}

int lc_mkdir_in_root (int rootfd, const char *path, mode_t mode, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_mkdir_in_root: not implemented yet");
}

int lc_mount_target_in_root (int rootfd, const char *path, bool is_file, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_mount_target_in_root: not implemented yet");
}

