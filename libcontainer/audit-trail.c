/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The audit trail: one record per lifecycle operation (audit-trail.h).
   The kernel record is AUDIT_VIRT_CONTROL, as libvirt writes for a VM:
   `ausearch -m VIRT_CONTROL --vm-name ID` finds a container's.  Where the
   kernel will not take it (no CAP_AUDIT_WRITE, a user namespace, audit
   off) moat carries on, saying so once under --debug.  */
#include "config.h"
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/file.h>
#include <time.h>
#include <yajl/yajl_gen.h>
#include <unistd.h>

#include "audit-trail.h"
#include "container.h"
#include "dl.h"
#include "json.h"
#include "log.h"
#include "state.h"
#include "utils.h"

#ifndef AUDIT_VIRT_CONTROL
#define AUDIT_VIRT_CONTROL 2500 /* libaudit.h */
#endif

static struct
{
  bool begun; /* an audited operation is running */
  const char *json_file;
  char *id, *bundle, *label, *caps_bnd, *caps_eff;
  char *applied_label; /* with the level moat picked: wins over label */
  pid_t pid;
  int state_dir; /* to read the config at the end when nobody did; -1 */
  bool have_spec, seccomp, userns;
  uint32_t uid, gid;
} t;

static struct
{
  int (*open) (void);
  int (*log) (int, int, const char *, const char *, const char *, const char *, int);
  char *(*encode) (const char *, const char *, unsigned);
  void (*close) (int);
} la;

void
lc_trail_configure (const char *json_file)
{
  t.json_file = json_file;
}

static int audit_get (struct audit_status *out);

/* With the kernel's audit off (AUDIT_GET's `enabled` 0) the kernel drops
   every user record (audit_receive_msg), so there is nothing to prepare,
   nor libaudit to load.  An answer we cannot read (no CAP_AUDIT_CONTROL, a
   nested pid namespace) counts as on: the record is offered and the kernel
   decides.  */
static bool
kernel_audit_on (void)
{
  struct audit_status a;

  return audit_get (&a) != 0 || a.enabled != 0;
}

/* CAP_AUDIT_WRITE, in the initial user namespace (the kernel refuses
   records from any other).  */
static bool
holds_audit_write (void)
{
  struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct d[2];

  return !lc_rootless () && syscall (SYS_capget, &h, d) == 0
         && (d[CAP_AUDIT_WRITE / 32].effective & (1u << (CAP_AUDIT_WRITE % 32))) != 0;
}

/* Whether a kernel record can be made and kept.  Asked once.  */
static bool
kernel_takes_records (void)
{
  static int takes = -1;

  if (takes >= 0)
    return takes;
  takes = holds_audit_write ();
  if (takes && !kernel_audit_on ())
    {
      lc_debug ("audit: the kernel's audit is off (auditctl -s: enabled 0): no kernel records");
      takes = 0;
    }
  return takes;
}

void
lc_trail_begin (void)
{
  t.begun = true;
}

bool
lc_trail_enabled (void)
{
  static int enabled = -1;

  if (!t.begun)
    return false;
  if (enabled < 0)
    enabled = (t.json_file && *t.json_file) || kernel_takes_records ();
  return enabled;
}

static void
set_str (char **field, const char *v)
{
  free (*field);
  *field = v ? xstrdup (v) : NULL;
}

void
lc_trail_note_container (const char *id, const char *bundle)
{
  if (id)
    set_str (&t.id, id);
  if (bundle)
    set_str (&t.bundle, bundle);
}

void
lc_trail_note_spec (const struct spec *spec, const struct spec_process *proc)
{
  const struct spec_capabilities *k = proc ? proc->capabilities : NULL;

  if (!lc_trail_enabled () || spec == NULL)
    return;
  t.have_spec = true;
  t.seccomp = spec->linux_config && spec->linux_config->seccomp;
  t.userns = spec_find_namespace (spec, CLONE_NEWUSER) != NULL;
  if (proc == NULL)
    return;
  set_str (&t.label, proc->selinux_label);
  t.uid = proc->user.uid;
  t.gid = proc->user.gid;
  free (t.caps_bnd);
  free (t.caps_eff);
  t.caps_bnd = strv_join (k ? k->bounding : NULL, ",");
  t.caps_eff = strv_join (k ? k->effective : NULL, ",");
}

void
lc_trail_note_label (const char *label)
{
  set_str (&t.applied_label, label);
}

void
lc_trail_note_state_dir (int dirfd)
{
  if (!lc_trail_enabled () || t.have_spec || t.state_dir > 0)
    return;
  /* A new open file description, not a dup: a dup would share the
     state lock, which exec --ignore-paused lets go of while it waits
     for resume.  */
  t.state_dir = openat (dirfd, ".", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
}

/* The operation read no config (kill, pause, ...): the state dir's copy,
   if the dir is still there.  */
static void
late_spec (void)
{
  cleanup_spec struct spec *spec = NULL;
  lc_error_t e = NULL;

  if (t.have_spec || t.state_dir <= 0)
    return;
  lc_state_read_config (t.state_dir, &spec, &e);
  lc_error_free (&e);
}

void
lc_trail_take_config (void)
{
  late_spec ();
}

void
lc_trail_note_pid (pid_t pid)
{
  t.pid = pid;
}

/* ---- the event ------------------------------------------------------------- */

static const char *
mcs_of (const char *label)
{
  const char *p = label;

  for (int i = 0; p && i < 3; i++)
    p = strchr (p, ':') ? strchr (p, ':') + 1 : NULL;
  return p;
}

static unsigned long
loginuid (void)
{
  char buf[32] = "";
  int fd = open ("/proc/self/loginuid", O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? read (fd, buf, sizeof buf - 1) : -1;

  if (fd >= 0)
    close (fd);
  if (n > 0)
    buf[n] = '\0';
  return n > 0 ? strtoul (buf, NULL, 10) : 4294967295UL;
}

static void
gen_event (yajl_gen g, const char *op, bool ok, const char *error)
{
  struct timespec ts;
  char when[64];
  struct tm tm;

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  strftime (when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf (when + strlen (when), sizeof when - strlen (when), ".%09ldZ", ts.tv_nsec);
  yajl_gen_map_open (g);
  json_gen_str (g, "time", when);
  json_gen_str (g, "op", op);
  json_gen_str (g, "id", t.id);
  json_gen_str (g, "result", ok ? "success" : "failure");
  json_gen_str (g, "error", ok ? NULL : error);
  json_gen_int (g, "pid", t.pid);
  json_gen_str (g, "bundle", t.bundle);
  json_gen_str (g, "label", t.label);
  json_gen_str (g, "mcs", mcs_of (t.label));
  if (t.have_spec)
    {
      json_gen_int (g, "uid", t.uid);
      json_gen_int (g, "gid", t.gid);
      json_gen_str (g, "capBounding", t.caps_bnd);
      json_gen_str (g, "capEffective", t.caps_eff);
      json_gen_bool (g, "seccomp", t.seccomp);
      json_gen_bool (g, "userns", t.userns);
    }
  json_gen_int (g, "callerUid", getuid ());
  json_gen_int (g, "loginuid", (long long) loginuid ());
  yajl_gen_map_close (g);
}

/* One write of one line, under an flock: concurrent moats never
   interleave (O_APPEND alone is atomic only up to what one write takes).  */
static void
write_json (const char *op, bool ok, const char *error)
{
  yajl_gen g = yajl_gen_alloc (NULL);
  const unsigned char *buf;
  cleanup_free char *line = NULL;
  size_t len;
  int fd;

  if (g == NULL)
    return;
  gen_event (g, op, ok, error);
  if (yajl_gen_get_buf (g, &buf, &len) == yajl_gen_status_ok)
    xasprintf (&line, "%.*s\n", (int) len, buf);
  yajl_gen_free (g);
  fd = open (t.json_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0 || line == NULL)
    {
      lc_warn ("--audit-log `%s`: %s: event not recorded", t.json_file, strerror (errno));
      if (fd >= 0)
        close (fd);
      return;
    }
  flock (fd, LOCK_EX);
  if (write (fd, line, strlen (line)) != (ssize_t) strlen (line))
    lc_warn ("--audit-log `%s`: write: %s", t.json_file, strerror (errno));
  close (fd);
}

static bool
load_libaudit (void)
{
  const struct lc_dl_sym syms[] = {
    { "audit_open", (void **) &la.open },
    { "audit_log_user_message", (void **) &la.log },
    { "audit_encode_nv_string", (void **) &la.encode },
    { "audit_close", (void **) &la.close },
  };
  lc_error_t e = NULL;

  if (lc_dl_open ("libaudit.so.1", syms, ARRAY_SIZE (syms), &e) == 0)
    return true;
  lc_debug ("audit: %s: no kernel audit records", e->msg);
  lc_error_free (&e);
  return false;
}

/* "name=value", quoted or hex as libaudit encodes what it cannot trust.  */
static char *
nv (const char *name, const char *value)
{
  char *s = la.encode (name, value ? value : "?", 0);

  return s ? s : xstrdup ("");
}

static void
write_kernel (const char *op, bool ok, const char *error)
{
  cleanup_free char *vm = nv ("vm", t.id), *label = nv ("label", t.label);
  cleanup_free char *bundle = nv ("bundle", t.bundle), *reason = nv ("reason", ok ? "" : error);
  cleanup_free char *bnd = nv ("cap-bnd", t.caps_bnd), *msg = NULL;
  int fd = la.open ();

  xasprintf (&msg, "virt=moat op=%s %s vm-pid=%d %s mcs=%s uid=%u gid=%u %s seccomp=%s "
             "userns=%s %s auid=%lu %s", op, vm, (int) t.pid, label,
             mcs_of (t.label) ? mcs_of (t.label) : "?", t.uid, t.gid, bnd,
             t.seccomp ? "yes" : "no", t.userns ? "yes" : "no", bundle, loginuid (), reason);
  if (fd < 0 || la.log (fd, AUDIT_VIRT_CONTROL, msg, NULL, NULL, NULL, ok) <= 0)
    lc_debug ("audit: the kernel took no record (%s); carrying on", strerror (errno));
  if (fd >= 0)
    la.close (fd);
}

void
lc_trail_emit (const char *op, bool ok, const char *error)
{
  if (!lc_trail_enabled ())
    return;
  late_spec ();
  if (t.applied_label)
    set_str (&t.label, t.applied_label);
  if (t.json_file && *t.json_file)
    write_json (op, ok, error);
  if (kernel_takes_records () && load_libaudit ())
    write_kernel (op, ok, error);
}

/* ---- the audit subsystem's state (moat audit) ----------------------------- */

/* The reply to AUDIT_GET among the messages of one datagram: 0 and *out,
   an errno from the kernel's NLMSG_ERROR, or -1 when neither is there.  */
static int
audit_get_reply (const void *buf, size_t n, struct audit_status *out)
{
  int len = (int) n;

  for (const struct nlmsghdr *h = buf; NLMSG_OK (h, len); h = NLMSG_NEXT (h, len))
    if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_len >= NLMSG_LENGTH (sizeof (int)))
      {
        int error = *(const int *) NLMSG_DATA (h);
        if (error < 0)
          return -error;
      }
    else if (h->nlmsg_type == AUDIT_GET)
      {
        /* Older kernels send a shorter struct: the rest stays zero.  */
        size_t have = h->nlmsg_len - NLMSG_LENGTH (0);
        memcpy (out, NLMSG_DATA (h), have < sizeof *out ? have : sizeof *out);
        return 0;
      }
  return -1;
}

/* AUDIT_GET on the audit netlink socket, as `auditctl -s`: 0, or an errno.
   Only the kernel's answers count (nl_pid 0); a second at most.  */
static int
audit_get (struct audit_status *out)
{
  struct nlmsghdr req = { .nlmsg_len = NLMSG_LENGTH (0), .nlmsg_type = AUDIT_GET,
                          .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1 };
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK }, from;
  struct timeval tv = { 1, 0 };
  union
  {
    struct nlmsghdr h;
    char buf[8192];
  } reply;
  cleanup_close int fd = -1;

  memset (out, 0, sizeof *out);
  fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
  if (fd < 0)
    return errno;
  if (setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0
      || sendto (fd, &req, req.nlmsg_len, 0, (struct sockaddr *) &kernel, sizeof kernel) < 0)
    return errno;
  for (int tries = 0; tries < 8; tries++)
    {
      socklen_t alen = sizeof from;
      ssize_t n = recvfrom (fd, &reply, sizeof reply, 0, (struct sockaddr *) &from, &alen);
      int ret;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno == EAGAIN ? ETIMEDOUT : errno;
      if (from.nl_pid != 0)
        continue;
      ret = audit_get_reply (&reply, (size_t) n, out);
      if (ret >= 0)
        return ret;
    }
  return ETIMEDOUT;
}

void
lc_trail_status (struct lc_trail_status *st)
{
  struct audit_status a;

  memset (st, 0, sizeof *st);
  st->kernel_errno = audit_get (&a);
  if (st->kernel_errno == 0)
    {
      st->enabled = a.enabled;
      st->auditd = a.pid;
    }
  st->cap_audit_write = holds_audit_write ();
  st->libaudit = load_libaudit ();
  st->json_file = t.json_file && *t.json_file ? t.json_file : NULL;
}
