/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A verified procfs handle.
 *
 * Writes to /proc (uid_map, attr/exec, sysctls, oom_score_adj...) are the
 * classic way to trick a runtime: a container's /proc replaced by a tmpfs
 * or a FUSE filesystem (CVE-2019-16884), a bind mount over /proc/self/attr
 * (CVE-2019-19921), /proc/sys symlinked to somewhere else (CVE-2025-52881).
 * So the root is a private procfs instance (fsopen("proc") + fsmount: no
 * one else can mount over it) when the kernel allows it, else the visible
 * /proc checked to be the root of a procfs.  Files are opened beneath it
 * with openat2 RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS|RESOLVE_NO_XDEV (no
 * symlink or mount leads elsewhere) and checked again with fstatfs.
 *
 * A procfs instance shows the pid namespace of whoever created it, so the
 * cache belongs to one process: a forked child (a container init in its own
 * pid namespace) makes its own.  "self" and "thread-self" are read with
 * readlinkat on that instance, which answers with the pid it shows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "log.h"
#include "procfs.h"
#include "syscalls.h"
#include "utils.h"

#ifndef PROC_ROOT_INO
# define PROC_ROOT_INO 1
#endif

static int procfs_root_fd = -1;
static pid_t procfs_root_pid;

static bool
is_procfs (int fd)
{
  struct statfs sfs;

  return fstatfs (fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC;
}

/* A new procfs instance of our own, as a detached mount.  */
static int
private_procfs (void)
{
  cleanup_close int fsfd = -1;
  int mfd;

  fsfd = sys_fsopen ("proc", FSOPEN_CLOEXEC);
  if (fsfd < 0)
    return -1;
  if (sys_fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return -1;
  mfd = sys_fsmount (fsfd, FSMOUNT_CLOEXEC,
                     MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  return mfd;
}

/* The visible /proc, only if it is the root of a procfs.  */
static int
host_procfs (lc_error_t *err)
{
  cleanup_close int fd = -1;
  struct stat st;

  fd = open ("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return lc_error (err, errno, "open `/proc`");
  if (!is_procfs (fd) || fstat (fd, &st) < 0 || st.st_ino != PROC_ROOT_INO)
    return lc_error (err, 0, "`/proc` is not the root of a procfs");
  return steal_fd (&fd);
}

int
lc_procfs_root (lc_error_t *err)
{
  int fd;

  if (procfs_root_fd >= 0 && procfs_root_pid == getpid ())
    return procfs_root_fd;
  lc_procfs_reset ();
  fd = private_procfs ();
  if (fd < 0)
    {
      lc_debug ("private procfs instance: %s; using /proc", strerror (errno));
      fd = host_procfs (err);
      if (fd < 0)
        return -1;
    }
  else if (!is_procfs (fd))
    {
      close (fd);
      return lc_error (err, 0, "the new procfs instance is not a procfs");
    }
  procfs_root_fd = fd;
  procfs_root_pid = getpid ();
  return fd;
}

void
lc_procfs_reset (void)
{
  /* In a forked child the fd is a copy of the parent's: closing it is
     ours to do.  */
  if (procfs_root_fd >= 0)
    close (procfs_root_fd);
  procfs_root_fd = -1;
}

/* "self/x" -> "123/x", "thread-self/x" -> "123/task/124/x", as the
   instance at `root` numbers us.  */
static int
resolve_self (int root, const char *path, char **out, lc_error_t *err)
{
  static const char *const links[] = { "thread-self", "self" };
  char target[64];

  for (size_t i = 0; i < ARRAY_SIZE (links); i++)
    {
      size_t n = strlen (links[i]);
      ssize_t len;

      if (strncmp (path, links[i], n) != 0 || (path[n] != '/' && path[n] != '\0'))
        continue;
      len = readlinkat (root, links[i], target, sizeof target - 1);
      if (len < 0)
        return lc_error (err, errno, "readlink `/proc/%s`", links[i]);
      target[len] = '\0';
      xasprintf (out, "%s%s", target, path + n);
      return 0;
    }
  *out = xstrdup (path);
  return 0;
}

int
lc_procfs_open (const char *path, int flags, lc_error_t *err)
{
  cleanup_free char *real = NULL;
  cleanup_close int fd = -1;
  struct open_how how = {
    .flags = (uint64_t) (flags | O_CLOEXEC),
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
  };
  int root;

  while (*path == '/')
    path++;
  root = lc_procfs_root (err);
  if (root < 0)
    return -1;
  if (resolve_self (root, path, &real, err) < 0)
    return -1;
  do
    fd = sys_openat2 (root, real, &how);
  while (fd < 0 && (errno == EAGAIN || errno == EINTR));
  if (fd < 0)
    return lc_error (err, errno, "open `/proc/%s`", real);
  if (!is_procfs (fd))
    return lc_error (err, 0, "`/proc/%s` is not on procfs", real);
  return steal_fd (&fd);
}

int
lc_procfs_write (const char *path, const char *buf, size_t len, lc_error_t *err)
{
  cleanup_close int fd = -1;
  ssize_t n;

  fd = lc_procfs_open (path, O_WRONLY, err);
  if (fd < 0)
    return -1;
  /* One write: uid_map, gid_map and most sysctls take a single write.  */
  n = TEMP_FAILURE_RETRY_INT (write (fd, buf, len));
  if (n < 0)
    return lc_error (err, errno, "write `/proc/%s`", path);
  if ((size_t) n != len)
    return lc_error (err, EIO, "short write to `/proc/%s`", path);
  return 0;
}
