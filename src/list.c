/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moat.h"
#include "state.h"
#include "utils.h"

static const struct option list_options[] = {
  { "format", required_argument, NULL, 'f' },
  { "quiet", no_argument, NULL, 'q' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help list_help = {
  "list [command options]",
  "List the containers under --root.",
  "   --format value, -f value\tformat: table or json (default: \"table\")\n"
  "   --quiet, -q\t\t\tdisplay only container ids\n",
};

struct list_args
{
  bool json;
  bool quiet;
};

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  struct list_args *a = data;
  if (c == 'q')
    a->quiet = true;
  else if (strcmp (arg, "json") == 0)
    a->json = true;
  else if (strcmp (arg, "table") != 0)
    return lc_error (err, 0, "list: unknown format \"%s\" (table or json)", arg);
  return 0;
}

static void
print_table (struct lc_state **states, size_t n)
{
  printf ("%-12s%-12s%-12s%-40s%-32s%s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
  for (size_t i = 0; i < n; i++)
    {
      const struct lc_state *s = states[i];
      int pid = s->status == LC_STATUS_STOPPED ? 0 : (int) s->pid;
      printf ("%-12s%-12d%-12s%-40s%-32s%s\n", s->id, pid, lc_status_name (s->status),
              s->bundle ? s->bundle : "", s->created ? s->created : "",
              s->owner && *s->owner ? s->owner : "root");
    }
}

static int
print_json (struct lc_state **states, size_t n, lc_error_t *err)
{
  fputc ('[', stdout);
  for (size_t i = 0; i < n; i++)
    {
      cleanup_free char *json = NULL;
      size_t len;
      if (lc_state_to_json (states[i], false, &json, &len, err) < 0)
        return -1;
      printf ("%s%s", i ? "," : "", json);
    }
  fputs ("]\n", stdout);
  return 0;
}

int
moat_cmd_list (int argc, char **argv, lc_error_t *err)
{
  struct list_args a = { false, false };
  struct lc_state **states = NULL;
  size_t n = 0;
  int ret;

  ret = moat_parse_options (argc, argv, "f:q", list_options, &list_help, on_opt, &a, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 0, false, "list", err) < 0)
    return -1;
  if (lc_state_list (moat_globals.root, &states, &n, err) < 0)
    return -1;
  ret = 0;
  if (a.quiet)
    for (size_t i = 0; i < n; i++)
      printf ("%s\n", states[i]->id);
  else if (a.json)
    ret = print_json (states, n, err);
  else
    print_table (states, n);
  for (size_t i = 0; i < n; i++)
    lc_state_free (states[i]);
  free (states);
  return ret;
}
