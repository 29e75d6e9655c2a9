#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Kubernetes' pods, the way containerd's CRI plugin makes them, through
# containerd's runc v2 shim running moat (ctr playing kubelet and the CRI
# plugin): a network namespace of the pod's own (ip netns), the pod's
# cgroup (kubelet's), a sandbox container holding the pause process, app
# containers joining its net, ipc and uts namespaces (and pid when the pod
# shares its process namespace) by path, with cgroups nested in the pod's;
# exec probes, a graceful stop (SIGTERM, SIGKILL after the grace period),
# `task delete` killing what is left, the sandbox stopped first or last,
# OOM kills, and 20 pods at once.  After each pod: no task, container,
# moat state, cgroup, network namespace or process is left.
#
# Needs pure cgroup v2 with the cpu and memory controllers (the guest).

load helpers
load containerd

IMAGE=localhost/moat-pod:test
# Where the shim keeps moat's state (its --root) for ctr's namespace.
SHIM_ROOT=/run/containerd/runc/moat-test
GRACE=2

setup_file() {
	[ "$(id -u)" -eq 0 ] && command -v containerd >/dev/null && command -v podman >/dev/null || return 0
	grep -qw memory "$(cgroup2_mount)/cgroup.controllers" 2>/dev/null || return 0
	local d=$BATS_FILE_TMPDIR
	busybox_rootfs "$d/img"
	tar -C "$d/img" -cf "$d/img.tar" .
	# podman makes the OCI archive; its storage is the suite's own.
	podman --root "$d/storage" --runroot "$d/run" --storage-driver vfs import "$d/img.tar" "$IMAGE" >/dev/null
	podman --root "$d/storage" --runroot "$d/run" --storage-driver vfs \
		save --format oci-archive -o "$d/oci.tar" "$IMAGE" >/dev/null
	containerd_start "$d/oci.tar"
}

teardown_file() {
	containerd_stop
}

setup() {
	requires_root
	requires_containerd
	requires_cgroup2_controller memory
	command -v podman >/dev/null || skip "podman not installed (it makes the image)"
	CG2=$(cgroup2_mount)
	PODS=()
}

teardown() {
	local pod
	for pod in "${PODS[@]}"; do pod_down "$pod" >/dev/null 2>&1 || true; done
}

# ---- what kubelet and the CRI plugin do -----------------------------------

pod_cgroup() { echo "/kubepods/burstable/pod-$1"; }

# pod_up POD [SHARE_PID]: RunPodSandbox.  The sandbox's pause process ends
# on SIGTERM, as Kubernetes' pause does.
pod_up() {
	local pod=$1
	PODS+=("$pod")
	ip netns add "$pod"
	mkdir -p "$CG2$(pod_cgroup "$pod")"
	ctr_ run -d --runc-binary "$MOAT_BINARY" --with-ns "network:/var/run/netns/$pod" \
		--cgroup "$(pod_cgroup "$pod")/$pod-sandbox" "$IMAGE" "$pod-sandbox" \
		/bin/sh -c 'trap "exit 0" TERM INT; sleep 100000 & wait' </dev/null >/dev/null 3>&-
}

# task_pid ID: the task's pid (as the shim reports it).
task_pid() {
	ctr_ task ls | awk -v id="$1" '$1 == id { print $2 }'
}

task_status() {
	ctr_ task ls | awk -v id="$1" '$1 == id { print $3 }'
}

# app_up POD NAME [pid] -- CMD...: CreateContainer + StartContainer, joining
# the sandbox's namespaces by /proc/PID/ns path (pid too when asked).
app_up() {
	local pod=$1 name=$2 spid ns
	shift 2
	spid=$(task_pid "$pod-sandbox")
	local with=(--with-ns "network:/var/run/netns/$pod" --with-ns "ipc:/proc/$spid/ns/ipc"
		--with-ns "uts:/proc/$spid/ns/uts")
	if [ "$1" = pid ]; then
		with+=(--with-ns "pid:/proc/$spid/ns/pid")
		shift
	fi
	[ "$1" = -- ] && shift
	ctr_ run -d --runc-binary "$MOAT_BINARY" "${with[@]}" ${APP_OPTS:-} \
		--cgroup "$(pod_cgroup "$pod")/$pod-$name" "$IMAGE" "$pod-$name" "$@" </dev/null >/dev/null 3>&-
}

# wait_stopped ID SECONDS: until the shim reports the task STOPPED.
wait_stopped() {
	local i
	for i in $(seq $(($2 * 10))); do
		[ "$(task_status "$1")" = STOPPED ] && return 0
		sleep 0.1
	done
	return 1
}

# stop_container ID: StopContainer: SIGTERM, SIGKILL after the grace
# period, then RemoveContainer (task delete, container delete).
stop_container() {
	ctr_ task kill -s SIGTERM "$1" 2>/dev/null || true
	if ! wait_stopped "$1" "$GRACE"; then
		ctr_ task kill -s SIGKILL "$1"
		wait_stopped "$1" 10
	fi
	ctr_ task delete "$1" >/dev/null
	ctr_ container delete "$1"
}

# pod_down POD: StopPodSandbox and RemovePodSandbox: every app container,
# the sandbox, the netns, the pod cgroup.
pod_down() {
	local pod=$1 c
	for c in $(ctr_ container ls -q | grep "^$pod-"); do
		[ "$c" = "$pod-sandbox" ] && continue
		ctr_ task delete -f "$c" >/dev/null 2>&1
		ctr_ container delete "$c" 2>/dev/null
	done
	if ctr_ container ls -q | grep -qx "$pod-sandbox"; then
		ctr_ task delete -f "$pod-sandbox" >/dev/null 2>&1
		ctr_ container delete "$pod-sandbox"
	fi
	ip netns delete "$pod" 2>/dev/null || true
	rmdir "$CG2$(pod_cgroup "$pod")" 2>/dev/null || true
}

# assert_pod_gone POD PID...: no task, container, moat state, cgroup,
# netns or process of the pod is left.
assert_pod_gone() {
	local pod=$1 p
	shift
	[ -z "$(ctr_ task ls -q | grep "^$pod-")" ] || { echo "tasks of $pod left" >&2; return 1; }
	[ -z "$(ctr_ container ls -q | grep "^$pod-")" ] || { echo "containers of $pod left" >&2; return 1; }
	[ -z "$(ls "$SHIM_ROOT" 2>/dev/null | grep "^$pod-")" ] || { echo "moat state of $pod left" >&2; return 1; }
	[ ! -e "$CG2$(pod_cgroup "$pod")" ] || { echo "cgroup of $pod left: $(ls "$CG2$(pod_cgroup "$pod")")" >&2; return 1; }
	[ ! -e "/var/run/netns/$pod" ] || { echo "netns of $pod left" >&2; return 1; }
	for p in "$@"; do pid_dead "$p" || { echo "process $p of $pod left" >&2; return 1; }; done
}

ns_of() { readlink "/proc/$1/ns/$2"; }

# ---- the tests --------------------------------------------------------------

@test "pods: a sandbox with the pod's netns, two apps in its net/ipc/uts and nested cgroups, exec probes, graceful stop, nothing left" {
	local pod=p1-$$ spid a1 a2
	pod_up "$pod"
	spid=$(task_pid "$pod-sandbox")
	[ "$(ns_of "$spid" net)" = "$(ip netns exec "$pod" readlink /proc/self/ns/net)" ]
	# app1 ignores SIGTERM (busybox sleep as PID 1): SIGKILL after the grace
	# period; app2 ends on SIGTERM.
	app_up "$pod" app1 -- /bin/sleep 100000
	app_up "$pod" app2 -- /bin/sh -c 'trap "exit 0" TERM; sleep 100000 & wait'
	a1=$(task_pid "$pod-app1")
	a2=$(task_pid "$pod-app2")
	local t
	for t in net ipc uts; do
		[ "$(ns_of "$a1" $t)" = "$(ns_of "$spid" $t)" ]
		[ "$(ns_of "$a2" $t)" = "$(ns_of "$spid" $t)" ]
	done
	# A pid namespace of each container's own (the pod does not share it).
	[ "$(ns_of "$a1" pid)" != "$(ns_of "$spid" pid)" ]
	# Seen from inside too, and the cgroups nest in the pod's.
	run ctr_ task exec --exec-id ns "$pod-app1" readlink /proc/self/ns/net
	[ "$output" = "$(ns_of "$spid" net)" ]
	[ "$(sed -n 's/^0:://p' "/proc/$a1/cgroup")" = "$(pod_cgroup "$pod")/$pod-app1" ]
	[ "$(sed -n 's/^0:://p' "/proc/$spid/cgroup")" = "$(pod_cgroup "$pod")/$pod-sandbox" ]
	# Exec probes: 12 short execs, 4 at a time, each with its own status.
	local i st probes=$BATS_TEST_TMPDIR/probes
	for i in $(seq 12); do
		(
			st=0
			ctr_ task exec --exec-id "probe-$i" "$pod-app$((i % 2 + 1))" /bin/sh -c "exit $((i % 3))" || st=$?
			echo "$i $st" >>"$probes"
		) &
		[ $((i % 4)) -ne 0 ] || wait
	done
	wait
	cat "$probes"
	[ "$(wc -l <"$probes")" -eq 12 ]
	while read -r i st; do [ "$st" -eq $((i % 3)) ]; done <"$probes"
	# ctr task metrics reads the cgroup the shim found from the pid.
	run ctr_ task metrics "$pod-app1"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *memory* ]]
	# StopContainer: app2 ends on SIGTERM (exit 0), app1 needs SIGKILL.
	stop_container "$pod-app2"
	stop_container "$pod-app1"
	pid_dead "$a1"
	pid_dead "$a2"
	[ -z "$(ls "$CG2$(pod_cgroup "$pod")" | grep app)" ]
	# StopPodSandbox last: the pause process ends on SIGTERM.
	stop_container "$pod-sandbox"
	pod_down "$pod"
	assert_pod_gone "$pod" "$spid" "$a1" "$a2"
}

@test "pods: the sandbox stopped first, the apps go on in the pod's netns, then stop; nothing left" {
	local pod=p2-$$ spid a1 net
	pod_up "$pod"
	spid=$(task_pid "$pod-sandbox")
	net=$(ns_of "$spid" net)
	app_up "$pod" app1 -- /bin/sh -c 'trap "exit 0" TERM; sleep 100000 & wait'
	a1=$(task_pid "$pod-app1")
	stop_container "$pod-sandbox"
	pid_dead "$spid"
	# The app keeps the pod's network namespace (held by ip netns).
	[ "$(task_status "$pod-app1")" = RUNNING ]
	run ctr_ task exec --exec-id after "$pod-app1" readlink /proc/self/ns/net
	[ "$output" = "$net" ]
	stop_container "$pod-app1"
	pod_down "$pod"
	assert_pod_gone "$pod" "$spid" "$a1"
}

@test "pods: a pod sharing its process namespace; the sandbox gone, its apps go, exec fails cleanly, delete works" {
	local pod=p3-$$ spid a1
	pod_up "$pod"
	spid=$(task_pid "$pod-sandbox")
	app_up "$pod" app1 pid -- /bin/sleep 100000
	a1=$(task_pid "$pod-app1")
	[ "$(ns_of "$a1" pid)" = "$(ns_of "$spid" pid)" ]
	# The app sees the pause process as its PID 1.
	run ctr_ task exec --exec-id ps "$pod-app1" cat /proc/1/cmdline
	[[ "$output" == /bin/sh* ]]
	# The sandbox's init dies: the kernel kills the whole pid namespace.
	ctr_ task kill -s SIGKILL "$pod-sandbox"
	wait_stopped "$pod-sandbox" 10
	wait_stopped "$pod-app1" 10
	pid_dead "$a1"
	run ctr_ task exec --exec-id late "$pod-app1" /bin/true
	echo "$output"
	[ "$status" -ne 0 ]
	# Removal goes on: the app, then the sandbox.
	ctr_ task delete "$pod-app1" >/dev/null
	ctr_ container delete "$pod-app1"
	ctr_ task delete "$pod-sandbox" >/dev/null
	ctr_ container delete "$pod-sandbox"
	pod_down "$pod"
	assert_pod_gone "$pod" "$spid" "$a1"
}

@test "pods: an exec probe past its timeout is killed by the shim; the container goes on" {
	local pod=p4-$$ a1
	pod_up "$pod"
	app_up "$pod" app1 -- /bin/sleep 100000
	a1=$(task_pid "$pod-app1")
	ctr_ task exec --exec-id slow "$pod-app1" /bin/sleep 1000 </dev/null >/dev/null 2>&1 3>&- &
	local ctrpid=$!
	local i
	for i in $(seq 50); do
		ctr_ task ps "$pod-app1" | grep -q . && [ "$(ctr_ task ps "$pod-app1" | wc -l)" -ge 3 ] && break
		sleep 0.1
	done
	# ExecSync's timeout: the CRI plugin kills the exec process.
	ctr_ task kill --exec-id slow -s SIGKILL "$pod-app1"
	local st=0
	wait "$ctrpid" || st=$?
	[ "$st" -eq 137 ]
	[ "$(task_status "$pod-app1")" = RUNNING ]
	run ctr_ task exec --exec-id fast "$pod-app1" /bin/true
	[ "$status" -eq 0 ]
	pod_down "$pod"
	assert_pod_gone "$pod" "$a1"
}

@test "pods: update --resources - with the JSON the CRI plugin sends, mapped as runc maps it" {
	local pod=p5-$$ cg
	pod_up "$pod"
	app_up "$pod" app1 -- /bin/sleep 100000
	cg=$CG2$(pod_cgroup "$pod")/$pod-app1
	# UpdateContainerResources: the shim pipes the LinuxResources to
	# `runtime update --resources -` under its --root.
	"$MOAT_BINARY" --root "$SHIM_ROOT" update --resources - "$pod-app1" <<-'EOF'
		{"cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0", "mems": "0"},
		 "memory": {"limit": 134217728, "swap": 268435456},
		 "unified": {"memory.high": "100663296"}}
	EOF
	[ "$(cat "$cg/cpu.weight")" = 20 ]
	[ "$(cat "$cg/cpu.max")" = "50000 100000" ]
	[ "$(cat "$cg/cpuset.cpus")" = 0 ]
	[ "$(cat "$cg/memory.max")" = 134217728 ]
	[ "$(cat "$cg/memory.high")" = 100663296 ]
	if [ -e "$cg/memory.swap.max" ]; then
		[ "$(cat "$cg/memory.swap.max")" = 134217728 ]
	fi
	pod_down "$pod"
	assert_pod_gone "$pod"
}

@test "pods: an app OOM-killed: the shim's OOM event, exit 137, the pod cleans up" {
	local pod=p6-$$ a1 ev=$BATS_TEST_TMPDIR/events
	pod_up "$pod"
	ctr_ events >"$ev" 2>&1 </dev/null 3>&- &
	local evpid=$!
	APP_OPTS="--memory-limit 16777216" app_up "$pod" app1 -- /bin/sh -c 'sleep 1; x=a; while :; do x=$x$x; done'
	a1=$(task_pid "$pod-app1")
	wait_stopped "$pod-app1" 60
	run ctr_ task delete "$pod-app1"
	echo "$output"
	# The OOM kill is in the cgroup's memory.events, where the shim watches.
	for _ in $(seq 50); do grep -q "/tasks/oom" "$ev" && break; sleep 0.1; done
	kill "$evpid"
	cat "$ev"
	grep "/tasks/oom" "$ev" | grep -q "$pod-app1"
	grep "/tasks/exit" "$ev" | grep "$pod-app1" | grep -q '"exit_status":137'
	ctr_ container delete "$pod-app1"
	pod_down "$pod"
	assert_pod_gone "$pod" "$a1"
}

@test "pods: 20 pods at once, each a sandbox and an app: up, exec, down, nothing left" {
	local n=20 i pids=() all=()
	for i in $(seq $n); do
		(pod_up "p7-$$-$i" && app_up "p7-$$-$i" app -- /bin/sleep 100000) &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i"; done
	for i in $(seq $n); do
		PODS+=("p7-$$-$i")
		[ "$(task_status "p7-$$-$i-app")" = RUNNING ]
		all+=("$(task_pid "p7-$$-$i-sandbox")" "$(task_pid "p7-$$-$i-app")")
	done
	pids=()
	for i in $(seq $n); do
		ctr_ task exec --exec-id probe "p7-$$-$i-app" /bin/true &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i"; done
	pids=()
	for i in $(seq $n); do
		pod_down "p7-$$-$i" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i"; done
	for i in $(seq $n); do assert_pod_gone "p7-$$-$i"; done
	for i in "${all[@]}"; do pid_dead "$i"; done
}
