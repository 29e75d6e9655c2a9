#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# systemd's protocols for the container, as runc gives them: NOTIFY_SOCKET
# (the container's READY=1 relayed to the host's socket after start, with
# MAINPID) and socket activation (LISTEN_FDS from systemd-socket-activate,
# Debian's systemd, passed into the container).  The systemd guest runs a
# real Type=notify unit on top of these (tests/vm).

load helpers

ID=moat-sdn-$$

setup() {
	setup_bundle
	cd "$BUNDLE"
	HOSTSOCK=$BATS_TEST_TMPDIR/host-notify.sock
	GOT=$BATS_TEST_TMPDIR/notified
	: >"$GOT"
}

teardown() {
	[ -n "${RECEIVER:-}" ] && kill "$RECEIVER" 2>/dev/null
	cleanup_root
}

receiver() {
	python3 "$MOAT_SRCDIR/tests/integration/notify-receiver.py" "$HOSTSOCK" "$GOT" &
	RECEIVER=$!
	local i
	for i in $(seq 50); do
		[ -e "$HOSTSOCK.ready" ] && return 0
		sleep 0.1
	done
	return 1
}

set_args() {
	local args
	args=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	update_config ".process.args = $args"
}

@test "sd_notify: start returns once the container says READY=1, relayed with MAINPID after start, never before" {
	receiver
	update_config '.process.args = ["/bin/sh", "-c", "sleep 1; /bin/probe notify STATUS=warming; /bin/probe notify \"READY=1\nMAINPID=7\nNOTIFYACCESS=all\nWATCHDOG_USEC=1\"; exec sleep 1000"]'
	NOTIFY_SOCKET=$HOSTSOCK moat create "$ID" </dev/null >/dev/null 2>&1
	# Created: the container runs nothing yet, the socket is not even bound.
	[ ! -s "$GOT" ]
	[ -d "$ROOT/$ID/notify" ]
	[ ! -e "$ROOT/$ID/notify/notify.sock" ]
	local t0 t1 pid
	t0=$(date +%s%N)
	NOTIFY_SOCKET=$HOSTSOCK moat start "$ID"
	t1=$(date +%s%N)
	# start waited for READY=1 (sent a second after the process began).
	[ $(((t1 - t0) / 1000000)) -ge 900 ]
	pid=$(moat state "$ID" | jq .pid)
	cat "$GOT"
	[ "$(sed -n 1p "$GOT")" = STATUS=warming ]
	# The container's own MAINPID (a pid of its namespace) and what would
	# reconfigure the host's unit are dropped; moat names init's pid on the
	# host, then asks for the barrier.
	[ "$(sed -n 2p "$GOT")" = "READY=1|MAINPID=$pid" ]
	[ "$(sed -n 3p "$GOT")" = BARRIER=1 ]
	# Inside: the socket dir, read-only and nosuid/nodev/noexec, and the
	# variable pointing at it.
	run moat exec "$ID" /bin/probe mounts
	echo "$output" | grep ' /run/notify '
	echo "$output" | grep ' /run/notify ' | grep -q 'ro,nosuid,nodev,noexec'
	run moat exec "$ID" /bin/sh -c 'tr "\0" "\n" </proc/1/environ'
	[[ "$output" == *"NOTIFY_SOCKET=/run/notify/notify.sock"* ]]
}

@test "sd_notify: run -d relays READY=1; a container that exits without it ends start, not hangs it" {
	receiver
	update_config '.process.args = ["/bin/sh", "-c", "/bin/probe notify READY=1; exec sleep 1000"]'
	NOTIFY_SOCKET=$HOSTSOCK moat run -d "$ID" </dev/null >/dev/null 2>&1
	grep -q "^READY=1|MAINPID=$(moat state "$ID" | jq .pid)\$" "$GOT"
	moat delete -f "$ID"
	: >"$GOT"
	set_args /bin/true
	NOTIFY_SOCKET=$HOSTSOCK moat create "$ID" </dev/null >/dev/null 2>&1
	run timeout 20 env NOTIFY_SOCKET="$HOSTSOCK" "$MOAT_BINARY" --root "$ROOT" start "$ID"
	[ "$status" -eq 0 ]
	[ ! -s "$GOT" ]
}

@test "sd_notify: a foreground run under a Type=notify-like manager, and a bad NOTIFY_SOCKET is one line" {
	receiver
	update_config '.process.args = ["/bin/sh", "-c", "/bin/probe notify READY=1; echo done"]'
	run env NOTIFY_SOCKET="$HOSTSOCK" "$MOAT_BINARY" --root "$ROOT" run "$ID"
	[ "$status" -eq 0 ]
	[ "$output" = done ]
	grep -q '^READY=1|MAINPID=' "$GOT"
	run env NOTIFY_SOCKET="$BATS_TEST_TMPDIR/nobody-listens" "$MOAT_BINARY" --root "$ROOT" run "$ID"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"connect to NOTIFY_SOCKET \`$BATS_TEST_TMPDIR/nobody-listens\`: No such file or directory"* ]]
	[ "${#lines[@]}" -eq 1 ]
	assert_nothing_left "$ID"
}

@test "socket activation: systemd-socket-activate's listening fd reaches the container as fd 3 with LISTEN_FDS=1, LISTEN_PID=1" {
	command -v systemd-socket-activate >/dev/null || skip "systemd-socket-activate is not installed"
	local sock=$BATS_TEST_TMPDIR/activate.sock
	set_args /bin/probe accept 3
	systemd-socket-activate -l "$sock" -- "$MOAT_BINARY" --root "$ROOT" run --bundle "$BUNDLE" "$ID" \
		</dev/null >"$BATS_TEST_TMPDIR/act.out" 2>&1 &
	local act=$! i
	for i in $(seq 50); do
		[ -S "$sock" ] && break
		sleep 0.1
	done
	run python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(20); s.connect(sys.argv[1])
print(s.makefile().readline().strip())' "$sock"
	echo "$output"
	[ "$output" = "LISTEN_FDS=1 LISTEN_PID=1 pid=1" ]
	wait "$act"
	cat "$BATS_TEST_TMPDIR/act.out"
	assert_nothing_left "$ID"
}

@test "socket activation: LISTEN_FDS meant for another pid is not taken" {
	set_args /bin/probe env
	run env LISTEN_FDS=1 LISTEN_PID=1 "$MOAT_BINARY" --root "$ROOT" run "$ID"
	[ "$status" -eq 0 ]
	[[ "$output" != *LISTEN_FDS* ]]
}
