/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mounts[].options -> flags, propagation, recursive attributes, data.  */
#include <string.h>
#include <sys/mount.h>

#include "dl.h"
#include "mount-opts.h"
#include "syscalls.h"
#include "tap.h"

static int
parse (struct lc_mount_opts *o, char *const *opts)
{
  lc_error_t err = NULL;
  int ret;

  memset (o, 0, sizeof *o);
  ret = lc_mount_opts_parse (opts, "mounts[3]", o, &err);
  lc_error_free (&err);
  return ret;
}

static const char *
parse_error (char *const *opts)
{
  static char buf[512];
  struct lc_mount_opts o = { 0 };
  lc_error_t err = NULL;

  buf[0] = '\0';
  if (lc_mount_opts_parse (opts, "mounts[3]", &o, &err) < 0 && err)
    snprintf (buf, sizeof buf, "%s", err->msg);
  lc_error_free (&err);
  lc_mount_opts_clear (&o);
  return buf;
}

int
main (void)
{
  struct lc_mount_opts o;

  ok (lc_libs_load (NULL) == 0, "libmount and libselinux load (dl.h)");

  {
    char *opts[] = { "nosuid", "nodev", "noexec", "ro", "strictatime", NULL };
    ok (parse (&o, opts) == 0, "kernel flags parse");
    ok (o.flags == (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY | MS_STRICTATIME),
        "nosuid nodev noexec ro strictatime -> MS_* flags");
    ok (o.data == NULL, "no data from pure flags");
    ok (!o.bind && o.propagation == 0 && o.attr_set == 0, "nothing else set");
    lc_mount_opts_clear (&o);
  }
  {
    char *opts[] = { "ro", "rw", "suid", "dev", "exec", NULL };
    ok (parse (&o, opts) == 0, "inverted flags parse");
    ok (o.flags == 0, "rw after ro: read-only no longer set");
    ok ((o.clear_flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC))
            == (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC),
        "rw suid dev exec -> clear_flags");
    lc_mount_opts_clear (&o);
  }
  {
    char *opts[] = { "mode=755", "size=65536k", "newinstance", "nosuid", NULL };
    ok (parse (&o, opts) == 0, "data options parse");
    ok (o.data && strcmp (o.data, "mode=755,size=65536k,newinstance") == 0,
        "unknown options are comma-joined data, in order");
    ok (o.flags == MS_NOSUID, "flags apart from data");
    lc_mount_opts_clear (&o);
    ok (o.data == NULL, "clear frees data");
  }
  {
    char *opts[] = { "rbind", "rprivate", NULL };
    ok (parse (&o, opts) == 0 && o.bind && o.recursive_bind, "rbind -> recursive bind");
    ok (o.propagation == (MS_PRIVATE | MS_REC), "rprivate -> MS_PRIVATE|MS_REC");
    ok (o.flags == 0, "rbind is not a mount flag here");
    lc_mount_opts_clear (&o);
  }
  {
    char *opts[] = { "bind", "shared", NULL };
    ok (parse (&o, opts) == 0 && o.bind && !o.recursive_bind, "bind -> non-recursive bind");
    ok (o.propagation == MS_SHARED, "shared -> MS_SHARED");
    lc_mount_opts_clear (&o);
  }
  {
    static const struct
    {
      const char *name;
      unsigned long prop;
    } props[] = {
      { "slave", MS_SLAVE }, { "rslave", MS_SLAVE | MS_REC },
      { "private", MS_PRIVATE }, { "rshared", MS_SHARED | MS_REC },
      { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
    };
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
      {
        char *opts[] = { (char *) props[i].name, NULL };
        ok (parse (&o, opts) == 0 && o.propagation == props[i].prop, "%s", props[i].name);
        lc_mount_opts_clear (&o);
      }
  }
  {
    char *opts[] = { "rro", "rnosuid", "rnodev", "rnoexec", "rnosymfollow", "rnodiratime", NULL };
    ok (parse (&o, opts) == 0, "recursive attributes parse");
    ok (o.attr_set == (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV
                       | MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NOSYMFOLLOW | MOUNT_ATTR_NODIRATIME),
        "r* -> MOUNT_ATTR_* set");
    ok (o.attr_clr == 0 && o.flags == 0, "nothing cleared, no MS_* flags");
    lc_mount_opts_clear (&o);
  }
  {
    char *opts[] = { "rro", "rrw", "rsuid", NULL };
    ok (parse (&o, opts) == 0, "rrw after rro parses");
    ok (!(o.attr_set & MOUNT_ATTR_RDONLY) && (o.attr_clr & MOUNT_ATTR_RDONLY),
        "the last word wins: rrw clears read-only");
    ok (o.attr_clr & MOUNT_ATTR_NOSUID, "rsuid clears nosuid");
    lc_mount_opts_clear (&o);
  }
  {
    char *opts[] = { "rnoatime", "rstrictatime", NULL };
    ok (parse (&o, opts) == 0, "atime attributes parse");
    ok ((o.attr_set & MOUNT_ATTR__ATIME) == MOUNT_ATTR_STRICTATIME,
        "one atime mode: the last (strictatime) replaces noatime");
    ok (o.attr_clr == MOUNT_ATTR__ATIME, "the atime field is cleared first");
    lc_mount_opts_clear (&o);
  }
  {
    char *opts[] = { "idmap", NULL };
    ok (parse (&o, opts) == 0 && o.idmap && !o.recursive_idmap, "idmap recognised");
    lc_mount_opts_clear (&o);
  }
  {
    char *opts[] = { "defaults", "nofail", "x-systemd.automount", NULL };
    ok (parse (&o, opts) == 0 && o.flags == 0 && o.data == NULL,
        "userspace options (defaults, nofail, x-*) never reach the kernel");
    lc_mount_opts_clear (&o);
  }
  {
    char *opts[] = { "nosuid", NULL };
    struct lc_mount_opts keep = { .flags = 42 };
    lc_error_t err = NULL;
    char *bad[] = { "nosuid", "", NULL };
    ok (lc_mount_opts_parse (bad, "mounts[3]", &keep, &err) < 0 && keep.flags == 42,
        "out-parameter untouched on failure");
    lc_error_free (&err);
    ok (parse (&o, opts) == 0, "a good option after a failure parses");
    lc_mount_opts_clear (&o);
  }
  {
    char *opts[] = { "", NULL };
    ok (strstr (parse_error (opts), "mounts[3].options: empty option") != NULL,
        "an empty option is refused, naming the mount");
  }
  {
    char *opts[] = { "size=1m,mode=777", NULL };
    ok (strstr (parse_error (opts), "mounts[3].options: \"size=1m,mode=777\"") != NULL,
        "a comma inside one option is refused");
  }
  {
    char *opts[] = { "remount", NULL };
    ok (strstr (parse_error (opts), "\"remount\" is not allowed") != NULL, "remount refused");
  }
  {
    char *opts[] = { "tmpcopyup", "size=1m", NULL };
    ok (parse (&o, opts) == 0 && o.tmpcopyup && strcmp (o.data, "size=1m") == 0,
        "tmpcopyup is moat's, not the filesystem's");
    lc_mount_opts_clear (&o);
  }
  ok (parse (&o, NULL) == 0 && o.flags == 0 && o.data == NULL, "no options at all");
  return tap_done ();
}
