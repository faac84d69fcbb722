#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrvd as a service: it daemonizes with a pid file, refuses a second
# instance, exits cleanly on SIGTERM (devices detached, pid file gone), and
# a restart is harmless: the configuration it applied is still there (read
# back from the chip) and the hardware counters continue, not restart.
. "$(dirname "$0")/lib.sh"

wire mdrv mdrv
E=$E1000_BDF
P=$PCNET_BDF
pidf=/run/mdrvd-test.pid

"$MDRVD" -p "$pidf" || fail "mdrvd did not daemonize"
[ -s "$pidf" ] || fail "no pid file"
pid=$(cat "$pidf")
kill -0 "$pid" || fail "pid file names no live process"
"$MDRVD" -p "$pidf" 2>/dev/null && fail "a second mdrvd started"
for i in $(seq 50); do
	[ -n "$(dev_field $E owner)" ] && [ "$(dev_field $E owner)" != 0 ] &&
		[ "$(dev_field $P owner)" != 0 ] && break
	sleep 0.1
done
[ "$(dev_field $P owner)" != 0 ] || fail "daemon did not attach"

ip link set "$DEV_A" mtu 4000 || fail "mtu"
ip netns exec "$NS" ethtool -G "$DEV_B" rx 128 || fail "ring"
ip -n "$NS" link set "$DEV_B" promisc on || fail "promisc"
ping -q -c 20 -i 0.02 "$ADDR_B" >/dev/null || fail "ping"
sleep 2.6
before=$(ethtool -S "$DEV_A" | awk '/ tx_good_packets:/ {print $2}')

kill -TERM "$pid"
for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "mdrvd ignored SIGTERM"
[ -e "$pidf" ] && fail "pid file left behind"
[ "$(dev_field $P owner)" = 0 ] || fail "device still owned after SIGTERM"
ping -q -c 3 -i 0.1 -W 2 "$ADDR_B" >/dev/null || fail "traffic without mdrvd"

# a new daemon: everything as it was
"$MDRVD" -p "$pidf" || fail "mdrvd restart"
for i in $(seq 50); do [ "$(dev_field $P owner)" != 0 ] && break; sleep 0.1; done
[ "$(dev_field $E mtu)" = 4000 ] || fail "mtu lost over a restart"
hexeq() { [ $(($2)) -eq $(($3)) ] || fail "$1: got $2, want $3"; log "$1: $2"; }
hexeq "e1000 RCTL.LPE after restart" "$(( $(reg $E mmio 0x100) & 0x20 ))" 0x20
hexeq "pcnet CSR15.PROM after restart" "$(( $(reg $P csr 15) & 0x8000 ))" 0x8000
[ "$(dev_field $P ring_rx)" = 128 ] || fail "ring size lost over a restart"
ping -q -c 10 -i 0.02 "$ADDR_B" >/dev/null || fail "ping after restart"
sleep 2.6
after=$(ethtool -S "$DEV_A" | awk '/ tx_good_packets:/ {print $2}')
[ "$after" -ge $((before + 10)) ] ||
	fail "hardware counters restarted: $before before, $after after"
log "tx_good_packets $before before the restart, $after after"

ip -n "$NS" link set "$DEV_B" promisc off
ip link set "$DEV_A" mtu 1500
ip netns exec "$NS" ethtool -G "$DEV_B" rx 256
kill -TERM "$(cat "$pidf")"
exit 0
