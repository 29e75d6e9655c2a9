/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "moat.h"
#include "utils.h"

enum
{
  OPT_CONSOLE_SOCKET = 256,
  OPT_PID_FILE,
  OPT_NO_PIVOT,
  OPT_NO_NEW_KEYRING,
  OPT_PRESERVE_FDS,
  OPT_KEEP,
  OPT_NO_SUBREAPER,
  OPT_DEFAULT_SELINUX_TYPE,
  OPT_SELINUX_RELABEL,
};

static const struct option create_options[] = {
  { "bundle", required_argument, NULL, 'b' },
  { "console-socket", required_argument, NULL, OPT_CONSOLE_SOCKET },
  { "pid-file", required_argument, NULL, OPT_PID_FILE },
  { "no-pivot", no_argument, NULL, OPT_NO_PIVOT },
  { "no-new-keyring", no_argument, NULL, OPT_NO_NEW_KEYRING },
  { "preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS },
  { "detach", no_argument, NULL, 'd' },
  { "keep", no_argument, NULL, OPT_KEEP },
  { "no-subreaper", no_argument, NULL, OPT_NO_SUBREAPER },
  { "default-selinux-type", required_argument, NULL, OPT_DEFAULT_SELINUX_TYPE },
  { "selinux-relabel", no_argument, NULL, OPT_SELINUX_RELABEL },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

#define CREATE_OPTIONS_HELP                                                              \
  "   --bundle value, -b value  path to the root of the bundle directory (default: \".\")\n" \
  "   --console-socket value    path to an AF_UNIX socket which will receive the pty master\n" \
  "   --pid-file value          file to write the process id to\n"                   \
  "   --no-pivot                do not use pivot_root to jail the process inside the rootfs\n" \
  "   --no-new-keyring          do not create a new session keyring for the container\n" \
  "   --preserve-fds value      pass N additional file descriptors to the container\n" \
  "   --default-selinux-type value  SELinux type (or auto: container_t, else svirt_t) for a\n" \
  "                             config without process.selinuxLabel; it gets its own MCS pair\n" \
  "   --selinux-relabel         label the rootfs tree with the container's mount label and\n" \
  "                             MCS level before it starts (podman's :Z; never / or /usr...)\n"

static const struct moat_help create_help = {
  "create [command options] <container-id>",
  "Create a container from the bundle; its process waits for `moat start`.",
  CREATE_OPTIONS_HELP,
};

static const struct moat_help run_help = {
  "run [command options] <container-id>",
  "Create and start a container; in the foreground, exit with its exit status.",
  CREATE_OPTIONS_HELP
  "   --detach, -d              detach from the container's process\n"
  "   --keep                    do not delete the container after it exits\n",
};

struct create_args
{
  struct lc_create_opts *o;
  bool run;
};

static int
on_create_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  struct create_args *a = data;
  struct lc_create_opts *o = a->o;

  switch (c)
    {
    /* The paths are absolute copies, owned until moat_create_options_clear
       (a repeated option replaces the copy).  */
    case 'b':
      free ((char *) o->bundle);
      o->bundle = moat_abspath (arg);
      return 0;
    case OPT_CONSOLE_SOCKET:
      free ((char *) o->console_socket);
      o->console_socket = moat_abspath (arg);
      return 0;
    case OPT_PID_FILE:
      free ((char *) o->pid_file);
      o->pid_file = moat_abspath (arg);
      return 0;
    case OPT_NO_PIVOT:
      o->no_pivot = true;
      return 0;
    case OPT_NO_NEW_KEYRING:
      o->no_new_keyring = true;
      return 0;
    case OPT_PRESERVE_FDS:
      return moat_parse_int (arg, "--preserve-fds", &o->preserve_fds, err);
    case OPT_DEFAULT_SELINUX_TYPE:
      o->default_selinux_type = arg;
      return 0;
    case OPT_SELINUX_RELABEL:
      o->selinux_relabel = true;
      return 0;
    case OPT_NO_SUBREAPER:
      return 0; /* runc's; moat's run is always the reaper it needs */
    case 'd':
    case OPT_KEEP:
      if (!a->run)
        return lc_error (err, 0, "create: unknown option `%s`",
                         c == 'd' ? "--detach" : "--keep");
      if (c == 'd')
        o->detach = true;
      else
        o->keep = true;
      return 0;
    default:
      return lc_error (err, 0, "unexpected option");
    }
}

int
moat_create_options (int argc, char **argv, bool run, struct lc_create_opts *o, lc_error_t *err)
{
  struct create_args a = { o, run };
  int ret;

  memset (o, 0, sizeof (*o));
  o->bundle = moat_abspath (".");
  ret = moat_parse_options (argc, argv, run ? "b:d" : "b:", create_options,
                            run ? &run_help : &create_help, on_create_opt, &a, err);
  if (ret == 0 && moat_require_args (argc, argv, 1, false, argv[0], err) < 0)
    ret = -1;
  if (ret != 0)
    {
      moat_create_options_clear (o);
      return ret;
    }
  o->id = argv[optind];
  o->state_root = moat_globals.root;
  o->systemd_cgroup = moat_globals.systemd_cgroup;
  /* systemd's protocols, as runc: socket-activation fds come first, the
     --preserve-fds ones after them.  */
  o->notify_socket = getenv ("NOTIFY_SOCKET");
  o->listen_fds = lc_listen_fds ();
  o->preserve_fds += o->listen_fds;
  return 0;
}

void
moat_create_options_clear (struct lc_create_opts *o)
{
  free ((char *) o->bundle);
  free ((char *) o->console_socket);
  free ((char *) o->pid_file);
  memset (o, 0, sizeof (*o));
}

int
moat_cmd_create (int argc, char **argv, lc_error_t *err)
{
  struct lc_create_opts o;
  int ret = moat_create_options (argc, argv, false, &o, err);

  if (ret != 0)
    return ret < 0 ? -1 : 0;
  ret = lc_container_create (&o, err) < 0 ? -1 : 0;
  moat_create_options_clear (&o);
  return ret;
}
