/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* process.apparmorProfile: "exec PROFILE" written to the calling thread's
 * attr file through the verified procfs handle.  The profile takes effect
 * at the next execve, so nothing of the runtime runs confined.  The kernel
 * refuses the write when the profile is not loaded: that is the error a
 * user gets for a missing profile on an AppArmor host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "apparmor.h"
#include "log.h"
#include "procfs.h"
#include "utils.h"

bool
lc_apparmor_enabled (void)
{
  static int enabled = -1;
  cleanup_free char *buf = NULL;
  size_t len = 0;
  lc_error_t err = NULL;

  if (enabled >= 0)
    return enabled;
  /* As runc: the securityfs directory and the module parameter.  */
  enabled = 0;
  if (access ("/sys/kernel/security/apparmor", F_OK) == 0
      && read_file_at (AT_FDCWD, "/sys/module/apparmor/parameters/enabled", &buf, &len, &err) == 0)
    enabled = len > 0 && buf[0] == 'Y';
  lc_error_free (&err);
  return enabled;
}

/* Ask once at start-up, in the runtime's own mount namespace: the profile
   is applied in the container process after pivot_root, where /sys is the
   container's and must not decide whether confinement happens.  */
__attribute__ ((constructor)) static void
apparmor_probe (void)
{
  (void) lc_apparmor_enabled ();
}

static int
write_exec_attr (const char *path, const char *value, lc_error_t *err)
{
  cleanup_close int fd = lc_procfs_open (path, O_WRONLY | O_CLOEXEC, err);
  ssize_t n;

  if (fd < 0)
    return -1;
  n = TEMP_FAILURE_RETRY_INT (write (fd, value, strlen (value)));
  if (n < 0)
    return lc_error (err, errno, "write `%s`", path);
  return 0;
}

int
lc_apparmor_apply (const char *profile, lc_error_t *err)
{
  cleanup_free char *value = NULL;
  lc_error_t first = NULL;
  int ret;

  if (profile == NULL || profile[0] == '\0')
    return 0;
  if (!lc_apparmor_enabled ())
    {
      lc_debug ("AppArmor is not enabled: profile \"%s\" not applied", profile);
      return 0;
    }
  xasprintf (&value, "exec %s", profile);
  /* The per-LSM file (Linux 5.1+) first: with several LSMs stacked the
     legacy attr/exec belongs to whichever came first.  */
  ret = write_exec_attr ("thread-self/attr/apparmor/exec", value, &first);
  if (ret < 0 && first && first->status == ENOENT)
    {
      lc_error_free (&first);
      ret = write_exec_attr ("thread-self/attr/exec", value, &first);
    }
  if (ret < 0)
    {
      ret = lc_error (err, first ? first->status : EINVAL, "apply AppArmor profile \"%s\"%s", profile,
                      first && first->status == ENOENT ? " (is it loaded?)" : "");
      lc_error_free (&first);
    }
  return ret;
}
