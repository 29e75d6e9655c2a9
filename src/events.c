/* SPDX-License-Identifier: GPL-2.0-or-later */
/* events: the container's resource usage as runc's JSON lines —
   {"type":"stats","id":..,"data":{cpu, memory, pids, hugetlb}} — once
   (--stats) or every --interval, plus {"type":"oom","id":..} when the
   memory.events oom_kill counter grows (watched with inotify, so an OOM
   kill is told at once, not at the next interval).  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "moat.h"
#include "state.h"
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

/* A number from a one-value file or from a "key value" line; false when
   the file (or the key) is not there — e.g. a controller not enabled.  */
static bool
read_value (int dirfd, const char *file, const char *key, uint64_t *out)
{
  cleanup_free char *buf = NULL;
  size_t len, n;
  lc_error_t e = NULL;
  char *p;

  if (read_file_at (dirfd, file, &buf, &len, &e) < 0)
    {
      lc_error_free (&e);
      return false;
    }
  if (key == NULL)
    {
      *out = strncmp (buf, "max", 3) == 0 ? 0 : strtoull (buf, NULL, 10);
      return true;
    }
  n = strlen (key);
  for (p = buf; p; p = strchr (p, '\n') ? strchr (p, '\n') + 1 : NULL)
    if (strncmp (p, key, n) == 0 && p[n] == ' ')
      {
        *out = strtoull (p + n + 1, NULL, 10);
        return true;
      }
  return false;
}

static void
print_stats (const char *id, int dirfd)
{
  uint64_t total = 0, user = 0, sys = 0, cur = 0, max = 0, pcur = 0, pmax = 0, fail = 0;

  read_value (dirfd, "cpu.stat", "usage_usec", &total);
  read_value (dirfd, "cpu.stat", "user_usec", &user);
  read_value (dirfd, "cpu.stat", "system_usec", &sys);
  printf ("{\"type\":\"stats\",\"id\":\"%s\",\"data\":{\"cpu\":{\"usage\":{\"total\":%" PRIu64
          ",\"kernel\":%" PRIu64 ",\"user\":%" PRIu64 "}}",
          id, total * 1000, sys * 1000, user * 1000);
  if (read_value (dirfd, "memory.current", NULL, &cur))
    {
      read_value (dirfd, "memory.max", NULL, &max);
      read_value (dirfd, "memory.events", "max", &fail);
      printf (",\"memory\":{\"usage\":{\"usage\":%" PRIu64 ",\"limit\":%" PRIu64
              ",\"failcnt\":%" PRIu64 "}}", cur, max, fail);
    }
  if (read_value (dirfd, "pids.current", NULL, &pcur))
    {
      read_value (dirfd, "pids.max", NULL, &pmax);
      printf (",\"pids\":{\"current\":%" PRIu64 ",\"limit\":%" PRIu64 "}", pcur, pmax);
    }
  printf ("}}\n");
  fflush (stdout);
}

static int
open_cgroup (const char *id, struct lc_cgroup **cg, lc_error_t *err)
{
  cleanup_close int dirfd = lc_state_dir_open (moat_globals.root, id, false, err);
  struct lc_state *s = NULL;
  int ret = -1;

  if (dirfd < 0 || lc_state_read (dirfd, &s, err) < 0)
    return -1;
  lc_state_refresh (s);
  if (s->status == LC_STATUS_STOPPED)
    lc_error (err, 0, "container `%s` is stopped", id);
  else if (s->cgroup_path == NULL)
    lc_error (err, 0, "container `%s` has no cgroup", id);
  else
    ret = lc_cgroup_open (s->cgroup_path, cg, err);
  lc_state_free (s);
  return ret;
}

/* Stream until the cgroup goes away (the container was deleted).  */
static int
stream (const char *id, const struct lc_cgroup *cg, uint64_t interval_ns, lc_error_t *err)
{
  cleanup_close int ino = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK);
  cleanup_free char *file = NULL;
  uint64_t ooms = 0, now;

  if (ino < 0)
    return lc_error (err, errno, "inotify_init1");
  xasprintf (&file, "%s%s/memory.events", cg->mountpoint, cg->path);
  inotify_add_watch (ino, file, IN_MODIFY); /* absent without the memory controller */
  read_value (cg->dirfd, "memory.events", "oom_kill", &ooms);
  print_stats (id, cg->dirfd);
  for (;;)
    {
      struct pollfd pfd = { .fd = ino, .events = POLLIN };
      char buf[4096];
      struct timespec ts = { .tv_sec = (time_t) (interval_ns / 1000000000ULL),
                             .tv_nsec = (long) (interval_ns % 1000000000ULL) };
      int r = ppoll (&pfd, 1, &ts, NULL);

      if (r < 0 && errno != EINTR)
        return lc_error (err, errno, "poll");
      while (read (ino, buf, sizeof buf) > 0)
        ;
      if (faccessat (cg->dirfd, "cgroup.events", F_OK, 0) < 0)
        return 0; /* removed */
      if (read_value (cg->dirfd, "memory.events", "oom_kill", &now) && now > ooms)
        {
          ooms = now;
          printf ("{\"type\":\"oom\",\"id\":\"%s\"}\n", id);
          fflush (stdout);
        }
      if (r == 0)
        print_stats (id, cg->dirfd);
    }
}

int
moat_cmd_events (int argc, char **argv, lc_error_t *err)
{
  struct events_args a = { false, 5000000000ULL };
  struct lc_cgroup *cg = NULL;
  int ret;

  ret = moat_parse_options (argc, argv, "", events_options, &events_help, on_opt, &a, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, false, "events", err) < 0)
    return -1;
  if (open_cgroup (argv[optind], &cg, err) < 0)
    return -1;
  if (a.stats)
    print_stats (argv[optind], cg->dirfd);
  else
    ret = stream (argv[optind], cg, a.interval_ns, err);
  lc_cgroup_free (cg);
  return ret < 0 ? -1 : 0;
}
