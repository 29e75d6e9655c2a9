/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A container that joins another's pid namespace by path (a pod sharing
 * its process namespace) must mount a procfs of THAT namespace, and only a
 * process inside it can make one (a procfs shows its maker's pid
 * namespace).  init sets the whole rootfs up on the host side first, so the
 * process made for the procfs is the only one of moat visible there before
 * init itself, which appears only after pivot_root.  What that one can be
 * seen holding is nothing of the host (CVE-2016-9962 class):
 *
 *   init (not in the pid ns)   helper (not in it)          maker (in it)
 *   joins all but pid,
 *   unshares, maps ids
 *   fork ------------------->  non-dumpable, root and
 *                              cwd an empty read-only
 *                              tmpfs, every fd closed but
 *                              the socket and the pid ns;
 *                              setns(pid ns), fork ------>  fsopen("proc") + fsmount
 *     <-- SYNC_PROC_MOUNT (value i, the mount) ---------   per proc entry of mounts[]
 *   setns(pid ns) for its      reaps the maker, exits      exits
 *   own fork, after pivot
 */
#include "config.h"
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc-helper.h"
#include "sync.h"
#include "syscalls.h"
#include "utils.h"

/* Root and cwd on an empty, read-only tmpfs that is attached nowhere:
   "/proc/N/root/.." leads nowhere either.  */
static int
enter_empty_root (lc_error_t *err)
{
  cleanup_close int fsfd = sys_fsopen ("tmpfs", FSOPEN_CLOEXEC);
  cleanup_close int mfd = -1;

  if (fsfd < 0 || sys_fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return lc_error (err, errno, "proc helper: make an empty tmpfs");
  mfd = sys_fsmount (fsfd, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID
                                               | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  if (mfd < 0)
    return lc_error (err, errno, "proc helper: fsmount an empty tmpfs");
  if (fchdir (mfd) < 0 || chroot (".") < 0)
    return lc_error (err, errno, "proc helper: chroot to an empty tmpfs");
  return 0;
}

/* In the pid namespace: one detached procfs per proc entry, in order.  */
static _Noreturn void
maker_main (const struct lc_rootfs *rfs, int sock)
{
  lc_error_t err = NULL;

  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  for (size_t i = 0; i < rfs->spec->n_mounts; i++)
    {
      int mfd;

      if (!lc_rootfs_is_new_proc (&rfs->spec->mounts[i]))
        continue;
      mfd = lc_rootfs_make_proc (rfs, i, &err);
      if (mfd < 0 || lc_sync_send (sock, SYNC_PROC_MOUNT, (int64_t) i, mfd, &err) < 0)
        {
          lc_sync_send_error (sock, err);
          _exit (1);
        }
      close (mfd);
    }
  _exit (0);
}

static _Noreturn void
helper_main (const struct lc_rootfs *rfs, int pidns, int sock)
{
  int keep[] = { sock, pidns };
  lc_error_t err = NULL;
  int status;
  pid_t pid;

  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    lc_error (&err, errno, "proc helper: prctl(PR_SET_DUMPABLE)");
  else if (enter_empty_root (&err) == 0
           && close_fds_except (0, keep, ARRAY_SIZE (keep), &err) == 0)
    {
      if (setns (pidns, CLONE_NEWPID) < 0)
        lc_error (&err, errno, "proc helper: join the pid namespace");
      else if (close (pidns), (pid = fork ()) < 0)
        lc_error (&err, errno, "proc helper: fork into the pid namespace");
      else if (pid == 0)
        maker_main (rfs, sock);
      else
        _exit (TEMP_FAILURE_RETRY_INT (waitpid (pid, &status, 0)) == pid
               && WIFEXITED (status) && WEXITSTATUS (status) == 0 ? 0 : 1);
    }
  lc_sync_send_error (sock, err);
  _exit (1);
}

static size_t
count_procs (const struct spec *spec)
{
  size_t n = 0;

  for (size_t i = 0; i < spec->n_mounts; i++)
    n += lc_rootfs_is_new_proc (&spec->mounts[i]);
  return n;
}

int
lc_proc_helper_run (struct lc_rootfs *rfs, int pidns, lc_error_t *err)
{
  size_t n = count_procs (rfs->spec), nm = rfs->spec->n_mounts;
  int *fds, pair[2], ret, status;
  pid_t pid;

  if (n == 0)
    return 0;
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
    return lc_error (err, errno, "socketpair");
  pid = fork ();
  if (pid == 0)
    {
      close (pair[0]);
      helper_main (rfs, pidns, pair[1]);
    }
  close (pair[1]);
  if (pid < 0)
    {
      close (pair[0]);
      return lc_error (err, errno, "fork the proc helper");
    }
  fds = xmalloc (nm * sizeof *fds);
  for (size_t i = 0; i < nm; i++)
    fds[i] = -1;
  ret = lc_sync_wait_fds (pair[0], SYNC_PROC_MOUNT, n, fds, nm, err);
  close (pair[0]);
  if (ret < 0)
    kill (pid, SIGKILL);
  TEMP_FAILURE_RETRY_INT (waitpid (pid, &status, 0));
  if (ret < 0)
    {
      for (size_t i = 0; i < nm; i++)
        if (fds[i] >= 0)
          close (fds[i]);
      free (fds);
      return -1;
    }
  rfs->proc_fds = fds;
  return 0;
}
