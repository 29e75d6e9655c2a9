/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Rootless: moat run by an ordinary user (or as root of a user namespace
   other than the initial one).  What changes is said in one place each:
   the state root (src/moat.c), the cgroup a user may have (container.c's
   make_cgroup and cgroupfs' default path), the device filter
   (cgroup-devices.c).  Every other layer applies as for root.  */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "log.h"
#include "rootless.h"
#include "utils.h"

/* The initial user namespace maps every id: "0 0 4294967295".  */
static bool
in_initial_userns (void)
{
  cleanup_free char *buf = NULL;
  unsigned long inside, outside, count;
  size_t len;

  if (read_file_at (-100 /* AT_FDCWD */, "/proc/self/uid_map", &buf, &len, NULL) < 0)
    return true;
  return sscanf (buf, "%lu %lu %lu", &inside, &outside, &count) == 3 && inside == 0
         && outside == 0 && count == 4294967295UL && strchr (buf, '\n') == buf + len - 1;
}

bool
lc_rootless (void)
{
  static int rootless = -1;

  if (rootless < 0)
    rootless = geteuid () != 0 || !in_initial_userns ();
  return rootless;
}

/* Whether the caller's own services are the ones to use: its runtime dir
   and, with --systemd-cgroup, its systemd.  An ordinary user; or root of a
   user namespace that carries a user's XDG_RUNTIME_DIR (rootless podman
   runs its runtime so), as runc decides.  */
bool
lc_rootless_user_services (void)
{
  const char *xdg = getenv ("XDG_RUNTIME_DIR");
  const char *user = getenv ("USER");

  if (geteuid () != 0)
    return true;
  return lc_rootless () && xdg && *xdg && !(user && strcmp (user, "root") == 0);
}

static void
warn_if (bool set, const char *field, const char *why)
{
  if (set)
    lc_warn ("rootless: %s: linux.resources.%s ignored", why, field);
}

void
lc_rootless_warn_limits (const struct spec_resources *res, const char *why)
{
  const struct spec_memory *m = res ? res->memory : NULL;
  const struct spec_cpu *c = res ? res->cpu : NULL;

  if (res == NULL)
    return;
  warn_if (m && m->limit.set, "memory.limit", why);
  warn_if (m && m->reservation.set, "memory.reservation", why);
  warn_if (m && m->swap.set, "memory.swap", why);
  warn_if (c && c->shares.set, "cpu.shares", why);
  warn_if (c && (c->quota.set || c->period.set), "cpu.quota/period", why);
  warn_if (c && ((c->cpus && *c->cpus) || (c->mems && *c->mems)), "cpu.cpus/mems", why);
  warn_if (res->pids && res->pids->limit.set, "pids.limit", why);
  warn_if (res->block_io != NULL, "blockIO", why);
  warn_if (res->n_hugepage_limits > 0, "hugepageLimits", why);
  warn_if (res->n_rdma > 0, "rdma", why);
  warn_if (res->n_unified > 0, "unified", why);
}
