/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mounts[].options: the input is the option list, one option a line.  */
#include "fuzz.h"
#include "mount-opts.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return fuzz_init_with_libs ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = fuzz_strndup (data, size);
  char **options = calloc (size + 2, sizeof (char *));
  struct lc_mount_opts opts = { 0 };
  lc_error_t err = NULL;
  size_t n = 0;
  char *p = text;
  int ret;

  if (options == NULL)
    abort ();
  /* Split on '\n' (a NUL inside the input ends its line early, as a C
     string from the JSON parser would).  */
  while (size > 0)
    {
      char *nl = strchr (p, '\n');

      options[n++] = p;
      if (nl == NULL)
        break;
      *nl = '\0';
      p = nl + 1;
    }
  options[n] = NULL;
  ret = lc_mount_opts_parse (options, "mounts[0]", &opts, &err);
  fuzz_check_error (ret, &err);
  lc_mount_opts_clear (&opts);
  free (options);
  free (text);
  return 0;
}
