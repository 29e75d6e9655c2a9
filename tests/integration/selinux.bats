#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SELinux labels of real containers.  Runs where SELinux is enabled (the
# QEMU guest of tests/vm, Debian refpolicy: svirt_t / svirt_image_t, there
# is no container_t); elsewhere every test skips with the reason.

load helpers

PROC_LABEL=system_u:system_r:svirt_t:s0:c1,c2
FILE_LABEL=system_u:object_r:svirt_image_t:s0:c1,c2
OTHER_LABEL=system_u:object_r:svirt_image_t:s0:c3,c4

rootfs() {
	local r
	r=$(jq -r .root.path "$BUNDLE/config.json")
	case "$r" in /*) echo "$r" ;; *) echo "$BUNDLE/$r" ;; esac
}

setup() {
	if [ ! -e /sys/fs/selinux/enforce ]; then
		skip "SELinux is not enabled on this host (runs in the tests/vm guest)"
	fi
	setup_bundle
	update_config ".process.terminal = false | .process.selinuxLabel = \"$PROC_LABEL\""
	cp "$MOAT_BUILDDIR/tests/payload/sec-attack" "$(rootfs)/bin/sec-attack"
	# the image's files, as a container engine labels them: svirt_t may
	# enter and run svirt_image_t programs (tests/vm/selinux/moat-test.te)
	chcon -R system_u:object_r:svirt_image_t:s0 "$(rootfs)"
}

teardown() {
	moat delete -f mtsel 2>/dev/null || true
}

run_ctr() {
	update_config ".process.args = $(printf '%s\n' "$@" | jq -R . | jq -s -c .)"
	run moat run --bundle "$BUNDLE" mtsel
	echo "status=$status"
	echo "$output"
}

@test "selinux: the process runs with process.selinuxLabel" {
	run_ctr /bin/sh -c 'cat /proc/self/attr/current; echo'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "$PROC_LABEL"* ]]
}

@test "selinux: tmpfs and devpts mounts carry linux.mountLabel (MCS commas intact)" {
	# mqueue stays in moat spec's mounts: like runc, moat must not pass it
	# a context (the kernel cannot label it) and still start.
	update_config ".linux.mountLabel = \"$FILE_LABEL\""
	run_ctr /bin/sh -c 'sec-attack getxattr /dev; sec-attack getxattr /dev/shm; sec-attack getxattr /dev/pts'
	[ "$status" -eq 0 ]
	for i in 0 1 2; do
		[ "${lines[$i]}" = "$FILE_LABEL" ]
	done
}

@test "selinux: the session keyring is labelled with the process label" {
	# refpolicy gives svirt_t no permission on keys at all, so the host finds
	# the container's session keyring in /proc/keys and reads its label.
	update_config 'del(.linux.seccomp) | .process.args = ["sleep", "60"]'
	moat run -d --bundle "$BUNDLE" mtsel </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" ||
		{ cat "$BATS_TEST_TMPDIR/err"; false; }
	grep -E 'keyring +(moat-|_ses\.)mtsel' /proc/keys
	serial=$(awk '$8 == "keyring" && ($9 == "moat-mtsel:" || $9 == "_ses.mtsel:") { print $1 }' /proc/keys)
	[ -n "$serial" ]
	run "$MOAT_BUILDDIR/tests/payload/sec-attack" key-label "$((16#$serial))"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$PROC_LABEL" ]
}

@test "selinux: MCS separation under enforcing: own category readable, another one denied" {
	[ "$(cat /sys/fs/selinux/enforce)" = 1 ] || skip "SELinux is permissive here: MCS is not enforced"
	data="$BATS_TEST_TMPDIR/data"
	mkdir -p "$data"
	echo mine >"$data/mine"
	echo theirs >"$data/theirs"
	chcon "$FILE_LABEL" "$data" "$data/mine"
	chcon "$OTHER_LABEL" "$data/theirs"
	update_config ".mounts += [{\"destination\": \"/data\", \"type\": \"bind\", \"source\": \"$data\",
		\"options\": [\"bind\"]}]"
	run_ctr /bin/sh -c 'cat /data/mine; cat /data/theirs 2>&1; true'
	printf '%s\n' "$output" | grep -qx mine
	! printf '%s\n' "$output" | grep -qx theirs
	[[ "$output" == *"Permission denied"* ]]
}

@test "selinux: a fake /proc in the image cannot swallow the exec label (CVE-2019-16884)" {
	update_config '.mounts += [{"destination": "/proc", "type": "tmpfs", "source": "tmpfs"}]'
	update_config '.process.args = ["sleep", "60"]'
	run moat run -d --bundle "$BUNDLE" mtsel </dev/null 2>&1 >/dev/null
	echo "$output"
	if [ "$status" -ne 0 ]; then
		# refusing the fake /proc is a correct answer too
		[ "$status" -eq 1 ]
		return
	fi
	pid=$(moat state mtsel | jq -r .pid)
	label=$(tr -d '\0' </proc/"$pid"/attr/current)
	echo "label=$label"
	[ "$label" = "$PROC_LABEL" ]
}

@test "selinux: a label the policy does not know is an error, never a silent success" {
	update_config '.process.selinuxLabel = "system_u:system_r:moat_no_such_t:s0"'
	run_ctr true
	[ "$status" -eq 1 ]
	[[ "$output" == *"process.selinuxLabel"* ]] || [[ "$output" == *"SELinux"* ]]
}
