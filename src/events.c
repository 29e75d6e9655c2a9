/* SPDX-License-Identifier: GPL-2.0-or-later */
/* events: the container's resource usage as runc's JSON lines —
   {"type":"stats","id":..,"data":{cpu, memory, pids, hugetlb}} — once
   (--stats) or every --interval, plus {"type":"oom","id":..} when the
   memory.events oom_kill counter grows (watched with inotify, so an OOM
   kill is told at once, not at the next interval).  */
#include "config.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "container.h"
#include "moat.h"
#include "utils.h"

static const struct option events_options[] = {
  { "stats", no_argument, NULL, 's' },
  { "interval", required_argument, NULL, 'i' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help events_help = {
  "events [command options] <container-id>",
  "Print the container's resource usage and OOM notifications as JSON lines.",
  "   --stats\t\t\tprint the stats once and exit\n"
  "   --interval value\t\tthe time between stats, e.g. 100ms, 1.5s, 2m (default: 5s)\n",
};

struct events_args
{
  bool stats;
  uint64_t interval_ns;
};

/* A Go duration, as runc's (time.ParseDuration: "100ms", "1.5s", "1h30m"),
   or a bare number of seconds, moat's older form.  */
static int
parse_interval (const char *arg, uint64_t *ns, lc_error_t *err)
{
  cleanup_free char *secs = NULL;
  uint64_t v = 0;

  /* Only a whole bare number gets the "s": "1h30" stays an error.  */
  xasprintf (&secs, "%s%s", arg, arg[strspn (arg, "0123456789.")] == '\0' ? "s" : "");
  if (parse_go_duration (secs, &v) < 0 || v == 0)
    return lc_error (err, 0, "events: invalid --interval `%s` (a duration such as 5s or "
                     "100ms, greater than 0)", arg);
  *ns = v;
  return 0;
}

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  struct events_args *a = data;

  if (c == 's')
    a->stats = true;
  else if (c == 'i')
    return parse_interval (arg, &a->interval_ns, err);
  return 0;
}

/* One event as runc's JSON line.  */
static int
print_event (const struct lc_event *ev, void *data)
{
  const struct lc_cgroup_stats *st = &ev->stats;
  const char *id = data;

  if (ev->type == LC_EVENT_OOM)
    printf ("{\"type\":\"oom\",\"id\":\"%s\"}\n", id);
  else
    {
      printf ("{\"type\":\"stats\",\"id\":\"%s\",\"data\":{\"cpu\":{\"usage\":{\"total\":%"
              PRIu64 ",\"kernel\":%" PRIu64 ",\"user\":%" PRIu64 "}}",
              id, st->cpu_total_ns, st->cpu_kernel_ns, st->cpu_user_ns);
      if (st->has_memory)
        printf (",\"memory\":{\"usage\":{\"usage\":%" PRIu64 ",\"limit\":%" PRIu64
                ",\"failcnt\":%" PRIu64 "}}", st->memory_usage, st->memory_limit,
                st->memory_failcnt);
      if (st->has_pids)
        printf (",\"pids\":{\"current\":%" PRIu64 ",\"limit\":%" PRIu64 "}",
                st->pids_current, st->pids_limit);
      printf ("}}\n");
    }
  fflush (stdout);
  return 0;
}

int
moat_cmd_events (int argc, char **argv, lc_error_t *err)
{
  struct events_args a = { false, 5000000000ULL };
  int ret;

  ret = moat_parse_options (argc, argv, "", events_options, &events_help, on_opt, &a, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, false, "events", err) < 0)
    return -1;
  return lc_container_events (moat_globals.root, argv[optind], a.interval_ns, a.stats,
                              print_event, argv[optind], err);
}
