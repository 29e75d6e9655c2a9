/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* create / start / run / kill / delete: the parent side.  The child side is
   init.c; the steps they exchange are named in sync.h and drawn in
   docs/architecture.md.  Validation happens before the first side effect;
   a failure after it undoes everything (process, cgroup, state dir).  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "clone.h"
#include "container.h"
#include "dl.h"
#include "hooks.h"
#include "init.h"
#include "log.h"
#include "mcs.h"
#include "notify.h"
#include "audit-trail.h"
#include "policy.h"
#include "rootless.h"
#include "namespaces.h"
#include "path.h"
#include "procfs.h"
#include "relabel.h"
#include "rootfs.h"
#include "seccomp.h"
#include "sync.h"
#include "syscalls.h"
#include "terminal.h"
#include "utils.h"

struct create_ctx
{
  const struct lc_create_opts *opts;
  bool run;                 /* run: SYNC_START on the sync socket, no exec.sock */
  struct spec *spec;
  char *rootfs;
  char *created;
  struct lc_seccomp *seccomp;
  struct lc_cgroup *cgroup;
  int *join_fds;
  int statefd;              /* locked */
  bool state_made;          /* the state dir is ours to remove on failure */
  int console;              /* --console-socket connection */
  int notify;               /* seccomp listener connection */
  int sync;                 /* parent end */
  int exec_listen;
  pid_t child;              /* clone3 child: init, or the intermediate */
  pid_t init;
  int pidfd;                /* of init */
  int master;               /* pty master kept for a foreground run */
  uint64_t start_time;
  char *mcs_level;          /* picked for this container (mcs.h), or NULL */
};

static void
ctx_init (struct create_ctx *c, const struct lc_create_opts *opts, bool run)
{
  memset (c, 0, sizeof *c);
  c->opts = opts;
  c->run = run;
  c->statefd = c->console = c->notify = c->sync = c->exec_listen = -1;
  c->pidfd = c->master = -1;
  c->child = c->init = -1;
}

/* Undo a failed create: the process first (so nothing is in the cgroup),
   then the cgroup, then the state dir.  Mounts go with the mount ns.  */
static void
ctx_abort (struct create_ctx *c)
{
  lc_error_t e = NULL;

  if (c->init > 0)
    {
      if (c->pidfd >= 0)
        sys_pidfd_send_signal (c->pidfd, SIGKILL, NULL, 0);
      else
        kill (c->init, SIGKILL);
    }
  if (c->child > 0)
    {
      kill (c->child, SIGKILL);
      TEMP_FAILURE_RETRY_INT (waitpid (c->child, NULL, 0));
    }
  if (c->init > 0 && c->init != c->child)
    {
      /* Not our child unless we are its subreaper: wait on the pidfd.  */
      struct pollfd p = { .fd = c->pidfd, .events = POLLIN };
      if (c->pidfd >= 0)
        TEMP_FAILURE_RETRY_INT (poll (&p, 1, -1));
      waitpid (c->init, NULL, WNOHANG);
    }
  c->child = c->init = -1;
  if (c->cgroup && lc_cgroup_destroy (c->cgroup, &e) < 0)
    {
      lc_warn ("remove cgroup: %s, ignoring", e->msg);
      lc_error_free (&e);
    }
  if (c->state_made && lc_state_dir_remove (c->opts->state_root, c->opts->id, &e) < 0)
    {
      lc_warn ("%s, ignoring", e->msg);
      lc_error_free (&e);
    }
}

static void
ctx_free (struct create_ctx *c)
{
  int fds[] = { c->statefd, c->console, c->notify, c->sync, c->exec_listen, c->pidfd,
                c->master };

  for (size_t i = 0; i < ARRAY_SIZE (fds); i++)
    if (fds[i] >= 0)
      close (fds[i]);
  if (c->join_fds)
    lc_ns_close_joins (c->spec, c->join_fds);
  if (c->cgroup)
    lc_cgroup_free (c->cgroup);
  if (c->seccomp)
    lc_seccomp_free (c->seccomp);
  spec_free (c->spec);
  free (c->rootfs);
  free (c->created);
  free (c->mcs_level);
}

/* RFC 3339 with nanoseconds (trailing zeros trimmed, as Go prints).  */
static char *
now_rfc3339 (void)
{
  struct timespec ts;
  struct tm tm;
  char buf[64], frac[16];
  size_t n;

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  strftime (buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf (frac, sizeof frac, ".%09ld", ts.tv_nsec);
  n = strlen (frac);
  while (n > 1 && frac[n - 1] == '0')
    frac[--n] = '\0';
  if (n == 1)
    frac[0] = '\0';
  strcat (buf, frac);
  strcat (buf, "Z");
  return xstrdup (buf);
}

/* The state as the library sees it now; borrows from the context.  */
static void
ctx_state (const struct create_ctx *c, enum lc_status status, struct lc_state *s)
{
  memset (s, 0, sizeof *s);
  s->oci_version = c->spec->oci_version;
  s->id = (char *) c->opts->id;
  s->pid = c->init;
  s->pid_start_time = c->start_time;
  s->status = status;
  s->bundle = (char *) c->opts->bundle;
  s->rootfs = c->rootfs;
  s->created = c->created;
  s->owner = (char *) "";
  s->annotations = c->spec->annotations;
  s->n_annotations = c->spec->n_annotations;
  s->cgroup_path = c->cgroup ? c->cgroup->path : NULL;
  s->systemd_cgroup = c->opts->systemd_cgroup;
  s->terminal = c->spec->process && c->spec->process->terminal;
  s->mcs_level = c->mcs_level;
  s->process_label = c->mcs_level ? c->spec->process->selinux_label : NULL;
  for (int k = 0; k < SPEC_HOOK_KIND_MAX; k++)
    if (c->spec->hooks[k].n > 0)
      s->hooks |= 1u << k;
  s->hooks_known = true;
}

static int
ctx_state_json (const struct create_ctx *c, enum lc_status status, char **json,
                lc_error_t *err)
{
  struct lc_state s;
  ctx_state (c, status, &s);
  return lc_state_to_json (&s, false, json, NULL, err);
}

/* ---- create: validation (no side effects) --------------------------------- */

static int
resolve_rootfs (struct create_ctx *c, lc_error_t *err)
{
  cleanup_free char *path = NULL;
  struct stat st;

  if (c->spec->root.path == NULL)
    return lc_error (err, 0, "config.json: root.path is required");
  if (c->spec->root.path[0] == '/')
    path = xstrdup (c->spec->root.path);
  else
    xasprintf (&path, "%s/%s", c->opts->bundle, c->spec->root.path);
  c->rootfs = realpath (path, NULL);
  if (c->rootfs == NULL)
    return lc_error (err, errno, "root.path `%s`", path);
  if (stat (c->rootfs, &st) < 0 || !S_ISDIR (st.st_mode))
    return lc_error (err, ENOTDIR, "root.path `%s`", path);
  /* Mounting /proc, /dev and the masks on the host's own root, then
     pivoting into it, is never a container; it fails late, if at all.  */
  if (strcmp (c->rootfs, "/") == 0)
    return lc_error (err, 0, "config.json: root.path `%s` resolves to `/`, the host's root: "
                     "a container needs a root filesystem of its own", c->spec->root.path);
  return 0;
}

static int
check_terminal (const struct create_ctx *c, lc_error_t *err)
{
  bool terminal = c->spec->process->terminal;
  bool detached = !c->run || c->opts->detach;

  if (terminal && detached && c->opts->console_socket == NULL)
    return lc_error (err, 0, "process.terminal is true: a detached container needs "
                             "--console-socket to receive the pty");
  if (!terminal && c->opts->console_socket)
    return lc_error (err, 0, "--console-socket needs process.terminal to be true");
  return 0;
}

/* Compile seccomp (once, here, to BPF) and check the cgroup.  */
static int
check_security (struct create_ctx *c, lc_error_t *err)
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
  if (lc_cgroup_check (c->spec, err) < 0)
    return -1;
  return 0;
}

/* The state JSON reaches init whole in one sync message (SYNC_HOOKS_DONE,
   SYNC_START) of less than LC_SYNC_TEXT_MAX: measure it now, with what
   create fills in later at its widest, so that a config whose annotations
   would make a container that can never start is refused before anything
   is made.  */
static int
check_state_size (const struct create_ctx *c, lc_error_t *err)
{
  cleanup_free char *json = NULL;
  cleanup_free char *cgroup = NULL;
  struct lc_state s;
  size_t len, ann = 0;

  if (lc_cgroup_path (c->spec, c->opts->id, c->opts->systemd_cgroup, &cgroup, err) < 0)
    return -1;
  ctx_state (c, LC_STATUS_CREATING, &s);
  s.pid = INT32_MAX;
  s.pid_start_time = UINT64_MAX;
  s.created = (char *) "9999-12-31T23:59:59.999999999Z";
  s.cgroup_path = cgroup;
  if (lc_state_to_json (&s, false, &json, &len, err) < 0)
    return -1;
  if (len < LC_SYNC_TEXT_MAX)
    return 0;
  for (size_t i = 0; i < s.n_annotations; i++)
    ann += strlen (s.annotations[i].key) + strlen (s.annotations[i].value);
  return lc_error (err, 0, "config.json: annotations: the container's state would be %zu bytes "
                   "(%zu of annotations), over the %d KiB moat can pass to its init",
                   len, ann, LC_SYNC_TEXT_MAX >> 10);
}

static int
create_validate (struct create_ctx *c, lc_error_t *err)
{
  /* First: before moat opens an fd that could land in the range.  */
  if (check_preserved_fds (c->opts->preserve_fds, err) < 0)
    return -1;
  if (lc_id_validate (c->opts->id, err) < 0 || lc_libs_load (err) < 0
      || lc_path_check_openat2 (err) < 0)
    return -1;
  lc_trail_note_container (c->opts->id, c->opts->bundle);
  if (spec_load (c->opts->bundle, &c->spec, err) < 0
      || spec_validate (c->spec, "config.json", err) < 0
      || lc_mcs_default_label (c->spec, c->opts->default_selinux_type, err) < 0)
    return -1;
  lc_trail_note_spec (c->spec, c->spec->process);
  if (c->spec->process == NULL)
    return lc_error (err, 0, "config.json: process is required to create a container");
  if (c->opts->listen_fds > 0)
    lc_listen_fds_env (c->spec, c->opts->listen_fds);
  /* The rootfs mounts must not land in moat's own mount namespace
     (docs/compatibility.md: runc leaves them in the host's).  */
  if (spec_find_namespace (c->spec, CLONE_NEWNS) == NULL)
    return lc_error (err, 0, "config.json: linux.namespaces: a mount namespace is required "
                     "(without one the container's mounts would be the host's)");
  if (lc_policy_enforce (c->spec, NULL, err) < 0)
    return -1;
  if (resolve_rootfs (c, err) < 0 || check_terminal (c, err) < 0
      || check_security (c, err) < 0 || check_state_size (c, err) < 0)
    return -1;
  if (c->opts->selinux_relabel && lc_relabel_check (c->rootfs, err) < 0)
    return -1;
  if (c->opts->console_socket)
    {
      c->console = lc_console_socket_connect (c->opts->console_socket, err);
      if (c->console < 0)
        return -1;
    }
  if (lc_ns_has_joins (c->spec) && lc_ns_open_joins (c->spec, &c->join_fds, err) < 0)
    return -1;
  return 0;
}

/* ---- create: side effects ------------------------------------------------ */

/* exec.sock: init accepts `moat start` on it.  Bound through the state dir
   fd so a long --root cannot overflow sun_path.  */
static int
make_exec_socket (struct create_ctx *c, lc_error_t *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };

  snprintf (addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/exec.sock", c->statefd);
  c->exec_listen = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (c->exec_listen < 0)
    return lc_error (err, errno, "socket");
  if (bind (c->exec_listen, (struct sockaddr *) &addr, sizeof addr) < 0)
    return lc_error (err, errno, "bind `%s/%s/exec.sock`", c->opts->state_root, c->opts->id);
  if (listen (c->exec_listen, 4) < 0)
    return lc_error (err, errno, "listen on exec.sock");
  return 0;
}

static int
copy_config (struct create_ctx *c, lc_error_t *err)
{
  cleanup_free char *path = NULL;
  cleanup_free char *buf = NULL;
  size_t len;

  xasprintf (&path, "%s/config.json", c->opts->bundle);
  /* Read again, so checked again: it may have been swapped since.  */
  if (read_regular_file_at (AT_FDCWD, path, &buf, &len, err) < 0)
    return -1;
  return write_file_atomic_at (c->statefd, "config.json", buf, len, 0600, err);
}

static int
make_state_dir (struct create_ctx *c, lc_error_t *err)
{
  c->statefd = lc_state_dir_open (c->opts->state_root, c->opts->id, true, err);
  if (c->statefd < 0)
    return -1;
  c->state_made = true;
  if (lc_state_lock (c->statefd, err) < 0 || copy_config (c, err) < 0)
    return -1;
  if (c->opts->notify_socket)
    {
      cleanup_free char *dir = NULL;

      xasprintf (&dir, "%s/%s", c->opts->state_root, c->opts->id);
      if (lc_notify_prepare (c->spec, c->statefd, dir, err) < 0)
        return -1;
    }
  if (!c->run && make_exec_socket (c, err) < 0)
    return -1;
  return 0;
}

/* Rootless, a cgroup the user may not make (none delegated) is no error:
   the container runs without one, as runc's, and each limit it asked for
   is a warning.  */
static bool
not_delegated (const struct create_ctx *c, const lc_error_t e)
{
  return lc_rootless () && !c->opts->systemd_cgroup
         && (e->status == EACCES || e->status == EPERM || e->status == EROFS
             || e->status == EBUSY); /* subtree_control of a cgroup with processes */
}

static int
make_cgroup (struct create_ctx *c, lc_error_t *err)
{
  lc_error_t e = NULL;

  if (lc_cgroup_create (c->spec, c->opts->id, c->opts->systemd_cgroup, &c->cgroup, &e) == 0)
    return 0;
  if (!not_delegated (c, e))
    {
      *err = e;
      return -1;
    }
  lc_debug ("rootless: no cgroup (%s)", e->msg);
  lc_rootless_warn_limits (c->spec->linux_config ? c->spec->linux_config->resources : NULL,
                           "no usable cgroup is delegated to this user");
  lc_error_free (&e);
  return 0;
}

/* ---- create: the clone and the parent's side of the protocol ------------- */

static int
write_oom_score (const struct create_ctx *c, lc_error_t *err)
{
  const struct spec_process *p = c->spec->process;
  char path[64], val[32];

  if (!p->oom_score_adj.set)
    return 0;
  snprintf (path, sizeof path, "%d/oom_score_adj", (int) c->init);
  snprintf (val, sizeof val, "%lld", (long long) p->oom_score_adj.v);
  if (lc_procfs_write (path, val, strlen (val), err) < 0)
    return lc_error_wrap (err, "process.oomScoreAdj");
  return 0;
}

/* A time namespace with offsets must get them before its first process:
   make it in the parent (for our children only), clone into it, then put
   our children back in ours.  Returns an fd on our own time ns or -1.  */
static int
enter_new_timens (const struct create_ctx *c, lc_error_t *err)
{
  cleanup_close int old = open ("/proc/self/ns/time", O_RDONLY | O_CLOEXEC);

  if (old < 0)
    return lc_error (err, errno, "open `/proc/self/ns/time`");
  if (unshare (CLONE_NEWTIME) < 0)
    return lc_error (err, errno, "unshare the time namespace");
  if (lc_ns_write_time_offsets (c->spec, err) < 0)
    {
      setns (old, CLONE_NEWTIME);
      return -1;
    }
  return steal_fd (&old);
}

/* Clone outside the cgroup, then have the driver put the child in (sync:
   CGROUP_JOINED; the child waits for that before anything, so nothing of
   it is charged outside).  */
static pid_t
clone_then_enter (struct create_ctx *c, struct clone_args *ca, struct lc_init_args *a,
                  lc_error_t *err)
{
  pid_t pid;

  a->cgroup_late = true;
  /* A cgroup namespace is rooted where its maker stands: made after the
     move, by the child.  */
  a->cgroupns_late = (ca->flags & CLONE_NEWCGROUP) != 0;
  ca->flags &= ~(uint64_t) (CLONE_INTO_CGROUP | CLONE_NEWCGROUP);
  pid = lc_clone (ca);
  if (pid < 0)
    return lc_error (err, errno, "clone3");
  if (pid == 0)
    return 0; /* the child (clone(2) returns here, as fork) */
  if (lc_cgroup_enter (c->cgroup, pid, err) < 0
      || lc_sync_send (c->sync, SYNC_CGROUP_JOINED, 0, -1, err) < 0)
    {
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
      return -1;
    }
  return pid;
}

static pid_t
do_clone (struct create_ctx *c, unsigned long flags, int *pidfd, struct lc_init_args *a,
          lc_error_t *err)
{
  struct clone_args ca = { .flags = CLONE_PIDFD | flags, .pidfd = (uint64_t) (uintptr_t) pidfd,
                           .exit_signal = SIGCHLD };
  pid_t pid;

  /* systemd's scope is started with its first process: no cgroup yet.  */
  if (c->cgroup && c->cgroup->dirfd < 0)
    return clone_then_enter (c, &ca, a, err);
  if (c->cgroup)
    {
      ca.flags |= CLONE_INTO_CGROUP;
      ca.cgroup = (uint64_t) c->cgroup->dirfd;
    }
  pid = lc_clone (&ca);
  if (pid < 0 && (ca.flags & CLONE_INTO_CGROUP))
    {
      /* Refused: a threaded or domain-invalid cgroup, or no clone3.  */
      lc_debug ("clone3 into the cgroup: %s, entering it after the clone", strerror (errno));
      return clone_then_enter (c, &ca, a, err);
    }
  if (pid < 0)
    return lc_error (err, errno, "clone3");
  return pid;
}

static int
spawn (struct create_ctx *c, lc_error_t *err)
{
  const struct spec *spec = c->spec;
  unsigned long flags = lc_ns_new_flags (spec);
  bool joins = c->join_fds != NULL;
  cleanup_close int oldtime = -1;
  int pair[2], pidfd = -1;
  pid_t pid;
  struct lc_init_args a = {
    .spec = spec, .opts = c->opts, .rootfs = c->rootfs, .seccomp = c->seccomp,
    .exec_listen = c->exec_listen, .notify_socket = c->notify, .join_fds = c->join_fds,
    .new_userns = (flags & CLONE_NEWUSER) != 0,
    .rootless = lc_rootless (),
    /* In a user namespace: its own, or the runtime's (rootless podman runs
       moat as root of one): no device nodes, no new sysfs or cgroup2.  */
    .in_userns = spec_find_namespace (spec, CLONE_NEWUSER) != NULL || lc_rootless (),
    .pid_fork = joins && spec_find_namespace (spec, CLONE_NEWPID) != NULL,
  };

  a.pid_join = a.pid_fork && spec_find_namespace (spec, CLONE_NEWPID)->path != NULL;

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
    return lc_error (err, errno, "socketpair");
  c->sync = pair[0];
  a.sync = pair[1];
  /* unshare(CLONE_NEWTIME) in the child would only affect its children.  */
  if ((flags & CLONE_NEWTIME) && (joins || lc_ns_has_time_offsets (spec) || lc_clone3_missing ()))
    {
      oldtime = enter_new_timens (c, err);
      if (oldtime < 0)
        {
          close (pair[1]);
          return -1;
        }
      flags &= ~(unsigned long) CLONE_NEWTIME;
    }
  if (a.pid_fork && c->run)
    prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  a.unshare_flags = joins ? flags : 0;
  pid = do_clone (c, joins ? 0 : flags, &pidfd, &a, err);
  if (pid == 0)
    {
      /* The child must not hold the state dir's lock (flock follows the
         open file) nor the parent's end of the socket (EOF = parent gone).  */
      close (c->statefd);
      close (c->sync);
      if (c->console >= 0)
        close (c->console);
      if (oldtime >= 0)
        close (oldtime);
      _exit (lc_init_main (&a));
    }
  close (pair[1]);
  if (oldtime >= 0 && setns (oldtime, CLONE_NEWTIME) < 0)
    lc_warn ("return to our time namespace: %s, ignoring", strerror (errno));
  if (pid < 0)
    return -1;
  c->child = pid;
  lc_debug ("cloned %d, namespace flags %#lx%s", (int) pid, flags,
            joins ? " (unshared after joining)" : "");
  if (a.pid_fork)
    {
      close (pidfd);
      return 0;
    }
  c->init = pid;
  c->pidfd = pidfd;
  lc_trail_note_pid (pid);
  return write_oom_score (c, err);
}

/* sync: INIT_PID.  The intermediate exits; init is the grandchild.  */
static int
got_init_pid (struct create_ctx *c, pid_t pid, lc_error_t *err)
{
  int status;

  c->init = pid;
  c->pidfd = sys_pidfd_open (pid, 0);
  if (TEMP_FAILURE_RETRY_INT (waitpid (c->child, &status, 0)) == c->child)
    c->child = -1;
  if (c->pidfd < 0)
    return lc_error (err, errno, "pidfd_open of init (%d)", (int) pid);
  return write_oom_score (c, err);
}

extern char **environ;

/* The runtime-namespace hooks: from the bundle, with our environment for
   a hook without env, as runc runs them (it works from the bundle and
   leaves a hook's Env unset).  A bundle that cannot be opened (gone by
   the time of delete) leaves them where we stand.  */
static int
run_runtime_hooks (const struct spec *spec, enum spec_hook_kind kind, const char *bundle,
                   const char *state, lc_error_t *err)
{
  cleanup_close int dirfd = -1;

  if (bundle)
    dirfd = open (bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    lc_debug ("%s hooks: open the bundle `%s`: %s, running from our cwd", lc_hook_names[kind],
              bundle ? bundle : "", bundle ? strerror (errno) : "none recorded");
  return lc_hooks_run (spec, kind, dirfd, environ, state, err);
}

/* sync: HOOKS_PRESTART.  prestart and createRuntime, in our namespaces.  */
static int
run_prestart_hooks (struct create_ctx *c, lc_error_t *err)
{
  cleanup_free char *state = NULL;
  static const enum spec_hook_kind kinds[] = { SPEC_HOOK_PRESTART, SPEC_HOOK_CREATE_RUNTIME };

  if (ctx_state_json (c, LC_STATUS_CREATING, &state, err) < 0)
    return -1;
  for (size_t i = 0; i < ARRAY_SIZE (kinds); i++)
    if (c->spec->hooks[kinds[i]].n > 0
        && run_runtime_hooks (c->spec, kinds[i], c->opts->bundle, state, err) < 0)
      return -1;
  return lc_sync_send_text (c->sync, SYNC_HOOKS_DONE, 0, state, err);
}

/* Back to our own mount namespace, root and cwd after send_mount_sources.  */
static int
return_home (int mntns, int root, int cwd, lc_error_t *err)
{
  if (setns (mntns, CLONE_NEWNS) < 0 || fchdir (root) < 0 || chroot (".") < 0
      || fchdir (cwd) < 0)
    return lc_error (err, errno, "return to moat's own mount namespace");
  return 0;
}

/* sync: MOUNT_SOURCES.  In its user namespace init cannot open a source
   only host root reaches (one under a 0700 directory): open every bind
   source for it as host root, inside its mount namespace (so that
   open_tree takes them there), and hand them over (runc 1.1 does too).  */
static int
send_mount_sources (struct create_ctx *c, lc_error_t *err)
{
  cleanup_close int mntns = open ("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
  cleanup_close int root = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int cwd = open (".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int target = sys_pidfd_open (c->init > 0 ? c->init : c->child, 0);
  int ret = 0;

  if (mntns < 0 || root < 0 || cwd < 0 || target < 0)
    return lc_error (err, errno, "mount sources: open our namespace, root, cwd or init");
  if (setns (target, CLONE_NEWNS) < 0)
    return lc_error (err, errno, "mount sources: enter the container's mount namespace");
  for (size_t i = 0; ret == 0 && i < c->spec->n_mounts; i++)
    {
      cleanup_close int fd = -1;

      if (!lc_rootfs_is_bind (&c->spec->mounts[i]))
        continue;
      fd = lc_rootfs_open_source (&c->spec->mounts[i], c->opts->bundle, i, err);
      ret = fd < 0 ? -1 : lc_sync_send (c->sync, SYNC_MOUNT_SOURCE, (int64_t) i, fd, err);
    }
  /* The first error is kept: a failed return_home only adds its own
     when the sources went well.  */
  if (return_home (mntns, root, cwd, err) < 0)
    return -1;
  return ret;
}

/* sync: PTY_MASTER.  To --console-socket, or kept for the foreground proxy.  */
static int
got_pty_master (struct create_ctx *c, int master, lc_error_t *err)
{
  int ret = 0;

  if (master < 0)
    return lc_error (err, EPROTO, "sync: pty master missing");
  if (c->console >= 0)
    {
      ret = lc_console_socket_send (c->console, master, err);
      close (master);
      close (c->console);
      c->console = -1;
      return ret;
    }
  c->master = master;
  return 0;
}

static int
parent_loop (struct create_ctx *c, lc_error_t *err)
{
  for (;;)
    {
      struct lc_sync_msg msg;
      int fd = -1, ret = 0;

      if (lc_sync_recv (c->sync, &msg, &fd, err) < 0)
        return -1;
      lc_debug ("sync: %s from the child", lc_sync_step_name ((enum lc_sync_step) msg.step));
      lc_fault ("create:sync-%s", lc_sync_step_name ((enum lc_sync_step) msg.step));
      switch (msg.step)
        {
        case SYNC_USERMAP_REQ:
          if (lc_ns_write_id_maps (c->child, c->spec, err) < 0)
            return -1;
          ret = lc_sync_send (c->sync, SYNC_USERMAP_DONE, 0, -1, err);
          break;
        case SYNC_INIT_PID:
          ret = got_init_pid (c, (pid_t) msg.value, err);
          break;
        case SYNC_HOOKS_PRESTART:
          ret = run_prestart_hooks (c, err);
          break;
        case SYNC_PTY_MASTER:
          ret = got_pty_master (c, fd, err);
          break;
        case SYNC_MOUNT_SOURCES:
          ret = send_mount_sources (c, err);
          break;
        case SYNC_READY:
          return 0;
        default:
          if (fd >= 0)
            close (fd);
          return lc_error (err, EPROTO, "sync: unexpected `%s`",
                           lc_sync_step_name ((enum lc_sync_step) msg.step));
        }
      if (ret < 0)
        return -1;
    }
}

static int
write_pid_file (const char *path, pid_t pid, lc_error_t *err)
{
  char buf[32];
  int n = snprintf (buf, sizeof buf, "%d", (int) pid);

  if (write_file_atomic_at (AT_FDCWD, path, buf, (size_t) n, 0644, err) < 0)
    return lc_error_wrap (err, "--pid-file");
  return 0;
}

static int
create_finish (struct create_ctx *c, lc_error_t *err)
{
  struct lc_state s;

  if (proc_start_time (c->init, &c->start_time) < 0)
    return lc_error (err, errno, "container init (%d) exited unexpectedly", (int) c->init);
  ctx_state (c, LC_STATUS_CREATED, &s);
  if (lc_state_write (c->statefd, &s, err) < 0)
    return -1;
  lc_fault ("create:created");
  lc_debug ("container `%s` created, init pid %d", c->opts->id, (int) c->init);
  if (c->opts->pid_file && write_pid_file (c->opts->pid_file, c->init, err) < 0)
    return -1;
  return 0;
}

/* The record a crash leaves behind: status "creating", no pid, the
   cgroup now ours.  `list` and `state` show it, `delete` cleans it up
   (cgroup.kill reaches an init that was cloned into the cgroup).  A
   dynamic MCS level is picked here: the record that holds it is written
   under the lock of the scan that found it free.  */
static int
write_creating (struct create_ctx *c, lc_error_t *err)
{
  cleanup_close int mcs_lock = -1;
  struct lc_state s;

  if (lc_mcs_wanted (c->spec))
    {
      mcs_lock = lc_mcs_reserve (c->opts->state_root, c->opts->id, &c->mcs_level, err);
      if (mcs_lock < 0)
        return -1;
      lc_mcs_apply (c->spec, c->mcs_level);
      lc_trail_note_label (c->spec->process->selinux_label);
    }
  ctx_state (c, LC_STATUS_CREATING, &s);
  s.pid = 0;
  return lc_state_write (c->statefd, &s, err);
}

static int
create_all (struct create_ctx *c, lc_error_t *err)
{
  if (create_validate (c, err) < 0)
    return -1;
  c->created = now_rfc3339 ();
  if (make_state_dir (c, err) < 0)
    goto fail;
  lc_fault ("create:state-dir");
  if (make_cgroup (c, err) < 0)
    goto fail;
  lc_fault ("create:cgroup");
  if (write_creating (c, err) < 0)
    goto fail;
  lc_fault ("create:record");
  /* After write_creating: the label's level is the one just reserved.  */
  if (c->opts->selinux_relabel
      && lc_relabel_rootfs (c->rootfs, c->spec->linux_config ? c->spec->linux_config->mount_label
                                                             : NULL, err) < 0)
    goto fail;
  lc_debug ("state dir and cgroup ready for `%s`", c->opts->id);
  if (spawn (c, err) < 0)
    goto fail;
  lc_fault ("create:cloned");
  if (parent_loop (c, err) < 0 || create_finish (c, err) < 0)
    goto fail;
  return 0;
fail:
  ctx_abort (c);
  return -1;
}

int
lc_container_create (const struct lc_create_opts *opts, lc_error_t *err)
{
  struct create_ctx c;
  int ret;

  ctx_init (&c, opts, false);
  ret = create_all (&c, err);
  ctx_free (&c);
  return ret;
}

/* ---- the state dir of an existing container ------------------------------ */

static void
run_poststart_hooks (const struct spec *spec, const struct lc_state *s)
{
  cleanup_free char *json = NULL;
  lc_error_t e = NULL;

  if (spec == NULL || spec->hooks[SPEC_HOOK_POSTSTART].n == 0)
    return;
  if (lc_state_to_json (s, false, &json, NULL, &e) < 0
      || run_runtime_hooks (spec, SPEC_HOOK_POSTSTART, s->bundle, json, &e) < 0)
    {
      lc_warn ("poststart hook: %s", e->msg);
      lc_error_free (&e);
    }
}

/* Send SYNC_START (with the state for startContainer hooks) and wait for
   execve to close init's end: EOF is success, SYNC_ERROR its failure.  */
static int
start_init (int sock, struct lc_state *s, lc_error_t *err)
{
  cleanup_free char *json = NULL;

  if (lc_state_to_json (s, false, &json, NULL, err) < 0)
    return -1;
  if (lc_sync_send_text (sock, SYNC_START, 0, json, err) < 0)
    return -1;
  return lc_sync_wait_exec (sock, err);
}

static int
connect_exec_sock (int statefd, const char *id, lc_error_t *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return lc_error (err, errno, "socket");
  snprintf (addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/exec.sock", statefd);
  if (TEMP_FAILURE_RETRY_INT (connect (fd, (struct sockaddr *) &addr, sizeof addr)) < 0)
    return lc_error (err, errno, "connect to the init of container `%s`", id);
  return steal_fd (&fd);
}

static int open_init_pidfd (const struct lc_state *s, lc_error_t *err);

/* After start: relay the container's sd_notify messages until READY=.  */
static int
start_relay (int statefd, int nsock, int host, const struct lc_state *s, lc_error_t *err)
{
  cleanup_close int pidfd = -1;

  flock (statefd, LOCK_UN); /* as run's: the others must not wait for READY */
  pidfd = open_init_pidfd (s, err);
  if (pidfd < 0)
    return -1;
  return lc_notify_relay (nsock, host, pidfd, s->pid, err);
}

/* runc's words for each status start refuses.  */
static int
refuse_start (const struct lc_state *s, lc_error_t *err)
{
  if (s->status == LC_STATUS_STOPPED)
    return lc_error (err, 0, "container `%s`: cannot start a container that has stopped", s->id);
  if (s->status == LC_STATUS_RUNNING)
    return lc_error (err, 0, "container `%s`: cannot start an already running container", s->id);
  return lc_error (err, 0, "container `%s`: cannot start a container in the %s state", s->id,
                   lc_status_name (s->status));
}

int
lc_container_start (const char *state_root, const char *id, const char *notify_socket,
                    lc_error_t *err)
{
  struct lc_state *s = NULL;
  cleanup_spec struct spec *spec = NULL;
  cleanup_close int statefd = -1;
  cleanup_close int sock = -1, nsock = -1, host = -1;
  int ret = -1;

  statefd = lc_state_open_container (state_root, id, true, &s, err);
  if (statefd < 0)
    return -1;
  if (s->status != LC_STATUS_CREATED)
    {
      refuse_start (s, err);
      goto out;
    }
  if (lc_state_may_have_hooks (s, SPEC_HOOK_POSTSTART)
      && lc_state_read_config (statefd, &spec, err) < 0)
    goto out;
  lc_fault ("start:locked");
  if (notify_socket
      && ((host = lc_notify_connect (notify_socket, err)) < 0
          || (nsock = lc_notify_listen (statefd, id, err)) < 0))
    goto out;
  sock = connect_exec_sock (statefd, id, err);
  if (sock < 0 || start_init (sock, s, err) < 0)
    goto out;
  lc_fault ("start:started");
  unlinkat (statefd, "exec.sock", 0);
  s->status = LC_STATUS_RUNNING;
  if (lc_state_write (statefd, s, err) < 0)
    goto out;
  lc_fault ("start:running");
  run_poststart_hooks (spec, s);
  ret = nsock < 0 ? 0 : start_relay (statefd, nsock, host, s, err);
out:
  lc_state_free (s);
  return ret;
}

/* ---- kill, delete -------------------------------------------------------- */

/* A pidfd on the recorded init, checked against pid reuse after opening
   (the pidfd pins the process, the start time proves it is ours).  */
static int
open_init_pidfd (const struct lc_state *s, lc_error_t *err)
{
  cleanup_close int pidfd = -1;
  uint64_t start;

  if (s->pid <= 0)
    return lc_error (err, ESRCH, "container `%s`: " LC_RUNC_NOT_RUNNING, s->id);
  pidfd = sys_pidfd_open (s->pid, 0);
  if (pidfd < 0 || proc_start_time (s->pid, &start) < 0
      || (s->pid_start_time && start != s->pid_start_time))
    return lc_error (err, 0, "container `%s`: " LC_RUNC_NOT_RUNNING, s->id);
  return steal_fd (&pidfd);
}

static int
signal_container (const struct lc_state *s, int sig, bool all, int *pidfd_out,
                  lc_error_t *err)
{
  cleanup_close int pidfd = open_init_pidfd (s, err);
  struct lc_cgroup *cg = NULL;

  if (pidfd < 0)
    return -1;
  if (all && s->cgroup_path)
    {
      int r = lc_cgroup_open (s->cgroup_path, s->systemd_cgroup, &cg, err) < 0 ? -1 : lc_cgroup_kill (cg, sig, err);
      lc_cgroup_free (cg);
      if (r < 0)
        return -1;
      if (pidfd_out)
        *pidfd_out = steal_fd (&pidfd);
      return 0;
    }
  /* ESRCH: init exited since the state was read, which a signal to kill
     it does not mind; signal 0 asks exactly that.  */
  if (sys_pidfd_send_signal (pidfd, sig, NULL, 0) < 0 && (errno != ESRCH || sig == 0))
    return errno == ESRCH ? lc_error (err, 0, "container `%s`: " LC_RUNC_NOT_RUNNING, s->id)
                          : lc_error (err, errno, "signal %d to container `%s`", sig, s->id);
  if (pidfd_out)
    *pidfd_out = steal_fd (&pidfd);
  return 0;
}

/* Whatever still runs in a stopped container's cgroup (init gone, its
   children left, with no pid namespace to take them along).  */
static int
kill_leftovers (const struct lc_state *s, int sig, lc_error_t *err)
{
  struct lc_cgroup *cg = NULL;
  lc_error_t e = NULL;
  int ret;

  if (s->cgroup_path == NULL || lc_cgroup_open (s->cgroup_path, s->systemd_cgroup, &cg, &e) < 0)
    {
      lc_error_free (&e); /* no cgroup left: nothing to signal */
      return 0;
    }
  ret = lc_cgroup_kill (cg, sig, err);
  lc_cgroup_free (cg);
  return ret;
}

int
lc_container_kill (const char *state_root, const char *id, int sig, bool all,
                   lc_error_t *err)
{
  struct lc_state *s = NULL;
  cleanup_close int statefd = -1;
  int ret;

  statefd = lc_state_open_container (state_root, id, false, &s, err);
  if (statefd < 0)
    return -1;
  /* runc's words, which containerd's shim matches; and `kill --all` of a
     stopped container signals what is left in its cgroup, if anything
     (the shim's delete after the task exited).  */
  if (s->status == LC_STATUS_STOPPED && all)
    ret = kill_leftovers (s, sig, err);
  else if (s->status == LC_STATUS_STOPPED)
    ret = lc_error (err, 0, "container `%s`: " LC_RUNC_NOT_RUNNING, id);
  else
    ret = signal_container (s, sig, all, NULL, err);
  lc_state_free (s);
  return ret;
}

/* After the container is gone: cgroup, poststop hooks (warnings only),
   state dir.  */
static int
destroy (int statefd, const char *root, struct lc_state *s, lc_error_t *err)
{
  cleanup_spec struct spec *spec = NULL;
  cleanup_free char *json = NULL;
  struct lc_cgroup *cg = NULL;
  lc_error_t e = NULL;

  if (lc_state_may_have_hooks (s, SPEC_HOOK_POSTSTOP)
      && lc_state_read_config (statefd, &spec, &e) < 0)
    {
      lc_warn ("%s: poststop hooks skipped", e->msg);
      lc_error_free (&e);
    }
  if (s->cgroup_path && lc_cgroup_open (s->cgroup_path, s->systemd_cgroup, &cg, &e) < 0)
    {
      lc_warn ("remove cgroup `%s`: %s, ignoring", s->cgroup_path, e->msg);
      lc_error_free (&e);
    }
  /* A cgroup that will not empty keeps the record: forgotten, it would be
     a leak nothing finds, and a later create of the id would fail on it.  */
  if (cg && lc_cgroup_destroy (cg, err) < 0)
    {
      lc_cgroup_free (cg);
      return -1;
    }
  lc_cgroup_free (cg);
  lc_fault ("delete:cgroup");
  s->status = LC_STATUS_STOPPED;
  if (spec && spec->hooks[SPEC_HOOK_POSTSTOP].n > 0
      && (lc_state_to_json (s, false, &json, NULL, &e) < 0
          || run_runtime_hooks (spec, SPEC_HOOK_POSTSTOP, s->bundle, json, &e) < 0))
    {
      lc_warn ("poststop hook: %s, ignoring", e->msg);
      lc_error_free (&e);
    }
  lc_trail_take_config ();
  return lc_state_dir_remove (root, s->id, err);
}

/* How long delete waits for init to die after SIGKILL: 10 s, as runc's
   killContainer.  A process frozen by a freezer that is not ours (cgroup
   v1), or stuck in the kernel, may never die; delete then fails with
   runc's words and leaves the container for a later try.  */
#define KILL_WAIT_MS 10000

static int
kill_and_wait (const struct lc_state *s, lc_error_t *err)
{
  cleanup_close int pidfd = -1;
  struct pollfd p;
  int r;

  if (signal_container (s, SIGKILL, true, &pidfd, err) < 0
      && (lc_error_free (err), signal_container (s, SIGKILL, false, &pidfd, err) < 0))
    {
      /* Gone already: nothing to wait for.  */
      lc_error_free (err);
      return 0;
    }
  p.fd = pidfd;
  p.events = POLLIN;
  r = TEMP_FAILURE_RETRY_INT (poll (&p, 1, KILL_WAIT_MS));
  if (r < 0)
    return lc_error (err, errno, "wait for container `%s` to exit", s->id);
  if (r == 0)
    return lc_error (err, 0, "container init still running");
  /* Ours when run made it: reap it.  */
  waitpid (s->pid, NULL, WNOHANG);
  return 0;
}

/* A create that died before its record: the state dir, and the cgroup
   it may have made (empty: nothing was cloned into it yet), found again
   from the saved config.  */
static int
remove_unrecorded (int statefd, const char *root, const char *id, lc_error_t *err)
{
  cleanup_spec struct spec *spec = NULL;
  lc_error_t e = NULL;

  if (lc_state_read_config (statefd, &spec, &e) < 0
      || lc_cgroup_remove_unrecorded (spec, id, &e) < 0)
    lc_debug ("container `%s`: no cgroup to remove: %s", id, e->msg);
  lc_error_free (&e);
  lc_warn ("container `%s`: its create was interrupted before its state was written; "
           "removing its state directory and its cgroup if empty", id);
  return lc_state_dir_remove (root, id, err);
}

int
lc_container_delete (const char *state_root, const char *id, bool force, lc_error_t *err)
{
  struct lc_state *s = NULL;
  cleanup_close int statefd = -1;
  int ret = -1;

  statefd = lc_state_dir_open (state_root, id, false, err);
  if (statefd < 0)
    {
      if (force && (*err)->status == 0 && strstr ((*err)->msg, LC_RUNC_NOT_EXIST))
        {
          lc_error_free (err);
          return 0;
        }
      return -1;
    }
  if (lc_state_lock (statefd, err) < 0)
    return -1;
  lc_fault ("delete:locked");
  if (lc_state_read (statefd, &s, err) < 0)
    {
      lc_error_free (err);
      return remove_unrecorded (statefd, state_root, id, err);
    }
  lc_state_refresh (s);
  if (s->status == LC_STATUS_CREATING)
    lc_warn ("container `%s`: its create was interrupted; killing what is left in cgroup `%s` "
             "and removing it and the state directory", id,
             s->cgroup_path ? s->cgroup_path : "(none)");
  if ((s->status == LC_STATUS_RUNNING || s->status == LC_STATUS_PAUSED) && !force)
    {
      lc_error (err, 0, "cannot delete container `%s` that is not stopped: %s", id,
                lc_status_name (s->status));
      goto out;
    }
  if (s->status != LC_STATUS_STOPPED && kill_and_wait (s, err) < 0)
    goto out;
  lc_fault ("delete:killed");
  ret = destroy (statefd, state_root, s, err);
out:
  lc_state_free (s);
  return ret;
}

/* ---- run ----------------------------------------------------------------- */

/* Signals a foreground run forwards to init; the synchronous ones stay
   with us.  */
static void
forward_set (sigset_t *set)
{
  static const int keep[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT,
                              SIGKILL, SIGSTOP };
  sigfillset (set);
  for (size_t i = 0; i < ARRAY_SIZE (keep); i++)
    sigdelset (set, keep[i]);
}

static int
exit_code (int status)
{
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return WEXITSTATUS (status);
}

struct run_loop
{
  struct create_ctx *c;
  int sigfd;
  bool exited;
  bool in_open;
  int status;
};

static void
on_signal (struct run_loop *r)
{
  struct signalfd_siginfo si;
  pid_t pid;
  int st;

  if (read (r->sigfd, &si, sizeof si) != sizeof si)
    return;
  switch (si.ssi_signo)
    {
    case SIGCHLD:
      /* As a subreaper we may also inherit orphans: reap them all.  */
      while ((pid = waitpid (-1, &st, WNOHANG)) > 0)
        if (pid == r->c->init)
          {
            r->exited = true;
            r->status = st;
          }
      break;
    case SIGWINCH:
      if (r->c->master >= 0)
        lc_terminal_copy_winsize (lc_terminal_current (), r->c->master);
      break;
    default:
      sys_pidfd_send_signal (r->c->pidfd, (int) si.ssi_signo, NULL, 0);
    }
}

/* Wait for init, forwarding signals and (with a terminal) copying between
   our stdio and the pty master; then drain the master.  */
static int
run_wait (struct create_ctx *c, int sigfd, int *exit_status, lc_error_t *err)
{
  struct run_loop r = { .c = c, .sigfd = sigfd, .in_open = c->master >= 0 };
  struct termios saved;
  int tty = lc_terminal_current ();
  bool raw = false;
  pid_t pid;

  if (c->master >= 0)
    {
      raw = lc_terminal_raw (tty, &saved) == 0;
      if (!c->spec->process->has_console_size)
        lc_terminal_copy_winsize (tty, c->master);
    }
  /* It may have exited before SIGCHLD was blocked.  */
  pid = waitpid (c->init, &r.status, WNOHANG);
  r.exited = pid == c->init;
  while (!r.exited || c->master >= 0)
    {
      struct pollfd p[3] = { { .fd = sigfd, .events = POLLIN },
                             { .fd = c->master, .events = POLLIN },
                             { .fd = r.in_open && !r.exited ? 0 : -1, .events = POLLIN } };
      int n = poll (p, 3, r.exited ? 0 : -1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          lc_error (err, errno, "poll");
          break;
        }
      if (n == 0)
        break; /* exited, master drained */
      if (p[0].revents & POLLIN)
        on_signal (&r);
      if ((p[1].revents & (POLLIN | POLLHUP | POLLERR)) && lc_terminal_copy (c->master, 1) <= 0)
        {
          close (c->master);
          c->master = -1;
        }
      if ((p[2].revents & (POLLIN | POLLHUP | POLLERR)) && lc_terminal_copy (0, c->master) <= 0)
        r.in_open = false;
    }
  if (raw)
    lc_terminal_restore (tty, &saved);
  if (!r.exited)
    return -1;
  *exit_status = exit_code (r.status);
  c->init = -1; /* reaped */
  return 0;
}

/* The internal start of `run`: SYNC_START over the sync socket.  */
static int
run_start (struct create_ctx *c, lc_error_t *err)
{
  cleanup_close int nsock = -1, host = -1;
  struct lc_state s;

  ctx_state (c, LC_STATUS_CREATED, &s);
  if (c->opts->notify_socket
      && ((host = lc_notify_connect (c->opts->notify_socket, err)) < 0
          || (nsock = lc_notify_listen (c->statefd, c->opts->id, err)) < 0))
    return -1;
  if (start_init (c->sync, &s, err) < 0)
    return -1;
  s.status = LC_STATUS_RUNNING;
  if (lc_state_write (c->statefd, &s, err) < 0)
    return -1;
  run_poststart_hooks (c->spec, &s);
  if (nsock < 0)
    return 0;
  /* However long the container takes to be ready, other commands (state,
     kill, delete -f) must get the lock meanwhile.  */
  flock (c->statefd, LOCK_UN);
  return lc_notify_relay (nsock, host, c->pidfd, c->init, err);
}

static int
run_cleanup (struct create_ctx *c, lc_error_t *err)
{
  struct lc_state s;

  ctx_state (c, LC_STATUS_STOPPED, &s);
  /* keep, or a `delete -f` already did the work.  */
  if (c->opts->keep || faccessat (c->statefd, "state.json", F_OK, 0) < 0)
    return 0;
  return destroy (c->statefd, c->opts->state_root, &s, err);
}

int
lc_container_run (const struct lc_create_opts *opts, int *exit_status, lc_error_t *err)
{
  struct create_ctx c;
  sigset_t set, old;
  int sigfd = -1, ret = -1;

  *exit_status = 0;
  ctx_init (&c, opts, true);
  if (create_all (&c, err) < 0)
    goto out;
  if (!opts->detach)
    {
      forward_set (&set);
      sigprocmask (SIG_BLOCK, &set, &old);
      sigfd = signalfd (-1, &set, SFD_CLOEXEC);
      if (sigfd < 0)
        {
          lc_error (err, errno, "signalfd");
          ctx_abort (&c);
          goto out_mask;
        }
    }
  if (run_start (&c, err) < 0)
    {
      ctx_abort (&c);
      goto out_mask;
    }
  if (opts->detach)
    {
      ret = 0;
      goto out;
    }
  /* While it runs, other commands (state, exec, kill, delete -f) must get
     the lock; take it back for the clean-up.  */
  flock (c.statefd, LOCK_UN);
  lc_fault ("run:started");
  if (run_wait (&c, sigfd, exit_status, err) < 0)
    {
      ctx_abort (&c);
      goto out_mask;
    }
  lc_fault ("run:exited");
  if (lc_state_lock (c.statefd, err) < 0)
    goto out_mask;
  ret = run_cleanup (&c, err);
out_mask:
  if (!opts->detach)
    {
      if (sigfd >= 0)
        close (sigfd);
      sigprocmask (SIG_SETMASK, &old, NULL);
    }
out:
  ctx_free (&c);
  return ret;
}
