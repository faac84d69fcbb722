#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mdrv on both NICs: UDP with 64- and 1472-byte payloads both ways
# (udp_payload, a kselftest_harness test).
. "$(dirname "$0")/lib.sh"

[ -x "$LIB_DIR/udp_payload" ] || { log "udp_payload not built"; exit $KSFT_SKIP; }
wire mdrv mdrv
MDRV_NS=$NS "$LIB_DIR/udp_payload" || fail "udp_payload"
exit 0
