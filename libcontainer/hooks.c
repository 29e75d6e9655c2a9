/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCI hooks: exec'ed with the state JSON on stdin, their args and env (or
   runc's defaults, see hooks.h), killed after `timeout` seconds.  One poll loop feeds stdin, collects
   output (for the error message) and waits on a pidfd: no sleeps.  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"
#include "log.h"
#include "syscalls.h"
#include "utils.h"

const char *const lc_hook_names[SPEC_HOOK_KIND_MAX] = {
  "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
};

struct hook_io
{
  const char *in;
  size_t in_len, in_off;
  char out[4096]; /* the tail of what the hook printed */
  size_t out_len;
  bool epipe; /* the hook exited, or closed stdin, before reading it all */
};

struct hook_base
{
  int dirfd;
  char *const *env;
};

static pid_t
spawn_hook (const struct spec_hook *h, const struct hook_base *base, int in_fd, int out_fd,
            lc_error_t *err)
{
  char *const default_args[] = { h->path, NULL };
  pid_t pid = fork ();

  if (pid < 0)
    return lc_error (err, errno, "fork");
  if (pid == 0)
    {
      /* stdin: the state; stdout and stderr: collected for the error.  */
      if (dup2 (in_fd, 0) < 0 || dup2 (out_fd, 1) < 0 || dup2 (out_fd, 2) < 0)
        _exit (127);
      if (base->dirfd >= 0 && fchdir (base->dirfd) < 0)
        _exit (127);
      sys_close_range (3, ~0U, 0);
      /* `moat run` blocks the signals it forwards to the container; a
         hook starts as any program does: nothing blocked.  */
      sigset_t none;
      sigemptyset (&none);
      sigprocmask (SIG_SETMASK, &none, NULL);
      signal (SIGPIPE, SIG_DFL);
      execve (h->path, h->args && h->args[0] ? h->args : default_args,
              h->env ? h->env : base->env ? base->env : (char *[]){ NULL });
      _exit (127);
    }
  return pid;
}

static void
keep_tail (struct hook_io *io, const char *buf, size_t n)
{
  if (n >= sizeof io->out)
    {
      memcpy (io->out, buf + n - sizeof io->out + 1, sizeof io->out - 1);
      io->out_len = sizeof io->out - 1;
      return;
    }
  if (io->out_len + n >= sizeof io->out)
    {
      size_t drop = io->out_len + n - (sizeof io->out - 1);
      memmove (io->out, io->out + drop, io->out_len - drop);
      io->out_len -= drop;
    }
  memcpy (io->out + io->out_len, buf, n);
  io->out_len += n;
}

static long
ms_left (const struct timespec *deadline)
{
  struct timespec now;
  if (deadline == NULL)
    return -1;
  clock_gettime (CLOCK_MONOTONIC, &now);
  return (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

/* Returns 0 when the hook exited (status in *status), 1 on timeout.  */
static int
drive_hook (int pidfd, int *in_fd, int out_fd, struct hook_io *io,
            const struct timespec *deadline, lc_error_t *err)
{
  for (;;)
    {
      struct pollfd pfd[3] = { { pidfd, POLLIN, 0 }, { out_fd, POLLIN, 0 },
                               { *in_fd, POLLOUT, 0 } };
      long left = ms_left (deadline);
      int r;

      if (deadline && left <= 0)
        return 1;
      r = poll (pfd, *in_fd >= 0 ? 3 : 2, deadline ? (int) left : -1);
      if (r < 0 && errno != EINTR)
        return lc_error (err, errno, "poll");
      if (r <= 0)
        continue;
      if (pfd[1].revents)
        {
          char buf[4096];
          ssize_t n = read (out_fd, buf, sizeof buf);
          if (n > 0)
            keep_tail (io, buf, (size_t) n);
        }
      if (*in_fd >= 0 && pfd[2].revents)
        {
          ssize_t n = write (*in_fd, io->in + io->in_off, io->in_len - io->in_off);
          if (n > 0)
            io->in_off += (size_t) n;
          if (n < 0 && errno == EPIPE)
            io->epipe = true;
          if (n < 0 || io->in_off == io->in_len)
            {
              close (*in_fd); /* EOF on the hook's stdin; EPIPE: it stopped reading */
              *in_fd = -1;
            }
        }
      if (pfd[0].revents)
        return 0;
    }
}

static const char *
last_line (struct hook_io *io)
{
  char *nl;
  while (io->out_len > 0 && io->out[io->out_len - 1] == '\n')
    io->out_len--;
  io->out[io->out_len] = '\0';
  nl = strrchr (io->out, '\n');
  return nl ? nl + 1 : io->out;
}

static int
run_one (const struct spec_hook *h, const struct hook_base *base, const char *what,
         const char *state, lc_error_t *err)
{
  int in[2] = { -1, -1 }, out[2] = { -1, -1 };
  cleanup_close int pidfd = -1;
  struct hook_io io = { .in = state ? state : "", .in_len = state ? strlen (state) : 0 };
  struct timespec deadline;
  sigset_t pipe_set, old_mask, pending;
  pid_t pid;
  int status = 0, ret;

  if (pipe2 (in, O_CLOEXEC) < 0 || pipe2 (out, O_CLOEXEC) < 0)
    return lc_error (err, errno, "%s: pipe", what);
  pid = spawn_hook (h, base, in[0], out[1], err);
  close (in[0]);
  close (out[1]);
  if (pid > 0)
    pidfd = sys_pidfd_open (pid, 0);
  if (pid < 0 || pidfd < 0)
    {
      close (in[1]);
      close (out[0]);
      if (pid > 0)
        kill (pid, SIGKILL), waitpid (pid, NULL, 0);
      return pid < 0 ? -1 : lc_error (err, errno, "%s: pidfd_open", what);
    }
  fcntl (in[1], F_SETFL, O_NONBLOCK);
  /* A hook need not read its stdin: when it exits first, the write fails
     with EPIPE and raises SIGPIPE, which must neither kill moat half-way
     through create (exit 141, a state dir left) nor, under `moat run`,
     where SIGPIPE is read from the signalfd, be forwarded to the container.
     Blocked here and the one the write raised taken, unless one was pending
     already (sent to moat by somebody, and coalesced with ours).  */
  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  sigprocmask (SIG_BLOCK, &pipe_set, &old_mask);
  sigpending (&pending);
  if (h->timeout.set)
    {
      clock_gettime (CLOCK_MONOTONIC, &deadline);
      deadline.tv_sec += h->timeout.v;
    }
  ret = drive_hook (pidfd, &in[1], out[0], &io, h->timeout.set ? &deadline : NULL, err);
  if (io.epipe && !sigismember (&pending, SIGPIPE))
    sigtimedwait (&pipe_set, NULL, &(struct timespec){ 0, 0 });
  sigprocmask (SIG_SETMASK, &old_mask, NULL);
  if (ret != 0)
    kill (pid, SIGKILL);
  TEMP_FAILURE_RETRY_INT (waitpid (pid, &status, 0));
  if (in[1] >= 0)
    close (in[1]);
  close (out[0]);
  if (ret < 0)
    return -1;
  if (ret == 1)
    return lc_error (err, 0, "%s: timed out after %llds", what, (long long) h->timeout.v);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  if (WIFSIGNALED (status))
    return lc_error (err, 0, "%s: killed by signal %d%s%s", what, WTERMSIG (status),
                     io.out_len ? ": " : "", last_line (&io));
  if (WEXITSTATUS (status) == 127 && io.out_len == 0)
    return lc_error (err, 0, "%s: cannot execute", what);
  return lc_error (err, 0, "%s: exit status %d%s%s", what, WEXITSTATUS (status),
                   io.out_len ? ": " : "", last_line (&io));
}

int
lc_hooks_run (const struct spec *spec, enum spec_hook_kind kind, int dirfd, char *const *env,
              const char *state_json, lc_error_t *err)
{
  const struct spec_hook_list *list = &spec->hooks[kind];
  const struct hook_base base = { .dirfd = dirfd, .env = env };

  for (size_t i = 0; i < list->n; i++)
    {
      cleanup_free char *what = NULL;
      xasprintf (&what, "%s hook #%zu (%s)", lc_hook_names[kind], i, list->hooks[i].path);
      if (run_one (&list->hooks[i], &base, what, state_json, err) == 0)
        continue;
      if (kind != SPEC_HOOK_POSTSTOP)
        return -1;
      /* poststop failures only warn: the container is gone already.  */
      lc_warn ("%s, ignoring", (*err)->msg);
      lc_error_free (err);
    }
  return 0;
}
