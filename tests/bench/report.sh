#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The figures of docs/performance.md: the benchmark on this host (in a
# private mount namespace with cgroup2, if the host is hybrid) and in the
# QEMU guest (pure cgroup v2, every controller), then one table per place
# and one plot with a panel per place.
#
#   report.sh MOAT OUTDIR [bench.py options...]
#
# Writes OUTDIR/host.json, OUTDIR/guest.json, OUTDIR/performance.md (the
# tables) and OUTDIR/performance.png.  The guest runs with SELinux off, as
# the host has it, so both places measure the same work.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
moat=$(realpath "$1")
out=$2
shift 2
mkdir -p "$out"

python3 "$here/bench.py" --moat "$moat" --json "$out/host.json" "$@"
MOAT_VM_TIMEOUT=${MOAT_VM_TIMEOUT:-3600} "$here/../vm/run-in-guest" --selinux off -- \
  python3 "$here/bench.py" --moat "$moat" --json - "$@" >"$out/guest.json"
python3 "$here/bench.py" --render "$out/host.json" "$out/guest.json" \
  --out "$out/performance.md" --plot "$out/performance.png"
