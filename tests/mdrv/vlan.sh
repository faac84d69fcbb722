#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 802.1Q VLANs over mdrv e1000 <-> mdrv PCnet, with mdrvd: the e1000 strips
# and inserts tags in hardware (CTRL.VME, the TX descriptor's VLE bit) and
# filters VIDs (VFTA, RCTL.VFE); the PCnet has no VLAN support, its stack
# tags in software. Checked by registers, by traffic both ways, by counters
# (a VID not added is dropped by the chip) and by TCP with TSO and checksum
# offload over the VLAN.
. "$(dirname "$0")/lib.sh"

cleanup() {
	local rc=$?

	ip link del "$DEV_A.$V" 2>/dev/null
	(exit "$rc")
	lib_cleanup
}
trap cleanup EXIT

wire mdrv mdrv
daemon_start
E=$E1000_BDF
V=100
VA=10.99.100.1
VB=10.99.100.2
modprobe 8021q || fail "modprobe 8021q"

hexeq() {	# hexeq WHAT GOT WANT
	[ $(($2)) -eq $(($3)) ] || fail "$1: got $2, want $3"
	log "$1: $2"
}

# feature NAME: "on" or "off" as `ethtool -k` shows it on the e1000
feature() {
	ethtool -k "$DEV_A" | awk -v f="$1:" '$1 == f {print $2}'
}

want_features() {	# want_features RX TX FILTER
	[ "$(feature rx-vlan-offload)" = "$1" ] &&
		[ "$(feature tx-vlan-offload)" = "$2" ] &&
		[ "$(feature rx-vlan-filter)" = "$3" ] ||
		fail "ethtool -k: rx-vlan-offload $(feature rx-vlan-offload), tx-vlan-offload $(feature tx-vlan-offload), rx-vlan-filter $(feature rx-vlan-filter); want $1 $2 $3"
	log "ethtool -k: rx-vlan-offload $1, tx-vlan-offload $2, rx-vlan-filter $3"
}

vme() { echo $(( $(reg $E mmio 0x0) >> 30 & 1 )); }
vfe() { echo $(( $(reg $E mmio 0x100) >> 18 & 1 )); }
vfta() { reg $E mmio $((0x5600 + 4 * ($1 / 32))); }

ping_both() {	# ping_both WHAT
	ping -q -c 3 -i 0.2 -W 2 "$VB" >/dev/null ||
		fail "$1: ping e1000 -> pcnet over VLAN $V"
	ip netns exec "$NS" ping -q -c 3 -i 0.2 -W 2 "$VA" >/dev/null ||
		fail "$1: ping pcnet -> e1000 over VLAN $V"
	log "$1: ping over VLAN $V works both ways"
}

# rx_delta CMD...: e1000 rx packets (as the driver counts them: what the
# chip delivered) while CMD runs in $NS
rx_delta() {
	local a b

	a=$(link_stat "$DEV_A" "" rx.packets)
	ip netns exec "$NS" "$@" >/dev/null 2>&1
	sleep 0.3
	b=$(link_stat "$DEV_A" "" rx.packets)
	echo $((b - a))
}

# --- defaults: all three on, as the stock e1000 (only rxvlan changes) ---
want_features on on on
hexeq "e1000 VET" "$(reg $E mmio 0x38)" 0x8100
hexeq "e1000 CTRL.VME" "$(vme)" 1

# --- VLAN 100 on both ends ----------------------------------------------
ip link add link "$DEV_A" name "$DEV_A.$V" type vlan id $V ||
	fail "vlan $V on $DEV_A"
ip addr add "$VA/24" dev "$DEV_A.$V"
ip link set "$DEV_A.$V" up
ip -n "$NS" link add link "$DEV_B" name "$DEV_B.$V" type vlan id $V ||
	fail "vlan $V on $DEV_B"
ip -n "$NS" addr add "$VB/24" dev "$DEV_B.$V"
ip -n "$NS" link set "$DEV_B.$V" up
# VID 0 (8021q adds it when the device comes up) and 100: words 0 and 3
hexeq "e1000 VFTA[3] (VID 100 = bit 4)" "$(vfta $V)" 0x10
hexeq "e1000 VFTA[0] (VID 0)" "$(( $(vfta 0) & 1 ))" 1
hexeq "e1000 RCTL.VFE" "$(vfe)" 1
ping_both "hardware tagging"
tso=$(ethtool -k "$DEV_A.$V" | awk '$1 == "tcp-segmentation-offload:" {print $2}')
[ "$tso" = on ] || fail "$DEV_A.$V: tcp-segmentation-offload $tso"

# --- a VID the e1000 did not add: dropped by the chip -------------------
ip -n "$NS" link add link "$DEV_B" name "$DEV_B.200" type vlan id 200
ip -n "$NS" addr add 10.99.200.2/24 dev "$DEV_B.200"
ip -n "$NS" link set "$DEV_B.200" up
ip -n "$NS" neigh replace 10.99.200.1 dev "$DEV_B.200" nud permanent \
	lladdr "$(cat /sys/class/net/"$DEV_A"/address)"
n=$(rx_delta ping -c 20 -i 0.02 -W 1 10.99.200.1)
[ "$n" -lt 5 ] || fail "rx-vlan-filter on: e1000 received $n frames of VID 200"
log "rx-vlan-filter on: $n of 20 frames of VID 200 received (filtered)"
# fixed on, as the stock e1000; promiscuous mode turns the filter off
ethtool -K "$DEV_A" rx-vlan-filter off >/dev/null 2>&1
want_features on on on
ip link set "$DEV_A" promisc on || fail "promisc on"
hexeq "e1000 RCTL.VFE in promiscuous mode" "$(vfe)" 0
n=$(rx_delta ping -c 20 -i 0.02 -W 1 10.99.200.1)
[ "$n" -ge 20 ] || fail "VLAN filter off: e1000 received $n of 20 frames of VID 200"
log "VLAN filter off (promiscuous): $n of 20 frames of VID 200 received"
ip link set "$DEV_A" promisc off || fail "promisc off"
hexeq "e1000 RCTL.VFE" "$(vfe)" 1
hexeq "e1000 VFTA[3] after promiscuous mode" "$(vfta $V)" 0x10
n=$(rx_delta ping -c 20 -i 0.02 -W 1 10.99.200.1)
[ "$n" -lt 5 ] || fail "VLAN filter on again: e1000 received $n frames of VID 200"
ping_both "filter back on"

# --- TCP over the VLAN: TSO and checksum offload with a hardware tag ----
before=$(link_stat "$DEV_A" "" tx.errors)
fwd=$(IPERF_TO=$VB iperf_tcp 3) || fail "iperf3 over VLAN $V, e1000 -> pcnet"
rev=$(IPERF_TO=$VB iperf_tcp 3 -R) || fail "iperf3 over VLAN $V, pcnet -> e1000"
log "TCP over VLAN $V (hardware tag): e1000 -> pcnet $fwd Mbit/s, back $rev Mbit/s"
python3 -c "import sys; sys.exit(0 if min($fwd, $rev) > $TCP_FLOOR else 1)" ||
	fail "TCP over VLAN $V below $TCP_FLOOR Mbit/s"
[ "$(link_stat "$DEV_A" "" tx.errors)" = "$before" ] || fail "tx errors over VLAN"

# --- rx-vlan-offload off: the stack tags and untags ---------------------
ethtool -K "$DEV_A" rxvlan off >/dev/null || fail "rxvlan off"
want_features off off on
hexeq "e1000 CTRL.VME" "$(vme)" 0
ping_both "software tagging"
fwd=$(IPERF_TO=$VB iperf_tcp 3) || fail "iperf3 over VLAN $V, software tag"
log "TCP over VLAN $V (software tag): e1000 -> pcnet $fwd Mbit/s"
python3 -c "import sys; sys.exit(0 if $fwd > $TCP_FLOOR else 1)" ||
	fail "TCP over VLAN $V with a software tag below $TCP_FLOOR Mbit/s"
ethtool -K "$DEV_A" rxvlan on >/dev/null || fail "rxvlan on"
want_features on on on
hexeq "e1000 CTRL.VME" "$(vme)" 1

# --- removing the VLAN clears its bit -----------------------------------
ip link del "$DEV_A.$V" || fail "vlan del"
hexeq "e1000 VFTA[3] after the VLAN is gone" "$(vfta $V)" 0

# --- the PCnet offers none of it ----------------------------------------
for f in rx-vlan-offload tx-vlan-offload rx-vlan-filter; do
	ip netns exec "$NS" ethtool -k "$DEV_B" | grep -q "^$f: off \[fixed\]" ||
		fail "pcnet $f: $(ip netns exec "$NS" ethtool -k "$DEV_B" | grep "^$f:")"
done
log "pcnet: VLAN offloads off [fixed]"
ip -n "$NS" link del "$DEV_B.$V"
ip -n "$NS" link del "$DEV_B.200"
exit 0
