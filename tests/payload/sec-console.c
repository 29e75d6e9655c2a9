/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A --console-socket receiver for cve.bats:  sec-console SOCKET OUTFILE
 * Accepts one connection, receives the pty master (SCM_RIGHTS) and copies
 * everything the container writes to its terminal into OUTFILE until the
 * terminal closes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int
main (int argc, char **argv)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char buf[4096], cbuf[CMSG_SPACE (sizeof (int))];
  struct iovec iov = { buf, sizeof buf };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
  struct cmsghdr *cm;
  int s, conn, master = -1, out;
  ssize_t n;

  if (argc != 3)
    {
      fprintf (stderr, "usage: sec-console SOCKET OUTFILE\n");
      return 2;
    }
  s = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  strncpy (addr.sun_path, argv[1], sizeof addr.sun_path - 1);
  unlink (argv[1]);
  if (s < 0 || bind (s, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (s, 1) < 0)
    {
      perror ("listen");
      return 1;
    }
  conn = accept4 (s, NULL, NULL, SOCK_CLOEXEC);
  if (conn < 0 || recvmsg (conn, &mh, MSG_CMSG_CLOEXEC) < 0)
    return 1;
  for (cm = CMSG_FIRSTHDR (&mh); cm; cm = CMSG_NXTHDR (&mh, cm))
    if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
      memcpy (&master, CMSG_DATA (cm), sizeof master);
  out = open (argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (master < 0 || out < 0)
    return 1;
  while ((n = read (master, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0 && write (out, buf, (size_t) n) != n)
      return 1;
  return 0;
}
