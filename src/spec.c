/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "moat.h"
#include "spec.h"
#include "utils.h"

enum
{
  OPT_ROOTLESS = 256,
};

static const struct option spec_options[] = {
  { "bundle", required_argument, NULL, 'b' },
  { "rootless", no_argument, NULL, OPT_ROOTLESS },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help spec_help = {
  "spec [command options]",
  "Write a hardened default config.json: read-only root, minimal capabilities,\n"
  "no_new_privs, masked paths and a default seccomp profile.",
  "   --bundle value, -b value\tpath to the root of the bundle directory\n"
  "   --rootless\t\t\tgenerate a configuration for a rootless container\n",
};

struct spec_args
{
  const char *bundle;
  bool rootless;
};

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  struct spec_args *a = data;
  if (c == 'b')
    a->bundle = arg;
  else
    a->rootless = true;
  return 0;
}

int
moat_cmd_spec (int argc, char **argv, lc_error_t *err)
{
  struct spec_args a = { ".", false };
  cleanup_close int dirfd = -1;
  cleanup_close int fd = -1;
  cleanup_free char *json = NULL;
  size_t len;
  int ret;

  ret = moat_parse_options (argc, argv, "b:", spec_options, &spec_help, on_opt, &a, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 0, false, "spec", err) < 0)
    return -1;
  if (spec_generate_default (a.rootless, &json, &len, err) < 0)
    return -1;
  dirfd = open (a.bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return lc_error (err, errno, "spec: open bundle `%s`", a.bundle);
  /* O_EXCL: never overwrite a config someone wrote, as runc refuses too.  */
  fd = openat (dirfd, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0 && errno == EEXIST)
    return lc_error (err, 0, "spec: file `%s/config.json` exists: remove it first", a.bundle);
  if (fd < 0)
    return lc_error (err, errno, "spec: create `%s/config.json`", a.bundle);
  if (write_all (fd, json, len, err) < 0 || write_all (fd, "\n", 1, err) < 0)
    return lc_error_wrap (err, "spec: `%s/config.json`", a.bundle);
  return 0;
}
