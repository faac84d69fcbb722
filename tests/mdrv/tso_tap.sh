#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TSO with a shared header: a packet socket on the sending e1000 gets a clone
# of every frame the driver transmits, sharing its header. The driver must
# edit a private copy of the header for TSO (tot_len and the checksums), never
# the clone's: the tap sees the frames as the stack built them, and the wire
# gets correct segments (no IP header or TCP checksum errors at the peer).
. "$(dirname "$0")/lib.sh"

wire mdrv mdrv
ethtool -k "$DEV_A" | grep -q '^tcp-segmentation-offload: on' ||
	fail "TSO is off on $DEV_A"
snmp() {	# snmp PROTO FIELD: the peer's counter
	ip netns exec "$NS" awk -v p="$1:" -v f="$2" '
		$1 == p && !n { for (i = 2; i <= NF; i++) col[$i] = i; n = 1; next }
		$1 == p && n { print $col[f] }' /proc/net/snmp
}
hdr0=$(snmp Ip InHdrErrors) csum0=$(snmp Tcp InCsumErrors)
out=$(python3 - "$DEV_A" "$ADDR_B" <<'PY'
import socket, struct, subprocess, sys, time
dev, peer = sys.argv[1:3]
# ETH_P_ALL: only the taps of every protocol see what is transmitted
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
s.bind((dev, 0))
s.settimeout(0.5)
srv = subprocess.Popen(["ip", "netns", "exec", "mdrvpeer", "iperf3", "-s", "-1",
                        "-B", peer], stdout=subprocess.DEVNULL)
time.sleep(1)
cli = subprocess.Popen(["iperf3", "-c", peer, "-t", "3", "-l", "64K"],
                       stdout=subprocess.DEVNULL)
big = zero = other = 0
while cli.poll() is None:
    try:
        data, addr = s.recvfrom(70000)
    except socket.timeout:
        continue
    if (addr[2] != socket.PACKET_OUTGOING or len(data) < 34 or
            data[12:14] != b"\x08\x00" or data[23] != 6):
        continue
    tot_len = struct.unpack("!H", data[16:18])[0]
    if len(data) <= 1514:
        continue
    big += 1
    if tot_len == 0:
        zero += 1
    elif tot_len != len(data) - 14:
        other += 1
srv.wait(timeout=10)
print(big, zero, other, cli.returncode)
PY
) || fail "capture"
read -r big zero other rc <<<"$out"
hdr1=$(snmp Ip InHdrErrors) csum1=$(snmp Tcp InCsumErrors)
log "TSO frames seen by the tap: $big, with tot_len 0: $zero, other length: $other; peer: IP header errors +$((hdr1 - hdr0)), TCP checksum errors +$((csum1 - csum0)); iperf3 exit $rc"
[ "$big" -gt 0 ] || fail "no TSO frame went out"
[ "$zero" -eq 0 ] && [ "$other" -eq 0 ] || fail "the driver wrote into the tap's header"
[ $((hdr1 - hdr0)) -eq 0 ] && [ $((csum1 - csum0)) -eq 0 ] || fail "bad segments on the wire"
[ "$rc" -eq 0 ] || fail "iperf3 failed"
exit 0
