#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The user half killed again and again: KILLS (100) kill -9 of mdrvd at
# random moments (while it starts, attaches, configures or serves) during a
# SECS (120) second TCP stream, while wake-on-LAN changes (an upcall each,
# that leaves the data path alone: a ring change restarts it, and 170 of
# them in 2 minutes empty most seconds of a stream by themselves) run one
# after the other. The stream must survive with no one-second interval
# empty, no
# request may take longer than the upcall timeout allows (a request never
# hangs on a dead daemon), the kernel log stays clean (lib_cleanup), and
# the final configuration is the one last granted.
. "$(dirname "$0")/lib.sh"

KILLS=${KILLS:-100}
SECS=${SECS:-120}
OUT=${MDRV_OUT:-/tmp}
# a request: ethtool's start plus at most one upcall timeout (2 s)
LIMIT_MS=$((3000 * ${MDRV_TIMEOUT_SCALE:-1}))
wire mdrv mdrv
daemon_start

# requests, one after the other, until $OUT/endurance.stop: "wol ms rc"
requests() {
	local wol=g t0 rc

	while [ ! -e "$OUT/endurance.stop" ]; do
		t0=$(date +%s%N)
		timeout 10 ethtool -s "$DEV_A" wol "$wol" 2>/dev/null
		rc=$?
		echo "$wol $((($(date +%s%N) - t0) / 1000000)) $rc"
		wol=$([ "$wol" = g ] && echo d || echo g)
	done
}
rm -f "$OUT/endurance.stop"
requests >"$OUT/endurance-req.txt" &
rq=$!
cleanup() {
	local rc=$?

	touch "$OUT/endurance.stop"
	kill "$rq" 2>/dev/null
	(exit "$rc")
	lib_cleanup
}
trap cleanup EXIT
log0=$(wc -l <"$MDRVD_LOG")
iperf_json "$SECS" -b 100M >"$OUT/endurance-iperf.json" &
ipf=$!

# the kills: spread over the stream, each at a random point of the new
# daemon's life. Every other one comes as soon as the shell can send it
# (starting a sleep costs about 0.1 s under TCG, longer than the daemon
# takes to attach and configure): it lands while mdrvd starts, attaches
# or configures; the others anywhere after, all of them within about 0.9
# SECS with the spawns' own time.
per_ms=$((SECS * 1000 * 9 / 10 / KILLS * 3))
for i in $(seq "$KILLS"); do
	if ((i % 2)); then
		sleep "$(awk -v m=$((RANDOM % per_ms)) 'BEGIN { printf "%.3f", m / 1000 }')"
	fi
	kill -9 "$DAEMON" 2>/dev/null
	wait "$DAEMON" 2>/dev/null
	[ "$i" = "$KILLS" ] || daemon_spawn
done
daemon_start
# how far the killed ones got: running (attached and configured), or not
ran=$(tail -n +"$((log0 + 1))" "$MDRVD_LOG" | grep -c "info: running (pid")
touch "$OUT/endurance.stop"
wait "$rq"
wait "$ipf" || fail "the TCP stream did not survive $KILLS kills"

read -r n empty < <(python3 -c '
import json, sys
iv = json.load(open(sys.argv[1]))["intervals"]
print(len(iv), sum(1 for i in iv if i["sum"]["bytes"] == 0))' "$OUT/endurance-iperf.json")
read -r reqs ok slow max < <(awk -v lim=$LIMIT_MS '
	{ n++; if ($3 == 0) ok++; if ($2 > lim) slow++; if ($2 > max) max = $2 }
	END { print n + 0, ok + 0, slow + 0, max + 0 }' "$OUT/endurance-req.txt")
last=$(awk '$3 == 0 { w = $1 } END { print w }' "$OUT/endurance-req.txt")
now=$(ethtool "$DEV_A" | sed -n 's/^[[:space:]]*Wake-on: //p')
log "$KILLS kill -9 over ${SECS} s ($((ran - 1)) of the daemons killed had attached and configured both devices): $empty of $n one-second intervals empty; $reqs wake-on-LAN requests, $ok granted, $slow over $LIMIT_MS ms (longest $max ms); last granted $last, now $now"
[ "$empty" = 0 ] || fail "$empty empty intervals"
[ "$slow" = 0 ] || fail "$slow requests took longer than $LIMIT_MS ms"
[ "$ok" -gt 0 ] || fail "no request was granted"
[ "$now" = "$last" ] || fail "wake-on $now, the last granted request was $last"
ethtool -s "$DEV_A" wol d
exit 0
