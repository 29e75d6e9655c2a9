#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# moat run by an ordinary user, as runc runs rootless: a real user made by
# the test set-up (useradd), `moat spec --rootless`, state under
# $XDG_RUNTIME_DIR/moat, uid 0 inside mapped to the user outside, no cgroup
# unless one is delegated (each limit then a warning), every security layer
# that can apply still applied, and nothing left after delete.

load helpers

USER_NAME=moat-rootless
ID=moat-rl-$$

setup_file() {
	[ "$(id -u)" -eq 0 ] || return 0
	id "$USER_NAME" >/dev/null 2>&1 || useradd -M -d /nonexistent -s /bin/sh "$USER_NAME"
	# Ranges for newuidmap/newgidmap, as useradd gives a new user when
	# SUB_UID_COUNT is set (podman's rootless set-up).
	local f
	for f in /etc/subuid /etc/subgid; do
		grep -q "^$USER_NAME:" "$f" 2>/dev/null || echo "$USER_NAME:3000000:65536" >>"$f"
	done
}

setup() {
	requires_root
	build_template
	RUID=$(id -u "$USER_NAME")
	# Everything the user needs, in a directory the user can reach.
	# Not under bats' own tmpdir: its parents are root's alone.
	HOMEDIR=$(mktemp -d /tmp/moat-rootless.XXXXXX)
	chmod 755 "$HOMEDIR"
	XDG=$HOMEDIR/xdg
	BUNDLE=$HOMEDIR/bundle
	mkdir -p "$XDG" "$BUNDLE"
	cp -a "$TEMPLATE" "$BUNDLE/rootfs"
	rm -f "$BUNDLE/rootfs/.done"
	chmod 700 "$XDG"
	chown -R "$USER_NAME:" "$HOMEDIR"
	as_user moat spec --rootless
	as_user sh -c 'jq ".process.terminal = false | .process.args = [\"/bin/probe\", \"ids\"]" config.json >c && mv c config.json'
}

teardown() {
	[ "$(id -u)" -eq 0 ] || return 0
	as_user "$MOAT_BINARY" ${USER_SYSTEMD:+--systemd-cgroup} delete -f "$ID" >/dev/null 2>&1 || true
	[ -n "${USER_SYSTEMD:-}" ] && systemctl stop "user@$RUID.service"
	[ -n "${V2CG:-}" ] && rmdir "$V2CG/ctr" "$V2CG/runtime" "$V2CG" 2>/dev/null
	rm -rf "$HOMEDIR"
}

# as_user CMD...: in the bundle, as the user, with its runtime dir.  The
# moat function is the binary here (no --root: the default is the test).
as_user() {
	local cmd=$1
	shift
	[ "$cmd" = moat ] && cmd=$MOAT_BINARY
	(cd "$BUNDLE" && setpriv --reuid "$RUID" --regid "$RUID" --clear-groups \
		env -i PATH=/usr/bin:/bin HOME="$HOMEDIR" XDG_RUNTIME_DIR="$XDG" "$cmd" "$@")
}

# user_systemd: the user's own systemd (user@UID.service), started as a
# login starts it (the system bus and logind on demand); the user's runtime
# dir is then its /run/user/UID.  Only where systemd is PID 1: the systemd
# guest (tests/vm/guest-systemd.test).
user_systemd() {
	[ -d /run/systemd/system ] || skip "systemd is not PID 1 (tests/vm/guest-systemd.test runs this)"
	grep -qw memory "$(cgroup2_mount)/cgroup.controllers" || skip "needs pure cgroup v2"
	systemctl start dbus.socket "user@$RUID.service"
	USER_SYSTEMD=1
	XDG=/run/user/$RUID
	[ -S "$XDG/systemd/private" ]
}

update_user_config() {
	as_user sh -c "jq '$1' config.json >c && mv c config.json"
}

@test "rootless: moat spec --rootless and run as an ordinary user: root inside, the user outside" {
	run as_user moat run "$ID"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"uid=0"* ]]
	update_user_config '.process.args = ["/bin/sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map"]'
	run as_user moat run "$ID"
	echo "$output"
	[ "$(echo "${lines[0]}" | awk '{print $1, $2, $3}')" = "0 $RUID 1" ]
	# Outside, the container's init is the user's.
	update_user_config '.process.args = ["/bin/sleep", "1000"]'
	as_user moat run -d "$ID" </dev/null >/dev/null 2>&1 3>&-
	local pid
	pid=$(as_user moat state "$ID" | jq .pid)
	[ "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" = "$RUID" ]
	# State in the user's runtime dir, not /run/moat.
	[ -d "$XDG/moat/$ID" ]
	[ ! -e "/run/moat/$ID" ]
	run as_user moat exec "$ID" /bin/probe ids
	echo "$output"
	[[ "$output" == *"uid=0"* ]]
	as_user moat kill "$ID" KILL
	for _ in $(seq 50); do pid_dead "$pid" && break; sleep 0.1; done
	as_user moat delete "$ID"
	[ -z "$(ls -A "$XDG/moat")" ]
}

@test "rootless: without XDG_RUNTIME_DIR the error names it; --root still works" {
	run setpriv --reuid "$RUID" --regid "$RUID" --clear-groups env -i PATH=/bin "$MOAT_BINARY" list
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$output" = "moat: rootless: XDG_RUNTIME_DIR is not set: set it to a directory of yours (pam_systemd's /run/user/$RUID) or pass --root" ]
	run setpriv --reuid "$RUID" --regid "$RUID" --clear-groups env -i PATH=/bin "$MOAT_BINARY" --root "$XDG/other" list
	[ "$status" -eq 0 ]
}

@test "rootless: with no cgroup delegated, each limit is a warning and the container runs" {
	# Limits the host's cgroup2 has controllers for (the hybrid host: hugetlb).
	local res='{"memory": {"limit": 67108864}, "pids": {"limit": 42}}' fields="memory.limit pids.limit" f
	grep -qw memory "$(cgroup2_mount)/cgroup.controllers" ||
		res='{"hugepageLimits": [{"pageSize": "2MB", "limit": 2097152}]}' fields=hugepageLimits
	update_user_config ".linux.resources = $res"
	run as_user moat run "$ID"
	echo "$output"
	[ "$status" -eq 0 ]
	for f in $fields; do
		[[ "$output" == *"moat: warning: rootless: no usable cgroup is delegated to this user: linux.resources.$f ignored"* ]]
	done
	[[ "$output" == *"uid=0"* ]]
	[ -z "$(ls -A "$XDG/moat")" ]
}

@test "rootless: the security layers that apply rootless still apply" {
	update_user_config '.process.args = ["/bin/sh", "-c", "grep -E \"^(Seccomp|NoNewPrivs|CapEff|CapBnd):\" /proc/self/status; touch /x 2>&1; cat /proc/kcore 2>&1 | head -c 0; ls /proc/kcore"]'
	run as_user moat run "$ID"
	echo "$output"
	[[ "$output" == *"Seccomp:	2"* ]]
	[[ "$output" == *"NoNewPrivs:	1"* ]]
	# moat spec's minimal set (AUDIT_WRITE, KILL, NET_BIND_SERVICE), within the user namespace.
	[[ "$output" == *"CapEff:	0000000020000420"* ]]
	[[ "$output" == *"Read-only file system"* ]]
}

@test "rootless: a delegated cgroup is used: the container lands in it, and delete removes it" {
	local cg2
	cg2=$(cgroup2_mount)
	# A delegation as systemd's Delegate=yes gives one: the directory and its
	# interface files are the user's; the user's runtime runs in a leaf.
	V2CG=$cg2/moat-rl-$$
	mkdir "$V2CG" "$V2CG/runtime"
	chown -R "$USER_NAME:" "$V2CG"
	# A limit where the hierarchy has its controller (the guest's pure v2).
	local lim=
	grep -qw memory "$cg2/cgroup.controllers" && lim=' | .linux.resources = {"memory": {"limit": 67108864}}'
	update_user_config '.linux.cgroupsPath = "/moat-rl-'$$'/ctr" | .process.args = ["/bin/sleep", "1000"]'"$lim"
	(echo $BASHPID >"$V2CG/runtime/cgroup.procs" && as_user moat run -d "$ID") </dev/null >/dev/null 2>&1 3>&-
	local pid
	pid=$(as_user moat state "$ID" | jq .pid)
	[ "$(sed -n 's/^0:://p' "/proc/$pid/cgroup")" = "/moat-rl-$$/ctr" ]
	if [ -n "$lim" ]; then
		[ "$(cat "$V2CG/ctr/memory.max")" = 67108864 ]
	fi
	as_user moat delete -f "$ID"
	[ ! -e "$V2CG/ctr" ]
	[ -z "$(ls -A "$XDG/moat")" ]
}

@test "rootless: a map of the user's /etc/subuid ranges goes through newuidmap and newgidmap" {
	command -v newuidmap >/dev/null || skip "newuidmap is not installed (Debian's uidmap)"
	local subu subg
	subu=$(awk -F: -v u="$USER_NAME" '$1 == u { print $2; exit }' /etc/subuid)
	subg=$(awk -F: -v u="$USER_NAME" '$1 == u { print $2; exit }' /etc/subgid)
	update_user_config '.linux.uidMappings = [{"containerID": 0, "hostID": '"$RUID"', "size": 1},
			{"containerID": 1, "hostID": '"$subu"', "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": '"$RUID"', "size": 1},
			{"containerID": 1, "hostID": '"$subg"', "size": 65536}]
		| .process.args = ["/bin/sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map"]'
	run as_user moat run "$ID"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(echo "${lines[0]}" | awk '{print $1, $2, $3}')" = "0 $RUID 1" ]
	[ "$(echo "${lines[1]}" | awk '{print $1, $2, $3}')" = "1 $subu 65536" ]
	[ "$(echo "${lines[3]}" | awk '{print $1, $2, $3}')" = "1 $subg 65536" ]
	# Ranges that are not the user's: newuidmap refuses, moat says so in one line.
	update_user_config '.linux.uidMappings[1].hostID = 9000000'
	run as_user moat run "$ID"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == "moat: rootless: newuidmap: "*"/etc/subuid"* ]]
	[ -z "$(ls -A "$XDG/moat")" ]
}

# podman_setup: podman as the user, with moat as its runtime and a busybox
# image; as_podman runs it (PODMAN_CGROUPS: its cgroup manager).
podman_setup() {
	command -v podman >/dev/null || skip "podman not installed (contrib/install-deps.sh --test installs it)"
	command -v newuidmap >/dev/null || skip "newuidmap is not installed (Debian's uidmap)"
	local img=$HOMEDIR/img
	mkdir -p "$img/bin" "$img/etc"
	cp /bin/busybox "$img/bin/busybox"
	for a in sh id cat sleep; do ln -s busybox "$img/bin/$a"; done
	tar -C "$img" -cf "$HOMEDIR/img.tar" .
	printf '[containers]\nlabel = false\n[engine]\nruntime_supports_json = ["moat"]\n[engine.runtimes]\nmoat = ["%s"]\n' \
		"$MOAT_BINARY" >"$HOMEDIR/containers.conf"
	chown -R "$USER_NAME:" "$HOMEDIR"
	as_podman import "$HOMEDIR/img.tar" localhost/moat-rootless:test >/dev/null 2>&1
}

# podman runs moat as root of its own user namespace, with the user's
# runtime dir: moat's state goes there.
as_podman() {
	(cd "$HOMEDIR" && setpriv --reuid "$RUID" --regid "$RUID" --init-groups \
		env -i PATH=/usr/bin:/bin HOME="$HOMEDIR" XDG_RUNTIME_DIR="$XDG" USER="$USER_NAME" \
		CONTAINERS_CONF="$HOMEDIR/containers.conf" \
		podman --storage-driver vfs --cgroup-manager "${PODMAN_CGROUPS:-cgroupfs}" --runtime moat "$@")
}

@test "rootless podman runs moat: run, exec, stop, rm, uid 0 inside mapped to the user and its ranges" {
	local id
	podman_setup
	run as_podman run --rm --network none localhost/moat-rootless:test sh -c 'id -u; cat /proc/self/uid_map'
	echo "$output"
	[ "$status" -eq 0 ]
	# (podman may warn first: this host's / is not a shared mount)
	grep -qx 0 <<<"$output"
	grep -Eq "^ +0 +$RUID +1\$" <<<"$output"
	id=$(as_podman run -d --network none localhost/moat-rootless:test sleep 1000 2>/dev/null)
	[ -d "$XDG/moat/$id" ]
	run as_podman exec "$id" id -u
	[ "${lines[-1]}" = 0 ]
	as_podman stop -t 0 "$id" >/dev/null 2>&1
	as_podman rm "$id" >/dev/null
	[ -z "$(ls -A "$XDG/moat")" ]
	as_podman system reset -f >/dev/null 2>&1 || true
}

@test "rootless --systemd-cgroup: a scope of the user's systemd, its limits read back inside, gone after delete" {
	user_systemd
	update_user_config '.linux.resources = {"memory": {"limit": 67108864}, "pids": {"limit": 42},
			"cpu": {"shares": 512}, "blockIO": {"weight": 300}}
		| .process.args = ["/bin/sleep", "1000"]'
	as_user moat --systemd-cgroup run -d "$ID" </dev/null >"$HOMEDIR/out" 2>&1 3>&-
	cat "$HOMEDIR/out"
	# user@.service delegates cpu, memory and pids: io is a warning.
	[ "$(cat "$HOMEDIR/out")" = "moat: warning: rootless: the user's systemd delegates no \`io\` controller: linux.resources.blockIO ignored" ]
	local pid scope=/user.slice/user-$RUID.slice/user@$RUID.service/user.slice/moat-$ID.scope
	pid=$(as_user moat state "$ID" | jq .pid)
	[ "$(sed -n 's/^0:://p' "/proc/$pid/cgroup")" = "$scope" ]
	[ "$(as_user systemctl --user is-active "moat-$ID.scope")" = active ]
	# Inside (the rootless config binds the host's /sys): the limits.
	run as_user moat exec "$ID" cat "/sys/fs/cgroup$scope/memory.max" "/sys/fs/cgroup$scope/pids.max" \
		"/sys/fs/cgroup$scope/cpu.weight"
	echo "$output"
	[ "${lines[0]}" = 67108864 ]
	[ "${lines[1]}" = 42 ]
	[ "${lines[2]}" = 20 ]
	# exec joins the scope too (the user's systemd moves it there: the user
	# may not, from a cgroup that is not its own).
	run as_user moat --systemd-cgroup exec "$ID" cat /proc/self/cgroup
	echo "$output"
	# (its cgroup namespace root is the scope, as init's)
	[ "$output" = "0::/" ]
	# update goes through the user's systemd too.
	as_user moat --systemd-cgroup update --memory 33554432 "$ID"
	[ "$(cat "/sys/fs/cgroup$scope/memory.max")" = 33554432 ]
	as_user moat --systemd-cgroup delete -f "$ID"
	[ ! -e "/sys/fs/cgroup$scope" ]
	[ "$(as_user systemctl --user is-active "moat-$ID.scope")" != active ]
	[ -z "$(ls -A "$XDG/moat")" ]
}

@test "rootless podman with the user's systemd: moat makes its scope, a memory limit applies" {
	user_systemd
	podman_setup
	PODMAN_CGROUPS=systemd
	run as_podman run --rm --network none --memory 64m localhost/moat-rootless:test \
		sh -c 'cat /sys/fs/cgroup/memory.max /proc/self/cgroup'
	echo "$output"
	[ "$status" -eq 0 ]
	grep -qx 67108864 <<<"$output"
	local id
	id=$(as_podman run -d --network none --memory 64m localhost/moat-rootless:test sleep 1000 2>/dev/null)
	local scope=/sys/fs/cgroup/user.slice/user-$RUID.slice/user@$RUID.service/user.slice/libpod-$id.scope
	[ "$(cat "$scope/memory.max")" = 67108864 ]
	run as_podman exec "$id" id -u
	[ "${lines[-1]}" = 0 ]
	as_podman stop -t 0 "$id" >/dev/null 2>&1
	as_podman rm "$id" >/dev/null
	[ ! -e "$scope" ]
	[ -z "$(ls -A "$XDG/moat")" ]
	as_podman system reset -f >/dev/null 2>&1 || true
}
