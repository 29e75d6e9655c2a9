/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Paths inside the rootfs, resolved only through the rootfs fd.
 *
 * Every lookup is openat2 (RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS) on the
 * rootfs fd: a symlink anywhere in the path ("/dev" -> "/host/dev", "a" ->
 * "../../..") is resolved as if the rootfs were "/", so it can never lead
 * out (CVE-2021-30465, CVE-2024-45310).  Directories are created one
 * component at a time with mkdirat on the fd of the parent we opened, and
 * the new component is opened again through the rootfs fd: no string is
 * ever resolved from the host side.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "syscalls.h"
#include "utils.h"

/* "/a//b/" -> "a//b/"; "" and "/" -> ".".  */
static const char *
relative (const char *path)
{
  while (*path == '/')
    path++;
  return *path ? path : ".";
}

int
lc_path_check_openat2 (lc_error_t *err)
{
  struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC };
  int fd = sys_openat2 (AT_FDCWD, "/", &how);

  if (fd >= 0)
    close (fd);
  else if (errno == ENOSYS)
    return lc_error (err, errno, "openat2 is missing (Linux 5.6) or a seccomp filter refuses it: "
                     "moat resolves every path inside a container with it");
  return 0;
}

static int
open_in_root (int rootfd, const char *path, int flags, mode_t mode)
{
  struct open_how how = {
    .flags = (uint64_t) (flags | O_CLOEXEC),
    /* O_TMPFILE includes O_DIRECTORY: test all of its bits.  */
    .mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  int fd;

  /* EAGAIN: a rename raced with the lookup; the kernel asks us to retry.  */
  do
    fd = sys_openat2 (rootfd, relative (path), &how);
  while (fd < 0 && (errno == EAGAIN || errno == EINTR));
  return fd;
}

int
lc_open_in_root (int rootfd, const char *path, int flags, mode_t mode, lc_error_t *err)
{
  int fd = open_in_root (rootfd, path, flags, mode);

  if (fd < 0)
    return lc_error (err, errno, "open `%s` in the rootfs", path);
  return fd;
}

/* Symlinks followed while creating one path: as the kernel's 40.  */
#define MAX_LINKS 40

static int mkdir_in_root (int rootfd, const char *path, mode_t mode, int depth,
                          lc_error_t *err);

/* `name` in `parentfd` (reached as `prefix`) is a symlink whose target does
   not exist yet: where it points, as a path inside the rootfs.  */
static char *
dangling_target (int parentfd, const char *name, const char *prefix)
{
  char target[4096];
  ssize_t n = readlinkat (parentfd, name, target, sizeof target - 1);
  const char *slash = strrchr (prefix, '/');
  char *out = NULL;

  if (n <= 0)
    return NULL;
  target[n] = '\0';
  if (target[0] == '/' || slash == NULL)
    return xstrdup (target);
  xasprintf (&out, "%.*s/%s", (int) (slash - prefix), prefix, target);
  return out;
}

/* Create the directory `prefix` (its parent exists: `parentfd`), then open
   it through the rootfs fd.  A dangling symlink there is followed inside
   the rootfs, and its target created.  */
static int
mkdir_component (int rootfd, int parentfd, const char *name, const char *prefix,
                 mode_t mode, int depth, lc_error_t *err)
{
  cleanup_free char *link = NULL;
  int fd;

  if (mkdirat (parentfd, name, mode) < 0 && errno != EEXIST)
    return lc_error (err, errno, "mkdir `%s` in the rootfs", prefix);
  /* EEXIST is fine only for a directory (or a symlink to one inside the
     rootfs): O_DIRECTORY makes anything else ENOTDIR.  */
  fd = open_in_root (rootfd, prefix, O_PATH | O_DIRECTORY, 0);
  if (fd >= 0 || errno != ENOENT)
    return fd >= 0 ? fd : lc_error (err, errno, "open `%s` in the rootfs", prefix);
  link = dangling_target (parentfd, name, prefix);
  if (link == NULL)
    return lc_error (err, ENOENT, "open `%s` in the rootfs", prefix);
  if (depth >= MAX_LINKS)
    return lc_error (err, ELOOP, "create `%s` in the rootfs", prefix);
  fd = mkdir_in_root (rootfd, link, mode, depth + 1, err);
  if (fd < 0)
    return -1;
  close (fd);
  fd = open_in_root (rootfd, prefix, O_PATH | O_DIRECTORY, 0);
  if (fd < 0)
    return lc_error (err, errno, "open `%s` in the rootfs", prefix);
  return fd;
}

static int
mkdir_in_root (int rootfd, const char *path, mode_t mode, int depth, lc_error_t *err)
{
  cleanup_free char *prefix = NULL;
  cleanup_close int cur = -1;
  const char *rel = relative (path);
  size_t len = strlen (rel);
  size_t start, end;

  cur = open_in_root (rootfd, rel, O_PATH | O_DIRECTORY, 0);
  if (cur >= 0)
    return steal_fd (&cur);
  if (errno != ENOENT)
    return lc_error (err, errno, "open `%s` in the rootfs", path);

  prefix = xmalloc (len + 1);
  cur = open_in_root (rootfd, ".", O_PATH | O_DIRECTORY, 0);
  if (cur < 0)
    return lc_error (err, errno, "open the rootfs");
  for (start = 0; start < len; start = end + 1)
    {
      int next;

      end = start;
      while (end < len && rel[end] != '/')
        end++;
      if (end == start)
        continue;
      memcpy (prefix, rel, end);
      prefix[end] = '\0';
      next = open_in_root (rootfd, prefix, O_PATH | O_DIRECTORY, 0);
      if (next < 0 && errno != ENOENT)
        return lc_error (err, errno, "open `%s` in the rootfs", prefix);
      if (next < 0)
        {
          cleanup_free char *name = xstrndup (rel + start, end - start);
          next = mkdir_component (rootfd, cur, name, prefix, mode, depth, err);
          if (next < 0)
            return -1;
        }
      close (cur);
      cur = next;
    }
  return steal_fd (&cur);
}

int
lc_mkdir_in_root (int rootfd, const char *path, mode_t mode, lc_error_t *err)
{
  return mkdir_in_root (rootfd, path, mode, 0, err);
}

/* An empty regular file at `path` (parents created), as the target of a
   file bind mount.  */
static int
file_target (int rootfd, const char *path, int depth, lc_error_t *err)
{
  cleanup_free char *link = NULL;
  cleanup_free char *dir = xstrdup (relative (path));
  cleanup_close int parent = -1;
  cleanup_close int created = -1;
  char *slash = strrchr (dir, '/');
  const char *name = dir;
  int fd;

  fd = open_in_root (rootfd, path, O_PATH, 0);
  if (fd >= 0 || errno != ENOENT)
    return fd >= 0 ? fd : lc_error (err, errno, "open `%s` in the rootfs", path);
  if (slash)
    {
      *slash = '\0';
      name = slash + 1;
      parent = lc_mkdir_in_root (rootfd, dir, 0755, err);
      if (parent < 0)
        return -1;
    }
  else if ((parent = open_in_root (rootfd, ".", O_PATH | O_DIRECTORY, 0)) < 0)
    return lc_error (err, errno, "open the rootfs");
  /* O_EXCL|O_NOFOLLOW: a dangling symlink there is not followed out.  */
  created = openat (parent, name, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0644);
  if (created < 0 && errno != EEXIST)
    return lc_error (err, errno, "create `%s` in the rootfs", path);
  fd = open_in_root (rootfd, path, O_PATH, 0);
  if (fd >= 0 || errno != ENOENT)
    return fd >= 0 ? fd : lc_error (err, errno, "open `%s` in the rootfs", path);
  /* A dangling symlink: create its target, inside the rootfs.  */
  link = dangling_target (parent, name, relative (path));
  if (link == NULL)
    return lc_error (err, ENOENT, "open `%s` in the rootfs", path);
  if (depth >= MAX_LINKS)
    return lc_error (err, ELOOP, "create `%s` in the rootfs", path);
  fd = file_target (rootfd, link, depth + 1, err);
  if (fd < 0)
    return -1;
  close (fd);
  fd = open_in_root (rootfd, path, O_PATH, 0);
  if (fd < 0)
    return lc_error (err, errno, "open `%s` in the rootfs", path);
  return fd;
}

int
lc_mount_target_in_root (int rootfd, const char *path, bool is_file, lc_error_t *err)
{
  if (is_file)
    return file_target (rootfd, path, 0, err);
  return lc_mkdir_in_root (rootfd, path, 0755, err);
}
