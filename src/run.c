/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "container.h"
#include "moat.h"

int
moat_cmd_run (int argc, char **argv, lc_error_t *err)
{
  struct lc_create_opts o;
  int status = 0;
  int ret = moat_create_options (argc, argv, true, &o, err);

  if (ret != 0)
    return ret < 0 ? -1 : 0;
  ret = lc_container_run (&o, &status, err) < 0 ? -1 : o.detach ? 0 : status;
  moat_create_options_clear (&o);
  return ret;
}
