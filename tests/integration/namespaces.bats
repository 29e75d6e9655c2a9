#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# linux.namespaces (new and joined by path), user namespace id maps, time
# offsets, hostname/domainname, sysctl, and the create/start/kill/delete
# lifecycle with what a failed create must leave behind (nothing).  Every
# check is read from inside a real container.

load helpers

setup() {
	setup_bundle
	update_config '.process.terminal = false'
	NSFILES=()
}

teardown() {
	for id in nstest nstest2 nslife; do moat delete -f "$id" >/dev/null 2>&1 || true; done
	for f in "${NSFILES[@]}"; do umount "$f" 2>/dev/null || true; rm -f "$f"; done
}

set_args() { # set_args CMD... : process.args
	local args
	args=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	update_config ".process.args = $args"
}

run_ns() { # run_ns CMD... : run container "nstest" in the foreground
	set_args "$@"
	run moat run --bundle "$BUNDLE" nstest
}

# start_bg ID CMD... : a detached container (stdio away from bats' pipes)
start_bg() {
	local id=$1
	shift
	set_args "$@"
	moat run -d --bundle "$BUNDLE" "$id" </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/$id.err" ||
		{ cat "$BATS_TEST_TMPDIR/$id.err"; return 1; }
}

init_pid() { moat state "$1" | jq -r .pid; }

rootfs_dir() {
	local r
	r=$(jq -r .root.path "$BUNDLE/config.json")
	case "$r" in /*) echo "$r" ;; *) echo "$BUNDLE/$r" ;; esac
}

@test "each new namespace differs from the host's, pid 1 is the process" {
	update_config '.linux.namespaces = [{"type":"pid"},{"type":"network"},{"type":"ipc"},{"type":"uts"},{"type":"mount"},{"type":"cgroup"}]'
	run_ns sh -c 'for n in pid net ipc uts mnt cgroup; do echo "$n $(readlink /proc/self/ns/$n)"; done; echo "self $$"'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	for n in pid net ipc uts mnt cgroup; do
		inside=$(echo "$output" | awk -v n="$n" '$1 == n {print $2}')
		[ -n "$inside" ]
		[ "$inside" != "$(readlink /proc/self/ns/$n)" ] || { echo "$n not new: $inside"; false; }
	done
	echo "$output" | grep -qx 'self 1'
}

@test "without a network namespace the container shares the host's" {
	update_config '.linux.namespaces = [{"type":"pid"},{"type":"mount"},{"type":"uts"}]'
	run_ns readlink /proc/self/ns/net
	[ "$status" -eq 0 ]
	[ "$output" = "$(readlink /proc/self/ns/net)" ]
}

@test "cgroup namespace: the container's cgroup is its root" {
	update_config '.linux.namespaces += [{"type":"cgroup"}] | .linux.namespaces |= unique_by(.type)'
	run_ns cat /proc/self/cgroup
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | grep -qx '0::/'
}

@test "a network namespace joined by path: same inode inside" {
	local f="$BATS_TEST_TMPDIR/netns"
	touch "$f"
	NSFILES+=("$f")
	unshare --net="$f" true
	update_config ".linux.namespaces = [{\"type\":\"pid\"},{\"type\":\"mount\"},{\"type\":\"uts\"},{\"type\":\"network\",\"path\":\"$f\"}]"
	run_ns readlink /proc/self/ns/net
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "net:[$(stat -L -c %i "$f")]" ]
	[ "$output" != "$(readlink /proc/self/ns/net)" ]
}

@test "joining another container's pid and ipc namespaces (fork into the pid ns)" {
	start_bg nstest2 sleep 1000
	pid=$(init_pid nstest2)
	update_config ".linux.namespaces = [{\"type\":\"mount\"},{\"type\":\"uts\"},{\"type\":\"pid\",\"path\":\"/proc/$pid/ns/pid\"},{\"type\":\"ipc\",\"path\":\"/proc/$pid/ns/ipc\"}]"
	run_ns sh -c 'readlink /proc/self/ns/pid; readlink /proc/self/ns/ipc; kill -0 1 && echo sees-pid-1; tr "\0" " " </proc/1/cmdline; echo'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "${lines[0]}" = "$(readlink /proc/$pid/ns/pid)" ]
	[ "${lines[1]}" = "$(readlink /proc/$pid/ns/ipc)" ]
	[ "${lines[2]}" = "sees-pid-1" ]
	# /proc is a procfs of the joined pid namespace: its pid 1 is the
	# other container's init.
	[ "${lines[3]}" = "sleep 1000 " ]
}

@test "a missing namespace path fails create and leaves nothing" {
	update_config '.linux.namespaces = [{"type":"pid"},{"type":"mount"},{"type":"uts"},{"type":"network","path":"/nonexistent/netns"}]'
	run_ns true
	[ "$status" -ne 0 ]
	[[ "$output" == *"/nonexistent/netns"* ]]
	assert_nothing_left nstest
}

@test "user namespace: mapped root inside, maps as configured" {
	update_config '.linux.namespaces += [{"type":"user"}] | .linux.namespaces |= unique_by(.type)
		| .linux.uidMappings = [{"containerID":0,"hostID":100000,"size":65536}]
		| .linux.gidMappings = [{"containerID":0,"hostID":200000,"size":65536}]'
	# the mapped root (host uid 100000) must reach the rootfs
	d=$(rootfs_dir)
	while [ "$d" != / ]; do chmod a+x "$d"; d=$(dirname "$d"); done
	run_ns sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
	[ "$(echo ${lines[2]})" = "0 100000 65536" ]
	[ "$(echo ${lines[3]})" = "0 200000 65536" ]
}

@test "user namespace: a bind source only host root can reach still mounts, as with runc" {
	# The source sits under a 0700 directory: the container's mapped root
	# cannot walk to it, so moat (as host root) opens it for init.
	local src="$BATS_TEST_TMPDIR/private/data"
	mkdir -p "$src"
	echo host-data >"$src/f"
	chmod 700 "$BATS_TEST_TMPDIR/private"
	mkdir -p "$(rootfs_dir)/mnt"
	update_config '.linux.namespaces += [{"type":"user"}] | .linux.namespaces |= unique_by(.type)
		| .linux.uidMappings = [{"containerID":0,"hostID":100000,"size":65536}]
		| .linux.gidMappings = [{"containerID":0,"hostID":100000,"size":65536}]'
	update_config ".mounts += [{\"destination\": \"/mnt\", \"type\": \"bind\", \"source\": \"$src\", \"options\": [\"rbind\", \"ro\"]},
		{\"destination\": \"/tmp\", \"type\": \"bind\", \"source\": \"$BATS_TEST_TMPDIR/nonexistent\", \"options\": [\"bind\"]}]"
	d=$(rootfs_dir)
	while [ "$d" != / ]; do chmod a+x "$d"; d=$(dirname "$d"); done
	# A missing source is still a one-line error naming it, nothing left.
	run_ns cat /mnt/f
	[ "$status" -eq 1 ]
	[[ "$output" == *"mounts["*"].source \`$BATS_TEST_TMPDIR/nonexistent\`: No such file or directory"* ]]
	assert_nothing_left nstest
	update_config 'del(.mounts[-1])'
	run_ns cat /mnt/f
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = host-data ]
}

@test "time namespace offsets shift the container's clocks" {
	update_config '.linux.namespaces += [{"type":"time"}] | .linux.namespaces |= unique_by(.type)
		| .linux.timeOffsets = {"boottime":{"secs":31536000,"nanosecs":0},"monotonic":{"secs":63072000,"nanosecs":0}}'
	# The host's uptime on both sides of the run: under TCG a run takes
	# seconds, so one reading after it could pass the container's.
	before=$(cut -d. -f1 /proc/uptime)
	run_ns cat /proc/uptime
	after=$(cut -d. -f1 /proc/uptime)
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	inside=${output%%.*}
	echo "host before $before, after $after; inside $inside"
	# exactly one year of boottime offset, read between the two
	[ "$inside" -ge $((before + 31536000)) ]
	[ "$inside" -le $((after + 31536000)) ]
}

@test "hostname and domainname are set in the new uts namespace" {
	update_config '.hostname = "moat-host" | .domainname = "moat.example"'
	run_ns sh -c 'hostname; cat /proc/sys/kernel/domainname'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "${lines[0]}" = moat-host ]
	[ "${lines[1]}" = moat.example ]
	[ "$(hostname)" != moat-host ]
}

@test "namespaced sysctls are written in the container's namespaces" {
	update_config '.linux.sysctl = {"net.ipv4.ip_forward":"1","kernel.shmmax":"123456789"}'
	host_shmmax=$(cat /proc/sys/kernel/shmmax)
	run_ns sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "${lines[0]}" = 1 ]
	[ "${lines[1]}" = 123456789 ]
	[ "$(cat /proc/sys/kernel/shmmax)" = "$host_shmmax" ]
}

@test "a sysctl no namespace isolates is refused before anything happens" {
	update_config '.linux.sysctl = {"vm.swappiness":"10"}'
	run_ns true
	[ "$status" -ne 0 ]
	[[ "$output" == *'"vm.swappiness" is not namespaced'* ]]
	assert_nothing_left nstest
}

@test "a net.* sysctl without a network namespace is refused" {
	update_config '.linux.namespaces |= map(select(.type != "network")) | .linux.sysctl = {"net.ipv4.ip_forward":"1"}'
	run_ns true
	[ "$status" -ne 0 ]
	[[ "$output" == *"network namespace"* ]]
}

@test "lifecycle: create, state, start, kill, delete" {
	set_args sleep 1000
	moat create --bundle "$BUNDLE" nslife </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" ||
		{ cat "$BATS_TEST_TMPDIR/err"; false; }
	run moat state nslife
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -r .status)" = created ]
	pid=$(echo "$output" | jq -r .pid)
	kill -0 "$pid"
	run moat start nslife
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(moat state nslife | jq -r .status)" = running ]
	[ "$(cat /proc/$pid/comm)" = sleep ]
	run moat delete nslife
	[ "$status" -ne 0 ]
	[[ "$output" == *"not stopped"* ]]
	moat kill nslife KILL
	while kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' /proc/$pid/stat 2>/dev/null)" != Z ]; do sleep 0.1; done
	[ "$(moat state nslife | jq -r .status)" = stopped ]
	run moat kill nslife TERM
	[ "$status" -ne 0 ]
	moat delete nslife
	assert_nothing_left nslife
	run moat state nslife
	[ "$status" -ne 0 ]
}

@test "delete of a created container kills its init" {
	set_args sleep 1000
	moat create --bundle "$BUNDLE" nslife </dev/null >/dev/null 2>&1
	pid=$(init_pid nslife)
	moat delete nslife
	! kill -0 "$pid" 2>/dev/null || [ "$(awk '{print $3}' /proc/$pid/stat)" = Z ]
	assert_nothing_left nslife
}

@test "delete of an unknown container fails, with -f succeeds" {
	run moat delete nosuch
	[ "$status" -ne 0 ]
	[[ "$output" == *"does not exist"* ]]
	run moat delete -f nosuch
	[ "$status" -eq 0 ]
}

@test "a missing binary fails create with its name and leaves nothing" {
	set_args /no/such/binary
	run moat create --bundle "$BUNDLE" nslife
	[ "$status" -ne 0 ]
	[[ "$output" == *"/no/such/binary"* ]]
	assert_nothing_left nslife
	! pgrep -f "moat.*nslife" >/dev/null
}

@test "run returns the exit status; forwards signals; 128+N for a signal" {
	run_ns sh -c 'exit 7'
	[ "$status" -eq 7 ]
	assert_nothing_left nstest
	# without a pid namespace sleep is not an init that ignores SIGTERM
	update_config '.linux.namespaces |= map(select(.type != "pid"))'
	set_args sleep 1000
	# the binary itself, not the moat() function's subshell, gets the signal
	"$MOAT_BINARY" --root "$ROOT" run --bundle "$BUNDLE" nstest </dev/null >/dev/null 2>&1 &
	bg=$!
	for _ in $(seq 100); do
		[ "$(moat state nstest 2>/dev/null | jq -r .status)" = running ] && break
		sleep 0.1
	done
	[ "$(moat state nstest | jq -r .status)" = running ]
	kill -TERM "$bg"
	st=0
	wait "$bg" || st=$?
	[ "$st" -eq 143 ]
	assert_nothing_left nstest
}

@test "create twice with the same id: already exists" {
	set_args sleep 1000
	moat create --bundle "$BUNDLE" nslife </dev/null >/dev/null 2>&1
	run moat create --bundle "$BUNDLE" nslife
	[ "$status" -ne 0 ]
	[[ "$output" == *"already exists"* ]]
	[ "$(moat state nslife | jq -r .status)" = created ]
}

@test "--pid-file gets init's pid; --preserve-fds passes fds to the container" {
	set_args sh -c 'cat <&3'
	echo preserved >"$BATS_TEST_TMPDIR/in"
	run moat run --pid-file "$BATS_TEST_TMPDIR/pid" --preserve-fds 1 --bundle "$BUNDLE" nstest 3<"$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = preserved ]
	grep -qE '^[0-9]+$' "$BATS_TEST_TMPDIR/pid"
}

@test "no host fd reaches the container beyond stdio" {
	run_ns ls /proc/self/fd
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	# 0 1 2 and the fd ls itself opened for the directory
	[ "$(echo "$output" | wc -w)" -le 4 ]
}

@test "a failure inside init comes back with its text and leaves nothing" {
	update_config '.linux.sysctl = {"net.ipv4.ip_forward":"not-a-number"}'
	run_ns true
	[ "$status" -ne 0 ]
	[[ "$output" == *'net.ipv4.ip_forward'* ]]
	[[ "$output" == *"Invalid argument"* ]]
	assert_nothing_left nstest
}

@test "the same failure on the join path (init is a grandchild) leaves nothing" {
	local f="$BATS_TEST_TMPDIR/netns"
	touch "$f"
	NSFILES+=("$f")
	unshare --net="$f" true
	update_config ".linux.namespaces = [{\"type\":\"pid\"},{\"type\":\"mount\"},{\"type\":\"uts\"},{\"type\":\"network\",\"path\":\"$f\"}]
		| .linux.sysctl = {\"net.ipv4.ip_forward\":\"not-a-number\"}"
	run_ns true
	[ "$status" -ne 0 ]
	[[ "$output" == *"Invalid argument"* ]]
	assert_nothing_left nstest
}
