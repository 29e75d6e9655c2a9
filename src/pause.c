/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PLACEHOLDER: replaced by its owner. */
#include <errno.h>
#include "moat.h"

int
moat_cmd_pause (int argc, char **argv, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "pause: not implemented yet");
}

int
moat_cmd_resume (int argc, char **argv, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "resume: not implemented yet");
}
