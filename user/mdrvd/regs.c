// SPDX-License-Identifier: GPL-2.0
/*
 * Register batches and the allowlist lookup.
 */
#include <errno.h>
#include <stddef.h>

#include "mdrv_genl.h"
#include "mdrv_regs_allow.h"
#include "regs.h"

unsigned int mdrvd_batch_add(struct mdrvd_batch *b, uint32_t space,
			     uint32_t addr, uint32_t value)
{
	if (b->n >= MDRVD_REG_BATCH_MAX) {
		b->overflow = true;
		return MDRVD_REG_BATCH_MAX - 1;
	}
	b->r[b->n].space = space;
	b->r[b->n].addr = addr;
	b->r[b->n].value = value;
	return b->n++;
}

int mdrvd_batch_read(const struct mdrvd_hw *hw, struct mdrvd_batch *b,
		     uint32_t *resets)
{
	if (b->overflow)
		return -E2BIG;
	if (!b->n)
		return 0;
	return hw->ops->reg_read(hw->ctx, b->r, b->n, resets);
}

int mdrvd_batch_write(const struct mdrvd_hw *hw, const struct mdrvd_batch *b)
{
	if (b->overflow)
		return -E2BIG;
	if (!b->n)
		return 0;
	return hw->ops->reg_write(hw->ctx, b->r, b->n);
}

int mdrvd_reg_read1(const struct mdrvd_hw *hw, uint32_t space, uint32_t addr,
		    uint32_t *value)
{
	struct mdrvd_reg r = { .space = space, .addr = addr };
	int err;

	err = hw->ops->reg_read(hw->ctx, &r, 1, NULL);
	if (!err)
		*value = r.value;
	return err;
}

int mdrvd_reg_write1(const struct mdrvd_hw *hw, uint32_t space,
		     uint32_t addr, uint32_t value)
{
	struct mdrvd_reg r = { .space = space, .addr = addr, .value = value };

	return hw->ops->reg_write(hw->ctx, &r, 1);
}

unsigned int mdrvd_reg_rule(uint32_t chip, uint32_t space, uint32_t addr,
			    uint32_t *wmask)
{
	const struct mdrv_reg_rule *r = NULL;

	switch (chip) {
	case MDRV_CHIP_82540EM:
	case MDRV_CHIP_82545EM:
		r = mdrv_reg_rule_find(mdrv_e1000_reg_rules,
				       sizeof(mdrv_e1000_reg_rules) /
				       sizeof(mdrv_e1000_reg_rules[0]),
				       space, addr);
		break;
	case MDRV_CHIP_79C970A:
		r = mdrv_reg_rule_find(mdrv_pcnet_reg_rules,
				       sizeof(mdrv_pcnet_reg_rules) /
				       sizeof(mdrv_pcnet_reg_rules[0]),
				       space, addr);
		break;
	}
	if (wmask)
		*wmask = r && (r->flags & MDRV_RA_W) ? r->wmask : 0;
	return r ? r->flags : 0;
}

uint32_t mdrvd_reg_wval(uint32_t chip, uint32_t space, uint32_t addr,
			uint32_t value)
{
	uint32_t mask;

	mdrvd_reg_rule(chip, space, addr, &mask);
	return value & mask;
}
