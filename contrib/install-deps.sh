#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what moat needs from Debian 12's packages.
#   contrib/install-deps.sh          build dependencies + what the demo uses
#   contrib/install-deps.sh --test   also what `make check` needs (bats, the
#                                    QEMU guest: kernel, SELinux policy, ...,
#                                    clang and libFuzzer for `make fuzz`,
#                                    cppcheck and clang-tidy for `make lint`)
set -eu

build="build-essential autoconf automake pkg-config
  libyajl-dev libmount-dev libseccomp-dev libselinux1-dev libcap-ng-dev libsystemd-dev
  busybox-static jq"
test="bats python3 iproute2 strace
  qemu-system-x86 linux-image-amd64 cpio xz-utils kmod
  selinux-policy-default policycoreutils selinux-utils checkpolicy semodule-utils
  crun runc podman conmon containerd hyperfine gnuplot-nox time systemd uidmap
  clang libclang-rt-14-dev cppcheck clang-tidy auditd"

pkgs=$build
[ "${1:-}" = "--test" ] && pkgs="$build $test"

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
