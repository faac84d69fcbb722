#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Surprise removal from the VM side: QMP device_del of a NIC under a TCP
# stream, and of the other NIC while an ethtool call waits on an upcall to a
# stopped daemon. Each time the netdev goes away cleanly (DEVICE_DELETED
# within the bound, no kernel warning, nothing hangs), mdrvd notices, and
# after device_add the new device is probed and mdrvd attaches to it by
# itself (DEV_NEW), with traffic flowing again.
. "$(dirname "$0")/lib.sh"

QMP=$TOP/tests/vm/qmp

qmp_del() {	# qmp_del ID: device_del and wait for DEVICE_DELETED; prints ms
	local t0=$(date +%s%N)

	"$QMP" -t 30 -w DEVICE_DELETED \
		"{\"execute\":\"device_del\",\"arguments\":{\"id\":\"$1\"}}" >/dev/null ||
		fail "device_del $1: no DEVICE_DELETED within 30 s"
	echo $((($(date +%s%N) - t0) / 1000000))
}

qmp_add() {	# qmp_add DRIVER N: the NIC nicN back, as tests/vm/run made it
	"$QMP" "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"$1\",\"netdev\":\"n$2\",\"id\":\"nic$2\",\"mac\":\"52:54:00:12:34:0$(($2 + 1))\",\"addr\":\"0x$(($2 + 3))\",\"romfile\":\"\"}}" \
		>/dev/null || fail "device_add $1 nic$2"
}

# wait_owned BDF: the device is back and mdrvd attached to it, within 30 s
wait_owned() {
	local end=$((SECONDS + 30)) o drv

	while [ $SECONDS -lt $end ]; do
		o=$(dev_field "$1" owner 2>/dev/null)
		[ -n "$o" ] && [ "$o" != 0 ] && return 0
		sleep 0.2
	done
	drv=$(readlink "/sys/bus/pci/devices/$1/driver" 2>/dev/null)
	log "$1: in sysfs: $([ -e "/sys/bus/pci/devices/$1" ] && echo yes || echo no), driver ${drv##*/}, owner '$o'"
	python3 "$MDRVNL" devs | sed 's/^/# devs: /'
	tail -n 15 "$MDRVD_LOG" | sed 's/^/# mdrvd: /'
	dmesg | tail -n 15 | sed 's/^/# dmesg: /'
	fail "$1: not probed again, or mdrvd did not attach"
}

wire mdrv mdrv
daemon_start
# A hot-added device goes to the first driver on the bus that matches: the
# stock drivers, loaded by earlier tests, would win over a reloaded mdrv.
# Unload them (nothing uses them now), as a blacklist would on a real system.
for m in pcnet32 e1000; do
	[ -d "/sys/module/$m" ] || continue
	modprobe -r "$m" || fail "cannot unload the stock $m"
done

# --- the PCnet goes away under a TCP stream --------------------------------
iperf_json 20 >/dev/null 2>&1 &
ipf=$!
sleep 4
ms=$(qmp_del nic1)
ip -n "$NS" link show dev "$DEV_B" >/dev/null 2>&1 && fail "$DEV_B still there"
[ -e "/sys/bus/pci/devices/$PCNET_BDF" ] && fail "$PCNET_BDF still there"
log "PCnet removed under iperf3: DEVICE_DELETED after $ms ms"
# its peer is gone: the stream cannot finish, stop it
pkill -x iperf3
wait "$ipf"
kill -0 "$DAEMON" || fail "mdrvd died with its device"
grep -q "$PCNET_BDF\|eth1.*\(gone\|detached\)" "$MDRVD_LOG" || true
qmp_add pcnet 1
wait_owned "$PCNET_BDF"
log "PCnet added back: probed, mdrvd attached"
wire mdrv mdrv

# --- the e1000 goes away while ethtool waits on a stopped daemon ------------
# SIGHUP while it is stopped: on SIGCONT its first epoll batch holds the
# signal, then the removed device's mailbox hang-up (a rescan inside the
# batch freed the entry the hang-up names: a double free)
kill -STOP "$DAEMON"
kill -HUP "$DAEMON"
(
	t0=$(date +%s%N)
	ethtool -G "$DEV_A" rx 128 2>/tmp/hotplug-ethtool.err && exit 1
	echo $((($(date +%s%N) - t0) / 1000000)) >/tmp/hotplug-ethtool.ms
) &
et=$!
sleep 0.3
ms=$(qmp_del nic0)
wait "$et" || fail "ethtool -G succeeded on a removed device"
et_ms=$(cat /tmp/hotplug-ethtool.ms)
[ -e "/sys/bus/pci/devices/$E1000_BDF" ] && fail "$E1000_BDF still there"
log "e1000 removed during an upcall: DEVICE_DELETED after $ms ms, the waiting ethtool failed after $et_ms ms ($(head -n 1 /tmp/hotplug-ethtool.err))"
kill -CONT "$DAEMON"
sleep 0.5
kill -0 "$DAEMON" || fail "mdrvd died (SIGHUP and a removal in one batch)"
grep -q "SIGHUP: looking for devices" "$MDRVD_LOG" || fail "SIGHUP not seen"
qmp_add e1000 0
wait_owned "$E1000_BDF"
wire mdrv mdrv
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic after both NICs came back"
log "e1000 added back: probed, mdrvd attached, traffic flows"
exit 0
