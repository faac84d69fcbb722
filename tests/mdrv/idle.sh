#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrvd is event-driven: idle, with both devices up and no traffic, it uses
# under 0.1% of a CPU. Measured over SECS (20) s from the scheduler's own
# accounting of every thread, /proc/PID/task/*/schedstat (nanoseconds on a
# CPU): at 0.1% that is 20 ms, which the tick-based utime/stime (10 ms a
# tick) could not tell from nothing in so short a window.
. "$(dirname "$0")/lib.sh"

# a performance figure: the debug kernel's detectors would be measured
[ "${MDRV_TIMEOUT_SCALE:-1}" -gt 1 ] &&
	{ log "performance: not measured under the debug kernel"; exit $KSFT_SKIP; }

SECS=${SECS:-20}
wire mdrv mdrv
daemon_start
sleep 3
t0=$(cpu_ns "$DAEMON")
sleep "$SECS"
t1=$(cpu_ns "$DAEMON")
pct=$(cpu_pct $((t1 - t0)) "$SECS")
log "mdrvd idle: $(((t1 - t0) / 1000)) us on a CPU in $SECS s = $pct% CPU"
awk -v p="$pct" 'BEGIN { exit !(p < 0.1) }' || fail "idle CPU $pct% >= 0.1%"
# and it still answers at once
ethtool -g "$DEV_A" >/dev/null && ethtool -S "$DEV_A" >/dev/null || fail "ethtool after idle"
exit 0
