#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrv on both NICs: ping both ways, small and full-size, and the interface
# counters count what was sent.
. "$(dirname "$0")/lib.sh"

wire mdrv mdrv

tx0=$(link_stat "$DEV_A" "" tx.packets)
rx0=$(link_stat "$DEV_B" "$NS" rx.packets)
ping -q -c 20 -i 0.05 -W 2 "$ADDR_B" || fail "e1000 -> pcnet"
ip netns exec "$NS" ping -q -c 20 -i 0.05 -W 2 "$ADDR_A" || fail "pcnet -> e1000"
ping -q -c 10 -i 0.05 -s 1472 -M do -W 2 "$ADDR_B" || fail "full-size e1000 -> pcnet"
ip netns exec "$NS" ping -q -c 10 -i 0.05 -s 1472 -M do -W 2 "$ADDR_A" ||
	fail "full-size pcnet -> e1000"
tx1=$(link_stat "$DEV_A" "" tx.packets)
rx1=$(link_stat "$DEV_B" "$NS" rx.packets)
log "e1000 tx packets +$((tx1 - tx0)), pcnet rx packets +$((rx1 - rx0))"
# 30 requests and 30 replies at least went each way
[ $((tx1 - tx0)) -ge 60 ] || fail "e1000 tx counter moved by $((tx1 - tx0))"
[ $((rx1 - rx0)) -ge 60 ] || fail "pcnet rx counter moved by $((rx1 - rx0))"
exit 0
