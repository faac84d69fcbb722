// SPDX-License-Identifier: GPL-2.0
/*
 * net_device entry points. The data path (open/stop mechanics, transmit,
 * statistics) is the kernel's; every configuration request is an upcall to
 * the user half, which decides and programs the chip through downcalls.
 * ndo_open, ndo_stop, ndo_set_mac_address, ndo_change_mtu, ndo_set_features
 * and ndo_vlan_rx_add/kill_vid run under RTNL and may sleep;
 * ndo_set_rx_mode and ndo_tx_timeout run in atomic context and only queue an
 * event.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>

#include "ch.h"
#include "ctl.h"
#include "dp.h"
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
			netif_warn(mp, drv, ndev, "user half did not answer open, keeping the chip's configuration\n");
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
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	err = mdrv_upcall(mp, MDRV_UP_SET_MAC, sa->sa_data, ETH_ALEN, NULL, 0,
			  NULL);
	if (err)
		return err;
	/* readers outside RTNL (RESET's defaults, DEV_GET) copy it locked */
	spin_lock_bh(&mp->state_lock);
	eth_hw_addr_set(ndev, sa->sa_data);
	spin_unlock_bh(&mp->state_lock);
	return 0;
}

static int mdrv_change_mtu(struct net_device *ndev, int mtu)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	int err;

	err = mdrv_upcall(mp, MDRV_UP_CHANGE_MTU, &mtu, sizeof(mtu), NULL, 0,
			  NULL);
	if (err)
		return err;
	WRITE_ONCE(ndev->mtu, mtu);
	return 0;
}

/*
 * Atomic context (netif_addr_lock_bh held): the daemon pulls the lists.
 * Any user can change them (a multicast join), so one event waits at a
 * time: the daemon's RXMODE_GET reads every change made until then.
 */
static void mdrv_set_rx_mode(struct net_device *ndev)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	if (atomic_xchg(&mp->rx_mode_asked, 1))
		return;
	if (!mdrv_upcall_event(mp, MDRV_UP_RX_MODE))
		mdrv_genl_event(mp, MDRV_EV_RX_MODE, GFP_ATOMIC);
	else
		atomic_set(&mp->rx_mode_asked, 0);
}

static void mdrv_tx_timeout(struct net_device *ndev, unsigned int queue)
{
	mdrv_fault(netdev_priv(ndev), MDRV_FAULT_TX_TIMEOUT, queue);
}

/*
 * Record the VLAN state the stack asks for -- new @flags (@op == 0), or
 * @vid added (@op > 0) or removed (@op < 0) -- where the user half pulls
 * it (RXMODE_GET), and have it program the chip before this returns. A
 * failed change is undone; a removal stays (the user half applies the
 * kernel's list whenever it attaches). RTNL held: one change at a time.
 * (The stack adds and removes VIDs while it turns the filter on or off,
 * before ndev->features changes: only ndo_set_features sets the flags.)
 */
static int mdrv_vlan_upcall(struct mdrv_priv *mp, u32 flags, u16 vid, int op)
{
	u32 old_flags;
	bool had;
	int err;

	spin_lock_bh(&mp->state_lock);
	old_flags = mp->vlan_flags;
	had = test_bit(vid, mp->active_vlans);
	if (!op)
		mp->vlan_flags = flags;
	else if (op > 0)
		set_bit(vid, mp->active_vlans);
	else
		clear_bit(vid, mp->active_vlans);
	spin_unlock_bh(&mp->state_lock);

	err = mdrv_upcall(mp, MDRV_UP_VLAN, NULL, 0, NULL, 0, NULL);
	/* a VID that is gone stays gone: the daemon syncs when it attaches */
	if (!err || op < 0)
		return err;
	spin_lock_bh(&mp->state_lock);
	mp->vlan_flags = old_flags;
	if (op > 0 && !had)
		clear_bit(vid, mp->active_vlans);
	spin_unlock_bh(&mp->state_lock);
	return err;
}

/* As the stock e1000: one VLAN mode bit, tag insertion follows stripping. */
static netdev_features_t mdrv_fix_features(struct net_device *ndev,
					   netdev_features_t features)
{
	if (!(ndev->hw_features & NETIF_F_HW_VLAN_CTAG_RX))
		return features;
	if (features & NETIF_F_HW_VLAN_CTAG_RX)
		features |= NETIF_F_HW_VLAN_CTAG_TX;
	else
		features &= ~NETIF_F_HW_VLAN_CTAG_TX;
	return features;
}

/* RTNL held, before ndev->features changes: the chip follows first. */
static int mdrv_set_features(struct net_device *ndev,
			     netdev_features_t features)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	u32 flags = mdrv_vlan_flags(features);

	if (flags == mdrv_vlan_flags(ndev->features))
		return 0;
	return mdrv_vlan_upcall(mp, flags, 0, 0);
}

/* RTNL held; may sleep. The kernel keeps the list, the daemon the filter. */
static int mdrv_vlan_rx_add_vid(struct net_device *ndev, __be16 proto, u16 vid)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	if (vid >= VLAN_N_VID)
		return -EINVAL;
	return mdrv_vlan_upcall(mp, 0, vid, 1);
}

static int mdrv_vlan_rx_kill_vid(struct net_device *ndev, __be16 proto,
				 u16 vid)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	if (vid >= VLAN_N_VID)
		return -EINVAL;
	return mdrv_vlan_upcall(mp, 0, vid, -1);
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

/* Where each enum mdrv_link_stat goes in struct rtnl_link_stats64. */
static const size_t mdrv_link_stat_off[MDRV_LS_COUNT] = {
	[MDRV_LS_RX_MISSED] = offsetof(struct rtnl_link_stats64, rx_missed_errors),
	[MDRV_LS_COLLISIONS] = offsetof(struct rtnl_link_stats64, collisions),
	[MDRV_LS_RX_CRC] = offsetof(struct rtnl_link_stats64, rx_crc_errors),
	[MDRV_LS_RX_FRAME] = offsetof(struct rtnl_link_stats64, rx_frame_errors),
	[MDRV_LS_RX_LENGTH] = offsetof(struct rtnl_link_stats64, rx_length_errors),
	[MDRV_LS_MULTICAST] = offsetof(struct rtnl_link_stats64, multicast),
	[MDRV_LS_TX_ABORTED] = offsetof(struct rtnl_link_stats64, tx_aborted_errors),
	[MDRV_LS_TX_CARRIER] = offsetof(struct rtnl_link_stats64, tx_carrier_errors),
	[MDRV_LS_TX_WINDOW] = offsetof(struct rtnl_link_stats64, tx_window_errors),
};

/*
 * Any context: software counters plus the last hardware snapshot, each
 * hardware counter by its row's link field (common/mdrv_stats.h).
 */
static void mdrv_get_stats64(struct net_device *ndev,
			     struct rtnl_link_stats64 *s)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	const struct mdrv_hw_stat *hs = mp->ops->hw_stats;
	unsigned int i;

	mdrv_read_stats(&mp->rx_stats, &s->rx_packets, &s->rx_bytes,
			&s->rx_dropped, &s->rx_errors);
	mdrv_read_stats(&mp->tx_stats, &s->tx_packets, &s->tx_bytes,
			&s->tx_dropped, &s->tx_errors);
	mdrv_stats_snapshot(mp, false);
	for (i = 0; i < mp->ops->n_hw_stats; i++)
		if (hs[i].link != MDRV_LS_NONE && hs[i].link < MDRV_LS_COUNT)
			*(u64 *)((char *)s + mdrv_link_stat_off[hs[i].link]) =
				READ_ONCE(mp->hw_stats[i]);
}

/*
 * The link hook: the chip reported a link change (NAPI context). The user
 * half owns link management; with none attached the carrier follows the
 * chip's link bit.
 */
void mdrv_link_event(struct mdrv_priv *mp)
{
	if (!mdrv_upcall_event(mp, MDRV_UP_LINK)) {
		mdrv_genl_event(mp, MDRV_EV_LINK, GFP_ATOMIC);
		return;
	}
	if (mp->ops->link_up(mp))
		netif_carrier_on(mp->netdev);
	else
		netif_carrier_off(mp->netdev);
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
	.ndo_fix_features	= mdrv_fix_features,
	.ndo_set_features	= mdrv_set_features,
	.ndo_vlan_rx_add_vid	= mdrv_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= mdrv_vlan_rx_kill_vid,
};

/*
 * RTNL held: a name as the handlers (which never take RTNL) copy it, so a
 * rename in progress is never read half written.
 */
static int mdrv_netdev_notify(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *ndev = netdev_notifier_info_to_dev(ptr);
	struct mdrv_priv *mp;

	if (ndev->netdev_ops != &mdrv_netdev_ops ||
	    (event != NETDEV_REGISTER && event != NETDEV_CHANGENAME))
		return NOTIFY_DONE;
	mp = netdev_priv(ndev);
	spin_lock_bh(&mp->state_lock);
	strscpy(mp->ifname, ndev->name, sizeof(mp->ifname));
	spin_unlock_bh(&mp->state_lock);
	return NOTIFY_OK;
}

static struct notifier_block mdrv_netdev_notifier = {
	.notifier_call = mdrv_netdev_notify,
};

int mdrv_netdev_notifier_init(void)
{
	return register_netdevice_notifier(&mdrv_netdev_notifier);
}

void mdrv_netdev_notifier_exit(void)
{
	unregister_netdevice_notifier(&mdrv_netdev_notifier);
}
