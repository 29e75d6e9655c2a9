#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""moat density: many running containers, and what each command costs then.

For every runtime that runs here, the number of running containers grows
through --counts (10, 100, 1000): `sleep` under `moat spec`'s hardened
config (bench.py's bundle), started detached with `run -d`.  At each count,
interleaved across runtimes (moat, crun, runc, moat, ...), --samples times:
  list            all containers of the runtime's --root
  state, ps ID    of containers picked evenly across the set (ps: the table,
                  and --format json)
  kill ID KILL    of extra containers started for the purpose (the count
  delete ID       stays), then their exit, then delete
and the memory each running container costs, from /proc/meminfo and
/proc/slabinfo before and after each runtime's growth step (the runtimes
grow one after the other, so each one's deltas are its own), the memory.current
of the containers' cgroups where there is a memory controller, and the
runtime's processes left running (the exe of a process is the runtime's
binary): a runtime that keeps a monitor per container shows it there.

Every container is deleted at the end, on an error and on Ctrl-C or SIGTERM;
then no state dir, cgroup or process of the run may be left (exit 1 if
one is).  A runtime that cannot run here is reported n/a with its error.
--smoke: counts 2,5, two samples; fails only if moat fails.  Timings are
reported, never asserted.
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
import bench  # noqa: E402  (make_bundle, spawn, Runtime, subreaper, enter_cgroup2)

# ps: the table, which every runtime makes by running procps `ps -ef` over
# the whole machine; ps-json: the container's pids alone (--format json).
COMMANDS = ("list", "state", "ps", "ps-json", "kill", "delete")
# The runtime doing nothing (`--version`): its process start-up at this
# count, which a per-container command cannot go below; if it grows with the
# count, the machine (not the command) got slower.
IDLE = "version"
MEMINFO = ("MemAvailable", "Slab", "SReclaimable", "SUnreclaim", "KernelStack",
           "PageTables", "Percpu")
# The sleepers' command line: how a process of this run is told from others'.
SLEEP = ["/bin/sleep", "8640017"]


def sleeper_bundle(top, cfg, without):
    """The sleepers' bundle; without: namespace types to leave out, or
    "masks" (maskedPaths and readonlyPaths: a mount each) -- what a part of
    the config costs per container is the difference it makes."""
    bundle = os.path.join(top, "bundle-sleep")
    os.makedirs(bundle)
    c = json.loads(json.dumps(cfg))
    c["root"]["path"] = os.path.join(top, "bundle", "rootfs")
    c["process"]["args"] = SLEEP
    lx = c["linux"]
    lx["namespaces"] = [ns for ns in lx["namespaces"] if ns["type"] not in without]
    if "masks" in without:
        lx.pop("maskedPaths", None)
        lx.pop("readonlyPaths", None)
    with open(os.path.join(bundle, "config.json"), "w") as f:
        json.dump(c, f, indent=2)
    return bundle


def meminfo():
    out = {}
    with open("/proc/meminfo") as f:
        for line in f:
            k, v = line.split(":")
            if k in MEMINFO:
                out[k] = int(v.split()[0])  # KiB
    return out


def slabinfo():
    """{cache: bytes in its active objects}, or {} without /proc/slabinfo."""
    out = {}
    try:
        with open("/proc/slabinfo") as f:
            for line in f.readlines()[2:]:
                x = line.split()
                out[x[0]] = int(x[1]) * int(x[3])
    except OSError:
        pass
    return out


def reap(pid, timeout=10.0):
    """Wait for pid's exit: reaped if it is our child (a subreaper's), else
    watched until it is gone."""
    try:
        os.waitpid(pid, 0)
        return
    except ChildProcessError:
        pass
    end = time.monotonic() + timeout
    while os.path.exists("/proc/%d" % pid) and time.monotonic() < end:
        time.sleep(0.001)


def reap_zombies():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


class Density:
    def __init__(self, args, top):
        self.args, self.top = args, top
        self.prefix = "d%d-" % os.getpid()
        bundle, cfg = bench.make_bundle(top, args.moat, False)
        self.bundle = sleeper_bundle(top, cfg, args.without)
        self.cg = bench.cgroup2_root()
        self.runtimes = []
        for name in args.runtimes.split(","):
            name, _, path = name.partition("=")
            binary = args.moat if name == "moat" else path or name
            rt = bench.Runtime(name, binary, os.path.join(top, "root-" + name))
            os.makedirs(rt.root)
            rt.exe = shutil.which(binary)
            if rt.exe is None:
                rt.error = "not installed"
            rt.running = []  # ids of the containers kept running
            rt.started = set()  # every id ever started: what cleanup deletes
            rt.points = []
            rt.mem = dict.fromkeys(MEMINFO, 0)  # KiB consumed, summed over growth steps
            rt.slab = {}
            self.runtimes.append(rt)

    def cid(self, rt, kind, i):
        return "%s%s-%s%d" % (self.prefix, rt.name, kind, i)

    def start(self, rt, cid):
        """run -d; returns (seconds, pid of the container's init)."""
        pidfile = os.path.join(rt.root, cid + ".pid")
        rt.started.add(cid)
        t, rc, _, err = bench.spawn(rt.cmd("run", "-d", "--pid-file", pidfile,
                                           "--bundle", self.bundle, cid))
        if rc != 0:
            raise RuntimeError("%s run -d %s: %s" % (rt.name, cid, err.strip()))
        with open(pidfile) as f:
            pid = int(f.read())
        os.unlink(pidfile)
        return t, pid

    def must(self, rt, *args):
        t, rc, _, err = bench.spawn(rt.cmd(*args))
        if rc != 0:
            raise RuntimeError("%s %s: %s" % (rt.name, " ".join(args), err.strip()))
        return t

    def grow(self, rt, count):
        """Start containers until count run; returns the run -d times."""
        m0, s0, times = meminfo(), slabinfo(), []
        added = count - len(rt.running)
        while len(rt.running) < count:
            cid = self.cid(rt, "c", len(rt.running))
            t, pid = self.start(rt, cid)
            times.append(t)
            rt.running.append((cid, pid))
        m1, s1 = meminfo(), slabinfo()
        for k in MEMINFO:  # what the step consumed: MemAvailable falls, the rest rise
            rt.mem[k] += (m0[k] - m1[k]) if k == "MemAvailable" else (m1[k] - m0[k])
        for k in set(s0) | set(s1):
            rt.slab[k] = rt.slab.get(k, 0) + s1.get(k, 0) - s0.get(k, 0)
        return times, added

    def memcg(self, rt, picks):
        """memory.current (bytes) of the picked containers' cgroups."""
        out = []
        for i in picks:
            try:
                with open("/proc/%d/cgroup" % rt.running[i][1]) as f:
                    path = next(l.strip()[3:] for l in f if l.startswith("0::"))
                with open(os.path.join(self.cg, path.lstrip("/"), "memory.current")) as f:
                    out.append(int(f.read()))
            except (OSError, StopIteration, TypeError):
                return []
        return out

    def runtime_procs(self, rt):
        """Pids of processes of the runtime's binary working for this run:
        the exe's name is the runtime's (a re-executed copy has the same
        name, maybe with ' (deleted)') and its command line names this
        run's --root, so other users of the runtime are not counted."""
        name, root = os.path.basename(os.path.realpath(rt.exe)), rt.root.encode()
        pids = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                exe = os.readlink("/proc/%s/exe" % pid).removesuffix(" (deleted)")
                if os.path.basename(exe) != name:
                    continue
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    if root in f.read():
                        pids.append(int(pid))
            except OSError:
                pass
        return pids


def measure_count(d, count, samples):
    live = [rt for rt in d.runtimes if not rt.error]
    pt = {rt.name: {"count": count, IDLE: [], **{c: [] for c in COMMANDS}} for rt in live}
    for rt in live:
        try:
            times, added = d.grow(rt, count)
        except (RuntimeError, OSError) as e:
            rt.error = str(e)
            continue
        pt[rt.name]["run"] = times
        pt[rt.name]["procs"] = len(d.runtime_procs(rt))
    live = [rt for rt in live if not rt.error]
    picks = sorted({round(k * (count - 1) / max(1, samples - 1)) for k in range(samples)})
    extras = {}
    for rt in live:  # the containers kill and delete remove
        try:
            extras[rt.name] = [d.start(rt, d.cid(rt, "x%d-" % count, k)) for k in range(samples)]
        except (RuntimeError, OSError) as e:
            rt.error = str(e)
    for k in range(samples):
        for rt in live:  # interleaved: A B C A B C ...
            if rt.error:
                continue
            p = pt[rt.name]
            cid = rt.running[picks[k % len(picks)]][0]
            xcid = d.cid(rt, "x%d-" % count, k)
            try:
                p[IDLE].append(bench.spawn([rt.binary, "--version"])[0])
                p["list"].append(d.must(rt, "list"))
                p["state"].append(d.must(rt, "state", cid))
                p["ps"].append(d.must(rt, "ps", cid))
                p["ps-json"].append(d.must(rt, "ps", "--format", "json", cid))
                p["kill"].append(d.must(rt, "kill", xcid, "KILL"))
                reap(extras[rt.name][k][1])
                p["delete"].append(d.must(rt, "delete", xcid))
            except (RuntimeError, OSError) as e:
                rt.error = str(e)
    for rt in live:
        if rt.error:
            continue
        p = pt[rt.name]
        p["mem"] = {k: v / count for k, v in rt.mem.items()}  # KiB per container
        p["slab"] = {k: v / count for k, v in rt.slab.items() if v > 0}  # bytes
        p["memcg"] = d.memcg(rt, picks)
        rt.points.append(p)


def cleanup(d):
    """Delete every container this run started, then look for anything of
    it left: state dirs, cgroups, processes.  Returns what is left."""
    for rt in d.runtimes:  # a command interrupted under us first ends
        for pid in d.runtime_procs(rt) if rt.exe else []:
            try:
                with open("/proc/%d/stat" % pid) as f:
                    ours = int(f.read().rsplit(")", 1)[1].split()[1]) == os.getpid()
                if ours:
                    os.waitpid(pid, 0)
            except (OSError, ChildProcessError):
                pass
    for rt in d.runtimes:
        for cid in sorted(rt.started):
            bench.spawn(rt.cmd("delete", "--force", cid))
        rt.running = []
    reap_zombies()
    left = []
    for rt in d.runtimes:
        left += ["%s: state dir %s" % (rt.name, x) for x in os.listdir(rt.root)
                 if os.path.isdir(os.path.join(rt.root, x))]
    left += ["cgroup %s" % x for x in bench.rmdir_cgroups([d.prefix])]
    marker = ("\0".join(SLEEP) + "\0").encode()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if f.read() != marker:
                    continue
            with open("/proc/%s/cgroup" % pid) as f:
                cg = f.read().strip().replace("\n", " ")
            left.append("process %s (%s) in %s" % (pid, " ".join(SLEEP), cg))
        except OSError:
            pass
    for rt in d.runtimes:
        if rt.exe:
            left += ["%s: process %d of the runtime" % (rt.name, p) for p in d.runtime_procs(rt)]
    return left


def blames(left, d, name):
    """Whether something left is (or may be) runtime name's."""
    mine = "%s%s-" % (d.prefix, name)
    return [x for x in left if x.startswith(name + ":") or mine in x
            or not any(x.startswith(r.name + ":") or "%s%s-" % (d.prefix, r.name) in x
                       for r in d.runtimes)]


def fmt(xs):
    return "%.2f" % (statistics.median(xs) * 1000) if xs else "n/a"


def report(d):
    lines = ["Taken: %s; %s; counts %s, %d samples each%s" % (
        d["where"], d["date"], ",".join(map(str, d["counts"])), d["samples"],
        "; config without " + ",".join(d["without"]) if d.get("without") else ""), "",
        "| runtime | running | --version ms | run -d ms | list ms | state ms | ps ms "
        "| ps --format json ms | kill ms | delete ms | runtime processes left |",
        "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in d["runtimes"]:
        for p in r["points"]:
            lines.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %d |" % (
                r["name"], p["count"], fmt(p.get(IDLE)), fmt(p.get("run")),
                *(fmt(p.get(c)) for c in COMMANDS), p.get("procs", 0)))
        if r["error"]:
            why = r["error"].splitlines()[0][:120]
            lines.append("| %s | n/a (%s) ||||||||||" % (r["name"], why))
    lines += ["", "Memory per running container (KiB; the runtime's growth steps summed, "
              "divided by the count; MemAvailable: what it fell by):", "",
              "| runtime | running | " + " | ".join(MEMINFO) + " | cgroup memory.current |",
              "|---|---|" + "---|" * (len(MEMINFO) + 1)]
    for r in d["runtimes"]:
        for p in r["points"]:
            mc = p.get("memcg")
            lines.append("| %s | %d | %s | %s |" % (
                r["name"], p["count"], " | ".join("%.0f" % p["mem"][k] for k in MEMINFO),
                "%.0f" % (statistics.median(mc) / 1024) if mc else "n/a"))
    top = [r for r in d["runtimes"] if r["points"] and r["points"][-1].get("slab")]
    if top:
        last = {r["name"]: r["points"][-1] for r in top}
        caches = sorted({c for p in last.values() for c in p["slab"]},
                        key=lambda c: -max(p["slab"].get(c, 0) for p in last.values()))[:14]
        lines += ["", "Slab caches that grew most, bytes per container at %s containers "
                  "(/proc/slabinfo, active objects):" % ",".join(
                      "%d (%s)" % (p["count"], n) for n, p in last.items()), "",
                  "| cache | " + " | ".join(last) + " |", "|---|" + "---|" * len(last)]
        for c in caches:
            lines.append("| %s | %s |" % (c, " | ".join(
                "%.0f" % p["slab"].get(c, 0) for p in last.values())))
    return "\n".join(lines) + "\n"


def plot(d, out_png):
    """log-log, one panel per command: median ms against the number of
    running containers, a line per runtime (gnuplot, as bench.py's)."""
    tmp = tempfile.mkdtemp(prefix="moat-densplot.")
    panels = []
    for c in (IDLE, "run") + COMMANDS:
        curves = []
        for r in d["runtimes"]:
            rows = [(p["count"], statistics.median(p[c]) * 1000) for p in r["points"] if p.get(c)]
            if not rows:
                continue
            data = os.path.join(tmp, "%s-%s.dat" % (c, r["name"]))
            with open(data, "w") as f:
                f.writelines("%d %.3f\n" % row for row in rows)
            curves.append("'%s' using 1:2 with linespoints pt 7 title '%s'" % (data, r["name"]))
        if curves:
            panels.append("set title '%s'; plot %s" % (
                {"run": "run -d", IDLE: "--version (start-up)", "list": "list (all)",
                 "ps-json": "ps --format json ID"}.get(
                    c, c + " ID"),
                ", ".join(curves)))
    script = ("set terminal pngcairo size %d,400; set output '%s';"
              "set multiplot layout 1,%d title 'median ms (log) against running containers (log), "
              "%s';"
              "set logscale xy; set grid; set key below horizontal; set xrange [*:*];"
              % (260 * len(panels), out_png, len(panels), d["where"].split(",")[0].replace("'", ""))
              + ";".join(panels) + "; unset multiplot")
    bench.run_gnuplot(script, tmp)


def render(args, d):
    text = report(d)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    if args.plot:
        plot(d, args.plot)


def interrupted(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


def run(args):
    bench.subreaper()
    where = bench.enter_cgroup2()
    top = tempfile.mkdtemp(prefix="moat-density.", dir="/var/tmp")
    d = Density(args, top)
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)  # even where started with it ignored (`&`)
    failed = None
    try:
        for count in args.counts:
            t0 = time.monotonic()
            measure_count(d, count, args.samples)
            print("density: %d running, %.1f s" % (count, time.monotonic() - t0), file=sys.stderr)
            if all(rt.error for rt in d.runtimes):
                break
    except KeyboardInterrupt as e:
        failed = "interrupted (%s)" % (e or "Ctrl-C")
    finally:
        # no second Ctrl-C half-way through the deletions
        old = (signal.signal(signal.SIGINT, signal.SIG_IGN),
               signal.signal(signal.SIGTERM, signal.SIG_IGN))
        print("density: deleting %d containers" % sum(len(rt.started) for rt in d.runtimes),
              file=sys.stderr)
        left = cleanup(d)
        signal.signal(signal.SIGINT, old[0])
        signal.signal(signal.SIGTERM, old[1])
    out = {"where": args.where or where, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "counts": args.counts, "samples": args.samples, "left": left, "without": args.without,
           "moat_left": blames(left, d, "moat"), "runtimes": [
               {"name": rt.name, "error": rt.error, "points": rt.points} for rt in d.runtimes]}
    if not left:
        shutil.rmtree(top, ignore_errors=True)
    return out, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moat", help="the moat binary to measure")
    ap.add_argument("--runtimes", default="moat,crun,runc",
                    help="comma-separated; NAME=PATH adds another binary")
    ap.add_argument("--counts", default="10,100,1000", help="running containers, comma-separated")
    ap.add_argument("--samples", type=int, default=7, help="of each command at each count")
    ap.add_argument("--smoke", action="store_true", help="counts 2,5; fails only if moat fails")
    ap.add_argument("--without", default="",
                    help="leave out of the config: namespace types (network,ipc,...) and/or masks")
    ap.add_argument("--where", help="where the figures are taken, for the report")
    ap.add_argument("--json", help="save the raw figures here ('-': stdout, the report to stderr)")
    ap.add_argument("--render", metavar="JSON", help="measure nothing: render a saved --json")
    ap.add_argument("--out", help="write the markdown tables here")
    ap.add_argument("--plot", help="write a PNG plot here")
    args = ap.parse_args()
    if args.render:
        with open(args.render) as f:
            render(args, json.load(f))
        return 0
    if not args.moat:
        ap.error("--moat is required")
    args.moat = os.path.abspath(args.moat)
    args.counts = [int(c) for c in args.counts.split(",")]
    args.without = [w for w in args.without.split(",") if w]
    if args.smoke:
        args.counts, args.samples = [2, 5], 2
    if os.geteuid() != 0:
        print("density: needs root; skipped")
        return 0
    d, failed = run(args)
    bench.save_json(d, args.json)
    render(args, d)
    for x in d["left"]:
        print("density: FAIL: left behind: " + x, file=sys.stderr)
    moat = next((r for r in d["runtimes"] if r["name"] == "moat"), None)
    if moat and moat["error"]:
        print("density: moat failed: " + moat["error"], file=sys.stderr)
    if failed:
        print("density: " + failed, file=sys.stderr)
    # --smoke fails only on moat: an error, or anything left that is (or may be) its
    left = d["moat_left"] if args.smoke else d["left"]
    return 1 if failed or left or (moat and moat["error"]) else 0


if __name__ == "__main__":
    sys.exit(main())
