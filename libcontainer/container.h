/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The public operations of libcontainer; src/ calls only these (plus
   spec.h, state.h, signals.h, log.h).  One CLI command = one call.  */
#ifndef LC_CONTAINER_H
#define LC_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"
#include "state.h"
#include "stats.h"

struct lc_create_opts
{
  const char *state_root;     /* --root, default /run/moat */
  const char *id;
  const char *bundle;         /* absolute path */
  const char *console_socket; /* NULL unless --console-socket */
  const char *pid_file;       /* NULL unless --pid-file */
  bool no_pivot;
  bool no_new_keyring;
  bool systemd_cgroup;
  int preserve_fds;           /* fds 3 .. 3+N-1 passed to the container (listen_fds included) */
  int listen_fds;             /* the first N of them are systemd's LISTEN_FDS */
  const char *notify_socket;  /* the host's NOTIFY_SOCKET, or NULL */
  const char *default_selinux_type; /* for a config without a label (mcs.h), or NULL */
  bool selinux_relabel;       /* label the rootfs tree with the mount label (relabel.h) */
  /* run only */
  bool detach;
  bool keep;
};

/* moat runs as an ordinary user, or in a user namespace other than the
   initial one: no cgroup unless one is delegated, no device filter unless
   it loads (rootless.c).  */
bool lc_rootless (void);

/* How many fds systemd's socket activation passed to this process
   (LISTEN_FDS; 0 when LISTEN_PID is not our pid): for lc_create_opts.  */
int lc_listen_fds (void);

/* create: validate, set up, leave init waiting for start.  On failure
   nothing is left behind (state dir, mounts, cgroup, process).  */
int lc_container_create (const struct lc_create_opts *opts, lc_error_t *err);
/* notify_socket: the host's NOTIFY_SOCKET (or NULL): start returns once the
   container said READY=1 there, or exited.  */
int lc_container_start (const char *state_root, const char *id, const char *notify_socket,
                        lc_error_t *err);
/* run: create + start; foreground: waits and returns the exit status in
   *exit_status (128+N for a signal), then deletes unless opts->keep.  */
int lc_container_run (const struct lc_create_opts *opts, int *exit_status, lc_error_t *err);
int lc_container_kill (const char *state_root, const char *id, int sig, bool all,
                       lc_error_t *err);
int lc_container_delete (const char *state_root, const char *id, bool force,
                         lc_error_t *err);

struct lc_exec_opts
{
  const char *state_root;
  const char *id;
  struct spec_process *process; /* built by the CLI from -p or the argv + flags */
  const char *console_socket;
  const char *pid_file;
  int preserve_fds;
  bool detach;
  const char *process_label;   /* --process-label overrides process->selinux_label */
  const char *sub_cgroup;      /* --cgroup: an existing cgroup below the container's */
  bool ignore_paused;          /* --ignore-paused: a paused container is entered (frozen) */
};
int lc_container_exec (const struct lc_exec_opts *opts, int *exit_status, lc_error_t *err);

/* The operations on a container's cgroup (control.c), through the driver
   recorded at create.  pause: created or running; resume: paused;
   update: not stopped.  */
int lc_container_pause (const char *state_root, const char *id, lc_error_t *err);
int lc_container_resume (const char *state_root, const char *id, lc_error_t *err);
int lc_container_update (const char *state_root, const char *id,
                         const struct spec_resources *res, lc_error_t *err);
/* Every pid of the container's cgroup and its descendants (malloc'd).  */
int lc_container_pids (const char *state_root, const char *id, pid_t **pids, size_t *n,
                       lc_error_t *err);

enum lc_event_type
{
  LC_EVENT_STATS,
  LC_EVENT_OOM,
};
struct lc_event
{
  enum lc_event_type type;
  struct lc_cgroup_stats stats;
};
/* Called for each event; a negative return stops the stream.  */
typedef int (*lc_event_fn) (const struct lc_event *ev, void *data);
/* once: one stats event.  Otherwise stats every interval_ns and each OOM
   kill as it happens, until the container is deleted.  */
int lc_container_events (const char *state_root, const char *id, uint64_t interval_ns,
                         bool once, lc_event_fn fn, void *data, lc_error_t *err);

#endif
