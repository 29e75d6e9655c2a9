/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"
#include <signal.h>

#include "container.h"
#include "moat.h"
#include "signals.h"

static const struct option kill_options[] = {
  { "all", no_argument, NULL, 'a' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help kill_help = {
  "kill [command options] <container-id> [signal]",
  "Send a signal (default SIGTERM; by name, with or without SIG, or by number)\n"
  "to the container's init process.",
  "   --all, -a\t\tsend the signal to every process in the container\n",
};

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  *(bool *) data = true;
  return 0;
}

int
moat_cmd_kill (int argc, char **argv, lc_error_t *err)
{
  bool all = false;
  int sig = SIGTERM;
  int ret;

  ret = moat_parse_options (argc, argv, "a", kill_options, &kill_help, on_opt, &all, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (argc - optind < 1 || argc - optind > 2)
    return lc_error (err, 0, "kill: requires 1 or 2 arguments");
  if (argc - optind == 2)
    {
      sig = lc_signal_parse (argv[optind + 1]);
      if (sig < 0)
        return lc_error (err, 0, "kill: unknown signal \"%s\"", argv[optind + 1]);
    }
  return lc_container_kill (moat_globals.root, argv[optind], sig, all, err) < 0 ? -1 : 0;
}
