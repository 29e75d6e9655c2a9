/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the libFuzzer targets (tests/fuzz/fuzz-*.c, built by
   tests/fuzz/fuzz.mk through `make fuzz`).  */
#ifndef MOAT_FUZZ_H
#define MOAT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dl.h"
#include "error.h"
#include "log.h"

/* Library warnings ("..., ignoring") are expected for odd inputs: keep
   them off the fuzzer's output.  */
static inline void
fuzz_log_quiet (enum lc_log_level level, const char *msg)
{
}

/* LLVMFuzzerInitialize of the targets that need libmount (dl.h):
   spec_validate and lc_mount_opts_parse check options through it, and
   fail until it is loaded.  */
static inline int
fuzz_init_with_libs (void)
{
  lc_log_set_handler (fuzz_log_quiet, LC_LOG_ERROR);
  if (lc_libs_load (NULL) < 0)
    abort ();
  return 0;
}

/* The input as a NUL-terminated string (the parsers take C strings).  */
static inline char *
fuzz_strndup (const uint8_t *data, size_t size)
{
  char *s = malloc (size + 1);

  if (s == NULL)
    abort ();
  memcpy (s, data, size);
  s[size] = '\0';
  return s;
}

/* Every error the library returns must carry a message: a failure
   without one would reach the user as a bare "error".  */
static inline void
fuzz_check_error (int ret, lc_error_t *err)
{
  if (ret < 0 && (*err == NULL || (*err)->msg == NULL || (*err)->msg[0] == '\0'))
    abort ();
  lc_error_free (err);
}

#endif
