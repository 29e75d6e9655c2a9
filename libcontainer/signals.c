/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "signals.h"

int lc_signal_parse (const char *s)
{
  errno = ENOSYS;
  return -1;
}

const char *lc_signal_name (int sig)
{
  return NULL;
}

