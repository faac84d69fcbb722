// SPDX-License-Identifier: GPL-2.0
/*
 * Power-on defaults: the state a chip is put in once, at probe, so that a
 * freshly bound device passes traffic before its user half has run —
 * broadcast accepted, no multicast, not promiscuous, the station address
 * the chip holds, VLAN tags stripped and inserted by the chip (no VLAN
 * filter), and the e1000's interrupt rate capped like the stock
 * driver's default (InterruptThrottleRate=3 starts at 20000 interrupts/s).
 *
 * This is the only configuration the kernel half decides. It is applied
 * once and never again: everything later — and everything after a restart of
 * the data path — is what the chip holds, as the user half (mdrvd) set it.
 */
#include <linux/netdevice.h>

#include "mdrv.h"

#define MDRV_BRINGUP_IRQ_RATE	20000

void mdrv_bringup_defaults(struct mdrv_priv *mp)
{
	const struct mdrv_hw_config cfg = {
		.broadcast = true,
		/* rx-vlan-offload and tx-vlan-offload start on, as stock */
		.vlan_strip = true,
		.irq_rate = MDRV_BRINGUP_IRQ_RATE,
	};

	mp->ops->defaults(mp, &cfg);
}
