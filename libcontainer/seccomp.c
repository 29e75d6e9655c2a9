/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "seccomp.h"

int lc_seccomp_compile (const struct spec_seccomp *sc, const char *file, struct lc_seccomp **out, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_seccomp_compile: not implemented yet");
}

int lc_seccomp_load (const struct lc_seccomp *sc, int *notify_fd, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_seccomp_load: not implemented yet");
}

bool lc_seccomp_wants_listener (const struct lc_seccomp *sc)
{
  return false;
}

int lc_seccomp_send_listener (int listener_sock, int notify_fd, const char *state_json, const char *metadata, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_seccomp_send_listener: not implemented yet");
}

void lc_seccomp_free (struct lc_seccomp *sc)
{
}

int lc_seccomp_default_profile (void *yajl_gen_handle, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_seccomp_default_profile: not implemented yet");
}

