/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `moat exec`: start a process in a running container, in stages, so that
 * the only process of moat the container can ever see is one that already
 * stands in the container's mount namespace and root, holds no host fd but
 * the protocol's, and is non-dumpable from its first instruction
 * (CVE-2016-9962: a container process with CAP_SYS_PTRACE opening
 * /proc/N/root, /proc/N/cwd or /proc/N/fd/M of a runtime process that still
 * stands on the host).
 *
 * moat exec (stage 0, host)       stage 1 (host pid ns)       stage 2 (container)
 * -------------------------       ---------------------       -------------------
 * lock the state dir, read state.json,
 * pidfd_open(init) + start-time check,
 * parse the saved config.json, build and
 * validate the process, compile seccomp,
 * connect the seccomp listener,
 * PR_SET_DUMPABLE 0 (inherited by both stages)
 * clone3(CLONE_PIDFD|CLONE_INTO_CGROUP) -> born in the container's cgroup
 *   (or the --cgroup one below it,         (frozen there while paused:
 *   opened from the container's fd),        --ignore-paused waits for resume),
 *                                          invisible to the container
 *  --- SYNC_CGROUP_JOINED --------------> (only when the cgroup was
 *                                          entered after the clone)
 *                                          oom_score_adj, close every fd
 *                                          but stdio, the preserved ones,
 *                                          the sync socket, the listener,
 *                                          init's pidfd and root;
 *                                          setns(pidfd, every differing
 *                                          ns, pid for the children), chroot
 *                                          to init's root, close those two
 *                                          clone3(CLONE_PARENT) ---------> born in the pid ns,
 *  <-- SYNC_INIT_PID (stage 2's pid) ---   exit                           our child
 * pidfd_open(stage 2)                                                     setsid
 *                  <-- SYNC_PTY_MASTER ----------------------------------  (process.terminal)
 *                                                                         resolve, setup,
 *                                                                         the security finale
 *                  <-- EOF (execve) / SYNC_ERROR ------------------------
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
#include "audit-trail.h"
#include "policy.h"
#include "clone.h"
#include "container.h"
#include "log.h"
#include "path.h"
#include "process.h"
#include "procfs.h"
#include "seccomp.h"
#include "selinux.h"
#include "mcs.h"
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
  char *label;                    /* proc's label completed with the MCS level */
  int statefd;                    /* locked (shared) until the process has exec'ed */
  int pidfd;                      /* of init */
  int rootfd;                     /* init's root, for the chroot after setns */
  int console, notify, sync;
  unsigned long ns_flags;         /* namespaces the child joins */
  bool join_pidns;
  bool cgroup_late;               /* CLONE_INTO_CGROUP refused: enter after */
  pid_t child;                    /* stage 1, then stage 2 */
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
  free (c->label);
}

/* ---- the container: state, init's pidfd, the saved config --------------- */

static int
open_init (struct exec_ctx *c, lc_error_t *err)
{
  struct lc_state *s = c->state;
  uint64_t start;
  char path[64];

  lc_state_refresh (s);
  /* runc's words: callers match them.  */
  if (s->status == LC_STATUS_PAUSED && !c->opts->ignore_paused)
    return lc_error (err, 0, "cannot exec in a paused container (use --ignore-paused to "
                     "override)");
  if (s->status != LC_STATUS_RUNNING && s->status != LC_STATUS_CREATED
      && s->status != LC_STATUS_PAUSED)
    return lc_error (err, 0, "container `%s`: cannot exec in a %s container", s->id,
                     lc_status_name (s->status));
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

  if (lc_path_check_openat2 (err) < 0)
    return -1;
  c->statefd = lc_state_dir_open (o->state_root, o->id, false, err);
  if (c->statefd < 0 || lc_state_lock_shared (c->statefd, err) < 0
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
  /* No label: the one moat made for the container (mcs.h); one without a
     level joins the container's.  */
  if (c->proc.selinux_label == NULL)
    c->proc.selinux_label = c->state->process_label;
  c->proc.selinux_label
    = (char *) lc_mcs_complete (c->proc.selinux_label, c->state->mcs_level, &c->label);
  if (c->proc.cwd == NULL)
    c->proc.cwd = (char *) "/";
  /* exec mounts nothing (no libmount); libselinux only to apply a label,
     here on the host before any clone (dl.h).  */
  if (c->proc.selinux_label && c->proc.selinux_label[0] && lc_selinux_load (err) < 0)
    return -1;
  lc_trail_note_spec (c->spec, &c->proc);
  if (spec_validate_process (&c->proc, "process.json", err) < 0
      || lc_policy_enforce (c->spec, &c->proc, err) < 0)
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

/* --cgroup: the sub-cgroup, opened from the container's cgroup fd so it
   is always below it, replaces it as the one stage 1 is born in.  */
static int
open_sub_cgroup (struct exec_ctx *c, lc_error_t *err)
{
  struct lc_cgroup *sub = NULL;

  if (c->cgroup == NULL)
    return lc_error (err, ENOENT, "--cgroup `%s`: container `%s` has no cgroup",
                     c->opts->sub_cgroup, c->opts->id);
  if (lc_cgroup_open_sub (c->cgroup, c->opts->sub_cgroup, &sub, err) < 0)
    return lc_error_wrap (err, "--cgroup");
  lc_cgroup_free (c->cgroup);
  c->cgroup = sub;
  return 0;
}

/* The container's cgroup, for CLONE_INTO_CGROUP.  Without --cgroup, one
   that cannot be opened is left out, as before.  */
static int
open_cgroup (struct exec_ctx *c, lc_error_t *err)
{
  const char *path = c->state->cgroup_path;
  lc_error_t e = NULL;

  if (path && path[0] && lc_cgroup_open (path, c->state->systemd_cgroup, &c->cgroup, &e) < 0)
    {
      if (c->opts->sub_cgroup)
        {
          *err = e;
          return -1;
        }
      lc_debug ("cgroup `%s`: %s, exec'ing outside it", path, e->msg);
      lc_error_free (&e);
      c->cgroup = NULL;
    }
  return c->opts->sub_cgroup ? open_sub_cgroup (c, err) : 0;
}

/* ---- stage 1: on the host side, invisible to the container -------------- */

/* Everything but what stage 2 needs, and the two fds stage 1 still uses
   to enter: init's pidfd and root.  */
static int
stage1_close_fds (struct exec_ctx *c, lc_error_t *err)
{
  int keep[] = { c->sync, c->notify, c->pidfd, c->rootfd };

  lc_procfs_reset ();
  return close_fds_except (3 + c->opts->preserve_fds, keep, ARRAY_SIZE (keep), err);
}

static int
stage1_join (struct exec_ctx *c, lc_error_t *err)
{
  const struct spec_process *p = &c->proc;
  unsigned long flags = c->ns_flags | (c->join_pidns ? (unsigned long) CLONE_NEWPID : 0);

  if (c->cgroup_late && lc_sync_wait (c->sync, SYNC_CGROUP_JOINED, NULL, NULL, err) < 0)
    return -1;
  if (p->oom_score_adj.set)
    {
      char val[32];
      snprintf (val, sizeof val, "%lld", (long long) p->oom_score_adj.v);
      if (lc_procfs_write ("self/oom_score_adj", val, strlen (val), err) < 0)
        return lc_error_wrap (err, "process.oomScoreAdj");
    }
  if (stage1_close_fds (c, err) < 0)
    return -1;
  /* One call: the user namespace first, the rest with its rights; the
     pid namespace is our children's.  */
  if (flags && setns (c->pidfd, (int) flags) < 0)
    return lc_error (err, errno, "join the namespaces of container `%s`", c->opts->id);
  /* setns(CLONE_NEWNS) put us at the mount namespace's root; init's root
     is the same after pivot_root, and the one to take after --no-pivot.  */
  if (fchdir (c->rootfd) < 0 || chroot (".") < 0 || chdir ("/") < 0)
    return lc_error (err, errno, "enter the root of container `%s`", c->opts->id);
  close (c->rootfd);
  close (c->pidfd);
  c->rootfd = c->pidfd = -1;
  return 0;
}

static _Noreturn void stage2_main (struct exec_ctx *c);

/* Stage 2 is born in the container's pid namespace as moat exec's own
   child (CLONE_PARENT), so exec waits for it as before.  */
static pid_t
stage1_clone (struct exec_ctx *c, lc_error_t *err)
{
  struct clone_args ca = { .flags = CLONE_PARENT }; /* exit_signal: ours (SIGCHLD) */
  pid_t pid = lc_clone (&ca);

  if (pid == 0)
    stage2_main (c);
  if (pid < 0)
    return lc_error (err, errno, "clone3 into the container");
  return pid;
}

static _Noreturn void
stage1_main (struct exec_ctx *c, int sock)
{
  lc_error_t err = NULL;
  sigset_t none;
  pid_t pid;

  close (c->sync);
  c->sync = sock;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (stage1_join (c, &err) == 0 && (pid = stage1_clone (c, &err)) > 0
      && lc_sync_send (sock, SYNC_INIT_PID, pid, -1, &err) == 0)
    _exit (0);
  lc_sync_send_error (sock, err);
  _exit (1);
}

/* ---- stage 2: in the container -------------------------------------------- */

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
stage2_main (struct exec_ctx *c)
{
  cleanup_free char *exec_path = NULL;
  lc_error_t err = NULL;
  struct lc_exec_ctx x = { .process = &c->proc, .seccomp = c->seccomp,
                           .preserve_fds = c->opts->preserve_fds,
                           .notify_socket = c->notify, .state_json = c->state_json };

  /* personality is per process, not inherited from init: set it again.  */
  if (c->spec->linux_config)
    x.personality = c->spec->linux_config->personality;
  if (setsid () < 0)
    lc_error (&err, errno, "setsid");
  else if (child_terminal (c, &err) == 0
           && lc_process_resolve (&c->proc, &exec_path, &err) == 0
           && lc_process_setup (&c->proc, &x.env, &err) == 0)
    {
      x.exec_path = exec_path;
      if (lc_process_finalize (&x, &err) == 0)
        lc_process_exec (&x, &err);
    }
  lc_sync_send_error (c->sync, err);
  _exit (1);
}

/* ---- the parent ----------------------------------------------------------- */

static pid_t
clone_stage1 (struct exec_ctx *c, lc_error_t *err)
{
  struct clone_args ca = { .exit_signal = SIGCHLD };
  pid_t pid;

  if (c->cgroup && c->cgroup->dirfd >= 0)
    {
      ca.flags |= CLONE_INTO_CGROUP;
      ca.cgroup = (uint64_t) c->cgroup->dirfd;
    }
  pid = lc_clone (&ca);
  if (pid < 0 && (ca.flags & CLONE_INTO_CGROUP))
    {
      /* Refused (e.g. a threaded cgroup): stage 1 waits for
         SYNC_CGROUP_JOINED before it forks anything.  */
      c->cgroup_late = true;
      ca.flags &= ~(uint64_t) CLONE_INTO_CGROUP;
      pid = lc_clone (&ca);
    }
  if (pid < 0)
    return lc_error (err, errno, "clone3");
  return pid;
}

/* Rootless, as runc: a user may not move a process out of a cgroup that
   is not its own (its login's), not even into its container's; the
   process then runs where the caller does.  */
static int
join_cgroup_late (struct exec_ctx *c, pid_t pid, lc_error_t *err)
{
  lc_error_t e = NULL;

  if (lc_cgroup_enter (c->cgroup, pid, &e) == 0)
    return 0;
  if (!lc_rootless () || (e->status != EACCES && e->status != EPERM))
    {
      *err = e;
      return -1;
    }
  lc_debug ("rootless: %s: the process stays in the caller's cgroup", e->msg);
  lc_error_free (&e);
  return 0;
}

static int
spawn (struct exec_ctx *c, lc_error_t *err)
{
  int pair[2];
  pid_t pid;

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
    return lc_error (err, errno, "socketpair");
  c->sync = pair[0];
  pid = clone_stage1 (c, err);
  if (pid == 0)
    stage1_main (c, pair[1]);
  close (pair[1]);
  if (pid < 0)
    return -1;
  c->child = pid;
  if (c->cgroup_late
      && (join_cgroup_late (c, pid, err) < 0
          || lc_sync_send (c->sync, SYNC_CGROUP_JOINED, 0, -1, err) < 0))
    return -1;
  return 0;
}

/* sync: INIT_PID.  Stage 1 exits; stage 2 is our child.  */
static int
wait_stage2 (struct exec_ctx *c, lc_error_t *err)
{
  int64_t pid;

  if (lc_sync_wait (c->sync, SYNC_INIT_PID, &pid, NULL, err) < 0)
    return -1;
  TEMP_FAILURE_RETRY_INT (waitpid (c->child, NULL, 0));
  c->child = (pid_t) pid;
  lc_trail_note_pid (c->child);
  /* Our unreaped child: its pid cannot be reused under us.  */
  c->child_pidfd = sys_pidfd_open (c->child, 0);
  if (c->child_pidfd < 0)
    return lc_error (err, errno, "pidfd_open of the exec'd process (%d)", (int) c->child);
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
    lc_terminal_copy_winsize (lc_terminal_current (), c->master);
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
  if (c->statefd >= 0)
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
      int tty = lc_terminal_current ();
      bool raw = lc_terminal_raw (tty, &saved) == 0;
      int ret;

      if (!c->proc.has_console_size)
        lc_terminal_copy_winsize (tty, c->master);
      ret = wait_process (c, sigfd, exit_status, err);
      if (raw)
        lc_terminal_restore (tty, &saved);
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

  if (check_preserved_fds (opts->preserve_fds, err) < 0 || load_container (&c, err) < 0
      || build_process (&c, err) < 0
      || prepare_security (&c, err) < 0 || find_namespaces (&c, err) < 0
      || open_cgroup (&c, err) < 0)
    goto out;
  /* Paused (--ignore-paused): stage 1 is born frozen and the exec goes on
     only at resume, which takes the state lock; let go of it now, as
     kill and delete may too (they would kill stage 1 with the rest of the
     cgroup).  What was checked under it is held by fd: init's pidfd and
     root, the cgroup.  */
  if (c.state->status == LC_STATUS_PAUSED)
    {
      close (c.statefd);
      c.statefd = -1;
    }
  /* Not dumpable from the first instruction of each stage on: the
     container must not reach our host fds or exe through /proc/PID
     (CVE-2019-5736).  execve of the process makes it dumpable again.  */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    {
      lc_error (err, errno, "prctl(PR_SET_DUMPABLE)");
      goto out;
    }
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
  if (spawn (&c, err) < 0)
    goto out_mask;
  lc_fault ("exec:stage1");
  if (wait_stage2 (&c, err) < 0)
    goto out_mask;
  lc_fault ("exec:stage2");
  if (wait_exec (&c, err) < 0)
    goto out_mask;
  lc_fault ("exec:started");
  ret = finish (&c, sigfd, exit_status, err);
out_mask:
  if (sigfd >= 0)
    close (sigfd);
  sigprocmask (SIG_SETMASK, &old, NULL);
out:
  ctx_free (&c);
  return ret;
}
