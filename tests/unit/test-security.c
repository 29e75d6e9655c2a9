/* SPDX-License-Identifier: GPL-2.0-or-later */
/* caps.c, seccomp.c, seccomp-profile.c, selinux.c, keyring.c: tables, error
   texts, and the real kernel effect in forked children (runs as root; the
   parts that need root skip with a reason otherwise).  */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/keyctl.h>
#include <linux/seccomp.h>
#include <cap-ng.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "tap.h"
#include "caps.h"
#include "dl.h"
#include "error.h"
#include "exe-guard.h"
#include "keyring.h"
#include "mcs.h"
#include "seccomp.h"
#include "selinux.h"
#include "spec.h"
#include "state.h"
#include "utils.h"

/* ---- helpers ------------------------------------------------------------- */

/* Run fn in a child; its exit status (0 = good).  */
static int
in_child (int (*fn) (void *), void *arg)
{
  pid_t pid = fork ();
  int st;

  if (pid == 0)
    _exit (fn (arg));
  if (pid < 0 || waitpid (pid, &st, 0) < 0)
    return -1;
  return WIFEXITED (st) ? WEXITSTATUS (st) : 128 + WTERMSIG (st);
}

static unsigned long long
status_hex (const char *key)
{
  char line[256];
  unsigned long long v = ~0ULL;
  FILE *f = fopen ("/proc/self/status", "re");
  size_t klen = strlen (key);

  while (f && fgets (line, sizeof line, f))
    if (strncmp (line, key, klen) == 0 && line[klen] == ':')
      v = strtoull (line + klen + 1, NULL, 16);
  if (f)
    fclose (f);
  return v;
}

static bool
err_is (lc_error_t *err, const char *want)
{
  bool r = *err && strstr ((*err)->msg, want) != NULL;

  if (!r)
    printf ("# got: %s\n# want: %s\n", *err ? (*err)->msg : "(no error)", want);
  lc_error_free (err);
  return r;
}

/* ---- capabilities -------------------------------------------------------- */

static void
test_cap_table (void)
{
  int i, mismatches = 0;

  ok (lc_cap_from_name ("CAP_CHOWN") == 0, "CAP_CHOWN is 0");
  ok (lc_cap_from_name ("CAP_SYS_ADMIN") == 21, "CAP_SYS_ADMIN is 21");
  ok (lc_cap_from_name ("CAP_CHECKPOINT_RESTORE") == 40, "CAP_CHECKPOINT_RESTORE is 40");
  ok (lc_cap_from_name ("CAP_FOO") == -1, "CAP_FOO unknown");
  ok (lc_cap_from_name ("chown") == -1, "short names are not accepted");
  ok (lc_cap_to_name (41) == NULL, "no name past the table");
  /* Cross-check against libcap-ng for every number it knows.  */
  for (i = 0; lc_cap_to_name (i); i++)
    {
      const char *ng = capng_capability_to_name ((unsigned) i);
      if (ng && strcasecmp (lc_cap_to_name (i) + 4, ng) != 0)
        mismatches++;
      if (lc_cap_from_name (lc_cap_to_name (i)) != i)
        mismatches++;
    }
  ok (mismatches == 0 && i == 41, "name table agrees with libcap-ng (%d names)", i);
}

static void
test_cap_validate (void)
{
  char *bounding[] = { "CAP_CHOWN", "CAP_KILL", "CAP_FOO", NULL };
  char *ambient[] = { "CAP_BAR", NULL };
  struct spec_capabilities caps = { .bounding = bounding };
  lc_error_t err = NULL;

  ok (lc_caps_validate (&caps, "config.json", &err) < 0
        && err_is (&err, "config.json: process.capabilities.bounding[2]: unknown capability \"CAP_FOO\""),
      "unknown capability names the set and index");
  bounding[2] = NULL;
  caps.ambient = ambient;
  ok (lc_caps_validate (&caps, "config.json", &err) < 0
        && err_is (&err, "process.capabilities.ambient[0]: unknown capability \"CAP_BAR\""),
      "unknown ambient capability");
  caps.ambient = NULL;
  ok (lc_caps_validate (&caps, "config.json", &err) == 0, "known capabilities validate");
  ok (lc_caps_validate (NULL, "config.json", &err) == 0, "no capabilities object validates");
}

static int
child_caps (void *arg)
{
  char *bnd[] = { "CAP_CHOWN", "CAP_KILL", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", NULL };
  char *eff[] = { "CAP_KILL", "CAP_CHOWN", NULL };
  char *prm[] = { "CAP_KILL", "CAP_CHOWN", NULL };
  char *inh[] = { "CAP_KILL", NULL };
  char *amb[] = { "CAP_KILL", NULL };
  struct spec_capabilities caps = { bnd, eff, inh, prm, amb };
  bool with_inh = arg != NULL;
  lc_error_t err = NULL;

  if (!with_inh)
    caps.inheritable = caps.ambient = NULL;
  if (lc_caps_drop_bounding (&caps, &err) < 0 || lc_caps_apply (&caps, &err) < 0)
    {
      printf ("# %s\n", err->msg);
      return 10;
    }
  if (status_hex ("CapBnd") != ((1ULL << 0) | (1ULL << 5) | (1ULL << 6) | (1ULL << 7) | (1ULL << 8)))
    return 1;
  if (status_hex ("CapEff") != ((1ULL << 0) | (1ULL << 5)) || status_hex ("CapPrm") != ((1ULL << 0) | (1ULL << 5)))
    return 2;
  if (status_hex ("CapInh") != (with_inh ? 1ULL << 5 : 0))
    return 3;
  if (status_hex ("CapAmb") != (with_inh ? 1ULL << 5 : 0))
    return 4;
  return 0;
}

/* runc's default config: ambient listed, inheritable empty.  */
static int
child_ambient_without_inheritable (void *arg)
{
  char *set[] = { "CAP_KILL", "CAP_CHOWN", NULL };
  struct spec_capabilities caps = { set, set, NULL, set, set };
  lc_error_t err = NULL;

  if (lc_caps_drop_bounding (&caps, &err) < 0 || lc_caps_apply (&caps, &err) < 0)
    return 10;
  return status_hex ("CapAmb") == 0 && status_hex ("CapEff") == ((1ULL << 0) | (1ULL << 5)) ? 0 : 1;
}

static int
child_no_caps (void *arg)
{
  lc_error_t err = NULL;

  if (lc_caps_drop_bounding (NULL, &err) < 0 || lc_caps_apply (NULL, &err) < 0)
    return 10;
  return status_hex ("CapEff") == 0 && status_hex ("CapBnd") == 0 && status_hex ("CapPrm") == 0 ? 0 : 1;
}

static void
test_cap_apply (void)
{
  int r;

  if (geteuid () != 0)
    {
      ok (1, "# SKIP capability sets need root");
      return;
    }
  r = in_child (child_caps, NULL);
  ok (r == 0, "bounding/effective/permitted set exactly, inheritable+ambient empty when not asked (%d)", r);
  r = in_child (child_caps, (void *) 1);
  ok (r == 0, "inheritable and ambient set when asked (%d)", r);
  r = in_child (child_ambient_without_inheritable, NULL);
  ok (r == 0, "ambient listed without inheritable (runc's default) is not an error, CapAmb stays 0 (%d)", r);
  r = in_child (child_no_caps, NULL);
  ok (r == 0, "no capabilities object drops everything (%d)", r);
}

/* ---- seccomp ------------------------------------------------------------- */

static char **
strv_from_tree (yajl_val arr)
{
  char **v = xzalloc ((YAJL_GET_ARRAY (arr)->len + 1) * sizeof (char *));
  size_t i;

  for (i = 0; i < YAJL_GET_ARRAY (arr)->len; i++)
    v[i] = xstrdup (YAJL_GET_STRING (YAJL_GET_ARRAY (arr)->values[i]));
  return v;
}

/* A tiny stand-in for spec-parse.c's linux.seccomp (this test must not
   depend on the parser): JSON object → struct spec_seccomp.  */
static struct spec_seccomp *
seccomp_from_json (const char *json)
{
  char ebuf[256];
  yajl_val t = yajl_tree_parse (json, ebuf, sizeof ebuf), v, calls;
  struct spec_seccomp *sc = xzalloc (sizeof *sc);
  const char *p_da[] = { "defaultAction", NULL }, *p_der[] = { "defaultErrnoRet", NULL };
  const char *p_ar[] = { "architectures", NULL }, *p_fl[] = { "flags", NULL };
  const char *p_sc[] = { "syscalls", NULL }, *p_lp[] = { "listenerPath", NULL };
  const char *p_n[] = { "names", NULL }, *p_a[] = { "action", NULL }, *p_er[] = { "errnoRet", NULL };
  const char *p_args[] = { "args", NULL }, *p_i[] = { "index", NULL }, *p_v[] = { "value", NULL };
  const char *p_v2[] = { "valueTwo", NULL }, *p_op[] = { "op", NULL };
  size_t i, j;

  if (t == NULL)
    {
      printf ("# bad json: %s\n", ebuf);
      abort ();
    }
  sc->default_action = xstrdup (YAJL_GET_STRING (yajl_tree_get (t, p_da, yajl_t_string)));
  if ((v = yajl_tree_get (t, p_der, yajl_t_number)))
    sc->default_errno_ret = (struct opt_u64) { true, (uint64_t) YAJL_GET_INTEGER (v) };
  if ((v = yajl_tree_get (t, p_ar, yajl_t_array)))
    sc->architectures = strv_from_tree (v);
  if ((v = yajl_tree_get (t, p_fl, yajl_t_array)))
    sc->flags = strv_from_tree (v);
  if ((v = yajl_tree_get (t, p_lp, yajl_t_string)))
    sc->listener_path = xstrdup (YAJL_GET_STRING (v));
  calls = yajl_tree_get (t, p_sc, yajl_t_array);
  sc->n_syscalls = calls ? YAJL_GET_ARRAY (calls)->len : 0;
  sc->syscalls = xzalloc ((sc->n_syscalls + 1) * sizeof *sc->syscalls);
  for (i = 0; i < sc->n_syscalls; i++)
    {
      yajl_val c = YAJL_GET_ARRAY (calls)->values[i], args;
      struct spec_seccomp_syscall *s = &sc->syscalls[i];

      s->names = strv_from_tree (yajl_tree_get (c, p_n, yajl_t_array));
      s->action = xstrdup (YAJL_GET_STRING (yajl_tree_get (c, p_a, yajl_t_string)));
      if ((v = yajl_tree_get (c, p_er, yajl_t_number)))
        s->errno_ret = (struct opt_u64) { true, (uint64_t) YAJL_GET_INTEGER (v) };
      args = yajl_tree_get (c, p_args, yajl_t_array);
      s->n_args = args ? YAJL_GET_ARRAY (args)->len : 0;
      s->args = xzalloc ((s->n_args + 1) * sizeof *s->args);
      for (j = 0; j < s->n_args; j++)
        {
          yajl_val a = YAJL_GET_ARRAY (args)->values[j];
          s->args[j].index = (uint32_t) YAJL_GET_INTEGER (yajl_tree_get (a, p_i, yajl_t_number));
          s->args[j].value = (uint64_t) YAJL_GET_INTEGER (yajl_tree_get (a, p_v, yajl_t_number));
          if ((v = yajl_tree_get (a, p_v2, yajl_t_number)))
            s->args[j].value_two = (uint64_t) YAJL_GET_INTEGER (v);
          s->args[j].op = xstrdup (YAJL_GET_STRING (yajl_tree_get (a, p_op, yajl_t_string)));
        }
    }
  yajl_tree_free (t);
  return sc;
}

static void
seccomp_spec_free (struct spec_seccomp *sc)
{
  size_t i, j;

  for (i = 0; i < sc->n_syscalls; i++)
    {
      strv_free (sc->syscalls[i].names);
      free (sc->syscalls[i].action);
      for (j = 0; j < sc->syscalls[i].n_args; j++)
        free (sc->syscalls[i].args[j].op);
      free (sc->syscalls[i].args);
    }
  free (sc->syscalls);
  strv_free (sc->architectures);
  strv_free (sc->flags);
  free (sc->default_action);
  free (sc->listener_path);
  free (sc);
}

/* Compile `json`; NULL on error, with the message in *err.  */
static struct lc_seccomp *
compile_json (const char *json, lc_error_t *err)
{
  struct spec_seccomp *spec = seccomp_from_json (json);
  struct lc_seccomp *sc = NULL;

  lc_seccomp_compile (spec, "config.json", &sc, err);
  seccomp_spec_free (spec);
  return sc;
}

static char *
default_profile_json (void)
{
  yajl_gen g = yajl_gen_alloc (NULL);
  const unsigned char *buf;
  lc_error_t err = NULL;
  size_t len;
  char *ret;

  yajl_gen_map_open (g);
  if (lc_seccomp_default_profile (g, &err) < 0)
    {
      printf ("# %s\n", err->msg);
      lc_error_free (&err);
    }
  yajl_gen_map_close (g);
  yajl_gen_get_buf (g, &buf, &len);
  ret = xstrndup ((const char *) buf, len);
  yajl_gen_free (g);
  return ret;
}

struct load_case
{
  struct lc_seccomp *sc;
  int (*check) (void);
};

static int
child_load (void *arg)
{
  struct load_case *c = arg;
  lc_error_t err = NULL;

  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return 10;
  if (lc_seccomp_load (c->sc, NULL, &err) < 0)
    {
      printf ("# %s\n", err->msg);
      return 11;
    }
  return c->check ();
}

/* In the default profile: ordinary work allowed, mount refused with
   EPERM, an unlisted syscall ENOSYS, clone3 ENOSYS, AF_VSOCK refused,
   clone with CLONE_NEWUSER refused.  */
static int
check_default_profile (void)
{
  char tmpl[] = "/tmp/moat-sec-XXXXXX";
  pid_t pid;
  int st;

  if (mkdtemp (tmpl) == NULL || rmdir (tmpl) < 0)
    return 1;
  pid = fork ();
  if (pid == 0)
    _exit (0);
  if (pid < 0 || waitpid (pid, &st, 0) != pid)
    return 2;
  if (mount ("none", "/tmp", "tmpfs", 0, NULL) == 0 || errno != EPERM)
    return 3;
  if (syscall (__NR_clone3, NULL, 0) == 0 || errno != ENOSYS)
    return 4;
  if (socket (40 /* AF_VSOCK */, SOCK_STREAM, 0) >= 0 || errno != EPERM)
    return 5;
  if (syscall (__NR_clone, 0x10000000 /* CLONE_NEWUSER */ | SIGCHLD, 0, 0, 0, 0) >= 0 || errno != ENOSYS)
    return 6;
  if (syscall (__NR_kexec_load, 0, 0, 0, 0) == 0 || errno != EPERM)
    return 7;
  if (syscall (__NR_add_key, "user", "x", "y", 1, KEY_SPEC_SESSION_KEYRING) >= 0 || errno != EPERM)
    return 8;
  if (socket (AF_UNIX, SOCK_STREAM, 0) < 0)
    return 9;
  return 0;
}

/* busybox under the default profile: what a shell in a container does.  */
static int
check_busybox (void)
{
  execl ("/bin/busybox", "sh", "-c",
         "set -e; ls / >/dev/null; d=/tmp/moat-bb-$$; mkdir -p $d/a; echo hi > $d/a/f; cat $d/a/f >/dev/null;"
         " ln -s f $d/a/l; readlink $d/a/l >/dev/null; rm -r $d; ps >/dev/null; id >/dev/null;"
         " (sleep 0 &); wait; echo x | sed s/x/y/ | grep -q y; grep -q Seccomp /proc/self/status;"
         " date >/dev/null; uname -a >/dev/null; df / >/dev/null; true",
         (char *) NULL);
  return 99;
}

static long
elapsed_us (const struct timespec *t0)
{
  struct timespec t1;

  clock_gettime (CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1000000L + (t1.tv_nsec - t0->tv_nsec) / 1000;
}

static char cache_dir[] = "/tmp/moat-seccomp-cache-XXXXXX";

/* Overwrite every cached program with same-sized garbage.  */
static int
poison_cache (void)
{
  cleanup_free char *cmd = NULL;

  xasprintf (&cmd, "for f in %s/*; do s=$(stat -c %%s \"$f\"); head -c \"$s\" /dev/urandom > \"$f\"; done",
             cache_dir);
  return system (cmd);
}

static void
test_seccomp_default_profile (void)
{
  cleanup_free char *json = default_profile_json ();
  lc_error_t err = NULL;
  struct lc_seccomp *sc, *cached, *again;
  struct timespec t0;
  struct load_case c;
  long miss, hit;
  int r;

  ok (strstr (json, "\"defaultAction\":\"SCMP_ACT_ERRNO\"") && strstr (json, "\"defaultErrnoRet\":38"),
      "default profile: ERRNO(ENOSYS) by default");
  clock_gettime (CLOCK_MONOTONIC, &t0);
  sc = compile_json (json, &err);
  miss = elapsed_us (&t0);
  ok (sc != NULL, "default profile compiles%s%s", err ? ": " : "", err ? err->msg : "");
  lc_error_free (&err);
  ok (lc_seccomp_program_len (sc) > 100, "default profile is a real program (%zu insns)",
      lc_seccomp_program_len (sc));
  {
    cleanup_free char *cmd = NULL;
    xasprintf (&cmd, "test \"$(ls -A %s | wc -l)\" -ge 1", cache_dir);
    ok (system (cmd) == 0, "the compiled program was stored in the cache directory");
  }
  clock_gettime (CLOCK_MONOTONIC, &t0);
  cached = compile_json (json, &err);
  hit = elapsed_us (&t0);
  printf ("# default profile: compile %ld us, from the cache %ld us\n", miss, hit);
  ok (cached && lc_seccomp_program_len (cached) == lc_seccomp_program_len (sc),
      "the second compile comes from the cache, same program");
  ok (poison_cache () == 0, "cache files overwritten with garbage");
  again = compile_json (json, &err);
  ok (again && lc_seccomp_program_len (again) == lc_seccomp_program_len (sc),
      "a corrupt cache entry is ignored and the profile recompiled");
  lc_error_free (&err);
  lc_seccomp_free (again);
  if (cached && geteuid () == 0)
    {
      c = (struct load_case) { cached, check_default_profile };
      r = in_child (child_load, &c);
      ok (r == 0, "default profile (cached): allowed/EPERM/ENOSYS/clone/socket rules work (%d)", r);
      if (access ("/bin/busybox", X_OK) == 0)
        {
          c.check = check_busybox;
          r = in_child (child_load, &c);
          ok (r == 0, "default profile: busybox sh, ls, mkdir, cat, ps, pipes, background jobs work (%d)", r);
        }
    }
  lc_seccomp_free (sc);
  lc_seccomp_free (cached);
}

/* One rule per operator on harmless syscalls, each with its own errno.  */
static int
check_actions (void)
{
  if (mkdir ("/nonexistent-moat", 0700) == 0 || errno != EXDEV)
    return 1; /* errnoRet 18 */
  if (syscall (__NR_getppid) != -1 || errno != EPERM)
    return 2; /* ERRNO without errnoRet */
  if (syscall (__NR_umask, 0777) != -1 || errno != E2BIG)
    return 3; /* EQ */
  if (syscall (__NR_umask, 022) < 0)
    return 4;
  if (syscall (__NR_dup, 1000) != -1 || errno != ENOTTY)
    return 5; /* GT */
  if (syscall (__NR_flock, 1000, 0x0f0) != -1 || errno != EDOM)
    return 6; /* GE and MASKED_EQ on two arguments: AND */
  if (syscall (__NR_flock, 1000, 0x00f) != -1 || errno == EDOM)
    return 7; /* the kernel's own answer (EINVAL), not the rule's */
  if (syscall (__NR_getpgid, 1) != -1 || errno != ERANGE)
    return 8; /* LT */
  if (syscall (__NR_getsid, 1) != -1 || errno != ENOLCK)
    return 9; /* LE */
  if (syscall (__NR_getpriority, 1, 0) != -1 || errno != ENOMSG)
    return 10; /* NE */
  if (syscall (__NR_getpriority, 0, 0) < 0)
    return 11;
  if (syscall (__NR_fchdir, 905) != -1 || errno != EILSEQ)
    return 12; /* two comparisons on one argument: OR-ed rules */
  if (syscall (__NR_fchdir, 906) != -1 || errno != EILSEQ)
    return 13;
  if (syscall (__NR_fchdir, 907) != -1 || errno != EBADF)
    return 14;
  return 0;
}

static void
test_seccomp_actions (void)
{
  static const char *actions[] = { "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS",
                                   "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE",
                                   "SCMP_ACT_ALLOW", "SCMP_ACT_LOG" };
  static const char *ops[] = { "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
                               "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ" };
#define RULE(name, err, args) \
  "{\"names\":[\"" name "\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":" #err ",\"args\":[" args "]},"
#define ARG(i, v, op) "{\"index\":" #i ",\"value\":" #v ",\"op\":\"SCMP_CMP_" op "\"}"
  const char *json =
    "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"],"
    "\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\",\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"],\"syscalls\":["
    "{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":18},"
    RULE ("umask", 7, ARG (0, 511, "EQ"))
    RULE ("dup", 25, ARG (0, 999, "GT"))
    RULE ("flock", 33, "{\"index\":1,\"value\":240,\"valueTwo\":240,\"op\":\"SCMP_CMP_MASKED_EQ\"}," ARG (0, 1000, "GE"))
    RULE ("getpgid", 34, ARG (0, 3, "LT"))
    RULE ("getsid", 37, ARG (0, 1, "LE"))
    RULE ("getpriority", 42, ARG (0, 0, "NE"))
    RULE ("fchdir", 84, ARG (0, 905, "EQ") "," ARG (0, 906, "EQ"))
    "{\"names\":[\"getppid\",\"no_such_syscall_moat\"],\"action\":\"SCMP_ACT_ERRNO\"}]}";
#undef RULE
#undef ARG
  lc_error_t err = NULL;
  struct lc_seccomp *sc;
  char buf[1024];
  size_t i;
  int r;

  sc = compile_json (json, &err);
  ok (sc != NULL, "every operator, errnoRet, flags, architectures compile%s%s", err ? ": " : "",
      err ? err->msg : "");
  lc_error_free (&err);
  if (sc && geteuid () == 0)
    {
      struct load_case c = { sc, check_actions };
      r = in_child (child_load, &c);
      ok (r == 0, "ERRNO with errnoRet, EQ/GT/GE/MASKED_EQ/LT/LE/NE rules act in the kernel (%d)", r);
    }
  lc_seccomp_free (sc);

  for (i = 0; i < ARRAY_SIZE (actions); i++)
    {
      snprintf (buf, sizeof buf,
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getppid\"],\"action\":\"%s\"}]}",
                actions[i]);
      sc = compile_json (buf, &err);
      ok (sc != NULL && strcmp (actions[i], "SCMP_ACT_ALLOW") != 0 ? lc_seccomp_program_len (sc) > 4 : sc != NULL,
          "action %s compiles%s%s", actions[i], err ? ": " : "", err ? err->msg : "");
      lc_error_free (&err);
      lc_seccomp_free (sc);
    }
  for (i = 0; i < ARRAY_SIZE (ops); i++)
    {
      snprintf (buf, sizeof buf,
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getppid\"],"
                "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1,\"valueTwo\":1,\"op\":\"%s\"}]}]}",
                ops[i]);
      sc = compile_json (buf, &err);
      ok (sc != NULL, "operator %s compiles%s%s", ops[i], err ? ": " : "", err ? err->msg : "");
      lc_error_free (&err);
      lc_seccomp_free (sc);
    }
}

static int
check_kill (void)
{
  syscall (__NR_getppid);
  return 0; /* not reached */
}

static void
test_seccomp_kill (void)
{
  lc_error_t err = NULL;
  struct lc_seccomp *sc = compile_json (
    "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"}]}",
    &err);
  struct load_case c = { sc, check_kill };
  int r;

  if (sc == NULL || geteuid () != 0)
    {
      ok (sc != NULL, "KILL_PROCESS compiles");
      lc_seccomp_free (sc);
      return;
    }
  r = in_child (child_load, &c);
  ok (r == 128 + SIGSYS, "SCMP_ACT_KILL_PROCESS kills with SIGSYS (%d)", r);
  lc_seccomp_free (sc);
}

static void
test_seccomp_errors (void)
{
  static const struct
  {
    const char *json, *want;
  } cases[] = {
    { "{\"defaultAction\":\"SCMP_ACT_FOO\"}",
      "config.json: linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_FOO\"" },
    { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
      "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
      "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_BAR\"}]}",
      "config.json: linux.seccomp.syscalls[3].action: unknown seccomp action \"SCMP_ACT_BAR\"" },
    { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_VAX\"]}",
      "config.json: linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_VAX\"" },
    { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_BOGUS\"]}",
      "config.json: linux.seccomp.flags[0]: unknown seccomp flag \"SECCOMP_FILTER_FLAG_BOGUS\"" },
    { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\","
      "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_XX\"}]}]}",
      "config.json: linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_XX\"" },
    { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\","
      "\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
      "linux.seccomp.syscalls[0].args[0].index: 6 out of range" },
    { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/l.sock\"}",
      "config.json: linux.seccomp.listenerPath: set but no rule uses SCMP_ACT_NOTIFY" },
    { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
      "config.json: linux.seccomp.listenerPath: required by SCMP_ACT_NOTIFY" },
    { "{\"defaultAction\":\"SCMP_ACT_NOTIFY\",\"listenerPath\":\"/run/l.sock\"}",
      "SCMP_ACT_NOTIFY cannot be the default action" },
    { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/l.sock\",\"syscalls\":[{\"names\":[\"write\"],"
      "\"action\":\"SCMP_ACT_NOTIFY\"}]}",
      "linux.seccomp.syscalls[0].names[0]: SCMP_ACT_NOTIFY cannot be used for \"write\"" },
    { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"defaultErrnoRet\":5}",
      "config.json: linux.seccomp.defaultErrnoRet: only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE" },
  };
  size_t i;

  for (i = 0; i < ARRAY_SIZE (cases); i++)
    {
      lc_error_t err = NULL;
      struct lc_seccomp *sc = compile_json (cases[i].json, &err);

      ok (sc == NULL && err_is (&err, cases[i].want), "error: %s", cases[i].want);
      lc_seccomp_free (sc);
    }
}

/* NOTIFY end to end without a runtime: the child loads a filter with a
   NOTIFY rule for mkdir, sends the fd and state to us through
   lc_seccomp_send_listener; we answer its mkdir with 42.  */
static int notify_sock[2];

static int
child_notify (void *arg)
{
  struct lc_seccomp *sc = arg;
  lc_error_t err = NULL;
  int fd = -1;
  long r;

  close (notify_sock[0]);
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || lc_seccomp_load (sc, &fd, &err) < 0 || fd < 0)
    return 10;
  if (lc_seccomp_send_listener (notify_sock[1], fd, "{\"ociVersion\":\"1.2.0\",\"id\":\"t\",\"pid\":4242}",
                                "meta\"data", &err) < 0)
    return 11;
  close (fd);
  r = syscall (__NR_mkdirat, AT_FDCWD, "/nonexistent-moat", 0700);
  return r == 42 ? 0 : 12;
}

static void
test_seccomp_notify (void)
{
  char buf[4096], cbuf[CMSG_SPACE (sizeof (int))];
  struct iovec iov = { buf, sizeof buf - 1 };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
  struct seccomp_notif req;
  struct seccomp_notif_resp resp;
  lc_error_t err = NULL;
  struct lc_seccomp *sc;
  ssize_t n;
  pid_t pid;
  int fd = -1, st;

  sc = compile_json ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/x.sock\","
                     "\"syscalls\":[{\"names\":[\"mkdirat\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}", &err);
  ok (sc && lc_seccomp_wants_listener (sc), "NOTIFY filter compiles and wants a listener");
  lc_error_free (&err);
  if (sc == NULL || geteuid () != 0 || socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, notify_sock) < 0)
    {
      lc_seccomp_free (sc);
      return;
    }
  pid = fork ();
  if (pid == 0)
    _exit (child_notify (sc));
  close (notify_sock[1]);
  n = recvmsg (notify_sock[0], &mh, 0);
  if (n > 0 && CMSG_FIRSTHDR (&mh))
    memcpy (&fd, CMSG_DATA (CMSG_FIRSTHDR (&mh)), sizeof fd);
  buf[n > 0 ? n : 0] = '\0';
  ok (fd >= 0 && strstr (buf, "\"fds\":[\"seccompFd\"]") && strstr (buf, "\"pid\":4242")
        && strstr (buf, "\"metadata\":\"meta\\\"data\"") && strstr (buf, "\"state\":{\"ociVersion\""),
      "listener got the fd and the containerProcessState: %s", buf);
  memset (&req, 0, sizeof req);
  if (fd >= 0 && ioctl (fd, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0)
    {
      memset (&resp, 0, sizeof resp);
      resp.id = req.id;
      resp.val = 42;
      ioctl (fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
    }
  waitpid (pid, &st, 0);
  ok (WIFEXITED (st) && WEXITSTATUS (st) == 0, "the notified syscall got the listener's answer (%d)",
      WIFEXITED (st) ? WEXITSTATUS (st) : -1);
  if (fd >= 0)
    close (fd);
  close (notify_sock[0]);
  lc_seccomp_free (sc);
}

/* ---- SELinux, keyring ---------------------------------------------------- */

/* In a child: set the exec label, exec busybox cat of our label.  */
static int
child_exec_label (void *arg)
{
  lc_error_t err = NULL;

  if (lc_selinux_set_exec_label (arg, &err) < 0)
    {
      printf ("# %s\n", err->msg);
      return 10;
    }
  execl ("/bin/busybox", "cat", "/proc/self/attr/current", (char *) NULL);
  return 11;
}

static void
test_selinux_enabled (void)
{
  static const char *valid[] = { "system_u:system_r:svirt_t:s0:c1,c2", "system_u:object_r:svirt_image_t:s0" };
  cleanup_free char *ctx = lc_selinux_mount_context ("system_u:object_r:svirt_image_t:s0:c1,c2");
  lc_error_t err = NULL;
  size_t i;
  int r;

  for (i = 0; i < ARRAY_SIZE (valid); i++)
    ok (lc_selinux_validate_label (valid[i], "process.selinuxLabel", &err) == 0,
        "label %s is valid in the loaded policy", valid[i]);
  lc_error_free (&err);
  ok (lc_selinux_validate_label ("system_u:system_r:moat_no_such_t:s0", "process.selinuxLabel", &err) < 0
        && err_is (&err, "process.selinuxLabel: SELinux label \"system_u:system_r:moat_no_such_t:s0\" is not valid"),
      "a type the policy lacks is refused, naming the key");
  ok (ctx && strcmp (ctx, "context=\"system_u:object_r:svirt_image_t:s0:c1,c2\"") == 0,
      "mount context quoted so the MCS comma survives: %s", ctx ? ctx : "(null)");
  if (geteuid () != 0)
    return;
  {
    char buf[256] = "";
    int p[2], st = 0;
    ssize_t n = 0;
    pid_t pid;

    fflush (stdout);
    if (pipe (p) < 0)
      return;
    pid = fork ();
    if (pid == 0)
      {
        dup2 (p[1], 1);
        _exit (child_exec_label ("system_u:system_r:svirt_t:s0:c1,c2"));
      }
    close (p[1]);
    n = read (p[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    close (p[0]);
    waitpid (pid, &st, 0);
    r = WIFEXITED (st) ? WEXITSTATUS (st) : -1;
    ok (r == 0 && strncmp (buf, "system_u:system_r:svirt_t:s0:c1,c2", 34) == 0,
        "exec label set through procfs: the exec'd process runs as svirt_t:s0:c1,c2 (%d: %.60s)", r, buf);
  }
}

static void
test_selinux (void)
{
  static const char *good[] = { "system_u:system_r:svirt_t:s0:c1,c2", "system_u:object_r:svirt_sandbox_file_t:s0",
                                "u:r:t", "system_u:system_r:container_t:s0-s0:c0.c1023" };
  static const char *bad[] = { "foo", "a:b", "a::c:s0", "a:b:c:", "a:b:c:s0:c1,", "a b:c:d:s0", "a:b:c:s0;rm" };
  lc_error_t err = NULL;
  size_t i;

  for (i = 0; i < ARRAY_SIZE (bad); i++)
    ok (lc_selinux_validate_label (bad[i], "linux.mountLabel", &err) < 0
          && err_is (&err, "linux.mountLabel: malformed SELinux label"),
        "label \"%s\" is refused naming linux.mountLabel", bad[i]);
  if (lc_selinux_enabled ())
    {
      test_selinux_enabled ();
      return;
    }
  for (i = 0; i < ARRAY_SIZE (good); i++)
    ok (lc_selinux_validate_label (good[i], "process.selinuxLabel", &err) == 0,
        "label %s is well formed", good[i]);
  {
    char *ctx = lc_selinux_mount_context ("u:r:t:s0:c1,c2");
    ok (ctx == NULL, "no mount context when SELinux is off");
    ok (lc_selinux_set_exec_label ("u:r:t:s0", &err) == 0, "exec label skipped when SELinux is off");
    free (ctx);
  }
}

static int
child_keyring (void *arg)
{
  lc_error_t err = NULL;
  char desc[256];
  long n;

  if (lc_keyring_join_new ("kr-test", NULL, &err) < 0)
    return 10;
  n = syscall (__NR_keyctl, KEYCTL_DESCRIBE, KEY_SPEC_SESSION_KEYRING, desc, sizeof desc - 1, 0);
  if (n < 0)
    return 11;
  desc[n] = '\0';
  printf ("# session keyring: %s\n", desc);
  return strstr (desc, "keyring;") == desc && strstr (desc, ";moat-kr-test") ? 0 : 12;
}

static void
test_keyring (void)
{
  int r = in_child (child_keyring, NULL);

  ok (r == 0, "a new session keyring named moat-<id> (%d)", r);
}

/* ---- CVE-2019-5736 ------------------------------------------------------- */

/* Re-executed as `test-security exe-guard-child guard|noguard`: (guarded)
   keep a read-only fd on our own exe, then become /bin/sh, which tries to
   reopen that fd for writing once no process runs the file any more:
   exactly the attack's last step.  */
/* ---- mcs.c ----------------------------------------------------------------- */

/* A state dir of `root` whose state.json holds `level`.  */
static void
hold_level (const char *root, const char *id, const char *level)
{
  struct lc_state s = { .id = (char *) id, .mcs_level = (char *) level };
  lc_error_t err = NULL;
  int fd = lc_state_dir_open (root, id, true, &err);

  if (fd < 0 || lc_state_write (fd, &s, &err) < 0)
    printf ("# state dir %s: %s\n", id, err ? err->msg : "?");
  if (fd >= 0)
    close (fd);
}

static void
test_mcs_reserve (void)
{
  char root[] = "/tmp/moat-mcs-XXXXXX";
  cleanup_free char *level = NULL, *rm = NULL;
  lc_error_t err = NULL;
  int fd;

  if (mkdtemp (root) == NULL)
    return;
  /* three categories: the pairs c0,c1  c0,c2  c1,c2 */
  setenv ("MOAT_MCS_CATEGORIES", "3", 1);
  hold_level (root, "a", "s0:c0,c1");
  hold_level (root, "b", "s0:c1,c2");
  fd = lc_mcs_reserve (root, "c", &level, &err);
  ok (fd >= 0 && strcmp (level, "s0:c0,c2") == 0, "reserve: the one free pair, s0:c0,c2 (%s)",
      level ? level : err->msg);
  if (fd >= 0)
    close (fd);
  hold_level (root, "c", level);
  free (level);
  level = NULL;
  fd = lc_mcs_reserve (root, "d", &level, &err);
  ok (fd < 0 && err_is (&err, "no free MCS category pair"), "reserve: none free is an error");
  fd = lc_mcs_reserve (root, "c", &level, &err);
  ok (fd >= 0 && strcmp (level, "s0:c0,c2") == 0, "reserve: a container's own pair is not in its way");
  if (fd >= 0)
    close (fd);
  unsetenv ("MOAT_MCS_CATEGORIES");
  xasprintf (&rm, "rm -rf %s", root);
  if (system (rm) != 0)
    printf ("# could not remove %s\n", root);
}

static void
test_mcs (void)
{
  static const char *wants[] = { "system_u:system_r:svirt_t", "u:r:t" };
  static const char *keeps[] = { "system_u:system_r:svirt_t:s0", "u:r:t:s0:c1,c2", "", "u:r" };
  struct spec_process proc = { .selinux_label = xstrdup ("system_u:system_r:svirt_t") };
  struct spec_linux lin = { 0 };
  struct spec spec = { .process = &proc, .linux_config = &lin };
  cleanup_free char *owned = NULL;
  unsigned lo = 0, hi = 0;
  size_t i;

  for (i = 0; i < ARRAY_SIZE (wants); i++)
    ok (lc_mcs_label_wants_level (wants[i]), "\"%s\" wants a level", wants[i]);
  for (i = 0; i < ARRAY_SIZE (keeps); i++)
    ok (!lc_mcs_label_wants_level (keeps[i]), "\"%s\" does not", keeps[i]);
  ok (lc_mcs_parse_level ("s0:c3,c1000", &lo, &hi) == 0 && lo == 3 && hi == 1000,
      "s0:c3,c1000 parses");
  ok (lc_mcs_parse_level ("s0:c5,c5", &lo, &hi) < 0 && lc_mcs_parse_level ("s0:c1,c2x", &lo, &hi) < 0
        && lc_mcs_parse_level ("s0", &lo, &hi) < 0 && lc_mcs_parse_level (NULL, &lo, &hi) < 0,
      "s0:c5,c5, s0:c1,c2x, s0, NULL are no pair");
  ok (strcmp (lc_mcs_complete ("u:r:t", "s0:c1,c2", &owned), "u:r:t:s0:c1,c2") == 0,
      "complete: u:r:t gets the level");
  ok (strcmp (lc_mcs_complete ("u:r:t:s0", "s0:c1,c2", &owned), "u:r:t:s0") == 0,
      "complete: an explicit level is kept");
  lc_mcs_apply (&spec, "s0:c4,c9");
  ok (strcmp (proc.selinux_label, "system_u:system_r:svirt_t:s0:c4,c9") == 0
        && strcmp (lin.mount_label, "system_u:object_r:svirt_image_t:s0:c4,c9") == 0,
      "apply: svirt_t and, without a mount label, svirt_image_t, at the level");
  free (proc.selinux_label);
  free (lin.mount_label);
  proc.selinux_label = xstrdup ("u:r:container_t");
  lin.mount_label = xstrdup ("u:object_r:custom_file_t");
  lc_mcs_apply (&spec, "s0:c1,c2");
  ok (strcmp (lin.mount_label, "u:object_r:custom_file_t:s0:c1,c2") == 0,
      "apply: a mount label without a level gets it");
  free (proc.selinux_label);
  free (lin.mount_label);
  test_mcs_reserve ();
}

static int
exe_guard_child (char **argv)
{
  char cmd[256];
  lc_error_t err = NULL;
  int fd;

  if (strcmp (argv[2], "guard") == 0 && lc_exe_guard (argv, &err) < 0)
    {
      printf ("guard failed: %s\n", err->msg);
      return 1;
    }
  printf ("protected=%d\n", lc_exe_is_protected ());
  fflush (stdout);
  fd = open ("/proc/self/exe", O_RDONLY); /* inherited by the shell */
  snprintf (cmd, sizeof cmd, "exec 2>&1; : >> /proc/self/fd/%d && echo WRITABLE", fd);
  execl ("/bin/sh", "sh", "-c", cmd, (char *) NULL);
  return 1;
}

static char *
run_copy (const char *copy, const char *mode)
{
  cleanup_free char *cmd = NULL;
  char buf[512] = "";
  size_t n;
  FILE *f;

  xasprintf (&cmd, "%s exe-guard-child %s", copy, mode);
  f = popen (cmd, "r");
  n = f ? fread (buf, 1, sizeof buf - 1, f) : 0;
  buf[n] = '\0';
  if (f)
    pclose (f);
  for (n = 0; buf[n]; n++)
    if (buf[n] == '\n')
      buf[n] = ' '; /* one TAP line */
  return xstrdup (buf);
}

static void
test_exe_guard (void)
{
  char copy[] = "/tmp/moat-exe-guard-XXXXXX";
  cleanup_free char *out_plain = NULL, *out_guard = NULL;
  int src = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC), dst = mkstemp (copy);
  char buf[65536];
  ssize_t n;

  while (src >= 0 && dst >= 0 && (n = read (src, buf, sizeof buf)) > 0)
    if (write (dst, buf, (size_t) n) != n)
      break;
  fchmod (dst, 0755);
  close (src);
  close (dst);
  /* A private copy: the attack must succeed against it without the guard
     (the test proves it can fail), and nothing else runs it.  */
  out_plain = run_copy (copy, "noguard");
  out_guard = run_copy (copy, "guard");
  unlink (copy);
  ok (strstr (out_plain, "WRITABLE") != NULL, "unguarded: the exe fd reopens for writing after exit: %s",
      out_plain);
  ok (strstr (out_guard, "protected=1") && strstr (out_guard, "Read-only file system")
        && !strstr (out_guard, "WRITABLE"),
      "guarded: the exe is a read-only mount, the reopen gets EROFS: %s", out_guard);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], "exe-guard-child") == 0)
    return exe_guard_child (argv);
  setvbuf (stdout, NULL, _IOLBF, 0);
  ok (lc_libs_load (NULL) == 0, "libmount and libselinux load (dl.h)");
  /* A private cache: the test must see a miss first, and leave no trace.  */
  if (mkdtemp (cache_dir) == NULL)
    return 1;
  lc_seccomp_set_cache_dir (cache_dir);
  test_cap_table ();
  test_cap_validate ();
  test_cap_apply ();
  test_seccomp_default_profile ();
  test_seccomp_actions ();
  test_seccomp_kill ();
  test_seccomp_errors ();
  test_seccomp_notify ();
  test_selinux ();
  test_mcs ();
  test_keyring ();
  if (geteuid () == 0)
    test_exe_guard ();
  {
    cleanup_free char *rm = NULL;
    xasprintf (&rm, "rm -rf %s", cache_dir);
    if (system (rm) != 0)
      printf ("# could not remove %s\n", cache_dir);
  }
  return tap_done ();
}
