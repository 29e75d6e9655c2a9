/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* process.capabilities through libcap-ng (the only file that includes it).  */
#ifndef LC_CAPS_H
#define LC_CAPS_H

#include "error.h"
#include "spec.h"

/* Unknown names are errors ("process.capabilities.bounding[2]: unknown
   capability \"CAP_FOO\""); names the running kernel lacks are warned
   about and skipped when applied.  */
int lc_caps_validate (const struct spec_capabilities *caps, const char *file, lc_error_t *err);
/* Before the user switch: drop everything outside the bounding set.  */
int lc_caps_drop_bounding (const struct spec_capabilities *caps, lc_error_t *err);
/* After the keep-caps user switch: effective, permitted, inheritable, ambient.
   NULL caps = no capabilities at all.  */
int lc_caps_apply (const struct spec_capabilities *caps, lc_error_t *err);
/* Name → number, -1 when unknown.  */
int lc_cap_from_name (const char *name);
/* Number → "CAP_CHOWN", NULL past the table.  */
const char *lc_cap_to_name (int cap);

#endif
