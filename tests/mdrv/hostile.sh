#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A hostile or buggy user half against the kernel half (issue 4): mdrv must
# validate everything it receives. The victim is the e1000 at 00:03.0; a
# real mdrvd started with -x serves every other device meanwhile.
#
#  1. nl_fuzz, directed: register writes outside the allowlist and its masks
#     are refused with extack and change nothing; the data path still works.
#  2. nl_fuzz, random: $HOSTILE_NL_COUNT (100000) random, truncated and
#     out-of-range netlink messages, owner and stranger, single and batched;
#     every ACK arrives, every answer is well formed, no other device is
#     touched.
#  3. mbox_fuzz: garbage over the mailbox while upcalls run, then every
#     protocol abuse one by one: each upcall fails with a clear error within
#     the 2 s timeout and the kernel counts the rejection.
#  4. A real mdrvd takes the victim back: ethtool -g, mtu 1400 and ping work.
#
# Meanwhile the untouched pair on the suite's second hub (82545EM 00:05.0 <->
# 82540EM 00:06.0, present under `tests/vm/run` without a command, or with
# --hub 7 --nic e1000-82545em --nic e1000) pings throughout and must lose
# nothing. The kernel log must stay free of WARNING/BUG/Oops (lib.sh).
#
# Seeds and sizes: HOSTILE_SEED, HOSTILE_NL_COUNT, HOSTILE_GARBAGE_SECS.
. "$(dirname "$0")/lib.sh"

SEED=${HOSTILE_SEED:-4}
NL_COUNT=${HOSTILE_NL_COUNT:-100000}
GARBAGE_SECS=${HOSTILE_GARBAGE_SECS:-20}
VICTIM=$E1000_BDF
J1=0000:00:05.0
J2=0000:00:06.0
ADDR_J1=10.98.0.1
ADDR_J2=10.98.0.2

for p in nl_fuzz mbox_fuzz; do
	[ -x "$LIB_DIR/$p" ] || { log "$p not built"; exit $KSFT_SKIP; }
done
T0=$SECONDS
phase() { log "--- $* (at $((SECONDS - T0)) s)"; }

# the kernel's refusals are logged rate-limited: count what got through
rejects_logged() {
	dmesg | tail -n +"$((dmesg_start + 1))" | grep -c "$1"
}

# every device but the victim owned by a daemon
others_owned() {
	"$MDRVQ" owned "$VICTIM"
}

# mdrvd for every device but the victim (the fuzzers own that one)
hostile_daemon() {
	daemon_stop
	"$MDRVD" -f -p "$MDRVD_PID" -x "$VICTIM" >>"$MDRVD_LOG" 2>&1 &
	DAEMON=$!
	for _ in $(seq 50); do
		daemon_ready && others_owned && return 0
		sleep 0.1
	done
	fail "mdrvd -x $VICTIM did not take the other devices"
}

# --- the other pair: pings in the background, judged afterwards ----------
PAIR=0
if [ -e "/sys/bus/pci/devices/$J1" ] && [ -e "/sys/bus/pci/devices/$J2" ]; then
	PAIR=1
else
	log "no NICs at $J1/$J2: traffic on an untouched pair is not measured"
fi
PING_LOG=${MDRV_OUT:-/tmp}/hostile-ping.log

pair_ping_start() {
	[ $PAIR = 1 ] || return 0
	ping -i 0.2 -W 2 "$ADDR_J2" >"$PING_LOG" 2>&1 &
	PAIR_PING=$!
}

# pair_ping_check WHAT: the untouched pair lost nothing while WHAT ran
pair_ping_check() {
	local sent got

	[ $PAIR = 1 ] || return 0
	kill -INT "$PAIR_PING"
	wait "$PAIR_PING"
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$PING_LOG")
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$PING_LOG")
	log "untouched pair during $1: $got of $sent pings answered"
	[ -n "$sent" ] && [ "$sent" -gt 5 ] || fail "no pings on the untouched pair"
	# the last one may still be in flight when ping is stopped
	[ "$got" -ge $((sent - 1)) ] || fail "untouched pair lost pings during $1"
}

# --- wiring: A (victim) <-> B in $NS; J1 <-> J2 (J2 in $NS) ----------------
phase "wiring"
pkill -x mdrvd 2>/dev/null
ip netns del "$NS" 2>/dev/null
bind_driver "$E1000_BDF" mdrv
bind_driver "$PCNET_BDF" mdrv
if [ $PAIR = 1 ]; then
	bind_driver $J1 mdrv
	bind_driver $J2 mdrv
fi
DEV_B=$(netdev_of "$PCNET_BDF")
ip netns add "$NS"
ip link set "$DEV_B" netns "$NS" || fail "move $DEV_B"
ip -n "$NS" link set lo up
ip -n "$NS" addr add "$ADDR_B/24" dev "$DEV_B"
if [ $PAIR = 1 ]; then
	D1=$(netdev_of $J1)
	D2=$(netdev_of $J2)
	ip link set "$D2" netns "$NS" || fail "move $D2"
	ip addr add "$ADDR_J1/24" dev "$D1"
	ip -n "$NS" addr add "$ADDR_J2/24" dev "$D2"
fi
daemon_start

# victim_up: (re)address the victim, bring everything up, check both pairs
victim_up() {
	DEV_A=$(netdev_of "$VICTIM")
	ip addr flush dev "$DEV_A"
	ip addr add "$ADDR_A/24" dev "$DEV_A"
	ip link set "$DEV_A" up || fail "$DEV_A up"
	ip -n "$NS" link set "$DEV_B" up
	if [ $PAIR = 1 ]; then
		ip link set "$D1" up
		ip -n "$NS" link set "$D2" up
	fi
	for _ in $(seq 30); do
		ping -q -c 1 -W 1 "$ADDR_B" >/dev/null 2>&1 && break
	done
	ping -q -c 3 -i 0.2 -W 2 "$ADDR_B" >/dev/null || fail "$1: victim pair does not pass traffic"
	if [ $PAIR = 1 ]; then
		for _ in $(seq 30); do
			ping -q -c 1 -W 1 "$ADDR_J2" >/dev/null 2>&1 && break
		done
		ping -q -c 3 -i 0.2 -W 2 "$ADDR_J2" >/dev/null || fail "$1: other pair does not pass traffic"
	fi
}
victim_up "before"
hostile_daemon

# --- 1. directed register writes ---------------------------------------------
phase "nl_fuzz: registers outside the allowlist"
"$LIB_DIR/nl_fuzz" -b "$VICTIM" -n 0 || fail "nl_fuzz (directed)"
ping -q -c 3 -i 0.2 -W 2 "$ADDR_B" >/dev/null ||
	fail "the victim's data path broke after refused register writes"

# --- 2. random netlink messages ----------------------------------------------
phase "nl_fuzz: $NL_COUNT random messages, seed $SEED"
pair_ping_start
"$LIB_DIR/nl_fuzz" -b "$VICTIM" -s "$SEED" -n "$NL_COUNT" || fail "nl_fuzz (seed $SEED)"
pair_ping_check "nl_fuzz"
python3 "$MDRVNL" devs >/dev/null || fail "DEV_GET dump after nl_fuzz"

# the victim may have lost its configuration: a fresh probe, a real daemon
phase "re-wire the victim"
rebind "$VICTIM" mdrv
daemon_stop
daemon_start
victim_up "after nl_fuzz"

# --- 3. mailbox garbage and protocol abuse -----------------------------------
phase "mbox_fuzz: ${GARBAGE_SECS} s of garbage, then protocol abuse"
hostile_daemon
pair_ping_start
ping -q -i 0.1 -W 1 "$ADDR_B" >/dev/null 2>&1 &
VICTIM_PING=$!
"$LIB_DIR/mbox_fuzz" -b "$VICTIM" -s "$SEED" -t "$GARBAGE_SECS" || fail "mbox_fuzz (seed $SEED)"
kill "$VICTIM_PING" 2>/dev/null
wait "$VICTIM_PING" 2>/dev/null
pair_ping_check "mbox_fuzz"
log "kernel log: $(rejects_logged 'refused') refusal lines, $(rejects_logged 'did not answer') timeout lines (rate-limited)"
[ "$(rejects_logged 'refused')" -gt 0 ] || fail "no refusal was logged"

# --- 4. a real daemon takes the victim back ----------------------------------
phase "mdrvd reattaches"
daemon_stop
daemon_start
victim_up "after mbox_fuzz"
ethtool -g "$DEV_A" >/dev/null || fail "ethtool -g after mdrvd reattached"
ip link set "$DEV_A" mtu 1400 || fail "mtu 1400 after mdrvd reattached"
ping -q -c 3 -i 0.2 -W 2 -s 1300 -M do "$ADDR_B" >/dev/null ||
	fail "ping at mtu 1400 after mdrvd reattached"
ip link set "$DEV_A" mtu 1500 || fail "mtu 1500 after mdrvd reattached"
log "rejections counted on the victim: $(dev_field "$VICTIM" rejects)"
phase "done"
exit 0
