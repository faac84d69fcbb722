#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configuration through the stock tools with mdrvd running, on both NICs:
# every change is checked where it lands (the chip's registers, read back
# through the kernel half) and by traffic (filters really filter).
. "$(dirname "$0")/lib.sh"

# fresh probes: what an earlier test's daemon published (trust_test plays
# one) is what a new daemon takes back, e.g. flow control off
rebind "$E1000_BDF" mdrv
rebind "$PCNET_BDF" mdrv
wire mdrv mdrv
daemon_start
E=$E1000_BDF
P=$PCNET_BDF

hexeq() {	# hexeq WHAT GOT WANT
	[ $(($2)) -eq $(($3)) ] || fail "$1: got $2, want $3"
	log "$1: $2"
}

# rx_delta CMD...: pcnet rx packets counted while CMD runs (a filter that
# drops lets fewer than 5 of 20 through: the rest is the hosts' own noise)
rx_delta() {
	local a b

	a=$(link_stat "$DEV_B" "$NS" rx.packets)
	"$@" >/dev/null 2>&1
	sleep 0.3
	b=$(link_stat "$DEV_B" "$NS" rx.packets)
	echo $((b - a))
}

# --- station address: e1000 RAL0/RAH0, PCnet CSR12-14 while up ----------
ip link set "$DEV_A" address 02:00:00:00:00:41 || fail "e1000 address"
hexeq "e1000 RAL0" "$(reg $E mmio 0x5400)" 0x00000002
hexeq "e1000 RAH0" "$(reg $E mmio 0x5404)" 0x80004100
ip -n "$NS" link set "$DEV_B" address 02:00:00:00:00:42 ||
	fail "pcnet address while up (stock pcnet32 refuses with EBUSY)"
hexeq "pcnet CSR12" "$(reg $P csr 12)" 0x0002
hexeq "pcnet CSR14" "$(reg $P csr 14)" 0x4200
ip neigh flush dev "$DEV_A"
ip -n "$NS" neigh flush dev "$DEV_B"
ping -q -c 3 -i 0.1 -W 2 "$ADDR_B" >/dev/null || fail "ping after address changes"

# --- MTU: e1000 jumbo (long packets, 16 KiB buffers); PCnet stays <= 1500
ip link set "$DEV_A" mtu 9000 || fail "e1000 mtu 9000"
hexeq "e1000 RCTL.LPE" "$(( $(reg $E mmio 0x100) & 0x20 ))" 0x20
[ "$(dev_field $E rx_buf_len)" = 16384 ] || fail "e1000 rx buffers for mtu 9000"
ping -q -c 3 -i 0.1 -W 2 -s 1400 "$ADDR_B" >/dev/null || fail "ping at mtu 9000"
ip link set "$DEV_A" mtu 1500 || fail "e1000 mtu 1500"
hexeq "e1000 RCTL.LPE" "$(( $(reg $E mmio 0x100) & 0x20 ))" 0
ip -n "$NS" link set "$DEV_B" mtu 1600 2>/dev/null && fail "pcnet accepted mtu 1600"
ip -n "$NS" link set "$DEV_B" mtu 1400 || fail "pcnet mtu 1400"
ip -n "$NS" link set "$DEV_B" mtu 1500 || fail "pcnet mtu 1500"

# --- promiscuous mode: a frame for a foreign unicast address ------------
ip neigh replace 10.99.0.77 lladdr 02:00:00:00:00:77 dev "$DEV_A" nud permanent
n=$(rx_delta ping -c 20 -i 0.02 -W 1 10.99.0.77)
[ "$n" -lt 5 ] || fail "pcnet received $n foreign frames without promisc"
ip -n "$NS" link set "$DEV_B" promisc on || fail "pcnet promisc"
hexeq "pcnet CSR15.PROM" "$(( $(reg $P csr 15) & 0x8000 ))" 0x8000
n=$(rx_delta ping -c 20 -i 0.02 -W 1 10.99.0.77)
[ "$n" -ge 20 ] || fail "pcnet in promisc received $n of 20 foreign frames"
log "promisc: $n foreign frames received"
ip -n "$NS" link set "$DEV_B" promisc off
hexeq "pcnet CSR15.PROM" "$(( $(reg $P csr 15) & 0x8000 ))" 0
ip link set "$DEV_A" promisc on || fail "e1000 promisc"
hexeq "e1000 RCTL.UPE" "$(( $(reg $E mmio 0x100) & 0x8 ))" 0x8
ip link set "$DEV_A" promisc off
ip link set "$DEV_A" allmulticast on || fail "e1000 allmulticast"
hexeq "e1000 RCTL.MPE" "$(( $(reg $E mmio 0x100) & 0x10 ))" 0x10
ip link set "$DEV_A" allmulticast off

# --- multicast filtering: PCnet logical address filter ------------------
# a group to join and one whose hash bit no joined group shares
read -r JOIN OTHER < <(ip -n "$NS" maddr show dev "$DEV_B" | python3 -c '
import binascii, sys
def bit(mac):
    b = bytes(int(x, 16) for x in mac.split(":"))
    return (binascii.crc32(b) ^ 0xffffffff) & 0xffffffff
def idx(mac):
    c = 0xffffffff
    for byte in bytes(int(x, 16) for x in mac.split(":")):
        for _ in range(8):
            c = (c >> 1) ^ (0xedb88320 if (c ^ byte) & 1 else 0)
            byte >>= 1
    return c >> 26
used = {idx(l.split()[1]) for l in sys.stdin if "link" in l}
join = "01:00:5e:01:02:03"
used.add(idx(join))
for last in range(256):
    other = "01:00:5e:01:03:%02x" % last
    if idx(other) not in used:
        print(join, other)
        break')
[ -n "$OTHER" ] || fail "no free hash bit for a test group"
ip neigh replace 10.99.0.88 lladdr "$JOIN" dev "$DEV_A" nud permanent
ip neigh replace 10.99.0.89 lladdr "$OTHER" dev "$DEV_A" nud permanent
n=$(rx_delta ping -c 20 -i 0.02 -W 1 10.99.0.88)
[ "$n" -lt 5 ] || fail "pcnet received $n frames for $JOIN before joining"
ip -n "$NS" maddr add "$JOIN" dev "$DEV_B" || fail "ip maddr add"
sleep 0.5
n=$(rx_delta ping -c 20 -i 0.02 -W 1 10.99.0.88)
[ "$n" -ge 20 ] || fail "pcnet received $n of 20 frames for joined $JOIN"
n=$(rx_delta ping -c 20 -i 0.02 -W 1 10.99.0.89)
[ "$n" -lt 5 ] || fail "pcnet received $n frames for $OTHER, not joined"
ip -n "$NS" maddr del "$JOIN" dev "$DEV_B" || fail "ip maddr del"
sleep 0.5
n=$(rx_delta ping -c 20 -i 0.02 -W 1 10.99.0.88)
[ "$n" -lt 5 ] || fail "pcnet received $n frames for $JOIN after leaving"
log "pcnet multicast filter: joined group passes, others and left group dropped"

# --- multicast filtering: e1000 MTA, frames sent by the PCnet -----------
rxa() { link_stat "$DEV_A" "" rx.packets; }
ip -n "$NS" neigh replace 10.99.0.98 lladdr 01:00:5e:05:06:07 dev "$DEV_B" nud permanent
a=$(rxa); ip netns exec "$NS" ping -c 20 -i 0.02 -W 1 10.99.0.98 >/dev/null 2>&1; sleep 0.3
[ $(( $(rxa) - a )) -lt 5 ] || fail "e1000 received a group it did not join"
ip maddr add 01:00:5e:05:06:07 dev "$DEV_A" || fail "e1000 ip maddr add"
sleep 0.5
a=$(rxa); ip netns exec "$NS" ping -c 20 -i 0.02 -W 1 10.99.0.98 >/dev/null 2>&1; sleep 0.3
[ $(( $(rxa) - a )) -ge 20 ] || fail "e1000 received $(( $(rxa) - a )) of 20 for a joined group"
ip maddr del 01:00:5e:05:06:07 dev "$DEV_A"
log "e1000 multicast filter: joined group passes"

# ring_now [NETNS-EXEC...] DEV RX|TX: the current ring size ethtool -g shows
ring_now() {
	local what=${*: -1} args=("${@:1:$#-1}")

	"${args[@]}" | awk -v w="$what:" '/Current/ {c = 1} c && $1 == w {print $2; exit}'
}

# --- ring sizes ---------------------------------------------------------
ethtool -G "$DEV_A" rx 512 tx 512 || fail "ethtool -G e1000"
ip netns exec "$NS" ethtool -G "$DEV_B" rx 128 tx 32 || fail "ethtool -G pcnet"
[ "$(ring_now ethtool -g "$DEV_A" RX)" = 512 ] || fail "e1000 rx ring"
[ "$(ring_now ip netns exec "$NS" ethtool -g "$DEV_B" TX)" = 32 ] || fail "pcnet tx ring"
# like the stock pcnet32: a size that is no power of two is rounded up
ip netns exec "$NS" ethtool -G "$DEV_B" rx 100 || fail "pcnet rx 100"
[ "$(ring_now ip netns exec "$NS" ethtool -g "$DEV_B" RX)" = 128 ] ||
	fail "pcnet rx 100 not rounded to 128"
ip netns exec "$NS" ethtool -G "$DEV_B" rx 1024 2>/dev/null && fail "pcnet took rx 1024"
fwd=$(iperf_tcp 2) || fail "TCP after ring changes"
log "TCP after ring changes: $fwd Mbit/s"
ip netns exec "$NS" ethtool -G "$DEV_B" rx 256 tx 256

# --- changes under traffic: rings, MTU, offloads while TCP runs ----------
ip netns exec "$NS" iperf3 -s -1 -B "$ADDR_B" >/dev/null 2>&1 &
srv=$!
sleep 1
timeout 40 iperf3 -c "$ADDR_B" -t 8 >"${MDRV_OUT:-/tmp}/iperf-changes.txt" 2>&1 &
cli=$!
sleep 1
ethtool -G "$DEV_A" rx 256 tx 256 || fail "ethtool -G under traffic"
ip link set "$DEV_A" mtu 4000 || fail "mtu 4000 under traffic"
ethtool -K "$DEV_A" tso off tx off || fail "offloads off under traffic"
ip netns exec "$NS" ethtool -G "$DEV_B" rx 64 || fail "pcnet ethtool -G under traffic"
sleep 1
ip link set "$DEV_A" mtu 1500 || fail "mtu 1500 under traffic"
ethtool -K "$DEV_A" tso on tx on || fail "offloads on under traffic"
ip netns exec "$NS" ethtool -G "$DEV_B" rx 256 || fail "pcnet ethtool -G back"
wait "$cli" || fail "TCP did not survive the changes"
wait "$srv"
log "TCP under ring, MTU and offload changes: $(grep receiver "${MDRV_OUT:-/tmp}/iperf-changes.txt" | awk '{print $7, $8}')"

# --- message level, identify --------------------------------------------
ethtool -s "$DEV_A" msglvl 0x7 || fail "msglvl"
ethtool "$DEV_A" | grep -q 'Current message level: 0x00000007' || fail "msglvl read back"
ip netns exec "$NS" ethtool -p "$DEV_B" 1 || fail "pcnet identify (LEDs)"

# --- counters move with traffic (ethtool -S and ip -s link) --------------
s0=$(ethtool -S "$DEV_A" | awk '/ tx_packets:/ {print $2}')
h0=$(hw_stat "$DEV_A" tx_good_packets)
ping -q -c 20 -i 0.02 "$ADDR_B" >/dev/null || fail "ping for counters"
s1=$(ethtool -S "$DEV_A" | awk '/ tx_packets:/ {print $2}')
# the hardware counters are the daemon's last harvest: a fresh one
h1=$(hw_stat "$DEV_A" tx_good_packets)
[ $((s1 - s0)) -ge 20 ] || fail "ethtool -S tx_packets moved by $((s1 - s0))"
[ $((h1 - h0)) -ge 20 ] || fail "hardware tx_good_packets moved by $((h1 - h0))"
log "e1000 tx_packets +$((s1 - s0)), hardware tx_good_packets +$((h1 - h0))"

# --- EEPROM / PROM and the station address in it ------------------------
ethtool -e "$DEV_A" raw on | head -c 6 | od -An -tx1 | tr -d ' \n' |
	grep -q '^525400123401$' || fail "e1000 EEPROM does not start with the MAC"
ip netns exec "$NS" ethtool -e "$DEV_B" raw on | head -c 6 | od -An -tx1 |
	tr -d ' \n' | grep -q '^525400123402$' || fail "pcnet PROM does not hold the MAC"

# --- link settings, self-test --------------------------------------------
ethtool "$DEV_A" | grep -q 'Speed: 1000Mb/s' || fail "e1000 speed"
ip netns exec "$NS" ethtool "$DEV_B" | grep -q 'Speed: 10Mb/s' || fail "pcnet speed"
# forced speed/duplex: QEMU never shows it in STATUS, so check CTRL
ethtool -s "$DEV_A" speed 100 duplex full autoneg off || fail "ethtool -s forced"
ctrl=$(reg $E mmio 0x0)
hexeq "e1000 CTRL FRCSPD|FRCDPLX|SPEED=100|FD" "$(( ctrl & 0x1b01 ))" 0x1901
ethtool -s "$DEV_A" autoneg on || fail "ethtool -s autoneg on"
ctrl=$(reg $E mmio 0x0)
hexeq "e1000 CTRL FRCSPD|FRCDPLX after autoneg" "$(( ctrl & 0x1800 ))" 0
ethtool -r "$DEV_A" || fail "ethtool -r e1000"
# QEMU's PHY takes the link down for 500 ms to renegotiate
for i in $(seq 30); do
	ethtool "$DEV_A" | grep -q 'Link detected: yes' && break
	sleep 0.1
done
ethtool -t "$DEV_A" offline | tee /dev/stderr | grep -q 'result is PASS' ||
	fail "e1000 self-test"
ip netns exec "$NS" ethtool -t "$DEV_B" | grep -q 'result is PASS' ||
	fail "pcnet self-test"
ping -q -c 3 -i 0.1 -W 2 "$ADDR_B" >/dev/null || fail "ping after self-tests"

# --- Wake-on-LAN: WUFC/WUC (QEMU stores them, nothing wakes) -----------
wol() { ethtool "$DEV_A" | awk -F': ' '$1 ~ /^[[:space:]]*'"$1"'$/ {print $2}'; }
[ "$(wol 'Supports Wake-on')" = umbg ] || fail "e1000 Supports Wake-on: $(wol 'Supports Wake-on')"
[ "$(wol Wake-on)" = d ] || fail "e1000 Wake-on: $(wol Wake-on)"
ethtool -s "$DEV_A" wol g || fail "ethtool -s wol g"
hexeq "e1000 WUFC (MAG)" "$(reg $E mmio 0x5808)" 0x2
hexeq "e1000 WUC (PME_EN)" "$(reg $E mmio 0x5800)" 0x2
[ "$(wol Wake-on)" = g ] || fail "e1000 Wake-on after wol g: $(wol Wake-on)"
ethtool -s "$DEV_A" wol umb || fail "ethtool -s wol umb"
hexeq "e1000 WUFC (EX|MC|BC)" "$(reg $E mmio 0x5808)" 0x1c
ethtool -s "$DEV_A" wol p 2>/dev/null && fail "ethtool -s wol p accepted"
hexeq "e1000 WUFC after a refused wol p" "$(reg $E mmio 0x5808)" 0x1c
wake=/sys/bus/pci/devices/$E/power/wakeup
[ ! -e "$wake" ] || [ "$(cat "$wake")" = enabled ] || fail "$wake: $(cat "$wake")"
ethtool -s "$DEV_A" wol d || fail "ethtool -s wol d"
hexeq "e1000 WUFC after wol d" "$(reg $E mmio 0x5808)" 0
hexeq "e1000 WUC after wol d" "$(reg $E mmio 0x5800)" 0
[ ! -e "$wake" ] || [ "$(cat "$wake")" = disabled ] || fail "$wake: $(cat "$wake")"
ip netns exec "$NS" ethtool "$DEV_B" | grep -q Wake-on &&
	fail "pcnet shows Wake-on (the stock pcnet32 has none)"
log "e1000 Wake-on-LAN: umbg supported, g/umb/d programmed; pcnet: none"

# --- flow control (ethtool -a/-A): as the stock e1000 shows it under QEMU
# (measured side by side: autoneg on, RX on, TX off by default, QEMU's
# partner advertising no pause); CTRL.RFCE (bit 27) / TFCE (bit 28)
pause() { ethtool -a "$DEV_A" | awk -F':[[:space:]]*' '/^'"$1"'/ {print $2}'; }
pause_is() {	# pause_is WHAT AUTONEG RX TX CTRL_BITS
	local got="$(pause Autonegotiate) $(pause RX) $(pause TX)"

	[ "$got" = "$2 $3 $4" ] || fail "$1: ethtool -a says $got, want $2 $3 $4"
	hexeq "$1: CTRL RFCE/TFCE" $(($(reg $E mmio 0x0) & 0x18000000)) "$5"
}
pause_is "e1000 flow control by default" on on off 0x08000000
ethtool -A "$DEV_A" autoneg off rx on tx on || fail "ethtool -A autoneg off rx on tx on"
pause_is "e1000 forced rx and tx" off on on 0x18000000
ethtool -A "$DEV_A" autoneg off rx off tx on || fail "ethtool -A autoneg off rx off tx on"
pause_is "e1000 forced tx" off off on 0x10000000
ethtool -A "$DEV_A" autoneg on rx off tx off || fail "ethtool -A autoneg on rx off tx off"
for _ in $(seq 30); do
	[ "$(cat "/sys/class/net/$DEV_A/carrier")" = 1 ] && break
	sleep 0.2
done
pause_is "e1000 negotiated, none asked" on off off 0
ethtool -A "$DEV_A" autoneg on rx on tx on || fail "ethtool -A back to the default"
for _ in $(seq 30); do
	[ "$(pause RX)" = on ] && break
	sleep 0.2
done
pause_is "e1000 flow control back to the default" on on off 0x08000000
out=$(ip netns exec "$NS" ethtool -a "$DEV_B" 2>&1) &&
	fail "pcnet ethtool -a answered (the stock pcnet32 has no pause): $out"
log "e1000 flow control as the stock driver's; pcnet: none, as pcnet32"

# --- MDI-X: QEMU's PHY says auto crossover (PSCR 0x0360), MDI (PSSR 0xac00)
mdix=$(ethtool "$DEV_A" | awk -F': ' '/MDI-X:/ {print $2}')
[ "$mdix" = "off (auto)" ] || fail "e1000 MDI-X: $mdix, want 'off (auto)'"
log "e1000 MDI-X: $mdix"

# leave the station addresses as the EEPROM/PROM has them
ip link set "$DEV_A" address 52:54:00:12:34:01 || fail "e1000 address back"
ip -n "$NS" link set "$DEV_B" address 52:54:00:12:34:02 || fail "pcnet address back"

# --- the daemon stops: set-ops fail with the reason, traffic flows --------
daemon_stop
out=$(ip netns exec "$NS" ethtool -G "$DEV_B" rx 64 2>&1) && fail "ring change without mdrvd"
echo "$out" | grep -q 'mdrvd' || fail "no clear error without mdrvd: $out"
log "without mdrvd: $out"
ip link set "$DEV_A" address 02:00:00:00:00:51 2>/dev/null && fail "address change without mdrvd"
dmesg | tail -n 5 | grep -q 'user half (mdrvd) is not running' ||
	fail "no log line saying the user half is not running"
[ "$(ring_now ethtool -g "$DEV_A" RX)" = 256 ] || fail "ethtool -g without mdrvd"
ethtool -s "$DEV_A" wol g 2>/dev/null && fail "wol change without mdrvd"
[ "$(wol Wake-on)" = d ] || fail "Wake-on without mdrvd: $(wol Wake-on)"
ethtool -K "$DEV_A" rxvlan off >/dev/null 2>&1
ethtool -k "$DEV_A" | grep -q '^rx-vlan-offload: on' ||
	fail "rx-vlan-offload changed without mdrvd"
hexeq "e1000 CTRL.VME without mdrvd" "$(( $(reg $E mmio 0x0) >> 30 & 1 ))" 1
dmesg | tail -n 5 | grep -q 'set_features() failed (-107)' ||
	fail "no ENOTCONN from set_features without mdrvd"
# the core keeps the refused wish in wanted_features: take it back
ethtool -K "$DEV_A" rxvlan on >/dev/null 2>&1
log "without mdrvd: wol and rxvlan changes refused (ENOTCONN), Wake-on still answered"
ping -q -c 5 -i 0.1 -W 2 "$ADDR_B" >/dev/null || fail "traffic without mdrvd"
exit 0
