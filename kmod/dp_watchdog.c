// SPDX-License-Identifier: GPL-2.0
/*
 * The data path's watchdog: a delayed work that runs every 500 ms while the
 * data path is up. It detects what no interrupt tells:
 *  - a link change on a chip without a link interrupt (the PCnet: its link
 *    is a status bit in BCR4 only): turned into the MDRV_IRQ_LINK cause an
 *    interrupt would raise, so the user half learns of it from an event;
 *  - a TX ring that stopped advancing: after one period without progress it
 *    runs NAPI once (a lost interrupt), after the next it is a TX hang;
 *  - a TX or RX engine the chip reports off although the data path runs
 *    (read back from the chip: e1000 TCTL.EN/RCTL.EN, PCnet CSR0);
 *  - a 16-bit hardware counter about to wrap twice between two harvests of
 *    the user half (the PCnet's CSR112: the chip's overflow interrupt,
 *    CSR4.MFCO, is not emulated): after a quarter of its range it asks the
 *    user half for a harvest, as that interrupt would. The user half keeps
 *    the 64-bit total; the kernel only says when to read.
 * Faults go up through the fault hook (ctl_fault.c), which tells the user
 * half (or restarts the data path itself when none is attached).
 *
 * Locking: the work takes no lock of its own and never ctrl_lock.
 * mdrv_dp_stop() cancels it synchronously under ctrl_lock before the rings
 * and NAPI go away, so it only ever sees a running data path; the ring
 * indices it reads are written by NAPI and the transmit path, so it reads
 * them once (READ_ONCE) and only compares them. Chip register access is the
 * chip's own business (the PCnet takes hw_lock for RAP/RDP).
 */
#include <linux/netdevice.h>
#include <linux/workqueue.h>

#include "dp.h"
#include "hooks.h"

/* the carrier follows a link change within a second */
#define MDRV_WATCHDOG_PERIOD	(HZ / 2)
/* periods without TX progress: 1 kicks NAPI, 2 is a hang (>= 1 s) */
#define MDRV_TX_HANG_PERIODS	2

/* Run NAPI as if the chip had raised @cause (process context). */
void mdrv_napi_kick(struct mdrv_priv *mp, u32 cause)
{
	atomic_or(cause, &mp->irq_causes);
	/* NAPI's poll runs when bottom halves are re-enabled */
	local_bh_disable();
	napi_schedule(&mp->napi);
	local_bh_enable();
}

static void mdrv_wd_link(struct mdrv_priv *mp)
{
	bool up;

	if (mp->ops->link_irq)
		return;
	up = mp->ops->link_up(mp);
	if (up != mp->wd.link) {
		mp->wd.link = up;
		mdrv_napi_kick(mp, MDRV_IRQ_LINK);
	}
}

static void mdrv_wd_tx(struct mdrv_priv *mp)
{
	unsigned int ntc = READ_ONCE(mp->tx_ring.next_to_clean);
	unsigned int ntu = READ_ONCE(mp->tx_ring.next_to_use);

	/* nothing queued, progress, or no carrier to send on: all is well */
	if (ntu == ntc || ntc != mp->wd.tx_ntc ||
	    !netif_carrier_ok(mp->netdev)) {
		mp->wd.tx_ntc = ntc;
		mp->wd.tx_stuck = 0;
		return;
	}
	if (++mp->wd.tx_stuck < MDRV_TX_HANG_PERIODS) {
		mdrv_napi_kick(mp, MDRV_IRQ_TX);
		return;
	}
	mp->hooks->fault(mp, MDRV_FAULT_TX_HANG, (ntu - ntc) % mp->tx_ring.count);
}

static void mdrv_wd_engines(struct mdrv_priv *mp)
{
	u32 off, val = 0;

	if (!mp->ops->engines_off)
		return;
	off = mp->ops->engines_off(mp, &val);
	/*
	 * Both off (the PCnet's STOP) is one fault, a receive stall: its
	 * recovery restarts the whole chip, and a second report on the
	 * tx-hang reporter would only meet the daemon's back-off
	 */
	if (off & MDRV_ENGINE_RX)
		mp->hooks->fault(mp, MDRV_FAULT_RX_STALL, val);
	else if (off & MDRV_ENGINE_TX)
		mp->hooks->fault(mp, MDRV_FAULT_TX_HANG, val);
}

/* a quarter of a 16-bit range: 49152 more frames per period still count */
#define MDRV_NARROW_HARVEST	0x4000

static void mdrv_wd_narrow(struct mdrv_priv *mp)
{
	u16 now;

	if (!mp->ops->narrow_count)
		return;
	now = mp->ops->narrow_count(mp);
	if ((u16)(now - mp->wd.narrow) < MDRV_NARROW_HARVEST)
		return;
	/* no daemon, or its ring full: ask again next period */
	if (!mp->hooks->harvest(mp))
		mp->wd.narrow = now;
}

/* Every period, in order; a check the chip has no use for returns at once. */
static void (*const mdrv_wd_checks[])(struct mdrv_priv *mp) = {
	mdrv_wd_link,		/* chips without a link interrupt */
	mdrv_wd_tx,
	mdrv_wd_engines,	/* chips that report their engines */
	mdrv_wd_narrow,		/* chips with a narrow counter */
};

static void mdrv_watchdog(struct work_struct *work)
{
	struct mdrv_priv *mp = container_of(to_delayed_work(work),
					    struct mdrv_priv, watchdog);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mdrv_wd_checks); i++)
		mdrv_wd_checks[i](mp);
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
	mp->wd.link = mp->ops->link_up(mp);
	mp->wd.tx_ntc = 0;
	mp->wd.tx_stuck = 0;
	if (mp->ops->narrow_count)
		mp->wd.narrow = mp->ops->narrow_count(mp);
	schedule_delayed_work(&mp->watchdog, MDRV_WATCHDOG_PERIOD);
}

/* Called with ctrl_lock held, before the data path is torn down. */
void mdrv_watchdog_stop(struct mdrv_priv *mp)
{
	lockdep_assert_held(&mp->ctrl_lock);
	cancel_delayed_work_sync(&mp->watchdog);
}
