/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The default config.json written by `moat spec`.
 *
 * Like runc's: an unprivileged shell in new namespaces with three
 * capabilities, a read-only root and the usual /proc paths masked; unlike
 * runc's it also carries a seccomp profile and no new privileges.  With
 * --rootless, the calling user becomes root in a new user namespace, the
 * host network is kept (an unprivileged user cannot configure a new one)
 * and /sys is bound from the host since sysfs cannot be mounted there.
 * Every list is a static table; `rootless` picks rows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>

#include "seccomp.h"
#include "spec.h"
#include "utils.h"

enum which
{
  BOTH,
  ROOTFUL, /* only without --rootless */
  ROOTLESS,
};

static bool
wanted (enum which w, bool rootless)
{
  return w == BOTH || (w == ROOTLESS) == rootless;
}

static const struct default_mount
{
  enum which which;
  const char *destination;
  const char *type;
  const char *source;
  const char *const options[8];
} default_mounts[] = {
  { BOTH, "/proc", "proc", "proc", { NULL } },
  { BOTH, "/dev", "tmpfs", "tmpfs", { "nosuid", "strictatime", "mode=755", "size=65536k" } },
  { ROOTFUL, "/dev/pts", "devpts", "devpts",
    { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" } },
  /* gid=5 (tty) would not be mapped in a rootless user namespace.  */
  { ROOTLESS, "/dev/pts", "devpts", "devpts",
    { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620" } },
  { BOTH, "/dev/shm", "tmpfs", "shm",
    { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" } },
  { BOTH, "/dev/mqueue", "mqueue", "mqueue", { "nosuid", "noexec", "nodev" } },
  { ROOTFUL, "/sys", "sysfs", "sysfs", { "nosuid", "noexec", "nodev", "ro" } },
  { ROOTLESS, "/sys", "none", "/sys", { "rbind", "nosuid", "noexec", "nodev", "ro" } },
  { ROOTFUL, "/sys/fs/cgroup", "cgroup", "cgroup",
    { "nosuid", "noexec", "nodev", "relatime", "ro" } },
};

static const struct default_namespace
{
  enum which which;
  const char *type;
} default_namespaces[] = {
  { BOTH, "pid" },   { ROOTFUL, "network" }, { BOTH, "ipc" },    { BOTH, "uts" },
  { BOTH, "mount" }, { BOTH, "cgroup" },     { ROOTLESS, "user" },
};

static const char *const default_env[] = {
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  "TERM=xterm",
  NULL,
};

static const char *const default_caps[] = {
  "CAP_AUDIT_WRITE",
  "CAP_KILL",
  "CAP_NET_BIND_SERVICE",
  NULL,
};

/* runc's list, plus what containerd, podman and Docker mask today: the RAPL
   energy counters (CVE-2020-8694 class side channel), the per-CPU interrupt
   counts (GHSA-6fw5-f8r9-fgfm) and selinuxfs (podman: seeing it, dnf and
   rpm in the image take SELinux for enabled and fail setting it up).  A
   path missing on the host is skipped at run time.  Not the per-CPU
   thermal_throttle dirs Docker and podman glob on their host: a config
   file may run on another machine.  */
static const char *const default_masked_paths[] = {
  "/proc/acpi",        "/proc/asound",        "/proc/kcore",       "/proc/keys",
  "/proc/latency_stats", "/proc/timer_list",  "/proc/timer_stats", "/proc/sched_debug",
  "/sys/firmware",     "/proc/scsi",          "/proc/interrupts",
  "/sys/devices/virtual/powercap",            "/sys/fs/selinux",   NULL,
};

static const char *const default_readonly_paths[] = {
  "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL,
};

/* ---- generator helpers: the first failure sticks ------------------------- */

struct gen
{
  yajl_gen g;
  yajl_gen_status st;
};

static void
check (struct gen *g, yajl_gen_status st)
{
  if (g->st == yajl_gen_status_ok)
    g->st = st;
}

static void
str (struct gen *g, const char *s)
{
  check (g, yajl_gen_string (g->g, (const unsigned char *) s, strlen (s)));
}

static void
kv_str (struct gen *g, const char *key, const char *value)
{
  str (g, key);
  str (g, value);
}

static void
kv_int (struct gen *g, const char *key, long long value)
{
  str (g, key);
  check (g, yajl_gen_integer (g->g, value));
}

static void
kv_bool (struct gen *g, const char *key, bool value)
{
  str (g, key);
  check (g, yajl_gen_bool (g->g, value));
}

static void
kv_strv (struct gen *g, const char *key, const char *const *v)
{
  str (g, key);
  check (g, yajl_gen_array_open (g->g));
  for (; *v; v++)
    str (g, *v);
  check (g, yajl_gen_array_close (g->g));
}

static void
open_map (struct gen *g, const char *key)
{
  if (key)
    str (g, key);
  check (g, yajl_gen_map_open (g->g));
}

static void
close_map (struct gen *g)
{
  check (g, yajl_gen_map_close (g->g));
}

static void
open_array (struct gen *g, const char *key)
{
  str (g, key);
  check (g, yajl_gen_array_open (g->g));
}

static void
close_array (struct gen *g)
{
  check (g, yajl_gen_array_close (g->g));
}

/* ---- sections ------------------------------------------------------------ */

static void
gen_process (struct gen *g)
{
  open_map (g, "process");
  kv_bool (g, "terminal", true);
  open_map (g, "user");
  kv_int (g, "uid", 0);
  kv_int (g, "gid", 0);
  close_map (g);
  kv_strv (g, "args", (const char *const[]) { "sh", NULL });
  kv_strv (g, "env", default_env);
  kv_str (g, "cwd", "/");
  /* inheritable and ambient stay empty: absent.  */
  open_map (g, "capabilities");
  kv_strv (g, "bounding", default_caps);
  kv_strv (g, "effective", default_caps);
  kv_strv (g, "permitted", default_caps);
  close_map (g);
  open_array (g, "rlimits");
  open_map (g, NULL);
  kv_str (g, "type", "RLIMIT_NOFILE");
  kv_int (g, "hard", 1024);
  kv_int (g, "soft", 1024);
  close_map (g);
  close_array (g);
  kv_bool (g, "noNewPrivileges", true);
  close_map (g);
}

static void
gen_mounts (struct gen *g, bool rootless)
{
  size_t i;

  open_array (g, "mounts");
  for (i = 0; i < ARRAY_SIZE (default_mounts); i++)
    {
      const struct default_mount *m = &default_mounts[i];

      if (!wanted (m->which, rootless))
        continue;
      open_map (g, NULL);
      kv_str (g, "destination", m->destination);
      kv_str (g, "type", m->type);
      kv_str (g, "source", m->source);
      if (m->options[0])
        kv_strv (g, "options", m->options);
      close_map (g);
    }
  close_array (g);
}

static void
gen_idmap (struct gen *g, const char *key, unsigned host_id)
{
  open_array (g, key);
  open_map (g, NULL);
  kv_int (g, "containerID", 0);
  kv_int (g, "hostID", host_id);
  kv_int (g, "size", 1);
  close_map (g);
  close_array (g);
}

static int
gen_linux (struct gen *g, bool rootless, lc_error_t *err)
{
  size_t i;

  open_map (g, "linux");
  /* An unprivileged user cannot program the device cgroup: like runc,
     a rootless config has no resources.  */
  if (rootless)
    {
      gen_idmap (g, "uidMappings", getuid ());
      gen_idmap (g, "gidMappings", getgid ());
    }
  else
    {
      open_map (g, "resources");
      open_array (g, "devices");
      open_map (g, NULL);
      kv_bool (g, "allow", false);
      kv_str (g, "access", "rwm");
      close_map (g);
      close_array (g);
      close_map (g);
    }
  open_array (g, "namespaces");
  for (i = 0; i < ARRAY_SIZE (default_namespaces); i++)
    if (wanted (default_namespaces[i].which, rootless))
      {
        open_map (g, NULL);
        kv_str (g, "type", default_namespaces[i].type);
        close_map (g);
      }
  close_array (g);
  kv_strv (g, "maskedPaths", default_masked_paths);
  kv_strv (g, "readonlyPaths", default_readonly_paths);
  if (g->st == yajl_gen_status_ok)
    {
      open_map (g, "seccomp");
      if (lc_seccomp_default_profile (g->g, err) < 0)
        return -1;
      close_map (g);
    }
  close_map (g);
  return 0;
}

int
spec_generate_default (bool rootless, char **json, size_t *len, lc_error_t *err)
{
  struct gen g = { .st = yajl_gen_status_ok };
  const unsigned char *buf;
  size_t buf_len;
  int ret = 0;

  g.g = yajl_gen_alloc (NULL);
  if (g.g == NULL)
    abort ();
  yajl_gen_config (g.g, yajl_gen_beautify, 1);
  yajl_gen_config (g.g, yajl_gen_indent_string, "\t");
  open_map (&g, NULL);
  kv_str (&g, "ociVersion", "1.2.0");
  gen_process (&g);
  open_map (&g, "root");
  kv_str (&g, "path", "rootfs");
  kv_bool (&g, "readonly", true);
  close_map (&g);
  kv_str (&g, "hostname", "moat");
  gen_mounts (&g, rootless);
  if (gen_linux (&g, rootless, err) < 0)
    ret = lc_error_wrap (err, "generate the default config");
  close_map (&g);
  if (ret == 0 && g.st != yajl_gen_status_ok)
    ret = lc_error (err, EINVAL, "generate the default config (yajl status %d)", (int) g.st);
  if (ret == 0)
    {
      yajl_gen_get_buf (g.g, &buf, &buf_len);
      *json = xstrndup ((const char *) buf, buf_len);
      *len = buf_len;
    }
  yajl_gen_free (g.g);
  return ret;
}
