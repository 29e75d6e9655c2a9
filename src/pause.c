/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pause / resume: freeze or thaw the container's cgroup (control.c).  */
#include "config.h"
#include "container.h"
#include "moat.h"

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

int
moat_cmd_pause (int argc, char **argv, lc_error_t *err)
{
  int ret = moat_parse_options (argc, argv, "", no_options, &pause_help, on_opt, NULL, err);

  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, false, "pause", err) < 0)
    return -1;
  return lc_container_pause (moat_globals.root, argv[optind], err);
}

int
moat_cmd_resume (int argc, char **argv, lc_error_t *err)
{
  int ret = moat_parse_options (argc, argv, "", no_options, &resume_help, on_opt, NULL, err);

  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, false, "resume", err) < 0)
    return -1;
  return lc_container_resume (moat_globals.root, argv[optind], err);
}
