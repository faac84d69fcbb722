#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rmmod mdrv with the user half attached, with an ethtool call waiting on an
# upcall, and under traffic. The daemon's mapped mailboxes hold a reference
# on the module (as any open device file does), so while it is attached
# rmmod is refused at once with "in use" — never a hang, never a crash —
# and the data path and the daemon carry on. Once mdrvd is gone (SIGTERM,
# or kill -9), rmmod succeeds even under a TCP stream.
. "$(dirname "$0")/lib.sh"

wire mdrv mdrv
daemon_start

# rmmod_refused: rmmod fails fast and the module stays
rmmod_refused() {
	local t0=$(date +%s%N) ms

	rmmod mdrv 2>/tmp/rmmod.err && fail "rmmod succeeded with mdrvd attached"
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ -d /sys/module/mdrv ] || fail "module gone"
	grep -q "in use" /tmp/rmmod.err || fail "rmmod: $(cat /tmp/rmmod.err)"
	echo "$ms"
}

ms=$(rmmod_refused) || exit $KSFT_FAIL
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic after the refused rmmod"
ethtool -G "$DEV_A" rx 128 || fail "mdrvd no longer serves"
log "mdrvd attached: rmmod refused in $ms ms ($(cat /tmp/rmmod.err)); traffic and mdrvd carry on"

kill -STOP "$DAEMON"
ethtool -G "$DEV_A" rx 256 2>/dev/null &
et=$!
sleep 0.3
ms=$(rmmod_refused) || exit $KSFT_FAIL
wait "$et" && fail "ethtool -G succeeded with a stopped daemon"
kill -CONT "$DAEMON"
log "an ethtool call waiting on an upcall: rmmod refused in $ms ms, the call timed out"

iperf_json 15 >/dev/null 2>&1 &
ipf=$!
sleep 3
kill -9 "$DAEMON"
wait "$DAEMON" 2>/dev/null
DAEMON=
t0=$(date +%s%N)
rmmod mdrv || fail "rmmod under traffic after kill -9 of mdrvd"
log "kill -9 mdrvd, then rmmod under a TCP stream: done in $((($(date +%s%N) - t0) / 1000000)) ms"
# the stream has lost its NICs: it only had to be running during the rmmod
# (left alone, its client blocks on the dead path until the test times out:
# 20 minutes under the debug kernel)
pkill -KILL -x iperf3
wait "$ipf" 2>/dev/null
[ -d /sys/module/mdrv ] && fail "module still present"
exit 0
