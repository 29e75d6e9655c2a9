/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "container.h"

int lc_container_create (const struct lc_create_opts *opts, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_container_create: not implemented yet");
}

int lc_container_start (const char *state_root, const char *id, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_container_start: not implemented yet");
}

int lc_container_run (const struct lc_create_opts *opts, int *exit_status, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_container_run: not implemented yet");
}

int lc_container_kill (const char *state_root, const char *id, int sig, bool all, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_container_kill: not implemented yet");
}

int lc_container_delete (const char *state_root, const char *id, bool force, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_container_delete: not implemented yet");
}

