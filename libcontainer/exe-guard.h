/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* CVE-2019-5736: a container process must never get a writable handle on
   the host's moat binary through /proc/self/exe (or /proc/PID/exe).  */
#ifndef LC_EXE_GUARD_H
#define LC_EXE_GUARD_H

#include <stdbool.h>
#include "error.h"

/* True when the image this process runs cannot be written through its
   exe link: it sits on a read-only mount or is a write-sealed memfd.  */
bool lc_exe_is_protected (void);
/* For the commands whose process enters a container (create, run, exec):
   when not protected yet, re-exec once with the same argv and environ from
   a read-only detached bind mount of the binary (no copy), or from a
   sealed memfd copy where mounts cannot be made (rootless).  Returns 0
   when already protected; does not return when the re-exec succeeds.  */
int lc_exe_guard (char **argv, lc_error_t *err);

#endif
