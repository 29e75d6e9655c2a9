/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "cgroup.h"

int lc_cgroup_check (const struct spec *spec, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_check: not implemented yet");
}

int lc_cgroup_create (const struct spec *spec, const char *id, bool systemd, struct lc_cgroup **out, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_create: not implemented yet");
}

int lc_cgroup_enter (const struct lc_cgroup *cg, pid_t pid, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_enter: not implemented yet");
}

int lc_cgroup_open (const char *path, struct lc_cgroup **out, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_open: not implemented yet");
}

int lc_cgroup_destroy (const struct lc_cgroup *cg, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_destroy: not implemented yet");
}

int lc_cgroup_kill (const struct lc_cgroup *cg, int sig, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_kill: not implemented yet");
}

int lc_cgroup_freeze (const struct lc_cgroup *cg, bool freeze, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_freeze: not implemented yet");
}

int lc_cgroup_is_frozen (const struct lc_cgroup *cg, bool *frozen, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_is_frozen: not implemented yet");
}

int lc_cgroup_pids (const struct lc_cgroup *cg, pid_t **pids, size_t *n, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_pids: not implemented yet");
}

int lc_cgroup_update (const struct lc_cgroup *cg, const struct spec_resources *res, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_cgroup_update: not implemented yet");
}

void lc_cgroup_free (struct lc_cgroup *cg)
{
}

