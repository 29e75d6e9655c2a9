/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Dynamic MCS levels: see mcs.h.  */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <unistd.h>

#include "log.h"
#include "mcs.h"
#include "selinux.h"
#include "state.h"
#include "utils.h"

#define MCS_LOCK ".mcs.lock"
/* Random tries before the walk over every pair (a nearly full range).  */
#define MCS_TRIES 64

/* The file type that goes with a container process type, for the mount
   label when the config has none (container-selinux's lxc_contexts; the
   refpolicy's virt module).  */
static const struct
{
  const char *process;
  const char *file;
} file_types[] = {
  { "container_t", "container_file_t" },
  { "svirt_t", "svirt_image_t" },
  { "svirt_lxc_net_t", "svirt_sandbox_file_t" },
};

/* --default-selinux-type auto: the first the loaded policy has.  */
static const char *const default_types[] = { "container_t", "svirt_t" };

struct pair
{
  unsigned lo, hi;
};

bool
lc_mcs_label_wants_level (const char *label)
{
  int colons = 0;

  if (label == NULL || label[0] == '\0')
    return false;
  for (const char *p = label; *p; p++)
    colons += *p == ':';
  return colons == 2;
}

int
lc_mcs_parse_level (const char *level, unsigned *lo, unsigned *hi)
{
  unsigned x, y;
  int end = 0;

  if (level == NULL || sscanf (level, "s0:c%u,c%u%n", &x, &y, &end) != 2
      || level[end] != '\0' || x >= y)
    return -1;
  *lo = x;
  *hi = y;
  return 0;
}

bool
lc_mcs_wanted (const struct spec *spec)
{
  return spec->process && lc_mcs_label_wants_level (spec->process->selinux_label)
         && lc_selinux_enabled ();
}

/* The policy's categories, or fewer when MOAT_MCS_CATEGORIES narrows them
   (to leave the rest to another engine; the tests use 2 to fill it).  */
static unsigned
category_count (void)
{
  unsigned n = lc_selinux_categories ();
  const char *env = getenv ("MOAT_MCS_CATEGORIES");
  unsigned long want;
  char *end;

  if (env && *env)
    {
      want = strtoul (env, &end, 10);
      if (*end == '\0' && want >= 2 && want < n)
        n = (unsigned) want;
    }
  return n;
}

/* The pairs every other state dir of root holds.  A dir without a
   state.json (a create before its record) holds none yet: its create
   takes the lock before it writes one.  */
static int
used_pairs (const char *root, const char *self, struct pair **out, size_t *n,
            lc_error_t *err)
{
  struct dirent *de;
  DIR *d = opendir (root);

  if (d == NULL)
    return lc_error (err, errno, "open state root `%s`", root);
  /* cppcheck-suppress readdirCalled ; no thread shares this DIR */
  while ((de = readdir (d)))
    {
      cleanup_close int fd = -1;
      struct lc_state *s = NULL;
      lc_error_t e = NULL;
      struct pair p;

      if (de->d_name[0] == '.' || strcmp (de->d_name, self) == 0)
        continue;
      fd = openat (dirfd (d), de->d_name, O_DIRECTORY | O_CLOEXEC | O_RDONLY | O_NOFOLLOW);
      if (fd < 0)
        continue;
      if (lc_state_read (fd, &s, &e) < 0)
        {
          lc_error_free (&e);
          continue;
        }
      if (lc_mcs_parse_level (s->mcs_level, &p.lo, &p.hi) == 0)
        {
          *out = xreallocarray (*out, *n + 1, sizeof **out);
          (*out)[(*n)++] = p;
        }
      lc_state_free (s);
    }
  closedir (d);
  return 0;
}

static bool
pair_used (const struct pair *used, size_t n, unsigned lo, unsigned hi)
{
  for (size_t i = 0; i < n; i++)
    if (used[i].lo == lo && used[i].hi == hi)
      return true;
  return false;
}

static unsigned
random_below (unsigned n)
{
  unsigned v = 0;

  if (getrandom (&v, sizeof v, 0) != (ssize_t) sizeof v)
    v = (unsigned) rand ();
  return v % n;
}

/* A random free pair; when chance keeps missing, the first free one.  */
static int
pick_pair (const struct pair *used, size_t n_used, unsigned cats, struct pair *out)
{
  for (int i = 0; i < MCS_TRIES; i++)
    {
      unsigned x = random_below (cats), y = random_below (cats);

      if (x == y)
        continue;
      out->lo = x < y ? x : y;
      out->hi = x < y ? y : x;
      if (!pair_used (used, n_used, out->lo, out->hi))
        return 0;
    }
  for (out->lo = 0; out->lo + 1 < cats; out->lo++)
    for (out->hi = out->lo + 1; out->hi < cats; out->hi++)
      if (!pair_used (used, n_used, out->lo, out->hi))
        return 0;
  return -1;
}

int
lc_mcs_reserve (const char *root, const char *id, char **level, lc_error_t *err)
{
  cleanup_free char *path = NULL;
  cleanup_free struct pair *used = NULL;
  cleanup_close int fd = -1;
  unsigned cats = category_count ();
  size_t n_used = 0;
  struct pair p;

  xasprintf (&path, "%s/" MCS_LOCK, root);
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return lc_error (err, errno, "open `%s`", path);
  if (TEMP_FAILURE_RETRY_INT (flock (fd, LOCK_EX)) < 0)
    return lc_error (err, errno, "lock `%s`", path);
  if (used_pairs (root, id, &used, &n_used, err) < 0)
    return -1;
  if (pick_pair (used, n_used, cats, &p) < 0)
    return lc_error (err, ENOSPC, "no free MCS category pair: the %zu containers of `%s` "
                     "hold all %u categories' pairs", n_used, root, cats);
  xasprintf (level, "s0:c%u,c%u", p.lo, p.hi);
  lc_debug ("container `%s`: MCS level %s (%zu pairs in use)", id, *level, n_used);
  return steal_fd (&fd);
}

const char *
lc_mcs_complete (const char *label, const char *level, char **owned)
{
  if (level == NULL || !lc_mcs_label_wants_level (label))
    return label;
  xasprintf (owned, "%s:%s", label, level);
  return *owned;
}

/* The type field of user:role:type[:level], or NULL.  */
static const char *
file_type_for (const char *label)
{
  const char *type = strchr (label, ':');

  type = type ? strchr (type + 1, ':') : NULL;
  if (type == NULL)
    return NULL;
  type++;
  for (size_t i = 0; i < ARRAY_SIZE (file_types); i++)
    {
      size_t len = strlen (file_types[i].process);

      if (strncmp (type, file_types[i].process, len) == 0
          && (type[len] == '\0' || type[len] == ':'))
        return file_types[i].file;
    }
  return NULL;
}

void
lc_mcs_apply (struct spec *spec, const char *level)
{
  struct spec_linux *l = spec->linux_config;
  char *proc = NULL, *mount = NULL;
  const char *file;

  lc_mcs_complete (spec->process->selinux_label, level, &proc);
  if (proc)
    {
      free (spec->process->selinux_label);
      spec->process->selinux_label = proc;
    }
  if (l == NULL)
    return;
  if (l->mount_label == NULL)
    {
      file = file_type_for (spec->process->selinux_label);
      if (file)
        xasprintf (&mount, "system_u:object_r:%s:%s", file, level);
    }
  else
    lc_mcs_complete (l->mount_label, level, &mount);
  if (mount)
    {
      free (l->mount_label);
      l->mount_label = mount;
    }
}

/* system_u:system_r:TYPE when the policy knows it (checked at s0).  */
static char *
known_type_label (const char *type)
{
  cleanup_free char *probe = NULL;
  char *label;

  xasprintf (&label, "system_u:system_r:%s", type);
  xasprintf (&probe, "%s:s0", label);
  if (lc_selinux_context_valid (probe))
    return label;
  free (label);
  return NULL;
}

int
lc_mcs_default_label (struct spec *spec, const char *type, lc_error_t *err)
{
  char *label = NULL;

  if (type == NULL || spec->process == NULL || spec->process->selinux_label
      || !lc_selinux_enabled ())
    return 0;
  if (strcmp (type, "auto") != 0)
    label = known_type_label (type);
  else
    for (size_t i = 0; i < ARRAY_SIZE (default_types) && label == NULL; i++)
      label = known_type_label (default_types[i]);
  if (label == NULL)
    return lc_error (err, 0, "--default-selinux-type %s: %s", type,
                     strcmp (type, "auto") == 0 ? "the loaded policy has neither container_t "
                                                  "nor svirt_t"
                                                : "no such type in the loaded policy");
  spec->process->selinux_label = label;
  return 0;
}
