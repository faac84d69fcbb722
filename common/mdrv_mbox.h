/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The mailbox: shared memory between mdrv.ko and its daemon, one char device
 * (/dev/mdrvN) per device. Documentation/mailbox.rst describes the protocol.
 *
 * Two regions, mapped separately so each side writes only its own pages:
 *
 *   kernel region (mmap offset MDRV_MBOX_KERN_OFF, read-only for the daemon)
 *     page 0            struct mdrv_mbox_kctrl: upcall producer index, ...
 *     pages 1..         upcall ring: MDRV_MBOX_SLOTS x struct mdrv_msg
 *
 *   daemon region (mmap offset MDRV_MBOX_USER_OFF, read-write)
 *     page 0            struct mdrv_mbox_uctrl: upcall consumer index,
 *                       reply producer index
 *     pages 1..         reply ring: MDRV_MBOX_SLOTS x struct mdrv_msg
 *     last page         struct mdrv_stats_page, hardware counters
 *
 * Ring indices run freely (u32) and are reduced with & (SLOTS - 1). The
 * producer writes an entry, then publishes the index with a release store;
 * the consumer reads the index with an acquire load, then the entry.
 * The kernel copies every entry it reads before looking at it and checks
 * index distance, sequence number, type and length; anything else is refused
 * and counted.
 *
 * Wake-ups: poll() on the fd is readable when the upcall ring holds entries;
 * the daemon's write() of any 4..8 bytes on the fd tells the kernel that the
 * reply ring moved.
 */
#ifndef MDRV_MBOX_H
#define MDRV_MBOX_H

#include <linux/ethtool.h>
#include <linux/types.h>

#define MDRV_MBOX_MAGIC		0x7672646d	/* "mdrv" */
#define MDRV_MBOX_PAGE		4096
#define MDRV_MBOX_SLOTS		64		/* power of two */
#define MDRV_MBOX_MSG_SIZE	256
#define MDRV_MBOX_PAYLOAD	(MDRV_MBOX_MSG_SIZE - 16)

#define MDRV_MBOX_RING_BYTES	(MDRV_MBOX_SLOTS * MDRV_MBOX_MSG_SIZE)
#define MDRV_MBOX_KERN_OFF	0
#define MDRV_MBOX_KERN_SIZE	(MDRV_MBOX_PAGE + MDRV_MBOX_RING_BYTES)
#define MDRV_MBOX_USER_OFF	0x100000
#define MDRV_MBOX_USER_SIZE	(2 * MDRV_MBOX_PAGE + MDRV_MBOX_RING_BYTES)
#define MDRV_MBOX_STATS_OFF	(MDRV_MBOX_PAGE + MDRV_MBOX_RING_BYTES)

struct mdrv_mbox_kctrl {
	__u32 magic;
	__u32 version;		/* MDRV_PROTO_VERSION */
	__u32 slots;
	__u32 msg_size;
	__u32 up_prod;		/* upcall ring: entries the kernel wrote */
	__u32 rep_cons;		/* reply ring: entries the kernel consumed */
	__u32 chip;		/* enum mdrv_chip */
	__u32 stats_count;	/* counters expected on the stats page */
	__u64 rejects;		/* daemon inputs refused */
	/* frames the data path handled (rx + tx): unchanged, so are counters */
	__u64 activity;
};

struct mdrv_mbox_uctrl {
	__u32 up_cons;		/* upcall ring: entries the daemon consumed */
	__u32 rep_prod;		/* reply ring: entries the daemon wrote */
};

/* Entry of either ring. */
struct mdrv_msg {
	__u32 seq;		/* reply: the seq of the upcall it answers */
	__u16 type;		/* enum mdrv_up */
	__u16 len;		/* payload bytes used */
	__s32 status;		/* reply: 0 or a negative errno */
	__u32 flags;		/* MDRV_MSG_F_* */
	__u8 data[MDRV_MBOX_PAYLOAD];
};

#define MDRV_MSG_F_EVENT	0x1	/* no reply expected */

/* Upcalls: kernel -> daemon, one row each in mdrv_upcalls.h. */
#define MDRV_UPF_EVENT		0x1	/* posted, never waited for */
#define MDRV_UPF_QUIET		0x2	/* no log line without a daemon */

enum mdrv_up {
	MDRV_UP_NONE,		/* 0 is never sent */
#define MDRV_UPCALL(id, text, len, flags)	MDRV_UP_##id,
#include "mdrv_upcalls.h"
	MDRV_UP_MAX,
};

/*
 * A half's table of the rows:
 *	static const struct mdrv_up_info t[MDRV_UP_MAX] = {
 *	#define MDRV_UPCALL MDRV_UP_ROW
 *	#include "mdrv_upcalls.h"
 *	};
 */
struct mdrv_up_info {
	const char *name;
	__u16 len;		/* request bytes, at least */
	__u16 flags;		/* MDRV_UPF_* */
};

#define MDRV_UP_ROW(id, text, rlen, f)					\
	[MDRV_UP_##id] = { text, rlen, f },

/* MDRV_UP_IDENTIFY states (enum ethtool_phys_id_state, not in uapi) */
#define MDRV_ID_INACTIVE	0
#define MDRV_ID_ACTIVE		1
#define MDRV_ID_ON		2
#define MDRV_ID_OFF		3

/* A fault the kernel half saw (HEALTH_RECOVER); the user half decides */
enum mdrv_fault {
	MDRV_FAULT_TX_TIMEOUT,	/* the stack's watchdog (detail: queue) */
	MDRV_FAULT_TX_HANG,	/* TX ring not advancing, or TX engine off */
	MDRV_FAULT_RX_STALL,	/* RX engine off, or the chip stopped */
	MDRV_FAULT_FATAL,	/* fatal interrupt cause (PCnet MERR) */
	MDRV_FAULT_MAX,
};

/*
 * Health reporting (kmod/ctl_devlink.c): one devlink health reporter per kind.
 * A fault is reported to devlink, whose recover callback asks
 * MDRV_UP_HEALTH_RECOVER.
 */
enum mdrv_health {
	MDRV_HEALTH_TX_HANG,	/* "tx-hang": TX_TIMEOUT, TX_HANG */
	MDRV_HEALTH_RX_ERRORS,	/* "rx-errors": RX_STALL, FATAL */
	MDRV_HEALTH_LINK,	/* "link": diagnose only */
	MDRV_HEALTH_DAEMON,	/* "daemon": the user half detached or hung */
	MDRV_HEALTH_MAX,
};

#define MDRV_HEALTH_F_MANUAL	0x1	/* `devlink health recover`: no back-off */

struct mdrv_up_health {
	__u32 reporter;		/* enum mdrv_health */
	__u32 kind;		/* RECOVER: enum mdrv_fault */
	__u32 detail;		/* RECOVER: the fault's detail */
	__u32 flags;		/* RECOVER: MDRV_HEALTH_F_* */
	__u32 start;		/* DIAGNOSE/DUMP: index of the first pair */
};

/*
 * DIAGNOSE/DUMP reply: up to MDRV_HEALTH_PAIRS name/value pairs from index
 * start on; more != 0 if the daemon has pairs after these (the kernel asks
 * again, at most MDRV_HEALTH_PAGES times). A name is 1..15 printable ASCII
 * characters, NUL-padded; the kernel refuses the whole reply otherwise.
 */
#define MDRV_HEALTH_NAME	16
#define MDRV_HEALTH_PAIRS	9
#define MDRV_HEALTH_PAGES	8
struct mdrv_health_pair {
	char name[MDRV_HEALTH_NAME];
	__u64 value;
};

struct mdrv_health_rep {
	__u32 count;		/* pairs used, <= MDRV_HEALTH_PAIRS */
	__u32 more;
	struct mdrv_health_pair pair[MDRV_HEALTH_PAIRS];
};

struct mdrv_link {
	__u32 speed;		/* Mb/s, or 0xffffffff unknown */
	__u8 duplex;		/* DUPLEX_* */
	__u8 autoneg;		/* AUTONEG_* */
	__u8 port;		/* PORT_* */
	__u8 link;		/* 1: up */
	__u32 supported;	/* ETHTOOL_LINK_MODE_* bits 0..31 */
	__u32 advertising;
	__u32 lp_advertising;
	__u8 mdix;		/* ETH_TP_MDI* (0: unknown) */
	__u8 mdix_ctrl;		/* ETH_TP_MDI* or ETH_TP_MDI_AUTO (0: unknown) */
	__u8 pause;		/* MDRV_PAUSE_*: flow control (0: none) */
	__u8 pad;
};

/*
 * struct mdrv_link's pause: what `ethtool -a` shows (autoneg, and the
 * directions in use: asked for, or negotiated with the partner) and what
 * `ethtool -A` asked for, which a new daemon takes back (DEV_GET's PAUSE).
 */
#define MDRV_PAUSE_AUTONEG	0x01
#define MDRV_PAUSE_RX		0x02	/* in use: received pause frames honoured */
#define MDRV_PAUSE_TX		0x04	/* in use: pause frames sent */
#define MDRV_PAUSE_ASK_RX	0x08
#define MDRV_PAUSE_ASK_TX	0x10
#define MDRV_PAUSE_ALL		0x1f

struct mdrv_coalesce {
	__u32 rx_usecs;
	__u32 tx_usecs;
	__u32 rx_max_frames;
	__u32 use_adaptive_rx;
};

/* Sub-test names are fixed per chip (a table in common/), results are not. */
#define MDRV_SELFTEST_MAX	16
struct mdrv_selftest {
	__u32 count;		/* results used, <= MDRV_SELFTEST_MAX */
	__u32 failed;		/* nonzero if any sub-test failed */
	__u64 result[MDRV_SELFTEST_MAX];	/* 0 pass or skipped, else code */
};

/* Hardware counters, written by the daemon (seqcount: odd while writing). */
#define MDRV_STATS_MAX		((MDRV_MBOX_PAGE - 16) / 8)
struct mdrv_stats_page {
	__u32 seq;
	__u32 count;
	__u64 updated_ns;	/* CLOCK_MONOTONIC of the last update */
	__u64 value[MDRV_STATS_MAX];
};

#endif /* MDRV_MBOX_H */
