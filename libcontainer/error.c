/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "utils.h"

/* The analyzer's model of the two (error.h) would rewrite their definitions.  */
#undef lc_error
#undef lc_error_wrap

int
lc_verror (lc_error_t *err, int errno_, const char *fmt, va_list ap)
{
  cleanup_free char *msg = NULL;
  struct lc_error_s *e;

  if (err == NULL || *err != NULL)
    return -1;

  if (vasprintf (&msg, fmt, ap) < 0)
    abort ();

  e = xzalloc (sizeof (*e));
  e->status = errno_;
  if (errno_ != 0)
    xasprintf (&e->msg, "%s: %s", msg, strerror (errno_));
  else
    e->msg = steal_pointer (&msg);
  *err = e;
  return -1;
}

int
lc_error (lc_error_t *err, int errno_, const char *fmt, ...)
{
  va_list ap;
  int ret;

  va_start (ap, fmt);
  ret = lc_verror (err, errno_, fmt, ap);
  va_end (ap);
  return ret;
}

int
lc_error_wrap (lc_error_t *err, const char *fmt, ...)
{
  cleanup_free char *ctx = NULL;
  char *msg;
  va_list ap;

  if (err == NULL || *err == NULL)
    return -1;

  va_start (ap, fmt);
  if (vasprintf (&ctx, fmt, ap) < 0)
    abort ();
  va_end (ap);

  xasprintf (&msg, "%s: %s", ctx, (*err)->msg);
  free ((*err)->msg);
  (*err)->msg = msg;
  return -1;
}

void
lc_error_free (lc_error_t *err)
{
  if (err == NULL || *err == NULL)
    return;
  free ((*err)->msg);
  free (*err);
  *err = NULL;
}
