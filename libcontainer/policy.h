/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The node-side admission policy (docs/policy.md): rules modelled on the
   Pod Security Standards and OpenShift's SCCs, checked against the real
   config.json (create, run) and process (exec) before any side effect.
   A built-in profile ("privileged", "baseline", "restricted") or a JSON
   file that may extend one.  */
#ifndef LC_POLICY_H
#define LC_POLICY_H

#include <stdbool.h>
#include "error.h"
#include "spec.h"

struct lc_range
{
  bool set;
  uint64_t min, max;
};

struct lc_kv_limit
{
  char *name; /* "RLIMIT_NOFILE" */
  uint64_t max;
};

struct lc_policy
{
  char *name; /* the profile's, or the file's path */
  bool forbid_privileged;
  char **allowed_caps;       /* NULL: any */
  char **required_drop_caps; /* NULL: none */
  bool host_ns_rule;         /* allowed_host_ns applies */
  unsigned allowed_host_ns;  /* CLONE_NEW* that may be the host's */
  bool require_userns;
  bool run_as_non_root;
  struct lc_range uid, gid;
  bool require_readonly_root;
  char **allowed_host_paths; /* NULL: any */
  char **required_mount_options;
  bool require_seccomp;
  bool require_nnp;
  char **selinux_types; /* NULL: any */
  bool require_selinux_label;
  bool require_selinux_level;
  bool forbid_unconfined_apparmor;
  bool require_masked_paths;
  char **allowed_sysctls; /* NULL: any */
  char **allowed_devices; /* NULL: any */
  struct lc_kv_limit *rlimits;
  size_t n_rlimits;
  bool require_memory_limit, require_pids_limit;
};

/* Load a profile by name or a policy file.  */
int lc_policy_load (const char *name_or_path, struct lc_policy **out, lc_error_t *err);
void lc_policy_free (struct lc_policy *p);

/* Each violated rule: one line "path: what (what would satisfy it)",
   given to `report`.  Returns the number of violations.  */
typedef void (*lc_policy_report_fn) (const char *line, void *data);
size_t lc_policy_check_spec (const struct lc_policy *p, const struct spec *spec,
                             lc_policy_report_fn report, void *data);
size_t lc_policy_check_process (const struct lc_policy *p, const struct spec *spec,
                                const struct spec_process *proc, const char *prefix,
                                lc_policy_report_fn report, void *data);

/* The policy the CLI configured (--policy, --policy-mode, or
   /etc/moat/policy.json), for create, run and exec.  */
void lc_policy_configure (const char *name_or_path, bool warn_only);
/* Check against the configured policy: each violation logged (an error,
   or a warning in warn mode); fails in enforce mode when any.  `proc`
   NULL: the whole config (create); else exec's process.  */
int lc_policy_enforce (const struct spec *spec, const struct spec_process *proc,
                       lc_error_t *err);

#define LC_POLICY_SYSTEM_FILE "/etc/moat/policy.json"

#endif
