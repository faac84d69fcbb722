#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The user half dies and a new one takes over under traffic, and nothing a
# user set is lost: one setting of each kind is made through ip and ethtool,
# then ping every 10 ms and a TCP stream run across kill -9 of mdrvd and a
# new mdrvd. Measured and required: no ping lost, no one-second interval of
# the stream without data, no carrier change, no chip reset or ring
# reallocation (the devices' restart count), and every setting as it was.
. "$(dirname "$0")/lib.sh"

OUT=${MDRV_OUT:-/tmp}
wire mdrv mdrv
E=$E1000_BDF
P=$PCNET_BDF
coalescing_nic
daemon_start

mac0=$(cat "/sys/class/net/$DEV_A/address")
# back to what other tests expect, whatever happened
cleanup() {
	local rc=$?

	ip link del "$DEV_A.100" 2>/dev/null
	ip maddr del 01:00:5e:00:00:42 dev "$DEV_A" 2>/dev/null
	ip link set "$DEV_A" allmulticast off
	ethtool -s "$DEV_A" wol d msglvl 0 advertise 0x02f
	ethtool -A "$DEV_A" autoneg on rx on tx on
	ethtool -G "$DEV_A" rx 256 tx 256
	ip link set "$DEV_A" mtu 1500
	ip link set "$DEV_A" address "$mac0"
	ip -n "$NS" neigh flush dev "$DEV_B"
	[ -z "$DEV_C" ] || ethtool -C "$DEV_C" rx-usecs 50
	ip netns exec "$NS" ethtool -G "$DEV_B" rx 256
	ip -n "$NS" link set "$DEV_B" promisc off
	(exit "$rc")
	lib_cleanup
}
trap cleanup EXIT

# one setting of each kind, none of them the default (rings larger than
# the default: smaller ones drop pings under the stream by themselves)
ethtool -G "$DEV_A" rx 512 tx 512 || fail "ring"
ip link set "$DEV_A" mtu 4000 || fail "mtu"
ip link set "$DEV_A" address 02:00:00:99:00:01 || fail "address"
ip link set "$DEV_A" allmulticast on || fail "allmulti"
ip maddr add 01:00:5e:00:00:42 dev "$DEV_A" || fail "maddr"
ip link add link "$DEV_A" name "$DEV_A.100" type vlan id 100 || fail "vlan"
ethtool -s "$DEV_A" wol g || fail "wol"
ethtool -s "$DEV_A" msglvl 0x3 || fail "msglvl"
ethtool -s "$DEV_A" advertise 0x028 || fail "advertise"	# 100 full, 1000 full
ethtool -A "$DEV_A" autoneg off rx off tx on || fail "pause"
[ -n "$DEV_C" ] && { ethtool -C "$DEV_C" rx-usecs 100 || fail "coalesce"; }
ip netns exec "$NS" ethtool -G "$DEV_B" rx 512 || fail "pcnet ring"
ip -n "$NS" link set "$DEV_B" promisc on || fail "promisc"
ip -n "$NS" neigh flush dev "$DEV_B"
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic after the settings"

snapshot() {
	ethtool "$DEV_A" | grep -v "Link detected"
	ethtool -a "$DEV_A"
	ethtool -g "$DEV_A" | sed -n '/Current/,$p'
	ip -o link show "$DEV_A" | sed 's/ qlen.*//'
	ip maddr show dev "$DEV_A"
	ip -o link show "$DEV_A.100" | sed 's/ qlen.*//'
	echo "VFTA[3] $(reg "$E" mmio 0x560c)"
	[ -z "$DEV_C" ] || ethtool -c "$DEV_C"
	ip netns exec "$NS" ethtool -g "$DEV_B" | sed -n '/Current/,$p'
	ip -n "$NS" -o link show "$DEV_B" | sed 's/ qlen.*//'
	echo "resets $(dev_field "$E" resets) $(dev_field "$P" resets)"
	echo "carrier_changes $(cat "/sys/class/net/$DEV_A/carrier_changes")" \
	     "$(ip netns exec "$NS" cat "/sys/class/net/$DEV_B/carrier_changes")"
}
snapshot >"$OUT/restart-before.txt"

# window KILL: ping every 10 ms for 12 s and a 10 s TCP stream; with KILL
# 1, mdrvd is killed 3 s in and a new one started. Sets W_MS (kill to
# configured), W_SENT, W_LOST (pings), W_N, W_EMPTY (one-second intervals).
window() {
	local pg ipf t0 got

	W_MS=0
	ping -i 0.01 -w 12 -q "$ADDR_B" >"$OUT/restart-ping.txt" 2>&1 &
	pg=$!
	# at 50 Mbit/s: a saturated path drops pings of its own (6 of 1017
	# in a control run at full speed, 9 of 1005 at 100 Mbit/s with rings
	# of 128 in the suite's boot, without any restart)
	iperf_json 10 -b 50M >"$OUT/restart-iperf.json" &
	ipf=$!
	sleep 3
	if [ "$1" = 1 ]; then
		t0=$(date +%s%N)
		kill -9 "$DAEMON"
		wait "$DAEMON" 2>/dev/null
		daemon_start
		W_MS=$((($(date +%s%N) - t0) / 1000000))
	fi
	wait "$ipf" || fail "the TCP stream did not survive (kill $1)"
	wait "$pg"
	read -r W_SENT got < <(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' \
		"$OUT/restart-ping.txt")
	[ -n "$W_SENT" ] && [ "$W_SENT" -ge 500 ] ||
		fail "ping: $(tail -n 2 "$OUT/restart-ping.txt")"
	W_LOST=$((W_SENT - got))
	read -r W_N W_EMPTY < <(python3 -c '
import json, sys
iv = json.load(open(sys.argv[1]))["intervals"]
print(len(iv), sum(1 for i in iv if i["sum"]["bytes"] == 0))' "$OUT/restart-iperf.json")
}

window 0
log "control, no restart: $W_LOST of $W_SENT pings lost, $W_EMPTY of $W_N intervals empty"
[ "$W_LOST" = 0 ] && [ "$W_EMPTY" = 0 ] || fail "the control run lost traffic already"
window 1
snapshot >"$OUT/restart-after.txt"
diff -u "$OUT/restart-before.txt" "$OUT/restart-after.txt" | sed 's/^/# /'
cmp -s "$OUT/restart-before.txt" "$OUT/restart-after.txt" ||
	fail "a setting, the restart count or the carrier changed across the restart"
log "kill -9 and a new mdrvd (owning and configured $W_MS ms after the kill) under traffic: $W_LOST of $W_SENT pings lost, $W_EMPTY of $W_N one-second intervals empty, carrier changes and restart counts unchanged, every setting kept"
[ "$W_LOST" = 0 ] || fail "$W_LOST pings lost"
[ "$W_EMPTY" = 0 ] || fail "$W_EMPTY empty intervals"
exit 0
