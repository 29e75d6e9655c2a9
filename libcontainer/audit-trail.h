/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The audit trail (docs/audit-trail.md): every lifecycle operation and
   every refusal as a Linux audit record (AUDIT_VIRT_CONTROL, through
   libaudit, dlopen()ed) and, with --audit-log FILE, as a JSON line.  The
   library notes what it learns of the container as an operation goes
   (lc_trail_note_*); the CLI emits one event when the operation ends.  */
#ifndef LC_AUDIT_TRAIL_H
#define LC_AUDIT_TRAIL_H

#include <stdbool.h>
#include <sys/types.h>
#include "spec.h"

/* --audit-log FILE (NULL: none).  */
void lc_trail_configure (const char *json_file);
/* An audited operation starts (the CLI's create, start, ...): until then
   nothing is noted (list, state and ps read states at no extra cost).  */
void lc_trail_begin (void);
/* Whether notes are worth making (a JSON log, or the kernel's audit can
   take records from us).  */
bool lc_trail_enabled (void);

void lc_trail_note_container (const char *id, const char *bundle);
/* The config (or exec's process, when proc is not spec's) the operation
   applies.  Copies what it needs.  */
void lc_trail_note_spec (const struct spec *spec, const struct spec_process *proc);
void lc_trail_note_pid (pid_t pid);
/* The container's state dir (dup'ed): its config is read at the end if
   the operation read none.  */
void lc_trail_note_state_dir (int dirfd);
/* That dir is about to be removed (delete): read its config now.  */
void lc_trail_take_config (void);
/* The process label as applied (with the MCS level moat picked).  */
void lc_trail_note_label (const char *label);

/* The kernel's audit subsystem and moat's part in it, for `moat audit`.  */
struct lc_trail_status
{
  int kernel_errno;      /* 0: AUDIT_GET answered; else why not (EPROTONOSUPPORT: no audit
                            in this kernel; EPERM: no CAP_AUDIT_CONTROL or not the initial
                            pid namespace; ECONNREFUSED: not the initial user namespace) */
  unsigned enabled;      /* 0 off, 1 on, 2 on and locked (auditctl -e) */
  unsigned auditd;       /* the audit daemon's pid; 0: none, records go to the kernel log */
  bool cap_audit_write;  /* moat may write records (CAP_AUDIT_WRITE, initial user ns) */
  bool libaudit;         /* libaudit.so.1 loads: moat writes them */
  const char *json_file; /* --audit-log, or NULL */
};
void lc_trail_status (struct lc_trail_status *st);

/* One event: op ("create", ...), its result, the error when it failed.  */
void lc_trail_emit (const char *op, bool ok, const char *error);

#endif
