/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Device nodes in the container's /dev.
 *
 * Each node is created with mknodat on an fd of its parent directory that
 * was opened through the rootfs fd (path.h), so a symlinked /dev in the
 * image cannot send it to the host.  In a user namespace mknod is refused
 * for devices, so the host's node is bind-mounted instead, after checking
 * it is the device it claims to be.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "devices.h"
#include "path.h"
#include "syscalls.h"
#include "utils.h"

struct node
{
  const char *path;
  char type; /* 'c', 'b', 'p' */
  unsigned int major, minor;
  mode_t mode;
  uid_t uid;
  gid_t gid;
};

/* What every container gets (runtime-spec "Default Devices").  */
static const struct node default_devices[] = {
  { "/dev/null", 'c', 1, 3, 0666, 0, 0 },
  { "/dev/zero", 'c', 1, 5, 0666, 0, 0 },
  { "/dev/full", 'c', 1, 7, 0666, 0, 0 },
  { "/dev/random", 'c', 1, 8, 0666, 0, 0 },
  { "/dev/urandom", 'c', 1, 9, 0666, 0, 0 },
  { "/dev/tty", 'c', 5, 0, 0666, 0, 0 },
};

static const struct
{
  const char *path;
  const char *target;
} default_symlinks[] = {
  { "/dev/fd", "/proc/self/fd" },
  { "/dev/stdin", "/proc/self/fd/0" },
  { "/dev/stdout", "/proc/self/fd/1" },
  { "/dev/stderr", "/proc/self/fd/2" },
  { "/dev/ptmx", "pts/ptmx" },
};

/* Split "/dev/a/b" into an fd on "/dev/a" (created) and "b".  */
static int
open_parent (int rootfd, const char *path, const char **name, lc_error_t *err)
{
  cleanup_free char *dir = xstrdup (path);
  char *slash = strrchr (dir, '/');

  *name = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
  if (**name == '\0')
    return lc_error (err, EINVAL, "`%s` names no file", path);
  if (slash == NULL)
    return lc_open_in_root (rootfd, ".", O_PATH | O_DIRECTORY, 0, err);
  *slash = '\0';
  return lc_mkdir_in_root (rootfd, *dir ? dir : "/", 0755, err);
}

/* In a user namespace: bind the host's node, verified.  */
static int
bind_host_node (int rootfd, const struct node *n, lc_error_t *err)
{
  cleanup_close int src = -1;
  cleanup_close int tree = -1;
  cleanup_close int target = -1;
  struct stat st;

  src = open (n->path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (src < 0)
    return lc_error (err, errno, "open host device `%s`", n->path);
  if (fstat (src, &st) < 0)
    return lc_error (err, errno, "stat host device `%s`", n->path);
  if (!(n->type == 'b' ? S_ISBLK (st.st_mode) : S_ISCHR (st.st_mode))
      || major (st.st_rdev) != n->major || minor (st.st_rdev) != n->minor)
    return lc_error (err, 0, "host `%s` is not device %c %u:%u", n->path, n->type,
                     n->major, n->minor);
  target = lc_mount_target_in_root (rootfd, n->path, true, err);
  if (target < 0)
    return -1;
  tree = sys_open_tree (src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
  if (tree < 0)
    return lc_error (err, errno, "open_tree `%s`", n->path);
  if (sys_move_mount (tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return lc_error (err, errno, "bind host `%s` into the container", n->path);
  return 0;
}

static int
make_node (int rootfd, const struct node *n, bool in_userns, lc_error_t *err)
{
  cleanup_close int parent = -1;
  const char *name;
  mode_t type = n->type == 'b' ? S_IFBLK : n->type == 'p' ? S_IFIFO : S_IFCHR;
  mode_t old_umask;
  int ret;

  if (in_userns && n->type != 'p')
    return bind_host_node (rootfd, n, err);
  parent = open_parent (rootfd, n->path, &name, err);
  if (parent < 0)
    return -1;
  /* A node the image (or a default) already has there is replaced.  */
  if (unlinkat (parent, name, 0) < 0 && errno != ENOENT)
    return lc_error (err, errno, "remove `%s`", n->path);
  old_umask = umask (0);
  ret = mknodat (parent, name, type | (n->mode & 07777), makedev (n->major, n->minor));
  umask (old_umask);
  if (ret < 0)
    return lc_error (err, errno, "mknod `%s`", n->path);
  if (fchownat (parent, name, n->uid, n->gid, AT_SYMLINK_NOFOLLOW) < 0)
    return lc_error (err, errno, "chown `%s`", n->path);
  return 0;
}

static int
make_symlink (int rootfd, const char *path, const char *target, lc_error_t *err)
{
  cleanup_close int parent = -1;
  const char *name;

  parent = open_parent (rootfd, path, &name, err);
  if (parent < 0)
    return -1;
  if (symlinkat (target, parent, name) < 0 && errno != EEXIST)
    return lc_error (err, errno, "symlink `%s` -> `%s`", path, target);
  return 0;
}

int
lc_devices_setup_default (int rootfd, bool in_userns, lc_error_t *err)
{
  cleanup_close int shm = -1;
  mode_t old_umask;

  for (size_t i = 0; i < ARRAY_SIZE (default_devices); i++)
    if (make_node (rootfd, &default_devices[i], in_userns, err) < 0)
      return lc_error_wrap (err, "default device");
  for (size_t i = 0; i < ARRAY_SIZE (default_symlinks); i++)
    if (make_symlink (rootfd, default_symlinks[i].path, default_symlinks[i].target, err) < 0)
      return -1;
  /* Without a mount of its own /dev/shm must still be world-writable.  */
  old_umask = umask (0);
  shm = lc_mkdir_in_root (rootfd, "/dev/shm", 01777, err);
  umask (old_umask);
  return shm < 0 ? -1 : 0;
}

int
lc_devices_create (int rootfd, const struct spec_device *d, size_t i, bool in_userns,
                   lc_error_t *err)
{
  struct node n = {
    .path = d->path,
    .type = d->type[0] == 'u' ? 'c' : d->type[0],
    .major = (unsigned int) d->major,
    .minor = (unsigned int) d->minor,
    /* Only the permissions: the type bits podman adds are "type"'s.  */
    .mode = d->file_mode.set ? (mode_t) d->file_mode.v & 07777 : 0666,
    .uid = d->uid.set ? (uid_t) d->uid.v : 0,
    .gid = d->gid.set ? (gid_t) d->gid.v : 0,
  };

  if (make_node (rootfd, &n, in_userns, err) < 0)
    return lc_error_wrap (err, "linux.devices[%zu]", i);
  return 0;
}
