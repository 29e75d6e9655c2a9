/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dlopen() of the optional-at-start-up libraries: see dl.h.  */
#include <dlfcn.h>
#include <errno.h>

#include "dl.h"
#include "mount-opts.h"
#include "selinux.h"
#include "utils.h"

int
lc_dl_open (const char *soname, const struct lc_dl_sym *syms, size_t n, lc_error_t *err)
{
  void *found[24];
  void *h;

  if (n > ARRAY_SIZE (found))
    return lc_error (err, EINVAL, "%s: too many symbols", soname);
  /* RTLD_LOCAL: its symbols serve only the slots, never a later lookup.  */
  h = dlopen (soname, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL)
    return lc_error (err, ENOENT, "load %s: %s", soname, dlerror ());
  for (size_t i = 0; i < n; i++)
    {
      found[i] = dlsym (h, syms[i].name);
      if (found[i] == NULL)
        {
          lc_error (err, ENOENT, "load %s: no symbol `%s`", soname, syms[i].name);
          dlclose (h);
          return -1;
        }
    }
  for (size_t i = 0; i < n; i++)
    *syms[i].slot = found[i];
  return 0;
}

int
lc_libs_load (lc_error_t *err)
{
  if (lc_mount_opts_load (err) < 0 || lc_selinux_load (err) < 0)
    return -1;
  return 0;
}
