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
# VLANs 100 and 300 (VFTA word 3 bit 4, word 9 bit 12), wake on magic
modprobe 8021q || fail "modprobe 8021q"
cleanup() {
	local rc=$?

	ip link del "$DEV_A.100" 2>/dev/null
	ip link del "$DEV_A.300" 2>/dev/null
	# a daemon left running would keep the runner's output pipe open
	[ -s "$pidf" ] && kill -TERM "$(cat "$pidf")" 2>/dev/null
	(exit "$rc")
	lib_cleanup
}
trap cleanup EXIT
ip link add link "$DEV_A" name "$DEV_A.100" type vlan id 100 || fail "vlan 100"
ip link add link "$DEV_A" name "$DEV_A.300" type vlan id 300 || fail "vlan 300"
ethtool -s "$DEV_A" wol g || fail "wol g"
before=$(hw_stat "$DEV_A" tx_good_packets)

kill -TERM "$pid"
for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "mdrvd ignored SIGTERM"
[ -e "$pidf" ] && fail "pid file left behind"
[ "$(dev_field $P owner)" = 0 ] || fail "device still owned after SIGTERM"
ping -q -c 3 -i 0.1 -W 2 "$ADDR_B" >/dev/null || fail "traffic without mdrvd"
# without the daemon: the kernel answers WoL from its copy, keeps its VID
# list (a VID removed now leaves the chip's filter as it is), adds none
ethtool "$DEV_A" | grep -q 'Wake-on: g' || fail "Wake-on without mdrvd"
ip link add link "$DEV_A" name "$DEV_A.400" type vlan id 400 2>/dev/null &&
	fail "a VLAN added without mdrvd"
ip link del "$DEV_A.300" || fail "vlan 300 del"
[ $(( $(reg $E mmio $((0x5600 + 4 * 9))) )) -eq $((0x1000)) ] ||
	fail "VFTA[9] changed without mdrvd"

# a new daemon: everything as it was
"$MDRVD" -p "$pidf" || fail "mdrvd restart"
for i in $(seq 50); do [ "$(dev_field $P owner)" != 0 ] && break; sleep 0.1; done
[ "$(dev_field $E mtu)" = 4000 ] || fail "mtu lost over a restart"
hexeq() { [ $(($2)) -eq $(($3)) ] || fail "$1: got $2, want $3"; log "$1: $2"; }
hexeq "e1000 RCTL.LPE after restart" "$(( $(reg $E mmio 0x100) & 0x20 ))" 0x20
hexeq "pcnet CSR15.PROM after restart" "$(( $(reg $P csr 15) & 0x8000 ))" 0x8000
# the VID list pulled from the kernel and applied: 100 kept, 300 gone
hexeq "e1000 VFTA[3] after restart (VID 100)" "$(reg $E mmio 0x560c)" 0x10
hexeq "e1000 VFTA[9] after restart (VID 300 gone)" "$(reg $E mmio 0x5624)" 0
hexeq "e1000 RCTL.VFE after restart" "$(( $(reg $E mmio 0x100) >> 18 & 1 ))" 1
hexeq "e1000 CTRL.VME after restart" "$(( $(reg $E mmio 0x0) >> 30 & 1 ))" 1
hexeq "e1000 WUFC after restart" "$(reg $E mmio 0x5808)" 0x2
[ "$(dev_field $P ring_rx)" = 128 ] || fail "ring size lost over a restart"
ping -q -c 10 -i 0.02 "$ADDR_B" >/dev/null || fail "ping after restart"
after=$(hw_stat "$DEV_A" tx_good_packets)
[ "$after" -ge $((before + 10)) ] ||
	fail "hardware counters restarted: $before before, $after after"
log "tx_good_packets $before before the restart, $after after"

ip -n "$NS" link set "$DEV_B" promisc off
ip link del "$DEV_A.100"
ethtool -s "$DEV_A" wol d
ip link set "$DEV_A" mtu 1500
ip netns exec "$NS" ethtool -G "$DEV_B" rx 256
kill -TERM "$(cat "$pidf")"
for i in $(seq 50); do
	[ -e "$pidf" ] || break
	sleep 0.1
done
[ -e "$pidf" ] && fail "mdrvd did not exit on SIGTERM"

# an error the loop cannot go on after exits 1 (was 0), so that systemd's
# Restart=on-failure starts another
LD_PRELOAD=$TOP/tests/mdrv/epoll_fail.so "$MDRVD" -f -p "$pidf" \
	>"${MDRV_OUT:-/tmp}/mdrvd-epoll.log" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "mdrvd exited $rc after a fatal epoll error (want 1)"
grep -q "epoll_wait" "${MDRV_OUT:-/tmp}/mdrvd-epoll.log" || fail "the epoll error was not logged"
[ -e "$pidf" ] && fail "pid file left behind after the error"
log "a fatal epoll error: logged, exit 1, pid file removed"

# versions: an mdrvd of another protocol refuses mdrv.ko, naming both and
# what to do, and exits 1; mdrv.ko refuses an ATTACH of another protocol
# (its extended ACK: nl_test), naming both in its log
V=$(sed -n 's/^#define MDRV_PROTO_VERSION[[:space:]]*\([0-9]*\)$/\1/p' "$TOP/netlink/mdrv_genl.h")
[ -n "$V" ] || fail "no MDRV_PROTO_VERSION in mdrv_genl.h"
vlog=${MDRV_OUT:-/tmp}/mdrvd-v99.log
"$TOP/tests/mdrv/mdrvd_v99" -f -p "$pidf" >"$vlog" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "an mdrvd of protocol 99 exited $rc (want 1)"
grep -q "mdrv.ko speaks protocol $V, this mdrvd 99: install the mdrvd and mdrv.ko of one release" "$vlog" ||
	fail "mdrvd 99 did not name both versions: $(tail -n 2 "$vlog")"
[ "$(dev_field $E owner)" = 0 ] || fail "mdrvd 99 attached"
r=$(python3 "$MDRVNL" attach "$(dev_field $E id)" 5)
[ "$r" = EPROTO ] || fail "an ATTACH of protocol 5: $r (want EPROTO)"
dmesg | grep -q "refused a user half of protocol 5, this mdrv.ko speaks $V" ||
	fail "mdrv.ko did not log both versions"
log "versions: mdrvd 99 against mdrv.ko $V refused by the daemon (exit 1), protocol 5 by the kernel (EPROTO), both named"
exit 0
