/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: its owner defines this interface. */
#ifndef LC_JSON_H
#define LC_JSON_H
#endif
