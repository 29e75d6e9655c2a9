#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The command line as runc's callers meet it: global options, help, spec,
# features, list, state and the log formats.

load helpers

ID=moat-cli-$$

teardown() {
	cleanup_root
}

COMMANDS="create start run state kill delete list exec spec features update pause resume ps events audit"

@test "--version names moat and the spec version" {
	run "$MOAT_BINARY" --version
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "moat version "* ]]
	echo "$output" | grep -qx 'spec: 1.2.0'
	run "$MOAT_BINARY" -v
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "moat version "* ]]
}

# runc's first lines, which clients parse, then crun's feature tags: only
# what moat has (+SYSTEMD: the --systemd-cgroup driver; no +CRIU).
@test "--version: runc's lines, then crun's feature tags" {
	run "$MOAT_BINARY" --version
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "moat version "* ]]
	[[ "${lines[1]}" == "commit: "* ]]
	[ "${lines[2]}" = "spec: 1.2.0" ]
	[[ "${lines[3]}" == "libseccomp: "* ]]
	[ "${lines[4]}" = "+SYSTEMD +SELINUX +APPARMOR +CAP +SECCOMP +EBPF +YAJL" ]
	[ "${#lines[@]}" -eq 5 ]
}

@test "--help lists every command and the global options" {
	run "$MOAT_BINARY" --help
	[ "$status" -eq 0 ]
	for c in $COMMANDS; do
		echo "$output" | grep -qE "^ +$c " || { echo "missing $c"; false; }
	done
	for o in --root --log --log-format --debug --systemd-cgroup; do
		echo "$output" | grep -q -- "$o" || { echo "missing $o"; false; }
	done
}

@test "no command: usage and exit 1" {
	run "$MOAT_BINARY"
	[ "$status" -eq 1 ]
	[[ "$output" == *Usage* ]]
}

@test "unknown command: one line naming it, exit 1" {
	run "$MOAT_BINARY" frobnicate
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *'"frobnicate"'* ]]
}

@test "unknown global option: one line naming it, exit 1" {
	run "$MOAT_BINARY" --frob list
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *--frob* ]]
}

@test "every command has --help, exit 0, with its usage" {
	for c in $COMMANDS; do
		run "$MOAT_BINARY" "$c" --help
		[ "$status" -eq 0 ] || { echo "$c --help: $status $output"; false; }
		[[ "${lines[0]}" == "Usage: moat $c"* ]] || { echo "$c: ${lines[0]}"; false; }
	done
}

@test "unknown command option: one line naming it, exit 1" {
	run moat state --frob x
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *--frob* ]]
}

@test "commands that take an id require exactly one" {
	for c in start state; do
		run moat "$c"
		[ "$status" -eq 1 ]
		[[ "$output" == *"requires exactly 1 argument"* ]] || { echo "$c: $output"; false; }
		run moat "$c" a b
		[ "$status" -eq 1 ]
	done
	# delete takes several ids, as runc's does.
	run moat delete
	[ "$status" -eq 1 ]
	[[ "$output" == *"requires at least 1 argument"* ]]
	run moat create
	[ "$status" -eq 1 ]
	[[ "$output" == *"requires exactly 1 argument"* ]]
	run moat kill
	[ "$status" -eq 1 ]
	run moat kill a SIGTERM extra
	[ "$status" -eq 1 ]
}

@test "--systemd-cgroup: where systemd is not running, create says so, naming the flag" {
	[ -d /run/systemd/system ] && skip "systemd is running here"
	setup_bundle
	run moat --systemd-cgroup create --bundle "$BUNDLE" "$ID"
	[ "$status" -eq 1 ]
	[[ "$output" == *"--systemd-cgroup"* ]]
	[ ! -e "$ROOT/$ID" ]
}

@test "--log-format rejects an unknown format" {
	run "$MOAT_BINARY" --log-format xml list
	[ "$status" -eq 1 ]
	[[ "$output" == *xml* ]]
}

@test "spec: a valid config.json, runc's defaults" {
	cd "$BATS_TEST_TMPDIR"
	run moat spec
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	jq -e . config.json >/dev/null
	[ "$(jq -r .ociVersion config.json)" = 1.2.0 ]
	[ "$(jq -r .root.path config.json)" = rootfs ]
	[ "$(jq -r .process.terminal config.json)" = true ]
	[ "$(jq -r '.process.args[0]' config.json)" = sh ]
	jq -e '.linux.namespaces | map(.type) | index("mount") != null' config.json >/dev/null
	jq -e '.mounts | map(.destination) | index("/proc") != null' config.json >/dev/null
	jq -e '.linux.maskedPaths | length > 0' config.json >/dev/null
}

@test "spec: refuses to overwrite an existing config.json" {
	cd "$BATS_TEST_TMPDIR"
	echo '{"keep":"me"}' >config.json
	run moat spec
	[ "$status" -eq 1 ]
	[[ "$output" == *config.json* && "$output" == *exists* ]]
	[ "$(jq -r .keep config.json)" = me ]
}

@test "spec --bundle writes into the given directory" {
	mkdir "$BATS_TEST_TMPDIR/b"
	run moat spec --bundle "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	jq -e .ociVersion "$BATS_TEST_TMPDIR/b/config.json" >/dev/null
}

@test "spec --rootless: a user namespace mapping the caller" {
	cd "$BATS_TEST_TMPDIR"
	run moat spec --rootless
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	jq -e '.linux.namespaces | map(.type) | index("user") != null' config.json >/dev/null
	[ "$(jq -r '.linux.uidMappings[0].hostID' config.json)" = "$(id -u)" ]
	[ "$(jq -r '.linux.gidMappings[0].hostID' config.json)" = "$(id -g)" ]
	jq -e '.linux.namespaces | map(.type) | index("network") == null' config.json >/dev/null
}

@test "features: the OCI features document" {
	run moat features
	[ "$status" -eq 0 ]
	echo "$output" | jq -e . >/dev/null
	[ "$(echo "$output" | jq -r .ociVersionMin)" = 1.0.0 ]
	[ "$(echo "$output" | jq -r .ociVersionMax)" = 1.2.0 ]
	echo "$output" | jq -e '.hooks | index("createRuntime") != null' >/dev/null
	echo "$output" | jq -e '.mountOptions | index("rbind") != null' >/dev/null
	echo "$output" | jq -e '.linux.namespaces | index("time") != null' >/dev/null
	echo "$output" | jq -e '.linux.capabilities | index("CAP_SYS_ADMIN") != null' >/dev/null
	[ "$(echo "$output" | jq -r .linux.cgroup.v2)" = true ]
	[ "$(echo "$output" | jq -r .linux.seccomp.enabled)" = true ]
	echo "$output" | jq -e '.linux.seccomp.actions | index("SCMP_ACT_NOTIFY") != null' >/dev/null
	echo "$output" | jq -e '.linux.selinux.enabled | type == "boolean"' >/dev/null
	echo "$output" | jq -e '.annotations["io.github.moat.version"] | type == "string"' >/dev/null
}

# The features document as runtime-spec 1.2's features.md and
# features-linux.md shape it (runc 1.2 prints it so): containerd 2 reads
# mountOptions ("rro" for recursive read-only mounts) and
# linux.mountExtensions.idmap.enabled (user namespaces) from it.  Each key
# with its JSON type; a misspelt or mistyped one reads as absent.
@test "features: every key of runtime-spec 1.2's document, with its type" {
	run moat features
	[ "$status" -eq 0 ]
	local key type
	while read -r key type; do
		echo "$output" | jq -e --arg t "$type" "$key | type == \$t" >/dev/null ||
			{ echo "$key is not a $type: $(echo "$output" | jq -c "$key")"; false; }
	done <<-'KEYS'
		.ociVersionMin string
		.ociVersionMax string
		.hooks array
		.mountOptions array
		.linux.namespaces array
		.linux.capabilities array
		.linux.cgroup.v1 boolean
		.linux.cgroup.v2 boolean
		.linux.cgroup.systemd boolean
		.linux.cgroup.systemdUser boolean
		.linux.cgroup.rdma boolean
		.linux.seccomp.enabled boolean
		.linux.seccomp.actions array
		.linux.seccomp.operators array
		.linux.seccomp.archs array
		.linux.seccomp.knownFlags array
		.linux.seccomp.supportedFlags array
		.linux.apparmor.enabled boolean
		.linux.selinux.enabled boolean
		.linux.intelRdt.enabled boolean
		.linux.mountExtensions.idmap.enabled boolean
		.annotations object
	KEYS
	echo "$output" | jq -e '.mountOptions | index("rro") != null' >/dev/null
}

@test "list: empty root, table header and json" {
	run moat list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(echo "${lines[0]}" | grep -E '^ID +PID +STATUS +BUNDLE +CREATED +OWNER')" ]
	run moat list -f json
	[ "$status" -eq 0 ]
	[ "$output" = null ] # runc's, for no containers
	run moat list -q
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run moat list -f yaml
	[ "$status" -eq 1 ]
	[[ "$output" == *yaml* ]]
}

# list's cost per container (docs/performance.md, density): one read of
# /proc/PID/stat each, one user-database lookup per owner, the cgroup2
# mount found once.
@test "list: per container one /proc/PID/stat read; the owner and the cgroup mount looked up once" {
	command -v strace >/dev/null || skip "needs strace"
	setup_bundle
	update_config '.process.args = ["/bin/sleep", "100"]'
	for i in 1 2 3; do
		moat create --bundle "$BUNDLE" "$ID-$i" </dev/null >/dev/null 2>&1 3>&-
	done
	# LeakSanitizer cannot run under ptrace (the sanitizer build's pass).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -qq -o "$BATS_TEST_TMPDIR/trace" -e trace=openat,statfs "$MOAT_BINARY" --root "$ROOT" list >/dev/null
	for i in 1 2 3; do moat delete -f "$ID-$i"; done
	cat "$BATS_TEST_TMPDIR/trace"
	[ "$(grep -c '/proc/[0-9]*/stat"' "$BATS_TEST_TMPDIR/trace")" -eq 3 ]
	[ "$(grep -c '/etc/passwd' "$BATS_TEST_TMPDIR/trace")" -le 1 ]
	[ "$(grep -c 'statfs(' "$BATS_TEST_TMPDIR/trace")" -le 2 ]
}

@test "list and state: a created container in every format" {
	setup_bundle
	moat create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
	run moat list
	[ "$status" -eq 0 ]
	echo "$output" | grep -E "^$ID +[0-9]+ +created +$BUNDLE +[0-9T:.Z+-]+ +root"
	run moat list -q
	[ "$output" = "$ID" ]
	run moat list --format json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -r '.[0].id')" = "$ID" ]
	[ "$(echo "$output" | jq -r '.[0].status')" = created ]
	[ "$(echo "$output" | jq -r '.[0].bundle')" = "$BUNDLE" ]
	# runc's owner: the name of the state dir's owner, "#UID" without one
	[ "$(echo "$output" | jq -r '.[0].owner')" = root ]
	chown 54321 "$ROOT/$ID"
	run moat list --format json
	[ "$(echo "$output" | jq -r '.[0].owner')" = "#54321" ] || { echo "$output"; false; }
	run moat list
	echo "$output" | grep -E "^$ID .* #54321$"
	chown 0 "$ROOT/$ID"
	# state prints owner "" as runc's state does
	[ "$(moat state "$ID" | jq -r .owner)" = "" ]
	run moat state "$ID"
	[ "$status" -eq 0 ]
	for f in ociVersion id status pid bundle; do
		echo "$output" | jq -e "has(\"$f\")" >/dev/null || { echo "state lacks $f"; false; }
	done
	[ "$(echo "$output" | jq -r .pid)" -gt 0 ]
}

# runc 1.1.5: `kill ID 0` exits 0 and prints nothing while the container
# runs, 1 with "container not running" once it has stopped; SIG0 is no name.
@test "kill ID 0: an existence check, as with runc" {
	setup_bundle
	update_config '.process.args = ["/bin/sleep", "1000"]'
	moat run -d --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
	run moat kill "$ID" 0
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ -z "$output" ]
	[ "$(moat state "$ID" | jq -r .status)" = running ]
	run moat kill "$ID" SIG0
	[ "$status" -eq 1 ]
	[[ "$output" == *'unknown signal "SIG0"'* ]]
	moat kill "$ID" KILL
	for _ in $(seq 50); do
		[ "$(moat state "$ID" | jq -r .status)" = stopped ] && break
		sleep 0.1
	done
	run moat kill "$ID" 0
	[ "$status" -eq 1 ]
	[[ "$output" == *"not running"* ]]
}

@test "state of a missing container: one line naming it, exit 1" {
	run moat state nosuch-$$
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *nosuch-$$* ]]
}

@test "--log-format json: errors are JSON lines on stderr" {
	run "$MOAT_BINARY" --root "$ROOT" --log-format json state nosuch-$$
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | jq -r .level)" = error ]
	[[ "$(echo "$output" | jq -r .msg)" == *nosuch-$$* ]]
	echo "$output" | jq -e '.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T")' >/dev/null
}

@test "--log FILE --log-format json: every line of the file parses" {
	log=$BATS_TEST_TMPDIR/log.json
	run "$MOAT_BINARY" --root "$ROOT" --log "$log" --log-format json --debug state nosuch-$$
	[ "$status" -eq 1 ]
	[ -s "$log" ]
	jq -e . "$log" >/dev/null
	[ "$(jq -r 'select(.level == "error") | .msg' "$log" | wc -l)" -ge 1 ]
	grep -q "nosuch-$$" "$log"
}

@test "--log FILE in text: logrus-style lines" {
	log=$BATS_TEST_TMPDIR/log.txt
	run "$MOAT_BINARY" --root "$ROOT" --log "$log" state nosuch-$$
	[ "$status" -eq 1 ]
	grep -qE '^time="[^"]+" level=error msg=".*nosuch-'"$$"'.*"$' "$log"
}

# runc's --debug lines on stderr: time="..." level=debug msg="..." (logrus).
@test "--debug on stderr: logrus lines with level=debug" {
	setup_bundle
	"$MOAT_BINARY" --root "$ROOT" --debug run --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err"
	cat "$BATS_TEST_TMPDIR/err"
	[ "$(grep -cE '^time="[0-9T:-]+Z" level=debug msg=".+"$' "$BATS_TEST_TMPDIR/err")" -ge 1 ]
	! grep -q 'debug:' "$BATS_TEST_TMPDIR/err"
}

@test "--debug logs the create steps to the log" {
	setup_bundle
	log=$BATS_TEST_TMPDIR/log.json
	"$MOAT_BINARY" --root "$ROOT" --log "$log" --log-format json --debug run --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
	jq -e . "$log" >/dev/null
	[ "$(jq -r 'select(.level == "debug") | .msg' "$log" | wc -l)" -ge 1 ]
}

# The race itself (/proc/PID gone between two reads) cannot be forced;
# this pins what the one-read helper must still answer.
@test "pid_dead: a live process is not dead, a killed and reaped one is" {
	sleep 100 &
	local p=$!
	! pid_dead "$p"
	kill "$p"
	wait "$p" || true
	pid_dead "$p"
}
