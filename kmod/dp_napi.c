// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt handler and NAPI poll, shared by every chip. The handler only
 * acknowledges and masks the chip and schedules NAPI; all ring work happens
 * in the poll, with the chip's interrupts masked until it completes.
 */
#include <linux/interrupt.h>
#include <linux/netdevice.h>

#include "dp.h"
#include "hooks.h"

irqreturn_t mdrv_interrupt(int irq, void *data)
{
	struct mdrv_priv *mp = data;
	u32 causes;

	causes = mp->ops->irq_ack(mp);
	if (!causes)
		return IRQ_NONE;	/* shared line: not ours */

	/* consumed by mdrv_poll() with xchg() */
	atomic_or(causes, &mp->irq_causes);
	if (napi_schedule_prep(&mp->napi)) {
		mp->ops->irq_disable(mp);
		__napi_schedule(&mp->napi);
	}
	return IRQ_HANDLED;
}

int mdrv_poll(struct napi_struct *napi, int budget)
{
	struct mdrv_priv *mp = container_of(napi, struct mdrv_priv, napi);
	u32 causes = atomic_xchg(&mp->irq_causes, 0);
	unsigned int tx;
	int done;

	if (causes & MDRV_IRQ_LINK)
		mp->hooks->link(mp);
	if (causes & MDRV_IRQ_FATAL)
		mp->hooks->fault(mp, MDRV_FAULT_FATAL, causes);

	/*
	 * Completions that land after this point latch a cause in the chip,
	 * which interrupts again as soon as irq_enable() unmasks it.
	 */
	tx = mdrv_tx_clean(mp, budget);
	done = mdrv_rx_clean(mp, budget);
	if (tx + done)
		mp->hooks->moved(mp, tx + done);
	if (done >= budget)
		return budget;
	if (napi_complete_done(napi, done))
		mp->ops->irq_enable(mp);
	return done;
}
