/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only way mdrvd's policy touches a device: batched register reads and
 * writes plus the few kernel commands the policy needs. The daemon plugs in
 * the netlink back end (nl.c); the unit tests plug in a simulated register
 * file (tests/unit/mdrvd_sim.c).
 */
#ifndef MDRVD_HW_H
#define MDRVD_HW_H

#include <stdbool.h>
#include <stdint.h>

#include "mdrv_genl.h"
#include "mdrv_mbox.h"

/* At most this many registers per batch: one netlink message. */
#define MDRVD_REG_BATCH_MAX	256

struct mdrvd_reg {
	uint32_t space;		/* enum mdrv_reg_space */
	uint32_t addr;
	uint32_t value;		/* write: the value; read: filled in */
};

/*
 * Secondary unicast and multicast lists of the netdev, and its VLAN state
 * (RXMODE_GET).
 */
#define MDRVD_RXMODE_UC_MAX	64
#define MDRVD_RXMODE_MC_MAX	1024

struct mdrvd_rxmode {
	uint32_t flags;		/* IFF_PROMISC | IFF_ALLMULTI | IFF_BROADCAST */
	unsigned int n_uc, n_mc;
	bool uc_overflow;	/* more than MDRVD_RXMODE_UC_MAX: go promisc */
	bool mc_overflow;	/* more than MDRVD_RXMODE_MC_MAX: go allmulti */
	uint8_t uc[MDRVD_RXMODE_UC_MAX][6];
	uint8_t mc[MDRVD_RXMODE_MC_MAX][6];
	uint32_t vlan_flags;	/* MDRV_VLAN_F_* */
	/* active VLAN IDs: bit (vid % 32) of word (vid / 32) */
	uint32_t vlan_ids[MDRV_VLAN_IDS_LEN / 4];
};

/*
 * Every callback returns 0 or a negative errno. reg_write executes the
 * batch in order, in one message; reg_read fills in the values and, when
 * @resets is not NULL, stores the chip restart count at the time of the read
 * or leaves it untouched if the back end does not know it.
 */
struct mdrvd_hw_ops {
	int (*reg_read)(void *ctx, struct mdrvd_reg *regs, unsigned int n,
			uint32_t *resets);
	int (*reg_write)(void *ctx, const struct mdrvd_reg *regs,
			 unsigned int n);
	int (*ring_set)(void *ctx, uint32_t tx, uint32_t rx,
			uint32_t rx_buf_len);
	/* @scope: enum mdrv_reset_scope */
	int (*reset)(void *ctx, uint32_t scope);
	int (*carrier_set)(void *ctx, bool on);
	int (*rxmode_get)(void *ctx, struct mdrvd_rxmode *rm);
	/*
	 * publish what the kernel answers read-only queries from; @c NULL:
	 * the chip has no coalescing
	 */
	int (*state_set)(void *ctx, const struct mdrv_link *l,
			 const struct mdrv_coalesce *c);
};

struct mdrvd_hw {
	const struct mdrvd_hw_ops *ops;
	void *ctx;
};

#endif /* MDRVD_HW_H */
