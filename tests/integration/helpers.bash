# SPDX-License-Identifier: GPL-2.0-or-later
# Loaded by every bats file: a real bundle per test (busybox-static + the
# static probe), a private --root, and small helpers.
#
#   setup_bundle            $BUNDLE with rootfs/ and a `moat spec` config whose
#                           process is /bin/probe ids, terminal off
#   update_config FILTER    edit $BUNDLE/config.json with a jq filter
#   moat ARGS...            "$MOAT_BINARY" --root "$ROOT" ARGS...
#   requires_root, requires_cgroup2_controller NAME, requires_selinux
#   assert_nothing_left ID  no state dir, process or mount of that container

MOAT_BUILDDIR=${MOAT_BUILDDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
MOAT_SRCDIR=${MOAT_SRCDIR:-$MOAT_BUILDDIR}
MOAT_BINARY=${MOAT_BINARY:-$MOAT_BUILDDIR/moat}
MOAT_PROBE=${MOAT_PROBE:-$MOAT_BUILDDIR/tests/payload/probe}
# A private --root per test (bats sources this file again for each test,
# with BATS_TEST_TMPDIR set), so one test's leftovers never meet another's.
ROOT=${BATS_TEST_TMPDIR:-${BATS_RUN_TMPDIR:-/tmp}}/moat-root
TEMPLATE=${BATS_RUN_TMPDIR:-/tmp}/moat-rootfs-template

moat() {
	"$MOAT_BINARY" --root "$ROOT" "$@"
}

# The rootfs every test copies: made once per bats run.
build_template() {
	[ -e "$TEMPLATE/.done" ] && return 0
	local t=$TEMPLATE.tmp.$$ applet
	rm -rf "$t"
	mkdir -p "$t"/{bin,sbin,etc,proc,sys,dev,tmp,root,var,run,home}
	cp /bin/busybox "$t/bin/busybox"
	for applet in $(/bin/busybox --list); do
		[ -e "$t/bin/$applet" ] || ln -s busybox "$t/bin/$applet"
	done
	cp "$MOAT_PROBE" "$t/bin/probe"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$t/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$t/etc/group"
	chmod 1777 "$t/tmp"
	touch "$t/.done"
	mv "$t" "$TEMPLATE" 2>/dev/null || rm -rf "$t"
}

setup_bundle() {
	requires_root
	build_template
	BUNDLE=$BATS_TEST_TMPDIR/bundle
	mkdir -p "$BUNDLE" "$ROOT"
	cp -a "$TEMPLATE" "$BUNDLE/rootfs"
	rm -f "$BUNDLE/rootfs/.done"
	(cd "$BUNDLE" && moat spec) || return 1
	update_config '.process.terminal = false | .process.args = ["/bin/probe", "ids"]'
}

update_config() {
	jq "$1" "$BUNDLE/config.json" >"$BUNDLE/config.json.new" &&
		mv "$BUNDLE/config.json.new" "$BUNDLE/config.json"
}

requires_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

# The cgroup2 mount point of this host.
cgroup2_mount() {
	awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo
}

requires_cgroup2_controller() {
	local mnt
	mnt=$(cgroup2_mount)
	[ -n "$mnt" ] || skip "needs cgroup v2 (no cgroup2 mount on this host)"
	grep -qw "$1" "$mnt/cgroup.controllers" ||
		skip "needs the cgroup v2 controller \"$1\" (the hierarchy at $mnt has: $(cat "$mnt/cgroup.controllers"))"
}

requires_selinux() {
	[ -e /sys/fs/selinux/enforce ] || skip "needs SELinux enabled (this kernel has none)"
}

# Every trace of a container is gone: state dir, processes, mounts.
assert_nothing_left() {
	local id=$1
	if [ -e "$ROOT/$id" ]; then
		echo "state dir $ROOT/$id left behind" >&2
		return 1
	fi
	if grep -q "$BUNDLE/rootfs" /proc/self/mountinfo; then
		echo "mount of $BUNDLE/rootfs left behind" >&2
		return 1
	fi
	# A moat process (argv[0] is moat) of this run's --root with the id as
	# one of its arguments: a created init still waiting, or a create/run
	# that did not finish.
	local p a argv
	for p in /proc/[0-9]*; do
		mapfile -d '' -t argv 2>/dev/null <"$p/cmdline" || continue
		[ "${#argv[@]}" -gt 0 ] && [ "${argv[0]##*/}" = moat ] || continue
		[[ " ${argv[*]} " == *" $ROOT "* ]] || continue
		for a in "${argv[@]:1}"; do
			if [ "$a" = "$id" ]; then
				echo "moat process ${p#/proc/} of $id still running: ${argv[*]}" >&2
				return 1
			fi
		done
	done
}

# pid_dead PID: the process has exited.  A zombie counts: a container's
# init is reparented to the host's pid 1, and not every pid 1 (a sandbox's
# process manager, say) reaps promptly.
# One read, no test before it: /proc/PID can vanish between a test for it
# and a read of its status (the reaper got there), and grep's exit 2 was
# then taken for "alive".  A status that cannot be read is a process gone.
pid_dead() {
	local state
	state=$(grep -m1 '^State:' "/proc/$1/status" 2>/dev/null) || return 0
	[[ $state =~ ^State:[[:space:]]*[ZX] ]]
}

# cleanup_root: force-delete every container still in $ROOT, then check
# that nothing of any of them remains (for a bats file's teardown).
cleanup_root() {
	local id left=0
	[ -d "$ROOT" ] || return 0
	for id in $(moat list -q 2>/dev/null); do
		moat delete -f "$id" >/dev/null 2>&1 || true
		assert_nothing_left "$id" || left=1
	done
	if [ -n "$(ls -A "$ROOT" 2>/dev/null)" ]; then
		echo "left in $ROOT: $(ls -A "$ROOT")" >&2
		left=1
	fi
	return $left
}
