/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PLACEHOLDER main: replaced by the CLI owner. */
#include <stdio.h>
#include "moat.h"
struct moat_globals moat_globals = { .root = "/run/moat" };
int
main (int argc, char **argv)
{
  fprintf (stderr, "moat: not implemented yet\n");
  return 1;
}
