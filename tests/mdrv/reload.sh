#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 20 load/unload cycles of mdrv, with traffic through both NICs in between.
. "$(dirname "$0")/lib.sh"

CYCLES=${CYCLES:-20}

for c in $(seq "$CYCLES"); do
	wire mdrv mdrv
	ping -q -c 3 -i 0.05 -W 2 "$ADDR_B" >/dev/null ||
		fail "cycle $c: e1000 -> pcnet"
	ip netns exec "$NS" ping -q -c 3 -i 0.05 -W 2 "$ADDR_A" >/dev/null ||
		fail "cycle $c: pcnet -> e1000"
	ip netns del "$NS"
	rmmod mdrv || fail "cycle $c: rmmod"
	[ -d /sys/module/mdrv ] && fail "cycle $c: module still present"
done
log "$CYCLES load/traffic/unload cycles"
exit 0
