/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "namespaces.h"

unsigned long lc_ns_new_flags (const struct spec *spec)
{
  errno = ENOSYS;
  return -1;
}

bool lc_ns_has_joins (const struct spec *spec)
{
  return false;
}

int lc_ns_open_joins (const struct spec *spec, int **fds, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_ns_open_joins: not implemented yet");
}

int lc_ns_join (const struct spec *spec, const int *fds, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_ns_join: not implemented yet");
}

int lc_ns_write_id_maps (pid_t pid, const struct spec *spec, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_ns_write_id_maps: not implemented yet");
}

int lc_ns_write_time_offsets (const struct spec *spec, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_ns_write_time_offsets: not implemented yet");
}

