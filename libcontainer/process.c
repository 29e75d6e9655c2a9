/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container process's last steps, shared by init and exec, in the
   order process.h lists.  Each concern is one small function; the order of
   the security finale is the one runc and crun use, and it matters: the
   bounding set is dropped while we still hold CAP_SETPCAP, the user switch
   keeps the capabilities (PR_SET_KEEPCAPS) so the final sets can be
   applied, and seccomp without no_new_privs must be loaded while we still
   have CAP_SYS_ADMIN.  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apparmor.h"
#include "caps.h"
#include "log.h"
#include "path.h"
#include "process.h"
#include "seccomp.h"
#include "selinux.h"
#include "syscalls.h"
#include "utils.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_CLASS_SHIFT 13

/* <linux/sched/types.h> clashes with glibc's <sched.h>: the VER0 layout.  */
struct sched_attr
{
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;
  uint64_t sched_deadline;
  uint64_t sched_period;
};

/* ---- lc_process_resolve ------------------------------------------------- */

static const char *
env_path (const struct spec_process *process)
{
  for (size_t i = 0; process->env && process->env[i]; i++)
    if (strncmp (process->env[i], "PATH=", 5) == 0)
      return process->env[i] + 5;
  return DEFAULT_PATH;
}

/* 0 when `path` is a regular file with an execute bit, else an errno.  */
static int
check_executable (const char *path)
{
  struct stat st;

  if (stat (path, &st) < 0)
    return errno;
  if (S_ISDIR (st.st_mode))
    return EISDIR;
  if (!S_ISREG (st.st_mode) || (st.st_mode & 0111) == 0)
    return EACCES;
  return 0;
}

/* args[0] with a '/' is taken as is; a relative one is checked against
   the cwd the process will have (we are still at "/" here).  */
static int
resolve_slash (const struct spec_process *process, const char *arg0, char **path,
               lc_error_t *err)
{
  cleanup_free char *check = NULL;
  int e;

  if (arg0[0] != '/' && process->cwd)
    xasprintf (&check, "%s/%s", process->cwd, arg0);
  e = check_executable (check ? check : arg0);
  if (e != 0)
    return lc_error (err, 0, "exec: \"%s\": %s", arg0, strerror (e));
  *path = xstrdup (arg0);
  return 0;
}

int
lc_process_resolve (const struct spec_process *process, char **path, lc_error_t *err)
{
  const char *arg0 = process->args ? process->args[0] : NULL;
  cleanup_free char *dirs = NULL;
  char *save = NULL;

  if (arg0 == NULL || arg0[0] == '\0')
    return lc_error (err, 0, "process.args: the command is empty");
  if (strchr (arg0, '/'))
    return resolve_slash (process, arg0, path, err);
  dirs = xstrdup (env_path (process));
  for (char *d = strtok_r (dirs, ":", &save); d; d = strtok_r (NULL, ":", &save))
    {
      cleanup_free char *cand = NULL;
      xasprintf (&cand, "%s/%s", d, arg0);
      if (check_executable (cand) == 0)
        {
          *path = steal_pointer (&cand);
          return 0;
        }
    }
  return lc_error (err, 0, "exec: \"%s\": executable file not found in $PATH", arg0);
}

/* ---- lc_process_setup --------------------------------------------------- */

static int
set_rlimits (const struct spec_process *process, lc_error_t *err)
{
  for (size_t i = 0; i < process->n_rlimits; i++)
    {
      const struct spec_rlimit *r = &process->rlimits[i];
      struct rlimit rl = { .rlim_cur = r->soft, .rlim_max = r->hard };
      if (setrlimit ((__rlimit_resource_t) r->resource, &rl) < 0)
        return lc_error (err, errno, "process.rlimits: setrlimit %s (soft %llu, hard %llu)",
                         r->type, (unsigned long long) r->soft, (unsigned long long) r->hard);
    }
  return 0;
}

static int
set_io_priority (const struct spec_io_priority *io, lc_error_t *err)
{
  if (io == NULL)
    return 0;
  if (sys_ioprio_set (IOPRIO_WHO_PROCESS, 0, (io->ioprio_class << IOPRIO_CLASS_SHIFT)
                                               | io->priority) < 0)
    return lc_error (err, errno, "process.ioPriority: ioprio_set %s %d", io->class_name,
                     io->priority);
  return 0;
}

static int
set_scheduler (const struct spec_scheduler *s, lc_error_t *err)
{
  struct sched_attr attr;

  if (s == NULL)
    return 0;
  memset (&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.sched_policy = (uint32_t) s->policy_value;
  attr.sched_flags = s->flags_value;
  attr.sched_nice = s->nice.set ? (int32_t) s->nice.v : 0;
  attr.sched_priority = s->priority.set ? (uint32_t) s->priority.v : 0;
  attr.sched_runtime = s->runtime.set ? s->runtime.v : 0;
  attr.sched_deadline = s->deadline.set ? s->deadline.v : 0;
  attr.sched_period = s->period.set ? s->period.v : 0;
  if (sys_sched_setattr (0, &attr, 0) < 0)
    return lc_error (err, errno, "process.scheduler: sched_setattr %s", s->policy);
  return 0;
}

/* "0-3,7" → a cpu set.  */
static int
parse_cpu_list (const char *list, cpu_set_t *set)
{
  const char *p = list;

  CPU_ZERO (set);
  while (*p)
    {
      char *end;
      unsigned long lo = strtoul (p, &end, 10), hi = lo;
      if (end == p)
        return -1;
      if (*end == '-')
        {
          p = end + 1;
          hi = strtoul (p, &end, 10);
          if (end == p || hi < lo)
            return -1;
        }
      if (hi >= CPU_SETSIZE)
        return -1;
      for (unsigned long c = lo; c <= hi; c++)
        CPU_SET (c, set);
      if (*end == ',')
        end++;
      else if (*end != '\0')
        return -1;
      p = end;
    }
  return 0;
}

static int
set_affinity (const char *list, const char *what, lc_error_t *err)
{
  cpu_set_t set;

  if (list == NULL || list[0] == '\0')
    return 0;
  if (parse_cpu_list (list, &set) < 0)
    return lc_error (err, 0, "process.execCPUAffinity.%s: invalid cpu list \"%s\"", what, list);
  if (sched_setaffinity (0, sizeof set, &set) < 0)
    return lc_error (err, errno, "process.execCPUAffinity.%s: sched_setaffinity \"%s\"", what,
                     list);
  return 0;
}

/* Open the cwd beneath "/" without magic links, then check where we
   landed: a cwd that resolves outside the root (a leaked host fd through
   /proc/self/fd/N, CVE-2024-21626) must not become ours.  */
static int
enter_cwd (const char *cwd, lc_error_t *err)
{
  struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
                          .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
  cleanup_close int root = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int fd = -1;
  char buf[PATH_MAX];

  if (root < 0)
    return lc_error (err, errno, "open `/`");
  fd = sys_openat2 (root, cwd, &how);
  if (fd < 0 && errno == ENOENT)
    {
      /* runc creates a missing cwd; do it inside the root only.  */
      fd = lc_mkdir_in_root (root, cwd, 0755, err);
      if (fd < 0)
        return lc_error_wrap (err, "process.cwd: create `%s`", cwd);
    }
  if (fd < 0)
    return lc_error (err, errno, "process.cwd: open `%s`", cwd);
  if (fchdir (fd) < 0)
    return lc_error (err, errno, "process.cwd: chdir to `%s`", cwd);
  if (getcwd (buf, sizeof buf) == NULL || buf[0] != '/')
    return lc_error (err, errno ? errno : EPERM,
                     "process.cwd: `%s` is outside the container's root", cwd);
  return 0;
}

/* The home field of uid's line in the container's /etc/passwd, or NULL
   (runc ignores every failure to read it, and so do we).  Opened beneath
   "/" (the container's root by now) without magic links, so a symlink to
   a host path resolves inside the container; only a regular file is read:
   a fifo would block the start and a device may never end.  */
static char *
passwd_home (uid_t uid)
{
  struct open_how how = { .flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
                          .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
  cleanup_close int root = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  cleanup_free char *line = NULL;
  char *home = NULL;
  size_t cap = 0;
  struct stat st;
  FILE *f;
  int fd;

  fd = root < 0 ? -1 : sys_openat2 (root, "/etc/passwd", &how);
  if (fd < 0)
    return NULL;
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || (f = fdopen (fd, "r")) == NULL)
    {
      close (fd);
      return NULL;
    }
  /* name:passwd:uid:gid:gecos:home:shell; the first line for uid wins.  */
  while (home == NULL && getline (&line, &cap, f) > 0)
    {
      char *field[7] = { NULL }, *end;
      unsigned long v;
      size_t n = 0;

      line[strcspn (line, "\n")] = '\0';
      for (char *p = line; n < 7 && (field[n] = strsep (&p, ":")) != NULL; n++)
        ;
      if (n < 6 || field[2][0] == '\0')
        continue;
      errno = 0;
      v = strtoul (field[2], &end, 10);
      if (errno == 0 && *end == '\0' && v == uid)
        home = xstrdup (field[5]);
    }
  fclose (f);
  return home;
}

/* process.env as runc sets it (os.Setenv in order): a later entry of a
   name replaces the earlier one where it stood.  */
static char **
env_dedup (char *const *in)
{
  size_t n = strv_len (in), k = 0;
  char **env = xzalloc ((n + 1) * sizeof *env);

  for (size_t i = 0; i < n; i++)
    {
      size_t len = strcspn (in[i], "=") + 1, j;

      for (j = 0; j < k; j++)
        if (strncmp (env[j], in[i], len) == 0)
          break;
      if (j < k)
        free (env[j]);
      env[j] = xstrdup (in[i]);
      k += j == k;
    }
  return env;
}

/* runc's rule: a process.env without HOME (or with an empty one) gets the
   user's home from the container's passwd, else "/"; an empty HOME is
   replaced where it stands.  Returns a new environment.  */
static char **
env_with_home (const struct spec_process *process)
{
  char **env = env_dedup (process->env ? process->env : (char *[]){ NULL });
  cleanup_free char *home = NULL;
  size_t i, n = strv_len (env);

  for (i = 0; i < n; i++)
    if (strncmp (env[i], "HOME=", 5) == 0)
      {
        if (env[i][5] != '\0')
          return env;
        break;
      }
  home = passwd_home (process->user.uid);
  if (i == n)
    {
      env = xreallocarray (env, n + 2, sizeof *env);
      env[n + 1] = NULL;
    }
  else
    free (env[i]);
  xasprintf (&env[i], "HOME=%s", home ? home : "/");
  return env;
}

int
lc_process_setup (const struct spec_process *process, char ***env, lc_error_t *err)
{
  if (set_rlimits (process, err) < 0 || set_io_priority (process->io_priority, err) < 0
      || set_scheduler (process->scheduler, err) < 0)
    return -1;
  if (process->exec_cpu_affinity
      && set_affinity (process->exec_cpu_affinity->initial, "initial", err) < 0)
    return -1;
  umask (process->user.umask.set ? (mode_t) process->user.umask.v : 0022);
  if (enter_cwd (process->cwd ? process->cwd : "/", err) < 0)
    return -1;
  *env = env_with_home (process);
  return 0;
}

/* ---- lc_process_exec ---------------------------------------------------- */

static int
set_personality (const struct spec_personality *p, lc_error_t *err)
{
  if (p == NULL)
    return 0;
  if (personality (p->domain_value) < 0)
    return lc_error (err, errno, "linux.personality: personality %s", p->domain);
  return 0;
}

/* Numeric ids only: a user name would be looked up in the container's
   /etc/passwd, which the container controls.  */
static int
switch_user (const struct spec_user *u, lc_error_t *err)
{
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl(PR_SET_KEEPCAPS)");
  if (setgroups (u->n_additional_gids, u->additional_gids) < 0)
    {
      /* A user namespace with setgroups "deny": fine when none asked.  */
      if (errno != EPERM || u->n_additional_gids > 0)
        return lc_error (err, errno, "setgroups for process.user.additionalGids");
      lc_debug ("setgroups: %s, ignoring (no additional gids)", strerror (errno));
    }
  if (setresgid (u->gid, u->gid, u->gid) < 0)
    return lc_error (err, errno, "setresgid %u", (unsigned) u->gid);
  if (setresuid (u->uid, u->uid, u->uid) < 0)
    return lc_error (err, errno, "setresuid %u", (unsigned) u->uid);
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl(PR_SET_KEEPCAPS, 0)");
  return 0;
}

static int
load_seccomp (const struct lc_exec_ctx *ctx, lc_error_t *err)
{
  cleanup_close int notify = -1;

  if (lc_seccomp_load (ctx->seccomp, &notify, err) < 0)
    return -1;
  if (notify < 0 || !lc_seccomp_wants_listener (ctx->seccomp))
    return 0;
  if (ctx->notify_socket < 0)
    return lc_error (err, 0, "linux.seccomp: SCMP_ACT_NOTIFY without a listenerPath");
  return lc_seccomp_send_listener (ctx->notify_socket, notify, ctx->state_json,
                                   lc_seccomp_listener_metadata (ctx->seccomp), err);
}

static int
apply_labels (const struct spec_process *p, lc_error_t *err)
{
  if (p->selinux_label && lc_selinux_set_exec_label (p->selinux_label, err) < 0)
    return -1;
  if (p->apparmor_profile && lc_apparmor_apply (p->apparmor_profile, err) < 0)
    return -1;
  if (p->no_new_privileges && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
  return 0;
}

int
lc_process_finalize (const struct lc_exec_ctx *ctx, lc_error_t *err)
{
  const struct spec_process *p = ctx->process;
  bool nnp = p->no_new_privileges;

  /* Nothing after a seccomp filter may depend on the profile allowing it
     (a recorded or older profile often lacks close_range or
     sched_setaffinity): the final affinity, and everything above stdio
     and the preserved fds marked close-on-exec (what moat opens later is
     O_CLOEXEC from birth; the sync socket's EOF then tells the parent
     that execve succeeded).  */
  if (p->exec_cpu_affinity && set_affinity (p->exec_cpu_affinity->final, "final", err) < 0)
    return -1;
  if (sys_close_range (3 + (unsigned) ctx->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    return lc_error (err, errno, "close_range");
  if (set_personality (ctx->personality, err) < 0)
    return -1;
  if (ctx->seccomp && !nnp && load_seccomp (ctx, err) < 0)
    return -1;
  if (lc_caps_drop_bounding (p->capabilities, err) < 0 || switch_user (&p->user, err) < 0
      || lc_caps_apply (p->capabilities, err) < 0 || apply_labels (p, err) < 0)
    return -1;
  if (ctx->seccomp && nnp && load_seccomp (ctx, err) < 0)
    return -1;
  return 0;
}

int
lc_process_exec (const struct lc_exec_ctx *ctx, lc_error_t *err)
{
  const struct spec_process *p = ctx->process;

  execve (ctx->exec_path, p->args, ctx->env);
  return lc_error (err, errno, "exec: \"%s\"", p->args[0]);
}
