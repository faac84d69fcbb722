#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The parts of `make bench` measured once per driver, sourced by bench.sh
# (FULL=1) after its rounds: where each driver's per-packet cost goes, the
# control path's latency, mdrv's upcall round trip and mdrvd's cost.
#
# Register accesses: under TCG every access to a device register leaves
# the translated code for QEMU's device model, the emulated counterpart of a
# VM exit. The e1000's registers are MMIO: the guest kernel's mmiotrace
# (CONFIG_MMIOTRACE, in Debian's kernel) records every read and write of a
# mapping made while it is on, so the driver is bound again under it. The
# PCnet's are I/O ports, which mmiotrace does not see: QEMU's own trace
# events pcnet_ioport_read/write do, switched on over QMP for the window
# (scripts/bench starts QEMU with its log in $MDRV_OUT/qemu-trace.log).
# The workload is 64-byte UDP at a fixed rate (ACC_PPS) one way, then the
# other; mmiotrace stops all but one CPU and traps every access, so the
# rate is kept low and the same for both drivers.

T=/sys/kernel/tracing
ACC_PPS=${ACC_PPS:-1000}
ACC_SECS=${ACC_SECS:-3}
QTRACE=${QTRACE:-$OUT/qemu-trace.log}
QMP=$TOP/tests/vm/qmp

# pkts DEV NS: tx+rx packets of DEV so far
pkts() {
	echo $(($(link_stat "$1" "$2" tx_packets) + $(link_stat "$1" "$2" rx_packets)))
}

qtrace() {
	"$QMP" "{\"execute\":\"trace-event-set-state\",\"arguments\":{\"name\":\"pcnet_ioport_*\",\"enable\":$1}}" >/dev/null
}

# udp_rate DIR: ACC_SECS of 64-byte UDP at ACC_PPS, e1000 -> PCnet (fwd)
# or back (rev)
udp_rate() {
	iperf_json "$ACC_SECS" -u -l 64 -b $((ACC_PPS * 64 * 8)) \
		$([ "$1" = rev ] && echo -R) >/dev/null
}

# count_accesses CHIP DRIVER: accesses and interrupts per packet, each way
count_accesses() {
	local chip=$1 drv=$2 bdf dev ns dir p0 p1 i0 i1 raw off0 bar

	if [ "$chip" = e1000 ]; then
		bdf=$E1000_BDF
		echo 0 >"$T/tracing_on"
		echo 32768 >"$T/buffer_size_kb"
		echo mmiotrace >"$T/current_tracer" || { log "no mmiotrace"; return 1; }
		echo 1 >"$T/tracing_on"
		setup "$drv" pcnet32
		dev=$DEV_A ns=
		bar=$(awk 'NR == 1 { print $1, $2 }' "/sys/bus/pci/devices/$bdf/resource")
	else
		bdf=$PCNET_BDF
		setup e1000 "$drv"
		dev=$DEV_B ns=$NS
	fi
	for dir in fwd rev; do
		raw=$OUT/acc-$chip-$drv-$dir.txt
		p0=$(pkts "$dev" "$ns") i0=$(irqs "$bdf")
		if [ "$chip" = e1000 ]; then
			: >"$T/trace"
			udp_rate "$dir" || fail "accounting: UDP $dir"
			grep -E '^[RW] ' "$T/trace" >"$raw"
		else
			off0=$(stat -c %s "$QTRACE" 2>/dev/null || echo 0)
			qtrace true
			udp_rate "$dir" || fail "accounting: UDP $dir"
			qtrace false
			tail -c +$((off0 + 1)) "$QTRACE" | grep -E 'pcnet_ioport_(read|write)' >"$raw"
		fi
		p1=$(pkts "$dev" "$ns") i1=$(irqs "$bdf")
		recj accesses "$(python3 "$LIB_DIR/bench_regs.py" "$chip" "$drv" "$dir" \
			$((p1 - p0)) $((i1 - i0)) "$raw" ${bar:+$bar})"
	done
	if [ "$chip" = e1000 ]; then
		echo nop >"$T/current_tracer"
		echo 1408 >"$T/buffer_size_kb"
	fi
}

# control latency: in-process calls (ctl_lat), alone and with 8 callers, on
# an e1000 (the 82545EM at $CTL_E1000: the stock driver has interrupt
# coalescing only from that model on) and on the PCnet
CTL_E1000=${CTL_E1000:-0000:00:05.0}
CTL_OPS=${CTL_OPS:-"gdrv glink gring gstats gcoal scoal sring mtu"}
CTL_N=${CTL_N:-1000}

control() {
	local drv_e=$1 drv_p=$2 label=$3 dev op p n out

	daemon_stop
	ip netns del "$NS" 2>/dev/null
	rebind "$CTL_E1000" "$drv_e"
	rebind "$PCNET_BDF" "$drv_p"
	[ "$drv_e" = mdrv ] && daemon_start
	for bdf in "$CTL_E1000" "$PCNET_BDF"; do
		dev=$(netdev_of "$bdf")
		ip link set "$dev" up
		for op in $CTL_OPS; do
			for p in 1 8; do
				# the stock pcnet32 frees its rings with interrupts off
				# and WARNs on every ring resize: its latency would be
				# the console's, and the log the test's failure
				if [ "$drv_p" = pcnet32 ] && [ "$bdf" = "$PCNET_BDF" ] &&
				   [ "$op" = sring ]; then
					recj control "{\"chip\":\"pcnet\",\"driver\":\"$label\",\"op\":\"sring\",\"procs\":$p,\"unsupported\":true,\"why\":\"WARN in dma_free_attrs on every call\"}"
					continue
				fi
				n=$CTL_N
				[ "$p" = 8 ] && n=$((CTL_N / 4))
				out=$("$CTL_LAT" -n "$n" -P "$p" "$dev" "$op") ||
					log "ctl_lat $dev $op -P $p: errors: $out"
				[ -n "$out" ] || continue
				recj control "$(echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
d.update(chip=sys.argv[1], driver=sys.argv[2])
print(json.dumps(d))' "$([ "$bdf" = "$PCNET_BDF" ] && echo pcnet || echo e1000)" "$label")"
			done
		done
	done
}

# upcall_rtt: mdrv_upcall's duration (post, mdrvd's answer, wake-up) seen by
# function_graph: over PCnet MTU changes, which mdrvd answers without a
# register access (the round trip on its own), and over e1000 coalescing
# changes (its register write, read-back and publication included). Only
# mdrv_upcall is patched (set_ftrace_filter): set_graph_function alone
# hooks every kernel function and, under TCG, made the round trip look 4x
# longer (1.8 ms against the 430 us ctl_lat measures around the ioctl).
upcall_rtt_op() {
	local what=$1 bdf=$2 op=$3

	: >"$T/trace"
	echo 1 >"$T/tracing_on"
	"$CTL_LAT" -n "$CTL_N" "$(netdev_of "$bdf")" "$op" >/dev/null
	echo 0 >"$T/tracing_on"
	recj upcall "$(python3 -c '
import json, re, sys
t = sorted(float(m.group(1)) for m in
           (re.search(r"([0-9.]+) us", l) for l in open(sys.argv[1]) if "mdrv_upcall" in l) if m)
if not t:
    sys.exit(print("{}"))
print(json.dumps({"what": sys.argv[2], "op": sys.argv[3], "calls": len(t),
                  "p50_us": t[len(t) // 2], "p99_us": t[int(0.99 * (len(t) - 1))],
                  "min_us": t[0]}))' "$T/trace" "$what" "$op")"
}

upcall_rtt() {
	echo 0 >"$T/tracing_on"
	echo mdrv_upcall >"$T/set_ftrace_filter" || { log "no mdrv_upcall to trace"; return 0; }
	echo 1 >"$T/max_graph_depth"
	echo function_graph >"$T/current_tracer"
	upcall_rtt_op "alone (PCnet MTU: no register access)" "$PCNET_BDF" mtu
	upcall_rtt_op "e1000 coalescing (ITR write, read-back, publish)" "$CTL_E1000" scoal
	echo nop >"$T/current_tracer"
	echo >"$T/set_ftrace_filter"
	echo 0 >"$T/max_graph_depth"
	echo 1 >"$T/tracing_on"
}

# mdrvd idle: both NICs on mdrv, up, nothing sent, for IDLE_SECS
daemon_idle() {
	local j0 j1 secs=${IDLE_SECS:-20}

	setup mdrv mdrv
	sleep 2
	j0=$(cpu_ns "$DAEMON")
	sleep "$secs"
	j1=$(cpu_ns "$DAEMON")
	recj daemon "$(printf '{"state":"idle","secs":%s,"cpu_pct":%s,"rss_kb":%s}' "$secs" \
		"$(cpu_pct $((j1 - j0)) "$secs")" "$(daemon_rss)")"
}

for drv in e1000 mdrv; do
	count_accesses e1000 "$drv"
done
for drv in pcnet32 mdrv; do
	count_accesses pcnet "$drv"
done
log "register accesses counted"
control e1000 pcnet32 stock
control mdrv mdrv mdrv
upcall_rtt
. "$LIB_DIR/upcall_trace.sh"
upcall_parts
log "control path measured"
daemon_idle
