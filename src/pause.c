/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pause / resume: cgroup.freeze, waiting on cgroup.events until the kernel
   says the whole cgroup is frozen (or thawed).  */
#include "config.h"
#include <errno.h>

#include "cgroup.h"
#include "moat.h"
#include "state.h"
#include "utils.h"

static const struct option no_options[] = {
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help pause_help = {
  "pause <container-id>", "Suspend every process in the container (cgroup v2 freezer).", "",
};

static const struct moat_help resume_help = {
  "resume <container-id>", "Resume every process of a paused container.", "",
};

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  return 0;
}

static int
freeze (const char *id, bool on, lc_error_t *err)
{
  cleanup_close int dirfd = -1;
  struct lc_state *s = NULL;
  struct lc_cgroup *cg = NULL;
  int ret = -1;

  dirfd = lc_state_dir_open (moat_globals.root, id, false, err);
  if (dirfd < 0 || lc_state_lock (dirfd, err) < 0 || lc_state_read (dirfd, &s, err) < 0)
    return -1;
  lc_state_refresh (s);
  if (on && s->status != LC_STATUS_RUNNING && s->status != LC_STATUS_CREATED)
    lc_error (err, 0, "container `%s` is %s, not running", id, lc_status_name (s->status));
  else if (!on && s->status != LC_STATUS_PAUSED)
    lc_error (err, 0, "container `%s` is %s, not paused", id, lc_status_name (s->status));
  else if (s->cgroup_path == NULL)
    lc_error (err, 0, "container `%s` has no cgroup", id);
  else if (lc_cgroup_open (s->cgroup_path, &cg, err) == 0
           && lc_cgroup_freeze (cg, on, err) == 0)
    ret = 0;
  lc_cgroup_free (cg);
  lc_state_free (s);
  return ret;
}

int
moat_cmd_pause (int argc, char **argv, lc_error_t *err)
{
  int ret = moat_parse_options (argc, argv, "", no_options, &pause_help, on_opt, NULL, err);

  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, false, "pause", err) < 0)
    return -1;
  return freeze (argv[optind], true, err);
}

int
moat_cmd_resume (int argc, char **argv, lc_error_t *err)
{
  int ret = moat_parse_options (argc, argv, "", no_options, &resume_help, on_opt, NULL, err);

  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, false, "resume", err) < 0)
    return -1;
  return freeze (argv[optind], false, err);
}
