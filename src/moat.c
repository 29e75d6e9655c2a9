/* SPDX-License-Identifier: GPL-2.0-or-later */
/* moat: global options, logging, and the command table.  Global options
   come before the command, as with runc.  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exe-guard.h"
#include "log.h"
#include "container.h"
#include "moat.h"
#include "audit-trail.h"
#include "policy.h"
#include "rootless.h"
#include "utils.h"

struct moat_globals moat_globals = { .root = "/run/moat" };

static int log_fd = 2;

struct command
{
  const char *name;
  moat_command_fn fn;
  const char *help;
  bool enters_container; /* runs moat's code inside the container */
};

static const struct command commands[] = {
  { "create", moat_cmd_create, "create a container", true },
  { "start", moat_cmd_start, "execute the user process in a created container" },
  { "run", moat_cmd_run, "create and start a container", true },
  { "state", moat_cmd_state, "output the state of a container" },
  { "kill", moat_cmd_kill, "send a signal to the container's init process" },
  { "delete", moat_cmd_delete, "delete a container and what it holds" },
  { "list", moat_cmd_list, "list the containers started by moat with the given root" },
  { "exec", moat_cmd_exec, "execute a new process inside the container", true },
  { "spec", moat_cmd_spec, "create a new specification file" },
  { "features", moat_cmd_features, "show the enabled features" },
  { "update", moat_cmd_update, "update the resource limits of a container" },
  { "pause", moat_cmd_pause, "suspend all processes inside the container" },
  { "resume", moat_cmd_resume, "resume all processes that have been paused" },
  { "ps", moat_cmd_ps, "display the processes running inside a container" },
  { "events", moat_cmd_events, "display container events such as OOM and stats" },
  { "audit", moat_cmd_audit, "check a config or a container against the security practices" },
};

/* ---- logging --------------------------------------------------------------- */

static const char *const level_names[] = { "error", "warning", "info", "debug" };

static void
json_escape (FILE *f, const char *s)
{
  for (; *s; s++)
    {
      unsigned char ch = (unsigned char) *s;
      if (ch == '"' || ch == '\\')
        fprintf (f, "\\%c", ch);
      else if (ch == '\n')
        fputs ("\\n", f);
      else if (ch == '\t')
        fputs ("\\t", f);
      else if (ch < 0x20)
        fprintf (f, "\\u%04x", ch);
      else
        fputc (ch, f);
    }
}

/* One line per message: runc's logrus text or JSON form.  */
static void
log_line (int fd, enum lc_log_level level, const char *msg)
{
  char stamp[64], *buf = NULL;
  size_t len = 0;
  struct timespec ts;
  struct tm tm;
  FILE *f;

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  f = open_memstream (&buf, &len);
  if (f == NULL)
    return;
  if (moat_globals.log_json)
    {
      fprintf (f, "{\"level\":\"%s\",\"msg\":\"", level_names[level]);
      json_escape (f, msg);
      fprintf (f, "\",\"time\":\"%s\"}\n", stamp);
    }
  else
    {
      fprintf (f, "time=\"%s\" level=%s msg=\"", stamp, level_names[level]);
      json_escape (f, msg);
      fputs ("\"\n", f);
    }
  fclose (f);
  /* One write so concurrent writers to a shared log never interleave.  */
  if (write (fd, buf, len) < 0)
    {
      /* nowhere left to report it */
    }
  free (buf);
}

/* On stderr an error or warning is one "moat: ..." line for a person;
   --debug's lines are runc's (time="..." level=debug msg="..."), which
   tools that read runc's debug output parse.  */
static void
log_handler (enum lc_log_level level, const char *msg)
{
  if (log_fd != 2 || moat_globals.log_json || level == LC_LOG_DEBUG)
    log_line (log_fd, level, msg);
  else if (level == LC_LOG_ERROR)
    fprintf (stderr, "moat: %s\n", msg);
  else
    fprintf (stderr, "moat: %s: %s\n", level_names[level], msg);
}

/* A command's failure: to the log when there is one, and always one line
   on stderr, as runc does, so callers reading either see it.  */
static void
report_error (const lc_error_t err)
{
  const char *msg = err && err->msg ? err->msg : "unknown error";
  if (log_fd != 2)
    {
      log_line (log_fd, LC_LOG_ERROR, msg);
      fprintf (stderr, "moat: %s\n", msg);
    }
  else if (moat_globals.log_json)
    log_line (2, LC_LOG_ERROR, msg);
  else
    fprintf (stderr, "moat: %s\n", msg);
}

/* ---- shared helpers for commands ------------------------------------------ */

int
moat_parse_options (int argc, char **argv, const char *shortopts, const struct option *longopts,
                    const struct moat_help *help,
                    int (*on_opt) (int c, const char *arg, void *data, lc_error_t *err),
                    void *data, lc_error_t *err)
{
  cleanup_free char *opts = NULL;
  int c;

  /* "+": stop at the first positional (exec's command has its own flags);
     ":": report missing arguments ourselves.  */
  xasprintf (&opts, "+:%sh", shortopts);
  optind = 1;
  opterr = 0;
  while ((c = getopt_long (argc, argv, opts, longopts, NULL)) != -1)
    {
      if (c == 'h')
        {
          printf ("Usage: moat %s\n\n%s\n", help->usage, help->description);
          if (help->options && *help->options)
            printf ("\nOptions:\n%s", help->options);
          printf ("   --help, -h\t\tshow help\n");
          return 1;
        }
      if (c == '?')
        return lc_error (err, 0, "%s: unknown option `%s`", argv[0], argv[optind - 1]);
      if (c == ':')
        return lc_error (err, 0, "%s: option `%s` needs an argument", argv[0], argv[optind - 1]);
      if (on_opt (c, optarg, data, err) < 0)
        return -1;
    }
  return 0;
}

int
moat_require_args (int argc, char **argv, int n, bool at_least, const char *cmd,
                   lc_error_t *err)
{
  int have = argc - optind;
  if (have == n || (at_least && have >= n))
    return 0;
  return lc_error (err, 0, "%s: requires %s%d argument%s", cmd,
                   at_least ? "at least " : "exactly ", n, n == 1 ? "" : "s");
}

char *
moat_abspath (const char *path)
{
  char cwd[PATH_MAX];
  char *out;

  /* Our xstrdup returns NULL for NULL; cppcheck's gnu.cfg models
     libiberty's, which does not.  */
  if (path == NULL || path[0] == '/')
    return xstrdup (path); /* cppcheck-suppress nullPointerRedundantCheck */
  if (getcwd (cwd, sizeof cwd) == NULL)
    return xstrdup (path);
  if (strcmp (path, ".") == 0)
    return xstrdup (cwd);
  xasprintf (&out, "%s/%s", cwd, path);
  return out;
}

int
moat_parse_int (const char *s, const char *what, int *out, lc_error_t *err)
{
  int64_t v;
  if (parse_int64 (s, &v) < 0 || v < 0 || v > INT_MAX)
    return lc_error (err, 0, "%s: invalid number \"%s\"", what, s);
  *out = (int) v;
  return 0;
}

/* ---- main ------------------------------------------------------------------ */

static void
usage (FILE *out)
{
  fprintf (out, "Usage: moat [global options] command [command options] [arguments...]\n\n"
                "moat is a minimal, secure OCI container runtime.\n\nCommands:\n");
  for (size_t i = 0; i < ARRAY_SIZE (commands); i++)
    fprintf (out, "   %-10s %s\n", commands[i].name, commands[i].help);
  fprintf (out, "\nGlobal options:\n"
                "   --root value        root directory for container state (default: \"/run/moat\",\n"
                "                       $XDG_RUNTIME_DIR/moat for an ordinary user)\n"
                "   --log value         log file (default: stderr)\n"
                "   --log-format value  log format: text or json (default: \"text\")\n"
                "   --debug             enable debug logging\n"
                "   --systemd-cgroup    use systemd for cgroups (a transient scope per container)\n"
                "   --policy value      admission policy for create, run and exec: privileged,\n"
                "                       baseline, restricted or a file (default: "
                LC_POLICY_SYSTEM_FILE "\n"
                "                       when it exists)\n"
                "   --policy-mode value enforce (refuse) or warn (report, go on) (default: enforce)\n"
                "   --audit-log value   append one JSON line per lifecycle operation to this file\n"
                "   --version, -v       print the version\n"
                "   --help, -h          show help\n");
}

/* crun's feature tags, in crun's order, for what moat is built with and
   does: the systemd cgroup driver (libsystemd, dlopen()ed), SELinux
   (libselinux, dlopen()ed), AppArmor, capabilities (libcap-ng), seccomp,
   the eBPF device filter, yajl.  Never CRIU: moat has no checkpoint.  */
static const char *const feature_tags[] = {
  "+SYSTEMD", "+SELINUX", "+APPARMOR", "+CAP", "+SECCOMP", "+EBPF", "+YAJL",
};

static void
version (void)
{
#ifndef MOAT_COMMIT
#define MOAT_COMMIT "unknown"
#endif
#ifndef MOAT_LIBSECCOMP_VERSION
#define MOAT_LIBSECCOMP_VERSION "unknown"
#endif
  /* runc's lines first: clients parse them.  */
  printf ("moat version %s\ncommit: %s\nspec: 1.2.0\nlibseccomp: %s\n", PACKAGE_VERSION,
          MOAT_COMMIT, MOAT_LIBSECCOMP_VERSION);
  for (size_t i = 0; i < ARRAY_SIZE (feature_tags); i++)
    printf ("%s%s", i ? " " : "", feature_tags[i]);
  putchar ('\n');
}

enum
{
  OPT_ROOT = 256,
  OPT_LOG,
  OPT_LOG_FORMAT,
  OPT_DEBUG,
  OPT_SYSTEMD_CGROUP,
  OPT_CRIU,
  OPT_ROOTLESS,
  OPT_POLICY,
  OPT_POLICY_MODE,
  OPT_AUDIT_LOG,
};

static const struct option global_options[] = {
  { "root", required_argument, NULL, OPT_ROOT },
  { "log", required_argument, NULL, OPT_LOG },
  { "log-format", required_argument, NULL, OPT_LOG_FORMAT },
  { "debug", no_argument, NULL, OPT_DEBUG },
  { "systemd-cgroup", no_argument, NULL, OPT_SYSTEMD_CGROUP },
  { "criu", required_argument, NULL, OPT_CRIU },         /* runc's; accepted, unused */
  { "rootless", required_argument, NULL, OPT_ROOTLESS }, /* runc's; accepted, unused */
  { "policy", required_argument, NULL, OPT_POLICY },
  { "policy-mode", required_argument, NULL, OPT_POLICY_MODE },
  { "audit-log", required_argument, NULL, OPT_AUDIT_LOG },
  { "version", no_argument, NULL, 'v' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static bool root_given;

/* An ordinary user's state goes to $XDG_RUNTIME_DIR/moat (pam_systemd's
   /run/user/UID), as runc's to $XDG_RUNTIME_DIR/runc; /run/moat is root's.
   spec and features use no state.  */
static int
default_root (const char *cmd, lc_error_t *err)
{
  const char *xdg = getenv ("XDG_RUNTIME_DIR");
  static char *root;
  bool usable;

  if (root_given || strcmp (cmd, "spec") == 0 || strcmp (cmd, "features") == 0)
    return 0;
  /* Root of a user namespace (rootless podman runs its runtime so) keeps
     the user's runtime dir when it has one, as runc's.  */
  if (!lc_rootless_user_services ())
    return 0;
  usable = xdg && xdg[0] == '/' && access (xdg, W_OK) == 0;
  /* audit reads state only with --container; auditing a bundle (a CI
     job, as whoever it runs as) needs no runtime dir.  */
  if (!usable && strcmp (cmd, "audit") == 0)
    return 0;
  if (!usable)
    return lc_error (err, 0, "rootless: XDG_RUNTIME_DIR is %s: set it to a directory of "
                     "yours (pam_systemd's /run/user/%u) or pass --root",
                     xdg && *xdg ? "not a writable absolute path" : "not set",
                     (unsigned) geteuid ());
  xasprintf (&root, "%s/moat", xdg);
  moat_globals.root = root;
  return 0;
}

static int
parse_globals (int argc, char **argv, lc_error_t *err)
{
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "+:vh", global_options, NULL)) != -1)
    switch (c)
      {
      case OPT_ROOT:
        moat_globals.root = optarg;
        root_given = true;
        break;
      case OPT_LOG:
        moat_globals.log_file = optarg;
        break;
      case OPT_LOG_FORMAT:
        if (strcmp (optarg, "json") != 0 && strcmp (optarg, "text") != 0)
          return lc_error (err, 0, "--log-format: unknown format \"%s\" (text or json)", optarg);
        moat_globals.log_json = strcmp (optarg, "json") == 0;
        break;
      case OPT_DEBUG:
        moat_globals.debug = true;
        break;
      case OPT_SYSTEMD_CGROUP:
        moat_globals.systemd_cgroup = true;
        break;
      case OPT_POLICY:
        moat_globals.policy = optarg;
        break;
      case OPT_POLICY_MODE:
        if (strcmp (optarg, "warn") != 0 && strcmp (optarg, "enforce") != 0)
          return lc_error (err, 0, "--policy-mode: unknown mode \"%s\" (enforce or warn)",
                           optarg);
        moat_globals.policy_warn = strcmp (optarg, "warn") == 0;
        break;
      case OPT_AUDIT_LOG:
        lc_trail_configure (optarg);
        break;
      case OPT_CRIU:
      case OPT_ROOTLESS:
        break;
      case 'v':
        version ();
        exit (0);
      case 'h':
        usage (stdout);
        exit (0);
      case ':':
        return lc_error (err, 0, "option `%s` needs an argument", argv[optind - 1]);
      default:
        return lc_error (err, 0, "unknown global option `%s`", argv[optind - 1]);
      }
  return 0;
}

static int
open_log (lc_error_t *err)
{
  if (moat_globals.log_file == NULL || moat_globals.log_file[0] == '\0')
    return 0;
  log_fd = open (moat_globals.log_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (log_fd < 0)
    {
      log_fd = 2;
      return lc_error (err, errno, "open log file `%s`", moat_globals.log_file);
    }
  return 0;
}

/* The operations the audit trail records (docs/audit-trail.md).  */
static bool
audited (const char *cmd)
{
  static const char *const ops[]
    = { "create", "start", "run", "exec", "kill", "pause", "resume", "update", "delete" };

  for (size_t i = 0; i < ARRAY_SIZE (ops); i++)
    if (strcmp (cmd, ops[i]) == 0)
      return true;
  return false;
}

int
main (int argc, char **argv)
{
  cleanup_error lc_error_t err = NULL;
  const struct command *cmd = NULL;
  int ret = -1;

  if (parse_globals (argc, argv, &err) < 0 || open_log (&err) < 0)
    goto fail;
  lc_log_set_handler (log_handler, moat_globals.debug ? LC_LOG_DEBUG : LC_LOG_WARNING);
  lc_policy_configure (moat_globals.policy, moat_globals.policy_warn);

  if (optind >= argc)
    {
      usage (stderr);
      return 1;
    }
  for (size_t i = 0; i < ARRAY_SIZE (commands); i++)
    if (strcmp (commands[i].name, argv[optind]) == 0)
      cmd = &commands[i];
  if (cmd == NULL)
    {
      lc_error (&err, 0, "unknown command \"%s\"", argv[optind]);
      goto fail;
    }
  if (default_root (cmd->name, &err) < 0)
    goto fail;

  /* CVE-2019-5736: a process that enters the container runs from a
     read-only view of this binary, so nothing inside can reopen it for
     writing (see docs/security.md).  Re-execs once; no-op afterwards.  */
  if (cmd->enters_container && lc_exe_guard (argv, &err) < 0)
    goto fail;
  if (audited (cmd->name))
    lc_trail_begin ();
  ret = cmd->fn (argc - optind, argv + optind, &err);
  if (audited (cmd->name))
    lc_trail_emit (cmd->name, ret >= 0, err ? err->msg : NULL);
  if (ret >= 0)
    return ret;
fail:
  report_error (err);
  return ret == MOAT_FAIL_255 ? 255 : 1;
}
