/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LC_KEYRING_H
#define LC_KEYRING_H

#include "error.h"

/* Join a new session keyring named after the container (unless
   --no-new-keyring), labelled when a label is given.  */
int lc_keyring_join_new (const char *id, const char *label, lc_error_t *err);

#endif
