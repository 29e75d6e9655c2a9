/* SPDX-License-Identifier: GPL-2.0-or-later */
/* update: new resource limits for a running container, from runc's flags
   or a linux.resources JSON object (-r FILE, "-" for stdin).  Both become
   one resources object, parsed by the config parser inside a minimal
   config so the rules and errors are the same as for config.json.  */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "moat.h"
#include "spec.h"
#include "utils.h"

enum
{
  OPT_MEMORY = 256,
  OPT_MEMORY_RESERVATION,
  OPT_MEMORY_SWAP,
  OPT_CPU_SHARES,
  OPT_CPU_QUOTA,
  OPT_CPU_PERIOD,
  OPT_CPUSET_CPUS,
  OPT_CPUSET_MEMS,
  OPT_PIDS_LIMIT,
  OPT_BLKIO_WEIGHT,
};

static const struct option update_options[] = {
  { "resources", required_argument, NULL, 'r' },
  { "memory", required_argument, NULL, OPT_MEMORY },
  { "memory-reservation", required_argument, NULL, OPT_MEMORY_RESERVATION },
  { "memory-swap", required_argument, NULL, OPT_MEMORY_SWAP },
  { "cpu-shares", required_argument, NULL, OPT_CPU_SHARES },
  { "cpu-quota", required_argument, NULL, OPT_CPU_QUOTA },
  { "cpu-period", required_argument, NULL, OPT_CPU_PERIOD },
  { "cpuset-cpus", required_argument, NULL, OPT_CPUSET_CPUS },
  { "cpuset-mems", required_argument, NULL, OPT_CPUSET_MEMS },
  { "pids-limit", required_argument, NULL, OPT_PIDS_LIMIT },
  { "blkio-weight", required_argument, NULL, OPT_BLKIO_WEIGHT },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help update_help = {
  "update [command options] <container-id>",
  "Update the resource limits of a running container.",
  "   --resources value, -r value\tpath to a linux.resources JSON file (\"-\" for stdin)\n"
  "   --memory value\t\tmemory limit in bytes (k, m, g suffixes; -1 = unlimited)\n"
  "   --memory-reservation value\tmemory soft limit in bytes\n"
  "   --memory-swap value\t\ttotal memory + swap (-1 = unlimited)\n"
  "   --cpu-shares value\t\tCPU shares (relative weight)\n"
  "   --cpu-quota value\t\tCPU CFS quota in microseconds\n"
  "   --cpu-period value\t\tCPU CFS period in microseconds\n"
  "   --cpuset-cpus value\t\tCPUs to use (0-3, 0,1)\n"
  "   --cpuset-mems value\t\tmemory nodes to use (0-3, 0,1)\n"
  "   --pids-limit value\t\tmaximum number of pids (-1 = unlimited)\n"
  "   --blkio-weight value\t\tblock IO weight (10 to 1000)\n",
};

struct update_args
{
  const char *resources_file;
  const char *val[OPT_BLKIO_WEIGHT - OPT_MEMORY + 1];
};

static int
on_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  struct update_args *a = data;

  if (c == 'r')
    a->resources_file = arg;
  else if (c >= OPT_MEMORY && c <= OPT_BLKIO_WEIGHT)
    a->val[c - OPT_MEMORY] = arg;
  return 0;
}

/* "512m" → bytes; "-1" stays -1.  */
static int
parse_bytes (const char *s, const char *what, long long *out, lc_error_t *err)
{
  char *end;
  long long v;

  errno = 0;
  v = strtoll (s, &end, 10);
  if (errno || end == s)
    return lc_error (err, 0, "update: invalid %s `%s`", what, s);
  switch (*end)
    {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
  if (*end == 'b' || *end == 'B')
    end++;
  if (*end)
    return lc_error (err, 0, "update: invalid %s `%s`", what, s);
  *out = v;
  return 0;
}

/* A JSON fragment `"key":N` appended to *json when the flag was given.  */
static int
add_num (char **json, const char *sep, const char *key, const char *val, const char *what,
         lc_error_t *err)
{
  long long v = 0;
  char *n;

  if (val == NULL)
    return 0;
  if (parse_bytes (val, what, &v, err) < 0)
    return -1;
  xasprintf (&n, "%s%s\"%s\":%lld", *json, **json ? sep : "", key, v);
  free (*json);
  *json = n;
  return 0;
}

static int
add_str (char **json, const char *key, const char *val)
{
  char *n;

  if (val == NULL)
    return 0;
  if (strpbrk (val, "\"\\"))
    return -1;
  xasprintf (&n, "%s%s\"%s\":\"%s\"", *json, **json ? "," : "", key, val);
  free (*json);
  *json = n;
  return 0;
}

static void
wrap_obj (char **out, const char *key, char *body)
{
  char *n;

  if (body[0])
    {
      xasprintf (&n, "%s%s\"%s\":{%s}", *out, **out ? "," : "", key, body);
      free (*out);
      *out = n;
    }
  free (body);
}

/* The flags as a linux.resources JSON object.  */
static int
flags_json (const struct update_args *a, char **out, lc_error_t *err)
{
  char *mem = xstrdup (""), *cpu = xstrdup (""), *pids = xstrdup (""), *bio = xstrdup ("");
  char *res = xstrdup ("");
  const char *const *v = a->val;

  if (add_num (&mem, ",", "limit", v[OPT_MEMORY - OPT_MEMORY], "--memory", err) < 0
      || add_num (&mem, ",", "reservation", v[OPT_MEMORY_RESERVATION - OPT_MEMORY],
                  "--memory-reservation", err) < 0
      || add_num (&mem, ",", "swap", v[OPT_MEMORY_SWAP - OPT_MEMORY], "--memory-swap", err) < 0
      || add_num (&cpu, ",", "shares", v[OPT_CPU_SHARES - OPT_MEMORY], "--cpu-shares", err) < 0
      || add_num (&cpu, ",", "quota", v[OPT_CPU_QUOTA - OPT_MEMORY], "--cpu-quota", err) < 0
      || add_num (&cpu, ",", "period", v[OPT_CPU_PERIOD - OPT_MEMORY], "--cpu-period", err) < 0
      || add_num (&pids, ",", "limit", v[OPT_PIDS_LIMIT - OPT_MEMORY], "--pids-limit", err) < 0
      || add_num (&bio, ",", "weight", v[OPT_BLKIO_WEIGHT - OPT_MEMORY], "--blkio-weight",
                  err) < 0
      || add_str (&cpu, "cpus", v[OPT_CPUSET_CPUS - OPT_MEMORY]) < 0
      || add_str (&cpu, "mems", v[OPT_CPUSET_MEMS - OPT_MEMORY]) < 0)
    {
      free (mem), free (cpu), free (pids), free (bio), free (res);
      return *err ? -1 : lc_error (err, 0, "update: invalid cpuset value");
    }
  wrap_obj (&res, "memory", mem);
  wrap_obj (&res, "cpu", cpu);
  wrap_obj (&res, "pids", pids);
  wrap_obj (&res, "blockIO", bio);
  xasprintf (out, "{%s}", res);
  free (res);
  return 0;
}

/* Parse a resources object through the config parser.  */
static int
parse_resources (const char *file, const char *json, struct spec **out, lc_error_t *err)
{
  cleanup_free char *doc = NULL;

  xasprintf (&doc, "{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"x\"},"
                   "\"linux\":{\"resources\":%s}}", json);
  if (spec_parse (file, doc, strlen (doc), out, err) < 0)
    return -1;
  if ((*out)->linux_config == NULL || (*out)->linux_config->resources == NULL)
    return lc_error (err, 0, "%s: not a resources object", file);
  return 0;
}

static int
read_resources (const char *file, char **json, lc_error_t *err)
{
  size_t len;

  if (strcmp (file, "-") == 0)
    return read_all_fd (0, "stdin", json, &len, err);
  return read_regular_file_at (AT_FDCWD, file, json, &len, err);
}

int
moat_cmd_update (int argc, char **argv, lc_error_t *err)
{
  struct update_args a = { 0 };
  cleanup_free char *json = NULL;
  struct spec *spec = NULL;
  const char *file = "--resources";
  int ret;

  ret = moat_parse_options (argc, argv, "r:", update_options, &update_help, on_opt, &a, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (moat_require_args (argc, argv, 1, false, "update", err) < 0)
    return -1;
  if (a.resources_file)
    ret = read_resources (a.resources_file, &json, err);
  else
    {
      file = "update flags";
      ret = flags_json (&a, &json, err);
    }
  if (ret < 0 || parse_resources (file, json, &spec, err) < 0)
    {
      spec_free (spec);
      return -1;
    }
  ret = lc_container_update (moat_globals.root, argv[optind], spec->linux_config->resources,
                            err);
  spec_free (spec);
  return ret;
}
