#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# moat where the kernel, or a seccomp profile around moat, lacks a syscall:
# clone3 answers ENOSYS under Docker's, podman's and moat's own default
# profiles (moat inside a container), and clone(2) takes its place;
# openat2 has no fallback, and moat says so in one line.  The whole suite
# also runs once with clone3 blocked (tests/integration/host-noclone3.test).

load helpers

NOSYS="$MOAT_BUILDDIR/tests/payload/no-syscall"

setup() {
	setup_bundle
}

teardown() {
	moat delete -f kfb 2>/dev/null || true
}

@test "without clone3: run, exec, the cgroup namespace rooted at the container's cgroup, a time namespace" {
	update_config '.linux.namespaces += [{"type": "time"}]
		| .process.args = ["/bin/sh", "-c", "tail -n 1 /proc/self/cgroup; readlink /proc/self/ns/time"]'
	run "$NOSYS" clone3 "$MOAT_BINARY" --root "$ROOT" run --bundle "$BUNDLE" kfb
	echo "$output"
	[ "$status" -eq 0 ]
	# The cgroup namespace is made after the late move into the cgroup.
	[ "${lines[0]}" = "0::/" ]
	[ "${lines[1]}" != "$(readlink /proc/self/ns/time)" ]
	update_config '.process.args = ["sleep", "60"]'
	"$NOSYS" clone3 "$MOAT_BINARY" --root "$ROOT" run -d --bundle "$BUNDLE" kfb </dev/null >/dev/null 2>&1
	run "$NOSYS" clone3 "$MOAT_BINARY" --root "$ROOT" exec kfb sh -c 'tail -n 1 /proc/self/cgroup'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "0::/" ]
	# exec's stage 1 entered the container's cgroup before stage 2 existed.
	pid=$(moat state kfb | jq .pid)
	[ "$(tail -n 1 /proc/$pid/cgroup)" != "0::/" ]
}

@test "without openat2: create and exec refuse in one line naming it, nothing left" {
	run "$NOSYS" openat2 "$MOAT_BINARY" --root "$ROOT" run --bundle "$BUNDLE" kfb
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"openat2 is missing (Linux 5.6) or a seccomp filter refuses it"* ]]
	assert_nothing_left kfb
	update_config '.process.args = ["sleep", "60"]'
	moat run -d --bundle "$BUNDLE" kfb </dev/null >/dev/null 2>&1
	run "$NOSYS" openat2 "$MOAT_BINARY" --root "$ROOT" exec kfb true
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"openat2 is missing"* ]]
}
