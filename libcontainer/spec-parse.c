/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config.json → struct spec.
 *
 * Each JSON object of the runtime-spec is described by a static table of
 * its keys (name, kind, offset in the C struct); one walker reads any
 * object through its table.  Unknown keys are ignored, as the spec
 * requires, and a null value counts as absent (Go's encoding/json, which
 * runc uses, reads it that way).  Names with a fixed meaning (namespace
 * types, rlimits, scheduler policies, ...) are resolved here through
 * static name tables so that a bad one is reported with its position.
 *
 * Errors read "config.json:LINE:COL: json.path: what is wrong".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "json.h"
#include "spec.h"
#include "syscalls.h"
#include "utils.h"

/* ---- static name tables ------------------------------------------------- */

const struct spec_ns_info spec_ns_table[] = {
  { "pid", "pid", CLONE_NEWPID },
  { "network", "net", CLONE_NEWNET },
  { "mount", "mnt", CLONE_NEWNS },
  { "ipc", "ipc", CLONE_NEWIPC },
  { "uts", "uts", CLONE_NEWUTS },
  { "user", "user", CLONE_NEWUSER },
  { "cgroup", "cgroup", CLONE_NEWCGROUP },
  { "time", "time", CLONE_NEWTIME },
};
const size_t spec_ns_table_len = ARRAY_SIZE (spec_ns_table);

struct name_value
{
  const char *name;
  unsigned long value;
};

static const struct name_value rlimit_names[] = {
  { "RLIMIT_AS", RLIMIT_AS },         { "RLIMIT_CORE", RLIMIT_CORE },
  { "RLIMIT_CPU", RLIMIT_CPU },       { "RLIMIT_DATA", RLIMIT_DATA },
  { "RLIMIT_FSIZE", RLIMIT_FSIZE },   { "RLIMIT_LOCKS", RLIMIT_LOCKS },
  { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK }, { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
  { "RLIMIT_NICE", RLIMIT_NICE },     { "RLIMIT_NOFILE", RLIMIT_NOFILE },
  { "RLIMIT_NPROC", RLIMIT_NPROC },   { "RLIMIT_RSS", RLIMIT_RSS },
  { "RLIMIT_RTPRIO", RLIMIT_RTPRIO }, { "RLIMIT_RTTIME", RLIMIT_RTTIME },
  { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING }, { "RLIMIT_STACK", RLIMIT_STACK },
};

/* include/uapi/linux/ioprio.h */
static const struct name_value ioprio_class_names[] = {
  { "IOPRIO_CLASS_RT", 1 },
  { "IOPRIO_CLASS_BE", 2 },
  { "IOPRIO_CLASS_IDLE", 3 },
};

/* include/uapi/linux/sched.h */
static const struct name_value sched_policy_names[] = {
  { "SCHED_OTHER", 0 }, { "SCHED_FIFO", 1 }, { "SCHED_RR", 2 },     { "SCHED_BATCH", 3 },
  { "SCHED_ISO", 4 },   { "SCHED_IDLE", 5 }, { "SCHED_DEADLINE", 6 },
};

static const struct name_value sched_flag_names[] = {
  { "SCHED_FLAG_RESET_ON_FORK", 0x01 },  { "SCHED_FLAG_RECLAIM", 0x02 },
  { "SCHED_FLAG_DL_OVERRUN", 0x04 },     { "SCHED_FLAG_KEEP_POLICY", 0x08 },
  { "SCHED_FLAG_KEEP_PARAMS", 0x10 },    { "SCHED_FLAG_UTIL_CLAMP_MIN", 0x20 },
  { "SCHED_FLAG_UTIL_CLAMP_MAX", 0x40 },
};

static const struct name_value personality_domain_names[] = {
  { "LINUX", PER_LINUX },
  { "LINUX32", PER_LINUX32 },
};

/* The spec names the four plain values; runc also takes the recursive
   ones, and so do we.  */
static const struct name_value propagation_names[] = {
  { "shared", MS_SHARED },         { "rshared", MS_SHARED | MS_REC },
  { "slave", MS_SLAVE },           { "rslave", MS_SLAVE | MS_REC },
  { "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },
  { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
};

static const struct name_value *
name_lookup (const struct name_value *table, size_t n, const char *name)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (strcmp (table[i].name, name) == 0)
      return &table[i];
  return NULL;
}

const struct spec_ns_info *
spec_ns_by_name (const char *name)
{
  size_t i;

  for (i = 0; name && i < spec_ns_table_len; i++)
    if (strcmp (spec_ns_table[i].name, name) == 0)
      return &spec_ns_table[i];
  return NULL;
}

const struct spec_ns_info *
spec_ns_by_flag (int flag)
{
  size_t i;

  for (i = 0; i < spec_ns_table_len; i++)
    if (spec_ns_table[i].flag == flag)
      return &spec_ns_table[i];
  return NULL;
}

const struct spec_namespace *
spec_find_namespace (const struct spec *spec, int type)
{
  const struct spec_linux *l = spec ? spec->linux_config : NULL;
  size_t i;

  for (i = 0; l && i < l->n_namespaces; i++)
    if (l->namespaces[i].type == type)
      return &l->namespaces[i];
  return NULL;
}

/* ---- positions by JSON path --------------------------------------------- */

/* Paths are packed in one buffer: a config has a few hundred values and
   the index is read only when validation reports an error.  */
struct spec_pos_index
{
  char *buf;
  size_t buf_len, buf_cap;
  struct
  {
    size_t off;
    struct spec_pos pos;
  } *e;
  size_t n, cap;
};

static void
pos_index_add (struct spec_pos_index *idx, const char *path, size_t len,
               const struct json_node *n)
{
  if (idx->n == idx->cap)
    {
      idx->cap = idx->cap ? idx->cap * 2 : 128;
      idx->e = xreallocarray (idx->e, idx->cap, sizeof (*idx->e));
    }
  while (idx->buf_cap - idx->buf_len < len + 1)
    {
      idx->buf_cap = idx->buf_cap ? idx->buf_cap * 2 : 4096;
      idx->buf = xrealloc (idx->buf, idx->buf_cap);
    }
  memcpy (idx->buf + idx->buf_len, path, len + 1);
  idx->e[idx->n].off = idx->buf_len;
  idx->e[idx->n].pos.line = n->line;
  idx->e[idx->n].pos.col = n->col;
  idx->n++;
  idx->buf_len += len + 1;
}

struct spec_pos
spec_pos_lookup (const struct spec_pos_index *idx, const char *json_path)
{
  struct spec_pos none = { 0, 0 };
  size_t i;

  for (i = 0; idx && json_path && i < idx->n; i++)
    if (strcmp (idx->buf + idx->e[i].off, json_path) == 0)
      return idx->e[i].pos;
  return none;
}

void
spec_pos_index_free (struct spec_pos_index *idx)
{
  if (idx == NULL)
    return;
  free (idx->buf);
  free (idx->e);
  free (idx);
}

/* ---- parse context: file, JSON path, errors ------------------------------ */

struct pctx
{
  const char *file;
  lc_error_t *err;
  struct spec_pos_index *idx;
  char path[4096];
  size_t plen;
};

/* Paths are built for every value (the position index keeps them), so
   no printf here.  Too long a path is cut: it only ever labels errors.  */
static size_t
path_add (struct pctx *c, const char *sep, const char *s, size_t len, const char *end)
{
  size_t old = c->plen;
  size_t sep_len = strlen (sep), end_len = strlen (end);

  if (c->plen + sep_len + len + end_len >= sizeof (c->path))
    return old;
  memcpy (c->path + c->plen, sep, sep_len);
  memcpy (c->path + c->plen + sep_len, s, len);
  memcpy (c->path + c->plen + sep_len + len, end, end_len + 1);
  c->plen += sep_len + len + end_len;
  return old;
}

static size_t
path_key (struct pctx *c, const char *key)
{
  return path_add (c, c->plen ? "." : "", key, strlen (key), "");
}

static size_t
path_index (struct pctx *c, size_t i)
{
  char digits[24];
  size_t n = sizeof (digits);

  do
    digits[--n] = (char) ('0' + i % 10);
  while ((i /= 10) > 0);
  return path_add (c, "[", digits + n, sizeof (digits) - n, "]");
}

static void
path_restore (struct pctx *c, size_t old)
{
  c->plen = old;
  c->path[old] = '\0';
}

__attribute__ ((format (printf, 3, 4))) static int
perr (struct pctx *c, const struct json_node *n, const char *fmt, ...)
{
  char msg[512];
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (msg, sizeof (msg), fmt, ap);
  va_end (ap);
  return lc_error (c->err, 0, "%s:%u:%u: %s%s%s", c->file, n->line, n->col, c->path,
                   c->plen ? ": " : "", msg);
}

/* An error about member `key` of `obj`, at the member's value.  */
__attribute__ ((format (printf, 4, 5))) static int
perr_member (struct pctx *c, const struct json_node *obj, const char *key, const char *fmt,
             ...)
{
  const struct json_node *v = json_get (obj, key);
  size_t old = path_key (c, key);
  char msg[512];
  va_list ap;
  int ret;

  va_start (ap, fmt);
  vsnprintf (msg, sizeof (msg), fmt, ap);
  va_end (ap);
  ret = perr (c, v ? v : obj, "%s", msg);
  path_restore (c, old);
  return ret;
}

/* `make lint`: clang's analyzer does not step into variadic functions, so
   it does not see that the two return -1 (see lc_error in error.h).  */
#ifdef __clang_analyzer__
#define perr(...) (perr (__VA_ARGS__), -1)
#define perr_member(...) (perr_member (__VA_ARGS__), -1)
#endif

/* ---- field tables ------------------------------------------------------- */

enum field_kind
{
  F_STRING,  /* char * */
  F_BOOL,    /* bool */
  F_U32,     /* uint32_t */
  F_INT,     /* int */
  F_I64,     /* int64_t */
  F_U64,     /* uint64_t */
  F_OPT_I32, /* struct opt_i64 holding an int32 */
  F_OPT_I64,
  F_OPT_U16, /* struct opt_u64 holding a uint16 */
  F_OPT_U32,
  F_OPT_U64,
  F_OPT_BOOL,
  F_STRV,    /* char **, NULL-terminated; count at off_n when set */
  F_U32V,    /* uint32_t * + count at off_n */
  F_KV,      /* struct spec_kv * + count: an object of strings */
  F_EMBED,   /* an object parsed into the same struct at off */
  F_OBJ,     /* an object allocated, pointer at off */
  F_ARRAY,   /* an array of objects: pointer at off, count at off_n */
  F_PRESENT, /* bool: the key has a non-null value */
  F_CUSTOM,
};

struct pctx;
struct object_type;

struct field
{
  const char *key;
  enum field_kind kind;
  size_t off;
  size_t off_n; /* 0: no count */
  const struct object_type *type;
  int (*custom) (struct pctx *c, const struct json_node *v, void *dst);
  bool required;
};

#define NO_POS ((size_t) -1)

struct object_type
{
  const struct field *fields;
  size_t n_fields;
  size_t size;   /* for F_OBJ and F_ARRAY elements */
  size_t pos_off; /* struct spec_pos, or NO_POS */
  /* Resolve names once the fields are read.  */
  int (*finish) (struct pctx *c, const struct json_node *obj, void *dst);
};

#define OBJECT_TYPE(name, st, pos, fin)                                                      \
  static const struct object_type ot_##name = { name##_fields, ARRAY_SIZE (name##_fields),        \
                                           sizeof (st), pos, fin }

static int parse_object (struct pctx *c, const struct json_node *n,
                         const struct object_type *t, void *dst);

#define P(base, off) ((void *) ((char *) (base) + (off)))

static int
get_string (struct pctx *c, const struct json_node *v, char **out)
{
  if (v->type != JSON_STRING)
    return perr (c, v, "expected a string");
  if (strlen (v->u.str.s) != v->u.str.len)
    return perr (c, v, "string contains a NUL character");
  *out = xstrdup (v->u.str.s);
  return 0;
}

static int
get_strv (struct pctx *c, const struct json_node *v, char ***out, size_t *n_out)
{
  char **strv;
  size_t i;

  if (v->type != JSON_ARRAY)
    return perr (c, v, "expected an array of strings");
  strv = xzalloc ((v->u.arr.n + 1) * sizeof (*strv));
  for (i = 0; i < v->u.arr.n; i++)
    {
      const struct json_node *e = v->u.arr.items[i];

      /* The element's path is built only for an error: seccomp profiles
         have hundreds of names.  */
      if (e->type != JSON_STRING || strlen (e->u.str.s) != e->u.str.len)
        {
          size_t old = path_index (c, i);

          get_string (c, e, &strv[i]);
          path_restore (c, old);
          strv_free (strv);
          return -1;
        }
      strv[i] = xstrdup (e->u.str.s);
    }
  *out = strv;
  if (n_out)
    *n_out = v->u.arr.n;
  return 0;
}

/* Integer kinds and their ranges, as Go's typed fields would enforce.  */
static int
get_integer (struct pctx *c, const struct json_node *v, bool is_signed, int64_t min,
             uint64_t max, int64_t *si, uint64_t *ui)
{
  if (v->type != JSON_INTEGER && !v->big_integer)
    return perr (c, v, "expected an integer");
  if (is_signed)
    {
      if (!json_to_int64 (v, si) || *si < min || (*si >= 0 && (uint64_t) *si > max))
        return perr (c, v, "integer out of range [%lld, %llu]", (long long) min,
                     (unsigned long long) max);
      return 0;
    }
  if (!json_to_uint64 (v, ui) || *ui > max)
    return perr (c, v, "integer out of range [0, %llu]", (unsigned long long) max);
  return 0;
}

static int
get_u32 (struct pctx *c, const struct json_node *v, uint32_t *out)
{
  uint64_t u;

  if (get_integer (c, v, false, 0, UINT32_MAX, NULL, &u) < 0)
    return -1;
  *out = (uint32_t) u;
  return 0;
}

static int
get_u32v (struct pctx *c, const struct json_node *v, uint32_t **out, size_t *n_out)
{
  cleanup_free uint32_t *a = NULL;
  size_t i;

  if (v->type != JSON_ARRAY)
    return perr (c, v, "expected an array of integers");
  a = xzalloc ((v->u.arr.n + 1) * sizeof (*a));
  for (i = 0; i < v->u.arr.n; i++)
    {
      size_t old = path_index (c, i);
      int ret = get_u32 (c, v->u.arr.items[i], &a[i]);

      path_restore (c, old);
      if (ret < 0)
        return ret;
    }
  *out = steal_pointer (&a);
  *n_out = v->u.arr.n;
  return 0;
}

static int
get_kv (struct pctx *c, const struct json_node *v, struct spec_kv **out, size_t *n_out)
{
  struct spec_kv *kv;
  size_t i;

  if (v->type != JSON_OBJECT)
    return perr (c, v, "expected an object of strings");
  kv = xzalloc ((v->u.obj.n + 1) * sizeof (*kv));
  *out = kv; /* owned by the caller's struct from here: freed with it */
  *n_out = 0;
  for (i = 0; i < v->u.obj.n; i++)
    {
      size_t old = path_key (c, v->u.obj.keys[i]->u.str.s);
      int ret;

      pos_index_add (c->idx, c->path, c->plen, v->u.obj.values[i]);
      ret = get_string (c, v->u.obj.values[i], &kv[i].value);

      path_restore (c, old);
      if (ret < 0)
        return ret;
      kv[i].key = xstrdup (v->u.obj.keys[i]->u.str.s);
      *n_out = i + 1;
    }
  return 0;
}

static int
get_array (struct pctx *c, const struct json_node *v, const struct object_type *t,
           void **out, size_t *n_out)
{
  char *a;
  size_t i;

  if (v->type != JSON_ARRAY)
    return perr (c, v, "expected an array of objects");
  a = xzalloc ((v->u.arr.n + 1) * t->size);
  *out = a; /* owned by the caller's struct: partially filled is freed too */
  *n_out = 0;
  for (i = 0; i < v->u.arr.n; i++)
    {
      size_t old = path_index (c, i);
      int ret;

      *n_out = i + 1;
      pos_index_add (c->idx, c->path, c->plen, v->u.arr.items[i]);
      ret = parse_object (c, v->u.arr.items[i], t, a + i * t->size);
      path_restore (c, old);
      if (ret < 0)
        return ret;
    }
  return 0;
}

static int
parse_opt (struct pctx *c, const struct json_node *v, enum field_kind kind, void *dst)
{
  struct opt_i64 *oi = dst;
  struct opt_u64 *ou = dst;
  int ret;

  switch (kind)
    {
    case F_OPT_I32:
      ret = get_integer (c, v, true, INT32_MIN, INT32_MAX, &oi->v, NULL);
      break;
    case F_OPT_I64:
      ret = get_integer (c, v, true, INT64_MIN, INT64_MAX, &oi->v, NULL);
      break;
    case F_OPT_U16:
      ret = get_integer (c, v, false, 0, UINT16_MAX, NULL, &ou->v);
      break;
    case F_OPT_U32:
      ret = get_integer (c, v, false, 0, UINT32_MAX, NULL, &ou->v);
      break;
    default:
      ret = get_integer (c, v, false, 0, UINT64_MAX, NULL, &ou->v);
      break;
    }
  if (ret < 0)
    return ret;
  if (kind == F_OPT_I32 || kind == F_OPT_I64)
    oi->set = true;
  else
    ou->set = true;
  return 0;
}

static int
parse_scalar (struct pctx *c, const struct json_node *v, enum field_kind kind, void *dst)
{
  int64_t si;
  uint64_t ui;

  switch (kind)
    {
    case F_STRING:
      return get_string (c, v, dst);
    case F_BOOL:
    case F_OPT_BOOL:
      if (v->type != JSON_BOOL)
        return perr (c, v, "expected a boolean");
      if (kind == F_BOOL)
        *(bool *) dst = v->u.b;
      else
        *(struct opt_bool *) dst = (struct opt_bool) { true, v->u.b };
      return 0;
    case F_U32:
      return get_u32 (c, v, dst);
    case F_INT:
      if (get_integer (c, v, true, INT_MIN, INT_MAX, &si, NULL) < 0)
        return -1;
      *(int *) dst = (int) si;
      return 0;
    case F_I64:
      return get_integer (c, v, true, INT64_MIN, INT64_MAX, dst, NULL);
    case F_U64:
      if (get_integer (c, v, false, 0, UINT64_MAX, NULL, &ui) < 0)
        return -1;
      *(uint64_t *) dst = ui;
      return 0;
    default:
      return parse_opt (c, v, kind, dst);
    }
}

static int
parse_field (struct pctx *c, const struct field *f, const struct json_node *v, void *base)
{
  void *dst = P (base, f->off);
  size_t *count = f->off_n ? P (base, f->off_n) : NULL;
  size_t dummy;

  switch (f->kind)
    {
    case F_STRV:
      return get_strv (c, v, dst, count);
    case F_U32V:
      return get_u32v (c, v, dst, count);
    case F_KV:
      return get_kv (c, v, dst, count);
    case F_EMBED:
      return parse_object (c, v, f->type, dst);
    case F_OBJ:
      if (v->type != JSON_OBJECT)
        return perr (c, v, "expected an object");
      *(void **) dst = xzalloc (f->type->size);
      return parse_object (c, v, f->type, *(void **) dst);
    case F_ARRAY:
      return get_array (c, v, f->type, dst, count ? count : &dummy);
    case F_PRESENT:
      *(bool *) dst = true;
      return 0;
    case F_CUSTOM:
      return f->custom (c, v, dst);
    default:
      return parse_scalar (c, v, f->kind, dst);
    }
}

/* The one walker: every key of `n` found in the table is parsed into `dst`;
   required keys must be there; unknown keys are skipped.  */
static int
parse_object (struct pctx *c, const struct json_node *n, const struct object_type *t,
              void *dst)
{
  size_t i;

  if (n->type != JSON_OBJECT)
    return perr (c, n, "expected an object");
  if (t->pos_off != NO_POS)
    *(struct spec_pos *) P (dst, t->pos_off) = (struct spec_pos) { n->line, n->col };
  for (i = 0; i < t->n_fields; i++)
    {
      const struct field *f = &t->fields[i];
      const struct json_node *v = json_get (n, f->key);
      size_t old;
      int ret;

      if (v == NULL || v->type == JSON_NULL)
        {
          if (f->required)
            return perr (c, n, "missing \"%s\"", f->key);
          continue;
        }
      old = path_key (c, f->key);
      pos_index_add (c->idx, c->path, c->plen, v);
      ret = parse_field (c, f, v, dst);
      path_restore (c, old);
      if (ret < 0)
        return ret;
    }
  return t->finish ? t->finish (c, n, dst) : 0;
}

/* ---- resolving names ---------------------------------------------------- */

/* Resolve the string member `key` of `obj` through `table`.  */
static int
resolve (struct pctx *c, const struct json_node *obj, const char *key, const char *name,
         const struct name_value *table, size_t n, const char *what, unsigned long *out)
{
  const struct name_value *nv;

  if (name == NULL)
    return 0;
  nv = name_lookup (table, n, name);
  if (nv == NULL)
    return perr_member (c, obj, key, "unknown %s \"%s\"", what, name);
  *out = nv->value;
  return 0;
}

static int
finish_rlimit (struct pctx *c, const struct json_node *obj, void *dst)
{
  struct spec_rlimit *r = dst;
  unsigned long v = 0;

  if (resolve (c, obj, "type", r->type, rlimit_names, ARRAY_SIZE (rlimit_names), "rlimit",
               &v) < 0)
    return -1;
  r->resource = (int) v;
  return 0;
}

static int
finish_ioprio (struct pctx *c, const struct json_node *obj, void *dst)
{
  struct spec_io_priority *p = dst;
  unsigned long v = 0;

  if (resolve (c, obj, "class", p->class_name, ioprio_class_names,
               ARRAY_SIZE (ioprio_class_names), "I/O priority class", &v) < 0)
    return -1;
  p->ioprio_class = (int) v;
  return 0;
}

static int
finish_scheduler (struct pctx *c, const struct json_node *obj, void *dst)
{
  struct spec_scheduler *s = dst;
  unsigned long v = 0;
  size_t i;

  if (resolve (c, obj, "policy", s->policy, sched_policy_names,
               ARRAY_SIZE (sched_policy_names), "scheduler policy", &v) < 0)
    return -1;
  s->policy_value = (int) v;
  for (i = 0; s->flags && s->flags[i]; i++)
    {
      const struct name_value *nv = name_lookup (sched_flag_names, ARRAY_SIZE (sched_flag_names),
                                                 s->flags[i]);
      if (nv == NULL)
        {
          const struct json_node *flags = json_get (obj, "flags");
          size_t old = path_key (c, "flags");
          size_t old2 = path_index (c, i);
          int ret = perr (c, flags->u.arr.items[i], "unknown scheduler flag \"%s\"", s->flags[i]);

          path_restore (c, old2);
          path_restore (c, old);
          return ret;
        }
      s->flags_value |= nv->value;
    }
  return 0;
}

static int
finish_namespace (struct pctx *c, const struct json_node *obj, void *dst)
{
  struct spec_namespace *ns = dst;
  const struct spec_ns_info *info = spec_ns_by_name (ns->type_name);

  if (info == NULL)
    return perr_member (c, obj, "type", "unknown namespace \"%s\"", ns->type_name);
  ns->type = info->flag;
  /* "" is how Go writes "unset": a new namespace, as runc takes it.  */
  if (ns->path && ns->path[0] == '\0')
    {
      free (ns->path);
      ns->path = NULL;
    }
  return 0;
}

static int
finish_personality (struct pctx *c, const struct json_node *obj, void *dst)
{
  struct spec_personality *p = dst;

  return resolve (c, obj, "domain", p->domain, personality_domain_names,
                  ARRAY_SIZE (personality_domain_names), "personality domain",
                  &p->domain_value);
}

static int
finish_time_offset (struct pctx *c, const struct json_node *obj, void *dst)
{
  ((struct spec_time_offset *) dst)->set = true;
  return 0;
}

static int
finish_process (struct pctx *c, const struct json_node *obj, void *dst)
{
  const struct json_node *cs = json_get (obj, "consoleSize");

  ((struct spec_process *) dst)->has_console_size = cs && cs->type == JSON_OBJECT;
  return 0;
}

static int
finish_linux (struct pctx *c, const struct json_node *obj, void *dst)
{
  struct spec_linux *l = dst;

  /* "" is how Go writes "unset" for this field.  */
  if (l->rootfs_propagation && l->rootfs_propagation[0] == '\0')
    return 0;
  return resolve (c, obj, "rootfsPropagation", l->rootfs_propagation, propagation_names,
                  ARRAY_SIZE (propagation_names), "rootfs propagation",
                  &l->rootfs_propagation_flags);
}

/* linux.resources.rdma: an object keyed by device name.  */
static const struct field rdma_fields[] = {
  { "hcaHandles", F_OPT_U32, offsetof (struct spec_rdma, hca_handles) },
  { "hcaObjects", F_OPT_U32, offsetof (struct spec_rdma, hca_objects) },
};
OBJECT_TYPE (rdma, struct spec_rdma, NO_POS, NULL);

static int
parse_rdma (struct pctx *c, const struct json_node *v, void *dst)
{
  struct spec_resources *r = (struct spec_resources *) ((char *) dst
                                                        - offsetof (struct spec_resources, rdma));
  size_t i;

  if (v->type != JSON_OBJECT)
    return perr (c, v, "expected an object");
  r->rdma = xzalloc ((v->u.obj.n + 1) * sizeof (*r->rdma));
  for (i = 0; i < v->u.obj.n; i++)
    {
      size_t old = path_key (c, v->u.obj.keys[i]->u.str.s);
      int ret;

      r->n_rdma = i + 1;
      r->rdma[i].device = xstrdup (v->u.obj.keys[i]->u.str.s);
      ret = parse_object (c, v->u.obj.values[i], &ot_rdma, &r->rdma[i]);
      path_restore (c, old);
      if (ret < 0)
        return ret;
    }
  return 0;
}

/* ---- the tables, leaves first ------------------------------------------- */

#define FIELD(key, kind, st, m) { key, kind, offsetof (st, m), 0, NULL, NULL, false }
#define FIELD_REQ(key, kind, st, m) { key, kind, offsetof (st, m), 0, NULL, NULL, true }
#define FIELD_N(key, kind, st, m, n) { key, kind, offsetof (st, m), offsetof (st, n), NULL, NULL, false }
#define FIELD_T(key, kind, st, m, t) { key, kind, offsetof (st, m), 0, &ot_##t, NULL, false }
#define FIELD_TN(key, kind, st, m, n, t) \
  { key, kind, offsetof (st, m), offsetof (st, n), &ot_##t, NULL, false }

static const struct field idmap_fields[] = {
  FIELD_REQ ("containerID", F_U32, struct spec_idmap, container_id),
  FIELD_REQ ("hostID", F_U32, struct spec_idmap, host_id),
  FIELD_REQ ("size", F_U32, struct spec_idmap, size),
};
OBJECT_TYPE (idmap, struct spec_idmap, NO_POS, NULL);

static const struct field mount_fields[] = {
  FIELD_REQ ("destination", F_STRING, struct spec_mount, destination),
  FIELD ("source", F_STRING, struct spec_mount, source),
  FIELD ("type", F_STRING, struct spec_mount, type),
  FIELD_N ("options", F_STRV, struct spec_mount, options, n_options),
  FIELD_TN ("uidMappings", F_ARRAY, struct spec_mount, uid_mappings, n_uid_mappings, idmap),
  FIELD_TN ("gidMappings", F_ARRAY, struct spec_mount, gid_mappings, n_gid_mappings, idmap),
};
OBJECT_TYPE (mount, struct spec_mount, offsetof (struct spec_mount, pos), NULL);

static const struct field root_fields[] = {
  FIELD ("path", F_STRING, struct spec_root, path),
  FIELD ("readonly", F_BOOL, struct spec_root, readonly),
};
OBJECT_TYPE (root, struct spec_root, NO_POS, NULL);

static const struct field console_size_fields[] = {
  FIELD_REQ ("height", F_U32, struct spec_console_size, height),
  FIELD_REQ ("width", F_U32, struct spec_console_size, width),
};
OBJECT_TYPE (console_size, struct spec_console_size, NO_POS, NULL);

static const struct field user_fields[] = {
  FIELD ("uid", F_U32, struct spec_user, uid),
  FIELD ("gid", F_U32, struct spec_user, gid),
  FIELD ("umask", F_OPT_U32, struct spec_user, umask),
  FIELD_N ("additionalGids", F_U32V, struct spec_user, additional_gids, n_additional_gids),
  FIELD ("username", F_STRING, struct spec_user, username),
};
OBJECT_TYPE (user, struct spec_user, NO_POS, NULL);

static const struct field capabilities_fields[] = {
  FIELD ("bounding", F_STRV, struct spec_capabilities, bounding),
  FIELD ("effective", F_STRV, struct spec_capabilities, effective),
  FIELD ("inheritable", F_STRV, struct spec_capabilities, inheritable),
  FIELD ("permitted", F_STRV, struct spec_capabilities, permitted),
  FIELD ("ambient", F_STRV, struct spec_capabilities, ambient),
};
OBJECT_TYPE (capabilities, struct spec_capabilities, NO_POS, NULL);

static const struct field rlimit_fields[] = {
  FIELD_REQ ("type", F_STRING, struct spec_rlimit, type),
  FIELD_REQ ("soft", F_U64, struct spec_rlimit, soft),
  FIELD_REQ ("hard", F_U64, struct spec_rlimit, hard),
};
OBJECT_TYPE (rlimit, struct spec_rlimit, offsetof (struct spec_rlimit, pos), finish_rlimit);

static const struct field ioprio_fields[] = {
  FIELD_REQ ("class", F_STRING, struct spec_io_priority, class_name),
  FIELD ("priority", F_INT, struct spec_io_priority, priority),
};
OBJECT_TYPE (ioprio, struct spec_io_priority, NO_POS, finish_ioprio);

static const struct field scheduler_fields[] = {
  FIELD_REQ ("policy", F_STRING, struct spec_scheduler, policy),
  FIELD ("nice", F_OPT_I32, struct spec_scheduler, nice),
  FIELD ("priority", F_OPT_I32, struct spec_scheduler, priority),
  FIELD ("flags", F_STRV, struct spec_scheduler, flags),
  FIELD ("runtime", F_OPT_U64, struct spec_scheduler, runtime),
  FIELD ("deadline", F_OPT_U64, struct spec_scheduler, deadline),
  FIELD ("period", F_OPT_U64, struct spec_scheduler, period),
};
OBJECT_TYPE (scheduler, struct spec_scheduler, NO_POS, finish_scheduler);

static const struct field cpu_affinity_fields[] = {
  FIELD ("initial", F_STRING, struct spec_cpu_affinity, initial),
  FIELD ("final", F_STRING, struct spec_cpu_affinity, final),
};
OBJECT_TYPE (cpu_affinity, struct spec_cpu_affinity, NO_POS, NULL);

static const struct field process_fields[] = {
  FIELD ("terminal", F_BOOL, struct spec_process, terminal),
  FIELD_T ("consoleSize", F_EMBED, struct spec_process, console_size, console_size),
  FIELD_T ("user", F_EMBED, struct spec_process, user, user),
  FIELD_N ("args", F_STRV, struct spec_process, args, n_args),
  FIELD ("commandLine", F_STRING, struct spec_process, command_line),
  FIELD_N ("env", F_STRV, struct spec_process, env, n_env),
  FIELD ("cwd", F_STRING, struct spec_process, cwd),
  FIELD_T ("capabilities", F_OBJ, struct spec_process, capabilities, capabilities),
  FIELD_TN ("rlimits", F_ARRAY, struct spec_process, rlimits, n_rlimits, rlimit),
  FIELD ("noNewPrivileges", F_BOOL, struct spec_process, no_new_privileges),
  FIELD ("apparmorProfile", F_STRING, struct spec_process, apparmor_profile),
  FIELD ("oomScoreAdj", F_OPT_I32, struct spec_process, oom_score_adj),
  FIELD ("selinuxLabel", F_STRING, struct spec_process, selinux_label),
  FIELD_T ("ioPriority", F_OBJ, struct spec_process, io_priority, ioprio),
  FIELD_T ("scheduler", F_OBJ, struct spec_process, scheduler, scheduler),
  FIELD_T ("execCPUAffinity", F_OBJ, struct spec_process, exec_cpu_affinity, cpu_affinity),
};
OBJECT_TYPE (process, struct spec_process, NO_POS, finish_process);

static const struct field hook_fields[] = {
  FIELD_REQ ("path", F_STRING, struct spec_hook, path),
  FIELD ("args", F_STRV, struct spec_hook, args),
  FIELD ("env", F_STRV, struct spec_hook, env),
  FIELD ("timeout", F_OPT_I32, struct spec_hook, timeout),
};
OBJECT_TYPE (hook, struct spec_hook, offsetof (struct spec_hook, pos), NULL);

/* "hooks" is parsed into spec->hooks[], one array per kind.  */
#define HOOK_FIELD(kind, name)                                                                   \
  { name, F_ARRAY, (kind) * sizeof (struct spec_hook_list) + offsetof (struct spec_hook_list, hooks), \
    (kind) * sizeof (struct spec_hook_list) + offsetof (struct spec_hook_list, n), &ot_hook, NULL, false }
static const struct field hooks_fields[] = {
  HOOK_FIELD (SPEC_HOOK_PRESTART, "prestart"),
  HOOK_FIELD (SPEC_HOOK_CREATE_RUNTIME, "createRuntime"),
  HOOK_FIELD (SPEC_HOOK_CREATE_CONTAINER, "createContainer"),
  HOOK_FIELD (SPEC_HOOK_START_CONTAINER, "startContainer"),
  HOOK_FIELD (SPEC_HOOK_POSTSTART, "poststart"),
  HOOK_FIELD (SPEC_HOOK_POSTSTOP, "poststop"),
};
OBJECT_TYPE (hooks, struct spec_hook_list, NO_POS, NULL);

static const struct field namespace_fields[] = {
  FIELD_REQ ("type", F_STRING, struct spec_namespace, type_name),
  FIELD ("path", F_STRING, struct spec_namespace, path),
};
OBJECT_TYPE (namespace, struct spec_namespace, offsetof (struct spec_namespace, pos),
             finish_namespace);

static const struct field time_offset_fields[] = {
  FIELD ("secs", F_I64, struct spec_time_offset, secs),
  FIELD ("nanosecs", F_U32, struct spec_time_offset, nanosecs),
};
OBJECT_TYPE (time_offset, struct spec_time_offset, NO_POS, finish_time_offset);

/* "timeOffsets" is parsed into struct spec_linux itself.  */
static const struct field time_offsets_fields[] = {
  FIELD_T ("monotonic", F_EMBED, struct spec_linux, time_monotonic, time_offset),
  FIELD_T ("boottime", F_EMBED, struct spec_linux, time_boottime, time_offset),
};
OBJECT_TYPE (time_offsets, struct spec_linux, NO_POS, NULL);

static const struct field device_fields[] = {
  FIELD_REQ ("type", F_STRING, struct spec_device, type),
  FIELD_REQ ("path", F_STRING, struct spec_device, path),
  FIELD ("major", F_I64, struct spec_device, major),
  FIELD ("minor", F_I64, struct spec_device, minor),
  FIELD ("fileMode", F_OPT_U32, struct spec_device, file_mode),
  FIELD ("uid", F_OPT_U32, struct spec_device, uid),
  FIELD ("gid", F_OPT_U32, struct spec_device, gid),
};
OBJECT_TYPE (device, struct spec_device, offsetof (struct spec_device, pos), NULL);

static const struct field device_rule_fields[] = {
  FIELD_REQ ("allow", F_BOOL, struct spec_device_rule, allow),
  FIELD ("type", F_STRING, struct spec_device_rule, type),
  FIELD ("major", F_OPT_I64, struct spec_device_rule, major),
  FIELD ("minor", F_OPT_I64, struct spec_device_rule, minor),
  FIELD ("access", F_STRING, struct spec_device_rule, access),
};
OBJECT_TYPE (device_rule, struct spec_device_rule, offsetof (struct spec_device_rule, pos),
             NULL);

static const struct field memory_fields[] = {
  FIELD ("limit", F_OPT_I64, struct spec_memory, limit),
  FIELD ("reservation", F_OPT_I64, struct spec_memory, reservation),
  FIELD ("swap", F_OPT_I64, struct spec_memory, swap),
  FIELD ("kernel", F_OPT_I64, struct spec_memory, kernel),
  FIELD ("kernelTCP", F_OPT_I64, struct spec_memory, kernel_tcp),
  FIELD ("swappiness", F_OPT_U64, struct spec_memory, swappiness),
  FIELD ("disableOOMKiller", F_OPT_BOOL, struct spec_memory, disable_oom_killer),
  FIELD ("useHierarchy", F_OPT_BOOL, struct spec_memory, use_hierarchy),
  FIELD ("checkBeforeUpdate", F_OPT_BOOL, struct spec_memory, check_before_update),
};
OBJECT_TYPE (memory, struct spec_memory, NO_POS, NULL);

static const struct field cpu_fields[] = {
  FIELD ("shares", F_OPT_U64, struct spec_cpu, shares),
  FIELD ("quota", F_OPT_I64, struct spec_cpu, quota),
  FIELD ("burst", F_OPT_U64, struct spec_cpu, burst),
  FIELD ("period", F_OPT_U64, struct spec_cpu, period),
  FIELD ("realtimeRuntime", F_OPT_I64, struct spec_cpu, realtime_runtime),
  FIELD ("realtimePeriod", F_OPT_U64, struct spec_cpu, realtime_period),
  FIELD ("cpus", F_STRING, struct spec_cpu, cpus),
  FIELD ("mems", F_STRING, struct spec_cpu, mems),
  FIELD ("idle", F_OPT_I64, struct spec_cpu, idle),
};
OBJECT_TYPE (cpu, struct spec_cpu, NO_POS, NULL);

static const struct field pids_fields[] = {
  FIELD ("limit", F_OPT_I64, struct spec_pids, limit),
};
OBJECT_TYPE (pids, struct spec_pids, NO_POS, NULL);

static const struct field weight_device_fields[] = {
  FIELD_REQ ("major", F_I64, struct spec_weight_device, major),
  FIELD_REQ ("minor", F_I64, struct spec_weight_device, minor),
  FIELD ("weight", F_OPT_U16, struct spec_weight_device, weight),
  FIELD ("leafWeight", F_OPT_U16, struct spec_weight_device, leaf_weight),
};
OBJECT_TYPE (weight_device, struct spec_weight_device, NO_POS, NULL);

static const struct field throttle_fields[] = {
  FIELD_REQ ("major", F_I64, struct spec_throttle_device, major),
  FIELD_REQ ("minor", F_I64, struct spec_throttle_device, minor),
  FIELD_REQ ("rate", F_U64, struct spec_throttle_device, rate),
};
OBJECT_TYPE (throttle, struct spec_throttle_device, NO_POS, NULL);

#define BIO_THROTTLE(key, m) FIELD_TN (key, F_ARRAY, struct spec_block_io, m, n_##m, throttle)
static const struct field block_io_fields[] = {
  FIELD ("weight", F_OPT_U16, struct spec_block_io, weight),
  FIELD ("leafWeight", F_OPT_U16, struct spec_block_io, leaf_weight),
  FIELD_TN ("weightDevice", F_ARRAY, struct spec_block_io, weight_device, n_weight_device,
            weight_device),
  BIO_THROTTLE ("throttleReadBpsDevice", throttle_read_bps),
  BIO_THROTTLE ("throttleWriteBpsDevice", throttle_write_bps),
  BIO_THROTTLE ("throttleReadIOPSDevice", throttle_read_iops),
  BIO_THROTTLE ("throttleWriteIOPSDevice", throttle_write_iops),
};
OBJECT_TYPE (block_io, struct spec_block_io, NO_POS, NULL);

static const struct field hugepage_fields[] = {
  FIELD_REQ ("pageSize", F_STRING, struct spec_hugepage_limit, page_size),
  FIELD_REQ ("limit", F_U64, struct spec_hugepage_limit, limit),
};
OBJECT_TYPE (hugepage, struct spec_hugepage_limit, NO_POS, NULL);

static const struct field net_priority_fields[] = {
  FIELD_REQ ("name", F_STRING, struct spec_network_priority, name),
  FIELD_REQ ("priority", F_U32, struct spec_network_priority, priority),
};
OBJECT_TYPE (net_priority, struct spec_network_priority, NO_POS, NULL);

static const struct field network_fields[] = {
  FIELD ("classID", F_OPT_U32, struct spec_network, class_id),
  FIELD_TN ("priorities", F_ARRAY, struct spec_network, priorities, n_priorities, net_priority),
};
OBJECT_TYPE (network, struct spec_network, NO_POS, NULL);

static const struct field resources_fields[] = {
  FIELD_TN ("devices", F_ARRAY, struct spec_resources, devices, n_devices, device_rule),
  FIELD_T ("memory", F_OBJ, struct spec_resources, memory, memory),
  FIELD_T ("cpu", F_OBJ, struct spec_resources, cpu, cpu),
  FIELD_T ("pids", F_OBJ, struct spec_resources, pids, pids),
  FIELD_T ("blockIO", F_OBJ, struct spec_resources, block_io, block_io),
  FIELD_TN ("hugepageLimits", F_ARRAY, struct spec_resources, hugepage_limits,
            n_hugepage_limits, hugepage),
  FIELD_T ("network", F_OBJ, struct spec_resources, network, network),
  { "rdma", F_CUSTOM, offsetof (struct spec_resources, rdma), 0, NULL, parse_rdma, false },
  FIELD_N ("unified", F_KV, struct spec_resources, unified, n_unified),
};
OBJECT_TYPE (resources, struct spec_resources, NO_POS, NULL);

static const struct field seccomp_arg_fields[] = {
  FIELD_REQ ("index", F_U32, struct spec_seccomp_arg, index),
  FIELD_REQ ("value", F_U64, struct spec_seccomp_arg, value),
  FIELD ("valueTwo", F_U64, struct spec_seccomp_arg, value_two),
  FIELD_REQ ("op", F_STRING, struct spec_seccomp_arg, op),
};
OBJECT_TYPE (seccomp_arg, struct spec_seccomp_arg, NO_POS, NULL);

static const struct field syscall_fields[] = {
  FIELD_REQ ("names", F_STRV, struct spec_seccomp_syscall, names),
  FIELD_REQ ("action", F_STRING, struct spec_seccomp_syscall, action),
  FIELD ("errnoRet", F_OPT_U32, struct spec_seccomp_syscall, errno_ret),
  FIELD_TN ("args", F_ARRAY, struct spec_seccomp_syscall, args, n_args, seccomp_arg),
};
OBJECT_TYPE (syscall, struct spec_seccomp_syscall, offsetof (struct spec_seccomp_syscall, pos),
             NULL);

static const struct field seccomp_fields[] = {
  FIELD ("defaultAction", F_STRING, struct spec_seccomp, default_action),
  FIELD ("defaultErrnoRet", F_OPT_U32, struct spec_seccomp, default_errno_ret),
  FIELD ("architectures", F_STRV, struct spec_seccomp, architectures),
  FIELD ("flags", F_STRV, struct spec_seccomp, flags),
  FIELD ("listenerPath", F_STRING, struct spec_seccomp, listener_path),
  FIELD ("listenerMetadata", F_STRING, struct spec_seccomp, listener_metadata),
  FIELD_TN ("syscalls", F_ARRAY, struct spec_seccomp, syscalls, n_syscalls, syscall),
};
OBJECT_TYPE (seccomp, struct spec_seccomp, offsetof (struct spec_seccomp, pos), NULL);

static const struct field personality_fields[] = {
  FIELD_REQ ("domain", F_STRING, struct spec_personality, domain),
  FIELD ("flags", F_STRV, struct spec_personality, flags),
};
OBJECT_TYPE (personality, struct spec_personality, NO_POS, finish_personality);

static const struct field linux_type_fields[] = {
  FIELD_TN ("namespaces", F_ARRAY, struct spec_linux, namespaces, n_namespaces, namespace),
  FIELD_TN ("uidMappings", F_ARRAY, struct spec_linux, uid_mappings, n_uid_mappings, idmap),
  FIELD_TN ("gidMappings", F_ARRAY, struct spec_linux, gid_mappings, n_gid_mappings, idmap),
  { "timeOffsets", F_EMBED, 0, 0, &ot_time_offsets, NULL, false },
  FIELD_TN ("devices", F_ARRAY, struct spec_linux, devices, n_devices, device),
  FIELD ("cgroupsPath", F_STRING, struct spec_linux, cgroups_path),
  FIELD_T ("resources", F_OBJ, struct spec_linux, resources, resources),
  FIELD ("rootfsPropagation", F_STRING, struct spec_linux, rootfs_propagation),
  FIELD_T ("seccomp", F_OBJ, struct spec_linux, seccomp, seccomp),
  FIELD_N ("sysctl", F_KV, struct spec_linux, sysctl, n_sysctl),
  FIELD ("maskedPaths", F_STRV, struct spec_linux, masked_paths),
  FIELD ("readonlyPaths", F_STRV, struct spec_linux, readonly_paths),
  FIELD ("mountLabel", F_STRING, struct spec_linux, mount_label),
  FIELD_T ("personality", F_OBJ, struct spec_linux, personality, personality),
  FIELD ("intelRdt", F_PRESENT, struct spec_linux, has_intel_rdt),
};
OBJECT_TYPE (linux_type, struct spec_linux, NO_POS, finish_linux);

static const struct field spec_type_fields[] = {
  FIELD ("ociVersion", F_STRING, struct spec, oci_version),
  FIELD_T ("root", F_EMBED, struct spec, root, root),
  FIELD_TN ("mounts", F_ARRAY, struct spec, mounts, n_mounts, mount),
  FIELD_T ("process", F_OBJ, struct spec, process, process),
  FIELD ("hostname", F_STRING, struct spec, hostname),
  FIELD ("domainname", F_STRING, struct spec, domainname),
  FIELD_T ("hooks", F_EMBED, struct spec, hooks, hooks),
  FIELD_N ("annotations", F_KV, struct spec, annotations, n_annotations),
  FIELD_T ("linux", F_OBJ, struct spec, linux_config, linux_type),
};
OBJECT_TYPE (spec_type, struct spec, NO_POS, NULL);

/* ---- entry points ------------------------------------------------------- */

static int
parse_document (const char *file, const char *json, size_t len, const struct object_type *t,
                void *dst, struct spec_pos_index **idx_out, lc_error_t *err)
{
  cleanup_json_doc struct json_doc *doc = NULL;
  struct pctx c = { .file = file, .err = err };
  int ret;

  if (json_parse (file, json, len, &doc, err) < 0)
    return -1;
  c.idx = xzalloc (sizeof (*c.idx));
  pos_index_add (c.idx, "", 0, json_doc_root (doc));
  ret = parse_object (&c, json_doc_root (doc), t, dst);
  *idx_out = c.idx;
  return ret;
}

int
spec_parse (const char *file, const char *json, size_t len, struct spec **out,
            lc_error_t *err)
{
  struct spec *spec = xzalloc (sizeof (*spec));

  if (parse_document (file, json, len, &ot_spec_type, spec, &spec->positions, err) < 0)
    {
      spec_free (spec);
      return -1;
    }
  *out = spec;
  return 0;
}

int
spec_parse_process (const char *file, const char *json, size_t len,
                    struct spec_process **out, lc_error_t *err)
{
  struct spec_process *proc = xzalloc (sizeof (*proc));

  if (parse_document (file, json, len, &ot_process, proc, &proc->positions, err) < 0)
    {
      spec_process_free (proc);
      return -1;
    }
  *out = proc;
  return 0;
}

int
spec_load (const char *bundle, struct spec **out, lc_error_t *err)
{
  cleanup_free char *path = NULL;
  cleanup_free char *buf = NULL;
  size_t len;

  xasprintf (&path, "%s/config.json", bundle ? bundle : ".");
  if (read_regular_file_at (AT_FDCWD, path, &buf, &len, err) < 0)
    return -1;
  return spec_parse ("config.json", buf, len, out, err);
}
