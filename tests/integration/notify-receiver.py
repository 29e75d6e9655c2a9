#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A NOTIFY_SOCKET as systemd's manager has one: a datagram socket; each
# message goes to OUT (one per line, newlines as '|').  BARRIER=1 is
# acknowledged as systemd does, by closing the fd that came with it.
# Runs until killed (or 120 s).
# usage: notify-receiver.py SOCKET OUT
import array, os, socket, sys

path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(120)
open(path + ".ready", "w").close()
fds = array.array("i")
with open(out, "ab", buffering=0) as f:
    while True:
        try:
            msg, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(4 * fds.itemsize))
        except socket.timeout:
            break
        for level, kind, payload in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                got = array.array("i")
                got.frombytes(payload[: len(payload) - len(payload) % got.itemsize])
                for fd in got:
                    os.close(fd)
        f.write(msg.rstrip(b"\n").replace(b"\n", b"|") + b"\n")
