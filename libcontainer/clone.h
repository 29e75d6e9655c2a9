/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* clone3, or clone(2) where clone3 is missing or filtered: seccomp
   profiles of Docker, podman and moat itself answer ENOSYS to clone3
   (its flags are in memory, where a filter cannot look), so moat inside
   such a container must do without it.  */
#ifndef LC_CLONE_H
#define LC_CLONE_H

#include <stdbool.h>
#include "syscalls.h"

/* Fork-like (no CLONE_VM): 0 in the child.  After clone3 answered ENOSYS
   once, clone(2) is used; it cannot express CLONE_INTO_CGROUP,
   CLONE_NEWTIME or CLONE_CLEAR_SIGHAND, and fails with ENOSYS for those:
   callers enter the cgroup after the clone, and make a time namespace
   with unshare, when lc_clone3_missing.  */
pid_t lc_clone (struct clone_args *ca);
bool lc_clone3_missing (void);

#endif
