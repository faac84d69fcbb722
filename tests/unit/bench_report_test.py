#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The arithmetic of `make bench` and the suite's bench.sh, on made-up runs:
tests/mdrv/bench_report.py (ratios to the same round's stock baseline, the
mean of the stock runs before and after,
medians, min..max, the gate, the A/A control, the control-path table) and
tests/mdrv/bench_regs.py (accesses per packet, named from common/'s register
headers; PCnet data-port accesses named after the CSR the address port
selected). Prints KTAP, exits 0 if every check passes.
"""
import json
import os
import subprocess
import sys
import tempfile

MDRV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mdrv")
REPORT = os.path.join(MDRV, "bench_report.py")
REGS = os.path.join(MDRV, "bench_regs.py")

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print("%s %d - %s%s" % ("ok" if ok else "not ok", len(results), name,
                            "" if ok or not detail else " # " + detail))


def runs(vals):
    """vals: {(config, metric): [value per round]} -> jsonl text"""
    out = []
    for (cfg, m), vs in vals.items():
        for r, v in enumerate(vs, 1):
            out.append(json.dumps({"round": r, "config": cfg, "metric": m, "value": v}))
    return "\n".join(out) + "\n"


def report(d, text, *args):
    src = os.path.join(d, "runs.jsonl")
    dst = os.path.join(d, "out.json")
    with open(src, "w") as f:
        f.write(text)
    p = subprocess.run([sys.executable, REPORT, *args, src, dst],
                       capture_output=True, text=True)
    with open(dst) as f:
        return p.returncode, json.load(f), p.stdout


def main():
    print("TAP version 13")
    print("1..13")
    with tempfile.TemporaryDirectory() as d:
        # round 2 of stock is twice as fast: ratios are per round
        base = {("ss", "tcp_fwd"): [100, 200, 100], ("ms", "tcp_fwd"): [110, 200, 90],
                ("sm", "tcp_fwd"): [100, 300, 100], ("aa", "tcp_fwd"): [100, 200, 100],
                ("ss", "ping_p50_ms"): [1.0, 1.0, 1.0], ("ms", "ping_p50_ms"): [0.5, 0.5, 0.5]}
        rc, s, out = report(d, runs(base), "--gate")
        e = s["datapath"]["e1000"]["tcp_fwd"]
        check("ratio is the median of per-round ratios",
              e["ratio"] == 1.0 and e["ratio_min"] == 0.9 and e["ratio_max"] == 1.1, str(e))
        check("medians of the figures", e["stock"] == 100 and e["mdrv"] == 110, str(e))
        check("a lower-is-better figure keeps mdrv/stock",
              s["datapath"]["e1000"]["ping_p50_ms"]["ratio"] == 0.5 and
              s["datapath"]["e1000"]["ping_p50_ms"]["better"] == "lower")
        check("the pcnet chip is the sm configuration",
              s["datapath"]["pcnet"]["tcp_fwd"]["ratio"] == 1.0 and
              s["datapath"]["pcnet"]["tcp_fwd"]["ratio_max"] == 1.5)
        check("the gate passes at and above the margin", rc == 0 and not s["below_margin"],
              out)

        slow = dict(base)
        # mdrv's e1000 judged against mdrv's PCnet as the peer: mm over sm
        slow[("mm", "tcp_fwd")] = [80, 170, 85]
        rc, s, out = report(d, runs(slow), "--gate")
        check("the gate fails below the margin in every round, naming the figure",
              rc == 1 and s["below_margin"] == ["e1000/mdrv tcp_fwd 0.85"] and
              s["datapath"]["e1000/mdrv"]["tcp_fwd"]["ratio_min"] == round(170 / 300, 3),
              out)
        lossy = dict(base)
        lossy[("ms", "tcp_fwd")] = [80, 170, 85]
        rc, s, out = report(d, runs(lossy), "--gate")
        check("into the stock pcnet32 (lossy peer) a low e1000 ratio is reported, not gated",
              rc == 0 and "MISSED" in out and not s["below_margin"], out)
        rc, s, out = report(d, runs(slow))
        check("without --gate the same runs only report", rc == 0)
        once = dict(base)
        once[("mm", "tcp_fwd")] = [80, 270, 85]
        rc, s, out = report(d, runs(once), "--gate")
        check("a round at the margin passes the gate", rc == 0, out)

        noisy = dict(base)
        noisy[("aa", "tcp_fwd")] = [100, 150, 100]
        rc, s, out = report(d, runs(noisy), "--gate")
        check("an A/A round below the margin is reported",
              s["aa_below_margin"] == ["tcp_fwd"] and "A/A" in out, out)
        check("the baseline is the mean of the stock runs before and after",
              s["datapath"]["e1000"]["tcp_fwd"]["ratio_max"] == round(200 / 175, 3) and
              s["datapath"]["stock A/A"]["tcp_fwd"]["ratio_min"] == 0.75,
              json.dumps(s["datapath"]["e1000"]["tcp_fwd"]))

        stall = runs(base) + json.dumps({"round": 2, "config": "ms",
                                         "metric": "stall_udp_rev", "value": 1}) + "\n"
        rc, s, out = report(d, stall, "--gate")
        again = stall + json.dumps({"round": 2, "config": "ms",
                                    "metric": "stall_tcp_fwd", "value": 1}) + "\n"
        rc2, s2, out2 = report(d, again, "--gate")
        check("a stall is listed; one that repeats after fresh probes fails the gate",
              rc == 0 and s["stalls"] == ["ms round 2 udp_rev"] and "STALLED" in out and
              rc2 == 1 and s2["stalled_twice"] == ["ms round 2"], out + out2)

        # registers: two packets, ICR read twice, TDT written twice
        tr = os.path.join(d, "mmio.txt")
        with open(tr, "w") as f:
            for off in (0xc0, 0x3818, 0xc0, 0x3818):
                f.write("%s 4 0.1 1 0x%x 0x0 0x0 0\n" % ("R" if off == 0xc0 else "W",
                                                          0xfebc0000 + off))
        e1000 = json.loads(subprocess.run(
            [sys.executable, REGS, "e1000", "mdrv", "fwd", "2", "1", tr, "0xfebc0000",
             "0xfebdffff"], capture_output=True, text=True, check=True).stdout)
        pc = os.path.join(d, "pio.txt")
        with open(pc, "w") as f:
            f.write("1@1.0:pcnet_ioport_write opaque=0x1 addr=0x12 val=0x0 size=2\n"
                    "1@1.0:pcnet_ioport_read opaque=0x1 addr=0x10 size=2\n"
                    "1@1.0:pcnet_ioport_write opaque=0x1 addr=0x12 val=0x70 size=2\n"
                    "1@1.0:pcnet_ioport_write opaque=0x1 addr=0x10 val=0x5 size=2\n")
        pcnet = json.loads(subprocess.run(
            [sys.executable, REGS, "pcnet", "mdrv", "fwd", "4", "0", pc],
            capture_output=True, text=True, check=True).stdout)
        regs = {(t["rw"], t["reg"]): t["per_packet"] for t in e1000["top"]}
        pregs = {(t["rw"], t["reg"]) for t in pcnet["top"]}
        check("accesses per packet, named from common/",
              e1000["per_packet"] == 2 and regs == {("R", "ICR"): 1, ("W", "TDT"): 1} and
              e1000["irqs_per_packet"] == 0.5 and pcnet["per_packet"] == 1 and
              pregs == {("W", "RAP"), ("R", "CSR0"), ("W", "CSR112")},
              json.dumps([e1000, pcnet]))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
