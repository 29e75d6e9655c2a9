/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* linux.namespaces: new ones come from clone3/unshare flags, joined ones by
   setns on the path (user namespace first).  The parent writes id maps.  */
#ifndef LC_NAMESPACES_H
#define LC_NAMESPACES_H

#include <stdbool.h>
#include <sys/types.h>
#include "error.h"
#include "spec.h"

/* CLONE_NEW* of the namespaces to create (no path).  */
unsigned long lc_ns_new_flags (const struct spec *spec);
/* true when any namespace is joined by path.  */
bool lc_ns_has_joins (const struct spec *spec);
/* Open every path to join (before any side effect); fds[i] for
   spec->linux->namespaces[i], -1 for new ones.  */
int lc_ns_open_joins (const struct spec *spec, int **fds, lc_error_t *err);
/* setns to every opened fd, user namespace first.  */
/* setns into every joined namespace but those in `skip` (CLONE_NEW*).  */
int lc_ns_join (const struct spec *spec, const int *fds, unsigned long skip, lc_error_t *err);
/* From the parent: setgroups deny when needed, uid_map, gid_map of pid.  */
int lc_ns_write_id_maps (pid_t pid, const struct spec *spec, lc_error_t *err);
/* Before creating the time namespace's first process.  */
int lc_ns_write_time_offsets (const struct spec *spec, lc_error_t *err);
bool lc_ns_has_time_offsets (const struct spec *spec);
/* Close and free what lc_ns_open_joins returned.  */
void lc_ns_close_joins (const struct spec *spec, int *fds);
/* "CONTAINER HOST SIZE\n" lines as /proc/PID/uid_map takes them (malloc'ed).  */
char *lc_ns_format_id_map (const struct spec_idmap *maps, size_t n);
/* Both uid 0 and gid 0 of the container are mapped.  */
bool lc_ns_maps_root (const struct spec *spec);

#endif
