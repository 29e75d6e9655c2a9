/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The parent/child start-up protocol: a SOCK_SEQPACKET socketpair, one
   message per step.  A process of moat becomes visible in a container's
   pid namespace only in its last stage, once it stands in the container's
   mount namespace and root with no host fd but these sockets (exec.c's
   stages, init.c's joined pid namespace, proc-helper.c).  Each message carries either success or an error
   (errno + text), so a failure inside the container reaches the user with
   its real cause.  Parent and child walk the same list of steps; see
   docs/architecture.md for the sequence diagram.  */
#ifndef LC_SYNC_H
#define LC_SYNC_H

#include <stdint.h>
#include "error.h"

enum lc_sync_step
{
  SYNC_CHILD_ALIVE = 1,    /* child → parent: namespaces joined/unshared */
  SYNC_USERMAP_REQ,        /* child → parent: write my uid/gid maps */
  SYNC_USERMAP_DONE,       /* parent → child */
  SYNC_INIT_PID,           /* child → parent: pid of the real init (after the pid-ns fork),
                              or exec's stage 2 */
  SYNC_CGROUP_JOINED,      /* parent → init or exec's stage 1: now in the container's
                              cgroup (only when CLONE_INTO_CGROUP was refused) */
  SYNC_MOUNT_SOURCES,      /* init → parent (user namespace): open the bind sources */
  SYNC_MOUNT_SOURCE,       /* parent → init: one, value = mounts[] index (SCM_RIGHTS) */
  SYNC_PROC_MOUNT,         /* create joining a pid ns by path, proc helper → init:
                              a detached proc mount of that pid ns (SCM_RIGHTS),
                              value = the index in mounts[] */
  SYNC_HOOKS_PRESTART,     /* child → parent: run prestart + createRuntime now */
  SYNC_HOOKS_DONE,         /* parent → child */
  SYNC_PTY_MASTER,         /* child → parent: pty master attached (SCM_RIGHTS) */
  SYNC_READY,              /* child → parent: created; waiting for start */
  SYNC_START,              /* parent/start → child: go */
  SYNC_ERROR,              /* either way: payload is the error text */
};

struct lc_sync_msg
{
  uint32_t step;
  int32_t status;   /* errno for SYNC_ERROR */
  int64_t value;    /* step data (a pid, ...) */
  char text[3072];  /* NUL-terminated error text or small payload */
};

const char *lc_sync_step_name (enum lc_sync_step step);
/* Send a step (fd_to_pass >= 0 rides along with SCM_RIGHTS).  */
int lc_sync_send (int sock, enum lc_sync_step step, int64_t value, int fd_to_pass,
                  lc_error_t *err);
/* Send the error `e` as SYNC_ERROR.  */
int lc_sync_send_error (int sock, const lc_error_t e);
/* Wait for `expect`; a SYNC_ERROR from the peer becomes *err (its text),
   EOF becomes "container init exited unexpectedly".  *fd_out gets a passed
   fd when non-NULL.  */
int lc_sync_wait (int sock, enum lc_sync_step expect, int64_t *value, int *fd_out,
                  lc_error_t *err);
/* A step with a text payload (< LC_SYNC_TEXT_MAX bytes with its NUL), e.g.
   the state JSON that SYNC_START hands to startContainer hooks.  */
#define LC_SYNC_TEXT_MAX (128 * 1024)
int lc_sync_send_text (int sock, enum lc_sync_step step, int64_t value, const char *text,
                       lc_error_t *err);
int lc_sync_wait_text (int sock, enum lc_sync_step expect, int64_t *value, char **text,
                       lc_error_t *err);
/* `n` messages of `step`, each an fd for the slot its value names
   (fds[0..nfds), all -1 on entry); a repeated or out-of-range slot is a
   protocol error.  On failure the fds received so far stay in fds[].  */
int lc_sync_wait_fds (int sock, enum lc_sync_step step, size_t n, int *fds, size_t nfds,
                      lc_error_t *err);
/* After SYNC_START: EOF means execve closed the CLOEXEC socket (success),
   SYNC_ERROR carries the failure of the last steps.  */
int lc_sync_wait_exec (int sock, lc_error_t *err);
/* Receive whatever step comes next (the parent's create loop); EOF is
   "container init exited unexpectedly", a SYNC_ERROR becomes *err.  */
int lc_sync_recv (int sock, struct lc_sync_msg *msg, int *fd_out, lc_error_t *err);

#endif
