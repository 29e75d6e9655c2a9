/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "selinux.h"

bool lc_selinux_enabled (void)
{
  return false;
}

int lc_selinux_validate_label (const char *label, const char *json_path, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_selinux_validate_label: not implemented yet");
}

int lc_selinux_set_exec_label (const char *label, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_selinux_set_exec_label: not implemented yet");
}

int lc_selinux_set_keycreate_label (const char *label, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_selinux_set_keycreate_label: not implemented yet");
}

char *lc_selinux_mount_context (const char *label)
{
  return NULL;
}

