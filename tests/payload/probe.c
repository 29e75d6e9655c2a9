/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe: a static program copied into test rootfses as /bin/probe.  It
   reports, from inside a container, what the container really got.
   Output is `key=value` lines or raw file contents; failures print
   `error=ENAME` and exit 1, so a test can tell "denied" from "absent".

     probe ids | status KEY... | mounts | label | read PATH | write PATH DATA
     probe ls DIR | stat PATH | fds | syscall NAME | rlimit NAME | env | cwd
     probe hostname | domainname | ns | sleep N | exit N | pid | oom
     probe forkbomb N | open PATH r|w | umask | personality | sched | affinity
     probe ioprio | xattr PATH NAME
*/
#ifndef _GNU_SOURCE
# define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

extern char **environ;

static int
fail (void)
{
  const char *name = strerrorname_np (errno);
  printf ("error=%s\n", name ? name : "unknown");
  return 1;
}

static int
cat_fd (int fd)
{
  char buf[65536];
  ssize_t n;
  while ((n = read (fd, buf, sizeof buf)) > 0)
    if (fwrite (buf, 1, (size_t) n, stdout) != (size_t) n)
      return 1;
  return n < 0 ? fail () : 0;
}

static int
cat_file (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  int ret;
  if (fd < 0)
    return fail ();
  ret = cat_fd (fd);
  close (fd);
  return ret;
}

static int
do_ids (char **argv)
{
  gid_t groups[256];
  int n = getgroups (256, groups);
  printf ("uid=%u\ngid=%u\neuid=%u\negid=%u\ngroups=", getuid (), getgid (), geteuid (),
          getegid ());
  for (int i = 0; i < n; i++)
    printf ("%s%u", i ? "," : "", groups[i]);
  printf ("\n");
  return 0;
}

static int
do_status (char **argv)
{
  char line[1024];
  FILE *f = fopen ("/proc/self/status", "re");
  if (f == NULL)
    return fail ();
  while (fgets (line, sizeof line, f))
    for (char **k = argv; *k; k++)
      {
        size_t len = strlen (*k);
        if (strncmp (line, *k, len) == 0 && line[len] == ':')
          {
            char *v = line + len + 1;
            v += strspn (v, " \t");
            printf ("%s=%s", *k, v);
          }
      }
  fclose (f);
  return 0;
}

static int do_mounts (char **argv) { return cat_file ("/proc/self/mountinfo"); }
static int do_label (char **argv) { return cat_file ("/proc/self/attr/current"); }
static int do_read (char **argv) { return argv[0] ? cat_file (argv[0]) : 2; }

static int
do_write (char **argv)
{
  int fd;
  if (!argv[0] || !argv[1])
    return 2;
  fd = open (argv[0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write (fd, argv[1], strlen (argv[1])) < 0)
    return fail ();
  close (fd);
  printf ("ok\n");
  return 0;
}

static int
do_ls (char **argv)
{
  DIR *d = opendir (argv[0] ? argv[0] : ".");
  struct dirent *e;
  if (d == NULL)
    return fail ();
  while ((e = readdir (d)))
    if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
      printf ("%s\n", e->d_name);
  closedir (d);
  return 0;
}

static int
do_stat (char **argv)
{
  struct stat st;
  const char *type;
  if (!argv[0])
    return 2;
  if (lstat (argv[0], &st) < 0)
    return fail ();
  type = S_ISREG (st.st_mode) ? "file" : S_ISDIR (st.st_mode) ? "dir"
         : S_ISCHR (st.st_mode) ? "char" : S_ISBLK (st.st_mode) ? "block"
         : S_ISLNK (st.st_mode) ? "symlink" : S_ISFIFO (st.st_mode) ? "fifo" : "other";
  printf ("type=%s\nmode=%04o\nuid=%u\ngid=%u\nrdev=%u:%u\nsize=%lld\n", type,
          st.st_mode & 07777, st.st_uid, st.st_gid, major (st.st_rdev), minor (st.st_rdev),
          (long long) st.st_size);
  return 0;
}

static int
do_fds (char **argv)
{
  DIR *d = opendir ("/proc/self/fd");
  struct dirent *e;
  int self;
  if (d == NULL)
    return fail ();
  self = dirfd (d);
  while ((e = readdir (d)))
    {
      char path[PATH_MAX + 32], target[PATH_MAX];
      ssize_t n;
      if (e->d_name[0] == '.' || atoi (e->d_name) == self)
        continue;
      snprintf (path, sizeof path, "/proc/self/fd/%s", e->d_name);
      n = readlink (path, target, sizeof target - 1);
      target[n < 0 ? 0 : n] = '\0';
      printf ("%s=%s\n", e->d_name, target);
    }
  closedir (d);
  return 0;
}

/* Try one system call that a policy may deny; print ok or the errno.  */
static int
do_syscall (char **argv)
{
  long r;
  const char *n = argv[0] ? argv[0] : "";
  errno = 0;
  if (!strcmp (n, "mkdir"))
    r = mkdir ("/tmp/probe-mkdir", 0700);
  else if (!strcmp (n, "unshare"))
    r = unshare (CLONE_NEWNS);
  else if (!strcmp (n, "mount"))
    r = mount ("none", "/tmp", "tmpfs", 0, NULL);
  else if (!strcmp (n, "ptrace"))
    r = ptrace (PTRACE_TRACEME, 0, NULL, NULL);
  else if (!strcmp (n, "keyctl"))
    r = syscall (SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 0);
  else if (!strcmp (n, "chroot"))
    r = chroot ("/");
  else if (!strcmp (n, "sethostname"))
    r = sethostname ("probe", 5);
  else if (!strcmp (n, "reboot"))
    r = syscall (SYS_reboot, 0, 0, 0, NULL);
  else if (!strcmp (n, "setuid"))
    r = setuid (0);
  else if (!strcmp (n, "mknod"))
    r = mknod ("/tmp/probe-null", S_IFCHR | 0600, makedev (1, 3));
  else
    {
      printf ("error=unknown-syscall\n");
      return 2;
    }
  if (r < 0)
    return fail ();
  printf ("ok\n");
  return 0;
}

static const struct
{
  const char *name;
  int res;
} rlimits[] = {
  { "AS", RLIMIT_AS },       { "CORE", RLIMIT_CORE },     { "CPU", RLIMIT_CPU },
  { "DATA", RLIMIT_DATA },   { "FSIZE", RLIMIT_FSIZE },   { "LOCKS", RLIMIT_LOCKS },
  { "MEMLOCK", RLIMIT_MEMLOCK }, { "MSGQUEUE", RLIMIT_MSGQUEUE }, { "NICE", RLIMIT_NICE },
  { "NOFILE", RLIMIT_NOFILE }, { "NPROC", RLIMIT_NPROC }, { "RSS", RLIMIT_RSS },
  { "RTPRIO", RLIMIT_RTPRIO }, { "RTTIME", RLIMIT_RTTIME },
  { "SIGPENDING", RLIMIT_SIGPENDING }, { "STACK", RLIMIT_STACK },
};

static void
print_limit (const char *key, rlim_t v)
{
  if (v == RLIM_INFINITY)
    printf ("%s=unlimited\n", key);
  else
    printf ("%s=%llu\n", key, (unsigned long long) v);
}

static int
do_rlimit (char **argv)
{
  const char *n = argv[0] ? argv[0] : "";
  if (!strncmp (n, "RLIMIT_", 7))
    n += 7;
  for (size_t i = 0; i < sizeof rlimits / sizeof rlimits[0]; i++)
    if (!strcmp (rlimits[i].name, n))
      {
        struct rlimit rl;
        if (getrlimit (rlimits[i].res, &rl) < 0)
          return fail ();
        print_limit ("soft", rl.rlim_cur);
        print_limit ("hard", rl.rlim_max);
        return 0;
      }
  printf ("error=unknown-rlimit\n");
  return 2;
}

static int
do_env (char **argv)
{
  for (char **e = environ; *e; e++)
    printf ("%s\n", *e);
  return 0;
}

static int
do_cwd (char **argv)
{
  char buf[PATH_MAX];
  if (getcwd (buf, sizeof buf) == NULL)
    return fail ();
  printf ("%s\n", buf);
  return 0;
}

static int
do_uname (char **argv)
{
  struct utsname u;
  uname (&u);
  printf ("hostname=%s\ndomainname=%s\nmachine=%s\n", u.nodename, u.domainname, u.machine);
  return 0;
}

static int
do_ns (char **argv)
{
  static const char *const names[] = { "cgroup", "ipc", "mnt", "net", "pid", "time", "user",
                                       "uts" };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    {
      char path[64], target[128];
      ssize_t n;
      snprintf (path, sizeof path, "/proc/self/ns/%s", names[i]);
      n = readlink (path, target, sizeof target - 1);
      target[n < 0 ? 0 : n] = '\0';
      printf ("%s=%s\n", names[i], target);
    }
  return 0;
}

static int
do_sleep (char **argv)
{
  sleep (argv[0] ? (unsigned) atoi (argv[0]) : 3600);
  return 0;
}

static int do_exit (char **argv) { return argv[0] ? atoi (argv[0]) : 0; }

static int
do_pid (char **argv)
{
  printf ("pid=%d\nppid=%d\n", getpid (), getppid ());
  return 0;
}

/* Touch memory until the kernel stops us (an OOM kill ends the process).  */
static int
do_oom (char **argv)
{
  for (;;)
    {
      char *p = malloc (1 << 20);
      if (p == NULL)
        return fail ();
      memset (p, 1, 1 << 20);
    }
}

static int
do_forkbomb (char **argv)
{
  int want = argv[0] ? atoi (argv[0]) : 100, made = 0;
  for (int i = 0; i < want; i++)
    {
      pid_t pid = fork ();
      if (pid < 0)
        break;
      if (pid == 0)
        {
          pause ();
          _exit (0);
        }
      made++;
    }
  printf ("forked=%d\n", made);
  return 0;
}

static int
do_open (char **argv)
{
  int flags = argv[1] && argv[1][0] == 'w' ? O_WRONLY : O_RDONLY;
  int fd;
  if (!argv[0])
    return 2;
  fd = open (argv[0], flags | O_CLOEXEC);
  if (fd < 0)
    return fail ();
  close (fd);
  printf ("ok\n");
  return 0;
}

static int
do_umask (char **argv)
{
  mode_t m = umask (0);
  printf ("umask=%04o\n", m);
  return 0;
}

static int
do_personality (char **argv)
{
  printf ("personality=0x%x\n", personality (0xffffffff));
  return do_uname (argv);
}

static int
do_sched (char **argv)
{
  errno = 0;
  int nice = getpriority (PRIO_PROCESS, 0);
  printf ("policy=%d\nnice=%d\n", sched_getscheduler (0), nice);
  return 0;
}

static int
do_affinity (char **argv)
{
  cpu_set_t set;
  bool first = true;
  if (sched_getaffinity (0, sizeof set, &set) < 0)
    return fail ();
  printf ("cpus=");
  for (int i = 0; i < CPU_SETSIZE; i++)
    if (CPU_ISSET (i, &set))
      {
        printf ("%s%d", first ? "" : ",", i);
        first = false;
      }
  printf ("\n");
  return 0;
}

static int
do_ioprio (char **argv)
{
  long r = syscall (SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0);
  if (r < 0)
    return fail ();
  printf ("class=%ld\npriority=%ld\n", r >> 13, r & 0xff);
  return 0;
}

static int
do_xattr (char **argv)
{
  char buf[1024];
  ssize_t n;
  if (!argv[0] || !argv[1])
    return 2;
  n = lgetxattr (argv[0], argv[1], buf, sizeof buf - 1);
  if (n < 0)
    return fail ();
  buf[n] = '\0';
  printf ("%s\n", buf);
  return 0;
}

/* notify MSG...: each MSG a datagram to $NOTIFY_SOCKET (sd_notify).  */
static int
do_notify (char **argv)
{
  const char *path = getenv ("NOTIFY_SOCKET");
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;

  if (path == NULL || strlen (path) >= sizeof addr.sun_path)
    return 2;
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_DGRAM, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    return fail ();
  for (; *argv; argv++)
    if (send (fd, *argv, strlen (*argv), 0) < 0)
      return fail ();
  return 0;
}

/* accept FD: one connection on a listening socket fd (socket activation),
   answered with this process's LISTEN_FDS and LISTEN_PID.  */
static int
do_accept (char **argv)
{
  char msg[128];
  int c = accept (argv[0] ? atoi (argv[0]) : 3, NULL, NULL);

  if (c < 0)
    return fail ();
  snprintf (msg, sizeof msg, "LISTEN_FDS=%s LISTEN_PID=%s pid=%d\n",
            getenv ("LISTEN_FDS") ?: "", getenv ("LISTEN_PID") ?: "", getpid ());
  if (write (c, msg, strlen (msg)) < 0)
    return fail ();
  close (c);
  return 0;
}

static const struct
{
  const char *name;
  int (*fn) (char **argv);
} commands[] = {
  { "ids", do_ids },         { "status", do_status },       { "mounts", do_mounts },
  { "label", do_label },     { "read", do_read },           { "write", do_write },
  { "ls", do_ls },           { "stat", do_stat },           { "fds", do_fds },
  { "syscall", do_syscall }, { "rlimit", do_rlimit },       { "env", do_env },
  { "cwd", do_cwd },         { "hostname", do_uname },      { "domainname", do_uname },
  { "uname", do_uname },     { "ns", do_ns },               { "sleep", do_sleep },
  { "exit", do_exit },       { "pid", do_pid },             { "oom", do_oom },
  { "forkbomb", do_forkbomb }, { "open", do_open },         { "umask", do_umask },
  { "personality", do_personality }, { "sched", do_sched }, { "affinity", do_affinity },
  { "ioprio", do_ioprio },   { "xattr", do_xattr },         { "notify", do_notify },
  { "accept", do_accept },
};

int
main (int argc, char **argv)
{
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc < 2)
    {
      fprintf (stderr, "usage: probe COMMAND [ARGS...]\n");
      return 2;
    }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp (commands[i].name, argv[1]) == 0)
      return commands[i].fn (argv + 2);
  fprintf (stderr, "probe: unknown command %s\n", argv[1]);
  return 2;
}
