#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Where an upcall's round trip goes (a part of `make bench`, sourced by
# bench_full.sh, or run alone in the VM): PCnet MTU changes, which mdrvd
# answers without touching a register, traced with function_graph on
# mdrv_upcall (absolute times) and the scheduler and system-call events of
# mdrvd and the caller. Each round trip is cut at the events in between:
#   post     mdrv_upcall entered -> mdrvd woken (sched_wakeup)
#   wake     woken -> mdrvd on a CPU (sched_switch)
#   serve    on a CPU -> its doorbell write(2) entered
#   bell     doorbell entered -> the caller woken
#   back     caller woken -> on a CPU -> mdrv_upcall returns
# Records go to $RUNS (kind "upcall_parts"); medians in microseconds.
if [ -z "${RUNS:-}" ]; then
	. "$(dirname "$0")/lib.sh"
	OUT=${MDRV_OUT:-/tmp}
	RUNS=$OUT/upcall-trace.jsonl
	CTL_LAT=$LIB_DIR/ctl_lat
	CTL_N=${CTL_N:-300}
	T=/sys/kernel/tracing
	: >"$RUNS"
	bind_driver "$PCNET_BDF" mdrv
	daemon_start
	ip link set "$(netdev_of "$PCNET_BDF")" up
	UPCALL_TRACE_ALONE=1
fi

upcall_parts() {
	local dev pid ev raw=$OUT/upcall-trace.txt

	dev=$(netdev_of "$PCNET_BDF")
	pid=$(cat "$MDRVD_PID")
	echo 0 >"$T/tracing_on"
	echo nop >"$T/current_tracer"
	: >"$T/trace"
	echo 16384 >"$T/buffer_size_kb"
	echo mdrv_upcall >"$T/set_ftrace_filter" || { log "no mdrv_upcall to trace"; return 0; }
	echo 1 >"$T/max_graph_depth"
	echo 1 >"$T/options/funcgraph-abstime"
	echo 1 >"$T/options/funcgraph-proc"
	echo function_graph >"$T/current_tracer"
	for ev in sched/sched_wakeup sched/sched_switch raw_syscalls/sys_enter; do
		echo 1 >"$T/events/$ev/enable"
	done
	# mdrvd's system calls only (the caller's is the ioctl itself)
	echo "common_pid == $pid" >"$T/events/raw_syscalls/sys_enter/filter"
	echo 1 >"$T/tracing_on"
	"$CTL_LAT" -n "$CTL_N" "$dev" mtu >/dev/null
	echo 0 >"$T/tracing_on"
	cat "$T/trace" >"$raw"
	for ev in sched/sched_wakeup sched/sched_switch raw_syscalls/sys_enter; do
		echo 0 >"$T/events/$ev/enable"
	done
	echo 0 >"$T/events/raw_syscalls/sys_enter/filter"
	echo nop >"$T/current_tracer"
	echo 0 >"$T/options/funcgraph-abstime"
	echo 0 >"$T/options/funcgraph-proc"
	echo >"$T/set_ftrace_filter"
	echo 0 >"$T/max_graph_depth"
	echo 1408 >"$T/buffer_size_kb"
	echo 1 >"$T/tracing_on"
	recj upcall_parts "$(python3 "$LIB_DIR/upcall_parts.py" "$raw" "$pid")"
}

if [ -n "${UPCALL_TRACE_ALONE:-}" ]; then
	upcall_parts
	cat "$RUNS"
	exit $KSFT_PASS
fi
