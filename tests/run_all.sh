#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VM side of the suite: every selftest in tests/mdrv through the kernel's
# kselftest runner (KTAP on stdout), then the count. Run inside the VM bench:
#   tests/vm/run tests/run_all.sh [TEST...]      (tests/vm/run alone does this)
cd "$(dirname "$0")" || exit 1
export BASE_DIR=$PWD
[ -r kselftest/runner.sh ] || { echo "tests/kselftest missing: run make -C tests" >&2; exit 1; }

# shellcheck disable=SC1091
. ./kselftest/runner.sh
cd mdrv || exit 1
if [ $# -eq 0 ]; then
	set -- $(sed -n 's/^TEST_PROGS := //p' Makefile)
fi
out=${MDRV_OUT:-/tmp}/ktap-vm.txt
run_many "$@" | tee "$out"
pass=$(grep -c '^ok ' "$out")
fail=$(grep -c '^not ok ' "$out")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
