#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The audit trail (docs/audit-trail.md): every lifecycle operation and
# every refusal one JSON line in --audit-log FILE, never interleaved under
# concurrency, and one kernel audit record (AUDIT_VIRT_CONTROL) that
# ausearch finds by container id where auditd runs (the guest).

load helpers
bats_require_minimum_version 1.5.0

ID=mttrail

setup() {
	setup_bundle
	LOG=$BATS_TEST_TMPDIR/audit.jsonl
}

teardown() {
	moat delete -f "$ID" >/dev/null 2>&1 || true
}

tmoat() {
	"$MOAT_BINARY" --root "$ROOT" --audit-log "$LOG" "$@"
}

# event N FILTER: line N (1-based) of the log satisfies the jq FILTER.
event() {
	sed -n "${1}p" "$LOG" | jq -e "$2" >/dev/null || { echo "line $1: $(sed -n "${1}p" "$LOG")" >&2; return 1; }
}

@test "audit trail: each lifecycle operation one JSON line with the container's id, pid, caps, seccomp, userns, bundle, caller" {
	update_config '.process.args = ["/bin/sleep", "1000"]'
	tmoat create -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1 3>&-
	tmoat start "$ID"
	tmoat exec "$ID" /bin/true
	local ops="create start exec"
	if grep -qw pids "$(cgroup2_mount)/cgroup.controllers" 2>/dev/null; then
		tmoat pause "$ID"
		tmoat resume "$ID"
		tmoat update --pids-limit 50 "$ID"
		ops="$ops pause resume update"
	fi
	tmoat kill "$ID" KILL
	for _ in $(seq 50); do [ "$(moat state "$ID" | jq -r .status)" = stopped ] && break; sleep 0.1; done
	tmoat delete "$ID"
	ops="$ops kill delete"
	cat "$LOG"
	[ "$(wc -l <"$LOG")" -eq "$(wc -w <<<"$ops")" ]
	local i=1 op
	for op in $ops; do
		event $i ".op == \"$op\" and .id == \"$ID\" and .result == \"success\" and .error == null
			and .pid > 0 and .bundle == \"$BUNDLE\" and .seccomp == true and .userns == false
			and .uid == 0 and (.capBounding | test(\"CAP_KILL\")) and .callerUid == 0
			and (.time | test(\"^[0-9-]+T[0-9:.]+Z$\"))"
		i=$((i + 1))
	done
	# exec's line is its process's: its pid is not init's.
	[ "$(sed -n 3p "$LOG" | jq .pid)" != "$(sed -n 1p "$LOG" | jq .pid)" ]
}

@test "audit trail: refusals are failure lines: a bad config, a policy, a missing container" {
	update_config '.process.args = []'
	run tmoat run -b "$BUNDLE" "$ID"
	[ "$status" -eq 1 ]
	update_config '.process.args = ["/bin/true"]'
	run tmoat --policy restricted run -b "$BUNDLE" "$ID"
	[ "$status" -eq 1 ]
	run tmoat kill nosuch KILL
	[ "$status" -eq 1 ]
	cat "$LOG"
	[ "$(wc -l <"$LOG")" -eq 3 ]
	event 1 '.op == "run" and .result == "failure" and (.error | test("process.args"))'
	event 2 '.op == "run" and .result == "failure" and (.error | test("policy restricted"))
		and .capBounding != null'
	event 3 '.op == "kill" and .id == "nosuch" and .result == "failure"
		and (.error | test("does not exist"))'
	assert_nothing_left "$ID"
}

@test "audit trail: 20 concurrent runs append 20 whole lines" {
	update_config '.process.args = ["/bin/true"]'
	local i
	for i in $(seq 20); do
		tmoat run -b "$BUNDLE" "$ID-$i" </dev/null >/dev/null 2>&1 3>&- &
	done
	wait
	[ "$(wc -l <"$LOG")" -eq 20 ]
	jq -e -s 'length == 20 and all(.op == "run" and .result == "success")' "$LOG"
	[ "$(jq -r .id "$LOG" | sort -u | wc -l)" -eq 20 ]
}

@test "audit trail: the log file is never followed through a symlink" {
	ln -s /etc/moat-no-such-target "$LOG"
	update_config '.process.args = ["/bin/true"]'
	run tmoat run -b "$BUNDLE" "$ID"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"moat: warning: --audit-log \`$LOG\`: "*"event not recorded"* ]]
	[ ! -e /etc/moat-no-such-target ]
}

# With the kernel's audit off the kernel drops every user record
# (audit_receive_msg), so moat prepares none: libaudit is not even loaded.
@test "audit trail: with the kernel's audit off, no kernel record is prepared (libaudit not loaded)" {
	command -v strace >/dev/null || skip "needs strace"
	command -v auditctl >/dev/null || skip "needs auditctl"
	auditctl -s | grep -q "^enabled 0" || skip "the kernel's audit is on here"
	update_config '.process.args = ["/bin/true"]'
	strace -f -qq -o "$BATS_TEST_TMPDIR/trace" -e trace=openat \
		"$MOAT_BINARY" --root "$ROOT" --debug run -b "$BUNDLE" "$ID" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1 3>&-
	grep -q 'libc.so' "$BATS_TEST_TMPDIR/trace"
	run grep 'libaudit' "$BATS_TEST_TMPDIR/trace"
	[ "$status" -eq 1 ] || { echo "$output"; false; }
	grep -q "kernel's audit is off" "$BATS_TEST_TMPDIR/out" || { cat "$BATS_TEST_TMPDIR/out"; false; }
	# --audit-log still gets its line.
	tmoat run -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1 3>&-
	event 1 '.op == "run" and .result == "success"'
}

# auditd, as on a host that keeps an audit trail (the guest: its own
# throw-away /var/log/audit).
start_auditd() {
	command -v auditd >/dev/null && command -v ausearch >/dev/null || skip "auditd not installed (contrib/install-deps.sh --test installs it)"
	[ "${MOAT_IN_GUEST:-0}" = 1 ] || skip "starts auditd: only in the throw-away guest"
	mkdir -p /var/log/audit
	pgrep -x auditd >/dev/null || auditd </dev/null >/dev/null 2>&1 3>&-
	for _ in $(seq 50); do auditctl -s | grep -q "^enabled 1" && break; sleep 0.1; done
	auditctl -s | grep -q "^enabled 1"
}

@test "audit trail: each operation one VIRT_CONTROL record in the kernel's audit log, found by ausearch by container id" {
	start_auditd
	update_config '.process.args = ["/bin/sleep", "1000"]'
	moat create -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1 3>&-
	moat start "$ID"
	moat exec "$ID" /bin/true
	moat kill "$ID" KILL
	for _ in $(seq 50); do [ "$(moat state "$ID" | jq -r .status)" = stopped ] && break; sleep 0.1; done
	moat delete "$ID"
	update_config '.process.args = []'
	run moat run -b "$BUNDLE" "$ID"
	[ "$status" -eq 1 ]
	sleep 1
	run ausearch -m VIRT_CONTROL --vm-name "$ID" -i
	echo "$output"
	[ "$status" -eq 0 ]
	local op
	for op in create start exec kill delete; do
		[ "$(grep -c "op=$op .*res=success" <<<"$output")" -eq 1 ]
	done
	[ "$(grep -c "op=run .*res=failed" <<<"$output")" -eq 1 ]
	grep "op=create" <<<"$output" | grep -q "seccomp=yes userns=no"
	grep "op=create" <<<"$output" | grep -q 'cap-bnd="CAP_AUDIT_WRITE,CAP_KILL,CAP_NET_BIND_SERVICE"'
	grep "op=create" <<<"$output" | grep -q "bundle=\"$BUNDLE\""
}

@test "audit trail: the label and the MCS level moat picked are in the record" {
	requires_selinux
	# The image's files as an engine labels them (selinux.bats).
	chcon -R system_u:object_r:svirt_image_t:s0 "$BUNDLE/rootfs"
	update_config '.process.args = ["/bin/sleep", "1000"] | .process.selinuxLabel = "system_u:system_r:svirt_t"'
	tmoat run -d -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1 3>&-
	local pid level
	pid=$(moat state "$ID" | jq .pid)
	level=$(cut -d: -f4- "/proc/$pid/attr/current" | tr -d '\0')
	cat "$LOG"
	[[ "$level" == s0:c*,c* ]]
	event 1 ".op == \"run\" and .mcs == \"$level\" and .label == \"system_u:system_r:svirt_t:$level\""
	tmoat delete -f "$ID"
	event 2 ".op == \"delete\" and .mcs == \"$level\""
}
