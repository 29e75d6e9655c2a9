/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signals.h"
#include "utils.h"

static const struct
{
  const char *name;
  int sig;
} signal_table[] = {
  { "HUP", SIGHUP },       { "INT", SIGINT },       { "QUIT", SIGQUIT },
  { "ILL", SIGILL },       { "TRAP", SIGTRAP },     { "ABRT", SIGABRT },
  { "IOT", SIGIOT },       { "BUS", SIGBUS },       { "FPE", SIGFPE },
  { "KILL", SIGKILL },     { "USR1", SIGUSR1 },     { "SEGV", SIGSEGV },
  { "USR2", SIGUSR2 },     { "PIPE", SIGPIPE },     { "ALRM", SIGALRM },
  { "TERM", SIGTERM },     { "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD },
  { "CLD", SIGCHLD },      { "CONT", SIGCONT },     { "STOP", SIGSTOP },
  { "TSTP", SIGTSTP },     { "TTIN", SIGTTIN },     { "TTOU", SIGTTOU },
  { "URG", SIGURG },       { "XCPU", SIGXCPU },     { "XFSZ", SIGXFSZ },
  { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },     { "WINCH", SIGWINCH },
  { "IO", SIGIO },         { "POLL", SIGPOLL },     { "PWR", SIGPWR },
  { "SYS", SIGSYS },
};

/* "RTMIN", "RTMIN+3", "RTMAX-2".  */
static int
parse_rt (const char *s)
{
  int base, sign = 0;
  int64_t off = 0;

  if (strncasecmp (s, "RTMIN", 5) == 0)
    base = SIGRTMIN;
  else if (strncasecmp (s, "RTMAX", 5) == 0)
    base = SIGRTMAX;
  else
    return -1;
  s += 5;
  if (*s == '\0')
    return base;
  if (*s == '+')
    sign = 1;
  else if (*s == '-')
    sign = -1;
  /* Bound the offset before adding it: "RTMIN+9223372036854775807"
     overflowed int64_t.  */
  if (sign == 0 || s[1] < '0' || s[1] > '9' || parse_int64 (s + 1, &off) < 0
      || off > SIGRTMAX - SIGRTMIN)
    return -1;
  off = base + sign * off;
  return off >= SIGRTMIN && off <= SIGRTMAX ? (int) off : -1;
}

int
lc_signal_parse (const char *s)
{
  int64_t n;

  if (s == NULL || *s == '\0')
    return -1;
  /* 0 by number only (runc's `kill ID 0`, an existence check).  */
  if (parse_int64 (s, &n) == 0)
    return n >= 0 && n < NSIG ? (int) n : -1;
  if (strncasecmp (s, "SIG", 3) == 0)
    s += 3;
  for (size_t i = 0; i < ARRAY_SIZE (signal_table); i++)
    if (strcasecmp (signal_table[i].name, s) == 0)
      return signal_table[i].sig;
  return parse_rt (s);
}

const char *
lc_signal_name (int sig)
{
  static __thread char buf[16];
  for (size_t i = 0; i < ARRAY_SIZE (signal_table); i++)
    if (signal_table[i].sig == sig)
      return signal_table[i].name;
  if (sig >= SIGRTMIN && sig <= SIGRTMAX)
    {
      snprintf (buf, sizeof buf, "RTMIN+%d", sig - SIGRTMIN);
      return buf;
    }
  return NULL;
}
