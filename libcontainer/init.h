/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's init: the child side of create (see the sequence in
   docs/architecture.md).  It runs in the clone3 child, a copy of the
   parent's memory, so it reads the parsed spec directly.  */
#ifndef LC_INIT_H
#define LC_INIT_H

#include <stdbool.h>
#include "container.h"
#include "spec.h"

struct lc_seccomp;

struct lc_init_args
{
  const struct spec *spec;
  const struct lc_create_opts *opts;
  const char *rootfs;               /* absolute host path */
  const struct lc_seccomp *seccomp; /* compiled filter or NULL */
  int sync;                         /* child end of the sync socketpair */
  int exec_listen;                  /* create: listening exec.sock; run: -1 */
  int notify_socket;                /* seccomp listener connection or -1 */
  const int *join_fds;              /* lc_ns_open_joins, NULL when nothing is joined */
  unsigned long unshare_flags;      /* new namespaces still to make (join path) */
  bool new_userns;                  /* a new user namespace needs its maps */
  bool rootless;                    /* lc_rootless (): the parent has no more right than init */
  bool in_userns;
  bool pid_fork;                    /* join path: fork so the child is in the pid ns */
  bool cgroup_late;                 /* wait for SYNC_CGROUP_JOINED before anything */
  bool cgroupns_late;               /* ... then unshare the cgroup namespace */
  bool pid_join;                    /* ... a pid ns joined by path: fork last (init.c) */
};

/* Runs in the child; returns the exit code for _exit (only on failure,
   after reporting it on the sync socket).  */
int lc_init_main (const struct lc_init_args *a);

#endif
