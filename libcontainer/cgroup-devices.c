/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The cgroup v2 device controller is a BPF program (there is no devices.*
   file in v2).  The program is built by hand, one block per rule, checked
   from the last rule to the first so the last matching rule wins; no
   match denies.  The only file that includes linux/bpf.h.  */
#include "config.h"
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cgroup-devices.h"
#include "container.h"
#include "log.h"
#include "utils.h"

/* The devices every container gets, runc 1.1's AllowedDevices: mknod of
   anything, the standard character devices, the pty ones and tun.  Not
   c 5:1 (crun allows it): a container's /dev/console is the pty slave
   bound there (136:N), so 5:1 could only be the host's console.  */
static const struct lc_dev_rule default_rules[] = {
  { true, 'c', -1, -1, LC_DEV_ACC_MKNOD },
  { true, 'b', -1, -1, LC_DEV_ACC_MKNOD },
  { true, 'c', 1, 3, 7 },   /* null */
  { true, 'c', 1, 8, 7 },   /* random */
  { true, 'c', 1, 7, 7 },   /* full */
  { true, 'c', 5, 0, 7 },   /* tty */
  { true, 'c', 1, 5, 7 },   /* zero */
  { true, 'c', 1, 9, 7 },   /* urandom */
  { true, 'c', 136, -1, 7 }, /* pts/N */
  { true, 'c', 5, 2, 7 },   /* ptmx */
  { true, 'c', 10, 200, 7 }, /* net/tun */
};

static int
parse_access (const char *s, unsigned *out)
{
  *out = 0;
  if (s == NULL)
    s = "rwm";
  if (*s == '\0')
    return -1; /* matches nothing: refused, as runc does */
  for (; *s; s++)
    switch (*s)
      {
      case 'r': *out |= LC_DEV_ACC_READ; break;
      case 'w': *out |= LC_DEV_ACC_WRITE; break;
      case 'm': *out |= LC_DEV_ACC_MKNOD; break;
      default: return -1;
      }
  return 0;
}

int
lc_cgroup_devices_rules (const struct spec *spec, struct lc_dev_rule **rules, size_t *n,
                         lc_error_t *err)
{
  const struct spec_linux *l = spec->linux_config;
  const struct spec_resources *res = l ? l->resources : NULL;
  size_t nres = res ? res->n_devices : 0;
  size_t ndef = sizeof default_rules / sizeof default_rules[0], i, k = 0;
  struct lc_dev_rule *r = xreallocarray (NULL, nres + ndef, sizeof *r);

  for (i = 0; i < nres; i++)
    {
      const struct spec_device_rule *d = &res->devices[i];
      const char *t = d->type ? d->type : "a";

      if ((strcmp (t, "a") && strcmp (t, "b") && strcmp (t, "c"))
          || parse_access (d->access, &r[k].access) < 0)
        {
          free (r);
          return lc_error (err, EINVAL, "linux.resources.devices[%zu]: invalid type `%s` "
                           "or access `%s`", i, t, d->access ? d->access : "");
        }
      r[k].allow = d->allow;
      r[k].type = t[0];
      r[k].major = d->major.set ? d->major.v : -1;
      r[k].minor = d->minor.set ? d->minor.v : -1;
      k++;
    }
  /* After the config's rules, so they win (as in runc).  linux.devices
     adds nothing: it says which nodes exist, not which may be used, and a
     rule for each would undo a deny in linux.resources.devices.  */
  for (i = 0; i < ndef; i++)
    r[k++] = default_rules[i];
  *rules = r;
  *n = k;
  return 0;
}

/* ---- the program ------------------------------------------------------------ */

#define INSN(c, d, s, o, i) \
  ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

struct prog
{
  struct bpf_insn *insn;
  size_t n;
};

static size_t
emit (struct prog *p, struct bpf_insn i)
{
  p->insn = xreallocarray (p->insn, p->n + 1, sizeof *p->insn);
  p->insn[p->n] = i;
  return p->n++;
}

/* r2 = type, r3 = access, r4 = major, r5 = minor.  For one rule: each
   mismatch jumps past the block; a match returns allow/deny.  */
static bool
emit_rule (struct prog *p, const struct lc_dev_rule *r)
{
  size_t jumps[4], nj = 0, i;

  if (r->type != 'a')
    jumps[nj++] = emit (p, INSN (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 0,
                                 r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR));
  if (r->access != 7)
    {
      /* Match when every requested bit is in the rule: (acc & rule) == acc. */
      emit (p, INSN (BPF_ALU | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_3, 0, 0));
      emit (p, INSN (BPF_ALU | BPF_AND | BPF_K, BPF_REG_1, 0, 0, (int32_t) r->access));
      jumps[nj++] = emit (p, INSN (BPF_JMP | BPF_JNE | BPF_X, BPF_REG_1, BPF_REG_3, 0, 0));
    }
  if (r->major >= 0)
    jumps[nj++] = emit (p, INSN (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0, 0, (int32_t) r->major));
  if (r->minor >= 0)
    jumps[nj++] = emit (p, INSN (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, 0, (int32_t) r->minor));
  emit (p, INSN (BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, r->allow ? 1 : 0));
  emit (p, INSN (BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
  for (i = 0; i < nj; i++)
    p->insn[jumps[i]].off = (int16_t) (p->n - jumps[i] - 1);
  return nj == 0;
}

void
lc_cgroup_devices_program (const struct lc_dev_rule *rules, size_t n, void **prog,
                           size_t *n_insns)
{
  struct prog p = { NULL, 0 };
  size_t i;

  /* struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; } */
  emit (&p, INSN (BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, 0, 0));
  emit (&p, INSN (BPF_ALU | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 0xffff));
  emit (&p, INSN (BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_1, 0, 0));
  emit (&p, INSN (BPF_ALU | BPF_RSH | BPF_K, BPF_REG_3, 0, 0, 16));
  emit (&p, INSN (BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1, 4, 0));
  emit (&p, INSN (BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1, 8, 0));
  /* A rule matching everything ends the program: the verifier refuses
     unreachable instructions after it.  */
  for (i = n; i-- > 0;)
    if (emit_rule (&p, &rules[i]))
      goto done;
  emit (&p, INSN (BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0));
  emit (&p, INSN (BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
done:
  *prog = p.insn;
  *n_insns = p.n;
}

int
lc_cgroup_devices_check (const struct spec *spec, lc_error_t *err)
{
  struct lc_dev_rule *rules = NULL;
  size_t n;

  if (lc_cgroup_devices_rules (spec, &rules, &n, err) < 0)
    return -1;
  free (rules);
  return 0;
}

static int
sys_bpf (int cmd, union bpf_attr *attr)
{
  return (int) syscall (__NR_bpf, cmd, attr, sizeof *attr);
}

int
lc_cgroup_devices_apply (int dirfd, const struct spec *spec, lc_error_t *err)
{
  cleanup_free struct lc_dev_rule *rules = NULL;
  cleanup_free void *prog = NULL;
  cleanup_close int progfd = -1;
  union bpf_attr attr;
  size_t n, ninsn;

  if (lc_cgroup_devices_rules (spec, &rules, &n, err) < 0)
    return -1;
  lc_cgroup_devices_program (rules, n, &prog, &ninsn);
  memset (&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = (uint64_t) (uintptr_t) prog;
  attr.insn_cnt = (uint32_t) ninsn;
  attr.license = (uint64_t) (uintptr_t) "GPL";
  progfd = sys_bpf (BPF_PROG_LOAD, &attr);
  /* Rootless, the kernel refuses an ordinary user a device program; a
     user namespace cannot make device nodes, and /dev holds binds of the
     host's, so the filter has nothing to add.  */
  if (progfd < 0 && (errno == EPERM || errno == EACCES) && lc_rootless ())
    {
      lc_debug ("rootless: no device filter (bpf: %s): /dev holds bind mounts of host nodes",
                strerror (errno));
      return 0;
    }
  if (progfd < 0)
    {
      /* Once more with the verifier's log, for the error message.  */
      static char log[8192];
      int saved = errno;

      attr.log_buf = (uint64_t) (uintptr_t) log;
      attr.log_size = sizeof log;
      attr.log_level = 1;
      sys_bpf (BPF_PROG_LOAD, &attr);
      log[sizeof log - 1] = '\0';
      return lc_error (err, saved, "load the cgroup device filter (bpf BPF_PROG_LOAD)%s%s",
                       log[0] ? ": " : "", log);
    }
  memset (&attr, 0, sizeof attr);
  attr.target_fd = (uint32_t) dirfd;
  attr.attach_bpf_fd = (uint32_t) progfd;
  attr.attach_type = BPF_CGROUP_DEVICE;
  attr.attach_flags = BPF_F_ALLOW_MULTI;
  if (sys_bpf (BPF_PROG_ATTACH, &attr) < 0)
    return lc_error (err, errno, "attach the cgroup device filter");
  return 0;
}
