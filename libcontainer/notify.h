/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sd_notify relay and socket activation for the container (notify.c).  */
#ifndef LC_NOTIFY_H
#define LC_NOTIFY_H

#include <sys/types.h>
#include "error.h"
#include "spec.h"

/* create, with NOTIFY_SOCKET set: STATE/notify/, its read-only bind mount
   at /run/notify and NOTIFY_SOCKET in the process's environment.  */
int lc_notify_prepare (struct spec *spec, int statefd, const char *state_dir, lc_error_t *err);
/* start/run: bind STATE/notify/notify.sock; returns its fd.  */
int lc_notify_listen (int statefd, const char *id, lc_error_t *err);
/* The host's NOTIFY_SOCKET, connected: before the start, so that a bad one
   fails with the container not yet running.  */
int lc_notify_connect (const char *path, lc_error_t *err);
/* Relay the container's messages to host (connected) until READY= (then
   MAINPID=pid and a barrier) or until init (pidfd) exits.  */
int lc_notify_relay (int sock, int host, int pidfd, pid_t pid, lc_error_t *err);

/* LISTEN_FDS=n and LISTEN_PID=1 in the process's environment.  */
void lc_listen_fds_env (struct spec *spec, int n);

#endif
