#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench_report.py: the figures of bench.sh's runs, as ratios.

    bench_report.py [--margin M] [--gate] [--meta JSON] [--plot DAT]
                    RUNS.jsonl... OUT.json

RUNS.jsonl holds one record per line: {"round", "config", "metric", "value"}
for the data path (configurations ss, ms, sm, mm, aa; see bench.sh) and
{"kind", "data"} for everything measured once (register accesses, control
latency, upcall round trip, scale). A data-path ratio is a configuration's
figure over the stock baseline of the same round: the mean of its ss and aa
runs, made before and after it (ss alone when there is no aa); the A/A
ratio is aa over ss, what stock against stock looks like. The summary gives,
per chip,
the median of the figures and of the ratios with the ratios' min and max.
Prints tables; with --gate, exits 1 if a per-chip TCP ratio is below the
margin in every round (see GATED).
--meta adds an object (machine, QEMU) to OUT.json; --plot writes the ratios
for bench.gp (label, median, min, max, one line each).
"""
import json
import statistics
import sys

# figure -> (unit, which way is better)
METRICS = {
    "tcp_fwd": ("Mbit/s", "higher"),
    "tcp_rev": ("Mbit/s", "higher"),
    "tcp_fwd_retrans_pct": ("%", "info"),	# of the sender's segments
    "tcp_rev_retrans_pct": ("%", "info"),
    "udp_fwd": ("pkt/s", "higher"),
    "udp_rev": ("pkt/s", "higher"),
    "udp_fwd_sent": ("pkt/s", "info"),	# what the sender put out
    "udp_rev_sent": ("pkt/s", "info"),
    "ping_p50_ms": ("ms", "lower"),
    "ping_p99_ms": ("ms", "lower"),
    "cpu_ms_per_mb": ("ms/MB", "lower"),
    "irq_e1000_per_s": ("1/s", "lower"),
    "irq_pcnet_per_s": ("1/s", "lower"),
    "irq_line_per_s": ("1/s", "lower"),	# both NICs on one line
}
# What --gate fails on, and how: a per-chip TCP ratio below the margin in
# every round, i.e. a loss that each round shows, not one that the spread
# of the suite's 2-s runs makes (the stock A/A control ranges 0.67-1.37 over
# 2 rounds there). 64-byte UDP is reported, not gated: its spread is wider
# than TCP's (Documentation/performance.rst).
GATED = ("tcp_fwd", "tcp_rev")
# (row, configuration, its baseline configurations): a round's ratio is the
# configuration's figure over the mean of its baselines' in that round.
# "e1000/mdrv" is mdrv's e1000 against the stock e1000 with mdrv's PCnet as
# the peer in both (mm over sm): the stock pcnet32 loses 1.5-2.4% of the
# segments sent to it, and TCP into it swings so much that stock against
# stock (aa over ss) ranged 0.67..1.38 over 3 rounds of the quick bench;
# into mdrv's PCnet (0.02-0.08% lost) the same comparison holds still.
CHIPS = [("e1000", "ms", ("ss", "aa")), ("pcnet", "sm", ("ss", "aa")),
         ("pair", "mm", ("ss", "aa")), ("e1000/mdrv", "mm", ("sm",)),
         ("stock A/A", "aa", ("ss",))]
# the rows the gate looks at: each chip against a peer that does not drop
GATED_ROWS = ("e1000/mdrv", "pcnet")


def load(paths):
    runs, once = [], []
    for path in paths:
        with open(path) as f:
            for line in f:
                if not line.strip():
                    continue
                d = json.loads(line)
                (once if "kind" in d else runs).append(d)
    return runs, once


def median_of(runs, metric):
    """a figure measured in some configurations only (mdrvd's cost)"""
    v = {}
    for d in runs:
        if d["metric"] == metric:
            v.setdefault(d["config"], []).append(float(d["value"]))
    return {c: statistics.median(x) for c, x in v.items()}


def datapath(runs):
    val = {}
    for d in runs:
        val[(d["config"], d["metric"], d["round"])] = float(d["value"])
    rounds = sorted({d["round"] for d in runs})
    out = {}
    for chip, cfg, bases in CHIPS:
        res = {}
        for m, (unit, better) in METRICS.items():
            def base(r):
                b = [val[(c, m, r)] for c in bases if (c, m, r) in val]
                return sum(b) / len(b)
            pairs = [(base(r), val[(cfg, m, r)]) for r in rounds
                     if (bases[0], m, r) in val and (cfg, m, r) in val]
            if not pairs:
                continue
            ratios = [b / a for a, b in pairs if a > 0]
            if not ratios:
                continue
            res[m] = {
                "unit": unit, "better": better,
                "stock": statistics.median(a for a, _ in pairs),
                "mdrv" if cfg != "aa" else "stock_again":
                    statistics.median(b for _, b in pairs),
                "ratio": round(statistics.median(ratios), 3),
                "ratio_min": round(min(ratios), 3),
                "ratio_max": round(max(ratios), 3),
                "rounds": len(ratios),
            }
        if res:
            out[chip] = res
    return out


def fmt(v):
    return "%.3g" % v if abs(v) < 100 else "%.0f" % v


def table(summary, margin):
    lines = ["%-10s %-16s %10s %10s %7s  %-13s %s" %
             ("chip", "figure", "stock", "mdrv", "ratio", "min..max", "goal")]
    bad = []
    for chip, res in summary["datapath"].items():
        for m, r in res.items():
            mine = r.get("mdrv", r.get("stock_again"))
            goal = {"higher": ">= 1.00", "lower": "<= 1.00"}.get(r["better"], "")
            ok = (r["ratio"] >= 1.0) if r["better"] == "higher" else (r["ratio"] <= 1.0)
            if not goal:
                chip_ok = ""
            elif chip == "stock A/A":
                chip_ok = ""
            else:
                chip_ok = "met" if ok else "MISSED"
            lines.append("%-10s %-16s %10s %10s %7.2f  %5.2f..%-5.2f  %s %s" %
                         (chip, m, fmt(r["stock"]), fmt(mine), r["ratio"],
                          r["ratio_min"], r["ratio_max"], goal, chip_ok))
            if chip in GATED_ROWS and m in GATED and r["ratio_max"] < margin:
                bad.append("%s %s %.2f" % (chip, m, r["ratio_max"]))
    aa = summary["datapath"].get("stock A/A", {})
    aa_low = [m for m in METRICS if METRICS[m][1] == "higher" and m in aa and
              aa[m]["ratio_min"] < margin]
    return lines, bad, aa_low


def pick(lst, **kw):
    return [d for d in lst if all(d.get(k) == v for k, v in kw.items())]


def tables_once(summary):
    """the figures measured once: accesses, control, upcall, mdrvd, scale"""
    lines = []
    acc = summary.get("accesses", [])
    if acc:
        lines += ["", "register accesses and interrupts per packet (64-byte UDP, %s)" %
                  "fixed rate", "%-6s %-8s %-4s %8s %9s %8s %8s  %s" %
                  ("chip", "driver", "way", "packets", "acc/pkt", "rd/pkt", "irq/pkt",
                   "most accessed (per packet)")]
        for d in acc:
            top = ", ".join("%s %s %.2f" % (t["rw"], t["reg"], t["per_packet"] or 0)
                            for t in d["top"][:4])
            lines.append("%-6s %-8s %-4s %8d %9s %8s %8s  %s" %
                         (d["chip"], d["driver"], d["dir"], d["packets"],
                          d["per_packet"], d["reads_per_packet"], d["irqs_per_packet"], top))
    ctl = summary.get("control", [])
    if ctl:
        lines += ["", "control path latency, us (in-process, ctl_lat); ratio = mdrv/stock",
                  "%-6s %-7s %5s %9s %9s %9s %9s %7s %7s" %
                  ("chip", "op", "procs", "stock p50", "mdrv p50", "stock p99",
                   "mdrv p99", "r p50", "r p99")]
        for d in pick(ctl, driver="mdrv"):
            st = pick(ctl, driver="stock", chip=d["chip"], op=d["op"], procs=d.get("procs"))
            st = st[0] if st else {}
            if d.get("unsupported"):
                continue
            if st.get("unsupported") or not st:
                lines.append("%-6s %-7s %5s %9s %9.1f %9s %9.1f %7s %7s" %
                             (d["chip"], d["op"], d["procs"], "n/a", d["p50_us"], "n/a",
                              d["p99_us"], "-", "-"))
                continue
            d["ratio_p50"] = round(d["p50_us"] / st["p50_us"], 3)
            d["ratio_p99"] = round(d["p99_us"] / st["p99_us"], 3)
            lines.append("%-6s %-7s %5s %9.1f %9.1f %9.1f %9.1f %7.2f %7.2f" %
                         (d["chip"], d["op"], d["procs"], st["p50_us"], d["p50_us"],
                          st["p99_us"], d["p99_us"], d["ratio_p50"], d["ratio_p99"]))
    ups = [d for d in summary.get("upcall", []) if d]
    if ups:
        lines += ["", "mdrv upcall round trip (mdrv_upcall, function_graph)"]
    for d in ups:
        lines.append("  %s: p50 %.1f us, p99 %.1f us over %d calls" %
                     (d.get("what", d.get("op", "scoal")), d["p50_us"], d["p99_us"],
                      d["calls"]))
    for d in summary.get("upcall_parts", []):
        if d.get("trips"):
            lines.append("  parts of the round trip alone, p50 us over %d: " % d["trips"] +
                         ", ".join("%s %.1f" % (k, d[k + "_us"])
                                   for k in ("post", "wake", "serve", "bell", "back")
                                   if d.get(k + "_us") is not None))
    dm = summary.get("daemon", [])
    for d in dm:
        lines.append("mdrvd %s: CPU %.3f%%, RSS %d kB" % (d["state"], d["cpu_pct"], d["rss_kb"]))
    for k, v in summary.get("daemon_traffic", {}).items():
        lines.append("mdrvd under traffic (%s): %s" % (k, v))
    sc = summary.get("scale", [])
    if sc:
        lines += ["", "one mdrvd, N NICs", "%5s %10s %12s %12s %8s %9s" %
                  ("NICs", "bind s", "hotplug->own", "start->own", "RSS kB", "idle CPU%")]
        for d in sc:
            lines.append("%5d %10.3f %12.3f %12.3f %8d %9.3f" %
                         (d["nics"], d["bind_s"], d["hotplug_to_owned_s"],
                          d["start_to_owned_s"], d["rss_kb"], d["idle_cpu_pct"]))
    scc = summary.get("scale_control", [])
    if scc:
        lines += ["", "8 callers at once over the NICs, us; ratio = mdrv/stock",
                  "%5s %-6s %9s %9s %9s %9s %7s %7s" %
                  ("NICs", "op", "stock p50", "mdrv p50", "stock p99", "mdrv p99",
                   "r p50", "r p99")]
        for d in pick(scc, driver="mdrv"):
            st = pick(scc, driver="stock", nics=d["nics"], op=d["op"])
            if not st or st[0].get("unsupported") or d.get("unsupported"):
                continue
            st = st[0]
            d["ratio_p50"] = round(d["p50_us"] / st["p50_us"], 3)
            d["ratio_p99"] = round(d["p99_us"] / st["p99_us"], 3)
            lines.append("%5d %-6s %9.1f %9.1f %9.1f %9.1f %7.2f %7.2f" %
                         (d["nics"], d["op"], st["p50_us"], d["p50_us"], st["p99_us"],
                          d["p99_us"], d["ratio_p50"], d["ratio_p99"]))
    return lines


def plot_data(summary, path):
    """label median min max, one line per ratio (bench.gp)"""
    with open(path, "w") as f:
        for chip, res in summary["datapath"].items():
            for m, r in res.items():
                if r["better"] == "info":
                    continue
                f.write('"%s %s" %s %s %s\n' % (chip, m, r["ratio"], r["ratio_min"],
                                                r["ratio_max"]))
        for d in summary.get("control", []):
            if "ratio_p50" in d:
                lo, hi = sorted((d["ratio_p50"], d["ratio_p99"]))
                f.write('"ctl %s %s P%s" %s %s %s\n' % (d["chip"], d["op"], d["procs"],
                                                         d["ratio_p50"], lo, hi))


def main(argv):
    margin, gate, meta, plot = 0.90, False, None, None
    args = []
    it = iter(argv)
    for a in it:
        if a == "--margin":
            margin = float(next(it))
        elif a == "--gate":
            gate = True
        elif a == "--meta":
            meta = json.loads(next(it))
        elif a == "--plot":
            plot = next(it)
        else:
            args.append(a)
    runs, once = load(args[:-1])
    summary = {"datapath": datapath(runs), "margin": margin}
    if meta:
        summary["machine"] = meta
    for d in once:
        summary.setdefault(d["kind"], []).append(d["data"])
    cost = median_of(runs, "mdrvd_cpu_pct_traffic")
    if cost:
        summary["daemon_traffic"] = {
            c: "CPU %.2f%%, RSS %d kB" % (v, median_of(runs, "mdrvd_rss_kb").get(c, 0))
            for c, v in cost.items()}
    lines, bad, aa_low = table(summary, margin)
    lines += tables_once(summary)
    summary["below_margin"] = bad
    summary["aa_below_margin"] = aa_low
    # a run that stalled twice (bench.sh stalled()): never a figure, always said
    stalls = sorted("%s round %s %s" % (d["config"], d["round"], d["metric"][6:])
                    for d in runs if d["metric"].startswith("stall_"))
    summary["stalls"] = stalls
    # measured again after fresh probes (bench.sh measure); stalled again:
    per = {}
    for d in runs:
        if d["metric"].startswith("stall_"):
            k = "%s round %s" % (d["config"], d["round"])
            per[k] = per.get(k, 0) + 1
    twice = sorted(k for k, n in per.items() if n > 1)
    summary["stalled_twice"] = twice
    with open(args[-1], "w") as f:
        json.dump(summary, f, indent=1)
    if plot:
        plot_data(summary, plot)
    for line in lines:
        print("# " + line)
    if aa_low:
        print("# the stock A/A control went below %.2f in a round on: %s" %
              (margin, ", ".join(aa_low)))
    if stalls:
        print("# STALLED (traffic stopped; the configuration measured again after "
              "fresh probes): %s" % "; ".join(stalls))
    if twice:
        print("# STALLED AGAIN after fresh probes: %s" % "; ".join(twice))
    if bad:
        print("# mdrv below %.2f of stock in every round: %s" % (margin, "; ".join(bad)))
    return 1 if gate and (bad or twice) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
