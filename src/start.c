/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"
#include <stdlib.h>

#include "container.h"
#include "moat.h"

static const struct option start_options[] = {
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help start_help = {
  "start <container-id>",
  "Run the user process of a created container (the process of config.json).",
  "",
};

static int
no_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  return lc_error (err, 0, "unexpected option");
}

int
moat_cmd_start (int argc, char **argv, lc_error_t *err)
{
  int ret = moat_parse_options (argc, argv, "", start_options, &start_help, no_opt, NULL, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, false, "start", err) < 0)
    return -1;
  return lc_container_start (moat_globals.root, argv[optind], getenv ("NOTIFY_SOCKET"), err) < 0
             ? -1 : 0;
}
