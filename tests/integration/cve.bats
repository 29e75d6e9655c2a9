#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The runtime CVE regression suite: one test per attack class, each
# reproducing the attack against moat and asserting that it fails.  The
# facts of each attack are in docs/security.md.  Nothing here writes to a
# host file even when the defence is missing: the attacks stop at "could
# have written" (an O_APPEND open, a mount seen from inside).

load helpers

rootfs() {
	local r
	r=$(jq -r .root.path "$BUNDLE/config.json")
	case "$r" in /*) echo "$r" ;; *) echo "$BUNDLE/$r" ;; esac
}

setup() {
	setup_bundle
	update_config '.process.terminal = false'
	RFS=$(rootfs)
	cp "$MOAT_BUILDDIR/tests/payload/sec-attack" "$RFS/bin/sec-attack"
	HOSTDIR="$BATS_TEST_TMPDIR/host"
	mkdir -p "$HOSTDIR"
}

teardown() {
	[ -z "${RACER_PID:-}" ] || kill "$RACER_PID" 2>/dev/null || true
	moat delete -f mtcve 2>/dev/null || true
	moat delete -f mtcve2 2>/dev/null || true
}

set_args() {
	update_config ".process.args = $(printf '%s\n' "$@" | jq -R . | jq -s -c .)"
}

# start_bg: container "cve" detached, its stdio away from bats' pipes
start_bg() {
	moat run -d --bundle "$BUNDLE" mtcve </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/cve.err" ||
		{ cat "$BATS_TEST_TMPDIR/cve.err"; return 1; }
}

# refused WORD: the runtime said no with a one-line error that names WORD
# (refusing the attack is a correct answer; failing for another reason is
# not)
refused() {
	drop_warnings
	[ "$status" -eq 1 ] && [[ "$output" == *"$1"* ]] && [ "${#lines[@]}" -le 1 ]
}

# The runtime's own warnings (", ignoring") are not the container's output.
drop_warnings() {
	output=$(printf '%s\n' "$output" | grep -v ': warning: ' || true)
	lines=()
	[ -z "$output" ] || mapfile -t lines <<<"$output"
}

run_ctr() { # run_ctr CMD... : one container "mtcve" running CMD
	set_args "$@"
	run moat run --bundle "$BUNDLE" mtcve
	drop_warnings
	echo "status=$status"
	echo "$output"
}

@test "CVE-2019-5736: the container cannot reopen the runtime's binary for writing via /proc/self/exe" {
	# The runtime's binary must be able to start inside the container: give
	# the rootfs its loader and libraries (what a real image would have).
	ldd "$MOAT_BINARY" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$RFS$(dirname "$lib")"
		cp -L "$lib" "$RFS$lib"
	done
	cp "$MOAT_BUILDDIR/tests/payload/exe-attack-preload.so" "$RFS/lib/exe-attack-preload.so"
	printf '#!/proc/self/exe\n' >"$RFS/bin/evil"
	chmod 755 "$RFS/bin/evil"
	update_config '.root.readonly = false'
	set_args sleep 60
	start_bg
	# The exec'd process is a fork of moat: the kernel runs moat's own image
	# for "#!/proc/self/exe", and LD_PRELOAD (image-controlled environment)
	# puts the attacker's constructor into it.
	run moat exec --env LD_PRELOAD=/lib/exe-attack-preload.so mtcve /bin/evil
	echo "$output"
	# The attack ran (the preload printed its verdict) and was refused.
	[[ "$output" == *"refused: "* ]]
	[[ "$output" != *WRITABLE* ]]
}

@test "CVE-2024-21626: no host fd leaks into the container" {
	exec 7</ 8<"$HOSTDIR"
	run_ctr sec-attack fds
	exec 7<&- 8<&-
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^fd ')" -eq 0 ]
}

@test "CVE-2024-21626: process.cwd through a leaked fd cannot land outside the root" {
	echo host-secret >"$HOSTDIR/marker"
	update_config '.process.cwd = "/proc/self/fd/7"'
	exec 7<"$HOSTDIR"
	run_ctr /bin/sh -c 'cat marker 2>/dev/null; ls /proc/self/cwd/ 2>/dev/null'
	exec 7<&-
	[[ "$output" != *host-secret* ]]
	[ "$status" -eq 0 ] && [[ "$output" != *marker* ]] || refused /proc/self/fd/7
}

@test "CVE-2024-21626: exec --cwd through a leaked fd cannot land outside the root" {
	echo host-secret >"$HOSTDIR/marker"
	set_args sleep 60
	start_bg
	exec 7<"$HOSTDIR"
	run moat exec --cwd /proc/self/fd/7 mtcve /bin/sh -c 'cat marker 2>/dev/null'
	exec 7<&-
	echo "$output"
	[[ "$output" != *host-secret* ]]
}

@test "CVE-2019-16884: a fake /proc (tmpfs) cannot swallow the runtime's /proc writes" {
	# An image volume mounted over /proc; moat then writes linux.sysctl.
	update_config '.mounts += [{"destination": "/proc", "type": "tmpfs", "source": "tmpfs"}]
		| .linux.sysctl = {"kernel.domainname": "moat-cve"}'
	run_ctr /bin/sh -c 'sec-attack uname; echo "fake=$(ls -A /proc | wc -l)"'
	# Either refused outright, or the write reached the real kernel value:
	# never a file in the fake /proc.
	if [ "$status" -eq 0 ]; then
		[[ "${lines[0]}" == *" moat-cve" ]]
		[ "${lines[1]}" = fake=0 ]
	else
		refused proc
	fi
}

@test "CVE-2019-19921 / CVE-2023-27561: /proc as a symlink in the image is not followed" {
	rm -rf "${RFS:?}/proc"
	mkdir -p "$HOSTDIR/fakeproc"
	ln -s "$HOSTDIR/fakeproc" "$RFS/proc"
	run_ctr /bin/sh -c 'grep -c "^Name:" /proc/self/status'
	# moat refuses, or mounts a real procfs inside the root; the host
	# directory the symlink names is never touched.
	[ -z "$(ls -A "$HOSTDIR/fakeproc")" ]
	if [ "$status" -eq 0 ]; then
		[ "${lines[0]}" = 1 ]
	else
		refused proc
	fi
	! mountpoint -q "$HOSTDIR/fakeproc"
}

@test "CVE-2021-30465: a bind target swapped with a symlink (RENAME_EXCHANGE race) stays inside the root" {
	command -v python3 >/dev/null || skip "needs python3 for the renameat2 racer"
	update_config '.root.readonly = false'
	mkdir -p "$HOSTDIR/volume" "$RFS/shared"
	echo volume-content >"$HOSTDIR/volume/marker"
	mkdir "$RFS/shared/target"
	ln -s / "$RFS/shared/link"
	update_config ".mounts += [{\"destination\": \"/shared/target\", \"type\": \"bind\",
		\"source\": \"$HOSTDIR/volume\", \"options\": [\"bind\"]}]"
	# The racer swaps /shared/target and /shared/link (a symlink to /) as fast
	# as it can, bounded to 10 s.
	python3 - "$RFS/shared/target" "$RFS/shared/link" <<'EOF' &
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
a, b = (p.encode() for p in sys.argv[1:3])
end = time.time() + 10
while time.time() < end:
    libc.renameat2(-100, a, -100, b, 2)  # RENAME_EXCHANGE
EOF
	RACER_PID=$!
	set_args /bin/sh -c 'cat /marker 2>/dev/null; echo done'
	for _ in $(seq 20); do
		run moat run --bundle "$BUNDLE" mtcve
		# Whatever the race did, the volume must never appear at the
		# container's root.
		[[ "$output" != *volume-content* ]] || { echo "$output"; false; }
		moat delete -f mtcve 2>/dev/null || true
	done
	kill "$RACER_PID" 2>/dev/null || true
}

@test "CVE-2024-45310: creating a mount target through a symlink never creates host files" {
	update_config '.root.readonly = false'
	mkdir -p "$HOSTDIR/volume"
	ln -s "$HOSTDIR/escape" "$RFS/vol"
	update_config ".mounts += [{\"destination\": \"/vol/a/b\", \"type\": \"bind\",
		\"source\": \"$HOSTDIR/volume\", \"options\": [\"bind\"]}]"
	run_ctr true
	[ ! -e "$HOSTDIR/escape" ]
}

@test "CVE-2025-31133: /dev/null replaced by a symlink cannot turn a masked path into a host file" {
	# The image's /dev (a bind the attacker controls) has null -> core_pattern.
	mkdir -p "$HOSTDIR/dev"
	ln -s /proc/sys/kernel/core_pattern "$HOSTDIR/dev/null"
	update_config ".mounts += [{\"destination\": \"/dev\", \"type\": \"bind\", \"source\": \"$HOSTDIR/dev\",
		\"options\": [\"rbind\"]}] | .linux.maskedPaths |= (. + [\"/proc/timer_list\"] | unique)"
	host_pattern=$(cat /proc/sys/kernel/core_pattern)
	run_ctr sec-attack read /proc/timer_list
	# refused, or the masked file is empty: never core_pattern's content
	if [ "$status" -eq 0 ]; then
		[ "${lines[-1]}" = "ok 0 bytes" ]
	else
		refused /dev/null
	fi
	[ "$(cat /proc/sys/kernel/core_pattern)" = "$host_pattern" ]
}

@test "CVE-2025-52565: /dev/console is the runtime's own pty, never a swapped /dev/pts entry" {
	sock="$BATS_TEST_TMPDIR/console.sock"
	out="$BATS_TEST_TMPDIR/console.out"
	# The image controls /dev/pts: a working ptmx (the host's multiplexer,
	# so the runtime gets a pty) and every slave name a symlink to a host
	# file, as a racing container would swap it in.
	mkdir -p "$HOSTDIR/pts"
	mknod "$HOSTDIR/pts/ptmx" c 5 2
	for n in $(seq 0 127); do ln -s /proc/sys/kernel/core_pattern "$HOSTDIR/pts/$n"; done
	host_pattern=$(cat /proc/sys/kernel/core_pattern)
	"$MOAT_BUILDDIR/tests/payload/sec-console" "$sock" "$out" &
	RACER_PID=$!
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	update_config ".process.terminal = true
		| .mounts += [{\"destination\": \"/dev/pts\", \"type\": \"bind\", \"source\": \"$HOSTDIR/pts\",
			\"options\": [\"bind\"]}]"
	set_args /bin/sh -c 'stat -c "console %t:%T %F" /dev/console'
	# detached, as with runc: the receiver holds the terminal
	run moat run -d --console-socket "$sock" --bundle "$BUNDLE" mtcve </dev/null
	echo "status=$status $output"
	# the receiver ends when the terminal closes; it never got one if the
	# runtime refused before connecting
	for _ in $(seq 50); do kill -0 "$RACER_PID" 2>/dev/null || break; sleep 0.1; done
	kill "$RACER_PID" 2>/dev/null || true
	cat "$out" 2>/dev/null || true
	# the host file behind the symlink is untouched
	[ "$(cat /proc/sys/kernel/core_pattern)" = "$host_pattern" ]
	# and when the container ran, its console was a pty (major 136 = 0x88)
	if [ "$status" -eq 0 ]; then
		grep -q "console 88:.* character special" "$out"
	else
		refused /dev/pt
	fi
}

@test "CVE-2025-52881: a bind mount over a /proc file cannot redirect the runtime's write" {
	echo untouched >"$HOSTDIR/decoy"
	update_config ".mounts += [{\"destination\": \"/proc/sys/kernel/domainname\", \"type\": \"bind\",
		\"source\": \"$HOSTDIR/decoy\", \"options\": [\"bind\"]}]
		| .linux.sysctl = {\"kernel.domainname\": \"moat-cve\"}"
	run_ctr sec-attack uname
	[ "$(cat "$HOSTDIR/decoy")" = untouched ]
	if [ "$status" -eq 0 ]; then
		[[ "$output" == *" moat-cve"* ]]
	else
		refused domainname
	fi
}

@test "crun CVE-2026-47766: a symlinked /dev in the image creates no device on the host" {
	rm -rf "${RFS:?}/dev"
	ln -s "$HOSTDIR/devdir" "$RFS/dev"
	mkdir -p "$HOSTDIR/devdir"
	run_ctr /bin/sh -c 'stat -c "%t:%T" /dev/null'
	[ -z "$(ls -A "$HOSTDIR/devdir")" ]
	! mountpoint -q "$HOSTDIR/devdir"
	if [ "$status" -eq 0 ]; then
		[ "${lines[-1]}" = "1:3" ]
	else
		refused /dev
	fi
}

@test "CVE-2022-27650: the inheritable set is empty unless config.json asks, in run and exec" {
	update_config 'del(.process.capabilities.inheritable) | del(.process.capabilities.ambient)'
	run_ctr /bin/sh -c 'grep ^CapInh /proc/self/status'
	[ "$status" -eq 0 ]
	[[ "$output" == *"CapInh:	0000000000000000"* ]]
	set_args sleep 60
	start_bg
	run moat exec mtcve grep ^CapInh /proc/self/status
	drop_warnings
	echo "$output"
	[[ "$output" == *"CapInh:	0000000000000000"* ]]
}

@test "numeric user strings are never looked up as names in the image's /etc/passwd" {
	mkdir -p "$RFS/etc"
	# a user literally named "1000" whose uid is 0
	echo '1000:x:0:0:evil:/:/bin/sh' >>"$RFS/etc/passwd"
	echo '1000:x:0:' >>"$RFS/etc/group"
	update_config '.process.user = {"uid": 1000, "gid": 1000}'
	run_ctr /bin/sh -c 'id -u; id -g'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1000 ]
	[ "${lines[1]}" = 1000 ]
	update_config '.process.user = {"uid": 0, "gid": 0}'
	set_args sleep 60
	start_bg
	run moat exec --user 1000:1000 mtcve /bin/sh -c 'id -u; id -g'
	drop_warnings
	echo "$output"
	[ "${lines[0]}" = 1000 ]
	[ "${lines[1]}" = 1000 ]
}

# --- CVE-2016-9962 class: a runtime process seen in the container ---------
# The watcher (tests/payload/pid-watcher.c) runs in a container with
# CAP_SYS_PTRACE and no user namespace, spinning over the next pids of its
# pid namespace; for every process that appears it tries /proc/N/root,
# /proc/N/cwd and /proc/N/fd/M towards the host, and /proc/N/exe and
# /proc/N/environ (with CAP_SYS_PTRACE those two are the attacker's by
# right, so only the test without it counts them).

# watcher_start [ptrace]: container mtcve runs the watcher; $WLOG its output
watcher_start() {
	HOSTFILE="$BATS_TEST_TMPDIR/hostonly-$$-$RANDOM"
	echo host-secret >"$HOSTFILE"
	WLOG="$BATS_TEST_TMPDIR/watch.log"
	cp "$MOAT_BUILDDIR/tests/payload/pid-watcher" "$RFS/bin/pid-watcher"
	if [ "${1:-}" = ptrace ]; then
		update_config '.process.capabilities |= with_entries(.value += ["CAP_SYS_PTRACE"])'
	fi
	set_args /bin/pid-watcher "$HOSTFILE" "$(stat -L -c %i "$MOAT_BINARY")"
	moat run -d --bundle "$BUNDLE" mtcve </dev/null >"$WLOG" 2>&1
	# The attacker spins over pids; beside QEMU guests on two cores (make
	# check) a fair share of CPU lets it see a few short processes in a
	# hundred.  A higher weight makes its sightings independent of the load.
	renice -n -15 -p "$(moat state mtcve | jq .pid)" >/dev/null
	for _ in $(seq 100); do grep -q watching "$WLOG" && return 0; sleep 0.05; done
	cat "$WLOG"
	return 1
}

# exec_many N [MIN_SEEN]: N short `moat exec`s into mtcve, run from the
# host dir $HOSTDIR, with a marker only moat's environment has; on a loaded
# machine more (up to 4N) until the watcher has seen MIN_SEEN processes, so
# that its verdict rests on enough sightings however slowly it is scheduled
# (seen once: 5 of 100 in CI beside two QEMU guests).
exec_many() {
	local n=0 max=$(($1 * 4))
	cd "$HOSTDIR"
	while [ "$n" -lt "$1" ] || { [ -n "${2:-}" ] && [ "$n" -lt "$max" ] &&
		[ "$(grep -c '^seen ' "$WLOG" || true)" -lt "$2" ]; }; do
		MOAT_WATCH_SECRET=1 "$MOAT_BINARY" --root "$ROOT" exec mtcve /bin/sleep 0.01
		n=$((n + 1))
	done
	cd /
}

# watcher_verdict MIN_SEEN PATTERN: the watcher saw at least MIN_SEEN new
# processes (so it could have caught one; a quarter of them, since make
# check runs the QEMU guest beside this on two cores), found nothing matching PATTERN,
# and no "pwned-*" file appeared in the runtime's host cwd $HOSTDIR.
watcher_verdict() {
	sleep 0.2
	moat delete -f mtcve
	local seen found
	seen=$(grep -c '^seen ' "$WLOG" || true)
	found=$(grep -E "$2" "$WLOG" | cut -d' ' -f1 | sort | uniq -c | xargs || true)
	echo "seen $seen processes; found: ${found:-nothing}; files made in the host cwd: $(ls "$HOSTDIR" | wc -l)"
	[ "$seen" -ge "$1" ]
	[ -z "$found" ]
	[ -z "$(ls "$HOSTDIR")" ]
}

@test "CVE-2016-9962: moat exec is never seen in the container while it stands on the host (200 execs, CAP_SYS_PTRACE)" {
	watcher_start ptrace
	exec_many 200 50
	watcher_verdict 50 '^(ROOT|FD) '
}

@test "CVE-2016-9962: a container joining another's pid namespace by path is never seen there on the host (50 runs)" {
	watcher_start ptrace
	local pid b2="$BATS_TEST_TMPDIR/b2"
	pid=$(moat state mtcve | jq .pid)
	mkdir -p "$b2"
	cp -a "$RFS" "$b2/rootfs"
	jq --arg ns "/proc/$pid/ns/pid" '.process.args = ["/bin/true"]
		| .root = {"path": "rootfs", "readonly": false}
		| .linux.namespaces |= map(if .type == "pid" then .path = $ns else . end)' \
		"$BUNDLE/config.json" >"$b2/config.json"
	cd "$HOSTDIR"
	local n=0
	# 50 runs; under load more (up to 200) until the watcher saw 12, as exec_many.
	while [ "$n" -lt 50 ] || { [ "$n" -lt 200 ] && [ "$(grep -c '^seen ' "$WLOG" || true)" -lt 12 ]; }; do
		MOAT_WATCH_SECRET=1 "$MOAT_BINARY" --root "$ROOT" run --bundle "$b2" mtcve2
		n=$((n + 1))
	done
	cd /
	watcher_verdict 12 '^(ROOT|FD) '
}

@test "CVE-2016-9962: without CAP_SYS_PTRACE the container cannot open exe or environ of moat exec" {
	watcher_start
	exec_many 100 25
	watcher_verdict 25 '^(ROOT|FD|EXE|ENVIRON) '
}

@test "CVE-2016-9962: every stage of moat exec is non-dumpable from its first instruction" {
	command -v strace >/dev/null || skip "needs strace"
	set_args sleep 60
	start_bg
	strace -f -qq -o "$BATS_TEST_TMPDIR/trace" -e trace=prctl,clone3 \
		"$MOAT_BINARY" --root "$ROOT" exec mtcve /bin/sleep 0.01
	# The first clone3 comes after PR_SET_DUMPABLE 0 in the same process.
	awk '/PR_SET_DUMPABLE, 0|PR_SET_DUMPABLE, SUID_DUMP_DISABLE/ && !d { d = $1 }
		/clone3\(/ && !c { c = $1; ok = (d == $1) }
		END { exit !(c && ok) }' "$BATS_TEST_TMPDIR/trace" || { cat "$BATS_TEST_TMPDIR/trace"; false; }
}
