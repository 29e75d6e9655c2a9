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

/* runc's tabwriter: each column as wide as its widest cell plus 3, at
   least 12, so long ids and bundles never run into the next column.  */
enum { COLUMNS = 6 };

static void
table_row (const char *const cells[COLUMNS], const int width[COLUMNS])
{
  for (size_t c = 0; c < COLUMNS - 1; c++)
    printf ("%-*s", width[c], cells[c]);
  printf ("%s\n", cells[COLUMNS - 1]);
}

static void
print_table (struct lc_state **states, size_t n)
{
  static const char *const header[COLUMNS] = { "ID", "PID", "STATUS", "BUNDLE", "CREATED",
                                              "OWNER" };
  char (*pids)[16] = xmalloc ((n ? n : 1) * sizeof *pids);
  const char *(*rows)[COLUMNS] = xmalloc ((n ? n : 1) * sizeof *rows);
  int width[COLUMNS];

  for (size_t i = 0; i < n; i++)
    {
      const struct lc_state *s = states[i];
      snprintf (pids[i], sizeof pids[i], "%d",
                s->status == LC_STATUS_STOPPED ? 0 : (int) s->pid);
      rows[i][0] = s->id;
      rows[i][1] = pids[i];
      rows[i][2] = lc_status_name (s->status);
      rows[i][3] = s->bundle ? s->bundle : "";
      rows[i][4] = s->created ? s->created : "";
      rows[i][5] = s->owner ? s->owner : "";
    }
  for (size_t c = 0; c < COLUMNS; c++)
    {
      size_t w = strlen (header[c]);
      for (size_t i = 0; i < n; i++)
        if (strlen (rows[i][c]) > w)
          w = strlen (rows[i][c]);
      width[c] = w + 3 < 12 ? 12 : (int) w + 3;
    }
  table_row (header, width);
  for (size_t i = 0; i < n; i++)
    table_row (rows[i], width);
  free (pids);
  free (rows);
}

static int
print_json (struct lc_state **states, size_t n, lc_error_t *err)
{
  /* runc prints its nil slice: null, not [].  */
  if (n == 0)
    {
      puts ("null");
      return 0;
    }
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
