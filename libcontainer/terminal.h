/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* process.terminal: a pty made inside the container, the slave as the
   controlling terminal and stdio, the master handed out: to
   --console-socket with runc's protocol (SCM_RIGHTS), or proxied by a
   foreground `run`/`exec`.  */
#ifndef LC_TERMINAL_H
#define LC_TERMINAL_H

#include <stdbool.h>
#include "error.h"
#include "spec.h"

/* In the container (after /dev/pts is mounted): open ptmx, unlock, set size,
   make the slave our controlling tty and stdio; returns the master fd and
   *slave_fd (for /dev/console).  */
int lc_terminal_create (const struct spec_process *process, int *slave_fd, lc_error_t *err);
/* Connect to the console socket path (before pivot_root, since it is a host path).  */
int lc_console_socket_connect (const char *path, lc_error_t *err);
/* Send the master fd over a connected console socket.  */
int lc_console_socket_send (int sock, int master, lc_error_t *err);
/* Foreground: raw mode on our terminal (lc_terminal_current), copy both ways until
   the child exits (pidfd readable); returns when the master hangs up.  */
int lc_terminal_proxy (int master, int pidfd, lc_error_t *err);

/* Pieces of the proxy for callers with their own poll loop (run forwards
   signals while it copies).  */
struct termios;
/* The caller's terminal as runc's console.Current() finds it: the first
   of stdin, stdout and stderr that is a tty, or -1.  */
int lc_terminal_current (void);
/* Raw mode (cfmakeraw, output processing included) on fd when it is a
   tty: 0 and *saved on success, -1 otherwise or on failure.  */
int lc_terminal_raw (int fd, struct termios *saved);
void lc_terminal_restore (int fd, const struct termios *saved);
void lc_terminal_copy_winsize (int from, int to);
/* One read+write: 1 copied (or nothing to read), 0 EOF/hang-up, -1 error.  */
int lc_terminal_copy (int from, int to);

#endif
