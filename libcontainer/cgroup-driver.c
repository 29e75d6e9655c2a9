/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The cgroup driver seam: every lc_cgroup_* operation goes to the driver
   that made the cgroup (cgroup.h).  The cgroupfs driver is cgroup.c; the
   systemd one is asked for with --systemd-cgroup.  */
#include "config.h"
#include <errno.h>

#include "cgroup.h"

/* A driver leaves NULL what cgroupfs does for it on the cgroup it has.  */
#define OP(cg, op) ((cg)->driver->op ? (cg)->driver->op : lc_cgroup_driver_cgroupfs.op)

int
lc_cgroup_driver_get (bool systemd, const struct lc_cgroup_driver **out, lc_error_t *err)
{
  *out = systemd ? &lc_cgroup_driver_systemd : &lc_cgroup_driver_cgroupfs;
  return 0;
}

int
lc_cgroup_path (const struct spec *spec, const char *id, bool systemd, char **out,
                lc_error_t *err)
{
  const struct lc_cgroup_driver *d;

  if (lc_cgroup_driver_get (systemd, &d, err) < 0)
    return -1;
  return d->path (spec, id, out, err);
}

int
lc_cgroup_create (const struct spec *spec, const char *id, bool systemd,
                  struct lc_cgroup **out, lc_error_t *err)
{
  const struct lc_cgroup_driver *d;

  if (lc_cgroup_driver_get (systemd, &d, err) < 0 || d->create (spec, id, out, err) < 0)
    return -1;
  (*out)->driver = d;
  return 0;
}

int
lc_cgroup_open (const char *path, bool systemd, struct lc_cgroup **out, lc_error_t *err)
{
  const struct lc_cgroup_driver *d;

  if (lc_cgroup_driver_get (systemd, &d, err) < 0 || lc_cgroupfs_open (path, out, err) < 0)
    return -1;
  (*out)->driver = d;
  return 0;
}

int
lc_cgroup_enter (struct lc_cgroup *cg, pid_t pid, lc_error_t *err)
{
  return OP (cg, enter) (cg, pid, err);
}

int
lc_cgroup_update (const struct lc_cgroup *cg, const struct spec_resources *res,
                  lc_error_t *err)
{
  return OP (cg, update) (cg, res, err);
}

int
lc_cgroup_freeze (const struct lc_cgroup *cg, bool freeze, lc_error_t *err)
{
  return OP (cg, freeze) (cg, freeze, err);
}

int
lc_cgroup_kill (const struct lc_cgroup *cg, int sig, lc_error_t *err)
{
  return OP (cg, kill) (cg, sig, err);
}

int
lc_cgroup_pids (const struct lc_cgroup *cg, pid_t **pids, size_t *n, lc_error_t *err)
{
  return OP (cg, pids) (cg, pids, n, err);
}

int
lc_cgroup_stats (const struct lc_cgroup *cg, struct lc_cgroup_stats *st, lc_error_t *err)
{
  return OP (cg, stats) (cg, st, err);
}

int
lc_cgroup_destroy (const struct lc_cgroup *cg, lc_error_t *err)
{
  return OP (cg, destroy) (cg, err);
}
