// SPDX-License-Identifier: GPL-2.0
/*
 * Faults of the device: what the kernel half detects (watchdog.c, the
 * stack's ndo_tx_timeout, fatal interrupt causes) and hands on. The user
 * half decides what to do — usually a reset through MDRV_CMD_RESET and a
 * full re-application of its configuration — with its own grace period and
 * back-off. With no user half attached (or one that cannot take the event)
 * the kernel restarts the data path itself, keeping the configuration the
 * chip holds: traffic never waits for a missing daemon.
 *
 * mdrv_fault() runs in any context (ndo_tx_timeout and NAPI are atomic):
 * it counts the fault and queues it for fault.work, at most once per
 * MDRV_FAULT_REPEAT per kind while the fault persists. Locking: the pending
 * mask is atomic bit operations; the per-kind time stamps and details are
 * plain words whose races only decide whether a report is repeated.
 */
#include <linux/netdevice.h>
#include <linux/workqueue.h>

#include "mdrv.h"
#include "mdrv_mbox.h"

#define MDRV_FAULT_REPEAT	(2 * HZ)

static const char *const mdrv_fault_names[MDRV_FAULT_MAX] = {
	[MDRV_FAULT_TX_TIMEOUT] = "transmit timeout",
	[MDRV_FAULT_TX_HANG] = "transmit hang",
	[MDRV_FAULT_RX_STALL] = "receive stall",
	[MDRV_FAULT_FATAL] = "fatal interrupt cause",
};

void mdrv_fault(struct mdrv_priv *mp, enum mdrv_fault kind, u32 detail)
{
	unsigned long now = jiffies;

	if (WARN_ON_ONCE(kind >= MDRV_FAULT_MAX))
		return;
	if (time_before(now, READ_ONCE(mp->fault.next[kind])))
		return;
	WRITE_ONCE(mp->fault.next[kind], now + MDRV_FAULT_REPEAT);
	WRITE_ONCE(mp->fault.detail[kind], detail);
	atomic64_inc(&mp->fault.count[kind]);
	set_bit(kind, &mp->fault.pending);
	schedule_work(&mp->fault.work);
}

static void mdrv_fault_work(struct work_struct *work)
{
	struct mdrv_priv *mp = container_of(work, struct mdrv_priv,
					    fault.work);
	unsigned long pending = xchg(&mp->fault.pending, 0);
	bool restart = false, tx_only = true;
	unsigned int kind;

	for_each_set_bit(kind, &pending, MDRV_FAULT_MAX) {
		struct mdrv_up_fault ev = {
			.kind = kind,
			.detail = READ_ONCE(mp->fault.detail[kind]),
		};
		bool told = mdrv_daemon_attached(mp) &&
			    !mdrv_upcall_event(mp, MDRV_UP_FAULT, &ev,
					       sizeof(ev));

		netdev_err(mp->netdev, "%s detected (%#x), %s\n",
			   mdrv_fault_names[kind], ev.detail,
			   told ? "the user half recovers" :
				  "no user half: restarting the data path");
		restart |= !told;
		tx_only &= kind == MDRV_FAULT_TX_TIMEOUT ||
			   kind == MDRV_FAULT_TX_HANG;
	}
	mdrv_genl_event(mp, MDRV_EV_ERROR, GFP_KERNEL);
	if (!restart)
		return;
	if (!tx_only || mdrv_dp_tx_reset(mp, NULL) == -EOPNOTSUPP)
		mdrv_dp_reset(mp, false, NULL);
}

void mdrv_fault_init(struct mdrv_priv *mp)
{
	unsigned int i;

	INIT_WORK(&mp->fault.work, mdrv_fault_work);
	for (i = 0; i < MDRV_FAULT_MAX; i++)
		mp->fault.next[i] = jiffies;
}

/* Called once the net_device is unregistered: no fault can be raised. */
void mdrv_fault_fini(struct mdrv_priv *mp)
{
	cancel_work_sync(&mp->fault.work);
}
