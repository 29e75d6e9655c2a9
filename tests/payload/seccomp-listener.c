/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A seccomp notify listener for security.bats:
 *   seccomp-listener SOCKET OUTFILE ERRNO
 * Listens on SOCKET, accepts one runtime connection, receives the notify fd
 * (SCM_RIGHTS) and the containerProcessState JSON, writes the JSON to
 * OUTFILE, then answers every notified syscall with -ERRNO (appending
 * "notified NR" to OUTFILE) until the container's filter goes away.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <linux/seccomp.h>

static int
receive_state (int conn, char *buf, size_t size)
{
  char cbuf[CMSG_SPACE (sizeof (int) * 4)];
  struct iovec iov = { buf, size - 1 };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
  struct cmsghdr *cm;
  ssize_t n = recvmsg (conn, &mh, MSG_CMSG_CLOEXEC);
  int fd = -1;

  if (n <= 0)
    return -1;
  buf[n] = '\0';
  for (cm = CMSG_FIRSTHDR (&mh); cm; cm = CMSG_NXTHDR (&mh, cm))
    if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
      memcpy (&fd, CMSG_DATA (cm), sizeof fd);
  return fd;
}

int
main (int argc, char **argv)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char buf[65536];
  FILE *out;
  int s, conn, fd, err;

  if (argc != 4)
    {
      fprintf (stderr, "usage: seccomp-listener SOCKET OUTFILE ERRNO\n");
      return 2;
    }
  err = atoi (argv[3]);
  s = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  strncpy (addr.sun_path, argv[1], sizeof addr.sun_path - 1);
  unlink (argv[1]);
  if (s < 0 || bind (s, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (s, 1) < 0)
    {
      perror ("listen");
      return 1;
    }
  conn = accept4 (s, NULL, NULL, SOCK_CLOEXEC);
  fd = conn < 0 ? -1 : receive_state (conn, buf, sizeof buf);
  out = fopen (argv[2], "we");
  if (fd < 0 || out == NULL)
    return 1;
  fprintf (out, "%s\nfd received\n", buf);
  fflush (out);
  for (;;)
    {
      struct seccomp_notif req;
      struct seccomp_notif_resp resp;

      memset (&req, 0, sizeof req);
      if (ioctl (fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
        {
          if (errno == EINTR)
            continue;
          break; /* ENOENT/EBADF...: the filter's last user is gone */
        }
      memset (&resp, 0, sizeof resp);
      resp.id = req.id;
      resp.error = -err;
      fprintf (out, "notified %d\n", req.data.nr);
      fflush (out);
      ioctl (fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
    }
  fclose (out);
  return 0;
}
