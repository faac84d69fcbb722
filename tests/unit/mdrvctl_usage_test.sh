#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrvctl's command line, checked before anything is asked of the kernel:
# "help" is usage (exit 0) only right after the verb or after the device;
# anywhere else it is a word the parser refuses (exit 1, usage on stderr),
# as `ip` refuses `ip link set eth0 mtu help`. No mdrv module is needed:
# every line here fails or succeeds before mdrvctl opens a socket.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd -P)
ctl=$top/user/mdrvctl/mdrvctl
rc=0 n=0

expect() {	# expect RC ARGS...
	local want=$1 got

	shift
	n=$((n + 1))
	"$ctl" "$@" >/dev/null 2>&1
	got=$?
	if [ "$got" != "$want" ]; then
		echo "# mdrvctl $*: exit $got, expected $want"
		rc=1
	fi
}

for args in "help" "ring help" "ring set help" "ring set eth0 help" \
	    "ring set id 3 help" "link set eth0 help" "regs dump help"; do
	# shellcheck disable=SC2086
	expect 0 $args
done
for args in "ring set eth0 rx help" "ring set eth0 rx 256 help" \
	    "link set eth0 speed help" "ring set id 3 rx help" \
	    "ring set eth0 help rx 256" "monitor junk help" "monitor id 3 help"; do
	# shellcheck disable=SC2086
	expect 1 $args
done
echo "# $n command lines, help only where it asks for usage"
exit $rc
