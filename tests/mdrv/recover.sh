#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Device recovery driven from user space. Faults are injected behind the
# driver's back through the PCI BAR (tests/mdrv/poke.py): e1000 TCTL=0 (a
# TX unit hang), e1000 RCTL.EN cleared (a receive stall), PCnet CSR0 STOP.
# The kernel half detects each (watchdog.c), mdrvd resets the chip and
# re-applies its whole configuration (checked: the multicast filters the
# reset cleared are back), and traffic must be back within 1 s of the
# detection. Then: the same without mdrvd (the kernel restarts the data path
# itself), a flapping fault (mdrvd backs off), and for comparison the stock
# e1000 with TCTL=0, which never recovers.
. "$(dirname "$0")/lib.sh"

POKE="python3 $LIB_DIR/poke.py"
MCAST=01:00:5e:01:02:03		# e1000 MTA word 1 bit 16 (MO=0)
LIMIT_MS=1000

# recover_case NAME IFNAME POKE-ARGS...: inject the fault while pinging
# every 10 ms (outage.py); traffic must be back within $limit ms (LIMIT_MS
# unless the caller sets it) of the kernel's detection. Times: the kernel log's clock, tied to the probe's
# CLOCK_MONOTONIC by the marker outage.py writes right after the injection.
recover_case() {
	local name=$1 ifn=$2 out res

	shift 2
	traffic 5 || fail "$name: no traffic before the fault"
	out=$(python3 "$LIB_DIR/outage.py" "$ADDR_B" 4 "$name" "$@") ||
		fail "$name: injection failed"
	res=$(dmesg | python3 -c '
import json, re, sys
o = json.loads(sys.argv[1]); ifn = sys.argv[2]
k0 = det = None
for l in sys.stdin:
    m = re.match(r"\[ *([0-9.]+)\] (.*)", l)
    if not m:
        continue
    t, msg = float(m.group(1)), m.group(2)
    if "mdrv-test: inject %s mono=" % o["name"] in msg:
        k0, det = t, None
    elif k0 is not None and det is None and ifn + ": " in msg and "detected" in msg:
        det = t
if k0 is None or det is None:
    print("none"); sys.exit()
d = o["inject"] + (det - k0)            # detection, probe clock
back = [r for r in o["replies"] if r > d]
print("%d %s" % (round((det - k0) * 1000),
                 round((back[0] - d) * 1000) if back else "never"))
' "$out" "$ifn")
	set -- $res
	[ "$1" != none ] || fail "$name: the kernel half did not report the fault"
	[ "$2" != never ] || fail "$name: no reply within 4 s of the injection"
	log "$name: detected $1 ms after the injection, traffic back $2 ms after the detection"
	[ "$2" -le "${limit:-$LIMIT_MS}" ] ||
		fail "$name: traffic back after $2 ms > ${limit:-$LIMIT_MS} ms"
}

# static neighbours: the probe measures the data path, not ARP's retries
pin_neigh() {
	local ma mb

	ma=$(cat "/sys/class/net/$DEV_A/address")
	mb=$(ip -n "$NS" -o link show dev "$DEV_B" | sed -E 's/.*link\/ether ([0-9a-f:]+).*/\1/')
	ip neigh replace "$ADDR_B" lladdr "$mb" dev "$DEV_A" nud permanent &&
		ip -n "$NS" neigh replace "$ADDR_A" lladdr "$ma" dev "$DEV_B" nud permanent ||
		fail "static neighbours"
}

mta1() { reg "$E1000_BDF" mmio 0x5204; }
ladrf() {
	local i v=0

	for i in 8 9 10 11; do
		v=$((v | $(reg "$PCNET_BDF" csr $i)))
	done
	echo $v
}

# --- the stock e1000 for comparison: TCTL=0 is never recovered -----------
wire e1000 mdrv
pin_neigh
E_IF=$DEV_A
$POKE "$E1000_BDF" 0x400 0 || fail "poke TCTL"
if traffic 6; then
	log "stock e1000, TCTL=0: traffic came back (unexpected for Linux 6.1)"
else
	log "stock e1000, TCTL=0: no traffic for 6 s ($(dmesg | grep -c "$E_IF: Detected Tx Unit Hang") 'Detected Tx Unit Hang' reports), it never recovers"
fi

# --- mdrv with mdrvd ------------------------------------------------------
wire mdrv mdrv
pin_neigh
daemon_start
ip maddr add "$MCAST" dev "$DEV_A" || fail "maddr add"
ip -n "$NS" maddr add "$MCAST" dev "$DEV_B" || fail "maddr add (PCnet)"
sleep 0.5
[ $(($(mta1) & 0x10000)) -ne 0 ] || fail "e1000 MTA bit not set by mdrvd"
[ "$(ladrf)" -ne 0 ] || fail "PCnet LADRF not set by mdrvd"
rec0=$(grep -c "re-applied" "$MDRVD_LOG")
h0=$(ethtool -S "$DEV_A" | awk '/tx_hang_count/ { print $2 }')

recover_case "e1000 TCTL=0" "$DEV_A" "$E1000_BDF" 0x400 0
# Re-enabling the receiver takes an RCTL write, after which QEMU's e1000
# holds received frames for 1000 ms (its flush_queue_timer): the bound here
# is that second on top of the 1 s.
limit=$((LIMIT_MS + 1000)) \
	recover_case "e1000 RCTL.EN=0" "$DEV_A" "$E1000_BDF" 0x100 2 4 and-not
recover_case "PCnet STOP" "$DEV_B" "$PCNET_BDF" pcnet-csr 0 4

[ $(($(mta1) & 0x10000)) -ne 0 ] || fail "e1000 MTA not re-applied after the reset"
[ "$(ladrf)" -ne 0 ] || fail "PCnet LADRF not re-applied after the reset"
tctl=$(reg "$E1000_BDF" mmio 0x400)
[ $((tctl & 0x3fffa)) -eq $((0x3f0fa & 0x3fffa)) ] ||
	log "note: TCTL $tctl after recovery"
rec=$(($(grep -c "re-applied" "$MDRVD_LOG") - rec0))
[ "$rec" -ge 3 ] || fail "mdrvd logged $rec recoveries, want 3"
h1=$(ethtool -S "$DEV_A" | awk '/tx_hang_count/ { print $2 }')
[ "$h1" -gt "$h0" ] || fail "tx_hang_count did not move ($h0 -> $h1)"
log "mdrvd: $rec recoveries, configuration re-applied (MTA, LADRF read back), tx_hang_count $h0 -> $h1"

# --- a flapping fault: mdrvd backs off ------------------------------------
sleep 1
r0=$(grep -c "re-applied" "$MDRVD_LOG")
end=$((SECONDS + 6))
while [ $SECONDS -lt $end ]; do
	$POKE "$E1000_BDF" 0x400 0
	sleep 0.3
done
r1=$(grep -c "re-applied" "$MDRVD_LOG")
traffic 15 || fail "flapping: no traffic 15 s after the last fault"
grep -q "backing off" "$MDRVD_LOG" || fail "flapping: mdrvd never backed off"
[ $((r1 - r0)) -le 5 ] || fail "flapping: $((r1 - r0)) recoveries in 6 s (no back-off)"
log "flapping TCTL=0 for 6 s (every 0.3 s): $((r1 - r0)) recoveries, then back-off; traffic back"

# --- no daemon: the kernel restarts the data path itself -------------------
daemon_stop
recover_case "e1000 TCTL=0, no mdrvd" "$DEV_A" "$E1000_BDF" 0x400 0
recover_case "PCnet STOP, no mdrvd" "$DEV_B" "$PCNET_BDF" pcnet-csr 0 4
exit 0
