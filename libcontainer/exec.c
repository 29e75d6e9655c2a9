/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `moat exec`: a new process in a running container.
 *
 *   parent                                   child
 *   ------                                   -----
 *   read state, pidfd of init, the config
 *   compile seccomp, open the cgroup
 *   setns(pidfd, CLONE_NEWPID)   (our children are born in the container)
 *   clone3(CLONE_PIDFD|CLONE_INTO_CGROUP) -> setns(pidfd, every other ns)
 *                                            not dumpable until execve
 *                                            pty -> SYNC_PTY_MASTER
 *                                            resolve, setup, exec finale
 *   <- EOF (execve closed the socket) or SYNC_ERROR
 *   foreground: wait, forwarding signals / proxying the pty
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
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "process.h"
#include "seccomp.h"
#include "state.h"
#include "sync.h"
#include "syscalls.h"
#include "terminal.h"
#include "utils.h"

struct exec_ctx
{
  const struct lc_exec_opts *opts;
  struct spec *spec;             /* the container's config */
  struct lc_state *state;
  struct lc_seccomp *seccomp;
  struct lc_cgroup *cgroup;
  int init_pidfd;
  int console;                   /* connected --console-socket or -1 */
  int sync[2];
  unsigned long ns_flags;        /* every namespace the container has */
};

static void
ctx_free (struct exec_ctx *c)
{
  spec_free (c->spec);
  if (c->state)
    lc_state_free (c->state);
  lc_seccomp_free (c->seccomp);
  if (c->cgroup)
    lc_cgroup_free (c->cgroup);
  for (int i = 0; i < 2; i++)
    if (c->sync[i] >= 0)
      close (c->sync[i]);
  if (c->init_pidfd >= 0)
    close (c->init_pidfd);
  if (c->console >= 0)
    close (c->console);
}

static int
load_container (struct exec_ctx *c, lc_error_t *err)
{
  cleanup_close int dirfd = lc_state_dir_open (c->opts->state_root, c->opts->id, false, err);
  cleanup_free char *buf = NULL;
  size_t len;

  if (dirfd < 0 || lc_state_read (dirfd, &c->state, err) < 0)
    return -1;
  lc_state_refresh (c->state);
  if (c->state->status != LC_STATUS_RUNNING && c->state->status != LC_STATUS_CREATED)
    return lc_error (err, 0, "exec: container `%s` is %s, not running", c->opts->id,
                     lc_status_name (c->state->status));
  c->init_pidfd = sys_pidfd_open (c->state->pid, 0);
  /* The pidfd pins the process; checking it is still ours after opening
     it closes the pid-reuse window.  */
  if (c->init_pidfd < 0 || !lc_state_pid_alive (c->state))
    return lc_error (err, c->init_pidfd < 0 ? errno : ESRCH,
                     "exec: container `%s` init (pid %d)", c->opts->id, (int) c->state->pid);
  if (read_file_at (dirfd, "config.json", &buf, &len, err) < 0
      || spec_parse ("config.json", buf, len, &c->spec, err) < 0)
    return -1;
  return 0;
}

static int
prepare (struct exec_ctx *c, lc_error_t *err)
{
  const struct spec_linux *l;

  if (load_container (c, err) < 0 || spec_validate_process (c->opts->process, "process", err) < 0)
    return -1;
  l = c->spec->linux_config;
  for (size_t i = 0; l && i < l->n_namespaces; i++)
    c->ns_flags |= (unsigned long) l->namespaces[i].type;
  if (l && l->seccomp && lc_seccomp_compile (l->seccomp, "config.json", &c->seccomp, err) < 0)
    return -1;
  if (c->state->cgroup_path && c->state->cgroup_path[0])
    {
      lc_error_t e = NULL;
      /* A container made without a cgroup has none to join.  */
      if (lc_cgroup_open (c->state->cgroup_path, &c->cgroup, &e) < 0)
        {
          if (e && e->status != ENOSYS && e->status != ENOENT)
            {
              *err = e;
              return -1;
            }
          lc_error_free (&e);
        }
    }
  if (c->opts->console_socket)
    {
      c->console = lc_console_socket_connect (c->opts->console_socket, err);
      if (c->console < 0)
        return -1;
    }
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, c->sync) < 0)
    return lc_error (err, errno, "socketpair");
  return 0;
}

/* ---- the child ------------------------------------------------------------- */

static int
child_setup (struct exec_ctx *c, char **exec_path, lc_error_t *err)
{
  struct spec_process *p = c->opts->process;
  unsigned long flags = c->ns_flags & ~(unsigned long) CLONE_NEWPID;

  if (flags && setns (c->init_pidfd, (int) flags) < 0)
    return lc_error (err, errno, "exec: join the namespaces of container `%s`", c->opts->id);
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl(PR_SET_DUMPABLE)");
  if (setsid () < 0)
    return lc_error (err, errno, "setsid");
  if (p->terminal)
    {
      int slave = -1;
      cleanup_close int master = lc_terminal_create (p, &slave, err);
      if (master < 0)
        return -1;
      if (slave >= 0)
        close (slave);
      if (lc_sync_send (c->sync[1], SYNC_PTY_MASTER, 0, master, err) < 0)
        return -1;
    }
  if (c->opts->process_label)
    {
      free (p->selinux_label);
      p->selinux_label = xstrdup (c->opts->process_label);
    }
  if (lc_process_resolve (p, exec_path, err) < 0)
    return -1;
  return lc_process_setup (p, err);
}

static int
child_main (struct exec_ctx *c)
{
  cleanup_free char *exec_path = NULL;
  cleanup_free char *state = NULL;
  lc_error_t err = NULL;
  struct lc_exec_ctx x = { .process = c->opts->process, .seccomp = c->seccomp,
                           .preserve_fds = c->opts->preserve_fds, .notify_socket = -1 };
  size_t len;

  close (c->sync[0]);
  c->sync[0] = -1;
  if (child_setup (c, &exec_path, &err) < 0)
    goto fail;
  x.exec_path = exec_path;
  if (lc_seccomp_wants_listener (c->seccomp))
    {
      x.notify_socket = lc_seccomp_listener_connect (c->seccomp, &err);
      if (x.notify_socket < 0 || lc_state_to_json (c->state, false, &state, &len, &err) < 0)
        goto fail;
      x.state_json = state;
    }
  lc_process_exec (&x, &err);
fail:
  lc_sync_send_error (c->sync[1], err);
  lc_error_free (&err);
  return 1;
}

/* ---- the parent ------------------------------------------------------------ */

static int
spawn (struct exec_ctx *c, pid_t *pid, int *pidfd, lc_error_t *err)
{
  cleanup_close int own_pidns = open ("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
  struct clone_args args = { .flags = CLONE_PIDFD, .pidfd = (uint64_t) (uintptr_t) pidfd,
                             .exit_signal = SIGCHLD };
  int saved;

  if (c->cgroup)
    {
      args.flags |= CLONE_INTO_CGROUP;
      args.cgroup = (uint64_t) c->cgroup->dirfd;
    }
  /* Our children are born in the container's pid namespace.  */
  if ((c->ns_flags & CLONE_NEWPID) && setns (c->init_pidfd, CLONE_NEWPID) < 0)
    return lc_error (err, errno, "exec: join the pid namespace of `%s`", c->opts->id);
  *pid = sys_clone3 (&args);
  if (*pid < 0 && errno == EBUSY && c->cgroup)
    {
      /* CLONE_INTO_CGROUP refused (a threaded or domain-invalid cgroup). */
      args.flags &= ~CLONE_INTO_CGROUP;
      *pid = sys_clone3 (&args);
    }
  saved = errno;
  if (*pid == 0)
    _exit (child_main (c));
  if (own_pidns >= 0)
    setns (own_pidns, CLONE_NEWPID);
  if (*pid < 0)
    return lc_error (err, saved, "exec: clone3");
  close (c->sync[1]);
  c->sync[1] = -1;
  return 0;
}

/* Until execve: maybe a pty master, then EOF (success) or an error.  */
static int
wait_exec (struct exec_ctx *c, int *master, lc_error_t *err)
{
  if (c->opts->process->terminal)
    {
      if (lc_sync_wait (c->sync[0], SYNC_PTY_MASTER, NULL, master, err) < 0)
        return -1;
      if (c->console >= 0)
        {
          if (lc_console_socket_send (c->console, *master, err) < 0)
            return -1;
          close (*master);
          *master = -1;
        }
    }
  return lc_sync_wait_exec (c->sync[0], err);
}

static int
write_pid_file (const char *path, pid_t pid, lc_error_t *err)
{
  cleanup_free char *dir = xstrdup (path);
  cleanup_close int dirfd = -1;
  char *slash = strrchr (dir, '/');
  char buf[32];
  int n = snprintf (buf, sizeof buf, "%d", (int) pid);

  if (slash == NULL)
    return lc_error (err, 0, "--pid-file `%s`: not an absolute path", path);
  *slash = '\0';
  dirfd = open (*dir ? dir : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return lc_error (err, errno, "open `%s`", dir);
  return write_file_atomic_at (dirfd, slash + 1, buf, (size_t) n, 0644, err);
}

static int
exit_code (int status)
{
  return WIFSIGNALED (status) ? 128 + WTERMSIG (status) : WEXITSTATUS (status);
}

/* Foreground: forward signals until the process exits.  */
static int
wait_process (pid_t pid, int pidfd, int sigfd, int *exit_status, lc_error_t *err)
{
  int status;

  for (;;)
    {
      struct pollfd p[2] = { { pidfd, POLLIN, 0 }, { sigfd, POLLIN, 0 } };
      if (poll (p, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          return lc_error (err, errno, "poll");
        }
      if (p[1].revents & POLLIN)
        {
          struct signalfd_siginfo si;
          if (read (sigfd, &si, sizeof si) == sizeof si && si.ssi_signo != SIGCHLD)
            sys_pidfd_send_signal (pidfd, (int) si.ssi_signo, NULL, 0);
        }
      if (p[0].revents & POLLIN)
        break;
    }
  if (TEMP_FAILURE_RETRY_INT (waitpid (pid, &status, 0)) < 0)
    return lc_error (err, errno, "waitpid");
  *exit_status = exit_code (status);
  return 0;
}

static void
forward_set (sigset_t *set)
{
  static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH,
                              SIGCHLD, SIGCONT, SIGALRM, SIGPIPE };
  sigemptyset (set);
  for (size_t i = 0; i < ARRAY_SIZE (sigs); i++)
    sigaddset (set, sigs[i]);
}

static int
exec_and_wait (struct exec_ctx *c, int *exit_status, lc_error_t *err)
{
  cleanup_close int pidfd = -1;
  cleanup_close int master = -1;
  cleanup_close int sigfd = -1;
  pid_t pid = -1;
  sigset_t set, old;
  int ret = -1;

  forward_set (&set);
  sigprocmask (SIG_BLOCK, &set, &old);
  if (spawn (c, &pid, &pidfd, err) < 0)
    goto out;
  if (wait_exec (c, &master, err) < 0)
    {
      cleanup_pidp (&pid);
      goto out;
    }
  if (c->opts->pid_file && write_pid_file (c->opts->pid_file, pid, err) < 0)
    goto out;
  if (c->opts->detach)
    {
      ret = 0;
      goto out;
    }
  if (master >= 0)
    {
      sigprocmask (SIG_SETMASK, &old, NULL);
      if (lc_terminal_proxy (master, pidfd, err) < 0)
        return -1;
      sigprocmask (SIG_BLOCK, &set, NULL);
    }
  sigfd = signalfd (-1, &set, SFD_CLOEXEC);
  if (sigfd < 0)
    {
      lc_error (err, errno, "signalfd");
      goto out;
    }
  ret = wait_process (pid, pidfd, sigfd, exit_status, err);
out:
  sigprocmask (SIG_SETMASK, &old, NULL);
  return ret;
}

int
lc_container_exec (const struct lc_exec_opts *opts, int *exit_status, lc_error_t *err)
{
  struct exec_ctx c = { .opts = opts, .init_pidfd = -1, .console = -1, .sync = { -1, -1 } };
  int ret;

  *exit_status = 0;
  if (opts->process->terminal && opts->detach && opts->console_socket == NULL)
    return lc_error (err, 0, "exec: --tty with --detach needs --console-socket");
  ret = prepare (&c, err);
  if (ret == 0)
    ret = exec_and_wait (&c, exit_status, err);
  ctx_free (&c);
  return ret;
}
