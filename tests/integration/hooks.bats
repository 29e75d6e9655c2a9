#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# OCI hooks: each kind runs at its step of the lifecycle with the state JSON
# on stdin (status "creating", "created", "running", "stopped" as the
# runtime-spec says), its own args and env, killed at its timeout; a
# failing hook aborts (nothing left behind), except poststop which warns.

load helpers

setup() {
	setup_bundle
	update_config '.root.readonly = false'
	OUT=$BATS_TEST_TMPDIR/out
	mkdir -p "$OUT"
	# Host-side hook: its stdin to the file named by $1.
	printf '#!/bin/sh\ncat > "$1"\n' >"$BATS_TEST_TMPDIR/save-stdin"
	chmod 755 "$BATS_TEST_TMPDIR/save-stdin"
}

teardown() {
	moat delete -f htest >/dev/null 2>&1 || true
}

hook() { # hook KIND JSON : append one hook
	update_config ".hooks.$1 = ((.hooks.$1 // []) + [$2])"
}

save_hook() { # save_hook KIND : a host hook saving its stdin to $OUT/KIND.json
	hook "$1" "{\"path\": \"$BATS_TEST_TMPDIR/save-stdin\", \"args\": [\"save-stdin\", \"$OUT/$1.json\"]}"
}

@test "every hook kind runs at its step with the state on stdin" {
	for k in prestart createRuntime createContainer poststart poststop; do save_hook "$k"; done
	# startContainer runs in the container: the path is the container's.
	hook startContainer '{"path": "/bin/sh", "args": ["sh", "-c", "cat > /startContainer.json"]}'
	update_config '.process.args = ["/bin/probe", "exit", "0"]'

	# stdio away from bats' pipe: the created container keeps it open
	moat create --bundle "$BUNDLE" htest </dev/null >"$OUT/log" 2>&1 || { cat "$OUT/log"; false; }
	for k in prestart createRuntime createContainer; do
		[ -s "$OUT/$k.json" ] || { echo "$k did not run at create"; false; }
		[ "$(jq -r .status "$OUT/$k.json")" = creating ] || { cat "$OUT/$k.json"; false; }
		[ "$(jq -r .id "$OUT/$k.json")" = htest ]
		[ "$(jq -r .bundle "$OUT/$k.json")" = "$BUNDLE" ]
		[ "$(jq -r .pid "$OUT/$k.json")" -gt 0 ]
	done
	[ ! -e "$BUNDLE/rootfs/startContainer.json" ]
	[ ! -e "$OUT/poststart.json" ]

	moat start htest </dev/null >"$OUT/log" 2>&1 || { cat "$OUT/log"; false; }
	[ -s "$BUNDLE/rootfs/startContainer.json" ] || { echo "startContainer did not run"; false; }
	[ "$(jq -r .status "$BUNDLE/rootfs/startContainer.json")" = created ]
	[ -s "$OUT/poststart.json" ] || { echo "poststart did not run at start"; false; }
	[ "$(jq -r .status "$OUT/poststart.json")" = running ]
	[ ! -e "$OUT/poststop.json" ]

	run moat delete -f htest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ -s "$OUT/poststop.json" ] || { echo "poststop did not run at delete"; false; }
	[ "$(jq -r .status "$OUT/poststop.json")" = stopped ]
	[ "$(jq -r .id "$OUT/poststop.json")" = htest ]
}

@test "a hook gets its args (args[0] included) and only its env" {
	hook prestart "{\"path\": \"/bin/sh\", \"env\": [\"FOO=bar\"],
	                \"args\": [\"sh\", \"-c\", \"echo \\\"\$0|\$1|\$FOO|\$HOME\\\" > $OUT/args\", \"zero\", \"one\"]}"
	update_config '.process.args = ["/bin/probe", "exit", "0"]'
	run moat run --bundle "$BUNDLE" htest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(cat "$OUT/args")" = "zero|one|bar|" ] || { cat "$OUT/args"; false; }
}

@test "a hook that exits without reading its stdin does not kill moat" {
	# A state bigger than a pipe's buffer (an annotation of 100 KB): the
	# hook is gone before moat has written it all, every time.
	update_config '.annotations.big = ("a" * 100000)'
	hook prestart "{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"exec <&-; echo ran > $OUT/ran\"]}"
	# Under run, moat forwards the signals it gets to the container: the
	# SIGPIPE of a poststart hook's stdin is moat's own, not the container's.
	hook poststart '{"path": "/bin/sh", "args": ["sh", "-c", "exec <&-"]}'
	update_config '.process.args = ["/bin/sh", "-c", "trap \"echo got SIGPIPE\" PIPE; sleep 2; echo done"]'
	run moat run --bundle "$BUNDLE" htest
	[ "$status" -eq 0 ] || { echo "status $status: $output"; false; }
	[ "$(cat "$OUT/ran")" = ran ]
	[ "$output" = done ] || { echo "$output"; false; }
	assert_nothing_left htest
}

@test "hooks start with no signal blocked, also under run's signal forwarding" {
	# python3 keeps the mask it was given (a shell changes it): it reports it.
	local py='import sys; print([l for l in open("/proc/self/status") if l.startswith("SigBlk")][0], end="", file=open(sys.argv[1], "w"))'
	for k in prestart poststart poststop; do
		hook "$k" "$(jq -n --arg py "$py" --arg out "$OUT/$k" '{path: "/usr/bin/python3", args: ["python3", "-c", $py, $out]}')"
	done
	update_config '.process.args = ["/bin/probe", "exit", "0"]'
	run moat run --bundle "$BUNDLE" htest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	for k in prestart poststart poststop; do
		[ "$(cat "$OUT/$k")" = "$(printf 'SigBlk:\t0000000000000000')" ] || { echo "$k: $(cat "$OUT/$k")"; false; }
	done
}

@test "a hook past its timeout is killed and fails create, nothing left" {
	hook prestart '{"path": "/bin/sleep", "args": ["sleep", "600"], "timeout": 1}'
	run moat create --bundle "$BUNDLE" htest
	[ "$status" -ne 0 ]
	[[ "$output" == *"prestart hook #0 (/bin/sleep): timed out after 1s"* ]] || { echo "$output"; false; }
	assert_nothing_left htest
	! pgrep -x -f "sleep 600" >/dev/null
}

@test "a failing hook aborts create with its index, status and last line; nothing left" {
	hook prestart '{"path": "/bin/false", "args": ["false"]}'
	run moat create --bundle "$BUNDLE" htest
	[ "$status" -ne 0 ]
	[[ "$output" == *"prestart hook #0 (/bin/false): exit status 1"* ]] || { echo "$output"; false; }
	assert_nothing_left htest

	update_config 'del(.hooks)'
	hook createRuntime '{"path": "/bin/true", "args": ["true"]}'
	hook createRuntime '{"path": "/bin/sh", "args": ["sh", "-c", "echo noise; echo the real reason >&2; exit 3"]}'
	run moat create --bundle "$BUNDLE" htest
	[ "$status" -ne 0 ]
	[[ "$output" == *"createRuntime hook #1 (/bin/sh): exit status 3"* ]] || { echo "$output"; false; }
	[[ "$output" == *"the real reason"* ]] || { echo "$output"; false; }
	assert_nothing_left htest
}

@test "a failing poststop hook only warns; the delete goes on" {
	hook poststop '{"path": "/bin/false", "args": ["false"]}'
	save_hook poststop
	update_config '.process.args = ["/bin/probe", "exit", "0"]'
	run moat run --bundle "$BUNDLE" htest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"poststop hook #0 (/bin/false)"*"ignoring"* ]] || { echo "$output"; false; }
	# the next poststop hook still ran
	[ -s "$OUT/poststop.json" ]
	assert_nothing_left htest
}

@test "startContainer hooks run under the process's seccomp filter, no_new_privs, capabilities and user" {
	# runc's order: the filter and the rest of the security finale first,
	# then startContainer, then execve; a hook may do nothing the workload
	# may not.  The hook and the workload report the same lines.
	local want='^(Uid|Seccomp|NoNewPrivs|CapEff|CapBnd):'
	hook startContainer "{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"grep -E '$want' /proc/self/status > /tmp/hook.status\"]}"
	update_config ".process.user = {\"uid\": 65534, \"gid\": 65534}
		| .process.args = [\"/bin/sh\", \"-c\", \"grep -E '$want' /proc/self/status\"]"
	run moat run --bundle "$BUNDLE" htest </dev/null
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "workload:"; echo "$output"; echo "hook:"; cat "$BUNDLE/rootfs/tmp/hook.status"
	grep -q '^Seccomp:[[:space:]]*2' "$BUNDLE/rootfs/tmp/hook.status"
	[ "$output" = "$(cat "$BUNDLE/rootfs/tmp/hook.status")" ]
}

# runc runs a hook as an exec.Cmd with Env and Dir unset when the hook has
# no env: the runtime's own environment and working directory, which for
# the runtime-namespace hooks is the bundle (runc works from there).  The
# container hooks run where runc's init stands: createContainer from the
# rootfs (before pivot_root) with process.env, startContainer from
# process.cwd with process.env plus HOME.
@test "a hook without env gets runc's environment; runtime hooks run from the bundle" {
	local k
	for k in prestart createRuntime createContainer poststart poststop; do
		hook "$k" "{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"{ pwd; env; } > $OUT/$k\"]}"
	done
	hook startContainer '{"path": "/bin/sh", "args": ["sh", "-c", "{ pwd; env; } > /startContainer"]}'
	update_config '.process.args = ["/bin/probe", "exit", "0"] | .process.cwd = "/tmp"
	               | .process.env = ["PATH=/bin", "A=1"]'
	cd /var/tmp
	MOAT_HOOK_FOO=from-the-caller moat run --bundle "$BUNDLE" htest </dev/null >"$OUT/log" 2>&1 ||
		{ cat "$OUT/log"; false; }
	for k in prestart createRuntime poststart poststop; do
		[ "$(head -1 "$OUT/$k")" = "$BUNDLE" ] || { echo "$k:"; cat "$OUT/$k"; false; }
		grep -qx 'MOAT_HOOK_FOO=from-the-caller' "$OUT/$k" || { echo "$k:"; cat "$OUT/$k"; false; }
	done
	[ "$(head -1 "$OUT/createContainer")" = "$BUNDLE/rootfs" ] || { cat "$OUT/createContainer"; false; }
	grep -qx 'A=1' "$OUT/createContainer" || { cat "$OUT/createContainer"; false; }
	! grep -q MOAT_HOOK_FOO "$OUT/createContainer" || { cat "$OUT/createContainer"; false; }
	local s=$BUNDLE/rootfs/startContainer
	[ "$(head -1 "$s")" = /tmp ] || { cat "$s"; false; }
	grep -qx 'A=1' "$s" && grep -qx 'HOME=/root' "$s" || { cat "$s"; false; }
	! grep -q MOAT_HOOK_FOO "$s" || { cat "$s"; false; }
}

# start and delete parse the config copy only for its poststart and
# poststop hooks (docs/performance.md: a parse is 6 % of a cycle here);
# create records which it has.  A state dir from before that record
# still runs them.
@test "start and delete read the config copy only for poststart and poststop hooks" {
	command -v strace >/dev/null || skip "needs strace"
	traced() { # traced CMD... : moat's openat calls to $OUT/trace
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
			strace -qq -o "$OUT/trace" -e trace=openat "$MOAT_BINARY" --root "$ROOT" "$@"
	}
	# With the kernel's audit on, the audit trail reads it once for its
	# record (audit-trail.c); that read is not the hooks'.
	command -v auditctl >/dev/null || skip "needs auditctl: is the kernel's audit on?"
	trail=0
	auditctl -s | grep -q '^enabled [12]' && trail=1
	update_config '.process.args = ["/bin/sleep", "100"]'
	moat create --bundle "$BUNDLE" htest </dev/null >"$OUT/log" 2>&1 3>&- || { cat "$OUT/log"; false; }
	traced start htest
	[ "$(grep -c 'config\.json' "$OUT/trace")" -eq "$trail" ] || { echo "start: config read without poststart hooks"; false; }
	traced delete -f htest
	[ "$(grep -c 'config\.json' "$OUT/trace")" -eq "$trail" ] || { echo "delete: config read without poststop hooks"; false; }

	save_hook poststart
	save_hook poststop
	moat create --bundle "$BUNDLE" htest </dev/null >"$OUT/log" 2>&1 3>&- || { cat "$OUT/log"; false; }
	traced start htest
	[ "$(jq -r .status "$OUT/poststart.json")" = running ]
	# an older moat's state.json, without the record: the config decides
	jq 'del(.hooks)' "$ROOT/htest/state.json" >"$OUT/state" && cp "$OUT/state" "$ROOT/htest/state.json"
	traced delete -f htest
	[ "$(grep -c 'config\.json' "$OUT/trace")" -eq 1 ]
	[ "$(jq -r .status "$OUT/poststop.json")" = stopped ]
}
