#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""moat soak: many lifecycles under load, then nothing left behind.

Phases, in order (--brief: the counts in brackets, for CI):
  seq      N create, start, wait, delete                 1000   [20]
  burst    B bursts of P `run`s at once                  20x50  [3x8]
  cycle    C run -d, exec, kill, wait, delete            200    [10]
  mixed    S seconds of create/start/exec/kill/delete    600    [15]
           at a fixed rate (--rate ops/s), p50/p99 of each command per
           window of the run (60 s; 5 s brief): latency drift shows there
Throughout, a long `moat run` of a sleeping container and `moat events`
on it are watched: the fds they hold at the end must be those at the start.
Afterwards there must be no state dir in the soak's --root, no mount of
its directory, no cgroup of its containers and no process in its rootfs.
Exit 1 on a failed command or anything left; timings are reported, never
asserted (docs/testing.md).  --only mixed runs one phase (the 10-minute
drift run: --only mixed --seconds 600); --plot draws p50/p99 per command
per window over time, from this run or from a saved --json (--render).
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (make_bundle, spawn, Runtime, one_cycle, burst)

FULL = {"seq": 1000, "bursts": 20, "burst": 50, "cycle": 200, "seconds": 600, "window": 60}
BRIEF = {"seq": 20, "bursts": 3, "burst": 8, "cycle": 10, "seconds": 15, "window": 5}


class Soak:
    def __init__(self, moat, top, scale, rate):
        self.top, self.scale, self.rate = top, scale, rate
        self.rt = bench.Runtime("moat", moat, os.path.join(top, "root"))
        os.makedirs(self.rt.root)
        self.prefix = "s%d-" % os.getpid()
        self.bundle, cfg = bench.make_bundle(top, moat, False)
        self.sleeper = bench.exec_bundle(top, cfg)
        self.lat = []  # (seconds since the mixed phase began, command, latency)
        self.cpu = []  # (seconds since it began, busy jiffies, all jiffies) of the machine

    def cid(self, kind, i):
        return "%s%s-%d" % (self.prefix, kind, i)

    def must(self, *args):
        """Run one moat command; returns its wall time, raises on failure."""
        t, rc, _, err = bench.spawn(self.rt.cmd(*args))
        if rc != 0:
            raise RuntimeError("moat %s: %s" % (" ".join(args), err.strip()))
        return t

    def pid_of(self, cid):
        with open(os.path.join(self.rt.root, cid + ".pid")) as f:
            return int(f.read())


def phase_seq(s):
    for i in range(s.scale["seq"]):
        bench.one_cycle(s.rt, s.bundle, s.cid("seq", i))


def phase_burst(s):
    for _ in range(s.scale["bursts"]):
        bench.burst(s.rt, s.bundle, s.scale["burst"])


def reap(pid):
    try:
        os.waitpid(pid, 0)  # create's init was reparented to us (subreaper)
    except ChildProcessError:
        pass


def start_sleeper(s, cid):
    pidfile = os.path.join(s.rt.root, cid + ".pid")
    return s.must("create", "--bundle", s.sleeper, "--pid-file", pidfile, cid)


def stop_sleeper(s, cid):
    t = s.must("kill", cid, "KILL")
    reap(s.pid_of(cid))
    os.unlink(os.path.join(s.rt.root, cid + ".pid"))
    return t


def phase_cycle(s):
    for i in range(s.scale["cycle"]):
        cid = s.cid("cycle", i)
        start_sleeper(s, cid)
        s.must("start", cid)
        s.must("exec", cid, "/bin/true")
        stop_sleeper(s, cid)
        s.must("delete", cid)


# The mixed phase walks each container of a small pool through these steps,
# one step per tick, so every command runs at the same steady rate.
STEPS = ("create", "start", "exec", "kill", "delete")


def mixed_step(s, cid, step):
    if step == "create":
        return start_sleeper(s, cid)
    if step == "exec":
        return s.must("exec", cid, "/bin/true")
    if step == "kill":
        return stop_sleeper(s, cid)
    return s.must(step, cid)


def phase_mixed(s):
    pool = [[i, 0] for i in range(len(STEPS))]  # [container number, next step]
    for slot in pool:
        slot[1] = slot[0] % len(STEPS)
        for j in range(slot[1]):  # stagger: the pool starts at every step
            mixed_step(s, s.cid("mix", slot[0]), STEPS[j])
    t0, tick, n = time.monotonic(), 1.0 / s.rate, 0
    while time.monotonic() - t0 < s.scale["seconds"]:
        slot = pool[n % len(pool)]
        step = STEPS[slot[1]]
        s.lat.append((time.monotonic() - t0, step, mixed_step(s, s.cid("mix", slot[0]), step)))
        if n % 10 == 0:
            s.cpu.append((time.monotonic() - t0,) + cpu_jiffies())
        slot[1] = (slot[1] + 1) % len(STEPS)
        if slot[1] == 0:
            slot[0] += len(pool)  # a new container id for the next round
        n += 1
        time.sleep(max(0.0, t0 + n * tick - time.monotonic()))
    for slot in pool:  # finish every container it began
        while slot[1] != 0:
            mixed_step(s, s.cid("mix", slot[0]), STEPS[slot[1]])
            slot[1] = (slot[1] + 1) % len(STEPS)


def cpu_jiffies():
    """(busy, all) of the machine's CPUs: whether a bump in the latencies
    is the machine's load (others' too) and not the runtime's drift."""
    with open("/proc/stat") as f:
        x = [int(v) for v in f.readline().split()[1:]]
    idle = x[3] + x[4]  # idle, iowait
    return sum(x) - idle, sum(x)


def busy(cpu, seconds, w):
    """[(window start s, % of the machine's CPU time busy)] from cpu samples."""
    out = []
    for k in range(int(seconds // w) + 1):
        xs = [c for c in cpu if k * w <= c[0] < (k + 1) * w]
        if len(xs) > 1 and xs[-1][2] > xs[0][2]:
            out.append((k * w, 100.0 * (xs[-1][1] - xs[0][1]) / (xs[-1][2] - xs[0][2])))
    return out


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def windows(lat, seconds, w):
    """{command: [(window start s, n, p50 ms, p99 ms)]} of the mixed phase's
    latencies [(at, command, seconds)]."""
    out = {}
    for step in STEPS:
        rows = []
        for k in range(int(seconds // w) + 1):
            xs = [t for at, c, t in lat if c == step and k * w <= at < (k + 1) * w]
            if xs:
                rows.append((k * w, len(xs), 1000 * pct(xs, 0.5), 1000 * pct(xs, 0.99)))
        out[step] = rows
    return out


def print_windows(lat, seconds, w, rate, cpu=()):
    print("soak: mixed phase at %g ops/s (%d commands in %d s: %.2f ops/s), per %d s window "
          "(n, p50 ms, p99 ms):" % (rate, len(lat), seconds, len(lat) / seconds, w))
    for step, rows in windows(lat, seconds, w).items():
        cells = " | ".join("%d: %d %.1f %.1f" % r for r in rows)
        drift = rows[-1][2] / rows[0][2] if len(rows) > 1 and rows[0][2] else 1.0
        print("  %-6s %s  (last/first p50 %.2f)" % (step, cells, drift))
    if cpu:
        print("  CPU busy %% (the whole machine): %s" % " | ".join(
            "%d: %.0f" % b for b in busy(cpu, seconds, w)))


def plot(lat, seconds, w, rate, out_png, cpu=()):
    """p50 and p99 of each command per window against time, one panel each
    (gnuplot, as bench.py's plot): drift is a slope."""
    tmp = tempfile.mkdtemp(prefix="moat-soakplot.")
    panels = []
    for k, (step, rows) in enumerate(windows(lat, seconds, w).items()):
        data = os.path.join(tmp, "%d.dat" % k)
        with open(data, "w") as f:
            for start, _, p50, p99 in rows:
                f.write("%g %.3f %.3f\n" % (start + w / 2, p50, p99))
        panels.append("set title '%s'; plot '%s' using 1:2 with linespoints pt 7 title 'p50', "
                      "'' using 1:3 with linespoints pt 5 title 'p99'" % (step, data))
    if cpu:
        data = os.path.join(tmp, "cpu.dat")
        with open(data, "w") as f:
            f.writelines("%g %.1f\n" % (start + w / 2, b) for start, b in busy(cpu, seconds, w))
        panels.append("set title 'machine CPU busy %%'; set yrange [0:100]; plot '%s' using 1:2 "
                      "with linespoints pt 7 lc rgb 'gray40' title 'all processes'" % data)
    script = ("set terminal pngcairo size 1500,380; set output '%s';"
              "set multiplot layout 1,%d title 'soak, mixed phase at %g ops/s: latency per %d s "
              "window (ms) against time (s)';"
              "set yrange [0:*]; set xrange [0:%d]; set grid; set key below horizontal;"
              % (out_png, len(panels), rate, w, seconds) + ";".join(panels) + "; unset multiplot")
    script = script.replace("size 1500,", "size %d," % (300 * len(panels)))
    bench.run_gnuplot(script, tmp)


class Watched:
    """A long `moat run` (foreground) and `moat events` on it."""

    def __init__(self, s):
        self.cid = s.cid("long", 0)
        self.run = subprocess.Popen(s.rt.cmd("run", "--bundle", s.sleeper, self.cid),
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        for _ in range(100):
            if subprocess.run(s.rt.cmd("state", self.cid), capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        self.events = subprocess.Popen(s.rt.cmd("events", "--interval", "1s", self.cid),
                                       stdout=subprocess.DEVNULL)
        time.sleep(2)  # events has opened what it keeps
        self.before = self.sample()

    def sample(self):
        out = {}
        for name, p in (("run", self.run), ("events", self.events)):
            fds = len(os.listdir("/proc/%d/fd" % p.pid))
            with open("/proc/%d/status" % p.pid) as f:
                rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
            out[name] = {"fds": fds, "rss_kib": rss}
        return out

    def stop(self, s):
        self.after = self.sample()
        self.events.kill()
        self.events.wait()
        s.must("kill", self.cid, "KILL")
        self.run.wait()
        return [("%s holds %d fds, %d at the start" % (n, self.after[n]["fds"], self.before[n]["fds"]))
                for n in self.before if self.after[n]["fds"] != self.before[n]["fds"]]


def cgroup2_mount():
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            if fields[fields.index("-") + 1] == "cgroup2":
                return fields[4]
    return None


def proc_is_ours(pid, s):
    """Its root or cwd is in the soak's directory (a runtime process), or it
    is in one of the soak's cgroups, or it is the sleeper's command."""
    ids = (s.prefix, "b%d-" % os.getpid())  # bench.burst's ids
    for link in ("root", "cwd"):
        if os.readlink("/proc/%s/%s" % (pid, link)).startswith(s.top):
            return True
    with open("/proc/%s/cgroup" % pid) as f:
        if any("/moat/" + i in line for line in f for i in ids):
            return True
    with open("/proc/%s/cmdline" % pid, "rb") as f:
        return f.read() == b"/bin/sleep\x00100000\x00"  # bench.exec_bundle's


def our_processes(s):
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if int(pid) != os.getpid() and proc_is_ours(pid, s):
                found.append(pid)
        except OSError:
            pass  # gone meanwhile
    return found


def leftovers(s):
    left = ["state dir %s" % d for d in os.listdir(s.rt.root)
            if os.path.isdir(os.path.join(s.rt.root, d))]
    with open("/proc/self/mountinfo") as f:
        left += ["mount %s" % l.split()[4] for l in f if s.top in l.split()[4]]
    cg = cgroup2_mount()
    if cg and os.path.isdir(os.path.join(cg, "moat")):
        left += ["cgroup /moat/%s" % d for d in os.listdir(os.path.join(cg, "moat"))
                 if d.startswith((s.prefix, "b%d-" % os.getpid()))]  # bench.burst's ids
    left += ["process %s" % p for p in our_processes(s)]
    return left


def report(s, timings, watch, fd_growth, left):
    print("soak: %s" % ", ".join("%s %.1f s" % kv for kv in timings.items()))
    for name in watch.before:
        print("soak: long %s: fds %d -> %d, rss %d -> %d KiB" % (
            name, watch.before[name]["fds"], watch.after[name]["fds"],
            watch.before[name]["rss_kib"], watch.after[name]["rss_kib"]))
    if s.lat:
        print_windows(s.lat, s.scale["seconds"], s.scale["window"], s.rate, s.cpu)
    for problem in fd_growth + left:
        print("soak: FAIL: " + problem)


PHASES = (("seq", phase_seq), ("burst", phase_burst),
          ("cycle", phase_cycle), ("mixed", phase_mixed))


def run_phases(s, only):
    timings = {}
    for name, fn in PHASES:
        if only and name not in only:
            continue
        t0 = time.monotonic()
        fn(s)
        timings[name] = time.monotonic() - t0
    return timings


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moat")
    ap.add_argument("--brief", action="store_true", help="CI's counts (about a minute)")
    ap.add_argument("--seconds", type=int, help="length of the mixed phase")
    ap.add_argument("--rate", type=float, default=10.0, help="mixed phase: commands per second")
    ap.add_argument("--json", help="save the mixed phase's latencies here")
    ap.add_argument("--only", help="comma-separated phases to run (%s)"
                    % ",".join(n for n, _ in PHASES))
    ap.add_argument("--window", type=int, help="seconds per window of the mixed phase's table")
    ap.add_argument("--plot", help="write a PNG of p50/p99 per command over time here")
    ap.add_argument("--render", metavar="JSON",
                    help="run nothing: print the table and --plot from a saved --json")
    args = ap.parse_args()
    only = args.only.split(",") if args.only else None
    if only and set(only) - {n for n, _ in PHASES}:
        ap.error("--only: unknown phase in %r" % args.only)
    if args.render:
        with open(args.render) as f:
            d = json.load(f)
        w = args.window or d["scale"]["window"]
        print_windows(d["lat"], d["scale"]["seconds"], w, d["rate"], d.get("cpu", ()))
        if args.plot:
            plot(d["lat"], d["scale"]["seconds"], w, d["rate"], args.plot, d.get("cpu", ()))
        return 0
    if not args.moat:
        ap.error("--moat is required")
    if os.geteuid() != 0:
        print("soak: needs root; skipped")
        return 0
    scale = dict(BRIEF if args.brief else FULL)
    if args.seconds:
        scale["seconds"] = args.seconds
    if args.window:
        scale["window"] = args.window
    bench.subreaper()
    top = tempfile.mkdtemp(prefix="moat-soak.", dir="/var/tmp")
    s = Soak(os.path.abspath(args.moat), top, scale, args.rate)
    failed = None
    watch = Watched(s)
    try:
        timings = run_phases(s, only)
    except (RuntimeError, OSError) as e:
        failed, timings = str(e), {}
    fd_growth = watch.stop(s)
    subprocess.run(s.rt.cmd("delete", "--force", watch.cid), capture_output=True)
    if failed:  # what a failed phase began is not a leak to report
        for cid in os.listdir(s.rt.root):
            subprocess.run(s.rt.cmd("delete", "--force", cid), capture_output=True)
    left = leftovers(s)
    report(s, timings, watch, fd_growth, left)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"scale": scale, "rate": args.rate, "lat": s.lat, "cpu": s.cpu,
                       "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, f)
    if args.plot and s.lat:
        plot(s.lat, scale["seconds"], scale["window"], args.rate, args.plot, s.cpu)
    if failed:
        print("soak: FAIL: " + failed)
    if not (failed or fd_growth or left):
        shutil.rmtree(top, ignore_errors=True)
    return 1 if failed or fd_growth or left else 0


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(main())
