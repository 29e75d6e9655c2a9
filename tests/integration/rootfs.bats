#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The container's filesystem: mounts[] with their options, bind mounts of
# files and directories, /dev and linux.devices, read-only root, masked and
# read-only paths, --no-pivot, and the escapes a hostile image tries with
# symlinks.  Every check is read from inside a real container.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	setup_bundle
	OUTSIDE=$BATS_TEST_TMPDIR/outside
	mkdir -p "$OUTSIDE"
}

teardown() {
	moat delete -f rfs >/dev/null 2>&1 || true
}

set_args() { # set_args CMD... : process.args
	local args
	args=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	update_config ".process.args = $args"
}

run_probe() { # run_probe [--no-pivot] CMD... : run container "rfs" in the foreground
	local extra=()
	if [ "$1" = --no-pivot ]; then
		extra=(--no-pivot)
		shift
	fi
	set_args /bin/probe "$@"
	# stderr apart: moat's warnings must not be taken for the probe's output.
	run --separate-stderr moat run "${extra[@]}" --bundle "$BUNDLE" rfs
}

run_sh() { # run_sh SCRIPT : run container "rfs" with /bin/sh -c SCRIPT
	set_args /bin/sh -c "$1"
	run --separate-stderr moat run --bundle "$BUNDLE" rfs
	# Shown only when the test fails.
	printf 'status %s\nstdout: %s\nstderr: %s\n' "$status" "$output" "$stderr"
}

add_mount() { # add_mount JSON
	update_config ".mounts += [$1]"
}

# mountinfo line of mount point $1 in $output: "<mount opts> <fstype> <super opts>"
mnt_line() {
	echo "$output" | awk -v m="$1" '$5 == m { for (i = 7; $i != "-"; i++); print $6, $(i + 1), $(i + 3) }' | tail -1
}

@test "rootfs: the default config mounts proc, /dev, devpts, shm, mqueue, sysfs, cgroup2 with their flags" {
	run_probe mounts
	[ "$status" -eq 0 ]
	[[ "$(mnt_line /proc)" == *" proc "* ]]
	[[ "$(mnt_line /dev)" == rw,nosuid*" tmpfs "*mode=755* ]]
	[[ "$(mnt_line /dev/pts)" == *nosuid,noexec*" devpts "*ptmxmode=666* ]]
	[[ "$(mnt_line /dev/shm)" == *nosuid,nodev,noexec*" tmpfs "* ]]
	[[ "$(mnt_line /dev/mqueue)" == *" mqueue "* ]]
	[[ "$(mnt_line /sys)" == ro,nosuid,nodev,noexec*" sysfs "* ]]
	[[ "$(mnt_line /sys/fs/cgroup)" == ro,*" cgroup2 "* ]]
	# The root is the bundle's rootfs, read-only as `moat spec` asks.
	[[ "$(mnt_line /)" == ro,* ]]
}

@test "rootfs: bind mounts of a directory (ro) and of a file land where asked" {
	echo dir-content >"$OUTSIDE/f"
	echo file-content >"$BATS_TEST_TMPDIR/single"
	add_mount '{"destination": "/data", "type": "bind", "source": "'"$OUTSIDE"'", "options": ["rbind", "ro", "nosuid"]}'
	add_mount '{"destination": "/etc/single", "type": "bind", "source": "'"$BATS_TEST_TMPDIR/single"'", "options": ["bind"]}'
	run_sh '/bin/probe read /data/f; /bin/probe read /etc/single; /bin/probe write /data/new x; /bin/probe mounts'
	[ "$status" -eq 0 ]
	[[ "$output" == *dir-content* ]]
	[[ "$output" == *file-content* ]]
	[[ "$output" == *error=EROFS* ]]
	[[ "$(mnt_line /data)" == ro,nosuid* ]]
	[ ! -e "$OUTSIDE/new" ]
	# The file target was created as a file, not a directory.
	[ -f "$BUNDLE/rootfs/etc/single" ]
}

@test "rootfs: tmpfs options reach the filesystem and the mount" {
	add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m", "mode=1770", "noexec", "nodev"]}'
	run_probe mounts
	[ "$status" -eq 0 ]
	line=$(mnt_line /scratch)
	[[ "$line" == *noexec* ]]
	[[ "$line" == *nodev* ]]
	[[ "$line" == *size=1024k* ]]
	[[ "$line" == *mode=1770* ]]
}

@test "rootfs: a recursive attribute (rro) reaches submounts of an rbind" {
	add_mount '{"destination": "/hostsys", "type": "bind", "source": "/sys", "options": ["rbind", "rro"]}'
	run_probe mounts
	[ "$status" -eq 0 ]
	sub=$(echo "$output" | awk '$5 ~ /^\/hostsys\/./ { print $6 }')
	[ -n "$sub" ]
	# Every submount is read-only, not only the top.
	! echo "$sub" | grep -v '^ro'
}

@test "rootfs: /dev has the default devices and symlinks" {
	run_sh 'for d in null zero full random urandom tty; do /bin/probe stat /dev/$d | grep -E "type|rdev" | tr "\n" " "; echo; done; for l in fd stdin stdout stderr ptmx; do readlink /dev/$l; done; /bin/probe stat /dev/shm'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "type=char rdev=1:3 " ]]
	[[ "${lines[1]}" == "type=char rdev=1:5 " ]]
	[[ "${lines[2]}" == "type=char rdev=1:7 " ]]
	[[ "${lines[3]}" == "type=char rdev=1:8 " ]]
	[[ "${lines[4]}" == "type=char rdev=1:9 " ]]
	[[ "${lines[5]}" == "type=char rdev=5:0 " ]]
	[ "${lines[6]}" = /proc/self/fd ]
	[ "${lines[7]}" = /proc/self/fd/0 ]
	[ "${lines[8]}" = /proc/self/fd/1 ]
	[ "${lines[9]}" = /proc/self/fd/2 ]
	[ "${lines[10]}" = pts/ptmx ]
	[ "${lines[11]}" = type=dir ]
}

@test "rootfs: /dev/null writes and reads nothing" {
	run_sh 'echo hi >/dev/null && /bin/probe read /dev/null && echo end'
	[ "$status" -eq 0 ]
	[ "$output" = end ]
}

@test "rootfs: linux.devices are created with their type, numbers, mode and owner" {
	update_config '.linux.devices = [{"path": "/dev/mydev", "type": "c", "major": 1, "minor": 5, "fileMode": 384, "uid": 1000, "gid": 1001},
		{"path": "/dev/sub/fifo", "type": "p", "fileMode": 420}]'
	run_sh '/bin/probe stat /dev/mydev; /bin/probe stat /dev/sub/fifo'
	[ "$status" -eq 0 ]
	[[ "$output" == *"type=char"$'\n'"mode=0600"$'\n'"uid=1000"$'\n'"gid=1001"$'\n'"rdev=1:5"* ]]
	[[ "$output" == *"type=fifo"$'\n'"mode=0644"* ]]
}

@test "rootfs: root.readonly makes / read-only; without it / is writable" {
	run_probe write /newfile x
	[ "$status" -ne 0 ]
	[ "$output" = error=EROFS ]
	update_config '.root.readonly = false'
	run_probe write /newfile x
	[ "$status" -eq 0 ]
	[ "$(cat "$BUNDLE/rootfs/newfile")" = x ]
}

@test "rootfs: masked files read empty, masked directories are empty, missing ones are skipped" {
	mkdir -p "$BUNDLE/rootfs/secretdir"
	echo secret >"$BUNDLE/rootfs/secretdir/f"
	echo secret >"$BUNDLE/rootfs/secretfile"
	update_config '.linux.maskedPaths += ["/secretdir", "/secretfile", "/does/not/exist"]'
	run_sh '/bin/probe read /secretfile; /bin/probe ls /secretdir; /bin/probe read /proc/keys; /bin/probe ls /sys/firmware; /bin/probe write /secretdir/x y; echo end'
	[ "$status" -eq 0 ]
	[[ "$output" != *secret* ]]
	[[ "$output" != *"f"$'\n'* ]]
	[[ "$output" == *error=EROFS* ]]
	[ "${lines[-1]}" = end ]
}

@test "rootfs: readonlyPaths are read-only (EROFS), recursively; missing ones are skipped" {
	mkdir -p "$BUNDLE/rootfs/rodir"
	update_config '.root.readonly = false | .linux.readonlyPaths += ["/rodir", "/nonexistent"]'
	run_sh '/bin/probe write /rodir/x y; /bin/probe write /proc/sys/kernel/hostname h; /bin/probe write /ok y'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = error=EROFS ]
	[ "${lines[1]}" = error=EROFS ]
	[ "${lines[2]}" = ok ]
}

@test "rootfs: a symlink in the image pointing out of the rootfs is resolved inside it" {
	ln -s "$OUTSIDE" "$BUNDLE/rootfs/evil"
	echo payload >"$BATS_TEST_TMPDIR/src"
	add_mount '{"destination": "/evil/sub/file", "type": "bind", "source": "'"$BATS_TEST_TMPDIR/src"'", "options": ["bind"]}'
	add_mount '{"destination": "/evil/tmp", "type": "tmpfs", "source": "tmpfs"}'
	run_probe read /evil/sub/file
	[ "$status" -eq 0 ]
	[ "$output" = payload ]
	# Nothing was created on the host side of the symlink ...
	[ -z "$(ls -A "$OUTSIDE")" ]
	# ... but inside the rootfs, where "/" is the rootfs.
	[ -f "$BUNDLE/rootfs/$OUTSIDE/sub/file" ]
}

@test "rootfs: a /dev symlinked out of the rootfs gets its devices inside the rootfs" {
	rm -rf "$BUNDLE/rootfs/dev"
	ln -s "$OUTSIDE" "$BUNDLE/rootfs/dev"
	run_probe stat /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *rdev=1:3* ]]
	[ -z "$(ls -A "$OUTSIDE")" ]
}

@test "rootfs: a /proc that is a symlink in the image is refused (CVE-2023-27561)" {
	rm -rf "$BUNDLE/rootfs/proc"
	ln -s /tmp "$BUNDLE/rootfs/proc"
	run_probe mounts
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"mounts[0].destination \`/proc\` is a symlink"* ]]
	assert_nothing_left rfs
}

@test "rootfs: --no-pivot runs the container in its rootfs" {
	run_probe --no-pivot ls /bin
	[ "$status" -eq 0 ]
	[[ "$output" == *probe* ]]
	run_probe --no-pivot mounts
	[ "$status" -eq 0 ]
	[[ "$(mnt_line /proc)" == *" proc "* ]]
}

@test "rootfs: an option the filesystem refuses is named in the error" {
	add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["size=lots"]}'
	run_probe mounts
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"mounts[7]"* ]]
	[[ "$stderr" == *size=lots* ]]
	assert_nothing_left rfs
}

@test "rootfs: a bind source that does not exist is named in the error" {
	add_mount '{"destination": "/x", "type": "bind", "source": "/nonexistent/src", "options": ["bind"]}'
	run_probe mounts
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"mounts[7].source \`/nonexistent/src\`"*"No such file or directory"* ]]
	assert_nothing_left rfs
}

@test "rootfs: tmpcopyup starts the tmpfs with a copy of what it covers" {
	mkdir -p "$BUNDLE/rootfs/cp/sub"
	echo hello >"$BUNDLE/rootfs/cp/sub/f"
	chmod 0604 "$BUNDLE/rootfs/cp/sub/f"
	chown 12:34 "$BUNDLE/rootfs/cp/sub/f"
	ln -s ../etc "$BUNDLE/rootfs/cp/lnk"
	add_mount '{"destination": "/cp", "type": "tmpfs", "source": "tmpfs", "options": ["tmpcopyup"]}'
	run_sh '/bin/probe read /cp/sub/f; /bin/probe stat /cp/sub/f | grep -E "mode|uid|gid"; readlink /cp/lnk; /bin/probe write /cp/new x; grep -c " /cp .* tmpfs " /proc/self/mountinfo'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = hello ]
	[ "${lines[1]}" = mode=0604 ]
	[ "${lines[2]}" = uid=12 ]
	[ "${lines[3]}" = gid=34 ]
	[ "${lines[4]}" = ../etc ]
	[ "${lines[5]}" = ok ]
	[ "${lines[6]}" = 1 ]
	# The write went to the tmpfs, not to the image.
	[ ! -e "$BUNDLE/rootfs/cp/new" ]
}

@test "rootfs: an idmap bind mount shows the files through its id maps" {
	local major minor
	IFS=. read -r major minor _ <<<"$(uname -r)"
	# tmpfs can be idmapped from Linux 6.3 on: not the QEMU guest's /tmp
	# on Debian 12's 6.1 (there moat says "idmap the mount: Invalid
	# argument"); the host's ext4 runs this.
	if [ "$(stat -f -c %T "$OUTSIDE")" = tmpfs ] && { [ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 3 ]; }; }; then
		skip "tmpfs cannot be idmapped before Linux 6.3 (this is $(uname -r))"
	fi
	echo hi >"$OUTSIDE/f"
	chown 0:0 "$OUTSIDE/f"
	add_mount '{"destination": "/idm", "type": "bind", "source": "'"$OUTSIDE"'", "options": ["bind", "idmap"],
		"uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
		"gidMappings": [{"containerID": 0, "hostID": 2000, "size": 1}]}'
	run_sh '/bin/probe stat /idm/f | grep -E "^(uid|gid)="; grep -c " /idm .*idmapped" /proc/self/mountinfo'
	[ "$status" -eq 0 ]
	# On-disk 0 is mapped like a user namespace's 0: to hostID.
	[ "${lines[0]}" = uid=1000 ]
	[ "${lines[1]}" = gid=2000 ]
	[ "${lines[2]}" = 1 ]
	# The host's view of the file is unchanged.
	[ "$(stat -c %u:%g "$OUTSIDE/f")" = 0:0 ]
}

@test "rootfs: a /dev bound from the host side is used as it is, never written to" {
	mkdir -p "$OUTSIDE/dev"
	echo keep >"$OUTSIDE/dev/marker"
	update_config '.mounts |= map(select(.destination | startswith("/dev") | not))'
	add_mount '{"destination": "/dev", "type": "bind", "source": "'"$OUTSIDE/dev"'", "options": ["rbind"]}'
	run_sh 'ls /dev; /bin/probe read /proc/keys; /bin/probe write /proc/keys x; echo end'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = marker ]
	# Masked without a /dev/null: empty, and not writable.
	[ "${lines[1]}" = error=EROFS ]
	[ "${lines[2]}" = end ]
	[ "$(ls -A "$OUTSIDE/dev")" = marker ]
}

@test "rootfs: a /dev/null that is not the null device is never used to mask (CVE-2025-31133)" {
	mkdir -p "$OUTSIDE/dev"
	ln -s /proc/sys/kernel/core_pattern "$OUTSIDE/dev/null"
	update_config '.mounts |= map(select(.destination | startswith("/dev") | not))'
	add_mount '{"destination": "/dev", "type": "bind", "source": "'"$OUTSIDE/dev"'", "options": ["rbind"]}'
	before=$(cat /proc/sys/kernel/core_pattern)
	run_probe ls /dev
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"linux.maskedPaths"*"/dev/null"*"is not the null device"* ]]
	[ "$(cat /proc/sys/kernel/core_pattern)" = "$before" ]
	assert_nothing_left rfs
}

@test "rootfs: a /dev/console that is a symlink is never used as the pty's mount target (CVE-2025-52565)" {
	mkdir -p "$OUTSIDE/dev/pts"
	ln -s pts/ptmx "$OUTSIDE/dev/ptmx"
	ln -s /proc/sys/kernel/core_pattern "$OUTSIDE/dev/console"
	update_config '.mounts |= map(select((.destination | startswith("/dev") | not) or .destination == "/dev/pts"))'
	# Before the /dev/pts mount, which lands on it.
	update_config '.mounts = [{"destination": "/dev", "type": "bind", "source": "'"$OUTSIDE/dev"'", "options": ["rbind"]}] + .mounts'
	update_config '.process.terminal = true | .process.args = ["/bin/sh", "-c", "cat /proc/sys/kernel/core_pattern"]'
	run moat run --bundle "$BUNDLE" rfs </dev/null
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"/dev/console"*"refusing"* ]]
	[ -L "$OUTSIDE/dev/console" ]
	assert_nothing_left rfs
}

@test "rootfs: a /sys that is a symlink in the image is refused, even for a bind of /sys" {
	rm -rf "$BUNDLE/rootfs/sys"
	ln -s "$OUTSIDE" "$BUNDLE/rootfs/sys"
	update_config '(.mounts[] | select(.destination == "/sys")) |= {"destination": "/sys", "type": "none", "source": "/sys", "options": ["rbind", "nosuid", "noexec", "nodev", "ro"]}'
	run_probe mounts
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"destination \`/sys\` is a symlink"* ]]
	[ -z "$(ls -A "$OUTSIDE")" ]
	assert_nothing_left rfs
}

@test "rootfs: a relative bind source is relative to the bundle" {
	mkdir -p "$BUNDLE/vol"
	echo from-bundle >"$BUNDLE/vol/f"
	add_mount '{"destination": "/vol", "type": "bind", "source": "vol", "options": ["rbind"]}'
	run_probe read /vol/f
	[ "$status" -eq 0 ]
	[ "$output" = from-bundle ]
}

@test "rootfs: in a user namespace devices are the host's nodes, bound (mknod is refused there)" {
	update_config '.linux.namespaces += [{"type":"user"}] | .linux.namespaces |= unique_by(.type)
		| .linux.uidMappings = [{"containerID":0,"hostID":100000,"size":65536}]
		| .linux.gidMappings = [{"containerID":0,"hostID":200000,"size":65536}]
		| .linux.devices = [{"path": "/dev/full", "type": "c", "major": 1, "minor": 7}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))'
	# the mapped root (host uid 100000) must reach the rootfs
	d=$BUNDLE/rootfs
	while [ "$d" != / ]; do chmod a+x "$d"; d=$(dirname "$d"); done
	run_sh '/bin/probe stat /dev/null | grep rdev; /bin/probe stat /dev/full | grep rdev; grep -c " /dev/null " /proc/self/mountinfo; echo x >/dev/null && echo written'
	echo "$stderr"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = rdev=1:3 ]
	[ "${lines[1]}" = rdev=1:7 ]
	# A bind mount, not a node made in the user namespace.
	[ "${lines[2]}" = 1 ]
	[ "${lines[3]}" = written ]
}

@test "rootfs: an option a bind mount cannot use is reported, not silently dropped" {
	add_mount '{"destination": "/data", "type": "bind", "source": "'"$OUTSIDE"'", "options": ["rbind", "nosuidd"]}'
	run_probe ls /data
	[ "$status" -eq 0 ]
	[[ "$stderr" == *'mounts[7]: options "nosuidd" mean nothing for a bind mount, ignoring'* ]]
}

@test "rootfs: without a mount of its own /dev/shm is a world-writable sticky directory" {
	update_config '.mounts |= map(select(.destination != "/dev/shm"))'
	run_probe stat /dev/shm
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = type=dir ]
	[ "${lines[1]}" = mode=1777 ]
}

@test "rootfs: without a /dev in the config, its mounts under /dev land on moat's /dev" {
	update_config '.mounts |= map(select(.destination != "/dev"))'
	run_probe mounts
	[ "$status" -eq 0 ]
	[[ "$(mnt_line /dev)" == *" tmpfs "*mode=755* ]]
	[[ "$(mnt_line /dev/shm)" == *" tmpfs "* ]]
	[[ "$(mnt_line /dev/mqueue)" == *" mqueue "* ]]
	[[ "$(mnt_line /dev/pts)" == *" devpts "* ]]
	# and they are visible, not covered by /dev
	[ "$(echo "$output" | awk '$5 == "/dev/shm" { print $2 }')" != "" ]
	shm_parent=$(echo "$output" | awk '$5 == "/dev/shm" { print $2 }')
	dev_id=$(echo "$output" | awk '$5 == "/dev" { print $1 }')
	[ "$shm_parent" = "$dev_id" ]
}

# runc mounts /dev writable whatever its entry says (mountPropagate drops
# MS_RDONLY for /dev) and makes it read-only in finalizeRootfs, after its
# devices, symlinks, the mounts under it and /dev/console exist.
@test "rootfs: a read-only /dev gets its devices, symlinks and submounts, then is read-only" {
	update_config '(.mounts[] | select(.destination == "/dev") | .options) += ["ro"]'
	run_sh 'grep " /dev " /proc/self/mountinfo | cut -d" " -f6; readlink /dev/stdout; echo x >/dev/null && echo null-ok; touch /dev/new 2>&1; touch /dev/shm/ok && echo shm-rw; ls /dev/pts/ptmx'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == ro,* ]]
	[ "${lines[1]}" = /proc/self/fd/1 ]
	[ "${lines[2]}" = null-ok ]
	[[ "${lines[3]}" == *"Read-only file system"* ]]
	[ "${lines[4]}" = shm-rw ]
	[ "${lines[5]}" = /dev/pts/ptmx ]
	# with a terminal: /dev/console is made before /dev turns read-only
	update_config '.process.terminal = true'
	run_sh 'grep " /dev " /proc/self/mountinfo | cut -d" " -f6; [ -c /dev/console ] && echo console-ok'
	[ "$status" -eq 0 ]
	[[ "$output" == ro,* ]]
	[[ "$output" == *console-ok* ]]
}

# runc (since 1.1.8, #3912) and crun: a tmpfs over a directory of the image
# starts with that directory's mode, unless its options give one.
@test "rootfs: a tmpfs over an existing directory keeps its mode, unless mode= is given" {
	mkdir -p "$BUNDLE/rootfs/d750" "$BUNDLE/rootfs/d711" "$BUNDLE/rootfs/var/tmp"
	chmod 750 "$BUNDLE/rootfs/d750"
	chmod 711 "$BUNDLE/rootfs/d711"
	chmod 1777 "$BUNDLE/rootfs/var/tmp"
	add_mount '{"destination": "/d750", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "size=1m"]}'
	add_mount '{"destination": "/d711", "type": "tmpfs", "source": "tmpfs", "options": ["mode=700"]}'
	add_mount '{"destination": "/var/tmp", "type": "tmpfs", "source": "tmpfs"}'
	add_mount '{"destination": "/new", "type": "tmpfs", "source": "tmpfs"}'
	run_sh 'stat -c "%n %a" /d750 /d711 /var/tmp /new; grep " /d750 " /proc/self/mountinfo | grep -c size=1024k'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "/d750 750" ]
	[ "${lines[1]}" = "/d711 700" ]
	[ "${lines[2]}" = "/var/tmp 1777" ]
	# created by moat: the tmpfs default
	[ "${lines[3]}" = "/new 1777" ]
	[ "${lines[4]}" = 1 ]
}
