#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers for the mdrv selftests. Sourced by every test; runs as root inside
# the VM bench (tests/vm/run), where 0000:00:03.0 is an e1000 and
# 0000:00:04.0 a PCnet, wired to each other through a QEMU hub.
#
# Every test that sources this file fails if the kernel log gained a
# WARNING, BUG, Oops, refcount_t, leak or DMA-API line while it ran, or
# (under the debug kernel, tests/vm/run --debug-kernel) a KASAN, lockdep,
# UBSAN or debugobjects report, or kmemleak found a leak in a scan after it.

set -u

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
TOP=$(cd "$LIB_DIR/../.." && pwd -P)
MDRV_KO=${MDRV_KO:-$TOP/kmod/mdrv.ko}

E1000_BDF=${E1000_BDF:-0000:00:03.0}
PCNET_BDF=${PCNET_BDF:-0000:00:04.0}
NS=mdrvpeer
ADDR_A=10.99.0.1
ADDR_B=10.99.0.2

# Mbit/s below which a TCP stream "moved almost nothing" (a failure, not a
# slow pass): 10, over the slow-down MDRV_TIMEOUT_SCALE stands for under the
# debug kernel (KASAN and lockdep: 5-25 Mbit/s where Debian's moves 200-800)
TCP_FLOOR=$((10 / ${MDRV_TIMEOUT_SCALE:-1}))

DMESG_BAD='WARNING:|BUG:|Oops|refcount_t|leak|DMA-API|UBSAN|ODEBUG|INFO: (possible|inconsistent)|KASAN'
KMEMLEAK=/sys/kernel/debug/kmemleak

# python3 without the site module: under TCG, over the 9p root, its start-up
# scan of site-packages costs 1.5 s a call (0.3 s without); the tests'
# Python needs the standard library only
python3() { command python3 -S "$@"; }

log() { echo "# $*"; }
fail() { echo "# FAIL: $*"; exit $KSFT_FAIL; }

[ "$(id -u)" -eq 0 ] || { log "needs root"; exit $KSFT_SKIP; }
[ -e "$MDRV_KO" ] || { log "$MDRV_KO not built"; exit $KSFT_SKIP; }

dmesg_start=$(dmesg | wc -l)

# Lines the kernel logged since the test started that must never appear
# (but those a test expects, DMESG_EXPECTED).
dmesg_bad_lines() {
	dmesg | tail -n +"$((dmesg_start + 1))" | grep -E "$DMESG_BAD" |
		grep -vE "${DMESG_EXPECTED:-^$}"
}

MDRVD=${MDRVD:-$TOP/user/mdrvd/mdrvd}
MDRVNL=$LIB_DIR/mdrvnl.py
# the queries below: python3 starts take 1.4 s under TCG, mdrvq milliseconds
MDRVQ=$LIB_DIR/mdrvq
MDRVD_PID=/run/mdrvd.pid
MDRVD_LOG=${MDRV_OUT:-/tmp}/mdrvd.log

# daemon_ready: the mdrvd in the foreground ($DAEMON) has attached to and
# configured every device it takes. Owning them is not enough: it attaches
# to one, then re-applies that one's configuration (on the PCnet an INIT that
# rewrites CSR3) before the next; "running (pid N)" follows the last, when a
# daemonizing mdrvd would return.
daemon_ready() {
	grep -q "running (pid $DAEMON)" "$MDRVD_LOG" 2>/dev/null
}

# daemon_spawn: run mdrvd in the foreground (logging to $MDRVD_LOG), $DAEMON
daemon_spawn() {
	[ -x "$MDRVD" ] || fail "$MDRVD not built"
	"$MDRVD" -f -p "$MDRVD_PID" >>"$MDRVD_LOG" 2>&1 &
	DAEMON=$!
}

# daemon_start: daemon_spawn, then wait until it owns and has configured
# every mdrv device.
daemon_start() {
	local i

	daemon_spawn
	for i in $(seq 50); do
		daemon_ready && "$MDRVQ" owned && return 0
		sleep 0.1
	done
	fail "mdrvd did not attach to every device (log: $MDRVD_LOG)"
}

daemon_stop() {
	[ -n "${DAEMON:-}" ] || return 0
	kill -TERM "$DAEMON" 2>/dev/null
	# a test that failed while it had stopped the daemon: TERM waits for CONT
	kill -CONT "$DAEMON" 2>/dev/null
	wait "$DAEMON" 2>/dev/null
	DAEMON=
}

# cpu_ns PID: nanoseconds its threads have run (schedstat: a window of
# seconds at 0.1% is a few clock ticks, too coarse for utime/stime)
cpu_ns() {
	cat /proc/"$1"/task/*/schedstat | awk '{ s += $1 } END { printf "%d\n", s }'
}

# cpu_pct NS SECS: NS nanoseconds on a CPU over SECS seconds, in percent
cpu_pct() {
	awk -v d="$1" -v s="$2" 'BEGIN { printf "%.4f", d / (s * 1e9) * 100 }'
}

# recj KIND JSON: a benchmark record, one JSON object, appended to $RUNS
recj() {
	printf '{"kind":"%s","data":%s}\n' "$1" "$2" >>"$RUNS"
}

# coalescing_nic: C, the 82545EM of the suite's second hub (the e1000 with
# interrupt moderation), and DEV_C, its interface if mdrv drives it (else
# empty)
coalescing_nic() {
	C=${E82545_BDF:-0000:00:05.0}
	DEV_C=$(netdev_of "$C")
	[ -n "$DEV_C" ] &&
		[ "$(basename "$(readlink "/sys/bus/pci/devices/$C/driver")")" = mdrv ] ||
		DEV_C=
}

# dev_field BDF FIELD: a field of the device's netlink description
dev_field() {
	"$MDRVQ" field "$1" "$2"
}

# traffic SECS: true as soon as one ping gets through, within SECS
# (ADDR_B from this namespace; after a fault, how soon the data path is back)
traffic() {
	local end=$((SECONDS + $1))

	while [ $SECONDS -lt $end ]; do
		ping -q -c 1 -W 0.2 "$ADDR_B" >/dev/null 2>&1 && return 0
	done
	return 1
}

# hw_stat DEV NAME [NETNS]: a counter of `ethtool -S DEV` from a harvest the
# daemon made after this call began. The kernel answers from the last harvest
# without waiting (hw_stats_age_ms says how old it is) and a read older than
# 0.5 s asks for a new one; a read is taken only if its age is less than the
# time between this call and the start of the ethtool that read it, so traffic
# sent just before the call is counted (an age <= 500 alone let a harvest made
# in the middle of the traffic through: config.sh saw 16 of 20 packets).
hw_stat() {
	local i out age t0 t

	t0=$(date +%s%3N)
	for i in $(seq 50); do
		t=$(date +%s%3N)
		out=$(${3:+ip netns exec "$3"} ethtool -S "$1")
		age=$(echo "$out" | awk '$1 == "hw_stats_age_ms:" {print $2}')
		[ -n "$age" ] && [ "$age" -lt $((t - t0)) ] 2>/dev/null && break
		sleep 0.1
	done
	echo "$out" | awk -v n="$2:" '$1 == n {print $2}'
}

# reg BDF SPACE ADDR: a register as the kernel half reads it
reg() {
	"$MDRVQ" reg "$(dev_field "$1" id)" "$2" "$3"
}

lib_cleanup() {
	local rc=$?

	daemon_stop
	ip netns del "$NS" 2>/dev/null
	pkill -x iperf3 2>/dev/null
	if dmesg_bad_lines >/dev/null; then
		echo "# FAIL: kernel log during the test:"
		dmesg_bad_lines | sed 's/^/#   /'
		rc=$KSFT_FAIL
	fi
	kmemleak_check || rc=$KSFT_FAIL
	exit $rc
}

# kmemleak_check: under a kernel with kmemleak, scan and report what is
# unreferenced (objects older than kmemleak's 5 s minimum age: a leak shows
# at the latest in the next test's scan); each report is cleared once shown
kmemleak_check() {
	[ -w "$KMEMLEAK" ] || return 0
	echo scan >"$KMEMLEAK" 2>/dev/null || return 0
	if [ -s "$KMEMLEAK" ] && grep -q unreferenced "$KMEMLEAK"; then
		echo "# FAIL: kmemleak:"
		sed 's/^/#   /' "$KMEMLEAK" | head -n 60
		echo clear >"$KMEMLEAK"
		return 1
	fi
	return 0
}
trap lib_cleanup EXIT

mdrv_load() {
	[ -d /sys/module/mdrv ] || insmod "$MDRV_KO" || fail "insmod mdrv"
}

# bind_driver BDF DRIVER: hand a PCI function to DRIVER (mdrv, e1000,
# pcnet32), loading the module if needed, and wait for its netdev.
bind_driver() {
	local bdf=$1 drv=$2 cur i

	if [ "$drv" = mdrv ]; then
		mdrv_load
	else
		modprobe "$drv" || fail "modprobe $drv"
	fi
	cur=$(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver" 2>/dev/null)" 2>/dev/null)
	if [ "$cur" != "$drv" ]; then
		[ -n "$cur" ] && echo "$bdf" > "/sys/bus/pci/drivers/$cur/unbind"
		echo "$bdf" > "/sys/bus/pci/drivers/$drv/bind" ||
			fail "bind $bdf to $drv"
	fi
	for i in $(seq 50); do
		ls "/sys/bus/pci/devices/$bdf/net/" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	fail "no netdev for $bdf under $drv"
}

# rebind BDF DRIVER: a fresh probe, even if DRIVER has the device already
# (a stock driver keeps what an earlier test did to it, e.g. ring sizes)
rebind() {
	local cur

	cur=$(basename "$(readlink "/sys/bus/pci/devices/$1/driver" 2>/dev/null)" 2>/dev/null)
	[ -n "$cur" ] && echo "$1" > "/sys/bus/pci/drivers/$cur/unbind"
	bind_driver "$1" "$2"
}

netdev_of() {
	ls "/sys/bus/pci/devices/$1/net/" 2>/dev/null | head -n 1
}

# wire E1000_DRIVER PCNET_DRIVER: the e1000 in this namespace as ADDR_A,
# the PCnet in namespace $NS as ADDR_B; waits until they reach each other.
wire() {
	local i

	ip netns del "$NS" 2>/dev/null
	bind_driver "$E1000_BDF" "$1"
	bind_driver "$PCNET_BDF" "$2"
	DEV_A=$(netdev_of "$E1000_BDF")
	DEV_B=$(netdev_of "$PCNET_BDF")
	ip netns add "$NS"
	ip link set "$DEV_B" netns "$NS" || fail "move $DEV_B"
	# no IPv6 chatter (router and neighbour solicitations) in the counters
	sysctl -qw "net.ipv6.conf.$DEV_A.disable_ipv6=1"
	ip netns exec "$NS" sysctl -qw "net.ipv6.conf.$DEV_B.disable_ipv6=1"
	ip addr flush dev "$DEV_A"
	ip addr add "$ADDR_A/24" dev "$DEV_A"
	ip link set "$DEV_A" up
	ip -n "$NS" addr add "$ADDR_B/24" dev "$DEV_B"
	ip -n "$NS" link set lo up
	ip -n "$NS" link set "$DEV_B" up
	for i in $(seq 30); do
		ping -q -c 1 -W 1 "$ADDR_B" >/dev/null 2>&1 && return 0
	done
	fail "$DEV_A ($1) cannot reach $DEV_B ($2)"
}

# iperf_json SECONDS [IPERF3 ARGS...]: one iperf3 run from this namespace
# to $IPERF_TO (default ADDR_B) in $NS; prints iperf3's JSON. Bounded: a
# stalled transfer (no end IPERF_GRACE, 20, seconds past its length) fails
# instead of hanging the test, and says where it stalled (the seconds iperf3
# measured, both ends' TCP state and counters).
iperf_json() {
	local secs=$1 to=${IPERF_TO:-$ADDR_B} out srv cli rc i
	local json=${MDRV_OUT:-/tmp}/iperf-$$.json

	shift
	ip netns exec "$NS" iperf3 -s -1 -B "$to" >/dev/null 2>&1 &
	srv=$!
	for _ in $(seq 30); do
		ip netns exec "$NS" ss -ltn | grep -q ':5201 ' && break
		sleep 0.1
	done
	iperf3 -c "$to" -t "$secs" -J "$@" >"$json" &
	cli=$!
	for ((i = 0; i < (secs + ${IPERF_GRACE:-20}) * 10; i++)); do
		kill -0 "$cli" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$cli" 2>/dev/null; then
		log "iperf3: still running $((secs + ${IPERF_GRACE:-20})) s after a ${secs} s test:" >&2
		iperf_stalled "$to"
		# SIGINT makes it report to the server, which a dead path blocks
		kill -INT "$cli"
		for i in $(seq 30); do kill -0 "$cli" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$cli" 2>/dev/null
	fi
	wait "$cli"
	rc=$?
	out=$(cat "$json")
	rm -f "$json"
	if [ "$rc" -ne 0 ]; then
		echo "$out" | python3 -c '
import json, sys
try:
    j = json.load(sys.stdin)
except ValueError:
    sys.exit(print("# iperf3: no JSON"))
print("# iperf3:", j.get("error", "no error text"))
s = ["%.0f" % (i["sum"]["bits_per_second"] / 1e6) for i in j.get("intervals", [])]
print("# iperf3: Mbit/s per interval:", " ".join(s) or "none")' >&2
		kill "$srv" 2>/dev/null
		wait "$srv" 2>/dev/null
		return 1
	fi
	wait "$srv"
	echo "$out"
}

# iperf_stalled ADDR: what a stalled iperf3 run leaves to see (on stderr)
iperf_stalled() {
	{
		echo "this end:"
		ss -tni dst "$1"
		ip -s link show dev "${DEV_A:-}"
		echo "the peer ($NS):"
		ip netns exec "$NS" ss -tni src "$1"
		ip -n "$NS" -s link show dev "${DEV_B:-}"
		ping -q -c 3 -i 0.2 -W 1 "$1" | tail -n 2
		# did the pings reach the peer's driver? (its counters again)
		echo "the peer after 3 pings:"
		ip -n "$NS" -s link show dev "${DEV_B:-}" | sed -n '3,4p'
		grep -E "^ *($(cat "/sys/bus/pci/devices/$E1000_BDF/irq"|tr -d '\n')|$(cat "/sys/bus/pci/devices/$PCNET_BDF/irq"|tr -d '\n')):" /proc/interrupts
		# a stock driver's register dump (pcnet32: its CSRs, CSR0 first)
		for b in "$E1000_BDF" "$PCNET_BDF"; do
			[ "$(basename "$(readlink "/sys/bus/pci/devices/$b/driver")")" = mdrv ] && continue
			echo "$b: ethtool -d"
			if [ "$b" = "$PCNET_BDF" ]; then
				ip netns exec "$NS" ethtool -d "${DEV_B:-}" | head -n 12
			else
				ethtool -d "${DEV_A:-}" | head -n 40
			fi
		done
		# what an mdrv device's data path says: rings, registers, faults
		for b in "$E1000_BDF" "$PCNET_BDF"; do
			[ "$(basename "$(readlink "/sys/bus/pci/devices/$b/driver")")" = mdrv ] || continue
			echo "$b: devlink health diagnose rx-errors, tx-hang"
			devlink health diagnose "pci/$b" reporter rx-errors
			devlink health diagnose "pci/$b" reporter tx-hang
		done
	} 2>&1 | sed 's/^/#   /' >&2
}

# iperf_tcp SECONDS [-R]: TCP throughput the receiver saw, in Mbit/s
iperf_tcp() {
	local out

	out=$(iperf_json "$@") || return 1
	echo "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)["end"]["sum_received"]
print("%.1f" % (r["bits_per_second"] / 1e6))'
}

# mdrvctl, for the tests of the CLI (mdrvctl*.sh)
CTL=$TOP/user/mdrvctl/mdrvctl
ERR=${MDRV_OUT:-/tmp}/mdrvctl.err

# ctl_rc RC ARGS...: mdrvctl must exit RC (its stderr in $ERR)
ctl_rc() {
	local want=$1 rc

	shift
	"$CTL" "$@" >/dev/null 2>"$ERR"
	rc=$?
	[ "$rc" = "$want" ] || fail "mdrvctl $*: exit $rc, not $want ($(head -n 2 "$ERR"))"
}

# unpriv ARGS...: mdrvctl as nobody, without capabilities
unpriv() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		--bounding-set=-all "$CTL" "$@"
}

# link_stat DEV NS FIELD: a counter of the interface (e.g. rx.packets), as
# `ip -s link` shows it: both read ndo_get_stats64 (sysfs statistics/)
link_stat() {
	local f=/sys/class/net/$1/statistics/${3/./_}

	if [ -n "$2" ]; then
		ip netns exec "$2" cat "$f"
	else
		cat "$f"
	fi
}
