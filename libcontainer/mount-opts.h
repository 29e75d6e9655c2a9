/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* mounts[].options → mount flags, propagation, recursive attributes and the
   data string, through libmount's option tables plus moat's own table for
   what libmount does not know (r* attributes, idmap, tmpcopyup...).  */
#ifndef LC_MOUNT_OPTS_H
#define LC_MOUNT_OPTS_H

#include <stdbool.h>
#include <stdint.h>
#include "error.h"

struct lc_mount_opts
{
  unsigned long flags;       /* MS_* to set */
  unsigned long clear_flags; /* MS_* explicitly cleared ("rw", "suid", ...) */
  unsigned long propagation; /* MS_SHARED|MS_SLAVE|MS_PRIVATE|MS_UNBINDABLE [|MS_REC] */
  uint64_t attr_set;         /* MOUNT_ATTR_* applied recursively (r* options) */
  uint64_t attr_clr;
  bool bind;                 /* bind or rbind */
  bool recursive_bind;       /* rbind */
  bool idmap;                /* idmap or ridmap: mounts[].uidMappings apply */
  bool recursive_idmap;      /* ridmap */
  bool tmpcopyup;            /* a tmpfs starts with a copy of what it covers */
  char *data;                /* filesystem-specific options, comma-joined, or NULL */
};

/* Parse options[] of the mount at `json_path` ("mounts[3]").  An empty
   option, one with a comma, or "remount"/"move" is an error naming it; an
   option neither libmount nor moat knows is filesystem data, and the
   filesystem's refusal at mount time names the mount and its options.  */
int lc_mount_opts_parse (char *const *options, const char *json_path,
                         struct lc_mount_opts *out, lc_error_t *err);
void lc_mount_opts_clear (struct lc_mount_opts *opts);
/* Load libmount (see dl.h); lc_mount_opts_parse fails until it is.  */
int lc_mount_opts_load (lc_error_t *err);

#endif
