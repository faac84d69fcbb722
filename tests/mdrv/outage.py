#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Inject a fault and time the outage it causes, from one process (spawning
programs under TCG costs more than the outage). Sends an ICMP echo to DST
every 10 ms, injects the fault with poke.py's writer 0.3 s in, writes a
marker with its CLOCK_MONOTONIC time to /dev/kmsg, and goes on for SECS.
Prints one JSON line: the injection time and every reply time after it
(monotonic seconds).

usage: outage.py DST SECS NAME POKE-ARGS...   (POKE-ARGS as for poke.py)
"""
import json
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import poke  # noqa: E402


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def echo(ident, seq):
    hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    data = b"mdrv-outage"
    return struct.pack("!BBHHH", 8, 0, csum(hdr + data), ident, seq) + data


def main(a):
    if len(a) < 5:
        sys.stderr.write(__doc__)
        return 2
    dst, secs, name, pargs = a[1], float(a[2]), a[3], a[4:]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xffff
    seq = 0
    replies = []
    t_inj = None
    start = time.monotonic()
    nxt = start
    while True:
        now = time.monotonic()
        if t_inj is None and now - start >= 0.3:
            if poke.main(["poke.py"] + pargs):
                return 1
            t_inj = time.monotonic()
            with open("/dev/kmsg", "w") as k:
                k.write("mdrv-test: inject %s mono=%.6f\n" % (name, t_inj))
        if t_inj is not None and now - t_inj > secs:
            break
        if now >= nxt:
            seq = (seq + 1) & 0xffff
            s.sendto(echo(ident, seq), (dst, 0))
            nxt += 0.01
        r, _, _ = select.select([s], [], [], max(0, nxt - time.monotonic()))
        if r:
            pkt = s.recv(2048)
            ihl = (pkt[0] & 15) * 4
            typ, _, _, rid, _ = struct.unpack("!BBHHH", pkt[ihl:ihl + 8])
            if typ == 0 and rid == ident:
                replies.append(time.monotonic())
    print(json.dumps({"name": name, "inject": t_inj,
                      "replies": [r for r in replies if r > t_inj]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
