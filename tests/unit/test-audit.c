/* SPDX-License-Identifier: GPL-2.0-or-later */
/* moat audit's pure logic: the weights and the score, and the config
   checks on small configs (audit.bats runs the whole command).  */
#include "config.h"
#include <stdlib.h>
#include <string.h>

#include "audit-internal.h"
#include "tap.h"
#include "utils.h"

static void
test_score (void)
{
  struct lc_audit_report *r = xzalloc (sizeof *r);
  unsigned sum = 0;

  for (int l = 0; l < LC_AUDIT_LAYER_MAX; l++)
    sum += lc_audit_layer_weight (l);
  ok (sum == 100, "the weights add up to 100 (%u)", sum);
  audit_finish (r);
  ok (r->score == 100, "no finding: 100 (%d)", r->score);
  audit_add (r, LC_AUDIT_SECCOMP, LC_AUDIT_WEAK, "linux.seccomp", "weak");
  audit_finish (r);
  ok (r->score == 93, "seccomp weak: half of 15 lost, rounded half up: 93 (%d)", r->score);
  audit_add (r, LC_AUDIT_CAPABILITIES, LC_AUDIT_OK, "process.capabilities", "fine");
  audit_add (r, LC_AUDIT_CAPABILITIES, LC_AUDIT_MISSING, "process.capabilities", "bad");
  audit_add (r, LC_AUDIT_NAMESPACES, LC_AUDIT_OK, "linux.namespaces", "first by layer");
  audit_finish (r);
  ok (r->score == 78, "and capabilities missing (the worst finding counts): 78 (%d)", r->score);
  ok (r->findings[0].layer == LC_AUDIT_NAMESPACES && r->findings[1].status == LC_AUDIT_OK
        && r->findings[2].status == LC_AUDIT_MISSING && r->findings[3].layer == LC_AUDIT_SECCOMP,
      "findings sorted by layer, in the order added within one");
  lc_audit_free (r);
}

/* The host's audit subsystem is no part of the container: its layer
   weighs nothing, and a bundle's report (no finding there) leaves it out
   of the JSON.  */
static void
test_audit_layer (void)
{
  struct lc_audit_report *r = xzalloc (sizeof *r);
  cleanup_free char *json = NULL, *json2 = NULL;
  lc_error_t e = NULL;
  size_t len;

  ok (strcmp (lc_audit_layer_name (LC_AUDIT_AUDIT), "audit") == 0
        && lc_audit_layer_weight (LC_AUDIT_AUDIT) == 0, "the audit layer: \"audit\", weight 0");
  r->bundle = xstrdup ("/b");
  audit_add (r, LC_AUDIT_DEVICES, LC_AUDIT_OK, "linux.devices", "none");
  audit_finish (r);
  ok (lc_audit_to_json (r, &json, &len, &e) == 0 && strstr (json, "\"devices\"")
        && strstr (json, "\"audit\"") == NULL, "no audit finding: no audit layer in the JSON");
  audit_add (r, LC_AUDIT_AUDIT, LC_AUDIT_MISSING, "netlink:AUDIT_GET", "disabled");
  audit_finish (r);
  ok (r->score == 100, "a missing audit finding costs nothing: 100 (%d)", r->score);
  ok (lc_audit_to_json (r, &json2, &len, &e) == 0 && strstr (json2, "\"layer\": \"audit\""),
      "an audit finding: the layer is in the JSON");
  lc_error_free (&e);
  lc_audit_free (r);
}

/* The finding of `layer` at `path` after auditing `json`, as
   "status: message; fix" (static buffer), or "(none)".  */
static const char *
audit_of (const char *json, enum lc_audit_layer layer, const char *path)
{
  static char out[1024];
  struct lc_audit_report *r = xzalloc (sizeof *r);
  struct spec *spec = NULL;
  lc_error_t e = NULL;

  snprintf (out, sizeof out, "(none)");
  if (spec_parse ("config.json", json, strlen (json), &spec, &e) < 0)
    {
      snprintf (out, sizeof out, "parse: %s", e->msg);
      lc_error_free (&e);
      lc_audit_free (r);
      return out;
    }
  audit_config_checks (spec, r);
  for (size_t i = 0; i < r->n_findings; i++)
    if (r->findings[i].layer == layer && strcmp (r->findings[i].path, path) == 0)
      snprintf (out, sizeof out, "%s: %s; %s", lc_audit_status_name (r->findings[i].status),
                r->findings[i].message, r->findings[i].fix ? r->findings[i].fix : "-");
  spec_free (spec);
  lc_audit_free (r);
  return out;
}

static void
expect (const char *json, enum lc_audit_layer layer, const char *path, const char *prefix)
{
  const char *got = audit_of (json, layer, path);

  ok (strncmp (got, prefix, strlen (prefix)) == 0, "%s %s: %s", lc_audit_layer_name (layer),
      path, got);
}

static void
test_config_checks (void)
{
  expect ("{\"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"selinuxLabel\": "
          "\"system_u:system_r:container_t:s0:c1,c2\"}}",
          LC_AUDIT_SELINUX, "process.selinuxLabel", "ok: system_u:system_r:container_t:s0:c1,c2");
  expect ("{\"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"selinuxLabel\": "
          "\"system_u:system_r:container_t:s0\"}}",
          LC_AUDIT_SELINUX, "process.selinuxLabel", "weak: system_u:system_r:container_t:s0: a "
          "level without MCS categories");
  expect ("{\"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"selinuxLabel\": "
          "\"system_u:system_r:container_t\"}}",
          LC_AUDIT_SELINUX, "process.selinuxLabel", "weak: system_u:system_r:container_t: no MCS");
  expect ("{\"linux\": {\"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}, "
          "{\"allow\": true, \"access\": \"rwm\"}]}}}",
          LC_AUDIT_DEVICES, "linux.resources.devices[1]", "missing: allows \"a *:* rwm\"");
  expect ("{\"linux\": {\"resources\": {\"devices\": [{\"allow\": true, \"type\": \"c\", "
          "\"major\": 1, \"minor\": 3, \"access\": \"rwm\"}]}}}",
          LC_AUDIT_DEVICES, "linux.resources.devices", "ok: every device denied");
  expect ("{\"linux\": {\"namespaces\": [{\"type\": \"user\"}], \"uidMappings\": [{\"containerID\": "
          "0, \"hostID\": 0, \"size\": 65536}]}}",
          LC_AUDIT_USER, "linux.uidMappings[0].hostID", "missing: the user namespace maps uid 0");
  expect ("{\"linux\": {\"namespaces\": [{\"type\": \"user\"}], \"uidMappings\": [{\"containerID\": "
          "0, \"hostID\": 100000, \"size\": 65536}]}}",
          LC_AUDIT_USER, "linux.uidMappings[0].hostID", "ok: user namespace: uid 0 is host uid "
          "100000");
  expect ("{\"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"user\": {\"uid\": 1000, \"gid\": "
          "1000}}}",
          LC_AUDIT_USER, "process.user.uid", "ok: uid 1000, not root");
  expect ("{\"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"capabilities\": {\"bounding\": "
          "[\"CAP_KILL\"], \"ambient\": [\"CAP_NET_RAW\"]}}}",
          LC_AUDIT_CAPABILITIES, "process.capabilities.ambient[0]", "weak: CAP_NET_RAW: ");
  expect ("{\"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\"}}}",
          LC_AUDIT_SECCOMP, "linux.seccomp.defaultAction", "weak: SCMP_ACT_ALLOW: a deny-list");
  expect ("{\"linux\": {\"namespaces\": [{\"type\": \"network\", \"path\": \"/proc/1/ns/net\"}]}}",
          LC_AUDIT_NAMESPACES, "linux.namespaces[0].path", "missing: joins the host's network");
  expect ("{\"linux\": {\"resources\": {\"unified\": {\"memory.max\": \"1G\"}}}}",
          LC_AUDIT_CGROUPS, "linux.resources.memory.limit", "ok: memory limit: 1G");
  expect ("{\"mounts\": [{\"destination\": \"/v\", \"type\": \"bind\", \"source\": \"/s\", "
          "\"options\": [\"nosuid\", \"nodev\"]}]}",
          LC_AUDIT_VOLUMES, "mounts[0].options", "weak: bind of `/s` on `/v` without noexec; "
          "mounts[0].options: add \"noexec\"");
  expect ("{\"linux\": {\"maskedPaths\": [\"/proc/kcore\"]}}", LC_AUDIT_MASKED_PATHS,
          "linux.maskedPaths", "weak: not masked: /proc/acpi /proc/asound /proc/keys");
}

int
main (void)
{
  test_score ();
  test_audit_layer ();
  test_config_checks ();
  return tap_done ();
}
