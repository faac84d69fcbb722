#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrvctl, the CLI: every verb against both NICs (the PCnet in $NS, through
# -n), its JSON checked against `ip -j link` and the family's DEV_GET, the
# decoded registers against REG_READ, the events of a daemon start and of
# down/up, usage errors (exit 1 as ip's, nothing touched) and an unprivileged
# caller (exit 2, the kernel's refusal, with the CAP_NET_ADMIN message).
. "$(dirname "$0")/lib.sh"

[ -x "$CTL" ] || { log "$CTL not built"; exit $KSFT_SKIP; }
OUT=${MDRV_OUT:-/tmp}
MON=$OUT/mdrvctl-monitor.json
pkill -x mdrvd 2>/dev/null

# devs: the family's view of every device, to tell "nothing changed"
devs() { python3 "$MDRVNL" devs | sort; }

wire mdrv mdrv
E_ID=$(dev_field "$E1000_BDF" id)
P_ID=$(dev_field "$PCNET_BDF" id)

# ---- usage errors: exit 1 with the usage text, the devices untouched
before=$(devs)
for args in "frob show" "dev frob" "de sh" "dev sh" "regs dump" \
	    "regs dump id" "regs dump id x" "dev show $DEV_A extra" \
	    "monitor now" "-x dev show" "-n" "regs dump $DEV_A $DEV_A" ""; do
	# shellcheck disable=SC2086
	ctl_rc 1 $args
	grep -q '^Usage: mdrvctl' "$ERR" || fail "mdrvctl $args: no usage text"
done
for args in "help" "dev help" "regs help" "monitor help" "regs dump help"; do
	# shellcheck disable=SC2086
	"$CTL" $args | grep -q '^Usage: mdrvctl' || fail "mdrvctl $args: no usage"
done
[ "$(devs)" = "$before" ] || fail "a usage error changed a device"
log "usage errors: exit 1, devices unchanged"

# ---- the events of a daemon start and of down/up, in the background
"$CTL" -j monitor >"$MON" 2>"$OUT/mdrvctl-monitor.err" &
MON_PID=$!
# and one in $NS, which hears of its own devices only
ip netns exec "$NS" "$CTL" -j monitor >"$MON.ns" 2>"$OUT/mdrvctl-monitor-ns.err" &
MON_NS_PID=$!
cleanup() {
	local rc=$?

	kill -TERM "$MON_PID" "$MON_NS_PID" 2>/dev/null
	(exit "$rc")
	lib_cleanup
}
trap cleanup EXIT
sleep 0.5
kill -0 "$MON_PID" || fail "monitor exited: $(cat "$OUT/mdrvctl-monitor.err")"
kill -0 "$MON_NS_PID" || fail "monitor in $NS exited: $(cat "$OUT/mdrvctl-monitor-ns.err")"

# ---- dev show, before the daemon: not attached
# check_dev JSON NSARG IFNAME BDF ATTACHED: one device of dev show -j
check_dev() {
	local link

	link=$(ip $2 -j link show dev "$3") || fail "ip link $3"
	python3 - "$1" "$link" "$(python3 "$MDRVNL" devs)" "$3" "$4" "$5" <<'EOF' || fail "dev show $3"
import json, sys
show, link, devs, ifname, bus, attached = sys.argv[1:]
show = json.loads(show)
assert isinstance(show, list) and len(show) == 1, show
d, l = show[0], json.loads(link)[0]
nl = [x for x in map(json.loads, devs.splitlines()) if x["bus"] == bus][0]
def eq(what, a, b):
    if a != b:
        sys.exit("# FAIL: %s: mdrvctl %r, expected %r" % (what, a, b))
eq("ifname", d["ifname"], l["ifname"])
eq("ifname", d["ifname"], ifname)
eq("mtu", d["mtu"], l["mtu"])
eq("mac", d["mac"], l["address"])
eq("up", d["up"], "UP" in l["flags"])
eq("carrier", d["carrier"], "LOWER_UP" in l["flags"])
eq("bus", d["bus"], bus)
for k in ("id", "owner", "resets", "ifindex"):
    eq(k, d[k], nl[k])
eq("attached", d["attached"], attached == "yes")
eq("attached/owner", d["attached"], d["owner"] != 0)
for k in ("chip", "ring_tx", "ring_rx", "rx_buf_len", "rejects"):
    assert k in d, k
EOF
}

j=$("$CTL" -j dev show "$DEV_A") || fail "dev show $DEV_A"
check_dev "$j" "" "$DEV_A" "$E1000_BDF" no
j=$("$CTL" -n "$NS" -j dev show "$DEV_B") || fail "dev show -n $NS $DEV_B"
check_dev "$j" "-n $NS" "$DEV_B" "$PCNET_BDF" no
j=$("$CTL" -j dev show id "$P_ID") || fail "dev show id $P_ID"
check_dev "$j" "-n $NS" "$DEV_B" "$PCNET_BDF" no
# without DEV: the devices of the namespace
# (the suite's extra NICs on hub 7 may be mdrv's too, in this namespace)
"$CTL" -j dev show | python3 -c '
import json, sys
b = sorted(d["bus"] for d in json.load(sys.stdin))
assert sys.argv[1] in b and sys.argv[2] not in b, b' "$E1000_BDF" "$PCNET_BDF" ||
	fail "dev show: not the devices of this namespace"
"$CTL" -n "$NS" -p dev show | python3 -m json.tool >/dev/null || fail "-p is not JSON"
"$CTL" -n "$NS" -j dev show | python3 -c '
import json, sys
b = sorted(d["bus"] for d in json.load(sys.stdin))
assert b == [sys.argv[1]], b' "$PCNET_BDF" || fail "dev show -n $NS"
"$CTL" dev show "$DEV_A" | grep -q "chip 82540EM bus $E1000_BDF" || fail "dev show text"
"$CTL" -n "$NS" dev show "$DEV_B" | grep -q "daemon not attached" || fail "dev show text"
ctl_rc 1 dev show nosuchdev0
ctl_rc 1 dev show lo
ctl_rc 2 dev show id 4000
grep -q 'kernel: no such mdrv device' "$ERR" || fail "no extack: $(cat "$ERR")"
ctl_rc 1 -n nosuchns dev show
log "dev show: $DEV_A and -n $NS $DEV_B agree with ip -j link and DEV_GET"

# ip netns exec, as with ethtool: the family answers in every namespace and
# each sees its own devices; the initial one (the daemon's) sees them all
j=$(ip netns exec "$NS" "$CTL" -j dev show "$DEV_B") ||
	fail "ip netns exec $NS mdrvctl dev show $DEV_B"
check_dev "$j" "-n $NS" "$DEV_B" "$PCNET_BDF" no
ip netns exec "$NS" "$CTL" -j dev show | python3 -c '
import json, sys
b = sorted(d["bus"] for d in json.load(sys.stdin))
assert b == [sys.argv[1]], b' "$PCNET_BDF" ||
	fail "ip netns exec $NS mdrvctl dev show: not the devices of $NS"
ip netns exec "$NS" "$CTL" dev show id "$E_ID" 2>"$ERR" &&
	fail "ip netns exec $NS: device id $E_ID of the initial namespace visible"
grep -q 'no such mdrv device' "$ERR" || fail "ip netns exec $NS, id $E_ID: $(cat "$ERR")"
python3 "$MDRVNL" devs | grep -q "\"bus\": \"$PCNET_BDF\"" ||
	fail "the initial namespace does not see $DEV_B in $NS"
# attaching is for the initial namespace: another's port numbers are its own
out=$(ip netns exec "$NS" python3 "$MDRVNL" attach "$P_ID")
[ "$out" = EPERM ] || fail "attach from $NS: $out, want EPERM"
log "ip netns exec $NS mdrvctl: $DEV_B only; id $E_ID not there; attach from $NS: $out"

# ---- the daemon attaches: events, and dev show tells
daemon_start
for id in "$E_ID" "$P_ID"; do
	j=$("$CTL" -j dev show id "$id") || fail "dev show id $id"
	echo "$j" | python3 -c '
import json, sys
d = json.load(sys.stdin)[0]
assert d["attached"] and d["owner"] and d["mbox"] == "mdrv%d" % d["id"], d' ||
		fail "dev show id $id: not attached after daemon start"
done
"$CTL" dev show "$DEV_A" | grep -q "daemon attached (portid [1-9]" || fail "attached text"

# ---- regs dump: decoded fields against REG_READ of the same registers
rctl=$(reg "$E1000_BDF" mmio 0x100)
status=$(reg "$E1000_BDF" mmio 0x8)
"$CTL" -j regs dump "$DEV_A" | python3 -c '
import json, sys
r = json.load(sys.stdin)
rctl, status = int(sys.argv[1], 0), int(sys.argv[2], 0)
regs = {x["name"]: x for x in r["registers"]}
assert regs["RCTL"]["value"] == rctl, (regs["RCTL"], rctl)
assert regs["STATUS"]["value"] == status, (regs["STATUS"], status)
f = regs["RCTL"]["fields"]
for n, bit in (("EN", 1), ("UPE", 3), ("MPE", 4), ("LPE", 5), ("BAM", 15), ("SECRC", 26)):
    assert f[n] == bool(rctl >> bit & 1), (n, f[n], rctl)
f = regs["STATUS"]["fields"]
assert f["LU"] == bool(status & 2) and f["FD"] == bool(status & 1), f
assert f["SPEED"] == ["10", "100", "1000", "1000"][status >> 6 & 3], f
assert f["LU"], "link down?"
for n in ("CTRL", "TCTL"):
    assert regs[n]["fields"], n
assert "MTA[127]" in regs and "RAL[0]" in regs and "VFTA[0]" in regs
# registers that clear on read stay out
assert not [x for x in r["registers"] if 0x4000 <= x["addr"] < 0x4100]
print("# e1000 RCTL %#x STATUS %#x, %d registers" % (rctl, status, len(r["registers"])))' \
	"$rctl" "$status" || fail "regs dump $DEV_A"
"$CTL" regs dump "$DEV_A" | grep -A 20 '^RCTL' | grep -qE '^ +EN +1$' || fail "regs text"

csr0=$(reg "$PCNET_BDF" csr 0)
csr15=$(reg "$PCNET_BDF" csr 15)
"$CTL" -n "$NS" -j regs dump "$DEV_B" | python3 -c '
import json, sys
r = json.load(sys.stdin)
csr0, csr15 = int(sys.argv[1], 0), int(sys.argv[2], 0)
regs = {x["name"]: x for x in r["registers"]}
f = regs["CSR0"]["fields"]
for n, bit in (("STRT", 1), ("STOP", 2), ("TXON", 4), ("RXON", 5), ("IENA", 6)):
    assert f[n] == bool(csr0 >> bit & 1), (n, f, csr0)
assert f["RXON"] and f["TXON"], f
assert regs["CSR15"]["value"] == csr15, (regs["CSR15"], csr15)
assert regs["CSR15"]["fields"]["PROM"] == bool(csr15 & 0x8000)
assert regs["CSR3"]["fields"] and regs["BCR9"]["fields"] is not None
assert "APROM[15]" in regs
print("# PCnet CSR0 %#x CSR15 %#x, %d registers" % (csr0, csr15, len(r["registers"])))' \
	"$csr0" "$csr15" || fail "regs dump -n $NS $DEV_B"

# promiscuous mode through the daemon shows in the decoded RCTL
ip link set "$DEV_A" promisc on
for i in $(seq 30); do
	[ $(($(reg "$E1000_BDF" mmio 0x100) & 8)) -ne 0 ] && break
	sleep 0.1
done
"$CTL" -j regs dump "$DEV_A" | python3 -c '
import json, sys
r = {x["name"]: x for x in json.load(sys.stdin)["registers"]}
assert r["RCTL"]["fields"]["UPE"], r["RCTL"]' || fail "RCTL.UPE after promisc on"
# and RXMODE_GET, in dev show
"$CTL" -j dev show "$DEV_A" | python3 -c '
import json, sys
m = json.load(sys.stdin)[0]["rxmode"]
assert m["promisc"] and m["broadcast"], m' || fail "dev show: rxmode.promisc"
ip link set "$DEV_A" promisc off
log "regs dump: RCTL, STATUS, CSR0, CSR15 decoded as REG_READ reads them"

# ---- down/up: the events reach the monitor
sleep 0.3
n_before=$(wc -l < "$MON")
ip link set "$DEV_A" down
ip link set "$DEV_A" up
for i in $(seq 50); do
	[ "$(cat "/sys/class/net/$DEV_A/carrier" 2>/dev/null)" = 1 ] && break
	sleep 0.1
done
sleep 0.5
kill -TERM "$MON_PID"
wait "$MON_PID"
rc=$?
[ $rc -eq 0 ] || fail "monitor exit $rc on SIGTERM"
python3 - "$MON" "$E_ID" "$P_ID" "$DEV_A" "$n_before" <<'EOF' || fail "monitor"
import json, sys
mon, e, p, dev = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
n_before = int(sys.argv[5])
ev = [json.loads(l) for l in open(mon)]
seen = [(x["event"], x["id"]) for x in ev]
print("# monitor: %d events: %s" % (len(ev), " ".join("%s/%d" % s for s in seen)))
assert ("attach", e) in seen and ("attach", p) in seen, "no attach events"
# down/up of the e1000 (the lines after n_before) raised a link event
late = [x for x in ev[n_before:] if x["id"] == e]
print("# after down/up: %s" % " ".join("%s/%s" % (x["event"], x.get("carrier")) for x in late))
names = {x["event"] for x in late}
assert "link" in names, "no link event after down/up: %s" % names
assert all(x.get("ifname") == dev for x in late), late
assert any(x["event"] == "link" and x["carrier"] for x in late), late
EOF
log "monitor: attach events of both devices, link events of down/up"
kill -TERM "$MON_NS_PID"
wait "$MON_NS_PID" || fail "monitor in $NS: exit $?"
python3 - "$MON.ns" "$E_ID" "$P_ID" <<'EOF' || fail "monitor in $NS"
import json, sys
seen = [(x["event"], x["id"]) for x in map(json.loads, open(sys.argv[1]))]
e, p = int(sys.argv[2]), int(sys.argv[3])
print("# monitor in the namespace: %s" % " ".join("%s/%d" % x for x in seen))
assert ("attach", p) in seen, "no attach event of the namespace's device"
assert all(i != e for _, i in seen), "an event of a device of another namespace"
EOF
log "monitor in $NS: the events of $DEV_B only"

# ---- another namespace cannot pass for the daemon: port ids are per
# namespace, so one there bound to the owner's number is still not the owner
# (the e1000's statistics registers clear on read: the owner's to harvest)
owner=$(dev_field "$E1000_BDF" owner)
[ "$owner" -gt 0 ] || fail "no owner for the e1000"
ip netns add mdrvns2
ip link set "$DEV_A" netns mdrvns2 || fail "move $DEV_A to mdrvns2"
out=$(ip netns exec mdrvns2 env MDRVNL_PORT="$owner" python3 "$MDRVNL" reg "$E_ID" mmio 0x4000)
ip -n mdrvns2 link set "$DEV_A" netns 1 || fail "move $DEV_A back"
ip netns del mdrvns2
[ "$out" = EPERM ] || fail "a caller in mdrvns2 on the owner's port $owner read CRCERRS: $out"
log "another namespace on the owner's port id ($owner): clear-on-read register refused ($out)"

# ---- an unprivileged caller
unpriv regs dump id "$E_ID" >/dev/null 2>"$ERR" && fail "unprivileged regs dump succeeded"
rc=$?
[ $rc -eq 2 ] || fail "unprivileged regs dump: exit $rc, not 2"
grep -q 'Operation not permitted (needs CAP_NET_ADMIN)' "$ERR" ||
	fail "unprivileged regs dump: $(cat "$ERR")"
unpriv -j dev show id "$E_ID" | python3 -c '
import json, sys
d = json.load(sys.stdin)[0]
assert "rxmode" not in d and d["bus"], d' ||
	fail "unprivileged dev show (DEV_GET is open to everyone, RXMODE_GET not)"
unpriv -n "$NS" dev show >/dev/null 2>&1 && fail "unprivileged setns succeeded"
log "unprivileged: regs dump exits 2 (needs CAP_NET_ADMIN), dev show works"
exit 0
