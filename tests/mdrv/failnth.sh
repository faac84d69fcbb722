#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault injection (debug kernel only: CONFIG_FAULT_INJECTION, failslab,
# fail_page_alloc): every memory allocation of mdrv's probe, open, ring
# resize, attach and mailbox open fails in turn (failnth). Each must unwind:
# an error to the caller, the device as it was, no leak (kmemleak, lib.sh),
# no KASAN/lockdep/DMA-API report. Then the devices still pass traffic.
. "$(dirname "$0")/lib.sh"

[ -x "$LIB_DIR/failnth" ] || { log "failnth not built"; exit $KSFT_SKIP; }
[ -e /proc/self/fail-nth ] || { log "no fault injection in this kernel (tests/vm/run --debug-kernel)"; exit $KSFT_SKIP; }
F=/sys/kernel/debug
# fail-nth overrides the probability; GFP_KERNEL allocations must count too
for a in failslab fail_page_alloc; do
	echo N >"$F/$a/ignore-gfp-wait"
	echo 0 >"$F/$a/verbose"
done
echo N >"$F/fail_page_alloc/ignore-gfp-highmem"
echo 0 >"$F/fail_page_alloc/min-order"

# what an injected failure does to the detectors themselves (DMA-API debugging
# turns itself off, kmemleak scans an object whole; failnth.sh runs last in the
# suite for that reason)
DMESG_EXPECTED='DMA-API: cacheline tracking ENOMEM, dma-debug disabled|kmemleak: Cannot allocate a scan area'
pkill -x mdrvd 2>/dev/null
mdrv_load
bind_driver "$PCNET_BDF" mdrv
cur=$(basename "$(readlink "/sys/bus/pci/devices/$E1000_BDF/driver" 2>/dev/null)" 2>/dev/null)
[ -n "$cur" ] && echo "$E1000_BDF" >"/sys/bus/pci/drivers/$cur/unbind"
"$LIB_DIR/failnth" bind "$E1000_BDF" || fail "probe"
for bdf in "$E1000_BDF" "$PCNET_BDF"; do
	bind_driver "$bdf" mdrv
	for op in up ring attach mbox; do
		"$LIB_DIR/failnth" "$op" "$bdf" || fail "$op on $bdf"
	done
done
wire mdrv mdrv
ping -q -c 5 -i 0.2 -W 1 "$ADDR_B" >/dev/null || fail "no traffic after the faults"
log "every failure unwound; traffic flows"
exit 0
