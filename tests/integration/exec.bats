#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# moat exec: the process joins the container's namespaces, gets its exit
# status back, and takes -e, --cwd, -u, -d/--pid-file, -p process.json,
# --no-new-privs and --cap.  Every value is read from inside.

load helpers

setup() {
	setup_bundle
	update_config '.process.args = ["/bin/probe", "sleep", "600"]'
	moat run -d --bundle "$BUNDLE" etest </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/run.err" ||
		{ cat "$BATS_TEST_TMPDIR/run.err"; return 1; }
	INIT=$(moat state etest | jq -r .pid)
}

teardown() {
	moat delete -f etest >/dev/null 2>&1 || true
}

@test "exec joins every namespace of the container" {
	run moat exec etest /bin/probe ns
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	for n in cgroup ipc mnt net pid time user uts; do
		[ -e "/proc/$INIT/ns/$n" ] || continue
		want=$(readlink "/proc/$INIT/ns/$n")
		echo "$output" | grep -qxF "$n=$want" || { echo "$n: want $want"; echo "$output"; false; }
	done
	# and the pid namespace is init's: init is pid 1 there
	run moat exec etest /bin/probe read /proc/1/cmdline
	[[ "$output" == *"sleep"* ]] || { echo "$output"; false; }
}

# exec never mounts: libmount is not loaded, and libselinux only when a
# label is applied (docs/performance.md: each costs every exec its start).
@test "exec without a label loads neither libmount nor libselinux" {
	command -v strace >/dev/null || skip "needs strace"
	strace -f -qq -o "$BATS_TEST_TMPDIR/trace" -e trace=openat "$MOAT_BINARY" --root "$ROOT" exec etest /bin/true
	grep -q 'libc.so' "$BATS_TEST_TMPDIR/trace"
	run grep -E 'lib(mount|selinux)\.so' "$BATS_TEST_TMPDIR/trace"
	[ "$status" -eq 1 ] || { echo "$output"; false; }
}

# Execs into one container share its state lock (as readers): 20 at once
# no longer queue one behind the other (docs/performance.md).  Held here
# by a reader that outlives the exec; delete and the other writers still
# wait for it.
@test "exec shares the state lock with other execs; delete still waits for them" {
	command -v flock >/dev/null || skip "needs flock"
	flock -s "$ROOT/etest" sleep 4 &
	local holder=$!
	sleep 0.3
	run timeout 3 "$MOAT_BINARY" --root "$ROOT" exec etest /bin/true
	[ "$status" -eq 0 ] || { echo "exec waited for a reader: $status $output"; kill $holder; false; }
	run timeout 1 "$MOAT_BINARY" --root "$ROOT" delete -f etest
	[ "$status" -eq 124 ] || { echo "delete did not wait: $status $output"; kill $holder; false; }
	wait $holder
}

@test "exec returns the exit status, 128+N for a signal" {
	run moat exec etest /bin/probe exit 42
	[ "$status" -eq 42 ]
	run moat exec etest /bin/sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
}

@test "exec -e, --cwd, -u uid:gid" {
	run moat exec -e FOO=bar -e ANOTHER=1 etest /bin/probe env
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'FOO=bar'
	echo "$output" | grep -qx 'ANOTHER=1'
	run moat exec --cwd /tmp etest /bin/probe cwd
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = /tmp ]
	run moat exec -u 1000:1000 etest /bin/probe ids
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'uid=1000'
	echo "$output" | grep -qx 'gid=1000'
	echo "$output" | grep -qx 'groups='
}

@test "exec -d --pid-file: the process runs in the container after moat returns" {
	# stdio away from bats' pipe: the detached process keeps it
	moat exec -d --pid-file "$BATS_TEST_TMPDIR/exec.pid" etest /bin/probe sleep 600 \
		</dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/exec.err" || { cat "$BATS_TEST_TMPDIR/exec.err"; false; }
	pid=$(cat "$BATS_TEST_TMPDIR/exec.pid")
	[ -n "$pid" ] && kill -0 "$pid"
	[ "$(readlink "/proc/$pid/ns/pid")" = "$(readlink "/proc/$INIT/ns/pid")" ]
	[ "$(readlink "/proc/$pid/ns/mnt")" = "$(readlink "/proc/$INIT/ns/mnt")" ]
	grep -q "probe" "/proc/$pid/cmdline"
}

@test "exec -p process.json" {
	cat >"$BATS_TEST_TMPDIR/process.json" <<-'EOF'
	{"args": ["/bin/probe", "ids"], "cwd": "/", "env": ["PATH=/bin"],
	 "user": {"uid": 5, "gid": 6, "additionalGids": [7, 8]}}
	EOF
	run moat exec -p "$BATS_TEST_TMPDIR/process.json" etest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 'uid=5'
	echo "$output" | grep -qx 'gid=6'
	echo "$output" | grep -qx 'groups=7,8'
}

@test "exec into a stopped container fails" {
	kill -9 "$INIT"
	# kill -0 succeeds on a zombie nobody reaps: wait for dead, zombie or not.
	until pid_dead "$INIT"; do sleep 0.1; done
	run moat exec etest /bin/probe ids
	[ "$status" -ne 0 ]
	[[ "$output" == *stopped* ]] || { echo "$output"; false; }
	[[ "$output" != *uid=* ]]
}

@test "exec of a missing binary fails with runc's message" {
	run moat exec etest nosuchbinary
	[ "$status" -ne 0 ]
	[[ "$output" == *'exec: "nosuchbinary": executable file not found in $PATH'* ]] || { echo "$output"; false; }
}

# runc's convention, checked against runc 1.1.5: a failure of the runtime
# itself exits 255, so a caller tells it from the process exiting 1; a
# command line that does not parse (unknown flag, no id) exits 1 as with
# every command.
@test "exec: the runtime's own failures exit 255, a bad command line 1" {
	run moat exec etest /bin/probe exit 1
	[ "$status" -eq 1 ]
	run moat exec nosuch /bin/true
	[ "$status" -eq 255 ] || { echo "missing container: $status $output"; false; }
	run moat exec etest /nosuchbinary
	[ "$status" -eq 255 ] || { echo "missing binary: $status $output"; false; }
	run moat exec etest
	[ "$status" -eq 255 ] || { echo "no command: $status $output"; false; }
	run moat exec -p "$BATS_TEST_TMPDIR/nosuch.json" etest
	[ "$status" -eq 255 ] || { echo "missing process.json: $status $output"; false; }
	run moat exec -u nobody etest /bin/true
	[ "$status" -eq 255 ] || { echo "bad --user: $status $output"; false; }
	run moat exec --frob etest /bin/true
	[ "$status" -eq 1 ] || { echo "unknown flag: $status $output"; false; }
	run moat exec
	[ "$status" -eq 1 ] || { echo "no id: $status $output"; false; }
	run moat exec --preserve-fds x etest /bin/true
	[ "$status" -eq 1 ] || { echo "bad flag value: $status $output"; false; }
}

@test "exec --no-new-privs" {
	moat delete -f etest
	update_config '.process.noNewPrivileges = false'
	moat run -d --bundle "$BUNDLE" etest </dev/null >/dev/null 2>&1
	run moat exec etest /bin/probe status NoNewPrivs
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "NoNewPrivs=0" ]
	run moat exec --no-new-privs etest /bin/probe status NoNewPrivs
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "NoNewPrivs=1" ]
}

@test "exec --cap adds a capability to the container's set" {
	run moat exec etest /bin/probe status CapEff
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	base=$(echo "$output" | cut -d= -f2)
	# CAP_SYS_ADMIN is bit 21, not in the default set
	(( (0x$base >> 21) % 2 == 0 )) || { echo "default has CAP_SYS_ADMIN: $base"; false; }
	run moat exec --cap CAP_SYS_ADMIN etest /bin/probe status CapEff
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	eff=$(echo "$output" | cut -d= -f2)
	(( (0x$eff >> 21) % 2 == 1 )) || { echo "no CAP_SYS_ADMIN: $eff"; false; }
	(( (0x$eff & ~(1 << 21)) == 0x$base )) || { echo "$eff vs $base"; false; }
}

@test "exec does not leak fds; --preserve-fds passes them" {
	run moat exec etest /bin/probe fds
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(echo "$output" | cut -d= -f1 | tr '\n' ' ')" = "0 1 2 " ] || { echo "$output"; false; }
	run moat exec --preserve-fds 1 etest /bin/probe fds 3</dev/null 4</dev/null
	[ "$(echo "$output" | cut -d= -f1 | tr '\n' ' ')" = "0 1 2 3 " ] || { echo "$output"; false; }
}

@test "exec -t: the process gets a pty, its exit status comes back" {
	command -v script >/dev/null || skip "needs script(1) from util-linux"
	run script -eqc "$MOAT_BINARY --root $ROOT exec -t etest /bin/sh -c 'tty; exit 3'" /dev/null </dev/null
	[ "$status" -eq 3 ] || { echo "$output"; false; }
	[[ "$output" == */dev/pts/* ]] || { echo "$output"; false; }
}

@test "exec into a container with a user namespace joins it" {
	moat delete -f etest
	update_config '.linux.namespaces += [{"type": "user"}]
	               | .linux.uidMappings = [{"containerID": 0, "hostID": 0, "size": 65536}]
	               | .linux.gidMappings = [{"containerID": 0, "hostID": 0, "size": 65536}]'
	moat run -d --bundle "$BUNDLE" etest </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/run.err" ||
		{ cat "$BATS_TEST_TMPDIR/run.err"; false; }
	INIT=$(moat state etest | jq -r .pid)
	[ "$(readlink "/proc/$INIT/ns/user")" != "$(readlink /proc/self/ns/user)" ]
	run moat exec -u 1000:1000 etest /bin/probe ns
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qxF "user=$(readlink "/proc/$INIT/ns/user")" || { echo "$output"; false; }
}

@test "exec -t -d --console-socket hands the pty master to the socket" {
	SOCK=$BATS_TEST_TMPDIR/console.sock
	OUT=$BATS_TEST_TMPDIR/console.out
	python3 "$MOAT_SRCDIR/tests/integration/console-receiver.py" "$SOCK" "$OUT" &
	RECV=$!
	for _ in $(seq 100); do [ -e "$SOCK.ready" ] && break; sleep 0.05; done
	[ -e "$SOCK.ready" ] || { echo "receiver did not start"; false; }
	moat exec -t -d --console-socket "$SOCK" etest /bin/sh -c 'tty; echo marker-$((6*7))' \
		</dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/exec.err" || { cat "$BATS_TEST_TMPDIR/exec.err"; false; }
	wait "$RECV"
	grep -q '/dev/pts/' "$OUT" || { cat "$OUT"; false; }
	grep -q 'marker-42' "$OUT" || { cat "$OUT"; false; }
}

@test "exec forwards signals to the process" {
	# the binary itself, not the `moat` function (whose subshell would
	# take the signal)
	"$MOAT_BINARY" --root "$ROOT" exec etest /bin/probe sleep 601 &
	pid=$!
	# the process is up once it shows in the container
	for _ in $(seq 100); do
		pgrep -f '^/bin/probe sleep 601$' >/dev/null && break
		sleep 0.05
	done
	pgrep -f '^/bin/probe sleep 601$' >/dev/null
	kill -TERM "$pid"
	st=0
	wait "$pid" || st=$?
	[ "$st" -eq 143 ] || { echo "moat exec returned $st"; false; }
	# it was the process that died of it, not only moat
	! pgrep -f '^/bin/probe sleep 601$'
}

@test "exec into a created container (not started yet)" {
	moat delete -f etest
	moat create --bundle "$BUNDLE" etest </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/create.err" ||
		{ cat "$BATS_TEST_TMPDIR/create.err"; false; }
	[ "$(moat state etest | jq -r .status)" = created ]
	run moat exec etest /bin/probe exit 5
	[ "$status" -eq 5 ] || { echo "$output"; false; }
}

@test "exec: the container's seccomp filter and cgroup; -p's oomScoreAdj and rlimits" {
	[ "$(jq -r '.linux.seccomp != null' "$BUNDLE/config.json")" = true ] || skip "the default config has no seccomp"
	run moat exec etest /bin/probe status Seccomp
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "Seccomp=2" ] || { echo "$output"; false; }
	# the cgroups, seen from the host (inside, the cgroup namespace hides them)
	moat exec -d --pid-file "$BATS_TEST_TMPDIR/exec.pid" etest /bin/probe sleep 600 \
		</dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/exec.err" || { cat "$BATS_TEST_TMPDIR/exec.err"; false; }
	pid=$(cat "$BATS_TEST_TMPDIR/exec.pid")
	[ "$(cat "/proc/$pid/cgroup")" = "$(cat "/proc/$INIT/cgroup")" ] ||
		{ echo "exec: $(cat "/proc/$pid/cgroup")"; echo "init: $(cat "/proc/$INIT/cgroup")"; false; }

	cat >"$BATS_TEST_TMPDIR/process.json" <<-'EOF2'
	{"args": ["/bin/sh", "-c", "cat /proc/self/oom_score_adj; /bin/probe rlimit NOFILE"],
	 "cwd": "/", "env": ["PATH=/bin"], "user": {"uid": 0, "gid": 0}, "oomScoreAdj": 321,
	 "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 321, "hard": 654}]}
	EOF2
	run moat exec -p "$BATS_TEST_TMPDIR/process.json" etest
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx 321
	echo "$output" | grep -qx 'soft=321'
	echo "$output" | grep -qx 'hard=654'
}

# The container's cgroup on this host's cgroup2 mount (moat's default
# cgroupsPath /moat/ID); skips where there is none.
etest_cgroup() {
	local mnt
	mnt=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	[ -n "$mnt" ] || skip "needs a cgroup2 mount"
	CGDIR=$mnt/moat/etest
	[ -d "$CGDIR" ] || skip "container's cgroup $CGDIR not found"
}

# runc 1.1's --cgroup: run the process in an existing sub-cgroup of the
# container's; on cgroup v2 only the path form.  Unlike runc's path.Join,
# a path leaving the container's cgroup (..) is refused.
@test "exec --cgroup PATH: the process runs in that sub-cgroup of the container's" {
	etest_cgroup
	mkdir -p "$CGDIR/sub/deeper"
	# (a hybrid host lists its v1 hierarchies too: the v2 line is 0::)
	run moat exec --cgroup sub etest /bin/probe read /proc/self/cgroup
	echo "$output"
	[ "$status" -eq 0 ]
	echo "$output" | grep -qx "0::/sub"
	run moat exec --cgroup /sub/deeper etest /bin/cat /proc/self/cgroup
	echo "$output" | grep -qx "0::/sub/deeper" || { echo "$output"; false; }
	# -d: the host sees it in the sub-cgroup too
	moat exec -d --pid-file "$BATS_TEST_TMPDIR/pid" --cgroup sub etest /bin/sleep 100 </dev/null >/dev/null 2>&1 3>&-
	grep -qx "$(cat "$BATS_TEST_TMPDIR/pid")" "$CGDIR/sub/cgroup.procs"
	kill "$(cat "$BATS_TEST_TMPDIR/pid")"
	for bad in ../etest ../../x sub/../.. nosuch cpu:sub; do
		run moat exec --cgroup "$bad" etest /bin/true
		[ "$status" -eq 255 ] || { echo "--cgroup $bad: $status $output"; false; }
		[[ "$output" == *"$bad"* ]] || { echo "--cgroup $bad: $output"; false; }
	done
	run moat exec --cgroup sub --cgroup sub/deeper etest /bin/true
	[ "$status" -eq 255 ]
}

# runc: "cannot exec in a paused container (use --ignore-paused to
# override)", 255; with --ignore-paused the process starts once the
# container is resumed (it is born frozen, as with runc).
@test "exec of a paused container: refused, or waits for resume with --ignore-paused" {
	etest_cgroup
	moat pause etest
	run moat exec etest /bin/true
	[ "$status" -eq 255 ]
	[[ "$output" == *"cannot exec in a paused container (use --ignore-paused to override)"* ]] || { echo "$output"; false; }
	moat exec --ignore-paused etest /bin/probe exit 7 </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1 3>&- &
	bg=$!
	sleep 0.5
	kill -0 "$bg" # still waiting: frozen
	moat resume etest
	wait "$bg" && st=0 || st=$?
	cat "$BATS_TEST_TMPDIR/out"
	[ "$st" -eq 7 ]
}

@test "exec -e replaces a variable the config sets; the last of duplicates wins, as runc" {
	# runc appends -e to process.env and sets them in order: the last wins,
	# and the process sees each name once.  env itself is the process (a
	# shell would hide duplicates).
	run moat exec -e TERM=dumb -e A=1 -e A=2 etest env
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep '^TERM=')" = TERM=dumb ]
	[ "$(printf '%s\n' "$output" | grep '^A=')" = A=2 ]
}
