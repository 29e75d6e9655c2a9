/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Dynamic MCS levels (sVirt for containers).
 *
 * A process label of three fields, user:role:type, asks for a level: moat
 * picks a category pair s0:cX,cY (X < Y) that no other state dir of the
 * same --root holds, and gives it to the process label and the mount label.
 * Any fourth field, ":s0" included, is an explicit level and is kept as
 * given: engines (podman, CRI-O) choose their own levels, and ":s0" is how
 * they ask for none.
 *
 * The pair is recorded as "mcsLevel" in the container's state.json, written
 * under flock(ROOT/.mcs.lock) with the scan that proved it free, so two
 * creates cannot both take it.  It belongs to the state dir: delete (or
 * the cleanup of a failed create, or any removal of the dir) frees it.  */
#ifndef LC_MCS_H
#define LC_MCS_H

#include <stdbool.h>
#include "error.h"
#include "spec.h"

/* label is user:role:type with no level.  */
bool lc_mcs_label_wants_level (const char *label);
/* "s0:cX,cY" with X < Y: 0 and the pair, else -1.  */
int lc_mcs_parse_level (const char *level, unsigned *lo, unsigned *hi);
/* The container needs a dynamic level (SELinux on, label without one).  */
bool lc_mcs_wanted (const struct spec *spec);
/* With `type` (moat create/run --default-selinux-type; "auto": the first
   of container_t, svirt_t the policy has) and no process.selinuxLabel,
   the process gets system_u:system_r:TYPE and so a level of its own.
   Without it, or with SELinux off, no label stays no label, as in runc.  */
int lc_mcs_default_label (struct spec *spec, const char *type, lc_error_t *err);
/* Reserve a free pair of `root` for container `id`: returns the held lock
   (an fd >= 0) and sets *level.  The caller writes *level into the state
   dir's state.json, then closes the fd.  */
int lc_mcs_reserve (const char *root, const char *id, char **level, lc_error_t *err);
/* Give the level to process.selinuxLabel and linux.mountLabel (a mount
   label without a level gets it; none at all: the process type's file type,
   when known).  */
void lc_mcs_apply (struct spec *spec, const char *level);
/* *label, when it wants a level, completed with `level` (a new string in
   *owned, which the caller frees).  */
const char *lc_mcs_complete (const char *label, const char *level, char **owned);

#endif
