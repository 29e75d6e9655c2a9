/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The parent/child start-up protocol over a SOCK_SEQPACKET socketpair: one
   fixed-size message per step, so a short read is a protocol error and a
   zero-length read is the peer's death (or its execve closing the CLOEXEC
   end).  */
#include "config.h"
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sync.h"
#include "utils.h"

static const char *const step_names[] = {
  [SYNC_CHILD_ALIVE] = "child-alive",
  [SYNC_USERMAP_REQ] = "usermap-request",
  [SYNC_USERMAP_DONE] = "usermap-done",
  [SYNC_INIT_PID] = "init-pid",
  [SYNC_CGROUP_JOINED] = "cgroup-joined",
  [SYNC_MOUNT_SOURCES] = "mount-sources",
  [SYNC_MOUNT_SOURCE] = "mount-source",
  [SYNC_PROC_MOUNT] = "proc-mount",
  [SYNC_HOOKS_PRESTART] = "hooks-prestart",
  [SYNC_HOOKS_DONE] = "hooks-done",
  [SYNC_PTY_MASTER] = "pty-master",
  [SYNC_READY] = "ready",
  [SYNC_START] = "start",
  [SYNC_ERROR] = "error",
};

const char *
lc_sync_step_name (enum lc_sync_step step)
{
  if ((size_t) step < ARRAY_SIZE (step_names) && step_names[step])
    return step_names[step];
  return "unknown";
}

static int
send_msg (int sock, const struct lc_sync_msg *msg, int fd_to_pass)
{
  struct iovec iov = { .iov_base = (void *) msg,
                       .iov_len = offsetof (struct lc_sync_msg, text)
                                  + strlen (msg->text) + 1 };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

  if (fd_to_pass >= 0)
    {
      struct cmsghdr *c;
      memset (&u, 0, sizeof u);
      mh.msg_control = u.buf;
      mh.msg_controllen = sizeof u.buf;
      c = CMSG_FIRSTHDR (&mh);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN (sizeof (int));
      memcpy (CMSG_DATA (c), &fd_to_pass, sizeof (int));
    }
  if (TEMP_FAILURE_RETRY_INT (sendmsg (sock, &mh, MSG_NOSIGNAL)) < 0)
    return -1;
  return 0;
}

/* Text payloads (the state JSON, whose annotations can be large) travel
   in one message of header + text; SEQPACKET keeps it whole.  */
#define TEXT_MAX LC_SYNC_TEXT_MAX

int
lc_sync_send_text (int sock, enum lc_sync_step step, int64_t value, const char *text,
                   lc_error_t *err)
{
  size_t len = text ? strlen (text) : 0;
  size_t hdr = offsetof (struct lc_sync_msg, text);
  cleanup_free char *buf = NULL;
  struct lc_sync_msg *msg;

  if (len >= TEXT_MAX)
    return lc_error (err, E2BIG, "sync `%s`: payload too large", lc_sync_step_name (step));
  buf = xzalloc (hdr + len + 1);
  msg = (struct lc_sync_msg *) buf;
  msg->step = step;
  msg->value = value;
  if (len)
    memcpy (buf + hdr, text, len);
  if (TEMP_FAILURE_RETRY_INT (send (sock, buf, hdr + len + 1, MSG_NOSIGNAL)) < 0)
    return lc_error (err, errno, "sync: send `%s`", lc_sync_step_name (step));
  return 0;
}

int
lc_sync_send (int sock, enum lc_sync_step step, int64_t value, int fd_to_pass,
              lc_error_t *err)
{
  struct lc_sync_msg msg = { .step = step, .value = value };

  if (send_msg (sock, &msg, fd_to_pass) < 0)
    return lc_error (err, errno, "sync: send `%s`", lc_sync_step_name (step));
  return 0;
}

int
lc_sync_send_error (int sock, const lc_error_t e)
{
  struct lc_sync_msg msg = { .step = SYNC_ERROR };

  msg.status = e ? e->status : 0;
  snprintf (msg.text, sizeof msg.text, "%s", e && e->msg ? e->msg : "unknown error");
  return send_msg (sock, &msg, -1);
}

/* Receive one message; returns its length (0 on EOF).  A passed fd lands
   in *fd (or is closed when the caller did not ask for one).  */
static ssize_t
recv_msg_sized (int sock, struct lc_sync_msg *msg, size_t size, int *fd)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct iovec iov = { .iov_base = msg, .iov_len = size };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
                       .msg_control = u.buf, .msg_controllen = sizeof u.buf };
  struct cmsghdr *c;
  ssize_t n;

  memset (msg, 0, offsetof (struct lc_sync_msg, text) + 1);
  n = TEMP_FAILURE_RETRY_INT (recvmsg (sock, &mh, MSG_CMSG_CLOEXEC));
  if (n < 0)
    return -1;
  for (c = CMSG_FIRSTHDR (&mh); c; c = CMSG_NXTHDR (&mh, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      {
        int got;
        memcpy (&got, CMSG_DATA (c), sizeof got);
        if (fd && *fd < 0)
          *fd = got;
        else
          close (got);
      }
  if (n > 0)
    ((char *) msg)[size - 1] = '\0';
  return n;
}

static ssize_t
recv_msg (int sock, struct lc_sync_msg *msg, int *fd)
{
  return recv_msg_sized (sock, msg, sizeof *msg, fd);
}

static int
check_msg (const struct lc_sync_msg *msg, ssize_t n, enum lc_sync_step expect,
           lc_error_t *err)
{
  if (n < (ssize_t) offsetof (struct lc_sync_msg, text) + 1)
    return lc_error (err, EPROTO, "sync: short message waiting for `%s`",
                     lc_sync_step_name (expect));
  if (msg->step == SYNC_ERROR)
    {
      /* The peer's error, verbatim: it already carries strerror.  */
      lc_error (err, 0, "%s", msg->text);
      if (err && *err)
        (*err)->status = msg->status;
      return -1;
    }
  if (msg->step != expect)
    return lc_error (err, EPROTO, "sync: got `%s` while waiting for `%s`",
                     lc_sync_step_name (msg->step), lc_sync_step_name (expect));
  return 0;
}

int
lc_sync_wait (int sock, enum lc_sync_step expect, int64_t *value, int *fd_out,
              lc_error_t *err)
{
  struct lc_sync_msg msg;
  int fd = -1;
  ssize_t n;

  n = recv_msg (sock, &msg, fd_out ? &fd : NULL);
  if (n < 0)
    return lc_error (err, errno, "sync: receive `%s`", lc_sync_step_name (expect));
  if (n == 0)
    return lc_error (err, 0, "container init exited unexpectedly");
  if (check_msg (&msg, n, expect, err) < 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  if (value)
    *value = msg.value;
  if (fd_out)
    *fd_out = fd;
  return 0;
}

int
lc_sync_wait_text (int sock, enum lc_sync_step expect, int64_t *value, char **text,
                   lc_error_t *err)
{
  size_t size = offsetof (struct lc_sync_msg, text) + TEXT_MAX;
  cleanup_free char *buf = xmalloc (size);
  struct lc_sync_msg *msg = (struct lc_sync_msg *) buf;
  ssize_t n;

  n = recv_msg_sized (sock, msg, size, NULL);
  if (n < 0)
    return lc_error (err, errno, "sync: receive `%s`", lc_sync_step_name (expect));
  if (n == 0)
    return lc_error (err, 0, "container init exited unexpectedly");
  if (check_msg (msg, n, expect, err) < 0)
    return -1;
  if (value)
    *value = msg->value;
  if (text)
    *text = xstrdup (buf + offsetof (struct lc_sync_msg, text));
  return 0;
}

int
lc_sync_wait_exec (int sock, lc_error_t *err)
{
  struct lc_sync_msg msg;
  ssize_t n;

  n = recv_msg (sock, &msg, NULL);
  if (n < 0)
    return lc_error (err, errno, "sync: wait for the container process to start");
  if (n == 0)
    return 0; /* execve closed the CLOEXEC end: the process runs */
  return check_msg (&msg, n, SYNC_ERROR, err) < 0 ? -1
         : lc_error (err, EPROTO, "sync: unexpected message after start");
}

int
lc_sync_recv (int sock, struct lc_sync_msg *msg, int *fd_out, lc_error_t *err)
{
  int fd = -1;
  ssize_t n;

  n = recv_msg (sock, msg, fd_out ? &fd : NULL);
  if (n < 0)
    return lc_error (err, errno, "sync: receive");
  if (n == 0)
    return lc_error (err, 0, "container init exited unexpectedly");
  if (check_msg (msg, n, (enum lc_sync_step) msg->step, err) < 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  if (fd_out)
    *fd_out = fd;
  return 0;
}

int
lc_sync_wait_fds (int sock, enum lc_sync_step step, size_t n, int *fds, size_t nfds,
                  lc_error_t *err)
{
  for (size_t k = 0; k < n; k++)
    {
      int64_t i;
      int fd = -1;

      if (lc_sync_wait (sock, step, &i, &fd, err) < 0)
        return -1;
      if (i < 0 || (size_t) i >= nfds || fd < 0 || fds[i] >= 0)
        {
          if (fd >= 0)
            close (fd);
          return lc_error (err, EPROTO, "sync: bad `%s` for slot %lld", lc_sync_step_name (step),
                           (long long) i);
        }
      fds[i] = fd;
    }
  return 0;
}
