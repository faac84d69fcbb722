// SPDX-License-Identifier: GPL-2.0
/* The per-chip register allowlist, looked up for every downcall access. */
#include "mdrv.h"

/* The allowlist entry covering @addr in @space, or NULL. */
const struct mdrv_reg_rule *mdrv_reg_find(const struct mdrv_priv *mp,
					  u32 space, u32 addr)
{
	return mdrv_reg_rule_find(mp->ops->reg_rules, mp->ops->n_reg_rules,
				  space, addr);
}
