// SPDX-License-Identifier: GPL-2.0
/*
 * net_device entry points. The data path (open/stop mechanics, transmit,
 * statistics) is the kernel's; every configuration request is an upcall to
 * the user half, which decides and programs the chip through downcalls.
 * ndo_open, ndo_stop, ndo_set_mac_address and ndo_change_mtu run under RTNL
 * and may sleep; ndo_set_rx_mode and ndo_tx_timeout run in atomic context
 * and only queue an event.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>

#include "mdrv.h"
#include "mdrv_mbox.h"

static int mdrv_open(struct net_device *ndev)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	int err;

	mutex_lock(&mp->ctrl_lock);
	err = mdrv_dp_start(mp);
	mutex_unlock(&mp->ctrl_lock);
	if (err)
		return err;

	/*
	 * The user half applies the configuration it holds. Without one the
	 * chip keeps what it has and the carrier follows its link bit.
	 */
	err = mdrv_upcall(mp, MDRV_UP_OPEN, NULL, 0, NULL, 0, NULL);
	if (err == -ENOTCONN || err == -ETIMEDOUT) {
		if (err == -ETIMEDOUT)
			netdev_warn(ndev, "user half did not answer open, keeping the chip's configuration\n");
		if (mp->ops->link_up(mp))
			netif_carrier_on(ndev);
		return 0;
	}
	if (err) {
		mutex_lock(&mp->ctrl_lock);
		mdrv_dp_stop(mp);
		mutex_unlock(&mp->ctrl_lock);
	}
	return err;
}

static int mdrv_stop(struct net_device *ndev)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	/* last chance for the user half to read the chip's counters */
	mdrv_upcall(mp, MDRV_UP_STOP, NULL, 0, NULL, 0, NULL);
	mutex_lock(&mp->ctrl_lock);
	mdrv_dp_stop(mp);
	mutex_unlock(&mp->ctrl_lock);
	netif_carrier_off(ndev);
	return 0;
}

static int mdrv_set_mac_address(struct net_device *ndev, void *p)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	const struct sockaddr *sa = p;
	struct mdrv_up_mac req;
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	memcpy(req.addr, sa->sa_data, ETH_ALEN);
	err = mdrv_upcall(mp, MDRV_UP_SET_MAC, &req, sizeof(req), NULL, 0, NULL);
	if (err)
		return err;
	eth_hw_addr_set(ndev, sa->sa_data);
	return 0;
}

static int mdrv_change_mtu(struct net_device *ndev, int mtu)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	struct mdrv_up_u32 req = { .value = mtu };
	int err;

	err = mdrv_upcall(mp, MDRV_UP_CHANGE_MTU, &req, sizeof(req), NULL, 0,
			  NULL);
	if (err)
		return err;
	WRITE_ONCE(ndev->mtu, mtu);
	return 0;
}

/* Atomic context (netif_addr_lock_bh held): the daemon pulls the lists. */
static void mdrv_set_rx_mode(struct net_device *ndev)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	if (!mdrv_upcall_event(mp, MDRV_UP_RX_MODE, NULL, 0))
		mdrv_genl_event(mp, MDRV_EV_RX_MODE, GFP_ATOMIC);
}

static void mdrv_tx_timeout(struct net_device *ndev, unsigned int queue)
{
	mdrv_fault(netdev_priv(ndev), MDRV_FAULT_TX_TIMEOUT, queue);
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

/* Any context: software counters plus the last hardware snapshot. */
static void mdrv_get_stats64(struct net_device *ndev,
			     struct rtnl_link_stats64 *s)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	mdrv_read_stats(&mp->rx_stats, &s->rx_packets, &s->rx_bytes,
			&s->rx_dropped, &s->rx_errors);
	mdrv_read_stats(&mp->tx_stats, &s->tx_packets, &s->tx_bytes,
			&s->tx_dropped, &s->tx_errors);
	mdrv_stats_snapshot(mp, false);
	s->rx_missed_errors = mdrv_hw_stat(mp, "rx_missed_errors");
	s->collisions = mdrv_hw_stat(mp, "collisions");
	s->rx_crc_errors = mdrv_hw_stat(mp, "rx_crc_errors");
	s->rx_frame_errors = mdrv_hw_stat(mp, "rx_frame_errors");
	s->rx_length_errors = mdrv_hw_stat(mp, "rx_length_errors");
	s->multicast = mdrv_hw_stat(mp, "rx_multicast");
	s->tx_aborted_errors = mdrv_hw_stat(mp, "tx_aborted_errors");
	s->tx_carrier_errors = mdrv_hw_stat(mp, "tx_carrier_errors");
	s->tx_window_errors = mdrv_hw_stat(mp, "tx_window_errors");
}

const struct net_device_ops mdrv_netdev_ops = {
	.ndo_open		= mdrv_open,
	.ndo_stop		= mdrv_stop,
	.ndo_start_xmit		= mdrv_start_xmit,
	.ndo_get_stats64	= mdrv_get_stats64,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_mac_address	= mdrv_set_mac_address,
	.ndo_change_mtu		= mdrv_change_mtu,
	.ndo_set_rx_mode	= mdrv_set_rx_mode,
	.ndo_tx_timeout		= mdrv_tx_timeout,
};
