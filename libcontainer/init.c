/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: replaced by its owner. */
#include "init.h"
extern int lc_placeholder_init;
