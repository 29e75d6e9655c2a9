/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* linux.resources → cgroup v2 files: which controllers a config needs, the
   value conversions (pure, unit tested), and the writes.  */
#ifndef LC_CGROUP_RESOURCES_H
#define LC_CGROUP_RESOURCES_H

#include <stdint.h>
#include "error.h"
#include "spec.h"

/* Controller bits, in the order of lc_cgroup_controller_names.  */
enum
{
  LC_CG_CPU = 1 << 0,
  LC_CG_CPUSET = 1 << 1,
  LC_CG_IO = 1 << 2,
  LC_CG_MEMORY = 1 << 3,
  LC_CG_HUGETLB = 1 << 4,
  LC_CG_PIDS = 1 << 5,
  LC_CG_RDMA = 1 << 6,
  LC_CG_MISC = 1 << 7,
  LC_CG_N = 8,
};
extern const char *const lc_cgroup_controller_names[LC_CG_N];

/* cpu.shares (2..262144) → cpu.weight (1..10000), as runc and crun.  */
uint64_t lc_cgroup_shares_to_weight (uint64_t shares);
/* blkio weight (10..1000) → io.weight (1..10000).  */
uint64_t lc_cgroup_blkio_to_io_weight (uint64_t weight);
/* memory.swap.max from the spec's memory+swap total; -1 = "max".  Writes
   "" to out when swap is not set.  */
/* cpu.max for C's quota and period, "" when there is nothing to write.  */
void lc_cgroup_cpu_max_value (const struct spec_cpu *c, char *out, size_t size);
int lc_cgroup_swap_value (const struct spec_memory *m, char *out, size_t size,
                          lc_error_t *err);
/* A unified key is a plain file name "controller.file".  Returns the
   controller bit it needs (0 for the core "cgroup." files) or -1.  */
int lc_cgroup_unified_key (const char *key, unsigned *mask);

/* Warn about each v1-only setting of `res` that is dropped (once per
   create or update).  */
void lc_cgroup_warn_ignored (const struct spec_resources *res);
/* The controllers `res` needs; *why[i] names the JSON path of the first
   field needing controller i.  Fails on settings cgroup v2 does not have.  */
int lc_cgroup_needed (const struct spec_resources *res, unsigned *mask,
                      const char *why[LC_CG_N], lc_error_t *err);
/* Of `res`, what the cgroup at dirfd has controllers for, into *out (its
   cpu part into *cpu): rootless, a delegation may hold only some
   (user@.service: cpu memory pids).  One warning per part dropped, naming
   `who`.  */
void lc_cgroup_resources_delegated (int dirfd, const struct spec_resources *res,
                                    struct spec_resources *out, struct spec_cpu *cpu,
                                    const char *who);
/* Write every resource of `res` into the cgroup at dirfd.  */
int lc_cgroup_write_resources (int dirfd, const struct spec_resources *res,
                               lc_error_t *err);

#endif
