#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build a bundle (busybox-static rootfs + `moat spec`), run a real container
# from it with moat, and print what the container saw from inside.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
moat=${MOAT:-$top/moat}
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo

bundle=$(mktemp -d /tmp/moat-demo.XXXXXX)
trap '$sudo rm -rf "$bundle"' EXIT
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/proc" "$bundle/rootfs/sys" \
  "$bundle/rootfs/dev" "$bundle/rootfs/tmp" "$bundle/rootfs/etc"
cp /bin/busybox "$bundle/rootfs/bin/busybox"
for applet in sh id hostname cat grep ls mount echo; do
  ln -s busybox "$bundle/rootfs/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$bundle/rootfs/etc/passwd"
echo 'root:x:0:' > "$bundle/rootfs/etc/group"

(cd "$bundle" && "$moat" spec)
script='echo "id:       $(id)"; echo "hostname: $(hostname)";
grep -E "^(Cap(Eff|Bnd)|NoNewPrivs|Seccomp):" /proc/self/status;
echo "root fs:  $(awk "\$5 == \"/\" { print \$6 }" /proc/self/mountinfo)";
echo "pid:      $$"'
jq --arg s "$script" '.process.terminal = false | .process.args = ["sh", "-c", $s]' \
  "$bundle/config.json" > "$bundle/config.json.new"
mv "$bundle/config.json.new" "$bundle/config.json"

echo "moat run (bundle $bundle):"
$sudo "$moat" --root /run/moat run -b "$bundle" "moat-demo-$$"
