/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config.json parsing, validation and `moat spec` defaults.  */
#include "config.h"
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dl.h"
#include "json.h"
#include "spec.h"
#include "syscalls.h"
#include "tap.h"
#include "utils.h"

/* tests/unit/data/NAME, from $MOAT_SRCDIR or next to this source file.  */
static char *
read_data (const char *name, size_t *len)
{
  cleanup_free char *dir = NULL;
  cleanup_free char *path = NULL;
  lc_error_t err = NULL;
  char *buf = NULL;

  if (getenv ("MOAT_SRCDIR"))
    xasprintf (&dir, "%s/tests/unit", getenv ("MOAT_SRCDIR"));
  else
    {
      dir = xstrdup (__FILE__);
      if (strrchr (dir, '/'))
        *strrchr (dir, '/') = '\0';
      else
        strcpy (dir, ".");
    }
  xasprintf (&path, "%s/data/%s", dir, name);
  if (read_file_at (AT_FDCWD, path, &buf, len, &err) < 0)
    {
      printf ("# %s\n", err->msg);
      lc_error_free (&err);
      return NULL;
    }
  return buf;
}

static bool
streq (const char *a, const char *b)
{
  return a && b && strcmp (a, b) == 0;
}

static bool
has_option (const struct spec_mount *m, const char *opt)
{
  for (size_t i = 0; i < m->n_options; i++)
    if (streq (m->options[i], opt))
      return true;
  return false;
}

static const struct spec_mount *
find_mount (const struct spec *s, const char *dest)
{
  for (size_t i = 0; i < s->n_mounts; i++)
    if (streq (s->mounts[i].destination, dest))
      return &s->mounts[i];
  return NULL;
}

/* Parse and validate; print the error as a TAP comment.  */
static struct spec *
load (const char *json, size_t len, const char *what)
{
  lc_error_t err = NULL;
  struct spec *s = NULL;

  if (spec_parse ("config.json", json, len, &s, &err) < 0
      || spec_validate (s, "config.json", &err) < 0)
    {
      printf ("# %s: %s\n", what, err->msg);
      lc_error_free (&err);
      spec_free (s);
      return NULL;
    }
  return s;
}

/* ---- namespace table ---------------------------------------------------- */

static void
test_ns_table (void)
{
  static const struct { const char *name, *proc; int flag; } want[] = {
    { "pid", "pid", CLONE_NEWPID },       { "network", "net", CLONE_NEWNET },
    { "mount", "mnt", CLONE_NEWNS },      { "ipc", "ipc", CLONE_NEWIPC },
    { "uts", "uts", CLONE_NEWUTS },       { "user", "user", CLONE_NEWUSER },
    { "cgroup", "cgroup", CLONE_NEWCGROUP }, { "time", "time", 0x80 },
  };

  ok (spec_ns_table_len == ARRAY_SIZE (want), "namespace table has %zu entries",
      ARRAY_SIZE (want));
  for (size_t i = 0; i < ARRAY_SIZE (want); i++)
    {
      const struct spec_ns_info *n = spec_ns_by_name (want[i].name);

      ok (n && n->flag == want[i].flag && streq (n->proc_ns, want[i].proc)
          && spec_ns_by_flag (want[i].flag) == n,
          "namespace \"%s\" <-> %#x <-> /proc/self/ns/%s", want[i].name, want[i].flag,
          want[i].proc);
    }
  ok (spec_ns_by_name ("net") == NULL && spec_ns_by_name ("mnt") == NULL
      && spec_ns_by_name (NULL) == NULL && spec_ns_by_flag (0) == NULL,
      "config names only: \"net\" and \"mnt\" are not namespace types");
}

/* ---- moat spec ---------------------------------------------------------- */

/* The default maskedPaths: the union of runc's `spec` (moat's list before),
   containerd's populateDefaultUnixSpec (+ powercap) and podman's
   containers/common DefaultMaskedPaths (+ powercap, /proc/interrupts,
   /sys/fs/selinux).  Moby masks the same two new ones.  */
static const char *const union_masked_paths[] = {
  "/proc/acpi",        "/proc/asound",        "/proc/interrupts", "/proc/kcore",
  "/proc/keys",        "/proc/latency_stats", "/proc/sched_debug", "/proc/scsi",
  "/proc/timer_list",  "/proc/timer_stats",   "/sys/devices/virtual/powercap",
  "/sys/firmware",     "/sys/fs/selinux",
};

static bool
strv_has (char *const *v, const char *s)
{
  for (; v && *v; v++)
    if (streq (*v, s))
      return true;
  return false;
}

static void
test_default_masked (const struct spec_linux *l, const char *what)
{
  for (size_t i = 0; i < ARRAY_SIZE (union_masked_paths); i++)
    ok (l && strv_has (l->masked_paths, union_masked_paths[i]), "%s: %s masked", what,
        union_masked_paths[i]);
  ok (l && strv_len (l->masked_paths) == ARRAY_SIZE (union_masked_paths),
      "%s: %zu masked paths, no others", what, ARRAY_SIZE (union_masked_paths));
}

static void
test_default_common (const struct spec *s, const char *what)
{
  const struct spec_process *p = s->process;
  const struct spec_linux *l = s->linux_config;

  ok (streq (s->oci_version, "1.2.0") && streq (s->root.path, "rootfs") && s->root.readonly,
      "%s: ociVersion 1.2.0, read-only root \"rootfs\"", what);
  ok (p && p->terminal && p->user.uid == 0 && p->user.gid == 0 && p->n_args == 1
      && streq (p->args[0], "sh") && streq (p->cwd, "/") && p->no_new_privileges,
      "%s: process sh as 0:0 in /, terminal, noNewPrivileges", what);
  ok (p && p->n_env == 2 && streq (p->env[1], "TERM=xterm")
      && streq (p->env[0], "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
      "%s: env PATH and TERM", what);
  ok (p && p->capabilities && strv_len (p->capabilities->bounding) == 3
      && streq (p->capabilities->bounding[2], "CAP_NET_BIND_SERVICE")
      && strv_len (p->capabilities->effective) == 3 && strv_len (p->capabilities->permitted) == 3
      && strv_len (p->capabilities->inheritable) == 0 && strv_len (p->capabilities->ambient) == 0,
      "%s: three capabilities, none inheritable or ambient", what);
  ok (p && p->n_rlimits == 1 && p->rlimits[0].resource == RLIMIT_NOFILE
      && p->rlimits[0].soft == 1024 && p->rlimits[0].hard == 1024,
      "%s: RLIMIT_NOFILE 1024/1024", what);
  ok (streq (s->hostname, "moat"), "%s: hostname moat", what);
  ok (find_mount (s, "/proc") && find_mount (s, "/dev") && find_mount (s, "/dev/shm")
      && find_mount (s, "/dev/mqueue") && find_mount (s, "/sys")
      && has_option (find_mount (s, "/dev"), "mode=755")
      && has_option (find_mount (s, "/dev/shm"), "mode=1777")
      && has_option (find_mount (s, "/dev/pts"), "ptmxmode=0666"),
      "%s: /proc, /dev, /dev/pts, /dev/shm, /dev/mqueue, /sys", what);
  test_default_masked (l, what);
  ok (l && strv_len (l->readonly_paths) == 5
      && streq (l->readonly_paths[4], "/proc/sysrq-trigger"), "%s: read-only paths", what);
  ok (l && spec_find_namespace (s, CLONE_NEWPID) && spec_find_namespace (s, CLONE_NEWIPC)
      && spec_find_namespace (s, CLONE_NEWUTS) && spec_find_namespace (s, CLONE_NEWNS)
      && spec_find_namespace (s, CLONE_NEWCGROUP) && !spec_find_namespace (s, CLONE_NEWTIME),
      "%s: pid, ipc, uts, mount, cgroup namespaces", what);
  ok (l && l->seccomp && streq (l->seccomp->default_action, "SCMP_ACT_ERRNO")
      && l->seccomp->n_syscalls > 0,
      "%s: a seccomp profile", what);
}

static void
test_default (void)
{
  lc_error_t err = NULL;
  char *json = NULL;
  size_t len = 0;
  struct spec *s;

  ok (spec_generate_default (false, &json, &len, &err) == 0 && json && len == strlen (json),
      "spec_generate_default");
  if (json == NULL)
    {
      printf ("# %s\n", err ? err->msg : "?");
      lc_error_free (&err);
      return;
    }
  ok (strstr (json, "\n\t\"ociVersion\": \"1.2.0\",\n") != NULL, "pretty printed");
  s = load (json, len, "default");
  ok (s != NULL, "the default config parses and validates");
  if (s)
    {
      const struct spec_linux *l = s->linux_config;

      test_default_common (s, "default");
      ok (s->n_mounts == 7 && has_option (find_mount (s, "/dev/pts"), "gid=5")
          && streq (find_mount (s, "/sys")->type, "sysfs")
          && streq (find_mount (s, "/sys/fs/cgroup")->type, "cgroup"),
          "default: 7 mounts, sysfs, cgroup, devpts gid=5");
      ok (spec_find_namespace (s, CLONE_NEWNET) && !spec_find_namespace (s, CLONE_NEWUSER)
          && l->n_uid_mappings == 0,
          "default: network namespace, no user namespace");
      ok (l->resources && l->resources->n_devices == 1 && !l->resources->devices[0].allow
          && streq (l->resources->devices[0].access, "rwm"),
          "default: device cgroup denies all");
      spec_free (s);
    }
  free (json);
}

static void
test_default_rootless (void)
{
  lc_error_t err = NULL;
  char *json = NULL;
  size_t len = 0;
  struct spec *s;

  ok (spec_generate_default (true, &json, &len, &err) == 0, "spec_generate_default rootless");
  if (json == NULL)
    {
      lc_error_free (&err);
      return;
    }
  s = load (json, len, "rootless");
  ok (s != NULL, "the rootless default parses and validates");
  if (s)
    {
      const struct spec_linux *l = s->linux_config;
      const struct spec_mount *sys = find_mount (s, "/sys");

      test_default_common (s, "rootless");
      ok (spec_find_namespace (s, CLONE_NEWUSER) && !spec_find_namespace (s, CLONE_NEWNET),
          "rootless: user namespace, host network");
      ok (l->n_uid_mappings == 1 && l->uid_mappings[0].container_id == 0
          && l->uid_mappings[0].host_id == getuid () && l->uid_mappings[0].size == 1
          && l->n_gid_mappings == 1 && l->gid_mappings[0].host_id == getgid (),
          "rootless: the caller is mapped to 0, size 1");
      ok (sys && streq (sys->source, "/sys") && has_option (sys, "rbind") && has_option (sys, "ro"),
          "rootless: /sys is a read-only rbind of the host's");
      ok (s->n_mounts == 6 && !find_mount (s, "/sys/fs/cgroup")
          && !has_option (find_mount (s, "/dev/pts"), "gid=5"),
          "rootless: no cgroup mount, no gid=5 on devpts");
      ok (l->resources == NULL, "rootless: no resources");
      spec_free (s);
    }
  free (json);
}

/* ---- a config with every field ------------------------------------------ */

static void
test_rich_process (const struct spec_process *p)
{
  ok (p->terminal && p->has_console_size && p->console_size.height == 24
      && p->console_size.width == 80, "process.terminal, consoleSize 24x80");
  ok (p->user.uid == 1000 && p->user.gid == 1001 && p->user.umask.set && p->user.umask.v == 022
      && p->user.n_additional_gids == 2 && p->user.additional_gids[1] == UINT32_MAX
      && streq (p->user.username, "ignored"),
      "process.user: uid, gid, umask, additionalGids up to 4294967295, username");
  ok (p->n_args == 3 && streq (p->args[2], "\xc3\xbc" "n" "\xc3\xaf" "c" "\xc3\xb6" "d" "\xc3\xa9" " \"q\"")
      && p->args[3] == NULL && streq (p->command_line, "app.exe"),
      "process.args: UTF-8 and escapes decoded, NULL-terminated");
  ok (p->n_env == 2 && streq (p->env[1], "EMPTY=") && streq (p->cwd, "/work"), "process.env, cwd");
  ok (p->capabilities && strv_len (p->capabilities->bounding) == 2
      && strv_len (p->capabilities->inheritable) == 0 && p->capabilities->inheritable != NULL
      && streq (p->capabilities->ambient[0], "CAP_KILL"), "process.capabilities");
  ok (p->n_rlimits == 3 && p->rlimits[0].resource == RLIMIT_NOFILE && p->rlimits[0].hard == 4096
      && p->rlimits[1].resource == RLIMIT_MEMLOCK && p->rlimits[1].soft == UINT64_MAX
      && p->rlimits[1].hard == UINT64_MAX && p->rlimits[2].resource == RLIMIT_RTTIME,
      "process.rlimits: names resolved, 18446744073709551615 exact");
  ok (p->no_new_privileges && streq (p->apparmor_profile, "moat-default")
      && p->oom_score_adj.set && p->oom_score_adj.v == -500
      && streq (p->selinux_label, "system_u:system_r:container_t:s0:c1,c2"),
      "process.noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel");
  ok (p->io_priority && p->io_priority->ioprio_class == 3 && p->io_priority->priority == 7,
      "process.ioPriority: IOPRIO_CLASS_IDLE is 3");
  ok (p->scheduler && p->scheduler->policy_value == 6 && p->scheduler->flags_value == 0x3
      && p->scheduler->nice.set && p->scheduler->runtime.v == 10000
      && p->scheduler->deadline.v == 20000 && p->scheduler->period.v == 30000,
      "process.scheduler: SCHED_DEADLINE, flags 0x3, runtime/deadline/period");
  ok (p->exec_cpu_affinity && streq (p->exec_cpu_affinity->initial, "0-3,7")
      && streq (p->exec_cpu_affinity->final, "1"), "process.execCPUAffinity");
}

static void
test_rich_top (const struct spec *s)
{
  const struct spec_mount *m = &s->mounts[1];

  ok (streq (s->oci_version, "1.2.0") && streq (s->root.path, "/var/lib/rootfs")
      && !s->root.readonly, "ociVersion, root");
  ok (s->n_mounts == 2 && streq (m->destination, "data") && streq (m->source, "/srv/data")
      && streq (m->type, "bind") && m->n_options == 2 && streq (m->options[1], "ro")
      && m->options[2] == NULL && s->mounts[0].options == NULL,
      "mounts: relative destination kept, options");
  ok (m->n_uid_mappings == 1 && m->uid_mappings[0].host_id == 100000
      && m->uid_mappings[0].size == 65536 && m->n_gid_mappings == 1
      && m->gid_mappings[0].host_id == 200000, "mounts[1]: idmapped");
  ok (m->pos.line == 7 && m->pos.col == 5, "mounts[1] starts at 7:5 (got %u:%u)", m->pos.line,
      m->pos.col);
  ok (streq (s->hostname, "rich") && streq (s->domainname, "example.org"), "hostname, domainname");
  ok (s->hooks[SPEC_HOOK_PRESTART].n == 1 && s->hooks[SPEC_HOOK_CREATE_RUNTIME].n == 2
      && s->hooks[SPEC_HOOK_CREATE_CONTAINER].n == 1 && s->hooks[SPEC_HOOK_START_CONTAINER].n == 1
      && s->hooks[SPEC_HOOK_POSTSTART].n == 1 && s->hooks[SPEC_HOOK_POSTSTOP].n == 1
      && streq (s->hooks[SPEC_HOOK_CREATE_RUNTIME].hooks[1].path, "/bin/cr2")
      && streq (s->hooks[SPEC_HOOK_POSTSTOP].hooks[0].path, "/bin/pst"),
      "hooks: all six kinds");
  ok (streq (s->hooks[0].hooks[0].args[1], "a") && streq (s->hooks[0].hooks[0].env[0], "A=1")
      && s->hooks[0].hooks[0].timeout.set && s->hooks[0].hooks[0].timeout.v == 5
      && !s->hooks[1].hooks[0].timeout.set, "hooks.prestart[0]: args, env, timeout");
  ok (s->n_annotations == 2 && streq (s->annotations[0].key, "org.example.key")
      && streq (s->annotations[0].value, "value") && streq (s->annotations[1].value, ""),
      "annotations in document order");
}

static void
test_rich_linux (const struct spec_linux *l)
{
  ok (l->n_namespaces == 8 && l->namespaces[1].type == CLONE_NEWNET
      && streq (l->namespaces[1].type_name, "network")
      && streq (l->namespaces[1].path, "/run/netns/x") && l->namespaces[7].type == CLONE_NEWTIME
      && l->namespaces[0].path == NULL, "linux.namespaces: types resolved, paths kept");
  ok (l->n_uid_mappings == 1 && l->n_gid_mappings == 2
      && l->gid_mappings[1].host_id == UINT32_MAX, "linux.uidMappings, gidMappings");
  ok (l->time_monotonic.set && l->time_monotonic.secs == -86400 && l->time_monotonic.nanosecs == 5
      && l->time_boottime.set && l->time_boottime.secs == INT64_MAX
      && l->time_boottime.nanosecs == 999999999, "linux.timeOffsets: int64 range");
  ok (l->n_devices == 2 && l->devices[0].major == 10 && l->devices[0].minor == 229
      && l->devices[0].file_mode.set && l->devices[0].file_mode.v == 0666
      && l->devices[0].uid.set && !l->devices[1].file_mode.set && streq (l->devices[1].type, "p"),
      "linux.devices");
  ok (streq (l->cgroups_path, "/moat/rich") && l->rootfs_propagation_flags == (MS_SLAVE | MS_REC)
      && streq (l->rootfs_propagation, "rslave"), "cgroupsPath, rootfsPropagation rslave");
  ok (l->n_sysctl == 4 && streq (l->sysctl[3].key, "net/ipv4/conf/eth0.1/forwarding"),
      "linux.sysctl");
  ok (strv_len (l->masked_paths) == 1 && strv_len (l->readonly_paths) == 1
      && streq (l->mount_label, "system_u:object_r:container_file_t:s0:c1,c2"),
      "maskedPaths, readonlyPaths, mountLabel");
  ok (l->personality && l->personality->domain_value == PER_LINUX32
      && strv_len (l->personality->flags) == 0, "personality LINUX32");
  ok (!l->has_intel_rdt, "no intelRdt");
}

static void
test_rich_resources (const struct spec_resources *r)
{
  ok (r->n_devices == 2 && !r->devices[0].allow && r->devices[0].type == NULL
      && !r->devices[0].major.set && r->devices[1].allow && r->devices[1].major.v == 229 - 219
      && r->devices[1].minor.v == 229 && streq (r->devices[1].access, "rw"),
      "resources.devices");
  ok (r->memory && r->memory->limit.set && r->memory->limit.v == -1
      && r->memory->swap.v == INT64_MAX && r->memory->swappiness.v == UINT64_MAX
      && r->memory->disable_oom_killer.set && r->memory->disable_oom_killer.v
      && r->memory->use_hierarchy.set && !r->memory->use_hierarchy.v
      && r->memory->kernel.set && r->memory->kernel_tcp.v == 1
      && r->memory->check_before_update.v, "resources.memory");
  ok (r->cpu && r->cpu->shares.v == 1024 && r->cpu->quota.v == -1 && r->cpu->burst.v == 1000
      && r->cpu->period.v == 100000 && r->cpu->realtime_runtime.v == 950000
      && r->cpu->realtime_period.v == 1000000 && streq (r->cpu->cpus, "0-1")
      && streq (r->cpu->mems, "0") && r->cpu->idle.v == 1, "resources.cpu");
  ok (r->pids && r->pids->limit.set && r->pids->limit.v == 100, "resources.pids");
  ok (r->block_io && r->block_io->weight.v == 500 && r->block_io->leaf_weight.v == 300
      && r->block_io->n_weight_device == 1 && r->block_io->weight_device[0].leaf_weight.v == 65535
      && r->block_io->n_throttle_read_bps == 1 && r->block_io->throttle_read_bps[0].rate == 104857600
      && r->block_io->throttle_write_bps[0].minor == 16
      && r->block_io->throttle_read_iops[0].rate == 1000
      && r->block_io->throttle_write_iops[0].rate == UINT64_MAX, "resources.blockIO");
  ok (r->n_hugepage_limits == 1 && streq (r->hugepage_limits[0].page_size, "2MB")
      && r->hugepage_limits[0].limit == 209715200, "resources.hugepageLimits");
  ok (r->network && r->network->class_id.v == 1048577 && r->network->n_priorities == 1
      && streq (r->network->priorities[0].name, "eth0") && r->network->priorities[0].priority == 500,
      "resources.network");
  ok (r->n_rdma == 1 && streq (r->rdma[0].device, "mlx5_1") && r->rdma[0].hca_handles.v == 3
      && r->rdma[0].hca_objects.v == 10000, "resources.rdma keyed by device");
  ok (r->n_unified == 2 && streq (r->unified[1].key, "io.weight")
      && streq (r->unified[1].value, "default 100"), "resources.unified");
}

static void
test_rich_seccomp (const struct spec_seccomp *sc)
{
  ok (sc && streq (sc->default_action, "SCMP_ACT_ERRNO") && sc->default_errno_ret.set
      && sc->default_errno_ret.v == 38 && strv_len (sc->architectures) == 2
      && streq (sc->flags[0], "SECCOMP_FILTER_FLAG_LOG")
      && streq (sc->listener_path, "/run/listener.sock") && streq (sc->listener_metadata, "meta"),
      "seccomp: default action, errno, architectures, flags, listener");
  ok (sc && sc->n_syscalls == 3 && strv_len (sc->syscalls[0].names) == 2
      && sc->syscalls[1].n_args == 1 && sc->syscalls[1].args[0].value == UINT32_MAX
      && streq (sc->syscalls[1].args[0].op, "SCMP_CMP_EQ") && sc->syscalls[2].errno_ret.set
      && sc->syscalls[2].errno_ret.v == 1 && !sc->syscalls[0].errno_ret.set,
      "seccomp.syscalls: names, args, errnoRet");
}

static void
test_rich (void)
{
  size_t len;
  cleanup_free char *json = read_data ("rich-config.json", &len);
  struct spec *s;
  struct spec_pos pos;

  if (!ok (json != NULL, "read tests/unit/data/rich-config.json"))
    return;
  s = load (json, len, "rich");
  if (!ok (s != NULL, "a config with every field parses and validates (unknown keys ignored)"))
    return;
  test_rich_top (s);
  test_rich_process (s->process);
  test_rich_linux (s->linux_config);
  test_rich_resources (s->linux_config->resources);
  test_rich_seccomp (s->linux_config->seccomp);
  pos = spec_pos_lookup (s->positions, "process.cwd");
  ok (pos.line == 20 && pos.col == 12, "position of process.cwd is 20:12 (got %u:%u)", pos.line,
      pos.col);
  pos = spec_pos_lookup (s->positions, "linux.sysctl.net/ipv4/conf/eth0.1/forwarding");
  ok (pos.line == 101 && pos.col == 51, "position of a sysctl value (got %u:%u)", pos.line,
      pos.col);
  pos = spec_pos_lookup (s->positions, "linux.nothing");
  ok (pos.line == 0 && pos.col == 0, "unknown path has no position");
  spec_free (s);
}

/* ---- process.json (exec -p) --------------------------------------------- */

static void
test_process_json (void)
{
  size_t len;
  cleanup_free char *json = read_data ("process.json", &len);
  struct spec_process *p = NULL;
  lc_error_t err = NULL;
  static const char bad[] = "{\"args\": [\"sh\"],\n \"cwd\": \"rel\"}";
  static const char empty[] = "{\"cwd\": \"/\"}";
  static const char nocwd[] = "{\n  \"args\": [\"sh\"]}";
  bool ret;

  if (!ok (json != NULL, "read tests/unit/data/process.json"))
    return;
  ok (spec_parse_process ("process.json", json, len, &p, &err) == 0
      && spec_validate_process (p, "process.json", &err) == 0, "process.json parses and validates");
  if (p)
    {
      ok (p->n_args == 3 && streq (p->args[2], "echo hi") && streq (p->cwd, "/tmp")
          && p->user.n_additional_gids == 1 && p->n_rlimits == 1
          && p->rlimits[0].resource == RLIMIT_CORE && p->no_new_privileges && !p->terminal,
          "process.json values");
      spec_process_free (p);
      p = NULL;
    }
  lc_error_free (&err);
  ret = spec_parse_process ("process.json", bad, strlen (bad), &p, &err) == 0
        && spec_validate_process (p, "process.json", &err) < 0;
  ok (ret
      && streq (err->msg, "process.json:2:9: cwd: \"rel\" is not an absolute path"),
      "process.json: relative cwd (%s)", err ? err->msg : "no error");
  spec_process_free (p);
  p = NULL;
  lc_error_free (&err);
  ret = spec_parse_process ("process.json", empty, strlen (empty), &p, &err) == 0
        && spec_validate_process (p, "process.json", &err) < 0;
  ok (ret
      && streq (err->msg, "process.json:1:1: args: must not be empty"),
      "process.json: no args (%s)", err ? err->msg : "no error");
  spec_process_free (p);
  p = NULL;
  lc_error_free (&err);
  ret = spec_parse_process ("process.json", nocwd, strlen (nocwd), &p, &err) == 0
        && spec_validate_process (p, "process.json", &err) < 0;
  ok (ret && streq (err->msg, "process.json:1:1: cwd: missing"),
      "process.json: no cwd, as runc (%s)", err ? err->msg : "no error");
  spec_process_free (p);
  lc_error_free (&err);
}

/* ---- spec_load ---------------------------------------------------------- */

static void
test_load (void)
{
  char dir[] = "/tmp/test-spec.XXXXXX";
  cleanup_free char *path = NULL;
  cleanup_free char *want = NULL;
  lc_error_t err = NULL;
  struct spec *s = NULL;
  char *json = NULL;
  size_t len;
  int ret;

  if (!ok (mkdtemp (dir) != NULL, "temporary bundle"))
    return;
  xasprintf (&path, "%s/config.json", dir);
  xasprintf (&want, "open `%s`: No such file or directory", path);
  ret = spec_load (dir, &s, &err);
  ok (ret < 0 && streq (err->msg, want), "spec_load: no config.json (%s)", err ? err->msg : "");
  lc_error_free (&err);

  ok (mkfifo (path, 0600) == 0, "a FIFO as config.json");
  free (want);
  xasprintf (&want, "`%s` is not a regular file", path);
  ret = spec_load (dir, &s, &err);
  ok (ret < 0 && streq (err->msg, want), "spec_load: refuses a FIFO without blocking (%s)",
      err ? err->msg : "");
  lc_error_free (&err);
  unlink (path);

  if (spec_generate_default (false, &json, &len, &err) == 0)
    {
      lc_error_t werr = NULL;

      write_file_atomic_at (AT_FDCWD, path, json, len, 0600, &werr);
      lc_error_free (&werr);
    }
  lc_error_free (&err);
  free (json);
  ret = spec_load (dir, &s, &err);
  ok (ret == 0 && s && s->process && streq (s->process->args[0], "sh"),
      "spec_load reads BUNDLE/config.json");
  spec_free (s);
  lc_error_free (&err);
  unlink (path);
  rmdir (dir);
}

/* ---- the JSON layer ----------------------------------------------------- */

static void
test_json (void)
{
  static const char nums[] = "{\"a\": [-9223372036854775808, 18446744073709551615, "
                             "18446744073709551616, 0.5, -0, true, null, \"x\\u00e9\"]}";
  struct json_doc *doc = NULL;
  lc_error_t err = NULL;
  const struct json_node *a;
  int64_t i;
  uint64_t u;
  char deep[2 * JSON_MAX_DEPTH + 8];
  size_t n = 0;
  int ret;

  ok (json_parse ("t.json", nums, strlen (nums), &doc, &err) == 0, "json_parse numbers");
  a = json_get (json_doc_root (doc), "a");
  ok (a && a->type == JSON_ARRAY && a->u.arr.n == 8, "an array of 8");
  ok (json_to_int64 (a->u.arr.items[0], &i) && i == INT64_MIN
      && !json_to_uint64 (a->u.arr.items[0], &u), "INT64_MIN exact, not unsigned");
  ok (json_to_uint64 (a->u.arr.items[1], &u) && u == UINT64_MAX
      && !json_to_int64 (a->u.arr.items[1], &i), "UINT64_MAX exact, not int64");
  ok (a->u.arr.items[2]->type == JSON_DOUBLE, "2^64 is no integer");
  ok (a->u.arr.items[3]->type == JSON_DOUBLE && a->u.arr.items[3]->u.d == 0.5, "0.5 is a double");
  ok (json_to_int64 (a->u.arr.items[4], &i) && i == 0, "-0 is 0");
  ok (a->u.arr.items[5]->type == JSON_BOOL && a->u.arr.items[6]->type == JSON_NULL
      && streq (a->u.arr.items[7]->u.str.s, "x\xc3\xa9"), "bool, null, \\u escape");
  ok (a->u.arr.items[1]->line == 1 && a->u.arr.items[1]->col == 30,
      "node position (got %u:%u)", a->u.arr.items[1]->line, a->u.arr.items[1]->col);
  json_doc_free (doc);
  doc = NULL;

  for (size_t k = 0; k <= JSON_MAX_DEPTH; k++)
    deep[n++] = '[';
  for (size_t k = 0; k <= JSON_MAX_DEPTH; k++)
    deep[n++] = ']';
  ret = json_parse ("t.json", deep, n, &doc, &err);
  ok (ret < 0 && streq (err->msg, "t.json:1:129: syntax error: nesting deeper than 128 levels"),
      "nesting limit (%s)", err ? err->msg : "no error");
  lc_error_free (&err);
  json_doc_free (doc);
}

/* ---- bad inputs: the exact error ---------------------------------------- */

#define BASE "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"},\n"
#define P "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"},\n"

static const struct bad_case
{
  const char *what;
  const char *json;
  const char *error;
} bad_cases[] = {
  { "syntax: comma",
    "{\"ociVersion\": \"1.2.0\",\n  \"root\": {\"path\": \"rootfs\"},,\n}",
    "config.json:2:30: syntax error: invalid object key (must be a string)" },
  { "syntax: eof",
    "{\"ociVersion\": \"1.2.0\",\n  \"root\": {",
    "config.json:2:12: syntax error: premature EOF" },
  { "syntax: empty",
    "",
    "config.json:1:1: syntax error: premature EOF" },
  { "syntax: dup key",
    "{\"ociVersion\": \"1.2.0\",\n \"ociVersion\": \"1.0.0\"}",
    "config.json:2:2: syntax error: duplicate key \"ociVersion\"" },
  { "syntax: not object",
    "[\"ociVersion\"]",
    "config.json:1:1: expected an object" },
  { "syntax: bad escape",
    "{\"ociVersion\": \"1.\\q\"}",
    "config.json:1:19: syntax error: inside a string, '\\' occurs before a character which it may not" },
  { "syntax: NUL in string",
    "{\"ociVersion\": \"1.2.0\", \"hostname\": \"a\\u0000b\"}",
    "config.json:1:37: hostname: string contains a NUL character" },
  { "syntax: NUL in key",
    "{\"ociVersion\": \"1.2.0\",\n \"process\\u0000x\": {}}",
    "config.json:2:2: syntax error: key contains a NUL character" },
  { "type: args string",
    "{\"ociVersion\": \"1.2.0\",\n \"process\": {\n  \"args\": \"sh\"}}",
    "config.json:3:11: process.args: expected an array of strings" },
  { "type: args element",
    "{\"ociVersion\": \"1.2.0\",\n \"process\": {\"args\": [\"sh\", 1]}}",
    "config.json:2:29: process.args[1]: expected a string" },
  { "type: root.path number",
    "{\"root\": {\"path\": 1}}",
    "config.json:1:19: root.path: expected a string" },
  { "type: terminal string",
    "{\"process\": {\"terminal\": \"yes\"}}",
    "config.json:1:26: process.terminal: expected a boolean" },
  { "type: uid negative",
    "{\"process\": {\"user\": {\"uid\": -1}}}",
    "config.json:1:30: process.user.uid: integer out of range [0, 4294967295]" },
  { "type: uid too big",
    "{\"process\": {\"user\": {\"uid\": 4294967296}}}",
    "config.json:1:30: process.user.uid: integer out of range [0, 4294967295]" },
  { "type: oomScoreAdj double",
    "{\"process\": {\"oomScoreAdj\": 1.5}}",
    "config.json:1:29: process.oomScoreAdj: expected an integer" },
  { "type: mounts object",
    "{\"mounts\": {\"destination\": \"/x\"}}",
    "config.json:1:12: mounts: expected an array of objects" },
  { "type: mount element string",
    "{\"mounts\": [\"/x\"]}",
    "config.json:1:13: mounts[0]: expected an object" },
  { "type: annotations value",
    "{\"annotations\": {\"a\": 1}}",
    "config.json:1:23: annotations.a: expected a string" },
  { "type: u64 overflow",
    "{\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": 18446744073709551616, \"hard\": 1}]}}",
    "config.json:1:58: process.rlimits[0].soft: integer out of range [0, 18446744073709551615]" },
  { "type: linux array",
    "{\"linux\": []}",
    "config.json:1:11: linux: expected an object" },
  { "type: blockIO weight u16",
    "{\"linux\": {\"resources\": {\"blockIO\": {\"weight\": 65536}}}}",
    "config.json:1:48: linux.resources.blockIO.weight: integer out of range [0, 65535]" },
  { "required: namespace type",
    "{\"linux\": {\"namespaces\": [{\"path\": \"/proc/1/ns/net\"}]}}",
    "config.json:1:27: linux.namespaces[0]: missing \"type\"" },
  { "required: mount destination",
    "{\"mounts\": [{\"type\": \"tmpfs\"}]}",
    "config.json:1:13: mounts[0]: missing \"destination\"" },
  { "required: hook path",
    "{\"hooks\": {\"poststop\": [{\"path\": \"/bin/true\"},\n  {\"args\": [\"x\"]}]}}",
    "config.json:2:3: hooks.poststop[1]: missing \"path\"" },
  { "required: rlimit hard",
    "{\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": 1}]}}",
    "config.json:1:26: process.rlimits[0]: missing \"hard\"" },
  { "required: device rule allow",
    "{\"linux\": {\"resources\": {\"devices\": [{\"access\": \"rwm\"}]}}}",
    "config.json:1:38: linux.resources.devices[0]: missing \"allow\"" },
  { "enum: namespace",
    "{\"ociVersion\": \"1.2.0\",\n \"linux\": {\"namespaces\": [\n  {\"type\": \"pid\"},\n  {\"type\": \"mount\"},\n  {\"type\": \"foo\"}]}}",
    "config.json:5:12: linux.namespaces[2].type: unknown namespace \"foo\"" },
  { "enum: rlimit",
    "{\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_FOO\", \"soft\": 1, \"hard\": 1}]}}",
    "config.json:1:35: process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\"" },
  { "enum: ioprio",
    "{\"process\": {\"ioPriority\": {\"class\": \"IOPRIO_CLASS_NONE\"}}}",
    "config.json:1:38: process.ioPriority.class: unknown I/O priority class \"IOPRIO_CLASS_NONE\"" },
  { "enum: sched policy",
    "{\"process\": {\"scheduler\": {\"policy\": \"SCHED_FAST\"}}}",
    "config.json:1:38: process.scheduler.policy: unknown scheduler policy \"SCHED_FAST\"" },
  { "enum: sched flag",
    "{\"process\": {\"scheduler\": {\"policy\": \"SCHED_OTHER\", \"flags\": [\"SCHED_FLAG_RECLAIM\", \"SCHED_FLAG_X\"]}}}",
    "config.json:1:85: process.scheduler.flags[1]: unknown scheduler flag \"SCHED_FLAG_X\"" },
  { "enum: personality",
    "{\"linux\": {\"personality\": {\"domain\": \"BSD\"}}}",
    "config.json:1:38: linux.personality.domain: unknown personality domain \"BSD\"" },
  { "enum: propagation",
    "{\"linux\": {\"rootfsPropagation\": \"recursive\"}}",
    "config.json:1:33: linux.rootfsPropagation: unknown rootfs propagation \"recursive\"" },
  { "validate: no ociVersion",
    "{\"root\": {\"path\": \"rootfs\"}}",
    "config.json:1:1: ociVersion: missing" },
  { "validate: ociVersion 2",
    "{\"ociVersion\": \"2.0.0\"}",
    "config.json:1:16: ociVersion: unsupported version \"2.0.0\" (want 1.x)" },
  { "validate: no root.path",
    "{\"ociVersion\": \"1.2.0\", \"root\": {\"readonly\": true}}",
    "config.json:1:33: root.path: missing" },
  { "validate: no process",
    "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}}",
    "config.json:1:1: process: missing" },
  { "validate: empty args",
    "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"},\n \"process\": {\"args\": [], \"cwd\": \"/\"}}",
    "config.json:2:22: process.args: must not be empty" },
  { "validate: relative cwd",
    BASE "\"process\": {\"args\": [\"sh\"],\n   \"cwd\": \"tmp\"}}",
    "config.json:3:11: process.cwd: \"tmp\" is not an absolute path" },
  { "validate: no cwd",
    BASE "\"process\": {\"args\": [\"sh\"]}}",
    "config.json:2:12: process.cwd: missing" },
  { "validate: env",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"env\": [\"A=1\", \"B\"]}}",
    "config.json:2:48: process.env[1]: \"B\" is not NAME=VALUE" },
  { "validate: dup namespace",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"mount\"},\n {\"type\": \"pid\"}]}}",
    "config.json:4:2: linux.namespaces[2]: duplicate namespace \"pid\"" },
  { "validate: ns relative path",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"ipc\", \"path\": \"x\"}]}}",
    "config.json:3:50: linux.namespaces[0].path: \"x\" is not an absolute path" },
  { "validate: ns relative path2",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"network\", \"path\": \"proc/1/ns/net\"}]}}",
    "config.json:3:54: linux.namespaces[0].path: \"proc/1/ns/net\" is not an absolute path" },
  { "validate: mappings without userns",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"mount\"}],\n \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]}}",
    "config.json:4:17: linux.uidMappings: needs a new user namespace in linux.namespaces" },
  { "validate: mappings with joined userns",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"user\", \"path\": \"/proc/1/ns/user\"}],\n \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]}}",
    "config.json:4:17: linux.gidMappings: not allowed when joining the user namespace `/proc/1/ns/user`" },
  { "validate: userns without mappings",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"user\"}]}}",
    "config.json:3:10: linux.uidMappings: a new user namespace needs uid mappings" },
  { "validate: userns without gid mappings",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"user\"}], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]}}",
    "config.json:3:10: linux.gidMappings: a new user namespace needs gid mappings" },
  { "validate: mapping size 0",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"user\"}], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 0}]}}",
    "config.json:3:104: linux.uidMappings[0].size: must be greater than zero" },
  { "validate: mapping overflow",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"user\"}], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 4294967295, \"size\": 2}]}}",
    "config.json:3:61: linux.uidMappings[0]: range goes past 4294967295" },
  { "validate: mapping overlap (container side)",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"user\"}], \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}],\n"
    " \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 10},\n  {\"containerID\": 9, \"hostID\": 2000, \"size\": 1}]}}",
    "config.json:5:3: linux.uidMappings[1]: overlaps linux.uidMappings[0]" },
  { "validate: mapping overlap (host side)",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"user\"}], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}],\n"
    " \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 10},\n  {\"containerID\": 10, \"hostID\": 1005, \"size\": 1}]}}",
    "config.json:5:3: linux.gidMappings[1]: overlaps linux.gidMappings[0]" },
  { "validate: empty annotation key",
    BASE P "\"annotations\": {\"a\": \"1\", \"\": \"2\"}}",
    "config.json:3:16: annotations: a key must not be empty" },
  { "validate: timeOffsets without timens",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"mount\"}],\n \"timeOffsets\": {\"boottime\": {\"secs\": 1}}}}",
    "config.json:4:17: linux.timeOffsets: needs a new time namespace in linux.namespaces" },
  { "validate: timeOffsets nanosecs",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"time\"}], \"timeOffsets\": {\"boottime\": {\"secs\": 1, \"nanosecs\": 1000000000}}}}",
    "config.json:3:97: linux.timeOffsets.boottime.nanosecs: must be below 1000000000" },
  { "validate: sysctl unknown",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"ipc\"}],\n \"sysctl\": {\"kernel.shmmax\": \"1\", \"vm.swappiness\": \"10\"}}}",
    "config.json:4:52: linux.sysctl.vm.swappiness: sysctl \"vm.swappiness\" is not namespaced: it would change the host" },
  { "validate: sysctl ipc without ipc",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"mount\"}], \"sysctl\": {\"kernel.msgmax\": \"1\"}}}",
    "config.json:3:74: linux.sysctl.kernel.msgmax: sysctl \"kernel.msgmax\" needs an ipc namespace in linux.namespaces" },
  { "validate: sysctl ipc joined",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"ipc\", \"path\": \"/proc/self/ns/ipc\"}], \"sysctl\": {\"fs.mqueue.msg_max\": \"1\"}}}",
    "config.json:3:105: linux.sysctl.fs.mqueue.msg_max: sysctl \"fs.mqueue.msg_max\" is not allowed in `/proc/self/ns/ipc`, the host's ipc namespace" },
  { "validate: sysctl net without net",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"mount\"}], \"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}}}",
    "config.json:3:80: linux.sysctl.net.ipv4.ip_forward: sysctl \"net.ipv4.ip_forward\" needs a network namespace in linux.namespaces" },
  { "validate: sysctl traversal",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"network\"}], \"sysctl\": {\"net/../kernel/core_pattern\": \"|/x\"}}}",
    "config.json:3:89: linux.sysctl.net/../kernel/core_pattern: invalid sysctl name \"net/../kernel/core_pattern\"" },
  { "validate: sysctl hostname conflict",
    BASE P "\"hostname\": \"h\", \"linux\": {\"namespaces\": [{\"type\": \"uts\"}], \"sysctl\": {\"kernel.hostname\": \"x\"}}}",
    "config.json:3:91: linux.sysctl.kernel.hostname: conflicts with the hostname field" },
  { "validate: hostname in the host's uts namespace",
    BASE P "\"hostname\": \"h\",\n \"linux\": {\"namespaces\": [{\"type\": \"uts\", \"path\": \"/proc/self/ns/uts\"}]}}",
    "config.json:3:13: hostname: not allowed in `/proc/self/ns/uts`, the host's uts namespace" },
  { "validate: net sysctl in the host's network namespace",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"network\", \"path\": \"/proc/self/ns/net\"}],\n \"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}}}",
    "config.json:4:36: linux.sysctl.net.ipv4.ip_forward: sysctl \"net.ipv4.ip_forward\" is not allowed in `/proc/self/ns/net`, the host's network namespace" },
  { "validate: hostname without uts",
    BASE P "\"hostname\": \"h\",\n \"linux\": {\"namespaces\": [{\"type\": \"mount\"}]}}",
    "config.json:3:13: hostname: needs a uts namespace in linux.namespaces" },
  { "validate: domainname without linux",
    BASE P "\"domainname\": \"d\"}",
    "config.json:3:15: domainname: needs a uts namespace in linux.namespaces" },
  { "validate: intelRdt",
    BASE P "\"linux\": {\"intelRdt\": {\"closID\": \"x\"}}}",
    "config.json:3:23: linux.intelRdt: not supported" },
  { "validate: hook relative",
    BASE P "\"hooks\": {\"createRuntime\": [{\"path\": \"/bin/a\"}, {\"path\": \"hook\"}]}}",
    "config.json:3:58: hooks.createRuntime[1].path: \"hook\" is not an absolute path" },
  { "validate: hook timeout",
    BASE P "\"hooks\": {\"prestart\": [{\"path\": \"/bin/a\", \"timeout\": 0}]}}",
    "config.json:3:54: hooks.prestart[0].timeout: must be greater than zero" },
  { "validate: rlimit soft>hard",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\",\n \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 2048, \"hard\": 1024}]}}",
    "config.json:3:14: process.rlimits[0]: soft limit 2048 is above the hard limit 1024" },
  { "validate: rlimit duplicate",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1},\n {\"type\": \"RLIMIT_NOFILE\", \"soft\": 2, \"hard\": 2}]}}",
    "config.json:3:2: process.rlimits[1]: duplicate rlimit \"RLIMIT_NOFILE\"" },
  { "validate: oomScoreAdj range",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"oomScoreAdj\": -1001}}",
    "config.json:2:56: process.oomScoreAdj: -1001 is out of range [-1000, 1000]" },
  { "validate: ioprio range",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"ioPriority\": {\"class\": \"IOPRIO_CLASS_BE\", \"priority\": 8}}}",
    "config.json:2:96: process.ioPriority.priority: 8 is out of range [0, 7]" },
  { "validate: sched nice",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"scheduler\": {\"policy\": \"SCHED_OTHER\", \"nice\": 20}}}",
    "config.json:2:88: process.scheduler.nice: 20 is out of range [-20, 19]" },
  { "validate: sched priority",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"scheduler\": {\"policy\": \"SCHED_OTHER\", \"priority\": 5}}}",
    "config.json:2:92: process.scheduler.priority: only SCHED_FIFO and SCHED_RR take a priority" },
  { "validate: cpu affinity",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"execCPUAffinity\": {\"initial\": \"3-1\"}}}",
    "config.json:2:72: process.execCPUAffinity.initial: bad CPU list \"3-1\"" },
  { "validate: device type",
    BASE P "\"linux\": {\"devices\": [{\"type\": \"x\", \"path\": \"/dev/x\"}]}}",
    "config.json:3:32: linux.devices[0].type: unknown device type \"x\" (want c, b, u or p)" },
  { "validate: device numbers",
    BASE P "\"linux\": {\"devices\": [{\"type\": \"c\", \"path\": \"/dev/x\", \"major\": 1}]}}",
    "config.json:3:23: linux.devices[0]: a \"c\" device needs major and minor" },
  { "validate: device relative",
    BASE P "\"linux\": {\"devices\": [{\"type\": \"p\", \"path\": \"dev/x\"}]}}",
    "config.json:3:45: linux.devices[0].path: \"dev/x\" is not an absolute path" },
  { "device: fileMode beyond the type bits",
    BASE P "\"linux\": {\"devices\": [{\"type\": \"p\", \"path\": \"/dev/x\", \"fileMode\": 524288}]}}",
    "config.json:3:67: linux.devices[0].fileMode: 02000000 has bits beyond 07777 and the file type" },
  { "device: fileMode of another type",
    BASE P "\"linux\": {\"devices\": [{\"type\": \"c\", \"path\": \"/dev/x\", \"major\": 1, \"minor\": 3,"
    " \"fileMode\": 25008}]}}",
    "config.json:3:91: linux.devices[0].fileMode: 060660: the file type bits are not a \"c\" device's" },
  { "validate: device rule access",
    BASE P "\"linux\": {\"resources\": {\"devices\": [{\"allow\": true, \"access\": \"rwx\"}]}}}",
    "config.json:3:63: linux.resources.devices[0].access: \"rwx\" is not a combination of r, w and m" },
  { "validate: device rule access empty (runc: \"cannot be empty\")",
    BASE P "\"linux\": {\"resources\": {\"devices\": [{\"allow\": true, \"access\": \"r\"},"
    " {\"allow\": false, \"access\": \"\"}]}}}",
    "config.json:3:96: linux.resources.devices[1].access: must not be empty (r, w and m, or "
    "leave it out for all three)" },
  { "validate: masked relative",
    BASE P "\"linux\": {\"maskedPaths\": [\"/proc/kcore\", \"proc/keys\"]}}",
    "config.json:3:26: linux.maskedPaths[1]: \"proc/keys\" is not an absolute path" },
  { "validate: cgroupsPath dotdot",
    BASE P "\"linux\": {\"cgroupsPath\": \"/a/../../b\"}}",
    "config.json:3:26: linux.cgroupsPath: \"/a/../../b\" has a \"..\" component" },
  { "validate: seccomp defaultAction",
    BASE P "\"linux\": {\"seccomp\": {\"syscalls\": []}}}",
    "config.json:3:22: linux.seccomp.defaultAction: missing" },
  { "validate: mount idmap half",
    BASE P "\"mounts\": [{\"destination\": \"/a\", \"type\": \"bind\", \"source\": \"/b\", \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]}]}",
    "config.json:3:12: mounts[0]: uidMappings and gidMappings go together (an idmapped mount needs both)" },
  { "validate: mount empty destination",
    BASE P "\"mounts\": [{\"destination\": \"\"}]}",
    "config.json:3:28: mounts[0].destination: must not be empty" },
};

static void
test_bad (void)
{
  for (size_t i = 0; i < ARRAY_SIZE (bad_cases); i++)
    {
      const struct bad_case *c = &bad_cases[i];
      lc_error_t err = NULL;
      struct spec *s = NULL;
      int ret;

      ret = spec_parse ("config.json", c->json, strlen (c->json), &s, &err);
      if (ret == 0)
        ret = spec_validate (s, "config.json", &err);
      ok (ret < 0 && err && c->error && streq (err->msg, c->error), "%s: %s", c->what,
          c->error ? c->error : "(no expectation)");
      if (!(ret < 0 && err && c->error && streq (err->msg, c->error)))
        printf ("#   got: %s\n", err ? err->msg : "no error");
      spec_free (s);
      lc_error_free (&err);
    }
}

/* ---- accepted on purpose ------------------------------------------------ */

static const struct good_case
{
  const char *what;
  const char *json;
} good_cases[] = {
  { "null values count as absent",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"capabilities\": null, \"rlimits\": null},\n"
    "\"linux\": {\"resources\": null, \"seccomp\": null, \"namespaces\": null}, \"hooks\": null}" },
  { "no linux object at all", BASE P "\"mounts\": []}" },
  { "net sysctl in a joined network namespace",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"network\", \"path\": \"/run/netns/a\"}],"
    " \"sysctl\": {\"net.core.somaxconn\": \"1024\"}}}" },
  { "hostname with a joined uts namespace",
    BASE P "\"hostname\": \"h\", \"linux\": {\"namespaces\": [{\"type\": \"uts\", \"path\": \"/run/moat-test/no-such-uts\"}]}}" },
  { "empty rootfsPropagation is unset", BASE P "\"linux\": {\"rootfsPropagation\": \"\"}}" },
  { "relative mount destination (runtime-spec 1.2)",
    BASE P "\"mounts\": [{\"destination\": \"tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]}" },
  { "unknown keys everywhere",
    BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"x\": {\"y\": [[], {}]}},\n"
    "\"linux\": {\"namespaces\": [{\"type\": \"pid\", \"x\": 1}], \"netDevices\": {\"eth0\": {}}},"
    " \"zos\": {}, \"hooks\": {\"x\": 1}}" },
  { "podman's fileMode: st_mode with the type bits",
    BASE P "\"linux\": {\"devices\": [{\"type\": \"c\", \"path\": \"/dev/x\", \"major\": 1, \"minor\": 3,"
    " \"fileMode\": 8630}, {\"type\": \"b\", \"path\": \"/dev/y\", \"major\": 7, \"minor\": 0,"
    " \"fileMode\": 25008}]}}" },
  { "namespace path \"\" is a new namespace (Go's unset)",
    BASE P "\"linux\": {\"namespaces\": [{\"type\": \"uts\", \"path\": \"\"}]}, \"hostname\": \"h\"}" },
  { "device rule access in any order, letters repeated (runc)",
    BASE P "\"linux\": {\"resources\": {\"devices\": [{\"allow\": false, \"access\": \"mwr\"},"
    " {\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 3, \"access\": \"wrrw\"}]}}}" },
  { "ociVersion 1.0.2-dev", "{\"ociVersion\": \"1.0.2-dev\", \"root\": {\"path\": \"r\"}, " P "\"x\": 0}" },
};

/* Checks owned by caps.c and selinux.c: their error reaches the user with
   the position; while they say ENOSYS the rule is skipped.  */
static void
test_delegated (void)
{
  static const struct
  {
    const char *json, *prefix, *what;
  } cases[] = {
    { BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\",\n \"selinuxLabel\": \"nocolons\"}}",
      "config.json:3:18: process.selinuxLabel: ", "selinux.c" },
    { BASE P "\"linux\": {\"mountLabel\": \"a:b\"}}", "config.json:3:25: linux.mountLabel: ",
      "selinux.c" },
    { BASE "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"capabilities\": {\"bounding\": [\"CAP_FOO\"]}}}",
      "config.json: process.capabilities.bounding[0]: unknown capability \"CAP_FOO\"", "caps.c" },
  };

  for (size_t i = 0; i < ARRAY_SIZE (cases); i++)
    {
      lc_error_t err = NULL;
      struct spec *s = NULL;
      int ret = spec_parse ("config.json", cases[i].json, strlen (cases[i].json), &s, &err);

      if (ret == 0)
        ret = spec_validate (s, "config.json", &err);
      if (ret == 0)
        printf ("ok %d - # SKIP %s does not check this yet\n", ++tap_n, cases[i].what);
      else
        ok (strncmp (err->msg, cases[i].prefix, strlen (cases[i].prefix)) == 0,
            "%s's error keeps the position: %s", cases[i].what, err->msg);
      spec_free (s);
      lc_error_free (&err);
    }
}

/* A joined namespace that is not the host's takes its sysctls (pods share
   the infra container's ipc namespace this way).  */
static void
test_joined_ipc (void)
{
  int ready[2], hold[2];
  char c = 'n';
  pid_t pid;

  if (pipe (ready) < 0 || pipe (hold) < 0)
    return;
  pid = fork ();
  if (pid == 0)
    {
      c = unshare (CLONE_NEWIPC) == 0 ? 'y' : 'n';
      close (hold[1]);
      if (write (ready[1], &c, 1) == 1 && read (hold[0], &c, 1) < 0)
        _exit (1); /* read returns when the parent closes hold[1] */
      _exit (0);
    }
  close (ready[1]);
  close (hold[0]);
  if (pid > 0 && read (ready[0], &c, 1) == 1 && c == 'y')
    {
      cleanup_free char *json = NULL;
      struct spec *s;

      xasprintf (&json, BASE P "\"linux\": {\"namespaces\": [{\"type\": \"ipc\", \"path\": "
                 "\"/proc/%d/ns/ipc\"}], \"sysctl\": {\"kernel.shmmax\": \"1\"}}}", (int) pid);
      s = load (json, strlen (json), "joined ipc");
      ok (s != NULL, "accepted: ipc sysctl in a joined ipc namespace that is not the host's");
      spec_free (s);
    }
  else
    printf ("ok %d - # SKIP cannot unshare an ipc namespace here\n", ++tap_n);
  close (hold[1]);
  close (ready[0]);
  if (pid > 0)
    waitpid (pid, NULL, 0);
}

static void
test_good (void)
{
  for (size_t i = 0; i < ARRAY_SIZE (good_cases); i++)
    {
      struct spec *s = load (good_cases[i].json, strlen (good_cases[i].json), good_cases[i].what);

      ok (s != NULL, "accepted: %s", good_cases[i].what);
      spec_free (s);
    }
}

int
main (void)
{
  ok (lc_libs_load (NULL) == 0, "libmount and libselinux load (dl.h)");
  test_ns_table ();
  test_default ();
  test_default_rootless ();
  test_rich ();
  test_process_json ();
  test_load ();
  test_json ();
  test_bad ();
  test_good ();
  test_joined_ipc ();
  test_delegated ();
  return tap_done ();
}
