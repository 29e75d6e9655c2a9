/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Paths inside the rootfs are resolved only through the rootfs fd
   (openat2 RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS), and callers act on the fd
   they got, never on the string again.  */
#ifndef LC_PATH_H
#define LC_PATH_H

#include <stdbool.h>
#include <sys/types.h>
#include "error.h"

/* moat has no fallback for openat2 (Linux 5.6; moat needs 5.12 for
   mount_setattr anyway): refuse, naming it, before any side effect when
   the kernel lacks it or a seccomp filter hides it.  */
int lc_path_check_openat2 (lc_error_t *err);
/* openat2 inside root; flags always gain O_CLOEXEC.  */
int lc_open_in_root (int rootfd, const char *path, int flags, mode_t mode, lc_error_t *err);
/* mkdir -p inside root; returns an O_PATH|O_DIRECTORY fd on the last one.  */
int lc_mkdir_in_root (int rootfd, const char *path, mode_t mode, lc_error_t *err);
/* Create the mount target for `path` inside root: a directory, or (is_file)
   an empty regular file with its parents; returns an O_PATH fd on it.  */
int lc_mount_target_in_root (int rootfd, const char *path, bool is_file, lc_error_t *err);

#endif
