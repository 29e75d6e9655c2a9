/* SPDX-License-Identifier: GPL-2.0-or-later */
/* procfs.c: opens stay beneath a verified procfs; "self" and "thread-self"
   resolve to this process; magic links and ".." are not followed.  */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "procfs.h"
#include "tap.h"

static int
on_procfs (int fd)
{
  struct statfs s;
  return fstatfs (fd, &s) == 0 && s.f_type == PROC_SUPER_MAGIC;
}

static void
test_procfs (void)
{
  lc_error_t err = NULL;
  char buf[64];
  int fd;

  fd = lc_procfs_open ("self/status", O_RDONLY, &err);
  ok (fd >= 0 && on_procfs (fd), "self/status opens on procfs");
  if (fd >= 0)
    close (fd);
  fd = lc_procfs_open ("thread-self/comm", O_RDONLY, &err);
  ok (fd >= 0 && on_procfs (fd), "thread-self/comm opens on procfs");
  if (fd >= 0)
    close (fd);
  snprintf (buf, sizeof buf, "%d/stat", (int) getpid ());
  fd = lc_procfs_open (buf, O_RDONLY, &err);
  ok (fd >= 0, "PID/stat opens");
  if (fd >= 0)
    close (fd);
  lc_error_free (&err);

  fd = lc_procfs_open ("self/root/etc/passwd", O_RDONLY, &err);
  ok (fd < 0 && err, "a magic link (self/root) is not followed");
  lc_error_free (&err);
  fd = lc_procfs_open ("../etc/passwd", O_RDONLY, &err);
  ok (fd < 0 && err, "`..` cannot leave procfs");
  lc_error_free (&err);
  fd = lc_procfs_open ("self/cwd", O_RDONLY, &err);
  ok (fd < 0 && err && strstr (err->msg, "/proc/") != NULL, "errors name the /proc path");
  lc_error_free (&err);

  ok (lc_procfs_write ("self/comm", "tap-test", 8, &err) == 0, "write self/comm");
  fd = open ("/proc/self/comm", O_RDONLY | O_CLOEXEC);
  memset (buf, 0, sizeof buf);
  ok (fd >= 0 && read (fd, buf, sizeof buf - 1) > 0 && strncmp (buf, "tap-test", 8) == 0,
      "the write reached the kernel");
  if (fd >= 0)
    close (fd);
  lc_error_free (&err);

  lc_procfs_reset ();
  ok (lc_procfs_root (&err) >= 0, "a new handle after reset");
  lc_error_free (&err);
}

/* CVE-2019-16884: a tmpfs over /proc must not receive the writes.  */
static void
test_fake_proc (void)
{
  lc_error_t err = NULL;
  int fd;

  if (geteuid () != 0 || unshare (CLONE_NEWNS) < 0
      || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0
      || mount ("tmpfs", "/proc", "tmpfs", 0, NULL) < 0)
    {
      printf ("ok %d - # SKIP a fake /proc needs root and a mount namespace\n", ++tap_n);
      return;
    }
  lc_procfs_reset ();
  fd = lc_procfs_open ("self/status", O_RDONLY, &err);
  ok (fd >= 0 && on_procfs (fd), "a tmpfs mounted over /proc is not used: the file is on procfs");
  if (fd >= 0)
    close (fd);
  lc_error_free (&err);
  /* Uncover /proc: LeakSanitizer reads /proc/PID/task at exit and fails
     the test when it cannot (--enable-sanitizers).  */
  umount2 ("/proc", MNT_DETACH);
}

int
main (void)
{
  test_procfs ();
  test_fake_proc ();
  return tap_done ();
}
