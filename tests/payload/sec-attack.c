/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Static payload for security.bats / cve.bats / selinux.bats: the attacker
 * and the witness inside the container.  Each subcommand prints one line.
 *
 *   getxattr PATH         the security.selinux label of PATH
 *   read PATH             "ok N bytes" or "error: strerror"
 *   writable PATH         open for appending, write nothing: "writable" or
 *                         "refused: strerror"
 *   exe-write FD SECS     after SECS seconds, try to reopen /proc/self/fd/FD
 *                         for writing (O_APPEND, nothing is written):
 *                         "WRITABLE" or "refused: strerror"
 *   fds                   the open fds above 2 and where they point
 *   keyring               the session keyring's description
 *   keyring-label         the SELinux label of the session keyring
 *   keyring-id            the serial number of the session keyring
 *   key-label SERIAL      the SELinux label of a key (run on the host)
 *   uname                 "nodename domainname" from uname(2)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <linux/keyctl.h>

static int
cmd_getxattr (const char *path)
{
  char buf[512];
  ssize_t n = lgetxattr (path, "security.selinux", buf, sizeof buf - 1);

  if (n < 0)
    {
      printf ("error: %s\n", strerror (errno));
      return 1;
    }
  buf[n] = '\0';
  printf ("%s\n", buf);
  return 0;
}

static int
cmd_read (const char *path)
{
  char buf[4096];
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t n;

  if (fd < 0 || (n = read (fd, buf, sizeof buf)) < 0)
    {
      printf ("error: %s\n", strerror (errno));
      return 1;
    }
  printf ("ok %zd bytes\n", n);
  return 0;
}

static int
cmd_writable (const char *path)
{
  int fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);

  if (fd < 0)
    printf ("refused: %s\n", strerror (errno));
  else
    printf ("writable\n");
  return fd < 0 ? 1 : 0;
}

static int
cmd_exe_write (const char *fd, const char *secs)
{
  char path[64];
  int w;

  sleep ((unsigned) atoi (secs));
  snprintf (path, sizeof path, "/proc/self/fd/%s", fd);
  w = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (w >= 0)
    printf ("WRITABLE\n");
  else
    printf ("refused: %s\n", strerror (errno));
  fflush (stdout);
  return w >= 0 ? 1 : 0;
}

static int
cmd_fds (void)
{
  DIR *d = opendir ("/proc/self/fd");
  struct dirent *e;
  char path[300], target[4096];
  int self = d ? dirfd (d) : -1;

  while (d && (e = readdir (d)))
    {
      int fd = atoi (e->d_name);
      ssize_t n;

      if (e->d_name[0] == '.' || fd <= 2 || fd == self)
        continue;
      snprintf (path, sizeof path, "/proc/self/fd/%s", e->d_name);
      n = readlink (path, target, sizeof target - 1);
      target[n > 0 ? n : 0] = '\0';
      printf ("fd %d -> %s\n", fd, target);
    }
  if (d)
    closedir (d);
  printf ("end\n");
  return 0;
}

static int
cmd_keyring (void)
{
  char buf[256];
  long n = syscall (__NR_keyctl, KEYCTL_DESCRIBE, KEY_SPEC_SESSION_KEYRING, buf, sizeof buf - 1, 0);

  if (n < 0)
    {
      printf ("error: %s\n", strerror (errno));
      return 1;
    }
  buf[n < (long) sizeof buf ? n : (long) sizeof buf - 1] = '\0';
  printf ("%s\n", buf);
  return 0;
}

static int
cmd_keyring_id (void)
{
  long id = syscall (__NR_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0, 0, 0);

  if (id < 0)
    {
      printf ("error: %s\n", strerror (errno));
      return 1;
    }
  printf ("%ld\n", id);
  return 0;
}

static int
cmd_keyring_label (long key)
{
  char buf[512];
  long n = syscall (__NR_keyctl, KEYCTL_GET_SECURITY, key, buf, sizeof buf - 1, 0);

  if (n < 0)
    {
      printf ("error: %s\n", strerror (errno));
      return 1;
    }
  buf[n < (long) sizeof buf ? n : (long) sizeof buf - 1] = '\0';
  printf ("%s\n", buf);
  return 0;
}

static int
cmd_uname (void)
{
  struct utsname u;

  if (uname (&u) < 0)
    return 1;
  printf ("%s %s\n", u.nodename, u.domainname);
  return 0;
}

int
main (int argc, char **argv)
{
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc == 3 && strcmp (argv[1], "getxattr") == 0)
    return cmd_getxattr (argv[2]);
  if (argc == 3 && strcmp (argv[1], "read") == 0)
    return cmd_read (argv[2]);
  if (argc == 3 && strcmp (argv[1], "writable") == 0)
    return cmd_writable (argv[2]);
  if (argc == 4 && strcmp (argv[1], "exe-write") == 0)
    return cmd_exe_write (argv[2], argv[3]);
  if (argc == 2 && strcmp (argv[1], "fds") == 0)
    return cmd_fds ();
  if (argc == 2 && strcmp (argv[1], "keyring-label") == 0)
    return cmd_keyring_label (KEY_SPEC_SESSION_KEYRING);
  if (argc == 2 && strcmp (argv[1], "keyring-id") == 0)
    return cmd_keyring_id ();
  if (argc == 3 && strcmp (argv[1], "key-label") == 0)
    return cmd_keyring_label (atol (argv[2]));
  if (argc == 2 && strcmp (argv[1], "uname") == 0)
    return cmd_uname ();
  if (argc == 2 && strcmp (argv[1], "keyring") == 0)
    return cmd_keyring ();
  fprintf (stderr, "usage: sec-attack getxattr|read|writable|exe-write|fds|keyring|keyring-label|keyring-id|key-label|uname ...\n");
  return 2;
}
