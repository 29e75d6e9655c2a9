/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LC_SIGNALS_H
#define LC_SIGNALS_H

/* "KILL", "SIGKILL", "9", "RTMIN+2" → number; -1 when unknown.  "0" is
   0 (no signal: `kill ID 0` checks that init exists).  */
int lc_signal_parse (const char *s);
const char *lc_signal_name (int sig);

#endif
