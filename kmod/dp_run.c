// SPDX-License-Identifier: GPL-2.0
/*
 * Starting, stopping and restarting the data path: rings, interrupt, NAPI
 * and the chip's DMA engines. These are the mechanisms ndo_open/ndo_stop use
 * and that the user half asks for (ring reallocation, reset). Callers hold
 * mp->ctrl_lock; none of this waits for the user half.
 */
#include <linux/interrupt.h>
#include <linux/netdevice.h>

#include "dp.h"
#include "hooks.h"

/*
 * Power-on defaults: the state a chip is put in at probe, so that a
 * freshly bound device passes traffic before its user half has run —
 * broadcast accepted, no multicast, not promiscuous, the station address
 * the chip holds, VLAN tags stripped and inserted by the chip (no VLAN
 * filter), and the e1000's interrupt rate capped like the stock
 * driver's default (InterruptThrottleRate=3 starts at 20000 interrupts/s).
 *
 * This is the only configuration the kernel half decides. Besides probe,
 * only a reset the user half asks for (MDRV_CMD_RESET) applies it again, and
 * the user half then re-applies its own; every other restart of the data
 * path keeps what the chip holds, as the user half set it.
 */
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

int mdrv_dp_start(struct mdrv_priv *mp)
{
	struct net_device *ndev = mp->netdev;
	int err;

	lockdep_assert_held(&mp->ctrl_lock);
	err = mdrv_rings_alloc(mp);
	if (err)
		return err;
	mdrv_tx_set_wake(mp);
	if (!mdrv_rx_fill(mp)) {
		err = -ENOMEM;
		goto err_rx_purge;
	}
	mp->ops->irq_disable(mp);
	err = request_irq(mp->pdev->irq, mdrv_interrupt, IRQF_SHARED,
			  ndev->name, mp);
	if (err)
		goto err_rx_purge;
	/* the chip first: a TX clean may wake the queue once NAPI runs */
	err = mp->ops->start(mp);
	if (err)
		goto err_quiesce;
	napi_enable(&mp->napi);
	netif_tx_wake_all_queues(ndev);
	mp->ops->irq_enable(mp);
	mp->dp_up = true;
	mdrv_watchdog_start(mp);
	return 0;

err_quiesce:
	mp->ops->quiesce(mp);
	free_irq(mp->pdev->irq, mp);
err_rx_purge:
	mdrv_rx_purge(mp);
	mdrv_rings_free(mp);
	return err;
}

void mdrv_dp_stop(struct mdrv_priv *mp)
{
	lockdep_assert_held(&mp->ctrl_lock);
	if (!mp->dp_up)
		return;
	mp->dp_up = false;
	mdrv_watchdog_stop(mp);
	/*
	 * NAPI before the queue: a TX clean still running would wake a queue
	 * already disabled, and the stack would transmit onto the rings
	 * freed below. netif_tx_disable() then waits for a transmit in flight.
	 */
	napi_disable(&mp->napi);
	netif_tx_disable(mp->netdev);
	/* NAPI may have unmasked the chip as it completed */
	mp->ops->irq_disable(mp);
	mp->ops->quiesce(mp);
	free_irq(mp->pdev->irq, mp);
	mdrv_tx_purge(mp);
	mdrv_rx_purge(mp);
	mdrv_rings_free(mp);
}

/*
 * Stop and start again with the sizes and buffers in @mp, restoring the old
 * ones if the new ones cannot be brought up. With @defaults the chip gets
 * its power-on defaults in between (a reset: the user half re-applies its
 * configuration on MDRV_EV_RESET); without, it keeps what it holds.
 */
static int mdrv_dp_restart_locked(struct mdrv_priv *mp, unsigned int tx,
				  unsigned int rx, unsigned int rx_buf_len,
				  bool defaults, struct netlink_ext_ack *extack)
{
	unsigned int old_tx, old_rx, old_buf;
	bool was_up;
	int err = 0;

	lockdep_assert_held(&mp->ctrl_lock);
	was_up = mp->dp_up;
	/* buffers are unmapped with the size they were mapped with */
	mdrv_dp_stop(mp);
	old_tx = mp->tx_ring_size;
	old_rx = mp->rx_ring_size;
	old_buf = mp->rx_buf_len;
	mp->tx_ring_size = tx;
	mp->rx_ring_size = rx;
	mp->rx_buf_len = rx_buf_len;
	if (defaults)
		mdrv_bringup_defaults(mp);
	if (was_up) {
		err = mdrv_dp_start(mp);
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot start with these rings, old ones restored");
			mp->tx_ring_size = old_tx;
			mp->rx_ring_size = old_rx;
			mp->rx_buf_len = old_buf;
			if (mdrv_dp_start(mp))
				netif_err(mp, drv, mp->netdev, "data path down: cannot restart\n");
		}
		mp->resets++;
		/*
		 * quiesce() read ICR with every cause masked: a link change
		 * in between (an autonegotiation finishing) was consumed
		 * without a word. The user half looks at the link again.
		 */
		mp->hooks->link(mp);
	}
	return err;
}

/*
 * Reallocate the rings (and receive buffers) with new sizes: the mechanism
 * behind MDRV_CMD_RING_SET. If the data path is running it restarts,
 * keeping the chip's configuration.
 */
int mdrv_dp_restart(struct mdrv_priv *mp, unsigned int tx, unsigned int rx,
		    unsigned int rx_buf_len, struct netlink_ext_ack *extack)
{
	int err;

	mutex_lock(&mp->ctrl_lock);
	err = mdrv_dp_restart_locked(mp, tx, rx, rx_buf_len, false, extack);
	mutex_unlock(&mp->ctrl_lock);
	return err;
}

/*
 * Quiesce, (with @defaults) reset to power-on defaults, re-init the rings
 * and restart: MDRV_CMD_RESET, and the kernel's own recovery when no user
 * half is attached (without @defaults, as nobody would re-apply them).
 */
int mdrv_dp_reset(struct mdrv_priv *mp, bool defaults,
		  struct netlink_ext_ack *extack)
{
	int err;

	mutex_lock(&mp->ctrl_lock);
	err = mdrv_dp_restart_locked(mp, mp->tx_ring_size, mp->rx_ring_size,
				     mp->rx_buf_len, defaults, extack);
	mutex_unlock(&mp->ctrl_lock);
	if (!err)
		netif_info(mp, drv, mp->netdev, "data path reset%s\n",
			   defaults ? " to power-on defaults" : "");
	return err;
}

/*
 * Restart the transmitter alone: the recovery for a TX hang or timeout on
 * chips that can (ops->tx_stop/tx_start). The receive side keeps running
 * untouched — on QEMU's e1000 any RCTL write holds received frames back
 * for a second, so a full restart would cost a second of traffic.
 */
int mdrv_dp_tx_reset(struct mdrv_priv *mp, struct netlink_ext_ack *extack)
{
	struct net_device *ndev = mp->netdev;
	struct mdrv_ring *r = &mp->tx_ring;

	if (!mp->ops->tx_stop) {
		NL_SET_ERR_MSG(extack, "the chip cannot restart its transmitter alone");
		return -EOPNOTSUPP;
	}
	mutex_lock(&mp->ctrl_lock);
	if (!mp->dp_up) {
		mutex_unlock(&mp->ctrl_lock);
		return 0;
	}
	mdrv_watchdog_stop(mp);
	/* no TX reclaim (nor its queue wake) while the ring is re-initialised */
	napi_disable(&mp->napi);
	netif_tx_disable(ndev);
	mp->ops->tx_stop(mp);
	mdrv_tx_purge(mp);
	memset(r->desc, 0, r->count * mp->ops->desc_size);
	mp->ops->tx_start(mp);
	napi_enable(&mp->napi);
	netif_tx_wake_all_queues(ndev);
	/* causes the interrupt handler saw while NAPI was off */
	mdrv_napi_kick(mp, MDRV_IRQ_TX | MDRV_IRQ_RX);
	mdrv_watchdog_start(mp);
	mp->resets++;
	mutex_unlock(&mp->ctrl_lock);
	netif_info(mp, drv, ndev, "transmitter reset\n");
	return 0;
}
