#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Every bad input: exit status 1, one line on stderr naming the thing, and
# nothing left behind (no state dir, no process, no mount of the bundle).

load helpers

ID=moat-bad-$$

setup() {
	setup_bundle
}

teardown() {
	cleanup_root
}

# refused WORD...: the last `run` failed with status 1 and a single line
# naming each WORD, and left nothing of $ID.
refused() {
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[ "${#lines[@]}" -eq 1 ] || { echo "more than one line: $output"; return 1; }
	[[ "${lines[0]}" == moat:* ]] || { echo "not a moat error: $output"; return 1; }
	local w
	for w in "$@"; do
		[[ "$output" == *"$w"* ]] || { echo "error does not name \"$w\": $output"; return 1; }
	done
	assert_nothing_left "$ID"
}

# run_file CMD...: bats' `run`, with the output through a file: a create
# that wrongly succeeds leaves an init holding its stdout, and `run`
# would wait on that pipe instead of failing the test.
run_file() {
	status=0
	"$@" >"$BATS_TEST_TMPDIR/run.out" 2>&1 </dev/null || status=$?
	output=$(cat "$BATS_TEST_TMPDIR/run.out")
	IFS=$'\n' read -d '' -r -a lines <<<"$output" || true
}

create_it() { run_file moat create --bundle "$BUNDLE" "$ID"; }

@test "malformed JSON" {
	echo '{ "ociVersion": "1.2.0", "process": ' >"$BUNDLE/config.json"
	create_it
	refused config.json
}

@test "config.json is not an object" {
	echo '[1, 2]' >"$BUNDLE/config.json"
	create_it
	refused config.json
}

@test "missing config.json" {
	rm "$BUNDLE/config.json"
	create_it
	refused config.json
}

@test "bundle that does not exist" {
	run moat create --bundle "$BATS_TEST_TMPDIR/nosuch" "$ID" </dev/null
	refused nosuch
}

@test "wrong type: process.args is a string" {
	update_config '.process.args = "/bin/probe ids"'
	create_it
	refused args
}

@test "wrong type: process.user.uid is a string" {
	update_config '.process.user.uid = "zero"'
	create_it
	refused uid
}

@test "wrong type: linux.namespaces is an object" {
	update_config '.linux.namespaces = {"type": "pid"}'
	create_it
	refused namespaces
}

@test "missing root.path" {
	update_config 'del(.root)'
	create_it
	refused root
}

@test "rootfs that does not exist" {
	update_config '.root.path = "no-such-rootfs"'
	create_it
	refused no-such-rootfs
}

@test "rootfs that is a file" {
	touch "$BUNDLE/afile"
	update_config '.root.path = "afile"'
	create_it
	refused afile
}

@test "unknown namespace type" {
	update_config '.linux.namespaces += [{"type": "frobns"}]'
	create_it
	refused frobns
}

@test "duplicate namespace type" {
	update_config '.linux.namespaces += [{"type": "uts"}, {"type": "uts"}]'
	create_it
	refused uts
}

@test "unknown mount option" {
	update_config '.mounts += [{"destination": "/mnt", "type": "tmpfs", "source": "tmpfs", "options": ["frobnicate"]}]'
	create_it
	refused /mnt
}

@test "relative mount destination means relative to / (runtime-spec 1.2), not an error" {
	update_config '.mounts += [{"destination": "mnt", "type": "tmpfs", "source": "tmpfs"}] | .process.args = ["/bin/probe", "mounts"]'
	run moat run --bundle "$BUNDLE" relmnt </dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *" /mnt "* ]]
}

@test "bad id mapping: size 0" {
	update_config '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 0}] | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	create_it
	refused uidMappings
}

@test "bad id mapping: overlapping ranges" {
	update_config '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 100}, {"containerID": 50, "hostID": 200000, "size": 100}] | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	create_it
	refused uidMappings
}

@test "id mappings without a user namespace" {
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	create_it
	refused Mappings
}

@test "unknown capability" {
	update_config '.process.capabilities.bounding += ["CAP_FROBNICATE"]'
	create_it
	refused CAP_FROBNICATE
}

@test "unknown rlimit" {
	update_config '.process.rlimits = [{"type": "RLIMIT_FROB", "soft": 1, "hard": 1}]'
	create_it
	refused RLIMIT_FROB
}

@test "empty process.args" {
	update_config '.process.args = []'
	create_it
	refused args
}

@test "process.cwd is relative" {
	update_config '.process.cwd = "tmp"'
	create_it
	refused cwd
}

@test "unsupported ociVersion" {
	update_config '.ociVersion = "2.0.0"'
	create_it
	refused 2.0.0
}

@test "duplicate id: refused, the first container untouched" {
	moat create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
	pid=$(moat state "$ID" | jq -r .pid)
	run moat create --bundle "$BUNDLE" "$ID" </dev/null
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$ID"* ]]
	[ "$(moat state "$ID" | jq -r .status)" = created ]
	[ "$(moat state "$ID" | jq -r .pid)" = "$pid" ]
	kill -0 "$pid"
}

@test "invalid ids: empty, slash, dot-dot, dot, 256 bytes, newline, control characters" {
	long=$(printf 'a%.0s' $(seq 256))
	for bad in "" "a/b" ".." "." "$long" "a b" "x\$y" $'a\nb' $'a\tb' $'\x1b[31mred' $'a\x7f'; do
		run moat create --bundle "$BUNDLE" "$bad" </dev/null
		[ "$status" -eq 1 ] || { echo "id \"$bad\" accepted"; false; }
		[ "${#lines[@]}" -eq 1 ] || { echo "id \"$bad\": $output"; false; }
		[[ "$output" == *id* ]] || { echo "id \"$bad\": $output"; false; }
	done
	# Nothing was made for any of them: the root holds no entry.
	[ -z "$(ls -A "$ROOT" 2>/dev/null)" ] || { ls -la "$ROOT"; false; }
	# The limit is named, and a control character is never echoed raw.
	run moat create --bundle "$BUNDLE" "$long" </dev/null
	[[ "$output" == *"255 bytes"* ]] || { echo "limit not named: $output"; false; }
	run moat create --bundle "$BUNDLE" $'a\x1b[31mred' </dev/null
	[[ "$output" != *$'\x1b'* ]] || { echo "escape printed raw: $output"; false; }
	[ ! -e "$(dirname "$ROOT")/b" ]
}

# 255 bytes is NAME_MAX, what the state directory (and the cgroup) can
# hold; ',' is in runc's [\w+-\.] (the range +-. holds it).
@test "ids of 255 bytes and with a comma run, as with runc" {
	long=$(printf 'b%.0s' $(seq 255))
	for id in "$long" "a,b"; do
		run moat run --bundle "$BUNDLE" "$id" </dev/null
		[ "$status" -eq 0 ] || { echo "id \"$id\": $output"; false; }
		assert_nothing_left "$id"
	done
}

@test "start, kill, state, delete, exec of a container that does not exist" {
	for cmd in start state delete; do
		run moat "$cmd" "$ID"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == *"$ID"* ]] || { echo "$cmd: $output"; false; }
	done
	run moat kill "$ID" KILL
	[ "$status" -eq 1 ]
	[[ "$output" == *"$ID"* ]]
	# exec's own failures exit 255, as runc's do
	run moat exec "$ID" /bin/probe ids
	[ "$status" -eq 255 ]
	[[ "$output" == *"$ID"* ]]
	assert_nothing_left "$ID"
}

@test "delete -f of a container that does not exist: success, as runc" {
	run moat delete -f "$ID"
	[ "$status" -eq 0 ]
}

@test "unknown signal: named, the container unharmed" {
	update_config '.process.args = ["sleep", "1000"]'
	moat create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
	for sig in FOO SIGFOO 0x9 999 -1 "" RTMIN+99; do
		run moat kill "$ID" "$sig"
		[ "$status" -eq 1 ] || { echo "signal \"$sig\" accepted"; false; }
		[[ "$output" == *"unknown signal \"$sig\""* ]] || { echo "$output"; false; }
	done
	[ "$(moat state "$ID" | jq -r .status)" = created ]
}

@test "terminal without --console-socket" {
	update_config '.process.terminal = true'
	create_it
	refused console
}

@test "--console-socket that does not exist" {
	update_config '.process.terminal = true'
	run moat create --console-socket "$BATS_TEST_TMPDIR/nosock" --bundle "$BUNDLE" "$ID" </dev/null
	refused nosock
}

@test "--console-socket without terminal: refused like runc" {
	run moat create --console-socket "$BATS_TEST_TMPDIR/nosock" --bundle "$BUNDLE" "$ID" </dev/null
	refused console
}

@test "failing createRuntime hook: its path in the error, nothing left" {
	update_config '.hooks.createRuntime = [{"path": "/bin/false"}]'
	create_it
	refused /bin/false
}

@test "hook that does not exist" {
	update_config '.hooks.prestart = [{"path": "/no/such/hook"}]'
	create_it
	refused /no/such/hook
}

@test "process binary that does not exist: create succeeds, start fails, delete cleans up" {
	update_config '.process.args = ["/no/such/binary"]'
	run moat run --bundle "$BUNDLE" "$ID" </dev/null
	[ "$status" -ne 0 ]
	[[ "$output" == */no/such/binary* ]]
	assert_nothing_left "$ID"
}

@test "--preserve-fds: not a number" {
	run moat create --preserve-fds many --bundle "$BUNDLE" "$ID" </dev/null
	refused many
}

@test "--pid-file in a directory that does not exist" {
	run moat create --pid-file "$BATS_TEST_TMPDIR/no/dir/pid" --bundle "$BUNDLE" "$ID" </dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *pid* ]]
	assert_nothing_left "$ID"
}

# Accepted on purpose: Go writes an unset path as "", and runc takes
# `"path": ""` as no path, a new namespace (not a join of "", not an error).
@test "namespace \"path\": \"\" is a new namespace, as with runc" {
	update_config '.hostname = "fresh"
		| .linux.namespaces |= map(if .type == "uts" or .type == "ipc" then .path = "" else . end)
		| .process.args = ["/bin/probe", "ns"]'
	run moat run --bundle "$BUNDLE" "$ID" </dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	for n in uts ipc; do
		echo "$output" | grep -q "^$n=" || { echo "probe ns says nothing of $n"; false; }
		! echo "$output" | grep -qxF "$n=$(readlink /proc/self/ns/$n)" || { echo "$n is the host's"; false; }
	done
	assert_nothing_left "$ID"
}

# bounded CMD...: moat under a time and address-space limit, so a read
# that hangs fails the test instead of hanging it, and one that grows
# without bound ends in the limit instead of eating the host's memory.
bounded() {
	(ulimit -v 1000000 && exec timeout 20 "$MOAT_BINARY" --root "$ROOT" "$@")
}

# one_line STATUS WORD...: the last `run` exited STATUS with one line
# naming each WORD.
one_line() {
	local want=$1 w
	shift
	[ "$status" -eq "$want" ] || { echo "status $status (want $want): $output"; return 1; }
	[ "${#lines[@]}" -eq 1 ] || { echo "more than one line: $output"; return 1; }
	for w in "$@"; do
		[[ "$output" == *"$w"* ]] || { echo "error does not name \"$w\": $output"; return 1; }
	done
}

start_sleeper() {
	update_config '.process.args = ["/bin/sleep", "1000"]'
	moat create --bundle "$BUNDLE" "$ID" </dev/null
	moat start "$ID"
}

@test "exec -p, update -r: a FIFO, a directory, /dev/zero are refused, naming the file" {
	start_sleeper
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	mkdir "$BATS_TEST_TMPDIR/dir"
	for f in "$BATS_TEST_TMPDIR/fifo" "$BATS_TEST_TMPDIR/dir" /dev/zero; do
		run bounded exec -p "$f" "$ID"
		one_line 255 "$f" || { echo "exec -p $f"; false; }
		run bounded update -r "$f" "$ID"
		one_line 1 "$f" || { echo "update -r $f"; false; }
	done
	[ "$(moat state "$ID" | jq -r .status)" = running ]
}

@test "config.json: a FIFO and a file over 64 MiB are refused, naming it" {
	rm "$BUNDLE/config.json"
	mkfifo "$BUNDLE/config.json"
	run bounded create --bundle "$BUNDLE" "$ID" </dev/null
	refused config.json "not a regular file"
	rm "$BUNDLE/config.json"
	truncate -s 65M "$BUNDLE/config.json"
	run bounded create --bundle "$BUNDLE" "$ID" </dev/null
	refused config.json "64 MiB"
}
@test "update -r - (stdin): a pipe is read, an endless one is cut off at the limit" {
	start_sleeper
	echo '{}' | moat update -r - "$ID"
	run bounded update -r - "$ID" </dev/zero
	one_line 1 stdin "64 MiB"
	[ "$(moat state "$ID" | jq -r .status)" = running ]
}

set_big_annotation() {
	jq --rawfile v "$BATS_TEST_TMPDIR/big" '.annotations = {"big": $v}' "$BUNDLE/config.json" \
		>"$BUNDLE/c.new" && mv "$BUNDLE/c.new" "$BUNDLE/config.json"
}

# The state JSON (annotations and all) reaches init in one sync message of
# under 128 KiB; create measures it, so a container it makes can start.
@test "annotations: a state JSON just under 128 KiB starts, just over is refused at create" {
	printf '%*s' $((128 * 1024 - 2048)) '' | tr ' ' x >"$BATS_TEST_TMPDIR/big"
	set_big_annotation
	run moat run --bundle "$BUNDLE" "$ID" </dev/null
	[ "$status" -eq 0 ] || { echo "just under: $output"; false; }
	assert_nothing_left "$ID"
	printf 'x%.0s' $(seq 2100) >>"$BATS_TEST_TMPDIR/big"
	set_big_annotation
	create_it
	refused annotations "128 KiB"
}

# bats holds fds 3 and 4 open: close them, so that 3..7 are known closed.
@test "--preserve-fds beyond the open fds: refused, naming the first closed fd" {
	run_file moat create --preserve-fds 5 --bundle "$BUNDLE" "$ID" 3>&- 4>&- 5>&- 6>&- 7>&-
	refused "--preserve-fds" "fd 3"
	run_file moat create --preserve-fds 2 --bundle "$BUNDLE" "$ID" 3</dev/null 4>&-
	refused "--preserve-fds" "fd 4"
}

@test "exec --preserve-fds beyond the open fds: refused (255), naming the fd" {
	start_sleeper
	run_file moat exec --preserve-fds 1 "$ID" /bin/true 3>&-
	one_line 255 "--preserve-fds" "fd 3"
}

@test "root.path that resolves to /: refused, naming root.path" {
	update_config '.root.path = "/"'
	create_it
	refused root.path
	ln -s / "$BUNDLE/hostroot"
	update_config '.root.path = "hostroot"'
	create_it
	refused root.path hostroot
}

@test "hostname and domainname over 64 bytes: refused before the clone; 64 is fine" {
	h64=$(printf 'h%.0s' $(seq 64))
	update_config ".hostname = \"${h64}x\""
	create_it
	refused hostname 64
	update_config ".hostname = \"$h64\" | .domainname = \"${h64}x\""
	create_it
	refused domainname 64
	update_config ".hostname = \"$h64\" | .domainname = \"$h64\" | .process.args = [\"/bin/hostname\"]"
	run moat run --bundle "$BUNDLE" "$ID" </dev/null
	[ "$status" -eq 0 ] && [ "$output" = "$h64" ] || { echo "$status: $output"; false; }
}
