#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Health reporting through devlink: the stock iproute2 `devlink` tool sees
# one instance per device with the reporters tx-hang, rx-errors, link and
# daemon. Faults are injected behind the driver's back (poke.py) and must be
# reported, recovered through mdrvd (auto_recover), or left alone until
# `devlink health recover` (auto_recover false, or inside the grace
# period); diagnose and dump carry the kernel's ring state and the pairs
# mdrvd supplies; without mdrvd diagnose still answers and the kernel
# recovers itself; losing mdrvd turns the daemon reporter to error.
. "$(dirname "$0")/lib.sh"

POKE="python3 $LIB_DIR/poke.py"
EA=pci/$E1000_BDF
PB=pci/$PCNET_BDF

command -v devlink >/dev/null || { log "no devlink tool"; exit $KSFT_SKIP; }

# rep DEV REPORTER FIELD: a field of `devlink health show` (-j), "none"
rep() {
	devlink -j health show "$1" reporter "$2" | python3 -c '
import json, sys
h = json.load(sys.stdin)["health"]
r = list(h.values())[0][0]
print(str(r.get(sys.argv[1])).lower())' "$3"
}

# wait_rep DEV REPORTER SECS FIELD=VALUE...: until all fields match (one
# devlink call per round: a round takes a second or more under TCG)
wait_rep() {
	local dev=$1 r=$2 end=$((SECONDS + $3))

	shift 3
	while :; do
		devlink -j health show "$dev" reporter "$r" | python3 -c '
import json, sys
r = list(json.load(sys.stdin)["health"].values())[0][0]
sys.exit(0 if all(str(r.get(k)).lower() == v for k, v in
                  (a.split("=", 1) for a in sys.argv[1:])) else 1)' "$@" &&
			return 0
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

# jget JSON-CMD... KEY.PATH: a value from a devlink -j command, or ""
jget() {
	local path=${!#}

	"${@:1:$#-1}" | python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    if isinstance(v, list):     # iproute2 may wrap objects in lists
        m = [x for x in v if isinstance(x, dict) and k in x]
        v = m[0] if m else {}
    v = v.get(k, "") if isinstance(v, dict) else ""
print(str(v).lower())' "$path"
}

ms_now() { date +%s%3N; }

# klog_ms IFNAME END-PATTERN: ms from the last fault the kernel logged for
# IFNAME ("... detected") to the first END-PATTERN line after it
klog_ms() {
	dmesg | python3 -c '
import re, sys
ifn, end = sys.argv[1] + ": ", sys.argv[2]
det = res = None
for l in sys.stdin:
    m = re.match(r"\[ *([0-9.]+)\] (.*)", l)
    if not m or ifn not in m.group(2):
        continue
    if "detected" in m.group(2):
        det, res = float(m.group(1)), None
    elif det is not None and res is None and re.search(end, m.group(2)):
        res = float(m.group(1))
print(round((res - det) * 1000) if det is not None and res is not None else "none")' "$1" "$2"
}

wire mdrv mdrv
daemon_start

# --- the devlink instances and reporters -----------------------------------
for d in "$EA" "$PB"; do
	devlink dev | grep -qx "$d" || fail "devlink dev does not list $d"
	for r in tx-hang rx-errors link daemon; do
		[ "$(rep "$d" $r state)" = healthy ] ||
			fail "$d $r: state $(rep "$d" $r state), want healthy"
	done
done
[ "$(rep "$EA" tx-hang grace_period)" = 500 ] || fail "tx-hang grace period"
[ "$(rep "$EA" tx-hang auto_recover)" = true ] || fail "tx-hang auto_recover"
# no recover callback: devlink shows no auto_recover or grace period
[ "$(rep "$EA" daemon auto_recover)" = none ] || fail "daemon auto_recover"
log "devlink: $EA and $PB, reporters tx-hang rx-errors link daemon, all healthy"

# --- a TX hang: reported, recovered by mdrvd through devlink --------------
traffic 5 || fail "no traffic before the fault"
rec0=$(grep -c "re-applied" "$MDRVD_LOG")
e0=$(rep "$EA" tx-hang error)
r0=$(rep "$EA" tx-hang recover)
t0=$(ms_now)
$POKE "$E1000_BDF" 0x400 0 || fail "poke TCTL"
wait_rep "$EA" tx-hang 10 error=$((e0 + 1)) recover=$((r0 + 1)) state=healthy ||
	fail "tx-hang: error $(rep "$EA" tx-hang error) recover $(rep "$EA" tx-hang recover) state $(rep "$EA" tx-hang state)"
t1=$(ms_now)
traffic 2 || fail "tx-hang: no traffic after the recovery"
t2=$(ms_now)
[ $(($(grep -c "re-applied" "$MDRVD_LOG") - rec0)) -eq 1 ] ||
	fail "tx-hang: mdrvd did not recover exactly once"
dmesg | grep -q "transmit hang detected.*reported to devlink health" ||
	fail "tx-hang: no kernel report"
log "TCTL=0: tx-hang error $((e0 + 1)) recover $((r0 + 1)) healthy; transmitter reset $(klog_ms "$DEV_A" "transmitter reset") ms after the detection (kernel log); seen by the test's devlink polling $((t1 - t0)) ms, traffic $((t2 - t0)) ms after the injection"

# --- diagnose: kernel facts and mdrvd's pairs ------------------------------
dg="devlink -j health diagnose $EA reporter tx-hang"
for k in dp_up tx_ring.size tx_ring.next_to_use tx_ring.next_to_clean \
	 TDH TDT TCTL tx_hangs daemon.recoveries daemon.STATUS \
	 daemon.backoff_ms; do
	[ -n "$(jget $dg $k)" ] || fail "diagnose tx-hang: no $k"
done
[ "$(jget $dg tx_hangs)" -ge 1 ] || fail "diagnose: tx_hangs"
[ "$(jget $dg daemon.recoveries)" -ge 1 ] || fail "diagnose: recoveries"
[ "$(jget $dg TDH)" = "$(jget $dg tx_ring.next_to_clean)" ] ||
	log "note: TDH $(jget $dg TDH) next_to_clean $(jget $dg tx_ring.next_to_clean)"
log "diagnose tx-hang: ring $(jget $dg tx_ring.next_to_use)/$(jget $dg tx_ring.next_to_clean) of $(jget $dg tx_ring.size), TDH $(jget $dg TDH) TDT $(jget $dg TDT), mdrvd: recoveries $(jget $dg daemon.recoveries) STATUS $(jget $dg daemon.STATUS)"

# --- dump: taken at the report (auto_dump) --------------------------------
dd="devlink -j health dump show $EA reporter tx-hang"
[ -n "$(jget $dd fault_kind)" ] || fail "dump: no fault_kind"
[ -n "$(jget $dd daemon.faults)" ] || fail "dump: no daemon pairs"
log "dump tx-hang: fault_kind $(jget $dd fault_kind) detail $(jget $dd fault_detail)"
devlink health dump clear "$EA" reporter tx-hang || fail "dump clear"

# --- auto_recover false: nothing until `devlink health recover` -----------
devlink health set "$EA" reporter tx-hang auto_recover false ||
	fail "set auto_recover"
e0=$(rep "$EA" tx-hang error)
r0=$(rep "$EA" tx-hang recover)
$POKE "$E1000_BDF" 0x400 0 || fail "poke TCTL"
# the fault persists: reported again every 2 s, never recovered
wait_rep "$EA" tx-hang 10 state=error || fail "auto_recover off: not reported"
[ "$(rep "$EA" tx-hang error)" -gt "$e0" ] || fail "auto_recover off: error count"
traffic 3 && fail "auto_recover off: traffic although nothing recovered"
[ "$(rep "$EA" tx-hang recover)" = "$r0" ] || fail "auto_recover off: recovered"
t0=$(ms_now)
devlink health recover "$EA" reporter tx-hang || fail "devlink health recover"
[ "$(rep "$EA" tx-hang state)" = healthy ] || fail "manual recover: state"
traffic 2 || fail "manual recover: no traffic"
t1=$(ms_now)
log "auto_recover false: not recovered for 3 s; devlink health recover: traffic back in $((t1 - t0)) ms, recover $r0 -> $(rep "$EA" tx-hang recover)"
devlink health set "$EA" reporter tx-hang auto_recover true

# --- the grace period: a fault within it is left to the operator ---------
devlink health set "$EA" reporter tx-hang grace_period 30000 ||
	fail "set grace_period"
e0=$(rep "$EA" tx-hang error)
r0=$(rep "$EA" tx-hang recover)
$POKE "$E1000_BDF" 0x400 0 || fail "poke TCTL"
wait_rep "$EA" tx-hang 10 state=error || fail "grace period: not reported"
traffic 3 && fail "grace period: recovered within it"
[ "$(rep "$EA" tx-hang recover)" = "$r0" ] || fail "grace period: recovered"
devlink health recover "$EA" reporter tx-hang || fail "recover"
traffic 2 || fail "grace period: no traffic after the recovery"
log "grace_period 30000: fault $((e0 + 1)) within it not recovered for 3 s, recovered by hand"
devlink health set "$EA" reporter tx-hang grace_period 500

# --- PCnet STOP: rx-errors ------------------------------------------------
e0=$(rep "$PB" rx-errors error)
r0=$(rep "$PB" rx-errors recover)
t0=$(ms_now)
$POKE "$PCNET_BDF" pcnet-csr 0 4 || fail "poke CSR0"
wait_rep "$PB" rx-errors 10 error=$((e0 + 1)) recover=$((r0 + 1)) state=healthy ||
	fail "PCnet STOP: rx-errors error $(rep "$PB" rx-errors error) recover $(rep "$PB" rx-errors recover)"
t1=$(ms_now)
traffic 2 || fail "PCnet STOP: no traffic"
t2=$(ms_now)
dg="devlink -j health diagnose $PB reporter rx-errors"
[ -n "$(jget $dg rx_ring.next_to_clean)" ] || fail "PCnet diagnose: rx_ring"
[ -n "$(jget $dg daemon.CSR0)" ] || fail "PCnet diagnose: daemon CSR0"
csr0=$(jget $dg CSR0)
dg="devlink -j health diagnose $PB reporter link"
[ "$(jget $dg carrier)" = true ] && [ "$(jget $dg chip_link)" = true ] ||
	fail "link diagnose: carrier $(jget $dg carrier) chip_link $(jget $dg chip_link)"
[ "$(jget $dg daemon.carrier)" = 1 ] || fail "link diagnose: mdrvd's carrier"
log "PCnet STOP: rx-errors recovered, data path reset $(klog_ms "$DEV_B" "data path reset") ms after the detection (kernel log); seen by polling $((t1 - t0)) ms, traffic $((t2 - t0)) ms after the injection; CSR0 $csr0; link diagnose: carrier up"

# --- losing mdrvd: the daemon reporter ------------------------------------
de0=$(rep "$EA" daemon error)
dp0=$(rep "$PB" daemon error)
daemon_stop
wait_rep "$EA" daemon 10 error=$((de0 + 1)) state=error ||
	fail "daemon reporter: not reported"
wait_rep "$PB" daemon 10 error=$((dp0 + 1)) state=error ||
	fail "daemon reporter (PCnet)"
dg="devlink -j health diagnose $EA reporter tx-hang"
[ "$(jget $dg daemon)" = "not attached" ] || fail "diagnose without mdrvd"
[ -n "$(jget $dg tx_ring.next_to_use)" ] || fail "diagnose without mdrvd: ring"
[ "$(jget devlink -j health diagnose "$EA" reporter daemon attached)" = false ] ||
	fail "daemon diagnose: attached"
log "mdrvd stopped: daemon reporter error, diagnose answers (daemon: not attached)"

# without mdrvd the kernel recovers itself, through the same reporter
r0=$(rep "$EA" tx-hang recover)
t0=$(ms_now)
$POKE "$E1000_BDF" 0x400 0 || fail "poke TCTL"
wait_rep "$EA" tx-hang 10 recover=$((r0 + 1)) state=healthy ||
	fail "no mdrvd: not recovered"
traffic 2 || fail "no mdrvd: no traffic"
t1=$(ms_now)
log "TCTL=0 without mdrvd: the kernel recovered, transmitter reset $(klog_ms "$DEV_A" "transmitter reset") ms after the detection, traffic $((t1 - t0)) ms after the injection"

# ethtool's msglvl gates the kernel half's messages about the device, as the
# stock e1000's does: with drv off a fault is detected and recovered without
# a line in the kernel log.
sleep 1	# past the grace period of the recovery above
ethtool -s "$DEV_A" msglvl drv off || fail "msglvl drv off"
n0=$(dmesg | grep -c " $DEV_A: ")
r0=$(rep "$EA" tx-hang recover)
$POKE "$E1000_BDF" 0x400 0 || fail "poke TCTL"
wait_rep "$EA" tx-hang 10 recover=$((r0 + 1)) state=healthy ||
	fail "msglvl drv off: not recovered"
traffic 2 || fail "msglvl drv off: no traffic"
n1=$(dmesg | grep -c " $DEV_A: ")
ethtool -s "$DEV_A" msglvl drv on || fail "msglvl drv on"
[ "$n1" = "$n0" ] ||
	fail "msglvl drv off: $((n1 - n0)) kernel log lines: $(dmesg | grep " $DEV_A: " | tail -n $((n1 - n0)) | tr '\n' '|')"
log "msglvl drv off: TCTL=0 detected and recovered without a kernel log line"

# A process that attaches over netlink but never opens the mailbox owns the
# device (its downcalls are taken) but cannot be asked anything: the daemon
# reporter follows "can be asked" (the mailbox open), as diagnose's
# "attached" does, and stays in error.
FIFO=$(mktemp -u /run/mdrv-own.XXXXXX)
OWN_OUT=${MDRV_OUT:-/tmp}/own.txt
mkfifo "$FIFO"
python3 "$MDRVNL" own "$(dev_field "$E1000_BDF" id)" <"$FIFO" >"$OWN_OUT" 2>&1 &
OWN=$!
exec 9>"$FIFO"
rm -f "$FIFO"
for i in $(seq 50); do
	grep -q attached "$OWN_OUT" && break
	sleep 0.1
done
grep -q attached "$OWN_OUT" || fail "own: $(cat "$OWN_OUT")"
[ "$(dev_field "$E1000_BDF" owner)" != 0 ] || fail "own: no owner"
sleep 1
[ "$(rep "$EA" daemon state)" = error ] ||
	fail "daemon reporter $(rep "$EA" daemon state) for an owner whose mailbox is closed"
[ "$(jget devlink -j health diagnose "$EA" reporter daemon attached)" = false ] ||
	fail "daemon diagnose: attached without a mailbox"
exec 9>&-
wait "$OWN"
log "attached over netlink, mailbox never opened: daemon reporter stays error, attached false"

daemon_start
wait_rep "$EA" daemon 10 state=healthy || fail "daemon reporter: not healthy again"
[ "$(jget devlink -j health diagnose "$EA" reporter daemon attached)" = true ] ||
	fail "daemon diagnose: not attached with mdrvd back"
log "mdrvd back: daemon reporter healthy, attached"
exit 0
