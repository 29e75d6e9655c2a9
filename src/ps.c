/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ps: the container's processes (its cgroup, recursively).  -f json
   prints the pids; the table runs ps(1) with the given arguments (default
   -ef) and keeps the header and the lines of the container's pids, as runc.  */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "moat.h"
#include "utils.h"

static const struct option ps_options[] = {
  { "format", required_argument, NULL, 'f' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help ps_help = {
  "ps [command options] <container-id> [ps options]",
  "List the processes running inside the container.",
  "   --format value, -f value\tselect one of: table or json (default: \"table\")\n",
};

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  if (strcmp (arg, "table") && strcmp (arg, "json"))
    return lc_error (err, 0, "ps: invalid format `%s` (table or json)", arg);
  *(const char **) data = arg;
  return 0;
}

/* Which whitespace-separated column of the header is "PID".  */
static int
pid_column (const char *header)
{
  cleanup_free char *h = xstrdup (header);
  char *tok, *save = NULL;
  int i = 0;

  for (tok = strtok_r (h, " \t\n", &save); tok; tok = strtok_r (NULL, " \t\n", &save), i++)
    if (strcmp (tok, "PID") == 0)
      return i;
  return -1;
}

static bool
line_pid_in (const char *line, int col, const pid_t *pids, size_t n)
{
  cleanup_free char *l = xstrdup (line);
  char *tok, *save = NULL;
  int i = 0;
  size_t k;

  for (tok = strtok_r (l, " \t\n", &save); tok && i < col; tok = strtok_r (NULL, " \t\n", &save))
    i++;
  if (tok == NULL)
    return false;
  for (k = 0; k < n; k++)
    if (atoi (tok) == pids[k])
      return true;
  return false;
}

static int
ps_table (int argc, char **argv, const pid_t *pids, size_t n, lc_error_t *err)
{
  char **args = xzalloc ((size_t) (argc + 3) * sizeof *args);
  char *line = NULL;
  size_t cap = 0;
  int i, col = -1, status;
  bool first = true;
  FILE *f;

  args[0] = (char *) "ps";
  for (i = 0; i < argc; i++)
    args[i + 1] = argv[i];
  if (argc == 0)
    args[1] = (char *) "-ef";
  /* popen with a fixed command line cannot carry argv; a pipe can.  */
  int fds[2];
  pid_t child;
  if (pipe2 (fds, O_CLOEXEC) < 0)
    return lc_error (err, errno, "pipe");
  child = fork ();
  if (child == 0)
    {
      dup2 (fds[1], 1);
      execvp ("ps", args);
      _exit (127);
    }
  close (fds[1]);
  free (args);
  f = fdopen (fds[0], "r");
  while (f && getline (&line, &cap, f) > 0)
    {
      if (first)
        {
          col = pid_column (line);
          fputs (line, stdout);
          first = false;
        }
      else if (col >= 0 && line_pid_in (line, col, pids, n))
        fputs (line, stdout);
    }
  free (line);
  if (f)
    fclose (f);
  waitpid (child, &status, 0);
  if (col < 0)
    return lc_error (err, 0, "ps: no PID column in the output of ps");
  return 0;
}

int
moat_cmd_ps (int argc, char **argv, lc_error_t *err)
{
  const char *format = "table";
  cleanup_free pid_t *pids = NULL;
  size_t n, i;
  int ret;

  ret = moat_parse_options (argc, argv, "+f:", ps_options, &ps_help, on_opt, &format, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, true, "ps", err) < 0)
    return -1;
  if (lc_container_pids (moat_globals.root, argv[optind], &pids, &n, err) < 0)
    return -1;
  if (strcmp (format, "json") == 0)
    {
      if (argc - optind > 1)
        return lc_error (err, 0, "ps: ps options cannot be used with --format json");
      putchar ('[');
      for (i = 0; i < n; i++)
        printf ("%s%d", i ? "," : "", (int) pids[i]);
      puts ("]");
      return 0;
    }
  return ps_table (argc - optind - 1, argv + optind + 1, pids, n, err);
}
