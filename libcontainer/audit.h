/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `moat audit` (issue 15): a config.json, or a running container measured
   from /proc, checked against the "ten layers" container practices and
   scored.  The library builds the report; the CLI prints it (text) or
   prints lc_audit_to_json's string.  docs/audit.md has the checks, the
   weights and the JSON schema.  */
#ifndef LC_AUDIT_H
#define LC_AUDIT_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

enum lc_audit_status
{
  LC_AUDIT_OK,
  LC_AUDIT_WEAK,
  LC_AUDIT_MISSING,
};

/* In report order; each has a weight (audit.c:layers) summing to 100.
   The last, audit, weighs nothing: the host's audit subsystem is the same
   for every container (shown with --container only).  */
enum lc_audit_layer
{
  LC_AUDIT_NAMESPACES,
  LC_AUDIT_SELINUX,
  LC_AUDIT_CGROUPS,
  LC_AUDIT_CAPABILITIES,
  LC_AUDIT_SECCOMP,
  LC_AUDIT_NO_NEW_PRIVS,
  LC_AUDIT_READONLY_ROOT,
  LC_AUDIT_VOLUMES,
  LC_AUDIT_USER,
  LC_AUDIT_MASKED_PATHS,
  LC_AUDIT_DEVICES,
  LC_AUDIT_AUDIT,
  LC_AUDIT_LAYER_MAX,
};

struct lc_audit_finding
{
  enum lc_audit_layer layer;
  enum lc_audit_status status;
  char *path;    /* JSON path in config.json, or (--container) the /proc/PID file read */
  char *message; /* what is configured or measured */
  char *fix;     /* "JSON path: the change"; NULL when ok */
};

struct lc_audit_report
{
  char *bundle;    /* the bundle audited, or the container's */
  char *container; /* --container: its id, else NULL */
  pid_t pid;       /* --container: its init's pid */
  struct lc_audit_finding *findings; /* in layer order once finished */
  size_t n_findings;
  int score; /* 0..100 */
  /* issue 15, admission policy: the verdict of libcontainer/policy*.c on
     the same config goes here (and into the JSON as "policy") once that
     work lands; audit reports the practices alone until then.  */
};

const char *lc_audit_layer_name (enum lc_audit_layer layer);
const char *lc_audit_status_name (enum lc_audit_status status);
unsigned lc_audit_layer_weight (enum lc_audit_layer layer);
/* The worst status of a layer's findings.  */
enum lc_audit_status lc_audit_layer_status (const struct lc_audit_report *r,
                                            enum lc_audit_layer layer);

/* BUNDLE/config.json, parsed and validated as create would.  */
int lc_audit_config (const char *bundle, struct lc_audit_report **out, lc_error_t *err);
/* A running (or paused) container of `root`, measured from /proc of its
   init and compared with the config it was created with.  */
int lc_audit_container (const char *root, const char *id, struct lc_audit_report **out,
                        lc_error_t *err);
/* {"bundle", "score", "layers": [{"layer", "status", "findings": [{"path",
   "status", "message", "fix"}]}]}, plus "container" and "pid" for a
   container.  A layer without findings (a bundle's audit layer) is left
   out.  */
int lc_audit_to_json (const struct lc_audit_report *r, char **json, size_t *len,
                      lc_error_t *err);
void lc_audit_free (struct lc_audit_report *r);

#endif
