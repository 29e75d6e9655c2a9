#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The admission policy (--policy, docs/policy.md): for every rule a config
# that violates it is refused with its line (the rule, the JSON path, what
# would satisfy it), exit 1 and nothing left behind, and a config that
# satisfies it runs; the built-in profiles; warn mode; exec; bad policies.

load helpers

ID=mtpol

setup() {
	setup_bundle
}

fresh_bundle() {
	rm -rf "$BUNDLE"
	setup_bundle
}

teardown() {
	moat delete -f "$ID" >/dev/null 2>&1 || true
}

# policy JSON: the policy file for the test.
policy() {
	POL=$BATS_TEST_TMPDIR/policy.json
	echo "$1" >"$POL"
}

# refused LINE...: run is refused with exactly these violation lines.
refused() {
	run moat --policy "${PROFILE:-$POL}" run -b "$BUNDLE" "$ID"
	echo "$output"
	[ "$status" -eq 1 ]
	local line
	for line in "$@"; do
		grep -qxF "moat: policy ${PROFILE:-$POL}: $line" <<<"$output" || { echo "missing: $line" >&2; return 1; }
	done
	[ "$(grep -c "^moat: policy ${PROFILE:-$POL}: " <<<"$output")" -eq $(($# + 1)) ]
	[[ "${lines[-1]}" == "moat: policy ${PROFILE:-$POL}: $# rule$([ $# -eq 1 ] || echo s) violated: refused: "* ]]
	assert_nothing_left "$ID"
}

# accepted: the policy lets it through (and on this host it runs).
accepted() {
	run moat --policy "${PROFILE:-$POL}" run -b "$BUNDLE" "$ID"
	echo "$output"
	[[ "$output" != *"moat: policy"* ]]
	[ "$status" -eq 0 ]
}

# not_refused: no policy line (what runs it may be missing on this host).
not_refused() {
	run moat --policy "${PROFILE:-$POL}" run -b "$BUNDLE" "$ID"
	echo "$output"
	[[ "$output" != *"moat: policy"* ]]
}

@test "policy privileged: false: all capabilities, every device, writable /sys and /proc/sys, no seccomp with CAP_SYS_ADMIN" {
	policy '{"privileged": false}'
	accepted
	local all
	all=$(jq -c '[.[]]' <<<"$(printf '"%s"\n' CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_KILL \
		CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE CAP_NET_BIND_SERVICE CAP_NET_BROADCAST \
		CAP_NET_ADMIN CAP_NET_RAW CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO \
		CAP_SYS_CHROOT CAP_SYS_PTRACE CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE \
		CAP_SYS_RESOURCE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE CAP_AUDIT_WRITE \
		CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG CAP_WAKE_ALARM \
		CAP_BLOCK_SUSPEND CAP_AUDIT_READ | jq -s .)")
	local sys
	sys=$(jq '.mounts | map(.destination) | index("/sys")' "$BUNDLE/config.json")
	update_config ".process.capabilities.bounding = $all | del(.linux.seccomp)
		| .linux.resources.devices = [{\"allow\": true, \"access\": \"rwm\"}]
		| .mounts[$sys].options -= [\"ro\"] | .linux.readonlyPaths -= [\"/proc/sys\"]"
	refused "process.capabilities.bounding: all 38 capabilities: a privileged container is not allowed (drop what the workload does not need)" \
		"linux.resources.devices[0]: allows every host device: a privileged container is not allowed (allow the devices it needs)" \
		"linux.seccomp: none, with CAP_SYS_ADMIN: a privileged container is not allowed (add a seccomp profile or drop CAP_SYS_ADMIN)" \
		"mounts[$sys]: /sys is writable: a privileged container is not allowed (add \"ro\" to its options)" \
		"linux.readonlyPaths: /proc/sys is writable: a privileged container is not allowed (add \"/proc/sys\")"
}

@test "policy allowedCapabilities and requiredDropCapabilities: the capability, its place, what is allowed" {
	policy '{"allowedCapabilities": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]}'
	accepted
	update_config '.process.capabilities.bounding += ["CAP_SYS_ADMIN"]'
	refused "process.capabilities.bounding[3]: CAP_SYS_ADMIN is not allowed (allowed: CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE)"
	fresh_bundle
	policy '{"requiredDropCapabilities": ["CAP_KILL"]}'
	local i
	i=$(jq '.process.capabilities.bounding | index("CAP_KILL")' "$BUNDLE/config.json")
	refused "process.capabilities.bounding[$i]: CAP_KILL must be dropped (requiredDropCapabilities)"
	update_config '.process.capabilities |= with_entries(.value -= ["CAP_KILL"])'
	accepted
}

@test "policy allowedHostNamespaces and requireUserNamespace" {
	policy '{"allowedHostNamespaces": ["user"]}'
	accepted
	update_config '.linux.namespaces |= map(select(.type != "network"))'
	refused 'linux.namespaces: the host'"'"'s network namespace is not allowed (add {"type": "network"})'
	# Joining the host's own by path is the host's too.
	update_config '.linux.namespaces += [{"type": "network", "path": "/proc/'$$'/ns/net"}]'
	refused 'linux.namespaces: the host'"'"'s network namespace is not allowed (add {"type": "network"})'
	fresh_bundle
	policy '{"requireUserNamespace": true}'
	refused 'linux.namespaces: no user namespace (requireUserNamespace: add {"type": "user"} with uidMappings and gidMappings)'
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	not_refused
}

@test "policy runAsNonRoot, runAsUser, runAsGroup" {
	policy '{"runAsNonRoot": true}'
	refused "process.user.uid: 0 (root) is not allowed (runAsNonRoot: another uid, or a user namespace mapping 0 to an unprivileged host id)"
	update_config '.process.user.uid = 1000 | .process.user.gid = 1000'
	not_refused
	# uid 0 of a user namespace mapped to an unprivileged id is not host root.
	update_config '.process.user.uid = 0 | .linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	not_refused
	fresh_bundle
	policy '{"runAsUser": {"min": 1000, "max": 2000}, "runAsGroup": {"min": 1000, "max": 2000}}'
	update_config '.process.user.uid = 65534 | .process.user.gid = 3000 | .process.user.additionalGids = [1500, 5]'
	refused "process.user.uid: 65534 is outside runAsUser 1000-2000" \
		"process.user.gid: 3000 is outside runAsGroup 1000-2000" \
		"process.user.additionalGids[1]: 5 is outside runAsGroup 1000-2000"
	update_config '.process.user.uid = 1000 | .process.user.gid = 1000 | .process.user.additionalGids = [1500]'
	not_refused
}

@test "policy readOnlyRootFilesystem, requireNoNewPrivileges, requireMaskedPaths" {
	policy '{"readOnlyRootFilesystem": true, "requireNoNewPrivileges": true, "requireMaskedPaths": true}'
	update_config '.root.readonly = true'
	accepted
	update_config '.root.readonly = false | .process.noNewPrivileges = false | .linux.maskedPaths = []'
	refused "root.readonly: must be true (readOnlyRootFilesystem; writable paths as tmpfs or volume mounts)" \
		"process.noNewPrivileges: must be true (requireNoNewPrivileges)" \
		"linux.maskedPaths: none: /proc is unmasked (requireMaskedPaths: runc's default list, as moat spec writes it)"
}

@test "policy allowedHostPaths and requiredMountOptions: bind mounts" {
	mkdir -p "$BATS_TEST_TMPDIR/data"
	policy '{"allowedHostPaths": ["'"$BATS_TEST_TMPDIR"'/data"], "requiredMountOptions": ["nosuid", "nodev", "noexec"]}'
	local n
	n=$(jq '.mounts | length' "$BUNDLE/config.json")
	update_config '.mounts += [{"destination": "/etc/host", "type": "bind", "source": "/etc", "options": ["rbind", "ro", "nosuid"]}]'
	refused "mounts[$n].source: host path \`/etc\` is not allowed (allowed: $BATS_TEST_TMPDIR/data)" \
		"mounts[$n].options: a bind of \`/etc\` needs \"nodev\" (requiredMountOptions)" \
		"mounts[$n].options: a bind of \`/etc\` needs \"noexec\" (requiredMountOptions)"
	update_config ".mounts[$n].source = \"$BATS_TEST_TMPDIR/data\" | .mounts[$n].options += [\"nodev\", \"noexec\"]"
	accepted
}

@test "policy requireSeccomp: none, or a default action of ALLOW, is refused" {
	policy '{"requireSeccomp": true}'
	accepted
	update_config '.linux.seccomp.defaultAction = "SCMP_ACT_ALLOW"'
	refused "linux.seccomp.defaultAction: SCMP_ACT_ALLOW filters nothing by default (requireSeccomp: SCMP_ACT_ERRNO with an allow list)"
	update_config 'del(.linux.seccomp)'
	refused "linux.seccomp: none (requireSeccomp: a profile, e.g. moat spec's default)"
}

@test "policy seLinux: a label, its type, its MCS level; AppArmor unconfined" {
	policy '{"seLinux": {"types": ["container_t"], "requireLabel": true, "requireLevel": true}, "forbidUnconfinedAppArmor": true}'
	refused 'process.selinuxLabel: no SELinux label (seLinux.requireLabel: set one, e.g. "system_u:system_r:container_t:s0:c1,c2")'
	update_config '.process.selinuxLabel = "system_u:system_r:spc_t:s0"'
	refused "process.selinuxLabel: type \`spc_t\` is not allowed (allowed: container_t)" \
		"process.selinuxLabel: \`system_u:system_r:spc_t:s0\` has no MCS categories (seLinux.requireLevel: add a level such as s0:c1,c2)"
	update_config '.process.selinuxLabel = "system_u:system_r:container_t:s0:c1,c2" | .process.apparmorProfile = "unconfined"'
	refused 'process.apparmorProfile: "unconfined" is not allowed (a profile, or none for the default)'
	# Satisfied: what runs it (SELinux with container_t) may be missing here.
	update_config 'del(.process.apparmorProfile)'
	not_refused
}

@test "policy allowedSysctls, allowedDevices, rlimits, requireLimits" {
	policy '{"allowedSysctls": ["net.ipv4.ping_group_range"], "allowedDevices": [], "rlimits": {"RLIMIT_NOFILE": 1024}, "requireLimits": ["memory", "pids"]}'
	update_config '.linux.sysctl = {"kernel.msgmax": "8192", "net.ipv4.ping_group_range": "0 0"}
		| .linux.devices = [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229}]
		| .process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 1024, "hard": 4096}]
		| del(.linux.resources.memory, .linux.resources.pids)'
	refused "linux.sysctl.kernel.msgmax: not allowed (allowedSysctls)" \
		"linux.devices[0]: /dev/fuse is not allowed (allowedDevices)" \
		"process.rlimits[0]: RLIMIT_NOFILE above the ceiling 1024" \
		"linux.resources.memory.limit: none (requireLimits: memory)" \
		"linux.resources.pids.limit: none (requireLimits: pids)"
	update_config '.linux.sysctl = {"net.ipv4.ping_group_range": "0 0"} | del(.linux.devices)
		| .process.rlimits[0].hard = 1024
		| .linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 64}'
	not_refused
}

@test "policy profiles: restricted refuses moat spec's default, takes a hardened config; baseline takes the default" {
	PROFILE=restricted
	refused "process.capabilities.bounding[0]: CAP_AUDIT_WRITE is not allowed (allowed: CAP_NET_BIND_SERVICE)" \
		"process.capabilities.bounding[1]: CAP_KILL is not allowed (allowed: CAP_NET_BIND_SERVICE)" \
		"process.user.uid: 0 (root) is not allowed (runAsNonRoot: another uid, or a user namespace mapping 0 to an unprivileged host id)"
	update_config '.process.capabilities |= with_entries(.value = ["CAP_NET_BIND_SERVICE"]) | .process.user.uid = 1000'
	not_refused
	PROFILE=baseline
	fresh_bundle
	accepted
	PROFILE=privileged
	update_config 'del(.linux.seccomp) | .linux.maskedPaths = []'
	accepted
}

@test "policy: a file extends a profile and overrides its rules" {
	policy '{"extends": "restricted", "runAsNonRoot": false, "allowedCapabilities": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]}'
	accepted
	update_config '.process.noNewPrivileges = false'
	refused "process.noNewPrivileges: must be true (requireNoNewPrivileges)"
}

@test "policy --policy-mode warn: every line a warning, and the container runs" {
	run moat --policy restricted --policy-mode warn run -b "$BUNDLE" "$ID"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"moat: warning: policy restricted: process.capabilities.bounding[1]: CAP_KILL is not allowed (allowed: CAP_NET_BIND_SERVICE)"* ]]
	[[ "$output" == *"uid=0"* ]]
	run moat --policy restricted --policy-mode audit run -b "$BUNDLE" "$ID"
	[ "$status" -eq 1 ]
	[ "$output" = 'moat: --policy-mode: unknown mode "audit" (enforce or warn)' ]
}

@test "policy and exec: exec's process is checked too (caps, user, no_new_privs), before anything runs" {
	update_config '.process.args = ["/bin/sleep", "1000"]'
	moat run -b "$BUNDLE" -d "$ID" </dev/null >/dev/null 2>&1 3>&-
	policy '{"allowedCapabilities": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"], "runAsNonRoot": true}'
	run moat --policy "$POL" exec --user 1000 "$ID" /bin/true
	[ "$status" -eq 0 ]
	run moat --policy "$POL" exec --cap CAP_SYS_ADMIN --user 1000 "$ID" /bin/touch /tmp/pwned
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"moat: policy $POL: process.capabilities.bounding[3]: CAP_SYS_ADMIN is not allowed"* ]]
	run moat --policy "$POL" exec "$ID" /bin/touch /tmp/pwned
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"moat: policy $POL: process.user.uid: 0 (root) is not allowed"* ]]
	[ ! -e "$BUNDLE/rootfs/tmp/pwned" ]
}

@test "policy: a bad policy is an error naming it, and nothing is made" {
	policy '{"requireSeccomp": true, "alowedCapabilities": []}'
	run moat --policy "$POL" run -b "$BUNDLE" "$ID"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$output" = "moat: $POL:1:48: alowedCapabilities: unknown rule (docs/policy.md lists them)" ]
	assert_nothing_left "$ID"
	policy '{"runAsUser": {"min": 5}}'
	run moat --policy "$POL" run -b "$BUNDLE" "$ID"
	[ "$output" = "moat: $POL:1:15: runAsUser: must be {\"min\": N, \"max\": M} with N <= M" ]
	run moat --policy strict run -b "$BUNDLE" "$ID"
	[ "$status" -eq 1 ]
	[ "$output" = "moat: --policy: \`strict\` is neither a profile (privileged, baseline, restricted) nor a file" ]
	assert_nothing_left "$ID"
}

@test "policy: without --policy and without /etc/moat/policy.json, nothing is checked" {
	[ ! -e /etc/moat/policy.json ] || skip "this host has a system policy"
	update_config '.process.capabilities.bounding += ["CAP_SYS_ADMIN"] | del(.linux.seccomp)'
	run moat run -b "$BUNDLE" "$ID"
	[ "$status" -eq 0 ]
	[[ "$output" != *policy* ]]
}
