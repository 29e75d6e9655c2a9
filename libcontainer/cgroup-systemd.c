/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The systemd cgroup driver (--systemd-cgroup), through libsystemd's sd-bus,
   dlopen()ed only when asked for.

   cgroupsPath is "slice:prefix:name" (default "system.slice:moat:ID"): the
   container gets a transient scope "prefix-name.scope" in the slice.  A
   scope is started with its processes, so init is cloned outside any
   cgroup of the container and waits (sync: CGROUP_JOINED) while moat asks
   systemd for the scope with init's pid, Delegate=yes and the limits
   systemd has properties for, waits for the job, then writes every limit
   into the delegated cgroup as cgroupfs does (so both agree, and what
   systemd has no property for is set too) and attaches the device filter.
   Everything else (freeze, kill, pids, stats) is cgroupfs on that cgroup;
   update sets the properties again, and destroy empties the cgroup and
   stops the unit.  */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <systemd/sd-bus.h>

#include "cgroup.h"
#include "cgroup-devices.h"
#include "cgroup-resources.h"
#include "dl.h"
#include "log.h"
#include "rootless.h"
#include "utils.h"

#define SD_DEST "org.freedesktop.systemd1"
#define SD_PATH "/org/freedesktop/systemd1"
#define SD_MANAGER "org.freedesktop.systemd1.Manager"
/* How long a unit job may take (runc: 30 s).  */
#define JOB_USEC (30ULL * 1000000ULL)

static struct
{
  int (*bus_new) (sd_bus **);
  int (*set_address) (sd_bus *, const char *);
  int (*start) (sd_bus *);
  int (*open_system) (sd_bus **);
  int (*open_user) (sd_bus **);
  int (*get_string) (sd_bus *, const char *, const char *, const char *, const char *,
                     sd_bus_error *, char **);
  sd_bus *(*close_unref) (sd_bus *);
  int (*new_call) (sd_bus *, sd_bus_message **, const char *, const char *, const char *,
                   const char *);
  int (*append) (sd_bus_message *, const char *, ...);
  int (*append_array) (sd_bus_message *, char, const void *, size_t);
  int (*open) (sd_bus_message *, char, const char *);
  int (*close) (sd_bus_message *);
  int (*read) (sd_bus_message *, const char *, ...);
  sd_bus_message *(*msg_unref) (sd_bus_message *);
  int (*call) (sd_bus *, sd_bus_message *, uint64_t, sd_bus_error *, sd_bus_message **);
  int (*match_signal) (sd_bus *, sd_bus_slot **, const char *, const char *, const char *,
                       const char *, sd_bus_message_handler_t, void *);
  sd_bus_slot *(*slot_unref) (sd_bus_slot *);
  int (*process) (sd_bus *, sd_bus_message **);
  int (*wait) (sd_bus *, uint64_t);
  void (*error_free) (sd_bus_error *);
} sd;

static int
load_libsystemd (lc_error_t *err)
{
  static bool loaded;
  const struct lc_dl_sym syms[] = {
    { "sd_bus_new", (void **) &sd.bus_new },
    { "sd_bus_set_address", (void **) &sd.set_address },
    { "sd_bus_start", (void **) &sd.start },
    { "sd_bus_open_system", (void **) &sd.open_system },
    { "sd_bus_open_user", (void **) &sd.open_user },
    { "sd_bus_get_property_string", (void **) &sd.get_string },
    { "sd_bus_flush_close_unref", (void **) &sd.close_unref },
    { "sd_bus_message_new_method_call", (void **) &sd.new_call },
    { "sd_bus_message_append", (void **) &sd.append },
    { "sd_bus_message_append_array", (void **) &sd.append_array },
    { "sd_bus_message_open_container", (void **) &sd.open },
    { "sd_bus_message_close_container", (void **) &sd.close },
    { "sd_bus_message_read", (void **) &sd.read },
    { "sd_bus_message_unref", (void **) &sd.msg_unref },
    { "sd_bus_call", (void **) &sd.call },
    { "sd_bus_match_signal", (void **) &sd.match_signal },
    { "sd_bus_slot_unref", (void **) &sd.slot_unref },
    { "sd_bus_process", (void **) &sd.process },
    { "sd_bus_wait", (void **) &sd.wait },
    { "sd_bus_error_free", (void **) &sd.error_free },
  };

  if (loaded)
    return 0;
  if (lc_dl_open ("libsystemd.so.0", syms, ARRAY_SIZE (syms), err) < 0)
    return lc_error_wrap (err, "--systemd-cgroup");
  loaded = true;
  return 0;
}

static bool
connect_private (sd_bus **bus, const char *socket)
{
  cleanup_free char *addr = NULL;

  xasprintf (&addr, "unix:path=%s", socket);
  if (sd.bus_new (bus) >= 0 && sd.set_address (*bus, addr) >= 0 && sd.start (*bus) >= 0)
    return true;
  if (*bus)
    *bus = sd.close_unref (*bus);
  return false;
}

/* Rootless, the user's systemd (user@UID.service), as runc's: its own
   socket in the user's runtime dir, else the session bus.  */
static int
user_bus_connect (sd_bus **bus, lc_error_t *err)
{
  const char *xdg = getenv ("XDG_RUNTIME_DIR");
  cleanup_free char *socket = NULL;
  int r;

  if (xdg == NULL || *xdg != '/')
    return lc_error (err, 0, "--systemd-cgroup: rootless: XDG_RUNTIME_DIR is not set: the "
                     "user's systemd cannot be found");
  xasprintf (&socket, "%s/systemd/private", xdg);
  if (connect_private (bus, socket))
    return 0;
  r = sd.open_user (bus);
  if (r < 0)
    return lc_error (err, -r, "--systemd-cgroup: rootless: connect to the user's systemd "
                     "(%s, %s/bus; is user@%u.service running?)", socket, xdg,
                     (unsigned) getuid ());
  return 0;
}

/* systemd's own socket when we may use it (root, as systemctl), else the
   system bus; rootless, the user's.  */
static int
bus_connect (sd_bus **bus, lc_error_t *err)
{
  int r;

  if (access ("/run/systemd/system", F_OK) < 0)
    return lc_error (err, 0, "--systemd-cgroup: systemd is not running on this host (no "
                     "/run/systemd/system)");
  if (load_libsystemd (err) < 0)
    return -1;
  if (lc_rootless_user_services ())
    return user_bus_connect (bus, err);
  if (connect_private (bus, "/run/systemd/private"))
    return 0;
  r = sd.open_system (bus);
  if (r < 0)
    return lc_error (err, -r, "--systemd-cgroup: connect to systemd");
  return 0;
}

static void
bus_close (sd_bus **bus)
{
  if (*bus)
    *bus = sd.close_unref (*bus);
}
#define cleanup_bus __attribute__ ((cleanup (bus_close)))

static void
msg_free (sd_bus_message **m)
{
  if (*m)
    *m = sd.msg_unref (*m);
}
#define cleanup_msg __attribute__ ((cleanup (msg_free)))

/* ---- names --------------------------------------------------------------- */

struct unit
{
  char *slice; /* "system.slice" */
  char *name;  /* "moat-ID.scope" */
  char *path;  /* "/system.slice/moat-ID.scope", from the cgroup2 root */
};

static void
unit_clear (struct unit *u)
{
  free (u->slice);
  free (u->name);
  free (u->path);
}

/* "a-b-c.slice" → "/a.slice/a-b.slice/a-b-c.slice" ("-.slice": the root).  */
static int
slice_path (const char *slice, char **out, lc_error_t *err)
{
  size_t n = strlen (slice) - strlen (".slice");
  cleanup_free char *path = xstrdup ("");
  size_t i;

  if (strcmp (slice, "-.slice") == 0)
    {
      *out = steal_pointer (&path);
      return 0;
    }
  if (strlen (slice) <= 6 || strcmp (slice + n, ".slice") || strchr (slice, '/')
      || slice[0] == '-' || strstr (slice, "--") || slice[n - 1] == '-')
    return lc_error (err, 0, "linux.cgroupsPath: `%s` is not a systemd slice name", slice);
  for (i = 0; i <= n; i++)
    if (i == n || slice[i] == '-')
      {
        char *p;

        xasprintf (&p, "%s/%.*s.slice", path, (int) i, slice);
        free (path);
        path = p;
      }
  *out = steal_pointer (&path);
  return 0;
}

static int
parse_unit (const struct spec *spec, const char *id, struct unit *u, lc_error_t *err)
{
  const char *cp = spec->linux_config ? spec->linux_config->cgroups_path : NULL;
  cleanup_free char *copy = xstrdup (cp && *cp ? cp : "::");
  cleanup_free char *spath = NULL;
  char *prefix, *name;

  memset (u, 0, sizeof *u);
  prefix = strchr (copy, ':');
  name = prefix ? strchr (prefix + 1, ':') : NULL;
  if (name == NULL || strchr (name + 1, ':'))
    return lc_error (err, 0, "linux.cgroupsPath: `%s` is not systemd's \"slice:prefix:name\" "
                     "(--systemd-cgroup)", cp);
  *prefix++ = *name++ = '\0';
  if (*name == '\0' && (cp == NULL || *cp == '\0'))
    prefix = (char *) "moat", name = (char *) id;
  if (*name == '\0' || strchr (name, '/') || strstr (name, ".slice"))
    return lc_error (err, 0, "linux.cgroupsPath: `%s`: the name must be a scope's, without "
                     "'/' (a slice of its own is not supported)", cp);
  u->slice = xstrdup (*copy ? copy : lc_rootless_user_services () ? "user.slice" : "system.slice");
  if (slice_path (u->slice, &spath, err) < 0)
    return -1;
  xasprintf (&u->name, "%s%s%s.scope", prefix, *prefix ? "-" : "", name);
  xasprintf (&u->path, "%s/%s", spath, u->name);
  return 0;
}

/* Without asking systemd (create's size check): rootless, the user
   manager's cgroup at its longest.  */
static int
systemd_path (const struct spec *spec, const char *id, char **out, lc_error_t *err)
{
  struct unit u;
  int r = parse_unit (spec, id, &u, err);

  if (r == 0 && lc_rootless_user_services ())
    xasprintf (out, "/user.slice/user-4294967295.slice/user@4294967295.service%s", u.path);
  else if (r == 0)
    *out = steal_pointer (&u.path);
  unit_clear (&u);
  return r;
}

/* A user's systemd puts its units below its own cgroup
   (/user.slice/user-UID.slice/user@UID.service).  */
static int
prefix_manager_cgroup (sd_bus *bus, struct unit *u, lc_error_t *err)
{
  sd_bus_error e = SD_BUS_ERROR_NULL;
  char *mine = NULL, *path;
  int r;

  if (!lc_rootless_user_services ())
    return 0;
  r = sd.get_string (bus, SD_DEST, SD_PATH, SD_MANAGER, "ControlGroup", &e, &mine);
  if (r < 0)
    lc_error (err, -r, "systemd: the user manager's ControlGroup: %s",
              e.message ? e.message : "failed");
  sd.error_free (&e);
  if (r < 0)
    return -1;
  xasprintf (&path, "%s%s", strcmp (mine, "/") ? mine : "", u->path);
  free (mine);
  free (u->path);
  u->path = path;
  return 0;
}

/* ---- properties ---------------------------------------------------------- */

static int
prop_u64 (sd_bus_message *m, const char *name, uint64_t v)
{
  return sd.append (m, "(sv)", name, "t", v);
}

/* "0-3,8" → systemd's CPU/NUMA bitmask (AllowedCPUs, AllowedMemoryNodes).  */
static int
prop_mask (sd_bus_message *m, const char *name, const char *list, lc_error_t *err)
{
  uint8_t mask[128] = { 0 };
  const char *p = list;
  size_t len = 0;

  while (*p)
    {
      char *end;
      unsigned long a = strtoul (p, &end, 10), b;

      if (end == p)
        break;
      b = a;
      if (*end == '-')
        b = strtoul (end + 1, &end, 10);
      if (a > b || b >= sizeof mask * 8 || (*end && *end != ','))
        return lc_error (err, 0, "%s: invalid list `%s`", name, list);
      for (; a <= b; a++)
        mask[a / 8] |= (uint8_t) (1u << (a % 8));
      len = b / 8 + 1 > len ? b / 8 + 1 : len;
      p = *end ? end + 1 : end;
    }
  if (*p)
    return lc_error (err, 0, "%s: invalid list `%s`", name, list);
  if (sd.open (m, 'r', "sv") < 0 || sd.append (m, "s", name) < 0 || sd.open (m, 'v', "ay") < 0
      || sd.append_array (m, 'y', mask, len) < 0 || sd.close (m) < 0 || sd.close (m) < 0)
    return lc_error (err, 0, "%s: cannot build the D-Bus message", name);
  return 0;
}

static uint64_t
limit (int64_t v)
{
  return v < 0 ? UINT64_MAX : (uint64_t) v;
}

static int
props_memory (sd_bus_message *m, const struct spec_memory *mem, lc_error_t *err)
{
  char swap[32];
  int r = 0;

  if (mem == NULL)
    return 0;
  if (mem->limit.set)
    r |= prop_u64 (m, "MemoryMax", limit (mem->limit.v));
  if (mem->reservation.set)
    r |= prop_u64 (m, "MemoryLow", limit (mem->reservation.v));
  if (lc_cgroup_swap_value (mem, swap, sizeof swap, err) < 0)
    return -1;
  if (swap[0])
    r |= prop_u64 (m, "MemorySwapMax",
                   strcmp (swap, "max") == 0 ? UINT64_MAX : strtoull (swap, NULL, 10));
  return r < 0 ? lc_error (err, 0, "memory: cannot build the D-Bus message") : 0;
}

static int
props_cpu (sd_bus_message *m, const struct spec_cpu *cpu, lc_error_t *err)
{
  uint64_t period = cpu && cpu->period.set ? cpu->period.v : 100000;
  int r = 0;

  if (cpu == NULL)
    return 0;
  if (cpu->shares.set)
    r |= prop_u64 (m, "CPUWeight", lc_cgroup_shares_to_weight (cpu->shares.v));
  if (cpu->quota.set && period > 0)
    r |= prop_u64 (m, "CPUQuotaPerSecUSec",
                   cpu->quota.v < 0 ? UINT64_MAX : (uint64_t) cpu->quota.v * 1000000 / period);
  if (cpu->period.set)
    r |= prop_u64 (m, "CPUQuotaPeriodUSec", cpu->period.v);
  if (r < 0)
    return lc_error (err, 0, "cpu: cannot build the D-Bus message");
  if (cpu->cpus && *cpu->cpus && prop_mask (m, "AllowedCPUs", cpu->cpus, err) < 0)
    return -1;
  if (cpu->mems && *cpu->mems && prop_mask (m, "AllowedMemoryNodes", cpu->mems, err) < 0)
    return -1;
  return 0;
}

/* The limits systemd has properties for; cgroupfs writes all of them after.  */
static int
props_resources (sd_bus_message *m, const struct spec_resources *res, lc_error_t *err)
{
  int r = 0;

  if (res == NULL)
    return 0;
  if (props_memory (m, res->memory, err) < 0 || props_cpu (m, res->cpu, err) < 0)
    return -1;
  if (res->pids && res->pids->limit.set)
    r |= prop_u64 (m, "TasksMax", res->pids->limit.v <= 0 ? UINT64_MAX
                                                          : (uint64_t) res->pids->limit.v);
  if (res->block_io && res->block_io->weight.set)
    r |= prop_u64 (m, "IOWeight", lc_cgroup_blkio_to_io_weight (res->block_io->weight.v));
  return r < 0 ? lc_error (err, 0, "cannot build the D-Bus message") : 0;
}

/* ---- jobs ---------------------------------------------------------------- */

struct job
{
  char *path;   /* the job StartTransientUnit/StopUnit returned */
  char *result; /* JobRemoved's: "done", "failed", ... */
};

static int
on_job_removed (sd_bus_message *m, void *data, sd_bus_error *e)
{
  struct job *j = data;
  const char *path, *unit, *result;
  uint32_t id;

  if (sd.read (m, "uoss", &id, &path, &unit, &result) >= 0 && j->path
      && strcmp (path, j->path) == 0 && j->result == NULL)
    j->result = xstrdup (result);
  return 0;
}

static uint64_t
now_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

/* Call m (a method returning a job), wait for the job to end.  */
static int
run_job (sd_bus *bus, sd_bus_message *m, const char *what, lc_error_t *err)
{
  sd_bus_error e = SD_BUS_ERROR_NULL;
  cleanup_msg sd_bus_message *reply = NULL;
  sd_bus_slot *slot = NULL;
  struct job j = { NULL, NULL };
  uint64_t deadline = now_usec () + JOB_USEC;
  const char *path;
  int r, ret = 0;

  /* Before the call: the job may end before its reply is read.  */
  r = sd.match_signal (bus, &slot, SD_DEST, SD_PATH, SD_MANAGER, "JobRemoved", on_job_removed, &j);
  if (r >= 0)
    r = sd.call (bus, m, JOB_USEC, &e, &reply);
  if (r < 0)
    ret = lc_error (err, -r, "systemd: %s: %s", what, e.message ? e.message : "failed");
  else if ((r = sd.read (reply, "o", &path)) < 0)
    ret = lc_error (err, -r, "systemd: %s: bad reply", what);
  else
    j.path = xstrdup (path);
  while (j.path && j.result == NULL && now_usec () < deadline)
    if ((r = sd.process (bus, NULL)) == 0)
      r = sd.wait (bus, deadline - now_usec ());
    else if (r < 0)
      break;
  if (j.path && j.result == NULL)
    ret = lc_error (err, r < 0 ? -r : 0, "systemd: %s: no answer in %llu s", what,
                    JOB_USEC / 1000000);
  else if (j.result && strcmp (j.result, "done") != 0)
    ret = lc_error (err, 0, "systemd: %s: job %s", what, j.result);
  sd.slot_unref (slot);
  sd.error_free (&e);
  free (j.path);
  free (j.result);
  return ret;
}

static int
new_call (sd_bus *bus, sd_bus_message **m, const char *method, lc_error_t *err)
{
  int r = sd.new_call (bus, m, SD_DEST, SD_PATH, SD_MANAGER, method);

  return r < 0 ? lc_error (err, -r, "systemd: %s", method) : 0;
}

/* Signals are sent only to subscribed clients on systemd's own socket.  */
static int
subscribe (sd_bus *bus, lc_error_t *err)
{
  cleanup_msg sd_bus_message *m = NULL, *reply = NULL;
  sd_bus_error e = SD_BUS_ERROR_NULL;
  int r;

  if (new_call (bus, &m, "Subscribe", err) < 0)
    return -1;
  r = sd.call (bus, m, JOB_USEC, &e, &reply);
  if (r < 0)
    lc_error (err, -r, "systemd: Subscribe: %s", e.message ? e.message : "failed");
  sd.error_free (&e);
  return r < 0 ? -1 : 0;
}

/* ---- the driver ---------------------------------------------------------- */

/* What enter needs of create's: the unit and the config's resources and
   devices (the spec outlives the cgroup in create).  */
struct sd_priv
{
  struct unit u;
  char *id;
  const struct spec *spec;
  sd_bus *bus; /* connected at create, before any side effect */
};

static void
systemd_release (struct lc_cgroup *cg)
{
  struct sd_priv *p = cg->priv;

  unit_clear (&p->u);
  free (p->id);
  bus_close (&p->bus);
  free (p);
  cg->priv = NULL;
}

static int
systemd_create (const struct spec *spec, const char *id, struct lc_cgroup **out,
                lc_error_t *err)
{
  struct sd_priv *p = xzalloc (sizeof *p);

  if (parse_unit (spec, id, &p->u, err) < 0 || bus_connect (&p->bus, err) < 0
      || subscribe (p->bus, err) < 0 || prefix_manager_cgroup (p->bus, &p->u, err) < 0
      || lc_cgroupfs_prepare (p->u.path, out, err) < 0)
    {
      unit_clear (&p->u);
      bus_close (&p->bus);
      free (p);
      return -1;
    }
  p->id = xstrdup (id);
  p->spec = spec;
  (*out)->priv = p;
  (*out)->driver = &lc_cgroup_driver_systemd;
  return 0;
}

static const struct spec_resources *
resources (const struct spec *spec)
{
  return spec->linux_config ? spec->linux_config->resources : NULL;
}

static int
start_scope (sd_bus *bus, const struct sd_priv *p, pid_t pid, lc_error_t *err)
{
  cleanup_msg sd_bus_message *m = NULL;
  cleanup_free char *desc = NULL, *what = NULL;
  int r;

  xasprintf (&desc, "moat container %s", p->id);
  xasprintf (&what, "start %s in %s", p->u.name, p->u.slice);
  if (new_call (bus, &m, "StartTransientUnit", err) < 0)
    return -1;
  r = sd.append (m, "ss", p->u.name, "replace");
  if (r >= 0)
    r = sd.open (m, 'a', "(sv)");
  if (r >= 0)
    r = sd.append (m, "(sv)(sv)(sv)(sv)(sv)(sv)", "Description", "s", desc, "Slice", "s",
                   p->u.slice, "Delegate", "b", 1, "PIDs", "au", 1, (uint32_t) pid,
                   "DefaultDependencies", "b", 0, "CollectMode", "s", "inactive-or-failed");
  if (r < 0)
    return lc_error (err, -r, "systemd: %s: cannot build the D-Bus message", what);
  if (props_resources (m, resources (p->spec), err) < 0)
    return -1;
  if ((r = sd.close (m)) < 0 || (r = sd.append (m, "a(sa(sv))", 0)) < 0)
    return lc_error (err, -r, "systemd: %s: cannot build the D-Bus message", what);
  return run_job (bus, m, what, err);
}

/* Rootless, the user's systemd delegates some controllers only: the
   limits of the others are warnings, as when no cgroup is delegated.  */
static int
write_resources (int dirfd, const struct spec_resources *res, lc_error_t *err)
{
  struct spec_resources mine;
  struct spec_cpu cpu;

  if (res == NULL || !lc_rootless_user_services ())
    return lc_cgroup_write_resources (dirfd, res, err);
  lc_cgroup_resources_delegated (dirfd, res, &mine, &cpu, "the user's systemd");
  return lc_cgroup_write_resources (dirfd, &mine, err);
}

static const char *
unit_of (const struct lc_cgroup *cg)
{
  const char *slash = strrchr (cg->path, '/');

  return slash ? slash + 1 : cg->path;
}

/* Rootless, a process of the caller's login cgroup may not be moved by
   the user into the scope: the user's systemd may (asking the system's
   systemd, which moves a user's own processes into its units).  */
static int
attach_via_manager (const struct lc_cgroup *cg, pid_t pid, lc_error_t *err)
{
  cleanup_bus sd_bus *bus = NULL;
  cleanup_msg sd_bus_message *m = NULL, *reply = NULL;
  sd_bus_error e = SD_BUS_ERROR_NULL;
  int r;

  if (bus_connect (&bus, err) < 0 || new_call (bus, &m, "AttachProcessesToUnit", err) < 0)
    return -1;
  if ((r = sd.append (m, "ssau", unit_of (cg), "", 1, (uint32_t) pid)) < 0)
    return lc_error (err, -r, "systemd: AttachProcessesToUnit: cannot build the D-Bus message");
  r = sd.call (bus, m, JOB_USEC, &e, &reply);
  if (r < 0)
    lc_error (err, e.name && strstr (e.name, "AccessDenied") ? EACCES : -r,
              "systemd: attach %d to %s: %s", (int) pid, unit_of (cg),
              e.message ? e.message : "failed");
  sd.error_free (&e);
  return r < 0 ? -1 : 0;
}

static int
enter_existing (struct lc_cgroup *cg, pid_t pid, lc_error_t *err)
{
  lc_error_t e = NULL;

  if (lc_cgroup_driver_cgroupfs.enter (cg, pid, &e) == 0)
    return 0;
  if (!lc_rootless_user_services () || (e->status != EACCES && e->status != EPERM))
    {
      *err = e;
      return -1;
    }
  lc_debug ("%s; asking the user's systemd", e->msg);
  lc_error_free (&e);
  return attach_via_manager (cg, pid, err);
}

/* Init (or exec's stage 1 into an existing scope) joins; for init, the
   scope is started with it, then limited and device-filtered as cgroupfs
   would.  */
static int
systemd_enter (struct lc_cgroup *cg, pid_t pid, lc_error_t *err)
{
  struct lc_cgroup *opened = NULL;
  struct sd_priv *p = cg->priv;

  if (cg->dirfd >= 0)
    return enter_existing (cg, pid, err);
  if (start_scope (p->bus, p, pid, err) < 0)
    return -1;
  if (lc_cgroupfs_open (p->u.path, &opened, err) < 0)
    return -1;
  cg->dirfd = steal_fd (&opened->dirfd);
  lc_cgroup_free (opened);
  if (write_resources (cg->dirfd, resources (p->spec), err) < 0
      || lc_cgroup_devices_apply (cg->dirfd, p->spec, err) < 0)
    return lc_error_wrap (err, "cgroup `%s`", cg->path);
  return 0;
}

static int
set_properties (sd_bus *bus, const struct lc_cgroup *cg, const struct spec_resources *res,
                lc_error_t *err)
{
  cleanup_msg sd_bus_message *m = NULL, *reply = NULL;
  sd_bus_error e = SD_BUS_ERROR_NULL;
  int r;

  if (new_call (bus, &m, "SetUnitProperties", err) < 0)
    return -1;
  if ((r = sd.append (m, "sb", unit_of (cg), 1)) < 0 || (r = sd.open (m, 'a', "(sv)")) < 0)
    return lc_error (err, -r, "systemd: SetUnitProperties: cannot build the D-Bus message");
  if (props_resources (m, res, err) < 0)
    return -1;
  if ((r = sd.close (m)) < 0)
    return lc_error (err, -r, "systemd: SetUnitProperties: cannot build the D-Bus message");
  r = sd.call (bus, m, JOB_USEC, &e, &reply);
  if (r < 0)
    lc_error (err, -r, "systemd: set the limits of %s: %s", unit_of (cg),
              e.message ? e.message : "failed");
  sd.error_free (&e);
  return r < 0 ? -1 : 0;
}

static int
systemd_update (const struct lc_cgroup *cg, const struct spec_resources *res, lc_error_t *err)
{
  cleanup_bus sd_bus *bus = NULL;

  if (bus_connect (&bus, err) < 0 || set_properties (bus, cg, res, err) < 0)
    return -1;
  lc_cgroup_warn_ignored (res);
  /* systemd enabled what the properties need; the rest as cgroupfs.  */
  return write_resources (cg->dirfd, res, err);
}

static int
stop_unit (sd_bus *bus, const char *unit, lc_error_t *err)
{
  cleanup_msg sd_bus_message *m = NULL;
  cleanup_free char *what = NULL;
  int r;

  xasprintf (&what, "stop %s", unit);
  if (new_call (bus, &m, "StopUnit", err) < 0)
    return -1;
  if ((r = sd.append (m, "ss", unit, "replace")) < 0)
    return lc_error (err, -r, "systemd: %s: cannot build the D-Bus message", what);
  return run_job (bus, m, what, err);
}

/* Empty the cgroup as cgroupfs does, then stop the unit: systemd removes
   the cgroup.  A unit already gone (it stops by itself once empty) is
   fine.  */
static int
systemd_destroy (const struct lc_cgroup *cg, lc_error_t *err)
{
  cleanup_bus sd_bus *bus = NULL;
  cleanup_free char *dir = NULL;
  lc_error_t e = NULL;

  if (cg->dirfd < 0)
    return 0; /* create failed before the scope was started */
  if (lc_cgroupfs_empty (cg, err) < 0)
    return -1;
  if (bus_connect (&bus, err) < 0)
    return -1;
  if (subscribe (bus, &e) < 0 || stop_unit (bus, unit_of (cg), &e) < 0)
    {
      if (strstr (e->msg, "not loaded") == NULL)
        lc_debug ("%s, removing the cgroup itself", e->msg);
      lc_error_free (&e);
    }
  xasprintf (&dir, "%s%s", cg->mountpoint, cg->path);
  if (rmdir (dir) < 0 && errno != ENOENT)
    return lc_error (err, errno, "rmdir cgroup `%s`", dir);
  return 0;
}

const struct lc_cgroup_driver lc_cgroup_driver_systemd = {
  .name = "systemd",
  .path = systemd_path,
  .create = systemd_create,
  .enter = systemd_enter,
  .update = systemd_update,
  /* freeze, kill, pids, stats: cgroupfs's, on the delegated cgroup */
  .destroy = systemd_destroy,
  .release = systemd_release,
};
