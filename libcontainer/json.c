/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* JSON tree with positions, built from yajl 2's callbacks.
 *
 * yajl reports values, not where they are.  Inside a callback
 * yajl_get_bytes_consumed() is the offset just past the token, so the token
 * starts at the first byte after the previous token that is not white space
 * or a separator (',' ':').  Positions therefore come from one forward scan
 * of the text, shared by all callbacks: line numbers cost O(len) in total.
 *
 * Nodes are pushed on a stack as they complete; closing an array or object
 * moves its children from the stack into the arena.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "json.h"
#include "utils.h"

/* ---- arena -------------------------------------------------------------- */

struct arena_chunk
{
  struct arena_chunk *next;
  size_t used, size;
  max_align_t data[];
};

struct json_doc
{
  struct arena_chunk *chunks;
  struct json_node *root;
};

static void *
arena_alloc (struct json_doc *doc, size_t size)
{
  struct arena_chunk *c = doc->chunks;
  size_t align = sizeof (max_align_t);
  void *p;

  size = (size + align - 1) & ~(align - 1);
  if (c == NULL || c->size - c->used < size)
    {
      size_t csize = size > 16384 ? size : 16384;

      c = xmalloc (sizeof (*c) + csize);
      c->size = csize;
      c->used = 0;
      c->next = doc->chunks;
      doc->chunks = c;
    }
  p = (char *) c->data + c->used;
  c->used += size;
  return p;
}

void
json_doc_free (struct json_doc *doc)
{
  struct arena_chunk *c, *next;

  if (doc == NULL)
    return;
  for (c = doc->chunks; c; c = next)
    {
      next = c->next;
      free (c);
    }
  free (doc);
}

const struct json_node *
json_doc_root (const struct json_doc *doc)
{
  return doc->root;
}

/* ---- builder ------------------------------------------------------------ */

struct builder
{
  struct json_doc *doc;
  yajl_handle h;
  const char *file;
  const char *text;
  size_t len;
  size_t cursor;    /* offset just past the previous token */
  size_t scanned;   /* line counting has reached this offset */
  unsigned line;    /* line of `scanned` */
  size_t line_start;
  struct json_node **stack;
  size_t n_stack, cap_stack;
  size_t frames[JSON_MAX_DEPTH];
  size_t depth;
  enum { LAST_OPEN, LAST_KEY, LAST_VALUE } last; /* what the previous token was */
  lc_error_t *err;
};

static void
offset_to_pos (struct builder *b, size_t off, unsigned *line, unsigned *col)
{
  const char *nl;

  if (off > b->len)
    off = b->len;
  if (off < b->scanned)
    {
      b->scanned = 0;
      b->line = 1;
      b->line_start = 0;
    }
  while ((nl = memchr (b->text + b->scanned, '\n', off - b->scanned)) != NULL)
    {
      b->line++;
      b->scanned = b->line_start = (size_t) (nl - b->text) + 1;
    }
  b->scanned = off;
  *line = b->line;
  *col = (unsigned) (off - b->line_start) + 1;
}

static bool
is_space_or_separator (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ':';
}

/* The token being reported starts after the previous one, past white
   space and separators.  */
static size_t
token_start (struct builder *b)
{
  size_t start = b->cursor;

  while (start < b->len && is_space_or_separator (b->text[start]))
    start++;
  return start;
}

static struct json_node *
new_node (struct builder *b, enum json_type type)
{
  struct json_node *n = arena_alloc (b->doc, sizeof (*n));
  size_t start = token_start (b);

  b->cursor = yajl_get_bytes_consumed (b->h);
  b->last = LAST_VALUE;
  memset (n, 0, sizeof (*n));
  n->type = type;
  offset_to_pos (b, start, &n->line, &n->col);
  return n;
}

static int
push (struct builder *b, struct json_node *n)
{
  if (b->n_stack == b->cap_stack)
    {
      b->cap_stack = b->cap_stack ? b->cap_stack * 2 : 64;
      b->stack = xreallocarray (b->stack, b->cap_stack, sizeof (*b->stack));
    }
  b->stack[b->n_stack++] = n;
  return 1;
}

static int
cb_null (void *ctx)
{
  struct builder *b = ctx;
  return push (b, new_node (b, JSON_NULL));
}

static int
cb_boolean (void *ctx, int v)
{
  struct builder *b = ctx;
  struct json_node *n = new_node (b, JSON_BOOL);

  n->u.b = v != 0;
  return push (b, n);
}

/* Integers keep their exact value over the whole int64 and uint64 ranges
   (rlimits use 18446744073709551615); anything else is a double.  */
static int
cb_number (void *ctx, const char *s, size_t len)
{
  struct builder *b = ctx;
  struct json_node *n = new_node (b, JSON_INTEGER);
  char *copy = arena_alloc (b->doc, len + 1);
  char *end;

  memcpy (copy, s, len);
  copy[len] = '\0';
  errno = 0;
  if (strpbrk (copy, ".eE") == NULL)
    {
      n->u.num.negative = copy[0] == '-';
      if (n->u.num.negative)
        n->u.num.i = strtoll (copy, &end, 10);
      else
        n->u.num.u = strtoull (copy, &end, 10);
      if (errno == 0 && *end == '\0')
        return push (b, n);
    }
  /* Out of range integers become doubles: a consumer that wants an
     integer rejects them, an ignored key does not care.  */
  n->big_integer = strpbrk (copy, ".eE") == NULL;
  n->type = JSON_DOUBLE;
  n->u.d = strtod (copy, NULL);
  return push (b, n);
}

static int
cb_string (void *ctx, const unsigned char *s, size_t len)
{
  struct builder *b = ctx;
  struct json_node *n = new_node (b, JSON_STRING);
  char *copy = arena_alloc (b->doc, len + 1);

  memcpy (copy, s, len);
  copy[len] = '\0';
  n->u.str.s = copy;
  n->u.str.len = len;
  return push (b, n);
}

/* A key is looked up as a C string: "process\u0000x" would read as
   "process" here and as another key elsewhere, so it is refused.  */
static int
cb_map_key (void *ctx, const unsigned char *s, size_t len)
{
  struct builder *b = ctx;
  int ret = cb_string (ctx, s, len);

  b->last = LAST_KEY;
  if (memchr (s, '\0', len))
    {
      const struct json_node *k = b->stack[b->n_stack - 1];

      lc_error (b->err, 0, "%s:%u:%u: syntax error: key contains a NUL character", b->file,
                k->line, k->col);
      return 0;
    }
  return ret;
}

static int
open_container (struct builder *b, enum json_type type)
{
  struct json_node *n;

  if (b->depth == JSON_MAX_DEPTH)
    {
      unsigned line, col;

      offset_to_pos (b, token_start (b), &line, &col);
      lc_error (b->err, 0, "%s:%u:%u: syntax error: nesting deeper than %d levels", b->file,
                line, col, JSON_MAX_DEPTH);
      return 0;
    }
  n = new_node (b, type);
  push (b, n);
  b->last = LAST_OPEN;
  b->frames[b->depth++] = b->n_stack;
  return 1;
}

static int
cb_start_map (void *ctx)
{
  return open_container (ctx, JSON_OBJECT);
}

static int
cb_start_array (void *ctx)
{
  return open_container (ctx, JSON_ARRAY);
}

static int
duplicate_key (struct builder *b, struct json_node **keys, size_t n)
{
  size_t i, j;

  for (i = 1; i < n; i++)
    for (j = 0; j < i; j++)
      if (keys[i]->u.str.len == keys[j]->u.str.len
          && memcmp (keys[i]->u.str.s, keys[j]->u.str.s, keys[i]->u.str.len) == 0)
        {
          lc_error (b->err, 0, "%s:%u:%u: syntax error: duplicate key \"%s\"", b->file,
                    keys[i]->line, keys[i]->col, keys[i]->u.str.s);
          return 1;
        }
  return 0;
}

static int
close_container (struct builder *b)
{
  size_t frame = b->frames[--b->depth];
  size_t n = b->n_stack - frame, i;
  struct json_node *c = b->stack[frame - 1];
  struct json_node **children = b->stack + frame;

  b->cursor = yajl_get_bytes_consumed (b->h);
  b->last = LAST_VALUE;
  b->n_stack = frame;
  if (c->type == JSON_ARRAY)
    {
      c->u.arr.n = n;
      c->u.arr.items = arena_alloc (b->doc, n * sizeof (*children) + 1);
      memcpy (c->u.arr.items, children, n * sizeof (*children));
      return 1;
    }
  c->u.obj.n = n / 2;
  c->u.obj.keys = arena_alloc (b->doc, n / 2 * sizeof (*children) + 1);
  c->u.obj.values = arena_alloc (b->doc, n / 2 * sizeof (*children) + 1);
  for (i = 0; i < n / 2; i++)
    {
      c->u.obj.keys[i] = children[2 * i];
      c->u.obj.values[i] = children[2 * i + 1];
    }
  return !duplicate_key (b, c->u.obj.keys, c->u.obj.n);
}

static int
cb_end (void *ctx)
{
  return close_container (ctx);
}

static const yajl_callbacks callbacks = {
  .yajl_null = cb_null,
  .yajl_boolean = cb_boolean,
  .yajl_number = cb_number,
  .yajl_string = cb_string,
  .yajl_start_map = cb_start_map,
  .yajl_map_key = cb_map_key,
  .yajl_end_map = cb_end,
  .yajl_start_array = cb_start_array,
  .yajl_end_array = cb_end,
};

/* Where the token yajl refused starts.  A parse error comes after the
   last token we were given plus at most the one separator the grammar
   allowed there (':' after a key, ',' after a value inside a container),
   which is more exact than yajl's offset.  A lexical error stops one byte
   past the bad byte, except inside strings and numbers where it stops on
   it.  */
static size_t
error_offset (struct builder *b, size_t off, const char *msg)
{
  const char *t = b->text;
  size_t p = b->cursor;

  if (strncmp (msg, "lexical", 7) == 0)
    {
      if (off == 0 || off > b->len)
        return off > b->len ? b->len : off;
      return strstr (msg, "inside string") || strstr (msg, "number") ? off : off - 1;
    }
  if (strstr (msg, "premature EOF"))
    return b->len;
  while (p < b->len && strchr (" \t\r\n", t[p]) && t[p])
    p++;
  if (p < b->len && ((b->last == LAST_KEY && t[p] == ':')
                      || (b->last == LAST_VALUE && b->depth > 0 && t[p] == ',')))
    p++;
  while (p < b->len && strchr (" \t\r\n", t[p]) && t[p])
    p++;
  return p;
}

/* yajl says "lexical error: invalid char in json text.\n" (plus context
   when verbose): keep the part after "error: ", without the period.  */
static int
syntax_error (struct builder *b, size_t off)
{
  unsigned char *msg = yajl_get_error (b->h, 0, (const unsigned char *) b->text, b->len);
  const char *text = msg ? (const char *) msg : "malformed JSON";
  const char *p = strstr (text, "error: ");
  size_t l;
  unsigned line, col;

  off = error_offset (b, off, text);
  if (p)
    text = p + strlen ("error: ");
  l = strlen (text);
  while (l > 0 && strchr (" .\n", text[l - 1]))
    l--;
  offset_to_pos (b, off, &line, &col);
  lc_error (b->err, 0, "%s:%u:%u: syntax error: %.*s", b->file, line, col, (int) l, text);
  if (msg)
    yajl_free_error (b->h, msg);
  return -1;
}

int
json_parse (const char *file, const char *text, size_t len, struct json_doc **out,
            lc_error_t *err)
{
  struct builder b = { .file = file, .text = text, .len = len, .line = 1, .err = err };
  yajl_status st;
  int ret = 0;

  b.doc = xzalloc (sizeof (*b.doc));
  b.h = yajl_alloc (&callbacks, NULL, &b);
  if (b.h == NULL)
    abort ();
  st = yajl_parse (b.h, (const unsigned char *) text, len);
  if (st == yajl_status_ok)
    {
      st = yajl_complete_parse (b.h);
      if (st == yajl_status_error)
        ret = syntax_error (&b, len);
    }
  else if (st == yajl_status_error)
    ret = syntax_error (&b, yajl_get_bytes_consumed (b.h));
  if (st == yajl_status_client_canceled)
    ret = -1; /* the callback recorded the error */
  if (ret == 0 && b.n_stack != 1)
    ret = lc_error (err, 0, "%s: syntax error: no JSON value", file);
  yajl_free (b.h);
  if (ret == 0)
    {
      b.doc->root = b.stack[0];
      *out = b.doc;
    }
  else
    json_doc_free (b.doc);
  free (b.stack);
  return ret;
}

/* ---- accessors ---------------------------------------------------------- */

const struct json_node *
json_get (const struct json_node *obj, const char *key)
{
  size_t i;

  if (obj == NULL || obj->type != JSON_OBJECT)
    return NULL;
  for (i = 0; i < obj->u.obj.n; i++)
    if (strcmp (obj->u.obj.keys[i]->u.str.s, key) == 0)
      return obj->u.obj.values[i];
  return NULL;
}

bool
json_to_int64 (const struct json_node *n, int64_t *out)
{
  if (n == NULL || n->type != JSON_INTEGER)
    return false;
  if (n->u.num.negative)
    *out = n->u.num.i;
  else if (n->u.num.u > INT64_MAX)
    return false;
  else
    *out = (int64_t) n->u.num.u;
  return true;
}

bool
json_to_uint64 (const struct json_node *n, uint64_t *out)
{
  if (n == NULL || n->type != JSON_INTEGER || n->u.num.negative)
    return false;
  *out = n->u.num.u;
  return true;
}

const char *
json_type_name (enum json_type t)
{
  static const char *const names[] = {
    [JSON_NULL] = "null",       [JSON_BOOL] = "a boolean", [JSON_INTEGER] = "an integer",
    [JSON_DOUBLE] = "a number", [JSON_STRING] = "a string", [JSON_ARRAY] = "an array",
    [JSON_OBJECT] = "an object",
  };
  return names[t];
}

void
json_gen_key (yajl_gen g, const char *key)
{
  yajl_gen_string (g, (const unsigned char *) key, strlen (key));
}

void
json_gen_str (yajl_gen g, const char *key, const char *value)
{
  json_gen_key (g, key);
  if (value)
    yajl_gen_string (g, (const unsigned char *) value, strlen (value));
  else
    yajl_gen_null (g);
}

void
json_gen_int (yajl_gen g, const char *key, long long value)
{
  json_gen_key (g, key);
  yajl_gen_integer (g, value);
}

void
json_gen_bool (yajl_gen g, const char *key, bool value)
{
  json_gen_key (g, key);
  yajl_gen_bool (g, value);
}
