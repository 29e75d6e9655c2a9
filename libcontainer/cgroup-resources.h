/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER: its owner defines this interface. */
#ifndef LC_CGROUP_RESOURCES_H
#define LC_CGROUP_RESOURCES_H
#endif
