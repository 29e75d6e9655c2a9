/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pause, resume, update, ps and events: the operations on a container's
   cgroup, each through the driver the container was created with (the
   one recorded in its state).  */
#include "config.h"
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "state.h"
#include "utils.h"

/* Which statuses an operation accepts; refused, it says so in runc's
   words (see state.h).  */
enum need
{
  NEED_ANY,
  NEED_LIVE,     /* not stopped */
  NEED_UNPAUSED, /* created or running */
  NEED_PAUSED,
  NEED_STATS,    /* not stopped, in runc's events' own words */
};

static int
check_status (const struct lc_state *s, enum need need, lc_error_t *err)
{
  bool stopped = s->status == LC_STATUS_STOPPED;

  if (need == NEED_STATS && stopped)
    return lc_error (err, 0, "container with id %s is not running", s->id);
  if ((need == NEED_LIVE && stopped)
      || (need == NEED_UNPAUSED && s->status != LC_STATUS_RUNNING
          && s->status != LC_STATUS_CREATED))
    return lc_error (err, 0, "container `%s`: " LC_RUNC_NOT_RUNNING, s->id);
  if (need == NEED_PAUSED && s->status != LC_STATUS_PAUSED)
    return lc_error (err, 0, "container `%s`: " LC_RUNC_NOT_PAUSED, s->id);
  if (s->cgroup_path == NULL)
    return lc_error (err, 0, "container `%s` has no cgroup", s->id);
  return 0;
}

/* The container's cgroup, opened with its driver; *statefd keeps the
   state dir (and the lock, if taken) until the caller closes it.  */
static int
open_cgroup (const char *root, const char *id, bool lock, enum need need, int *statefd,
             struct lc_cgroup **cg, lc_error_t *err)
{
  struct lc_state *s = NULL;
  int ret = -1;

  *statefd = lc_state_open_container (root, id, lock, &s, err);
  if (*statefd < 0)
    return -1;
  if (check_status (s, need, err) == 0
      && lc_cgroup_open (s->cgroup_path, s->systemd_cgroup, cg, err) == 0)
    ret = 0;
  lc_state_free (s);
  return ret;
}

static int
freeze (const char *root, const char *id, bool on, lc_error_t *err)
{
  cleanup_close int statefd = -1;
  struct lc_cgroup *cg = NULL;
  int ret = -1;

  if (open_cgroup (root, id, true, on ? NEED_UNPAUSED : NEED_PAUSED, &statefd, &cg, err) == 0)
    ret = lc_cgroup_freeze (cg, on, err);
  lc_cgroup_free (cg);
  return ret;
}

int
lc_container_pause (const char *root, const char *id, lc_error_t *err)
{
  return freeze (root, id, true, err);
}

int
lc_container_resume (const char *root, const char *id, lc_error_t *err)
{
  return freeze (root, id, false, err);
}

int
lc_container_update (const char *root, const char *id, const struct spec_resources *res,
                     lc_error_t *err)
{
  cleanup_close int statefd = -1;
  struct lc_cgroup *cg = NULL;
  int ret = -1;

  if (open_cgroup (root, id, true, NEED_LIVE, &statefd, &cg, err) == 0)
    ret = lc_cgroup_update (cg, res, err);
  lc_cgroup_free (cg);
  return ret;
}

int
lc_container_pids (const char *root, const char *id, pid_t **pids, size_t *n, lc_error_t *err)
{
  cleanup_close int statefd = -1;
  struct lc_cgroup *cg = NULL;
  int ret = -1;

  *pids = NULL;
  *n = 0;
  if (open_cgroup (root, id, false, NEED_ANY, &statefd, &cg, err) == 0)
    ret = lc_cgroup_pids (cg, pids, n, err);
  lc_cgroup_free (cg);
  return ret;
}

/* Stats every interval and an OOM event as soon as memory.events counts
   one more oom_kill, until the cgroup goes (the container was deleted).  */
static int
stream (const struct lc_cgroup *cg, uint64_t interval_ns, lc_event_fn fn, void *data,
        lc_error_t *err)
{
  cleanup_close int ino = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK);
  cleanup_free char *file = NULL;
  struct lc_event ev = { LC_EVENT_STATS, { 0 } };
  uint64_t ooms;

  if (ino < 0)
    return lc_error (err, errno, "inotify_init1");
  xasprintf (&file, "%s%s/memory.events", cg->mountpoint, cg->path);
  inotify_add_watch (ino, file, IN_MODIFY); /* absent without the memory controller */
  if (lc_cgroup_stats (cg, &ev.stats, err) < 0 || fn (&ev, data) < 0)
    return -1;
  for (ooms = ev.stats.oom_kills;;)
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
      if (lc_cgroup_stats (cg, &ev.stats, NULL) < 0)
        return 0; /* removed */
      ev.type = LC_EVENT_OOM;
      if (ev.stats.oom_kills > ooms && fn (&ev, data) < 0)
        return -1;
      ooms = ev.stats.oom_kills;
      ev.type = LC_EVENT_STATS;
      if (r == 0 && fn (&ev, data) < 0)
        return -1;
    }
}

int
lc_container_events (const char *root, const char *id, uint64_t interval_ns, bool once,
                     lc_event_fn fn, void *data, lc_error_t *err)
{
  cleanup_close int statefd = -1;
  struct lc_cgroup *cg = NULL;
  struct lc_event ev = { LC_EVENT_STATS, { 0 } };
  int ret = -1;

  if (open_cgroup (root, id, false, NEED_STATS, &statefd, &cg, err) < 0)
    ret = -1;
  else if (!once)
    ret = stream (cg, interval_ns, fn, data, err);
  else if (lc_cgroup_stats (cg, &ev.stats, err) == 0)
    ret = fn (&ev, data);
  lc_cgroup_free (cg);
  return ret;
}
