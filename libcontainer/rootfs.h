/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's filesystem, set up by init inside its new mount namespace.
 *   lc_rootfs_prepare  rootfs propagation, bind of the rootfs, mounts[] in
 *                      order, /dev (default devices, linux.devices,
 *                      symlinks, /dev/pts, /dev/console placeholder)
 *   -- createContainer hooks run here (still able to see host paths) --
 *   lc_rootfs_pivot    pivot_root (or chroot with --no-pivot)
 *   lc_rootfs_finalize maskedPaths, readonlyPaths, read-only root,
 *                      final rootfsPropagation
 */
#ifndef LC_ROOTFS_H
#define LC_ROOTFS_H

#include <stdbool.h>
#include "error.h"
#include "spec.h"

struct lc_rootfs
{
  const struct spec *spec;
  const char *bundle;       /* absolute */
  const char *rootfs;       /* absolute host path of root.path */
  bool no_pivot;
  bool in_userns;           /* devices are bind-mounted, not mknod'ed */
  const char *mount_label;  /* linux.mountLabel when SELinux is enabled, else NULL */
  int rootfd;               /* O_PATH fd of the rootfs mount after prepare */
  int *bind_fds;            /* a user namespace: mounts[i]'s bind source, opened by the
                               parent as host root, taken by prepare; else NULL */
  int *proc_fds;            /* a joined pid namespace: mounts[i]'s procfs, made
                               inside it (proc-helper.c), taken by prepare; else NULL */
};

/* mounts[i] is a bind mount (type "bind", or a bind/rbind option).  */
bool lc_rootfs_is_bind (const struct spec_mount *m);
/* An O_PATH fd on a bind mount's source (relative to the bundle).  */
int lc_rootfs_open_source (const struct spec_mount *m, const char *bundle, size_t i,
                           lc_error_t *err);
/* mounts[i] is a new procfs (not a bind of one).  */
bool lc_rootfs_is_new_proc (const struct spec_mount *m);
/* mounts[i]'s procfs as a detached mount (fsopen + fsmount, with its
   options): it shows the pid namespace of the caller.  */
int lc_rootfs_make_proc (const struct lc_rootfs *rfs, size_t i, lc_error_t *err);

int lc_rootfs_prepare (struct lc_rootfs *rfs, lc_error_t *err);
int lc_rootfs_pivot (struct lc_rootfs *rfs, lc_error_t *err);
int lc_rootfs_finalize (struct lc_rootfs *rfs, lc_error_t *err);
/* Bind the pty slave onto /dev/console (after pivot, fd of the slave).  */
int lc_rootfs_setup_console (int slave_fd, lc_error_t *err);

#endif
