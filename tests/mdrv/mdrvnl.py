#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A minimal client of the "mdrv" generic netlink family, for the tests.

  mdrvnl.py devs                 every device, one JSON object per line
  mdrvnl.py reg ID SPACE ADDR    read one register (space: mmio csr bcr aprom)
  mdrvnl.py attach ID [VERSION]  attach to device ID (and detach on exit),
                                 speaking protocol VERSION (default ours);
                                 prints "attached" or the error's name
  mdrvnl.py own ID               attach, print "attached", and keep the
                                 device (its mailbox never opened) until
                                 stdin closes
  mdrvnl.py hold ID [replace]    attach (with REPLACE: take it from its
                                 daemon), open /dev/mdrvID, print "held", and
                                 "posted N" once an upcall waits (within 10 s);
                                 answer nothing until stdin closes
  MDRVNL_PORT=N: bind the socket to port id N (default: the kernel picks);
  a failed reg or attach prints the error's name and exits 1

Numbers come from netlink/mdrv_genl.h (parsed at run time, never copied).
"""
import errno
import json
import mmap
import os
import re
import socket
import struct
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HDR = os.path.join(TOP, "netlink", "mdrv_genl.h")

NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2


def header_enums():
    """name -> value for every enum constant in the uapi header."""
    vals = {}
    for body in re.findall(r"enum[^{]*\{(.*?)\}", open(HDR).read(), re.S):
        nxt = 0
        for line in body.split("\n"):
            m = re.match(r"\s*(\w+)\s*(?:=\s*([^,/]+))?,", line)
            if not m:
                continue
            v = m.group(2)
            nxt = eval(v.strip(), {}, vals) if v else nxt
            vals[m.group(1)] = nxt
            nxt += 1
    return vals


E = header_enums()
PROTO_VERSION = int(re.search(r"#define MDRV_PROTO_VERSION\s+(\d+)",
                              open(HDR).read()).group(1))
# the kernel's region of the mailbox: a page of header and the upcall ring
MBOX = {k: int(v) for k, v in re.findall(
    r"#define (MDRV_MBOX_(?:PAGE|SLOTS|MSG_SIZE))\s+(\d+)",
    open(os.path.join(TOP, "common", "mdrv_mbox.h")).read())}
KERN_SIZE = MBOX["MDRV_MBOX_PAGE"] + MBOX["MDRV_MBOX_SLOTS"] * MBOX["MDRV_MBOX_MSG_SIZE"]


def attr(t, payload):
    ln = 4 + len(payload)
    return struct.pack("HH", ln, t) + payload + b"\0" * ((4 - ln % 4) % 4)


def parse_attrs(data):
    out = []
    while len(data) >= 4:
        ln, t = struct.unpack("HH", data[:4])
        if ln < 4:
            break
        out.append((t & 0x3FFF, data[4:ln]))
        data = data[(ln + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        self.s.bind((int(os.environ.get("MDRVNL_PORT", "0")), 0))
        self.seq = 0
        msgs = self.talk(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                         attr(CTRL_ATTR_FAMILY_NAME, b"mdrv\0"), ack=True)
        self.family = next(struct.unpack("H", v)[0] for t, v in msgs[0]
                           if t == CTRL_ATTR_FAMILY_ID)

    def talk(self, ftype, cmd, payload=b"", dump=False, ack=True):
        self.seq += 1
        flags = NLM_F_REQUEST | (NLM_F_DUMP if dump else NLM_F_ACK if ack else 0)
        body = struct.pack("BBH", cmd, 1, 0) + payload
        self.s.send(struct.pack("IHHII", 16 + len(body), ftype, flags,
                                self.seq, 0) + body)
        replies = []
        while True:
            buf = self.s.recv(65536)
            while len(buf) >= 16:
                ln, t, _, _, _ = struct.unpack("IHHII", buf[:16])
                msg = buf[16:ln]
                buf = buf[(ln + 3) & ~3:]
                if t == NLMSG_ERROR:
                    err = struct.unpack("i", msg[:4])[0]
                    if err:
                        raise OSError(-err, os.strerror(-err))
                    return replies
                if t == NLMSG_DONE:
                    return replies
                replies.append(parse_attrs(msg[4:]))

    def devs(self):
        out = []
        names = {v: k for k, v in E.items() if k.startswith("MDRV_A_")
                 and not k.startswith("MDRV_A_REG") and not k.endswith("MAX")}
        for attrs in self.talk(self.family, E["MDRV_CMD_DEV_GET"], dump=True):
            d = {}
            for t, v in attrs:
                k = names.get(t, str(t))[len("MDRV_A_"):].lower()
                if k in ("ifname", "bus", "mbox"):
                    d[k] = v.rstrip(b"\0").decode()
                elif k == "mac":
                    d[k] = ":".join("%02x" % b for b in v)
                elif len(v) == 1:
                    d[k] = v[0]
                elif len(v) == 4:
                    d[k] = struct.unpack("I", v)[0]
                elif len(v) == 8:
                    d[k] = struct.unpack("Q", v)[0]
            out.append(d)
        return out

    def reg(self, dev_id, space, addr):
        nest = (attr(E["MDRV_A_REG_SPACE"], struct.pack("I", space)) +
                attr(E["MDRV_A_REG_ADDR"], struct.pack("I", addr)))
        payload = (attr(E["MDRV_A_ID"], struct.pack("I", dev_id)) +
                   attr(E["MDRV_A_REG"] | 0x8000, nest))  # NLA_F_NESTED
        for attrs in self.talk(self.family, E["MDRV_CMD_REG_READ"], payload):
            for t, v in attrs:
                if t == E["MDRV_A_REG"]:
                    for t2, v2 in parse_attrs(v):
                        if t2 == E["MDRV_A_REG_VALUE"]:
                            return struct.unpack("I", v2)[0]
        raise OSError(5, "no value in reply")


def main(argv):
    g = Genl()
    if argv[1:2] == ["devs"]:
        for d in g.devs():
            print(json.dumps(d))
    elif argv[1:2] == ["reg"] and len(argv) == 5:
        space = E["MDRV_REG_" + argv[3].upper()]
        try:
            print("%#x" % g.reg(int(argv[2], 0), space, int(argv[4], 0)))
        except OSError as e:
            print(errno.errorcode.get(e.errno, str(e.errno)))
            return 1
    elif argv[1:2] == ["hold"] and len(argv) in (3, 4):
        payload = (attr(E["MDRV_A_ID"], struct.pack("I", int(argv[2], 0))) +
                   attr(E["MDRV_A_VERSION"], struct.pack("I", PROTO_VERSION)))
        if argv[3:4] == ["replace"]:
            payload += attr(E["MDRV_A_REPLACE"], b"")
        try:
            g.talk(g.family, E["MDRV_CMD_ATTACH"], payload)
            fd = os.open("/dev/mdrv%d" % int(argv[2], 0), os.O_RDWR)
        except OSError as e:
            print(errno.errorcode.get(e.errno, str(e.errno)), flush=True)
            return 1
        print("held", flush=True)
        # the kernel's header, read-only: up_prod moves when an upcall waits
        kctrl = mmap.mmap(fd, KERN_SIZE, mmap.MAP_SHARED, mmap.PROT_READ)
        for _ in range(1000):
            up_prod = struct.unpack_from("I", kctrl, 16)[0]
            if up_prod:
                print("posted %d" % up_prod, flush=True)
                break
            time.sleep(0.01)
        sys.stdin.read()
        kctrl.close()
        os.close(fd)
    elif argv[1:2] == ["own"] and len(argv) == 3:
        payload = (attr(E["MDRV_A_ID"], struct.pack("I", int(argv[2], 0))) +
                   attr(E["MDRV_A_VERSION"], struct.pack("I", PROTO_VERSION)))
        try:
            g.talk(g.family, E["MDRV_CMD_ATTACH"], payload)
        except OSError as e:
            print(errno.errorcode.get(e.errno, str(e.errno)), flush=True)
            return 1
        print("attached", flush=True)
        sys.stdin.read()
    elif argv[1:2] == ["attach"] and len(argv) in (3, 4):
        version = int(argv[3], 0) if len(argv) == 4 else PROTO_VERSION
        payload = (attr(E["MDRV_A_ID"], struct.pack("I", int(argv[2], 0))) +
                   attr(E["MDRV_A_VERSION"], struct.pack("I", version)))
        try:
            g.talk(g.family, E["MDRV_CMD_ATTACH"], payload)
        except OSError as e:
            print(errno.errorcode.get(e.errno, str(e.errno)))
            return 1
        print("attached")
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
