/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "terminal.h"

int lc_terminal_create (const struct spec_process *process, int *slave_fd, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_terminal_create: not implemented yet");
}

int lc_console_socket_connect (const char *path, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_console_socket_connect: not implemented yet");
}

int lc_console_socket_send (int sock, int master, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_console_socket_send: not implemented yet");
}

int lc_terminal_proxy (int master, int pidfd, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "lc_terminal_proxy: not implemented yet");
}

