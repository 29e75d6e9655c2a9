/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* moat create/run --selinux-relabel (podman's `:Z` for the rootfs): every
   file of the rootfs tree gets the container's mount label, with its MCS
   level, before the container starts.  Never `/` nor a system directory
   of the host; symlinks are labelled, never followed; a mount below the
   rootfs is left alone.  Without SELinux, nothing (a debug line).  */
#ifndef LC_RELABEL_H
#define LC_RELABEL_H

#include "error.h"

/* Refuse a rootfs (a realpath) that is `/`, a system directory of the
   host or $HOME.  No side effects.  */
int lc_relabel_check (const char *rootfs, lc_error_t *err);
/* Label the tree under rootfs (the realpath) with `label`.  A failure
   names the path; files labelled before it keep their new label.  */
int lc_relabel_rootfs (const char *rootfs, const char *label, lc_error_t *err);

#endif
