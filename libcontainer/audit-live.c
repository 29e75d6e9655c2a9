/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `moat audit --container`: what the kernel enforces on a running
   container's init, read from /proc/PID (status, attr/current, ns/,
   uid_map, mountinfo, cgroup) and compared with the config it was created
   with (the copy in the state dir).  Host namespaces are moat's own
   (/proc/self/ns): what config.json calls the host's when a namespace is
   not listed, even when moat itself runs in a container.  */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit-internal.h"
#include "audit-trail.h"
#include "caps.h"
#include "cgroup.h"
#include "state.h"
#include "utils.h"

struct live
{
  int procfd;      /* /proc/PID, checked to be the container's init */
  char *status;    /* /proc/PID/status */
  char *mountinfo; /* /proc/PID/mountinfo */
  const struct spec *spec;
  const char *mcs_level;     /* state.json mcsLevel: the pair moat picked, or NULL */
  const char *process_label; /* state.json processLabel: the label moat made, or NULL */
};

/* The value of "Key:\tvalue" in /proc/PID/status, up to the newline.  */
static char *
status_field (const struct live *lv, const char *key)
{
  size_t n = strlen (key);

  for (const char *p = lv->status; p && *p; p = strchr (p, '\n') ? strchr (p, '\n') + 1 : NULL)
    if (strncmp (p, key, n) == 0 && p[n] == ':')
      {
        p += n + 1;
        p += strspn (p, " \t");
        return xstrndup (p, strcspn (p, "\n"));
      }
  return NULL;
}

static char *
read_proc (const struct live *lv, const char *name)
{
  char *buf = NULL;
  size_t len;
  lc_error_t e = NULL;

  if (read_file_at (lv->procfd, name, &buf, &len, &e) < 0)
    {
      lc_error_free (&e);
      return NULL;
    }
  if (len > 0 && buf[len - 1] == '\n')
    buf[len - 1] = '\0';
  return buf;
}

/* ---- mountinfo --------------------------------------------------------- */

/* mountinfo escapes space, tab, newline and backslash as \ooo.  */
static void
unescape (char *s)
{
  char *w = s;

  for (; *s; s++)
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3])
      {
        *w++ = (char) ((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
        s += 3;
      }
    else
      *w++ = *s;
  *w = '\0';
}

/* The per-mount options of the topmost mount on `target`, or NULL.  */
static char *
mount_opts (const struct live *lv, const char *target)
{
  cleanup_free char *copy = xstrdup (lv->mountinfo);
  char *line, *save = NULL, *found = NULL;

  for (line = strtok_r (copy, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char *f[6], *fs = NULL;
      int i;

      for (i = 0; i < 6 && (f[i] = strtok_r (i ? NULL : line, " ", &fs)); i++)
        ;
      if (i < 6)
        continue;
      unescape (f[4]);
      if (strcmp (f[4], target) == 0)
        {
          free (found);
          found = xstrdup (f[5]);
        }
    }
  return found;
}

static bool
opts_have (const void *opts, const char *opt)
{
  size_t n = strlen (opt);

  for (const char *p = opts; p; p = strchr (p, ',') ? strchr (p, ',') + 1 : NULL)
    if (strncmp (p, opt, n) == 0 && (p[n] == ',' || p[n] == '\0'))
      return true;
  return false;
}

static const char audit_fix_remount[]
  = "process.capabilities: drop CAP_SYS_ADMIN and keep a seccomp filter that denies mount, "
    "so the workload cannot undo what moat set";

static void
live_readonly_root (const struct live *lv, struct lc_audit_report *r)
{
  cleanup_free char *opts = mount_opts (lv, "/");
  bool ro = opts && opts_have (opts, "ro");

  if (ro)
    audit_add (r, LC_AUDIT_READONLY_ROOT, LC_AUDIT_OK, "mountinfo:/", "ro");
  else if (lv->spec->root.readonly)
    audit_fix (audit_add (r, LC_AUDIT_READONLY_ROOT, LC_AUDIT_MISSING, "mountinfo:/",
                          "config asks root.readonly true, kernel shows %s", opts ? "rw" : "no /"),
               "%s", audit_fix_remount);
  else
    audit_fix (audit_add (r, LC_AUDIT_READONLY_ROOT, LC_AUDIT_MISSING, "mountinfo:/", "rw"),
               "root.readonly: set to true (writable paths as tmpfs or volumes)");
}

/* Each bind mount of the config, as mounted now.  */
static void
live_volumes (const struct live *lv, struct lc_audit_report *r)
{
  const struct spec *spec = lv->spec;
  size_t binds = 0;

  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      const struct spec_mount *m = &spec->mounts[i];
      cleanup_free char *opts = NULL;
      char path[PATH_MAX + 16], quoted[64], plain[64], fix[64];
      enum lc_audit_status st;

      if (!audit_mount_is_bind (m))
        continue;
      binds++;
      snprintf (path, sizeof path, "mountinfo:%s", m->destination);
      snprintf (fix, sizeof fix, "mounts[%zu].options", i);
      opts = mount_opts (lv, m->destination);
      if (opts == NULL)
        {
          audit_fix (audit_add (r, LC_AUDIT_VOLUMES, LC_AUDIT_MISSING, path,
                                "config asks a bind of `%s`, kernel shows no mount there",
                                m->source ? m->source : ""),
                     "%s", audit_fix_remount);
          continue;
        }
      st = audit_bind_lacks (opts_have, opts, quoted, plain, sizeof quoted);
      if (audit_mount_has (m, "ro") && !opts_have (opts, "ro"))
        st = LC_AUDIT_MISSING;
      if (st == LC_AUDIT_OK)
        audit_add (r, LC_AUDIT_VOLUMES, st, path, "bind, kernel shows %s", opts);
      else if (audit_mount_has (m, "ro") && !opts_have (opts, "ro"))
        audit_fix (audit_add (r, LC_AUDIT_VOLUMES, st, path,
                              "bind, config asks ro, kernel shows %s", opts),
                   "%s", audit_fix_remount);
      else
        audit_fix (audit_add (r, LC_AUDIT_VOLUMES, st, path, "bind, kernel shows %s (no %s)",
                              opts, plain),
                   "%s: add %s", fix, quoted);
    }
  if (binds == 0)
    audit_add (r, LC_AUDIT_VOLUMES, LC_AUDIT_OK, "mountinfo", "no bind mounts in the config");
}

/* /sys and the read-only paths, as mounted now.  Masked paths the host
   lacks are skipped at create, so an absent one is not a finding.  */
static void
live_masked (const struct live *lv, struct lc_audit_report *r)
{
  const struct spec_linux *l = lv->spec->linux_config;
  char *const *ro = l ? l->readonly_paths : NULL;
  size_t n_ro = 0, bad = 0;

  for (size_t i = 0; ro && ro[i]; i++)
    {
      cleanup_free char *opts = mount_opts (lv, ro[i]);
      char path[PATH_MAX + 16];

      if (opts == NULL || opts_have (opts, "ro"))
        {
          n_ro += opts != NULL;
          continue;
        }
      bad++;
      snprintf (path, sizeof path, "mountinfo:%s", ro[i]);
      audit_fix (audit_add (r, LC_AUDIT_MASKED_PATHS, LC_AUDIT_MISSING, path,
                            "config asks read-only, kernel shows %s", opts),
                 "%s", audit_fix_remount);
    }
  {
    cleanup_free char *sys = mount_opts (lv, "/sys");
    if (sys && !opts_have (sys, "ro"))
      {
        bad++;
        audit_fix (audit_add (r, LC_AUDIT_MASKED_PATHS, LC_AUDIT_MISSING, "mountinfo:/sys",
                              "/sys is mounted read-write (%s)", sys),
                   "mounts: the /sys mount's options: add \"ro\"");
      }
  }
  if (bad == 0)
    audit_add (r, LC_AUDIT_MASKED_PATHS, LC_AUDIT_OK, "mountinfo",
               "%zu read-only paths mounted read-only, /sys read-only or absent", n_ro);
}

/* ---- capabilities, seccomp, no_new_privs -------------------------------- */

static uint64_t
caps_mask (char *const *names)
{
  uint64_t m = 0;

  for (; names && *names; names++)
    {
      int cap = lc_cap_from_name (*names);
      if (cap >= 0 && cap < 64)
        m |= UINT64_C (1) << cap;
    }
  return m;
}

/* "CAP_KILL CAP_SYS_ADMIN", "none"; the worst rule of the caps in `mask`.  */
static char *
caps_names (uint64_t mask, enum lc_audit_status *worst)
{
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&out, &len);

  if (f == NULL)
    abort ();
  *worst = LC_AUDIT_OK;
  for (int cap = 0; cap < 64; cap++)
    if (mask & (UINT64_C (1) << cap))
      {
        const char *name = lc_cap_to_name (cap);
        const struct audit_cap_rule *rule = name ? audit_cap_rule (name) : NULL;

        if (name)
          fprintf (f, "%s%s", ftell (f) ? " " : "", name);
        else
          fprintf (f, "%s%d", ftell (f) ? " " : "", cap);
        if (rule)
          *worst = audit_worst (*worst, rule->status);
        else if (name == NULL || !audit_cap_in_default (name))
          *worst = audit_worst (*worst, LC_AUDIT_WEAK);
      }
  if (ftell (f) == 0)
    fputs ("none", f);
  fclose (f);
  return out;
}

static void
live_capabilities (const struct live *lv, struct lc_audit_report *r)
{
  static const struct
  {
    const char *key, *set;
    size_t offset;
  } sets[] = {
    { "CapEff", "effective", offsetof (struct spec_capabilities, effective) },
    { "CapPrm", "permitted", offsetof (struct spec_capabilities, permitted) },
    { "CapBnd", "bounding", offsetof (struct spec_capabilities, bounding) },
    { "CapInh", "inheritable", offsetof (struct spec_capabilities, inheritable) },
    { "CapAmb", "ambient", offsetof (struct spec_capabilities, ambient) },
  };
  const struct spec_capabilities *c = lv->spec->process ? lv->spec->process->capabilities : NULL;

  for (size_t i = 0; i < ARRAY_SIZE (sets); i++)
    {
      cleanup_free char *hex = status_field (lv, sets[i].key), *names = NULL, *asked = NULL;
      char *const *want = c ? *(char *const *const *) ((const char *) c + sets[i].offset) : NULL;
      char path[32];
      enum lc_audit_status st, unused;
      uint64_t have;

      snprintf (path, sizeof path, "status:%s", sets[i].key);
      if (hex == NULL)
        continue;
      have = strtoull (hex, NULL, 16);
      names = caps_names (have, &st);
      if (have & ~caps_mask (want))
        {
          asked = caps_names (caps_mask (want), &unused);
          audit_fix (audit_add (r, LC_AUDIT_CAPABILITIES, LC_AUDIT_MISSING, path,
                                "config asks %s, kernel shows %s", asked, names),
                     "process.capabilities.%s: the process holds more than asked", sets[i].set);
        }
      else if (have != caps_mask (want))
        {
          /* Fewer than asked: a capability this kernel or the host's
             bounding set lacks.  No weaker, but not what was asked.  */
          asked = caps_names (caps_mask (want), &unused);
          audit_add (r, LC_AUDIT_CAPABILITIES, st, path, "config asks %s, kernel shows %s", asked,
                     names);
        }
      else if (st != LC_AUDIT_OK)
        audit_fix (audit_add (r, LC_AUDIT_CAPABILITIES, st, path, "%s", names),
                   "process.capabilities.%s: keep only what the workload needs "
                   "(runc's default: %s)", sets[i].set, audit_cap_default_list);
      else
        audit_add (r, LC_AUDIT_CAPABILITIES, st, path, "%s", names);
    }
}

static void
live_seccomp (const struct live *lv, struct lc_audit_report *r)
{
  cleanup_free char *mode = status_field (lv, "Seccomp");
  cleanup_free char *filters = status_field (lv, "Seccomp_filters");
  bool asked = lv->spec->linux_config && lv->spec->linux_config->seccomp;
  long n = filters ? strtol (filters, NULL, 10) : -1;

  if (mode && strcmp (mode, "2") == 0)
    audit_add (r, LC_AUDIT_SECCOMP, LC_AUDIT_OK, "status:Seccomp", "filter mode, %ld filter%s",
               n, n == 1 ? "" : "s");
  else if (mode && strcmp (mode, "1") == 0)
    audit_add (r, LC_AUDIT_SECCOMP, LC_AUDIT_OK, "status:Seccomp", "strict mode");
  else
    audit_fix (audit_add (r, LC_AUDIT_SECCOMP, LC_AUDIT_MISSING, "status:Seccomp",
                          "%sno filter (mode %s)",
                          asked ? "config asks linux.seccomp, kernel shows " : "",
                          mode ? mode : "unknown"),
               "%s", audit_fix_seccomp);
}

static void
live_nnp (const struct live *lv, struct lc_audit_report *r)
{
  cleanup_free char *nnp = status_field (lv, "NoNewPrivs");
  bool asked = lv->spec->process && lv->spec->process->no_new_privileges;

  if (nnp && strcmp (nnp, "1") == 0)
    audit_add (r, LC_AUDIT_NO_NEW_PRIVS, LC_AUDIT_OK, "status:NoNewPrivs", "1");
  else
    audit_fix (audit_add (r, LC_AUDIT_NO_NEW_PRIVS, LC_AUDIT_MISSING, "status:NoNewPrivs",
                          "%s%s", asked ? "config asks true, kernel shows " : "",
                          nnp ? nnp : "unknown"),
               "%s", audit_fix_nnp);
}

/* ---- namespaces, user ------------------------------------------------------ */

/* The container's `ns` is moat's own; false when either cannot be read.  */
static bool
ns_shared (const struct live *lv, const char *ns)
{
  char path[64], mine[128], theirs[128];
  ssize_t a, b;

  snprintf (path, sizeof path, "/proc/self/ns/%s", ns);
  a = readlink (path, mine, sizeof mine - 1);
  snprintf (path, sizeof path, "ns/%s", ns);
  b = readlinkat (lv->procfd, path, theirs, sizeof theirs - 1);
  if (a < 0 || b < 0)
    return false;
  mine[a] = theirs[b] = '\0';
  return strcmp (mine, theirs) == 0;
}

static void
live_namespaces (const struct live *lv, struct lc_audit_report *r)
{
  char fresh[128] = "";

  for (size_t i = 0; i < audit_ns_rules_len; i++)
    {
      const struct spec_ns_info *info = spec_ns_by_flag (audit_ns_rules[i].flag);
      const struct spec_namespace *asked = spec_find_namespace (lv->spec, info->flag);
      char path[64];

      if (!ns_shared (lv, info->proc_ns))
        {
          snprintf (fresh + strlen (fresh), sizeof fresh - strlen (fresh), "%s%s",
                    *fresh ? ", " : "", info->name);
          continue;
        }
      snprintf (path, sizeof path, "ns/%s", info->proc_ns);
      /* Not listed or joined by path: sharing may be what was asked.  */
      audit_fix (audit_add (r, LC_AUDIT_NAMESPACES, audit_ns_rules[i].shared, path,
                            "%s%s namespace shared with the host (moat's own)",
                            asked && asked->path == NULL
                              ? "config asks a new one, kernel shows the " : "",
                            info->name),
                 "linux.namespaces: add {\"type\": \"%s\"}", info->name);
    }
  if (*fresh)
    audit_add (r, LC_AUDIT_NAMESPACES, LC_AUDIT_OK, "ns", "new %s namespaces", fresh);
}

static void
live_user (const struct live *lv, struct lc_audit_report *r)
{
  cleanup_free char *uid_line = status_field (lv, "Uid");
  cleanup_free char *map = NULL;
  unsigned long ruid = 0, euid = 0, inside = 0, host = 0, count = 0;
  uint32_t asked = lv->spec->process ? lv->spec->process->user.uid : 0;

  if (uid_line == NULL || sscanf (uid_line, "%lu %lu", &ruid, &euid) != 2)
    {
      audit_add (r, LC_AUDIT_USER, LC_AUDIT_WEAK, "status:Uid", "unreadable");
      return;
    }
  if (euid != asked)
    audit_add (r, LC_AUDIT_USER, LC_AUDIT_WEAK, "status:Uid",
               "config asks uid %u, kernel shows %lu", asked, euid);
  if (ns_shared (lv, "user"))
    {
      audit_user_without_userns (r, "status:Uid", ruid == 0 ? 0 : euid);
      return;
    }
  map = read_proc (lv, "uid_map");
  for (char *p = map; p && *p; p = strchr (p, '\n') ? strchr (p, '\n') + 1 : NULL)
    if (sscanf (p, "%lu %lu %lu", &inside, &host, &count) == 3 && inside == 0 && count > 0)
      {
        if (host == 0)
          audit_fix (audit_add (r, LC_AUDIT_USER, LC_AUDIT_MISSING, "uid_map",
                                "the user namespace maps uid 0 to the host's root"),
                     "linux.uidMappings: map 0 to an unprivileged host id");
        else
          audit_add (r, LC_AUDIT_USER, LC_AUDIT_OK, "uid_map",
                     "user namespace: uid 0 is host uid %lu", host);
        return;
      }
  audit_add (r, LC_AUDIT_USER, LC_AUDIT_OK, "uid_map", "user namespace, uid 0 not mapped");
}

/* ---- SELinux, cgroup limits ------------------------------------------------ */

/* The level of user:role:type:level, or NULL.  */
static const char *
level_of (const char *label)
{
  const char *p = label;

  for (int i = 0; p && i < 3; i++)
    p = strchr (p, ':') ? strchr (p, ':') + 1 : NULL;
  return p && *p ? p : NULL;
}

/* The level moat reserved for the container (state.json mcsLevel) against
   the level the kernel shows for its init.  */
static void
live_mcs (const struct live *lv, const char *label, struct lc_audit_report *r)
{
  const char *level = label ? level_of (label) : NULL;

  if (lv->mcs_level && level && strcmp (lv->mcs_level, level) == 0)
    audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_OK, "mcs",
               "%s: the pair moat reserved (state.json mcsLevel), as the kernel shows", level);
  else if (lv->mcs_level)
    audit_fix (audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_MISSING, "mcs",
                          "state.json mcsLevel %s, kernel shows %s", lv->mcs_level,
                          level ? level : "none"),
               "the init left the pair moat reserved for it: delete and re-create the "
               "container, and look for a policy rule that lets its type change level");
  else if (level && strchr (level, 'c'))
    audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_OK, "mcs",
               "%s: from the config (no pair picked by moat)", level);
  else
    audit_fix (audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_WEAK, "mcs",
                          "%s: no categories, shared with every container without a level",
                          level ? level : "none"),
               "process.selinuxLabel: user:role:type without a level, so that moat picks a "
               "pair of its own (or moat create --default-selinux-type auto)");
}

static void
live_selinux (const struct live *lv, struct lc_audit_report *r)
{
  cleanup_free char *label = read_proc (lv, "attr/current");
  /* The label as moat made it (with the level it picked), else the
     config's.  */
  const char *asked = lv->process_label ? lv->process_label
                      : lv->spec->process ? lv->spec->process->selinux_label : NULL;
  const char *level = label ? level_of (label) : NULL;

  if (access ("/sys/fs/selinux/enforce", F_OK) < 0)
    {
      audit_fix (audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_MISSING, "attr/current",
                            "%s%s: SELinux is not enabled on this host",
                            asked ? "config asks a label, kernel shows " : "LSM label ",
                            label && *label ? label : "none"),
                 "enable SELinux on the host and set process.selinuxLabel");
      audit_fix (audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_MISSING, "mcs",
                            "none: SELinux is not enabled on this host"),
                 "enable SELinux on the host: moat then gives each container a category "
                 "pair of its own");
      return;
    }
  if (asked && (label == NULL || strcmp (asked, label) != 0))
    audit_fix (audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_MISSING, "attr/current",
                          "config asks %s, kernel shows %s", asked, label ? label : "none"),
               "process.selinuxLabel: a label the loaded policy knows");
  else if (level == NULL || strchr (level, 'c') == NULL)
    audit_fix (audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_WEAK, "attr/current",
                          "%s: no MCS categories", label ? label : "none"),
               "process.selinuxLabel: set a label with categories unique to the container");
  else
    audit_add (r, LC_AUDIT_SELINUX, LC_AUDIT_OK, "attr/current", "%s", label);
  live_mcs (lv, label, r);
}

/* The container's cgroup v2 directory, from /proc/PID/cgroup's "0::" line.  */
static struct lc_cgroup *
live_cgroup (const struct live *lv)
{
  cleanup_free char *text = read_proc (lv, "cgroup");
  struct lc_cgroup *cg = NULL;
  lc_error_t e = NULL;

  for (char *p = text; p && *p; p = strchr (p, '\n') ? strchr (p, '\n') + 1 : NULL)
    if (strncmp (p, "0::", 3) == 0)
      {
        p[strcspn (p, "\n")] = '\0';
        if (lc_cgroupfs_open (p + 3, &cg, &e) < 0)
          lc_error_free (&e);
        return cg;
      }
  return NULL;
}

static void
live_limit (struct lc_audit_report *r, const struct lc_cgroup *cg, const char *file,
            const char *fix_path, bool asked, long long asked_v)
{
  cleanup_free char *v = NULL;
  char path[64];
  size_t len;
  lc_error_t e = NULL;

  snprintf (path, sizeof path, "cgroup:%s", file);
  if (cg == NULL || read_file_at (cg->dirfd, file, &v, &len, &e) < 0)
    {
      lc_error_free (&e);
      /* No file, no limit: the controller is not enabled there.  */
      audit_fix (audit_add (r, LC_AUDIT_CGROUPS, LC_AUDIT_MISSING, path,
                            "%s%s not in the container's cgroup (controller not enabled?)",
                            asked ? "config asks a limit, kernel shows none: " : "", file),
                 "%s: set it, on a host whose cgroup v2 has the controller", fix_path);
      return;
    }
  v[strcspn (v, "\n")] = '\0';
  if (strncmp (v, "max", 3) == 0)
    audit_fix (audit_add (r, LC_AUDIT_CGROUPS, LC_AUDIT_MISSING, path, "%s%s",
                          asked ? "config asks a limit, kernel shows " : "", v),
               "%s: set a limit", fix_path);
  else if (asked && asked_v > 0 && strtoll (v, NULL, 10) != asked_v)
    /* moat update changes the cgroup, not the config copy.  */
    audit_add (r, LC_AUDIT_CGROUPS, LC_AUDIT_OK, path,
               "config asks %lld, kernel shows %s (moat update?)", asked_v, v);
  else
    audit_add (r, LC_AUDIT_CGROUPS, LC_AUDIT_OK, path, "%s", v);
}

static void
live_cgroups (const struct live *lv, struct lc_audit_report *r)
{
  const struct spec_resources *res
    = lv->spec->linux_config ? lv->spec->linux_config->resources : NULL;
  const struct spec_memory *mem = res ? res->memory : NULL;
  const struct spec_pids *pids = res ? res->pids : NULL;
  struct lc_cgroup *cg = live_cgroup (lv);

  live_limit (r, cg, "memory.max", "linux.resources.memory.limit", mem && mem->limit.set,
              mem ? mem->limit.v : 0);
  live_limit (r, cg, "pids.max", "linux.resources.pids.limit", pids && pids->limit.set,
              pids ? pids->limit.v : 0);
  if (cg)
    lc_cgroup_free (cg);
}

/* The device cgroup is a BPF program that /proc does not show: the
   config's rules and nodes are what there is to report.  */
static void
live_devices (const struct live *lv, struct lc_audit_report *r)
{
  audit_config_check (lv->spec, LC_AUDIT_DEVICES, r);
}

/* ---- the host's audit subsystem ------------------------------------------ */

/* Why AUDIT_GET got no answer.  */
static const char *
audit_get_error (int e)
{
  switch (e)
    {
    case EPROTONOSUPPORT:
      return "this kernel has no audit subsystem";
    case EPERM:
      return "unknown: AUDIT_GET needs CAP_AUDIT_CONTROL in the initial pid namespace";
    case ECONNREFUSED:
      return "unknown: moat is not in the initial user namespace";
    default:
      return strerror (e);
    }
}

static void
live_audit_kernel (const struct lc_trail_status *st, struct lc_audit_report *r)
{
  if (st->kernel_errno == EPROTONOSUPPORT)
    audit_fix (audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_MISSING, "netlink:AUDIT_GET", "%s",
                          audit_get_error (st->kernel_errno)),
               "a kernel built with CONFIG_AUDIT");
  else if (st->kernel_errno)
    audit_fix (audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_WEAK, "netlink:AUDIT_GET", "%s",
                          audit_get_error (st->kernel_errno)),
               "run moat audit as root on the host to see it (auditctl -s)");
  else if (st->enabled == 0)
    audit_fix (audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_MISSING, "netlink:AUDIT_GET",
                          "disabled (auditctl -s: enabled 0): the kernel drops every record"),
               "auditctl -e 1, and audit=1 on the kernel command line");
  else if (st->auditd == 0)
    audit_fix (audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_WEAK, "netlink:AUDIT_GET",
                          "enabled %u, no audit daemon: records go to the kernel log, "
                          "rate-limited", st->enabled),
               "run auditd, so that records reach the audit log and whatever forwards it");
  else
    audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_OK, "netlink:AUDIT_GET",
               "enabled %u%s, auditd pid %u receives the records", st->enabled,
               st->enabled == 2 ? " (locked)" : "", st->auditd);
}

/* The host's audit subsystem, and whether moat's operations reach it:
   the same for every container, so this layer weighs nothing.  */
static void
live_audit (const struct live *lv __attribute__ ((unused)), struct lc_audit_report *r)
{
  struct lc_trail_status st;
  bool writes, kept;

  lc_trail_status (&st);
  live_audit_kernel (&st, r);
  writes = st.cap_audit_write && st.libaudit;
  /* Disabled, the kernel drops them (unknown: assume kept).  */
  kept = writes && (st.kernel_errno != 0 || st.enabled != 0);
  if (writes)
    audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_OK, "capget:CAP_AUDIT_WRITE",
               "moat holds CAP_AUDIT_WRITE and loads libaudit.so.1: it writes a VIRT_CONTROL "
               "record per operation");
  else
    audit_fix (audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_MISSING, "capget:CAP_AUDIT_WRITE",
                          "%s: moat writes no kernel records",
                          !st.cap_audit_write ? "moat lacks CAP_AUDIT_WRITE in the initial "
                                                "user namespace"
                                              : "libaudit.so.1 does not load"),
               "%s", !st.cap_audit_write ? "run moat as root on the host (not rootless, not "
                                           "in a user namespace)"
                                         : "install libaudit (Debian: libaudit1)");
  if (st.json_file)
    audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_OK, "--audit-log",
               "%s: a JSON line per operation", st.json_file);
  else if (kept)
    audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_OK, "--audit-log",
               "not given to this moat: the kernel's records are the trail");
  else
    audit_fix (audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_MISSING, "--audit-log",
                          "not given to this moat, and the kernel keeps no records of it: "
                          "no audit trail"),
               "moat --audit-log FILE, on every command (a global option)");
}

static void (*const live_checks[]) (const struct live *, struct lc_audit_report *) = {
  live_namespaces, live_selinux,       live_cgroups, live_capabilities,
  live_seccomp,    live_nnp,           live_readonly_root, live_volumes,
  live_user,       live_masked,        live_devices,       live_audit,
};
_Static_assert (ARRAY_SIZE (live_checks) == LC_AUDIT_LAYER_MAX, "one measurement per layer");

/* ---- the container ------------------------------------------------------- */

/* /proc/PID of the container's init, opened and then checked to still be
   it (same start time): the fd then stays that process's.  */
static int
open_init (const struct lc_state *s, lc_error_t *err)
{
  cleanup_close int fd = -1;
  char path[32];

  if (s->status != LC_STATUS_RUNNING && s->status != LC_STATUS_PAUSED)
    return lc_error (err, 0, "container `%s` is %s, not running: %s", s->id,
                     lc_status_name (s->status),
                     s->status == LC_STATUS_CREATED
                       ? "its process has not dropped its privileges yet (moat start it)"
                       : "there is no process to measure");
  snprintf (path, sizeof path, "/proc/%d", (int) s->pid);
  fd = open (path, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (fd < 0 || !lc_state_pid_alive (s))
    return lc_error (err, fd < 0 ? errno : 0, "container `%s`: its init (pid %d) is gone", s->id,
                     (int) s->pid);
  return steal_fd (&fd);
}

int
lc_audit_container (const char *root, const char *id, struct lc_audit_report **out,
                    lc_error_t *err)
{
  cleanup_close int statefd = -1, procfd = -1;
  cleanup_spec struct spec *spec = NULL;
  struct lc_state *s = NULL;
  struct lc_audit_report *r;
  struct live lv = { .procfd = -1 };

  statefd = lc_state_open_container (root, id, false, &s, err);
  if (statefd < 0)
    return -1;
  procfd = open_init (s, err);
  if (procfd < 0 || lc_state_read_config (statefd, &spec, err) < 0)
    {
      lc_state_free (s);
      return -1;
    }
  lv = (struct live) { .procfd = procfd, .spec = spec, .mcs_level = s->mcs_level,
                       .process_label = s->process_label };
  lv.status = read_proc (&lv, "status");
  lv.mountinfo = read_proc (&lv, "mountinfo");
  r = xzalloc (sizeof *r);
  r->bundle = xstrdup (s->bundle);
  r->container = xstrdup (s->id);
  r->pid = s->pid;
  for (size_t i = 0; i < ARRAY_SIZE (live_checks); i++)
    live_checks[i] (&lv, r);
  lc_state_free (s);
  free (lv.status);
  free (lv.mountinfo);
  audit_finish (r);
  *out = r;
  return 0;
}
