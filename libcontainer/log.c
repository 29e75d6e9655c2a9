/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

static lc_log_handler_t log_handler;
static enum lc_log_level log_max = LC_LOG_WARNING;

void
lc_log_set_handler (lc_log_handler_t handler, enum lc_log_level max_level)
{
  log_handler = handler;
  log_max = max_level;
}

enum lc_log_level
lc_log_max_level (void)
{
  return log_max;
}

void
lc_log (enum lc_log_level level, const char *fmt, ...)
{
  char *msg = NULL;
  va_list ap;

  if (level > log_max)
    return;

  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    msg = NULL;
  va_end (ap);
  if (msg == NULL)
    return;

  if (log_handler)
    log_handler (level, msg);
  else
    fprintf (stderr, "%s\n", msg);
  free (msg);
}
