/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by audit.c, audit-config.c (the config's checks) and
   audit-live.c (a running container's measurements).  */
#ifndef LC_AUDIT_INTERNAL_H
#define LC_AUDIT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "audit.h"
#include "spec.h"

/* Append a finding; returns it so that audit_fix can add the change.  */
struct lc_audit_finding *audit_add (struct lc_audit_report *r, enum lc_audit_layer layer,
                                    enum lc_audit_status status, const char *path,
                                    const char *fmt, ...)
  __attribute__ ((format (printf, 5, 6)));
void audit_fix (struct lc_audit_finding *f, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
/* Sort findings by layer (stable) and compute the score.  */
void audit_finish (struct lc_audit_report *r);

/* The namespaces a container should not share with the host, and how bad
   sharing each is.  */
struct audit_ns_rule
{
  int flag; /* CLONE_NEW* */
  enum lc_audit_status shared;
};
extern const struct audit_ns_rule audit_ns_rules[];
extern const size_t audit_ns_rules_len;

/* Capabilities worth a finding of their own, with why.  */
struct audit_cap_rule
{
  const char *name;
  enum lc_audit_status status;
  const char *why;
};
const struct audit_cap_rule *audit_cap_rule (const char *name);
/* runc's `spec` default: CAP_AUDIT_WRITE CAP_KILL CAP_NET_BIND_SERVICE.  */
bool audit_cap_in_default (const char *name);
extern const char audit_cap_default_list[];

/* Fix texts more than one check gives.  */
extern const char audit_fix_seccomp[];
extern const char audit_fix_nnp[];
extern const char audit_fix_root_user[];

/* The user layer's finding when the container shares moat's user
   namespace: uid 0 is the host's root.  */
void audit_user_without_userns (struct lc_audit_report *r, const char *path, unsigned long uid);

/* Worst of two statuses.  */
static inline enum lc_audit_status
audit_worst (enum lc_audit_status a, enum lc_audit_status b)
{
  return a > b ? a : b;
}

/* The config checks, which the live audit reuses for what /proc cannot
   show (device rules, cgroup limits asked for).  */
void audit_config_checks (const struct spec *spec, struct lc_audit_report *r);
/* One layer's config check (the checks table is in layer order).  */
void audit_config_check (const struct spec *spec, enum lc_audit_layer layer,
                         struct lc_audit_report *r);
/* Options of mounts[i] include `opt`.  */
bool audit_mount_has (const struct spec_mount *m, const char *opt);
bool audit_mount_is_bind (const struct spec_mount *m);
/* Which of nosuid, nodev, noexec `has (m, opt)` lacks: `"a", "b"` into
   quoted (for a fix), `a, b` into plain (for a message); returns the
   status that earns (nosuid or nodev lacking: missing; noexec: weak).  */
enum lc_audit_status audit_bind_lacks (bool (*has) (const void *m, const char *opt),
                                       const void *m, char *quoted, char *plain, size_t size);

#endif
