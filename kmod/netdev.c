// SPDX-License-Identifier: GPL-2.0
/*
 * net_device entry points: open/stop (rings, IRQ, NAPI) and statistics.
 * ndo_open and ndo_stop run under RTNL.
 */
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>

#include "mdrv.h"

static int mdrv_open(struct net_device *ndev)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	struct mdrv_hw_config cfg;
	int err;

	err = mdrv_rings_alloc(mp);
	if (err)
		return err;
	if (!mdrv_rx_fill(mp)) {
		err = -ENOMEM;
		goto err_rx_purge;
	}
	mp->ops->irq_disable(mp);
	err = request_irq(mp->pdev->irq, mdrv_interrupt, IRQF_SHARED,
			  ndev->name, mp);
	if (err)
		goto err_rx_purge;
	napi_enable(&mp->napi);

	mdrv_bringup_config(mp, &cfg);
	err = mp->ops->start(mp, &cfg);
	if (err)
		goto err_napi_disable;
	mdrv_bringup_link(mp);
	netif_start_queue(ndev);
	mp->ops->irq_enable(mp);
	return 0;

err_napi_disable:
	napi_disable(&mp->napi);
	mp->ops->quiesce(mp);
	free_irq(mp->pdev->irq, mp);
err_rx_purge:
	mdrv_rx_purge(mp);
	mdrv_rings_free(mp);
	return err;
}

static int mdrv_stop(struct net_device *ndev)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	netif_tx_disable(ndev);
	napi_disable(&mp->napi);
	/* NAPI may have unmasked the chip as it completed */
	mp->ops->irq_disable(mp);
	mp->ops->quiesce(mp);
	free_irq(mp->pdev->irq, mp);
	/* after NAPI, which follows the chip's link bit, is gone */
	netif_carrier_off(ndev);
	mdrv_tx_purge(mp);
	mdrv_rx_purge(mp);
	mdrv_rings_free(mp);
	return 0;
}

static void mdrv_read_stats(struct mdrv_queue_stats *qs, u64 *packets,
			    u64 *bytes, u64 *dropped, u64 *errors)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&qs->syncp);
		*packets = qs->packets;
		*bytes = qs->bytes;
		*dropped = qs->dropped;
		*errors = qs->errors;
	} while (u64_stats_fetch_retry(&qs->syncp, start));
}

static void mdrv_get_stats64(struct net_device *ndev,
			     struct rtnl_link_stats64 *s)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	mdrv_read_stats(&mp->rx_stats, &s->rx_packets, &s->rx_bytes,
			&s->rx_dropped, &s->rx_errors);
	mdrv_read_stats(&mp->tx_stats, &s->tx_packets, &s->tx_bytes,
			&s->tx_dropped, &s->tx_errors);
}

const struct net_device_ops mdrv_netdev_ops = {
	.ndo_open		= mdrv_open,
	.ndo_stop		= mdrv_stop,
	.ndo_start_xmit		= mdrv_start_xmit,
	.ndo_get_stats64	= mdrv_get_stats64,
	.ndo_validate_addr	= eth_validate_addr,
};
