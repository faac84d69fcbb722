/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The upcalls (kernel -> daemon), one row each:
 *	MDRV_UPCALL(NAME, "text", request, flags)
 * included after defining MDRV_UPCALL, which this file undefines (as the
 * kernel's kvm-x86-ops.h): common/mdrv_mbox.h makes enum mdrv_up of the
 * rows, each half its table (MDRV_UP_ROW).
 *
 * request: the bytes the kernel sends at least (0: none). An ethtool or ndo
 * operation forwards the kernel's own argument as it got it: the ethtool
 * uapi structure, the MTU as an int, the address's 6 bytes; the daemon
 * reads what it needs. flags: MDRV_UPF_EVENT posted, never waited for;
 * MDRV_UPF_QUIET refused for want of a daemon without a log line (the
 * kernel copes on its own).
 */
/* apply the whole configuration */
MDRV_UPCALL(OPEN, "open", 0, MDRV_UPF_QUIET)
/* harvest the counters, the chip stops next */
MDRV_UPCALL(STOP, "stop", 0, MDRV_UPF_QUIET)
MDRV_UPCALL(SET_MAC, "set address", 6, 0)
MDRV_UPCALL(CHANGE_MTU, "change mtu", sizeof(int), 0)
/* the lists changed: pull them with MDRV_CMD_RXMODE_GET */
MDRV_UPCALL(RX_MODE, "rx mode", 0, MDRV_UPF_EVENT)
/* a link interrupt */
MDRV_UPCALL(LINK, "link", 0, MDRV_UPF_EVENT)
/* struct ethtool_link_settings, then nwords words of each of 3 masks */
MDRV_UPCALL(SET_LINK, "set link settings",
	    sizeof(struct ethtool_link_settings), 0)
MDRV_UPCALL(NWAY_RESET, "restart autonegotiation", 0, 0)
/* offset, len (<= MDRV_MBOX_PAYLOAD); reply: the bytes */
MDRV_UPCALL(GET_EEPROM, "read eeprom", sizeof(struct ethtool_eeprom), 0)
/* offset, len, then the len bytes */
MDRV_UPCALL(SET_EEPROM, "write eeprom", sizeof(struct ethtool_eeprom), 0)
/* flags; reply: struct mdrv_selftest */
MDRV_UPCALL(SELF_TEST, "self-test", sizeof(struct ethtool_test), 0)
MDRV_UPCALL(SET_COALESCE, "set coalescing", sizeof(struct ethtool_coalesce),
	    0)
MDRV_UPCALL(SET_RING, "set ring sizes", sizeof(struct ethtool_ringparam), 0)
/* refresh the stats page (ethtool -S, the watchdog): nobody waits */
MDRV_UPCALL(STATS, "statistics", 0, MDRV_UPF_EVENT | MDRV_UPF_QUIET)
/* enum ethtool_phys_id_state, an int (MDRV_ID_*) */
MDRV_UPCALL(IDENTIFY, "identify", sizeof(int), 0)
/* VLAN state changed: pull it with MDRV_CMD_RXMODE_GET */
MDRV_UPCALL(VLAN, "vlan settings", 0, 0)
MDRV_UPCALL(SET_WOL, "set wake-on-lan", sizeof(struct ethtool_wolinfo), 0)
MDRV_UPCALL(HEALTH_RECOVER, "health recover", sizeof(struct mdrv_up_health),
	    MDRV_UPF_QUIET)
/* reply: struct mdrv_health_rep */
MDRV_UPCALL(HEALTH_DIAGNOSE, "health diagnose", sizeof(struct mdrv_up_health),
	    MDRV_UPF_QUIET)
MDRV_UPCALL(HEALTH_DUMP, "health dump", sizeof(struct mdrv_up_health),
	    MDRV_UPF_QUIET)
MDRV_UPCALL(SET_PAUSE, "set flow control",
	    sizeof(struct ethtool_pauseparam), 0)

#undef MDRV_UPCALL
