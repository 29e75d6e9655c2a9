/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Libraries loaded only by the commands that need them.
 *
 * libmount and libselinux (with libblkid and libpcre2 behind them) cost
 * 0.3 ms of every process start on the build host, and only create, run,
 * exec and features use them; start, delete, state, kill -- what clients
 * call most -- and create's first process (it re-executes itself at once,
 * see exe-guard.c) never do.  So they are not linked but dlopen()ed here.
 *
 * Only lc_libs_load() opens them, called on the host before anything is
 * cloned.  Nothing loads on demand: a dlopen() in the container's init,
 * after pivot_root, would search the container's image for the library.  */
#ifndef LC_DL_H
#define LC_DL_H

#include <stddef.h>
#include "error.h"

struct lc_dl_sym
{
  const char *name;
  void **slot;
};

/* Open `soname` and fill every slot; on failure no slot is set.  */
int lc_dl_open (const char *soname, const struct lc_dl_sym *syms, size_t n, lc_error_t *err);

/* libmount and libselinux, for a command that creates or enters a
   container.  Idempotent.  */
int lc_libs_load (lc_error_t *err);

#endif
