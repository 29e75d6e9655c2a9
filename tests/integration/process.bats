#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# process.*: user, umask, env, cwd, args and the PATH lookup, rlimits,
# oomScoreAdj, ioPriority, scheduler, execCPUAffinity, linux.personality,
# the fds a container starts with, and CVE-2024-21626 (a cwd through a
# leaked host fd).  Every value is read from inside the container.

load helpers

setup() {
	setup_bundle
}

teardown() {
	moat delete -f ptest >/dev/null 2>&1 || true
}

set_args() { # set_args CMD... : process.args
	local args
	args=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	update_config ".process.args = $args"
}

run_probe() { # run_probe ARGS... : /bin/probe ARGS in container "ptest"
	set_args /bin/probe "$@"
	run moat run --bundle "$BUNDLE" ptest
}

@test "process.user: uid, gid and additionalGids, numeric" {
	update_config '.process.user = {"uid": 1000, "gid": 1001, "additionalGids": [10, 20]}'
	run_probe ids
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'uid=1000'
	echo "$output" | grep -qx 'euid=1000'
	echo "$output" | grep -qx 'gid=1001'
	echo "$output" | grep -qx 'egid=1001'
	echo "$output" | grep -qx 'groups=10,20'
}

@test "process.user.umask, and 0022 when unset" {
	update_config '.process.user.umask = 63'
	run_probe umask
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'umask=0077'
	update_config 'del(.process.user.umask)'
	run_probe umask
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'umask=0022'
}

@test "process.env is the whole environment" {
	update_config '.process.env = ["PATH=/bin", "FOO=bar baz", "EMPTY="]'
	run_probe env
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'FOO=bar baz'
	echo "$output" | grep -qx 'EMPTY='
	# nothing of moat's own environment (runc adds only HOME)
	[ "$(echo "$output" | grep -vc '^HOME=')" -eq 3 ] || { echo "$output"; false; }
}

@test "process.cwd is entered, and created when missing" {
	update_config '.process.cwd = "/tmp"'
	run_probe cwd
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "/tmp" ]
	[ ! -e "$BUNDLE/rootfs/new/work/dir" ]
	update_config '.process.cwd = "/new/work/dir"'
	run_probe cwd
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "/new/work/dir" ]
	[ -d "$BUNDLE/rootfs/new/work/dir" ]
}

@test "process.args[0] is looked up in the container's PATH" {
	update_config '.process.env = ["PATH=/nonexistent:/bin"]'
	set_args probe exit 7
	run moat run --bundle "$BUNDLE" ptest
	[ "$status" -eq 7 ] || { echo "$output"; false; }
	# the default PATH when the config has none
	update_config '.process.env = ["HOME=/"]'
	run moat run --bundle "$BUNDLE" ptest
	[ "$status" -eq 7 ] || { echo "$output"; false; }
}

@test "a missing binary fails create with runc's message, nothing left" {
	set_args nosuchbinary
	run moat create --bundle "$BUNDLE" ptest
	[ "$status" -ne 0 ]
	[[ "$output" == *'exec: "nosuchbinary": executable file not found in $PATH'* ]] || { echo "$output"; false; }
	assert_nothing_left ptest

	set_args /bin/nosuchbinary
	run moat create --bundle "$BUNDLE" ptest
	[ "$status" -ne 0 ]
	echo "$output" | grep -qi 'exec: "/bin/nosuchbinary": .*no such file or directory' || { echo "$output"; false; }
	assert_nothing_left ptest

	# a directory is not an executable
	set_args /bin
	run moat create --bundle "$BUNDLE" ptest
	[ "$status" -ne 0 ]
	[[ "$output" == *'exec: "/bin"'* ]] || { echo "$output"; false; }
	assert_nothing_left ptest
}

@test "process.rlimits" {
	update_config '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 777, "hard": 888},
	                                   {"type": "RLIMIT_CORE", "soft": 0, "hard": 0}]'
	run_probe rlimit NOFILE
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'soft=777'
	echo "$output" | grep -qx 'hard=888'
	run_probe rlimit CORE
	echo "$output" | grep -qx 'hard=0'
}

@test "process.oomScoreAdj" {
	update_config '.process.oomScoreAdj = 345'
	run_probe read /proc/self/oom_score_adj
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "345" ]
}

@test "linux.personality LINUX32: uname -m says i686" {
	[ "$(uname -m)" = x86_64 ] || skip "needs an x86_64 host (this is $(uname -m))"
	update_config '.linux.personality = {"domain": "LINUX32"}'
	run_probe uname
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'machine=i686'
}

@test "process.ioPriority" {
	update_config '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 6}'
	run_probe ioprio
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'class=2'
	echo "$output" | grep -qx 'priority=6'
}

@test "process.scheduler: SCHED_BATCH with nice 7" {
	update_config '.process.scheduler = {"policy": "SCHED_BATCH", "nice": 7}'
	run_probe sched
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'policy=3'
	echo "$output" | grep -qx 'nice=7'
}

@test "process.execCPUAffinity: final is what the process runs with" {
	[ "$(nproc --all)" -ge 2 ] || skip "needs 2 cpus (this host has $(nproc --all))"
	grep -q '^Cpus_allowed_list:.*1' /proc/self/status || skip "cpu 1 is not allowed here"
	update_config '.process.execCPUAffinity = {"initial": "0", "final": "1"}'
	run_probe affinity
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "cpus=1" ]
	update_config '.process.execCPUAffinity = {"initial": "0-1,0"}'
	run_probe affinity
	[ "$output" = "cpus=0,1" ] || { echo "$output"; false; }
}

@test "no fd leaks: only stdio, plus --preserve-fds" {
	run_probe fds
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(echo "$output" | cut -d= -f1 | tr '\n' ' ')" = "0 1 2 " ] || { echo "$output"; false; }
	run moat run --preserve-fds 2 --bundle "$BUNDLE" ptest 3</dev/null 4</dev/null 5</dev/null
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(echo "$output" | cut -d= -f1 | tr '\n' ' ')" = "0 1 2 3 4 " ] || { echo "$output"; false; }
}

# CVE-2024-21626: init must not start with its cwd on a host directory
# reached through an fd moat left open.  Each attempt either fails, or
# the process's cwd is a path inside the container.
@test "CVE-2024-21626: a cwd through /proc/self/fd/N stays inside the container" {
	for fd in 3 4 5 6 7 8 9 10; do
		update_config ".process.cwd = \"/proc/self/fd/$fd\""
		run_probe cwd
		if [ "$status" -eq 0 ]; then
			[[ "$output" == /* ]] || { echo "fd $fd: $output"; false; }
			[[ "$output" != *unreachable* ]] || { echo "fd $fd: $output"; false; }
		else
			assert_nothing_left ptest
		fi
	done
}

# runc: with no HOME (or an empty one) in process.env, HOME is the home of
# process.user.uid in the container's /etc/passwd, else "/".
home_of() { # home_of: HOME as the container's process sees it
	echo "$output" | sed -n 's/^HOME=//p'
}

@test "HOME: from the container's /etc/passwd for process.user.uid, else /; a HOME in env is kept" {
	echo 'u:x:1000:1000::/home/u:/bin/sh' >>"$BUNDLE/rootfs/etc/passwd"
	update_config '.process.env = ["PATH=/bin"]'
	run_probe env
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(home_of)" = /root ] || { echo "$output"; false; }
	update_config '.process.user.uid = 1000'
	run_probe env
	[ "$(home_of)" = /home/u ] || { echo "$output"; false; }
	update_config '.process.user.uid = 1234'
	run_probe env
	[ "$(home_of)" = / ] || { echo "$output"; false; }
	# an empty HOME is replaced in place, as runc's os.Setenv does
	update_config '.process.user.uid = 1000 | .process.env = ["PATH=/bin", "HOME=", "X=1"]'
	run_probe env
	[ "$(echo "$output" | tr '\n' ' ')" = "PATH=/bin HOME=/home/u X=1 " ] || { echo "$output"; false; }
	update_config '.process.env = ["PATH=/bin", "HOME=/mine"]'
	run_probe env
	[ "$(home_of)" = /mine ] || { echo "$output"; false; }
}

@test "HOME: an /etc/passwd symlinked to a host path is read inside the container, never from the host" {
	printf 'root:x:0:0:root:/from-the-host:/bin/sh\n' >"$BATS_TEST_TMPDIR/hostpasswd"
	ln -sf "$BATS_TEST_TMPDIR/hostpasswd" "$BUNDLE/rootfs/etc/passwd"
	update_config '.process.env = ["PATH=/bin"]'
	run_probe env
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(home_of)" = / ] || { echo "$output"; false; }
	# a relative link inside the rootfs is followed there
	mkdir -p "$BUNDLE/rootfs/lib/db"
	printf 'root:x:0:0:root:/inside:/bin/sh\n' >"$BUNDLE/rootfs/lib/db/passwd"
	ln -sf ../lib/db/passwd "$BUNDLE/rootfs/etc/passwd"
	run_probe env
	[ "$(home_of)" = /inside ] || { echo "$output"; false; }
	# a fifo is not read (it would block the start)
	rm "$BUNDLE/rootfs/etc/passwd"
	mkfifo "$BUNDLE/rootfs/etc/passwd"
	run timeout 20 "$MOAT_BINARY" --root "$ROOT" run --bundle "$BUNDLE" ptest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(home_of)" = / ] || { echo "$output"; false; }
}

@test "HOME: moat exec sets it the same way; exec -e HOME wins" {
	echo 'u:x:1000:1000::/home/u:/bin/sh' >>"$BUNDLE/rootfs/etc/passwd"
	update_config '.process.env = ["PATH=/bin"] | .process.args = ["sleep", "100"]'
	moat run -d --bundle "$BUNDLE" ptest
	run moat exec ptest /bin/probe env
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(home_of)" = /root ] || { echo "$output"; false; }
	run moat exec --user 1000 ptest /bin/probe env
	[ "$(home_of)" = /home/u ] || { echo "$output"; false; }
	run moat exec --user 1234 ptest /bin/probe env
	[ "$(home_of)" = / ] || { echo "$output"; false; }
	run moat exec -e HOME=/x ptest /bin/probe env
	[ "$(home_of)" = /x ] || { echo "$output"; false; }
}
