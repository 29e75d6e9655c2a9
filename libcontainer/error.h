/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Errors travel up as an object; only the CLI prints them.
 *
 *   if (mount (...) < 0)
 *     return lc_error (err, errno, "mount `%s` on `%s`", src, dst);
 *
 * Every fallible library function takes `lc_error_t *err` last and returns a
 * negative value on failure.  Callers add context with lc_error_wrap().  A
 * message starts lower-case, quotes paths with `...`, has no trailing period.
 */
#ifndef LC_ERROR_H
#define LC_ERROR_H

#include <stdarg.h>

struct lc_error_s
{
  int status; /* errno of the cause, 0 when there is none */
  char *msg;  /* the whole one-line message, strerror included */
};
typedef struct lc_error_s *lc_error_t;

/* Record an error (first one wins; later ones are dropped) and return -1.
   With errno_ != 0, ": strerror(errno_)" is appended.  */
int lc_error (lc_error_t *err, int errno_, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));
int lc_verror (lc_error_t *err, int errno_, const char *fmt, va_list ap);

/* Prefix the recorded error with "context: " and return -1.  */
int lc_error_wrap (lc_error_t *err, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

void lc_error_free (lc_error_t *err);

/* Serialise an error for the parent/child protocol and back.  */
#define cleanup_error __attribute__ ((cleanup (lc_error_free)))

/* `make lint`: clang's analyzer reads one file at a time and so does not
   know the -1 above.  It would follow `return lc_error (...)` out of a
   helper down its caller's success path, to out-parameters never set.
   Spelt out for it here; error.c, which defines the two, #undefs these.  */
#ifdef __clang_analyzer__
#define lc_error(...) (lc_error (__VA_ARGS__), -1)
#define lc_error_wrap(...) (lc_error_wrap (__VA_ARGS__), -1)
#endif

#endif
