#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The PCnet's missed-frame counter (CSR112) is 16 bits; mdrvd accumulates it
# to 64. With the PCnet's interrupts masked behind the driver's back (its
# receive ring fills and stays full), a UDP flood from the e1000 makes the
# chip miss more than 65536 frames while nobody reads the statistics: no
# frame moves through the data path, so mdrvd's own timer idles (10 s, an
# idle device costs nothing), and the chip cannot interrupt on the wrap
# (QEMU does not emulate CSR4.MFCO). The kernel's watchdog stands in for
# that interrupt: every quarter of the range it asks mdrvd for a harvest.
# rx_missed_errors must count them all, past the 16-bit wrap, and traffic
# must work after.
. "$(dirname "$0")/lib.sh"

FRAMES=${FRAMES:-90000}
RATE=${RATE:-40000}	# frames/s at most

wire mdrv mdrv
daemon_start
mb=$(ip netns exec "$NS" cat "/sys/class/net/$DEV_B/address")
ip neigh replace "$ADDR_B" lladdr "$mb" dev "$DEV_A" nud permanent || fail "neigh"
# and nothing for the PCnet to send while its interrupts are masked: an ARP
# probe confirming the e1000's address (5 s after wire()'s pings) would wait
# for a TX interrupt that cannot come, the watchdog would take it for a
# lost one and run NAPI, and NAPI unmasks the chip as it completes
ip -n "$NS" neigh replace "$ADDR_A" lladdr "$(cat "/sys/class/net/$DEV_A/address")" dev "$DEV_B" nud permanent || fail "neigh"

missed() {
	hw_stat "$DEV_B" rx_missed_errors "$NS"
}

# set_csr3 VALUE: CSR3 behind the driver's back, read back through it. The
# poke's RAP and RDP writes are two accesses: an interrupt handler of the
# driver (on an INTx line the PCnet shares with the e1000 after a hot-plug)
# may move RAP in between, and the value lands in another CSR. Try again.
set_csr3() {
	local i

	for i in 1 2 3 4 5 6 7 8 9 10; do
		python3 "$LIB_DIR/poke.py" "$PCNET_BDF" pcnet-csr 3 "$1" || return 1
		[ $(($(reg "$PCNET_BDF" csr 3))) -eq $(($1)) ] && return 0
		log "CSR3 write misdirected (try $i), again"
	done
	return 1
}

m0=$(missed)
tx0=$(link_stat "$DEV_A" "" tx.packets)
csr3=$(reg "$PCNET_BDF" csr 3)
rx0=$(link_stat "$DEV_B" "$NS" rx.packets)
set_csr3 $((csr3 | 0x5f00)) || fail "mask the PCnet's interrupts"
read -r sent secs < <(python3 - "$ADDR_B" "$FRAMES" "$RATE" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
n, t0 = 0, time.monotonic()
end = t0 + 60
while n < int(sys.argv[2]) and time.monotonic() < end:
    if n > (time.monotonic() - t0) * int(sys.argv[3]):
        time.sleep(0.002)
        continue
    try:
        s.sendto(b"mdrv-missed", (sys.argv[1], 9))
        n += 1
    except OSError:
        time.sleep(0.001)
print(n, round(time.monotonic() - t0, 1))
PY
)
sleep 1
rx=$(($(link_stat "$DEV_B" "$NS" rx.packets) - rx0))
csr3_now=$(reg "$PCNET_BDF" csr 3)
set_csr3 "$csr3" || fail "unmask the PCnet's interrupts"
sleep 3
m1=$(missed)
d=$((m1 - m0))
tx=$(($(link_stat "$DEV_A" "" tx.packets) - tx0))
log "$sent frames sent in $secs s, $tx on the wire, to a PCnet whose ring stayed full: rx_missed_errors $m0 -> $m1 (+$d)"
log "during the flood the PCnet's stack received $rx frames (CSR3 $csr3_now)"
tc -s qdisc show dev "$DEV_A" | sed -n 's/^ *Sent/# qdisc: Sent/p'
[ "$rx" -le 1024 ] || fail "the PCnet's ring did not stay full: $rx frames received"
[ "$d" -gt 65536 ] || fail "missed frames $d: not counted past the 16-bit wrap"
[ "$d" -le "$tx" ] || fail "more frames missed ($d) than sent ($tx)"
[ "$d" -ge $((tx - 1024)) ] || fail "missed $d of $tx sent: frames lost from the count"
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic after the flood"
exit 0
