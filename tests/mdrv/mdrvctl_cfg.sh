#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrvctl's configuration verbs (stats, ring, coalesce, link, eeprom)
# against both NICs, the PCnet in $NS through -n: every value checked
# against the stock tools (ethtool -g/-c/-S/-e, plain ethtool, ip -s -j
# link), ring and link changes where they land, the kernel's extack for an
# out-of-range ring and an unsupported coalescing parameter (exit 2,
# nothing changed), counter deltas under ping, usage errors (exit 1 with
# the usage text, nothing changed) and an unprivileged caller (exit 2).
. "$(dirname "$0")/lib.sh"

[ -x "$CTL" ] || { log "$CTL not built"; exit $KSFT_SKIP; }
pkill -x mdrvd 2>/dev/null

wire mdrv mdrv
# the 82540EM has no coalescing (as with the stock e1000): the suite's
# 82545EM on hub 7 has, if the VM has it
C_BDF=0000:00:05.0
DEV_C=
if [ -e "/sys/bus/pci/devices/$C_BDF" ]; then
	bind_driver "$C_BDF" mdrv
	DEV_C=$(netdev_of "$C_BDF")
fi
daemon_start
P_ID=$(dev_field "$PCNET_BDF" id)
NSX=(ip netns exec "$NS")

# ring_json [NSX...] DEV: ethtool -g as {"rx-max": .., "rx": .., ...}
ring_json() {
	"$@" | python3 -c '
import json, sys
sec, out = "", {}
for l in sys.stdin:
    if "maximums" in l: sec = "-max"
    elif "Current" in l: sec = ""
    elif ":" in l:
        k, v = (x.strip() for x in l.split(":", 1))
        if k in ("RX", "TX") and v.isdigit():
            out[k.lower() + sec] = int(v)
print(json.dumps(out, sort_keys=True))'
}

# state: what a refused or malformed command must leave as it was
state() {
	ethtool -g "$DEV_A"; ethtool "$DEV_A" | grep -v Link
	[ -z "$DEV_C" ] || ethtool -c "$DEV_C"
	"${NSX[@]}" ethtool -g "$DEV_B"
}

# ---- usage errors: exit 1, the usage text, nothing changed
before=$(state)
for args in "ring set $DEV_A" "ring set $DEV_A rx" "ring set $DEV_A rx x" \
	    "ring set $DEV_A rxx 256" "ring se $DEV_A rx 256" "rin show $DEV_A" \
	    "ring set $DEV_A rx 256 rx 512" "ring set $DEV_A rx -1" "ring show" \
	    "coalesce set $DEV_A rx-usecs" "coalesce set $DEV_A rx-usec 5" \
	    "coalesce set $DEV_A adaptive-rx maybe" "link set $DEV_A duplex quarter" \
	    "link set $DEV_A autoneg of" "link set $DEV_A speed" \
	    "stats show $DEV_A interval 2" "-s stats show $DEV_A interval 0" \
	    "stats show $DEV_A extra" "eeprom dump $DEV_A offset" \
	    "eeprom dump $DEV_A length 1 length 2" "eeprom dump $DEV_A offset x" \
	    "--delt stats show $DEV_A" "link show $DEV_A extra"; do
	# shellcheck disable=SC2086
	ctl_rc 1 $args
	grep -q '^Usage: mdrvctl' "$ERR" || fail "mdrvctl $args: no usage text"
done
for o in stats ring coalesce link eeprom; do
	"$CTL" "$o" help | grep -q "^Usage: mdrvctl.* $o " || fail "$o help"
done
"$CTL" ring set "$DEV_A" help | grep -q '^Usage: mdrvctl ring' || fail "ring set help"
"$CTL" help | grep -q 'coalesce' || fail "mdrvctl help: no coalesce"
[ "$(state)" = "$before" ] || fail "a usage error changed something"
log "usage errors: exit 1 with the usage text, nothing changed"

# ---- ring: show agrees with ethtool -g; set lands; out of range refused
# ring_check NSARG DEV RX TX: set, then ethtool -g and ring show agree
ring_check() {
	local ns=$1 dev=$2 x=() want got

	[ -n "$ns" ] && x=("${NSX[@]}")
	"$CTL" ${ns:+-n "$ns"} ring set "$dev" rx "$3" tx "$4" || fail "ring set $dev rx $3 tx $4"
	got=$(ring_json "${x[@]}" ethtool -g "$dev")
	want=$("$CTL" ${ns:+-n "$ns"} -j ring show "$dev" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps({k: d[k] for k in ("rx", "tx", "rx-max", "tx-max")}, sort_keys=True))')
	[ "$got" = "$want" ] || fail "ring show $dev: $want, ethtool -g: $got"
	echo "$got" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert (d["rx"], d["tx"]) == (int(sys.argv[1]), int(sys.argv[2])), d' "$3" "$4" ||
		fail "ring set $dev rx $3 tx $4 did not land: $got"
}
# ring_max NSARG DEV: the rx maximum
ring_max() { "$CTL" ${1:+-n "$1"} -j ring show "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rx-max"])'; }

ring_check "" "$DEV_A" 512 256
ring_check "$NS" "$DEV_B" 128 64
for d in "$DEV_A" "$DEV_B"; do
	ns=; [ "$d" = "$DEV_B" ] && ns=$NS
	max=$(ring_max "$ns" "$d")
	before=$(state)
	ctl_rc 2 ${ns:+-n "$ns"} ring set "$d" rx $((max + 1))
	grep -q 'kernel: requested ring size exceeds maximum' "$ERR" ||
		fail "ring set $d rx $((max + 1)): $(cat "$ERR")"
	[ "$(state)" = "$before" ] || fail "a refused ring set changed something"
	log "ring: $d max $max, rx $((max + 1)) refused: $(head -n 1 "$ERR")"
done
"$CTL" ring show "$DEV_A" | grep -qE '^ +rx +512$' || fail "ring show text"
ring_check "" "$DEV_A" 256 256
ring_check "$NS" "$DEV_B" 256 256
# "id N" of a device in another namespace: said, not guessed
ctl_rc 1 ring show id "$P_ID"
grep -q "not in this network namespace" "$ERR" || fail "id $P_ID outside: $(cat "$ERR")"
"$CTL" -n "$NS" ring show id "$P_ID" >/dev/null || fail "ring show -n $NS id $P_ID"
log "ring: set lands in ethtool -g on both NICs; id N outside its namespace said"

# ---- coalesce: the supported two, as ethtool -c; the others refused
before=$(state)
ctl_rc 2 coalesce set "$DEV_A" rx-frames 8
grep -q 'kernel: .*unsupported parameter' "$ERR" || fail "rx-frames: $(cat "$ERR")"
log "coalesce: rx-frames refused: $(head -n 1 "$ERR")"
# the 82540EM and the PCnet have none: both tools fail
ethtool -c "$DEV_A" >/dev/null 2>&1 && fail "ethtool -c $DEV_A works?"
ctl_rc 2 coalesce show "$DEV_A"
ctl_rc 2 coalesce set "$DEV_A" rx-usecs 100
"${NSX[@]}" ethtool -c "$DEV_B" >/dev/null 2>&1 && fail "ethtool -c $DEV_B works?"
ctl_rc 2 -n "$NS" coalesce show "$DEV_B"
[ "$(state)" = "$before" ] || fail "a refused coalesce set changed something"
if [ -n "$DEV_C" ]; then
	"$CTL" coalesce set "$DEV_C" rx-usecs 100 || fail "coalesce set $DEV_C rx-usecs 100"
	"$CTL" -j coalesce show "$DEV_C" | python3 -c '
import json, sys, subprocess
d = json.load(sys.stdin)
c = {k.strip(): v.strip() for k, v in (l.split(":", 1) for l in
     subprocess.run(["ethtool", "-c", sys.argv[1]], capture_output=True,
                    text=True).stdout.splitlines() if ":" in l)}
keys = set(d) - {"ifname", "id"}
assert keys == {"rx-usecs", "tx-usecs"}, keys
for k in keys:
    assert str(d[k]) == c[k], (k, d[k], c[k])
assert d["rx-usecs"] == 100, d' "$DEV_C" || fail "coalesce show $DEV_C vs ethtool -c"
	before=$(state)
	ctl_rc 2 coalesce set "$DEV_C" tx-frames 8 rx-usecs 10
	grep -q 'kernel: .*unsupported parameter' "$ERR" || fail "tx-frames: $(cat "$ERR")"
	[ "$(state)" = "$before" ] || fail "a refused coalesce set changed something"
	"$CTL" coalesce set "$DEV_C" rx-usecs 0 || fail "coalesce set rx-usecs 0"
	log "coalesce: 82545EM $DEV_C as ethtool -c, set lands; 82540EM, PCnet: none"
else
	log "coalesce: no 82545EM in this VM, only the refusals checked"
fi

# ---- link: show as plain ethtool; set lands (CTRL of the e1000)
# link_check NSARG DEV: link show -j against ethtool's text
link_check() {
	local x=()

	[ -n "$1" ] && x=("${NSX[@]}")
	"$CTL" ${1:+-n "$1"} -j link show "$2" | python3 -c '
import json, sys
d = json.load(sys.stdin)
e = {}
for l in open(sys.argv[1]):
    if ":" in l and l.startswith("\t") and not l.startswith("\t\t"):
        k, v = l.split(":", 1)
        e[k.strip()] = v.strip()
assert e["Speed"] == "%dMb/s" % d["speed"], (e["Speed"], d)
assert e["Duplex"].lower() == d["duplex"], (e["Duplex"], d)
assert e["Auto-negotiation"] == d["autoneg"], (e["Auto-negotiation"], d)
assert e["Link detected"] == ("yes" if d["link"] else "no"), d
assert e["Port"].startswith({"tp": "Twisted Pair", "mii": "MII"}.get(d["port"], "?")), (e["Port"], d)
assert d["supported"], d
print("# %s: speed %d duplex %s autoneg %s supported %s" % (sys.argv[2], d["speed"],
      d["duplex"], d["autoneg"], " ".join(d["supported"])))' <("${x[@]}" ethtool "$2") "$2" ||
		fail "link show $2 vs ethtool"
}
link_check "" "$DEV_A"
link_check "$NS" "$DEV_B"
"$CTL" link set "$DEV_A" speed 100 duplex full autoneg off || fail "link set forced"
ctrl=$(reg "$E1000_BDF" mmio 0x0)
[ $((ctrl & 0x1b01)) -eq $((0x1901)) ] || fail "CTRL $ctrl after speed 100 duplex full autoneg off"
ethtool "$DEV_A" | grep -q 'Auto-negotiation: off' || fail "ethtool: autoneg still on"
"$CTL" -j link show "$DEV_A" | grep -q '"autoneg":"off"' || fail "link show: autoneg"
"$CTL" link set "$DEV_A" autoneg on || fail "link set autoneg on"
ctrl=$(reg "$E1000_BDF" mmio 0x0)
[ $((ctrl & 0x1800)) -eq 0 ] || fail "CTRL $ctrl: still forced after autoneg on"
for _ in $(seq 30); do
	ethtool "$DEV_A" | grep -q 'Link detected: yes' && break
	sleep 0.1
done
link_check "" "$DEV_A"
log "link: forced 100/full and back to autoneg, CTRL follows"

# ---- eeprom: ethtool -e's text, byte for byte; JSON data; a range
diff <("$CTL" eeprom dump "$DEV_A") <(ethtool -e "$DEV_A") >&2 || fail "eeprom dump $DEV_A != ethtool -e"
diff <("$CTL" -n "$NS" eeprom dump "$DEV_B") <("${NSX[@]}" ethtool -e "$DEV_B") >&2 ||
	fail "eeprom dump $DEV_B != ethtool -e"
diff <("$CTL" eeprom dump "$DEV_A" offset 6 length 20) \
     <(ethtool -e "$DEV_A" offset 6 length 20) >&2 || fail "eeprom dump offset 6 length 20"
"$CTL" -p eeprom dump "$DEV_A" | python3 -c '
import json, sys
d = json.load(sys.stdin)
mac = open("/sys/class/net/%s/address" % sys.argv[1]).read().strip()
assert ":".join("%02x" % b for b in d["data"][:6]) == mac, (d["data"][:6], mac)
assert d["length"] == len(d["data"]) == 128 and d["offset"] == 0, d
print("# eeprom: %d bytes, magic %#x, MAC %s" % (d["length"], d["magic"], mac))' "$DEV_A" ||
	fail "eeprom dump -j $DEV_A"
ctl_rc 1 eeprom dump "$DEV_A" offset 120 length 16
grep -q 'exceed the EEPROM' "$ERR" || fail "eeprom range: $(cat "$ERR")"

# ---- stats: as ethtool -S and ip -s -j link; -s deltas under ping
# stats_check NSARG DEV
stats_check() {
	local x=()

	[ -n "$1" ] && x=("${NSX[@]}")
	python3 - <("$CTL" ${1:+-n "$1"} -j stats show "$2") <("${x[@]}" ethtool -S "$2") \
		<(ip ${1:+-n "$1"} -s -s -j link show dev "$2") <<'PY' || fail "stats show $2"
import json, sys
d = json.load(open(sys.argv[1]))
S = {}
for l in list(open(sys.argv[2]))[1:]:
    k, v = l.rsplit(":", 1)
    S[k.strip()] = int(v)
l = json.load(open(sys.argv[3]))[0]["stats64"]
assert set(d["hardware"]) == set(S), (sorted(d["hardware"]), sorted(S))
for k, v in S.items():      # read a moment apart: a little slack
    if k != "hw_stats_age_ms":  # a clock, not a counter
        assert abs(d["hardware"][k] - v) <= 4, (k, d["hardware"][k], v)
sw = d["software"]
for dirn in ("rx", "tx"):
    for f in ("packets", "errors", "dropped"):
        assert abs(sw[dirn + "_" + f] - l[dirn][f]) <= 4, (dirn, f, sw, l[dirn])
assert sw["rx_packets"] > 0 and sw["tx_packets"] > 0, sw
print("# stats: %d hardware counters as ethtool -S, rx %d tx %d packets as ip -s" %
      (len(S), sw["rx_packets"], sw["tx_packets"]))
PY
}
stats_check "" "$DEV_A"
stats_check "$NS" "$DEV_B"
"$CTL" stats show "$DEV_A" | grep -qE '^ +tx_packets +[0-9]+$' || fail "stats text"
ping -q -c 60 -i 0.05 "$ADDR_B" >/dev/null 2>&1 &
pp=$!
"$CTL" -n "$NS" -s -j stats show "$DEV_B" interval 3 >"$ERR.b" &
sb=$!
"$CTL" -s -j stats show "$DEV_A" interval 3 >"$ERR.a" || fail "stats show -s $DEV_A"
wait "$sb" || fail "stats show -s $DEV_B"
wait "$pp"
python3 - "$ERR.a" "$ERR.b" <<'PY' || fail "stats -s deltas"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["interval"] == 3 and b["interval"] == 3
ta, rb = a["software"]["tx_packets"], b["software"]["rx_packets"]
ha = a["hardware"]["tx_good_packets"]
assert 30 <= ta <= 80, ("tx_packets delta", ta)
assert 30 <= rb <= 80, ("pcnet rx_packets delta", rb)
assert 30 <= ha <= 80, ("tx_good_packets delta", ha)
assert a["software"]["rx_errors"] == 0, a
print("# -s over 3 s while pinging: e1000 tx +%d (hardware +%d), pcnet rx +%d" % (ta, ha, rb))
PY
log "stats: as ethtool -S and ip -s link on both NICs; -s deltas move with ping"

# ---- an unprivileged caller: shows work, sets are refused by the kernel
before=$(state)
unpriv ring set "$DEV_A" rx 128 >/dev/null 2>"$ERR" && fail "unprivileged ring set succeeded"
rc=$?
[ $rc -eq 2 ] || fail "unprivileged ring set: exit $rc, not 2"
grep -q 'Operation not permitted (needs CAP_NET_ADMIN)' "$ERR" ||
	fail "unprivileged ring set: $(cat "$ERR")"
unpriv coalesce set "$DEV_A" rx-usecs 10 >/dev/null 2>"$ERR"
[ $? -eq 2 ] || fail "unprivileged coalesce set: not exit 2"
grep -q 'needs CAP_NET_ADMIN' "$ERR" || fail "unprivileged coalesce set: $(cat "$ERR")"
unpriv link set "$DEV_A" autoneg off >/dev/null 2>&1
[ $? -eq 2 ] || fail "unprivileged link set: not exit 2"
unpriv eeprom dump "$DEV_A" >/dev/null 2>&1
[ $? -eq 2 ] || fail "unprivileged eeprom dump: not exit 2"
[ "$(state)" = "$before" ] || fail "an unprivileged set changed something"
unpriv -j ring show "$DEV_A" | python3 -m json.tool >/dev/null || fail "unprivileged ring show"
unpriv -j stats show "$DEV_A" | python3 -m json.tool >/dev/null || fail "unprivileged stats show"
log "unprivileged: sets exit 2 (needs CAP_NET_ADMIN), nothing changed; shows work"
exit 0
