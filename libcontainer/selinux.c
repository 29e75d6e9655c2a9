/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SELinux through libselinux (the only file that includes it).
 *
 * libselinux is used to ask questions (is SELinux on, is this context
 * valid in the loaded policy); the labels themselves are written by us to
 * files opened through the verified procfs handle, never through
 * libselinux's own /proc writers, so a container that mounted a fake /proc
 * cannot swallow the write (CVE-2019-16884).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <selinux/selinux.h>

#include "selinux.h"
#include "dl.h"
#include "log.h"
#include "procfs.h"
#include "utils.h"

/* libselinux, loaded by lc_selinux_load (dl.h).  */
static struct
{
  __typeof__ (is_selinux_enabled) *enabled;
  __typeof__ (security_check_context) *check_context;
  __typeof__ (security_canonicalize_context_raw) *canonicalize;
  __typeof__ (freecon) *freecon;
  __typeof__ (security_get_initial_context_raw) *initial_context;
  __typeof__ (lsetfilecon_raw) *lsetfilecon;
  __typeof__ (fsetfilecon_raw) *fsetfilecon;
} se;

int
lc_selinux_load (lc_error_t *err)
{
  const struct lc_dl_sym syms[] = {
    { "is_selinux_enabled", (void **) &se.enabled },
    { "security_check_context", (void **) &se.check_context },
    { "security_canonicalize_context_raw", (void **) &se.canonicalize },
    { "freecon", (void **) &se.freecon },
    { "security_get_initial_context_raw", (void **) &se.initial_context },
    { "lsetfilecon_raw", (void **) &se.lsetfilecon },
    { "fsetfilecon_raw", (void **) &se.fsetfilecon },
  };

  if (se.enabled)
    return 0;
  return lc_dl_open ("libselinux.so.1", syms, ARRAY_SIZE (syms), err);
}

/* Not loaded (a caller forgot lc_libs_load) counts as enabled: a label is
   then attempted and fails with an error, never silently skipped.  */
bool
lc_selinux_enabled (void)
{
  static int enabled = -1;

  if (se.enabled == NULL)
    return true;
  if (enabled < 0)
    enabled = se.enabled () > 0;
  return enabled;
}

static bool
is_name_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
         || c == '.' || c == '-';
}

/* The MLS level part: sensitivity[:categories][-sensitivity[:categories]]
   with categories like c1,c2 or c0.c1023.  Checked loosely for characters;
   the policy check (when SELinux is on) is the real judge.  */
static bool
level_ok (const char *level)
{
  const char *p;

  if (*level == '\0')
    return false;
  for (p = level; *p; p++)
    if (!is_name_char (*p) && *p != ':' && *p != ',')
      return false;
  return level[strlen (level) - 1] != ':' && level[strlen (level) - 1] != ',';
}

int
lc_selinux_validate_label (const char *label, const char *json_path, lc_error_t *err)
{
  cleanup_free char *with_level = NULL;
  const char *p = label;
  int field;

  if (label == NULL || label[0] == '\0')
    return 0;
  /* user:role:type, each a non-empty identifier, then an optional level.  */
  for (field = 0; field < 3; field++)
    {
      const char *start = p;

      while (*p && is_name_char (*p))
        p++;
      if (p == start || (field < 2 && *p != ':') || (field == 2 && *p != ':' && *p != '\0'))
        goto bad;
      if (*p == ':')
        p++;
      else
        break;
    }
  if (field == 3 && !level_ok (p))
    goto bad;
  if (!lc_selinux_enabled ())
    return 0;
  if (se.check_context == NULL)
    return lc_error (err, ENOSYS, "%s: libselinux is not loaded", json_path);
  /* No level: moat gives it one (mcs.h); an MLS policy knows no context
     without, so check it with the lowest.  */
  if (field < 3)
    xasprintf (&with_level, "%s:s0", label);
  if (se.check_context (with_level ? with_level : (char *) label) < 0)
    return lc_error (err, 0, "%s: SELinux label \"%s\" is not valid in the loaded policy",
                     json_path, label);
  return 0;

bad:
  return lc_error (err, 0, "%s: malformed SELinux label \"%s\" (want user:role:type:level)",
                   json_path, label);
}

/* The kernel answers a read of attr/exec or attr/keycreate with the label
   it now holds.  Reading it back through the same fd catches a write that
   went to a harmless procfs file instead (CVE-2025-52881: the path was
   redirected to, say, /proc/self/sched, which accepts and ignores it).  */
static int
verify_readback (int fd, const char *attr, const char *label, lc_error_t *err)
{
  char buf[1024];
  char *canon = NULL;
  ssize_t n = pread (fd, buf, sizeof buf - 1, 0);
  bool same;

  if (n < 0)
    return lc_error (err, errno, "read back the SELinux %s label", attr);
  while (n > 0 && (buf[n - 1] == '\0' || buf[n - 1] == '\n'))
    n--;
  buf[n] = '\0';
  same = strcmp (buf, label) == 0;
  /* The policy may spell a level differently (c0,c1,c2 is c0.c2).  */
  if (!same && se.canonicalize && se.canonicalize (label, &canon) == 0)
    {
      same = strcmp (buf, canon) == 0;
      se.freecon (canon);
    }
  if (!same)
    return lc_error (err, EIO, "SELinux %s label \"%s\" did not take: the file reads back \"%s\"", attr,
                     label, buf);
  return 0;
}

/* Write an attr file of the calling thread through the verified procfs.
   An empty label resets it (a zero-length write).  */
static int
write_thread_attr (const char *attr, const char *label, lc_error_t *err)
{
  cleanup_free char *path = NULL;
  cleanup_close int fd = -1;
  size_t len = label ? strlen (label) : 0;
  ssize_t n;

  xasprintf (&path, "thread-self/attr/%s", attr);
  fd = lc_procfs_open (path, O_RDWR | O_CLOEXEC, err);
  if (fd < 0)
    return lc_error_wrap (err, "set SELinux %s label", attr);
  n = TEMP_FAILURE_RETRY_INT (write (fd, label ? label : "", len));
  if (n < 0)
    return lc_error (err, errno, "set SELinux %s label \"%s\"", attr, label ? label : "");
  if ((size_t) n != len)
    return lc_error (err, EIO, "short write of SELinux %s label", attr);
  if (len > 0)
    return verify_readback (fd, attr, label, err);
  return 0;
}

int
lc_selinux_set_exec_label (const char *label, lc_error_t *err)
{
  if (label == NULL || label[0] == '\0')
    return 0;
  if (!lc_selinux_enabled ())
    {
      lc_debug ("SELinux is not enabled: exec label \"%s\" not set", label);
      return 0;
    }
  return write_thread_attr ("exec", label, err);
}

int
lc_selinux_set_keycreate_label (const char *label, lc_error_t *err)
{
  if (!lc_selinux_enabled ())
    {
      if (label && label[0])
        lc_debug ("SELinux is not enabled: keyring label \"%s\" not set", label);
      return 0;
    }
  return write_thread_attr ("keycreate", label, err);
}

char *
lc_selinux_mount_context (const char *label)
{
  char *ret = NULL;

  if (label == NULL || label[0] == '\0' || !lc_selinux_enabled ())
    return NULL;
  /* Quoted: an MCS level "s0:c1,c2" has a comma that would otherwise end
     the option in mount(2) data.  */
  xasprintf (&ret, "context=\"%s\"", label);
  return ret;
}

bool
lc_selinux_context_valid (const char *label)
{
  return se.check_context && se.check_context ((char *) label) == 0;
}

/* The kernel's own context spans every category (s0-s0:c0.c1023 in the
   refpolicy): its last one + 1, or 1024 when it cannot be read.  */
unsigned
lc_selinux_categories (void)
{
  char *ctx = NULL;
  const char *last;
  unsigned n = 1024, top;

  if (se.initial_context == NULL || se.initial_context ("kernel", &ctx) < 0)
    return n;
  last = strrchr (ctx, 'c');
  if (last && last > ctx && (last[-1] == '.' || last[-1] == ':')
      && sscanf (last, "c%u", &top) == 1 && top >= 1)
    n = top + 1;
  se.freecon (ctx);
  return n;
}

/* A file's label: `name` in the directory `dirfd` (a symlink itself, never
   its target), or with name NULL the directory dirfd itself (an fd open
   for reading, not O_PATH).  The name is reached through the fd of its
   directory (/proc/self/fd/N/NAME), never through a path re-resolved from
   the top.  `shown` is the path for the error.  */
int
lc_selinux_set_file_label_at (int dirfd, const char *name, const char *label, const char *shown,
                              lc_error_t *err)
{
  char path[64 + NAME_MAX];
  int ret;

  if (se.lsetfilecon == NULL)
    return lc_error (err, ENOSYS, "relabel `%s`: libselinux is not loaded", shown);
  if (name == NULL)
    ret = se.fsetfilecon (dirfd, label);
  else
    {
      snprintf (path, sizeof path, "/proc/self/fd/%d/%s", dirfd, name);
      ret = se.lsetfilecon (path, label);
    }
  if (ret < 0)
    return lc_error (err, errno, "relabel `%s` to %s", shown, label);
  return 0;
}
