#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Configs whose set-up would act on the host itself are refused before any
# side effect: the host's mount table and moat's state are unchanged.

load helpers

setup() {
	setup_bundle
}

teardown() {
	moat delete -f hsafe >/dev/null 2>&1 || true
}

@test "joining moat's own mount namespace is refused; the host's mounts are untouched" {
	local before after
	update_config '.linux.namespaces = [.linux.namespaces[] | if .type == "mount" then .path = "/proc/self/ns/mnt" else . end]'
	before=$(wc -l </proc/self/mountinfo)
	run moat run --bundle "$BUNDLE" hsafe
	after=$(wc -l </proc/self/mountinfo)
	[ "$status" -eq 1 ]
	[[ "$output" == *"linux.namespaces: the mount namespace \`/proc/self/ns/mnt\` is moat's own"* ]]
	[ "${#lines[@]}" -eq 1 ]
	[ "$before" -eq "$after" ]
	assert_nothing_left hsafe
}

@test "a config without a mount namespace is refused" {
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "mount")]'
	run moat run --bundle "$BUNDLE" hsafe
	[ "$status" -eq 1 ]
	[[ "$output" == *"a mount namespace is required"* ]]
	assert_nothing_left hsafe
}
