/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Signal names and numbers (`kill ID SIG`): a parsed signal is in range
   and, when it has a name, the name parses back to it (32 and 33, which
   glibc keeps for itself below SIGRTMIN, have none).  */
#include <signal.h>
#include "fuzz.h"
#include "signals.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *s = fuzz_strndup (data, size);
  int sig = lc_signal_parse (s);

  if (sig < -1 || sig >= NSIG)
    abort ();
  if (sig > 0)
    {
      const char *name = lc_signal_name (sig);

      if (name != NULL && lc_signal_parse (name) != sig)
        abort ();
    }
  free (s);
  return 0;
}
