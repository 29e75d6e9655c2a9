/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run a command with some syscalls answering ENOSYS, as a kernel without
 * them or a container's seccomp profile would (Docker's, podman's and
 * moat's own profiles answer ENOSYS to clone3).  The filter is inherited
 * by everything the command starts: moat, its children, the containers.
 *
 *   no-syscall clone3[,openat2...] CMD [ARG...]
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  scmp_filter_ctx ctx;
  char *names, *name, *save = NULL;

  if (argc < 3)
    {
      fprintf (stderr, "usage: no-syscall NAME[,NAME...] CMD [ARG...]\n");
      return 2;
    }
  ctx = seccomp_init (SCMP_ACT_ALLOW);
  /* Without no_new_privs (root may): the tests check that flag.  */
  if (ctx == NULL || seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0) < 0)
    return 2;
  names = strdup (argv[1]);
  for (name = strtok_r (names, ",", &save); name; name = strtok_r (NULL, ",", &save))
    {
      int nr = seccomp_syscall_resolve_name (name);
      if (nr == __NR_SCMP_ERROR || seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), nr, 0) < 0)
        {
          fprintf (stderr, "no-syscall: %s: unknown or refused\n", name);
          return 2;
        }
    }
  if (seccomp_load (ctx) < 0)
    {
      fprintf (stderr, "no-syscall: seccomp_load failed\n");
      return 2;
    }
  execvp (argv[2], argv + 2);
  fprintf (stderr, "no-syscall: %s: %s\n", argv[2], strerror (errno));
  return 127;
}
