/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the CLI: one file per command, each a thin layer over one
   libcontainer call.  Only this layer prints.  */
#ifndef MOAT_H
#define MOAT_H

#include <getopt.h>
#include <stdbool.h>
#include "error.h"

struct moat_globals
{
  const char *root;       /* --root, default /run/moat */
  const char *log_file;   /* --log */
  bool log_json;          /* --log-format json */
  bool debug;
  bool systemd_cgroup;
  const char *policy; /* --policy: a profile or a file */
  bool policy_warn;   /* --policy-mode warn */
};

extern struct moat_globals moat_globals;

/* Each command gets argv from its own name on and returns the exit status,
   or -1 with *err set for a runtime error (exit 1), or MOAT_FAIL_255 with
   *err set (exit 255: exec's failures, runc's convention, so that a caller
   tells them from the process's own exit status 1).  */
#define MOAT_FAIL_255 (-255)
typedef int (*moat_command_fn) (int argc, char **argv, lc_error_t *err);

/* Per-command help: usage line, description, and the option list.  */
struct moat_help
{
  const char *usage;       /* "create [options] <container-id>" */
  const char *description;
  const char *options;     /* preformatted lines */
};

/* getopt_long over a command's argv; "--help"/"-h" prints help and makes
   the caller return 0 (returns 1 then), an unknown flag sets *err.
   Returns 0 to go on, 1 when help was printed, -1 on error.  Each call of
   `on_opt` gets the option's short code and optarg.  */
int moat_parse_options (int argc, char **argv, const char *shortopts,
                        const struct option *longopts, const struct moat_help *help,
                        int (*on_opt) (int c, const char *arg, void *data, lc_error_t *err),
                        void *data, lc_error_t *err);
/* After options: exactly `n` positional arguments (or at least n when
   at_least).  */
int moat_require_args (int argc, char **argv, int n, bool at_least, const char *cmd,
                       lc_error_t *err);
/* An absolute copy of path (relative to the cwd).  */
char *moat_abspath (const char *path);
int moat_parse_int (const char *s, const char *what, int *out, lc_error_t *err);

struct lc_create_opts;
/* create and run share their options; run adds --detach and --keep.
   Returns 1 when --help was printed; on failure or --help, nothing is
   left to clear.  */
int moat_create_options (int argc, char **argv, bool run, struct lc_create_opts *opts,
                         lc_error_t *err);
/* Free the paths moat_create_options copied.  */
void moat_create_options_clear (struct lc_create_opts *opts);

int moat_cmd_create (int argc, char **argv, lc_error_t *err);
int moat_cmd_start (int argc, char **argv, lc_error_t *err);
int moat_cmd_run (int argc, char **argv, lc_error_t *err);
int moat_cmd_state (int argc, char **argv, lc_error_t *err);
int moat_cmd_kill (int argc, char **argv, lc_error_t *err);
int moat_cmd_delete (int argc, char **argv, lc_error_t *err);
int moat_cmd_list (int argc, char **argv, lc_error_t *err);
int moat_cmd_exec (int argc, char **argv, lc_error_t *err);
int moat_cmd_spec (int argc, char **argv, lc_error_t *err);
int moat_cmd_features (int argc, char **argv, lc_error_t *err);
int moat_cmd_update (int argc, char **argv, lc_error_t *err);
int moat_cmd_pause (int argc, char **argv, lc_error_t *err);
int moat_cmd_resume (int argc, char **argv, lc_error_t *err);
int moat_cmd_ps (int argc, char **argv, lc_error_t *err);
int moat_cmd_events (int argc, char **argv, lc_error_t *err);
int moat_cmd_audit (int argc, char **argv, lc_error_t *err);

#endif
