/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CVE-2019-5736 as the image would mount it: the container's program is a
 * script "#!/proc/self/exe", so the kernel runs the runtime's own binary
 * inside the container, and the image's environment preloads this library
 * into it (the original exploit replaced a library of the image instead).
 * The constructor keeps a read-only fd on /proc/self/exe and hands it to
 * `sec-attack exe-write`, which tries to reopen it for writing once the
 * runtime's process has gone.  Nothing is ever written.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

__attribute__ ((constructor)) static void
attack (void)
{
  char fd_s[16];
  int fd = open ("/proc/self/exe", O_RDONLY);

  if (fd < 0)
    {
      printf ("refused: cannot open /proc/self/exe\n");
      return;
    }
  snprintf (fd_s, sizeof fd_s, "%d", fd);
  if (fork () == 0)
    {
      setsid ();
      execl ("/bin/sec-attack", "sec-attack", "exe-write", fd_s, "2", (char *) NULL);
      _exit (127);
    }
  close (fd);
}
