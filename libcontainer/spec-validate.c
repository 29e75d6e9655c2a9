/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Whole-config rules of the runtime-spec, checked before any side effect.
 *
 * The parser already enforced types, required keys and known names; what
 * is left are rules that join several fields (mappings need a user
 * namespace, a sysctl needs the namespace that owns it, ...).  Each error
 * is one line naming the JSON path, at the line:col the parser recorded
 * for it, or for its nearest recorded parent when the key is missing.
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "caps.h"
#include "mount-opts.h"
#include "selinux.h"
#include "spec.h"
#include "syscalls.h"
#include "utils.h"

struct vctx
{
  const char *file;
  const struct spec_pos_index *idx;
  const char *prefix; /* "process." or "" for a process.json */
  lc_error_t *err;
};

static const char *
path_fmt (char *buf, size_t size, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (buf, size, fmt, ap);
  va_end (ap);
  return buf;
}

/* A JSON path built in place: PATHF ("linux.namespaces[%zu]", i).  */
#define PATHF(...) path_fmt ((char[512]) { 0 }, 512, __VA_ARGS__)

/* Position of `path`, else of its nearest recorded ancestor.  */
static struct spec_pos
find_pos (const struct vctx *v, const char *path)
{
  char buf[512];
  struct spec_pos pos;

  snprintf (buf, sizeof (buf), "%s", path);
  for (;;)
    {
      char *dot, *bracket;

      pos = spec_pos_lookup (v->idx, buf);
      if (pos.line || buf[0] == '\0')
        return pos;
      dot = strrchr (buf, '.');
      bracket = strrchr (buf, '[');
      if (bracket > dot)
        dot = bracket;
      if (dot == NULL)
        dot = buf;
      *dot = '\0';
    }
}

__attribute__ ((format (printf, 3, 4))) /* HOST_NAME_MAX, and the same __NEW_UTS_LEN for setdomainname.  */
#define UTS_NAME_MAX 64

static int
verr (const struct vctx *v, const char *path, const char *fmt, ...)
{
  struct spec_pos pos = find_pos (v, path);
  char msg[512];
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (msg, sizeof (msg), fmt, ap);
  va_end (ap);
  if (pos.line)
    return lc_error (v->err, 0, "%s:%u:%u: %s: %s", v->file, pos.line, pos.col, path, msg);
  return lc_error (v->err, 0, "%s: %s: %s", v->file, path, msg);
}

/* Other helpers' checks may not exist yet (ENOSYS): skip them then.  When
   their message lacks the file position, `path` gives it.  */
static int
external_check (const struct vctx *v, const char *path, int ret)
{
  struct spec_pos pos;

  if (ret >= 0)
    return 0;
  if (*v->err && (*v->err)->status == ENOSYS)
    {
      lc_error_free (v->err);
      return 0;
    }
  pos = path ? find_pos (v, path) : (struct spec_pos) { 0, 0 };
  if (pos.line)
    return lc_error_wrap (v->err, "%s:%u:%u", v->file, pos.line, pos.col);
  return -1;
}

static bool
is_absolute (const char *p)
{
  return p && p[0] == '/';
}

/* ---- process ------------------------------------------------------------ */

static int
validate_env (const struct vctx *v, const struct spec_process *p)
{
  size_t i;

  /* runc refuses these when it starts the process; we refuse them before
     anything exists.  */
  for (i = 0; p->env && p->env[i]; i++)
    {
      const char *eq = strchr (p->env[i], '=');

      if (eq == NULL || eq == p->env[i])
        return verr (v, PATHF ("%senv[%zu]", v->prefix, i), "\"%s\" is not NAME=VALUE",
                     p->env[i]);
    }
  return 0;
}

static int
validate_rlimits (const struct vctx *v, const struct spec_process *p)
{
  size_t i, j;

  for (i = 0; i < p->n_rlimits; i++)
    {
      const struct spec_rlimit *r = &p->rlimits[i];

      if (r->soft > r->hard)
        return verr (v, PATHF ("%srlimits[%zu]", v->prefix, i),
                     "soft limit %llu is above the hard limit %llu",
                     (unsigned long long) r->soft, (unsigned long long) r->hard);
      for (j = 0; j < i; j++)
        if (p->rlimits[j].resource == r->resource)
          return verr (v, PATHF ("%srlimits[%zu]", v->prefix, i), "duplicate rlimit \"%s\"",
                       r->type);
    }
  return 0;
}

/* "0-3,7": comma separated CPU numbers and ranges.  */
static bool
cpu_list_ok (const char *s)
{
  if (s == NULL || *s == '\0')
    return true;
  for (;;)
    {
      char *end;
      unsigned long a, b;

      if (*s < '0' || *s > '9')
        return false;
      a = strtoul (s, &end, 10);
      b = a;
      if (*end == '-')
        {
          s = end + 1;
          if (*s < '0' || *s > '9')
            return false;
          b = strtoul (s, &end, 10);
        }
      if (b < a)
        return false;
      if (*end == '\0')
        return true;
      if (*end != ',')
        return false;
      s = end + 1;
    }
}

static int
validate_scheduler (const struct vctx *v, const struct spec_scheduler *s)
{
  bool rt = s->policy_value == 1 || s->policy_value == 2; /* FIFO, RR */
  bool deadline = s->policy_value == 6;

  if (s->nice.set && (s->nice.v < -20 || s->nice.v > 19))
    return verr (v, PATHF ("%sscheduler.nice", v->prefix), "%lld is out of range [-20, 19]",
                 (long long) s->nice.v);
  if (s->priority.set && s->priority.v != 0 && !rt)
    return verr (v, PATHF ("%sscheduler.priority", v->prefix),
                 "only SCHED_FIFO and SCHED_RR take a priority");
  if ((s->runtime.set || s->deadline.set || s->period.set) && !deadline)
    return verr (v, PATHF ("%sscheduler", v->prefix),
                 "runtime, deadline and period need SCHED_DEADLINE");
  if (deadline && s->runtime.set && s->deadline.set && s->runtime.v > s->deadline.v)
    return verr (v, PATHF ("%sscheduler.runtime", v->prefix), "runtime is above deadline");
  if (deadline && s->deadline.set && s->period.set && s->period.v
      && s->deadline.v > s->period.v)
    return verr (v, PATHF ("%sscheduler.deadline", v->prefix), "deadline is above period");
  return 0;
}

static int
validate_process_fields (const struct vctx *v, const struct spec_process *p)
{
  /* runc refuses an exec'd process without cwd too.  */
  if (p->n_args == 0)
    return verr (v, PATHF ("%sargs", v->prefix), "must not be empty");
  if (p->cwd == NULL)
    return verr (v, PATHF ("%scwd", v->prefix), "missing");
  if (!is_absolute (p->cwd))
    return verr (v, PATHF ("%scwd", v->prefix), "\"%s\" is not an absolute path", p->cwd);
  if (validate_env (v, p) < 0 || validate_rlimits (v, p) < 0)
    return -1;
  if (p->oom_score_adj.set && (p->oom_score_adj.v < -1000 || p->oom_score_adj.v > 1000))
    return verr (v, PATHF ("%soomScoreAdj", v->prefix), "%lld is out of range [-1000, 1000]",
                 (long long) p->oom_score_adj.v);
  if (p->io_priority && (p->io_priority->priority < 0 || p->io_priority->priority > 7))
    return verr (v, PATHF ("%sioPriority.priority", v->prefix),
                 "%d is out of range [0, 7]", p->io_priority->priority);
  if (p->scheduler && validate_scheduler (v, p->scheduler) < 0)
    return -1;
  if (p->exec_cpu_affinity && !cpu_list_ok (p->exec_cpu_affinity->initial))
    return verr (v, PATHF ("%sexecCPUAffinity.initial", v->prefix), "bad CPU list \"%s\"",
                 p->exec_cpu_affinity->initial);
  if (p->exec_cpu_affinity && !cpu_list_ok (p->exec_cpu_affinity->final))
    return verr (v, PATHF ("%sexecCPUAffinity.final", v->prefix), "bad CPU list \"%s\"",
                 p->exec_cpu_affinity->final);
  /* caps.c names the file and the JSON path itself.  */
  if (external_check (v, NULL, lc_caps_validate (p->capabilities, v->file, v->err)) < 0)
    return -1;
  if (p->selinux_label
      && external_check (v, PATHF ("%sselinuxLabel", v->prefix),
                         lc_selinux_validate_label (p->selinux_label,
                                                    PATHF ("%sselinuxLabel", v->prefix),
                                                    v->err)) < 0)
    return -1;
  return 0;
}

int
spec_validate_process (const struct spec_process *proc, const char *file, lc_error_t *err)
{
  struct vctx v = { .file = file ? file : "process.json", .idx = proc ? proc->positions : NULL,
                    .prefix = "", .err = err };

  if (proc == NULL)
    return lc_error (err, 0, "%s: no process", v.file);
  return validate_process_fields (&v, proc);
}

/* ---- namespaces and id mappings ----------------------------------------- */

static const struct spec_namespace *
find_ns (const struct spec_linux *l, int type)
{
  size_t i;

  for (i = 0; l && i < l->n_namespaces; i++)
    if (l->namespaces[i].type == type)
      return &l->namespaces[i];
  return NULL;
}

static bool
has_new_ns (const struct spec_linux *l, int type)
{
  const struct spec_namespace *ns = find_ns (l, type);

  return ns && ns->path == NULL;
}

static int
validate_namespaces (const struct vctx *v, const struct spec_linux *l)
{
  size_t i, j;

  for (i = 0; i < l->n_namespaces; i++)
    {
      const struct spec_namespace *ns = &l->namespaces[i];

      for (j = 0; j < i; j++)
        if (l->namespaces[j].type == ns->type)
          return verr (v, PATHF ("linux.namespaces[%zu]", i), "duplicate namespace \"%s\"",
                       ns->type_name);
      if (ns->path && !is_absolute (ns->path))
        return verr (v, PATHF ("linux.namespaces[%zu].path", i),
                     "\"%s\" is not an absolute path", ns->path);
    }
  return 0;
}

static bool
ranges_overlap (uint32_t a, uint32_t b, uint32_t size_a, uint32_t size_b)
{
  return (uint64_t) a < (uint64_t) b + size_b && (uint64_t) b < (uint64_t) a + size_a;
}

/* What the kernel would refuse when the map is written (after the
   namespace exists): refuse it now.  */
static int
validate_idmaps (const struct vctx *v, const char *path, const struct spec_idmap *m, size_t n)
{
  size_t i, j;

  if (n > 340)
    return verr (v, path, "%zu ranges, the kernel takes at most 340", n);
  for (i = 0; i < n; i++)
    {
      if (m[i].size == 0)
        return verr (v, PATHF ("%s[%zu].size", path, i), "must be greater than zero");
      if ((uint64_t) m[i].container_id + m[i].size - 1 > UINT32_MAX
          || (uint64_t) m[i].host_id + m[i].size - 1 > UINT32_MAX)
        return verr (v, PATHF ("%s[%zu]", path, i), "range goes past 4294967295");
      for (j = 0; j < i; j++)
        if (ranges_overlap (m[i].container_id, m[j].container_id, m[i].size, m[j].size)
            || ranges_overlap (m[i].host_id, m[j].host_id, m[i].size, m[j].size))
          return verr (v, PATHF ("%s[%zu]", path, i), "overlaps %s[%zu]", path, j);
    }
  return 0;
}

/* Mappings are written for a user namespace we create, so they need one;
   a joined user namespace already has its mappings (runc refuses both).  */
static int
validate_user_ns (const struct vctx *v, const struct spec_linux *l)
{
  const struct spec_namespace *user = find_ns (l, CLONE_NEWUSER);
  bool maps = l->n_uid_mappings || l->n_gid_mappings;
  const char *which = l->n_uid_mappings ? "linux.uidMappings" : "linux.gidMappings";

  if (validate_idmaps (v, "linux.uidMappings", l->uid_mappings, l->n_uid_mappings) < 0
      || validate_idmaps (v, "linux.gidMappings", l->gid_mappings, l->n_gid_mappings) < 0)
    return -1;
  if (maps && user == NULL)
    return verr (v, which, "needs a new user namespace in linux.namespaces");
  if (maps && user->path)
    return verr (v, which, "not allowed when joining the user namespace `%s`", user->path);
  if (user && user->path == NULL && l->n_uid_mappings == 0)
    return verr (v, "linux.uidMappings", "a new user namespace needs uid mappings");
  if (user && user->path == NULL && l->n_gid_mappings == 0)
    return verr (v, "linux.gidMappings", "a new user namespace needs gid mappings");
  return 0;
}

static int
validate_time_ns (const struct vctx *v, const struct spec_linux *l)
{
  const struct spec_time_offset *t[] = { &l->time_monotonic, &l->time_boottime };
  static const char *const names[] = { "monotonic", "boottime" };
  size_t i;

  for (i = 0; i < ARRAY_SIZE (t); i++)
    {
      if (!t[i]->set)
        continue;
      /* Offsets can only be written before the first process enters.  */
      if (!has_new_ns (l, CLONE_NEWTIME))
        return verr (v, "linux.timeOffsets", "needs a new time namespace in linux.namespaces");
      if (t[i]->nanosecs >= 1000000000)
        return verr (v, PATHF ("linux.timeOffsets.%s.nanosecs", names[i]),
                     "must be below 1000000000");
    }
  return 0;
}

/* ---- sysctl, hostname ---------------------------------------------------- */

/* A namespace joined by path may be the host's own ("/proc/1/ns/ipc"):
   writing a sysctl or the hostname there would change the host.  "Host"
   is the namespace moat runs in, as for runc.  A path that cannot be
   stat'ed is left to the join, which fails with its own error.  */
static bool
is_host_ns (const struct spec_namespace *ns)
{
  const struct spec_ns_info *info = spec_ns_by_flag (ns->type);
  struct stat joined, own;
  char self[64];

  if (ns->path == NULL || info == NULL)
    return false;
  snprintf (self, sizeof (self), "/proc/self/ns/%s", info->proc_ns);
  return stat (ns->path, &joined) == 0 && stat (self, &own) == 0 && joined.st_dev == own.st_dev
         && joined.st_ino == own.st_ino;
}

/* `what` (at `path`) needs a namespace of `type` that is not the host's.  */
static int
require_own_ns (const struct vctx *v, const struct spec_linux *l, int type, const char *path,
                const char *what)
{
  const struct spec_namespace *ns = find_ns (l, type);
  const char *name = spec_ns_by_flag (type)->name;
  const char *article = name[0] == 'i' ? "an" : "a"; /* an ipc, a uts */

  if (ns == NULL)
    return verr (v, path, "%s%sneeds %s %s namespace in linux.namespaces", what, *what ? " " : "",
                 article, name);
  if (is_host_ns (ns))
    return verr (v, path, "%s%snot allowed in `%s`, the host's %s namespace", what,
                 *what ? " is " : "", ns->path, name);
  return 0;
}

/* Only sysctls that live in a namespace of the container may be set: any
   other one would change the host.  */
static const struct sysctl_rule
{
  const char *name;
  bool prefix;
  int ns;
} sysctl_rules[] = {
  { "kernel.msg", true, CLONE_NEWIPC },
  { "kernel.sem", false, CLONE_NEWIPC },
  { "kernel.sem_next_id", false, CLONE_NEWIPC },
  { "kernel.shm", true, CLONE_NEWIPC },
  { "fs.mqueue.", true, CLONE_NEWIPC },
  { "net.", true, CLONE_NEWNET },
  { "kernel.hostname", false, CLONE_NEWUTS },
  { "kernel.domainname", false, CLONE_NEWUTS },
};

static const struct sysctl_rule *
sysctl_rule_for (const char *key)
{
  size_t i;

  for (i = 0; i < ARRAY_SIZE (sysctl_rules); i++)
    {
      const struct sysctl_rule *r = &sysctl_rules[i];

      if (r->prefix ? strncmp (key, r->name, strlen (r->name)) == 0 : strcmp (key, r->name) == 0)
        return r;
    }
  return NULL;
}

/* "net.ipv4.ip_forward" or "net/ipv4/ip_forward"; no empty component, so
   no "..": the key becomes a path under /proc/sys.  */
static bool
sysctl_name_ok (const char *key)
{
  const char *p;
  char prev = '.';

  if (*key == '\0')
    return false;
  for (p = key; *p; p++)
    {
      if ((*p == '.' || *p == '/') && (prev == '.' || prev == '/'))
        return false;
      prev = *p;
    }
  return prev != '.' && prev != '/';
}

static int
validate_sysctl (const struct vctx *v, const struct spec *spec, const struct spec_linux *l)
{
  size_t i;

  for (i = 0; i < l->n_sysctl; i++)
    {
      const char *key = l->sysctl[i].key;
      const char *path = PATHF ("linux.sysctl.%s", key);
      cleanup_free char *dotted = xstrdup (key);
      const struct sysctl_rule *r;
      char *p;

      if (!sysctl_name_ok (key))
        return verr (v, path, "invalid sysctl name \"%s\"", key);
      for (p = dotted; *p; p++)
        if (*p == '/')
          *p = '.';
      r = sysctl_rule_for (dotted);
      if (r == NULL)
        return verr (v, path, "sysctl \"%s\" is not namespaced: it would change the host", key);
      if (require_own_ns (v, l, r->ns, path, PATHF ("sysctl \"%s\"", key)) < 0)
        return -1;
      if ((strcmp (dotted, "kernel.hostname") == 0 && spec->hostname)
          || (strcmp (dotted, "kernel.domainname") == 0 && spec->domainname))
        return verr (v, path, "conflicts with the %s field",
                     spec->hostname && dotted[7] == 'h' ? "hostname" : "domainname");
    }
  return 0;
}

/* ---- devices, mounts, paths --------------------------------------------- */

/* fileMode is the permission bits; podman (--device, --privileged) writes
   the host node's whole st_mode, type included (8630 = 020666), which runc
   and crun take.  The type bits, when there, must agree with "type": the
   node made is always the declared type (runc would OR the two).  */
static int
validate_file_mode (const struct vctx *v, const struct spec_device *d, size_t i)
{
  unsigned long long mode = d->file_mode.v;
  unsigned long long want = d->type[0] == 'b' ? S_IFBLK : d->type[0] == 'p' ? S_IFIFO : S_IFCHR;

  if (mode & ~(unsigned long long) (S_IFMT | 07777))
    return verr (v, PATHF ("linux.devices[%zu].fileMode", i),
                 "0%llo has bits beyond 07777 and the file type", mode);
  if ((mode & S_IFMT) != 0 && (mode & S_IFMT) != want)
    return verr (v, PATHF ("linux.devices[%zu].fileMode", i),
                 "0%llo: the file type bits are not a \"%s\" device's", mode,
                 d->type);
  return 0;
}

static int
validate_devices (const struct vctx *v, const struct spec_linux *l)
{
  size_t i;

  for (i = 0; i < l->n_devices; i++)
    {
      const struct spec_device *d = &l->devices[i];
      bool needs_numbers = strcmp (d->type, "p") != 0;

      if (strcmp (d->type, "c") && strcmp (d->type, "b") && strcmp (d->type, "u")
          && strcmp (d->type, "p"))
        return verr (v, PATHF ("linux.devices[%zu].type", i),
                     "unknown device type \"%s\" (want c, b, u or p)", d->type);
      if (!is_absolute (d->path))
        return verr (v, PATHF ("linux.devices[%zu].path", i), "\"%s\" is not an absolute path",
                     d->path);
      if (needs_numbers
          && (spec_pos_lookup (v->idx, PATHF ("linux.devices[%zu].major", i)).line == 0
              || spec_pos_lookup (v->idx, PATHF ("linux.devices[%zu].minor", i)).line == 0))
        return verr (v, PATHF ("linux.devices[%zu]", i),
                     "a \"%s\" device needs major and minor", d->type);
      if (d->file_mode.set && validate_file_mode (v, d, i) < 0)
        return -1;
    }
  return 0;
}

static int
validate_device_rules (const struct vctx *v, const struct spec_resources *r)
{
  size_t i;

  for (i = 0; r && i < r->n_devices; i++)
    {
      const struct spec_device_rule *d = &r->devices[i];

      if (d->type && strcmp (d->type, "a") && strcmp (d->type, "c") && strcmp (d->type, "b"))
        return verr (v, PATHF ("linux.resources.devices[%zu].type", i),
                     "unknown device type \"%s\" (want a, c or b)", d->type);
      /* runc's forms: letters in any order, repeated.  "" is refused as
         runc does (a rule that matches nothing: a deny-all so written
         would deny nothing); absent is "rwm", the field being optional.
         A letter other than r, w, m is refused where runc drops it: a
         deny of "a" (meant as "all") would deny nothing.  */
      if (d->access && d->access[0] == '\0')
        return verr (v, PATHF ("linux.resources.devices[%zu].access", i),
                     "must not be empty (r, w and m, or leave it out for all three)");
      if (d->access && d->access[strspn (d->access, "rwm")] != '\0')
        return verr (v, PATHF ("linux.resources.devices[%zu].access", i),
                     "\"%s\" is not a combination of r, w and m", d->access);
    }
  return 0;
}

/* An unknown option is found here, before anything is mounted; the
   option table is mount-opts.c's.  */
static int
validate_mount_options (const struct vctx *v, const struct spec_mount *m, size_t i)
{
  struct lc_mount_opts opts = { 0 };
  int ret;

  ret = lc_mount_opts_parse (m->options, PATHF ("mounts[%zu]", i), &opts, v->err);
  lc_mount_opts_clear (&opts);
  return external_check (v, PATHF ("mounts[%zu].options", i), ret);
}

static int
validate_mounts (const struct vctx *v, const struct spec *spec)
{
  size_t i;

  for (i = 0; i < spec->n_mounts; i++)
    {
      const struct spec_mount *m = &spec->mounts[i];

      /* A relative destination is relative to "/" (runtime-spec 1.2).  */
      if (m->destination[0] == '\0')
        return verr (v, PATHF ("mounts[%zu].destination", i), "must not be empty");
      if ((m->n_uid_mappings == 0) != (m->n_gid_mappings == 0))
        return verr (v, PATHF ("mounts[%zu]", i),
                     "uidMappings and gidMappings go together (an idmapped mount needs both)");
      if (validate_idmaps (v, PATHF ("mounts[%zu].uidMappings", i), m->uid_mappings,
                           m->n_uid_mappings) < 0
          || validate_idmaps (v, PATHF ("mounts[%zu].gidMappings", i), m->gid_mappings,
                              m->n_gid_mappings) < 0)
        return -1;
      if (m->options && validate_mount_options (v, m, i) < 0)
        return -1;
    }
  return 0;
}

static int
validate_path_list (const struct vctx *v, const char *what, char **paths)
{
  size_t i;

  for (i = 0; paths && paths[i]; i++)
    if (!is_absolute (paths[i]))
      return verr (v, PATHF ("%s[%zu]", what, i), "\"%s\" is not an absolute path", paths[i]);
  return 0;
}

/* Relative to the cgroup root (or systemd's "slice:prefix:name"); ".."
   would climb out of it.  */
static int
validate_cgroups_path (const struct vctx *v, const char *path)
{
  const char *p = path;

  while (p && *p)
    {
      size_t n = strcspn (p, "/:");

      if (n == 2 && p[0] == '.' && p[1] == '.')
        return verr (v, "linux.cgroupsPath", "\"%s\" has a \"..\" component", path);
      p += n;
      if (*p)
        p++;
    }
  return 0;
}

static int
validate_hooks (const struct vctx *v, const struct spec *spec)
{
  static const char *const names[SPEC_HOOK_KIND_MAX] = {
    "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
  };
  size_t k, i;

  for (k = 0; k < SPEC_HOOK_KIND_MAX; k++)
    for (i = 0; i < spec->hooks[k].n; i++)
      {
        const struct spec_hook *h = &spec->hooks[k].hooks[i];

        if (!is_absolute (h->path))
          return verr (v, PATHF ("hooks.%s[%zu].path", names[k], i),
                       "\"%s\" is not an absolute path", h->path);
        if (h->timeout.set && h->timeout.v <= 0)
          return verr (v, PATHF ("hooks.%s[%zu].timeout", names[k], i),
                       "must be greater than zero");
      }
  return 0;
}

/* ---- whole config -------------------------------------------------------- */

static int
validate_linux (const struct vctx *v, const struct spec *spec, const struct spec_linux *l)
{
  if (validate_namespaces (v, l) < 0 || validate_user_ns (v, l) < 0
      || validate_time_ns (v, l) < 0 || validate_sysctl (v, spec, l) < 0
      || validate_devices (v, l) < 0 || validate_device_rules (v, l->resources) < 0
      || validate_path_list (v, "linux.maskedPaths", l->masked_paths) < 0
      || validate_path_list (v, "linux.readonlyPaths", l->readonly_paths) < 0
      || validate_cgroups_path (v, l->cgroups_path) < 0)
    return -1;
  /* Set-up mounts the rootfs, /dev, /proc... in the container's mount
     namespace: moat's own would put them on the host.  */
  {
    const struct spec_namespace *mnt = find_ns (l, CLONE_NEWNS);
    if (mnt && is_host_ns (mnt))
      return verr (v, "linux.namespaces", "the mount namespace `%s` is moat's own: the "
                   "container's mounts would land on the host", mnt->path);
  }
  if (l->has_intel_rdt)
    return verr (v, "linux.intelRdt", "not supported");
  if (l->seccomp && (l->seccomp->default_action == NULL || l->seccomp->default_action[0] == '\0'))
    return verr (v, "linux.seccomp.defaultAction", "missing");
  if (l->mount_label
      && external_check (v, "linux.mountLabel",
                         lc_selinux_validate_label (l->mount_label, "linux.mountLabel", v->err))
           < 0)
    return -1;
  return 0;
}

static int
validate_top (const struct vctx *v, const struct spec *spec)
{
  const struct spec_linux *l = spec->linux_config;
  size_t i;

  for (i = 0; i < spec->n_annotations; i++)
    if (spec->annotations[i].key[0] == '\0')
      return verr (v, "annotations", "a key must not be empty");

  if (spec->oci_version == NULL)
    return verr (v, "ociVersion", "missing");
  if (strncmp (spec->oci_version, "1.", 2) != 0)
    return verr (v, "ociVersion", "unsupported version \"%s\" (want 1.x)", spec->oci_version);
  if (spec->root.path == NULL || spec->root.path[0] == '\0')
    return verr (v, "root.path", "missing");
  if (spec->process == NULL)
    return verr (v, "process", "missing");
  if (spec->hostname && spec->hostname[0]
      && require_own_ns (v, l, CLONE_NEWUTS, "hostname", "") < 0)
    return -1;
  if (spec->domainname && spec->domainname[0]
      && require_own_ns (v, l, CLONE_NEWUTS, "domainname", "") < 0)
    return -1;
  /* The kernel's limit (__NEW_UTS_LEN): found here, not as sethostname's
     bare EINVAL after the clone.  */
  if (spec->hostname && strlen (spec->hostname) > UTS_NAME_MAX)
    return verr (v, "hostname", "%zu bytes, longer than the kernel's %d",
                 strlen (spec->hostname), UTS_NAME_MAX);
  if (spec->domainname && strlen (spec->domainname) > UTS_NAME_MAX)
    return verr (v, "domainname", "%zu bytes, longer than the kernel's %d",
                 strlen (spec->domainname), UTS_NAME_MAX);
  return 0;
}

int
spec_validate (const struct spec *spec, const char *file, lc_error_t *err)
{
  struct vctx v = { .file = file ? file : "config.json", .idx = spec->positions,
                    .prefix = "process.", .err = err };

  if (validate_top (&v, spec) < 0 || validate_process_fields (&v, spec->process) < 0
      || validate_mounts (&v, spec) < 0 || validate_hooks (&v, spec) < 0)
    return -1;
  if (spec->linux_config && validate_linux (&v, spec, spec->linux_config) < 0)
    return -1;
  return 0;
}
