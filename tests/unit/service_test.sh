#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The systemd unit for mdrvd: systemd-analyze accepts it (no unknown keys,
# the command exists) and it asks for Restart=on-failure, which systemd
# applies to a crash or kill -9 and not to a clean SIGTERM stop.
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
grep -q '^Restart=on-failure$' "$unit" || { echo "# FAIL: no Restart=on-failure"; exit 1; }
grep -q '^ExecStart=/usr/sbin/mdrvd -f' "$unit" || { echo "# FAIL: ExecStart"; exit 1; }
echo "# mdrvd.service verified, Restart=on-failure"
