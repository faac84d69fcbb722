#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrvd is event-driven: idle, with both devices up and no traffic, it uses
# under 0.1% of a CPU (measured over 60 s from /proc/PID/stat).
. "$(dirname "$0")/lib.sh"

SECS=${SECS:-60}
wire mdrv mdrv
daemon_start
sleep 3
hz=$(getconf CLK_TCK)
t0=$(awk '{print $14 + $15}' "/proc/$DAEMON/stat")
sleep "$SECS"
t1=$(awk '{print $14 + $15}' "/proc/$DAEMON/stat")
pct=$(python3 -c "print('%.3f' % (($t1 - $t0) / $hz / $SECS * 100))")
log "mdrvd idle: $((t1 - t0)) ticks of 1/$hz s in $SECS s = $pct% CPU"
python3 -c "import sys; sys.exit(0 if $pct < 0.1 else 1)" || fail "idle CPU $pct% >= 0.1%"
# and it still answers at once
ethtool -g "$DEV_A" >/dev/null && ethtool -S "$DEV_A" >/dev/null || fail "ethtool after idle"
exit 0
