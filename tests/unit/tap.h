/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Minimal TAP for unit tests run through automake's tap-driver.
     ok (cond, "name %d", i);  ...  return tap_done ();  */
#ifndef MOAT_TAP_H
#define MOAT_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

__attribute__ ((format (printf, 2, 3))) static inline int
ok (int cond, const char *fmt, ...)
{
  va_list ap;
  printf ("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
  va_start (ap, fmt);
  vprintf (fmt, ap);
  va_end (ap);
  printf ("\n");
  fflush (stdout);
  if (!cond)
    tap_failed++;
  return cond;
}

static inline int
tap_done (void)
{
  printf ("1..%d\n", tap_n);
  return tap_failed ? 1 : 0;
}

#endif
