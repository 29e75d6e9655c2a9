# SPDX-License-Identifier: GPL-2.0-or-later
# containerd of a suite's own for the suites that drive containerd's runc v2
# shim (clients.bats, pods.bats): its own root, state and socket in the
# suite's tmpdir (no CRI plugin: ctr plays kubelet's part), fed a busybox
# image as an OCI archive made by podman.  The host's containerd, if any,
# is never touched.

# containerd_start OCI-TAR: start it, import the image (named in the archive).
containerd_start() {
	local d=$BATS_FILE_TMPDIR i
	cat >"$d/containerd.toml" <<-EOT
		version = 2
		root = "$d/containerd/root"
		state = "$d/containerd/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri"]
		[grpc]
		  address = "$d/containerd.sock"
	EOT
	# Its fds must not keep bats' output open.
	containerd --config "$d/containerd.toml" </dev/null >"$d/containerd.log" 2>&1 3>&- &
	echo $! >"$d/containerd.pid"
	for i in $(seq 100); do [ -S "$d/containerd.sock" ] && break; sleep 0.1; done
	ctr_ image import "$1" >/dev/null
}

containerd_stop() {
	[ -e "$BATS_FILE_TMPDIR/containerd.pid" ] || return 0
	kill "$(cat "$BATS_FILE_TMPDIR/containerd.pid")" 2>/dev/null || true
}

ctr_() {
	ctr --address "$BATS_FILE_TMPDIR/containerd.sock" --namespace moat-test "$@"
}

# busybox_rootfs DIR: a minimal image root (busybox and its applets).
busybox_rootfs() {
	local a
	mkdir -p "$1/bin" "$1/etc" "$1/tmp"
	cp /bin/busybox "$1/bin/busybox"
	for a in sh id cat ls sleep touch grep echo true hostname readlink wc seq head tail; do
		ln -s busybox "$1/bin/$a"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$1/etc/passwd"
}

requires_containerd() {
	command -v containerd >/dev/null && command -v ctr >/dev/null ||
		skip "containerd not installed (contrib/install-deps.sh --test installs it)"
	# ctr's default spec sets cpu shares.
	requires_cgroup2_controller cpu
}
