#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A --console-socket receiver speaking runc's protocol: accept one
# connection, take the pty master from SCM_RIGHTS (the data is its name),
# then copy what the container writes to the pty into OUT until it hangs up.
# usage: console-receiver.py SOCKET OUT [INPUT]
import array, os, socket, sys

path, out = sys.argv[1], sys.argv[2]
data_in = sys.argv[3].encode() if len(sys.argv) > 3 else None
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
open(path + ".ready", "w").close()
conn, _ = srv.accept()
fds = array.array("i")
msg, anc, _, _ = conn.recvmsg(4096, socket.CMSG_SPACE(fds.itemsize))
for level, kind, payload in anc:
    if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
        fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
with open(out, "wb") as f:
    f.write(b"NAME=" + msg + b"\n")
    if len(fds) != 1:
        f.write(b"NO-FD\n")
        sys.exit(1)
    master = fds[0]
    if data_in is not None:
        os.write(master, data_in)
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        f.write(chunk)
        f.flush()
