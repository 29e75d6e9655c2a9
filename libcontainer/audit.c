/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The audit report: its findings, the layer weights and the score, and
   its JSON form.  The checks are audit-config.c's and audit-live.c's.  */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "audit-internal.h"
#include "json.h"
#include "utils.h"

/* The weights add up to 100.  A layer earns its whole weight when every
   finding is ok, half when the worst is weak, nothing when one is
   missing: one host namespace or one CAP_SYS_ADMIN is not made good by
   the rest of the layer being fine.  The heaviest are the layers that
   alone stand between a process and the kernel's attack surface or the
   host's root (capabilities, seccomp); the lightest are narrower.  The
   audit layer weighs nothing: the host's audit subsystem is not the
   container's, and a score stays comparable with and without it.  */
static const struct
{
  const char *name;
  unsigned weight;
} layers[LC_AUDIT_LAYER_MAX] = {
  [LC_AUDIT_NAMESPACES] = { "namespaces", 10 },
  [LC_AUDIT_SELINUX] = { "selinux", 10 },
  [LC_AUDIT_CGROUPS] = { "cgroups", 10 },
  [LC_AUDIT_CAPABILITIES] = { "capabilities", 15 },
  [LC_AUDIT_SECCOMP] = { "seccomp", 15 },
  [LC_AUDIT_NO_NEW_PRIVS] = { "no_new_privs", 5 },
  [LC_AUDIT_READONLY_ROOT] = { "readonly_root", 5 },
  [LC_AUDIT_VOLUMES] = { "volumes", 10 },
  [LC_AUDIT_USER] = { "user", 10 },
  [LC_AUDIT_MASKED_PATHS] = { "masked_paths", 5 },
  [LC_AUDIT_DEVICES] = { "devices", 5 },
  [LC_AUDIT_AUDIT] = { "audit", 0 },
};

static const char *const status_names[] = { "ok", "weak", "missing" };

const char *
lc_audit_layer_name (enum lc_audit_layer layer)
{
  return layers[layer].name;
}

const char *
lc_audit_status_name (enum lc_audit_status status)
{
  return status_names[status];
}

unsigned
lc_audit_layer_weight (enum lc_audit_layer layer)
{
  return layers[layer].weight;
}

enum lc_audit_status
lc_audit_layer_status (const struct lc_audit_report *r, enum lc_audit_layer layer)
{
  enum lc_audit_status s = LC_AUDIT_OK;

  for (size_t i = 0; i < r->n_findings; i++)
    if (r->findings[i].layer == layer)
      s = audit_worst (s, r->findings[i].status);
  return s;
}

struct lc_audit_finding *
audit_add (struct lc_audit_report *r, enum lc_audit_layer layer, enum lc_audit_status status,
           const char *path, const char *fmt, ...)
{
  struct lc_audit_finding *f;
  va_list ap;

  r->findings = xreallocarray (r->findings, r->n_findings + 1, sizeof *r->findings);
  f = &r->findings[r->n_findings++];
  memset (f, 0, sizeof *f);
  f->layer = layer;
  f->status = status;
  f->path = xstrdup (path);
  va_start (ap, fmt);
  if (vasprintf (&f->message, fmt, ap) < 0)
    abort ();
  va_end (ap);
  return f;
}

void
audit_fix (struct lc_audit_finding *f, const char *fmt, ...)
{
  va_list ap;

  free (f->fix);
  va_start (ap, fmt);
  if (vasprintf (&f->fix, fmt, ap) < 0)
    abort ();
  va_end (ap);
}

static int
cmp_layer (const void *a, const void *b)
{
  const struct lc_audit_finding *x = a, *y = b;

  return (x->layer > y->layer) - (x->layer < y->layer);
}

void
audit_finish (struct lc_audit_report *r)
{
  unsigned twice = 0;

  /* Insertion order within a layer is the checks' order: a stable sort.  */
  for (size_t i = 1; i < r->n_findings; i++)
    for (size_t j = i; j > 0 && cmp_layer (&r->findings[j - 1], &r->findings[j]) > 0; j--)
      {
        struct lc_audit_finding t = r->findings[j];
        r->findings[j] = r->findings[j - 1];
        r->findings[j - 1] = t;
      }
  /* Counted in half points so that "weak" earns half without rounding
     each layer.  */
  for (int l = 0; l < LC_AUDIT_LAYER_MAX; l++)
    twice += layers[l].weight * (2 - (unsigned) lc_audit_layer_status (r, l));
  r->score = (int) ((twice + 1) / 2);
}

/* ---- JSON ------------------------------------------------------------------ */

static bool
layer_has_findings (const struct lc_audit_report *r, enum lc_audit_layer layer)
{
  for (size_t i = 0; i < r->n_findings; i++)
    if (r->findings[i].layer == layer)
      return true;
  return false;
}

static void
gen_layer (yajl_gen g, const struct lc_audit_report *r, enum lc_audit_layer layer)
{
  yajl_gen_map_open (g);
  json_gen_str (g, "layer", layers[layer].name);
  json_gen_str (g, "status", status_names[lc_audit_layer_status (r, layer)]);
  json_gen_key (g, "findings");
  yajl_gen_array_open (g);
  for (size_t i = 0; i < r->n_findings; i++)
    {
      const struct lc_audit_finding *f = &r->findings[i];
      if (f->layer != layer)
        continue;
      yajl_gen_map_open (g);
      json_gen_str (g, "path", f->path);
      json_gen_str (g, "status", status_names[f->status]);
      json_gen_str (g, "message", f->message);
      json_gen_str (g, "fix", f->fix);
      yajl_gen_map_close (g);
    }
  yajl_gen_array_close (g);
  yajl_gen_map_close (g);
}

int
lc_audit_to_json (const struct lc_audit_report *r, char **json, size_t *len, lc_error_t *err)
{
  yajl_gen g = yajl_gen_alloc (NULL);
  const unsigned char *buf;
  size_t blen;

  if (g == NULL)
    return lc_error (err, ENOMEM, "yajl_gen_alloc");
  yajl_gen_config (g, yajl_gen_beautify, 1);
  yajl_gen_config (g, yajl_gen_indent_string, "  ");
  yajl_gen_map_open (g);
  json_gen_str (g, "bundle", r->bundle);
  if (r->container)
    {
      json_gen_str (g, "container", r->container);
      json_gen_int (g, "pid", r->pid);
    }
  json_gen_int (g, "score", r->score);
  /* issue 15, admission policy: "policy": the policy's verdict, here.  */
  json_gen_key (g, "layers");
  yajl_gen_array_open (g);
  for (int l = 0; l < LC_AUDIT_LAYER_MAX; l++)
    if (layer_has_findings (r, l))
      gen_layer (g, r, l);
  yajl_gen_array_close (g);
  yajl_gen_map_close (g);
  if (yajl_gen_get_buf (g, &buf, &blen) != yajl_gen_status_ok)
    {
      yajl_gen_free (g);
      return lc_error (err, EINVAL, "generate the audit JSON");
    }
  *json = xstrndup ((const char *) buf, blen);
  *len = blen;
  yajl_gen_free (g);
  return 0;
}

void
lc_audit_free (struct lc_audit_report *r)
{
  if (r == NULL)
    return;
  for (size_t i = 0; i < r->n_findings; i++)
    {
      free (r->findings[i].path);
      free (r->findings[i].message);
      free (r->findings[i].fix);
    }
  free (r->findings);
  free (r->bundle);
  free (r->container);
  free (r);
}

int
lc_audit_config (const char *bundle, struct lc_audit_report **out, lc_error_t *err)
{
  cleanup_spec struct spec *spec = NULL;
  struct lc_audit_report *r;

  if (spec_load (bundle, &spec, err) < 0 || spec_validate (spec, "config.json", err) < 0)
    return -1;
  r = xzalloc (sizeof *r);
  r->bundle = xstrdup (bundle);
  audit_config_checks (spec, r);
  audit_finish (r);
  *out = r;
  return 0;
}
