#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrv against the stock drivers on the same boot: the stock pair
# (e1000 <-> pcnet32) and the mdrv pair, TCP throughput and UDP 64-byte
# packet rate in both directions, two interleaved rounds, best of each.
# Prints the ratios, writes them to
# $MDRV_OUT/bench.json, and fails if mdrv is slower than the stock pair by
# more than the noise margin (MARGIN, default 0.9) on a TCP direction.
. "$(dirname "$0")/lib.sh"

# a performance figure: the debug kernel's detectors would be measured
[ "${MDRV_TIMEOUT_SCALE:-1}" -gt 1 ] &&
	{ log "performance: not measured under the debug kernel"; exit $KSFT_SKIP; }

SECS=${SECS:-5}
MARGIN=${MARGIN:-0.9}

# iperf_udp64 [-R]: received 64-byte UDP datagrams per second
iperf_udp64() {
	local out

	out=$(iperf_json "$SECS" -u -b 0 -l 64 "$@") || return 1
	echo "$out" | python3 -c '
import json, sys
s = json.load(sys.stdin)["end"]["sum"]
print("%.0f" % ((s["packets"] - s["lost_packets"]) / s["seconds"]))'
}

best() { python3 -c "import sys; print(max(float(x) for x in sys.argv[1:]))" "$@"; }

# try CMD...: a measurement, once more if it fails (the stock pcnet32 has
# been seen to lose an iperf3 control connection under a UDP flood)
try() { "$@" || { log "retrying: $*" >&2; sleep 1; "$@"; }; }

# measure NAME E1000_DRIVER PCNET_DRIVER: one round, appended to NAME_*
measure() {
	local v

	ip netns del "$NS" 2>/dev/null
	sleep 0.5
	rebind "$E1000_BDF" "$2"
	rebind "$PCNET_BDF" "$3"
	wire "$2" "$3"
	v=$(try iperf_tcp "$SECS") || fail "$1 TCP forward"
	eval "$1_tcp_fwd+=\" $v\""
	v=$(try iperf_tcp "$SECS" -R) || fail "$1 TCP reverse"
	eval "$1_tcp_rev+=\" $v\""
	v=$(try iperf_udp64) || fail "$1 UDP forward"
	eval "$1_udp_fwd+=\" $v\""
	v=$(try iperf_udp64 -R) || fail "$1 UDP reverse"
	eval "$1_udp_rev+=\" $v\""
	ip netns del "$NS"
}

# Two rounds each, interleaved, best of each: the host's own load shifts
# TCG's speed over a run, and interleaving spreads that over both drivers.
for round in 1 2; do
	measure stock e1000 pcnet32
	measure mdrv mdrv mdrv
done
log "rounds: stock tcp $stock_tcp_fwd /$stock_tcp_rev, mdrv tcp $mdrv_tcp_fwd /$mdrv_tcp_rev"
log "rounds: stock udp $stock_udp_fwd /$stock_udp_rev, mdrv udp $mdrv_udp_fwd /$mdrv_udp_rev"
for v in stock_tcp_fwd stock_tcp_rev stock_udp_fwd stock_udp_rev \
	 mdrv_tcp_fwd mdrv_tcp_rev mdrv_udp_fwd mdrv_udp_rev; do
	eval "$v=\$(best \$$v)"
done

python3 - "$MARGIN" "${MDRV_OUT:-/tmp}/bench.json" <<PY
import json, sys
margin, path = float(sys.argv[1]), sys.argv[2]
r = {
  "tcp_e1000_to_pcnet_mbps": ($stock_tcp_fwd, $mdrv_tcp_fwd),
  "tcp_pcnet_to_e1000_mbps": ($stock_tcp_rev, $mdrv_tcp_rev),
  "udp64_e1000_to_pcnet_pps": ($stock_udp_fwd, $mdrv_udp_fwd),
  "udp64_pcnet_to_e1000_pps": ($stock_udp_rev, $mdrv_udp_rev),
}
out = {}
for k, (stock, mdrv) in r.items():
    ratio = mdrv / stock if stock else float("inf")
    out[k] = {"stock": stock, "mdrv": mdrv, "ratio": round(ratio, 2)}
    print("# %-26s stock %9.1f  mdrv %9.1f  ratio %.2f" % (k, stock, mdrv, ratio))
json.dump(out, open(path, "w"), indent=1)
bad = [k for k in out if k.startswith("tcp") and out[k]["ratio"] < margin]
if bad:
    print("# mdrv slower than stock beyond the margin:", ", ".join(bad))
    sys.exit(1)
PY
