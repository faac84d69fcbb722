#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The mdrv netlink family and mailbox device against the kernel half alone
# (nl_test, a kselftest_harness test): privileges, validation with extack,
# the register allowlist, ownership, mmap rules.
. "$(dirname "$0")/lib.sh"

[ -x "$LIB_DIR/nl_test" ] || { log "nl_test not built"; exit $KSFT_SKIP; }
pkill -x mdrvd 2>/dev/null
bind_driver "$E1000_BDF" mdrv
bind_driver "$PCNET_BDF" mdrv
"$LIB_DIR/nl_test" || fail "nl_test"
exit 0
