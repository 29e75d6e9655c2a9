/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"
#include <signal.h>
#include <string.h>

#include "signals.h"
#include "tap.h"

int
main (void)
{
  static const struct
  {
    const char *in;
    int want;
  } cases[] = {
    { "KILL", SIGKILL },  { "SIGKILL", SIGKILL }, { "kill", SIGKILL }, { "9", SIGKILL },
    { "TERM", SIGTERM },  { "SIGHUP", SIGHUP },   { "USR1", SIGUSR1 }, { "CHLD", SIGCHLD },
    { "WINCH", SIGWINCH }, { "15", SIGTERM },     { "RTMIN", 34 },     { "RTMIN+2", 36 },
    { "SIGRTMAX-1", 63 }, { "RTMAX", 64 },
    { "", -1 },           { "FOO", -1 },          { "SIGFOO", -1 },    { "SIG0", -1 },
    { "0", 0 },
    { "65", -1 },         { "-9", -1 },           { "9x", -1 },        { "RTMIN+99", -1 },
    { "RTMIN+", -1 },     { "SIG", -1 },
    { "RTMIN+9223372036854775807", -1 }, { "RTMAX-9223372036854775807", -1 },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      int got = lc_signal_parse (cases[i].in);
      ok (got == cases[i].want, "lc_signal_parse(\"%s\") = %d (want %d)", cases[i].in, got,
          cases[i].want);
    }
  ok (lc_signal_parse (NULL) == -1, "NULL is unknown");
  ok (strcmp (lc_signal_name (SIGKILL), "KILL") == 0, "name of 9 is KILL");
  ok (strcmp (lc_signal_name (36), "RTMIN+2") == 0, "name of 36 is RTMIN+2");
  return tap_done ();
}
