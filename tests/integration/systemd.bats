#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# moat under systemd as PID 1 (the systemd guest: tests/vm/guest.test with
# MOAT_GUEST_SYSTEMD=1): the --systemd-cgroup driver's transient scope,
# its limits as systemd and the kernel see them, update, pause, delete;
# and a Type=notify service whose container says when it is ready.
# Everywhere else these tests skip.

load helpers

ID=moat-sd-$$

setup() {
	[ -d /run/systemd/system ] || skip "needs systemd as PID 1 (the systemd guest)"
	setup_bundle
	cd "$BUNDLE"
	CG=$(cgroup2_mount)
}

teardown() {
	[ -d /run/systemd/system ] || return 0
	systemctl stop "moat-notify-$$.service" 2>/dev/null || true
	cleanup_root
}

prop() { systemctl show -p "$2" --value "$1"; }

@test "systemd: --systemd-cgroup runs the container in a transient scope with its limits; update, pause, delete" {
	local unit=moat-$ID.scope pid
	update_config '.linux.cgroupsPath = "machine.slice:moat:'"$ID"'"
		| .linux.resources = {"memory": {"limit": 67108864}, "pids": {"limit": 42},
			"cpu": {"shares": 1024, "quota": 50000, "period": 100000}}
		| .process.args = ["/bin/sleep", "1000"]'
	moat --systemd-cgroup run -d "$ID" </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" 3>&- ||
		{ cat "$BATS_TEST_TMPDIR/err"; false; }
	pid=$(moat state "$ID" | jq .pid)
	[ "$(sed -n 's/^0:://p' "/proc/$pid/cgroup")" = "/machine.slice/$unit" ]
	[ "$(prop "$unit" ActiveState)" = active ]
	[ "$(prop "$unit" Delegate)" = yes ]
	# systemd's view and the kernel's agree.
	[ "$(prop "$unit" MemoryMax)" = 67108864 ]
	[ "$(prop "$unit" TasksMax)" = 42 ]
	[ "$(prop "$unit" CPUWeight)" = 39 ]
	[ "$(prop "$unit" CPUQuotaPerSecUSec)" = 500ms ]
	run moat exec "$ID" /bin/sh -c 'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /sys/fs/cgroup/cpu.max'
	echo "$output"
	[ "${lines[0]}" = 67108864 ]
	[ "${lines[1]}" = 42 ]
	[ "${lines[2]}" = "50000 100000" ]
	moat update --memory 128m --pids-limit 50 "$ID"
	[ "$(prop "$unit" MemoryMax)" = 134217728 ]
	[ "$(prop "$unit" TasksMax)" = 50 ]
	[ "$(cat "$CG/machine.slice/$unit/memory.max")" = 134217728 ]
	moat pause "$ID"
	[ "$(moat state "$ID" | jq -r .status)" = paused ]
	moat resume "$ID"
	moat kill "$ID" KILL
	for _ in $(seq 50); do [ "$(moat state "$ID" | jq -r .status)" = stopped ] && break; sleep 0.1; done
	moat delete "$ID"
	# No unit, no cgroup: systemd forgot it.
	[ "$(prop "$unit" LoadState)" = not-found ]
	[ ! -e "$CG/machine.slice/$unit" ]
	assert_nothing_left "$ID"
}

@test "systemd: the default scope is system.slice's moat-ID.scope; delete -f of a running container stops it" {
	local unit=moat-$ID.scope
	update_config '.process.args = ["/bin/sleep", "1000"]'
	moat --systemd-cgroup run -d "$ID" </dev/null >/dev/null 2>&1 3>&-
	[ "$(prop "$unit" ActiveState)" = active ]
	[ -d "$CG/system.slice/$unit" ]
	moat delete -f "$ID"
	[ "$(prop "$unit" LoadState)" = not-found ]
	[ ! -e "$CG/system.slice/$unit" ]
	assert_nothing_left "$ID"
}

@test "systemd: a failed create leaves no unit (an exec that does not exist)" {
	local unit=moat-$ID.scope
	update_config '.process.args = ["/nonexistent"]'
	run moat --systemd-cgroup run "$ID"
	[ "$status" -ne 0 ]
	[ "$(prop "$unit" LoadState)" = not-found ]
	assert_nothing_left "$ID"
}

@test "systemd: a Type=notify service running moat becomes active only when its container says READY=1" {
	local svc=moat-notify-$$.service i state
	# An init that ends on SIGTERM, as a service's should: systemctl stop.
	update_config '.process.args = ["/bin/sh", "-c", "trap \"exit 0\" TERM; sleep 3; /bin/probe notify READY=1; sleep 1000 & wait"]'
	# DefaultDependencies=no: the guest boots a target of its own; basic.target
	# would pull in tmp.mount, a new /tmp over the test's.
	systemd-run --unit="$svc" --property=Type=notify --property=DefaultDependencies=no --no-block \
		"$MOAT_BINARY" --root "$ROOT" run --bundle "$BUNDLE" "$ID"
	sleep 1
	state=$(prop "$svc" ActiveState)
	echo "after 1 s: $state"
	[ "$state" = activating ]
	for i in $(seq 60); do
		state=$(prop "$svc" ActiveState)
		[ "$state" = activating ] || break
		sleep 0.5
	done
	echo "then: $state"
	[ "$state" = active ]
	[ "$(moat state "$ID" | jq -r .status)" = running ]
	# moat named the container's init as the main process.
	echo "MainPID $(prop "$svc" MainPID), init $(moat state "$ID" | jq .pid)"
	[ "$(prop "$svc" MainPID)" = "$(moat state "$ID" | jq .pid)" ]
	systemctl stop "$svc"
	[ "$(prop "$svc" ActiveState)" != active ]
	for i in $(seq 50); do [ ! -e "$ROOT/$ID" ] && break; sleep 0.1; done
	assert_nothing_left "$ID"
}
