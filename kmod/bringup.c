// SPDX-License-Identifier: GPL-2.0
/*
 * The chip configuration mdrv applies on its own when an interface comes up:
 * the station address the chip holds, broadcast on, no multicast, no
 * promiscuous mode, the link state the chip reports, and an interrupt rate
 * cap like the stock e1000's default (InterruptThrottleRate=3 starts at
 * 20000 interrupts/s).
 *
 * This is policy, and the only policy in the kernel half. It lives here, in
 * one place, until the user half (mdrvd) owns the device's configuration.
 */
#include <linux/netdevice.h>

#include "mdrv.h"

#define MDRV_BRINGUP_IRQ_RATE	20000

void mdrv_bringup_config(struct mdrv_priv *mp, struct mdrv_hw_config *cfg)
{
	cfg->promisc = false;
	cfg->broadcast = true;
	cfg->irq_rate = MDRV_BRINGUP_IRQ_RATE;
}

/* Any context: follow the link state the chip reports. */
void mdrv_bringup_link(struct mdrv_priv *mp)
{
	if (mp->ops->link_up(mp))
		netif_carrier_on(mp->netdev);
	else
		netif_carrier_off(mp->netdev);
}
