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

struct lc_cgroup
{
  char *mountpoint; /* "/sys/fs/cgroup" or "/sys/fs/cgroup/unified" */
  char *path;       /* relative to mountpoint, leading '/' ("/moat/ID") */
  int dirfd;        /* O_DIRECTORY|O_CLOEXEC on the container's cgroup, for CLONE_INTO_CGROUP */
};

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
int lc_cgroup_enter (const struct lc_cgroup *cg, pid_t pid, lc_error_t *err);
/* By path (from state.json): */
int lc_cgroup_open (const char *path, struct lc_cgroup **out, lc_error_t *err);
/* An existing cgroup below cg, by a path relative to it (exec --cgroup);
   never one outside it.  */
int lc_cgroup_open_sub (const struct lc_cgroup *cg, const char *sub, struct lc_cgroup **out,
                        lc_error_t *err);
int lc_cgroup_destroy (const struct lc_cgroup *cg, lc_error_t *err); /* cgroup.kill, wait, rmdir */
/* The cgroup a create made for `id` but never recorded: rmdir when empty.  */
int lc_cgroup_remove_unrecorded (const struct spec *spec, const char *id, lc_error_t *err);
int lc_cgroup_kill (const struct lc_cgroup *cg, int sig, lc_error_t *err);
int lc_cgroup_freeze (const struct lc_cgroup *cg, bool freeze, lc_error_t *err);
int lc_cgroup_is_frozen (const struct lc_cgroup *cg, bool *frozen, lc_error_t *err);
int lc_cgroup_pids (const struct lc_cgroup *cg, pid_t **pids, size_t *n, lc_error_t *err);
int lc_cgroup_update (const struct lc_cgroup *cg, const struct spec_resources *res,
                      lc_error_t *err);
void lc_cgroup_free (struct lc_cgroup *cg);

#endif
