/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The audit of a config.json: one check per layer, each adding findings
   with the JSON path and the change that fixes it.  Fixed policy (which
   namespaces, which capabilities, runc's masked paths) is in tables.  */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit-internal.h"
#include "caps.h"
#include "utils.h"

const struct audit_ns_rule audit_ns_rules[] = {
  { CLONE_NEWPID, LC_AUDIT_MISSING },  { CLONE_NEWNET, LC_AUDIT_MISSING },
  { CLONE_NEWIPC, LC_AUDIT_MISSING },  { CLONE_NEWUTS, LC_AUDIT_WEAK },
  { CLONE_NEWNS, LC_AUDIT_MISSING },   { CLONE_NEWCGROUP, LC_AUDIT_WEAK },
};
const size_t audit_ns_rules_len = ARRAY_SIZE (audit_ns_rules);

static const struct audit_cap_rule cap_rules[] = {
  { "CAP_SYS_ADMIN", LC_AUDIT_MISSING, "nearly all of root (mount, namespaces, BPF, ...)" },
  { "CAP_SYS_MODULE", LC_AUDIT_MISSING, "loads kernel modules: the whole kernel" },
  { "CAP_SYS_RAWIO", LC_AUDIT_MISSING, "raw I/O ports and device memory" },
  { "CAP_SYS_PTRACE", LC_AUDIT_MISSING, "traces and reads the memory of other processes" },
  { "CAP_DAC_READ_SEARCH", LC_AUDIT_MISSING,
    "open_by_handle_at reads any host file (the \"shocker\" escape)" },
  { "CAP_NET_ADMIN", LC_AUDIT_MISSING, "reconfigures the network: interfaces, routes, firewall" },
  { "CAP_SYS_BOOT", LC_AUDIT_MISSING, "reboots the host, loads a kernel with kexec" },
  { "CAP_SYS_TIME", LC_AUDIT_MISSING, "sets the host's clock" },
  { "CAP_MAC_ADMIN", LC_AUDIT_MISSING, "changes the LSM policy" },
  { "CAP_MAC_OVERRIDE", LC_AUDIT_MISSING, "bypasses the LSM policy" },
  { "CAP_BPF", LC_AUDIT_MISSING, "loads BPF programs into the kernel" },
  { "CAP_NET_RAW", LC_AUDIT_WEAK, "raw sockets: spoofed packets on the container's network" },
  { "CAP_PERFMON", LC_AUDIT_WEAK, "perf events: kernel side channels" },
  { "CAP_SYSLOG", LC_AUDIT_WEAK, "reads kernel addresses from the kernel log" },
};

static const char *const default_caps[] = {
  "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE",
};
const char audit_cap_default_list[] = "CAP_AUDIT_WRITE CAP_KILL CAP_NET_BIND_SERVICE";

/* runc's `spec` masked and read-only paths (moat's default adds to them).  */
static const char *const runc_masked[] = {
  "/proc/acpi",    "/proc/asound",     "/proc/kcore",       "/proc/keys",
  "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
  "/sys/firmware", "/proc/scsi",
};
static const char *const runc_readonly[] = {
  "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

/* The nodes moat makes in every /dev (devices.c), and what a terminal adds.  */
static const char *const default_nodes[] = {
  "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty",
};

const char audit_fix_seccomp[]
  = "linux.seccomp: add a profile whose defaultAction is SCMP_ACT_ERRNO (moat spec writes one)";
const char audit_fix_nnp[] = "process.noNewPrivileges: set to true";
const char audit_fix_root_user[]
  = "process.user.uid: set a non-zero uid, or add {\"type\": \"user\"} to linux.namespaces "
    "with linux.uidMappings mapping 0 to an unprivileged host id";

const struct audit_cap_rule *
audit_cap_rule (const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE (cap_rules); i++)
    if (strcmp (cap_rules[i].name, name) == 0)
      return &cap_rules[i];
  return NULL;
}

/* `s` is one of the n strings of a fixed table.  */
static bool
in_table (const char *const *table, size_t n, const char *s)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp (table[i], s) == 0)
      return true;
  return false;
}

bool
audit_cap_in_default (const char *name)
{
  return in_table (default_caps, ARRAY_SIZE (default_caps), name);
}

static bool
strv_has (char *const *v, const char *s)
{
  for (; v && *v; v++)
    if (strcmp (*v, s) == 0)
      return true;
  return false;
}

bool
audit_mount_has (const struct spec_mount *m, const char *opt)
{
  return strv_has (m->options, opt);
}

bool
audit_mount_is_bind (const struct spec_mount *m)
{
  return (m->type && strcmp (m->type, "bind") == 0) || audit_mount_has (m, "bind")
         || audit_mount_has (m, "rbind");
}

/* ---- namespaces ------------------------------------------------------------ */

static void
check_namespaces (const struct spec *spec, struct lc_audit_report *r)
{
  const struct spec_linux *l = spec->linux_config;
  char fresh[128] = "";

  for (size_t i = 0; i < audit_ns_rules_len; i++)
    {
      const struct spec_namespace *ns = spec_find_namespace (spec, audit_ns_rules[i].flag);
      const char *name = spec_ns_by_flag (audit_ns_rules[i].flag)->name;
      struct lc_audit_finding *f;
      char path[64];

      if (ns && ns->path == NULL)
        {
          snprintf (fresh + strlen (fresh), sizeof fresh - strlen (fresh), "%s%s",
                    *fresh ? ", " : "", name);
          continue;
        }
      if (ns == NULL)
        {
          f = audit_add (r, LC_AUDIT_NAMESPACES, audit_ns_rules[i].shared, "linux.namespaces",
                         "%s namespace shared with the host", name);
          audit_fix (f, "linux.namespaces: add {\"type\": \"%s\"}", name);
          continue;
        }
      snprintf (path, sizeof path, "linux.namespaces[%zu].path", (size_t) (ns - l->namespaces));
      if (strncmp (ns->path, "/proc/1/ns/", 11) == 0)
        f = audit_add (r, LC_AUDIT_NAMESPACES, audit_ns_rules[i].shared, path,
                       "joins the host's %s namespace `%s`", name, ns->path);
      else
        f = audit_add (r, LC_AUDIT_NAMESPACES, LC_AUDIT_WEAK, path,
                       "joins the %s namespace `%s` (a pod's, or the host's?)", name, ns->path);
      audit_fix (f, "%s: remove it for a new %s namespace, or join only a sandbox's", path, name);
    }
  if (*fresh)
    audit_add (r, LC_AUDIT_NAMESPACES, LC_AUDIT_OK, "linux.namespaces", "new %s namespaces",
               fresh);
}

/* ---- SELinux --------------------------------------------------------------- */

/* The level of "user:role:type:level" (which may itself hold ':'), or NULL.  */
static const char *
label_level (const char *label)
{
  const char *p = label;

  for (int i = 0; i < 3 && p; i++)
    {
      p = strchr (p, ':');
      if (p)
        p++;
    }
  return p && *p ? p : NULL;
}

static void
check_label (struct lc_audit_report *r, const char *path, const char *label, const char *what)
{
  const char *level = label ? label_level (label) : NULL;
  struct lc_audit_finding *f;

  if (label == NULL)
    f = audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_MISSING, path, "no SELinux %s label", what);
  else if (level == NULL)
    f = audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_WEAK, path,
                   "%s: no MCS level: containers of the same type can reach each other", label);
  else if (strchr (level, 'c') == NULL)
    f = audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_WEAK, path,
                   "%s: a level without MCS categories, shared by every such container", label);
  else
    {
      audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_OK, path, "%s", label);
      return;
    }
  audit_fix (f, "%s: set a label with categories unique to the container, e.g. "
             "\"system_u:%s:s0:c123,c456\"", path,
             strcmp (what, "process") == 0 ? "system_r:container_t" : "object_r:container_file_t");
}

static void
check_selinux (const struct spec *spec, struct lc_audit_report *r)
{
  const struct spec_linux *l = spec->linux_config;

  check_label (r, "process.selinuxLabel", spec->process ? spec->process->selinux_label : NULL,
               "process");
  check_label (r, "linux.mountLabel", l ? l->mount_label : NULL, "mount");
}

/* ---- cgroup limits --------------------------------------------------------- */

static const char *
unified_value (const struct spec_resources *res, const char *key)
{
  for (size_t i = 0; res && i < res->n_unified; i++)
    if (strcmp (res->unified[i].key, key) == 0)
      return res->unified[i].value;
  return NULL;
}

static void
check_limit (struct lc_audit_report *r, bool set, long long v, const char *unified,
             const char *path, const char *what, const char *fix)
{
  struct lc_audit_finding *f;

  if (set && v > 0)
    audit_add (r, LC_AUDIT_CGROUPS, LC_AUDIT_OK, path, "%s: %lld", what, v);
  else if (unified && strcmp (unified, "max") != 0)
    audit_add (r, LC_AUDIT_CGROUPS, LC_AUDIT_OK, path, "%s: %s (linux.resources.unified)", what,
               unified);
  else
    {
      f = audit_add (r, LC_AUDIT_CGROUPS, LC_AUDIT_MISSING, path,
                     "no %s: one container can exhaust the host's", what);
      audit_fix (f, "%s: %s", path, fix);
    }
}

static void
check_cgroups (const struct spec *spec, struct lc_audit_report *r)
{
  const struct spec_resources *res = spec->linux_config ? spec->linux_config->resources : NULL;
  const struct spec_memory *mem = res ? res->memory : NULL;
  const struct spec_pids *pids = res ? res->pids : NULL;
  const struct spec_cpu *cpu = res ? res->cpu : NULL;
  struct lc_audit_finding *f;

  check_limit (r, mem && mem->limit.set, mem ? mem->limit.v : 0, unified_value (res, "memory.max"),
               "linux.resources.memory.limit", "memory limit",
               "set a limit in bytes, e.g. 536870912");
  check_limit (r, pids && pids->limit.set, pids ? pids->limit.v : 0,
               unified_value (res, "pids.max"), "linux.resources.pids.limit", "pids limit",
               "set a count, e.g. 1024 (a fork bomb stops there)");
  if ((cpu && ((cpu->quota.set && cpu->quota.v > 0) || cpu->shares.set))
      || unified_value (res, "cpu.max") || unified_value (res, "cpu.weight"))
    audit_add (r, LC_AUDIT_CGROUPS, LC_AUDIT_OK, "linux.resources.cpu", "cpu quota or weight set");
  else
    {
      f = audit_add (r, LC_AUDIT_CGROUPS, LC_AUDIT_WEAK, "linux.resources.cpu",
                     "no cpu quota or weight: the container competes with the host as an equal");
      audit_fix (f, "linux.resources.cpu: set quota and period, e.g. 100000 and 100000 "
                 "for one CPU");
    }
}

/* ---- capabilities ---------------------------------------------------------- */

static const char *const cap_set_names[] = {
  "bounding", "effective", "permitted", "inheritable", "ambient",
};

/* Where `name` first appears: "process.capabilities.bounding[21]".  */
static void
cap_path (char *const *const sets[], const char *name, char *buf, size_t size)
{
  for (size_t s = 0; s < ARRAY_SIZE (cap_set_names); s++)
    for (size_t i = 0; sets[s] && sets[s][i]; i++)
      if (strcmp (sets[s][i], name) == 0)
        {
          snprintf (buf, size, "process.capabilities.%s[%zu]", cap_set_names[s], i);
          return;
        }
}

static void
check_capabilities (const struct spec *spec, struct lc_audit_report *r)
{
  const struct spec_capabilities *c = spec->process ? spec->process->capabilities : NULL;
  char *const *const sets[] = { c ? c->bounding : NULL, c ? c->effective : NULL,
                                c ? c->permitted : NULL, c ? c->inheritable : NULL,
                                c ? c->ambient : NULL };
  cleanup_free char *all = NULL, *extra = NULL;
  size_t all_len = 0, extra_len = 0;
  FILE *fa = open_memstream (&all, &all_len), *fe = open_memstream (&extra, &extra_len);
  bool seen[64] = { false };
  size_t flagged = 0;

  if (fa == NULL || fe == NULL)
    abort ();
  for (size_t s = 0; s < ARRAY_SIZE (sets); s++)
    for (size_t i = 0; sets[s] && sets[s][i]; i++)
      {
        const char *name = sets[s][i];
        const struct audit_cap_rule *rule = audit_cap_rule (name);
        int cap = lc_cap_from_name (name);
        char path[64];

        if (cap < 0 || cap >= 64 || seen[cap])
          continue;
        seen[cap] = true;
        fprintf (fa, "%s%s", ftell (fa) ? " " : "", name);
        if (rule)
          {
            flagged++;
            cap_path (sets, name, path, sizeof path);
            audit_fix (audit_add (r, LC_AUDIT_CAPABILITIES, rule->status, path, "%s: %s", name,
                                  rule->why),
                       "remove \"%s\" from process.capabilities (bounding, effective, "
                       "permitted, inheritable, ambient)", name);
          }
        else if (!audit_cap_in_default (name))
          fprintf (fe, "%s%s", ftell (fe) ? " " : "", name);
      }
  fclose (fa);
  fclose (fe);
  if (*extra)
    audit_fix (audit_add (r, LC_AUDIT_CAPABILITIES, LC_AUDIT_WEAK, "process.capabilities",
                          "%s: beyond runc's default set", extra),
               "process.capabilities: keep only what the workload needs (runc's default: %s)",
               audit_cap_default_list);
  else if (flagged == 0)
    audit_add (r, LC_AUDIT_CAPABILITIES, LC_AUDIT_OK, "process.capabilities",
               "%s: within runc's default set", *all ? all : "none");
}

/* ---- seccomp, no_new_privs, read-only root --------------------------------- */

static void
check_seccomp (const struct spec *spec, struct lc_audit_report *r)
{
  const struct spec_seccomp *sc = spec->linux_config ? spec->linux_config->seccomp : NULL;
  const char *act = sc ? sc->default_action : NULL;

  if (sc == NULL)
    audit_fix (audit_add (r, LC_AUDIT_SECCOMP, LC_AUDIT_MISSING, "linux.seccomp",
                          "no seccomp filter: every system call reaches the kernel"),
               "%s", audit_fix_seccomp);
  else if (act && (strcmp (act, "SCMP_ACT_ALLOW") == 0 || strcmp (act, "SCMP_ACT_LOG") == 0))
    audit_fix (audit_add (r, LC_AUDIT_SECCOMP, LC_AUDIT_WEAK, "linux.seccomp.defaultAction",
                          "%s: a deny-list, new system calls are allowed", act),
               "linux.seccomp.defaultAction: SCMP_ACT_ERRNO, with an allow-list of syscalls");
  else
    audit_add (r, LC_AUDIT_SECCOMP, LC_AUDIT_OK, "linux.seccomp.defaultAction", "%s",
               act ? act : "(none)");
}

static void
check_nnp (const struct spec *spec, struct lc_audit_report *r)
{
  if (spec->process && spec->process->no_new_privileges)
    audit_add (r, LC_AUDIT_NO_NEW_PRIVS, LC_AUDIT_OK, "process.noNewPrivileges", "true");
  else
    audit_fix (audit_add (r, LC_AUDIT_NO_NEW_PRIVS, LC_AUDIT_MISSING, "process.noNewPrivileges",
                          "false: setuid binaries and file capabilities can raise privileges"),
               "%s", audit_fix_nnp);
}

static void
check_readonly_root (const struct spec *spec, struct lc_audit_report *r)
{
  if (spec->root.readonly)
    audit_add (r, LC_AUDIT_READONLY_ROOT, LC_AUDIT_OK, "root.readonly", "true");
  else
    audit_fix (audit_add (r, LC_AUDIT_READONLY_ROOT, LC_AUDIT_MISSING, "root.readonly",
                          "false: the root filesystem is writable"),
               "root.readonly: set to true (writable paths as tmpfs or volumes)");
}

/* ---- volumes --------------------------------------------------------------- */

/* The options of nosuid, nodev, noexec that `has` lacks, as `"a", "b"` for a
   fix and `a, b` for a message; the status their absence earns.  */
enum lc_audit_status
audit_bind_lacks (bool (*has) (const void *m, const char *opt), const void *m, char *quoted,
                  char *plain, size_t size)
{
  static const char *const opts[] = { "nosuid", "nodev", "noexec" };
  enum lc_audit_status st = LC_AUDIT_OK;

  *quoted = *plain = '\0';
  for (size_t k = 0; k < ARRAY_SIZE (opts); k++)
    if (!has (m, opts[k]))
      {
        snprintf (quoted + strlen (quoted), size - strlen (quoted), "%s\"%s\"",
                  *quoted ? ", " : "", opts[k]);
        snprintf (plain + strlen (plain), size - strlen (plain), "%s%s", *plain ? ", " : "",
                  opts[k]);
        /* noexec is the least: a volume may hold what the workload runs.  */
        st = audit_worst (st, k < 2 ? LC_AUDIT_MISSING : LC_AUDIT_WEAK);
      }
  return st;
}

static bool
spec_mount_has (const void *m, const char *opt)
{
  return audit_mount_has (m, opt);
}

static void
check_volumes (const struct spec *spec, struct lc_audit_report *r)
{
  size_t binds = 0;

  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      const struct spec_mount *m = &spec->mounts[i];
      char path[64], quoted[64], plain[64];
      enum lc_audit_status st;

      if (!audit_mount_is_bind (m))
        continue;
      binds++;
      snprintf (path, sizeof path, "mounts[%zu].options", i);
      st = audit_bind_lacks (spec_mount_has, m, quoted, plain, sizeof quoted);
      if (st == LC_AUDIT_OK)
        audit_add (r, LC_AUDIT_VOLUMES, st, path, "bind of `%s` on `%s`: nosuid, nodev, noexec",
                   m->source ? m->source : "", m->destination);
      else
        audit_fix (audit_add (r, LC_AUDIT_VOLUMES, st, path, "bind of `%s` on `%s` without %s",
                              m->source ? m->source : "", m->destination, plain),
                   "%s: add %s", path, quoted);
    }
  if (binds == 0)
    audit_add (r, LC_AUDIT_VOLUMES, LC_AUDIT_OK, "mounts", "no bind mounts");
}

/* ---- user namespace, root -------------------------------------------------- */

void
audit_user_without_userns (struct lc_audit_report *r, const char *path, unsigned long uid)
{
  if (uid == 0)
    audit_fix (audit_add (r, LC_AUDIT_USER, LC_AUDIT_MISSING, path,
                          "uid 0 without a user namespace: the container's root is the "
                          "host's root"),
               "%s", audit_fix_root_user);
  else
    audit_add (r, LC_AUDIT_USER, LC_AUDIT_OK, path, "uid %lu, not root (no user namespace)",
               uid);
}

static void
check_user (const struct spec *spec, struct lc_audit_report *r)
{
  const struct spec_namespace *userns = spec_find_namespace (spec, CLONE_NEWUSER);
  const struct spec_linux *l = spec->linux_config;
  uint32_t uid = spec->process ? spec->process->user.uid : 0;

  if (userns == NULL)
    {
      audit_user_without_userns (r, "process.user.uid", uid);
      return;
    }
  for (size_t i = 0; l && i < l->n_uid_mappings; i++)
    {
      const struct spec_idmap *m = &l->uid_mappings[i];
      char path[64];

      if (m->container_id != 0 || m->size == 0)
        continue;
      snprintf (path, sizeof path, "linux.uidMappings[%zu].hostID", i);
      if (m->host_id == 0)
        audit_fix (audit_add (r, LC_AUDIT_USER, LC_AUDIT_MISSING, path,
                              "the user namespace maps uid 0 to the host's root"),
                   "%s: map 0 to an unprivileged host id", path);
      else
        audit_add (r, LC_AUDIT_USER, LC_AUDIT_OK, path,
                   "user namespace: uid 0 is host uid %u", m->host_id);
      return;
    }
  audit_add (r, LC_AUDIT_USER, uid == 0 && userns->path ? LC_AUDIT_WEAK : LC_AUDIT_OK,
             "linux.namespaces", "user namespace%s%s%s, uid 0 not mapped by the config",
             userns->path ? " `" : "", userns->path ? userns->path : "", userns->path ? "`" : "");
}

/* ---- masked and read-only paths -------------------------------------------- */

static void
check_path_set (struct lc_audit_report *r, char *const *have, const char *const *want, size_t n,
                const char *path, const char *what)
{
  cleanup_free char *lack = NULL, *quoted = NULL;
  size_t len = 0, qlen = 0;
  FILE *f = open_memstream (&lack, &len), *q = open_memstream (&quoted, &qlen);

  if (f == NULL || q == NULL)
    abort ();
  for (size_t i = 0; i < n; i++)
    if (!strv_has (have, want[i]))
      {
        fprintf (f, "%s%s", ftell (f) ? " " : "", want[i]);
        fprintf (q, "%s\"%s\"", ftell (q) ? ", " : "", want[i]);
      }
  fclose (f);
  fclose (q);
  if (*lack == '\0')
    audit_add (r, LC_AUDIT_MASKED_PATHS, LC_AUDIT_OK, path, "runc's default set %s", what);
  else
    audit_fix (audit_add (r, LC_AUDIT_MASKED_PATHS,
                          strv_len (have) == 0 ? LC_AUDIT_MISSING : LC_AUDIT_WEAK, path,
                          "not %s: %s", what, lack),
               "%s: add %s", path, quoted);
}

static void
check_masked (const struct spec *spec, struct lc_audit_report *r)
{
  const struct spec_linux *l = spec->linux_config;

  check_path_set (r, l ? l->masked_paths : NULL, runc_masked, ARRAY_SIZE (runc_masked),
                  "linux.maskedPaths", "masked");
  check_path_set (r, l ? l->readonly_paths : NULL, runc_readonly, ARRAY_SIZE (runc_readonly),
                  "linux.readonlyPaths", "read-only");
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      const struct spec_mount *m = &spec->mounts[i];
      bool sys = strcmp (m->destination, "/sys") == 0;
      char path[64];

      if ((!sys && strcmp (m->destination, "/sys/fs/cgroup") != 0) || audit_mount_has (m, "ro"))
        continue;
      snprintf (path, sizeof path, "mounts[%zu].options", i);
      audit_fix (audit_add (r, LC_AUDIT_MASKED_PATHS, sys ? LC_AUDIT_MISSING : LC_AUDIT_WEAK,
                            path, "%s is mounted read-write", m->destination),
                 "%s: add \"ro\"", path);
    }
}

/* ---- devices --------------------------------------------------------------- */

static void
check_device_rules (const struct spec_resources *res, struct lc_audit_report *r, size_t *bad)
{
  for (size_t i = 0; res && i < res->n_devices; i++)
    {
      const struct spec_device_rule *d = &res->devices[i];
      const char *access = d->access ? d->access : "rwm";
      char path[64];

      if (!d->allow || (d->type && strcmp (d->type, "a") != 0) || d->major.set || d->minor.set
          || (strchr (access, 'r') == NULL && strchr (access, 'w') == NULL))
        continue;
      (*bad)++;
      snprintf (path, sizeof path, "linux.resources.devices[%zu]", i);
      audit_fix (audit_add (r, LC_AUDIT_DEVICES, LC_AUDIT_MISSING, path,
                            "allows \"a *:* %s\": every host device, disks included", access),
                 "%s: remove it; keep {\"allow\": false, \"access\": \"rwm\"} and allow only "
                 "the nodes the workload needs", path);
    }
}

static void
check_devices (const struct spec *spec, struct lc_audit_report *r)
{
  const struct spec_linux *l = spec->linux_config;
  size_t bad = 0;

  for (size_t i = 0; l && i < l->n_devices; i++)
    {
      const struct spec_device *d = &l->devices[i];
      bool block = strcmp (d->type, "b") == 0;
      char path[64];

      if (in_table (default_nodes, ARRAY_SIZE (default_nodes), d->path))
        continue;
      bad++;
      snprintf (path, sizeof path, "linux.devices[%zu]", i);
      audit_fix (audit_add (r, LC_AUDIT_DEVICES, block ? LC_AUDIT_MISSING : LC_AUDIT_WEAK, path,
                            "%s device `%s` (%lld:%lld)%s", block ? "block" : "extra", d->path,
                            (long long) d->major, (long long) d->minor,
                            block ? ": raw access to a host disk" : ""),
                 "%s: remove it unless the workload needs it", path);
    }
  check_device_rules (l ? l->resources : NULL, r, &bad);
  if (bad == 0)
    audit_add (r, LC_AUDIT_DEVICES, LC_AUDIT_OK, "linux.resources.devices",
               "every device denied but the default nodes");
}

/* The host's audit subsystem: nothing in a config says it; `moat audit
   --container` measures it (audit-live.c).  */
static void
check_audit (const struct spec *spec __attribute__ ((unused)),
             struct lc_audit_report *r __attribute__ ((unused)))
{
}

/* One check per layer, in layer order (audit_config_check indexes it).  */
static void (*const checks[]) (const struct spec *, struct lc_audit_report *) = {
  check_namespaces, check_selinux,   check_cgroups,      check_capabilities,
  check_seccomp,    check_nnp,       check_readonly_root, check_volumes,
  check_user,       check_masked,    check_devices,      check_audit,
};
_Static_assert (ARRAY_SIZE (checks) == LC_AUDIT_LAYER_MAX, "one config check per layer");

void
audit_config_checks (const struct spec *spec, struct lc_audit_report *r)
{
  for (size_t i = 0; i < ARRAY_SIZE (checks); i++)
    checks[i] (spec, r);
}

void
audit_config_check (const struct spec *spec, enum lc_audit_layer layer, struct lc_audit_report *r)
{
  checks[layer] (spec, r);
}
