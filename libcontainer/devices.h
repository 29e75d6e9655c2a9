/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Device nodes in the container's /dev: the default set every container
   gets (null zero full random urandom tty), the /dev symlinks, and
   linux.devices.  Created inside the rootfs through its fd; in a user
   namespace (where mknod is refused) bind-mounted from the host's node.  */
#ifndef LC_DEVICES_H
#define LC_DEVICES_H

#include <stdbool.h>
#include "error.h"
#include "spec.h"

/* Default devices, symlinks (/dev/fd, stdin, stdout, stderr, ptmx) and the
   /dev/shm directory.  */
int lc_devices_setup_default (int rootfd, bool in_userns, lc_error_t *err);
/* linux.devices[i].  */
int lc_devices_create (int rootfd, const struct spec_device *d, size_t i, bool in_userns,
                       lc_error_t *err);

#endif
