/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `update -r FILE`: a linux.resources object, wrapped into a minimal
   config as src/update.c does, then what update computes before it
   writes: the controllers needed and memory.swap.max.  */
#include <stdio.h>
#include "fuzz.h"
#include "cgroup-resources.h"
#include "spec.h"
#include "utils.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  lc_log_set_handler (fuzz_log_quiet, LC_LOG_DEBUG);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *json = fuzz_strndup (data, size);
  char *doc = NULL;
  struct spec *spec = NULL;
  lc_error_t err = NULL;
  int ret;

  /* As src/update.c:parse_resources.  */
  xasprintf (&doc, "{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"x\"},"
                   "\"linux\":{\"resources\":%s}}", json);
  ret = spec_parse ("--resources", doc, strlen (doc), &spec, &err);
  fuzz_check_error (ret, &err);
  if (ret == 0 && spec->linux_config && spec->linux_config->resources)
    {
      const struct spec_resources *res = spec->linux_config->resources;
      const char *why[LC_CG_N] = { 0 };
      unsigned mask = 0;
      char swap[64];

      lc_cgroup_warn_ignored (res);
      fuzz_check_error (lc_cgroup_needed (res, &mask, why, &err), &err);
      if (res->memory)
        fuzz_check_error (lc_cgroup_swap_value (res->memory, swap, sizeof swap, &err),
                          &err);
    }
  spec_free (spec);
  free (doc);
  free (json);
  return 0;
}
