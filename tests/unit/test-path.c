/* SPDX-License-Identifier: GPL-2.0-or-later */
/* path.c: every lookup and every directory or file it creates stays inside
   the root, whatever symlinks the image holds (CVE-2021-30465,
   CVE-2024-45310).  Works on a temporary directory; needs no privilege.  */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "utils.h"
#include "tap.h"

static char base[] = "/tmp/moat-test-path.XXXXXX";
static char root[4096], outside[4096];

static bool
exists (const char *dir, const char *rel)
{
  char p[8192];
  struct stat st;

  snprintf (p, sizeof p, "%s/%s", dir, rel);
  return lstat (p, &st) == 0;
}

/* `fd` is the inode at dir/rel and is close-on-exec.  */
static bool
same_file (int fd, const char *dir, const char *rel)
{
  char p[8192];
  struct stat a, b;

  snprintf (p, sizeof p, "%s/%s", dir, rel);
  return fd >= 0 && fstat (fd, &a) == 0 && stat (p, &b) == 0
         && a.st_dev == b.st_dev && a.st_ino == b.st_ino
         && (fcntl (fd, F_GETFD) & FD_CLOEXEC);
}

/* root/name -> target; a tree we could not build is a failed test.  */
static void
link_in_root (const char *target, const char *name)
{
  char p[8192];

  snprintf (p, sizeof p, "%s/%s", root, name);
  if (symlink (target, p) < 0)
    abort ();
}

static void
make_tree (void)
{
  char p[8192];

  if (mkdtemp (base) == NULL)
    abort ();
  snprintf (root, sizeof root, "%s/root", base);
  snprintf (outside, sizeof outside, "%s/outside", base);
  if (mkdir (root, 0755) < 0 || mkdir (outside, 0755) < 0)
    abort ();
  snprintf (p, sizeof p, "%s/etc", root);
  mkdir (p, 0755);
  /* Escapes, relative and absolute, dangling and not.  */
  link_in_root ("../../../outside/x", "etc/evil");
  link_in_root (outside, "abs");
  link_in_root ("/../../../../outside-file", "absfile");
  link_in_root ("../..", "up");
  snprintf (p, sizeof p, "%s/regular", root);
  close (open (p, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
  link_in_root ("loop", "loop");
}

static void
cleanup (void)
{
  char cmd[8192];

  snprintf (cmd, sizeof cmd, "rm -rf -- '%s'", base);
  if (system (cmd) != 0)
    fprintf (stderr, "# could not remove %s\n", base);
}

static int
expect_errno (int ret, lc_error_t *err)
{
  int e = (ret < 0 && *err) ? (*err)->status : 0;

  if (ret >= 0)
    close (ret);
  lc_error_free (err);
  return e;
}

int
main (void)
{
  cleanup_close int rootfd = -1;
  lc_error_t err = NULL;
  char inside[8192];
  int fd;

  make_tree ();
  rootfd = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  ok (rootfd >= 0, "open the temporary root");

  fd = lc_mkdir_in_root (rootfd, "/a/b//c/", 0755, &err);
  ok (same_file (fd, root, "a/b/c"), "mkdir -p of a plain path, fd on the last one");
  close (fd);
  fd = lc_mkdir_in_root (rootfd, "a/b/c", 0755, &err);
  ok (same_file (fd, root, "a/b/c"), "an existing directory is fine");
  close (fd);

  fd = lc_mkdir_in_root (rootfd, "/etc/evil/sub", 0755, &err);
  ok (same_file (fd, root, "outside/x/sub"),
      "a relative symlink climbing out is followed as if the root were /");
  ok (!exists (outside, "x"), "nothing created outside through it");
  close (fd);

  fd = lc_mkdir_in_root (rootfd, "abs/d", 0755, &err);
  snprintf (inside, sizeof inside, "%s/d", outside + 1);
  ok (same_file (fd, root, inside),
      "an absolute symlink to a host path lands inside the root");
  ok (!exists (outside, "d"), "the host directory it names is untouched");
  close (fd);

  fd = lc_mount_target_in_root (rootfd, "/absfile", true, &err);
  ok (same_file (fd, root, "outside-file"), "a dangling file symlink is created inside");
  ok (!exists (base, "outside-file"), "and not beside the root");
  close (fd);

  fd = lc_mount_target_in_root (rootfd, "/new/dir/file", true, &err);
  ok (same_file (fd, root, "new/dir/file"), "a file target gets its parent directories");
  close (fd);

  /* From the host, root/up/up is `base`, where root/regular is.  */
  ok (expect_errno (lc_open_in_root (rootfd, "up/up/root/regular", O_RDONLY, 0, &err), &err)
      == ENOENT, "`..` through a symlink stops at the root");
  fd = lc_open_in_root (rootfd, "up/up/regular", O_RDONLY, 0, &err);
  ok (same_file (fd, root, "regular"), "`../..` from the root is the root");
  close (fd);

  ok (expect_errno (lc_mkdir_in_root (rootfd, "regular/x", 0755, &err), &err) == ENOTDIR,
      "mkdir through a regular file: ENOTDIR");
  ok (expect_errno (lc_mkdir_in_root (rootfd, "loop/x", 0755, &err), &err) == ELOOP,
      "a symlink loop: ELOOP");
  ok (expect_errno (lc_open_in_root (rootfd, "missing", O_RDONLY, 0, &err), &err) == ENOENT,
      "a missing file: ENOENT with an error object");

  cleanup ();
  return tap_done ();
}
