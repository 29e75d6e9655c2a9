/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The admission policy: loading (a built-in profile, or a JSON file that
   may extend one) and the CLI's configured policy.  The rules themselves
   are policy-rules.c.  A policy file is parsed as strictly as config.json:
   an unknown rule or a value of the wrong type is an error with its
   line:col, never a rule silently not applied.  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "log.h"
#include "policy.h"
#include "utils.h"

/* The Pod Security Standards' levels (docs/policy.md cites each control). */
static const char profile_baseline[]
  = "{\"privileged\": false,"
    " \"allowedCapabilities\": [\"CAP_AUDIT_WRITE\", \"CAP_CHOWN\", \"CAP_DAC_OVERRIDE\","
    "  \"CAP_FOWNER\", \"CAP_FSETID\", \"CAP_KILL\", \"CAP_MKNOD\", \"CAP_NET_BIND_SERVICE\","
    "  \"CAP_NET_RAW\","
    "  \"CAP_SETFCAP\", \"CAP_SETGID\", \"CAP_SETPCAP\", \"CAP_SETUID\", \"CAP_SYS_CHROOT\"],"
    " \"allowedHostNamespaces\": [\"user\", \"cgroup\", \"uts\"],"
    " \"seLinux\": {\"types\": [\"container_t\", \"container_init_t\", \"container_kvm_t\","
    "  \"container_engine_t\"]},"
    " \"forbidUnconfinedAppArmor\": true,"
    " \"requireMaskedPaths\": true,"
    " \"allowedSysctls\": [\"kernel.shm_rmid_forced\", \"net.ipv4.ip_local_port_range\","
    "  \"net.ipv4.ip_unprivileged_port_start\", \"net.ipv4.tcp_syncookies\","
    "  \"net.ipv4.ping_group_range\", \"net.ipv4.ip_local_reserved_ports\","
    "  \"net.ipv4.tcp_keepalive_time\", \"net.ipv4.tcp_fin_timeout\","
    "  \"net.ipv4.tcp_keepalive_intvl\", \"net.ipv4.tcp_keepalive_probes\"],"
    " \"allowedDevices\": []}";

static const char profile_restricted[]
  = "{\"extends\": \"baseline\","
    " \"allowedCapabilities\": [\"CAP_NET_BIND_SERVICE\"],"
    " \"requireNoNewPrivileges\": true,"
    " \"runAsNonRoot\": true,"
    " \"requireSeccomp\": true}";

static const struct
{
  const char *name;
  const char *json;
} profiles[] = {
  { "privileged", "{}" },
  { "baseline", profile_baseline },
  { "restricted", profile_restricted },
};

static int load_text (const char *file, const char *text, size_t len,
                      struct lc_policy *p, int depth, lc_error_t *err);

static const char *
profile_text (const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE (profiles); i++)
    if (strcmp (profiles[i].name, name) == 0)
      return profiles[i].json;
  return NULL;
}

/* ---- values ---------------------------------------------------------------- */

#define BAD(n, what)                                                                     \
  lc_error (err, 0, "%s:%u:%u: %s: %s", file, (n)->line, (n)->col, key, what)

static int
get_bool (const char *file, const char *key, const struct json_node *n, bool *out,
          lc_error_t *err)
{
  if (n->type != JSON_BOOL)
    return BAD (n, "must be true or false");
  *out = n->u.b;
  return 0;
}

static int
get_strv (const char *file, const char *key, const struct json_node *n, char ***out,
          lc_error_t *err)
{
  char **v;

  if (n->type != JSON_ARRAY)
    return BAD (n, "must be an array of strings");
  v = xzalloc ((n->u.arr.n + 1) * sizeof *v);
  for (size_t i = 0; i < n->u.arr.n; i++)
    {
      if (n->u.arr.items[i]->type != JSON_STRING)
        {
          strv_free (v);
          return BAD (n->u.arr.items[i], "must be a string");
        }
      v[i] = xstrdup (n->u.arr.items[i]->u.str.s);
    }
  strv_free (*out);
  *out = v;
  return 0;
}

static int
get_range (const char *file, const char *key, const struct json_node *n,
           struct lc_range *out, lc_error_t *err)
{
  const struct json_node *min = json_get (n, "min"), *max = json_get (n, "max");

  if (n->type != JSON_OBJECT || min == NULL || max == NULL || !json_to_uint64 (min, &out->min)
      || !json_to_uint64 (max, &out->max) || out->min > out->max || n->u.obj.n != 2)
    return BAD (n, "must be {\"min\": N, \"max\": M} with N <= M");
  out->set = true;
  return 0;
}

static int
get_rlimits (const char *file, const char *key, const struct json_node *n,
             struct lc_policy *p, lc_error_t *err)
{
  if (n->type != JSON_OBJECT)
    return BAD (n, "must be an object {\"RLIMIT_NAME\": ceiling}");
  for (size_t i = 0; i < n->u.obj.n; i++)
    {
      uint64_t v;

      if (strncmp (n->u.obj.keys[i]->u.str.s, "RLIMIT_", 7) != 0
          || !json_to_uint64 (n->u.obj.values[i], &v))
        return BAD (n->u.obj.keys[i], "each key an RLIMIT_ name, each value a number");
      p->rlimits = xreallocarray (p->rlimits, p->n_rlimits + 1, sizeof *p->rlimits);
      p->rlimits[p->n_rlimits].name = xstrdup (n->u.obj.keys[i]->u.str.s);
      p->rlimits[p->n_rlimits++].max = v;
    }
  return 0;
}

static int
get_host_ns (const char *file, const char *key, const struct json_node *n,
             struct lc_policy *p, lc_error_t *err)
{
  cleanup_strv char **names = NULL;

  if (get_strv (file, key, n, &names, err) < 0)
    return -1;
  p->host_ns_rule = true;
  p->allowed_host_ns = 0;
  for (size_t i = 0; names[i]; i++)
    {
      const struct spec_ns_info *ns = spec_ns_by_name (names[i]);

      if (ns == NULL)
        return BAD (n->u.arr.items[i], "unknown namespace type");
      p->allowed_host_ns |= (unsigned) ns->flag;
    }
  return 0;
}

static int
get_selinux (const char *file, const char *key, const struct json_node *n,
             struct lc_policy *p, lc_error_t *err)
{
  if (n->type != JSON_OBJECT)
    return BAD (n, "must be an object {\"types\", \"requireLabel\", \"requireLevel\"}");
  for (size_t i = 0; i < n->u.obj.n; i++)
    {
      const char *k = n->u.obj.keys[i]->u.str.s;
      const struct json_node *v = n->u.obj.values[i];
      int r;

      if (strcmp (k, "types") == 0)
        r = get_strv (file, "seLinux.types", v, &p->selinux_types, err);
      else if (strcmp (k, "requireLabel") == 0)
        r = get_bool (file, "seLinux.requireLabel", v, &p->require_selinux_label, err);
      else if (strcmp (k, "requireLevel") == 0)
        r = get_bool (file, "seLinux.requireLevel", v, &p->require_selinux_level, err);
      else
        r = BAD (n->u.obj.keys[i], "unknown key (types, requireLabel, requireLevel)");
      if (r < 0)
        return -1;
    }
  return 0;
}

static int
get_limits (const char *file, const char *key, const struct json_node *n,
            struct lc_policy *p, lc_error_t *err)
{
  cleanup_strv char **names = NULL;

  if (get_strv (file, key, n, &names, err) < 0)
    return -1;
  for (size_t i = 0; names[i]; i++)
    if (strcmp (names[i], "memory") == 0)
      p->require_memory_limit = true;
    else if (strcmp (names[i], "pids") == 0)
      p->require_pids_limit = true;
    else
      return BAD (n->u.arr.items[i], "must be \"memory\" or \"pids\"");
  return 0;
}

/* One rule of the file into p.  */
static int
set_rule (const char *file, const char *key, const struct json_node *n, struct lc_policy *p,
          lc_error_t *err)
{
  const struct
  {
    const char *key;
    bool *flag;
    char ***strv;
    struct lc_range *range;
  } simple[] = {
    { "privileged", NULL, NULL, NULL },
    { "requireUserNamespace", &p->require_userns, NULL, NULL },
    { "runAsNonRoot", &p->run_as_non_root, NULL, NULL },
    { "readOnlyRootFilesystem", &p->require_readonly_root, NULL, NULL },
    { "requireSeccomp", &p->require_seccomp, NULL, NULL },
    { "requireNoNewPrivileges", &p->require_nnp, NULL, NULL },
    { "forbidUnconfinedAppArmor", &p->forbid_unconfined_apparmor, NULL, NULL },
    { "requireMaskedPaths", &p->require_masked_paths, NULL, NULL },
    { "allowedCapabilities", NULL, &p->allowed_caps, NULL },
    { "requiredDropCapabilities", NULL, &p->required_drop_caps, NULL },
    { "allowedHostPaths", NULL, &p->allowed_host_paths, NULL },
    { "requiredMountOptions", NULL, &p->required_mount_options, NULL },
    { "allowedSysctls", NULL, &p->allowed_sysctls, NULL },
    { "allowedDevices", NULL, &p->allowed_devices, NULL },
    { "runAsUser", NULL, NULL, &p->uid },
    { "runAsGroup", NULL, NULL, &p->gid },
  };

  if (strcmp (key, "privileged") == 0)
    {
      bool allowed = true;

      if (get_bool (file, key, n, &allowed, err) < 0)
        return -1;
      p->forbid_privileged = !allowed;
      return 0;
    }
  for (size_t i = 1; i < ARRAY_SIZE (simple); i++)
    if (strcmp (key, simple[i].key) == 0)
      return simple[i].flag ? get_bool (file, key, n, simple[i].flag, err)
             : simple[i].strv ? get_strv (file, key, n, simple[i].strv, err)
                              : get_range (file, key, n, simple[i].range, err);
  if (strcmp (key, "allowedHostNamespaces") == 0)
    return get_host_ns (file, key, n, p, err);
  if (strcmp (key, "seLinux") == 0)
    return get_selinux (file, key, n, p, err);
  if (strcmp (key, "rlimits") == 0)
    return get_rlimits (file, key, n, p, err);
  if (strcmp (key, "requireLimits") == 0)
    return get_limits (file, key, n, p, err);
  return BAD (n, "unknown rule (docs/policy.md lists them)");
}

/* "extends" first, whatever its place in the file: the file's own rules
   override the profile's.  */
static int
load_extends (const char *file, const struct json_node *root, struct lc_policy *p, int depth,
              lc_error_t *err)
{
  const struct json_node *ext = json_get (root, "extends");
  const char *key = "extends";
  const char *text;

  if (ext == NULL)
    return 0;
  if (ext->type != JSON_STRING || (text = profile_text (ext->u.str.s)) == NULL)
    return BAD (ext, "must name a built-in profile: privileged, baseline or restricted");
  return load_text (ext->u.str.s, text, strlen (text), p, depth + 1, err);
}

static int
load_text (const char *file, const char *text, size_t len,
           struct lc_policy *p, int depth, lc_error_t *err)
{
  cleanup_json_doc struct json_doc *doc = NULL;
  const struct json_node *root;

  if (depth > 4)
    return lc_error (err, 0, "%s: \"extends\" nests too deep", file);
  if (json_parse (file, text, len, &doc, err) < 0)
    return -1;
  root = json_doc_root (doc);
  if (root->type != JSON_OBJECT)
    return lc_error (err, 0, "%s: a policy is a JSON object", file);
  if (load_extends (file, root, p, depth, err) < 0)
    return -1;
  for (size_t i = 0; i < root->u.obj.n; i++)
    if (strcmp (root->u.obj.keys[i]->u.str.s, "extends") != 0
        && set_rule (file, root->u.obj.keys[i]->u.str.s, root->u.obj.values[i], p, err) < 0)
      return -1;
  return 0;
}

int
lc_policy_load (const char *name_or_path, struct lc_policy **out, lc_error_t *err)
{
  struct lc_policy *p = xzalloc (sizeof *p);
  const char *text = profile_text (name_or_path);
  cleanup_free char *buf = NULL;
  size_t len;
  int r;

  p->name = xstrdup (name_or_path);
  if (text)
    r = load_text (name_or_path, text, strlen (text), p, 0, err);
  else if (strchr (name_or_path, '/') == NULL && access (name_or_path, F_OK) < 0)
    r = lc_error (err, 0, "--policy: `%s` is neither a profile (privileged, baseline, "
                  "restricted) nor a file", name_or_path);
  else if (read_regular_file_at (AT_FDCWD, name_or_path, &buf, &len, err) < 0)
    r = lc_error_wrap (err, "policy");
  else
    r = load_text (name_or_path, buf, len, p, 0, err);
  if (r < 0)
    {
      lc_policy_free (p);
      return -1;
    }
  *out = p;
  return 0;
}

void
lc_policy_free (struct lc_policy *p)
{
  if (p == NULL)
    return;
  free (p->name);
  strv_free (p->allowed_caps);
  strv_free (p->required_drop_caps);
  strv_free (p->allowed_host_paths);
  strv_free (p->required_mount_options);
  strv_free (p->selinux_types);
  strv_free (p->allowed_sysctls);
  strv_free (p->allowed_devices);
  for (size_t i = 0; i < p->n_rlimits; i++)
    free (p->rlimits[i].name);
  free (p->rlimits);
  free (p);
}

/* ---- the configured policy --------------------------------------------------- */

static struct
{
  const char *name; /* --policy, or NULL: LC_POLICY_SYSTEM_FILE if present */
  bool warn_only;
} configured;

void
lc_policy_configure (const char *name_or_path, bool warn_only)
{
  configured.name = name_or_path;
  configured.warn_only = warn_only;
}

struct report
{
  const char *name;
  bool warn;
  char *all; /* the first lines joined by "; ", for the error clients show */
  size_t n;
};

/* What the error carries (a client may read a runtime's error through a
   bounded buffer: conmon's): the first few rules, then a count.  */
#define ERROR_RULES 3

static void
log_violation (const char *line, void *data)
{
  struct report *r = data;
  char *all;

  lc_log (r->warn ? LC_LOG_WARNING : LC_LOG_ERROR, "policy %s: %s", r->name, line);
  if (r->n++ >= ERROR_RULES)
    return;
  xasprintf (&all, "%s%s%s", r->all ? r->all : "", r->all ? "; " : "", line);
  free (r->all);
  r->all = all;
}

int
lc_policy_enforce (const struct spec *spec, const struct spec_process *proc, lc_error_t *err)
{
  const char *name = configured.name;
  struct lc_policy *p = NULL;
  struct report r = { NULL, false, NULL, 0 };
  cleanup_free char *all = NULL;
  size_t n;

  if (name == NULL && access (LC_POLICY_SYSTEM_FILE, F_OK) == 0)
    name = LC_POLICY_SYSTEM_FILE;
  if (name == NULL || *name == '\0')
    return 0;
  if (lc_policy_load (name, &p, err) < 0)
    return -1;
  r.name = p->name;
  r.warn = configured.warn_only;
  n = proc ? lc_policy_check_process (p, spec, proc, "process", log_violation, &r)
           : lc_policy_check_spec (p, spec, log_violation, &r);
  lc_policy_free (p);
  all = r.all;
  if (n == 0 || configured.warn_only)
    return 0;
  /* Engines show their runtime's last error only: it carries every rule.  */
  return lc_error (err, 0, "policy %s: %zu rule%s violated: refused: %s%s", name, n,
                   n == 1 ? "" : "s", all, n > ERROR_RULES ? "; ..." : "");
}
