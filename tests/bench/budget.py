#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Where moat's seq time goes against cli-floor, in one interleaved run.

Each row adds one thing to the row above, so the differences of medians
say what each costs (bench.py's bundle and config, /bin/true, N cycles):

  cli-floor      unshare of the container's namespaces + chroot + /bin/true,
                 then two empty static processes (bench.py's cli-floor)
  moat-procs     the same floor, then two `moat --version` in place of the
                 two empty processes: moat's start-up for `start`, `delete`
  moat-bare      moat's create, start, wait, delete with no seccomp filter,
                 no masked or read-only paths and a writable root, its
                 binary on a read-only bind mount, so that create does not
                 re-execute itself (exe-guard.c, CVE-2019-5736)
  moat-ro        the same with the hardened config
  moat           the hardened config as bench.py runs it: with the re-exec

It is a benchmark: nothing here asserts a timing.
"""
import argparse
import copy
import ctypes
import json
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (make_bundle, spawn, Runtime, Floor, one_cycle, ...)

MS_BIND, MS_REMOUNT, MS_RDONLY = 0x1000, 0x20, 0x1
ROWS = ("cli-floor", "moat-procs", "moat-bare", "moat-ro", "moat")


def bare_bundle(top, cfg, rootfs):
    """The hardened bundle without its seccomp filter, masked and read-only
    paths: what a container costs before moat's hardening."""
    bundle = os.path.join(top, "bundle-bare")
    os.makedirs(bundle)
    os.symlink(rootfs, os.path.join(bundle, "rootfs"))
    bare = copy.deepcopy(cfg)
    for key in ("seccomp", "maskedPaths", "readonlyPaths"):
        bare["linux"].pop(key, None)
    bare["root"]["readonly"] = False
    with open(os.path.join(bundle, "config.json"), "w") as f:
        json.dump(bare, f)
    return bundle


def private_mounts():
    """The read-only bind mount below stays in a mount namespace of ours."""
    libc = ctypes.CDLL(None, use_errno=True)
    if (libc.unshare(bench.CLONE_NEWNS) != 0
            or libc.mount(None, b"/", None, bench.MS_REC | bench.MS_PRIVATE, None) != 0):
        raise OSError(ctypes.get_errno(), "a private mount namespace")


def readonly_copy(moat, top):
    """moat on a read-only bind mount of its own."""
    d = os.path.join(top, "ro")
    os.makedirs(d)
    shutil.copy2(moat, os.path.join(d, "moat"))
    libc = ctypes.CDLL(None, use_errno=True)
    if (libc.mount(d.encode(), d.encode(), None, MS_BIND, None) != 0
            or libc.mount(None, d.encode(), None, MS_BIND | MS_REMOUNT | MS_RDONLY, None) != 0):
        raise OSError(ctypes.get_errno(), "read-only bind mount of " + d)
    return os.path.join(d, "moat")


def setup(args, top):
    bundle, cfg = bench.make_bundle(top, args.moat, False)
    rootfs = os.path.join(bundle, "rootfs")
    rows = {}
    for name in ("cli-floor", "moat-procs"):
        rt = bench.Floor(name, None, None)
        rt.floor = bench.floor_argv(cfg, rootfs)
        rt.extra = 2
        rt.empty = ([os.path.join(rootfs, "bin/busybox"), "true"] if name == "cli-floor"
                    else [args.moat, "--version"])
        rows[name] = (rt, None)
    ro = readonly_copy(args.moat, top)
    for name, binary, b in (("moat-bare", ro, bare_bundle(top, cfg, rootfs)),
                            ("moat-ro", ro, bundle),
                            ("moat", args.moat, bundle)):
        root = os.path.join(top, "root-" + name)
        os.makedirs(root)
        rows[name] = (bench.Runtime(name, binary, root), b)
    return rows


def measure(rows, n):
    res = {name: [] for name in rows}
    for i in range(n):
        for name, (rt, b) in rows.items():  # interleaved: A B C A B C ...
            res[name].append(bench.one_cycle(rt, b, "b%d" % i)[0])
    return res


def report(d):
    med = {k: statistics.median(v) * 1000 for k, v in d["seq"].items()}
    out = ["%s, N=%d per row, interleaved" % (d["where"], d["n"]), "",
           "| row | seq median ms | × cli-floor | added by this row, ms |",
           "|---|---|---|---|"]
    for i, k in enumerate(ROWS):
        add = "%+.2f" % (med[k] - med[ROWS[i - 1]]) if i else ""
        out.append("| %s | %.2f | %.2f | %s |" % (k, med[k], med[k] / med["cli-floor"], add))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moat", help="the moat binary to measure")
    ap.add_argument("-n", type=int, default=50)
    ap.add_argument("--json", help="save the raw figures here ('-': stdout, the report to stderr)")
    ap.add_argument("--render", metavar="JSON", help="measure nothing: render a saved --json")
    args = ap.parse_args()
    if args.render:
        with open(args.render) as f:
            print(report(json.load(f)))
        return 0
    if not args.moat:
        ap.error("--moat is required")
    args.moat = os.path.abspath(args.moat)
    bench.subreaper()
    private_mounts()
    where = bench.enter_cgroup2()
    top = tempfile.mkdtemp(prefix="moat-budget.")
    try:
        res = measure(setup(args, top), args.n)
    finally:
        cleanup(top)
    d = {"where": where, "n": args.n, "seq": res}
    bench.save_json(d, args.json)
    print(report(d))
    return 0


def cleanup(top):
    ro = os.path.join(top, "ro")
    if os.path.isdir(ro):
        ctypes.CDLL(None).umount2(ro.encode(), 2)  # MNT_DETACH
    shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
