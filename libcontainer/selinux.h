/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SELinux through libselinux (the only file that includes it).  On a host
   without SELinux a requested label is skipped with a debug log, as runc
   does; where SELinux is enabled a label that cannot be set is an error.  */
#ifndef LC_SELINUX_H
#define LC_SELINUX_H

#include <stdbool.h>
#include "error.h"

/* Load libselinux (see dl.h).  */
int lc_selinux_load (lc_error_t *err);
bool lc_selinux_enabled (void);
/* user:role:type:level[:categories] syntax check (no side effects).  */
int lc_selinux_validate_label (const char *label, const char *json_path, lc_error_t *err);
/* Exec label via the verified procfs handle (thread-self/attr/exec).  */
int lc_selinux_set_exec_label (const char *label, lc_error_t *err);
/* Label for keys created from now on (session keyring).  */
int lc_selinux_set_keycreate_label (const char *label, lc_error_t *err);
/* "context=\"LABEL\"" ready to append to mount data, or NULL when not
   enabled or no label.  */
char *lc_selinux_mount_context (const char *label);
/* The loaded policy knows this context.  */
bool lc_selinux_context_valid (const char *label);
/* How many MCS categories the loaded policy has (c0..cN-1); 1024 when it
   does not say.  */
unsigned lc_selinux_categories (void);
/* Label `name` in dirfd without following a symlink, or (name NULL) the
   directory dirfd itself; `shown` names it in the error.  */
int lc_selinux_set_file_label_at (int dirfd, const char *name, const char *label,
                                  const char *shown, lc_error_t *err);

#endif
