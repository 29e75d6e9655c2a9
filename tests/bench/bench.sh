#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench / make bench-smoke: see bench.py --help.
exec python3 "$(dirname "$0")/bench.py" "$@"
