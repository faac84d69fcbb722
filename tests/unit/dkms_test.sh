#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms.conf and `make install-dkms`: the variables dkms reads say what it
# should do, and the installed source tree builds mdrv.ko with the command
# dkms.conf's MAKE gives (for scripts/kdir's kernel, as dkms would for its
# -k). dkms itself is not run: its build signs with a key it keeps in
# /var/lib/dkms, which a test must not create.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd -P)
kdir=$("$top"/scripts/kdir)
[ -n "$kdir" ] || { echo "# SKIP: no kernel headers (scripts/kdir)"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "# FAIL: $*"; fail=1; }

# dkms sources dkms.conf in bash with these set
vars=$(kernel_source_dir=KSD kernelver=KV bash -c '. "$1"; declare -p PACKAGE_NAME \
	PACKAGE_VERSION BUILT_MODULE_NAME BUILT_MODULE_LOCATION DEST_MODULE_LOCATION \
	MAKE CLEAN AUTOINSTALL' _ "$top/dkms.conf" 2>&1)
want_version=$(sed -n 's/^VERSION := //p' "$top/Makefile")
for want in 'PACKAGE_NAME="mdrv"' "PACKAGE_VERSION=\"$want_version\"" \
	    'BUILT_MODULE_NAME=([0]="mdrv")' 'BUILT_MODULE_LOCATION=([0]="kmod")' \
	    'DEST_MODULE_LOCATION=([0]="/updates")' \
	    'MAKE=([0]="make KDIR=KSD kmod")' 'CLEAN="make KDIR=KSD kmod-clean"' \
	    'AUTOINSTALL="yes"'; do
	grep -qF -- "$want" <<<"$vars" || bad "dkms.conf: no $want in: $(tr '\n' ' ' <<<"$vars")"
done
[ "$fail" = 0 ] && echo "# dkms.conf: mdrv/$want_version, kmod -> /updates, MAKE builds the module only"

src=$tmp/usr/src/mdrv-$want_version
make -s -C "$top" install-dkms DESTDIR="$tmp" >"$tmp/log" 2>&1 || { bad "install-dkms: $(tail -n 5 "$tmp/log")"; exit 1; }
[ -f "$src/dkms.conf" ] || bad "no dkms.conf in $src"
# as dkms: make (its MAKE) in a copy of the source tree
cp -a "$src" "$tmp/build"
if make -s -C "$tmp/build" -j"$(nproc)" KDIR="$kdir" kmod >"$tmp/log" 2>&1 &&
   [ -f "$tmp/build/kmod/mdrv.ko" ]; then
	vm=$(/sbin/modinfo -F vermagic "$tmp/build/kmod/mdrv.ko")
	kver=$(basename "$(dirname "$kdir")")
	[ "${vm%% *}" = "$kver" ] && echo "# install-dkms tree builds mdrv.ko for $kver" ||
		bad "vermagic \"$vm\", not $kver"
	make -s -C "$tmp/build" KDIR="$kdir" kmod-clean >/dev/null 2>&1
	[ ! -e "$tmp/build/kmod/mdrv.ko" ] || bad "kmod-clean (dkms CLEAN) left mdrv.ko"
else
	bad "make kmod in the install-dkms tree: $(tail -n 5 "$tmp/log")"
fi
make -s -C "$top" uninstall-dkms DESTDIR="$tmp" >/dev/null 2>&1
[ ! -e "$src" ] || bad "uninstall-dkms left $src"
[ "$fail" = 0 ] || exit 1
