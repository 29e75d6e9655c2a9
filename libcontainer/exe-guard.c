/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* CVE-2019-5736.  The container's init is a fork of moat and `moat exec`
 * enters the container as a fork of moat, so until their final execve their
 * /proc/self/exe is the host's moat binary.  A container whose program is a
 * script "#!/proc/self/exe" makes the kernel run that binary inside the
 * container (its shared libraries then come from the container's rootfs),
 * where it can open its own exe read-only, hand the fd to a child and, once
 * every moat process has exited (ETXTBSY only holds while the file is being
 * executed), reopen /proc/self/fd/N for writing and replace the host binary.
 *
 * The defence: the binary image that enters a container is one that cannot
 * be opened for writing.  moat re-executes itself once from a detached,
 * read-only bind mount of its own file (open_tree + mount_setattr: no copy,
 * page cache shared): every handle derived from /proc/self/exe then carries
 * that read-only mount and a write gets EROFS.  Where a mount cannot be
 * made (rootless without a user namespace of its own) a write-sealed memfd
 * copy is executed instead, as runc and crun do.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>

#include "exe-guard.h"
#include "log.h"
#include "syscalls.h"
#include "utils.h"

#ifndef MFD_EXEC
# define MFD_EXEC 0x0010U
#endif

extern char **environ;

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

static bool
fd_is_protected (int fd)
{
  struct statvfs sv;
  int seals;

  if (fstatvfs (fd, &sv) == 0 && (sv.f_flag & ST_RDONLY))
    return true;
  seals = fcntl (fd, F_GET_SEALS);
  return seals >= 0 && (seals & F_SEAL_WRITE);
}

bool
lc_exe_is_protected (void)
{
  cleanup_close int fd = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);

  return fd >= 0 && fd_is_protected (fd);
}

/* A detached bind mount of the binary alone, made read-only (and nosuid,
   nodev: it is only ever executed).  */
static int
readonly_clone (lc_error_t *err)
{
  struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV };
  cleanup_close int fd = sys_open_tree (AT_FDCWD, "/proc/self/exe", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

  if (fd < 0)
    return lc_error (err, errno, "open_tree `/proc/self/exe`");
  if (sys_mount_setattr (fd, "", AT_EMPTY_PATH, &attr) < 0)
    return lc_error (err, errno, "make the clone of the moat binary read-only");
  return steal_fd (&fd);
}

static int
sealed_copy (lc_error_t *err)
{
  cleanup_close int src = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  cleanup_close int mfd = -1;
  struct stat st;
  off_t off = 0;

  if (src < 0 || fstat (src, &st) < 0)
    return lc_error (err, errno, "open `/proc/self/exe`");
  mfd = memfd_create ("moat", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
  if (mfd < 0 && errno == EINVAL) /* kernels before 6.3 do not know MFD_EXEC */
    mfd = memfd_create ("moat", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (mfd < 0)
    return lc_error (err, errno, "memfd_create for the moat binary");
  while (off < st.st_size)
    if (sendfile (mfd, src, &off, (size_t) (st.st_size - off)) <= 0)
      return lc_error (err, errno ? errno : EIO, "copy the moat binary");
  if (fcntl (mfd, F_ADD_SEALS, SEALS) < 0)
    return lc_error (err, errno, "seal the copy of the moat binary");
  return steal_fd (&mfd);
}

int
lc_exe_guard (char **argv, lc_error_t *err)
{
  lc_error_t why = NULL;
  cleanup_close int fd = -1;

  if (lc_exe_is_protected ())
    return 0;
  fd = readonly_clone (&why);
  if (fd < 0)
    {
      lc_debug ("%s; using a sealed copy of the binary", why->msg);
      lc_error_free (&why);
      fd = sealed_copy (err);
      if (fd < 0)
        return lc_error_wrap (err, "protect the moat binary (CVE-2019-5736)");
    }
  syscall (__NR_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
  return lc_error (err, errno, "re-execute the protected moat binary");
}
