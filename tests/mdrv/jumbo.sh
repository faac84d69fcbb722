#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# e1000 jumbo frames and interrupt coalescing through mdrvd, on the suite's
# second hub: an 82545EM (00:05.0) and an 82540EM (00:06.0), both mdrv.
# MTU 9000 moves real 9000-byte frames both ways; `ethtool -C` programs
# the 82545EM's ITR and is refused on the 82540EM, as with the stock e1000.
. "$(dirname "$0")/lib.sh"

J1=0000:00:05.0
J2=0000:00:06.0
for b in $J1 $J2; do
	[ -e "/sys/bus/pci/devices/$b" ] || { log "no NIC at $b (run the suite with tests/vm/run)"; exit $KSFT_SKIP; }
done
[ "$(cat /sys/bus/pci/devices/$J1/device)" = 0x100f ] || fail "$J1 is not an 82545EM"

bind_driver $J1 mdrv
bind_driver $J2 mdrv
D1=$(netdev_of $J1)
D2=$(netdev_of $J2)
ip netns del "$NS" 2>/dev/null
ip netns add "$NS"
ip link set "$D2" netns "$NS"
ip addr add 10.98.0.1/24 dev "$D1"
ip -n "$NS" addr add 10.98.0.2/24 dev "$D2"
daemon_start
ip link set "$D1" mtu 9000 || fail "82545EM mtu 9000"
ip -n "$NS" link set "$D2" mtu 9000 || fail "82540EM mtu 9000"
ip link set "$D1" up
ip -n "$NS" link set "$D2" up
for i in $(seq 30); do ping -q -c 1 -W 1 10.98.0.2 >/dev/null 2>&1 && break; done

ping -q -c 5 -i 0.1 -W 2 -s 8972 -M do 10.98.0.2 ||
	fail "9000-byte frames 82545EM -> 82540EM"
ip netns exec "$NS" ping -q -c 5 -i 0.1 -W 2 -s 8972 -M do 10.98.0.1 ||
	fail "9000-byte frames 82540EM -> 82545EM"
ping -q -c 2 -W 2 -s 9000 -M do 10.98.0.2 >/dev/null 2>&1 &&
	fail "a frame over the MTU went out"
[ "$(dev_field $J1 rx_buf_len)" = 16384 ] || fail "82545EM rx buffers at mtu 9000"

mbps=$(IPERF_TO=10.98.0.2 iperf_tcp 3) || fail "TCP at mtu 9000"
log "TCP at mtu 9000, 82545EM -> 82540EM: $mbps Mbit/s"

# --- coalescing: ITR in 256 ns units; only the 82545EM offers it ---------
ethtool -C "$D1" rx-usecs 100 || fail "ethtool -C on the 82545EM"
itr=$(reg $J1 mmio 0xc4)
[ $((itr)) -eq 391 ] || fail "ITR $itr for 100 us, want 391"
ethtool -c "$D1" | grep -q '^rx-usecs:[[:space:]]*100' || fail "ethtool -c rx-usecs"
log "82545EM: rx-usecs 100 -> ITR $((itr))"
out=$(ip netns exec "$NS" ethtool -C "$D2" rx-usecs 100 2>&1) &&
	fail "82540EM accepted coalescing (the stock e1000 refuses it)"
log "82540EM: $out"
ping -q -c 3 -i 0.1 -W 2 10.98.0.2 >/dev/null || fail "ping after coalescing"

# back to a standard MTU: long packets off, 2 KiB buffers
ip link set "$D1" mtu 1500 || fail "mtu 1500"
[ "$(dev_field $J1 rx_buf_len)" = 2048 ] || fail "82545EM rx buffers back at mtu 1500"
exit 0
