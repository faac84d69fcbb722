#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench_regs.py: register accesses per packet from a trace (bench_full.sh).

    bench_regs.py CHIP DRIVER DIR PACKETS IRQS TRACE [BAR_START BAR_END]

TRACE is mmiotrace's R/W lines (e1000: "R width time map phys value pc pid",
offsets taken from BAR_START) or QEMU's pcnet_ioport_read/write trace lines
(PCnet: port offsets; an access to the data ports is named after the CSR or
BCR the address port last selected). Register names come from common/'s
register headers, the ones both halves of mdrv use. Prints one JSON object:
accesses, reads and writes per packet, interrupts per packet, and the
registers that take most of them.
"""
import collections
import json
import os
import re
import sys

COMMON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "common")


def names(header, prefix, width):
    out = {}
    pat = re.compile(r"#define\s+%s_(\w+)\s+0x([0-9A-Fa-f]{%d})\b" % (prefix, width))
    with open(os.path.join(COMMON, header)) as f:
        for line in f:
            m = pat.match(line)
            if m:
                out.setdefault(int(m.group(2), 16), m.group(1))
    return out


def e1000(lines, bar):
    regs = names("mdrv_e1000_regs.h", "E1000", 5)
    c = collections.Counter()
    for line in lines:
        f = line.split()
        off = int(f[4], 16) - bar
        c[(f[0], regs.get(off, "0x%05x" % off))] += 1
    return c


def pcnet(lines):
    ports = names("mdrv_pcnet_regs.h", "PCNET_WIO", 2)
    c = collections.Counter()
    rap = 0
    for line in lines:
        rw = "W" if "pcnet_ioport_write" in line else "R"
        off = int(re.search(r"addr=0x([0-9a-f]+)", line).group(1), 16)
        port = ports.get(off, "0x%02x" % off)
        m = re.search(r"(?:data|val)=0x([0-9a-f]+)", line)
        if port == "RAP" and rw == "W" and m:
            rap = int(m.group(1), 16)
        if port == "RDP":
            port = "CSR%d" % rap
        elif port == "BDP":
            port = "BCR%d" % rap
        c[(rw, port)] += 1
    return c


def main(argv):
    chip, drv, way, packets, irqs, path = argv[:6]
    packets, irqs = int(packets), int(irqs)
    with open(path) as f:
        lines = [l for l in f if l.strip()]
    c = e1000(lines, int(argv[6], 16)) if chip == "e1000" else pcnet(lines)
    n = sum(c.values())
    per = (lambda x: round(x / packets, 3)) if packets else (lambda x: None)
    print(json.dumps({
        "chip": chip, "driver": drv, "dir": way, "packets": packets,
        "accesses": n, "per_packet": per(n),
        "reads_per_packet": per(sum(v for (rw, _), v in c.items() if rw == "R")),
        "writes_per_packet": per(sum(v for (rw, _), v in c.items() if rw == "W")),
        "irqs": irqs, "irqs_per_packet": per(irqs),
        "top": [{"rw": rw, "reg": reg, "per_packet": per(v)}
                for (rw, reg), v in c.most_common(8)],
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
