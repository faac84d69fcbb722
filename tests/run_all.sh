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
# the debug kernel runs everything several times slower (tests/vm/run
# --debug-kernel sets MDRV_TIMEOUT_SCALE): each test's timeout (settings) too
if [ "${MDRV_TIMEOUT_SCALE:-1}" -gt 1 ]; then
	eval "$(declare -f tap_timeout | sed '1s/tap_timeout/ksft_tap_timeout/')"
	tap_timeout() {
		kselftest_timeout=$((kselftest_timeout * MDRV_TIMEOUT_SCALE))
		ksft_tap_timeout "$@"
	}
fi
cd mdrv || exit 1
if [ $# -eq 0 ]; then
	set -- $(sed -n 's/^TEST_PROGS := //p' Makefile)
fi
out=${MDRV_OUT:-/tmp}/ktap-vm.txt
# debug kernel: what kmemleak holds against the boot is not the tests'
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	echo "# kmemleak: $(grep -c unreferenced /sys/kernel/debug/kmemleak) objects unreferenced after boot, cleared"
	echo clear >/sys/kernel/debug/kmemleak
fi
# runner.sh's run_many, plus each test's wall time (the suite must stay well
# under 30 minutes: this is where to look when it grows)
run_timed() {
	local t t0
	echo "TAP version 13"
	echo "1..$#"
	test_num=0	# run_one reads the global, as under run_many
	for t in "$@"; do
		test_num=$((test_num + 1))
		t0=$SECONDS
		run_one "${PWD#"$BASE_DIR"/}" "$t" "$test_num"
		echo "# $t: $((SECONDS - t0)) s"
	done
	echo "# VM suite: $SECONDS s"
}
run_timed "$@" | tee "$out"
pass=$(grep -c '^ok ' "$out")
fail=$(grep -c '^not ok ' "$out")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
