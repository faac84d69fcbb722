#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrv on both NICs: UDP with 64- and 1472-byte payloads both ways
# (udp_payload, a kselftest_harness test).
. "$(dirname "$0")/lib.sh"

[ -x "$LIB_DIR/udp_payload" ] || { log "udp_payload not built"; exit $KSFT_SKIP; }
wire mdrv mdrv
if ! MDRV_NS=$NS "$LIB_DIR/udp_payload"; then
	# where the datagram went: driver counters and the stack's
	ip -s link show dev "$DEV_A" | sed 's/^/# /'
	ip -n "$NS" -s link show dev "$DEV_B" | sed 's/^/# /'
	ip netns exec "$NS" nstat -az | grep -E 'Udp|IpIn' | grep -v ' 0 ' | sed 's/^/# /'
	nstat -az | grep -E 'Udp|IpIn' | grep -v ' 0 ' | sed 's/^/# /'
	fail "udp_payload"
fi
exit 0
