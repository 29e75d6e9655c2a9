#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Capabilities, no_new_privs, seccomp (filters, errno, NOTIFY listener),
# masked/read-only paths, the session keyring, AppArmor, and the one-line
# errors of bad security config.  Every check is read from inside a real
# container.

load helpers

# Capability numbers (linux/capability.h), for the expected /proc masks.
CAP_NAMES=(CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_KILL
  CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE CAP_NET_BIND_SERVICE CAP_NET_BROADCAST
  CAP_NET_ADMIN CAP_NET_RAW CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO
  CAP_SYS_CHROOT CAP_SYS_PTRACE CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE
  CAP_SYS_RESOURCE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE CAP_AUDIT_WRITE
  CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG CAP_WAKE_ALARM
  CAP_BLOCK_SUSPEND CAP_AUDIT_READ CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE)

# caps_mask NAME... -> the 16-digit hex of /proc/PID/status, restricted to
# what the running kernel has (moat skips the others, as runc does).
caps_mask() {
	local mask=0 name i last
	last=$(cat /proc/sys/kernel/cap_last_cap)
	for name in "$@"; do
		for i in "${!CAP_NAMES[@]}"; do
			if [ "${CAP_NAMES[$i]}" = "$name" ] && [ "$i" -le "$last" ]; then
				mask=$((mask | (1 << i)))
			fi
		done
	done
	printf '%016x\n' "$mask"
}

# config_caps SET -> the names in process.capabilities.SET
config_caps() {
	jq -r ".process.capabilities.$1 // [] | .[]" "$BUNDLE/config.json"
}

rootfs() {
	local r
	r=$(jq -r .root.path "$BUNDLE/config.json")
	case "$r" in /*) echo "$r" ;; *) echo "$BUNDLE/$r" ;; esac
}

fresh_bundle() {
	rm -rf "${BUNDLE:?}"
	setup
}

setup() {
	setup_bundle
	update_config '.process.terminal = false'
	cp "$MOAT_BUILDDIR/tests/payload/sec-attack" "$(rootfs)/bin/sec-attack"
}

teardown() {
	[ -z "${LISTENER_PID:-}" ] || kill "$LISTENER_PID" 2>/dev/null || true
	moat delete -f mtsec 2>/dev/null || true
}

run_in() { # run_in CMD... : run a container "mtsec" with that process
	local args
	args=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	update_config ".process.args = $args"
	run moat run --bundle "$BUNDLE" mtsec
}

# A bad config: one line on stderr naming the thing, exit 1, no state left.
assert_bad_config() { # assert_bad_config 'jq filter' 'expected text'
	update_config "$1"
	run moat run --bundle "$BUNDLE" mtsec
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$2"* ]]
	[ "$(printf '%s\n' "$output" | grep -c .)" -eq 1 ]
	assert_nothing_left mtsec
}

@test "capabilities: the five sets of moat spec's default config, read from /proc/self/status" {
	# grep is the process moat execs: its sets are what moat left (for root
	# the kernel makes permitted = bounding | inheritable at that execve, so
	# this holds for configs whose sets agree, as moat spec's do)
	run_in grep ^Cap /proc/self/status
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(jq .process.user.uid "$BUNDLE/config.json")" = 0 ]
	bnd=$(caps_mask $(config_caps bounding))
	inh=$(caps_mask $(config_caps inheritable))
	# execve as uid 0: permitted = effective = bounding | inheritable, and
	# the ambient set is cleared (capabilities(7), "root" rules)
	prm=$(printf '%016x' $((0x$bnd | 0x$inh)))
	for want in "CapBnd:$bnd" "CapInh:$inh" "CapPrm:$prm" "CapEff:$prm" "CapAmb:0000000000000000"; do
		got=$(printf '%s\n' "$output" | awk -v k="${want%%:*}:" '$1 == k { print $2 }')
		echo "${want%%:*}: want ${want#*:} got $got"
		[ "$got" = "${want#*:}" ]
	done
	# and they are the configured sets (moat spec's are consistent)
	[ "$(caps_mask $(config_caps effective))" = "$prm" ]
	[ "$(caps_mask $(config_caps permitted))" = "$prm" ]
	# the default must not be everything
	[ "$(caps_mask $(config_caps bounding))" != "000001ffffffffff" ]
}

@test "capabilities: ambient and inheritable kept across the switch to a non-root user" {
	update_config '.process.user = {"uid": 1000, "gid": 1000}
		| .process.capabilities = {
			"bounding": ["CAP_NET_BIND_SERVICE", "CAP_KILL", "CAP_CHOWN"],
			"effective": ["CAP_NET_BIND_SERVICE", "CAP_KILL"],
			"permitted": ["CAP_NET_BIND_SERVICE", "CAP_KILL"],
			"inheritable": ["CAP_NET_BIND_SERVICE"],
			"ambient": ["CAP_NET_BIND_SERVICE"]}'
	run_in /bin/sh -c 'id -u; exec grep ^Cap /proc/self/status'
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 1000
	[[ "$output" == *"CapBnd:	$(caps_mask CAP_NET_BIND_SERVICE CAP_KILL CAP_CHOWN)"* ]]
	# the shell was exec'd by the runtime: effective = permitted there;
	# ambient survives into the next exec (grep) of a non-root user
	[[ "$output" == *"CapInh:	$(caps_mask CAP_NET_BIND_SERVICE)"* ]]
	[[ "$output" == *"CapAmb:	$(caps_mask CAP_NET_BIND_SERVICE)"* ]]
	[[ "$output" == *"CapEff:	$(caps_mask CAP_NET_BIND_SERVICE)"* ]]
}

@test "capabilities: an unknown name is a one-line error naming set and index" {
	assert_bad_config '.process.capabilities.bounding += ["CAP_FOO"]' \
		'process.capabilities.bounding['
	[[ "$output" == *'unknown capability "CAP_FOO"'* ]]
}

@test "no_new_privs: NoNewPrivs 1 when asked, 0 when not" {
	update_config '.process.noNewPrivileges = true'
	run_in /bin/sh -c 'grep ^NoNewPrivs /proc/self/status'
	[ "$status" -eq 0 ]
	[[ "$output" == *"NoNewPrivs:	1"* ]]
	update_config '.process.noNewPrivileges = false | del(.linux.seccomp)'
	run_in /bin/sh -c 'grep ^NoNewPrivs /proc/self/status'
	[ "$status" -eq 0 ]
	[[ "$output" == *"NoNewPrivs:	0"* ]]
}

@test "seccomp: the default profile is a filter (Seccomp 2) and busybox works under it" {
	[ "$(jq -r .linux.seccomp.defaultAction "$BUNDLE/config.json")" = SCMP_ACT_ERRNO ]
	# keyctl needs no capability: only the profile refuses it (EPERM)
	run_in /bin/sh -c 'grep ^Seccomp: /proc/self/status; ls / >/dev/null && echo ls-ok; sec-attack keyring'
	echo "$output"
	[ "$status" -ne 0 ] # sec-attack keyring fails
	[[ "$output" == *"Seccomp:	2"* ]]
	[[ "$output" == *ls-ok* ]]
	[[ "$output" == *"error: Operation not permitted"* ]]
}

@test "seccomp: a custom rule makes mkdir fail with the configured errno (EXDEV)" {
	# first: with libseccomp the first rule for a syscall wins over the
	# default profile's allow-list
	update_config '.root.readonly = false
		| .linux.seccomp.syscalls = [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18}]
			+ .linux.seccomp.syscalls'
	run_in /bin/sh -c 'mkdir /newdir; echo rc=$?'
	echo "$output"
	[[ "$output" == *"cross-device link"* ]]
	[[ "$output" == *"rc=1"* ]]
}

@test "seccomp: a profile without close_range or sched_setaffinity still starts run and exec" {
	# Nothing moat does after loading the filter may depend on the profile
	# (the OCI validation suite's profile, recorded ones, older ones).
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [{"names": ["close_range", "sched_setaffinity"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
		| .process.execCPUAffinity = {"final": "0"}'
	run_in /bin/sh -c 'echo started'
	echo "status=$status $output"
	[ "$status" -eq 0 ]
	[ "$output" = started ]
	update_config '.process.args = ["sleep", "60"]'
	moat run -d --bundle "$BUNDLE" mtsec </dev/null >/dev/null 2>&1
	run moat exec mtsec /bin/sh -c 'echo exec-started'
	echo "status=$status $output"
	[ "$status" -eq 0 ]
	[ "$output" = exec-started ]
}

@test "seccomp: SCMP_ACT_KILL_PROCESS kills the process with SIGSYS" {
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_KILL_PROCESS"}]}'
	run_in /bin/sh -c 'echo before; exec mkdir /tmp/x'
	echo "status=$status $output"
	[ "$status" -eq $((128 + 31)) ] # SIGSYS
	[[ "$output" == *before* ]]
}

@test "seccomp: NOTIFY sends the fd and the containerProcessState to the listener" {
	sock="$BATS_TEST_TMPDIR/listener.sock"
	out="$BATS_TEST_TMPDIR/listener.out"
	"$MOAT_BUILDDIR/tests/payload/seccomp-listener" "$sock" "$out" 123 &
	LISTENER_PID=$!
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	update_config ".linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ALLOW\",
		\"listenerPath\": \"$sock\", \"listenerMetadata\": \"moat-meta\",
		\"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"
	run_in /bin/sh -c 'mkdir /tmp/x; echo rc=$?'
	echo "$output"
	[[ "$output" == *"No medium found"* ]] # ENOMEDIUM (123), the listener's answer
	cat "$out"
	grep -q '"fds":\["seccompFd"\]' "$out"
	grep -q '"metadata":"moat-meta"' "$out"
	grep -q '"state":{' "$out"
	grep -q '"id":"mtsec"' "$out"
	grep -q '^notified ' "$out"
}

@test "seccomp: a listener socket that does not exist fails create" {
	assert_bad_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"listenerPath": "/nonexistent/moat-listener.sock",
		"syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}' \
		'/nonexistent/moat-listener.sock'
}

@test "seccomp: unknown action, architecture, operator, flag are one-line errors" {
	assert_bad_config '.linux.seccomp.syscalls[0].action = "SCMP_ACT_FOO"' \
		'linux.seccomp.syscalls[0].action: unknown seccomp action "SCMP_ACT_FOO"'
	fresh_bundle
	assert_bad_config '.linux.seccomp.architectures += ["SCMP_ARCH_VAX"]' \
		'unknown architecture "SCMP_ARCH_VAX"'
	fresh_bundle
	assert_bad_config '.linux.seccomp.flags = ["SECCOMP_FILTER_FLAG_FOO"]' \
		'linux.seccomp.flags[0]: unknown seccomp flag'
	fresh_bundle
	assert_bad_config '.linux.seccomp.syscalls += [{"names": ["read"], "action": "SCMP_ACT_ERRNO",
		"args": [{"index": 0, "value": 1, "op": "SCMP_CMP_FOO"}]}]' \
		'unknown operator "SCMP_CMP_FOO"'
	fresh_bundle
	assert_bad_config '.linux.seccomp.listenerPath = "/run/x.sock"' \
		'linux.seccomp.listenerPath'
}

@test "SELinux: a malformed label is a one-line error naming the key" {
	assert_bad_config '.process.selinuxLabel = "not-a-label"' 'process.selinuxLabel'
	fresh_bundle
	assert_bad_config '.linux.mountLabel = "a:b"' 'linux.mountLabel'
}

@test "masked paths read empty, masked dirs are empty" {
	# both have content on the host, or the test could not fail
	[ -s /proc/timer_list ] || [ -n "$(head -c 1 /proc/timer_list)" ]
	[ -n "$(ls -A /sys/firmware)" ]
	update_config '.linux.maskedPaths |= (. + ["/proc/timer_list", "/sys/firmware"] | unique)'
	run_in /bin/sh -c 'sec-attack read /proc/timer_list; echo "firmware=$(ls -A /sys/firmware | wc -l)"'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"ok 0 bytes"* ]]
	[[ "$output" == *"firmware=0"* ]]
}

@test "the default spec masks /proc/interrupts, and powercap where the host has it" {
	# /proc/interrupts has content on the host, or the test could not fail.
	# A masked path missing on the host (powercap without RAPL) is skipped
	# and the container still starts.
	[ -n "$(head -c 1 /proc/interrupts)" ]
	run_in /bin/sh -c 'sec-attack read /proc/interrupts
		[ -d /sys/devices/virtual/powercap ] && echo "powercap=$(ls -A /sys/devices/virtual/powercap | wc -l)"
		true'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"ok 0 bytes"* ]]
	if [ -d /sys/devices/virtual/powercap ]; then
		[[ "$output" == *"powercap=0"* ]]
	fi
}

@test "read-only paths refuse writes, a read-only root is EROFS" {
	update_config '.root.readonly = true | .linux.readonlyPaths |= (. + ["/proc/sys"] | unique)'
	run_in /bin/sh -c 'echo 1 > /proc/sys/kernel/ns_last_pid; echo sys=$?; touch /newfile; echo root=$?'
	echo "$output"
	[[ "$output" == *"Read-only file system"* ]]
	[[ "$output" == *"sys=1"* ]]
	[[ "$output" == *"root=1"* ]]
}

@test "keyring: a new session keyring per container, none with --no-new-keyring" {
	update_config 'del(.linux.seccomp)' # the default profile refuses keyctl
	run_in sec-attack keyring
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'keyring;[0-9]*;[0-9]*;[0-9a-f]*;moat-mtsec'
	update_config '.process.args = ["sec-attack", "keyring"]'
	run moat run --no-new-keyring --bundle "$BUNDLE" mtsec
	echo "$output"
	printf '%s\n' "$output" | grep -q '^keyring;'
	[[ "$output" != *moat-mtsec* ]]
}

@test "AppArmor: a profile is applied when AppArmor is on, skipped (debug) when off" {
	if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; then
		update_config '.process.apparmorProfile = "moat-no-such-profile"'
		run_in true
		echo "$output"
		[ "$status" -eq 1 ]
		[[ "$output" == *'AppArmor profile "moat-no-such-profile"'* ]]
	else
		update_config '.process.apparmorProfile = "moat-no-such-profile"'
		run_in true
		echo "$output"
		[ "$status" -eq 0 ]
	fi
}

# SELinux off (the host): --selinux-relabel does nothing but say so under
# --debug; a system directory is refused all the same (selinux.bats has
# the relabel itself, in the guest).
@test "create --selinux-relabel without SELinux: nothing relabelled, a debug line; /usr refused" {
	[ ! -e /sys/fs/selinux/enforce ] || skip "SELinux is enabled here: selinux.bats tests the relabel"
	update_config '.process.args = ["/bin/probe", "sleep", "1000"]'
	moat --debug --log "$BATS_TEST_TMPDIR/log" create --selinux-relabel --bundle "$BUNDLE" relabel-a \
		</dev/null >"$BATS_TEST_TMPDIR/out" 2>&1 3>&- || { cat "$BATS_TEST_TMPDIR/out"; false; }
	moat delete -f relabel-a
	grep -F "SELinux is not enabled: rootfs \`$BUNDLE/rootfs\` not relabelled" "$BATS_TEST_TMPDIR/log"
	update_config '.root.path = "/usr"'
	run moat create --selinux-relabel --bundle "$BUNDLE" relabel-a </dev/null 3>&-
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$output" = "moat: --selinux-relabel: refusing to relabel \`/usr\`: a system directory of the host" ]
	[ ! -e "$ROOT/relabel-a" ]
}
