/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A new session keyring per container, so that containers do not share the
 * keys of the session that started them (nor each other's).  keyctl(2)
 * through syscall(): no libkeyutils dependency for three calls.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/keyctl.h>

#include "keyring.h"
#include "log.h"
#include "selinux.h"
#include "utils.h"

/* KEY_USR_SEARCH: runc makes the session keyring searchable by its owner's
   uid (the container's user may differ from the possessor's view).  */
#define KEY_USR_SEARCH_ 0x00080000

static long
keyctl_ (int cmd, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
  return syscall (__NR_keyctl, cmd, a2, a3, a4, a5);
}

/* The permission mask is the last field of KEYCTL_DESCRIBE's
   "type;uid;gid;perm;description" (perm in hex).  */
static int
keyring_add_search (long key, lc_error_t *err)
{
  char desc[512];
  unsigned int uid, gid, perm;
  long n;

  n = keyctl_ (KEYCTL_DESCRIBE, (unsigned long) key, (unsigned long) desc, sizeof desc - 1, 0);
  if (n < 0)
    return lc_error (err, errno, "describe the session keyring");
  desc[n < (long) sizeof desc ? n : (long) sizeof desc - 1] = '\0';
  if (sscanf (desc, "%*[^;];%u;%u;%x;", &uid, &gid, &perm) != 3)
    return lc_error (err, EINVAL, "parse the session keyring description \"%s\"", desc);
  if (keyctl_ (KEYCTL_SETPERM, (unsigned long) key, perm | KEY_USR_SEARCH_, 0, 0) < 0)
    return lc_error (err, errno, "set the session keyring permissions");
  return 0;
}

int
lc_keyring_join_new (const char *id, const char *label, lc_error_t *err)
{
  cleanup_free char *name = NULL;
  long key;

  /* The keyring gets the container's label: it is created by this call,
     so the key-creation label must be set first, and reset after.  */
  if (label && label[0] && lc_selinux_set_keycreate_label (label, err) < 0)
    return lc_error_wrap (err, "session keyring");

  xasprintf (&name, "moat-%s", id ? id : "container");
  key = keyctl_ (KEYCTL_JOIN_SESSION_KEYRING, (unsigned long) name, 0, 0, 0);
  if (key < 0)
    {
      int saved = errno;

      if (label && label[0])
        (void) lc_selinux_set_keycreate_label (NULL, NULL);
      /* Kernels without keys, or a seccomp profile of an outer container
         that refuses keyctl: runc carries on without a keyring.  */
      if (saved == ENOSYS || saved == EACCES || saved == EPERM)
        {
          lc_warn ("cannot join a new session keyring: %s, ignoring", strerror (saved));
          return 0;
        }
      return lc_error (err, saved, "join the session keyring `%s`", name);
    }
  if (label && label[0] && lc_selinux_set_keycreate_label (NULL, err) < 0)
    return lc_error_wrap (err, "reset the key-creation label");
  return keyring_add_search (key, err);
}
