#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# `moat audit` (issue 15): a bundle's config.json, and a running
# container measured from /proc, reported per layer of the "ten layers"
# practices with a score (docs/audit.md).

load helpers
bats_require_minimum_version 1.5.0

ID=moat-audit-$$

teardown() {
	cleanup_root
}

# A bundle with only config.json: auditing a config reads nothing else.
config_bundle() {
	BUNDLE=$BATS_TEST_TMPDIR/bundle
	mkdir -p "$BUNDLE"
	(cd "$BUNDLE" && "$MOAT_BINARY" spec)
}

# What the practices forbid, all at once: every capability, no seccomp,
# no_new_privs off, a writable root and /sys, a bind without nosuid or
# noexec, the host's pid namespace.
make_permissive() {
	local all
	all=$("$MOAT_BINARY" features | jq -c .linux.capabilities)
	update_config ".process.capabilities = {bounding: $all, effective: $all, permitted: $all}
		| del(.linux.seccomp) | .root.readonly = false | .process.noNewPrivileges = false
		| (.mounts[] | select(.destination == \"/sys\") | .options) = [\"nosuid\", \"noexec\", \"nodev\"]
		| .mounts += [{destination: \"/data\", type: \"bind\", source: \"/tmp\", options: [\"rbind\", \"nodev\"]}]
		| .linux.namespaces |= map(select(.type != \"pid\"))"
}

@test "audit: moat spec's default, its lines and score" {
	config_bundle
	run "$MOAT_BINARY" audit -b "$BUNDLE"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output"
	[ "${lines[-1]}" = "score: 70/100" ]
	echo "$output" | grep -qx 'namespaces: ok: linux.namespaces: new pid, network, ipc, uts, mount, cgroup namespaces'
	echo "$output" | grep -qx 'capabilities: ok: process.capabilities: CAP_AUDIT_WRITE CAP_KILL CAP_NET_BIND_SERVICE: within runc'"'"'s default set'
	echo "$output" | grep -qx 'seccomp: ok: linux.seccomp.defaultAction: SCMP_ACT_ERRNO'
	echo "$output" | grep -qx 'no_new_privs: ok: process.noNewPrivileges: true'
	echo "$output" | grep -qx 'readonly_root: ok: root.readonly: true'
	echo "$output" | grep -qx 'masked_paths: ok: linux.maskedPaths: runc'"'"'s default set masked'
	echo "$output" | grep -qx 'devices: ok: linux.resources.devices: every device denied but the default nodes'
	echo "$output" | grep -qx 'user: missing: process.user.uid: uid 0 without a user namespace: the container'"'"'s root is the host'"'"'s root; fix: process.user.uid: set a non-zero uid, or add {"type": "user"} to linux.namespaces with linux.uidMappings mapping 0 to an unprivileged host id'
	echo "$output" | grep -q '^cgroups: missing: linux.resources.memory.limit: '
	echo "$output" | grep -q '^selinux: missing: process.selinuxLabel: '
	# grouped by layer: each layer's lines are together
	[ "$(echo "$output" | sed '$d' | cut -d: -f1 | uniq | wc -l)" -eq 11 ]
}

@test "audit: a permissive config scores low, with the exact fixes" {
	config_bundle
	make_permissive
	run "$MOAT_BINARY" audit -b "$BUNDLE"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output"
	score=$(echo "${lines[-1]}" | sed -n 's|^score: \([0-9]*\)/100$|\1|p')
	[ -n "$score" ] && [ "$score" -lt 30 ]
	echo "$output" | grep -qxF 'capabilities: missing: process.capabilities.bounding[21]: CAP_SYS_ADMIN: nearly all of root (mount, namespaces, BPF, ...); fix: remove "CAP_SYS_ADMIN" from process.capabilities (bounding, effective, permitted, inheritable, ambient)'
	echo "$output" | grep -qF 'capabilities: missing: process.capabilities.bounding[12]: CAP_NET_ADMIN: '
	echo "$output" | grep -qF 'capabilities: missing: process.capabilities.bounding[19]: CAP_SYS_PTRACE: '
	echo "$output" | grep -qxF 'seccomp: missing: linux.seccomp: no seccomp filter: every system call reaches the kernel; fix: linux.seccomp: add a profile whose defaultAction is SCMP_ACT_ERRNO (moat spec writes one)'
	echo "$output" | grep -qxF 'no_new_privs: missing: process.noNewPrivileges: false: setuid binaries and file capabilities can raise privileges; fix: process.noNewPrivileges: set to true'
	echo "$output" | grep -qxF 'readonly_root: missing: root.readonly: false: the root filesystem is writable; fix: root.readonly: set to true (writable paths as tmpfs or volumes)'
	echo "$output" | grep -qxF 'masked_paths: missing: mounts[5].options: /sys is mounted read-write; fix: mounts[5].options: add "ro"'
	echo "$output" | grep -qxF 'volumes: missing: mounts[7].options: bind of `/tmp` on `/data` without nosuid, noexec; fix: mounts[7].options: add "nosuid", "noexec"'
	echo "$output" | grep -qxF 'namespaces: missing: linux.namespaces: pid namespace shared with the host; fix: linux.namespaces: add {"type": "pid"}'
}

@test "audit --format json: the documented schema" {
	config_bundle
	make_permissive
	run "$MOAT_BINARY" audit -b "$BUNDLE" --format json
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output" | jq -e . >/dev/null
	[ "$(echo "$output" | jq -r .bundle)" = "$BUNDLE" ]
	echo "$output" | jq -e '.score | type == "number" and . >= 0 and . < 30'
	[ "$(echo "$output" | jq -r '[.layers[].layer] | join(" ")')" = \
		"namespaces selinux cgroups capabilities seccomp no_new_privs readonly_root volumes user masked_paths devices" ]
	echo "$output" | jq -e 'all(.layers[]; (.status | IN("ok", "weak", "missing")) and (.findings | length > 0))'
	echo "$output" | jq -e 'all(.layers[].findings[]; (keys == ["fix", "message", "path", "status"]))'
	echo "$output" | jq -e 'all(.layers[].findings[]; (.status == "ok") == (.fix == null))'
	[ "$(echo "$output" | jq -r '.layers[] | select(.layer == "seccomp") | .status')" = missing ]
	[ "$(echo "$output" | jq -r '.layers[] | select(.layer == "readonly_root") | .findings[0].fix')" = \
		"root.readonly: set to true (writable paths as tmpfs or volumes)" ]
	# the default config: the same score as the text
	rm "$BUNDLE/config.json"
	config_bundle
	run "$MOAT_BINARY" audit -b "$BUNDLE" --format json
	[ "$(echo "$output" | jq .score)" -eq 70 ]
}

@test "audit --fail-under: exit 1 below the threshold, saying why" {
	config_bundle
	run "$MOAT_BINARY" audit -b "$BUNDLE" --fail-under 70
	[ "$status" -eq 0 ]
	run "$MOAT_BINARY" audit -b "$BUNDLE" --fail-under 71
	[ "$status" -eq 1 ]
	[ "${lines[-1]}" = "moat: audit: score 70/100 is under --fail-under 71" ]
	run "$MOAT_BINARY" audit -b "$BUNDLE" --fail-under 101
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	run "$MOAT_BINARY" audit -b "$BUNDLE" --format yaml
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *yaml* ]]
}

@test "audit: bad input is one line and exit 1" {
	run "$MOAT_BINARY" audit -b "$BATS_TEST_TMPDIR/nothing"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "moat: "*config.json* ]]
	config_bundle
	echo '{"ociVersion": "1.2.0", ' >"$BUNDLE/config.json"
	run "$MOAT_BINARY" audit -b "$BUNDLE"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "moat: config.json:"* ]]
	run "$MOAT_BINARY" audit -b "$BUNDLE" extra
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
}

start_detached() {
	moat create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" ||
		{ cat "$BATS_TEST_TMPDIR/err"; return 1; }
	moat start "$ID"
}

@test "audit --container: capabilities and a bind mount measured from /proc" {
	setup_bundle
	mkdir -p "$BATS_TEST_TMPDIR/vol"
	update_config '.process.args = ["/bin/probe", "sleep", "1000"]
		| .process.capabilities = {bounding: ["CAP_KILL"], effective: ["CAP_KILL"], permitted: ["CAP_KILL"]}
		| .mounts += [{destination: "/vol", type: "bind", source: "'"$BATS_TEST_TMPDIR/vol"'", options: ["rbind", "ro", "nosuid"]}]'
	start_detached
	pid=$(moat state "$ID" | jq -r .pid)
	run moat audit --container "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output"
	echo "$output" | grep -qx 'capabilities: ok: status:CapEff: CAP_KILL'
	echo "$output" | grep -qx 'capabilities: ok: status:CapBnd: CAP_KILL'
	echo "$output" | grep -qx 'no_new_privs: ok: status:NoNewPrivs: 1'
	# moat's filter on top of any this test runs under (host-noclone3.test
	# hides clone3 with one): every process inherits it.
	local inherited
	inherited=$(awk '/^Seccomp_filters:/ { print $2 }' /proc/self/status)
	echo "$output" | grep -qxE "seccomp: ok: status:Seccomp: filter mode, $((${inherited:-0} + 1)) filters?"
	echo "$output" | grep -qx 'readonly_root: ok: mountinfo:/: ro'
	echo "$output" | grep -qE '^volumes: missing: mountinfo:/vol: bind, kernel shows ro,nosuid(,[a-z]+)* \(no nodev, noexec\); fix: mounts\[[0-9]+\]\.options: add "nodev", "noexec"$'
	echo "$output" | grep -qx 'namespaces: ok: ns: new pid, network, ipc, uts, mount, cgroup namespaces'
	echo "$output" | grep -q '^user: missing: status:Uid: uid 0 without a user namespace'
	[[ "${lines[-1]}" == "score: "*"/100" ]]
	run moat audit --container "$ID" --format json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -r .container)" = "$ID" ]
	[ "$(echo "$output" | jq -r .pid)" = "$pid" ]
	echo "$output" | jq -e '.layers[] | select(.layer == "capabilities") | .findings[] | select(.path == "status:CapEff") | .message == "CAP_KILL"'
}

@test "audit --container: a difference from the config is flagged" {
	setup_bundle
	# The workload makes its read-only root writable again: CAP_SYS_ADMIN
	# and no seccomp filter let it.
	update_config '.process.args = ["/bin/sh", "-c", "mount -o remount,bind,rw / && touch /remounted && exec sleep 1000"]
		| .process.capabilities = {bounding: ["CAP_SYS_ADMIN"], effective: ["CAP_SYS_ADMIN"], permitted: ["CAP_SYS_ADMIN"]}
		| del(.linux.seccomp)'
	start_detached
	for i in $(seq 100); do
		[ -e "$BUNDLE/rootfs/remounted" ] && break
		sleep 0.1
	done
	[ -e "$BUNDLE/rootfs/remounted" ]
	run moat audit --container "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output"
	echo "$output" | grep -qxF 'readonly_root: missing: mountinfo:/: config asks root.readonly true, kernel shows rw; fix: process.capabilities: drop CAP_SYS_ADMIN and keep a seccomp filter that denies mount, so the workload cannot undo what moat set'
	# (Under an inherited filter, host-noclone3.test's, the kernel shows one.)
	if [ "$(awk '/^Seccomp:/ { print $2 }' /proc/self/status)" = 0 ]; then
		echo "$output" | grep -qxF 'seccomp: missing: status:Seccomp: no filter (mode 0); fix: linux.seccomp: add a profile whose defaultAction is SCMP_ACT_ERRNO (moat spec writes one)'
	fi
}

@test "audit --container: refused for a container that does not exist or is not started" {
	run moat audit --container nosuch
	[ "$status" -eq 1 ]
	[ "$output" = "moat: container \`nosuch\`: container does not exist" ]
	setup_bundle
	update_config '.process.args = ["/bin/probe", "sleep", "1000"]'
	moat create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
	run moat audit --container "$ID"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"is created, not running"* ]]
	run moat audit --container "$ID" -b "$BUNDLE"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
}

# What `auditctl -s` says, as moat audit words it.
expected_audit_kernel() {
	local enabled pid
	enabled=$(auditctl -s | awk '$1 == "enabled" { print $2 }')
	pid=$(auditctl -s | awk '$1 == "pid" { print $2 }')
	if [ "$enabled" = 0 ]; then
		echo 'audit: missing: netlink:AUDIT_GET: disabled (auditctl -s: enabled 0): the kernel drops every record; fix: auditctl -e 1, and audit=1 on the kernel command line'
	elif [ "$pid" = 0 ]; then
		echo "audit: weak: netlink:AUDIT_GET: enabled $enabled, no audit daemon: records go to the kernel log, rate-limited; fix: run auditd, so that records reach the audit log and whatever forwards it"
	else
		echo "audit: ok: netlink:AUDIT_GET: enabled $enabled$([ "$enabled" = 2 ] && echo ' (locked)'), auditd pid $pid receives the records"
	fi
}

@test "audit --container: the host's audit state and the MCS level (SELinux off: none)" {
	setup_bundle
	update_config '.process.args = ["/bin/probe", "sleep", "1000"]'
	start_detached
	run moat --audit-log "$BATS_TEST_TMPDIR/trail" audit --container "$ID"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	echo "$output"
	# the audit layer comes last, before the score
	[ "$(echo "$output" | sed '$d' | cut -d: -f1 | uniq | tail -1)" = audit ]
	if command -v auditctl >/dev/null; then
		expected_audit_kernel
		echo "$output" | grep -qxF "$(expected_audit_kernel)"
	else
		echo "# no auditctl here: the kernel's answer is not compared" >&3
		echo "$output" | grep -qE '^audit: (ok|weak|missing): netlink:AUDIT_GET: '
	fi
	# root on the host: CAP_AUDIT_WRITE (bit 29) and libaudit, if the test has them
	capeff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
	if (((0x$capeff >> 29) & 1)) && ldconfig -p | grep -q 'libaudit\.so\.1 '; then
		echo "$output" | grep -qxF 'audit: ok: capget:CAP_AUDIT_WRITE: moat holds CAP_AUDIT_WRITE and loads libaudit.so.1: it writes a VIRT_CONTROL record per operation'
	else
		echo "$output" | grep -qE '^audit: missing: capget:CAP_AUDIT_WRITE: '
	fi
	echo "$output" | grep -qxF "audit: ok: --audit-log: $BATS_TEST_TMPDIR/trail: a JSON line per operation"
	if [ ! -e /sys/fs/selinux/enforce ]; then
		echo "$output" | grep -qxF 'selinux: missing: mcs: none: SELinux is not enabled on this host; fix: enable SELinux on the host: moat then gives each container a category pair of its own'
	else
		echo "# SELinux is enabled here: the mcs line is checked by selinux.bats" >&3
		echo "$output" | grep -qE '^selinux: (ok|weak|missing): mcs: '
	fi
	# the same in JSON; the audit layer weighs nothing: the same score
	score=$(echo "${lines[-1]}" | sed -n 's|^score: \([0-9]*\)/100$|\1|p')
	run moat audit --container "$ID" --format json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -r '[.layers[].layer] | join(" ")')" = \
		"namespaces selinux cgroups capabilities seccomp no_new_privs readonly_root volumes user masked_paths devices audit" ]
	[ "$(echo "$output" | jq .score)" = "$score" ]
	echo "$output" | jq -e '.layers[] | select(.layer == "audit") | [.findings[].path] == ["netlink:AUDIT_GET", "capget:CAP_AUDIT_WRITE", "--audit-log"]'
	echo "$output" | jq -e '.layers[] | select(.layer == "selinux") | any(.findings[]; .path == "mcs")'
	if [ ! -e /sys/fs/selinux/enforce ]; then
		echo "$output" | jq -e '.layers[] | select(.layer == "selinux") | .findings[] | select(.path == "mcs") | .message | startswith("none: ")'
	fi
	# without --audit-log, and the kernel keeping none: no trail at all
	if [ "$(auditctl -s 2>/dev/null | awk '$1 == "enabled" { print $2 }')" = 0 ]; then
		run moat audit --container "$ID"
		echo "$output" | grep -qxF 'audit: missing: --audit-log: not given to this moat, and the kernel keeps no records of it: no audit trail; fix: moat --audit-log FILE, on every command (a global option)'
	fi
}

# A CI job auditing a bundle runs as whoever it is, with no runtime dir:
# audit -b reads no state, so needs none.
@test "audit -b: an ordinary user without XDG_RUNTIME_DIR" {
	requires_root
	command -v setpriv >/dev/null || skip "needs setpriv(1) to become an ordinary user"
	# bats' own tmpdir is root's alone: a bundle the user can read
	BUNDLE=$(mktemp -d /tmp/moat-audit-user.XXXXXX)
	chmod 755 "$BUNDLE"
	(cd "$BUNDLE" && "$MOAT_BINARY" spec) && chmod 644 "$BUNDLE/config.json"
	run env -u XDG_RUNTIME_DIR setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$MOAT_BINARY" audit -b "$BUNDLE"
	rm -rf "$BUNDLE"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "${lines[-1]}" = "score: 70/100" ]
}

@test "audit --policy: the policy's verdict on the bundle, each rule on stderr, exit 1 when not met" {
	setup_bundle
	run --separate-stderr moat audit -b "$BUNDLE" --policy restricted --format json
	echo "$output"
	echo "$stderr"
	[ "$status" -eq 1 ]
	jq -e .score <<<"$output" >/dev/null
	[[ "$stderr" == *"moat: policy restricted: process.user.uid: 0 (root) is not allowed"* ]]
	[[ "$stderr" == *"moat: audit: policy restricted: 3 rules violated"* ]]
	run moat audit -b "$BUNDLE" --policy baseline
	[ "$status" -eq 0 ]
	# The global --policy is the default.
	run moat --policy restricted audit -b "$BUNDLE"
	[ "$status" -eq 1 ]
}
