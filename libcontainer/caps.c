/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* process.capabilities through libcap-ng (the only file that includes it).
 *
 * The name table is ours, not libcap-ng's: a name that is not in it is a
 * config error, while a name that is in it but that the running kernel
 * does not know (CAP_CHECKPOINT_RESTORE on an old kernel) is skipped with a
 * warning, as runc does.  The two cases must not be confused, so the table
 * cannot depend on the libcap-ng version the binary was built against.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <cap-ng.h>

#include "caps.h"
#include "log.h"
#include "utils.h"

#ifndef PR_CAP_AMBIENT
# define PR_CAP_AMBIENT 47
# define PR_CAP_AMBIENT_RAISE 2
# define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

/* Index = capability number (linux/capability.h).  */
static const char *const cap_names[] = {
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
  "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
  "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
  "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
  "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG",
  "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
  "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON",
  "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

/* The five sets in the order config.json names them.  */
enum cap_set { SET_BOUNDING, SET_EFFECTIVE, SET_INHERITABLE, SET_PERMITTED, SET_AMBIENT };

static const struct
{
  const char *json;
  enum cap_set set;
} cap_sets[] = {
  { "bounding", SET_BOUNDING },
  { "effective", SET_EFFECTIVE },
  { "inheritable", SET_INHERITABLE },
  { "permitted", SET_PERMITTED },
  { "ambient", SET_AMBIENT },
};

static char **
caps_set_names (const struct spec_capabilities *caps, enum cap_set set)
{
  if (caps == NULL)
    return NULL;
  switch (set)
    {
    case SET_BOUNDING: return caps->bounding;
    case SET_EFFECTIVE: return caps->effective;
    case SET_INHERITABLE: return caps->inheritable;
    case SET_PERMITTED: return caps->permitted;
    case SET_AMBIENT: return caps->ambient;
    }
  return NULL;
}

int
lc_cap_from_name (const char *name)
{
  size_t i;

  if (name == NULL)
    return -1;
  for (i = 0; i < ARRAY_SIZE (cap_names); i++)
    if (strcmp (name, cap_names[i]) == 0)
      return (int) i;
  return -1;
}

/* The kernel answers EINVAL to PR_CAPBSET_READ for a capability it does not
   know; this asks the kernel itself, not /proc (which may be the
   container's by now).  */
static bool
kernel_has_cap (int cap)
{
  return prctl (PR_CAPBSET_READ, (unsigned long) cap, 0, 0, 0) >= 0;
}

int
lc_caps_validate (const struct spec_capabilities *caps, const char *file, lc_error_t *err)
{
  size_t s, i;

  if (caps == NULL)
    return 0;
  for (s = 0; s < ARRAY_SIZE (cap_sets); s++)
    {
      char **names = caps_set_names (caps, cap_sets[s].set);

      for (i = 0; names && names[i]; i++)
        {
          int cap = lc_cap_from_name (names[i]);

          if (cap < 0)
            return lc_error (err, 0, "%s: process.capabilities.%s[%zu]: unknown capability \"%s\"",
                             file ? file : "config.json", cap_sets[s].json, i, names[i]);
          if (!kernel_has_cap (cap))
            lc_warn ("process.capabilities.%s[%zu]: capability \"%s\" is not known to the running kernel, ignoring",
                     cap_sets[s].json, i, names[i]);
        }
    }
  return 0;
}

/* Fill libcap-ng's working state for one set.  Names were validated; a
   capability the kernel lacks is skipped (warned about at validation).  */
static void
caps_fill (const struct spec_capabilities *caps, enum cap_set set, capng_type_t type)
{
  char **names = caps_set_names (caps, set);
  size_t i;

  for (i = 0; names && names[i]; i++)
    {
      int cap = lc_cap_from_name (names[i]);

      if (cap < 0 || !kernel_has_cap (cap))
        {
          lc_debug ("capability \"%s\" unknown to the kernel, skipped", names[i]);
          continue;
        }
      capng_update (CAPNG_ADD, type, (unsigned int) cap);
    }
}

int
lc_caps_drop_bounding (const struct spec_capabilities *caps, lc_error_t *err)
{
  int ret;

  /* Keep the permitted set across the setresuid() to a non-zero uid that
     follows; lc_caps_apply then sets the exact sets.  */
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl PR_SET_KEEPCAPS");

  capng_clear (CAPNG_SELECT_BOUNDS);
  caps_fill (caps, SET_BOUNDING, CAPNG_BOUNDING_SET);
  ret = capng_apply (CAPNG_SELECT_BOUNDS);
  if (ret < 0)
    return lc_error (err, errno ? errno : EPERM, "drop capabilities from the bounding set (capng_apply %d)", ret);
  return 0;
}

/* Ambient capabilities are raised one by one with prctl: libcap-ng's ambient
   support depends on its version, the prctl does not.  */
static int
caps_apply_ambient (const struct spec_capabilities *caps, lc_error_t *err)
{
  char **names = caps_set_names (caps, SET_AMBIENT);
  size_t i;

  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    return lc_error (err, errno, "clear the ambient capabilities");
  for (i = 0; names && names[i]; i++)
    {
      int cap = lc_cap_from_name (names[i]);

      if (cap < 0 || !kernel_has_cap (cap))
        continue;
      /* The kernel raises an ambient capability only when it is both
         permitted and inheritable.  runc's and podman's default configs
         list ambient capabilities with an empty inheritable set (on
         purpose: CVE-2022-27650), so EPERM here is the normal case and,
         like runc and crun, is not an error.  */
      if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long) cap, 0, 0) < 0)
        {
          if (errno != EPERM && errno != EINVAL)
            return lc_error (err, errno, "raise ambient capability \"%s\"", names[i]);
          lc_debug ("ambient capability \"%s\" not raised: it is not both permitted and inheritable",
                    names[i]);
        }
    }
  return 0;
}

int
lc_caps_apply (const struct spec_capabilities *caps, lc_error_t *err)
{
  int ret;

  /* The inheritable set stays empty unless config.json lists it
     (CVE-2022-27650): capng_clear starts from nothing.  */
  capng_clear (CAPNG_SELECT_CAPS);
  caps_fill (caps, SET_EFFECTIVE, CAPNG_EFFECTIVE);
  caps_fill (caps, SET_PERMITTED, CAPNG_PERMITTED);
  caps_fill (caps, SET_INHERITABLE, CAPNG_INHERITABLE);
  ret = capng_apply (CAPNG_SELECT_CAPS);
  if (ret < 0)
    return lc_error (err, errno ? errno : EPERM, "set the process capabilities (capng_apply %d)", ret);

  if (caps_apply_ambient (caps, err) < 0)
    return -1;

  /* Keep-caps was only needed across the user switch.  */
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    return lc_error (err, errno, "prctl PR_SET_KEEPCAPS");
  return 0;
}

const char *
lc_cap_to_name (int cap)
{
  if (cap < 0 || (size_t) cap >= ARRAY_SIZE (cap_names))
    return NULL;
  return cap_names[cap];
}
