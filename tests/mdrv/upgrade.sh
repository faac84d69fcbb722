#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Live upgrade: `mdrvd --replace` takes every device over from the running
# mdrvd with no moment unowned (the kernel hands each device over when the
# new daemon opens its mailbox) and then stops it.
#
# 1. Twenty upgrades in a row under ping every 10 ms, a TCP stream, and a
#    loop of requests (ethtool -S, -g, an EEPROM read and a coalescing change
#    the daemon carries out). Required: no ping lost, no empty one-second
#    interval, no request failed, carrier changes and restart counts
#    unchanged, each old daemon exited 0 and the new one holds the pid file,
#    the settings as they were and the coalescing the last one requested.
# 2. An upcall in flight at the hand-over is answered, not failed: a holder
#    that never answers takes one device (REPLACE from the running mdrvd),
#    ethtool -C waits on it, then mdrvd --replace takes the device from the
#    holder (and the rest from the old mdrvd) and answers the same upcall.
. "$(dirname "$0")/lib.sh"

OUT=${MDRV_OUT:-/tmp}
UPGRADES=${UPGRADES:-20}
wire mdrv mdrv
E=$E1000_BDF
P=$PCNET_BDF
coalescing_nic
[ -n "$DEV_C" ] || { log "no 82545EM bound to mdrv at $C"; exit $KSFT_SKIP; }
daemon_start

HOLD=
FIFO=
cleanup() {
	local rc=$?

	exec 9>&- 2>/dev/null
	[ -z "$HOLD" ] || { kill "$HOLD" 2>/dev/null; wait "$HOLD" 2>/dev/null; }
	[ -z "${FIFO:-}" ] || rm -f "$FIFO"
	ethtool -G "$DEV_A" rx 256 tx 256
	[ -z "${PCNET_RX0:-}" ] || ip netns exec "$NS" ethtool -G "$DEV_B" rx "$PCNET_RX0"
	ethtool -C "$DEV_C" rx-usecs 50
	ip -n "$NS" neigh flush dev "$DEV_B"
	(exit "$rc")
	lib_cleanup
}
trap cleanup EXIT

# rings of 512 as in restart.sh: smaller ones drop pings under the stream.
# The PCnet receives the stream: with its default 256 a guest busy starting
# daemons for 240 ms (the longest ping of a run at 24c210d, 50 Mbit/s: 1,000
# frames) can overflow it, and a ping goes with the frames it misses.
ethtool -G "$DEV_A" rx 512 tx 512 || fail "ring"
PCNET_RX0=$(ip netns exec "$NS" ethtool -g "$DEV_B" | sed -n '/Current/,$s/^RX:[[:space:]]*//p')
ip netns exec "$NS" ethtool -G "$DEV_B" rx 512 || fail "pcnet ring"
ethtool -C "$DEV_C" rx-usecs 100 || fail "coalesce"
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic"

snapshot() {
	ethtool -g "$DEV_A" | sed -n '/Current/,$p'
	ip -o link show "$DEV_A" | sed 's/ qlen.*//'
	ip netns exec "$NS" ethtool -g "$DEV_B" | sed -n '/Current/,$p'
	echo "resets $(dev_field "$E" resets) $(dev_field "$P" resets) $(dev_field "$C" resets)"
	echo "carrier_changes $(cat "/sys/class/net/$DEV_A/carrier_changes")" \
	     "$(ip netns exec "$NS" cat "/sys/class/net/$DEV_B/carrier_changes")" \
	     "$(cat "/sys/class/net/$DEV_C/carrier_changes")"
}
snapshot >"$OUT/upgrade-before.txt"
# frames the receivers missed (a full ring): said with the result
missed() { echo "$(link_stat "$DEV_A" "" rx_missed_errors) $(link_stat "$DEV_B" "$NS" rx_missed_errors)"; }
read -r ma0 mb0 < <(missed)

# requests: every one must succeed, whichever daemon answers it
requests() {
	local n=0 v

	while [ ! -e "$OUT/upgrade.stop" ]; do
		v=$((n % 2 ? 100 : 52))
		ethtool -S "$DEV_A" >/dev/null 2>>"$OUT/upgrade-req.err" ||
			echo "ethtool -S failed" >>"$OUT/upgrade-req.err"
		ethtool -g "$DEV_A" >/dev/null 2>>"$OUT/upgrade-req.err" ||
			echo "ethtool -g failed" >>"$OUT/upgrade-req.err"
		ethtool -e "$DEV_A" offset 0 length 16 >/dev/null 2>>"$OUT/upgrade-req.err" ||
			echo "ethtool -e failed" >>"$OUT/upgrade-req.err"
		ethtool -C "$DEV_C" rx-usecs "$v" 2>>"$OUT/upgrade-req.err" ||
			echo "ethtool -C rx-usecs $v failed" >>"$OUT/upgrade-req.err"
		n=$((n + 1))
		echo "$n $v" >"$OUT/upgrade-req.n"
	done
}

# upgrade: mdrvd --replace; the old one must exit 0 and the new one own
# every device and hold the pid file. Sets UP_MS (start to all of it).
upgrade() {
	local old=$DAEMON new t0 i rc

	t0=$(date +%s%N)
	"$MDRVD" --replace -f -p "$MDRVD_PID" >>"$MDRVD_LOG" 2>&1 &
	new=$!
	wait "$old"
	rc=$?
	[ "$rc" = 0 ] || fail "the replaced mdrvd (pid $old) exited $rc"
	for i in $(seq 100); do
		grep -q "running (pid $new), .*taken over" "$MDRVD_LOG" &&
			[ "$(cat "$MDRVD_PID" 2>/dev/null)" = "$new" ] &&
			"$MDRVQ" owned && break
		sleep 0.1
	done
	[ "$i" -lt 100 ] || fail "mdrvd $new did not take over (log: $MDRVD_LOG)"
	DAEMON=$new
	UP_MS=$((($(date +%s%N) - t0) / 1000000))
}

rm -f "$OUT/upgrade.stop" "$OUT/upgrade-req.err" "$OUT/upgrade-req.n"
: >"$OUT/upgrade-req.err"
owner0=$(dev_field "$E" owner)
SECS=${UPGRADE_SECS:-60}
ping -i 0.01 -w "$SECS" -q "$ADDR_B" >"$OUT/upgrade-ping.txt" 2>&1 &
pg=$!
iperf_json "$((SECS - 2))" -b 50M >"$OUT/upgrade-iperf.json" &
ipf=$!
requests &
rq=$!
sleep 2
t_start=$SECONDS
max_ms=0
for u in $(seq "$UPGRADES"); do
	upgrade
	[ "$UP_MS" -gt "$max_ms" ] && max_ms=$UP_MS
done
t_up=$((SECONDS - t_start))
# the upgrades must have run under traffic, not after it
kill -0 "$ipf" 2>/dev/null || fail "the stream ended before the last upgrade ($t_up s): raise UPGRADE_SECS"
touch "$OUT/upgrade.stop"
wait "$rq"
wait "$ipf" || fail "the TCP stream did not survive the upgrades"
wait "$pg"
read -r sent got < <(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' \
	"$OUT/upgrade-ping.txt")
[ -n "$sent" ] && [ "$sent" -ge $((SECS * 40)) ] || fail "ping: $(tail -n 2 "$OUT/upgrade-ping.txt")"
lost=$((sent - got))
read -r nint empty < <(python3 -c '
import json, sys
iv = json.load(open(sys.argv[1]))["intervals"]
print(len(iv), sum(1 for i in iv if i["sum"]["bytes"] == 0))' "$OUT/upgrade-iperf.json")
read -r nreq last_v <"$OUT/upgrade-req.n"
nerr=$(grep -c . "$OUT/upgrade-req.err")
[ "$(dev_field "$E" owner)" != "$owner0" ] || fail "the owner's port did not change"
snapshot >"$OUT/upgrade-after.txt"
diff -u "$OUT/upgrade-before.txt" "$OUT/upgrade-after.txt" | sed 's/^/# /'
read -r ma1 mb1 < <(missed)
log "$UPGRADES upgrades in $t_up s (longest $max_ms ms from start to owning everything with the pid file): $lost of $sent pings lost, $empty of $nint one-second intervals empty, $nerr of $((nreq * 4)) requests failed; frames missed: e1000 $((ma1 - ma0)), PCnet $((mb1 - mb0)); $(tail -n 1 "$OUT/upgrade-ping.txt")"
[ "$nerr" = 0 ] || { sed 's/^/# /' "$OUT/upgrade-req.err" | head -20; fail "requests failed"; }
[ "$lost" = 0 ] || fail "$lost pings lost"
[ "$empty" = 0 ] || fail "$empty empty intervals"
cmp -s "$OUT/upgrade-before.txt" "$OUT/upgrade-after.txt" ||
	fail "a setting, the restart count or the carrier changed across the upgrades"
ethtool -c "$DEV_C" | grep -q "^rx-usecs:[[:space:]]*$last_v$" ||
	fail "rx-usecs is not the last value requested ($last_v): $(ethtool -c "$DEV_C" | grep ^rx-usecs:)"

# 2. an upcall in flight at the hand-over
id=$(dev_field "$C" id)
FIFO=$(mktemp -u /run/mdrv-hold.XXXXXX)
rm -f "$FIFO"
mkfifo "$FIFO"
python3 "$MDRVNL" hold "$id" replace <"$FIFO" >"$OUT/upgrade-hold.txt" 2>&1 &
HOLD=$!
exec 9>"$FIFO"
for i in $(seq 100); do
	grep -q held "$OUT/upgrade-hold.txt" && break
	kill -0 "$HOLD" 2>/dev/null || fail "holder: $(cat "$OUT/upgrade-hold.txt")"
	sleep 0.1
done
grep -q held "$OUT/upgrade-hold.txt" || fail "the holder did not take $DEV_C"
[ "$(dev_field "$C" owner)" != "$(dev_field "$E" owner)" ] ||
	fail "$DEV_C still owned by mdrvd after the holder's REPLACE and open"
t0=$(date +%s%N)
# (no child keeps the fifo open: the holder ends when the test closes it)
ethtool -C "$DEV_C" rx-usecs 120 9>&- &
eth=$!
for i in $(seq 100); do
	grep -q posted "$OUT/upgrade-hold.txt" && break
	sleep 0.02
done
grep -q posted "$OUT/upgrade-hold.txt" || fail "the upcall never reached the holder"
old=$DAEMON
"$MDRVD" --replace -f -p "$MDRVD_PID" >>"$MDRVD_LOG" 2>&1 9>&- &
DAEMON=$!
wait "$eth" || fail "ethtool -C failed across the hand-over from a holder that never answered"
eth_ms=$((($(date +%s%N) - t0) / 1000000))
wait "$old" || fail "the replaced mdrvd exited $?"
ethtool -c "$DEV_C" | grep -q "^rx-usecs:[[:space:]]*120$" ||
	fail "rx-usecs not 120 after the hand-over: $(ethtool -c "$DEV_C" | grep ^rx-usecs:)"
exec 9>&-
wait "$HOLD"
HOLD=
for i in $(seq 50); do
	daemon_ready && "$MDRVQ" owned && break
	sleep 0.1
done
"$MDRVQ" owned || fail "not every device owned after the second hand-over"
log "an upcall waiting on a holder that never answers: answered by the new mdrvd after its hand-over, ethtool -C returned 0 in $eth_ms ms"

# 3. systemd (mdrvd.service: Type=notify, ExecReload=mdrvd --replace): the
# unit's daemon says READY=1 and names itself; the reload's daemon, which
# forks, names its own pid (MAINPID=) before it stops the old one, which
# systemd then lets go. A socket in place of systemd's collects both.
SOCK=$(mktemp -u /run/mdrv-notify.XXXXXX)
socat -u "UNIX-RECV:$SOCK" "OPEN:$OUT/upgrade-notify.txt,creat,trunc" &
SOCAT=$!
for i in $(seq 30); do [ -S "$SOCK" ] && break; sleep 0.1; done
daemon_stop
NOTIFY_SOCKET=$SOCK "$MDRVD" -f -p "$MDRVD_PID" >>"$MDRVD_LOG" 2>&1 &
DAEMON=$!
for i in $(seq 50); do
	grep -q "MAINPID=$DAEMON" "$OUT/upgrade-notify.txt" 2>/dev/null && break
	sleep 0.1
done
grep -q "READY=1" "$OUT/upgrade-notify.txt" && grep -q "MAINPID=$DAEMON" "$OUT/upgrade-notify.txt" ||
	fail "the unit's mdrvd did not notify READY=1 and MAINPID=$DAEMON: $(tr '\n' ' ' <"$OUT/upgrade-notify.txt")"
old=$DAEMON
# as ExecReload runs it: it forks, and returns once the new daemon serves
NOTIFY_SOCKET=$SOCK "$MDRVD" --replace -p "$MDRVD_PID" || fail "mdrvd --replace (forking) exited $?"
new=$(cat "$MDRVD_PID" 2>/dev/null)
for i in $(seq 50); do
	new=$(cat "$MDRVD_PID" 2>/dev/null)
	[ -n "$new" ] && [ "$new" != "$old" ] && break
	sleep 0.1
done
grep -q "MAINPID=$new" "$OUT/upgrade-notify.txt" ||
	fail "the reload's mdrvd (pid $new) did not name itself: $(tr '\n' ' ' <"$OUT/upgrade-notify.txt")"
wait "$old" || fail "the unit's mdrvd exited $? on the reload"
kill "$SOCAT" 2>/dev/null
rm -f "$SOCK"
"$MDRVQ" owned || fail "not every device owned after the reload"
# the forked daemon is not this shell's child: stop it by its pid file
kill -TERM "$new"
for i in $(seq 50); do kill -0 "$new" 2>/dev/null || break; sleep 0.1; done
DAEMON=
log "systemd: READY=1 and MAINPID=$old from the unit's mdrvd, MAINPID=$new from the reload's (mdrvd --replace)"
exit 0
