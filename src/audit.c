/* SPDX-License-Identifier: GPL-2.0-or-later */
/* audit: a bundle's config.json, or a running container measured from
   /proc, against the container security practices, with a score
   (docs/audit.md).  */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "moat.h"
#include "policy.h"
#include "spec.h"
#include "utils.h"

enum
{
  OPT_FORMAT = 256,
  OPT_FAIL_UNDER,
  OPT_CONTAINER,
  OPT_POLICY,
};

static const struct option audit_options[] = {
  { "bundle", required_argument, NULL, 'b' },
  { "format", required_argument, NULL, OPT_FORMAT },
  { "fail-under", required_argument, NULL, OPT_FAIL_UNDER },
  { "container", required_argument, NULL, OPT_CONTAINER },
  { "policy", required_argument, NULL, OPT_POLICY },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help audit_help = {
  "audit [command options]",
  "Check a bundle's config.json (or, with --container, a running container measured\n"
  "from /proc) against the container security practices, layer by layer: what is\n"
  "configured, what is weak or missing and how to fix it, and a score out of 100.",
  "   --bundle value, -b value\tpath to the bundle (default: \".\")\n"
  "   --container value\t\taudit the running container with this id instead\n"
  "   --format value\t\ttext or json (default: \"text\")\n"
  "   --fail-under value\t\texit 1 when the score is under this (0-100)\n"
  "   --policy value\t\talso check the config against this policy (a profile or a\n"
  "\t\t\t\tfile, docs/policy.md; default: the global --policy); exit 1\n"
  "\t\t\t\twhen it is not met\n",
};

struct audit_opts
{
  const char *bundle;
  const char *container;
  bool json;
  int fail_under; /* -1: none */
  const char *policy;
};

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  struct audit_opts *o = data;

  switch (c)
    {
    case 'b':
      o->bundle = arg;
      return 0;
    case OPT_CONTAINER:
      o->container = arg;
      return 0;
    case OPT_POLICY:
      o->policy = arg;
      return 0;
    case OPT_FORMAT:
      if (strcmp (arg, "text") && strcmp (arg, "json"))
        return lc_error (err, 0, "audit: invalid format `%s` (text or json)", arg);
      o->json = strcmp (arg, "json") == 0;
      return 0;
    default:
      if (moat_parse_int (arg, "audit: --fail-under", &o->fail_under, err) < 0)
        return -1;
      if (o->fail_under > 100)
        return lc_error (err, 0, "audit: --fail-under %d: the score is out of 100", o->fail_under);
      return 0;
    }
}

static void
print_text (const struct lc_audit_report *r)
{
  for (size_t i = 0; i < r->n_findings; i++)
    {
      const struct lc_audit_finding *f = &r->findings[i];

      printf ("%s: %s: %s: %s", lc_audit_layer_name (f->layer), lc_audit_status_name (f->status),
              f->path, f->message);
      if (f->fix)
        printf ("; fix: %s", f->fix);
      putchar ('\n');
    }
  printf ("score: %d/100\n", r->score);
}

static void
print_violation (const char *line, void *data)
{
  fprintf (stderr, "moat: policy %s: %s\n", (const char *) data, line);
}

/* The admission policy's verdict on the bundle's config: each violated
   rule on stderr (stdout keeps the report, JSON included).  */
static int
check_policy (const char *name, const char *bundle, lc_error_t *err)
{
  cleanup_spec struct spec *spec = NULL;
  struct lc_policy *p = NULL;
  size_t n;

  if (spec_load (bundle, &spec, err) < 0 || lc_policy_load (name, &p, err) < 0)
    return -1;
  n = lc_policy_check_spec (p, spec, print_violation, (void *) name);
  lc_policy_free (p);
  if (n > 0)
    return lc_error (err, 0, "audit: policy %s: %zu rule%s violated", name, n,
                     n == 1 ? "" : "s");
  return 0;
}

int
moat_cmd_audit (int argc, char **argv, lc_error_t *err)
{
  struct audit_opts o = { .fail_under = -1 };
  cleanup_free char *bundle = NULL, *json = NULL;
  struct lc_audit_report *r = NULL;
  size_t len;
  int ret;

  ret = moat_parse_options (argc, argv, "b:", audit_options, &audit_help, on_opt, &o, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 0, false, "audit", err) < 0)
    return -1;
  if (o.container && o.bundle)
    return lc_error (err, 0, "audit: --bundle and --container exclude each other");
  if (o.policy == NULL)
    o.policy = moat_globals.policy;
  if (o.policy && o.container)
    return lc_error (err, 0, "audit: --policy checks a bundle's config; give -b, not "
                     "--container");
  bundle = moat_abspath (o.bundle ? o.bundle : ".");
  if (o.container)
    ret = lc_audit_container (moat_globals.root, o.container, &r, err);
  else
    ret = lc_audit_config (bundle, &r, err);
  if (ret < 0)
    return -1;
  if (o.json && lc_audit_to_json (r, &json, &len, err) < 0)
    ret = -1;
  else if (o.json)
    printf ("%s\n", json);
  else
    print_text (r);
  fflush (stdout);
  if (ret == 0 && r->score < o.fail_under)
    ret = lc_error (err, 0, "audit: score %d/100 is under --fail-under %d", r->score,
                    o.fail_under);
  if (ret == 0 && o.policy)
    ret = check_policy (o.policy, bundle, err);
  lc_audit_free (r);
  return ret;
}
