/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Ownership helpers and small I/O utilities shared by every file.  */
#ifndef LC_UTILS_H
#define LC_UTILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

/* ---- ownership --------------------------------------------------------- */

void cleanup_freep (void *p);
void cleanup_closep (int *fd);
void cleanup_strvp (char ***strv);
/* Kills (SIGKILL) and reaps the pid unless it was stolen.  */
void cleanup_pidp (pid_t *pid);

/* `make lint`: cppcheck 2.10 ignores the cleanup attribute, so it reports
   every early return past a cleanup_ variable as a leak.  Shown to it as
   static, such a variable is not leak-tracked (it is released at scope
   exit, which is the point); a plain `int fd = open (...)` still is.  */
#ifndef __CPPCHECK__
#define cleanup_free __attribute__ ((cleanup (cleanup_freep)))
#define cleanup_close __attribute__ ((cleanup (cleanup_closep)))
#define cleanup_strv __attribute__ ((cleanup (cleanup_strvp)))
#define cleanup_pid __attribute__ ((cleanup (cleanup_pidp)))
#else
#define cleanup_free static
#define cleanup_close static
#define cleanup_strv static
#define cleanup_pid static
#endif

static inline void *
steal_pointer_ (void *pp)
{
  void **p = (void **) pp;
  void *ret = *p;
  *p = NULL;
  return ret;
}
#define steal_pointer(pp) ((__typeof__ (*(pp))) steal_pointer_ (pp))

static inline int
steal_fd (int *fd)
{
  int ret = *fd;
  *fd = -1;
  return ret;
}

static inline pid_t
steal_pid (pid_t *pid)
{
  pid_t ret = *pid;
  *pid = -1;
  return ret;
}

#define ARRAY_SIZE(a) (sizeof (a) / sizeof ((a)[0]))

#define TEMP_FAILURE_RETRY_INT(expr)                    \
  ({                                                    \
    long _r;                                            \
    do                                                  \
      _r = (long) (expr);                               \
    while (_r == -1L && errno == EINTR);                \
    _r;                                                 \
  })

/* ---- memory: allocation failure aborts ---------------------------------- */
/* Only for sizes moat bounds: fixed structs, or a multiple of an input
   that is itself bounded (a file or stdin by LC_READ_MAX, a sync message
   by its 128 KiB).  What is left to fail is the host running out of
   memory, where there is no error path worth having.  */

void *xmalloc (size_t size);
void *xzalloc (size_t size);
void *xrealloc (void *p, size_t size);
void *xreallocarray (void *p, size_t n, size_t size);
char *xstrdup (const char *s);
char *xstrndup (const char *s, size_t n);
int xasprintf (char **out, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

/* NULL-terminated string vectors.  */
size_t strv_len (char *const *v);
void strv_free (char **v);
char **strv_dup (char *const *v);
/* "a, b, c" with sep ", "; "" for an empty or NULL v.  */
char *strv_join (char *const *v, const char *sep);

/* ---- I/O ---------------------------------------------------------------- */

int write_all (int fd, const void *buf, size_t len, lc_error_t *err);
/* Read until EOF, at most LC_READ_MAX bytes (more is an error); *out is
   NUL-terminated, *len excludes the NUL.  */
int read_all_fd (int fd, const char *what, char **out, size_t *len, lc_error_t *err);
int read_file_at (int dirfd, const char *path, char **out, size_t *len, lc_error_t *err);
/* `word` is one of the space- or newline-separated words of `list`.  */
bool word_in_list (const char *list, const char *word);
/* The most moat reads of one file: far above any sane config.json, low
   enough that a read never makes an allocation fail.  */
#define LC_READ_MAX (64 << 20)
/* read_file_at for a file moat is handed (config.json, exec -p, update -r):
   only a regular file of at most LC_READ_MAX bytes.  */
int read_regular_file_at (int dirfd, const char *path, char **out, size_t *len,
                          lc_error_t *err);
/* Write `name` in dirfd atomically: name.tmp, then rename, so a reader sees
   the old file or the new one, never a part.  No fsync: what moat writes
   (state, its config copy, pid files) describes processes that a reboot
   ends, and lives under /run; durability would buy nothing and cost a
   journal commit per file on a disk-backed /run (1-3 ms each, measured).  */
int write_file_atomic_at (int dirfd, const char *name, const void *buf, size_t len,
                          mode_t mode, lc_error_t *err);
/* Open an existing file (no O_CREAT) and write buf to it.  */
int write_file_at (int dirfd, const char *path, const void *buf, size_t len, lc_error_t *err);

/* Close every fd from `from` up, except the `n` fds in `keep` (any order,
   -1 entries ignored): what a process holds before it becomes visible in
   a container is only what the protocol hands it.  */
int close_fds_except (int from, const int *keep, size_t n, lc_error_t *err);
/* --preserve-fds N: fds 3..3+N-1 are open and were inherited (no
   FD_CLOEXEC, which only moat's own fds have); call before opening any.  */
int check_preserved_fds (int n, lc_error_t *err);

/* Fault injection, for tests only: in the build tests/moat-faults
   (LC_FAULT_INJECTION), lc_fault ("create:%s", "cgroup") SIGKILLs moat
   when $MOAT_FAULT names that step; in moat itself it is nothing.  */
#ifdef LC_FAULT_INJECTION
void lc_fault (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
#else
# define lc_fault(...) ((void) 0)
#endif

/* Parse a base-10 integer, whole string, range checked.  */
int parse_int64 (const char *s, int64_t *out);
int parse_uint64 (const char *s, uint64_t *out);
/* Go's time.ParseDuration without a sign ("100ms", "1.5s", "1h30m",
   "300us"; "0" alone needs no unit) → nanoseconds.  -1 when malformed or
   beyond INT64_MAX ns, as Go refuses it.  */
int parse_go_duration (const char *s, uint64_t *ns);

/* Start time of a process (field 22 of /proc/PID/stat) to tell a live pid
   from a reused one.  Returns 0 and *start_time, or -1 with errno.  */
int proc_start_time (pid_t pid, uint64_t *start_time);
/* The same, and the state letter (field 3; state may be NULL), in one read.  */
int proc_stat_state (pid_t pid, char *state, uint64_t *start_time);

#endif
