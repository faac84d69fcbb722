#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrvctl health show: the four devlink health reporters of both NICs
# against `devlink -j health show` (also after a TX hang injected behind the
# driver's back, as health.sh does), their diagnose pairs against `devlink
# health diagnose`, the daemon's view with and without mdrvd, an
# unprivileged caller (the state, one note about diagnose) and bad DEVs.
. "$(dirname "$0")/lib.sh"

[ -x "$CTL" ] || { log "$CTL not built"; exit $KSFT_SKIP; }
command -v devlink >/dev/null || { log "no devlink tool"; exit $KSFT_SKIP; }
OUT=${MDRV_OUT:-/tmp}
ERR=$OUT/mdrvctl-health.err
POKE="python3 $LIB_DIR/poke.py"
EA=pci/$E1000_BDF
pkill -x mdrvd 2>/dev/null

# compare MDRVCTL-JSON DEVLINK-JSON BDF...: every reporter of each device
# as devlink shows it; prints "BDF/reporter error recover state" lines
compare() {
	python3 - "$@" <<'EOF'
import json, sys
ctl, dl = json.loads(sys.argv[1]), json.loads(sys.argv[2])["health"]
devs = {d["bus"]: d for d in ctl}
for bdf in sys.argv[3:]:
    d = devs[bdf]
    assert d["devlink"] == "pci/" + bdf, d
    want = dl["pci/" + bdf]
    got = {r["name"]: r for r in d["reporters"]}
    assert sorted(got) == sorted(["tx-hang", "rx-errors", "link", "daemon"]), got
    assert len(want) == 4, want
    for w in want:
        name = w.get("reporter", w.get("name"))
        g = got[name]
        for k in ("state", "error", "recover", "grace_period", "auto_recover",
                  "auto_dump", "last_dump_date", "last_dump_time"):
            a, b = g.get(k), w.get(k)
            if k == "last_dump_time" and a and b:
                b = b[:8]
            if a != b:
                sys.exit("# FAIL: %s %s %s: mdrvctl %r, devlink %r" % (bdf, name, k, a, b))
        print("%s/%s %s %s %s" % (bdf, name, g["error"], g["recover"], g["state"]))
EOF
}

# flat JSON: nested objects (devlink may wrap them in lists) as a.b keys
FLAT='
def flat(v, p=""):
    if isinstance(v, list) and all(isinstance(x, dict) for x in v):
        m = {}
        for x in v:
            m.update(x)
        v = m
    if isinstance(v, dict):
        r = {}
        for k, x in v.items():
            r.update(flat(x, p + k + "."))
        return r
    return {p[:-1]: v}
'

# rep_of JSON BDF REPORTER: one reporter of mdrvctl's JSON, as JSON
rep_of() {
	python3 -c '
import json, sys
d = [x for x in json.loads(sys.argv[1]) if x["bus"] == sys.argv[2]][0]
print(json.dumps([r for r in d["reporters"] if r["name"] == sys.argv[3]][0]))' "$@"
}

wire mdrv mdrv
daemon_start

# ---- usage and bad DEVs: exit 1, nothing asked
for args in "health" "health frob" "health sh" "health show $DEV_A extra" \
	    "health show id" "health show id x"; do
	# shellcheck disable=SC2086
	ctl_rc 1 $args
	grep -q '^Usage: mdrvctl health' "$ERR" || fail "mdrvctl $args: no usage text"
done
ctl_rc 1 health show nosuchdev0
grep -q 'no interface "nosuchdev0"' "$ERR" || fail "nosuchdev0: $(cat "$ERR")"
ctl_rc 1 health show lo
ctl_rc 2 health show id 4000
"$CTL" health help | grep -q '^Usage: mdrvctl health show' || fail "health help"
"$CTL" help | grep -q 'health' || fail "mdrvctl help: no health"
log "usage: bad DEV (nosuchdev0, lo) exit 1, id 4000 exit 2"

# ---- all reporters of both devices, healthy, as devlink shows them
j=$("$CTL" -j health show) || fail "health show"
echo "$j" | python3 -m json.tool >/dev/null || fail "health show -j: not JSON"
"$CTL" -p health show | python3 -m json.tool >/dev/null || fail "-p: not JSON"
out=$(compare "$j" "$(devlink -j health show)" "$E1000_BDF" "$PCNET_BDF") ||
	fail "health show against devlink: $out"
echo "$out" | grep -v ' healthy$' && fail "not all reporters healthy"
echo "$j" | python3 -c '
import json, sys
for d in json.load(sys.stdin):
    if d["bus"] in sys.argv[1:]:
        assert d["daemon"]["attached"] and d["daemon"]["owner"], d["daemon"]
        assert "resets" in d["daemon"] and "rejects" in d["daemon"], d["daemon"]
        for r in d["reporters"]:
            assert r["diagnose"]["dp_up"] is True, r' "$E1000_BDF" "$PCNET_BDF" ||
	fail "daemon view or diagnose missing"
log "health show: 8 reporters healthy, counts as devlink's: $(echo "$out" | tr '\n' ' ')"

# text, and DEV as IFNAME in -n's namespace
t=$("$CTL" health show "$DEV_A") || fail "health show $DEV_A"
echo "$t" | grep -q "^[0-9]*: $DEV_A: $EA chip 82540EM$" || fail "text header: $t"
echo "$t" | grep -qE '^    daemon attached \(portid [1-9][0-9]*\) resets [0-9]+ rejects [0-9]+$' ||
	fail "text daemon: $t"
echo "$t" | grep -qE '^    tx-hang: healthy error [0-9]+ recover [0-9]+ grace-period 500 auto-recover yes auto-dump yes' ||
	fail "text tx-hang: $t"
echo "$t" | grep -qE '^          next_to_use: [0-9]+$' || fail "text diagnose: $t"
"$CTL" -n "$NS" -j health show "$DEV_B" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert len(d) == 1 and d[0]["bus"] == sys.argv[1] and len(d[0]["reporters"]) == 4, d' \
	"$PCNET_BDF" || fail "health show -n $NS $DEV_B"

# ---- a TX hang: the counts move as devlink's do
traffic 5 || fail "no traffic before the fault"
e0=$(rep_of "$("$CTL" -j health show "$DEV_A")" "$E1000_BDF" tx-hang)
$POKE "$E1000_BDF" 0x400 0 || fail "poke TCTL"
ok=
for _ in $(seq 100); do
	devlink -j health show "$EA" reporter tx-hang | python3 -c '
import json, sys
r = list(json.load(sys.stdin)["health"].values())[0][0]
e0 = json.loads(sys.argv[1])
sys.exit(0 if r["error"] > e0["error"] and r["recover"] > e0["recover"] and
         r["state"] == "healthy" else 1)' "$e0" && { ok=1; break; }
	sleep 0.1
done
[ -n "$ok" ] || fail "tx-hang: not reported and recovered"
traffic 2 || fail "no traffic after the recovery"
dl=$(devlink -j health show)
j=$("$CTL" -j health show)
out=$(compare "$j" "$dl" "$E1000_BDF" "$PCNET_BDF") || fail "after the hang: $out"
e1=$(rep_of "$j" "$E1000_BDF" tx-hang)
python3 - "$e0" "$e1" "$dl" "$EA" <<'EOF' || fail "tx-hang counts"
import json, sys
e0, e1, dl = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
w = [r for r in dl["health"][sys.argv[4]] if r.get("reporter", r.get("name")) == "tx-hang"][0]
de, dr = e1["error"] - e0["error"], e1["recover"] - e0["recover"]
assert de >= 1 and dr >= 1, (e0, e1)
assert (e1["error"], e1["recover"]) == (w["error"], w["recover"]), (e1, w)
assert e1["state"] == "healthy" and "last_dump_date" in e1, e1
print("# TCTL=0: tx-hang error %d -> %d, recover %d -> %d (devlink: %d, %d), last dump %s %s"
      % (e0["error"], e1["error"], e0["recover"], e1["recover"], w["error"],
         w["recover"], e1["last_dump_date"], e1["last_dump_time"]))
EOF
"$CTL" health show "$DEV_A" | grep -qE "^    tx-hang: healthy error $(
	echo "$e1" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["error"], "recover", r["recover"])'
	) .* last-dump [0-9-]+ [0-9:]+$" || fail "text after the hang"

# ---- diagnose: the pairs devlink health diagnose shows
dg=$(devlink -j health diagnose "$EA" reporter tx-hang) || fail "devlink diagnose"
j=$("$CTL" -j health show "$DEV_A") || fail "health show $DEV_A"
python3 - "$(rep_of "$j" "$E1000_BDF" tx-hang)" "$dg" <<EOF || fail "diagnose against devlink"
import json, sys
$FLAT
m = flat(json.loads(sys.argv[1])["diagnose"])
d = flat(json.loads(sys.argv[2]))
for k in ("dp_up", "resets", "tx_ring.size", "tx_ring.next_to_use",
          "tx_ring.next_to_clean", "TDH", "TDT", "TCTL", "tx_hangs",
          "daemon.recoveries", "daemon.STATUS"):
    assert k in m and k in d, (k, sorted(m), sorted(d))
# the same keys; the same values, save what traffic moves in between
assert sorted(m) == sorted(d), (sorted(m), sorted(d))
moving = {"tx_ring.next_to_use", "tx_ring.next_to_clean", "TDH", "TDT"}
for k in m:
    if k not in moving and not k.startswith("daemon."):
        assert m[k] == d[k], (k, m[k], d[k])
for k in ("tx_ring.size", "tx_hangs", "daemon.recoveries"):
    assert m[k] == d[k], (k, m[k], d[k])
assert m["tx_hangs"] >= 1 and m["daemon.recoveries"] >= 1, m
print("# diagnose tx-hang: %d pairs as devlink's; ring %d/%d of %d, TDH %d TDT %d, mdrvd recoveries %d"
      % (len(m), m["tx_ring.next_to_use"], m["tx_ring.next_to_clean"],
         m["tx_ring.size"], m["TDH"], m["TDT"], m["daemon.recoveries"]))
EOF

# ---- unprivileged: the state, and one note about diagnose
j=$(unpriv -j health show 2>"$ERR") || fail "unprivileged health show: exit $?"
echo "$j" | python3 -c '
import json, sys
ds = [d for d in json.load(sys.stdin) if d["bus"] in sys.argv[1:]]
assert len(ds) == 2, ds
for d in ds:
    assert len(d["reporters"]) == 4 and d["daemon"]["attached"], d
    for r in d["reporters"]:
        assert "diagnose" not in r and r["state"] == "healthy", r' \
	"$E1000_BDF" "$PCNET_BDF" || fail "unprivileged health show JSON"
[ "$(grep -c 'diagnose needs CAP_NET_ADMIN' "$ERR")" = 1 ] ||
	fail "unprivileged: not one note: $(cat "$ERR")"
[ "$(wc -l < "$ERR")" = 1 ] || fail "unprivileged stderr: $(cat "$ERR")"
unpriv health show id "$(dev_field "$E1000_BDF" id)" 2>/dev/null |
	grep -q '^    tx-hang: healthy' || fail "unprivileged text"
log "unprivileged: state of 8 reporters, no diagnose, note: $(cat "$ERR")"

# ---- mdrvd stopped: the daemon view says so
daemon_stop
j=$("$CTL" -j health show) || fail "health show without mdrvd"
python3 - "$j" "$E1000_BDF" "$PCNET_BDF" <<EOF || fail "without mdrvd"
import json, sys
$FLAT
for d in [x for x in json.loads(sys.argv[1]) if x["bus"] in sys.argv[2:]]:
    assert d["daemon"]["attached"] is False and d["daemon"]["owner"] == 0, d["daemon"]
    tx = [r for r in d["reporters"] if r["name"] == "tx-hang"][0]
    assert tx["diagnose"]["daemon"] == "not attached", tx["diagnose"]
    dm = [r for r in d["reporters"] if r["name"] == "daemon"][0]
    assert dm["diagnose"]["attached"] is False, dm
EOF
"$CTL" health show "$DEV_A" | grep -q '^    daemon not attached resets' ||
	fail "text without mdrvd"
"$CTL" health show "$DEV_A" | grep -q '^        daemon: not attached$' ||
	fail "text diagnose without mdrvd"
log "mdrvd stopped: daemon not attached (DEV_GET and diagnose)"
exit 0
