#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Real clients drive moat: Debian's podman through conmon, with moat
# registered as an OCI runtime the way an administrator would (a
# containers.conf [engine.runtimes] entry), and containerd's runc v2 shim
# (ctr run --runc-binary).  They run moat's create, start, state, exec,
# kill, pause, resume and delete with their own flags (--pid-file,
# --log-format json, --log, ...) and their own config.json; each test
# checks what that config asked for, from inside where it can.
#
# podman gives every container a pids limit and ctr cpu shares: on a host
# whose cgroup2 hierarchy lacks those controllers (this project's hybrid
# build hosts) the tests skip, naming it; they run in the QEMU guest.

load helpers
load containerd
bats_require_minimum_version 1.5.0

IMAGE=localhost/moat-busybox:test

setup_file() {
	# Where setup() will skip, make nothing.
	[ "$(id -u)" -eq 0 ] && command -v podman >/dev/null || return 0
	grep -qw pids "$(cgroup2_mount)/cgroup.controllers" 2>/dev/null || return 0
	local d=$BATS_FILE_TMPDIR
	busybox_rootfs "$d/img"
	tar -C "$d/img" -cf "$d/img.tar" .
	# label = false: Debian's refpolicy (the guest's) has no container_t or
	# container_file_t for podman to label with; moat's own SELinux tests
	# cover labels (selinux.bats).
	cat >"$d/containers.conf" <<-EOF
		[containers]
		label = false
		[engine]
		runtime_supports_json = ["moat"]
		[engine.runtimes]
		moat = ["$MOAT_BINARY"]
	EOF
	# Private storage and state, so nothing of the host's podman is touched.
	podman_ import "$d/img.tar" "$IMAGE" >/dev/null
	command -v containerd >/dev/null && command -v ctr >/dev/null || return 0
	podman_ save --format oci-archive -o "$d/oci.tar" "$IMAGE" >/dev/null
	containerd_start "$d/oci.tar"
}

teardown_file() {
	containerd_stop
}

# moat keeps its default --root (/run/moat): podman 4.3 passes its
# --runtime-flag options to create and start but not to its final
# `delete --force`, so a private root would keep every container's state.
MOAT_STATE=/run/moat

podman_() {
	CONTAINERS_CONF=$BATS_FILE_TMPDIR/containers.conf podman \
		--root "$BATS_FILE_TMPDIR/storage" --runroot "$BATS_FILE_TMPDIR/run" \
		--storage-driver vfs --cgroup-manager "${PODMAN_CGROUP_MANAGER:-cgroupfs}" --runtime moat "$@"
}

# The container moat made for podman is gone: state dir and cgroup.
assert_gone() { # assert_gone ID [CGROUP-DIR]
	[ ! -e "$MOAT_STATE/$1" ] || { echo "moat state of $1 left" >&2; return 1; }
	[ -z "${2:-}" ] || [ ! -e "$2" ] || { echo "cgroup $2 left" >&2; return 1; }
}

setup() {
	requires_root
	command -v podman >/dev/null || skip "podman not installed (contrib/install-deps.sh --test installs it)"
	requires_cgroup2_controller pids
	requires_cgroup2_controller memory
	OPTS=(--network none)
}

teardown() {
	command -v podman >/dev/null || return 0
	podman_ rm -af -t 0 >/dev/null 2>&1 || true
}

@test "podman run through conmon: caps, seccomp, cgroup limits and the exit status" {
	run podman_ run --rm "${OPTS[@]}" --cidfile "$BATS_TEST_TMPDIR/cid" --memory 64m --pids-limit 50 "$IMAGE" \
		/bin/sh -c 'id -u; grep -E "^(CapEff|CapBnd|Seccomp):" /proc/self/status;
			cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max; exit 3'
	echo "$output"
	[ "$status" -eq 3 ]
	[ "${lines[0]}" = 0 ]
	# podman's default set: CHOWN DAC_OVERRIDE FOWNER FSETID KILL
	# NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT.
	[[ "$output" == *"CapEff:	00000000a80425fb"* ]]
	[[ "$output" == *"CapBnd:	00000000a80425fb"* ]]
	[[ "$output" == *"Seccomp:	2"* ]]
	[ "${lines[4]}" = 67108864 ]
	[ "${lines[5]}" = 50 ]
	assert_gone "$(cat "$BATS_TEST_TMPDIR/cid")"
}

@test "podman run -d, exec, pause, unpause, stop, rm: moat keeps state and leaves nothing" {
	local id cg
	id=$(podman_ run -d "${OPTS[@]}" "$IMAGE" /bin/sleep 1000)
	[ "$(podman_ inspect -f '{{.State.Status}}' "$id")" = running ]
	run podman_ exec "$id" /bin/sh -c 'echo $$; cat /proc/1/cmdline | tr "\0" " "'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == "/bin/sleep 1000"* ]]
	# The container's cgroup, as moat made it from podman's cgroupsPath.
	cg=$(cgroup2_mount)$(sed -n 's/^0:://p' "/proc/$(podman_ inspect -f '{{.State.Pid}}' "$id")/cgroup")
	[ -d "$cg" ]
	podman_ pause "$id"
	[ "$(podman_ inspect -f '{{.State.Status}}' "$id")" = paused ]
	grep -qx 'frozen 1' "$cg/cgroup.events"
	podman_ unpause "$id"
	grep -qx 'frozen 0' "$cg/cgroup.events"
	podman_ stop -t 1 "$id"
	[ "$(podman_ inspect -f '{{.State.Status}}' "$id")" = exited ]
	podman_ rm "$id"
	assert_gone "$id" "$cg"
}

@test "podman run --read-only: the root refuses writes, a tmpfs volume takes them" {
	run podman_ run --rm "${OPTS[@]}" --read-only --read-only-tmpfs=false \
		--tmpfs /scratch:rw,nosuid,nodev,noexec "$IMAGE" \
		/bin/sh -c 'touch /x 2>&1; echo rc=$?; touch /scratch/y && echo ok;
			grep " /scratch " /proc/self/mounts'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *"Read-only file system"* ]]
	[ "${lines[1]}" = rc=1 ]
	[ "${lines[2]}" = ok ]
	[[ "${lines[3]}" == *nosuid*nodev*noexec* ]]
}

@test "podman: a command missing in the image reaches the user with its name" {
	# 127: podman's "command not found", from moat's error.
	run -127 podman_ run --rm "${OPTS[@]}" --cidfile "$BATS_TEST_TMPDIR/cid" "$IMAGE" /bin/no-such-thing
	echo "$output"
	[[ "$output" == *'exec: "/bin/no-such-thing": No such file or directory'* ]]
	assert_gone "$(cat "$BATS_TEST_TMPDIR/cid")"
}

@test "podman --runtime-flag policy=...: baseline takes podman's default run, restricted refuses --privileged" {
	run podman_ --runtime-flag policy=baseline run --rm "${OPTS[@]}" "$IMAGE" /bin/sh -c 'echo ran'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = ran ]
	run podman_ --runtime-flag policy=restricted run --rm "${OPTS[@]}" --privileged "$IMAGE" /bin/true
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"policy restricted: "*"process.capabilities.bounding: all "*" capabilities: a privileged container is not allowed"* ]]
	# baseline refuses it too: privileged is what baseline is about.
	run podman_ --runtime-flag policy=baseline run --rm "${OPTS[@]}" --privileged "$IMAGE" /bin/true
	[ "$status" -ne 0 ]
	[[ "$output" == *"policy baseline: "*"a privileged container is not allowed"* ]]
}

@test "containerd with the system policy (/etc/moat/policy.json): ctr's default refused with its lines, a hardened task runs" {
	requires_containerd
	[ "${MOAT_IN_GUEST:-0}" = 1 ] || skip "writes /etc/moat/policy.json: only in the throw-away guest"
	mkdir -p /etc/moat
	echo '{"extends": "baseline", "requireSeccomp": true}' >/etc/moat/policy.json
	local id=moat-ctrpol-$$
	run ctr_ run --rm --runc-binary "$MOAT_BINARY" "$IMAGE" "$id" /bin/true
	echo "$output"
	ctr_ container rm "$id" 2>/dev/null || true
	[ "$status" -ne 0 ]
	[[ "$output" == *"policy /etc/moat/policy.json: 1 rule violated: refused: linux.seccomp: none (requireSeccomp"* ]]
	run ctr_ run --rm --runc-binary "$MOAT_BINARY" --seccomp "$IMAGE" "$id" \
		/bin/sh -c 'grep Seccomp: /proc/self/status'
	echo "$output"
	rm -f /etc/moat/policy.json
	[ "$status" -eq 0 ]
	[[ "$output" == *"Seccomp:	2"* ]]
}

@test "containerd's runc v2 shim runs moat: ctr run --rm, the exit status, caps, seccomp" {
	requires_containerd
	local id=moat-ctr-$$
	run ctr_ run --rm --runc-binary "$MOAT_BINARY" --seccomp "$IMAGE" "$id" \
		/bin/sh -c 'id -u; grep -E "^(CapEff|Seccomp):" /proc/self/status; exit 5'
	echo "$output"
	[ "$status" -eq 5 ]
	[ "${lines[0]}" = 0 ]
	[[ "$output" == *"CapEff:	00000000a80425fb"* ]]
	[[ "$output" == *"Seccomp:	2"* ]]
	# The shim keeps moat's state under its own --root; all of it is gone.
	[ ! -e "/run/containerd/runc/moat-test/$id" ]
	[ -z "$(ctr_ task ls -q)" ]
	[ -z "$(ctr_ container ls -q)" ]
}

@test "containerd: run -d, the memory limit in moat's cgroup, exec, pause, resume, kill, rm" {
	requires_containerd
	local id=moat-ctrd-$$ pid cg
	ctr_ run -d --runc-binary "$MOAT_BINARY" --memory-limit 67108864 "$IMAGE" "$id" \
		/bin/sleep 1000 </dev/null >/dev/null 3>&-
	pid=$(ctr_ task ls | awk -v id="$id" '$1 == id { print $2 }')
	[ -n "$pid" ]
	# No cgroup namespace or cgroup mount in ctr's spec: read from here.
	cg=$(cgroup2_mount)$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	[ "$cg" = "$(cgroup2_mount)/moat-test/$id" ]
	[ "$(cat "$cg/memory.max")" = 67108864 ]
	run ctr_ task exec --exec-id e1 "$id" /bin/sh -c 'cat /proc/1/cmdline | tr "\0" " "; exit 7'
	echo "$output"
	[ "$status" -eq 7 ]
	[[ "$output" == "/bin/sleep 1000"* ]]
	ctr_ task pause "$id"
	grep -qx 'frozen 1' "$cg/cgroup.events"
	ctr_ task resume "$id"
	grep -qx 'frozen 0' "$cg/cgroup.events"
	ctr_ task rm -f "$id"
	ctr_ container rm "$id"
	[ ! -e "/run/containerd/runc/moat-test/$id" ]
	[ ! -e "$cg" ]
	pid_dead "$pid"
}

# systemd as the cgroup manager, as on Fedora/RHEL hosts and with
# kubeadm's SystemdCgroup: the clients pass --systemd-cgroup and a
# slice:prefix:name, moat asks systemd for the scope.  Only where systemd
# is PID 1 (the systemd guest).
requires_systemd() {
	[ -d /run/systemd/system ] || skip "needs systemd as PID 1 (the systemd guest)"
}

@test "podman with cgroup_manager systemd: a scope in machine.slice with the limits, exec, stop, rm" {
	requires_systemd
	local id pid unit
	export PODMAN_CGROUP_MANAGER=systemd
	id=$(podman_ run -d "${OPTS[@]}" --memory 64m --pids-limit 50 "$IMAGE" /bin/sleep 1000)
	pid=$(podman_ inspect -f '{{.State.Pid}}' "$id")
	unit=libpod-$id.scope
	[ "$(sed -n 's/^0:://p' "/proc/$pid/cgroup")" = "/machine.slice/$unit" ]
	[ "$(systemctl show -p ActiveState --value "$unit")" = active ]
	[ "$(systemctl show -p MemoryMax --value "$unit")" = 67108864 ]
	run podman_ exec "$id" cat /sys/fs/cgroup/pids.max
	[ "$output" = 50 ]
	podman_ stop -t 1 "$id"
	podman_ rm "$id"
	[ "$(systemctl show -p LoadState --value "$unit")" = not-found ]
	assert_gone "$id" "$(cgroup2_mount)/machine.slice/$unit"
}

@test "containerd with the systemd cgroup driver (ctr --runc-systemd-cgroup): the scope, the limit, rm" {
	requires_systemd
	requires_containerd
	local id=moat-ctrsd-$$ pid unit
	unit=moat-test-$id.scope
	ctr_ run -d --runc-binary "$MOAT_BINARY" --runc-systemd-cgroup --cgroup "system.slice:moat-test:$id" \
		--memory-limit 67108864 "$IMAGE" "$id" /bin/sleep 1000 </dev/null >/dev/null 3>&-
	pid=$(ctr_ task ls | awk -v id="$id" '$1 == id { print $2 }')
	[ "$(sed -n 's/^0:://p' "/proc/$pid/cgroup")" = "/system.slice/$unit" ]
	[ "$(systemctl show -p MemoryMax --value "$unit")" = 67108864 ]
	ctr_ task rm -f "$id"
	ctr_ container rm "$id"
	[ "$(systemctl show -p LoadState --value "$unit")" = not-found ]
	pid_dead "$pid"
}
