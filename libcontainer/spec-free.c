/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner; every function fails with ENOSYS. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include "spec.h"

void spec_free (struct spec *spec)
{
}

void spec_process_free (struct spec_process *proc)
{
}

