/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The admission policy's rules against a config (policy.h): each violated
   rule one line, naming the JSON path in config.json and what would
   satisfy it.  Every rule is checked, so that one refusal lists all there
   is to fix.  */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/stat.h>

#include "policy.h"
#include "syscalls.h"
#include "utils.h"

struct ctx
{
  const struct lc_policy *p;
  const struct spec *spec;
  lc_policy_report_fn report;
  void *data;
  size_t n;
};

static void __attribute__ ((format (printf, 2, 3)))
violation (struct ctx *c, const char *fmt, ...)
{
  cleanup_free char *line = NULL;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&line, fmt, ap) < 0)
    line = NULL;
  va_end (ap);
  c->report (line ? line : "(out of memory)", c->data);
  c->n++;
}

static bool
in_list (char *const *list, const char *s)
{
  for (size_t i = 0; list && list[i]; i++)
    if (strcmp (list[i], s) == 0)
      return true;
  return false;
}

/* "a, b, c" (or "none") for a message.  */
static char *
joined (char *const *list)
{
  return list && list[0] ? strv_join (list, ", ") : xstrdup ("none");
}

/* ---- capabilities -------------------------------------------------------- */

/* A capability is reported once, where it first appears (bounding, then
   the sets within it).  */
static bool
seen_before (const struct spec_capabilities *k, char *const *set, const char *cap)
{
  char *const *order[] = { k->bounding, k->effective, k->permitted, k->inheritable, k->ambient };

  for (size_t i = 0; i < ARRAY_SIZE (order) && order[i] != set; i++)
    if (in_list (order[i], cap))
      return true;
  return false;
}

static void
check_cap_set (struct ctx *c, const struct spec_capabilities *k, const char *prefix,
               const char *set, char *const *caps)
{
  for (size_t i = 0; caps && caps[i]; i++)
    {
      if (seen_before (k, caps, caps[i]))
        continue;
      if (c->p->allowed_caps && !in_list (c->p->allowed_caps, caps[i]))
        {
          cleanup_free char *allowed = joined (c->p->allowed_caps);

          violation (c, "%s.capabilities.%s[%zu]: %s is not allowed (allowed: %s)", prefix, set,
                     i, caps[i], allowed);
        }
      else if (in_list (c->p->required_drop_caps, caps[i]))
        violation (c, "%s.capabilities.%s[%zu]: %s must be dropped (requiredDropCapabilities)",
                   prefix, set, i, caps[i]);
    }
}

static void
check_caps (struct ctx *c, const struct spec_process *proc, const char *prefix)
{
  const struct spec_capabilities *k = proc->capabilities;

  if (k == NULL)
    return;
  check_cap_set (c, k, prefix, "bounding", k->bounding);
  check_cap_set (c, k, prefix, "effective", k->effective);
  check_cap_set (c, k, prefix, "permitted", k->permitted);
  check_cap_set (c, k, prefix, "inheritable", k->inheritable);
  check_cap_set (c, k, prefix, "ambient", k->ambient);
}

/* ---- the process: user, no_new_privs, LSM labels, rlimits ----------------- */

/* uid 0 inside a user namespace that maps it to an unprivileged host id is
   not host root (the Pod Security Standards' user namespace relaxation).  */
static bool
root_mapped_away (const struct spec *spec)
{
  const struct spec_linux *l = spec ? spec->linux_config : NULL;

  if (l == NULL || spec_find_namespace (spec, CLONE_NEWUSER) == NULL)
    return false;
  for (size_t i = 0; i < l->n_uid_mappings; i++)
    if (l->uid_mappings[i].container_id == 0)
      return l->uid_mappings[i].host_id != 0;
  return false;
}

static void
check_user (struct ctx *c, const struct spec_process *proc, const char *prefix)
{
  const struct lc_policy *p = c->p;
  uint32_t uid = proc->user.uid, gid = proc->user.gid;

  if (p->run_as_non_root && uid == 0 && !root_mapped_away (c->spec))
    violation (c, "%s.user.uid: 0 (root) is not allowed (runAsNonRoot: another uid, or a "
               "user namespace mapping 0 to an unprivileged host id)", prefix);
  if (p->uid.set && (uid < p->uid.min || uid > p->uid.max))
    violation (c, "%s.user.uid: %u is outside runAsUser %llu-%llu", prefix, uid,
               (unsigned long long) p->uid.min, (unsigned long long) p->uid.max);
  if (p->gid.set && (gid < p->gid.min || gid > p->gid.max))
    violation (c, "%s.user.gid: %u is outside runAsGroup %llu-%llu", prefix, gid,
               (unsigned long long) p->gid.min, (unsigned long long) p->gid.max);
  for (size_t i = 0; p->gid.set && i < proc->user.n_additional_gids; i++)
    if (proc->user.additional_gids[i] < p->gid.min || proc->user.additional_gids[i] > p->gid.max)
      violation (c, "%s.user.additionalGids[%zu]: %u is outside runAsGroup %llu-%llu", prefix, i,
                 proc->user.additional_gids[i], (unsigned long long) p->gid.min,
                 (unsigned long long) p->gid.max);
}

static void
check_selinux (struct ctx *c, const char *label, const char *path)
{
  const struct lc_policy *p = c->p;
  cleanup_free char *copy = label ? xstrdup (label) : NULL;
  char *user, *role, *type, *level;

  if (label == NULL || *label == '\0')
    {
      if (p->require_selinux_label || p->require_selinux_level)
        violation (c, "%s: no SELinux label (seLinux.requireLabel: set one, e.g. "
                   "\"system_u:system_r:container_t:s0:c1,c2\")", path);
      return;
    }
  user = copy;
  role = strchr (user, ':');
  type = role ? strchr (role + 1, ':') : NULL;
  level = type ? strchr (type + 1, ':') : NULL;
  if (type)
    *type++ = '\0';
  if (level)
    *level++ = '\0';
  if (p->selinux_types && (type == NULL || !in_list (p->selinux_types, type)))
    {
      cleanup_free char *allowed = joined (p->selinux_types);

      violation (c, "%s: type `%s` is not allowed (allowed: %s)", path, type ? type : label,
                 allowed);
    }
  if (p->require_selinux_level && (level == NULL || strchr (level, 'c') == NULL))
    violation (c, "%s: `%s` has no MCS categories (seLinux.requireLevel: add a level such as "
               "s0:c1,c2)", path, label);
}

static void
check_rlimits (struct ctx *c, const struct spec_process *proc, const char *prefix)
{
  for (size_t i = 0; i < proc->n_rlimits; i++)
    for (size_t j = 0; j < c->p->n_rlimits; j++)
      if (strcmp (proc->rlimits[i].type, c->p->rlimits[j].name) == 0
          && (proc->rlimits[i].hard > c->p->rlimits[j].max
              || proc->rlimits[i].soft > c->p->rlimits[j].max))
        violation (c, "%s.rlimits[%zu]: %s above the ceiling %llu", prefix, i,
                   proc->rlimits[i].type, (unsigned long long) c->p->rlimits[j].max);
}

static void
check_process (struct ctx *c, const struct spec_process *proc, const char *prefix)
{
  cleanup_free char *label_path = NULL;

  check_caps (c, proc, prefix);
  check_user (c, proc, prefix);
  if (c->p->require_nnp && !proc->no_new_privileges)
    violation (c, "%s.noNewPrivileges: must be true (requireNoNewPrivileges)", prefix);
  if (c->p->forbid_unconfined_apparmor && proc->apparmor_profile
      && strcmp (proc->apparmor_profile, "unconfined") == 0)
    violation (c, "%s.apparmorProfile: \"unconfined\" is not allowed (a profile, or none for "
               "the default)", prefix);
  xasprintf (&label_path, "%s.selinuxLabel", prefix);
  if (c->p->selinux_types || c->p->require_selinux_label || c->p->require_selinux_level)
    check_selinux (c, proc->selinux_label, label_path);
  check_rlimits (c, proc, prefix);
}

size_t
lc_policy_check_process (const struct lc_policy *p, const struct spec *spec,
                         const struct spec_process *proc, const char *prefix,
                         lc_policy_report_fn report, void *data)
{
  struct ctx c = { p, spec, report, data, 0 };

  check_process (&c, proc, prefix);
  return c.n;
}

/* ---- privileged-like configs ------------------------------------------------ */

static bool
is_bind (const struct spec_mount *m)
{
  if (m->type && strcmp (m->type, "bind") == 0)
    return true;
  for (size_t i = 0; i < m->n_options; i++)
    if (strcmp (m->options[i], "bind") == 0 || strcmp (m->options[i], "rbind") == 0)
      return true;
  return false;
}

static bool
has_option (const struct spec_mount *m, const char *opt)
{
  return in_list (m->options, opt);
}

static bool
path_listed (char *const *list, const char *path)
{
  for (size_t i = 0; list && list[i]; i++)
    {
      size_t n = strlen (list[i]);

      if (strncmp (list[i], path, n) == 0 && (path[n] == '\0' || path[n] == '/'))
        return true;
    }
  return false;
}

static void
check_privileged_caps_devices (struct ctx *c)
{
  const struct spec_process *proc = c->spec->process;
  const struct spec_resources *res
    = c->spec->linux_config ? c->spec->linux_config->resources : NULL;
  char *const *bnd = proc && proc->capabilities ? proc->capabilities->bounding : NULL;

  /* podman --privileged and CRI's privileged: every capability there is.  */
  if (in_list (bnd, "CAP_SYS_ADMIN") && strv_len (bnd) >= 38)
    violation (c, "process.capabilities.bounding: all %zu capabilities: a privileged "
               "container is not allowed (drop what the workload does not need)",
               strv_len (bnd));
  for (size_t i = 0; res && i < res->n_devices; i++)
    {
      const struct spec_device_rule *d = &res->devices[i];

      if (d->allow && (d->type == NULL || strcmp (d->type, "a") == 0) && !d->major.set
          && !d->minor.set)
        violation (c, "linux.resources.devices[%zu]: allows every host device: a privileged "
                   "container is not allowed (allow the devices it needs)", i);
    }
  if (c->spec->linux_config && c->spec->linux_config->seccomp == NULL
      && in_list (bnd, "CAP_SYS_ADMIN"))
    violation (c, "linux.seccomp: none, with CAP_SYS_ADMIN: a privileged container is not "
               "allowed (add a seccomp profile or drop CAP_SYS_ADMIN)");
}

static void
check_privileged (struct ctx *c)
{
  const struct spec_linux *l = c->spec->linux_config;
  bool has_proc = false;

  check_privileged_caps_devices (c);
  for (size_t i = 0; i < c->spec->n_mounts; i++)
    {
      const struct spec_mount *m = &c->spec->mounts[i];

      if (m->type && strcmp (m->type, "proc") == 0)
        has_proc = true;
      if (m->destination && strcmp (m->destination, "/sys") == 0 && !has_option (m, "ro"))
        violation (c, "mounts[%zu]: /sys is writable: a privileged container is not allowed "
                   "(add \"ro\" to its options)", i);
    }
  if (has_proc && !(l && (in_list (l->readonly_paths, "/proc/sys")
                          || in_list (l->masked_paths, "/proc/sys"))))
    violation (c, "linux.readonlyPaths: /proc/sys is writable: a privileged container is not "
               "allowed (add \"/proc/sys\")");
}

/* ---- namespaces ----------------------------------------------------------- */

/* A namespace is the host's when the config has none of the type, or
   joins one by a path that is moat's own.  */
static bool
is_host_ns (const struct spec *spec, const struct spec_ns_info *info)
{
  const struct spec_namespace *ns = spec_find_namespace (spec, info->flag);
  char self[64];
  struct stat a, b;

  if (ns == NULL)
    return true;
  if (ns->path == NULL || *ns->path == '\0')
    return false;
  snprintf (self, sizeof self, "/proc/self/ns/%s", info->proc_ns);
  return stat (ns->path, &a) == 0 && stat (self, &b) == 0 && a.st_ino == b.st_ino
         && a.st_dev == b.st_dev;
}

static void
check_namespaces (struct ctx *c)
{
  const struct lc_policy *p = c->p;

  if (p->require_userns && spec_find_namespace (c->spec, CLONE_NEWUSER) == NULL)
    violation (c, "linux.namespaces: no user namespace (requireUserNamespace: add "
               "{\"type\": \"user\"} with uidMappings and gidMappings)");
  for (size_t i = 0; p->host_ns_rule && i < spec_ns_table_len; i++)
    {
      const struct spec_ns_info *info = &spec_ns_table[i];

      if (info->flag == CLONE_NEWNS || info->flag == CLONE_NEWTIME
          || ((unsigned) info->flag & p->allowed_host_ns)
          || (info->flag == CLONE_NEWUSER && p->require_userns) || !is_host_ns (c->spec, info))
        continue;
      violation (c, "linux.namespaces: the host's %s namespace is not allowed (add "
                 "{\"type\": \"%s\"})", info->name, info->name);
    }
}

/* ---- root, mounts ------------------------------------------------------------ */

static void
check_mounts (struct ctx *c)
{
  const struct lc_policy *p = c->p;

  if (p->require_readonly_root && !c->spec->root.readonly)
    violation (c, "root.readonly: must be true (readOnlyRootFilesystem; writable paths as "
               "tmpfs or volume mounts)");
  for (size_t i = 0; i < c->spec->n_mounts; i++)
    {
      const struct spec_mount *m = &c->spec->mounts[i];

      if (!is_bind (m))
        continue;
      if (p->allowed_host_paths && !path_listed (p->allowed_host_paths, m->source ? m->source : ""))
        {
          cleanup_free char *allowed = joined (p->allowed_host_paths);

          violation (c, "mounts[%zu].source: host path `%s` is not allowed (allowed: %s)", i,
                     m->source ? m->source : "", allowed);
        }
      for (size_t j = 0; p->required_mount_options && p->required_mount_options[j]; j++)
        if (!has_option (m, p->required_mount_options[j]))
          violation (c, "mounts[%zu].options: a bind of `%s` needs \"%s\" "
                     "(requiredMountOptions)", i, m->source ? m->source : "",
                     p->required_mount_options[j]);
    }
}

/* ---- linux: seccomp, masked paths, sysctls, devices, limits ------------------- */

static void
check_linux (struct ctx *c)
{
  const struct lc_policy *p = c->p;
  const struct spec_linux *l = c->spec->linux_config;
  const struct spec_resources *res = l ? l->resources : NULL;

  if (p->require_seccomp && (l == NULL || l->seccomp == NULL))
    violation (c, "linux.seccomp: none (requireSeccomp: a profile, e.g. moat spec's default)");
  else if (p->require_seccomp && l->seccomp->default_action
           && strcmp (l->seccomp->default_action, "SCMP_ACT_ALLOW") == 0)
    violation (c, "linux.seccomp.defaultAction: SCMP_ACT_ALLOW filters nothing by default "
               "(requireSeccomp: SCMP_ACT_ERRNO with an allow list)");
  if (p->require_masked_paths && (l == NULL || strv_len (l->masked_paths) == 0))
    violation (c, "linux.maskedPaths: none: /proc is unmasked (requireMaskedPaths: runc's "
               "default list, as moat spec writes it)");
  for (size_t i = 0; l && p->allowed_sysctls && i < l->n_sysctl; i++)
    if (!in_list (p->allowed_sysctls, l->sysctl[i].key))
      violation (c, "linux.sysctl.%s: not allowed (allowedSysctls)", l->sysctl[i].key);
  for (size_t i = 0; l && p->allowed_devices && i < l->n_devices; i++)
    if (!in_list (p->allowed_devices, l->devices[i].path))
      violation (c, "linux.devices[%zu]: %s is not allowed (allowedDevices)", i,
                 l->devices[i].path);
  if (p->require_memory_limit
      && !(res && res->memory && res->memory->limit.set && res->memory->limit.v > 0))
    violation (c, "linux.resources.memory.limit: none (requireLimits: memory)");
  if (p->require_pids_limit && !(res && res->pids && res->pids->limit.set
                                 && res->pids->limit.v > 0))
    violation (c, "linux.resources.pids.limit: none (requireLimits: pids)");
}

size_t
lc_policy_check_spec (const struct lc_policy *p, const struct spec *spec,
                      lc_policy_report_fn report, void *data)
{
  struct ctx c = { p, spec, report, data, 0 };

  if (p->forbid_privileged)
    check_privileged (&c);
  if (spec->process)
    check_process (&c, spec->process, "process");
  check_namespaces (&c);
  check_mounts (&c);
  check_linux (&c);
  return c.n;
}
