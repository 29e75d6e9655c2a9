/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* mounts[].options -> flags, propagation, recursive attributes and data.
 *
 * Each option is looked up, in this order, in:
 *   1. moat's own table: propagation, bind/rbind, the recursive r*
 *      attributes (mount_setattr AT_RECURSIVE), idmap, tmpcopyup — what
 *      libmount does not know or knows differently;
 *   2. libmount's Linux map (MS_* flags; an inverted entry such as "rw" or
 *      "suid" clears its flag);
 *   3. libmount's userspace map ("defaults", "nofail", "x-*"...): accepted
 *      and dropped, the kernel never sees them;
 * and anything else is filesystem data, comma-joined, for fsconfig.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <libmount/libmount.h>

#include "dl.h"
#include "mount-opts.h"
#include "syscalls.h"
#include "utils.h"

/* libmount's one entry point here, loaded by lc_mount_opts_load (dl.h).  */
static __typeof__ (mnt_get_builtin_optmap) *get_builtin_optmap;

int
lc_mount_opts_load (lc_error_t *err)
{
  const struct lc_dl_sym syms[] = {
    { "mnt_get_builtin_optmap", (void **) &get_builtin_optmap },
  };

  if (get_builtin_optmap)
    return 0;
  return lc_dl_open ("libmount.so.1", syms, ARRAY_SIZE (syms), err);
}

enum opt_kind
{
  OPT_PROPAGATION, /* value -> propagation */
  OPT_BIND,        /* bind / rbind */
  OPT_ATTR,        /* value -> attr_set, clr -> attr_clr (recursive) */
  OPT_IDMAP,
  OPT_TMPCOPYUP,
};

struct opt_entry
{
  const char *name;
  enum opt_kind kind;
  uint64_t value;
  uint64_t clr;
};

#define ATIME MOUNT_ATTR__ATIME

static const struct opt_entry moat_opts[] = {
  { "shared", OPT_PROPAGATION, MS_SHARED, 0 },
  { "rshared", OPT_PROPAGATION, MS_SHARED | MS_REC, 0 },
  { "slave", OPT_PROPAGATION, MS_SLAVE, 0 },
  { "rslave", OPT_PROPAGATION, MS_SLAVE | MS_REC, 0 },
  { "private", OPT_PROPAGATION, MS_PRIVATE, 0 },
  { "rprivate", OPT_PROPAGATION, MS_PRIVATE | MS_REC, 0 },
  { "unbindable", OPT_PROPAGATION, MS_UNBINDABLE, 0 },
  { "runbindable", OPT_PROPAGATION, MS_UNBINDABLE | MS_REC, 0 },
  { "bind", OPT_BIND, 0, 0 },
  { "rbind", OPT_BIND, 1, 0 },
  { "rro", OPT_ATTR, MOUNT_ATTR_RDONLY, 0 },
  { "rrw", OPT_ATTR, 0, MOUNT_ATTR_RDONLY },
  { "rnosuid", OPT_ATTR, MOUNT_ATTR_NOSUID, 0 },
  { "rsuid", OPT_ATTR, 0, MOUNT_ATTR_NOSUID },
  { "rnodev", OPT_ATTR, MOUNT_ATTR_NODEV, 0 },
  { "rdev", OPT_ATTR, 0, MOUNT_ATTR_NODEV },
  { "rnoexec", OPT_ATTR, MOUNT_ATTR_NOEXEC, 0 },
  { "rexec", OPT_ATTR, 0, MOUNT_ATTR_NOEXEC },
  /* The atime modes are one field: setting one means clearing the field.  */
  { "rnoatime", OPT_ATTR, MOUNT_ATTR_NOATIME, ATIME },
  { "ratime", OPT_ATTR, MOUNT_ATTR_RELATIME, ATIME },
  { "rrelatime", OPT_ATTR, MOUNT_ATTR_RELATIME, ATIME },
  { "rnorelatime", OPT_ATTR, MOUNT_ATTR_STRICTATIME, ATIME },
  { "rstrictatime", OPT_ATTR, MOUNT_ATTR_STRICTATIME, ATIME },
  { "rnodiratime", OPT_ATTR, MOUNT_ATTR_NODIRATIME, 0 },
  { "rdiratime", OPT_ATTR, 0, MOUNT_ATTR_NODIRATIME },
  { "rnosymfollow", OPT_ATTR, MOUNT_ATTR_NOSYMFOLLOW, 0 },
  { "rsymfollow", OPT_ATTR, 0, MOUNT_ATTR_NOSYMFOLLOW },
  { "idmap", OPT_IDMAP, 0, 0 },
  { "ridmap", OPT_IDMAP, 1, 0 },
  { "tmpcopyup", OPT_TMPCOPYUP, 0, 0 },
};

static const struct opt_entry *
find_moat_opt (const char *opt)
{
  for (size_t i = 0; i < ARRAY_SIZE (moat_opts); i++)
    if (strcmp (moat_opts[i].name, opt) == 0)
      return &moat_opts[i];
  return NULL;
}

/* libmount names carry a value syntax: "loop[=]", "comment=", "x-" with
   MNT_PREFIX.  Compare the name part only.  */
static const struct libmnt_optmap *
find_libmount_opt (int map_id, const char *opt)
{
  const struct libmnt_optmap *map = get_builtin_optmap (map_id);
  size_t optlen = strcspn (opt, "=");

  for (; map && map->name; map++)
    {
      size_t n = strcspn (map->name, "[=");
      if (map->mask & MNT_PREFIX)
        {
          if (strncmp (opt, map->name, n) == 0)
            return map;
        }
      else if (n == optlen && strncmp (opt, map->name, n) == 0)
        return map;
    }
  return NULL;
}

static int
apply_moat_opt (const struct opt_entry *e, const char *opt, const char *json_path,
                struct lc_mount_opts *out, lc_error_t *err)
{
  switch (e->kind)
    {
    case OPT_PROPAGATION:
      out->propagation = (unsigned long) e->value;
      return 0;
    case OPT_BIND:
      out->bind = true;
      out->recursive_bind = out->recursive_bind || e->value;
      return 0;
    case OPT_ATTR:
      /* The last word wins: a later "rrw" undoes an earlier "rro".  */
      if (e->clr == ATIME)
        {
          out->attr_clr |= ATIME;
          out->attr_set = (out->attr_set & ~ATIME) | e->value;
        }
      else if (e->value)
        {
          out->attr_set |= e->value;
          out->attr_clr &= ~e->value;
        }
      else
        {
          out->attr_clr |= e->clr;
          out->attr_set &= ~e->clr;
        }
      return 0;
    case OPT_IDMAP:
      out->idmap = true;
      out->recursive_idmap = out->recursive_idmap || e->value;
      return 0;
    case OPT_TMPCOPYUP:
      out->tmpcopyup = true;
      return 0;
    }
  return 0;
}

static void
append_data (struct lc_mount_opts *out, const char *opt)
{
  if (out->data == NULL)
    out->data = xstrdup (opt);
  else
    {
      char *joined = NULL;
      xasprintf (&joined, "%s,%s", out->data, opt);
      free (out->data);
      out->data = joined;
    }
}

static int
parse_one (const char *opt, const char *json_path, struct lc_mount_opts *out,
           lc_error_t *err)
{
  const struct opt_entry *e;
  const struct libmnt_optmap *m;

  if (opt[0] == '\0')
    return lc_error (err, EINVAL, "%s.options: empty option", json_path);
  /* One option per element: a comma would smuggle several into data.  */
  if (strchr (opt, ',') != NULL)
    return lc_error (err, EINVAL, "%s.options: \"%s\": one option per element, no commas",
                     json_path, opt);
  e = find_moat_opt (opt);
  if (e)
    return apply_moat_opt (e, opt, json_path, out, err);
  m = find_libmount_opt (MNT_LINUX_MAP, opt);
  if (m && strchr (opt, '=') == NULL)
    {
      unsigned long f = (unsigned long) m->id;
      if (f & (MS_REMOUNT | MS_MOVE))
        return lc_error (err, EINVAL, "%s.options: \"%s\" is not allowed in a config",
                         json_path, opt);
      if (m->mask & MNT_INVERT)
        {
          out->flags &= ~f;
          out->clear_flags |= f;
        }
      else
        {
          out->flags |= f;
          out->clear_flags &= ~f;
        }
      return 0;
    }
  if (find_libmount_opt (MNT_USERSPACE_MAP, opt))
    return 0;
  append_data (out, opt);
  return 0;
}

int
lc_mount_opts_parse (char *const *options, const char *json_path,
                     struct lc_mount_opts *out, lc_error_t *err)
{
  struct lc_mount_opts o = { 0 };

  if (get_builtin_optmap == NULL)
    return lc_error (err, ENOSYS, "%s.options: libmount is not loaded", json_path);
  for (size_t i = 0; options && options[i]; i++)
    if (parse_one (options[i], json_path, &o, err) < 0)
      {
        lc_mount_opts_clear (&o);
        return -1;
      }
  /* Out-parameters are untouched on failure.  */
  *out = o;
  return 0;
}

void
lc_mount_opts_clear (struct lc_mount_opts *opts)
{
  free (opts->data);
  opts->data = NULL;
}
