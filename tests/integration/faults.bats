#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# moat killed (SIGKILL) at each named step of create, start, run, exec and
# delete, then `moat delete --force`: nothing may be left — no state dir,
# cgroup, mount or process — and until that delete the container is seen
# (`list`, `state`).  The steps are lc_fault () calls that only the test
# build tests/moat-faults has (libcontainer/utils.h); moat itself has none.

load helpers

FAULTS="$MOAT_BUILDDIR/tests/moat-faults"
ID=mtfault

setup() {
	setup_bundle
	[ -x "$FAULTS" ] || skip "tests/moat-faults is not built"
	MARK=$((700000 + RANDOM))
	update_config ".process.args = [\"sleep\", \"$MARK\"]"
}

teardown() {
	moat delete -f "$ID" >/dev/null 2>&1 || true
}

# faulty STEP ARGS...: moat-faults killed at STEP; it must not get past it
faulty() {
	local step=$1
	shift
	# stdio away from bats' pipes: a created init would hold them open.
	status=0
	env MOAT_FAULT="$step" "$FAULTS" --root "$ROOT" "$@" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1 ||
		status=$?
	if [ "$status" -ne 137 ]; then
		echo "step $step was not reached (status $status): $(cat "$BATS_TEST_TMPDIR/out")"
		return 1
	fi
}

cgroup_dir() { echo "$(cgroup2_mount)/moat/$ID"; }

# After a crash: seen by list, cleaned by delete -f, nothing left.
recover() {
	local step=$1
	if [ -e "$ROOT/$ID" ]; then
		moat list | grep -q "^$ID " || { echo "$step: list does not show $ID"; moat list; return 1; }
	fi
	run moat delete -f "$ID"
	echo "$step: delete -f: status $status: $output"
	[ "$status" -eq 0 ]
	assert_nothing_left "$ID"
	if [ -e "$(cgroup_dir)" ]; then
		echo "$step: cgroup $(cgroup_dir) left behind"
		return 1
	fi
	if pgrep -f "^sleep $MARK\$" >/dev/null || pgrep -f "moat-faults.* $ID\$" >/dev/null; then
		echo "$step: a process left behind: $(pgrep -af "sleep $MARK|moat-faults")"
		return 1
	fi
	# The id can be used again at once.
	moat run -d --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
	moat delete -f "$ID"
}

@test "faults: create killed at each step, then delete -f leaves nothing" {
	for step in state-dir cgroup record cloned sync-ready created; do
		faulty "create:$step" create --bundle "$BUNDLE" "$ID"
		recover "create:$step"
	done
}

@test "faults: a create killed before its record shows as creating; state and kill say so, delete -f says what it cleaned" {
	faulty create:record create --bundle "$BUNDLE" "$ID"
	run moat state "$ID"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -r .status)" = creating ]
	run moat start "$ID"
	[ "$status" -eq 1 ]
	run moat delete -f "$ID"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"create was interrupted"* ]]
	[[ "$output" == *"/moat/$ID"* ]]
	assert_nothing_left "$ID"
}

@test "faults: start killed at each step, then delete -f leaves nothing" {
	for step in locked started running; do
		moat create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
		faulty "start:$step" start "$ID"
		recover "start:$step"
	done
}

@test "faults: run killed at each step (its create's too), then delete -f leaves nothing" {
	update_config '.process.args = ["true"]'
	for step in create:record create:cloned create:created run:started run:exited delete:cgroup; do
		faulty "$step" run --bundle "$BUNDLE" "$ID"
		recover "run/$step"
	done
}

@test "faults: exec killed at each step, then delete -f of the container leaves nothing" {
	for step in stage1 stage2 started; do
		moat run -d --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
		faulty "exec:$step" exec "$ID" sleep "$MARK"
		recover "exec:$step"
	done
}

@test "faults: delete killed at each step, then delete -f leaves nothing" {
	for step in locked killed cgroup; do
		moat run -d --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
		faulty "delete:$step" delete -f "$ID"
		recover "delete:$step"
	done
}

@test "faults: kill and start racing delete -f say the container does not exist" {
	for _ in $(seq 20); do
		moat run -d --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
		moat delete -f "$ID" &
		out=$(moat kill "$ID" KILL 2>&1) || true
		wait
		case "$out" in
		"" | *"does not exist"* | *"container not running"*) ;;
		*) echo "kill during delete said: $out"; false ;;
		esac
	done
}
