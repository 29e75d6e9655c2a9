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
	moat delete -f mcs-a 2>/dev/null || true
	moat delete -f mcs-b 2>/dev/null || true
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

# ---- dynamic MCS levels -----------------------------------------------------
# A process label of three fields (user:role:type, no level) asks moat for a
# category pair of its own; ":s0" or any other level is explicit and kept.

NOLEVEL_LABEL=system_u:system_r:svirt_t

# The level of a label: everything after the third colon.
level_of() {
	cut -d: -f4- <<<"$1"
}

# Start a detached `sleep` container without a level; print its label.
start_nolevel() {
	local id=$1
	update_config ".process.selinuxLabel = \"$NOLEVEL_LABEL\" | .process.args = [\"sleep\", \"600\"]"
	moat run -d --bundle "$BUNDLE" "$id" </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" ||
		{ cat "$BATS_TEST_TMPDIR/err" >&2; return 1; }
	tr -d '\0' </proc/"$(moat state "$id" | jq -r .pid)"/attr/current
}

requires_enforcing() {
	[ "$(cat /sys/fs/selinux/enforce)" = 1 ] || skip "SELinux is permissive here: MCS is not enforced"
}

@test "selinux mcs: two containers without a level get different category pairs" {
	a=$(start_nolevel mcs-a)
	b=$(start_nolevel mcs-b)
	moat delete -f mcs-a
	moat delete -f mcs-b
	echo "a=$a b=$b"
	[[ "$a" =~ ^system_u:system_r:svirt_t:s0:c([0-9]+),c([0-9]+)$ ]]
	[ "${BASH_REMATCH[1]}" -lt "${BASH_REMATCH[2]}" ]
	[[ "$b" =~ ^system_u:system_r:svirt_t:s0:c[0-9]+,c[0-9]+$ ]]
	[ "$(level_of "$a")" != "$(level_of "$b")" ]
}

@test "selinux mcs: the mount label gets the same level (svirt_image_t without linux.mountLabel)" {
	update_config 'del(.linux.mountLabel)'
	label=$(start_nolevel mcs-a)
	pid=$(moat state mcs-a | jq -r .pid)
	run "$MOAT_BUILDDIR/tests/payload/sec-attack" getxattr /proc/"$pid"/root/dev/shm
	moat delete -f mcs-a
	echo "label=$label output=$output"
	[ "$status" -eq 0 ]
	[ "$output" = "system_u:object_r:svirt_image_t:$(level_of "$label")" ]
}

@test "selinux mcs: an explicit level is kept as given" {
	update_config ".process.selinuxLabel = \"system_u:system_r:svirt_t:s0\" | .process.args = [\"sleep\", \"600\"]"
	moat run -d --bundle "$BUNDLE" mcs-a </dev/null >/dev/null
	label=$(tr -d '\0' </proc/"$(moat state mcs-a | jq -r .pid)"/attr/current)
	moat delete -f mcs-a
	[ "$label" = "system_u:system_r:svirt_t:s0" ]
}

@test "selinux mcs: a file one container writes is unreadable by another, both root and svirt_t" {
	requires_enforcing
	shared="$BATS_TEST_TMPDIR/shared"
	mkdir -p "$shared"
	# no categories: every container may write here; a file takes the
	# level of the process that creates it
	chcon system_u:object_r:svirt_image_t:s0 "$shared"
	# the control: a file without categories both may read
	echo public >"$shared/public"
	chcon system_u:object_r:svirt_image_t:s0 "$shared/public"
	update_config ".mounts += [{\"destination\": \"/shared\", \"type\": \"bind\", \"source\": \"$shared\",
		\"options\": [\"bind\"]}]"
	a=$(start_nolevel mcs-a)
	b=$(start_nolevel mcs-b)
	echo "a=$a b=$b"
	run moat exec mcs-a /bin/sh -c 'echo secret >/shared/a-file && cat /shared/a-file'
	echo "writer: $output"
	[ "$status" -eq 0 ]
	[ "$output" = secret ]
	ls -Z "$shared/a-file"
	run moat exec mcs-b /bin/sh -c 'id -u; cat /shared/public; cat /shared/a-file'
	echo "reader: $output"
	moat delete -f mcs-a
	moat delete -f mcs-b
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = public ]
	[[ "$output" == *"Permission denied"* ]]
	[[ "$output" != *secret* ]]
}

@test "selinux mcs: a deleted container's pair is free again" {
	# two categories hold exactly one pair: s0:c0,c1
	export MOAT_MCS_CATEGORIES=2
	a=$(start_nolevel mcs-a)
	[ "$(level_of "$a")" = s0:c0,c1 ]
	[ "$(jq -r .mcsLevel "$ROOT/mcs-a/state.json")" = s0:c0,c1 ]
	run start_nolevel mcs-b
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"no free MCS category pair"* ]]
	[ ! -e "$ROOT/mcs-b" ]
	moat delete -f mcs-a
	b=$(start_nolevel mcs-b)
	moat delete -f mcs-b
	[ "$(level_of "$b")" = s0:c0,c1 ]
}

@test "selinux mcs: 100 concurrent creates never hand out the same pair twice" {
	update_config ".process.selinuxLabel = \"$NOLEVEL_LABEL\" | .process.args = [\"sleep\", \"600\"]"
	for i in $(seq 100); do
		moat create --bundle "$BUNDLE" "mcs-$i" </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err.$i" &
	done
	wait
	cat "$BATS_TEST_TMPDIR"/err.* >&2
	for i in $(seq 100); do
		jq -r .mcsLevel "$ROOT/mcs-$i/state.json"
	done >"$BATS_TEST_TMPDIR/levels"
	for i in $(seq 100); do moat delete -f "mcs-$i" & done
	wait
	sort "$BATS_TEST_TMPDIR/levels" | uniq -c | sort -rn | head -3
	[ "$(grep -cE '^s0:c[0-9]+,c[0-9]+$' "$BATS_TEST_TMPDIR/levels")" -eq 100 ]
	[ "$(sort -u "$BATS_TEST_TMPDIR/levels" | wc -l)" -eq 100 ]
	[ -z "$(ls "$ROOT")" ]
}

@test "selinux mcs: no label and --default-selinux-type auto: svirt_t with a pair, exec joins it" {
	# Debian's refpolicy has no container_t: auto falls back to svirt_t
	update_config 'del(.process.selinuxLabel) | .process.args = ["sleep", "600"]'
	moat run --default-selinux-type auto -d --bundle "$BUNDLE" mcs-a </dev/null
	label=$(tr -d '\0' </proc/"$(moat state mcs-a | jq -r .pid)"/attr/current)
	run moat exec mcs-a /bin/sh -c 'cat /proc/self/attr/current; echo'
	moat delete -f mcs-a
	echo "label=$label exec=$output"
	[[ "$label" =~ ^system_u:system_r:svirt_t:s0:c[0-9]+,c[0-9]+$ ]]
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$label" ]
}

@test "selinux mcs: without --default-selinux-type no label means none, as runc" {
	update_config 'del(.process.selinuxLabel) | .process.args = ["sleep", "600"]'
	moat run -d --bundle "$BUNDLE" mcs-a </dev/null
	run jq -r '.mcsLevel // "none"' "$ROOT/mcs-a/state.json"
	moat delete -f mcs-a
	[ "$output" = none ]
}

@test "selinux mcs: moat audit --container shows the pair state.json holds" {
	label=$(start_nolevel mcs-a)
	level=$(jq -r .mcsLevel "$ROOT/mcs-a/state.json")
	run moat audit --container mcs-a
	json=$(moat audit --container mcs-a --format json)
	moat delete -f mcs-a
	echo "label=$label level=$level"
	echo "$output"
	[ "$level" = "$(level_of "$label")" ]
	echo "$output" | grep -qxF "selinux: ok: mcs: $level: the pair moat reserved (state.json mcsLevel), as the kernel shows"
	# the label moat made is what the kernel shows: no difference flagged
	echo "$output" | grep -qxF "selinux: ok: attr/current: $label"
	[ "$(jq -r '.layers[] | select(.layer == "selinux") | .findings[] | select(.path == "mcs") | .message | split(":")[0:2] | join(":")' <<<"$json")" = "$level" ]
	[ "$(jq -r '.layers[] | select(.layer == "selinux") | .status' <<<"$json")" = ok ]
}

# ---- --selinux-relabel (podman's :Z for the rootfs) -------------------------

# The label of a file itself (a symlink's own, not its target's).
label_of() {
	stat -c %C "$1"
}

@test "selinux relabel: the rootfs gets the container's label and pair; symlinks and mounts below are left alone" {
	r=$(rootfs)
	# outside the rootfs, reached by a symlink and by a mount below it
	outside="$BATS_TEST_TMPDIR/outside"
	mkdir -p "$outside/mnt"
	echo x >"$outside/file"
	echo y >"$outside/mnt/file"
	chcon -R system_u:object_r:svirt_image_t:s0 "$outside"
	ln -s "$outside/file" "$r/link-out"
	mkdir -p "$r/mnt"
	mount --bind "$outside/mnt" "$r/mnt"
	echo data >"$r/etc/data"
	update_config ".process.selinuxLabel = \"$NOLEVEL_LABEL\" | del(.linux.mountLabel) | .process.args = [\"sleep\", \"600\"]"
	moat run -d --selinux-relabel --bundle "$BUNDLE" mcs-a </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" 3>&- ||
		{ umount "$r/mnt"; cat "$BATS_TEST_TMPDIR/err"; false; }
	level=$(jq -r .mcsLevel "$ROOT/mcs-a/state.json")
	run moat exec mcs-a cat /etc/data
	moat delete -f mcs-a
	umount "$r/mnt"
	echo "level=$level exec=$output"
	[[ "$level" =~ ^s0:c[0-9]+,c[0-9]+$ ]]
	want="system_u:object_r:svirt_image_t:$level"
	for f in "$r" "$r/bin/busybox" "$r/bin/sh" "$r/etc" "$r/etc/data" "$r/link-out"; do
		echo "$f: $(label_of "$f")"
		[ "$(label_of "$f")" = "$want" ]
	done
	# the symlink was labelled, not followed; the mount below was not
	# entered (nor the directory under it, hidden while it was mounted)
	[ "$(label_of "$outside/file")" = system_u:object_r:svirt_image_t:s0 ]
	[ "$(label_of "$outside/mnt")" = system_u:object_r:svirt_image_t:s0 ]
	[ "$(label_of "$outside/mnt/file")" = system_u:object_r:svirt_image_t:s0 ]
	# and the container reads its relabelled files
	[ "$status" -eq 0 ]
	[ "$output" = data ]
}

@test "selinux relabel: another container, root with the same type, cannot read the relabelled rootfs" {
	requires_enforcing
	echo secret >"$(rootfs)/secret"
	# the second container's bundle: its own rootfs (at s0), the first's
	# rootfs bound in
	BUNDLE_A=$BUNDLE
	BUNDLE_B="$BATS_TEST_TMPDIR/bundle-b"
	cp -a "$BUNDLE_A" "$BUNDLE_B"
	rm -f "$BUNDLE_B/rootfs/secret"
	update_config ".process.selinuxLabel = \"$NOLEVEL_LABEL\" | del(.linux.mountLabel) | .process.args = [\"sleep\", \"600\"]"
	moat run -d --selinux-relabel --bundle "$BUNDLE_A" mcs-a </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" 3>&- ||
		{ cat "$BATS_TEST_TMPDIR/err"; false; }
	BUNDLE=$BUNDLE_B
	update_config ".process.selinuxLabel = \"$NOLEVEL_LABEL\" | del(.linux.mountLabel) | .process.args = [\"sleep\", \"600\"]
		| .mounts += [{\"destination\": \"/a\", \"type\": \"bind\", \"source\": \"$BUNDLE_A/rootfs\", \"options\": [\"bind\"]}]"
	moat run -d --bundle "$BUNDLE_B" mcs-b </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err" 3>&- ||
		{ cat "$BATS_TEST_TMPDIR/err"; moat delete -f mcs-a; false; }
	level_a=$(jq -r .mcsLevel "$ROOT/mcs-a/state.json")
	run moat exec mcs-a cat /secret
	owner="$output"
	run moat exec mcs-b /bin/sh -c 'id -u; cat /etc/passwd >/dev/null && echo own-ok; cat /a/secret 2>&1; true'
	echo "a=$(jq -r .mcsLevel "$ROOT/mcs-a/state.json") b=$(jq -r .mcsLevel "$ROOT/mcs-b/state.json")"
	echo "owner: $owner"
	echo "other: $output"
	ls -Z "$BUNDLE_A/rootfs/secret"
	moat delete -f mcs-a
	moat delete -f mcs-b
	[ "$(label_of "$BUNDLE_A/rootfs/secret")" = "system_u:object_r:svirt_image_t:$level_a" ]
	[ "$owner" = secret ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = own-ok ]
	[[ "$output" == *"Permission denied"* ]]
	! printf '%s\n' "$output" | grep -qx secret
}

@test "selinux relabel: refused for / and the host's system directories, one line, nothing left" {
	before=$(label_of /usr)
	for root in / /usr; do
		update_config ".root.path = \"$root\" | .process.args = [\"true\"]"
		run moat create --selinux-relabel --bundle "$BUNDLE" mcs-a </dev/null 3>&-
		echo "$root: $output"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == "moat: "*"\`$root\`"* ]]
		[ ! -e "$ROOT/mcs-a" ]
	done
	[[ "$output" == *"refusing to relabel \`/usr\`"* ]]
	[ "$(label_of /usr)" = "$before" ]
}
