/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PLACEHOLDER: replaced by its owner. */
#include <errno.h>
#include "moat.h"

int
moat_cmd_events (int argc, char **argv, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "events: not implemented yet");
}
