/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Id map formatting, namespace flag computation, container ids.  */
#include "config.h"
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "namespaces.h"
#include "state.h"
#include "tap.h"

static struct spec_namespace ns_new (int type, const char *name, char *path)
{
  struct spec_namespace ns = { .type = type, .type_name = (char *) name, .path = path };
  return ns;
}

static void
test_format (void)
{
  struct spec_idmap maps[] = { { 0, 100000, 65536 }, { 65536, 4294967294u, 1 } };
  char *s;

  s = lc_ns_format_id_map (maps, 0);
  ok (strcmp (s, "") == 0, "no mapping formats as empty");
  free (s);
  s = lc_ns_format_id_map (maps, 1);
  ok (strcmp (s, "0 100000 65536\n") == 0, "one mapping");
  free (s);
  s = lc_ns_format_id_map (maps, 2);
  ok (strcmp (s, "0 100000 65536\n65536 4294967294 1\n") == 0,
      "two mappings, full 32-bit host id");
  free (s);
}

static void
test_flags (void)
{
  struct spec_namespace nss[] = {
    ns_new (CLONE_NEWPID, "pid", NULL),
    ns_new (CLONE_NEWNET, "network", (char *) "/var/run/netns/x"),
    ns_new (CLONE_NEWUSER, "user", NULL),
    ns_new (CLONE_NEWNS, "mount", NULL),
  };
  struct spec_linux l = { .namespaces = nss, .n_namespaces = 4 };
  struct spec spec = { .linux_config = &l };
  struct spec bare = { 0 };

  ok (lc_ns_new_flags (&spec) == (CLONE_NEWPID | CLONE_NEWUSER | CLONE_NEWNS),
      "new flags leave out the joined network namespace");
  ok (lc_ns_has_joins (&spec), "a path means a join");
  l.n_namespaces = 1;
  ok (!lc_ns_has_joins (&spec), "no path, no join");
  ok (lc_ns_new_flags (&bare) == 0 && !lc_ns_has_joins (&bare), "no linux object: nothing");
}

static void
test_maps_root (void)
{
  struct spec_idmap u[] = { { 1, 1000, 10 } }, g[] = { { 0, 1000, 1 } };
  struct spec_linux l = { .uid_mappings = u, .n_uid_mappings = 1,
                          .gid_mappings = g, .n_gid_mappings = 1 };
  struct spec spec = { .linux_config = &l };

  ok (!lc_ns_maps_root (&spec), "uid 0 unmapped: not root");
  u[0].container_id = 0;
  ok (lc_ns_maps_root (&spec), "uid 0 and gid 0 mapped: root");
}

static void
test_ids (void)
{
  static const struct
  {
    const char *id;
    bool good;
  } cases[] = {
    { "abc", true }, { "a.b-c_d+e", true }, { "", false }, { ".", false },
    { "..", false }, { "a/b", false }, { "a b", false }, { "a,b", true },
    { "a\nb", false }, { "a\tb", false }, { "\x7f", false }, { "a*", false },
    { "\xc3\xa9", false },
  };
  char name[NAME_MAX + 2];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      lc_error_t err = NULL;
      ok ((lc_id_validate (cases[i].id, &err) == 0) == cases[i].good, "id case %zu %s (printed raw it could break TAP)",
          i, cases[i].good ? "valid" : "invalid");
      lc_error_free (&err);
    }
  /* NAME_MAX, what a state directory's name can hold, is the limit.  */
  memset (name, 'a', NAME_MAX);
  name[NAME_MAX] = '\0';
  ok (lc_id_validate (name, &(lc_error_t){ NULL }) == 0, "an id of NAME_MAX bytes is valid");
  name[NAME_MAX] = 'a';
  name[NAME_MAX + 1] = '\0';
  {
    lc_error_t err = NULL;
    ok (lc_id_validate (name, &err) < 0 && strstr (err->msg, "255 bytes"),
        "NAME_MAX + 1 bytes is refused, naming the limit");
    lc_error_free (&err);
  }
}

int
main (void)
{
  test_format ();
  test_flags ();
  test_maps_root ();
  test_ids ();
  return tap_done ();
}
