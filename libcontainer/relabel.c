/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* moat create/run --selinux-relabel: the rootfs tree labelled with the
   container's mount label, level included, as podman's `:Z` labels a
   volume: the container's files then carry its own categories, and another
   container, even root with the same type, cannot read them.  See
   relabel.h.  */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "relabel.h"
#include "selinux.h"
#include "utils.h"

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x00001000U
#endif

/* Deeper than any image; each level holds one fd.  */
#define RELABEL_MAX_DEPTH 256

/* What podman refuses to relabel (go-selinux's chcon), and moat too: the
   host's root and the directories whose labels the host's own programs
   depend on.  Compared with the rootfs after realpath(), so /bin on a
   merged-/usr host arrives as /usr/bin.  */
static const char *const refused[] = {
  "/",        "/bin",     "/boot",     "/dev",      "/etc",      "/etc/passwd", "/etc/pki",
  "/etc/shadow", "/home", "/lib",      "/lib32",    "/lib64",    "/libx32",     "/media",
  "/mnt",     "/opt",     "/proc",     "/root",     "/run",      "/sbin",       "/srv",
  "/sys",     "/tmp",     "/usr",      "/usr/bin",  "/usr/lib",  "/usr/lib64",  "/usr/local",
  "/usr/sbin", "/var",    "/var/lib",  "/var/log",  "/var/tmp",
};

int
lc_relabel_check (const char *rootfs, lc_error_t *err)
{
  const char *home = getenv ("HOME");
  cleanup_free char *real_home = home && *home ? realpath (home, NULL) : NULL;

  for (size_t i = 0; i < ARRAY_SIZE (refused); i++)
    if (strcmp (rootfs, refused[i]) == 0)
      return lc_error (err, 0, "--selinux-relabel: refusing to relabel `%s`: a system "
                       "directory of the host", rootfs);
  if (real_home && strcmp (rootfs, real_home) == 0)
    return lc_error (err, 0, "--selinux-relabel: refusing to relabel `%s`: $HOME", rootfs);
  return 0;
}

struct walk
{
  const char *label;
  bool by_mnt_id;     /* statx gave the rootfs's mount id: compare that */
  uint64_t mnt_id;
  uint32_t dev_major, dev_minor;
  char path[PATH_MAX]; /* the entry's host path, for errors */
  unsigned long files;
};

static int
entry_statx (int dirfd, const char *name, const char *shown, struct statx *sx, lc_error_t *err)
{
  int flags = AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | (*name ? 0 : AT_EMPTY_PATH);

  if (statx (dirfd, name, flags, STATX_TYPE | STATX_INO | STATX_MNT_ID, sx) < 0)
    return lc_error (err, errno, "--selinux-relabel: statx `%s`", shown);
  return 0;
}

/* On the rootfs's own mount: a mount below it (another filesystem, or a
   bind of the same one) is not the rootfs's to relabel.  */
static bool
same_mount (const struct walk *w, const struct statx *sx)
{
  if (w->by_mnt_id && (sx->stx_mask & STATX_MNT_ID))
    return sx->stx_mnt_id == w->mnt_id;
  return sx->stx_dev_major == w->dev_major && sx->stx_dev_minor == w->dev_minor;
}

static int relabel_dir (struct walk *w, int dirfd, unsigned depth, lc_error_t *err);

/* The directory `name` of dirfd, which statx saw as `sx`: opened without
   following a symlink, checked to be that one still, walked.  */
static int
relabel_subdir (struct walk *w, int dirfd, const char *name, const struct statx *sx,
                unsigned depth, lc_error_t *err)
{
  cleanup_close int fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct statx opened;

  if (fd < 0)
    return lc_error (err, errno, "--selinux-relabel: open `%s`", w->path);
  if (entry_statx (fd, "", w->path, &opened, err) < 0)
    return -1;
  if (opened.stx_ino != sx->stx_ino || !same_mount (w, &opened))
    return lc_error (err, EXDEV, "--selinux-relabel: `%s` changed while it was relabelled",
                     w->path);
  return relabel_dir (w, fd, depth + 1, err);
}

/* One entry of dirfd: a directory is walked, then labelled; anything else
   (a symlink itself, never its target) is labelled where it is.  */
static int
relabel_entry (struct walk *w, int dirfd, const char *name, unsigned depth, lc_error_t *err)
{
  size_t len = strlen (w->path);
  struct statx sx;
  int ret;

  if (len + 1 + strlen (name) >= sizeof w->path)
    return lc_error (err, ENAMETOOLONG, "--selinux-relabel: `%s/%s`", w->path, name);
  snprintf (w->path + len, sizeof w->path - len, "/%s", name);
  ret = entry_statx (dirfd, name, w->path, &sx, err);
  if (ret == 0 && !same_mount (w, &sx))
    lc_debug ("--selinux-relabel: `%s` is another mount: not relabelled", w->path);
  else if (ret == 0 && S_ISDIR (sx.stx_mode))
    ret = relabel_subdir (w, dirfd, name, &sx, depth, err);
  else if (ret == 0)
    ret = lc_selinux_set_file_label_at (dirfd, name, w->label, w->path, err);
  w->files += ret == 0;
  w->path[len] = '\0';
  return ret;
}

/* Every entry of dirfd, then dirfd itself: the directory is labelled last,
   as podman does.  */
static int
relabel_dir (struct walk *w, int dirfd, unsigned depth, lc_error_t *err)
{
  struct dirent *de;
  DIR *d;
  int fd, ret = 0;

  if (depth > RELABEL_MAX_DEPTH)
    return lc_error (err, ELOOP, "--selinux-relabel: `%s`: more than %d levels deep", w->path,
                     RELABEL_MAX_DEPTH);
  fd = dup (dirfd);
  d = fd < 0 ? NULL : fdopendir (fd);
  if (d == NULL)
    {
      if (fd >= 0)
        close (fd);
      return lc_error (err, errno, "--selinux-relabel: read `%s`", w->path);
    }
  /* cppcheck-suppress readdirCalled ; no thread shares this DIR */
  while (ret == 0 && (errno = 0, de = readdir (d)))
    if (strcmp (de->d_name, ".") != 0 && strcmp (de->d_name, "..") != 0)
      ret = relabel_entry (w, dirfd, de->d_name, depth, err);
  if (ret == 0 && errno != 0)
    ret = lc_error (err, errno, "--selinux-relabel: read `%s`", w->path);
  closedir (d);
  if (ret == 0)
    ret = lc_selinux_set_file_label_at (dirfd, NULL, w->label, *w->path ? w->path : "/", err);
  return ret;
}

int
lc_relabel_rootfs (const char *rootfs, const char *label, lc_error_t *err)
{
  cleanup_close int fd = -1;
  struct walk w = { .label = label };
  struct statx sx;

  if (!lc_selinux_enabled ())
    {
      lc_debug ("SELinux is not enabled: rootfs `%s` not relabelled", rootfs);
      return 0;
    }
  if (lc_relabel_check (rootfs, err) < 0)
    return -1;
  if (label == NULL || *label == '\0')
    return lc_error (err, 0, "--selinux-relabel: no label for the rootfs: set "
                     "linux.mountLabel, or a process.selinuxLabel of svirt_t or container_t");
  snprintf (w.path, sizeof w.path, "%s", rootfs);
  fd = open (rootfs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return lc_error (err, errno, "--selinux-relabel: open `%s`", rootfs);
  if (entry_statx (fd, "", rootfs, &sx, err) < 0)
    return -1;
  w.by_mnt_id = (sx.stx_mask & STATX_MNT_ID) != 0;
  w.mnt_id = sx.stx_mnt_id;
  w.dev_major = sx.stx_dev_major;
  w.dev_minor = sx.stx_dev_minor;
  if (relabel_dir (&w, fd, 0, err) < 0)
    return -1;
  lc_debug ("--selinux-relabel: %lu files under `%s` labelled %s", w.files + 1, rootfs, label);
  return 0;
}
