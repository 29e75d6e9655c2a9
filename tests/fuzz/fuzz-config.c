/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config.json: the parser, then the whole-config checks, as `create`
   runs them (spec_load = read the file + spec_parse).  */
#include "fuzz.h"
#include "spec.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return fuzz_init_with_libs ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct spec *spec = NULL;
  lc_error_t err = NULL;
  int ret;

  ret = spec_parse ("config.json", (const char *) data, size, &spec, &err);
  fuzz_check_error (ret, &err);
  if (ret == 0)
    {
      ret = spec_validate (spec, "config.json", &err);
      fuzz_check_error (ret, &err);
      (void) spec_pos_lookup (spec->positions, "process.args");
    }
  spec_free (spec);
  return 0;
}
