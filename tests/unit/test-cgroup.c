/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroup v2 value conversions, unified key validation, which controllers a
   config needs, the device rule list, and the shape of the BPF device
   program.  */
#include "config.h"
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include "cgroup.h"
#include "cgroup-devices.h"
#include "cgroup-resources.h"
#include "tap.h"

static void
test_conversions (void)
{
  struct spec_memory m = { 0 };
  char v[32];
  lc_error_t e = NULL;

  ok (lc_cgroup_shares_to_weight (2) == 1, "shares 2 -> weight 1");
  ok (lc_cgroup_shares_to_weight (1024) == 39, "shares 1024 -> weight 39 (runc)");
  ok (lc_cgroup_shares_to_weight (262144) == 10000, "shares 262144 -> weight 10000");
  ok (lc_cgroup_blkio_to_io_weight (10) == 1, "blkio 10 -> io 1");
  ok (lc_cgroup_blkio_to_io_weight (500) == 1 + 490 * 9999 / 990, "blkio 500 -> io.weight");
  ok (lc_cgroup_blkio_to_io_weight (1000) == 10000, "blkio 1000 -> io 10000");

  m.limit = (struct opt_i64){ true, 100 };
  m.swap = (struct opt_i64){ true, 300 };
  ok (lc_cgroup_swap_value (&m, v, sizeof v, &e) == 0 && strcmp (v, "200") == 0,
      "swap.max = swap - limit (%s)", v);
  m.swap.v = -1;
  ok (lc_cgroup_swap_value (&m, v, sizeof v, &e) == 0 && strcmp (v, "max") == 0,
      "swap -1 -> max");
  m.swap.v = 50;
  ok (lc_cgroup_swap_value (&m, v, sizeof v, &e) < 0, "swap below limit refused");
  lc_error_free (&e);
  m.limit.set = false;
  m.swap.v = 300;
  ok (lc_cgroup_swap_value (&m, v, sizeof v, &e) < 0 && strstr (e->msg, "memory.limit"),
      "swap without limit refused");
  lc_error_free (&e);
  /* Found by fuzz-resources: INT64_MAX - (-2) overflowed.  */
  m.limit = (struct opt_i64){ true, -2 };
  m.swap.v = INT64_MAX;
  ok (lc_cgroup_swap_value (&m, v, sizeof v, &e) < 0 && strstr (e->msg, "memory.limit"),
      "swap with a negative (unlimited) limit refused");
  lc_error_free (&e);
  /* runc's ConvertMemorySwapToCgroupV2Value: an unlimited memory with no
     swap given is "both unlimited".  */
  m.limit = (struct opt_i64){ true, -1 };
  m.swap = (struct opt_i64){ false, 0 };
  ok (lc_cgroup_swap_value (&m, v, sizeof v, &e) == 0 && strcmp (v, "max") == 0,
      "limit -1 without swap -> swap max, as runc (%s)", v);
  m.swap = (struct opt_i64){ true, 0 };
  ok (lc_cgroup_swap_value (&m, v, sizeof v, &e) == 0 && strcmp (v, "max") == 0,
      "limit -1 with swap 0 -> swap max, as runc (%s)", v);
  lc_error_free (&e);
}

/* cpu.max as runc 1.1's fs2 setCpu writes it: nothing when quota and
   period are both 0 or absent, "max" for no (or a negative) quota, and
   the period only when one is given (else the kernel keeps the cgroup's).  */
static void
test_cpu_max (void)
{
  static const struct
  {
    struct opt_i64 quota;
    struct opt_u64 period;
    const char *want;
  } cases[] = {
    { { false, 0 }, { false, 0 }, "" },
    { { true, 0 }, { false, 0 }, "" },
    { { true, 0 }, { true, 0 }, "" },
    { { true, 50000 }, { true, 100000 }, "50000 100000" },
    { { true, 50000 }, { false, 0 }, "50000" },
    { { true, -1 }, { true, 100000 }, "max 100000" },
    { { true, -1 }, { false, 0 }, "max" },
    { { false, 0 }, { true, 250000 }, "max 250000" },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      struct spec_cpu c = { 0 };
      char v[64];

      c.quota = cases[i].quota;
      c.period = cases[i].period;
      lc_cgroup_cpu_max_value (&c, v, sizeof v);
      ok (strcmp (v, cases[i].want) == 0, "cpu.max case %zu: \"%s\", runc's \"%s\"", i, v,
          cases[i].want);
    }
}

static void
test_unified (void)
{
  unsigned mask;

  ok (lc_cgroup_unified_key ("memory.high", &mask) == 0 && mask == LC_CG_MEMORY,
      "memory.high needs memory");
  ok (lc_cgroup_unified_key ("cgroup.freeze", &mask) == 0 && mask == 0,
      "core cgroup.* needs no controller");
  ok (lc_cgroup_unified_key ("../memory.max", &mask) < 0, "`..` refused");
  ok (lc_cgroup_unified_key ("a/memory.max", &mask) < 0, "`/` refused");
  ok (lc_cgroup_unified_key ("nodot", &mask) < 0, "a key without a controller refused");
  ok (lc_cgroup_unified_key ("foo.bar", &mask) < 0, "unknown controller refused");
}

static void
test_needed (void)
{
  struct spec_memory m = { .limit = { true, 1 << 20 } };
  struct spec_pids p = { .limit = { true, 10 } };
  struct spec_network net = { .class_id = { true, 1 } };
  struct spec_resources r = { .memory = &m, .pids = &p };
  const char *why[LC_CG_N] = { 0 };
  lc_error_t e = NULL;
  unsigned mask;

  ok (lc_cgroup_needed (&r, &mask, why, &e) == 0 && mask == (LC_CG_MEMORY | LC_CG_PIDS),
      "memory + pids needed");
  ok (why[3] && strcmp (why[3], "linux.resources.memory") == 0, "the reason names the field");
  r.network = &net;
  ok (lc_cgroup_needed (&r, &mask, why, &e) == 0 && mask == (LC_CG_MEMORY | LC_CG_PIDS),
      "network (v1 only) needs no controller (a warning, as with runc)");
  m.swappiness = (struct opt_u64){ true, 60 };
  ok (lc_cgroup_needed (&r, &mask, why, &e) == 0, "swappiness (v1 only) is not an error");
  m.swappiness = (struct opt_u64){ false, 0 };
  r.network = NULL;
  m.disable_oom_killer = (struct opt_bool){ true, true };
  ok (lc_cgroup_needed (&r, &mask, why, &e) < 0, "disableOOMKiller refused");
  lc_error_free (&e);
  ok (lc_cgroup_needed (NULL, &mask, why, &e) == 0 && mask == 0, "no resources, no controller");
}

/* What the rule list decides for one access, read the way the BPF program
   reads it: the last matching rule wins, no match denies.  */
static bool
dev_allowed (const struct lc_dev_rule *r, size_t n, char type, int64_t major, int64_t minor,
             unsigned access)
{
  while (n-- > 0)
    if ((r[n].type == 'a' || r[n].type == type) && (r[n].major < 0 || r[n].major == major)
        && (r[n].minor < 0 || r[n].minor == minor) && (r[n].access & access) == access)
      return r[n].allow;
  return false;
}

static void
test_rules (void)
{
  struct spec_device_rule conf[] = {
    { .allow = false, .access = (char *) "rwm" },
    { .allow = true, .type = (char *) "c", .major = { true, 1 }, .minor = { true, 11 },
      .access = (char *) "r" },
  };
  struct spec_resources res = { .devices = conf, .n_devices = 1 }; /* deny-all only */
  struct spec_device devs[] = {
    { .type = (char *) "c", .path = (char *) "/dev/kmsg", .major = 1, .minor = 11 },
    { .type = (char *) "b", .path = (char *) "/dev/loop0", .major = 7, .minor = 0 },
  };
  struct spec_linux l = { .devices = devs, .n_devices = 2, .resources = &res };
  struct spec spec = { .linux_config = &l };
  const unsigned r = LC_DEV_ACC_READ, rw = LC_DEV_ACC_READ | LC_DEV_ACC_WRITE;
  struct lc_dev_rule *rules = NULL;
  lc_error_t e = NULL;
  size_t n = 0;

  /* linux.devices says which nodes exist, linux.resources.devices which
     may be used: a node listed in the first is not allowed by it.  */
  ok (lc_cgroup_devices_rules (&spec, &rules, &n, &e) == 0, "deny-all + linux.devices: rules");
  ok (!dev_allowed (rules, n, 'c', 1, 11, r), "c 1:11 (kmsg) from linux.devices not readable");
  ok (!dev_allowed (rules, n, 'b', 7, 0, rw), "b 7:0 (loop0) from linux.devices not usable");
  ok (dev_allowed (rules, n, 'c', 1, 3, rw), "c 1:3 (null) allowed by the defaults");
  ok (dev_allowed (rules, n, 'c', 136, 4, rw), "c 136:* (pts) allowed by the defaults");
  ok (dev_allowed (rules, n, 'b', 7, 0, LC_DEV_ACC_MKNOD), "mknod of anything allowed (runc)");
  ok (dev_allowed (rules, n, 'c', 10, 200, rw), "c 10:200 (net/tun) allowed (runc)");
  /* /dev/console is the pty slave bound there (136:N), never the host's.  */
  ok (!dev_allowed (rules, n, 'c', 5, 1, rw), "c 5:1 (the host's console) not allowed (runc)");
  free (rules);

  /* No linux.resources at all: the defaults only, still not the device.  */
  l.resources = NULL;
  ok (lc_cgroup_devices_rules (&spec, &rules, &n, &e) == 0
      && !dev_allowed (rules, n, 'c', 1, 11, r), "no resources: c 1:11 not readable");
  free (rules);

  /* The config can allow it, and only as far as it says.  */
  l.resources = &res;
  res.n_devices = 2;
  ok (lc_cgroup_devices_rules (&spec, &rules, &n, &e) == 0
      && dev_allowed (rules, n, 'c', 1, 11, r)
      && !dev_allowed (rules, n, 'c', 1, 11, LC_DEV_ACC_WRITE),
      "an allow rule for c 1:11 r lets it be read, not written");
  free (rules);

  /* runc's access strings: any order, letters repeated, the same set.  */
  conf[1].access = (char *) "wrrw";
  ok (lc_cgroup_devices_rules (&spec, &rules, &n, &e) == 0
      && dev_allowed (rules, n, 'c', 1, 11, rw), "access \"wrrw\" is rw");
  free (rules);
  conf[1].access = (char *) "";
  ok (lc_cgroup_devices_rules (&spec, &rules, &n, &e) < 0, "access \"\" refused (runc)");
  lc_error_free (&e);
  conf[1].access = NULL;
  ok (lc_cgroup_devices_rules (&spec, &rules, &n, &e) == 0
      && dev_allowed (rules, n, 'c', 1, 11, rw | LC_DEV_ACC_MKNOD),
      "no access is rwm (the spec's optional field; crun)");
  free (rules);
  lc_error_free (&e);
}

static void
test_program (void)
{
  struct lc_dev_rule deny_all = { false, 'a', -1, -1, 7 };
  struct lc_dev_rule null = { true, 'c', 1, 3, 7 };
  struct lc_dev_rule rules[2] = { deny_all, null };
  struct bpf_insn *p;
  void *prog;
  size_t n;

  lc_cgroup_devices_program (&null, 1, &prog, &n);
  p = prog;
  /* 6 loads, then type, major, minor checks + mov + exit, then default deny. */
  ok (n == 6 + 5 + 2, "one rule: %zu insns", n);
  ok (p[6].code == (BPF_JMP | BPF_JNE | BPF_K) && p[6].imm == BPF_DEVCG_DEV_CHAR
      && p[6].off == 4, "type check jumps past the rule");
  ok (p[9].imm == 1 && p[10].code == (BPF_JMP | BPF_EXIT), "a match allows");
  ok (p[11].imm == 0 && p[12].code == (BPF_JMP | BPF_EXIT), "no match denies");
  free (prog);

  lc_cgroup_devices_program (rules, 2, &prog, &n);
  p = prog;
  /* The last rule (null) first, then deny-all ends the program.  */
  ok (n == 6 + 5 + 2, "deny-all last evaluated ends the program: %zu insns", n);
  ok (p[n - 2].imm == 0 && p[n - 1].code == (BPF_JMP | BPF_EXIT), "deny-all returns 0");
  ok (p[6].imm == BPF_DEVCG_DEV_CHAR, "the last rule is checked first");
  free (prog);
}

/* --systemd-cgroup's cgroupsPath "slice:prefix:name" → the scope's cgroup,
   as systemd names it (no systemd needed: no side effect).  */
static void
systemd_path_is (const char *cp, const char *want)
{
  struct spec_linux l = { .cgroups_path = (char *) cp };
  struct spec spec = { .linux_config = &l };
  char *path = NULL;
  lc_error_t e = NULL;
  int r = lc_cgroup_path (&spec, "c1", true, &path, &e);

  if (want)
    ok (r == 0 && strcmp (path, want) == 0, "systemd: `%s` -> %s (got %s)", cp ? cp : "(none)",
        want, r == 0 ? path : e->msg);
  else
    ok (r < 0 && strstr (e->msg, "linux.cgroupsPath"), "systemd: `%s` refused (%s)", cp,
        r < 0 ? e->msg : path);
  free (path);
  lc_error_free (&e);
}

static void
test_systemd_paths (void)
{
  systemd_path_is (NULL, "/system.slice/moat-c1.scope");
  systemd_path_is ("", "/system.slice/moat-c1.scope");
  systemd_path_is ("machine.slice:libpod:abc", "/machine.slice/libpod-abc.scope");
  systemd_path_is ("kubepods-burstable-pod12_3.slice:cri-containerd:x9",
                   "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12_3.slice"
                   "/cri-containerd-x9.scope");
  systemd_path_is ("-.slice:p:n", "/p-n.scope");
  systemd_path_is (":p:n", "/system.slice/p-n.scope");
  systemd_path_is ("user.slice::n", "/user.slice/n.scope");
  systemd_path_is ("/moat/c1", NULL);
  systemd_path_is ("a:b", NULL);
  systemd_path_is ("a:b:c:d", NULL);
  systemd_path_is ("notaslice:p:n", NULL);
  systemd_path_is ("a--b.slice:p:n", NULL);
  systemd_path_is ("a/b.slice:p:n", NULL);
  systemd_path_is ("system.slice:p:n/../x", NULL);
  systemd_path_is ("system.slice:p:sub.slice", NULL);
}

int
main (void)
{
  test_conversions ();
  test_cpu_max ();
  test_unified ();
  test_needed ();
  test_rules ();
  test_program ();
  test_systemd_paths ();
  return tap_done ();
}
