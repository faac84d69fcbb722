/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The "mdrv" generic netlink family: the control plane between mdrv.ko, its
 * user half (mdrvd) and the CLI (mdrvctl). netlink/mdrv.yaml is the source of
 * truth; tests/unit/spec_test.py checks that this header agrees with it.
 */
#ifndef _UAPI_MDRV_GENL_H
#define _UAPI_MDRV_GENL_H

#define MDRV_GENL_NAME		"mdrv"
#define MDRV_GENL_VERSION	1
#define MDRV_MCGRP_EVENTS	"events"

/* Version of the daemon <-> kernel protocol (netlink and mailbox). */
#ifndef MDRV_PROTO_VERSION	/* tests build a daemon of another one */
#define MDRV_PROTO_VERSION	7
#endif

enum mdrv_chip {
	MDRV_CHIP_82540EM = 1,
	MDRV_CHIP_82545EM,
	MDRV_CHIP_79C970A,
};

/* Register spaces a REG attribute may address. */
enum mdrv_reg_space {
	MDRV_REG_MMIO = 1,	/* e1000: 32-bit registers in BAR0 */
	MDRV_REG_CSR,		/* PCnet: 16-bit control and status registers */
	MDRV_REG_BCR,		/* PCnet: 16-bit bus configuration registers */
	MDRV_REG_APROM,		/* PCnet: address PROM bytes (read only) */
};

/* What MDRV_CMD_RESET restarts (MDRV_A_RESET_SCOPE). */
enum mdrv_reset_scope {
	MDRV_RESET_ALL,		/* defaults, both rings, restart */
	MDRV_RESET_TX,		/* the transmitter alone, fresh TX ring */
};

/* MDRV_A_VLAN_FLAGS: the VLAN offloads the stack has turned on */
enum mdrv_vlan_flags {
	MDRV_VLAN_F_STRIP = 1,	/* rx-vlan-offload: strip tags */
	MDRV_VLAN_F_FILTER = 2,	/* rx-vlan-filter: drop other VIDs */
};

/*
 * MDRV_A_VLAN_IDS: 128 host-endian u32 words, bit (vid % 32) of word
 * (vid / 32) set for each active VID -- the layout of the e1000's VFTA.
 */
#define MDRV_VLAN_IDS_LEN	512

enum mdrv_event {
	MDRV_EV_ATTACH = 1,	/* a daemon attached */
	MDRV_EV_DETACH,		/* the daemon detached or its socket closed */
	MDRV_EV_LINK,		/* link interrupt: the daemon re-reads status */
	MDRV_EV_RESET,		/* the kernel restarted the chip */
	MDRV_EV_ERROR,		/* error interrupt cause, tx timeout, ... */
	MDRV_EV_RX_MODE,	/* the rx mode or address lists changed */
	MDRV_EV_DEV_NEW,	/* a device was bound to mdrv */
	MDRV_EV_DEV_DEL,	/* a device is going away */
};

enum {
	MDRV_A_REG_SPACE = 1,	/* u32, enum mdrv_reg_space */
	MDRV_A_REG_ADDR,	/* u32 */
	MDRV_A_REG_VALUE,	/* u32 */

	__MDRV_A_REG_MAX,
	MDRV_A_REG_MAX = __MDRV_A_REG_MAX - 1
};

enum {
	MDRV_A_IFINDEX = 1,	/* u32 */
	MDRV_A_IFNAME,		/* string */
	MDRV_A_BUS,		/* string: PCI device name */
	MDRV_A_CHIP,		/* u32, enum mdrv_chip */
	MDRV_A_VERSION,		/* u32, MDRV_PROTO_VERSION */
	MDRV_A_OWNER,		/* u32: netlink port id of the daemon, 0: none */
	MDRV_A_MBOX,		/* string: mailbox char device name (mdrv0) */
	MDRV_A_REG,		/* nest, repeated: MDRV_A_REG_* */
	MDRV_A_RING_TX,		/* u32 */
	MDRV_A_RING_RX,		/* u32 */
	MDRV_A_RX_BUF_LEN,	/* u32 */
	MDRV_A_CARRIER,		/* u8 */
	MDRV_A_EVENT,		/* u32, enum mdrv_event */
	MDRV_A_RX_FLAGS,	/* u32: IFF_PROMISC | IFF_ALLMULTI | IFF_BROADCAST */
	MDRV_A_UC_ADDR,		/* binary[6], repeated */
	MDRV_A_MC_ADDR,		/* binary[6], repeated */
	MDRV_A_MTU,		/* u32 */
	MDRV_A_MAC,		/* binary[6] */
	MDRV_A_RESETS,		/* u32: chip restarts since probe */
	MDRV_A_REJECTS,		/* u64: daemon inputs the kernel refused */
	MDRV_A_PAD,
	/*
	 * u32: mdrv's device number (N of /dev/mdrvN), stable across network
	 * namespaces; every op takes ID or IFINDEX (in the caller's netns)
	 */
	MDRV_A_ID,
	MDRV_A_UP,		/* u8: the interface is administratively up */
	MDRV_A_VLAN_FLAGS,	/* u32: MDRV_VLAN_F_* the stack turned on */
	MDRV_A_VLAN_IDS,	/* binary[512]: active VLAN IDs, VFTA layout */
	MDRV_A_RESET_SCOPE,	/* u32, enum mdrv_reset_scope */
	MDRV_A_LINK,		/* binary[24]: struct mdrv_link (mdrv_mbox.h) */
	MDRV_A_COALESCE,	/* binary[16]: struct mdrv_coalesce (mdrv_mbox.h) */
	MDRV_A_REPLACE,		/* flag: ATTACH from the daemon that owns it */
	MDRV_A_PAUSE,		/* u8: MDRV_PAUSE_* last published (mdrv_mbox.h) */

	__MDRV_A_MAX,
	MDRV_A_MAX = __MDRV_A_MAX - 1
};

enum {
	MDRV_CMD_DEV_GET = 1,	/* do, dump: the devices, anyone may ask */
	MDRV_CMD_ATTACH,	/* the daemon takes a device (one owner) */
	MDRV_CMD_DETACH,	/* the owner lets it go */
	MDRV_CMD_REG_READ,	/* batched reads, per-chip allowlist */
	MDRV_CMD_REG_WRITE,	/* batched writes, allowlist and value masks */
	MDRV_CMD_RING_SET,	/* reallocate the rings */
	MDRV_CMD_RESET,		/* quiesce, reset, re-init rings, restart */
	MDRV_CMD_CARRIER_SET,	/* carrier on or off */
	MDRV_CMD_RXMODE_GET,	/* rx flags and address lists of the netdev */
	MDRV_CMD_EVENT,		/* notification, multicast group "events" */
	MDRV_CMD_STATE_SET,	/* the daemon publishes link and coalescing */

	__MDRV_CMD_MAX,
	MDRV_CMD_MAX = __MDRV_CMD_MAX - 1
};

#endif /* _UAPI_MDRV_GENL_H */
