/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "mount-opts.h"

int lc_mount_opts_parse (char *const *options, const char *json_path, struct lc_mount_opts *out, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_mount_opts_parse: not implemented yet");
}

void lc_mount_opts_clear (struct lc_mount_opts *opts)
{
}

