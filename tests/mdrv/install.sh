#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The installed result, in the VM: `make install` into a staging root (the
# host build, nothing rebuilt), then the driver runs from there alone: the
# module loaded by modprobe from the staged tree (depmod -b), the staged
# mdrvd attached to both NICs and configuring them, the staged mdrvctl
# showing them, the staged udev rule asking systemd for mdrvd.service when a
# device binds to mdrv, the man pages rendering. `make uninstall` leaves
# nothing behind. The host's unit test (tests/unit/install_test.sh) checks
# the file list, modes, the unit and the completion.
. "$(dirname "$0")/lib.sh"

KVER=$(uname -r)
INST=$(mktemp -d /tmp/mdrv-inst.XXXXXX)
ILOG=${MDRV_OUT:-/tmp}/install.log
# under the debug kernel (tests/vm/run --debug-kernel) the module is the one
# built for it, and its release is not the one KDIR (Debian's headers) names
IARGS=()
if [ "$MDRV_KO" != "$TOP/kmod/mdrv.ko" ]; then
	IARGS=(KO="$MDRV_KO" KVER="$KVER")
fi

# the host build as it is: -o marks the build targets done
make -s -C "$TOP" -o all -o kmod -o user install DESTDIR="$INST" DEPMOD= "${IARGS[@]}" \
	>"$ILOG" 2>&1 || fail "make install: $(tail -n 3 "$ILOG")"
ko="$INST/lib/modules/$KVER/updates/mdrv.ko"
[ -f "$ko" ] || fail "no $ko: the staged module is not for the running kernel $KVER"
for f in usr/sbin/mdrvd usr/sbin/mdrvctl; do
	[ -x "$INST/$f" ] || fail "$f not installed"
done

# ---- the module, by modprobe from the staged tree
daemon_stop
if [ -d /sys/module/mdrv ]; then
	rmmod mdrv || fail "rmmod the module the earlier tests loaded"
fi
depmod -b "$INST" "$KVER" 2>/dev/null || fail "depmod -b $INST"
how=$(modprobe -d "$INST" -n -v mdrv)
grep -q "insmod $ko" <<<"$how" || fail "modprobe -d $INST would not load $ko: $how"
modprobe -d "$INST" mdrv || fail "modprobe -d $INST mdrv"
want=$(modinfo -b "$INST" -k "$KVER" -F srcversion mdrv)
have=$(cat /sys/module/mdrv/srcversion 2>/dev/null)
if [ -z "$want" ] || [ "$want" != "$have" ]; then
	fail "loaded mdrv (srcversion $have) is not the staged one ($want)"
fi
log "modprobe -d: mdrv $(cat /sys/module/mdrv/version) (srcversion $have) from $ko"

# ---- the staged mdrvd drives, the staged mdrvctl shows
wire mdrv mdrv
MDRVD="$INST/usr/sbin/mdrvd" daemon_start
{ "$INST/usr/sbin/mdrvctl" -j dev show; "$INST/usr/sbin/mdrvctl" -n "$NS" -j dev show; } |
	python3 -c '
import json, sys
d = [x for l in sys.stdin for x in json.loads(l)]
mine = [x for x in d if x["bus"] in sys.argv[1:]]
assert len(mine) == 2, d
assert all(x["attached"] for x in mine), mine' "$E1000_BDF" "$PCNET_BDF" ||
	fail "staged mdrvctl: the devices are not shown attached"
ethtool -G "$DEV_A" rx 128 || fail "ethtool -G through the staged mdrvd"
[ "$("$INST/usr/sbin/mdrvctl" -j ring show "$DEV_A" | python3 -c '
import json, sys
print(json.load(sys.stdin)["rx"])')" = 128 ] || fail "ring set not seen by mdrvctl"
ethtool -G "$DEV_A" rx 256
ping -q -c 3 -W 2 "$ADDR_B" >/dev/null || fail "no traffic under the staged driver"
log "staged mdrvd attached to both NICs; ethtool -G and mdrvctl ring show agree; ping ok"

# ---- the udev rule: a bind to mdrv wants mdrvd.service
rules=/run/udev/rules.d
mkdir -p "$rules"
cp "$INST/lib/udev/rules.d/90-mdrv.rules" "$rules/" || fail "no staged udev rule"
out=$(udevadm test --action=bind "/sys/bus/pci/devices/$E1000_BDF" 2>&1)
rm -f "$rules/90-mdrv.rules"
grep -q "SYSTEMD_WANTS=mdrvd.service" <<<"$out" ||
	fail "udev rule: no SYSTEMD_WANTS=mdrvd.service for a bind to mdrv ($(grep -c . <<<"$out") lines of udevadm test)"
grep -q "TAGS=.*:systemd:" <<<"$out" || fail "udev rule: device not tagged for systemd"
log "udevadm test (bind $E1000_BDF): SYSTEMD_WANTS=mdrvd.service, tagged systemd"

# ---- man pages, from the staged tree
for m in man8/mdrvctl.8 man8/mdrvd.8 man4/mdrv.4; do
	p="$INST/usr/share/man/$m"
	[ "$(MANWIDTH=80 man -l "$p" 2>/dev/null | grep -c .)" -gt 20 ] ||
		fail "man -l $m renders nothing"
done
log "man -l: mdrvctl(8), mdrvd(8), mdrv(4) render"

# ---- uninstall: nothing left
daemon_stop
rm -f "$INST"/lib/modules/"$KVER"/modules.*
make -s -C "$TOP" -o all -o kmod -o user uninstall DESTDIR="$INST" DEPMOD= "${IARGS[@]}" \
	>>"$ILOG" 2>&1 || fail "make uninstall"
left=$(find "$INST" -mindepth 1 | head -n 5)
[ -z "$left" ] || fail "make uninstall left: $left"
rmdir "$INST"
log "make uninstall: the staging root is empty again"
exit 0
