#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Cut each mdrv_upcall round trip of a function_graph trace (absolute
times, process names, sched_wakeup/sched_switch and mdrvd's sys_enter
events interleaved) into its parts: post, wake, serve, bell, back (see
upcall_trace.sh). Prints one JSON object: the median of each part in
microseconds, the whole round trip's, and how many round trips had every
part.

usage: upcall_parts.py TRACE MDRVD_PID"""
import json
import re
import sys

NR_WRITE = 1  # x86_64

TIME = re.compile(r"^\s*(\d+\.\d+)\s*\|")
PROC = re.compile(r"\)\s+(\S+)-(\d+)\s+\|")
WAKE = re.compile(r"sched_wakeup: comm=.* pid=(\d+) ")
SWITCH = re.compile(r"sched_switch: .*==> next_comm=.* next_pid=(\d+) ")
ENTER = re.compile(r"sys_enter: NR (\d+) ")
PARTS = ("post", "wake", "serve", "bell", "back")


def median(v):
    v = sorted(v)
    return round(v[len(v) // 2], 1) if v else None


def parse(lines, daemon):
    """Yield one dict of part durations (us) per complete round trip."""
    cur = None
    for line in lines:
        m = TIME.match(line)
        if not m:
            continue
        t = float(m.group(1)) * 1e6
        if re.search(r"mdrv_upcall( \[mdrv\])?\(\) \{", line):
            p = PROC.search(line)
            cur = {"t0": t, "caller": int(p.group(2)) if p else -1}
            continue
        if cur is None:
            continue
        if "/*" not in line and re.search(r"\|\s+}\s*$", line):
            if all(k in cur for k in ("woken", "running", "bell", "cwoken")):
                yield {"post": cur["woken"] - cur["t0"],
                       "wake": cur["running"] - cur["woken"],
                       "serve": cur["bell"] - cur["running"],
                       "bell": cur["cwoken"] - cur["bell"],
                       "back": t - cur["cwoken"],
                       "total": t - cur["t0"]}
            cur = None
            continue
        w, s, e = WAKE.search(line), SWITCH.search(line), ENTER.search(line)
        if w and int(w.group(1)) == daemon and "woken" not in cur:
            cur["woken"] = t
        elif s and int(s.group(1)) == daemon and "woken" in cur and \
                "running" not in cur:
            cur["running"] = t
        elif e and int(e.group(1)) == NR_WRITE and "running" in cur and \
                "bell" not in cur:
            cur["bell"] = t
        elif w and int(w.group(1)) == cur["caller"] and "bell" in cur and \
                "cwoken" not in cur:
            cur["cwoken"] = t


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], errors="replace") as f:
        trips = list(parse(f, int(sys.argv[2])))
    out = {"trips": len(trips)}
    for k in PARTS + ("total",):
        out[k + "_us"] = median([t[k] for t in trips])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
