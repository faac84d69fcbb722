#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`'s scale part (scripts/bench boots a VM with 16 NICs for it):
# one mdrvd serving 1, 4 and 16 NICs. For each count:
#   - the time from the last device's bind (a hot-plug: mdrv loaded, mdrvd
#     running) until mdrvd owns every device, and from a fresh mdrvd's start
#     until it owns them all;
#   - mdrvd's RSS and idle CPU with every NIC up and nothing sent;
#   - control latency with 8 processes calling at once, spread over the
#     NICs (ctl_lat -P 8), mdrv against the stock e1000 on the same NICs.
# Records go to $MDRV_OUT/bench-scale.jsonl.
. "$(dirname "$0")/lib.sh"

OUT=${MDRV_OUT:-/tmp}
RUNS=$OUT/bench-scale.jsonl
CTL_LAT=$LIB_DIR/ctl_lat
IDLE_SECS=${IDLE_SECS:-20}
SCALE_OPS=${SCALE_OPS:-"gring sring"}
: >"$RUNS"

now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

# every NIC the VM has, in slot order: e1000s (8086:100e, 100f), PCnets
mapfile -t NICS < <(for d in /sys/bus/pci/devices/*; do
	case "$(cat "$d/vendor"):$(cat "$d/device")" in
	0x8086:0x100e | 0x8086:0x100f | 0x1022:0x2000) basename "$d" ;;
	esac
done)
[ "${#NICS[@]}" -ge 16 ] || { log "needs 16 NICs, the VM has ${#NICS[@]}"; exit $KSFT_SKIP; }

unbind_all() {
	local b cur

	for b in "${NICS[@]}"; do
		cur=$(basename "$(readlink "/sys/bus/pci/devices/$b/driver" 2>/dev/null)" 2>/dev/null)
		[ -n "$cur" ] && echo "$b" >"/sys/bus/pci/drivers/$cur/unbind"
		echo none >"/sys/bus/pci/devices/$b/driver_override"
	done
}

wait_owned() {
	local n=$1 i

	for i in $(seq 300); do
		"$MDRVQ" owned >/dev/null 2>&1 &&
			[ "$(ls /sys/bus/pci/drivers/mdrv | grep -c '^0000:')" = "$n" ] && return 0
		sleep 0.01
	done
	fail "mdrvd did not own $n devices"
}

# bind_n N mdrv|stock: the first N NICs to mdrv, or each to its stock driver
bind_n() {
	local n=$1 drv i b

	for ((i = 0; i < n; i++)); do
		b=${NICS[$i]}
		drv=$2
		if [ "$drv" = stock ]; then
			[ "$(cat "/sys/bus/pci/devices/$b/vendor")" = 0x8086 ] &&
				drv=e1000 || drv=pcnet32
		fi
		echo "$drv" >"/sys/bus/pci/devices/$b/driver_override"
		echo "$b" >"/sys/bus/pci/drivers/$drv/bind" || fail "bind $b to $drv"
	done
}

up_n() {
	local n=$1 i d

	for ((i = 0; i < n; i++)); do
		for d in $(ls "/sys/bus/pci/devices/${NICS[$i]}/net/"); do
			sysctl -qw "net.ipv6.conf.$d.disable_ipv6=1"
			ip link set "$d" up
		done
	done
}

# devs N: the netdevs of the first N e1000s (the ops ctl_lat calls exist on
# both chips; the stock e1000 is the one to compare with)
devs() {
	local n=$1 i out=

	for ((i = 0; i < n; i++)); do
		case "$(cat "/sys/bus/pci/devices/${NICS[$i]}/vendor")" in
		0x8086) out+="${out:+,}$(ls "/sys/bus/pci/devices/${NICS[$i]}/net/")" ;;
		esac
	done
	echo "$out"
}

ctl8() {
	local n=$1 label=$2 op out

	for op in $SCALE_OPS; do
		out=$("$CTL_LAT" -n 50 -P 8 "$(devs "$n")" "$op") ||
			log "ctl_lat $op over $n NICs ($label): errors: $out"
		[ -n "$out" ] && recj scale_control "$(echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
d.update(nics=int(sys.argv[1]), driver=sys.argv[2])
print(json.dumps(d))' "$n" "$label")"
	done
}

modprobe e1000 || fail "modprobe e1000"
modprobe pcnet32 || fail "modprobe pcnet32"
for n in 1 4 16; do
	daemon_stop
	unbind_all
	[ -d /sys/module/mdrv ] && { rmmod mdrv || fail "rmmod mdrv"; }
	mdrv_load
	# mdrvd with no device yet (daemon_start waits for devices)
	daemon_spawn
	for i in $(seq 100); do daemon_ready && break; sleep 0.1; done
	daemon_ready || fail "mdrvd did not start"
	t0=$(now)
	bind_n "$n" mdrv
	t1=$(now)
	wait_owned "$n"
	t2=$(now)
	up_n "$n"
	# a new mdrvd: from its start to owning every device
	daemon_stop
	t3=$(now)
	daemon_spawn
	wait_owned "$n"
	t4=$(now)
	sleep 2
	j0=$(cpu_ns "$DAEMON")
	sleep "$IDLE_SECS"
	j1=$(cpu_ns "$DAEMON")
	recj scale "$(printf '{"nics":%d,"bind_s":%s,"hotplug_to_owned_s":%s,"start_to_owned_s":%s,"rss_kb":%s,"idle_cpu_pct":%s}' \
		"$n" "$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")" "$(secs "$t3" "$t4")" \
		"$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$DAEMON/status")" \
		"$(cpu_pct $((j1 - j0)) "$IDLE_SECS")")"
	log "$n NICs: $(tail -n 1 "$RUNS")"
	ctl8 "$n" mdrv
	# the same NICs under the stock drivers
	daemon_stop
	unbind_all
	bind_n "$n" stock
	up_n "$n"
	sleep 1
	ctl8 "$n" stock
done
unbind_all
for b in "${NICS[@]}"; do echo >"/sys/bus/pci/devices/$b/driver_override"; done
exit 0
