/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* systemd's protocols for the container, as runc gives them:

   sd_notify: with NOTIFY_SOCKET in the runtime's environment, create makes
   STATE/notify/ and bind-mounts it read-only (nosuid, nodev, noexec) at
   /run/notify with NOTIFY_SOCKET=/run/notify/notify.sock in the process's
   environment; start (and run) binds notify.sock there, starts the
   container and relays its state messages (READY=, STATUS=, ERRNO=) to the
   host's socket until one says READY=, adding MAINPID=<init's pid>, then
   waits for systemd's
   acknowledgement (BARRIER=1).  Nothing is relayed before start: the
   socket does not exist until then.

   Socket activation: LISTEN_FDS passed to `moat create/run` (LISTEN_PID
   being moat's pid) are the container's fds 3.., before --preserve-fds,
   with LISTEN_FDS=N and LISTEN_PID=1 in its environment.  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "container.h"
#include "log.h"
#include "notify.h"
#include "utils.h"

#define NOTIFY_DIR "notify"
#define NOTIFY_IN_CONTAINER "/run/notify"
/* How long the barrier waits for systemd to close the pipe, as runc.  */
#define BARRIER_MS 30000

static void
add_env (struct spec_process *p, const char *kv)
{
  p->env = xreallocarray (p->env, p->n_env + 2, sizeof *p->env);
  p->env[p->n_env++] = xstrdup (kv);
  p->env[p->n_env] = NULL;
}

static void
add_notify_mount (struct spec *spec, const char *source)
{
  static const char *const opts[] = { "bind", "nosuid", "noexec", "nodev", "ro" };
  struct spec_mount *m;
  size_t i;

  spec->mounts = xreallocarray (spec->mounts, spec->n_mounts + 1, sizeof *spec->mounts);
  m = &spec->mounts[spec->n_mounts++];
  memset (m, 0, sizeof *m);
  m->destination = xstrdup (NOTIFY_IN_CONTAINER);
  m->source = xstrdup (source);
  m->type = xstrdup ("bind");
  m->options = xzalloc ((ARRAY_SIZE (opts) + 1) * sizeof *m->options);
  for (i = 0; i < ARRAY_SIZE (opts); i++)
    m->options[i] = xstrdup (opts[i]);
  m->n_options = ARRAY_SIZE (opts);
}

int
lc_notify_prepare (struct spec *spec, int statefd, const char *state_dir, lc_error_t *err)
{
  cleanup_free char *source = NULL;

  if (mkdirat (statefd, NOTIFY_DIR, 0755) < 0)
    return lc_error (err, errno, "mkdir `%s/" NOTIFY_DIR "`", state_dir);
  xasprintf (&source, "%s/" NOTIFY_DIR, state_dir);
  add_notify_mount (spec, source);
  add_env (spec->process, "NOTIFY_SOCKET=" NOTIFY_IN_CONTAINER "/notify.sock");
  return 0;
}

void
lc_listen_fds_env (struct spec *spec, int n)
{
  char kv[32];

  snprintf (kv, sizeof kv, "LISTEN_FDS=%d", n);
  add_env (spec->process, kv);
  add_env (spec->process, "LISTEN_PID=1");
}

int
lc_listen_fds (void)
{
  const char *pid = getenv ("LISTEN_PID"), *fds = getenv ("LISTEN_FDS");
  char *end;
  long n;

  /* Meant for another process (systemd sets the pid it execs): not ours.  */
  if (pid == NULL || fds == NULL || strtol (pid, NULL, 10) != (long) getpid ())
    return 0;
  n = strtol (fds, &end, 10);
  if (*end || n < 0 || n > 1024)
    return 0;
  return (int) n;
}

int
lc_notify_listen (int statefd, const char *id, lc_error_t *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int fd = -1;

  if (faccessat (statefd, NOTIFY_DIR, F_OK, 0) < 0)
    return lc_error (err, 0, "NOTIFY_SOCKET is set but container `%s` was created without it",
                     id);
  /* Through the state dir fd: a long --root cannot overflow sun_path.  */
  snprintf (addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/" NOTIFY_DIR "/notify.sock",
            statefd);
  unlinkat (statefd, NOTIFY_DIR "/notify.sock", 0);
  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    return lc_error (err, errno, "socket");
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    return lc_error (err, errno, "bind the notify socket of container `%s`", id);
  /* Any user of the container may notify, as with systemd's own socket.  */
  if (fchmodat (statefd, NOTIFY_DIR "/notify.sock", 0777, 0) < 0)
    return lc_error (err, errno, "chmod the notify socket");
  return steal_fd (&fd);
}

/* The host's NOTIFY_SOCKET, connected ("@name": abstract, as sd_notify).  */
int
lc_notify_connect (const char *path, lc_error_t *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  size_t len = strlen (path);
  cleanup_close int fd = -1;

  if (len == 0 || len >= sizeof addr.sun_path || (path[0] != '/' && path[0] != '@'))
    return lc_error (err, 0, "NOTIFY_SOCKET: invalid `%s`", path);
  memcpy (addr.sun_path, path, len);
  if (path[0] == '@')
    addr.sun_path[0] = '\0';
  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return lc_error (err, errno, "socket");
  if (connect (fd, (struct sockaddr *) &addr,
               (socklen_t) (offsetof (struct sockaddr_un, sun_path) + len)) < 0)
    return lc_error (err, errno, "connect to NOTIFY_SOCKET `%s`", path);
  return steal_fd (&fd);
}

/* sd_notify_barrier: BARRIER=1 with a pipe's write end; systemd closes it
   once it has processed what came before.  A manager that does not know
   the protocol never closes it: after BARRIER_MS, a warning.  */
static int
barrier (int host, lc_error_t *err)
{
  char cbuf[CMSG_SPACE (sizeof (int))] = { 0 };
  struct iovec iov = { (char *) "BARRIER=1", 9 };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                        .msg_controllen = sizeof cbuf };
  struct cmsghdr *cm = CMSG_FIRSTHDR (&msg);
  struct pollfd p;
  int fds[2], r;

  if (pipe2 (fds, O_CLOEXEC) < 0)
    return lc_error (err, errno, "pipe");
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cm), &fds[1], sizeof (int));
  r = (int) sendmsg (host, &msg, MSG_NOSIGNAL);
  close (fds[1]);
  if (r < 0)
    {
      close (fds[0]);
      return lc_error (err, errno, "NOTIFY_SOCKET: send BARRIER=1");
    }
  p = (struct pollfd) { .fd = fds[0], .events = POLLIN };
  r = TEMP_FAILURE_RETRY_INT (poll (&p, 1, BARRIER_MS));
  close (fds[0]);
  if (r == 0)
    lc_warn ("NOTIFY_SOCKET: no acknowledgement of BARRIER=1 after %d s, ignoring",
             BARRIER_MS / 1000);
  return 0;
}

/* Only what tells the manager about the service's state passes: READY=,
   STATUS=, ERRNO=.  Never MAINPID= (a pid of the container's namespace;
   moat says which pid is main), NOTIFYACCESS=, WATCHDOG_USEC=, FDSTORE=
   or the like, which would let the container reconfigure the host's unit.
   Returns whether it said READY=.  */
static bool
passes (const char *line)
{
  return strncmp (line, "READY=", 6) == 0 || strncmp (line, "STATUS=", 7) == 0
         || strncmp (line, "ERRNO=", 6) == 0;
}

static bool
filter (char *buf, size_t *len)
{
  char *in = buf, *out = buf, *end = buf + *len;
  bool ready = false;

  while (in < end)
    {
      char *nl = memchr (in, '\n', (size_t) (end - in));
      size_t n = (size_t) ((nl ? nl + 1 : end) - in);

      if (strncmp (in, "READY=", 6) == 0)
        ready = true;
      if (passes (in))
        {
          memmove (out, in, n);
          out += n;
        }
      in += n;
    }
  *len = (size_t) (out - buf);
  return ready;
}

static int
forward_ready (int host, char *buf, size_t len, pid_t pid, lc_error_t *err)
{
  char mainpid[32];
  int n;

  if (len > 0 && buf[len - 1] != '\n')
    buf[len++] = '\n';
  n = snprintf (mainpid, sizeof mainpid, "MAINPID=%d\n", (int) pid);
  memcpy (buf + len, mainpid, (size_t) n);
  if (send (host, buf, len + (size_t) n, MSG_NOSIGNAL) < 0)
    return lc_error (err, errno, "NOTIFY_SOCKET: send");
  return barrier (host, err);
}

int
lc_notify_relay (int sock, int host, int pidfd, pid_t pid, lc_error_t *err)
{
  char buf[4096 + 64];

  for (;;)
    {
      struct pollfd p[2] = { { .fd = sock, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
      ssize_t n;
      size_t len;

      if (poll (p, 2, -1) < 0 && errno != EINTR)
        return lc_error (err, errno, "poll the notify socket");
      n = recv (sock, buf, 4096, MSG_DONTWAIT);
      if (n < 0 && errno != EAGAIN && errno != EINTR)
        return lc_error (err, errno, "recv from the notify socket");
      len = n > 0 ? (size_t) n : 0;
      if (n > 0 && filter (buf, &len))
        return forward_ready (host, buf, len, pid, err);
      if (n > 0 && len > 0 && send (host, buf, len, MSG_NOSIGNAL) < 0)
        return lc_error (err, errno, "NOTIFY_SOCKET: send");
      if (n <= 0 && (p[1].revents & POLLIN))
        return 0; /* init exited without READY=: nothing to tell */
    }
}
