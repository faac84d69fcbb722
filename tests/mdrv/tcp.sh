#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrv on both NICs: TCP (iperf3) for 5 s in each direction.
. "$(dirname "$0")/lib.sh"

wire mdrv mdrv
fwd=$(iperf_tcp 5) || fail "iperf3 e1000 -> pcnet"
rev=$(iperf_tcp 5 -R) || fail "iperf3 pcnet -> e1000"
log "TCP mdrv e1000 -> mdrv pcnet: $fwd Mbit/s"
log "TCP mdrv pcnet -> mdrv e1000: $rev Mbit/s"
# a connection that moved almost nothing is a failure, not a slow pass
python3 -c "import sys; sys.exit(0 if min($fwd, $rev) > $TCP_FLOOR else 1)" ||
	fail "throughput below $TCP_FLOOR Mbit/s"
exit 0
