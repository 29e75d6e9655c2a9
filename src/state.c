/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>

#include "moat.h"
#include "state.h"
#include "utils.h"

static const struct option state_options[] = {
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help state_help = {
  "state <container-id>",
  "Output the state of a container as JSON (ociVersion, id, pid, status, bundle, rootfs,\n"
  "created, annotations, owner).",
  "",
};

static int
no_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  return lc_error (err, 0, "unexpected option");
}

int
moat_cmd_state (int argc, char **argv, lc_error_t *err)
{
  cleanup_close int dirfd = -1;
  cleanup_free char *json = NULL;
  struct lc_state *s = NULL;
  size_t len;
  int ret;

  ret = moat_parse_options (argc, argv, "", state_options, &state_help, no_opt, NULL, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, false, "state", err) < 0)
    return -1;
  dirfd = lc_state_dir_open (moat_globals.root, argv[optind], false, err);
  if (dirfd < 0 || lc_state_read (dirfd, &s, err) < 0)
    return -1;
  lc_state_refresh (s);
  ret = lc_state_to_json (s, true, &json, &len, err);
  lc_state_free (s);
  if (ret < 0)
    return -1;
  printf ("%s\n", json);
  return 0;
}
