// SPDX-License-Identifier: GPL-2.0
/*
 * The data path's watchdog: a delayed work that runs while the data path is
 * up. For a chip without a link-change interrupt (the PCnet: its link is a
 * status bit in BCR4 only) it samples the link bit and turns a change into
 * the same MDRV_IRQ_LINK cause an interrupt would raise, so the user half
 * learns of link changes from an event and never has to poll.
 *
 * Locking: the work takes no lock of its own. mdrv_dp_stop() cancels it
 * synchronously (under ctrl_lock, which the work never takes) before the
 * rings and NAPI go away; chip register access is the chip's own business
 * (the PCnet takes hw_lock for RAP/BDP).
 */
#include <linux/netdevice.h>
#include <linux/workqueue.h>

#include "mdrv.h"

/* the carrier follows a link change within a second */
#define MDRV_WATCHDOG_PERIOD	(HZ / 2)

static void mdrv_watchdog(struct work_struct *work)
{
	struct mdrv_priv *mp = container_of(to_delayed_work(work),
					    struct mdrv_priv, watchdog);
	bool up;

	if (!mp->ops->link_irq) {
		up = mp->ops->link_up(mp);
		if (up != mp->wd_link) {
			mp->wd_link = up;
			atomic_or(MDRV_IRQ_LINK, &mp->irq_causes);
			/* NAPI's poll runs when bottom halves are re-enabled */
			local_bh_disable();
			napi_schedule(&mp->napi);
			local_bh_enable();
		}
	}
	schedule_delayed_work(&mp->watchdog, MDRV_WATCHDOG_PERIOD);
}

void mdrv_watchdog_init(struct mdrv_priv *mp)
{
	INIT_DELAYED_WORK(&mp->watchdog, mdrv_watchdog);
}

/* Called with ctrl_lock held, once the chip runs. */
void mdrv_watchdog_start(struct mdrv_priv *mp)
{
	lockdep_assert_held(&mp->ctrl_lock);
	mp->wd_link = mp->ops->link_up(mp);
	schedule_delayed_work(&mp->watchdog, MDRV_WATCHDOG_PERIOD);
}

/* Called with ctrl_lock held, before the data path is torn down. */
void mdrv_watchdog_stop(struct mdrv_priv *mp)
{
	lockdep_assert_held(&mp->ctrl_lock);
	cancel_delayed_work_sync(&mp->watchdog);
}
