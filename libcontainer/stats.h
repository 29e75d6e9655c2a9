/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A container's resource usage, as `events` reports it (runc's stats
   subset), from whichever cgroup driver the container has.  */
#ifndef LC_STATS_H
#define LC_STATS_H

#include <stdbool.h>
#include <stdint.h>

/* has_* is false when the controller is not enabled.  */
struct lc_cgroup_stats
{
  uint64_t cpu_total_ns, cpu_user_ns, cpu_kernel_ns;
  bool has_memory;
  uint64_t memory_usage, memory_limit, memory_failcnt, oom_kills;
  bool has_pids;
  uint64_t pids_current, pids_limit;
};

#endif
