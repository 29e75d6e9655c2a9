/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner. */
#include "cgroup-resources.h"
extern int lc_placeholder_cgroup_resources;
