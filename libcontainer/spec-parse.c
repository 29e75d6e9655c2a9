/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "spec.h"

int spec_parse (const char *file, const char *json, size_t len, struct spec **out, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "spec_parse: not implemented yet");
}

int spec_load (const char *bundle, struct spec **out, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "spec_load: not implemented yet");
}

int spec_parse_process (const char *file, const char *json, size_t len, struct spec_process **out, lc_error_t *err)
{
  return lc_error (err, ENOSYS, "spec_parse_process: not implemented yet");
}

const struct spec_namespace *spec_find_namespace (const struct spec *spec, int type)
{
  return NULL;
}

const struct spec_ns_info *spec_ns_by_name (const char *name)
{
  return NULL;
}

const struct spec_ns_info *spec_ns_by_flag (int flag)
{
  return NULL;
}

const struct spec_ns_info spec_ns_table[] = { { NULL, NULL, 0 } };
const size_t spec_ns_table_len = 0;
