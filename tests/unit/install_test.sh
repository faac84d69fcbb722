#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make install` / `make uninstall` into a DESTDIR: every file where it
# belongs with its mode and nothing else; the installed unit runs the
# installed mdrvd and passes systemd-analyze; the udev rule and the
# modprobe.d snippet parse; the man pages render without a warning; the
# bash completion completes; depmod -b runs only on a tree that has the
# kernel's modules; uninstall leaves nothing behind.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd -P)
[ -n "$("$top"/scripts/kdir)" ] || { echo "# SKIP: no kernel headers (scripts/kdir)"; exit 4; }
for t in systemd-analyze man groff; do
	command -v $t >/dev/null || { echo "# SKIP: no $t"; exit 4; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "# FAIL: $*"; fail=1; }
ok() { echo "# ok: $*"; }
mk() { make -s -C "$top" "$@" >"$tmp/make.log" 2>&1 || { bad "make $*: $(tail -n 5 "$tmp/make.log")"; return 1; }; }

d=$tmp/root
mkdir "$d"
mk install DESTDIR="$d" || exit 1
ko=$(cd "$d" && echo lib/modules/*/updates/mdrv.ko)
kver=${ko#lib/modules/}
kver=${kver%%/*}
[ "$kver" = "$(basename "$(dirname "$("$top"/scripts/kdir)")")" ] ||
	bad "module installed for \"$kver\", not the release of scripts/kdir"

# every file, its mode, and nothing else (no depmod index in a staging tree)
expect="644 $ko
755 usr/sbin/mdrvd
755 usr/sbin/mdrvctl
644 usr/share/man/man8/mdrvd.8
644 usr/share/man/man8/mdrvctl.8
644 usr/share/man/man4/mdrv.4
644 lib/systemd/system/mdrvd.service
644 lib/udev/rules.d/90-mdrv.rules
644 lib/modprobe.d/mdrv.conf
644 usr/share/bash-completion/completions/mdrvctl"
got=$(cd "$d" && find . -type f -printf '%m %P\n' | sort)
if [ "$got" = "$(sort <<<"$expect")" ]; then
	ok "$(wc -l <<<"$got") files installed with their modes"
else
	bad "installed files differ: $(diff <(sort <<<"$expect") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
fi
cmp -s "$d/$ko" "$top/kmod/mdrv.ko" || bad "$ko is not kmod/mdrv.ko"

# the unit runs the installed binary and passes systemd-analyze
unit=$d/lib/systemd/system/mdrvd.service
grep -q '^ExecStart=/usr/sbin/mdrvd -f ' "$unit" || bad "installed unit: $(grep ExecStart= "$unit")"
sed "s|/usr/sbin/mdrvd|$d/usr/sbin/mdrvd|" "$unit" >"$tmp/mdrvd.service"
out=$(systemd-analyze verify "$tmp/mdrvd.service" 2>&1)
[ -z "$out" ] && ok "mdrvd.service: ExecStart=/usr/sbin/mdrvd, systemd-analyze verify" ||
	bad "systemd-analyze: $out"

# PREFIX moves the binaries and the unit follows
p=$tmp/prefix
mkdir "$p"
if mk install DESTDIR="$p" PREFIX=/usr/local; then
	[ -x "$p/usr/local/sbin/mdrvd" ] &&
	grep -q '^ExecStart=/usr/local/sbin/mdrvd -f ' "$p/lib/systemd/system/mdrvd.service" &&
	[ -f "$p/usr/local/share/man/man8/mdrvctl.8" ] &&
		ok "PREFIX=/usr/local: binaries, man pages and ExecStart follow" ||
		bad "PREFIX=/usr/local: $(cd "$p" && find . -type f | tr '\n' ' ')"
	mk uninstall DESTDIR="$p" PREFIX=/usr/local
	[ -z "$(ls -A "$p")" ] || bad "PREFIX=/usr/local uninstall left $(cd "$p" && find . | tr '\n' ' ')"
fi

# the udev rule: udevadm verify (systemd >= 253), else a syntax check
rule=$d/lib/udev/rules.d/90-mdrv.rules
if udevadm verify --help >/dev/null 2>&1; then
	out=$(udevadm verify "$rule" 2>&1) || bad "udevadm verify: $out"
fi
pair='[A-Z_]+(\{[A-Za-z0-9_]+\})?[[:space:]]*(==|!=|=|\+=|-=|:=)[[:space:]]*"[^"]*"'
badline=$(grep -Ev '^[[:space:]]*(#|$)' "$rule" |
	grep -Ev "^[[:space:]]*$pair([[:space:]]*,[[:space:]]*$pair)*[[:space:]]*\$")
[ -z "$badline" ] || bad "90-mdrv.rules: cannot parse: $badline"
for want in 'SUBSYSTEM=="pci"' 'DRIVER=="mdrv"' 'TAG+="systemd"' \
	    'ENV{SYSTEMD_WANTS}+="mdrvd.service"'; do
	grep -Ev '^[[:space:]]*#' "$rule" | grep -qF "$want" || bad "90-mdrv.rules: no $want"
done
[ "$fail" = 0 ] && ok "90-mdrv.rules parses, binds mdrv to mdrvd.service"

# modprobe.d: kmod parses it, and no stock driver is blacklisted by default
conf=$d/lib/modprobe.d/mdrv.conf
out=$(/sbin/modprobe -C "$conf" --showconfig 2>&1 >/dev/null)
[ -z "$out" ] || bad "modprobe -C mdrv.conf: $out"
active=$(grep -Ev '^[[:space:]]*(#|$)' "$conf")
[ -z "$active" ] && ok "mdrv.conf parses, changes nothing by default" ||
	bad "mdrv.conf: active lines: $active"

# the man pages render without a warning
for m in "$d"/usr/share/man/man*/*; do
	out=$( { MANWIDTH=80 man --warnings -l "$m" >/dev/null; groff -man -t -ww -z "$m"; } 2>&1)
	[ -z "$out" ] && ok "$(basename "$m") renders without warnings" ||
		bad "$(basename "$m"): $out"
done

# the bash completion: objects, verbs, keywords
comp=$d/usr/share/bash-completion/completions/mdrvctl
complete_words() {
	bash -c '. "$1" || exit 1; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		 _mdrvctl; echo "${COMPREPLY[*]}"' _ "$comp" "$@" 2>&1
}
check_comp() {
	local want=$1 got
	shift
	got=$(complete_words "$@")
	[ "$got" = "$want" ] || bad "completion of \"$*\": \"$got\", not \"$want\""
}
check_comp ring mdrvctl ri
check_comp ring mdrvctl -j --netns x ri
check_comp "show set" mdrvctl coalesce s
check_comp "rx tx" mdrvctl ring set id 0 ''
check_comp "half full" mdrvctl link set eth0 duplex ''
check_comp "offset length" mdrvctl eeprom dump eth0 ''
check_comp "--json" mdrvctl --j
[ "$fail" = 0 ] && ok "bash completion: mdrvctl ri -> ring, verbs, keywords"

# uninstall removes everything install put there, and the directories
mk uninstall DESTDIR="$d"
left=$(cd "$d" && find . -mindepth 1 | tr '\n' ' ')
[ -z "$left" ] && ok "uninstall left nothing behind" || bad "uninstall left $left"

# a DESTDIR holding the kernel's module tree gets depmod -b, both ways
c=$tmp/chroot
mkdir -p "$c/lib/modules/$kver"
touch "$c/lib/modules/$kver/"{modules.order,modules.builtin,modules.builtin.modinfo}
if mk install DESTDIR="$c"; then
	grep -q "^updates/mdrv.ko:" "$c/lib/modules/$kver/modules.dep" &&
		grep -q 'pci:v00008086d0000100E' "$c/lib/modules/$kver/modules.alias" &&
		ok "depmod -b: modules.dep and modules.alias list mdrv" ||
		bad "depmod -b did not index mdrv.ko"
	mk uninstall DESTDIR="$c"
	[ -e "$c/$ko" ] && bad "uninstall left $ko"
	grep -q mdrv "$c/lib/modules/$kver/modules.dep" && bad "modules.dep still lists mdrv after uninstall"
	[ -z "$(cd "$c" && find . -path ./lib/modules/"$kver" -prune -o -type f -print)" ] ||
		bad "uninstall (module tree) left files"
fi

[ "$fail" = 0 ] || exit 1
echo "# install and uninstall verified"
