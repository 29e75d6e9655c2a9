/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Container ids: whatever passes must be safe as one path component
   under the state root (runc's rules, libcontainer/state.h).  */
#include "fuzz.h"
#include "state.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *id = fuzz_strndup (data, size);
  lc_error_t err = NULL;
  int ret;

  ret = lc_id_validate (id, &err);
  fuzz_check_error (ret, &err);
  if (ret == 0
      && (id[0] == '\0' || strchr (id, '/') != NULL || strcmp (id, ".") == 0
          || strcmp (id, "..") == 0 || strlen (id) > 1024))
    abort ();
  free (id);
  return 0;
}
