/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The cgroup driver seam: every lc_cgroup_* operation goes to the driver
   that made the cgroup (cgroup.h).  The cgroupfs driver is cgroup.c; the
   systemd one is asked for with --systemd-cgroup.  */
#include "config.h"
#include <errno.h>

#include "cgroup.h"

int
lc_cgroup_driver_get (bool systemd, const struct lc_cgroup_driver **out, lc_error_t *err)
{
  if (systemd)
    return lc_error (err, 0, "--systemd-cgroup: the systemd cgroup driver is not supported "
                     "yet, use cgroupfs");
  *out = &lc_cgroup_driver_cgroupfs;
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
lc_cgroup_enter (const struct lc_cgroup *cg, pid_t pid, lc_error_t *err)
{
  return cg->driver->enter (cg, pid, err);
}

int
lc_cgroup_update (const struct lc_cgroup *cg, const struct spec_resources *res,
                  lc_error_t *err)
{
  return cg->driver->update (cg, res, err);
}

int
lc_cgroup_freeze (const struct lc_cgroup *cg, bool freeze, lc_error_t *err)
{
  return cg->driver->freeze (cg, freeze, err);
}

int
lc_cgroup_kill (const struct lc_cgroup *cg, int sig, lc_error_t *err)
{
  return cg->driver->kill (cg, sig, err);
}

int
lc_cgroup_pids (const struct lc_cgroup *cg, pid_t **pids, size_t *n, lc_error_t *err)
{
  return cg->driver->pids (cg, pids, n, err);
}

int
lc_cgroup_stats (const struct lc_cgroup *cg, struct lc_cgroup_stats *st, lc_error_t *err)
{
  return cg->driver->stats (cg, st, err);
}

int
lc_cgroup_destroy (const struct lc_cgroup *cg, lc_error_t *err)
{
  return cg->driver->destroy (cg, err);
}
