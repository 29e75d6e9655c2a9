/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* linux.namespaces: flags for the new ones, fds for the joined ones, the
   id maps written by the parent, time offsets, and which sysctls a
   namespace makes safe to set.  */
#include "config.h"
#include <errno.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "namespaces.h"
#include "procfs.h"
#include "syscalls.h"
#include "utils.h"

unsigned long
lc_ns_new_flags (const struct spec *spec)
{
  unsigned long flags = 0;

  if (spec->linux_config == NULL)
    return 0;
  for (size_t i = 0; i < spec->linux_config->n_namespaces; i++)
    if (spec->linux_config->namespaces[i].path == NULL)
      flags |= (unsigned long) spec->linux_config->namespaces[i].type;
  return flags;
}

bool
lc_ns_has_joins (const struct spec *spec)
{
  if (spec->linux_config == NULL)
    return false;
  for (size_t i = 0; i < spec->linux_config->n_namespaces; i++)
    if (spec->linux_config->namespaces[i].path)
      return true;
  return false;
}

void
lc_ns_close_joins (const struct spec *spec, int *fds)
{
  if (fds == NULL)
    return;
  for (size_t i = 0; spec->linux_config && i < spec->linux_config->n_namespaces; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  free (fds);
}

int
lc_ns_open_joins (const struct spec *spec, int **fds, lc_error_t *err)
{
  size_t n = spec->linux_config ? spec->linux_config->n_namespaces : 0;
  int *v = xmalloc ((n ? n : 1) * sizeof (int));

  for (size_t i = 0; i < n; i++)
    v[i] = -1;
  for (size_t i = 0; i < n; i++)
    {
      const struct spec_namespace *ns = &spec->linux_config->namespaces[i];
      if (ns->path == NULL)
        continue;
      v[i] = open (ns->path, O_RDONLY | O_CLOEXEC);
      if (v[i] < 0)
        {
          int saved = errno;
          lc_ns_close_joins (spec, v);
          return lc_error (err, saved, "open %s namespace `%s`", ns->type_name, ns->path);
        }
    }
  *fds = v;
  return 0;
}

static int
join_one (const struct spec_namespace *ns, int fd, lc_error_t *err)
{
  if (setns (fd, ns->type) < 0)
    return lc_error (err, errno, "join %s namespace `%s`", ns->type_name, ns->path);
  return 0;
}

int
lc_ns_join (const struct spec *spec, const int *fds, unsigned long skip, lc_error_t *err)
{
  size_t n = spec->linux_config ? spec->linux_config->n_namespaces : 0;

  /* The user namespace first: it grants the rights to join the others.  */
  for (size_t i = 0; i < n; i++)
    if (fds[i] >= 0 && spec->linux_config->namespaces[i].type == CLONE_NEWUSER)
      if (join_one (&spec->linux_config->namespaces[i], fds[i], err) < 0)
        return -1;
  for (size_t i = 0; i < n; i++)
    if (fds[i] >= 0 && spec->linux_config->namespaces[i].type != CLONE_NEWUSER
        && !((unsigned long) spec->linux_config->namespaces[i].type & skip))
      if (join_one (&spec->linux_config->namespaces[i], fds[i], err) < 0)
        return -1;
  return 0;
}

char *
lc_ns_format_id_map (const struct spec_idmap *maps, size_t n)
{
  size_t len = 0, alloc = 64;
  char *buf = xmalloc (alloc);

  buf[0] = '\0';
  for (size_t i = 0; i < n; i++)
    {
      char line[64];
      int l = snprintf (line, sizeof line, "%u %u %u\n", maps[i].container_id,
                        maps[i].host_id, maps[i].size);
      if (len + (size_t) l + 1 > alloc)
        {
          alloc = (len + (size_t) l + 1) * 2;
          buf = xrealloc (buf, alloc);
        }
      memcpy (buf + len, line, (size_t) l + 1);
      len += (size_t) l;
    }
  return buf;
}

static int
write_map (pid_t pid, const char *file, const struct spec_idmap *maps, size_t n,
           lc_error_t *err)
{
  cleanup_free char *text = NULL;
  char path[64];

  if (n == 0)
    return 0;
  text = lc_ns_format_id_map (maps, n);
  snprintf (path, sizeof path, "%d/%s", (int) pid, file);
  if (lc_procfs_write (path, text, strlen (text), err) < 0)
    return lc_error_wrap (err, "write %s", file);
  return 0;
}

/* An ordinary user may write one map line only: its own id, size 1.  */
static bool
needs_helper (const struct spec_idmap *maps, size_t n, unsigned own)
{
  return geteuid () != 0 && n > 0 && (n > 1 || maps[0].size != 1 || maps[0].host_id != own);
}

/* The setuid newuidmap/newgidmap (Debian's uidmap) check the ranges against
   /etc/subuid and /etc/subgid and write the map; their stderr becomes the
   error's tail.  Never a multi-range map written by moat itself.  */
static int
run_map_helper (const char *helper, pid_t pid, const struct spec_idmap *maps, size_t n,
                lc_error_t *err)
{
  cleanup_free char **argv = xzalloc ((3 * n + 3) * sizeof *argv);
  char why[256] = "";
  int fds[2], status = 0;
  ssize_t got;
  pid_t child;

  xasprintf (&argv[0], "%s", helper);
  xasprintf (&argv[1], "%d", (int) pid);
  for (size_t i = 0; i < n; i++)
    {
      xasprintf (&argv[2 + 3 * i], "%u", maps[i].container_id);
      xasprintf (&argv[3 + 3 * i], "%u", maps[i].host_id);
      xasprintf (&argv[4 + 3 * i], "%u", maps[i].size);
    }
  if (pipe2 (fds, O_CLOEXEC) < 0)
    return lc_error (err, errno, "pipe");
  child = fork ();
  if (child == 0)
    {
      dup2 (fds[1], 2);
      execvp (helper, argv);
      dprintf (2, "%s", strerror (errno));
      _exit (127);
    }
  close (fds[1]);
  got = child < 0 ? -1 : read (fds[0], why, sizeof why - 1);
  close (fds[0]);
  if (child > 0)
    waitpid (child, &status, 0);
  for (size_t i = 0; argv[i]; i++)
    free (argv[i]);
  why[got > 0 ? got : 0] = '\0';
  why[strcspn (why, "\n")] = '\0';
  if (child < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return lc_error (err, 0, "rootless: %s: %s (a map beyond your own id needs Debian's "
                     "uidmap and your ranges in /etc/subuid and /etc/subgid)", helper,
                     why[0] ? why : "failed");
  return 0;
}

int
lc_ns_write_id_maps (pid_t pid, const struct spec *spec, lc_error_t *err)
{
  const struct spec_linux *l = spec->linux_config;
  bool gid_helper;
  char path[64];

  if (l == NULL)
    return 0;
  gid_helper = needs_helper (l->gid_mappings, l->n_gid_mappings, (unsigned) getegid ());
  /* Without CAP_SETGID over the parent namespace the kernel only accepts a
     gid_map once setgroups is denied; root keeps setgroups working, and so
     does newgidmap (it checks the ranges itself).  */
  if (geteuid () != 0 && l->n_gid_mappings > 0 && !gid_helper)
    {
      snprintf (path, sizeof path, "%d/setgroups", (int) pid);
      if (lc_procfs_write (path, "deny", 4, err) < 0)
        return lc_error_wrap (err, "write setgroups");
    }
  if (needs_helper (l->uid_mappings, l->n_uid_mappings, (unsigned) geteuid ()))
    {
      if (run_map_helper ("newuidmap", pid, l->uid_mappings, l->n_uid_mappings, err) < 0)
        return -1;
    }
  else if (write_map (pid, "uid_map", l->uid_mappings, l->n_uid_mappings, err) < 0)
    return -1;
  if (gid_helper)
    return run_map_helper ("newgidmap", pid, l->gid_mappings, l->n_gid_mappings, err);
  return write_map (pid, "gid_map", l->gid_mappings, l->n_gid_mappings, err);
}

bool
lc_ns_maps_root (const struct spec *spec)
{
  const struct spec_linux *l = spec->linux_config;
  bool uid = false, gid = false;

  if (l == NULL)
    return false;
  for (size_t i = 0; i < l->n_uid_mappings; i++)
    if (l->uid_mappings[i].container_id == 0 && l->uid_mappings[i].size > 0)
      uid = true;
  for (size_t i = 0; i < l->n_gid_mappings; i++)
    if (l->gid_mappings[i].container_id == 0 && l->gid_mappings[i].size > 0)
      gid = true;
  return uid && gid;
}

bool
lc_ns_has_time_offsets (const struct spec *spec)
{
  const struct spec_linux *l = spec->linux_config;
  return l && (l->time_monotonic.set || l->time_boottime.set);
}

int
lc_ns_write_time_offsets (const struct spec *spec, lc_error_t *err)
{
  const struct spec_linux *l = spec->linux_config;
  char buf[128];
  int n = 0;

  if (!lc_ns_has_time_offsets (spec))
    return 0;
  if (l->time_monotonic.set)
    n += snprintf (buf + n, sizeof buf - (size_t) n, "monotonic %lld %u\n",
                   (long long) l->time_monotonic.secs, l->time_monotonic.nanosecs);
  if (l->time_boottime.set)
    {
      /* n kept in step with buf, though unread after the last line, so
         a third offset would be one more block like these.  */
      /* NOLINTNEXTLINE(clang-analyzer-deadcode.DeadStores) */
      n += snprintf (buf + n, sizeof buf - (size_t) n, "boottime %lld %u\n",
                     (long long) l->time_boottime.secs, l->time_boottime.nanosecs);
    }
  /* One write per line: the kernel parses a single offset per write on
     some versions; all of them accept this.  */
  for (char *line = buf, *end; *line; line = end)
    {
      end = strchr (line, '\n') + 1;
      if (lc_procfs_write ("self/timens_offsets", line, (size_t) (end - line), err) < 0)
        return lc_error_wrap (err, "set time namespace offsets");
    }
  return 0;
}
