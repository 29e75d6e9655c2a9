/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container process's last steps, shared by init and exec:
 *   lc_process_resolve     PATH lookup of args[0] inside the container
 *                          (done before reporting "created" so a missing
 *                          binary fails `create`, as runc does)
 *   lc_process_setup       rlimits, personality, ioPriority, scheduler,
 *                          execCPUAffinity, umask, cwd (checked to be inside
 *                          the root: CVE-2024-21626), HOME from the
 *                          container's /etc/passwd
 *   lc_process_finalize    the ordered security finale: final CPU affinity
 *                          and fds above stdio+preserved marked CLOEXEC
 *                          (before any filter), seccomp (early when
 *                          !noNewPrivileges), caps bounding, keep-caps user
 *                          switch (setgroups/setresgid/setresuid), caps sets,
 *                          SELinux exec label, AppArmor, no_new_privs,
 *                          seccomp (late)
 *   -- init runs the startContainer hooks here, under all of it, as runc --
 *   lc_process_exec        execve.  Returns only on failure.
 */
#ifndef LC_PROCESS_H
#define LC_PROCESS_H

#include <stdbool.h>
#include "error.h"
#include "spec.h"

struct lc_seccomp;

struct lc_exec_ctx
{
  const struct spec_process *process;
  const struct lc_seccomp *seccomp; /* compiled filter or NULL */
  const char *exec_path;            /* from lc_process_resolve */
  int preserve_fds;
  int notify_socket;                /* seccomp listener connection or -1 */
  /* Optional (NULL when unset): linux.personality, applied just before
     the security steps; the container's state JSON for the seccomp
     listener's containerProcessState (NULL sends {}).  */
  const struct spec_personality *personality;
  const char *state_json;
  char **env; /* from lc_process_setup: process->env, HOME added */
};

/* Resolve args[0] against PATH from process->env (default PATH when
   absent); *path is malloc'ed.  Errors as runc words them:
   `exec: "foo": executable file not found in $PATH`.  */
int lc_process_resolve (const struct spec_process *process, char **path, lc_error_t *err);
/* *env (malloc'ed, for lc_exec_ctx.env) is process->env with HOME set
   as runc sets it: from the container's /etc/passwd for process.user.uid
   when env has no HOME or an empty one, else "/".  */
int lc_process_setup (const struct spec_process *process, char ***env, lc_error_t *err);
int lc_process_finalize (const struct lc_exec_ctx *ctx, lc_error_t *err);
int lc_process_exec (const struct lc_exec_ctx *ctx, lc_error_t *err);

#endif
