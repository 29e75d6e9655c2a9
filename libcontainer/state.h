/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The state directory: ROOT/ID/ holding state.json (written atomically),
   config.json (the config the container was created with) and the lock.
   Commands on one container serialise on flock(ROOT/ID); different
   containers do not.  */
#ifndef LC_STATE_H
#define LC_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

enum lc_status
{
  LC_STATUS_CREATING,
  LC_STATUS_CREATED,
  LC_STATUS_RUNNING,
  LC_STATUS_STOPPED,
  LC_STATUS_PAUSED,
};

const char *lc_status_name (enum lc_status status);

/* runc 1.1's words for a refused operation.  containerd's shim and CRI
   plugin (through go-runc, from the last error of the --log file) match
   them as substrings ("container not running", "does not exist"), so they
   follow the id verbatim: "container `ID`: container not running".  */
#define LC_RUNC_NOT_EXIST "container does not exist"
#define LC_RUNC_EXISTS "container with given ID already exists"
#define LC_RUNC_NOT_RUNNING "container not running"
#define LC_RUNC_NOT_PAUSED "container not paused"

struct lc_state
{
  char *oci_version;
  char *id;
  pid_t pid;               /* init's pid in moat's pid namespace */
  uint64_t pid_start_time; /* /proc/PID/stat field 22, against pid reuse */
  enum lc_status status;   /* as stored; see lc_state_refresh */
  char *bundle;
  char *rootfs;            /* absolute */
  char *created;           /* RFC 3339 with nanoseconds, UTC */
  char *owner;             /* "" in state.json, as runc's state prints it;
                              lc_state_list's: the state dir owner's name */
  struct spec_kv *annotations;
  size_t n_annotations;
  char *cgroup_path;       /* container's cgroup, relative to the cgroup2 mount; may be NULL */
  bool systemd_cgroup;
  bool terminal;
  char *process_label;     /* the label moat made (mcs.h) for exec, or NULL */
  char *mcs_level;         /* "s0:cX,cY" moat picked (mcs.h), or NULL; only
                              in state.json, never in runc's `state` */
  unsigned hooks;          /* 1u << SPEC_HOOK_* for each kind the config has */
  bool hooks_known;        /* create recorded them (state.json "hooks") */
};

/* Validate a container id: non-empty, <= NAME_MAX (255) bytes, not "." or
   "..", only runc's ^[\w+-\.]+$ ([A-Za-z0-9_+,.-]).  */
int lc_id_validate (const char *id, lc_error_t *err);

/* Open (create=true: make, and fail with "container `ID` already exists")
   the state dir; returns an O_DIRECTORY|O_CLOEXEC fd.  */
int lc_state_dir_open (const char *root, const char *id, bool create, lc_error_t *err);
/* Remove the state dir and everything in it.  */
int lc_state_dir_remove (const char *root, const char *id, lc_error_t *err);
/* Exclusive flock on the state dir fd; blocks.  */
int lc_state_lock (int dirfd, lc_error_t *err);
/* Shared: for exec, which reads the state and writes none of it, so
   execs run side by side and every writer still waits for them.  */
int lc_state_lock_shared (int dirfd, lc_error_t *err);

int lc_state_read (int dirfd, struct lc_state **out, lc_error_t *err);
/* The copy of config.json the container was created with, parsed.  */
int lc_state_read_config (int dirfd, struct spec **spec, lc_error_t *err);
/* The config has hooks of this kind (SPEC_HOOK_*), or may have: a state
   written before create recorded them answers yes, and the config tells.
   start and delete parse the config only for theirs.  */
bool lc_state_may_have_hooks (const struct lc_state *state, int kind);
/* The state dir of a container (locked if asked), its state read and
   refreshed; "container `ID` does not exist" when it is not there (or
   went under us).  Returns the dir's fd.  */
int lc_state_open_container (const char *root, const char *id, bool lock,
                             struct lc_state **state, lc_error_t *err);
int lc_state_write (int dirfd, const struct lc_state *state, lc_error_t *err);
/* Recompute created/running/stopped/paused from the live process
   (and cgroup.freeze when there is a cgroup).  */
void lc_state_refresh (struct lc_state *state);
/* The recorded init is alive: pid exists, not a zombie, same start time.  */
bool lc_state_pid_alive (const struct lc_state *state);
/* runc's `state` JSON (ociVersion, id, pid, status, bundle, rootfs, created,
   annotations, owner).  */
int lc_state_to_json (const struct lc_state *state, bool pretty, char **json, size_t *len,
                      lc_error_t *err);
/* Every container under root (for `list`), refreshed, each with its
   owner set as runc's list shows it.  */
int lc_state_list (const char *root, struct lc_state ***out, size_t *n, lc_error_t *err);
void lc_state_free (struct lc_state *state);

#endif
