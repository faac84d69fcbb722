#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The systemd unit for mdrvd: systemd-analyze accepts it (no unknown keys,
# the commands exist); it asks for Restart=on-failure, which systemd applies
# to a crash or kill -9 and not to a clean SIGTERM stop; it waits for
# mdrvd's READY=1 (Type=notify); and its reload is the live upgrade
# (mdrvd --replace, whose MAINPID= systemd takes only with NotifyAccess=all).
# upgrade.sh checks the notifications themselves.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd -P)
unit=$top/user/mdrvd/mdrvd.service
command -v systemd-analyze >/dev/null || { echo "# SKIP: no systemd-analyze"; exit 4; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# the binary as built, where the unit expects the installed one
sed "s|/usr/sbin/mdrvd|$top/user/mdrvd/mdrvd|" "$unit" >"$dir/mdrvd.service"
out=$(systemd-analyze verify "$dir/mdrvd.service" 2>&1)
[ -z "$out" ] || { echo "# FAIL: systemd-analyze: $out"; exit 1; }
for line in '^Restart=on-failure$' '^ExecStart=/usr/sbin/mdrvd -f' '^Type=notify$' \
	    '^NotifyAccess=all$' '^ExecReload=/usr/sbin/mdrvd --replace -p /run/mdrvd.pid$'; do
	grep -q "$line" "$unit" || { echo "# FAIL: mdrvd.service has no line $line"; exit 1; }
done
echo "# mdrvd.service verified: Type=notify, Restart=on-failure, reload = mdrvd --replace"
