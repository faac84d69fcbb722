#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/kdir picks the newest kernel that has both an image in /boot and a
# build tree, never the running kernel. Checked against a fake root.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd -P)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mk() {	# mk VERSION [image] [build]
	local v=$1

	shift
	for what in "$@"; do
		case $what in
		image) mkdir -p "$root/boot"; touch "$root/boot/vmlinuz-$v" ;;
		build) mkdir -p "$root/lib/modules/$v/build" ;;
		esac
	done
}

expect() {
	local got

	got=$(MDRV_ROOT=$root "$top/scripts/kdir")
	if [ "$got" != "$1" ]; then
		echo "# expected '$1', got '$got'"
		exit 1
	fi
}

expect ""
mk 6.1.0-9-amd64 image build
expect "$root/lib/modules/6.1.0-9-amd64/build"
mk 6.1.0-10-amd64 image build		# version order, not text order
expect "$root/lib/modules/6.1.0-10-amd64/build"
mk 6.1.0-56-amd64 image			# no headers: not usable
expect "$root/lib/modules/6.1.0-10-amd64/build"
mk 6.18.44-host build			# headers without an image: not ours
expect "$root/lib/modules/6.1.0-10-amd64/build"
echo "# kdir selection ok"
