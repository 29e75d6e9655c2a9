/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* linux.resources → cgroup v2 interface files (Documentation/admin-guide/
   cgroup-v2.rst).  The v1-only settings are errors (realtime, the OOM killer
   switch: dropping them would change what the container may do) or, where
   runc drops them (swappiness, kernel memory, net_cls/net_prio), a
   warning; never silently dropped.  */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include "cgroup-resources.h"
#include "log.h"
#include "utils.h"

const char *const lc_cgroup_controller_names[LC_CG_N]
  = { "cpu", "cpuset", "io", "memory", "hugetlb", "pids", "rdma", "misc" };

uint64_t
lc_cgroup_shares_to_weight (uint64_t shares)
{
  if (shares == 0)
    return 0;
  if (shares < 2)
    shares = 2;
  if (shares > 262144)
    shares = 262144;
  return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t
lc_cgroup_blkio_to_io_weight (uint64_t weight)
{
  if (weight == 0)
    return 0;
  if (weight < 10)
    weight = 10;
  if (weight > 1000)
    weight = 1000;
  return 1 + ((weight - 10) * 9999) / 990;
}

/* As runc 1.1's fs2 setCpu: quota and period both 0 (or absent) leave
   cpu.max alone; no period keeps the cgroup's (the kernel takes "QUOTA"
   alone), so an update of the quota alone does not reset it to 100 ms.  */
void
lc_cgroup_cpu_max_value (const struct spec_cpu *c, char *out, size_t size)
{
  int64_t quota = c->quota.set ? c->quota.v : 0;
  uint64_t period = c->period.set ? c->period.v : 0;
  int n;

  out[0] = '\0';
  if (quota == 0 && period == 0)
    return;
  n = quota > 0 ? snprintf (out, size, "%" PRId64, quota) : snprintf (out, size, "max");
  if (period != 0)
    snprintf (out + n, size - (size_t) n, " %" PRIu64, period);
}

int
lc_cgroup_swap_value (const struct spec_memory *m, char *out, size_t size, lc_error_t *err)
{
  bool no_swap = !m->swap.set || m->swap.v == 0;

  out[0] = '\0';
  /* runc's ConvertMemorySwapToCgroupV2Value: an unlimited memory with no
     swap given is "both unlimited", as on cgroup v1.  */
  if (no_swap && m->limit.set && m->limit.v == -1)
    {
      snprintf (out, size, "max");
      return 0;
    }
  if (no_swap)
    return 0;
  if (m->swap.v == -1)
    {
      snprintf (out, size, "max");
      return 0;
    }
  /* The spec's swap is memory+swap (a v1 notion); v2 limits swap alone.
     Any negative limit is written as "max" (fmt_limit), so it is no limit
     here either, and swap - limit cannot overflow below.  */
  if (!m->limit.set || m->limit.v <= 0)
    return lc_error (err, EINVAL, "linux.resources.memory.swap: a swap limit needs "
                     "linux.resources.memory.limit");
  if (m->swap.v < m->limit.v)
    return lc_error (err, EINVAL, "linux.resources.memory.swap: %" PRId64 " is smaller "
                     "than memory.limit %" PRId64 " (swap is memory+swap)", m->swap.v,
                     m->limit.v);
  snprintf (out, size, "%" PRId64, m->swap.v - m->limit.v);
  return 0;
}

int
lc_cgroup_unified_key (const char *key, unsigned *mask)
{
  const char *dot = strchr (key, '.');
  size_t i;

  *mask = 0;
  if (dot == NULL || dot == key || dot[1] == '\0' || strchr (key, '/')
      || strcmp (key, "..") == 0 || strcmp (key, ".") == 0)
    return -1;
  if ((size_t) (dot - key) == strlen ("cgroup") && strncmp (key, "cgroup", 6) == 0)
    return 0;
  for (i = 0; i < LC_CG_N; i++)
    if (strlen (lc_cgroup_controller_names[i]) == (size_t) (dot - key)
        && strncmp (key, lc_cgroup_controller_names[i], dot - key) == 0)
      {
        *mask = 1u << i;
        return 0;
      }
  return -1;
}

static void
need (unsigned *mask, const char *why[LC_CG_N], unsigned bit, const char *path)
{
  unsigned i;

  for (i = 0; i < LC_CG_N; i++)
    if (bit == 1u << i && !(*mask & bit))
      why[i] = path;
  *mask |= bit;
}

static int
needed_memory (const struct spec_memory *m, unsigned *mask, const char *why[], lc_error_t *err)
{
  char swap[32];

  if (m->disable_oom_killer.set && m->disable_oom_killer.v)
    return lc_error (err, EINVAL, "linux.resources.memory.disableOOMKiller: not "
                     "supported on cgroup v2");
  if (lc_cgroup_swap_value (m, swap, sizeof swap, err) < 0)
    return -1;
  if (m->limit.set || m->reservation.set || swap[0])
    need (mask, why, LC_CG_MEMORY, "linux.resources.memory");
  return 0;
}

static int
needed_cpu (const struct spec_cpu *c, unsigned *mask, const char *why[], lc_error_t *err)
{
  if (c->realtime_runtime.set || c->realtime_period.set)
    return lc_error (err, EINVAL, "linux.resources.cpu.realtimeRuntime: not supported on "
                     "cgroup v2");
  if (c->shares.set || c->quota.set || c->period.set || c->burst.set || c->idle.set)
    need (mask, why, LC_CG_CPU, "linux.resources.cpu");
  if ((c->cpus && c->cpus[0]) || (c->mems && c->mems[0]))
    need (mask, why, LC_CG_CPUSET, "linux.resources.cpu.cpus");
  return 0;
}

static bool
block_io_set (const struct spec_block_io *b)
{
  return b->weight.set || b->n_weight_device || b->n_throttle_read_bps
         || b->n_throttle_write_bps || b->n_throttle_read_iops || b->n_throttle_write_iops;
}

/* Settings that exist only in cgroup v1 and that runc drops on v2: a
   warning, not a failure, so configs written for v1 (podman's
   --memory-swappiness, a net_cls class id) still run.  */
void
lc_cgroup_warn_ignored (const struct spec_resources *res)
{
  const struct spec_memory *m = res ? res->memory : NULL;

  /* -1 (read as UINT64_MAX) is Docker's "not set".  */
  if (m && m->swappiness.set && m->swappiness.v != UINT64_MAX)
    lc_warn ("linux.resources.memory.swappiness: not supported on cgroup v2, ignoring");
  if (m && (m->kernel.set || m->kernel_tcp.set))
    lc_warn ("linux.resources.memory.kernel/kernelTCP: not supported on cgroup v2, ignoring");
  if (res && res->network && (res->network->class_id.set || res->network->n_priorities))
    lc_warn ("linux.resources.network: net_cls/net_prio exist only in cgroup v1, ignoring");
}

int
lc_cgroup_needed (const struct spec_resources *res, unsigned *mask, const char *why[LC_CG_N],
                  lc_error_t *err)
{
  size_t i;

  *mask = 0;
  if (res == NULL)
    return 0;
  if (res->memory && needed_memory (res->memory, mask, why, err) < 0)
    return -1;
  if (res->cpu && needed_cpu (res->cpu, mask, why, err) < 0)
    return -1;
  if (res->pids && res->pids->limit.set)
    need (mask, why, LC_CG_PIDS, "linux.resources.pids");
  if (res->block_io && block_io_set (res->block_io))
    need (mask, why, LC_CG_IO, "linux.resources.blockIO");
  if (res->n_hugepage_limits)
    need (mask, why, LC_CG_HUGETLB, "linux.resources.hugepageLimits");
  if (res->n_rdma)
    need (mask, why, LC_CG_RDMA, "linux.resources.rdma");
  for (i = 0; i < res->n_unified; i++)
    {
      unsigned bit;

      if (lc_cgroup_unified_key (res->unified[i].key, &bit) < 0)
        return lc_error (err, EINVAL, "linux.resources.unified: invalid key `%s` (must be "
                         "a file \"controller.name\" of the container's cgroup)",
                         res->unified[i].key);
      if (bit)
        need (mask, why, bit, "linux.resources.unified");
    }
  return 0;
}

static void
drop_controller (unsigned bit, struct spec_resources *out, struct spec_cpu *cpu)
{
  if (bit == LC_CG_MEMORY)
    out->memory = NULL;
  if (bit == LC_CG_CPU)
    cpu->shares.set = cpu->quota.set = cpu->period.set = cpu->burst.set = cpu->idle.set = false;
  if (bit == LC_CG_CPUSET)
    cpu->cpus = cpu->mems = NULL;
  if (bit == LC_CG_PIDS)
    out->pids = NULL;
  if (bit == LC_CG_IO)
    out->block_io = NULL;
  if (bit == LC_CG_HUGETLB)
    out->n_hugepage_limits = 0;
  if (bit == LC_CG_RDMA)
    out->n_rdma = 0;
}

void
lc_cgroup_resources_delegated (int dirfd, const struct spec_resources *res,
                               struct spec_resources *out, struct spec_cpu *cpu,
                               const char *who)
{
  const char *why[LC_CG_N] = { 0 };
  cleanup_free char *have = NULL;
  unsigned mask, missing = 0;
  size_t len, i;

  *out = *res;
  if (res->cpu)
    *cpu = *res->cpu, out->cpu = cpu;
  if (lc_cgroup_needed (res, &mask, why, NULL) < 0
      || read_file_at (dirfd, "cgroup.controllers", &have, &len, NULL) < 0)
    return; /* create checked the first; the writes will say the second */
  for (i = 0; i < LC_CG_N; i++)
    {
      if (!(mask & (1u << i)) || word_in_list (have, lc_cgroup_controller_names[i]))
        continue;
      lc_warn ("rootless: %s delegates no `%s` controller: %s ignored", who,
               lc_cgroup_controller_names[i], why[i]);
      drop_controller (1u << i, out, cpu);
      missing |= 1u << i;
    }
  for (i = 0; i < out->n_unified; i++)
    {
      unsigned bit = 0;

      if (lc_cgroup_unified_key (out->unified[i].key, &bit) == 0 && (bit & missing))
        out->n_unified = 0;
    }
}

/* ---- writes --------------------------------------------------------------- */

static int
cg_write (int dirfd, const char *file, const char *value, lc_error_t *err)
{
  if (write_file_at (dirfd, file, value, strlen (value), err) < 0)
    return lc_error_wrap (err, "cgroup `%s` = `%s`", file, value);
  return 0;
}

static void
fmt_limit (char *out, size_t size, int64_t v)
{
  if (v < 0)
    snprintf (out, size, "max");
  else
    snprintf (out, size, "%" PRId64, v);
}

static int
write_memory (int dirfd, const struct spec_memory *m, lc_error_t *err)
{
  char v[32];

  if (m->limit.set && m->limit.v != 0)
    {
      fmt_limit (v, sizeof v, m->limit.v);
      if (cg_write (dirfd, "memory.max", v, err) < 0)
        return -1;
    }
  if (m->reservation.set && m->reservation.v != 0)
    {
      fmt_limit (v, sizeof v, m->reservation.v);
      if (cg_write (dirfd, "memory.low", v, err) < 0)
        return -1;
    }
  if (lc_cgroup_swap_value (m, v, sizeof v, err) < 0)
    return -1;
  if (v[0] && cg_write (dirfd, "memory.swap.max", v, err) < 0)
    return -1;
  return 0;
}

static int
write_cpu (int dirfd, const struct spec_cpu *c, lc_error_t *err)
{
  char v[64];

  if (c->shares.set && c->shares.v)
    {
      snprintf (v, sizeof v, "%" PRIu64, lc_cgroup_shares_to_weight (c->shares.v));
      if (cg_write (dirfd, "cpu.weight", v, err) < 0)
        return -1;
    }
  lc_cgroup_cpu_max_value (c, v, sizeof v);
  if (v[0] && cg_write (dirfd, "cpu.max", v, err) < 0)
    return -1;
  if (c->burst.set)
    {
      snprintf (v, sizeof v, "%" PRIu64, c->burst.v);
      if (cg_write (dirfd, "cpu.max.burst", v, err) < 0)
        return -1;
    }
  if (c->idle.set)
    {
      snprintf (v, sizeof v, "%" PRId64, c->idle.v);
      if (cg_write (dirfd, "cpu.idle", v, err) < 0)
        return -1;
    }
  if (c->cpus && c->cpus[0] && cg_write (dirfd, "cpuset.cpus", c->cpus, err) < 0)
    return -1;
  if (c->mems && c->mems[0] && cg_write (dirfd, "cpuset.mems", c->mems, err) < 0)
    return -1;
  return 0;
}

/* io.bfq.weight takes the blkio range as is; io.weight (no BFQ) converted. */
static int
write_io_weight (int dirfd, const char *dev, uint64_t w, lc_error_t *err)
{
  char v[64];
  lc_error_t e = NULL;

  snprintf (v, sizeof v, "%s%s%" PRIu64, dev ? dev : "", dev ? " " : "", w);
  if (faccessat (dirfd, "io.bfq.weight", F_OK, 0) == 0
      && cg_write (dirfd, "io.bfq.weight", v, &e) == 0)
    return 0;
  lc_error_free (&e);
  snprintf (v, sizeof v, "%s%s%" PRIu64, dev ? dev : "", dev ? " " : "",
            lc_cgroup_blkio_to_io_weight (w));
  return cg_write (dirfd, "io.weight", v, err);
}

static int
write_throttle (int dirfd, const struct spec_throttle_device *d, size_t n, const char *key,
                lc_error_t *err)
{
  char v[96];
  size_t i;

  for (i = 0; i < n; i++)
    {
      snprintf (v, sizeof v, "%" PRId64 ":%" PRId64 " %s=%" PRIu64, d[i].major, d[i].minor,
                key, d[i].rate);
      if (cg_write (dirfd, "io.max", v, err) < 0)
        return -1;
    }
  return 0;
}

static int
write_io (int dirfd, const struct spec_block_io *b, lc_error_t *err)
{
  size_t i;

  if (b->weight.set && b->weight.v && write_io_weight (dirfd, NULL, b->weight.v, err) < 0)
    return -1;
  for (i = 0; i < b->n_weight_device; i++)
    {
      char dev[48];

      if (!b->weight_device[i].weight.set)
        continue;
      snprintf (dev, sizeof dev, "%" PRId64 ":%" PRId64, b->weight_device[i].major,
                b->weight_device[i].minor);
      if (write_io_weight (dirfd, dev, b->weight_device[i].weight.v, err) < 0)
        return -1;
    }
  if (write_throttle (dirfd, b->throttle_read_bps, b->n_throttle_read_bps, "rbps", err) < 0
      || write_throttle (dirfd, b->throttle_write_bps, b->n_throttle_write_bps, "wbps", err) < 0
      || write_throttle (dirfd, b->throttle_read_iops, b->n_throttle_read_iops, "riops", err) < 0
      || write_throttle (dirfd, b->throttle_write_iops, b->n_throttle_write_iops, "wiops", err)
           < 0)
    return -1;
  return 0;
}

static int
write_hugetlb_rdma (int dirfd, const struct spec_resources *res, lc_error_t *err)
{
  char file[96], v[128];
  size_t i;

  for (i = 0; i < res->n_hugepage_limits; i++)
    {
      if (strchr (res->hugepage_limits[i].page_size, '/'))
        return lc_error (err, EINVAL, "linux.resources.hugepageLimits[%zu].pageSize: "
                         "invalid `%s`", i, res->hugepage_limits[i].page_size);
      snprintf (file, sizeof file, "hugetlb.%s.max", res->hugepage_limits[i].page_size);
      snprintf (v, sizeof v, "%" PRIu64, res->hugepage_limits[i].limit);
      if (cg_write (dirfd, file, v, err) < 0)
        return -1;
    }
  for (i = 0; i < res->n_rdma; i++)
    {
      const struct spec_rdma *r = &res->rdma[i];
      char h[32] = "max", o[32] = "max";

      if (r->hca_handles.set)
        snprintf (h, sizeof h, "%" PRIu64, r->hca_handles.v);
      if (r->hca_objects.set)
        snprintf (o, sizeof o, "%" PRIu64, r->hca_objects.v);
      snprintf (v, sizeof v, "%s hca_handle=%s hca_object=%s", r->device, h, o);
      if (cg_write (dirfd, "rdma.max", v, err) < 0)
        return -1;
    }
  return 0;
}

int
lc_cgroup_write_resources (int dirfd, const struct spec_resources *res, lc_error_t *err)
{
  size_t i;

  if (res == NULL)
    return 0;
  if (res->memory && write_memory (dirfd, res->memory, err) < 0)
    return -1;
  if (res->cpu && write_cpu (dirfd, res->cpu, err) < 0)
    return -1;
  if (res->pids && res->pids->limit.set)
    {
      char v[32];

      fmt_limit (v, sizeof v, res->pids->limit.v > 0 ? res->pids->limit.v : -1);
      if (cg_write (dirfd, "pids.max", v, err) < 0)
        return -1;
    }
  if (res->block_io && write_io (dirfd, res->block_io, err) < 0)
    return -1;
  if (write_hugetlb_rdma (dirfd, res, err) < 0)
    return -1;
  for (i = 0; i < res->n_unified; i++)
    {
      unsigned bit;

      if (lc_cgroup_unified_key (res->unified[i].key, &bit) < 0)
        return lc_error (err, EINVAL, "linux.resources.unified: invalid key `%s`",
                         res->unified[i].key);
      if (cg_write (dirfd, res->unified[i].key, res->unified[i].value, err) < 0)
        return -1;
    }
  return 0;
}
