#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The carrier follows the cable: QEMU's set_link (QMP) takes each NIC's link
# down and up, and the carrier must follow within 1 s, every time. The e1000
# interrupts on a link change; the PCnet has only a link bit, which the
# kernel half's watchdog turns into the same event. With mdrvd the daemon
# sets the carrier; without it the kernel half does.
. "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-10}
QMP=$TOP/tests/vm/qmp
LIMIT_MS=1000

set_link() {	# set_link NETDEV true|false
	"$QMP" "{\"execute\":\"set_link\",\"arguments\":{\"name\":\"$1\",\"up\":$2}}" \
		>/dev/null || fail "QMP set_link $1 $2"
}

# carrier DEV NS: 1 if the kernel reports the lower layer up
carrier() {
	case $(ip ${2:+-n "$2"} -o link show dev "$1") in
	*LOWER_UP*) echo 1 ;;
	*) echo 0 ;;
	esac
}

# wait_carrier DEV NS WANT T0: milliseconds from T0 (ns) until the carrier
# is WANT, or fail after LIMIT_MS
wait_carrier() {
	local ms

	while :; do
		ms=$((($(date +%s%N) - $4) / 1000000))
		[ "$(carrier "$1" "$2")" = "$3" ] && break
		[ "$ms" -le $LIMIT_MS ] ||
			fail "$1: carrier not $3 within $LIMIT_MS ms"
		sleep 0.01
	done
	echo "$ms"
}

# flap WHAT NETDEV DEV NS ROUNDS
flap() {
	local i t0 t1 ms max=0 sum=0 qsum=0

	for i in $(seq "$5"); do
		for up in false true; do
			t0=$(date +%s%N)
			set_link "$2" $up
			# QEMU changed the link before it answered: count from
			# the answer (the QMP round trip is reported apart)
			t1=$(date +%s%N)
			qsum=$((qsum + (t1 - t0) / 1000000))
			t0=$t1
			ms=$(wait_carrier "$3" "$4" $([ $up = true ] && echo 1 || echo 0) "$t0") ||
				exit $KSFT_FAIL
			sum=$((sum + ms))
			[ "$ms" -gt "$max" ] && max=$ms
		done
	done
	log "$1: $5 down/up rounds, carrier followed in mean $((sum / (2 * $5))) ms, max $max ms (QMP round trip mean $((qsum / (2 * $5))) ms)"
}

wire mdrv mdrv
daemon_start
flap "e1000 (link interrupt), mdrvd" n0 "$DEV_A" "" "$ROUNDS"
flap "PCnet (polled link bit), mdrvd" n1 "$DEV_B" "$NS" "$ROUNDS"
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic after the link flaps"

daemon_stop
flap "e1000, no daemon" n0 "$DEV_A" "" 5
flap "PCnet, no daemon" n1 "$DEV_B" "$NS" 5
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic after the link flaps"
exit 0
