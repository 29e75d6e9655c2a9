/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cgroup v2 (cgroupfs driver).  moat does not support cgroup v1: a limit that
   needs a controller the unified hierarchy lacks is an error naming the
   controller and the hierarchy.  */
#ifndef LC_CGROUP_H
#define LC_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>
#include "error.h"
#include "spec.h"

#include <stdint.h>
#include "stats.h"

struct lc_cgroup_driver;

struct lc_cgroup
{
  char *mountpoint; /* "/sys/fs/cgroup" or "/sys/fs/cgroup/unified" */
  char *path;       /* relative to mountpoint, leading '/' ("/moat/ID") */
  int dirfd;        /* O_DIRECTORY|O_CLOEXEC on the container's cgroup, for CLONE_INTO_CGROUP */
  const struct lc_cgroup_driver *driver; /* who made it; every later operation goes through it */
  void *priv;       /* the driver's, freed by its release */
};

/* A cgroup driver: how a container's cgroup is made, limited and removed.
   Both drivers end in a cgroup v2 directory (`struct lc_cgroup`): cgroupfs
   makes it itself; systemd asks for a transient scope and is delegated it.
   Chosen at create (--systemd-cgroup) and recorded in state.json
   (systemd_cgroup), so every later command uses the same one.  An
   operation a driver leaves NULL is cgroupfs's on the driver's cgroup.  */
struct lc_cgroup_driver
{
  const char *name;
  /* The cgroup create would use, relative to the cgroup2 root; no side effect.  */
  int (*path) (const struct spec *spec, const char *id, char **out, lc_error_t *err);
  /* Make it with linux.resources and the device filter applied.  */
  int (*create) (const struct spec *spec, const char *id, struct lc_cgroup **out,
                 lc_error_t *err);
  /* Move pid in.  A cgroup create left unopened (dirfd -1: systemd, whose
     scope is started with its first process) is made here, with pid.  */
  int (*enter) (struct lc_cgroup *cg, pid_t pid, lc_error_t *err);
  int (*update) (const struct lc_cgroup *cg, const struct spec_resources *res, lc_error_t *err);
  int (*freeze) (const struct lc_cgroup *cg, bool freeze, lc_error_t *err);
  int (*kill) (const struct lc_cgroup *cg, int sig, lc_error_t *err);
  int (*pids) (const struct lc_cgroup *cg, pid_t **pids, size_t *n, lc_error_t *err);
  int (*stats) (const struct lc_cgroup *cg, struct lc_cgroup_stats *st, lc_error_t *err);
  /* Kill everything, wait for it to empty, remove.  */
  int (*destroy) (const struct lc_cgroup *cg, lc_error_t *err);
  void (*release) (struct lc_cgroup *cg); /* frees priv; may be NULL */
};

extern const struct lc_cgroup_driver lc_cgroup_driver_cgroupfs;
extern const struct lc_cgroup_driver lc_cgroup_driver_systemd;

/* The driver for --systemd-cgroup (true) or cgroupfs; an error when the
   one asked for is not available.  */
int lc_cgroup_driver_get (bool systemd, const struct lc_cgroup_driver **out, lc_error_t *err);

/* Validate linux.resources against what this host offers, without side effects. */
int lc_cgroup_check (const struct spec *spec, lc_error_t *err);
/* The cgroup create would make, relative to the cgroup2 root: no side
   effect, for sizing the state before create.  */
int lc_cgroup_path (const struct spec *spec, const char *id, bool systemd, char **out,
                    lc_error_t *err);
/* Create the cgroup (cgroupsPath, or a default from the id), enable the
   controllers it needs in the parents, write resources and device rules.  */
int lc_cgroup_create (const struct spec *spec, const char *id, bool systemd,
                      struct lc_cgroup **out, lc_error_t *err);
/* Move pid in (fallback when CLONE_INTO_CGROUP is refused).  */
int lc_cgroup_enter (struct lc_cgroup *cg, pid_t pid, lc_error_t *err);
/* By path and driver (from state.json): */
int lc_cgroup_open (const char *path, bool systemd, struct lc_cgroup **out, lc_error_t *err);
/* An existing cgroup below cg, by a path relative to it (exec --cgroup);
   never one outside it.  */
int lc_cgroup_open_sub (const struct lc_cgroup *cg, const char *sub, struct lc_cgroup **out,
                        lc_error_t *err);
int lc_cgroup_destroy (const struct lc_cgroup *cg, lc_error_t *err); /* kill, wait, remove */
/* The cgroup a create made for `id` but never recorded: rmdir when empty.  */
int lc_cgroup_remove_unrecorded (const struct spec *spec, const char *id, lc_error_t *err);
int lc_cgroup_kill (const struct lc_cgroup *cg, int sig, lc_error_t *err);
int lc_cgroup_freeze (const struct lc_cgroup *cg, bool freeze, lc_error_t *err);
int lc_cgroup_is_frozen (const struct lc_cgroup *cg, bool *frozen, lc_error_t *err);
int lc_cgroup_pids (const struct lc_cgroup *cg, pid_t **pids, size_t *n, lc_error_t *err);
int lc_cgroup_stats (const struct lc_cgroup *cg, struct lc_cgroup_stats *st, lc_error_t *err);
int lc_cgroup_update (const struct lc_cgroup *cg, const struct spec_resources *res,
                      lc_error_t *err);
void lc_cgroup_free (struct lc_cgroup *cg);

/* The cgroupfs driver's pieces that the systemd driver uses on the cgroup
   it is delegated: open (every driver's cgroup is opened by it), a cgroup
   not made yet, and kill + wait + sub-cgroups removed.  */
int lc_cgroupfs_open (const char *path, struct lc_cgroup **out, lc_error_t *err);
int lc_cgroupfs_prepare (const char *path, struct lc_cgroup **out, lc_error_t *err);
int lc_cgroupfs_empty (const struct lc_cgroup *cg, lc_error_t *err);

#endif
