/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process.json of `exec -p`: the "process" object alone, then its checks.  */
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
  struct spec_process *proc = NULL;
  lc_error_t err = NULL;
  int ret;

  ret = spec_parse_process ("process.json", (const char *) data, size, &proc, &err);
  fuzz_check_error (ret, &err);
  if (ret == 0)
    fuzz_check_error (spec_validate_process (proc, "process.json", &err), &err);
  spec_process_free (proc);
  return 0;
}
