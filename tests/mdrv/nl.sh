#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The mdrv netlink family and mailbox device against the kernel half alone,
# two kselftest_harness programs: nl_test (privileges, validation with
# extack, the register allowlist, ownership, mmap rules) and trust_test (the
# trust boundary of Documentation/threat-model.rst: a hostile daemon, another
# privileged process, an unprivileged user).
. "$(dirname "$0")/lib.sh"

for p in nl_test trust_test; do
	[ -x "$LIB_DIR/$p" ] || { log "$p not built"; exit $KSFT_SKIP; }
done
pkill -x mdrvd 2>/dev/null
bind_driver "$E1000_BDF" mdrv
bind_driver "$PCNET_BDF" mdrv
"$LIB_DIR/nl_test" || fail "nl_test"
"$LIB_DIR/trust_test" || fail "trust_test"
exit 0
