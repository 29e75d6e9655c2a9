/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* linux.seccomp through libseccomp (the only file that includes it).  The
   filter is compiled once, in the parent before fork, to a BPF program;
   the child only loads it.  */
/* libseccomp's header is also called seccomp.h and -Ilibcontainer comes
   first in the search path, so seccomp.c asks for <seccomp.h> with
   LC_SECCOMP_LIBSECCOMP defined and gets libseccomp's through here.  */
#if defined LC_SECCOMP_LIBSECCOMP && !defined _SECCOMP_H
# include_next <seccomp.h>
#endif

#ifndef LC_SECCOMP_H
#define LC_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>
#include "error.h"
#include "spec.h"

struct lc_seccomp;

int lc_seccomp_compile (const struct spec_seccomp *sc, const char *file,
                        struct lc_seccomp **out, lc_error_t *err);
/* Load into the calling thread (needs no_new_privs or CAP_SYS_ADMIN).
   *notify_fd gets the listener fd when the filter has SCMP_ACT_NOTIFY
   (else -1).  */
int lc_seccomp_load (const struct lc_seccomp *sc, int *notify_fd, lc_error_t *err);
bool lc_seccomp_wants_listener (const struct lc_seccomp *sc);
/* After lc_seccomp_load, in the container process: send the notify fd and
   the OCI containerProcessState ({"ociVersion", "fds": ["seccompFd"],
   "pid", "metadata", "state": STATE}) over the connection made by
   lc_seccomp_listener_connect.  state_json is the container's state
   (its "pid" is used; NULL sends {} and getpid()).  */
int lc_seccomp_send_listener (int listener_sock, int notify_fd, const char *state_json,
                              const char *metadata, lc_error_t *err);
void lc_seccomp_free (struct lc_seccomp *sc);
/* Where compiled programs are cached (a root-only directory; the default
   for root is /run/moat-cache/seccomp); NULL turns the cache off.  */
void lc_seccomp_set_cache_dir (const char *dir);
/* Connect to linux.seccomp.listenerPath (in the parent, at create, so a
   missing listener fails create): the fd for lc_exec_ctx.notify_socket, or
   -1 without error when the filter has no NOTIFY rule.  */
int lc_seccomp_listener_connect (const struct lc_seccomp *sc, lc_error_t *err);
const char *lc_seccomp_listener_path (const struct lc_seccomp *sc);
/* linux.seccomp.listenerMetadata (NULL when unset), for
   lc_seccomp_send_listener's `metadata`.  */
const char *lc_seccomp_listener_metadata (const struct lc_seccomp *sc);
/* BPF instructions in the compiled program (tests, debug logs).  */
size_t lc_seccomp_program_len (const struct lc_seccomp *sc);

/* Default profile for `moat spec` (like podman's): writes the "seccomp"
   object's members into the open yajl generator (void * to keep yajl out of
   this header).  */
int lc_seccomp_default_profile (void *yajl_gen_handle, lc_error_t *err);

#endif
