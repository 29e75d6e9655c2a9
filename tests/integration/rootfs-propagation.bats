#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Mount propagation, checked by what actually propagates: a mount the host
# makes after the container started shows up (or not) inside, a mount made
# inside shows up (or not) on the host, and the peer-group tags of
# /proc/self/mountinfo as seen from inside.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	setup_bundle
	OUTSIDE=$BATS_TEST_TMPDIR/outside
	mkdir -p "$OUTSIDE/sub"
	MOUNTED=()
}

teardown() {
	moat delete -f prop >/dev/null 2>&1 || true
	local m i
	for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
		m=${MOUNTED[i]}
		umount -l "$m" 2>/dev/null || true
	done
}

host_mount() { # host_mount ARGS... TARGET : mount, undone by teardown
	mount "$@" && MOUNTED+=("${!#}")
}

# A shared host mount at $1 (its own peer group), as a source to bind.
make_shared() {
	host_mount --bind "$1" "$1"
	mount --make-shared "$1"
}

# Propagation tags (shared:N, master:N, ...) of mount point $1 in $output.
tags() {
	echo "$output" | awk -v m="$1" '$5 == m { t = ""; for (i = 7; $i != "-"; i++) t = t " " $i; print t }' | tail -1
}

# Start container "prop" in the background running SCRIPT; it sees the host
# dir $OUTSIDE at /p.  Waits until SCRIPT created /p/ready.
start_watcher() { # start_watcher OPTIONS_JSON SCRIPT
	update_config '.mounts += [{"destination": "/p", "type": "bind", "source": "'"$OUTSIDE"'", "options": '"$1"'}]'
	update_config '.process.args = ["/bin/sh", "-c", '"$(printf '%s' "$2" | jq -R -s .)"']'
	moat run --bundle "$BUNDLE" prop >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	WATCHER=$!
	for _ in $(seq 100); do
		[ -e "$OUTSIDE/ready" ] && return 0
		kill -0 "$WATCHER" 2>/dev/null || break
		sleep 0.1
	done
	cat "$BATS_TEST_TMPDIR/err"
	return 1
}

# Inside: wait (bounded) for /p/sub/flag, which only a host mount made
# after the container started provides.
WAIT_FLAG='touch /p/ready; i=0; while [ ! -e /p/sub/flag ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done; [ -e /p/sub/flag ] && echo seen || echo unseen'

allow_mount() { # the container's root may mount: CAP_SYS_ADMIN, no default seccomp profile
	update_config '.process.capabilities |= map_values(. + ["CAP_SYS_ADMIN"])'
	update_config "del(.linux.seccomp)"
}

host_mounts_flag() {
	host_mount -t tmpfs tmpfs "$OUTSIDE/sub"
	touch "$OUTSIDE/sub/flag"
}

@test "propagation: an rslave bind receives a mount the host makes later" {
	make_shared "$OUTSIDE"
	start_watcher '["rbind", "rslave"]' "$WAIT_FLAG"
	host_mounts_flag
	wait "$WATCHER"
	cat "$BATS_TEST_TMPDIR/err"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = seen ]
}

@test "propagation: an rprivate bind does not receive a mount the host makes later" {
	make_shared "$OUTSIDE"
	start_watcher '["rbind", "rprivate"]' "$WAIT_FLAG"
	host_mounts_flag
	wait "$WATCHER"
	cat "$BATS_TEST_TMPDIR/err"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = unseen ]
}

@test "propagation: the mountinfo of a bind shows the propagation asked for" {
	make_shared "$OUTSIDE"
	mkdir -p "$BATS_TEST_TMPDIR/b"
	update_config '.mounts += [
		{"destination": "/sl", "type": "bind", "source": "'"$OUTSIDE"'", "options": ["rbind", "rslave"]},
		{"destination": "/pr", "type": "bind", "source": "'"$OUTSIDE"'", "options": ["rbind", "private"]},
		{"destination": "/sh", "type": "bind", "source": "'"$BATS_TEST_TMPDIR/b"'", "options": ["bind", "shared"]},
		{"destination": "/ub", "type": "bind", "source": "'"$BATS_TEST_TMPDIR/b"'", "options": ["bind", "unbindable"]}]'
	update_config '.process.args = ["/bin/probe", "mounts"]'
	run --separate-stderr moat run --bundle "$BUNDLE" prop
	echo "$stderr"
	[ "$status" -eq 0 ]
	[[ "$(tags /sl)" == " master:"* ]]
	[ -z "$(tags /pr)" ]
	[[ "$(tags /sh)" == " shared:"* ]]
	[ "$(tags /ub)" = " unbindable" ]
}

@test "propagation: mounts made inside never reach the host by default" {
	make_shared "$OUTSIDE"
	allow_mount
	start_watcher '["rbind"]' 'mount -t tmpfs tmpfs /p/sub && touch /p/ready; echo done'
	wait "$WATCHER"
	cat "$BATS_TEST_TMPDIR/err"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = done ]
	! mountpoint -q "$OUTSIDE/sub"
}

@test "propagation: rshared on a bind and rootfsPropagation rshared let a mount made inside reach the host" {
	# runc applies rootfsPropagation to / before anything else, so the host's
	# peer groups stay joined (what a CSI driver in a container relies on).
	make_shared "$OUTSIDE"
	update_config '.linux.rootfsPropagation = "rshared"'
	allow_mount
	update_config '.mounts |= map(if .destination == "/sys" or .destination == "/sys/fs/cgroup" then .options += ["rslave"] else . end)'
	start_watcher '["rbind", "rshared"]' 'mount -t tmpfs tmpfs /p/sub && touch /p/ready; echo done'
	wait "$WATCHER"
	cat "$BATS_TEST_TMPDIR/err"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = done ]
	mountpoint -q "$OUTSIDE/sub"
	MOUNTED+=("$OUTSIDE/sub")
}

@test "propagation: linux.rootfsPropagation shows on / inside the container" {
	update_config '.process.args = ["/bin/probe", "mounts"]'
	update_config '.linux.rootfsPropagation = "private"'
	run --separate-stderr moat run --bundle "$BUNDLE" prop
	echo "$stderr"
	[ "$status" -eq 0 ]
	[ -z "$(tags /)" ]
	update_config '.linux.rootfsPropagation = "shared"'
	run --separate-stderr moat run --bundle "$BUNDLE" prop
	echo "$stderr"
	[ "$status" -eq 0 ]
	[[ "$(tags /)" == *shared:* ]]
}

@test "propagation: rootfsPropagation rshared works with --no-pivot too" {
	update_config '.process.args = ["/bin/probe", "mounts"]'
	update_config '.linux.rootfsPropagation = "rshared"'
	run --separate-stderr moat run --no-pivot --bundle "$BUNDLE" prop
	echo "$stderr"
	[ "$status" -eq 0 ]
	[[ "$(tags /)" == *shared:* ]]
	[[ "$(tags /proc)" == *shared:* ]]
}

@test "propagation: an unknown rootfsPropagation is refused before anything starts" {
	update_config '.linux.rootfsPropagation = "sideways"'
	run --separate-stderr moat run --bundle "$BUNDLE" prop
	[ "$status" -eq 1 ]
	[[ "$stderr" == *rootfsPropagation*sideways* ]]
	assert_nothing_left prop
}
