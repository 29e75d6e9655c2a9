/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the CLI: one file per command, each a thin layer over one
   libcontainer call.  */
#ifndef MOAT_H
#define MOAT_H

#include <stdbool.h>
#include "error.h"

struct moat_globals
{
  const char *root;       /* --root, default /run/moat */
  const char *log_file;   /* --log */
  bool log_json;          /* --log-format json */
  bool debug;
  bool systemd_cgroup;
};

extern struct moat_globals moat_globals;

/* Each command: argc/argv start at the command name; returns the exit
   status, or -1 with *err set for a runtime error (exit 1).  */
typedef int (*moat_command_fn) (int argc, char **argv, lc_error_t *err);

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

#endif
