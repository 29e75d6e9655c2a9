/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's filesystem, built by init in its new mount namespace.
 *
 * Every mount target is created and opened inside the rootfs through the
 * rootfs fd (path.h) and the mount is attached to THAT fd with the new
 * mount API (open_tree/fsopen + fsmount, then move_mount onto the fd): the
 * target path is never resolved again, so a symlink swapped in by the image
 * or by another container sharing a volume cannot redirect it
 * (CVE-2021-30465, CVE-2023-27561).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef STATX_ATTR_MOUNT_ROOT
# define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

#include "clone.h"
#include "devices.h"
#include "log.h"
#include "mount-opts.h"
#include "namespaces.h"
#include "path.h"
#include "procfs.h"
#include "rootfs.h"
#include "syscalls.h"
#include "utils.h"

#ifndef MOVE_MOUNT_T_EMPTY_PATH
# define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif
/* linux/pidfd.h of kernel 6.11; older kernels answer ENOTTY.  */
#define PIDFD_GET_USER_NAMESPACE_ _IO (0xFF, 9)
#define MOVE_EMPTY (MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH)

/* MS_* per-mount flags and their mount_setattr attribute.  */
static const struct
{
  unsigned long ms;
  uint64_t attr;
} ms_to_attr[] = {
  { MS_RDONLY, MOUNT_ATTR_RDONLY },
  { MS_NOSUID, MOUNT_ATTR_NOSUID },
  { MS_NODEV, MOUNT_ATTR_NODEV },
  { MS_NOEXEC, MOUNT_ATTR_NOEXEC },
  { MS_NODIRATIME, MOUNT_ATTR_NODIRATIME },
  { MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW },
};

/* MS_* superblock flags: fsconfig flag keys for a new filesystem.  */
static const struct
{
  unsigned long ms;
  const char *key;
} ms_to_sb_key[] = {
  { MS_SYNCHRONOUS, "sync" },
  { MS_DIRSYNC, "dirsync" },
  { MS_LAZYTIME, "lazytime" },
  { MS_MANDLOCK, "mand" },
};

/* Filesystems that take an SELinux "context" (linux.mountLabel); mqueue
   cannot be labelled, and runc does not try.  */
static const char *const labelled_fs[] = { "tmpfs", "devpts" };

/* One mount being done: what errors name.  */
struct mnt_ctx
{
  const struct lc_rootfs *rfs;
  const struct spec_mount *m;
  size_t i;
  char *optstr; /* options comma-joined, for messages */
  struct lc_mount_opts opts;
};

static int
mnt_error (struct mnt_ctx *c, int errno_, const char *what, lc_error_t *err)
{
  return lc_error (err, errno_, "mounts[%zu] (%s `%s` on `%s`, options \"%s\"): %s", c->i,
                   c->m->type ? c->m->type : "bind", c->m->source ? c->m->source : "",
                   c->m->destination, c->optstr, what);
}

/* Per-mount attributes from MS_* set and cleared flags.  */
static void
flags_to_attr (unsigned long set, unsigned long clr, struct mount_attr *a)
{
  for (size_t i = 0; i < ARRAY_SIZE (ms_to_attr); i++)
    {
      if (set & ms_to_attr[i].ms)
        a->attr_set |= ms_to_attr[i].attr;
      if (clr & ms_to_attr[i].ms)
        a->attr_clr |= ms_to_attr[i].attr;
    }
  /* The atime mode is one field: naming one replaces it.  */
  if (set & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME))
    {
      a->attr_clr |= MOUNT_ATTR__ATIME;
      a->attr_set |= (set & MS_NOATIME)         ? MOUNT_ATTR_NOATIME
                     : (set & MS_STRICTATIME)   ? MOUNT_ATTR_STRICTATIME
                                                : MOUNT_ATTR_RELATIME;
    }
}

static bool
is_labelled_fs (const char *type)
{
  for (size_t i = 0; i < ARRAY_SIZE (labelled_fs); i++)
    if (strcmp (type, labelled_fs[i]) == 0)
      return true;
  return false;
}

/* "/dev/" "dev" "//dev" -> compare as "/dev".  */
static bool
same_dest (const char *dest, const char *want)
{
  while (*dest == '/')
    dest++;
  while (*want == '/')
    want++;
  size_t n = strlen (want);
  if (strncmp (dest, want, n) != 0)
    return false;
  for (dest += n; *dest == '/'; dest++)
    ;
  return *dest == '\0';
}

static bool
config_mounts (const struct spec *spec, const char *dest)
{
  for (size_t i = 0; i < spec->n_mounts; i++)
    if (same_dest (spec->mounts[i].destination, dest))
      return true;
  return false;
}

/* Read the kernel's fs_context messages ("e tmpfs: Bad value for 'size'")
   to tell the user why a filesystem refused its options.  */
static char *
fs_log (int fsfd)
{
  char buf[512];
  ssize_t n = read (fsfd, buf, sizeof buf - 1);

  if (n <= 2)
    return NULL;
  if (buf[n - 1] == '\n')
    n--;
  buf[n] = '\0';
  return xstrdup (buf + 2);
}

/* A user namespace holding mounts[i]'s id maps, as an fd: a child is
   cloned into a new user namespace, its maps written, the namespace taken
   (PIDFD_GET_USER_NAMESPACE, or /proc/PID/ns/user on older kernels), and
   the child let go.  */
static int
idmap_userns (struct mnt_ctx *c, lc_error_t *err)
{
  cleanup_free char *uids = lc_ns_format_id_map (c->m->uid_mappings, c->m->n_uid_mappings);
  cleanup_free char *gids = lc_ns_format_id_map (c->m->gid_mappings, c->m->n_gid_mappings);
  cleanup_close int pidfd = -1;
  cleanup_close int hold = -1;
  struct clone_args args = { .flags = CLONE_NEWUSER | CLONE_PIDFD,
                             .pidfd = (uint64_t) (uintptr_t) &pidfd, .exit_signal = SIGCHLD };
  int pipefd[2];
  char path[64];
  int nsfd = -1;
  pid_t pid;

  if (pipe2 (pipefd, O_CLOEXEC) < 0)
    return lc_error (err, errno, "pipe");
  pid = lc_clone (&args);
  if (pid == 0)
    {
      char b;
      close (pipefd[1]);
      (void) !read (pipefd[0], &b, 1);
      _exit (0);
    }
  close (pipefd[0]);
  hold = pipefd[1];
  if (pid < 0)
    return mnt_error (c, errno, "clone a user namespace for idmap", err);
  snprintf (path, sizeof path, "%d/uid_map", (int) pid);
  if (lc_procfs_write (path, uids, strlen (uids), err) == 0)
    {
      snprintf (path, sizeof path, "%d/gid_map", (int) pid);
      if (lc_procfs_write (path, gids, strlen (gids), err) == 0)
        {
          nsfd = ioctl (pidfd, PIDFD_GET_USER_NAMESPACE_, 0);
          if (nsfd < 0)
            {
              int root = lc_procfs_root (err);
              snprintf (path, sizeof path, "%d/ns/user", (int) pid);
              nsfd = root < 0 ? -1 : openat (root, path, O_RDONLY | O_CLOEXEC);
              if (nsfd < 0 && root >= 0)
                lc_error (err, errno, "open `/proc/%s`", path);
            }
        }
    }
  close (steal_fd (&hold));
  TEMP_FAILURE_RETRY_INT (waitpid (pid, NULL, 0));
  if (nsfd < 0)
    return lc_error_wrap (err, "mounts[%zu] idmap", c->i);
  return nsfd;
}

static int
apply_idmap (struct mnt_ctx *c, int tree, lc_error_t *err)
{
  cleanup_close int nsfd = -1;
  struct mount_attr a = { .attr_set = MOUNT_ATTR_IDMAP };
  unsigned int fl = AT_EMPTY_PATH | (c->opts.recursive_idmap ? AT_RECURSIVE : 0);

  if (c->m->n_uid_mappings == 0 || c->m->n_gid_mappings == 0)
    return lc_error (err, EINVAL, "mounts[%zu]: idmap needs uidMappings and gidMappings", c->i);
  nsfd = idmap_userns (c, err);
  if (nsfd < 0)
    return -1;
  a.userns_fd = (uint64_t) nsfd;
  if (sys_mount_setattr (tree, "", fl, &a) < 0)
    return mnt_error (c, errno, "idmap the mount", err);
  return 0;
}

/* Attach a detached mount `tree` onto `target` and apply the recursive
   attributes and propagation asked for.  */
static int
attach (struct mnt_ctx *c, int tree, int target, lc_error_t *err)
{
  if ((c->opts.idmap || c->m->n_uid_mappings > 0) && apply_idmap (c, tree, err) < 0)
    return -1;
  if (c->opts.attr_set || c->opts.attr_clr)
    {
      struct mount_attr a = { .attr_set = c->opts.attr_set, .attr_clr = c->opts.attr_clr };
      if (sys_mount_setattr (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &a) < 0)
        return mnt_error (c, errno, "recursive mount attributes", err);
    }
  if (sys_move_mount (tree, "", target, "", MOVE_EMPTY) < 0)
    return mnt_error (c, errno, "move_mount onto the target", err);
  if (c->opts.propagation)
    {
      struct mount_attr a = { .propagation = c->opts.propagation & ~MS_REC };
      unsigned int fl = AT_EMPTY_PATH | ((c->opts.propagation & MS_REC) ? AT_RECURSIVE : 0);
      if (sys_mount_setattr (tree, "", fl, &a) < 0)
        return mnt_error (c, errno, "propagation", err);
    }
  return 0;
}

int
lc_rootfs_open_source (const struct spec_mount *m, const char *bundle, size_t i,
                       lc_error_t *err)
{
  cleanup_free char *path = NULL;
  const char *src = m->source;
  int fd;

  if (src == NULL || *src == '\0')
    return lc_error (err, EINVAL, "mounts[%zu].source: a bind mount needs a source", i);
  if (src[0] != '/')
    xasprintf (&path, "%s/%s", bundle, src);
  fd = open (path ? path : src, O_PATH | O_CLOEXEC);
  if (fd < 0)
    return lc_error (err, errno, "mounts[%zu].source `%s`", i, src);
  return fd;
}

/* The source: opened by the parent as host root when the container has a
   user namespace (rfs->bind_fds), else here.  */
static int
open_source (struct mnt_ctx *c, struct stat *st, lc_error_t *err)
{
  int fd;

  if (c->rfs->bind_fds && c->rfs->bind_fds[c->i] >= 0)
    fd = steal_fd (&c->rfs->bind_fds[c->i]);
  else
    fd = lc_rootfs_open_source (c->m, c->rfs->bundle, c->i, err);
  if (fd >= 0 && fstat (fd, st) < 0)
    {
      close (fd);
      return lc_error (err, errno, "mounts[%zu].source `%s`", c->i, c->m->source);
    }
  return fd;
}

static int
mount_bind (struct mnt_ctx *c, int rootfd, lc_error_t *err)
{
  cleanup_close int src = -1;
  cleanup_close int tree = -1;
  cleanup_close int target = -1;
  struct mount_attr a = { 0 };
  struct stat st;

  src = open_source (c, &st, err);
  if (src < 0)
    return -1;
  /* A bind has no filesystem to take data: a typo ("nosuidd") would
     otherwise vanish without a word.  */
  if (c->opts.data)
    lc_warn ("mounts[%zu]: options \"%s\" mean nothing for a bind mount, ignoring", c->i,
             c->opts.data);
  target = lc_mount_target_in_root (rootfd, c->m->destination, !S_ISDIR (st.st_mode), err);
  if (target < 0)
    return lc_error_wrap (err, "mounts[%zu].destination", c->i);
  tree = sys_open_tree (src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH
                        | (c->opts.recursive_bind ? AT_RECURSIVE : 0));
  if (tree < 0)
    return mnt_error (c, errno, "open_tree of the source", err);
  flags_to_attr (c->opts.flags, c->opts.clear_flags, &a);
  if ((a.attr_set || a.attr_clr) && sys_mount_setattr (tree, "", AT_EMPTY_PATH, &a) < 0)
    return mnt_error (c, errno, "mount attributes", err);
  return attach (c, tree, target, err);
}

/* "key=value" or "key" -> fsconfig.  */
static int
config_data (struct mnt_ctx *c, int fsfd, lc_error_t *err)
{
  cleanup_free char *data = c->opts.data ? xstrdup (c->opts.data) : NULL;
  char *save = NULL;

  for (char *kv = data ? strtok_r (data, ",", &save) : NULL; kv; kv = strtok_r (NULL, ",", &save))
    {
      char *eq = strchr (kv, '=');
      int ret;
      if (eq)
        {
          *eq = '\0';
          ret = sys_fsconfig (fsfd, FSCONFIG_SET_STRING, kv, eq + 1, 0);
        }
      else
        ret = sys_fsconfig (fsfd, FSCONFIG_SET_FLAG, kv, NULL, 0);
      if (ret < 0)
        {
          cleanup_free char *why = fs_log (fsfd);
          cleanup_free char *what = NULL;
          xasprintf (&what, "option \"%s\" refused%s%s", kv, why ? ": " : "", why ? why : "");
          return mnt_error (c, errno, what, err);
        }
    }
  for (size_t i = 0; i < ARRAY_SIZE (ms_to_sb_key); i++)
    if ((c->opts.flags & ms_to_sb_key[i].ms)
        && sys_fsconfig (fsfd, FSCONFIG_SET_FLAG, ms_to_sb_key[i].key, NULL, 0) < 0)
      return mnt_error (c, errno, ms_to_sb_key[i].key, err);
  return 0;
}

/* A new filesystem instance, returned as a detached mount.  */
static int
new_fs (struct mnt_ctx *c, const char *type, lc_error_t *err)
{
  cleanup_close int fsfd = -1;
  struct mount_attr a = { 0 };
  int mfd;

  fsfd = sys_fsopen (type, FSOPEN_CLOEXEC);
  if (fsfd < 0)
    return mnt_error (c, errno, "fsopen", err);
  if (c->m->source && *c->m->source
      && sys_fsconfig (fsfd, FSCONFIG_SET_STRING, "source", c->m->source, 0) < 0)
    return mnt_error (c, errno, "source", err);
  if (config_data (c, fsfd, err) < 0)
    return -1;
  if (c->rfs->mount_label && is_labelled_fs (type)
      && sys_fsconfig (fsfd, FSCONFIG_SET_STRING, "context", c->rfs->mount_label, 0) < 0)
    return mnt_error (c, errno, "SELinux context (linux.mountLabel)", err);
  if (sys_fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    {
      cleanup_free char *why = fs_log (fsfd);
      return mnt_error (c, errno, why ? why : "create the filesystem", err);
    }
  flags_to_attr (c->opts.flags, 0, &a);
  mfd = sys_fsmount (fsfd, FSMOUNT_CLOEXEC, (unsigned int) a.attr_set);
  if (mfd < 0)
    return mnt_error (c, errno, "fsmount", err);
  return mfd;
}

/* tmpcopyup: the new tmpfs starts with a copy of the directory it covers
   (what the image had there).  Nothing is followed: symlinks are copied as
   symlinks, every open is O_NOFOLLOW beneath the two directory fds.  */
static int copy_tree (int src, int dst, int depth, lc_error_t *err);

static int
copy_file (int src, int dst, const char *name, const struct stat *st, lc_error_t *err)
{
  cleanup_close int in = openat (src, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  cleanup_close int out = -1;
  char buf[65536];
  ssize_t n;

  if (in < 0)
    return lc_error (err, errno, "tmpcopyup: open `%s`", name);
  out = openat (dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                st->st_mode & 07777);
  if (out < 0)
    return lc_error (err, errno, "tmpcopyup: create `%s`", name);
  while ((n = TEMP_FAILURE_RETRY_INT (read (in, buf, sizeof buf))) > 0)
    if (write_all (out, buf, (size_t) n, err) < 0)
      return lc_error_wrap (err, "tmpcopyup `%s`", name);
  if (n < 0)
    return lc_error (err, errno, "tmpcopyup: read `%s`", name);
  return 0;
}

static int
copy_entry (int src, int dst, const char *name, int depth, lc_error_t *err)
{
  struct stat st;
  char target[4096];
  ssize_t n;

  if (fstatat (src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return lc_error (err, errno, "tmpcopyup: stat `%s`", name);
  switch (st.st_mode & S_IFMT)
    {
    case S_IFDIR:
      {
        cleanup_close int s = -1;
        cleanup_close int d = -1;
        if (mkdirat (dst, name, 0700) < 0)
          return lc_error (err, errno, "tmpcopyup: mkdir `%s`", name);
        s = openat (src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        d = openat (dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (s < 0 || d < 0)
          return lc_error (err, errno, "tmpcopyup: open directory `%s`", name);
        if (copy_tree (s, d, depth + 1, err) < 0)
          return -1;
        break;
      }
    case S_IFREG:
      if (copy_file (src, dst, name, &st, err) < 0)
        return -1;
      break;
    case S_IFLNK:
      n = readlinkat (src, name, target, sizeof target - 1);
      if (n < 0)
        return lc_error (err, errno, "tmpcopyup: readlink `%s`", name);
      target[n] = '\0';
      if (symlinkat (target, dst, name) < 0)
        return lc_error (err, errno, "tmpcopyup: symlink `%s`", name);
      break;
    case S_IFCHR:
    case S_IFBLK:
    case S_IFIFO:
      if (mknodat (dst, name, st.st_mode, st.st_rdev) < 0)
        return lc_error (err, errno, "tmpcopyup: mknod `%s`", name);
      break;
    default: /* sockets are not worth copying */
      return 0;
    }
  if (fchownat (dst, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
    return lc_error (err, errno, "tmpcopyup: chown `%s`", name);
  if (!S_ISLNK (st.st_mode) && fchmodat (dst, name, st.st_mode & 07777, 0) < 0)
    return lc_error (err, errno, "tmpcopyup: chmod `%s`", name);
  return 0;
}

static int
copy_tree (int src, int dst, int depth, lc_error_t *err)
{
  DIR *dir;
  struct dirent *e;
  int fd, ret = 0;

  if (depth > 64)
    return lc_error (err, ELOOP, "tmpcopyup: directories nested too deep");
  fd = openat (src, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      return lc_error (err, errno, "tmpcopyup: open the covered directory");
    }
  /* cppcheck-suppress readdirCalled ; readdir_r is deprecated, and no thread shares this DIR */
  while (ret == 0 && (errno = 0, e = readdir (dir)) != NULL)
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0)
      ret = copy_entry (src, dst, e->d_name, depth, err);
  if (ret == 0 && errno != 0)
    ret = lc_error (err, errno, "tmpcopyup: readdir");
  closedir (dir);
  return ret;
}

/* procfs and sysfs must land on a real directory: a symlink there would
   let the image send them over a host path (CVE-2023-27561).  */
static int
refuse_symlinked_target (struct mnt_ctx *c, int rootfd, lc_error_t *err)
{
  cleanup_close int fd = -1;
  struct stat st;

  fd = sys_openat2 (rootfd, c->m->destination,
                    &(struct open_how) { .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
                                         .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS });
  if (fd < 0)
    return 0;
  if (fstat (fd, &st) == 0 && S_ISLNK (st.st_mode))
    return lc_error (err, ELOOP, "mounts[%zu].destination `%s` is a symlink in the rootfs",
                     c->i, c->m->destination);
  return 0;
}

/* In a user namespace that does not own the network (cgroup) namespace
   the kernel refuses a new sysfs (cgroup2): bind the host's instead, as
   runc and crun do; its submounts come along read-only when asked.  */
static bool
fs_bind_fallback (struct mnt_ctx *c, const char *type, lc_error_t *err)
{
  bool sysfs = strcmp (type, "sysfs") == 0;

  if (!c->rfs->in_userns || *err == NULL)
    return false;
  /* cgroup2 without a cgroup namespace of our own answers EPERM or, on a
     hybrid host, ENODATA.  */
  if (!(sysfs && (*err)->status == EPERM) && strcmp (type, "cgroup2") != 0)
    return false;
  lc_debug ("%s refused in the user namespace: binding the host's", type);
  lc_error_free (err);
  return true;
}

static int
mount_host_tree (struct mnt_ctx *c, const char *type, int rootfd, lc_error_t *err)
{
  struct spec_mount m = *c->m;
  struct mnt_ctx bc = *c;

  m.source = (char *) (strcmp (type, "sysfs") == 0 ? "/sys" : "/sys/fs/cgroup");
  bc.m = &m;
  bc.opts.bind = bc.opts.recursive_bind = true;
  return mount_bind (&bc, rootfd, err);
}

/* mounts[i]'s procfs: the one made inside a joined pid namespace, or a new
   one (ours is the container's pid namespace).  */
static int
proc_tree (struct mnt_ctx *c, lc_error_t *err)
{
  struct mount_attr a = { .attr_clr = MOUNT_ATTR_RDONLY };
  cleanup_close int fd = -1;

  if (c->rfs->proc_fds == NULL)
    return new_fs (c, "proc", err);
  fd = steal_fd (&c->rfs->proc_fds[c->i]);
  if (fd < 0)
    return mnt_error (c, ENOENT, "no procfs made in the joined pid namespace", err);
  if (!(c->opts.flags & MS_RDONLY) && sys_mount_setattr (fd, "", AT_EMPTY_PATH, &a) < 0)
    return mnt_error (c, errno, "make the joined pid namespace's procfs writable", err);
  return steal_fd (&fd);
}

/* A tmpfs over a directory of the image starts with that directory's mode
   unless its options give one (runc since 1.1.8, crun): /tmp 1777 stays
   1777, a 0750 one stays 0750.  The directory is the target itself when
   it exists, so the mode is read from the fd the tmpfs then covers.
   Returns the target, or -1 (with errno) to let the caller create it.  */
static int
tmpfs_target (struct mnt_ctx *c, int rootfd)
{
  int fd = lc_open_in_root (rootfd, c->m->destination, O_PATH | O_DIRECTORY, 0, NULL);
  const char *d = c->opts.data;
  char *data = NULL;
  struct stat st;

  if (fd < 0 || fstat (fd, &st) < 0)
    return fd < 0 ? -1 : fd;
  for (const char *p = d; p; p = strchr (p, ','))
    if (strncmp (p + (*p == ','), "mode=", 5) == 0)
      return fd;
  xasprintf (&data, "mode=%04o%s%s", (unsigned) (st.st_mode & 07777), d ? "," : "", d ? d : "");
  free (c->opts.data);
  c->opts.data = data;
  return fd;
}

static int
mount_new_fs (struct mnt_ctx *c, int rootfd, lc_error_t *err)
{
  cleanup_close int target = -1;
  cleanup_close int tree = -1;
  const char *type = c->m->type;

  if (type == NULL || *type == '\0')
    return lc_error (err, EINVAL, "mounts[%zu].type: missing (and no bind option)", c->i);
  /* moat drives cgroup v2 only.  */
  if (strcmp (type, "cgroup") == 0)
    type = "cgroup2";
  if ((strcmp (type, "proc") == 0 || strcmp (type, "sysfs") == 0)
      && refuse_symlinked_target (c, rootfd, err) < 0)
    return -1;
  if (strcmp (type, "tmpfs") == 0)
    target = tmpfs_target (c, rootfd);
  if (target < 0)
    target = lc_mount_target_in_root (rootfd, c->m->destination, false, err);
  if (target < 0)
    return lc_error_wrap (err, "mounts[%zu].destination", c->i);
  tree = strcmp (type, "proc") == 0 ? proc_tree (c, err) : new_fs (c, type, err);
  if (tree < 0 && c->rfs->proc_fds == NULL && fs_bind_fallback (c, type, err))
    return mount_host_tree (c, type, rootfd, err);
  if (tree < 0)
    return -1;
  if (c->opts.tmpcopyup)
    {
      if (strcmp (type, "tmpfs") != 0)
        return lc_error (err, EINVAL, "mounts[%zu].options: tmpcopyup needs a tmpfs", c->i);
      if (copy_tree (target, tree, 0, err) < 0)
        return lc_error_wrap (err, "mounts[%zu] `%s`", c->i, c->m->destination);
    }
  return attach (c, tree, target, err);
}

/* c for mounts[i]: its options parsed, and comma-joined for messages.  */
static int
mnt_ctx_init (struct mnt_ctx *c, const struct lc_rootfs *rfs, size_t i, lc_error_t *err)
{
  const struct spec_mount *m = &rfs->spec->mounts[i];
  char json_path[32];
  size_t len = 0;

  *c = (struct mnt_ctx) { .rfs = rfs, .m = m, .i = i };
  for (size_t k = 0; m->options && m->options[k]; k++)
    len += strlen (m->options[k]) + 1;
  c->optstr = xzalloc (len + 1);
  for (size_t k = 0; m->options && m->options[k]; k++)
    {
      if (k)
        strcat (c->optstr, ",");
      strcat (c->optstr, m->options[k]);
    }
  snprintf (json_path, sizeof json_path, "mounts[%zu]", i);
  return lc_mount_opts_parse (m->options, json_path, &c->opts, err);
}

static void
mnt_ctx_clear (struct mnt_ctx *c)
{
  lc_mount_opts_clear (&c->opts);
  free (c->optstr);
}

static int
mount_one (const struct lc_rootfs *rfs, size_t i, lc_error_t *err)
{
  const struct spec_mount *m = &rfs->spec->mounts[i];
  struct mnt_ctx c;
  int ret = mnt_ctx_init (&c, rfs, i, err);

  if (ret == 0)
    {
      bool bind = c.opts.bind || (m->type && strcmp (m->type, "bind") == 0);
      /* A new /dev is written to after it is mounted (devices, symlinks,
         the mount points under it, /dev/console): a read-only one becomes
         so in lc_rootfs_finalize, as runc's mountPropagate and
         finalizeRootfs do.  */
      if (!bind && same_dest (m->destination, "/dev"))
        c.opts.flags &= ~(unsigned long) MS_RDONLY;
      /* Whatever is mounted there (the rootless /sys is a bind).  */
      if ((same_dest (m->destination, "/proc") || same_dest (m->destination, "/sys"))
          && refuse_symlinked_target (&c, rfs->rootfd, err) < 0)
        ret = -1;
      else
        ret = bind ? mount_bind (&c, rfs->rootfd, err) : mount_new_fs (&c, rfs->rootfd, err);
    }
  mnt_ctx_clear (&c);
  return ret;
}

bool
lc_rootfs_is_new_proc (const struct spec_mount *m)
{
  return m->type && strcmp (m->type, "proc") == 0 && !lc_rootfs_is_bind (m);
}

bool
lc_rootfs_is_bind (const struct spec_mount *m)
{
  if (m->type && strcmp (m->type, "bind") == 0)
    return true;
  for (size_t k = 0; m->options && m->options[k]; k++)
    if (strcmp (m->options[k], "bind") == 0 || strcmp (m->options[k], "rbind") == 0)
      return true;
  return false;
}

/* Made read-only whatever the entry says: the maker is visible in the
   pid namespace while it holds the mount, and an unmasked writable procfs
   (/proc/sys/kernel/core_pattern...) must not be reachable through its
   /proc/N/fd.  proc_tree gives the entry its own flags back.  */
int
lc_rootfs_make_proc (const struct lc_rootfs *rfs, size_t i, lc_error_t *err)
{
  struct mnt_ctx c;
  int ret = mnt_ctx_init (&c, rfs, i, err);

  if (ret == 0)
    {
      c.opts.flags |= MS_RDONLY;
      ret = new_fs (&c, "proc", err);
    }
  mnt_ctx_clear (&c);
  return ret;
}

/* A mount moat adds itself (/dev, /dev/pts when the config has none).  */
static int
mount_builtin (const struct lc_rootfs *rfs, const char *type, const char *dest,
               char *const *options, lc_error_t *err)
{
  struct spec_mount m = { .destination = (char *) dest, .source = (char *) type,
                          .type = (char *) type, .options = (char **) options };
  struct mnt_ctx c = { .rfs = rfs, .m = &m, .optstr = (char *) "" };
  int ret;

  if (lc_mount_opts_parse (options, dest, &c.opts, err) < 0)
    return -1;
  ret = mount_new_fs (&c, rfs->rootfd, err);
  lc_mount_opts_clear (&c.opts);
  return ret;
}

static bool
dev_is_bind (const struct spec *spec)
{
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      const struct spec_mount *m = &spec->mounts[i];
      if (same_dest (m->destination, "/dev") && lc_rootfs_is_bind (m))
        return true;
    }
  return false;
}

static int
setup_dev (struct lc_rootfs *rfs, lc_error_t *err)
{
  static char *const pts_opts[] = { "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                                    "mode=0620", NULL };
  const struct spec *spec = rfs->spec;
  const struct spec_linux *l = spec->linux_config;

  /* A /dev bound from elsewhere (often the host's own, for a privileged
     container) is used as it is: creating nodes there would replace the
     host's.  */
  if (dev_is_bind (spec))
    return 0;
  if (lc_devices_setup_default (rfs->rootfd, rfs->in_userns, err) < 0)
    return -1;
  if (!config_mounts (spec, "/dev/pts")
      && mount_builtin (rfs, "devpts", "/dev/pts", pts_opts, err) < 0)
    return lc_error_wrap (err, "/dev/pts");
  for (size_t i = 0; l && i < l->n_devices; i++)
    if (lc_devices_create (rfs->rootfd, &l->devices[i], i, rfs->in_userns, err) < 0)
      return -1;
  /* The pty's mount target, made while /dev can still be written: a
     read-only /dev is made so before the terminal exists.  */
  if (spec->process && spec->process->terminal)
    {
      int fd = lc_mount_target_in_root (rfs->rootfd, "/dev/console", true, err);
      if (fd < 0)
        return lc_error_wrap (err, "/dev/console");
      close (fd);
    }
  return 0;
}

/* The config's own /dev, when it asked for "ro" (mount_one mounted it
   writable).  Only that mount: devpts, shm and mqueue under it keep their
   own flags, as with runc's remountReadonly.  */
static int
dev_finalize (const struct lc_rootfs *rfs, lc_error_t *err)
{
  struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY };
  cleanup_close int fd = -1;
  struct mnt_ctx c;
  size_t i = rfs->spec->n_mounts;
  bool ro;
  int ret;

  while (i > 0 && !same_dest (rfs->spec->mounts[i - 1].destination, "/dev"))
    i--;
  if (i == 0 || dev_is_bind (rfs->spec))
    return 0;
  ret = mnt_ctx_init (&c, rfs, i - 1, err);
  ro = ret == 0 && (c.opts.flags & MS_RDONLY);
  mnt_ctx_clear (&c);
  if (!ro)
    return ret;
  fd = lc_open_in_root (rfs->rootfd, "/dev", O_PATH | O_DIRECTORY, 0, err);
  if (fd < 0 || sys_mount_setattr (fd, "", AT_EMPTY_PATH, &a) < 0)
    return fd < 0 ? lc_error_wrap (err, "mounts[%zu]", i - 1)
                  : lc_error (err, errno, "mounts[%zu]: make `/dev` read-only", i - 1);
  return 0;
}

/* The mount holding `rootfs` (a shared one after rootfsPropagation
   "shared") made private: pivot_root refuses a new root under a shared
   mount, and the bind of the rootfs onto itself must not reach the host.
   The mount's root is found walking up from `rootfs` to the first
   directory that statx says is a mount root.  */
static int
rootfs_parent_private (const char *rootfs, lc_error_t *err)
{
  cleanup_free char *p = xstrdup (rootfs);

  for (;;)
    {
      struct statx stx;
      char *slash;

      if (statx (AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx) < 0)
        return lc_error (err, errno, "statx `%s`", p);
      if ((stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) == 0)
        return lc_error (err, ENOTSUP, "statx `%s`: no STATX_ATTR_MOUNT_ROOT", p);
      if ((stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) || strcmp (p, "/") == 0)
        break;
      slash = strrchr (p, '/');
      if (slash == NULL)
        return lc_error (err, EINVAL, "the rootfs `%s` is not absolute", rootfs);
      if (slash == p)
        slash[1] = '\0';
      else
        *slash = '\0';
    }
  if (mount (NULL, p, NULL, MS_PRIVATE, NULL) < 0)
    return lc_error (err, errno, "make `%s` (the mount holding the rootfs) private", p);
  return 0;
}

int
lc_rootfs_prepare (struct lc_rootfs *rfs, lc_error_t *err)
{
  static char *const dev_opts[] = { "nosuid", "strictatime", "mode=755", "size=65536k", NULL };
  const struct spec_linux *l = rfs->spec->linux_config;
  unsigned long prop = MS_REC | MS_SLAVE;

  /* Nothing we mount may propagate back to the host, unless the config
     asks for shared propagation: then, as runc does, it is applied to `/`
     first so the host's peer groups stay joined (a bind with rshared then
     carries mounts made inside out to the host, what Kubernetes'
     Bidirectional mount propagation relies on).  Not with --no-pivot: the
     MS_MOVE of the rootfs onto a shared `/` fails with EINVAL here, so
     there it is only applied by lc_rootfs_finalize.  */
  if (l && (l->rootfs_propagation_flags & MS_SHARED) && !rfs->no_pivot)
    prop = l->rootfs_propagation_flags;
  if (mount (NULL, "/", NULL, prop, NULL) < 0)
    return lc_error (err, errno, "set the propagation of `/`");
  if ((prop & MS_SHARED) && rootfs_parent_private (rfs->rootfs, err) < 0)
    return -1;
  /* The rootfs becomes a mount point of its own (pivot_root needs one).  */
  if (mount (rfs->rootfs, rfs->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
    return lc_error (err, errno, "bind the rootfs `%s` onto itself", rfs->rootfs);
  rfs->rootfd = open (rfs->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rfs->rootfd < 0)
    return lc_error (err, errno, "open the rootfs `%s`", rfs->rootfs);
  /* moat's own /dev comes first when the config has none, so that the
     config's mounts under /dev (shm, mqueue...) land on it, not under it.  */
  if (!config_mounts (rfs->spec, "/dev") && mount_builtin (rfs, "tmpfs", "/dev", dev_opts, err) < 0)
    return lc_error_wrap (err, "/dev");
  for (size_t i = 0; i < rfs->spec->n_mounts; i++)
    if (mount_one (rfs, i, err) < 0)
      return -1;
  return setup_dev (rfs, err);
}

int
lc_rootfs_pivot (struct lc_rootfs *rfs, lc_error_t *err)
{
  if (fchdir (rfs->rootfd) < 0)
    return lc_error (err, errno, "chdir to the rootfs");
  if (rfs->no_pivot)
    {
      if (mount (".", "/", NULL, MS_MOVE, NULL) < 0)
        return lc_error (err, errno, "move the rootfs onto `/`");
      if (chroot (".") < 0)
        return lc_error (err, errno, "chroot to the rootfs");
    }
  else
    {
      /* The old root ends up stacked on top of the new one; detach it.
         Making it a slave first keeps the unmount from reaching the host.
         "." must be the old root's mount, reached through our fd on it: with
         the new root as cwd, "." is the new root, and MS_SLAVE|MS_REC there
         would turn every shared mount of mounts[] into a private one.  */
      cleanup_close int oldroot = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

      if (oldroot < 0)
        return lc_error (err, errno, "open the old root");
      if (sys_pivot_root (".", ".") < 0)
        return lc_error (err, errno, "pivot_root");
      if (fchdir (oldroot) < 0)
        return lc_error (err, errno, "chdir to the old root");
      if (mount (NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
        return lc_error (err, errno, "make the old root a slave");
      if (umount2 (".", MNT_DETACH) < 0)
        return lc_error (err, errno, "detach the old root");
    }
  if (chdir ("/") < 0)
    return lc_error (err, errno, "chdir `/`");
  /* A cached procfs handle may be the host's.  */
  lc_procfs_reset ();
  close (rfs->rootfd);
  rfs->rootfd = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rfs->rootfd < 0)
    return lc_error (err, errno, "open `/`");
  return 0;
}

/* open_tree (mfd, name, OPEN_TREE_CLONE) for kernels before 6.15, which
   clone only from mounts of the caller's own namespace (EINVAL for a
   detached one like mfd).  A child in a copy of our mount namespace,
   sharing our fd table, makes its `/` private so nothing propagates,
   attaches mfd there and clones from it; the clone is a detached tree of
   its own, ours to move, and the child's namespace goes with the child.  */
static int
clone_from_detached (int mfd, const char *name, lc_error_t *err)
{
  struct clone_args args = { .flags = CLONE_NEWNS | CLONE_FILES, .exit_signal = SIGCHLD };
  int msg[2] = { -1, 0 }; /* the clone's fd, errno */
  int pipefd[2];
  pid_t pid;

  if (pipe2 (pipefd, O_CLOEXEC) < 0)
    return lc_error (err, errno, "pipe");
  pid = lc_clone (&args);
  if (pid == 0)
    {
      if (mount (NULL, "/", NULL, MS_PRIVATE, NULL) < 0
          || sys_move_mount (mfd, "", AT_FDCWD, "/", MOVE_MOUNT_F_EMPTY_PATH) < 0
          || (msg[0] = sys_open_tree (mfd, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)) < 0)
        msg[1] = errno;
      _exit (write (pipefd[1], msg, sizeof msg) == sizeof msg ? 0 : 1);
    }
  if (pid < 0)
    {
      close (pipefd[0]);
      close (pipefd[1]);
      return lc_error (err, errno, "clone a mount namespace to clone `%s` from", name);
    }
  /* The fd table is shared: the child's end closes only after it is done
     (eight bytes fit in the pipe).  */
  TEMP_FAILURE_RETRY_INT (waitpid (pid, NULL, 0));
  close (pipefd[1]);
  if (TEMP_FAILURE_RETRY_INT (read (pipefd[0], msg, sizeof msg)) != sizeof msg)
    msg[0] = -1, msg[1] = EIO;
  close (pipefd[0]);
  if (msg[0] < 0)
    return lc_error (err, msg[1], "open_tree an empty file to mask with");
  return msg[0];
}

/* No /dev/null in the container (a /dev bound from elsewhere): an empty
   file on a read-only tmpfs masks as well (reads are empty; writes fail
   instead of vanishing).  */
static int
empty_file_tree (lc_error_t *err)
{
  cleanup_close int fsfd = sys_fsopen ("tmpfs", FSOPEN_CLOEXEC);
  cleanup_close int mfd = -1;
  cleanup_close int file = -1;
  struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY };
  int tree;

  if (fsfd < 0 || sys_fsconfig (fsfd, FSCONFIG_SET_STRING, "size", "0", 0) < 0
      || sys_fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return lc_error (err, errno, "create an empty tmpfs");
  mfd = sys_fsmount (fsfd, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV
                     | MOUNT_ATTR_NOEXEC);
  if (mfd < 0)
    return lc_error (err, errno, "fsmount an empty tmpfs");
  file = openat (mfd, "empty", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0444);
  if (file < 0)
    return lc_error (err, errno, "an empty file to mask with");
  /* No writer may be left for the mount to turn read-only.  */
  close (steal_fd (&file));
  if (sys_mount_setattr (mfd, "", AT_EMPTY_PATH, &a) < 0)
    return lc_error (err, errno, "make the empty file read-only");
  tree = sys_open_tree (mfd, "empty", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  if (tree < 0 && errno == EINVAL)
    return clone_from_detached (mfd, "empty", err);
  if (tree < 0)
    return lc_error (err, errno, "open_tree an empty file to mask with");
  return tree;
}

/* /dev/null, checked to be the char device 1:3 and not something the image
   put there (CVE-2025-31133), as a tree to bind.  */
static int
verified_null_tree (int rootfd, lc_error_t *err)
{
  cleanup_close int fd = -1;
  struct stat st;
  int tree;

  fd = sys_openat2 (rootfd, "dev/null", &(struct open_how) {
                      .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
                      .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS });
  if (fd < 0 && errno == ENOENT)
    return empty_file_tree (err);
  if (fd < 0)
    return lc_error (err, errno, "open `/dev/null` in the container");
  if (fstat (fd, &st) < 0)
    return lc_error (err, errno, "stat `/dev/null`");
  if (!S_ISCHR (st.st_mode) || major (st.st_rdev) != 1 || minor (st.st_rdev) != 3)
    return lc_error (err, 0, "`/dev/null` in the container is not the null device");
  tree = sys_open_tree (fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
  if (tree < 0)
    return lc_error (err, errno, "open_tree `/dev/null`");
  return tree;
}

/* An empty read-only tmpfs over a directory.  */
static int
empty_ro_tree (lc_error_t *err)
{
  cleanup_close int fsfd = sys_fsopen ("tmpfs", FSOPEN_CLOEXEC);
  int mfd;

  if (fsfd < 0 || sys_fsconfig (fsfd, FSCONFIG_SET_STRING, "size", "0", 0) < 0
      || sys_fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return lc_error (err, errno, "create an empty tmpfs");
  mfd = sys_fsmount (fsfd, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID
                     | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  if (mfd < 0)
    return lc_error (err, errno, "fsmount an empty tmpfs");
  return mfd;
}

static int
mask_path (int rootfd, const char *path, lc_error_t *err)
{
  cleanup_close int target = -1;
  cleanup_close int tree = -1;
  struct stat st;

  target = sys_openat2 (rootfd, path, &(struct open_how) {
                          .flags = O_PATH | O_CLOEXEC,
                          .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS });
  if (target < 0 && errno == ENOENT)
    return 0;
  if (target < 0 || fstat (target, &st) < 0)
    return lc_error (err, errno, "linux.maskedPaths `%s`", path);
  tree = S_ISDIR (st.st_mode) ? empty_ro_tree (err) : verified_null_tree (rootfd, err);
  if (tree < 0)
    return lc_error_wrap (err, "linux.maskedPaths `%s`", path);
  if (sys_move_mount (tree, "", target, "", MOVE_EMPTY) < 0)
    return lc_error (err, errno, "linux.maskedPaths `%s`", path);
  return 0;
}

static int
readonly_path (int rootfd, const char *path, lc_error_t *err)
{
  cleanup_close int target = -1;
  cleanup_close int tree = -1;
  struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY };

  target = sys_openat2 (rootfd, path, &(struct open_how) {
                          .flags = O_PATH | O_CLOEXEC,
                          .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS });
  if (target < 0 && errno == ENOENT)
    return 0;
  if (target < 0)
    return lc_error (err, errno, "linux.readonlyPaths `%s`", path);
  tree = sys_open_tree (target, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH
                        | AT_RECURSIVE);
  if (tree < 0
      || sys_mount_setattr (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &a) < 0
      || sys_move_mount (tree, "", target, "", MOVE_EMPTY) < 0)
    return lc_error (err, errno, "linux.readonlyPaths `%s`", path);
  return 0;
}

int
lc_rootfs_finalize (struct lc_rootfs *rfs, lc_error_t *err)
{
  const struct spec_linux *l = rfs->spec->linux_config;

  for (size_t i = 0; l && l->masked_paths && l->masked_paths[i]; i++)
    if (mask_path (rfs->rootfd, l->masked_paths[i], err) < 0)
      return -1;
  for (size_t i = 0; l && l->readonly_paths && l->readonly_paths[i]; i++)
    if (readonly_path (rfs->rootfd, l->readonly_paths[i], err) < 0)
      return -1;
  if (dev_finalize (rfs, err) < 0)
    return -1;
  if (rfs->spec->root.readonly)
    {
      struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY };
      if (sys_mount_setattr (rfs->rootfd, "", AT_EMPTY_PATH, &a) < 0)
        return lc_error (err, errno, "root.readonly: make `/` read-only");
    }
  if (l && l->rootfs_propagation_flags
      && mount (NULL, "/", NULL, l->rootfs_propagation_flags, NULL) < 0)
    return lc_error (err, errno, "linux.rootfsPropagation \"%s\"", l->rootfs_propagation);
  return 0;
}

int
lc_rootfs_setup_console (int slave_fd, lc_error_t *err)
{
  cleanup_close int root = -1;
  cleanup_close int target = -1;
  cleanup_close int tree = -1;

  root = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root < 0)
    return lc_error (err, errno, "open `/`");
  /* A /dev/console the image (or a bound /dev) made a symlink would put
     the pty over whatever it names, /proc files included: refuse it.  */
  target = lc_open_in_root (root, "/dev/console", O_PATH | O_NOFOLLOW, 0, NULL);
  if (target >= 0)
    {
      struct stat st;

      if (fstat (target, &st) < 0)
        return lc_error (err, errno, "stat `/dev/console`");
      if (!S_ISREG (st.st_mode) && !S_ISCHR (st.st_mode))
        return lc_error (err, 0, "`/dev/console` is not a file or a character device, refusing");
    }
  else
    target = lc_mount_target_in_root (root, "/dev/console", true, err);
  if (target < 0)
    return lc_error_wrap (err, "/dev/console");
  /* The fd we were given, never a path to it (CVE-2025-52565).  */
  tree = sys_open_tree (slave_fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
  if (tree < 0)
    return lc_error (err, errno, "open_tree the console pty");
  if (sys_move_mount (tree, "", target, "", MOVE_EMPTY) < 0)
    return lc_error (err, errno, "bind the console pty onto `/dev/console`");
  return 0;
}
