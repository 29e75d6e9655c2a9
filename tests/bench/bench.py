#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""moat against crun and runc, side by side, interleaved (A B C A B C ...).

Measures, per runtime, on one bundle (busybox-static rootfs, `moat spec`'s
hardened config with args ["/bin/true"], the same file for every runtime):
  seq      create, start, wait for exit, delete  (median, p90 per container)
  seq-cg   the same with memory/pids/cpu limits (where the host has them)
  run      `run` of the same container, one command
  exec     `exec CID /bin/true` into one running container of that runtime
           (the floor: `nsenter --all` into moat's, root and cwd included)
  exec-par 20 (--exec-par) such execs started at once into that container:
           time until all exited, and the median latency of one exec
  burst    50 `run`s started at once, time until all exited and were deleted
  rss      peak RSS of the runtime processes (GNU time's %M, a separate pass)
  size     the binary as installed by a package: stripped
and the floor: `unshare` of the same namespaces + chroot + exec of /bin/true;
and cli-floor: the floor plus two empty static processes (busybox true), the
least any runtime driven through create, start and delete can cost, since
those are three processes by the protocol every client uses.

A runtime that cannot run here is reported as n/a with its error, never
silently dropped.  It is a benchmark: nothing here asserts a timing.
"""
import argparse
import ctypes
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PR_SET_CHILD_SUBREAPER = 36
CLONE_NEWNS = 0x00020000
MS_REC, MS_PRIVATE = 0x4000, 1 << 18
LIMITS = {"memory": {"limit": 256 * 1024 * 1024},
          "pids": {"limit": 1024},
          "cpu": {"shares": 1024, "quota": 100000, "period": 100000}}


def subreaper():
    # create's init is reparented to us when `create` exits, so we can
    # wait4() for it instead of polling `state`.
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def private_cgroup2():
    """Put this process (and so every runtime it starts) in a private mount
    namespace with the host's cgroup2 hierarchy at /sys/fs/cgroup.  On a
    hybrid host that is how crun, which refuses hybrid cgroups, runs at all;
    the v2 hierarchy then has only the controllers v1 left it."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS)")
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        raise OSError(ctypes.get_errno(), "make / private")
    if libc.mount(b"cgroup2", b"/sys/fs/cgroup", b"cgroup2", 0, None) != 0:
        raise OSError(ctypes.get_errno(), "mount cgroup2 on /sys/fs/cgroup")
    with open("/sys/fs/cgroup/cgroup.controllers") as f:
        return f.read().split()


def spawn(argv, **kw):
    """Run argv; return (wall seconds, exit status, ru_maxrss KiB, stderr)."""
    # stderr goes to a file, not a pipe: a created container's init keeps
    # the runtime's stdio open until it exits.
    with tempfile.TemporaryFile() as errf:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=errf, **kw)
        _, status, ru = os.wait4(p.pid, 0)
        t = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        err = errf.read().decode(errors="replace")
    return t, p.returncode, ru.ru_maxrss, err


class Runtime:
    extra = 0  # cli-floor: empty processes spawned after the floor

    def __init__(self, name, binary, root):
        self.name, self.binary, self.root = name, binary, root
        self.error = None

    def cmd(self, *args):
        return [self.binary, "--root", self.root] + list(args)


class Floor(Runtime):
    """What the kernel itself costs: the same namespaces, chroot, exec."""

    def cmd(self, *args):
        raise NotImplementedError

    def once(self):
        """One floor process: (seconds, peak rss KiB)."""
        t, rc, rss, err = spawn(self.floor)
        if rc != 0:
            raise RuntimeError("floor: " + err.strip())
        return t, rss


def make_bundle(top, moat, limits):
    bundle = os.path.join(top, "bundle-cg" if limits else "bundle")
    rootfs = os.path.join(bundle, "rootfs")
    for d in ("bin", "proc", "sys", "dev", "tmp", "etc"):
        os.makedirs(os.path.join(rootfs, d), exist_ok=True)
    shutil.copy2("/bin/busybox", os.path.join(rootfs, "bin/busybox"))
    for applet in ("true", "sh", "sleep"):
        os.symlink("busybox", os.path.join(rootfs, "bin", applet))
    subprocess.run([moat, "spec"], cwd=bundle, check=True)
    with open(os.path.join(bundle, "config.json")) as f:
        cfg = json.load(f)
    cfg["process"]["terminal"] = False
    # crun 1.8.1 refuses ociVersion 1.2.x ("unknown version specified"); the
    # config uses nothing newer than 1.1, so one file still serves every runtime.
    cfg["ociVersion"] = "1.1.0"
    cfg["process"]["args"] = ["/bin/true"]
    if limits:
        cfg["linux"].setdefault("resources", {}).update(LIMITS)
    with open(os.path.join(bundle, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    return bundle, cfg


def floor_argv(cfg, rootfs):
    flags = {"pid": "-p", "network": "-n", "mount": "-m", "ipc": "-i",
             "uts": "-u", "cgroup": "-C", "user": "-U", "time": "-T"}
    argv = ["unshare", "-f"]
    for ns in cfg["linux"].get("namespaces", []):
        argv.append(flags[ns["type"]])
    return argv + ["--root=" + rootfs, "/bin/true"]


def one_cycle(rt, bundle, cid):
    """create, start, wait, delete: returns (seconds, peak rss KiB)."""
    if isinstance(rt, Floor):
        t, rss = rt.once()
        for _ in range(rt.extra):  # cli-floor: `start` and `delete` doing nothing
            t += spawn(rt.empty)[0]
        return t, rss
    pidfile = os.path.join(rt.root, cid + ".pid")
    t0 = time.perf_counter()
    steps = [rt.cmd("create", "--bundle", bundle, "--pid-file", pidfile, cid),
             rt.cmd("start", cid)]
    rss = 0
    for argv in steps:
        _, rc, r, err = spawn(argv)
        rss = max(rss, r)
        if rc != 0:
            spawn(rt.cmd("delete", "--force", cid))
            raise RuntimeError("%s %s: %s" % (rt.name, argv[3], err.strip()))
    with open(pidfile) as f:
        pid = int(f.read())
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # not reparented to us (the runtime kept it): it has exited by now
    _, rc, r, err = spawn(rt.cmd("delete", cid))
    rss = max(rss, r)
    t = time.perf_counter() - t0
    os.unlink(pidfile)
    if rc != 0:
        raise RuntimeError("%s delete: %s" % (rt.name, err.strip()))
    return t, rss


def peak_rss(rt, bundle, cid):
    """Peak RSS (KiB) of the runtime's processes over one create/start/delete
    and one run, measured through GNU time: a fork from Python would carry
    Python's own high-water mark into the child's ru_maxrss."""
    if isinstance(rt, Floor):
        argvs = [rt.floor]
    else:
        argvs = [rt.cmd("create", "--bundle", bundle, cid), rt.cmd("start", cid),
                 rt.cmd("delete", "--force", cid), rt.cmd("run", "--bundle", bundle, cid + "r")]
    peak = 0
    for argv in argvs:
        with tempfile.NamedTemporaryFile("r") as out:
            spawn(["/usr/bin/time", "-f", "%M", "-o", out.name] + argv)
            try:
                peak = max(peak, int(out.read().split()[-1]))
            except (ValueError, IndexError):
                pass
    return peak


def one_run(rt, bundle, cid):
    if isinstance(rt, Floor):
        # `run` is one command: its least cost is the floor's, for cli-floor too.
        return rt.once()
    t, rc, rss, err = spawn(rt.cmd("run", "--bundle", bundle, cid))
    if rc != 0:
        spawn(rt.cmd("delete", "--force", cid))
        raise RuntimeError("%s run: %s" % (rt.name, err.strip()))
    return t, rss


def exec_bundle(top, cfg):
    """The bundle of the container exec enters: the same config, sleeping."""
    bundle = os.path.join(top, "bundle-exec")
    os.makedirs(bundle)
    c = json.loads(json.dumps(cfg))
    c["root"]["path"] = os.path.join(top, "bundle", "rootfs")
    c["process"]["args"] = ["/bin/sleep", "100000"]
    with open(os.path.join(bundle, "config.json"), "w") as f:
        json.dump(c, f, indent=2)
    return bundle


def exec_cid(rt):
    return "x%d-%s" % (os.getpid(), rt.name)  # an A/B's builds share /moat/ID


def exec_targets(runtimes, bundle):
    """One running container per runtime for the exec row; the floor
    nsenters moat's.  Returns {runtime name: argv to time}."""
    argvs, moat_pid = {}, None
    for rt in runtimes:
        if rt.error or isinstance(rt, Floor):
            continue
        cid = exec_cid(rt)
        # stderr to a file: the container keeps what it inherits open.
        with tempfile.TemporaryFile("w+") as err:
            rc = subprocess.run(rt.cmd("run", "-d", "--bundle", bundle, cid),
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err).returncode
            err.seek(0)
            if rc != 0:
                rt.skip["exec"] = "run -d: " + err.read().strip()
                continue
        argvs[rt.name] = rt.cmd("exec", cid, "/bin/true")
        if rt.name == "moat":
            st = subprocess.run(rt.cmd("state", cid), capture_output=True, text=True)
            moat_pid = json.loads(st.stdout)["pid"]
    for rt in runtimes:
        if isinstance(rt, Floor) and rt.extra:
            rt.skip["exec"] = "one command: the floor's"
        elif isinstance(rt, Floor) and moat_pid:
            argvs[rt.name] = ["nsenter", "-t", str(moat_pid), "--all", "-r", "-w", "/bin/true"]
    return argvs


def exec_cleanup(runtimes):
    for rt in runtimes:
        if not isinstance(rt, Floor):
            spawn(rt.cmd("delete", "--force", exec_cid(rt)))
    rmdir_cgroups(["x%d-" % os.getpid()])


def cgroup2_root():
    """Where this process sees the cgroup2 hierarchy: /sys/fs/cgroup when
    it is cgroup2 (pure v2, or enter_cgroup2's private mount over a hybrid
    one, which mountinfo lists after the host's /sys/fs/cgroup/unified),
    else the first cgroup2 mount."""
    if os.path.exists("/sys/fs/cgroup/cgroup.controllers"):
        return "/sys/fs/cgroup"
    with open("/proc/self/mountinfo") as f:
        for line in f:
            x = line.split()
            if x[x.index("-") + 1] == "cgroup2":
                return x[4]
    return None


def rmdir_cgroups(prefixes, depth=3):
    """Remove the empty cgroups whose name starts with one of prefixes, up
    to depth below the root: what a runtime's failed create left (crun
    1.8.1 keeps the cgroup of a create that failed on RLIMIT_MEMLOCK, and
    `delete --force` of a container without state cannot remove it).
    Returns the paths still there."""
    root, left = cgroup2_root(), []
    if root is None:
        return left
    for dirpath, dirnames, _ in os.walk(root, topdown=False):
        if dirpath[len(root):].count("/") >= depth:
            continue
        for x in dirnames:
            if x.startswith(tuple(prefixes)):
                try:
                    os.rmdir(os.path.join(dirpath, x))
                except OSError:
                    left.append(os.path.join(dirpath, x))
    return left


def one_exec(argv):
    t, rc, rss, err = spawn(argv)
    if rc != 0:
        raise RuntimeError("exec: " + err.strip())
    return t, rss


def exec_parallel(argv, n):
    """n copies of argv started at once, one thread each (Popen and wait4 of
    its own pid): (seconds until the last exited, [seconds of each])."""
    each, errs = [], []
    go = threading.Barrier(n + 1)

    def one():
        go.wait()
        t, rc, _, err = spawn(argv)
        each.append(t)
        if rc != 0:
            errs.append(err.strip())

    threads = [threading.Thread(target=one) for _ in range(n)]
    for th in threads:
        th.start()
    go.wait()
    t0 = time.perf_counter()
    for th in threads:
        th.join()
    t = time.perf_counter() - t0
    if errs:
        raise RuntimeError("exec: %d of %d in parallel failed: %s" % (len(errs), n, errs[0]))
    return t, each


def burst(rt, bundle, n):
    t0 = time.perf_counter()
    if isinstance(rt, Floor):
        procs = [subprocess.Popen(rt.floor) for _ in range(n)]
    else:
        procs = [subprocess.Popen(rt.cmd("run", "--bundle", bundle, "b%d-%d" % (os.getpid(), i)),
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for i in range(n)]
    bad = [p for p in procs if p.wait() != 0]
    t = time.perf_counter() - t0
    if bad:
        raise RuntimeError("%s burst: %d of %d runs failed" % (rt.name, len(bad), n))
    return t


def p90(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]


def measure_exec(runtimes, execs, n, par, res):
    for _ in range(n):
        for rt in runtimes:  # interleaved, as the rest
            if rt.name not in execs or "exec" in rt.skip:
                continue
            try:
                res[rt.name]["exec"].append(one_exec(execs[rt.name])[0])
            except (RuntimeError, OSError) as e:
                rt.skip["exec"] = str(e)
    # par at once, a round per 5 sequential execs: the same container, the
    # same interleaving.
    for _ in range(max(1, n // 5) if par else 0):
        for rt in runtimes:
            if rt.name not in execs or "exec" in rt.skip or "exec-par" in rt.skip:
                continue
            try:
                t, each = exec_parallel(execs[rt.name], par)
            except (RuntimeError, OSError) as e:
                rt.skip["exec-par"] = str(e)
                continue
            res[rt.name]["exec-par"].append(t)
            res[rt.name]["exec-par-each"] += each


KINDS = ("exec", "seq", "seq-cg", "run", "rss", "burst")


def measure(runtimes, bundles, args):
    n, burst_n, only = args.n, args.burst, args.only
    res = {rt.name: {"seq": [], "seq-cg": [], "run": [], "exec": [], "exec-par": [],
                     "exec-par-each": [], "burst": [], "rss": 0}
           for rt in runtimes}
    if "exec" in only:
        execs = exec_targets(runtimes, bundles["exec"])
        try:
            measure_exec(runtimes, execs, n, args.exec_par, res)
        finally:
            exec_cleanup(runtimes)
    for i in range(n):
        for kind, fn in (("seq", one_cycle), ("seq-cg", one_cycle), ("run", one_run)):
            if kind not in only:
                continue
            bundle = bundles.get(kind)
            for rt in runtimes:  # interleaved: A B C A B C ...
                if rt.error or (kind == "seq-cg" and (bundle is None or kind in rt.skip)):
                    continue
                try:
                    t, rss = fn(rt, bundle, "c%d-%s-%d" % (os.getpid(), kind, i))
                except (RuntimeError, OSError) as e:
                    if kind == "seq-cg":
                        rt.skip[kind] = str(e)
                    else:
                        rt.error = str(e)
                    continue
                res[rt.name][kind].append(t)
    for rt in runtimes:
        if "rss" in only and not rt.error and not rt.extra and shutil.which("/usr/bin/time"):
            res[rt.name]["rss"] = peak_rss(rt, bundles["seq"], "rss%d" % os.getpid())
    for _ in range(max(1, n // 20) if burst_n and "burst" in only else 0):
        for rt in runtimes:
            if rt.error or rt.extra:  # cli-floor: the floor's burst
                continue
            try:
                res[rt.name]["burst"].append(burst(rt, bundles["seq"], burst_n))
            except (RuntimeError, OSError) as e:
                rt.skip["burst"] = str(e)
    return res


def fmt_ms(xs):
    return "%.2f" % (statistics.median(xs) * 1000) if xs else "n/a"


def stripped_kib(binary):
    """The binary as a package installs it: stripped (Debian's crun and runc
    already are; a build tree's moat carries -g debug info)."""
    path = shutil.which(binary) if binary else None
    if path is None:
        return 0
    with tempfile.NamedTemporaryFile() as out:
        if subprocess.run(["strip", "-o", out.name, path], capture_output=True).returncode != 0:
            return os.path.getsize(path) // 1024
        return os.path.getsize(out.name) // 1024


def results(runtimes, res, args):
    """Everything measured, as one JSON-able dict: what report() and plot()
    render, here or later from a saved file (--json, --render)."""
    out = {"where": args.where, "n": args.n, "burst": args.burst, "exec_par": args.exec_par,
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "runtimes": []}
    for rt in runtimes:
        r = dict(res[rt.name], name=rt.name, error=rt.error, skip=rt.skip,
                 size=stripped_kib(rt.binary))
        out["runtimes"].append(r)
    return out


def report(d):
    rts = d["runtimes"]
    head = ["Taken: %s; N=%d, burst=%d; %s" % (d["where"], d["n"], d["burst"], d["date"])]
    if not any(r.get(k) for r in rts for k in ("seq", "seq-cg", "run", "burst", "rss")):
        return "\n".join(head + exec_report(d)) + "\n"  # --only exec
    lines = head + ["",
             "| runtime | seq median ms | seq p90 ms | seq+cgroups median ms | run median ms "
             "| exec median ms | burst of %d s | peak RSS KiB | binary KiB (stripped) |" % d["burst"],
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rts:
        if r["error"]:
            lines.append("| %s | n/a (%s) ||||||||" % (r["name"], r["error"].splitlines()[0][:120]))
            continue
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], fmt_ms(r["seq"]), "%.2f" % (p90(r["seq"]) * 1000) if r["seq"] else "n/a",
            fmt_ms(r["seq-cg"]) if r["seq-cg"] else "n/a (%s)" % r["skip"].get("seq-cg", "")[:80],
            fmt_ms(r["run"]),
            fmt_ms(r.get("exec")) if r.get("exec") else "n/a (%s)" % r["skip"].get("exec", "")[:80],
            "%.2f" % statistics.median(r["burst"]) if r["burst"] else "n/a",
            r["rss"] or "-", r["size"] or "-"))
    lines += ["", "Ratios of medians (same run):", "",
              "| ratio | seq | seq+cgroups | run | exec | burst |", "|---|---|---|---|---|---|"]
    moat = next((r for r in rts if r["name"] == "moat"), None)
    for other in rts:
        if moat is None or other is moat:
            continue
        row = []
        for kind in ("seq", "seq-cg", "run", "exec", "burst"):
            a, b = moat.get(kind), other.get(kind)
            row.append("%.2f" % (statistics.median(a) / statistics.median(b)) if a and b else "n/a")
        lines.append("| moat/%s | %s |" % (other["name"], " | ".join(row)))
    lines += exec_report(d)
    floor = next((r for r in rts if r["name"] == "floor" and r["seq"]), None)
    cli = next((r for r in rts if r["name"] == "cli-floor" and r["seq"]), None)
    if floor and cli:
        lines += ["", "cli-floor/floor (seq): %.2f, the least a runtime driven through create, "
                  "start and delete can be to the floor here." % (
                      statistics.median(cli["seq"]) / statistics.median(floor["seq"]))]
    return "\n".join(lines) + "\n"


def exec_report(d):
    """The exec rows: sequential, and exec_par at once into the same
    container (wall time of the round, median latency of one exec)."""
    rts, par = d["runtimes"], d.get("exec_par", 0)
    if not any(r.get("exec-par") for r in rts):
        return []
    lines = ["", "exec into one running container, sequential (N=%d) and %d at once "
             "(%d rounds):" % (d["n"], par, max(1, d["n"] // 5)), "",
             "| runtime | exec median ms | exec p90 ms | %d at once: all exited, median ms "
             "| %d at once: one exec, median ms | one exec, p90 ms |" % (par, par),
             "|---|---|---|---|---|---|"]
    for r in rts:
        if not r.get("exec"):
            why = r["error"] or r["skip"].get("exec", "")
            why = why.splitlines()[0][:120] if why else ""
            lines.append("| %s | n/a (%s) |||||" % (r["name"], why))
            continue
        ep, each = r.get("exec-par"), r.get("exec-par-each")
        lines.append("| %s | %s | %.2f | %s | %s | %s |" % (
            r["name"], fmt_ms(r["exec"]), p90(r["exec"]) * 1000,
            fmt_ms(ep) if ep else "n/a (%s)" % r["skip"].get("exec-par", "")[:80],
            fmt_ms(each) if each else "n/a", "%.2f" % (p90(each) * 1000) if each else "n/a"))
    moat = next((r for r in rts if r["name"] == "moat"), None)
    lines += ["", "| ratio of medians | exec | %d at once: all exited | %d at once: one exec |"
              % (par, par), "|---|---|---|---|"]
    for other in rts:
        if moat is None or other is moat or other["skip"].get("exec", "").startswith("one command"):
            continue
        row = []
        for kind in ("exec", "exec-par", "exec-par-each"):
            a, b = moat.get(kind), other.get(kind)
            row.append("%.2f" % (statistics.median(a) / statistics.median(b)) if a and b else "n/a")
        lines.append("| moat/%s | %s |" % (other["name"], " | ".join(row)))
    return lines


def run_gnuplot(script, tmp):
    """Run one gnuplot script, then remove its data directory; a failure
    raises with gnuplot's own message (density.py and soak.py plot so too)."""
    r = subprocess.run(["gnuplot", "-e", script], capture_output=True, text=True)
    shutil.rmtree(tmp, ignore_errors=True)
    if r.returncode != 0:
        raise RuntimeError("gnuplot: " + r.stderr.strip())


def plot(runs, out_png):
    """One panel per run (the places differ in absolute speed): median and
    p90 per container of create+start+wait+delete, per runtime."""
    tmp = tempfile.mkdtemp(prefix="moat-plot.")
    panels = []
    for k, d in enumerate(runs):
        data = os.path.join(tmp, "%d.dat" % k)
        with open(data, "w") as f:
            for i, r in enumerate(d["runtimes"]):
                if r["seq"]:
                    f.write("%d %s %.3f %.3f\n" % (i, r["name"], statistics.median(r["seq"]) * 1000,
                                                  p90(r["seq"]) * 1000))
        title = ",".join(d["where"].split(",")[:2]).replace("'", "")
        panels.append("set title '%s' noenhanced; plot '%s' using 1:3:xtic(2) with boxes "
                      "title 'median', '' using 1:4 with points pt 7 title 'p90'" % (title, data))
    script = ("set terminal pngcairo size %d,450; set output '%s';"
              "set multiplot layout 1,%d title 'create+start+wait+delete of /bin/true (ms, lower is better)';"
              "set style fill solid 0.6; set boxwidth 0.5; set yrange [0:*]; set grid y;"
              "set key below horizontal;" % (520 * len(runs), out_png, len(runs))
              + ";".join(panels) + "; unset multiplot")
    run_gnuplot(script, tmp)


def save_json(d, path):
    """--json: '-' puts the figures on stdout and the report on stderr."""
    if path == "-":
        json.dump(d, sys.stdout)
        print()
        sys.stdout = sys.stderr
    elif path:
        with open(path, "w") as f:
            json.dump(d, f)


def setup_runtimes(args, top, cfg, bundle):
    runtimes = []
    for name in args.runtimes.split(","):
        # NAME=PATH: another build side by side (an A/B of a change).
        name, _, path = name.partition("=")
        root = os.path.join(top, "root-" + name)
        os.makedirs(root)
        floor = name in ("floor", "cli-floor")
        binary = args.moat if name == "moat" else (None if floor else path or name)
        rt = Floor(name, None, root) if floor else Runtime(name, binary, root)
        rt.skip = {}
        if floor:
            rt.floor = floor_argv(cfg, os.path.join(bundle, "rootfs"))
        if name == "cli-floor":
            rt.extra = 2
            rt.empty = [os.path.join(bundle, "rootfs/bin/busybox"), "true"]
        if not floor and shutil.which(binary) is None:
            rt.error = "not installed"
        runtimes.append(rt)
    return runtimes


def enter_cgroup2():
    """Where every runtime finds cgroup2, for the report: on a hybrid host
    (cgroup2 not at /sys/fs/cgroup, so crun refuses to run) this process
    first moves to a private mount namespace with cgroup2 there."""
    if os.path.exists("/sys/fs/cgroup/cgroup.controllers"):
        return "kernel %s%s" % (os.uname().release,
                                ", QEMU guest (TCG)" if os.environ.get("MOAT_IN_GUEST") else "")
    ctrls = private_cgroup2()
    return ("host, kernel %s, private mount namespace with cgroup2 on /sys/fs/cgroup "
            "(controllers: %s)" % (os.uname().release, " ".join(ctrls) or "none"))


def render(args, runs):
    text = "\n".join(report(d) for d in runs)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    if args.plot:
        plot(runs, args.plot)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moat", help="the moat binary to measure")
    ap.add_argument("--runtimes", default="moat,crun,runc,floor,cli-floor",
                    help="comma-separated; NAME=PATH adds another binary (e.g. old=/tmp/moat)")
    ap.add_argument("-n", type=int, default=50)
    ap.add_argument("--burst", type=int, default=50)
    ap.add_argument("--exec-par", type=int, default=20,
                    help="execs started at once into the same container (0: none)")
    ap.add_argument("--only", default=",".join(KINDS),
                    help="comma-separated measurements to take, of: " + ",".join(KINDS))
    ap.add_argument("--smoke", action="store_true", help="tiny N; fails only if moat fails")
    ap.add_argument("--where", help="where the figures are taken, for the report")
    ap.add_argument("--json", help="save the raw figures here ('-': stdout, the report to stderr)")
    ap.add_argument("--render", nargs="+", metavar="JSON",
                    help="measure nothing: render saved --json files (one plot panel each)")
    ap.add_argument("--out", help="write the markdown table here")
    ap.add_argument("--plot", help="write a PNG plot here")
    args = ap.parse_args()
    if args.render:
        runs = []
        for path in args.render:
            with open(path) as f:
                runs.append(json.load(f))
        render(args, runs)
        return 0
    if not args.moat:
        ap.error("--moat is required")
    args.moat = os.path.abspath(args.moat)
    args.only = args.only.split(",")
    if set(args.only) - set(KINDS):
        ap.error("--only: unknown measurement in %r" % ",".join(args.only))
    if args.smoke:
        args.n, args.burst = 2, 3
    if os.geteuid() != 0:
        print("bench: needs root; skipped")
        return 0
    subreaper()
    # Always, even with --where: the namespace is not part of the label.
    where = enter_cgroup2()
    args.where = args.where or where
    top = tempfile.mkdtemp(prefix="moat-bench.")
    try:
        bundle, cfg = make_bundle(top, args.moat, False)
        bundles = {"seq": bundle, "run": bundle, "seq-cg": make_bundle(top, args.moat, True)[0],
                   "exec": exec_bundle(top, cfg)}
        runtimes = setup_runtimes(args, top, cfg, bundle)
        d = results(runtimes, measure(runtimes, bundles, args), args)
        save_json(d, args.json)
        render(args, [d])
        moat = next((rt for rt in runtimes if rt.name == "moat"), None)
        if moat and moat.error:
            print("bench: moat failed: " + moat.error, file=sys.stderr)
            return 1
        return 0
    finally:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(main())
