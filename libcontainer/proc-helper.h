/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The procfs mounts of a container that joins a pid namespace by path,
   made inside that namespace by a process that holds nothing of the host
   (see proc-helper.c).  */
#ifndef LC_PROC_HELPER_H
#define LC_PROC_HELPER_H

#include "error.h"
#include "rootfs.h"

/* Fill rfs->proc_fds with a detached procfs of the pid namespace `pidns`
   (an fd) for each new proc entry of mounts[]; nothing when there is none.
   Called by init in its new mount namespace, before it joins `pidns`.  */
int lc_proc_helper_run (struct lc_rootfs *rfs, int pidns, lc_error_t *err);

#endif
