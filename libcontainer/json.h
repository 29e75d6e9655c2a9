/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A JSON document as a tree, built with yajl 2's callback parser.
 *
 * Every node remembers the line:col where it starts, so a consumer that
 * rejects a value can point at it: "config.json:14:9: ...".  All nodes and
 * strings live in one arena owned by the json_doc; json_doc_free() releases
 * the whole tree at once.  The document is read-only once parsed.
 */
#ifndef LC_JSON_H
#define LC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_gen.h>

#include "error.h"

/* Deepest nesting accepted; config.json needs about 6.  */
#define JSON_MAX_DEPTH 128

enum json_type
{
  JSON_NULL,
  JSON_BOOL,
  JSON_INTEGER, /* fits in int64_t or uint64_t */
  JSON_DOUBLE,  /* has a fraction or exponent */
  JSON_STRING,
  JSON_ARRAY,
  JSON_OBJECT,
};

struct json_node
{
  enum json_type type;
  unsigned line, col; /* 1-based, where the value starts */
  bool big_integer;   /* a JSON_DOUBLE written as an integer beyond 64 bits */
  union
  {
    bool b;
    struct
    {
      bool negative; /* then `i` holds the value, else `u` */
      int64_t i;
      uint64_t u;
    } num;
    double d;
    struct
    {
      const char *s; /* NUL-terminated; may hold an embedded NUL (len tells) */
      size_t len;
    } str;
    struct
    {
      struct json_node **items;
      size_t n;
    } arr;
    struct
    {
      struct json_node **keys; /* JSON_STRING nodes, in document order */
      struct json_node **values;
      size_t n;
    } obj;
  } u;
};

struct json_doc;

/* Parse `len` bytes.  `file` names the source in errors:
   "config.json:3:5: syntax error: invalid char in json text".  A key that
   appears twice in one object is an error too (two readers of the same
   file must not disagree about its meaning).  */
int json_parse (const char *file, const char *text, size_t len, struct json_doc **out,
                lc_error_t *err);
const struct json_node *json_doc_root (const struct json_doc *doc);
void json_doc_free (struct json_doc *doc);

#define cleanup_json_doc __attribute__ ((cleanup (json_doc_freep)))
static inline void
json_doc_freep (struct json_doc **d)
{
  json_doc_free (*d);
  *d = NULL;
}

/* Member `key` of an object, or NULL (also when `obj` is not an object).  */
const struct json_node *json_get (const struct json_node *obj, const char *key);

/* Exact conversions: false when the node is not an integer or the value
   does not fit.  */
bool json_to_int64 (const struct json_node *n, int64_t *out);
bool json_to_uint64 (const struct json_node *n, uint64_t *out);

/* "an object", "a string", ... for error messages.  */
const char *json_type_name (enum json_type t);

/* ---- writing, with yajl's generator ---- */

/* A key, then its value: a string (NULL writes null), an integer, a bool.  */
void json_gen_key (yajl_gen g, const char *key);
void json_gen_str (yajl_gen g, const char *key, const char *value);
void json_gen_int (yajl_gen g, const char *key, long long value);
void json_gen_bool (yajl_gen g, const char *key, bool value);

#endif
