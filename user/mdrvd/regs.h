/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Register batches and the per-chip allowlist (common/mdrv_regs_allow.h):
 * the policy builds batches, masks every value it writes to the bits the
 * kernel lets it change, and sends one batch per message.
 */
#ifndef MDRVD_REGS_H
#define MDRVD_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "hw.h"

struct mdrvd_batch {
	unsigned int n;
	bool overflow;		/* an add did not fit: the batch is refused */
	struct mdrvd_reg r[MDRVD_REG_BATCH_MAX];
};

static inline void mdrvd_batch_init(struct mdrvd_batch *b)
{
	b->n = 0;
	b->overflow = false;
}

/* Append one register; returns its index in the batch. */
unsigned int mdrvd_batch_add(struct mdrvd_batch *b, uint32_t space,
			     uint32_t addr, uint32_t value);

int mdrvd_batch_read(const struct mdrvd_hw *hw, struct mdrvd_batch *b,
		     uint32_t *resets);
int mdrvd_batch_write(const struct mdrvd_hw *hw, const struct mdrvd_batch *b);

int mdrvd_reg_read1(const struct mdrvd_hw *hw, uint32_t space, uint32_t addr,
		    uint32_t *value);
int mdrvd_reg_write1(const struct mdrvd_hw *hw, uint32_t space,
		     uint32_t addr, uint32_t value);

/*
 * The allowlist rule covering (space, addr) on @chip (enum mdrv_chip):
 * returns MDRV_RA_* flags, 0 if the register is not listed; *wmask gets the
 * writable bits (may be NULL).
 */
unsigned int mdrvd_reg_rule(uint32_t chip, uint32_t space, uint32_t addr,
			    uint32_t *wmask);

/* @value restricted to the bits the daemon may write (0 if none). */
uint32_t mdrvd_reg_wval(uint32_t chip, uint32_t space, uint32_t addr,
			uint32_t value);

#endif /* MDRVD_REGS_H */
