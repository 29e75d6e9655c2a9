/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's init, from clone3 to execve.  Every step's failure goes
   back to the parent as SYNC_ERROR with its text; the parent cleans up.
   Step comments match container.c ("sync: ...").  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hooks.h"
#include "init.h"
#include "keyring.h"
#include "log.h"
#include "namespaces.h"
#include "path.h"
#include "process.h"
#include "proc-helper.h"
#include "procfs.h"
#include "rootfs.h"
#include "selinux.h"
#include "sync.h"
#include "terminal.h"
#include "utils.h"

/* sync: USERMAP_REQ / USERMAP_DONE.  The parent writes our maps; then we
   become root of the new user namespace (when 0 is mapped).  */
static int
request_usermap (const struct lc_init_args *a, lc_error_t *err)
{
  if (lc_sync_send (a->sync, SYNC_USERMAP_REQ, getpid (), -1, err) < 0
      || lc_sync_wait (a->sync, SYNC_USERMAP_DONE, NULL, NULL, err) < 0)
    return -1;
  return 0;
}

static int
become_root (lc_error_t *err)
{
  if (setresgid (0, 0, 0) < 0)
    return lc_error (err, errno, "setresgid(0) in the user namespace");
  if (setresuid (0, 0, 0) < 0)
    return lc_error (err, errno, "setresuid(0) in the user namespace");
  return 0;
}

/* Join path: the intermediate forks so its child is born in the pid
   namespace; it reports the grandchild's pid (sync: INIT_PID) and exits.
   The grandchild waits for the pipe's EOF, i.e. for the intermediate's
   exit, so INIT_PID always reaches the parent first.  Returns 0 in the
   grandchild; never returns in the intermediate.  */
static int
fork_into_pidns (const struct lc_init_args *a, lc_error_t *err)
{
  int p[2];
  pid_t pid;
  char c;

  if (pipe2 (p, O_CLOEXEC) < 0)
    return lc_error (err, errno, "pipe");
  pid = fork ();
  if (pid < 0)
    return lc_error (err, errno, "fork into the pid namespace");
  if (pid > 0)
    {
      lc_error_t e = NULL;
      close (p[0]);
      if (lc_sync_send (a->sync, SYNC_INIT_PID, pid, -1, &e) < 0)
        {
          kill (pid, SIGKILL);
          _exit (1);
        }
      _exit (0);
    }
  close (p[1]);
  while (TEMP_FAILURE_RETRY_INT (read (p[0], &c, 1)) > 0)
    ;
  close (p[0]);
  return 0;
}

/* A pid namespace joined by path is entered last: its procfs is made by
   the proc helper, and init's own fork into it waits until the rootfs is
   pivoted (see setup_container).  */
static int
prepare_pidns_join (const struct lc_init_args *a, struct lc_rootfs *rfs, lc_error_t *err)
{
  const struct spec_linux *l = a->spec->linux_config;

  /* container.c sets pid_join only for a pid namespace with a path, so
     both are set; checked here rather than trusted from another file.  */
  if (l == NULL || a->join_fds == NULL)
    return lc_error (err, EINVAL, "no pid namespace to join");
  for (size_t i = 0; i < l->n_namespaces; i++)
    {
      if (l->namespaces[i].type != CLONE_NEWPID || a->join_fds[i] < 0)
        continue;
      if (lc_proc_helper_run (rfs, a->join_fds[i], err) < 0)
        return -1;
      if (setns (a->join_fds[i], CLONE_NEWPID) < 0)
        return lc_error (err, errno, "join pid namespace `%s`", l->namespaces[i].path);
      return 0;
    }
  return lc_error (err, EINVAL, "no pid namespace to join");
}

static int
setup_namespaces (const struct lc_init_args *a, struct lc_rootfs *rfs, lc_error_t *err)
{
  if (a->join_fds)
    {
      if (lc_ns_join (a->spec, a->join_fds, a->pid_join ? CLONE_NEWPID : 0, err) < 0)
        return -1;
      if (a->new_userns)
        {
          if (unshare (CLONE_NEWUSER) < 0)
            return lc_error (err, errno, "unshare the user namespace");
          if (request_usermap (a, err) < 0)
            return -1;
        }
      if ((a->unshare_flags & ~(unsigned long) CLONE_NEWUSER)
          && unshare ((int) (a->unshare_flags & ~(unsigned long) CLONE_NEWUSER)) < 0)
        return lc_error (err, errno, "unshare the new namespaces");
      if (a->pid_fork && !a->pid_join && fork_into_pidns (a, err) < 0)
        return -1;
    }
  else if (a->new_userns && request_usermap (a, err) < 0)
    return -1;
  if (a->in_userns && (a->join_fds || lc_ns_maps_root (a->spec)) && become_root (err) < 0)
    return -1;
  if (a->pid_join && prepare_pidns_join (a, rfs, err) < 0)
    return -1;
  return 0;
}

/* sync: MOUNT_SOURCES / MOUNT_SOURCE.  In a user namespace the parent
   opens the bind sources as host root (container.c send_mount_sources).  */
static int
receive_mount_sources (const struct lc_init_args *a, struct lc_rootfs *rfs, lc_error_t *err)
{
  size_t n = 0, nm = a->spec->n_mounts;

  for (size_t i = 0; i < nm; i++)
    n += lc_rootfs_is_bind (&a->spec->mounts[i]);
  /* Rootless, the parent is the same user and could not enter init's mount
     namespace anyway: init opens them itself.  */
  if (!a->in_userns || n == 0 || a->rootless)
    return 0;
  rfs->bind_fds = xmalloc (nm * sizeof (int));
  for (size_t i = 0; i < nm; i++)
    rfs->bind_fds[i] = -1;
  if (lc_sync_send (a->sync, SYNC_MOUNT_SOURCES, 0, -1, err) < 0)
    return -1;
  return lc_sync_wait_fds (a->sync, SYNC_MOUNT_SOURCE, n, rfs->bind_fds, nm, err);
}

/* Before anything of the container can see init (exec is allowed once it
   is created; a joined pid namespace sees it at once), init holds no host
   fd but the protocol's: stdio, the preserved fds, the sync socket,
   exec.sock and the seccomp listener.  Not the cgroup's dirfd, the host's
   procfs, the namespace paths it joined...  */
static int
close_host_fds (const struct lc_init_args *a, lc_error_t *err)
{
  int keep[] = { a->sync, a->exec_listen, a->notify_socket };

  lc_procfs_reset ();
  return close_fds_except (3 + a->opts->preserve_fds, keep, ARRAY_SIZE (keep), err);
}

/* sync: HOOKS_PRESTART / HOOKS_DONE.  prestart and createRuntime run in
   the parent (runtime namespace) once our mount namespace is ready; the
   reply carries the state JSON for createContainer hooks, which run from
   the mounted rootfs with process.env, where runc's init runs them.  */
static int
run_create_hooks (const struct lc_init_args *a, const struct lc_rootfs *rfs, lc_error_t *err)
{
  const struct spec_hook_list *h = a->spec->hooks;
  cleanup_free char *state = NULL;

  if (h[SPEC_HOOK_PRESTART].n == 0 && h[SPEC_HOOK_CREATE_RUNTIME].n == 0
      && h[SPEC_HOOK_CREATE_CONTAINER].n == 0)
    return 0;
  if (lc_sync_send (a->sync, SYNC_HOOKS_PRESTART, 0, -1, err) < 0
      || lc_sync_wait_text (a->sync, SYNC_HOOKS_DONE, NULL, &state, err) < 0)
    return -1;
  if (h[SPEC_HOOK_CREATE_CONTAINER].n > 0
      && lc_hooks_run (a->spec, SPEC_HOOK_CREATE_CONTAINER, rfs->rootfd, a->spec->process->env,
                       state, err) < 0)
    return -1;
  return 0;
}

static int
write_sysctl (const struct spec_kv *kv, lc_error_t *err)
{
  cleanup_free char *path = NULL;

  /* "net.ipv4.ip_forward", or "net/ipv4/conf/eth0.100/forwarding" where
     a component has a dot (spec_validate allowed only these two forms).  */
  xasprintf (&path, "sys/%s", kv->key);
  if (strchr (kv->key, '/') == NULL)
    for (char *p = path; *p; p++)
      if (*p == '.')
        *p = '/';
  if (lc_procfs_write (path, kv->value, strlen (kv->value), err) < 0)
    return lc_error_wrap (err, "linux.sysctl \"%s\"", kv->key);
  return 0;
}

/* hostname, domainname, sysctl: all namespaced, set from inside.  The
   sysctls go through the container's procfs (after pivot) so the network
   and ipc namespaces are the container's.  */
static int
setup_uts_sysctl (const struct spec *spec, lc_error_t *err)
{
  const struct spec_linux *l = spec->linux_config;

  if (spec->hostname && sethostname (spec->hostname, strlen (spec->hostname)) < 0)
    return lc_error (err, errno, "sethostname `%s`", spec->hostname);
  if (spec->domainname && setdomainname (spec->domainname, strlen (spec->domainname)) < 0)
    return lc_error (err, errno, "setdomainname `%s`", spec->domainname);
  if (l == NULL || l->n_sysctl == 0)
    return 0;
  lc_procfs_reset ();
  for (size_t i = 0; i < l->n_sysctl; i++)
    if (write_sysctl (&l->sysctl[i], err) < 0)
      return -1;
  return 0;
}

/* sync: PTY_MASTER.  The slave becomes /dev/console and our stdio.  */
static int
setup_terminal (const struct lc_init_args *a, lc_error_t *err)
{
  cleanup_close int master = -1;
  cleanup_close int slave = -1;

  if (!a->spec->process->terminal)
    return 0;
  master = lc_terminal_create (a->spec->process, &slave, err);
  if (master < 0)
    return -1;
  if (lc_rootfs_setup_console (slave, err) < 0)
    return -1;
  return lc_sync_send (a->sync, SYNC_PTY_MASTER, 0, master, err);
}

/* A missing process.cwd is created (as runc does) while the root can
   still be written: lc_rootfs_finalize may make it read-only.  */
static int
make_cwd (const struct lc_rootfs *rfs, lc_error_t *err)
{
  const char *cwd = rfs->spec->process->cwd;
  int fd;

  if (cwd == NULL || strcmp (cwd, "/") == 0 || rfs->rootfd < 0)
    return 0;
  fd = lc_mkdir_in_root (rfs->rootfd, cwd, 0755, err);
  if (fd < 0)
    return lc_error_wrap (err, "process.cwd");
  close (fd);
  return 0;
}

static int
setup_container (const struct lc_init_args *a, char **exec_path, lc_error_t *err)
{
  const struct spec *spec = a->spec;
  struct lc_rootfs rfs = {
    .spec = spec, .bundle = a->opts->bundle, .rootfs = a->rootfs,
    .no_pivot = a->opts->no_pivot, .in_userns = a->in_userns, .rootfd = -1,
  };
  int ret;

  if (spec->linux_config && spec->linux_config->mount_label && lc_selinux_enabled ())
    rfs.mount_label = spec->linux_config->mount_label;
  if (setup_namespaces (a, &rfs, err) < 0)
    return -1;
  /* Not dumpable until execve: the host's /proc/PID of init must not be
     reachable from the container (CVE-2019-5736).  */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl(PR_SET_DUMPABLE)");
  if (!a->pid_join && setsid () < 0)
    return lc_error (err, errno, "setsid");
  if (!a->opts->no_new_keyring
      && lc_keyring_join_new (a->opts->id, spec->process->selinux_label, err) < 0)
    return -1;
  ret = receive_mount_sources (a, &rfs, err) < 0 || lc_rootfs_prepare (&rfs, err) < 0
        || run_create_hooks (a, &rfs, err) < 0
        || lc_rootfs_pivot (&rfs, err) < 0 || make_cwd (&rfs, err) < 0
        || lc_rootfs_finalize (&rfs, err) < 0 || setup_uts_sysctl (spec, err) < 0 ? -1 : 0;
  if (rfs.rootfd >= 0)
    close (rfs.rootfd);
  free (rfs.proc_fds);
  free (rfs.bind_fds); /* what prepare left, close_host_fds closes */
  if (ret < 0 || close_host_fds (a, err) < 0)
    return -1;
  /* A joined pid namespace sees init from here on: it stands in the
     container's root, holding only the protocol's fds.  */
  if (a->pid_join && (fork_into_pidns (a, err) < 0 || setsid () < 0))
    return *err ? -1 : lc_error (err, errno, "setsid");
  if (setup_terminal (a, err) < 0)
    return -1;
  return lc_process_resolve (spec->process, exec_path, err);
}

/* Wait for `moat start` (create: a connection on exec.sock) or for the
   parent's own SYNC_START (run).  Returns the socket to report on.  */
static int
wait_start (const struct lc_init_args *a, char **state, lc_error_t *err)
{
  int sock = a->sync;

  if (a->exec_listen >= 0)
    {
      close (a->sync);
      for (;;)
        {
          lc_error_t e = NULL;
          /* accept4(2) takes NULL for both; cppcheck's gnu.cfg wants addrlen.  */
          /* cppcheck-suppress nullPointer */
          sock = accept4 (a->exec_listen, NULL, NULL, SOCK_CLOEXEC);
          if (sock < 0)
            {
              if (errno == EINTR || errno == ECONNABORTED)
                continue;
              return lc_error (err, errno, "accept on exec.sock");
            }
          if (lc_sync_wait_text (sock, SYNC_START, NULL, state, &e) == 0)
            break;
          /* A stray connection: wait for the real start.  */
          lc_error_free (&e);
          close (sock);
        }
      close (a->exec_listen);
      return sock;
    }
  if (lc_sync_wait_text (sock, SYNC_START, NULL, state, err) < 0)
    return -1;
  return sock;
}

/* The container starts with no signal blocked and none of the usually
   ignored ones ignored, whatever moat's caller did (SIG_IGN survives
   execve; a supervisor often ignores SIGPIPE or SIGHUP).  A table rather
   than all 64 signals: one sigaction each at start-up is measurable.  */
static const int ignorable_signals[] = {
  SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
  SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGXFSZ, SIGWINCH,
};

static void
reset_signals (void)
{
  sigset_t none;

  for (size_t i = 0; i < ARRAY_SIZE (ignorable_signals); i++)
    signal (ignorable_signals[i], SIG_DFL);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
}

int
lc_init_main (const struct lc_init_args *a)
{
  cleanup_free char *exec_path = NULL;
  cleanup_free char *state = NULL;
  lc_error_t err = NULL;
  struct lc_exec_ctx ctx = { .process = a->spec->process, .seccomp = a->seccomp,
                             .preserve_fds = a->opts->preserve_fds,
                             .notify_socket = a->notify_socket };
  int sock = a->sync;

  /* Die with the parent while it drives the set-up.  */
  if (!a->pid_fork)
    prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  reset_signals ();
  if (a->cgroup_late && lc_sync_wait (a->sync, SYNC_CGROUP_JOINED, NULL, NULL, &err) < 0)
    goto fail;
  if (a->cgroupns_late && unshare (CLONE_NEWCGROUP) < 0)
    {
      lc_error (&err, errno, "unshare the cgroup namespace");
      goto fail;
    }
  if (setup_container (a, &exec_path, &err) < 0)
    goto fail;
  ctx.exec_path = exec_path;
  ctx.personality = a->spec->linux_config ? a->spec->linux_config->personality : NULL;
  /* `create` exits once we are ready; init must outlive it.  */
  prctl (PR_SET_PDEATHSIG, 0, 0, 0, 0);
  if (lc_sync_send (a->sync, SYNC_READY, 0, -1, &err) < 0)
    goto fail;
  sock = wait_start (a, &state, &err);
  if (sock < 0)
    return 1; /* nobody to tell: the parent has gone */
  ctx.state_json = state;
  /* startContainer hooks run as the process will: its user, capabilities,
     labels, no_new_privs and seccomp filter (runc's order), so a hook can
     do nothing the workload may not.  */
  if (lc_process_setup (a->spec->process, &ctx.env, &err) < 0 || lc_process_finalize (&ctx, &err) < 0)
    goto fail;
  if (a->spec->hooks[SPEC_HOOK_START_CONTAINER].n > 0
      && lc_hooks_run (a->spec, SPEC_HOOK_START_CONTAINER, -1, ctx.env, state, &err) < 0)
    goto fail;
  lc_process_exec (&ctx, &err);
fail:
  lc_sync_send_error (sock, err);
  lc_error_free (&err);
  return 1;
}
