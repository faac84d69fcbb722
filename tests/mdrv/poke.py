#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fault injection from the guest: write a device register behind the
driver's back, through /sys/bus/pci/devices/BDF/resource0 (memory BARs are
mmapped, which needs iomem=relaxed; I/O BARs are written with pwrite).

usage: poke.py BDF OFFSET VALUE [WIDTH]       WIDTH 2 or 4 (default 4)
       poke.py BDF OFFSET VALUE WIDTH and-not  clear VALUE's bits (MMIO)
       poke.py BDF pcnet-csr N VALUE           PCnet: RAP=N, RDP=VALUE
"""
import mmap
import os
import struct
import sys


def res(bdf):
    return "/sys/bus/pci/devices/%s/resource0" % bdf


def is_io(bdf):
    with open("/sys/bus/pci/devices/%s/resource" % bdf) as f:
        flags = int(f.readline().split()[2], 16)
    return bool(flags & 0x100)          # IORESOURCE_IO


def write(bdf, off, val, width, clear=False):
    fmt = {2: "<H", 4: "<I"}[width]
    if is_io(bdf):
        fd = os.open(res(bdf), os.O_RDWR)
        try:
            os.pwrite(fd, struct.pack(fmt, val), off)
        finally:
            os.close(fd)
        return
    with open(res(bdf), "r+b") as f:
        m = mmap.mmap(f.fileno(), 0x20000)
        if clear:
            val = struct.unpack_from(fmt, m, off)[0] & ~val
        # one aligned store, not a byte-wise copy
        mv = memoryview(m).cast("I" if width == 4 else "H")
        mv[off // width] = val
        mv.release()
        m.close()


def main(a):
    if len(a) == 5 and a[2] == "pcnet-csr":
        write(a[1], 0x12, int(a[3], 0), 2)      # WIO RAP
        write(a[1], 0x10, int(a[4], 0), 2)      # WIO RDP
        return 0
    if len(a) in (4, 5, 6):
        width = int(a[4]) if len(a) > 4 else 4
        write(a[1], int(a[2], 0), int(a[3], 0), width,
              len(a) == 6 and a[5] == "and-not")
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
