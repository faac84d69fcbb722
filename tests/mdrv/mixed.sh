#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrv against the stock drivers: stock e1000 <-> mdrv pcnet and
# mdrv e1000 <-> stock pcnet32, ping and TCP both ways.
. "$(dirname "$0")/lib.sh"

pair() {
	local fwd rev

	wire "$1" "$2"
	ping -q -c 10 -i 0.05 -W 2 "$ADDR_B" || fail "$1 -> $2 ping"
	ip netns exec "$NS" ping -q -c 10 -i 0.05 -W 2 "$ADDR_A" ||
		fail "$2 -> $1 ping"
	fwd=$(iperf_tcp 5) || fail "iperf3 $1 -> $2"
	rev=$(iperf_tcp 5 -R) || fail "iperf3 $2 -> $1"
	log "TCP $1(e1000) -> $2(pcnet): $fwd Mbit/s; back: $rev Mbit/s"
	python3 -c "import sys; sys.exit(0 if min($fwd, $rev) > 10 else 1)" ||
		fail "throughput below 10 Mbit/s"
	ip netns del "$NS"
}

pair e1000 mdrv
pair mdrv pcnet32
exit 0
