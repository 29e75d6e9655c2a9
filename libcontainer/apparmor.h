/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LC_APPARMOR_H
#define LC_APPARMOR_H

#include <stdbool.h>
#include "error.h"

bool lc_apparmor_enabled (void);
/* Set the exec profile through the verified procfs handle; an error when
   AppArmor is enabled and the profile is not loaded.  */
int lc_apparmor_apply (const char *profile, lc_error_t *err);

#endif
