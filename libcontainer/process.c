/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container process's last steps before execve, shared by init and
   exec.  The order in lc_process_exec is the security argument: see the
   comment there.  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apparmor.h"
#include "caps.h"
#include "path.h"
#include "process.h"
#include "seccomp.h"
#include "selinux.h"
#include "syscalls.h"
#include "utils.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* ---- lc_process_resolve ---------------------------------------------------- */

static const char *
env_get (char *const *env, const char *key)
{
  size_t len = strlen (key);
  for (size_t i = 0; env && env[i]; i++)
    if (strncmp (env[i], key, len) == 0 && env[i][len] == '=')
      return env[i] + len + 1;
  return NULL;
}

static bool
is_executable_file (const char *path, int *saved_errno)
{
  struct stat st;
  if (stat (path, &st) < 0)
    {
      *saved_errno = errno;
      return false;
    }
  if (!S_ISREG (st.st_mode) || access (path, X_OK) < 0)
    {
      *saved_errno = S_ISDIR (st.st_mode) ? EISDIR : EACCES;
      return false;
    }
  return true;
}

int
lc_process_resolve (const struct spec_process *process, char **path, lc_error_t *err)
{
  const char *name = process->args ? process->args[0] : NULL;
  const char *search;
  int e = ENOENT;

  if (name == NULL || *name == '\0')
    return lc_error (err, 0, "exec: process.args is empty");
  if (strchr (name, '/'))
    {
      if (!is_executable_file (name, &e))
        return lc_error (err, e, "exec: \"%s\"", name);
      *path = xstrdup (name);
      return 0;
    }
  search = env_get (process->env, "PATH");
  if (search == NULL)
    search = DEFAULT_PATH;
  for (const char *p = search;; p = strchr (p, ':') + 1)
    {
      size_t len = strcspn (p, ":");
      cleanup_free char *candidate = NULL;
      /* An empty element means the current directory, as in execvp.  */
      xasprintf (&candidate, "%.*s%s%s", (int) len, len ? p : ".", "/", name);
      if (is_executable_file (candidate, &e))
        {
          *path = steal_pointer (&candidate);
          return 0;
        }
      if (p[len] == '\0')
        break;
    }
  return lc_error (err, 0, "exec: \"%s\": executable file not found in $PATH", name);
}

/* ---- lc_process_setup ------------------------------------------------------ */

static int
set_rlimits (const struct spec_process *p, lc_error_t *err)
{
  for (size_t i = 0; i < p->n_rlimits; i++)
    {
      struct rlimit rl = { .rlim_cur = p->rlimits[i].soft, .rlim_max = p->rlimits[i].hard };
      if (setrlimit (p->rlimits[i].resource, &rl) < 0)
        return lc_error (err, errno, "process.rlimits[%zu]: setrlimit %s", i,
                         p->rlimits[i].type);
    }
  return 0;
}

/* "0-3,7" → a cpu set.  */
static int
parse_cpu_list (const char *list, cpu_set_t *set, lc_error_t *err)
{
  const char *p = list;

  CPU_ZERO (set);
  while (*p)
    {
      char *end;
      unsigned long a = strtoul (p, &end, 10), b = a;
      if (end == p)
        return lc_error (err, 0, "process.execCPUAffinity: invalid cpu list \"%s\"", list);
      if (*end == '-')
        {
          p = end + 1;
          b = strtoul (p, &end, 10);
          if (end == p || b < a)
            return lc_error (err, 0, "process.execCPUAffinity: invalid cpu list \"%s\"", list);
        }
      if (b >= CPU_SETSIZE)
        return lc_error (err, 0, "process.execCPUAffinity: cpu %lu out of range", b);
      for (unsigned long c = a; c <= b; c++)
        CPU_SET (c, set);
      p = end;
      if (*p == ',')
        p++;
      else if (*p)
        return lc_error (err, 0, "process.execCPUAffinity: invalid cpu list \"%s\"", list);
    }
  return 0;
}

static int
set_affinity (const char *list, lc_error_t *err)
{
  cpu_set_t set;
  if (list == NULL)
    return 0;
  if (parse_cpu_list (list, &set, err) < 0)
    return -1;
  if (sched_setaffinity (0, sizeof set, &set) < 0)
    return lc_error (err, errno, "process.execCPUAffinity: sched_setaffinity \"%s\"", list);
  return 0;
}

/* struct sched_attr from linux/sched/types.h (glibc 2.36 lacks it).  */
struct sched_attr_
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

static int
set_scheduler (const struct spec_scheduler *s, lc_error_t *err)
{
  struct sched_attr_ attr = { .size = sizeof attr };

  if (s == NULL)
    return 0;
  attr.sched_policy = (uint32_t) s->policy_value;
  attr.sched_flags = s->flags_value;
  attr.sched_nice = s->nice.set ? (int32_t) s->nice.v : 0;
  attr.sched_priority = s->priority.set ? (uint32_t) s->priority.v : 0;
  attr.sched_runtime = s->runtime.v;
  attr.sched_deadline = s->deadline.v;
  attr.sched_period = s->period.v;
  if (syscall (__NR_sched_setattr, 0, &attr, 0) < 0)
    return lc_error (err, errno, "process.scheduler: sched_setattr %s", s->policy);
  return 0;
}

int
lc_process_set_personality (const struct spec_personality *pers, lc_error_t *err)
{
  if (pers == NULL)
    return 0;
  if (personality (pers->domain_value) < 0)
    return lc_error (err, errno, "linux.personality: personality %s", pers->domain);
  return 0;
}

static int
set_ioprio (const struct spec_io_priority *io, lc_error_t *err)
{
  if (io == NULL)
    return 0;
  /* IOPRIO_PRIO_VALUE(class, data) = class << 13 | data; IOPRIO_WHO_PROCESS = 1.  */
  if (sys_ioprio_set (1, 0, (io->ioprio_class << 13) | io->priority) < 0)
    return lc_error (err, errno, "process.ioPriority: ioprio_set %s %d", io->class_name,
                     io->priority);
  return 0;
}

/* chdir into process.cwd, creating it like runc, and make sure we really
   are inside the root: a cwd reached through a leaked host fd reads as
   "(unreachable)/..." or fails (CVE-2024-21626).  */
static int
enter_cwd (const char *cwd, lc_error_t *err)
{
  char buf[PATH_MAX];

  if (cwd == NULL || *cwd == '\0')
    cwd = "/";
  if (chdir (cwd) < 0)
    {
      cleanup_close int rootfd = -1;
      cleanup_close int fd = -1;
      if (errno != ENOENT)
        return lc_error (err, errno, "process.cwd: chdir `%s`", cwd);
      rootfd = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (rootfd < 0)
        return lc_error (err, errno, "open `/`");
      fd = lc_mkdir_in_root (rootfd, cwd, 0755, err);
      if (fd < 0)
        return lc_error_wrap (err, "process.cwd: create `%s`", cwd);
      if (fchdir (fd) < 0)
        return lc_error (err, errno, "process.cwd: chdir `%s`", cwd);
    }
  if (getcwd (buf, sizeof buf) == NULL || buf[0] != '/')
    return lc_error (err, errno ? errno : ENOENT,
                     "process.cwd: `%s` is not inside the container", cwd);
  return 0;
}

int
lc_process_setup (const struct spec_process *p, lc_error_t *err)
{
  if (set_rlimits (p, err) < 0 || set_ioprio (p->io_priority, err) < 0 || set_scheduler (p->scheduler, err) < 0
      || set_affinity (p->exec_cpu_affinity ? p->exec_cpu_affinity->initial : NULL, err) < 0)
    return -1;
  umask (p->user.umask.set ? (mode_t) p->user.umask.v : 022);
  return enter_cwd (p->cwd, err);
}

/* ---- lc_process_exec ------------------------------------------------------- */

/* setgroups/setresgid/setresuid with numeric ids only (never a name lookup
   in the container's /etc/passwd), keeping the permitted capabilities
   across the switch so lc_caps_apply can set the configured ones.  */
static int
switch_user (const struct spec_user *u, lc_error_t *err)
{
  cleanup_free gid_t *gids = xzalloc ((u->n_additional_gids + 1) * sizeof (gid_t));

  for (size_t i = 0; i < u->n_additional_gids; i++)
    gids[i] = u->additional_gids[i];
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl(PR_SET_KEEPCAPS)");
  /* setgroups is denied in a user namespace with setgroups=deny; an empty
     list is what that namespace already has.  */
  if (setgroups (u->n_additional_gids, gids) < 0
      && !(errno == EPERM && u->n_additional_gids == 0))
    return lc_error (err, errno, "process.user.additionalGids: setgroups");
  if (setresgid (u->gid, u->gid, u->gid) < 0)
    return lc_error (err, errno, "process.user.gid: setresgid %u", u->gid);
  if (setresuid (u->uid, u->uid, u->uid) < 0)
    return lc_error (err, errno, "process.user.uid: setresuid %u", u->uid);
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl(PR_SET_KEEPCAPS)");
  return 0;
}

static int
load_seccomp (const struct lc_exec_ctx *ctx, lc_error_t *err)
{
  int notify_fd = -1;
  int ret;

  if (ctx->seccomp == NULL)
    return 0;
  if (lc_seccomp_load (ctx->seccomp, &notify_fd, err) < 0)
    return -1;
  if (notify_fd < 0)
    return 0;
  ret = lc_seccomp_send_listener (ctx->notify_socket, notify_fd, ctx->state_json,
                                  lc_seccomp_listener_metadata (ctx->seccomp), err);
  close (notify_fd);
  return ret;
}

/* Close every fd above stdio and the preserved ones at execve: the sync and
   exec sockets close then, which is how the parent learns exec worked.  */
static int
close_fds_on_exec (int preserve_fds, lc_error_t *err)
{
  unsigned first = 3 + (unsigned) (preserve_fds > 0 ? preserve_fds : 0);

  if (sys_close_range (first, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
    return 0;
  for (int fd = (int) first; fd < 65536; fd++)
    {
      int fl = fcntl (fd, F_GETFD);
      if (fl >= 0 && fcntl (fd, F_SETFD, fl | FD_CLOEXEC) < 0)
        return lc_error (err, errno, "fcntl(FD_CLOEXEC) on fd %d", fd);
    }
  return 0;
}

/* The order matters:
   1. seccomp early only when no_new_privs is off: loading a filter then
      needs CAP_SYS_ADMIN, which the capability step may drop;
   2. the bounding set shrinks while we still hold CAP_SETPCAP;
   3. the user switch keeps permitted caps (KEEPCAPS), then the configured
      sets are applied: inheritable stays empty unless asked for;
   4. LSM labels take effect at execve;
   5. no_new_privs, then seccomp as late as possible so the runtime's own
      set-up is not filtered;
   6. every fd but stdio and the preserved ones closes at execve.  */
int
lc_process_exec (const struct lc_exec_ctx *ctx, lc_error_t *err)
{
  const struct spec_process *p = ctx->process;
  const char *final = p->exec_cpu_affinity ? p->exec_cpu_affinity->final : NULL;

  if (!p->no_new_privileges && load_seccomp (ctx, err) < 0)
    return -1;
  if (lc_caps_drop_bounding (p->capabilities, err) < 0 || switch_user (&p->user, err) < 0
      || lc_caps_apply (p->capabilities, err) < 0)
    return -1;
  if (p->selinux_label && lc_selinux_set_exec_label (p->selinux_label, err) < 0)
    return -1;
  if (p->apparmor_profile && lc_apparmor_apply (p->apparmor_profile, err) < 0)
    return -1;
  if (p->no_new_privileges && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
  if (p->no_new_privileges && load_seccomp (ctx, err) < 0)
    return -1;
  if (set_affinity (final, err) < 0 || close_fds_on_exec (ctx->preserve_fds, err) < 0)
    return -1;
  execve (ctx->exec_path, p->args, p->env ? p->env : (char *[]){ NULL });
  return lc_error (err, errno, "exec: \"%s\"", ctx->exec_path);
}
