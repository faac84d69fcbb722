#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The PCnet's missed-frame counter (CSR112) is 16 bits; mdrvd accumulates it
# to 64. With the PCnet's interrupts masked behind the driver's back (its
# receive ring fills and stays full), a UDP flood from the e1000 makes the
# chip miss more than 65536 frames while ethtool -S is read every second
# (each read refreshes a snapshot older than 2.5 s; then mdrvd, seeing the
# counter race, harvests every 0.5 s). At most 15000 frames/s: the first
# harvest may come 2.5 s late, and 2.5 s of misses must stay below 65536.
# rx_missed_errors must count them all, past the 16-bit wrap, and traffic
# must work after.
. "$(dirname "$0")/lib.sh"

FRAMES=${FRAMES:-90000}

wire mdrv mdrv
daemon_start
mb=$(ip -n "$NS" -o link show dev "$DEV_B" | sed -E 's/.*link\/ether ([0-9a-f:]+).*/\1/')
ip neigh replace "$ADDR_B" lladdr "$mb" dev "$DEV_A" nud permanent || fail "neigh"

missed() {
	ip netns exec "$NS" ethtool -S "$DEV_B" | awk '/rx_missed_errors/ { print $2 }'
}

m0=$(missed)
tx0=$(link_stat "$DEV_A" "" tx.packets)
csr3=$(reg "$PCNET_BDF" csr 3)
python3 "$LIB_DIR/poke.py" "$PCNET_BDF" pcnet-csr 3 $((csr3 | 0x5f00)) ||
	fail "mask the PCnet's interrupts"
( while :; do missed >/dev/null; sleep 1; done ) &
reader=$!
sent=$(python3 - "$ADDR_B" "$FRAMES" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
n, t0 = 0, time.monotonic()
end = t0 + 60
while n < int(sys.argv[2]) and time.monotonic() < end:
    if n > (time.monotonic() - t0) * 15000:     # 15000 frames/s at most
        time.sleep(0.002)
        continue
    try:
        s.sendto(b"mdrv-missed", (sys.argv[1], 9))
        n += 1
    except OSError:
        time.sleep(0.001)
print(n)
PY
)
sleep 1
kill "$reader"
wait "$reader" 2>/dev/null
python3 "$LIB_DIR/poke.py" "$PCNET_BDF" pcnet-csr 3 "$csr3" || fail "unmask"
sleep 3
m1=$(missed)
d=$((m1 - m0))
tx=$(($(link_stat "$DEV_A" "" tx.packets) - tx0))
log "$sent frames sent, $tx on the wire, to a PCnet whose ring stayed full: rx_missed_errors $m0 -> $m1 (+$d)"
tc -s qdisc show dev "$DEV_A" | sed -n 's/^ *Sent/# qdisc: Sent/p'
[ "$d" -gt 65536 ] || fail "missed frames $d: not counted past the 16-bit wrap"
[ "$d" -le "$tx" ] || fail "more frames missed ($d) than sent ($tx)"
[ "$d" -ge $((tx - 1024)) ] || fail "missed $d of $tx sent: frames lost from the count"
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic after the flood"
exit 0
