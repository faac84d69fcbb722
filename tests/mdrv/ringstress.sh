#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Ring reallocation under TCP streams, many times over: each ethtool -G
# stops the data path (NAPI, queue, interrupt), frees and reallocates both
# rings and starts again while the stack keeps transmitting. The stream must
# survive every restart, the kernel must log nothing bad, traffic must flow
# after. (CI once oopsed in e1000_tx_ctx on freed rings: a TX clean in NAPI
# could wake the queue between netif_tx_disable() and napi_disable(). That
# window is microseconds wide; 400 rounds here did not hit it on the old
# module, so this test guards the restart path in general, not that race.)
. "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-40}
SECS=${SECS:-20}

wire mdrv mdrv
daemon_start

iperf_json "$SECS" -P 2 >"${MDRV_OUT:-/tmp}/ringstress-iperf.json" 2>&1 &
ipf=$!
sleep 2
sizes=(64 128 256 512)
t0=$(date +%s%N)
for i in $(seq "$ROUNDS"); do
	a=${sizes[$((i % 4))]}
	b=${sizes[$(((i + 1) % 4))]}
	ethtool -G "$DEV_A" rx "$a" tx "$b" || fail "round $i: ethtool -G $DEV_A rx $a tx $b"
	ip netns exec "$NS" ethtool -G "$DEV_B" rx "$b" tx "$a" ||
		fail "round $i: ethtool -G $DEV_B rx $b tx $a"
	kill -0 "$ipf" 2>/dev/null || break
done
ms=$((($(date +%s%N) - t0) / 1000000))
wait "$ipf" || fail "the TCP stream did not survive the restarts ($(tail -n 3 "${MDRV_OUT:-/tmp}/ringstress-iperf.json"))"
mbps=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["end"]["sum_received"]
print("%.1f" % (r["bits_per_second"] / 1e6))' "${MDRV_OUT:-/tmp}/ringstress-iperf.json")
log "$i rounds of ethtool -G on both NICs in $ms ms under 2 TCP streams: $mbps Mbit/s over ${SECS} s"
ethtool -G "$DEV_A" rx 256 tx 256
ip netns exec "$NS" ethtool -G "$DEV_B" rx 256 tx 256
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic after the restarts"

# The smallest TX ring under a TCP stream: the queue stops when the ring is
# full and the TX clean (or the transmit's re-check) starts it again, which
# ethtool -S counts in tx_restart_queue, as the stock e1000 does. Each NIC
# sends in turn (the PCnet with -R).
restarts() { ${2:+ip netns exec "$2"} ethtool -S "$1" | awk '$1 == "tx_restart_queue:" {print $2}'; }
ethtool -G "$DEV_A" tx 64 || fail "ethtool -G $DEV_A tx 64"
ip netns exec "$NS" ethtool -G "$DEV_B" tx 16 || fail "ethtool -G $DEV_B tx 16"
a0=$(restarts "$DEV_A")
b0=$(restarts "$DEV_B" "$NS")
iperf_json 3 >/dev/null || fail "TCP with a 64-slot TX ring"
iperf_json 3 -R >/dev/null || fail "TCP with a 16-slot TX ring (PCnet)"
a1=$(restarts "$DEV_A")
b1=$(restarts "$DEV_B" "$NS")
[ "$a1" -gt "$a0" ] || fail "$DEV_A tx_restart_queue $a0 -> $a1 under TCP with a 64-slot TX ring"
[ "$b1" -gt "$b0" ] || fail "$DEV_B tx_restart_queue $b0 -> $b1 under TCP with a 16-slot TX ring"
log "smallest TX rings under TCP, 3 s each way: tx_restart_queue e1000 $a0 -> $a1, PCnet $b0 -> $b1"
ethtool -G "$DEV_A" tx 256
ip netns exec "$NS" ethtool -G "$DEV_B" tx 256
exit 0
