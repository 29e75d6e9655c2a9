/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cgroup v2 (cgroupfs driver): find the cgroup2 mount, make the container's
   cgroup through directory fds, enable only the controllers the config
   needs, write resources and the device filter; freeze, kill, destroy.

   The path: linux.cgroupsPath when absolute (relative to the cgroup2 root),
   relative to moat's own cgroup when relative, and "/moat/ID" when absent.
   On a hybrid host the cgroup2 mount is /sys/fs/cgroup/unified: it works
   without controllers (device filter, freezer, kill), and a limit needing a
   controller that is not there is an error naming it.  */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <linux/magic.h>
#include <unistd.h>
#include "cgroup.h"
#include "container.h"
#include "cgroup-devices.h"
#include "cgroup-resources.h"
#include "log.h"
#include "utils.h"

#define DEFAULT_PARENT "/moat"

/* ---- where ---------------------------------------------------------------- */

/* The cgroup2 mount point: /sys/fs/cgroup on a unified host,
   /sys/fs/cgroup/unified on a hybrid one (one statfs each, as runc and crun
   look), else the last cgroup2 mount in /proc/self/mountinfo: a later mount
   may cover an earlier one, never the other way round.  */
static int
find_mount (char **out, lc_error_t *err)
{
  static const char *const canonical[] = { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" };
  cleanup_free char *buf = NULL, *found = NULL;
  size_t len;
  char *line, *save = NULL;

  /* Found once per process: `list` opens a cgroup per container.  */
  static char *known;

  if (known)
    {
      *out = xstrdup (known);
      return 0;
    }
  for (size_t i = 0; i < ARRAY_SIZE (canonical); i++)
    {
      struct statfs sf;

      if (statfs (canonical[i], &sf) == 0 && sf.f_type == CGROUP2_SUPER_MAGIC)
        {
          known = xstrdup (canonical[i]);
          *out = xstrdup (known);
          return 0;
        }
    }
  if (read_file_at (AT_FDCWD, "/proc/self/mountinfo", &buf, &len, err) < 0)
    return -1;
  for (line = strtok_r (buf, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char *sep = strstr (line, " - "), *f[5], *s = NULL, *p = line;
      int i;

      if (sep == NULL || strncmp (sep + 3, "cgroup2 ", 8) != 0)
        continue;
      *sep = '\0';
      for (i = 0; i < 5 && (f[i] = strtok_r (p, " ", &s)); i++)
        p = NULL;
      if (i < 5)
        continue;
      free (found);
      found = xstrdup (f[4]);
    }
  if (found == NULL)
    return lc_error (err, ENOENT, "no cgroup2 mount in /proc/self/mountinfo (moat supports "
                     "cgroup v2 only)");
  known = xstrdup (found);
  *out = steal_pointer (&found);
  return 0;
}

/* moat's own cgroup ("0::/x/y" in /proc/self/cgroup).  */
static int
own_cgroup (char **out, lc_error_t *err)
{
  cleanup_free char *buf = NULL;
  size_t len;
  char *p, *nl;

  if (read_file_at (AT_FDCWD, "/proc/self/cgroup", &buf, &len, err) < 0)
    return -1;
  for (p = buf; p && *p; p = nl ? nl + 1 : NULL)
    {
      nl = strchr (p, '\n');
      if (nl)
        *nl = '\0';
      if (strncmp (p, "0::", 3) == 0)
        {
          *out = xstrdup (p + 3);
          return 0;
        }
    }
  return lc_error (err, ENOENT, "no cgroup v2 entry in /proc/self/cgroup");
}

static bool
path_is_safe (const char *p)
{
  const char *c = p;

  while (*c)
    {
      size_t n;

      while (*c == '/')
        c++;
      n = strcspn (c, "/");
      if ((n == 2 && strncmp (c, "..", 2) == 0) || (n == 1 && c[0] == '.'))
        return false;
      c += n;
    }
  return true;
}

/* "/", "//"...: the root cgroup, which holds every process of the host
   that is in no other.  Never a container's: there is no cgroup.kill or
   cgroup.events there, and killing "every pid of the cgroup" would kill
   the host's processes.  */
static bool
is_root (const char *path)
{
  return path[strspn (path, "/")] == '\0';
}

/* Rootless: the cgroup moat runs in is ours to divide (delegated, as
   systemd's user@.service or a Delegate=yes scope is).  */
static bool
delegated_here (void)
{
  cleanup_free char *own = NULL, *mount = NULL, *file = NULL;

  if (own_cgroup (&own, NULL) < 0 || find_mount (&mount, NULL) < 0)
    return false;
  xasprintf (&file, "%s%s/cgroup.subtree_control", mount, own);
  return access (file, W_OK) == 0;
}

/* The cgroup path relative to the cgroup2 root, with a leading '/'.  */
static int
cgroupfs_path (const struct spec *spec, const char *id, char **out, lc_error_t *err)
{
  const char *cp = spec->linux_config ? spec->linux_config->cgroups_path : NULL;
  cleanup_free char *own = NULL;

  if ((cp == NULL || cp[0] == '\0') && lc_rootless () && delegated_here ())
    cp = id; /* below the cgroup the runtime runs in, the one delegated */
  if (cp == NULL || cp[0] == '\0')
    {
      xasprintf (out, DEFAULT_PARENT "/%s", id);
      return 0;
    }
  if (strchr (cp, ':') || !path_is_safe (cp))
    return lc_error (err, EINVAL, "linux.cgroupsPath: invalid `%s` (a path without `..`; "
                     "the systemd \"slice:prefix:name\" form is not supported)", cp);
  if (cp[0] == '/')
    {
      if (is_root (cp))
        return lc_error (err, 0, "linux.cgroupsPath: `%s` is the root cgroup; a container "
                         "needs a cgroup of its own", cp);
      *out = xstrdup (cp);
      return 0;
    }
  if (own_cgroup (&own, err) < 0)
    return -1;
  xasprintf (out, "%s%s%s", own, own[strlen (own) - 1] == '/' ? "" : "/", cp);
  return 0;
}

/* ---- controllers ---------------------------------------------------------- */

static int
check_available (const char *mount, unsigned mask, const char *why[LC_CG_N],
                 lc_error_t *err)
{
  cleanup_free char *ctl = NULL, *path = NULL;
  size_t len, i;
  bool hybrid;

  if (mask == 0)
    return 0;
  xasprintf (&path, "%s/cgroup.controllers", mount);
  if (read_file_at (AT_FDCWD, path, &ctl, &len, err) < 0)
    return -1;
  hybrid = strcmp (mount, "/sys/fs/cgroup") != 0;
  for (i = 0; i < LC_CG_N; i++)
    if ((mask & (1u << i)) && !word_in_list (ctl, lc_cgroup_controller_names[i]))
      return lc_error (err, 0, "%s: cgroup v2 controller \"%s\" is not available in "
                       "%s%s", why[i] ? why[i] : "linux.resources",
                       lc_cgroup_controller_names[i], mount,
                       hybrid ? " (this host has hybrid cgroups; moat supports cgroup v2 "
                                "only)" : "");
  return 0;
}

/* "+memory +pids" into dirfd's cgroup.subtree_control, one at a time so
   an already enabled one is not an error.  */
static int
enable_controllers (int dirfd, unsigned mask, lc_error_t *err)
{
  cleanup_free char *cur = NULL;
  size_t len, i;

  if (mask == 0)
    return 0;
  if (read_file_at (dirfd, "cgroup.subtree_control", &cur, &len, err) < 0)
    return -1;
  for (i = 0; i < LC_CG_N; i++)
    {
      char v[32];

      if (!(mask & (1u << i)) || word_in_list (cur, lc_cgroup_controller_names[i]))
        continue;
      snprintf (v, sizeof v, "+%s", lc_cgroup_controller_names[i]);
      if (write_file_at (dirfd, "cgroup.subtree_control", v, strlen (v), err) < 0)
        return lc_error_wrap (err, "enable cgroup controller \"%s\"",
                              lc_cgroup_controller_names[i]);
    }
  return 0;
}

int
lc_cgroup_check (const struct spec *spec, lc_error_t *err)
{
  const struct spec_resources *res = spec->linux_config ? spec->linux_config->resources : NULL;
  const char *why[LC_CG_N] = { 0 };
  cleanup_free char *mount = NULL;
  unsigned mask;

  if (lc_cgroup_needed (res, &mask, why, err) < 0)
    return -1;
  lc_cgroup_warn_ignored (res);
  if (find_mount (&mount, err) < 0)
    return -1;
  if (lc_cgroup_devices_check (spec, err) < 0)
    return -1;
  return check_available (mount, mask, why, err);
}

/* ---- create --------------------------------------------------------------- */

static int
open_root (const char *mount, lc_error_t *err)
{
  int fd = open (mount, O_DIRECTORY | O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return lc_error (err, errno, "open `%s`", mount);
  return fd;
}

/* Remove path and then each parent up to (not including) `keep` components,
   stopping at the first that is busy (another container's).  */
static void
rmdir_up (int rootfd, char *path, size_t keep)
{
  for (;;)
    {
      size_t n = 0;
      char *p, *slash;

      for (p = path; *p; p++)
        n += *p == '/';
      if (n <= keep || (unlinkat (rootfd, path + 1, AT_REMOVEDIR) < 0 && errno != ENOENT))
        return;
      slash = strrchr (path, '/');
      *slash = '\0';
    }
}

/* The value of `key` in cgroup.events ("populated", "frozen"), or -1.  */
static int
events_value (int dirfd, const char *key, lc_error_t *err)
{
  cleanup_free char *buf = NULL;
  size_t len, n = strlen (key);
  char *p;

  if (read_file_at (dirfd, "cgroup.events", &buf, &len, err) < 0)
    return -1;
  for (p = buf; p && *p; p = strchr (p, '\n') ? strchr (p, '\n') + 1 : NULL)
    if (strncmp (p, key, n) == 0 && p[n] == ' ')
      return atoi (p + n + 1);
  return lc_error (err, ENOENT, "no `%s` in cgroup.events", key);
}

/* mkdirat each component from the root, enabling `mask` in each parent.
   *existed = the number of leading components that existed before.
   Returns the number of components, or -1.  */
static int
make_dirs (int rootfd, const char *path, unsigned mask, size_t *existed, int *leaf,
           lc_error_t *err)
{
  cleanup_free char *copy = xstrdup (path);
  cleanup_close int cur = dup (rootfd);
  char *comp, *save = NULL;
  size_t depth = 0;
  bool making = false;

  if (cur < 0)
    return lc_error (err, errno, "dup");
  *existed = 0;
  for (comp = strtok_r (copy, "/", &save); comp; comp = strtok_r (NULL, "/", &save))
    {
      int next;

      if (enable_controllers (cur, mask, err) < 0)
        return -1;
      if (mkdirat (cur, comp, 0755) == 0)
        making = true;
      else if (errno != EEXIST)
        return lc_error (err, errno, "mkdir cgroup `%s` in `%s`", comp, path);
      depth++;
      if (!making)
        *existed = depth;
      next = openat (cur, comp, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
      if (next < 0)
        return lc_error (err, errno, "open cgroup `%s`", path);
      close (cur);
      cur = next;
    }
  *leaf = steal_fd (&cur);
  return (int) depth;
}

/* A container's cgroup is its own: one that has processes already (another
   container with the same ID under another --root, the same cgroupsPath
   twice, a program put there by hand) would be frozen, limited and, at
   delete, killed with it.  Frozen, its init would hang.  runc 1.1 warns of
   the first and 1.2 refuses it; moat refuses both.  */
static int
check_unused (int leaf, lc_error_t *err)
{
  int populated = events_value (leaf, "populated", err);
  int frozen = populated == 0 ? events_value (leaf, "frozen", err) : 0;

  if (populated < 0 || frozen < 0)
    return -1;
  if (populated)
    return lc_error (err, 0, "has processes already: a container's cgroup must be "
                     "its own (another container with this ID or cgroupsPath?)");
  if (frozen)
    return lc_error (err, 0, "is frozen: the container could not start in it");
  return 0;
}

static struct lc_cgroup *
cg_new (char *mount, char *path, int dirfd)
{
  struct lc_cgroup *cg = xzalloc (sizeof *cg);

  cg->mountpoint = mount;
  cg->path = path;
  cg->dirfd = dirfd;
  cg->driver = &lc_cgroup_driver_cgroupfs;
  return cg;
}

static int
cgroupfs_create (const struct spec *spec, const char *id, struct lc_cgroup **out,
                 lc_error_t *err)
{
  const struct spec_resources *res = spec->linux_config ? spec->linux_config->resources : NULL;
  const char *why[LC_CG_N] = { 0 };
  cleanup_free char *mount = NULL, *path = NULL;
  cleanup_close int rootfd = -1, leaf = -1;
  size_t existed;
  unsigned mask;
  int depth;

  if (lc_cgroup_needed (res, &mask, why, err) < 0 || find_mount (&mount, err) < 0
      || check_available (mount, mask, why, err) < 0
      || cgroupfs_path (spec, id, &path, err) < 0)
    return -1;
  rootfd = open_root (mount, err);
  if (rootfd < 0)
    return -1;
  depth = make_dirs (rootfd, path, mask, &existed, &leaf, err);
  if (depth < 0 || ((size_t) depth == existed && check_unused (leaf, err) < 0))
    goto fail;
  if (lc_cgroup_write_resources (leaf, res, err) < 0
      || lc_cgroup_devices_apply (leaf, spec, err) < 0)
    goto fail;
  *out = cg_new (steal_pointer (&mount), steal_pointer (&path), steal_fd (&leaf));
  return 0;

fail:
  /* What we made goes; what existed stays.  */
  lc_error_wrap (err, "cgroup `%s`", path);
  rmdir_up (rootfd, path, existed);
  return -1;
}

static int
cgroupfs_enter (struct lc_cgroup *cg, pid_t pid, lc_error_t *err)
{
  char v[32];

  snprintf (v, sizeof v, "%d", (int) pid);
  return write_file_at (cg->dirfd, "cgroup.procs", v, strlen (v), err);
}

int
lc_cgroupfs_open (const char *path, struct lc_cgroup **out, lc_error_t *err)
{
  cleanup_free char *mount = NULL;
  cleanup_close int rootfd = -1;
  int fd;

  if (path == NULL || path[0] != '/' || !path_is_safe (path))
    return lc_error (err, EINVAL, "invalid cgroup path `%s`", path ? path : "");
  if (find_mount (&mount, err) < 0)
    return -1;
  rootfd = open_root (mount, err);
  if (rootfd < 0)
    return -1;
  fd = path[1] ? openat (rootfd, path + 1, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
               : dup (rootfd);
  if (fd < 0)
    return lc_error (err, errno, "open cgroup `%s%s`", mount, path);
  *out = cg_new (steal_pointer (&mount), xstrdup (path), fd);
  return 0;
}

/* exec --cgroup: `sub` is taken below cg whatever its leading '/' (as
   runc's path.Join does) and must stay there: no "." or ".." component,
   where runc would let "../.." leave the container's cgroup.  Opened from
   cg's fd; cgroupfs cannot hold a symlink, and O_NOFOLLOW refuses a last
   one anyway.  It must exist already, as with runc.  */
int
lc_cgroup_open_sub (const struct lc_cgroup *cg, const char *sub, struct lc_cgroup **out,
                    lc_error_t *err)
{
  const char *rel = sub + strspn (sub, "/");
  cleanup_free char *path = NULL;
  int fd;

  if (!path_is_safe (rel))
    return lc_error (err, EINVAL, "cgroup `%s` is not below the container's cgroup", sub);
  fd = openat (cg->dirfd, *rel ? rel : ".", O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return lc_error (err, errno, "open cgroup `%s` of the container's cgroup `%s`", sub,
                     cg->path);
  xasprintf (&path, "%s%s%s", cg->path, *rel && !is_root (cg->path) ? "/" : "", rel);
  *out = cg_new (xstrdup (cg->mountpoint), steal_pointer (&path), fd);
  (*out)->driver = cg->driver;
  return 0;
}

/* A cgroup that will exist at `path` (systemd: once the unit is started
   by the driver's enter): dirfd -1 until then.  */
int
lc_cgroupfs_prepare (const char *path, struct lc_cgroup **out, lc_error_t *err)
{
  char *mount = NULL;

  if (find_mount (&mount, err) < 0)
    return -1;
  *out = cg_new (mount, xstrdup (path), -1);
  return 0;
}

void
lc_cgroup_free (struct lc_cgroup *cg)
{
  if (cg == NULL)
    return;
  if (cg->priv && cg->driver && cg->driver->release)
    cg->driver->release (cg);
  if (cg->dirfd >= 0)
    close (cg->dirfd);
  free (cg->mountpoint);
  free (cg->path);
  free (cg);
}

/* ---- cgroup.events, freeze, kill, destroy --------------------------------- */

/* How long freeze and destroy wait for the kernel.  A process in
   uninterruptible sleep (an NFS server gone, a v1 freezer holding it)
   neither freezes nor dies: without a bound pause, delete and run would
   wait for it forever.  */
#define CGROUP_WAIT_SECONDS 10

static long long
monotonic_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until cgroup.events has key == want: inotify tells of every change
   of the file (the kernel sends IN_MODIFY), so no sleep-polling.  Each
   second without it, retry (if any) is called again.  Returns 0, -1 with
   ERR, or 1 when CGROUP_WAIT_SECONDS passed.  */
static int
wait_events (const struct lc_cgroup *cg, const char *key, int want,
             void (*retry) (const struct lc_cgroup *), lc_error_t *err)
{
  cleanup_free char *file = NULL;
  cleanup_close int ino = -1;
  int v = events_value (cg->dirfd, key, err);
  long long deadline = monotonic_ms () + CGROUP_WAIT_SECONDS * 1000;

  /* Most often already there (an exited container is unpopulated): an
     inotify instance costs an SRCU grace period when it is closed.  */
  if (v < 0 || v == want)
    return v < 0 ? -1 : 0;
  ino = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK);
  if (ino < 0)
    return lc_error (err, errno, "inotify_init1");
  xasprintf (&file, "%s%s/cgroup.events", cg->mountpoint, cg->path);
  if (inotify_add_watch (ino, file, IN_MODIFY) < 0)
    return lc_error (err, errno, "inotify_add_watch `%s`", file);
  while ((v = events_value (cg->dirfd, key, err)) != want)
    {
      char buf[4096];
      struct pollfd pfd = { .fd = ino, .events = POLLIN };
      long long left = deadline - monotonic_ms ();
      int n;

      if (v < 0)
        return -1;
      if (left <= 0)
        return 1;
      n = poll (&pfd, 1, left < 1000 ? (int) left : 1000);
      if (n < 0 && errno != EINTR)
        return lc_error (err, errno, "poll `%s`", file);
      if (n == 0 && retry)
        retry (cg);
      while (read (ino, buf, sizeof buf) > 0)
        ;
    }
  return 0;
}

static int
cgroupfs_freeze (const struct lc_cgroup *cg, bool freeze, lc_error_t *err)
{
  const char *what = freeze ? "freeze" : "thaw";
  int r;

  if (write_file_at (cg->dirfd, "cgroup.freeze", freeze ? "1" : "0", 1, err) < 0)
    return lc_error_wrap (err, "%s cgroup `%s`", what, cg->path);
  r = wait_events (cg, "frozen", freeze ? 1 : 0, NULL, err);
  if (r <= 0)
    return r;
  /* Given up: a half-frozen container is neither running nor paused, so
     freezing is undone (thawing does not wait).  */
  if (freeze)
    write_file_at (cg->dirfd, "cgroup.freeze", "0", 1, NULL);
  return lc_error (err, 0, "%s cgroup `%s`: not %s after %d s (a process in "
                   "uninterruptible sleep?)", what, cg->path, freeze ? "frozen" : "thawed",
                   CGROUP_WAIT_SECONDS);
}

int
lc_cgroup_is_frozen (const struct lc_cgroup *cg, bool *frozen, lc_error_t *err)
{
  int v = events_value (cg->dirfd, "frozen", err);

  if (v < 0)
    return -1;
  *frozen = v == 1;
  return 0;
}

/* Every pid of the cgroup and its descendants (cgroup.procs, recursively). */
static int
collect_pids (int dirfd, pid_t **pids, size_t *n, lc_error_t *err)
{
  cleanup_free char *buf = NULL;
  cleanup_close int dfd = -1;
  size_t len;
  char *p, *end;
  DIR *d;
  struct dirent *de;

  if (read_file_at (dirfd, "cgroup.procs", &buf, &len, err) < 0)
    return -1;
  for (p = buf; *p; p = end)
    {
      long v = strtol (p, &end, 10);

      if (end == p)
        break;
      *pids = xreallocarray (*pids, *n + 1, sizeof **pids);
      (*pids)[(*n)++] = (pid_t) v;
    }
  dfd = dup (dirfd);
  if (dfd < 0 || (d = fdopendir (dfd)) == NULL)
    return lc_error (err, errno, "opendir cgroup");
  steal_fd (&dfd); /* d owns it now */
  rewinddir (d);
  /* cppcheck-suppress readdirCalled ; readdir_r is deprecated, and no thread shares this DIR */
  while ((de = readdir (d)))
    {
      cleanup_close int sub = -1;

      if (de->d_type != DT_DIR || de->d_name[0] == '.')
        continue;
      sub = openat (dirfd, de->d_name, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
      if (sub >= 0 && collect_pids (sub, pids, n, err) < 0)
        {
          closedir (d);
          return -1;
        }
    }
  closedir (d);
  return 0;
}

static int
cgroupfs_pids (const struct lc_cgroup *cg, pid_t **pids, size_t *n, lc_error_t *err)
{
  *pids = NULL;
  *n = 0;
  if (collect_pids (cg->dirfd, pids, n, err) < 0)
    {
      free (*pids);
      *pids = NULL;
      return -1;
    }
  return 0;
}

static int
cgroupfs_kill (const struct lc_cgroup *cg, int sig, lc_error_t *err)
{
  cleanup_free pid_t *pids = NULL;
  size_t n, i;

  if (is_root (cg->path))
    return lc_error (err, EPERM, "refusing to signal every process of the root cgroup");
  /* cgroup.kill (5.14+) kills the whole subtree, with no pid races.  */
  if (sig == SIGKILL && faccessat (cg->dirfd, "cgroup.kill", F_OK, 0) == 0)
    return write_file_at (cg->dirfd, "cgroup.kill", "1", 1, err);
  if (cgroupfs_pids (cg, &pids, &n, err) < 0)
    return -1;
  for (i = 0; i < n; i++)
    if (kill (pids[i], sig) < 0 && errno != ESRCH)
      return lc_error (err, errno, "kill %d", (int) pids[i]);
  return 0;
}

/* rmdir the sub-cgroups the container made (deepest first).  */
static void
rmdir_children (int dirfd)
{
  int dfd = dup (dirfd);
  DIR *d = dfd >= 0 ? fdopendir (dfd) : NULL;
  struct dirent *de;

  if (d == NULL)
    {
      if (dfd >= 0)
        close (dfd);
      return;
    }
  /* cppcheck-suppress readdirCalled ; readdir_r is deprecated, and no thread shares this DIR */
  while ((de = readdir (d)))
    {
      int sub;

      if (de->d_type != DT_DIR || de->d_name[0] == '.')
        continue;
      sub = openat (dirfd, de->d_name, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
      if (sub >= 0)
        {
          rmdir_children (sub);
          close (sub);
        }
      unlinkat (dirfd, de->d_name, AT_REMOVEDIR);
    }
  closedir (d);
}

/* rmdir only, never a signal: the cgroup a create made but died before
   recording (no process can be in it yet), found again from the config.
   A populated one is somebody else's and stays.  */
int
lc_cgroup_remove_unrecorded (const struct spec *spec, const char *id, lc_error_t *err)
{
  cleanup_free char *mount = NULL, *path = NULL;
  cleanup_close int rootfd = -1;

  if (cgroupfs_path (spec, id, &path, err) < 0 || find_mount (&mount, err) < 0)
    return -1;
  rootfd = open_root (mount, err);
  if (rootfd < 0)
    return -1;
  if (unlinkat (rootfd, path + 1, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return lc_error (err, errno, "rmdir cgroup `%s%s`", mount, path);
  return 0;
}

/* Without cgroup.kill, a process forked between listing and signalling
   escapes one round; each second of waiting is another.  */
static void
kill_again (const struct lc_cgroup *cg)
{
  cgroupfs_kill (cg, SIGKILL, NULL);
}

/* The cgroup was removed under us: only an empty one can be, and a
   user's systemd removes an emptied scope as soon as its last process
   dies, between delete's open of the cgroup and its kill.  */
static bool
removed_under_us (const struct lc_cgroup *cg, lc_error_t *err)
{
  if ((*err)->status != ENOENT || faccessat (cg->dirfd, "cgroup.events", F_OK, 0) == 0
      || errno != ENOENT)
    return false;
  lc_debug ("cgroup `%s` was removed once empty", cg->path);
  lc_error_free (err);
  return true;
}

int
lc_cgroupfs_empty (const struct lc_cgroup *cg, lc_error_t *err)
{
  bool frozen = false;
  int r;

  if (cgroupfs_kill (cg, SIGKILL, err) < 0)
    return removed_under_us (cg, err) ? 0 : lc_error_wrap (err, "kill cgroup `%s`", cg->path);
  /* A frozen cgroup's processes die only when thawed.  */
  if (lc_cgroup_is_frozen (cg, &frozen, err) == 0 && frozen)
    cgroupfs_freeze (cg, false, err);
  if (err && *err)
    lc_error_free (err);
  r = wait_events (cg, "populated", 0, kill_again, err);
  if (r < 0)
    return lc_error_wrap (err, "wait for cgroup `%s` to empty", cg->path);
  if (r > 0)
    return lc_error (err, 0, "cgroup `%s` still has processes %d s after SIGKILL (in "
                     "uninterruptible sleep?); not removed", cg->path, CGROUP_WAIT_SECONDS);
  rmdir_children (cg->dirfd);
  return 0;
}

static int
cgroupfs_destroy (const struct lc_cgroup *cg, lc_error_t *err)
{
  cleanup_free char *path = xstrdup (cg->path);
  cleanup_close int rootfd = -1;

  if (lc_cgroupfs_empty (cg, err) < 0)
    return -1;
  rootfd = open_root (cg->mountpoint, err);
  if (rootfd < 0)
    return -1;
  if (unlinkat (rootfd, path + 1, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return lc_error (err, errno, "rmdir cgroup `%s%s`", cg->mountpoint, cg->path);
  /* The default parent goes when it is empty; another container's cgroup
     in it makes this fail with EBUSY/ENOTEMPTY, which is fine.  */
  if (strncmp (path, DEFAULT_PARENT "/", strlen (DEFAULT_PARENT) + 1) == 0
      && strchr (path + strlen (DEFAULT_PARENT) + 1, '/') == NULL)
    unlinkat (rootfd, DEFAULT_PARENT + 1, AT_REMOVEDIR);
  return 0;
}

static int
cgroupfs_update (const struct lc_cgroup *cg, const struct spec_resources *res,
                 lc_error_t *err)
{
  const char *why[LC_CG_N] = { 0 };
  cleanup_close int rootfd = -1, leaf = -1;
  size_t existed;
  unsigned mask;

  if (lc_cgroup_needed (res, &mask, why, err) < 0
      || check_available (cg->mountpoint, mask, why, err) < 0)
    return -1;
  lc_cgroup_warn_ignored (res);
  rootfd = open_root (cg->mountpoint, err);
  if (rootfd < 0)
    return -1;
  /* Enable what the new limits need along the existing path.  */
  if (make_dirs (rootfd, cg->path, mask, &existed, &leaf, err) < 0)
    return -1;
  return lc_cgroup_write_resources (cg->dirfd, res, err);
}

/* ---- stats ---------------------------------------------------------------- */

/* A number from a one-value file ("max" reads 0) or from a "key value"
   line; false when the file (or the key) is not there: a controller not
   enabled.  */
static bool
read_value (int dirfd, const char *file, const char *key, uint64_t *out)
{
  cleanup_free char *buf = NULL;
  size_t len, n;
  char *p;

  if (read_file_at (dirfd, file, &buf, &len, NULL) < 0)
    return false;
  if (key == NULL)
    {
      *out = strncmp (buf, "max", 3) == 0 ? 0 : strtoull (buf, NULL, 10);
      return true;
    }
  n = strlen (key);
  for (p = buf; p; p = strchr (p, '\n') ? strchr (p, '\n') + 1 : NULL)
    if (strncmp (p, key, n) == 0 && p[n] == ' ')
      {
        *out = strtoull (p + n + 1, NULL, 10);
        return true;
      }
  return false;
}

static int
cgroupfs_stats (const struct lc_cgroup *cg, struct lc_cgroup_stats *st, lc_error_t *err)
{
  uint64_t usec = 0;

  memset (st, 0, sizeof *st);
  if (faccessat (cg->dirfd, "cgroup.events", F_OK, 0) < 0)
    return lc_error (err, errno, "cgroup `%s`", cg->path);
  if (read_value (cg->dirfd, "cpu.stat", "usage_usec", &usec))
    st->cpu_total_ns = usec * 1000;
  if (read_value (cg->dirfd, "cpu.stat", "user_usec", &usec))
    st->cpu_user_ns = usec * 1000;
  if (read_value (cg->dirfd, "cpu.stat", "system_usec", &usec))
    st->cpu_kernel_ns = usec * 1000;
  st->has_memory = read_value (cg->dirfd, "memory.current", NULL, &st->memory_usage);
  if (st->has_memory)
    {
      read_value (cg->dirfd, "memory.max", NULL, &st->memory_limit);
      read_value (cg->dirfd, "memory.events", "max", &st->memory_failcnt);
      read_value (cg->dirfd, "memory.events", "oom_kill", &st->oom_kills);
    }
  st->has_pids = read_value (cg->dirfd, "pids.current", NULL, &st->pids_current);
  if (st->has_pids)
    read_value (cg->dirfd, "pids.max", NULL, &st->pids_limit);
  return 0;
}

const struct lc_cgroup_driver lc_cgroup_driver_cgroupfs = {
  .name = "cgroupfs",
  .path = cgroupfs_path,
  .create = cgroupfs_create,
  .enter = cgroupfs_enter,
  .update = cgroupfs_update,
  .freeze = cgroupfs_freeze,
  .kill = cgroupfs_kill,
  .pids = cgroupfs_pids,
  .stats = cgroupfs_stats,
  .destroy = cgroupfs_destroy,
};
