#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The OCI lifecycle (runtime.md "Lifecycle" and "Operations"): create ->
# created -> start -> running -> stopped -> delete, every operation refused
# in a state where the spec forbids it, and run's exit status.

load helpers

ID=moat-lc-$$

setup() {
	setup_bundle
	# The workload leaves a mark in the rootfs, so "has it started?" is
	# read from the host instead of guessed from timing.
	update_config '.root.readonly = false'
}

teardown() {
	# the v1 freezer cgroup of the bounded-wait test, if it failed half-way:
	# thawed first, so the container can be deleted
	local frz=/sys/fs/cgroup/freezer/$ID
	[ ! -d "$frz" ] || echo THAWED >"$frz/freezer.state" 2>/dev/null || true
	cleanup_root
	[ ! -d "$frz" ] || rmdir "$frz" 2>/dev/null || true
}

set_args() { # set_args CMD... : process.args
	local args
	args=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	update_config ".process.args = $args"
}

state_field() { moat state "$ID" | jq -r ".$1"; }

# wait_status STATUS: poll `state` (no timing assertion: bounded retries).
wait_status() {
	local i
	for i in $(seq 100); do
		[ "$(state_field status)" = "$1" ] && return 0
		sleep 0.1
	done
	echo "status is $(state_field status), wanted $1" >&2
	return 1
}

create_bg() { # a created container whose stdio is away from bats' pipes
	moat create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" ||
		{ cat "$BATS_TEST_TMPDIR/err"; return 1; }
}

@test "create: state created, init alive, the workload not yet run" {
	set_args sh -c 'echo ran >/tmp/marker; exec sleep 1000'
	create_bg
	run moat state "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(echo "$output" | jq -r .status)" = created ]
	[ "$(echo "$output" | jq -r .id)" = "$ID" ]
	[ "$(echo "$output" | jq -r .bundle)" = "$BUNDLE" ]
	[ "$(echo "$output" | jq -r .ociVersion)" != null ]
	pid=$(echo "$output" | jq -r .pid)
	[ "$pid" -gt 0 ]
	kill -0 "$pid"
	[ ! -e "$BUNDLE/rootfs/tmp/marker" ] || { echo "the workload ran before start"; false; }
	# The created container is listed.
	moat list -q | grep -qx "$ID"
}

@test "start: created -> running -> stopped, then delete removes everything" {
	set_args sh -c 'echo ran >/tmp/marker; read x </tmp/go; echo done >/tmp/marker2'
	mkfifo "$BUNDLE/rootfs/tmp/go"
	create_bg
	pid=$(state_field pid)
	run moat start "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	wait_status running
	[ "$(state_field pid)" = "$pid" ]
	for i in $(seq 100); do [ -e "$BUNDLE/rootfs/tmp/marker" ] && break; sleep 0.1; done
	[ "$(cat "$BUNDLE/rootfs/tmp/marker")" = ran ]
	echo go >"$BUNDLE/rootfs/tmp/go"
	wait_status stopped
	[ "$(cat "$BUNDLE/rootfs/tmp/marker2")" = done ]
	run moat delete "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ ! -e "$ROOT/$ID" ]
	run moat state "$ID"
	[ "$status" -eq 1 ]
}

@test "start twice: the second is refused" {
	set_args sleep 1000
	create_bg
	moat start "$ID"
	wait_status running
	run moat start "$ID"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$ID"* || "$output" == *running* || "$output" == *created* ]]
	[ "$(state_field status)" = running ]
}

@test "start a stopped container: refused" {
	set_args true
	create_bg
	moat start "$ID"
	wait_status stopped
	run moat start "$ID"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$(state_field status)" = stopped ]
}

@test "delete a running container without --force: refused, container still there" {
	set_args sleep 1000
	create_bg
	moat start "$ID"
	wait_status running
	pid=$(state_field pid)
	run moat delete "$ID"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *running* || "$output" == *force* ]]
	[ -d "$ROOT/$ID" ]
	kill -0 "$pid"
	[ "$(state_field status)" = running ]
	run moat delete --force "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ ! -e "$ROOT/$ID" ]
	pid_dead "$pid"
}

# runc's killContainer waits 10 s for init to die after SIGKILL, then gives
# up with "container init still running" and leaves the container.  Init is
# made unkillable by a cgroup v1 freezer (a frozen task there does not die
# until thawed; cgroup v2's freezer lets SIGKILL through).
@test "delete --force gives up after a bounded wait when init does not die, as runc" {
	local frz=/sys/fs/cgroup/freezer
	[ -e "$frz/cgroup.procs" ] && grep -qw freezer /proc/self/cgroup ||
		skip "needs a cgroup v1 freezer at $frz to make init unkillable (this host has none)"
	set_args sleep 1000
	create_bg
	moat start "$ID"
	wait_status running
	pid=$(state_field pid)
	mkdir "$frz/$ID"
	echo "$pid" >"$frz/$ID/cgroup.procs"
	echo FROZEN >"$frz/$ID/freezer.state"
	SECONDS=0
	run timeout 60 "$MOAT_BINARY" --root "$ROOT" delete --force "$ID"
	local took=$SECONDS
	echo THAWED >"$frz/$ID/freezer.state"
	[ "$status" -eq 1 ] || { echo "status $status: $output"; false; }
	[ "$output" = "moat: container init still running" ] || { echo "$output"; false; }
	[ "$took" -ge 9 ] && [ "$took" -le 20 ] || { echo "took ${took}s"; false; }
	# the container is left for a later delete, which now succeeds
	[ -d "$ROOT/$ID" ]
	run moat delete --force "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	pid_dead "$pid"
	rmdir "$frz/$ID"
}

@test "delete a created container without --force: killed and removed, as runc does" {
	# runtime.md says deleting a non-stopped container is an error; runc (and
	# so moat, which its callers treat as runc) kills a created one instead.
	set_args true
	create_bg
	pid=$(state_field pid)
	run moat delete "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ ! -e "$ROOT/$ID" ]
	pid_dead "$pid"
}

@test "kill: a created container gets the signal and stops" {
	set_args sleep 1000
	create_bg
	pid=$(state_field pid)
	run moat kill "$ID" KILL
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	wait_status stopped
	pid_dead "$pid"
}

@test "kill: default SIGTERM, by name, SIG prefix and number" {
	set_args sh -c 'trap "echo term >/tmp/sig; exit 0" TERM; trap "echo usr1 >/tmp/sig" USR1; echo ready >/tmp/ready; while :; do sleep 0.1; done'
	create_bg
	moat start "$ID"
	for i in $(seq 100); do [ -e "$BUNDLE/rootfs/tmp/ready" ] && break; sleep 0.1; done
	run moat kill "$ID" SIGUSR1
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	for i in $(seq 100); do [ -e "$BUNDLE/rootfs/tmp/sig" ] && break; sleep 0.1; done
	[ "$(cat "$BUNDLE/rootfs/tmp/sig")" = usr1 ]
	run moat kill "$ID" 10
	[ "$status" -eq 0 ]
	run moat kill "$ID" USR1
	[ "$status" -eq 0 ]
	run moat kill "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	wait_status stopped
	[ "$(cat "$BUNDLE/rootfs/tmp/sig")" = term ]
}

@test "kill a stopped container: refused with one line" {
	set_args true
	create_bg
	moat start "$ID"
	wait_status stopped
	run moat kill "$ID" KILL
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == moat:* ]]
	# containerd's shim matches runc's words (checkKillError): "container
	# not running" is "already finished", anything else an unknown error.
	[[ "${lines[0]}" == *"container not running"* ]]
	# The shim deletes a task with `kill --all ID 9` after it exited: runc
	# signals what is left in the cgroup and succeeds.
	run moat kill --all "$ID" KILL
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "kill --all reaches every process of the container" {
	set_args sh -c 'sleep 1000 & sleep 1000 & wait'
	update_config '.linux.namespaces |= map(select(.type != "pid"))'
	create_bg
	moat start "$ID"
	wait_status running
	run moat kill --all "$ID" KILL
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	wait_status stopped
}

@test "run: the exit status is the container's" {
	set_args /bin/probe exit 3
	run moat run --bundle "$BUNDLE" "$ID"
	[ "$status" -eq 3 ] || { echo "status $status: $output"; false; }
	# run deletes the container unless --keep.
	[ ! -e "$ROOT/$ID" ]
}

@test "run: exit 0 and the process output reaches our stdout" {
	set_args /bin/probe ids
	run moat run --bundle "$BUNDLE" "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -q '^uid=0$'
}

@test "run: a signal death exits 128+signal" {
	# Outside a pid namespace: a pid namespace's init ignores its own SIGKILL.
	update_config '.linux.namespaces |= map(select(.type != "pid"))'
	set_args sh -c 'kill -KILL $$'
	run moat run --bundle "$BUNDLE" "$ID"
	[ "$status" -eq 137 ] || { echo "status $status: $output"; false; }
}

@test "run --keep: the stopped container stays until delete" {
	set_args /bin/probe exit 0
	run moat run --keep --bundle "$BUNDLE" "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(state_field status)" = stopped ]
	moat delete "$ID"
	[ ! -e "$ROOT/$ID" ]
}

@test "run -d: detached, running, with --pid-file" {
	set_args sleep 1000
	moat run -d --pid-file "$BATS_TEST_TMPDIR/pid" --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" ||
		{ cat "$BATS_TEST_TMPDIR/err"; false; }
	wait_status running
	[ "$(cat "$BATS_TEST_TMPDIR/pid")" = "$(state_field pid)" ]
}

@test "create --pid-file writes init's pid" {
	set_args true
	moat create --pid-file "$BATS_TEST_TMPDIR/pid" --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
	[ "$(cat "$BATS_TEST_TMPDIR/pid")" = "$(state_field pid)" ]
}

@test "bundle given relative to the cwd is stored absolute" {
	set_args true
	(cd "$BUNDLE" && "$MOAT_BINARY" --root "$ROOT" create "$ID" </dev/null >/dev/null 2>&1)
	[ "$(state_field bundle)" = "$BUNDLE" ]
}

@test "exec: a second process in a running container, its exit status returned" {
	set_args sleep 1000
	create_bg
	moat start "$ID"
	wait_status running
	run moat exec "$ID" /bin/probe exit 5
	[ "$status" -eq 5 ] || { echo "status $status: $output"; false; }
	run moat exec --cwd /tmp -e FOO=bar "$ID" sh -c 'echo "$(pwd) $FOO"'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "/tmp bar" ]
}

@test "exec into a stopped container: refused" {
	set_args true
	create_bg
	moat start "$ID"
	wait_status stopped
	run moat exec "$ID" /bin/probe ids
	# runc answers 255 for its own failures, so that a caller tells them
	# from the process exiting 1.
	[ "$status" -eq 255 ]
}

# refused_as_runc EXIT PHRASE ARGS...: `moat ARGS` fails with runc 1.1.5's
# exit code and its words.  containerd's shim (pkg/process: checkKillError,
# Init.delete) and go-runc match these words in the last error of the
# --log file, so a paraphrase breaks them.
refused_as_runc() {
	local want=$1 phrase=$2
	shift 2
	run moat "$@"
	[ "$status" -eq "$want" ] || { echo "moat $*: exit $status, runc's is $want: $output"; return 1; }
	[ "${#lines[@]}" -eq 1 ] || { echo "moat $*: more than one line: $output"; return 1; }
	[[ "$output" == *"$phrase"* ]] || { echo "moat $*: \"$output\" lacks runc's \"$phrase\""; return 1; }
}

@test "a container that does not exist: every command refuses in runc's words and exit codes" {
	local cmd
	for cmd in start state ps pause resume delete "kill --all" "update --memory 100M" "events --stats"; do
		# shellcheck disable=SC2086 # the options split into words
		refused_as_runc 1 "container does not exist" $cmd "$ID"
	done
	refused_as_runc 1 "container does not exist" kill "$ID" KILL
	refused_as_runc 255 "container does not exist" exec "$ID" true
}

@test "created, running, paused, stopped: each refusal in runc's words and exit codes" {
	set_args sleep 1000
	create_bg
	refused_as_runc 1 "container with given ID already exists" create --bundle "$BUNDLE" "$ID"
	refused_as_runc 1 "container not paused" resume "$ID"
	moat start "$ID"
	wait_status running
	refused_as_runc 1 "cannot start an already running container" start "$ID"
	refused_as_runc 1 "container not paused" resume "$ID"
	moat pause "$ID"
	refused_as_runc 1 "cannot start a container in the paused state" start "$ID"
	refused_as_runc 1 "container not running" pause "$ID"
	refused_as_runc 1 "that is not stopped: paused" delete "$ID"
	moat resume "$ID"
	moat kill "$ID" KILL
	wait_status stopped
	refused_as_runc 1 "container not running" kill "$ID" KILL
	refused_as_runc 1 "cannot start a container that has stopped" start "$ID"
	refused_as_runc 255 "cannot exec in a stopped container" exec "$ID" true
	refused_as_runc 1 "container not running" pause "$ID"
	refused_as_runc 1 "container not paused" resume "$ID"
	refused_as_runc 1 "container not running" update --memory 100M "$ID"
	refused_as_runc 1 "container with id $ID is not running" events --stats "$ID"
}

# runc pauses a created container too (its freezer takes created and
# running): `state` says paused, start is refused rather than left waiting
# on a frozen init, and resume makes it created again.
@test "pause a created container: paused, start refused, resume makes it created again" {
	set_args sh -c 'echo ran >/tmp/marker; exec sleep 1000'
	create_bg
	moat pause "$ID"
	wait_status paused
	run timeout 20 "$MOAT_BINARY" --root "$ROOT" start "$ID"
	[ "$status" -eq 1 ] || { echo "start of a paused container: exit $status: $output"; false; }
	[[ "$output" == *"cannot start a container in the paused state"* ]] || { echo "$output"; false; }
	moat resume "$ID"
	wait_status created
	[ ! -e "$BUNDLE/rootfs/tmp/marker" ]
	moat start "$ID"
	wait_status running
}

# The shim deletes a task with `delete --force` whatever became of it.
@test "delete --force of a created, a running, a paused and a stopped container leaves nothing" {
	local how
	set_args sleep 1000
	for how in created running paused stopped; do
		create_bg
		[ "$how" = created ] || moat start "$ID"
		[ "$how" != paused ] || moat pause "$ID"
		[ "$how" != stopped ] || { moat kill "$ID" KILL && wait_status stopped; }
		run moat delete --force "$ID"
		[ "$status" -eq 0 ] || { echo "$how: $output"; false; }
		assert_nothing_left "$ID"
	done
}

# go-runc's Ps runs `ps --format json ID` and unmarshals a []int: init's
# pid while it runs; once stopped, an empty list (runc 1.1.5 prints null,
# which go-runc reads as the same empty list), exit 0 either way.
@test "ps --format json: the pids while running, an empty list once stopped" {
	set_args sleep 1000
	create_bg
	moat start "$ID"
	wait_status running
	run moat ps --format json "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(echo "$output" | jq -c .)" = "[$(state_field pid)]" ]
	moat kill "$ID" KILL
	wait_status stopped
	run moat ps --format json "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | jq -e 'type == "array" and length == 0' >/dev/null
}

# stopped_with_child: a stopped container (no pid namespace) whose init
# left a child running in its cgroup; prints the child's pid.
stopped_with_child() {
	local i
	set_args sh -c 'sleep 1000 & echo $! >/tmp/child; exit 0'
	update_config '.linux.namespaces |= map(select(.type != "pid"))'
	# a command substitution does not inherit bats' errexit
	create_bg >&2 || return 1
	moat start "$ID" || return 1
	wait_status stopped >&2 || return 1
	for i in $(seq 50); do
		[ -s "$BUNDLE/rootfs/tmp/child" ] && break
		sleep 0.1
	done
	cat "$BUNDLE/rootfs/tmp/child"
}

# Without a pid namespace, init's children outlive it in the cgroup.  The
# shim's `kill --all ID 9` after the task exited must reach them (runc
# signals the cgroup), and delete then removes everything (runc's destroy
# kills what is left when there is no private pid namespace).
@test "kill --all of a stopped container kills what is left in its cgroup; delete then leaves nothing" {
	local child i
	child=$(stopped_with_child)
	! pid_dead "$child" || { echo "the child $child is gone already"; false; }
	run moat kill "$ID" KILL
	[ "$status" -eq 1 ]
	[[ "$output" == *"container not running"* ]]
	run moat kill --all "$ID" KILL
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	for i in $(seq 50); do
		pid_dead "$child" && break
		sleep 0.1
	done
	pid_dead "$child" || { echo "the child $child survived kill --all"; false; }
	run moat delete "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	assert_nothing_left "$ID"
}

@test "delete of a stopped container with processes left in its cgroup kills them, as runc's destroy" {
	local child i
	child=$(stopped_with_child)
	run moat delete "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	assert_nothing_left "$ID"
	for i in $(seq 50); do
		pid_dead "$child" && break
		sleep 0.1
	done
	pid_dead "$child" || { echo "the child $child survived delete"; false; }
}
