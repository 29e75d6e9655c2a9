/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "container.h"
#include "moat.h"

static const struct option delete_options[] = {
  { "force", no_argument, NULL, 'f' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help delete_help = {
  "delete [command options] <container-id> [container-id...]",
  "Delete containers: their processes, cgroups and state.  Running ones need --force.",
  "   --force, -f\t\tkill the container first if it is still running\n",
};

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  *(bool *) data = true;
  return 0;
}

int
moat_cmd_delete (int argc, char **argv, lc_error_t *err)
{
  bool force = false;
  int ret;

  ret = moat_parse_options (argc, argv, "f", delete_options, &delete_help, on_opt, &force, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, true, "delete", err) < 0)
    return -1;
  for (int i = optind; i < argc; i++)
    if (lc_container_delete (moat_globals.root, argv[i], force, err) < 0)
      return -1;
  return 0;
}
