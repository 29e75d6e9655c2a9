/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `moat exec`: start a process in a running container.
 *
 * moat exec (parent)                          the new process (child)
 * ------------------                          -----------------------
 * lock the state dir, read state.json,
 * pidfd_open(init) + start-time check,
 * parse the saved config.json, build and
 * validate the process, compile seccomp,
 * connect the seccomp listener
 * setns(pidfd, CLONE_NEWPID) (for children)
 * clone3(CLONE_PIDFD|CLONE_INTO_CGROUP) ----> born in the container's pid ns and cgroup
 *                                             not dumpable, oom_score_adj,
 *                                             setns(pidfd, every other differing ns)
 *                                             in one call, chroot to init's root
 *                  <-- SYNC_PTY_MASTER -----  (process.terminal)
 *                                             resolve, setup, the security finale
 *                  <-- EOF (execve) / SYNC_ERROR
 * -d: --pid-file, return; else wait, forwarding signals (and proxying the pty),
 * and return the exit status (128+N for a signal).
 */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "dl.h"
#include "log.h"
#include "process.h"
#include "procfs.h"
#include "seccomp.h"
#include "state.h"
#include "sync.h"
#include "syscalls.h"
#include "terminal.h"
#include "utils.h"

struct exec_ctx
{
  const struct lc_exec_opts *opts;
  struct lc_state *state;
  struct spec *spec;              /* the container's saved config.json */
  struct spec_process proc;       /* shallow copy: opts->process + defaults */
  struct lc_seccomp *seccomp;
  struct lc_cgroup *cgroup;
  char *state_json;
  int statefd;                    /* locked until the process has exec'ed */
  int pidfd;                      /* of init */
  int rootfd;                     /* init's root, for the chroot after setns */
  int console, notify, sync;
  unsigned long ns_flags;         /* namespaces the child joins */
  bool join_pidns;
  pid_t child;
  int child_pidfd;
  int master;
};

static void
ctx_free (struct exec_ctx *c)
{
  int fds[] = { c->statefd, c->pidfd, c->rootfd, c->console, c->notify, c->sync,
                c->child_pidfd, c->master };

  for (size_t i = 0; i < ARRAY_SIZE (fds); i++)
    if (fds[i] >= 0)
      close (fds[i]);
  if (c->child > 0)
    {
      kill (c->child, SIGKILL);
      TEMP_FAILURE_RETRY_INT (waitpid (c->child, NULL, 0));
    }
  if (c->seccomp)
    lc_seccomp_free (c->seccomp);
  if (c->cgroup)
    lc_cgroup_free (c->cgroup);
  if (c->state)
    lc_state_free (c->state);
  spec_free (c->spec);
  free (c->state_json);
}

/* ---- the container: state, init's pidfd, the saved config --------------- */

static int
open_init (struct exec_ctx *c, lc_error_t *err)
{
  struct lc_state *s = c->state;
  uint64_t start;
  char path[64];

  lc_state_refresh (s);
  if (s->status != LC_STATUS_RUNNING && s->status != LC_STATUS_CREATED)
    return lc_error (err, 0, "cannot exec in a %s container `%s`", lc_status_name (s->status),
                     s->id);
  c->pidfd = sys_pidfd_open (s->pid, 0);
  if (c->pidfd < 0)
    return lc_error (err, errno, "container `%s`: pidfd_open of init (%d)", s->id, (int) s->pid);
  snprintf (path, sizeof path, "/proc/%d/root", (int) s->pid);
  c->rootfd = open (path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (c->rootfd < 0)
    return lc_error (err, errno, "open `%s`", path);
  /* Both fds are on the recorded init only if it still has its start
     time now that they are open (pid reuse).  */
  if (proc_start_time (s->pid, &start) < 0 || start != s->pid_start_time)
    return lc_error (err, ESRCH, "container `%s`: init (%d) is gone", s->id, (int) s->pid);
  return 0;
}

static int
load_container (struct exec_ctx *c, lc_error_t *err)
{
  const struct lc_exec_opts *o = c->opts;
  cleanup_free char *buf = NULL;
  size_t len;

  if (lc_libs_load (err) < 0)
    return -1;
  c->statefd = lc_state_dir_open (o->state_root, o->id, false, err);
  if (c->statefd < 0 || lc_state_lock (c->statefd, err) < 0
      || lc_state_read (c->statefd, &c->state, err) < 0 || open_init (c, err) < 0)
    return -1;
  if (read_file_at (c->statefd, "config.json", &buf, &len, err) < 0
      || spec_parse ("config.json", buf, len, &c->spec, err) < 0)
    return lc_error_wrap (err, "container `%s`", o->id);
  return lc_state_to_json (c->state, false, &c->state_json, NULL, err);
}

/* runc's defaults for what the exec'd process does not say: the
   container's capabilities, labels and no_new_privs.  */
static int
build_process (struct exec_ctx *c, lc_error_t *err)
{
  const struct spec_process *def = c->spec->process;

  c->proc = *c->opts->process;
  c->proc.positions = NULL;
  if (def)
    {
      if (c->proc.capabilities == NULL)
        c->proc.capabilities = def->capabilities;
      if (c->proc.apparmor_profile == NULL)
        c->proc.apparmor_profile = def->apparmor_profile;
      if (c->proc.selinux_label == NULL)
        c->proc.selinux_label = def->selinux_label;
      c->proc.no_new_privileges |= def->no_new_privileges;
    }
  if (c->opts->process_label)
    c->proc.selinux_label = (char *) c->opts->process_label;
  if (c->proc.cwd == NULL)
    c->proc.cwd = (char *) "/";
  if (spec_validate_process (&c->proc, "process.json", err) < 0)
    return -1;
  if (c->proc.terminal && c->opts->detach && c->opts->console_socket == NULL)
    return lc_error (err, 0, "exec: a detached process with a terminal needs --console-socket");
  if (!c->proc.terminal && c->opts->console_socket)
    return lc_error (err, 0, "exec: --console-socket needs a terminal (-t)");
  return 0;
}

/* Seccomp compiled once, here; the listener connected before any side
   effect so a missing one fails the exec.  */
static int
prepare_security (struct exec_ctx *c, lc_error_t *err)
{
  const struct spec_linux *l = c->spec->linux_config;

  if (l && l->seccomp)
    {
      if (lc_seccomp_compile (l->seccomp, "config.json", &c->seccomp, err) < 0)
        return -1;
      c->notify = lc_seccomp_listener_connect (c->seccomp, err);
      if (c->notify < 0 && *err)
        return -1;
    }
  if (c->opts->console_socket)
    {
      c->console = lc_console_socket_connect (c->opts->console_socket, err);
      if (c->console < 0)
        return -1;
    }
  return 0;
}

/* Every namespace of init that differs from ours.  */
static int
find_namespaces (struct exec_ctx *c, lc_error_t *err)
{
  for (size_t i = 0; i < spec_ns_table_len; i++)
    {
      const struct spec_ns_info *ns = &spec_ns_table[i];
      char path[64];
      struct stat ours, theirs;

      snprintf (path, sizeof path, "/proc/%d/ns/%s", (int) c->state->pid, ns->proc_ns);
      if (stat (path, &theirs) < 0)
        {
          if (errno == ENOENT)
            continue; /* the kernel lacks this namespace type */
          return lc_error (err, errno, "stat `%s`", path);
        }
      snprintf (path, sizeof path, "/proc/self/ns/%s", ns->proc_ns);
      if (stat (path, &ours) < 0)
        return lc_error (err, errno, "stat `%s`", path);
      if (ours.st_ino == theirs.st_ino && ours.st_dev == theirs.st_dev)
        continue;
      if (ns->flag == CLONE_NEWPID)
        c->join_pidns = true;
      else
        c->ns_flags |= (unsigned long) ns->flag;
    }
  return 0;
}

/* The container's cgroup, for CLONE_INTO_CGROUP.  */
static void
open_cgroup (struct exec_ctx *c)
{
  lc_error_t e = NULL;

  if (c->state->cgroup_path == NULL || c->state->cgroup_path[0] == '\0')
    return;
  if (lc_cgroup_open (c->state->cgroup_path, &c->cgroup, &e) < 0)
    {
      lc_debug ("cgroup `%s`: %s, exec'ing outside it", c->state->cgroup_path, e->msg);
      lc_error_free (&e);
      c->cgroup = NULL;
    }
}

/* ---- the child ------------------------------------------------------------ */

static int
child_join (struct exec_ctx *c, lc_error_t *err)
{
  const struct spec_process *p = &c->proc;

  /* Not dumpable until execve: the container must not reach our host fds
     through /proc/PID (CVE-2019-5736).  */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl(PR_SET_DUMPABLE)");
  if (p->oom_score_adj.set)
    {
      char val[32];
      snprintf (val, sizeof val, "%lld", (long long) p->oom_score_adj.v);
      if (lc_procfs_write ("self/oom_score_adj", val, strlen (val), err) < 0)
        return lc_error_wrap (err, "process.oomScoreAdj");
    }
  if (c->ns_flags && setns (c->pidfd, (int) c->ns_flags) < 0)
    return lc_error (err, errno, "join the namespaces of container `%s`", c->opts->id);
  /* setns(CLONE_NEWNS) put us at the mount namespace's root; init's root
     is the same after pivot_root, and the one to take after --no-pivot.  */
  if (fchdir (c->rootfd) < 0 || chroot (".") < 0 || chdir ("/") < 0)
    return lc_error (err, errno, "enter the root of container `%s`", c->opts->id);
  close (c->rootfd);
  close (c->pidfd);
  c->rootfd = c->pidfd = -1;
  if (setsid () < 0)
    return lc_error (err, errno, "setsid");
  return 0;
}

static int
child_terminal (struct exec_ctx *c, lc_error_t *err)
{
  cleanup_close int master = -1;
  cleanup_close int slave = -1;

  if (!c->proc.terminal)
    return 0;
  master = lc_terminal_create (&c->proc, &slave, err);
  if (master < 0)
    return -1;
  return lc_sync_send (c->sync, SYNC_PTY_MASTER, 0, master, err);
}

static _Noreturn void
child_main (struct exec_ctx *c, int sock)
{
  cleanup_free char *exec_path = NULL;
  lc_error_t err = NULL;
  sigset_t none;
  struct lc_exec_ctx x = { .process = &c->proc, .seccomp = c->seccomp,
                           .preserve_fds = c->opts->preserve_fds,
                           .notify_socket = c->notify, .state_json = c->state_json };

  /* personality is per process, not inherited from init: set it again.  */
  if (c->spec->linux_config)
    x.personality = c->spec->linux_config->personality;

  close (c->sync);
  close (c->statefd);
  c->sync = sock;
  if (c->console >= 0)
    close (c->console);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (child_join (c, &err) == 0 && child_terminal (c, &err) == 0
      && lc_process_resolve (&c->proc, &exec_path, &err) == 0
      && lc_process_setup (&c->proc, &err) == 0)
    {
      x.exec_path = exec_path;
      lc_process_exec (&x, &err);
    }
  lc_sync_send_error (sock, err);
  _exit (1);
}

/* ---- the parent ----------------------------------------------------------- */

static int
spawn (struct exec_ctx *c, lc_error_t *err)
{
  struct clone_args ca = { .flags = CLONE_PIDFD, .exit_signal = SIGCHLD,
                           .pidfd = (uint64_t) (uintptr_t) &c->child_pidfd };
  int pair[2];
  pid_t pid;

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
    return lc_error (err, errno, "socketpair");
  c->sync = pair[0];
  /* Our children are born in the container's pid namespace.  */
  if (c->join_pidns && setns (c->pidfd, CLONE_NEWPID) < 0)
    {
      close (pair[1]);
      return lc_error (err, errno, "join the pid namespace of container `%s`", c->opts->id);
    }
  if (c->cgroup && c->cgroup->dirfd >= 0)
    {
      ca.flags |= CLONE_INTO_CGROUP;
      ca.cgroup = (uint64_t) c->cgroup->dirfd;
    }
  pid = sys_clone3 (&ca);
  if (pid < 0 && (ca.flags & CLONE_INTO_CGROUP))
    {
      ca.flags &= ~CLONE_INTO_CGROUP;
      pid = sys_clone3 (&ca);
      if (pid > 0 && lc_cgroup_enter (c->cgroup, pid, err) < 0)
        {
          /* The child waits on nothing from us: kill it before it runs
             outside the container's limits.  */
          kill (pid, SIGKILL);
          TEMP_FAILURE_RETRY_INT (waitpid (pid, NULL, 0));
          close (c->child_pidfd);
          c->child_pidfd = -1;
          close (pair[1]);
          return -1;
        }
    }
  if (pid == 0)
    child_main (c, pair[1]);
  close (pair[1]);
  if (pid < 0)
    return lc_error (err, errno, "clone3");
  c->child = pid;
  return 0;
}

/* sync: PTY_MASTER (with a terminal), then EOF at execve or SYNC_ERROR.  */
static int
wait_exec (struct exec_ctx *c, lc_error_t *err)
{
  int master = -1;

  if (c->proc.terminal)
    {
      if (lc_sync_wait (c->sync, SYNC_PTY_MASTER, NULL, &master, err) < 0)
        return -1;
      if (c->console >= 0)
        {
          int ret = lc_console_socket_send (c->console, master, err);
          close (master);
          if (ret < 0)
            return -1;
        }
      else
        c->master = master;
    }
  return lc_sync_wait_exec (c->sync, err);
}

static int
exit_code (int status)
{
  return WIFSIGNALED (status) ? 128 + WTERMSIG (status) : WEXITSTATUS (status);
}

static void
on_signal (struct exec_ctx *c, int sigfd)
{
  struct signalfd_siginfo si;

  if (read (sigfd, &si, sizeof si) != sizeof si || si.ssi_signo == SIGCHLD)
    return;
  if (si.ssi_signo == SIGWINCH && c->master >= 0)
    lc_terminal_copy_winsize (0, c->master);
  else
    sys_pidfd_send_signal (c->child_pidfd, (int) si.ssi_signo, NULL, 0);
}

/* Foreground: forward every asynchronous signal to the process and, with
   a pty, copy between our stdio and the master, until it exits and the
   master is drained.  */
static int
wait_process (struct exec_ctx *c, int sigfd, int *exit_status, lc_error_t *err)
{
  bool exited = false, in_open = c->master >= 0;
  int status;

  while (!exited || c->master >= 0)
    {
      struct pollfd p[4] = { { .fd = exited ? -1 : c->child_pidfd, .events = POLLIN },
                             { .fd = sigfd, .events = POLLIN },
                             { .fd = c->master, .events = POLLIN },
                             { .fd = in_open && !exited ? 0 : -1, .events = POLLIN } };
      int n = poll (p, 4, exited ? 0 : -1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return lc_error (err, errno, "poll");
      if (n == 0)
        break; /* exited, master drained */
      if (p[0].revents & POLLIN)
        exited = true;
      if (p[1].revents & POLLIN)
        on_signal (c, sigfd);
      if ((p[2].revents & (POLLIN | POLLHUP | POLLERR)) && lc_terminal_copy (c->master, 1) <= 0)
        {
          close (c->master);
          c->master = -1;
        }
      if ((p[3].revents & (POLLIN | POLLHUP | POLLERR)) && lc_terminal_copy (0, c->master) <= 0)
        in_open = false;
    }
  if (TEMP_FAILURE_RETRY_INT (waitpid (c->child, &status, 0)) < 0)
    return lc_error (err, errno, "waitpid");
  c->child = -1;
  *exit_status = exit_code (status);
  return 0;
}

static int
write_pid_file (const char *path, pid_t pid, lc_error_t *err)
{
  char buf[32];
  int n = snprintf (buf, sizeof buf, "%d", (int) pid);
  return write_file_atomic_at (AT_FDCWD, path, buf, (size_t) n, 0644, err);
}

static int
finish (struct exec_ctx *c, int sigfd, int *exit_status, lc_error_t *err)
{
  /* Running: let kill/delete/state in.  */
  close (c->statefd);
  c->statefd = -1;
  if (c->opts->pid_file && write_pid_file (c->opts->pid_file, c->child, err) < 0)
    return -1;
  if (c->opts->detach)
    {
      c->child = -1; /* not ours to kill any more */
      *exit_status = 0;
      return 0;
    }
  if (c->master >= 0)
    {
      struct termios saved;
      bool raw = lc_terminal_raw (0, &saved) == 0;
      int ret;

      if (!c->proc.has_console_size)
        lc_terminal_copy_winsize (0, c->master);
      ret = wait_process (c, sigfd, exit_status, err);
      if (raw)
        lc_terminal_restore (0, &saved);
      return ret;
    }
  return wait_process (c, sigfd, exit_status, err);
}

int
lc_container_exec (const struct lc_exec_opts *opts, int *exit_status, lc_error_t *err)
{
  struct exec_ctx c = { .opts = opts, .statefd = -1, .pidfd = -1, .rootfd = -1,
                        .console = -1, .notify = -1, .sync = -1, .child = -1,
                        .child_pidfd = -1, .master = -1 };
  sigset_t all, old;
  int sigfd = -1, ret = -1;
  lc_error_t e = NULL;

  if (load_container (&c, err) < 0 || build_process (&c, err) < 0
      || prepare_security (&c, err) < 0 || find_namespaces (&c, err) < 0)
    goto out;
  open_cgroup (&c);
  /* Open the verified procfs now, on the host, for the child's writes.  */
  if (lc_procfs_root (&e) < 0)
    lc_error_free (&e);
  /* Blocked before the clone so no signal is lost; the child unblocks.  */
  sigfillset (&all);
  sigprocmask (SIG_BLOCK, &all, &old);
  if (!opts->detach)
    {
      sigfd = signalfd (-1, &all, SFD_CLOEXEC);
      if (sigfd < 0)
        {
          lc_error (err, errno, "signalfd");
          goto out_mask;
        }
    }
  if (spawn (&c, err) < 0 || wait_exec (&c, err) < 0)
    goto out_mask;
  ret = finish (&c, sigfd, exit_status, err);
out_mask:
  if (sigfd >= 0)
    close (sigfd);
  sigprocmask (SIG_SETMASK, &old, NULL);
out:
  ctx_free (&c);
  return ret;
}
