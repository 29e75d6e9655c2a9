/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config.json (OCI runtime-spec 1.2) as typed structs.
 *
 * spec-parse.c fills these from yajl (unknown keys ignored), spec-validate.c
 * checks the whole thing before any side effect, spec_free() releases it.
 * Optional scalars use the opt_* wrappers: `.set` tells whether the key was
 * present.  Arrays are pointer + count.  Strings are NUL-terminated and owned.
 * `pos` fields record where an object started in the file so that later
 * validation can still report file:line:col.
 */
#ifndef LC_SPEC_H
#define LC_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

struct spec_pos
{
  unsigned line, col; /* 1-based; 0 when unknown */
};

struct opt_i64 { bool set; int64_t v; };
struct opt_u64 { bool set; uint64_t v; };
struct opt_bool { bool set; bool v; };

struct spec_kv
{
  char *key;
  char *value;
};

struct spec_idmap
{
  uint32_t container_id;
  uint32_t host_id;
  uint32_t size;
};

/* ---- root, mounts ------------------------------------------------------- */

struct spec_root
{
  char *path; /* as written; relative to the bundle unless absolute */
  bool readonly;
};

struct spec_mount
{
  struct spec_pos pos;
  char *destination;
  char *source; /* may be NULL */
  char *type;   /* may be NULL (bind mounts) */
  char **options; /* NULL-terminated, may be NULL */
  size_t n_options;
  struct spec_idmap *uid_mappings;
  size_t n_uid_mappings;
  struct spec_idmap *gid_mappings;
  size_t n_gid_mappings;
};

/* ---- process ------------------------------------------------------------ */

struct spec_user
{
  uint32_t uid;
  uint32_t gid;
  struct opt_u64 umask;
  uint32_t *additional_gids;
  size_t n_additional_gids;
  char *username; /* Windows only; kept, unused */
};

struct spec_capabilities
{
  /* Capability names as written ("CAP_SYS_ADMIN"), NULL-terminated.  */
  char **bounding;
  char **effective;
  char **inheritable;
  char **permitted;
  char **ambient;
};

struct spec_rlimit
{
  struct spec_pos pos;
  char *type;   /* "RLIMIT_NOFILE" */
  int resource; /* RLIMIT_NOFILE, filled by the parser */
  uint64_t soft;
  uint64_t hard;
};

struct spec_io_priority
{
  char *class_name; /* "IOPRIO_CLASS_RT" | "IOPRIO_CLASS_BE" | "IOPRIO_CLASS_IDLE" */
  int ioprio_class; /* IOPRIO_CLASS_* value, filled by the parser */
  int priority;
};

struct spec_scheduler
{
  char *policy; /* "SCHED_OTHER", ... */
  int policy_value;
  struct opt_i64 nice;
  struct opt_i64 priority;
  char **flags; /* "SCHED_FLAG_RESET_ON_FORK", ... */
  uint64_t flags_value;
  struct opt_u64 runtime;
  struct opt_u64 deadline;
  struct opt_u64 period;
};

struct spec_cpu_affinity
{
  char *initial; /* cpu list "0-3,7" or NULL */
  char *final;
};

struct spec_console_size
{
  unsigned height;
  unsigned width;
};

struct spec_pos_index; /* where each parsed value started, by JSON path */

struct spec_process
{
  bool terminal;
  bool has_console_size;
  struct spec_console_size console_size;
  struct spec_user user;
  char **args; /* NULL-terminated */
  size_t n_args;
  char *command_line; /* Windows only; kept, unused */
  char **env;  /* NULL-terminated, "K=V" */
  size_t n_env;
  char *cwd;
  struct spec_capabilities *capabilities; /* NULL when absent */
  struct spec_rlimit *rlimits;
  size_t n_rlimits;
  bool no_new_privileges;
  char *apparmor_profile;
  struct opt_i64 oom_score_adj;
  char *selinux_label;
  struct spec_io_priority *io_priority;
  struct spec_scheduler *scheduler;
  struct spec_cpu_affinity *exec_cpu_affinity;
  /* Set by spec_parse_process() only (paths relative to process.json);
     in a whole config the positions live in spec->positions.  */
  struct spec_pos_index *positions;
};

/* ---- hooks -------------------------------------------------------------- */

enum spec_hook_kind
{
  SPEC_HOOK_PRESTART,
  SPEC_HOOK_CREATE_RUNTIME,
  SPEC_HOOK_CREATE_CONTAINER,
  SPEC_HOOK_START_CONTAINER,
  SPEC_HOOK_POSTSTART,
  SPEC_HOOK_POSTSTOP,
  SPEC_HOOK_KIND_MAX,
};

struct spec_hook
{
  struct spec_pos pos;
  char *path;
  char **args; /* NULL-terminated, may be NULL */
  char **env;  /* NULL-terminated, may be NULL */
  struct opt_i64 timeout; /* seconds, > 0 when set */
};

struct spec_hook_list
{
  struct spec_hook *hooks;
  size_t n;
};

/* ---- linux -------------------------------------------------------------- */

struct spec_namespace
{
  struct spec_pos pos;
  char *type_name; /* "pid", "network", ... as written */
  int type;        /* CLONE_NEWPID, ... filled by the parser */
  char *path;      /* NULL: create a new one */
};

struct spec_device
{
  struct spec_pos pos;
  char *type; /* "c", "b", "u", "p" */
  char *path;
  int64_t major;
  int64_t minor;
  struct opt_u64 file_mode;
  struct opt_u64 uid;
  struct opt_u64 gid;
};

struct spec_time_offset
{
  bool set;
  int64_t secs;
  uint32_t nanosecs;
};

struct spec_personality
{
  char *domain; /* "LINUX" | "LINUX32" */
  unsigned long domain_value;
  char **flags;
};

/* resources: cgroup v2 is applied by cgroup*.c */

struct spec_device_rule
{
  struct spec_pos pos;
  bool allow;
  char *type;   /* "a" "c" "b"; NULL = "a" */
  struct opt_i64 major; /* unset = wildcard */
  struct opt_i64 minor;
  char *access; /* "rwm" subset; NULL = "rwm" */
};

struct spec_memory
{
  struct opt_i64 limit;
  struct opt_i64 reservation;
  struct opt_i64 swap;
  struct opt_i64 kernel;
  struct opt_i64 kernel_tcp;
  struct opt_u64 swappiness;
  struct opt_bool disable_oom_killer;
  struct opt_bool use_hierarchy;
  struct opt_bool check_before_update;
};

struct spec_cpu
{
  struct opt_u64 shares;
  struct opt_i64 quota;
  struct opt_u64 burst;
  struct opt_u64 period;
  struct opt_i64 realtime_runtime;
  struct opt_u64 realtime_period;
  char *cpus;
  char *mems;
  struct opt_i64 idle;
};

struct spec_pids
{
  struct opt_i64 limit;
};

struct spec_weight_device
{
  int64_t major;
  int64_t minor;
  struct opt_u64 weight;
  struct opt_u64 leaf_weight;
};

struct spec_throttle_device
{
  int64_t major;
  int64_t minor;
  uint64_t rate;
};

struct spec_block_io
{
  struct opt_u64 weight;
  struct opt_u64 leaf_weight;
  struct spec_weight_device *weight_device;
  size_t n_weight_device;
  struct spec_throttle_device *throttle_read_bps;
  size_t n_throttle_read_bps;
  struct spec_throttle_device *throttle_write_bps;
  size_t n_throttle_write_bps;
  struct spec_throttle_device *throttle_read_iops;
  size_t n_throttle_read_iops;
  struct spec_throttle_device *throttle_write_iops;
  size_t n_throttle_write_iops;
};

struct spec_hugepage_limit
{
  char *page_size; /* "2MB" */
  uint64_t limit;
};

struct spec_network_priority
{
  char *name;
  uint32_t priority;
};

struct spec_network
{
  struct opt_u64 class_id;
  struct spec_network_priority *priorities;
  size_t n_priorities;
};

struct spec_rdma
{
  char *device;
  struct opt_u64 hca_handles;
  struct opt_u64 hca_objects;
};

struct spec_resources
{
  struct spec_device_rule *devices;
  size_t n_devices;
  struct spec_memory *memory;
  struct spec_cpu *cpu;
  struct spec_pids *pids;
  struct spec_block_io *block_io;
  struct spec_hugepage_limit *hugepage_limits;
  size_t n_hugepage_limits;
  struct spec_network *network;
  struct spec_rdma *rdma;
  size_t n_rdma;
  struct spec_kv *unified;
  size_t n_unified;
};

struct spec_seccomp_arg
{
  uint32_t index;
  uint64_t value;
  uint64_t value_two;
  char *op; /* "SCMP_CMP_EQ", ... */
};

struct spec_seccomp_syscall
{
  struct spec_pos pos;
  char **names;
  char *action; /* "SCMP_ACT_ERRNO", ... */
  struct opt_u64 errno_ret;
  struct spec_seccomp_arg *args;
  size_t n_args;
};

struct spec_seccomp
{
  struct spec_pos pos;
  char *default_action;
  struct opt_u64 default_errno_ret;
  char **architectures;
  char **flags;
  char *listener_path;
  char *listener_metadata;
  struct spec_seccomp_syscall *syscalls;
  size_t n_syscalls;
};

struct spec_linux
{
  struct spec_namespace *namespaces;
  size_t n_namespaces;
  struct spec_idmap *uid_mappings;
  size_t n_uid_mappings;
  struct spec_idmap *gid_mappings;
  size_t n_gid_mappings;
  struct spec_time_offset time_monotonic;
  struct spec_time_offset time_boottime;
  struct spec_device *devices;
  size_t n_devices;
  char *cgroups_path;
  struct spec_resources *resources;
  char *rootfs_propagation; /* "shared" "slave" "private" "unbindable" or NULL */
  unsigned long rootfs_propagation_flags; /* MS_* filled by the parser, 0 if unset */
  struct spec_seccomp *seccomp;
  struct spec_kv *sysctl;
  size_t n_sysctl;
  char **masked_paths;
  char **readonly_paths;
  char *mount_label;
  struct spec_personality *personality;
  bool has_intel_rdt; /* parsed only: requesting it is an error */
};

struct spec
{
  char *oci_version;
  struct spec_root root;
  struct spec_mount *mounts;
  size_t n_mounts;
  struct spec_process *process;
  char *hostname;
  char *domainname;
  struct spec_hook_list hooks[SPEC_HOOK_KIND_MAX];
  struct spec_kv *annotations;
  size_t n_annotations;
  struct spec_linux *linux_config; /* "linux"; NULL when absent */
  struct spec_pos_index *positions;
};

/* Parse `len` bytes of JSON.  `file` names the source in errors
   ("config.json").  Errors: "config.json:14:9: linux.namespaces[2].type:
   unknown namespace \"foo\"".  */
int spec_parse (const char *file, const char *json, size_t len, struct spec **out,
                lc_error_t *err);
/* Read and parse BUNDLE/config.json.  */
int spec_load (const char *bundle, struct spec **out, lc_error_t *err);
/* Parse a process.json (exec -p): the "process" object alone.  */
int spec_parse_process (const char *file, const char *json, size_t len,
                        struct spec_process **out, lc_error_t *err);

/* Whole-config checks (cross-field rules of the spec).  Nothing touched.  */
int spec_validate (const struct spec *spec, const char *file, lc_error_t *err);
int spec_validate_process (const struct spec_process *proc, const char *file,
                           lc_error_t *err);

void spec_free (struct spec *spec);
void spec_process_free (struct spec_process *proc);

/* Where the value at `json_path` ("process.cwd", "linux.sysctl.net.ipv4.
   ip_forward", "mounts[2].destination") started, {0, 0} when unknown.  */
struct spec_pos spec_pos_lookup (const struct spec_pos_index *idx, const char *json_path);
void spec_pos_index_free (struct spec_pos_index *idx);

/* Find a namespace entry by CLONE_NEW* type, or NULL.  */
const struct spec_namespace *spec_find_namespace (const struct spec *spec, int type);

/* Namespace table: "pid" <-> CLONE_NEWPID, and the /proc/PID/ns/ name.  */
struct spec_ns_info
{
  const char *name;    /* config.json name */
  const char *proc_ns; /* /proc/self/ns entry */
  int flag;            /* CLONE_NEW* */
};
extern const struct spec_ns_info spec_ns_table[];
extern const size_t spec_ns_table_len;
const struct spec_ns_info *spec_ns_by_name (const char *name);
const struct spec_ns_info *spec_ns_by_flag (int flag);

/* Generate the default config.json for `moat spec`.  */
int spec_generate_default (bool rootless, char **json, size_t *len, lc_error_t *err);

#define cleanup_spec __attribute__ ((cleanup (spec_freep)))
static inline void
spec_freep (struct spec **s)
{
  spec_free (*s);
  *s = NULL;
}

#endif
