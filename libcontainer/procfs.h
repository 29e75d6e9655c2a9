/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A verified procfs handle: writes to /proc go only through files opened
   beneath a procfs root whose fstatfs says PROC_SUPER_MAGIC, without
   following symlinks, and re-verified after open (CVE-2019-16884,
   CVE-2019-19921, CVE-2025-52881).  */
#ifndef LC_PROCFS_H
#define LC_PROCFS_H

#include "error.h"

/* An O_PATH fd on a procfs root (a private fsopen("proc") instance when the
   kernel allows it, else the host /proc after verification).  Cached.  */
int lc_procfs_root (lc_error_t *err);
/* Open `path` ("self/attr/exec", "sys/kernel/hostname", "12/uid_map")
   beneath the procfs root; the result is verified to be on procfs.  */
int lc_procfs_open (const char *path, int flags, lc_error_t *err);
/* Open + write + close.  */
int lc_procfs_write (const char *path, const char *buf, size_t len, lc_error_t *err);
/* Forget the cached handle (after pivot_root, or in a forked child that
   must use the container's procfs).  */
void lc_procfs_reset (void);

#endif
