#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# process.terminal: the pty handed to --console-socket with runc's protocol
# (SCM_RIGHTS + name), the foreground proxy of `run`, console size, and
# the errors when the pty has nowhere to go.

load helpers

setup() {
	command -v python3 >/dev/null || skip "needs python3 for the console socket receiver"
	setup_bundle
	update_config '.process.terminal = true'
	SOCK="$BATS_TEST_TMPDIR/console.sock"
	OUT="$BATS_TEST_TMPDIR/console.out"
	RECV_PID=
}

teardown() {
	[ -z "$RECV_PID" ] || kill "$RECV_PID" 2>/dev/null || true
	moat delete -f ttytest >/dev/null 2>&1 || true
}

set_args() {
	local args
	args=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	update_config ".process.args = $args"
}

start_receiver() { # start_receiver [INPUT]
	python3 "$MOAT_SRCDIR/tests/integration/console-receiver.py" "$SOCK" "$OUT" "$@" &
	RECV_PID=$!
	for _ in $(seq 100); do [ -e "$SOCK.ready" ] && return 0; sleep 0.05; done
	echo "receiver did not start"
	return 1
}

wait_receiver() {
	wait "$RECV_PID"
	RECV_PID=
}

@test "--console-socket receives the pty master; the process has the pty as its tty" {
	start_receiver
	set_args sh -c 'tty; echo hello-from-the-pty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-stdio-tty'
	run moat run -d --console-socket "$SOCK" --bundle "$BUNDLE" ttytest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	wait_receiver
	cat "$OUT"
	grep -q '^NAME=.' "$OUT"
	grep -q '^/dev/pts/[0-9]' "$OUT"
	grep -q 'hello-from-the-pty' "$OUT"
	grep -q 'all-stdio-tty' "$OUT"
}

@test "input written to the master reaches the process" {
	start_receiver $'ping-through-the-pty\n'
	set_args sh -c 'read line; echo "got:$line"'
	run moat run -d --console-socket "$SOCK" --bundle "$BUNDLE" ttytest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	wait_receiver
	grep -q 'got:ping-through-the-pty' "$OUT"
}

@test "create + start with a console socket" {
	start_receiver
	set_args sh -c 'echo started-later'
	run moat create --console-socket "$SOCK" --bundle "$BUNDLE" ttytest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(moat state ttytest | jq -r .status)" = created ]
	run moat start ttytest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	wait_receiver
	grep -q started-later "$OUT"
}

@test "process.consoleSize sets the pty size" {
	start_receiver
	update_config '.process.consoleSize = {"height": 40, "width": 123}'
	set_args stty size
	run moat run -d --console-socket "$SOCK" --bundle "$BUNDLE" ttytest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	wait_receiver
	grep -q '^40 123' "$OUT"
}

@test "foreground run proxies the pty to our stdio" {
	set_args sh -c 'tty; echo proxied'
	run moat run --bundle "$BUNDLE" ttytest </dev/null
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == */dev/pts/* ]]
	[[ "$output" == *proxied* ]]
	assert_nothing_left ttytest
}

# runc's fixStdioPermissions: the pty belongs to the process's uid; its gid
# stays the one devpts gave it (gid=5 in the default spec), mode 0620.
@test "the pty belongs to process.user.uid, with devpts's gid, in run and exec" {
	start_receiver
	update_config '.process.user = {"uid": 1000, "gid": 1001}'
	set_args sh -c 'stat -L -c %u:%g:%a /proc/self/fd/0 /proc/self/fd/1 /dev/console 2>&1'
	run moat run -d --console-socket "$SOCK" --bundle "$BUNDLE" ttytest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	wait_receiver
	cat "$OUT"
	[ "$(grep -c '^1000:5:620' "$OUT")" -eq 3 ] || false
	moat delete -f ttytest

	update_config '.process.user = {"uid": 0, "gid": 0} | .process.args = ["sleep", "100"]'
	rm -f "$SOCK" "$SOCK.ready"
	start_receiver
	run moat run -d --console-socket "$SOCK" --bundle "$BUNDLE" ttytest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	run moat exec -t --user 1000:1001 ttytest stat -L -c %u:%g:%a /proc/self/fd/0 </dev/null
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == 1000:5:620* ]] || { echo "$output"; false; }
}

# The pty already turns "\n" into "\r\n"; our own terminal must not do it
# again (runc makes the first of its stdin, stdout, stderr that is a
# terminal raw).  `script` gives run a terminal and records its bytes.
@test "foreground run on a terminal: lines end in \\r\\n, never \\r\\r\\n" {
	command -v script >/dev/null || skip "needs script(1) from util-linux for a terminal"
	set_args sh -c 'echo one; echo two'
	local in out=$BATS_TEST_TMPDIR/typescript
	# stdin and stdout the terminal; then only stdout.  (script echoes the
	# EOF of its own stdin as "^@" at some point: dropped.)
	for in in "" "</dev/null"; do
		script -qc "'$MOAT_BINARY' --root '$ROOT' run --bundle '$BUNDLE' ttytest $in" /dev/null \
			</dev/null >"$out"
		od -c "$out"
		[ "$(od -An -c "$out" | tr -d ' \n' | sed 's/\^@//g')" = 'one\r\ntwo\r\n' ]
	done
	# exec -t in the foreground proxies the same way
	update_config '.process.terminal = false | .process.args = ["sleep", "100"]'
	moat run -d --bundle "$BUNDLE" ttytest </dev/null >/dev/null 2>&1
	script -qc "'$MOAT_BINARY' --root '$ROOT' exec -t ttytest sh -c 'echo one; echo two'" /dev/null \
		</dev/null >"$out"
	od -c "$out"
	[ "$(od -An -c "$out" | tr -d ' \n' | sed 's/\^@//g')" = 'one\r\ntwo\r\n' ]
}

@test "terminal without a console socket: create fails, nothing left" {
	run moat create --bundle "$BUNDLE" ttytest
	[ "$status" -ne 0 ]
	[[ "$output" == *console-socket* ]]
	assert_nothing_left ttytest
}

@test "a console socket nobody listens on: create fails, nothing left" {
	run moat create --console-socket "$BATS_TEST_TMPDIR/nobody.sock" --bundle "$BUNDLE" ttytest
	[ "$status" -ne 0 ]
	[[ "$output" == *nobody.sock* ]]
	assert_nothing_left ttytest
}

@test "--console-socket with terminal false is refused" {
	update_config '.process.terminal = false'
	start_receiver
	run moat create --console-socket "$SOCK" --bundle "$BUNDLE" ttytest
	[ "$status" -ne 0 ]
	[[ "$output" == *terminal* ]]
	assert_nothing_left ttytest
}
