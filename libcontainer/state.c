/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "state.h"

const char *lc_status_name (enum lc_status status)
{
  return NULL;
}

int lc_id_validate (const char *id, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_id_validate: not implemented yet");
}

int lc_state_dir_open (const char *root, const char *id, bool create, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_state_dir_open: not implemented yet");
}

int lc_state_dir_remove (const char *root, const char *id, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_state_dir_remove: not implemented yet");
}

int lc_state_lock (int dirfd, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_state_lock: not implemented yet");
}

int lc_state_read (int dirfd, struct lc_state **out, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_state_read: not implemented yet");
}

int lc_state_write (int dirfd, const struct lc_state *state, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_state_write: not implemented yet");
}

void lc_state_refresh (struct lc_state *state)
{
}

int lc_state_to_json (const struct lc_state *state, bool pretty, char **json, size_t *len, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_state_to_json: not implemented yet");
}

int lc_state_list (const char *root, struct lc_state ***out, size_t *n, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_state_list: not implemented yet");
}

void lc_state_free (struct lc_state *state)
{
}

