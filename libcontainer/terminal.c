/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* process.terminal: the pty is made inside the container (its devpts), the
   slave becomes the controlling terminal and stdio, the master goes out to
   --console-socket (runc's protocol: one sendmsg, SCM_RIGHTS of the master,
   its name as data) or to a foreground proxy.  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "syscalls.h"
#include "terminal.h"
#include "utils.h"

/* The process must be able to reopen its terminal (/dev/tty, /dev/stdin)
   once it is no longer root: the slave becomes its uid's, as runc's
   fixStdioPermissions does; the gid stays the one devpts gave (its gid=
   option, tty in the default spec).  runc skips the errors that mean the
   ids are not mapped here or /dev/pts is read-only, and so do we.  */
static int
own_slave (int slave, uid_t uid, lc_error_t *err)
{
  if (fchown (slave, uid, (gid_t) -1) == 0 || errno == EINVAL || errno == EPERM
      || errno == EROFS)
    return 0;
  return lc_error (err, errno, "chown the pty slave to uid %u", (unsigned) uid);
}

int
lc_terminal_create (const struct spec_process *process, int *slave_fd, lc_error_t *err)
{
  cleanup_close int master = -1;
  cleanup_close int slave = -1;
  int unlock = 0;

  master = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0)
    return lc_error (err, errno, "open `/dev/ptmx`");
  if (ioctl (master, TIOCSPTLCK, &unlock) < 0)
    return lc_error (err, errno, "unlock pty");
  /* The peer through the master fd, not through a /dev/pts path the
     container could have replaced.  */
  slave = ioctl (master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0)
    return lc_error (err, errno, "open pty slave");
  if (process->has_console_size)
    {
      struct winsize ws = { .ws_row = (unsigned short) process->console_size.height,
                            .ws_col = (unsigned short) process->console_size.width };
      if (ioctl (slave, TIOCSWINSZ, &ws) < 0)
        return lc_error (err, errno, "set the terminal size");
    }
  if (own_slave (slave, process->user.uid, err) < 0)
    return -1;
  if (ioctl (slave, TIOCSCTTY, 0) < 0)
    return lc_error (err, errno, "make the pty the controlling terminal");
  for (int i = 0; i < 3; i++)
    if (dup2 (slave, i) < 0)
      return lc_error (err, errno, "dup2 the pty slave to fd %d", i);
  *slave_fd = steal_fd (&slave);
  return steal_fd (&master);
}

int
lc_console_socket_connect (const char *path, lc_error_t *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int fd = -1;

  if (strlen (path) >= sizeof addr.sun_path)
    return lc_error (err, ENAMETOOLONG, "console socket `%s`", path);
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return lc_error (err, errno, "socket");
  if (TEMP_FAILURE_RETRY_INT (connect (fd, (struct sockaddr *) &addr, sizeof addr)) < 0)
    return lc_error (err, errno, "connect to console socket `%s`", path);
  return steal_fd (&fd);
}

int
lc_console_socket_send (int sock, int master, lc_error_t *err)
{
  /* runc sends the master's file name; receivers ignore it but expect
     a non-empty payload.  */
  static const char name[] = "/dev/ptmx";
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct iovec iov = { .iov_base = (void *) name, .iov_len = sizeof name - 1 };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
                       .msg_control = u.buf, .msg_controllen = sizeof u.buf };
  struct cmsghdr *c;

  memset (&u, 0, sizeof u);
  c = CMSG_FIRSTHDR (&mh);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (c), &master, sizeof (int));
  if (TEMP_FAILURE_RETRY_INT (sendmsg (sock, &mh, MSG_NOSIGNAL)) < 0)
    return lc_error (err, errno, "send the pty master to the console socket");
  return 0;
}

int
lc_terminal_current (void)
{
  for (int fd = 0; fd < 3; fd++)
    if (isatty (fd))
      return fd;
  return -1;
}

/* Output processing goes too: the container's pty has already turned
   "\n" into "\r\n", and a second pass would send "\r\r\n".  */
int
lc_terminal_raw (int fd, struct termios *saved)
{
  struct termios t;

  if (fd < 0 || !isatty (fd) || tcgetattr (fd, saved) < 0)
    return -1;
  t = *saved;
  cfmakeraw (&t);
  return tcsetattr (fd, TCSANOW, &t);
}

void
lc_terminal_restore (int fd, const struct termios *saved)
{
  tcsetattr (fd, TCSANOW, saved);
}

void
lc_terminal_copy_winsize (int from, int to)
{
  struct winsize ws;
  if (ioctl (from, TIOCGWINSZ, &ws) == 0)
    ioctl (to, TIOCSWINSZ, &ws);
}

int
lc_terminal_copy (int from, int to)
{
  char buf[8192];
  ssize_t n = TEMP_FAILURE_RETRY_INT (read (from, buf, sizeof buf));

  if (n <= 0)
    return n == 0 || errno == EIO ? 0 : (errno == EAGAIN ? 1 : -1);
  if (write_all (to, buf, (size_t) n, NULL) < 0)
    return -1;
  return 1;
}

int
lc_terminal_proxy (int master, int pidfd, lc_error_t *err)
{
  struct termios saved;
  int tty = lc_terminal_current ();
  bool raw = lc_terminal_raw (tty, &saved) == 0;
  bool in_open = true, exited = false;

  lc_terminal_copy_winsize (tty, master);
  for (;;)
    {
      struct pollfd p[3] = { { .fd = master, .events = POLLIN },
                             { .fd = in_open && !exited ? 0 : -1, .events = POLLIN },
                             { .fd = exited ? -1 : pidfd, .events = POLLIN } };
      int r = poll (p, 3, exited ? 0 : -1);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          if (raw)
            lc_terminal_restore (tty, &saved);
          return lc_error (err, errno, "poll");
        }
      if (r == 0)
        break; /* exited and the master is drained */
      if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
        if (lc_terminal_copy (master, 1) <= 0)
          break;
      if (p[1].revents & (POLLIN | POLLHUP | POLLERR))
        if (lc_terminal_copy (0, master) <= 0)
          in_open = false;
      if (p[2].revents & POLLIN)
        exited = true;
    }
  if (raw)
    lc_terminal_restore (tty, &saved);
  return 0;
}
