/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Thin wrappers for the system calls glibc 2.36 does not wrap (or wraps only
   recently).  Every call site uses these; no #ifdef outside this file.  */
#ifndef LC_SYSCALLS_H
#define LC_SYSCALLS_H

#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <linux/openat2.h>
#include <linux/mount.h>

#ifndef RESOLVE_IN_ROOT
# define RESOLVE_IN_ROOT 0x10
#endif
#ifndef CLONE_INTO_CGROUP
# define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef CLONE_NEWTIME
# define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLOSE_RANGE_CLOEXEC
# define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
# define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

/* struct clone_args from linux/sched.h (glibc has no clone3 wrapper).  */
static inline pid_t
sys_clone3 (struct clone_args *args)
{
  return (pid_t) syscall (__NR_clone3, args, sizeof (*args));
}

static inline int
sys_openat2 (int dirfd, const char *path, struct open_how *how)
{
  return (int) syscall (__NR_openat2, dirfd, path, how, sizeof (*how));
}

static inline int
sys_pivot_root (const char *new_root, const char *put_old)
{
  return (int) syscall (__NR_pivot_root, new_root, put_old);
}

static inline int
sys_open_tree (int dirfd, const char *path, unsigned int flags)
{
  return (int) syscall (__NR_open_tree, dirfd, path, flags);
}

static inline int
sys_move_mount (int from_dirfd, const char *from_path, int to_dirfd,
                const char *to_path, unsigned int flags)
{
  return (int) syscall (__NR_move_mount, from_dirfd, from_path, to_dirfd, to_path, flags);
}

static inline int
sys_mount_setattr (int dirfd, const char *path, unsigned int flags,
                   struct mount_attr *attr)
{
  return (int) syscall (__NR_mount_setattr, dirfd, path, flags, attr, sizeof (*attr));
}

static inline int
sys_fsopen (const char *fsname, unsigned int flags)
{
  return (int) syscall (__NR_fsopen, fsname, flags);
}

static inline int
sys_fsconfig (int fd, unsigned int cmd, const char *key, const void *value, int aux)
{
  return (int) syscall (__NR_fsconfig, fd, cmd, key, value, aux);
}

static inline int
sys_fsmount (int fd, unsigned int flags, unsigned int attr_flags)
{
  return (int) syscall (__NR_fsmount, fd, flags, attr_flags);
}

static inline int
sys_pidfd_open (pid_t pid, unsigned int flags)
{
  return (int) syscall (__NR_pidfd_open, pid, flags);
}

static inline int
sys_pidfd_send_signal (int pidfd, int sig, siginfo_t *info, unsigned int flags)
{
  return (int) syscall (__NR_pidfd_send_signal, pidfd, sig, info, flags);
}

static inline int
sys_close_range (unsigned int first, unsigned int last, unsigned int flags)
{
  return (int) syscall (__NR_close_range, first, last, flags);
}

static inline int
sys_ioprio_set (int which, int who, int ioprio)
{
  return (int) syscall (__NR_ioprio_set, which, who, ioprio);
}

struct sched_attr;
static inline int
sys_sched_setattr (pid_t pid, struct sched_attr *attr, unsigned int flags)
{
  return (int) syscall (__NR_sched_setattr, pid, attr, flags);
}

#endif
