/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The device filter: linux.resources.devices + the default devices (not
   linux.devices: those are nodes to create, not permission to use them),
   compiled to a BPF_PROG_TYPE_CGROUP_DEVICE program (the last matching
   rule wins, default deny) attached to the cgroup.  */
#ifndef LC_CGROUP_DEVICES_H
#define LC_CGROUP_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "spec.h"

#define LC_DEV_ACC_MKNOD 1u /* = BPF_DEVCG_ACC_* */
#define LC_DEV_ACC_READ 2u
#define LC_DEV_ACC_WRITE 4u

struct lc_dev_rule
{
  bool allow;
  char type;       /* 'a', 'b', 'c' */
  int64_t major;   /* -1 = any */
  int64_t minor;   /* -1 = any */
  unsigned access; /* LC_DEV_ACC_* */
};

/* The rules in order: the config's, then the defaults.  */
int lc_cgroup_devices_rules (const struct spec *spec, struct lc_dev_rule **rules, size_t *n,
                             lc_error_t *err);
/* Compile to BPF instructions (8 bytes each); *prog is malloc'd.  */
void lc_cgroup_devices_program (const struct lc_dev_rule *rules, size_t n, void **prog,
                                size_t *n_insns);
int lc_cgroup_devices_check (const struct spec *spec, lc_error_t *err);
int lc_cgroup_devices_apply (int dirfd, const struct spec *spec, lc_error_t *err);

#endif
