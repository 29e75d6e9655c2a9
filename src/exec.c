/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `moat exec`: the process comes from -p process.json, or from the
   container's own config.json process with the command line's changes.  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "moat.h"
#include "spec.h"
#include "state.h"
#include "utils.h"

enum
{
  OPT_CWD = 256,
  OPT_CONSOLE_SOCKET,
  OPT_PID_FILE,
  OPT_PRESERVE_FDS,
  OPT_NO_NEW_PRIVS,
  OPT_PROCESS_LABEL,
  OPT_APPARMOR,
  OPT_CGROUP,
  OPT_IGNORE_PAUSED,
};

static const struct option exec_options[] = {
  { "process", required_argument, NULL, 'p' },
  { "cwd", required_argument, NULL, OPT_CWD },
  { "env", required_argument, NULL, 'e' },
  { "user", required_argument, NULL, 'u' },
  { "additional-gids", required_argument, NULL, 'g' },
  { "tty", no_argument, NULL, 't' },
  { "console-socket", required_argument, NULL, OPT_CONSOLE_SOCKET },
  { "detach", no_argument, NULL, 'd' },
  { "pid-file", required_argument, NULL, OPT_PID_FILE },
  { "preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS },
  { "no-new-privs", no_argument, NULL, OPT_NO_NEW_PRIVS },
  { "cap", required_argument, NULL, 'c' },
  { "process-label", required_argument, NULL, OPT_PROCESS_LABEL },
  { "apparmor", required_argument, NULL, OPT_APPARMOR },
  { "cgroup", required_argument, NULL, OPT_CGROUP },
  { "ignore-paused", no_argument, NULL, OPT_IGNORE_PAUSED },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help exec_help = {
  "exec [command options] <container-id> <command> [command options]  ||  -p process.json <container-id>",
  "Execute a new process inside a running container.",
  "   --process value, -p value\tpath to the process.json\n"
  "   --cwd value\t\t\tcurrent working directory in the container\n"
  "   --env value, -e value\tset an environment variable (repeatable)\n"
  "   --user value, -u value\tuid[:gid] (numeric)\n"
  "   --additional-gids value, -g value\tadditional gid (repeatable)\n"
  "   --tty, -t\t\t\tallocate a pseudo-TTY\n"
  "   --console-socket value\tAF_UNIX socket which will receive the pty master\n"
  "   --detach, -d\t\t\tdetach from the process\n"
  "   --pid-file value\t\tfile to write the process id to\n"
  "   --preserve-fds value\t\tpass N additional file descriptors\n"
  "   --no-new-privs\t\tset no_new_privs for the process\n"
  "   --cap value, -c value\tadd a capability (repeatable)\n"
  "   --process-label value\tSELinux label of the process\n"
  "   --apparmor value\t\tAppArmor profile of the process\n"
  "   --cgroup value\t\trun the process in an (existing) sub-cgroup of the container's\n"
  "   --ignore-paused\t\tallow exec in a paused container\n",
};

struct exec_args
{
  struct lc_exec_opts o;
  const char *process_json;
  const char *cwd;
  const char *user;
  const char *apparmor;
  char **env;      /* -e, NULL-terminated */
  char **gids;
  char **caps;
  char **cgroups;  /* --cgroup, checked once the command line is read */
  bool tty;
  bool no_new_privs;
};

static void
strv_push (char ***v, const char *s)
{
  size_t n = strv_len (*v);
  *v = xreallocarray (*v, n + 2, sizeof (char *));
  (*v)[n] = xstrdup (s);
  (*v)[n + 1] = NULL;
}

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  struct exec_args *a = data;

  switch (c)
    {
    case 'p': a->process_json = arg; break;
    case OPT_CWD: a->cwd = arg; break;
    case 'e': strv_push (&a->env, arg); break;
    case 'u': a->user = arg; break;
    case 'g': strv_push (&a->gids, arg); break;
    case 't': a->tty = true; break;
    case OPT_CONSOLE_SOCKET:
      free ((char *) a->o.console_socket);
      a->o.console_socket = moat_abspath (arg);
      break;
    case 'd': a->o.detach = true; break;
    case OPT_PID_FILE:
      free ((char *) a->o.pid_file);
      a->o.pid_file = moat_abspath (arg);
      break;
    case OPT_PRESERVE_FDS:
      return moat_parse_int (arg, "--preserve-fds", &a->o.preserve_fds, err);
    case OPT_NO_NEW_PRIVS: a->no_new_privs = true; break;
    case 'c': strv_push (&a->caps, arg); break;
    case OPT_PROCESS_LABEL: a->o.process_label = arg; break;
    case OPT_APPARMOR: a->apparmor = arg; break;
    case OPT_CGROUP: strv_push (&a->cgroups, arg); break;
    case OPT_IGNORE_PAUSED: a->o.ignore_paused = true; break;
    default: return lc_error (err, 0, "unexpected option");
    }
  return 0;
}

/* The base process: process.json, or the container's config.json.  */
static int
load_process (const struct exec_args *a, const char *id, struct spec_process **out,
              lc_error_t *err)
{
  cleanup_free char *buf = NULL;
  struct spec *spec = NULL;
  size_t len;

  if (a->process_json)
    {
      if (read_regular_file_at (AT_FDCWD, a->process_json, &buf, &len, err) < 0)
        return lc_error_wrap (err, "exec");
      return spec_parse_process (a->process_json, buf, len, out, err);
    }
  {
    cleanup_close int dirfd = lc_state_dir_open (moat_globals.root, id, false, err);
    if (dirfd < 0 || read_file_at (dirfd, "config.json", &buf, &len, err) < 0)
      return -1;
  }
  if (spec_parse ("config.json", buf, len, &spec, err) < 0)
    return -1;
  if (spec->process == NULL)
    {
      spec_free (spec);
      return lc_error (err, 0, "exec: the container's config.json has no process");
    }
  *out = steal_pointer (&spec->process);
  spec_free (spec);
  return 0;
}

/* "uid[:gid]", numeric only: a name would be looked up in the
   container's /etc/passwd, which the container controls.  */
static int
apply_user (struct spec_process *p, const char *user, lc_error_t *err)
{
  cleanup_free char *copy = xstrdup (user);
  char *colon = strchr (copy, ':');
  uint64_t v;

  if (colon)
    *colon = '\0';
  if (parse_uint64 (copy, &v) < 0 || v > UINT32_MAX)
    return lc_error (err, 0, "exec: --user: \"%s\" is not a numeric uid[:gid]", user);
  p->user.uid = (uint32_t) v;
  if (colon)
    {
      if (parse_uint64 (colon + 1, &v) < 0 || v > UINT32_MAX)
        return lc_error (err, 0, "exec: --user: \"%s\" is not a numeric uid[:gid]", user);
      p->user.gid = (uint32_t) v;
    }
  return 0;
}

static int
apply_gids (struct spec_process *p, char **gids, lc_error_t *err)
{
  size_t n = strv_len (gids);
  if (n == 0)
    return 0;
  free (p->user.additional_gids);
  p->user.additional_gids = xzalloc (n * sizeof (uint32_t));
  p->user.n_additional_gids = n;
  for (size_t i = 0; i < n; i++)
    {
      uint64_t v;
      if (parse_uint64 (gids[i], &v) < 0 || v > UINT32_MAX)
        return lc_error (err, 0, "exec: --additional-gids: invalid gid \"%s\"", gids[i]);
      p->user.additional_gids[i] = (uint32_t) v;
    }
  return 0;
}

/* --cap adds to the bounding, effective and permitted sets (not the
   inheritable one: CVE-2022-27650).  */
static void
apply_caps (struct spec_process *p, char **caps)
{
  if (caps == NULL)
    return;
  if (p->capabilities == NULL)
    p->capabilities = xzalloc (sizeof (*p->capabilities));
  for (size_t i = 0; caps[i]; i++)
    {
      strv_push (&p->capabilities->bounding, caps[i]);
      strv_push (&p->capabilities->effective, caps[i]);
      strv_push (&p->capabilities->permitted, caps[i]);
    }
}

/* runc's --cgroup is [<controller>[,...]:]<path>; cgroup v2 has one
   hierarchy, so only one path, without a controller (runc's errors for
   these fail the exec, 255, as here).  */
static int
check_cgroup (struct exec_args *a, lc_error_t *err)
{
  size_t n = strv_len (a->cgroups);

  if (n == 0)
    return 0;
  if (n > 1)
    return lc_error (err, 0, "exec: invalid --cgroup argument: %s (cgroup v2 takes one path)",
                     a->cgroups[1]);
  if (strchr (a->cgroups[0], ':'))
    return lc_error (err, 0, "exec: invalid --cgroup argument: %s (<controller>:<path> is "
                     "cgroup v1's; on cgroup v2 give the path only)", a->cgroups[0]);
  a->o.sub_cgroup = a->cgroups[0];
  return 0;
}

static int
apply_args (struct exec_args *a, struct spec_process *p, int argc, char **argv, lc_error_t *err)
{
  if (!a->process_json)
    {
      if (argc - optind < 2)
        return lc_error (err, 0, "exec: requires a container id and a command");
      strv_free (p->args);
      p->args = strv_dup (argv + optind + 1);
      p->n_args = strv_len (p->args);
      p->terminal = a->tty;
    }
  else if (argc - optind != 1)
    return lc_error (err, 0, "exec: with --process, requires exactly 1 argument");
  if (a->cwd)
    {
      free (p->cwd);
      p->cwd = xstrdup (a->cwd);
    }
  for (size_t i = 0; a->env && a->env[i]; i++)
    strv_push (&p->env, a->env[i]);
  p->n_env = strv_len (p->env);
  if (a->user && apply_user (p, a->user, err) < 0)
    return -1;
  if (apply_gids (p, a->gids, err) < 0)
    return -1;
  apply_caps (p, a->caps);
  if (a->no_new_privs)
    p->no_new_privileges = true;
  if (a->apparmor)
    {
      free (p->apparmor_profile);
      p->apparmor_profile = xstrdup (a->apparmor);
    }
  return 0;
}

int
moat_cmd_exec (int argc, char **argv, lc_error_t *err)
{
  struct exec_args a;
  struct spec_process *p = NULL;
  int status = 0;
  int ret;

  memset (&a, 0, sizeof a);
  ret = moat_parse_options (argc, argv, "p:e:u:g:tdc:", exec_options, &exec_help, on_opt, &a,
                            err);
  /* A command line that does not parse exits 1; from here on a failure
     is the runtime's, 255 (runc's exit codes).  */
  if (ret == 0 && moat_require_args (argc, argv, 1, true, "exec", err) < 0)
    ret = -1;
  else if (ret > 0)
    ret = -2; /* --help printed */
  if (ret == 0)
    {
      if (check_cgroup (&a, err) < 0 || load_process (&a, argv[optind], &p, err) < 0
          || apply_args (&a, p, argc, argv, err) < 0)
        ret = MOAT_FAIL_255;
    }
  if (ret == 0)
    {
      a.o.state_root = moat_globals.root;
      a.o.id = argv[optind];
      a.o.process = p;
      if (lc_container_exec (&a.o, &status, err) < 0)
        ret = MOAT_FAIL_255;
      else
        ret = a.o.detach ? 0 : status;
    }
  spec_process_free (p);
  free ((char *) a.o.console_socket);
  free ((char *) a.o.pid_file);
  strv_free (a.env);
  strv_free (a.gids);
  strv_free (a.caps);
  strv_free (a.cgroups);
  return ret == -2 ? 0 : ret;
}
