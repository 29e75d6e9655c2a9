#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the initramfs of the moat test guest from Debian packages only:
# busybox-static, the virtio/9p/overlay modules of a linux-image-amd64 kernel,
# stage 1 (initramfs-init) and an optional compiled SELinux policy.
#
#   mkinitramfs.sh --kver KVER [--policy policy.33] --out FILE.cpio.gz

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kver='' policy='' out=''
while [ $# -gt 0 ]; do
  case "$1" in
    --kver) kver=$2; shift 2 ;;
    --policy) policy=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "mkinitramfs.sh: unknown argument \`$1\`" >&2; exit 1 ;;
  esac
done
[ -n "$kver" ] && [ -n "$out" ] || { echo "mkinitramfs.sh: need --kver and --out" >&2; exit 1; }

# What stage 1 insmods, in load order.  modprobe cannot be used that early:
# the initramfs holds no modules.dep.
modules="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci
netfs fscache 9pnet 9pnet_virtio 9p overlay"

busybox=/bin/busybox
if ! LC_ALL=C file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  echo "mkinitramfs.sh: $busybox is not static (install busybox-static)" >&2
  exit 1
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/moat-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,modules,lower,upper,newroot}
cp "$busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
install -m 0755 "$here/initramfs-init" "$stage/init"

moddir=/lib/modules/$kver
for m in $modules; do
  f=$(find "$moddir/kernel" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" \
        -o -name "$m.ko.gz" | head -n 1)
  # Some kernels build a few of these in; stage 1 skips what is absent.
  if [ -z "$f" ]; then
    if grep -q "/$m.ko" "$moddir/modules.builtin" 2>/dev/null; then continue; fi
    echo "mkinitramfs.sh: module $m not found under $moddir" >&2
    exit 1
  fi
  case "$f" in
    *.xz) xz -dc "$f" ;;
    *.zst) zstd -qdc "$f" ;;
    *.gz) gzip -dc "$f" ;;
    *) cat "$f" ;;
  esac > "$stage/modules/$m.ko"
done

if [ -n "$policy" ]; then
  cp "$policy" "$stage/policy.33"
fi

# The kernel opens /dev/console for init's stdio before anything is mounted.
mknod -m 0600 "$stage/dev/console" c 5 1

(cd "$stage" && find . -print0 | LC_ALL=C sort -z \
   | cpio --null -o -H newc --quiet -R 0:0) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
