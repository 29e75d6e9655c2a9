#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Stage 2 of the moat test guest: PID 1 after switch_root, run by the host's
# bash from the overlay root.  It sets up the system a container runtime
# expects (pure cgroup v2 with every controller, SELinux in the asked mode,
# /dev), runs the job the host wrote (job.sh) and reports its status
# through the job share, then powers off.
#
# The job share (/run/moat-vm/job) holds, from the host: config.sh, job.sh;
# to the host: booted, stdout, stderr, status, dmesg, and ps when the job
# overran the host's timeout.

job=/run/moat-vm/job
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

poweroff_now ()
{
  sync
  # busybox, not systemctl: there is no service manager to ask.
  busybox poweroff -f
  sleep 60
}

fail ()
{
  echo "moat-vm stage 2: $*" >&2
  echo "moat-vm stage 2: $*" >> "$job/stderr"
  poweroff_now
}

# One row per mount: type, source, target, options.  Order matters.
base_mounts=(
  "proc proc /proc nosuid,nodev,noexec"
  "sysfs sysfs /sys nosuid,nodev,noexec"
  "devtmpfs devtmpfs /dev nosuid,mode=0755"
)
dev_mounts=(
  "devpts devpts /dev/pts nosuid,noexec,gid=5,mode=0620,ptmxmode=0666"
  "tmpfs tmpfs /dev/shm nosuid,nodev,mode=1777"
  "mqueue mqueue /dev/mqueue nosuid,nodev,noexec"
  "securityfs securityfs /sys/kernel/security nosuid,nodev,noexec"
  "bpf bpf /sys/fs/bpf nosuid,nodev,noexec,mode=0700"
  "cgroup2 cgroup2 /sys/fs/cgroup nosuid,nodev,noexec,nsdelegate"
)

do_mounts ()
{
  local row type src dst opts
  for row in "$@"; do
    read -r type src dst opts <<< "$row"
    mkdir -p "$dst"
    mount -t "$type" -o "$opts" "$src" "$dst" || fail "mount $type on $dst"
  done
}

selinux=off
systemd=0
snapshot_at=
# shellcheck source=/dev/null
. "$job/config.sh" || fail "read $job/config.sh"

# The system a container runtime expects: mounts, SELinux, cgroups.
setup_system ()
{
  do_mounts "${base_mounts[@]}"
  : > "$job/booted"

  if [ "$selinux" != off ]; then
    mount -t selinuxfs selinuxfs /sys/fs/selinux || fail "mount selinuxfs"
    # devtmpfs was populated before anything knew the file contexts.
    restorecon -R /dev || fail "restorecon /dev"
  fi
  do_mounts "${dev_mounts[@]}"
  ln -sf /proc/self/fd /dev/fd
  ln -sf /proc/self/fd/0 /dev/stdin
  ln -sf /proc/self/fd/1 /dev/stdout
  ln -sf /proc/self/fd/2 /dev/stderr
  ln -sf pts/ptmx /dev/ptmx

  # Pure cgroup v2: hand every controller the kernel has to the children.
  controllers=$(< /sys/fs/cgroup/cgroup.controllers)
  for c in $controllers; do
    echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control \
      || fail "enable cgroup controller $c"
  done

  mkdir -p /run/lock /run/user
  chmod 1777 /run/lock

  hostname moat-guest
  ip link set lo up 2>/dev/null

  case "$selinux" in
    enforcing) echo 1 > /sys/fs/selinux/enforce || fail "setenforce 1" ;;
    permissive) echo 0 > /sys/fs/selinux/enforce || fail "setenforce 0" ;;
  esac
}

# --systemd: Debian's systemd (from the host root) as PID 1, with one unit
# that runs this script again (--job) to run the job; it powers off after.
# Units go to the overlay's /etc: the host's own files never change.
boot_systemd ()
{
  local units=/etc/systemd/system
  [ -x /lib/systemd/systemd ] || fail "no /lib/systemd/systemd in the host root"
  mkdir -p "$units"
  printf '%s\n' '[Unit]' 'Description=moat test guest' 'Requires=moat-job.service' \
    'After=moat-job.service' > "$units/moat-test.target"
  printf '%s\n' '[Unit]' 'Description=moat test job' 'DefaultDependencies=no' \
    '[Service]' 'Type=oneshot' 'TimeoutStartSec=infinity' \
    "StandardOutput=append:$job/stderr" "StandardError=append:$job/stderr" \
    "ExecStart=/bin/bash $job/guest-init.sh --job" > "$units/moat-job.service"
  # A test that starts a unit with the default dependencies (user@UID.service,
  # dbus.socket) pulls in sysinit.target: its tmpfiles run would empty the
  # /tmp the job is using, and tmp.mount would hide it.
  ln -sf /dev/null "$units/systemd-tmpfiles-setup.service"
  ln -sf /dev/null "$units/tmp.mount"
  # PID 1 is kernel_t here, not init_t: say which context pam_selinux gives a
  # user's systemd (user@UID.service) started from it, as init_t's line does.
  [ -f /etc/selinux/default/contexts/default_contexts ] \
    && echo 'system_r:kernel_t:s0 system_r:kernel_t:s0' \
      >> /etc/selinux/default/contexts/default_contexts
  exec /lib/systemd/systemd --system --unit=moat-test.target --show-status=0 \
    --log-level=warning
}

if [ "${1:-}" != --job ]; then
  setup_system
  [ "${systemd:-0}" = 1 ] && boot_systemd
fi

# The job's stdout and stderr are pipes to copiers writing the job share, as
# under a terminal or a CI runner: a container process (svirt_t) may use a
# pipe it inherits from kernel_t, but not write a file of the share.  Its own
# session keeps PID 1 out of the job's process group.
run_job ()
{
  {
    {
      setsid -w bash "$job/job.sh" < /dev/null 2>&1 1>&3 3>&-
      echo $? > /run/moat-vm/status
    } | cat >> "$job/stderr"
  } 3>&1 | cat >> "$job/stdout"
}

# Wait for the copiers (the last one is $1).  Something the job left running
# may hold the pipes open: once the job has ended, allow 3 s, then kill
# everything but PID 1.
wait_job ()
{
  local copier=$1 timer grace=0
  while [ -d "/proc/$copier" ]; do
    if [ -e /run/moat-vm/status ]; then
      [ "$grace" = 1 ] && { kill -KILL -1; break; }
      grace=1
      sleep 3 &
    else
      sleep 2 &
    fi
    timer=$!
    wait -n "$copier" "$timer"
    kill "$timer" 2>/dev/null
  done
  wait
}

# When the job is still running at the guest uptime snapshot_at, shortly
# before the host kills the guest, leave the host the list of processes (it
# shows what hung) and the kernel log (denials, hung tasks).  Disowned: the
# final wait in wait_job is for the job only.
snapshot_before_timeout ()
{
  local up
  read -r up _ < /proc/uptime
  up=${up%.*}
  [ "$snapshot_at" -gt "$up" ] && sleep $((snapshot_at - up))
  # Every process but the kernel's threads (kthreadd, pid 2, and its children).
  ps -N --ppid 2 -p 2 -Ho pid,ppid,stat,etimes,wchan:20,args > "$job/ps.tmp" 2>&1
  mv "$job/ps.tmp" "$job/ps"
  dmesg > "$job/dmesg" 2>/dev/null
}

run_job &
job_pid=$!
if [ -n "$snapshot_at" ]; then
  snapshot_before_timeout &
  disown $!
fi
wait_job "$job_pid"
status=$(< /run/moat-vm/status) || status=125

dmesg > "$job/dmesg" 2>/dev/null
echo "$status" > "$job/status.tmp" && mv "$job/status.tmp" "$job/status"
poweroff_now
