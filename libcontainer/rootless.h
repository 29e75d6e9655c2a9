/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Rootless rules (rootless.c).  lc_rootless itself is in container.h.  */
#ifndef LC_ROOTLESS_H
#define LC_ROOTLESS_H

#include "spec.h"

/* One warning per limit of res that will not apply, saying why.  */
void lc_rootless_warn_limits (const struct spec_resources *res, const char *why);

/* The caller's runtime dir and systemd are to be used (not root's).  */
bool lc_rootless_user_services (void);

#endif
