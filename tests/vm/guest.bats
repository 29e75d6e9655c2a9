#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Proves the test guest is what the integration suites rely on: pure cgroup
# v2 with every controller, SELinux in the asked mode with MCS separation,
# user and mount namespaces, moat's own binary, and crun/runc as references.
# Runs first in tests/vm/guest.test; meaningless on the host, so it skips.

setup ()
{
  if [ "${MOAT_IN_GUEST:-}" != 1 ]; then
    skip "runs only in the moat test guest (tests/vm/run-in-guest)"
  fi
}

needs_selinux ()
{
  if [ "${MOAT_GUEST_SELINUX:-off}" = off ]; then
    skip "the guest was booted with --selinux off"
  fi
}

# A bundle from `runc spec` with a busybox-static rootfs, printing its label.
make_bundle ()
{
  local b=$BATS_TEST_TMPDIR/bundle a
  mkdir -p "$b/rootfs/bin"
  cp /bin/busybox "$b/rootfs/bin/busybox"
  for a in sh cat echo; do ln -s busybox "$b/rootfs/bin/$a"; done
  (cd "$b" && runc spec)
  jq '.process.terminal = false
      | .process.args = ["/bin/sh", "-c", "echo in-container; cat /proc/self/attr/current"]' \
    "$b/config.json" > "$b/config.tmp" && mv "$b/config.tmp" "$b/config.json"
  echo "$b"
}

@test "guest: /sys/fs/cgroup is pure cgroup v2 with the controllers enabled" {
  [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]
  local c
  for c in cpu io memory pids; do
    grep -qw "$c" /sys/fs/cgroup/cgroup.controllers
    grep -qw "$c" /sys/fs/cgroup/cgroup.subtree_control
  done
  # No v1 hierarchy anywhere.
  run grep ' cgroup ' /proc/mounts
  [ "$status" -ne 0 ]
}

@test "guest: SELinux is in the mode run-in-guest was asked for" {
  case "${MOAT_GUEST_SELINUX:-off}" in
    enforcing) [ "$(getenforce)" = Enforcing ] ;;
    permissive) [ "$(getenforce)" = Permissive ] ;;
    off) [ "$(getenforce)" = Disabled ] ;;
    *) echo "unknown MOAT_GUEST_SELINUX" >&2; false ;;
  esac
}

@test "guest: a process can be started as svirt_t with MCS categories" {
  needs_selinux
  run runcon system_u:system_r:svirt_t:s0:c1,c2 cat /proc/self/attr/current
  [ "$status" -eq 0 ]
  # The kernel ends the label with a NUL, which bash drops.
  [ "$output" = "system_u:system_r:svirt_t:s0:c1,c2" ]
}

@test "guest: MCS keeps s0:c1,c2 out of s0:c3,c4 files" {
  needs_selinux
  [ "$(getenforce)" = Enforcing ] || skip "MCS is only enforced in enforcing mode"
  local mine=$BATS_TEST_TMPDIR/mine theirs=$BATS_TEST_TMPDIR/theirs
  echo mine > "$mine"
  echo theirs > "$theirs"
  chcon system_u:object_r:svirt_image_t:s0:c1,c2 "$mine"
  chcon system_u:object_r:svirt_image_t:s0:c3,c4 "$theirs"
  run runcon system_u:system_r:svirt_t:s0:c1,c2 cat "$mine"
  [ "$status" -eq 0 ]
  [ "$output" = mine ]
  run runcon system_u:system_r:svirt_t:s0:c1,c2 cat "$theirs"
  [ "$status" -ne 0 ]
  [[ "$output" == *"Permission denied"* ]]
}

@test "guest: user namespaces and mount namespaces work" {
  run unshare -U -r id -u
  [ "$status" -eq 0 ]
  [ "$output" = 0 ]
  run unshare -U -r -m --fork sh -c 'mount -t tmpfs none /mnt && grep -c " /mnt tmpfs " /proc/self/mounts'
  [ "$status" -eq 0 ]
  [ "$output" = 1 ]
  run unshare -m sh -c 'mount -t tmpfs none /mnt && grep -c " /mnt tmpfs " /proc/self/mounts'
  [ "$status" -eq 0 ]
  [ "$output" = 1 ]
}

@test "guest: pivot_root works from the guest's root" {
  local r=$BATS_TEST_TMPDIR/newroot
  mkdir -p "$r"
  run unshare -m sh -c "mount -t tmpfs none '$r' && mkdir '$r/old' && cp /bin/busybox '$r/' \
    && cd '$r' && pivot_root . old && exec /busybox echo pivoted"
  [ "$status" -eq 0 ]
  [ "$output" = pivoted ]
}

@test "guest: moat's binary from the host build runs here" {
  [ -n "${MOAT_BINARY:-}" ] || skip "MOAT_BINARY is not set"
  [ -x "$MOAT_BINARY" ]
  run "$MOAT_BINARY" --version
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *moat* ]]
}

@test "guest: crun runs a busybox container" {
  command -v crun > /dev/null || skip "crun is not installed"
  local b
  b=$(make_bundle)
  run crun run -b "$b" guest-crun-$$
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == in-container* ]]
}

@test "guest: runc runs a busybox container" {
  command -v runc > /dev/null || skip "runc is not installed"
  local b
  b=$(make_bundle)
  run runc run -b "$b" guest-runc-$$
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == in-container* ]]
}

@test "guest: crun and runc confine a container as svirt_t" {
  needs_selinux
  local b r
  b=$(make_bundle)
  jq '.process.selinuxLabel = "system_u:system_r:svirt_t:s0:c1,c2"
      | .linux.mountLabel = "system_u:object_r:svirt_image_t:s0:c1,c2"' \
    "$b/config.json" > "$b/config.tmp" && mv "$b/config.tmp" "$b/config.json"
  chcon -R system_u:object_r:svirt_image_t:s0:c1,c2 "$b/rootfs"
  for r in crun runc; do
    command -v "$r" > /dev/null || continue
    run "$r" run -b "$b" guest-label-$r-$$
    echo "$r: $output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"system_u:system_r:svirt_t:s0:c1,c2"* ]]
  done
}
