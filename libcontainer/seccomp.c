/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* linux.seccomp through libseccomp (the only file that includes it).
 *
 * The parent compiles the filter once, before fork, and keeps the BPF
 * program: libseccomp writes it to a memfd (seccomp_export_bpf; the _mem
 * variant is libseccomp >= 2.6) and we read it back.  The container process
 * is a fork of the parent, so it already has the program in memory and only
 * calls seccomp(SECCOMP_SET_MODE_FILTER): no libseccomp work, no /proc, no
 * allocation at the point where the filter goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#define LC_SECCOMP_LIBSECCOMP 1 /* see seccomp.h */
#include <seccomp.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "seccomp.h"
#include "log.h"
#include "utils.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
# define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

struct lc_seccomp
{
  struct sock_filter *insns;
  unsigned short len;
  unsigned int flags;       /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
  bool notify;              /* some rule is SCMP_ACT_NOTIFY */
  char *listener_path;
  char *listener_metadata;
};

/* ---- name tables --------------------------------------------------------- */

enum act_kind { ACT_PLAIN, ACT_ERRNO, ACT_TRACE };

static const struct
{
  const char *name;
  uint32_t action;
  enum act_kind kind;
} action_table[] = {
  { "SCMP_ACT_KILL", SCMP_ACT_KILL, ACT_PLAIN },
  { "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD, ACT_PLAIN },
  { "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS, ACT_PLAIN },
  { "SCMP_ACT_TRAP", SCMP_ACT_TRAP, ACT_PLAIN },
  { "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO (0), ACT_ERRNO },
  { "SCMP_ACT_TRACE", SCMP_ACT_TRACE (0), ACT_TRACE },
  { "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, ACT_PLAIN },
  { "SCMP_ACT_LOG", SCMP_ACT_LOG, ACT_PLAIN },
  { "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY, ACT_PLAIN },
};

static const struct
{
  const char *name;
  enum scmp_compare op;
} op_table[] = {
  { "SCMP_CMP_NE", SCMP_CMP_NE },
  { "SCMP_CMP_LT", SCMP_CMP_LT },
  { "SCMP_CMP_LE", SCMP_CMP_LE },
  { "SCMP_CMP_EQ", SCMP_CMP_EQ },
  { "SCMP_CMP_GE", SCMP_CMP_GE },
  { "SCMP_CMP_GT", SCMP_CMP_GT },
  { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

/* TSYNC is accepted but has no effect: the process that loads the filter
   is single-threaded (and TSYNC cannot be combined with a listener).  */
static const struct
{
  const char *name;
  unsigned int flag;
} flag_table[] = {
  { "SECCOMP_FILTER_FLAG_TSYNC", 0 },
  { "SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG },
  { "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW },
  { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV },
};

/* The runtime sends the notify fd with sendmsg and reports a failure on
   the sync socket with write, both before any listener has the fd: a
   NOTIFY rule on them would hang the start (runc refuses `write` too).
   execve and close come after the listener has the fd and are fine.  */
static const char *const notify_forbidden[] = { "write", "sendmsg" };

/* ---- cache of compiled programs ------------------------------------------
 *
 * libseccomp needs ~15 ms for a podman-sized profile; the same profile is
 * compiled for every container.  The program is cached in a root-only
 * directory under a file named by a hash of the key; the file holds the
 * whole key and is used only when it matches byte for byte, so a hash
 * collision cannot hand out another profile's program.  The key is the
 * profile itself plus what else decides libseccomp's output: its version
 * and the kernel (actions and flags it supports).
 */

static char *cache_dir_path;
static bool cache_dir_set;

void
lc_seccomp_set_cache_dir (const char *dir)
{
  free (cache_dir_path);
  cache_dir_path = dir ? xstrdup (dir) : NULL;
  cache_dir_set = true;
}

static const char *
cache_dir (void)
{
  if (!cache_dir_set && geteuid () == 0)
    return "/run/moat-cache/seccomp";
  return cache_dir_path;
}

struct keybuf
{
  char *buf;
  size_t len, alloc;
};

static void
keybuf_free (struct keybuf *k)
{
  free (k->buf);
}
#define cleanup_free_key __attribute__ ((cleanup (keybuf_free)))

/* Length-prefixed, so no field can run into the next.  */
static void
key_add (struct keybuf *k, const char *s)
{
  char num[24];
  size_t n = s ? strlen (s) : 0;
  int m = snprintf (num, sizeof num, "%zu%c", n, s ? ':' : '!');

  if (k->len + (size_t) m + n + 1 > k->alloc)
    {
      k->alloc = (k->len + (size_t) m + n + 1) * 2;
      k->buf = xrealloc (k->buf, k->alloc);
    }
  memcpy (k->buf + k->len, num, (size_t) m);
  k->len += (size_t) m;
  if (n)
    memcpy (k->buf + k->len, s, n);
  k->len += n;
}

static void
key_add_u64 (struct keybuf *k, bool set, uint64_t v)
{
  char num[32];

  snprintf (num, sizeof num, "%d/%llu", set, (unsigned long long) v);
  key_add (k, num);
}

static void
key_add_strv (struct keybuf *k, char **v)
{
  size_t i;

  key_add_u64 (k, v != NULL, v ? strv_len (v) : 0);
  for (i = 0; v && v[i]; i++)
    key_add (k, v[i]);
}

static void
cache_key (const struct spec_seccomp *spec, struct keybuf *k)
{
  const struct scmp_version *ver = seccomp_version ();
  struct utsname u;
  size_t i, j;

  key_add (k, "moat-seccomp-1");
  key_add_u64 (k, true, ((uint64_t) ver->major << 32) | (ver->minor << 16) | ver->micro);
  key_add_u64 (k, true, seccomp_api_get ());
  if (uname (&u) == 0)
    {
      key_add (k, u.release);
      key_add (k, u.version);
      key_add (k, u.machine);
    }
  key_add (k, spec->default_action);
  key_add_u64 (k, spec->default_errno_ret.set, spec->default_errno_ret.v);
  key_add_strv (k, spec->architectures);
  key_add_strv (k, spec->flags);
  key_add (k, spec->listener_path);
  key_add (k, spec->listener_metadata);
  key_add_u64 (k, true, spec->n_syscalls);
  for (i = 0; i < spec->n_syscalls; i++)
    {
      const struct spec_seccomp_syscall *c = &spec->syscalls[i];

      key_add_strv (k, c->names);
      key_add (k, c->action);
      key_add_u64 (k, c->errno_ret.set, c->errno_ret.v);
      key_add_u64 (k, true, c->n_args);
      for (j = 0; j < c->n_args; j++)
        {
          key_add_u64 (k, true, c->args[j].index);
          key_add_u64 (k, true, c->args[j].value);
          key_add_u64 (k, true, c->args[j].value_two);
          key_add (k, c->args[j].op);
        }
    }
}

static uint64_t
fnv1a (const char *p, size_t n)
{
  uint64_t h = 0xcbf29ce484222325ULL;

  while (n--)
    h = (h ^ (unsigned char) *p++) * 0x100000001b3ULL;
  return h;
}

/* The cache directory, created 0700, used only when it is a real directory
   owned by us and writable by nobody else.  -1 when there is none.  */
static int
cache_dirfd (bool create)
{
  const char *dir = cache_dir ();
  struct stat st;
  int fd;

  if (dir == NULL)
    return -1;
  if (create)
    {
      cleanup_free char *parent = xstrdup (dir);
      char *slash = strrchr (parent, '/');

      if (slash && slash != parent)
        {
          *slash = '\0';
          (void) mkdir (parent, 0700);
        }
      (void) mkdir (dir, 0700);
    }
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return -1;
  if (fstat (fd, &st) < 0 || st.st_uid != geteuid () || (st.st_mode & 022))
    {
      close (fd);
      return -1;
    }
  return fd;
}

struct cache_header
{
  char magic[8];
  uint64_t key_len;
  uint32_t flags;
  uint16_t len;
  uint8_t notify;
  uint8_t pad;
};

static bool
cache_load (const struct keybuf *k, const char *name, struct lc_seccomp *sc)
{
  cleanup_close int dirfd = cache_dirfd (false);
  cleanup_close int fd = -1;
  cleanup_free char *buf = NULL;
  struct cache_header h;
  lc_error_t err = NULL;
  struct stat st;
  size_t len = 0, insns;

  if (dirfd < 0)
    return false;
  fd = openat (dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || st.st_uid != geteuid ()
      || (st.st_mode & 022) || st.st_size > (1 << 20))
    return false;
  if (read_all_fd (fd, "seccomp cache", &buf, &len, &err) < 0)
    {
      lc_error_free (&err);
      return false;
    }
  if (len < sizeof h)
    return false;
  memcpy (&h, buf, sizeof h);
  insns = (size_t) h.len * sizeof (struct sock_filter);
  if (memcmp (h.magic, "MOATSEC1", 8) != 0 || h.key_len != k->len || h.len == 0
      || len != sizeof h + k->len + insns || memcmp (buf + sizeof h, k->buf, k->len) != 0)
    return false;
  sc->insns = xmalloc (insns);
  memcpy (sc->insns, buf + sizeof h + k->len, insns);
  sc->len = h.len;
  sc->flags = h.flags;
  sc->notify = h.notify;
  return true;
}

/* Best effort: a cache that cannot be written only costs the next compile.  */
static void
cache_store (const struct keybuf *k, const char *name, const struct lc_seccomp *sc)
{
  cleanup_close int dirfd = cache_dirfd (true);
  cleanup_close int fd = -1;
  cleanup_free char *tmp = NULL;
  struct cache_header h = { .magic = "MOATSEC1", .key_len = k->len, .flags = sc->flags,
                            .len = sc->len, .notify = sc->notify };
  size_t insns = (size_t) sc->len * sizeof (struct sock_filter);
  lc_error_t err = NULL;
  bool ok;

  if (dirfd < 0)
    return;
  xasprintf (&tmp, ".%s.%d.tmp", name, (int) getpid ());
  fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  ok = write_all (fd, &h, sizeof h, &err) == 0 && write_all (fd, k->buf, k->len, &err) == 0
       && write_all (fd, sc->insns, insns, &err) == 0;
  lc_error_free (&err);
  if (!ok || renameat (dirfd, tmp, dirfd, name) < 0)
    unlinkat (dirfd, tmp, 0);
}

/* ---- compile ------------------------------------------------------------- */

/* "SCMP_ACT_ERRNO" + errnoRet → libseccomp action.  `key` and `ret_key`
   are the JSON paths named in errors.  */
static int
resolve_action (const char *file, const char *key, const char *ret_key, const char *name,
                const struct opt_u64 *ret, uint32_t *out, lc_error_t *err)
{
  size_t i;

  for (i = 0; i < ARRAY_SIZE (action_table); i++)
    if (name && strcmp (name, action_table[i].name) == 0)
      break;
  if (i == ARRAY_SIZE (action_table))
    return lc_error (err, 0, "%s: %s: unknown seccomp action \"%s\"", file, key, name ? name : "");
  if (ret && ret->set && action_table[i].kind == ACT_PLAIN)
    return lc_error (err, 0, "%s: %s: only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE", file, ret_key);
  if (ret && ret->set && ret->v > 0xffff)
    return lc_error (err, 0, "%s: %s: %llu out of range", file, ret_key, (unsigned long long) ret->v);
  *out = action_table[i].action;
  if (action_table[i].kind == ACT_ERRNO)
    *out = SCMP_ACT_ERRNO ((ret && ret->set) ? (uint16_t) ret->v : EPERM);
  else if (action_table[i].kind == ACT_TRACE)
    *out = SCMP_ACT_TRACE ((ret && ret->set) ? (uint16_t) ret->v : EPERM);
  return 0;
}

static int
add_architectures (scmp_filter_ctx ctx, const struct spec_seccomp *sc, const char *file,
                   lc_error_t *err)
{
  size_t i;

  for (i = 0; sc->architectures && sc->architectures[i]; i++)
    {
      const char *name = sc->architectures[i];
      char lower[64];
      uint32_t arch = 0;
      size_t j;
      int ret;

      if (strncmp (name, "SCMP_ARCH_", 10) == 0 && strlen (name + 10) < sizeof lower)
        {
          for (j = 0; name[10 + j]; j++)
            lower[j] = (char) (name[10 + j] >= 'A' && name[10 + j] <= 'Z' ? name[10 + j] + 32 : name[10 + j]);
          lower[j] = '\0';
          arch = seccomp_arch_resolve_name (lower);
        }
      if (arch == 0)
        return lc_error (err, 0, "%s: linux.seccomp.architectures[%zu]: unknown architecture \"%s\"",
                         file, i, name);
      ret = seccomp_arch_add (ctx, arch);
      if (ret < 0 && ret != -EEXIST)
        return lc_error (err, -ret, "%s: linux.seccomp.architectures[%zu]: add \"%s\"", file, i, name);
    }
  return 0;
}

static int
resolve_flags (const struct spec_seccomp *sc, const char *file, unsigned int *flags, lc_error_t *err)
{
  size_t i, j;

  for (i = 0; sc->flags && sc->flags[i]; i++)
    {
      for (j = 0; j < ARRAY_SIZE (flag_table); j++)
        if (strcmp (sc->flags[i], flag_table[j].name) == 0)
          break;
      if (j == ARRAY_SIZE (flag_table))
        return lc_error (err, 0, "%s: linux.seccomp.flags[%zu]: unknown seccomp flag \"%s\"",
                         file, i, sc->flags[i]);
      *flags |= flag_table[j].flag;
    }
  return 0;
}

/* Arguments → comparisons.  Two comparisons on the same argument cannot be
   one libseccomp rule; like runc, each then becomes a rule of its own
   (they are OR-ed).  Returns the number of comparisons, *split set.  */
static int
build_args (const struct spec_seccomp_syscall *call, const char *file, size_t idx,
            struct scmp_arg_cmp *cmps, bool *split, lc_error_t *err)
{
  size_t i, j;

  *split = false;
  if (call->n_args > 6)
    return lc_error (err, 0, "%s: linux.seccomp.syscalls[%zu].args: more than 6 arguments", file, idx);
  for (i = 0; i < call->n_args; i++)
    {
      const struct spec_seccomp_arg *a = &call->args[i];

      for (j = 0; j < ARRAY_SIZE (op_table); j++)
        if (a->op && strcmp (a->op, op_table[j].name) == 0)
          break;
      if (j == ARRAY_SIZE (op_table))
        return lc_error (err, 0, "%s: linux.seccomp.syscalls[%zu].args[%zu].op: unknown operator \"%s\"",
                         file, idx, i, a->op ? a->op : "");
      if (a->index > 5)
        return lc_error (err, 0, "%s: linux.seccomp.syscalls[%zu].args[%zu].index: %u out of range (0-5)",
                         file, idx, i, a->index);
      cmps[i] = (struct scmp_arg_cmp) { .arg = a->index, .op = op_table[j].op,
                                        .datum_a = a->value, .datum_b = a->value_two };
      for (j = 0; j < i; j++)
        if (cmps[j].arg == a->index)
          *split = true;
    }
  return (int) call->n_args;
}

static int
add_one_syscall (scmp_filter_ctx ctx, const char *name, uint32_t action, struct scmp_arg_cmp *cmps,
                 int n, bool split, const char *file, size_t idx, lc_error_t *err)
{
  int nr = seccomp_syscall_resolve_name (name);
  int ret, k;

  if (nr == __NR_SCMP_ERROR)
    {
      /* A name this libseccomp does not know (a newer syscall): runc skips
         these too, otherwise one profile could not serve old and new hosts.  */
      lc_debug ("seccomp: unknown syscall \"%s\", ignoring", name);
      return 0;
    }
  if (!split)
    ret = seccomp_rule_add_array (ctx, action, nr, (unsigned) n, cmps);
  else
    for (ret = 0, k = 0; k < n && ret == 0; k++)
      ret = seccomp_rule_add_array (ctx, action, nr, 1, &cmps[k]);
  if (ret < 0)
    return lc_error (err, -ret, "%s: linux.seccomp.syscalls[%zu]: add rule for \"%s\"", file, idx, name);
  return 0;
}

static int
add_syscalls (scmp_filter_ctx ctx, const struct spec_seccomp *sc, const char *file,
              uint32_t def_action, bool *notify, lc_error_t *err)
{
  size_t i, j, k;

  for (i = 0; i < sc->n_syscalls; i++)
    {
      const struct spec_seccomp_syscall *call = &sc->syscalls[i];
      struct scmp_arg_cmp cmps[6];
      char where[64], key[80], ret_key[80];
      uint32_t action;
      bool split;
      int n;

      snprintf (where, sizeof where, "linux.seccomp.syscalls[%zu]", i);
      snprintf (key, sizeof key, "%s.action", where);
      snprintf (ret_key, sizeof ret_key, "%s.errnoRet", where);
      if (resolve_action (file, key, ret_key, call->action, &call->errno_ret, &action, err) < 0)
        return -1;
      n = build_args (call, file, i, cmps, &split, err);
      if (n < 0)
        return -1;
      if (action == SCMP_ACT_NOTIFY)
        {
          *notify = true;
          for (j = 0; call->names && call->names[j]; j++)
            for (k = 0; k < ARRAY_SIZE (notify_forbidden); k++)
              if (strcmp (call->names[j], notify_forbidden[k]) == 0)
                return lc_error (err, 0, "%s: %s.names[%zu]: SCMP_ACT_NOTIFY cannot be used for \"%s\"",
                                 file, where, j, call->names[j]);
        }
      /* libseccomp refuses a rule that repeats the default action.  */
      if (action == def_action)
        continue;
      for (j = 0; call->names && call->names[j]; j++)
        if (add_one_syscall (ctx, call->names[j], action, cmps, n, split, file, i, err) < 0)
          return -1;
    }
  return 0;
}

/* seccomp_export_bpf into a memfd, read back: the program as an array.  */
static int
export_program (scmp_filter_ctx ctx, struct lc_seccomp *sc, lc_error_t *err)
{
  cleanup_close int fd = memfd_create ("moat-seccomp", MFD_CLOEXEC);
  cleanup_free char *buf = NULL;
  size_t len = 0;
  int ret;

  if (fd < 0)
    return lc_error (err, errno, "memfd_create for the seccomp program");
  ret = seccomp_export_bpf (ctx, fd);
  if (ret < 0)
    return lc_error (err, -ret, "export the seccomp program");
  if (lseek (fd, 0, SEEK_SET) < 0)
    return lc_error (err, errno, "seek the seccomp program");
  if (read_all_fd (fd, "seccomp program", &buf, &len, err) < 0)
    return -1;
  if (len == 0 || len % sizeof (struct sock_filter) != 0
      || len / sizeof (struct sock_filter) > BPF_MAXINSNS)
    return lc_error (err, EINVAL, "seccomp program of %zu bytes", len);
  sc->insns = (struct sock_filter *) steal_pointer (&buf);
  sc->len = (unsigned short) (len / sizeof (struct sock_filter));
  return 0;
}

static int
check_listener (const struct spec_seccomp *sc, const char *file, bool notify, lc_error_t *err)
{
  bool has_path = sc->listener_path && sc->listener_path[0];

  if (notify && !has_path)
    return lc_error (err, 0, "%s: linux.seccomp.listenerPath: required by SCMP_ACT_NOTIFY", file);
  if (has_path && !notify)
    return lc_error (err, 0, "%s: linux.seccomp.listenerPath: set but no rule uses SCMP_ACT_NOTIFY", file);
  if (sc->listener_metadata && !has_path)
    return lc_error (err, 0, "%s: linux.seccomp.listenerMetadata: set without listenerPath", file);
  if (has_path && sc->listener_path[0] != '/')
    return lc_error (err, 0, "%s: linux.seccomp.listenerPath: \"%s\" is not absolute", file,
                     sc->listener_path);
  if (has_path && strlen (sc->listener_path) >= sizeof (((struct sockaddr_un *) 0)->sun_path))
    return lc_error (err, 0, "%s: linux.seccomp.listenerPath: too long", file);
  return 0;
}

static int
compile_ctx (scmp_filter_ctx ctx, const struct spec_seccomp *spec, const char *file,
             uint32_t def_action, struct lc_seccomp *sc, lc_error_t *err)
{
  /* A binary tree instead of a linear list: the default profile has ~350
     rules and the filter runs on every syscall of the container.  Older
     libseccomp lacks the attribute: then the list it is.  */
  (void) seccomp_attr_set (ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
  if (add_architectures (ctx, spec, file, err) < 0)
    return -1;
  if (resolve_flags (spec, file, &sc->flags, err) < 0)
    return -1;
  if (add_syscalls (ctx, spec, file, def_action, &sc->notify, err) < 0)
    return -1;
  if (check_listener (spec, file, sc->notify, err) < 0)
    return -1;
  if (sc->notify)
    sc->flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
  return export_program (ctx, sc, err);
}

int
lc_seccomp_compile (const struct spec_seccomp *spec, const char *file, struct lc_seccomp **out,
                    lc_error_t *err)
{
  cleanup_free_key struct keybuf key = { 0 };
  struct lc_seccomp *sc;
  scmp_filter_ctx ctx;
  uint32_t def_action;
  char name[20];
  int ret;

  if (file == NULL)
    file = "config.json";
  *out = NULL;
  if (spec == NULL)
    return 0;
  if (resolve_action (file, "linux.seccomp.defaultAction", "linux.seccomp.defaultErrnoRet",
                      spec->default_action, &spec->default_errno_ret, &def_action, err) < 0)
    return -1;
  if (def_action == SCMP_ACT_NOTIFY)
    return lc_error (err, 0, "%s: linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action",
                     file);

  sc = xzalloc (sizeof *sc);
  cache_key (spec, &key);
  snprintf (name, sizeof name, "%016llx", (unsigned long long) fnv1a (key.buf, key.len));
  if (!cache_load (&key, name, sc))
    {
      ctx = seccomp_init (def_action);
      if (ctx == NULL)
        {
          lc_seccomp_free (sc);
          return lc_error (err, EINVAL, "%s: linux.seccomp: seccomp_init", file);
        }
      ret = compile_ctx (ctx, spec, file, def_action, sc, err);
      seccomp_release (ctx);
      if (ret < 0)
        {
          lc_seccomp_free (sc);
          return -1;
        }
      cache_store (&key, name, sc);
    }
  if (spec->listener_path)
    sc->listener_path = xstrdup (spec->listener_path);
  if (spec->listener_metadata)
    sc->listener_metadata = xstrdup (spec->listener_metadata);
  *out = sc;
  return 0;
}

/* ---- load ---------------------------------------------------------------- */

int
lc_seccomp_load (const struct lc_seccomp *sc, int *notify_fd, lc_error_t *err)
{
  struct sock_fprog prog;
  long ret;

  if (notify_fd)
    *notify_fd = -1;
  if (sc == NULL)
    return 0;
  prog.len = sc->len;
  prog.filter = sc->insns;
  ret = syscall (__NR_seccomp, SECCOMP_SET_MODE_FILTER, sc->flags, &prog);
  if (ret < 0 && errno == EINVAL && (sc->flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV))
    return lc_error (err, errno, "load the seccomp filter (SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV needs Linux 5.19)");
  if (ret < 0)
    return lc_error (err, errno, "load the seccomp filter");
  if (sc->notify && notify_fd)
    *notify_fd = (int) ret;
  return 0;
}

bool
lc_seccomp_wants_listener (const struct lc_seccomp *sc)
{
  return sc != NULL && sc->notify;
}

const char *
lc_seccomp_listener_path (const struct lc_seccomp *sc)
{
  return sc ? sc->listener_path : NULL;
}

const char *
lc_seccomp_listener_metadata (const struct lc_seccomp *sc)
{
  return sc ? sc->listener_metadata : NULL;
}

int
lc_seccomp_listener_connect (const struct lc_seccomp *sc, lc_error_t *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int fd = -1;

  if (sc == NULL || !sc->notify || sc->listener_path == NULL)
    return -1;
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return lc_error (err, errno, "socket for the seccomp listener");
  strncpy (addr.sun_path, sc->listener_path, sizeof addr.sun_path - 1);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    return lc_error (err, errno, "linux.seccomp.listenerPath: connect to `%s`", sc->listener_path);
  return steal_fd (&fd);
}

/* The state's "pid" (the runtime's view of the container process); the
   caller's pid when the state has none.  */
static long long
state_pid (const char *state_json)
{
  const char *path[] = { "pid", NULL };
  yajl_val tree, pid;
  long long v = getpid ();

  tree = yajl_tree_parse (state_json, NULL, 0);
  if (tree == NULL)
    return v;
  pid = yajl_tree_get (tree, path, yajl_t_number);
  if (pid && YAJL_IS_INTEGER (pid))
    v = YAJL_GET_INTEGER (pid);
  yajl_tree_free (tree);
  return v;
}

/* A JSON string literal for `s` (quotes included).  */
static char *
json_quote (const char *s)
{
  yajl_gen g = yajl_gen_alloc (NULL);
  const unsigned char *buf;
  size_t len;
  char *ret;

  yajl_gen_string (g, (const unsigned char *) s, strlen (s));
  yajl_gen_get_buf (g, &buf, &len);
  ret = xstrndup ((const char *) buf, len);
  yajl_gen_free (g);
  return ret;
}

int
lc_seccomp_send_listener (int listener_sock, int notify_fd, const char *state_json,
                          const char *metadata, lc_error_t *err)
{
  cleanup_free char *meta = json_quote (metadata ? metadata : "");
  cleanup_free char *msg = NULL;
  char cbuf[CMSG_SPACE (sizeof (int))] = { 0 };
  struct iovec iov;
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                       .msg_controllen = sizeof cbuf };
  struct cmsghdr *cm;
  ssize_t n;

  if (state_json == NULL || state_json[0] == '\0')
    state_json = "{}";
  /* OCI "containerProcessState": the fds array names the SCM_RIGHTS fds.  */
  xasprintf (&msg, "{\"ociVersion\":\"1.2.0\",\"fds\":[\"seccompFd\"],\"pid\":%lld,"
             "\"metadata\":%s,\"state\":%s}", state_pid (state_json), meta, state_json);
  iov.iov_base = msg;
  iov.iov_len = strlen (msg);
  cm = CMSG_FIRSTHDR (&mh);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cm), &notify_fd, sizeof (int));
  n = TEMP_FAILURE_RETRY_INT (sendmsg (listener_sock, &mh, MSG_NOSIGNAL));
  if (n < 0)
    return lc_error (err, errno, "send the seccomp notify fd to the listener");
  if ((size_t) n != iov.iov_len)
    return lc_error (err, EIO, "short write of the container process state to the seccomp listener");
  return 0;
}

void
lc_seccomp_free (struct lc_seccomp *sc)
{
  if (sc == NULL)
    return;
  free (sc->insns);
  free (sc->listener_path);
  free (sc->listener_metadata);
  free (sc);
}

/* For the unit test: the number of BPF instructions.  */
size_t
lc_seccomp_program_len (const struct lc_seccomp *sc)
{
  return sc ? sc->len : 0;
}
