// SPDX-License-Identifier: GPL-2.0
/*
 * Faults of the device: what the kernel half detects (dp_watchdog.c, the
 * stack's ndo_tx_timeout, fatal interrupt causes) and hands on to devlink
 * health (ctl_devlink.c), whose reporters' recover asks the user half — usually
 * a reset through MDRV_CMD_RESET and a full re-application of its
 * configuration, with its own back-off. With no user half attached (or one
 * that does not answer) the recover restarts the data path itself, keeping
 * the configuration the chip holds: traffic never waits for a missing
 * daemon. devlink's recover is the one way a fault is recovered, so it
 * cannot be recovered twice.
 *
 * mdrv_fault() runs in any context (ndo_tx_timeout and NAPI are atomic):
 * it counts the fault and queues it for fault.work, at most once per
 * MDRV_FAULT_REPEAT per kind while the fault persists. Locking: the pending
 * mask is atomic bit operations; fault.lock orders queueing a daemon loss
 * against mdrv_fault_fini(); the per-kind time stamps and details are
 * plain words whose races only decide whether a report is repeated.
 */
#include <linux/netdevice.h>
#include <linux/workqueue.h>

#include "ch.h"
#include "ctl.h"
#include "mdrv_mbox.h"

/* fault.pending bits after the enum mdrv_fault ones: the daemon lost, back */
#define MDRV_FAULT_DAEMON	MDRV_FAULT_MAX
#define MDRV_FAULT_DAEMON_BACK	(MDRV_FAULT_MAX + 1)

#define MDRV_FAULT_REPEAT	(2 * HZ)

const struct mdrv_fault_info mdrv_faults[MDRV_FAULT_MAX] = {
	[MDRV_FAULT_TX_TIMEOUT] = { "transmit timeout", "tx_timeouts",
				    "tx_timeout_detail", MDRV_HEALTH_TX_HANG },
	[MDRV_FAULT_TX_HANG] = { "transmit hang", "tx_hangs", "tx_hang_detail",
				 MDRV_HEALTH_TX_HANG },
	[MDRV_FAULT_RX_STALL] = { "receive stall", "rx_stalls",
				  "rx_stall_detail", MDRV_HEALTH_RX_ERRORS },
	[MDRV_FAULT_FATAL] = { "fatal interrupt cause", "fatal_errors",
			       "fatal_detail", MDRV_HEALTH_RX_ERRORS },
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

/* A daemon event for the work item; never once mdrv_fault_fini() ran. */
static void mdrv_fault_queue(struct mdrv_priv *mp, unsigned int bit)
{
	unsigned long flags;

	spin_lock_irqsave(&mp->fault.lock, flags);
	if (!mp->fault.closed) {
		set_bit(bit, &mp->fault.pending);
		schedule_work(&mp->fault.work);
	}
	spin_unlock_irqrestore(&mp->fault.lock, flags);
}

/*
 * The daemon was lost (@lost: detached while the device is up, or an upcall
 * timed out), or one opened its mailbox and the "daemon" reporter is
 * healthy again: the channels' hook (any context but hard irq).
 */
void mdrv_fault_daemon(struct mdrv_priv *mp, bool lost)
{
	if (!lost)
		mdrv_fault_queue(mp, MDRV_FAULT_DAEMON_BACK);
	else if (netif_running(mp->netdev))
		mdrv_fault_queue(mp, MDRV_FAULT_DAEMON);
}

/*
 * Process context, no lock held: devlink_health_report() may call the
 * reporter's recover, which asks the daemon and waits for it, and whose
 * reset takes ctrl_lock and cancels the watchdog.
 */
static void mdrv_fault_work(struct work_struct *work)
{
	struct mdrv_priv *mp = container_of(work, struct mdrv_priv,
					    fault.work);
	unsigned long pending = xchg(&mp->fault.pending, 0);
	unsigned int kind;
	int err;

	if (pending & GENMASK(MDRV_FAULT_MAX - 1, 0))
		mdrv_genl_event(mp, MDRV_EV_ERROR, GFP_KERNEL);
	for_each_set_bit(kind, &pending, MDRV_FAULT_MAX) {
		u32 detail = READ_ONCE(mp->fault.detail[kind]);

		netif_err(mp, drv, mp->netdev, "%s detected (%#x), reported to devlink health\n",
			  mdrv_faults[kind].name, detail);
		err = mdrv_health_fault(mp, kind, detail);
		if (err)
			netif_warn(mp, drv, mp->netdev, "%s not recovered: %d\n",
				   mdrv_faults[kind].name, err);
	}
	if (pending & BIT(MDRV_FAULT_DAEMON)) {
		netif_warn(mp, drv, mp->netdev, "user half lost while the device is up\n");
		mdrv_health_daemon(mp, true);
	}
	/* a daemon can be asked again: its mailbox is open */
	if ((pending & (BIT(MDRV_FAULT_DAEMON) | BIT(MDRV_FAULT_DAEMON_BACK))) &&
	    mdrv_mbox_open(mp))
		mdrv_health_daemon(mp, false);
}

void mdrv_fault_init(struct mdrv_priv *mp)
{
	unsigned int i;

	spin_lock_init(&mp->fault.lock);
	INIT_WORK(&mp->fault.work, mdrv_fault_work);
	for (i = 0; i < MDRV_FAULT_MAX; i++)
		mp->fault.next[i] = jiffies;
}

/* Called once the net_device is unregistered: no fault can be raised. */
void mdrv_fault_fini(struct mdrv_priv *mp)
{
	spin_lock_irq(&mp->fault.lock);
	mp->fault.closed = true;
	spin_unlock_irq(&mp->fault.lock);
	cancel_work_sync(&mp->fault.work);
}
