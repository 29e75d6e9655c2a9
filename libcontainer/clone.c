/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clone.h"

#ifndef CLONE_NEWTIME
# define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_CLEAR_SIGHAND
# define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif

/* Flags only clone3 has (CLONE_NEWTIME shares its bit with clone(2)'s
   exit signal).  */
#define CLONE3_ONLY (CLONE_INTO_CGROUP | CLONE_CLEAR_SIGHAND | (uint64_t) CLONE_NEWTIME)

static int clone3_missing = -1; /* not known yet */

bool
lc_clone3_missing (void)
{
  /* A NULL argument: EINVAL where clone3 exists, ENOSYS where it does not
     or a filter hides it.  */
  if (clone3_missing < 0)
    clone3_missing = syscall (__NR_clone3, NULL, (size_t) 0) < 0 && errno == ENOSYS;
  return clone3_missing;
}

/* clone(2) as fork: no new stack, the child returns here with a copy of
   ours.  The pidfd (CLONE_PIDFD) comes back through parent_tid.  */
static pid_t
legacy_clone (const struct clone_args *ca)
{
  unsigned long flags = (unsigned long) ca->flags | (unsigned long) (ca->exit_signal & 0xff);

  if (ca->flags & CLONE3_ONLY)
    {
      errno = ENOSYS;
      return -1;
    }
  return (pid_t) syscall (SYS_clone, flags, NULL, (int *) (uintptr_t) ca->pidfd, NULL, 0UL);
}

pid_t
lc_clone (struct clone_args *ca)
{
  pid_t pid;

  if (clone3_missing != 1)
    {
      pid = sys_clone3 (ca);
      if (pid >= 0 || errno != ENOSYS)
        return pid;
      clone3_missing = 1;
    }
  return legacy_clone (ca);
}
