// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool entry points. Identity, ring sizes, message level, the register
 * dump, the counters and the WoL setting are answered by the kernel half
 * from what it holds; everything that is policy (link settings,
 * autonegotiation, EEPROM, self test, coalescing, ring changes, identify,
 * WoL changes) is forwarded to the user half as it came: the upcall carries
 * the ethtool structure the kernel handed in (common/mdrv_mbox.h's table).
 * All of these run in process context with RTNL held.
 */
#include <linux/bitmap.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "ch.h"
#include "ctl.h"
#include "dp.h"
#include "mdrv_mbox.h"

/*
 * The one way an ethtool request goes to the user half: @arg, the
 * structure ethtool handed in, is the upcall's request, unchanged.
 */
static int mdrv_forward(struct net_device *ndev, u16 type, const void *arg,
			u16 len, struct netlink_ext_ack *extack)
{
	int err = mdrv_upcall(netdev_priv(ndev), type, arg, len, NULL, 0, NULL);

	if (err == -ENOTCONN)
		NL_SET_ERR_MSG(extack, "mdrv: the user half (mdrvd) is not running");
	return err;
}

static void mdrv_get_drvinfo(struct net_device *ndev,
			     struct ethtool_drvinfo *info)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	strscpy(info->driver, MDRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, pci_name(mp->pdev), sizeof(info->bus_info));
}

static u32 mdrv_get_msglevel(struct net_device *ndev)
{
	return ((struct mdrv_priv *)netdev_priv(ndev))->msg_enable;
}

static void mdrv_set_msglevel(struct net_device *ndev, u32 level)
{
	((struct mdrv_priv *)netdev_priv(ndev))->msg_enable = level;
}

/*
 * Unprivileged (also sysfs speed/duplex), RTNL held: answered from what the
 * daemon last published (MDRV_CMD_STATE_SET), never waiting for it.
 */
static int mdrv_get_link_ksettings(struct net_device *ndev,
				   struct ethtool_link_ksettings *ks)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	spin_lock_bh(&mp->state_lock);
	if (mp->published && netif_carrier_ok(ndev)) {
		ks->base.speed = mp->link.speed;
		ks->base.duplex = mp->link.duplex;
		ks->base.eth_tp_mdix = mp->link.mdix;
	} else {
		ks->base.speed = SPEED_UNKNOWN;
		ks->base.duplex = DUPLEX_UNKNOWN;
		ks->base.eth_tp_mdix = ETH_TP_MDI_INVALID;
	}
	ks->base.eth_tp_mdix_ctrl = mp->published ? mp->link.mdix_ctrl :
						     ETH_TP_MDI_INVALID;
	ks->base.autoneg = mp->published ? mp->link.autoneg : AUTONEG_DISABLE;
	ks->base.port = mp->published ? mp->link.port : PORT_TP;
	ethtool_convert_legacy_u32_to_link_mode(ks->link_modes.supported,
						mp->link.supported);
	ethtool_convert_legacy_u32_to_link_mode(ks->link_modes.advertising,
						mp->link.advertising);
	spin_unlock_bh(&mp->state_lock);
	return 0;
}

#define MDRV_LINK_NU32	BITS_TO_U32(__ETHTOOL_LINK_MODE_MASK_NBITS)

/* As ETHTOOL_SLINKSETTINGS carries them: base, then the three masks. */
static int mdrv_set_link_ksettings(struct net_device *ndev,
				   const struct ethtool_link_ksettings *ks)
{
	struct {
		struct ethtool_link_settings base;
		u32 masks[3][MDRV_LINK_NU32];
	} req = { .base = ks->base };

	req.base.link_mode_masks_nwords = MDRV_LINK_NU32;
	bitmap_to_arr32(req.masks[0], ks->link_modes.supported,
			__ETHTOOL_LINK_MODE_MASK_NBITS);
	bitmap_to_arr32(req.masks[1], ks->link_modes.advertising,
			__ETHTOOL_LINK_MODE_MASK_NBITS);
	bitmap_to_arr32(req.masks[2], ks->link_modes.lp_advertising,
			__ETHTOOL_LINK_MODE_MASK_NBITS);
	return mdrv_forward(ndev, MDRV_UP_SET_LINK, &req, sizeof(req), NULL);
}

static int mdrv_nway_reset(struct net_device *ndev)
{
	return mdrv_forward(ndev, MDRV_UP_NWAY_RESET, NULL, 0, NULL);
}

static void mdrv_get_ringparam(struct net_device *ndev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	ring->rx_max_pending = mp->ops->ring_max;
	ring->tx_max_pending = mp->ops->ring_max;
	ring->rx_pending = READ_ONCE(mp->rx_ring_size);
	ring->tx_pending = READ_ONCE(mp->tx_ring_size);
}

static int mdrv_set_ringparam(struct net_device *ndev,
			      struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kring,
			      struct netlink_ext_ack *extack)
{
	/* ethtool refused mini and jumbo sizes: their maximum is 0 */
	return mdrv_forward(ndev, MDRV_UP_SET_RING, ring, sizeof(*ring), extack);
}

static int mdrv_get_sset_count(struct net_device *ndev, int sset)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	switch (sset) {
	case ETH_SS_STATS:
		return MDRV_SW_COUNT + mp->ops->n_hw_stats;
	case ETH_SS_TEST:
		return mp->ops->n_tests ?: -EOPNOTSUPP;
	}
	return -EOPNOTSUPP;
}

static void mdrv_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	unsigned int i;

	switch (sset) {
	case ETH_SS_STATS:
		for (i = 0; i < MDRV_SW_COUNT; i++)
			ethtool_sprintf(&data, "%s", mdrv_sw_stat_names[i]);
		for (i = 0; i < mp->ops->n_hw_stats; i++)
			ethtool_sprintf(&data, "%s", mp->ops->hw_stats[i].name);
		break;
	case ETH_SS_TEST:
		for (i = 0; i < mp->ops->n_tests; i++)
			ethtool_sprintf(&data, "%s", mp->ops->test_names[i]);
		break;
	}
}

static void mdrv_get_ethtool_stats(struct net_device *ndev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	struct rtnl_link_stats64 s = {};
	unsigned int i;

	ndev->netdev_ops->ndo_get_stats64(ndev, &s);
	data[MDRV_SW_RX_PACKETS] = s.rx_packets;
	data[MDRV_SW_TX_PACKETS] = s.tx_packets;
	data[MDRV_SW_RX_BYTES] = s.rx_bytes;
	data[MDRV_SW_TX_BYTES] = s.tx_bytes;
	data[MDRV_SW_RX_ERRORS] = s.rx_errors;
	data[MDRV_SW_TX_ERRORS] = s.tx_errors;
	data[MDRV_SW_RX_DROPPED] = s.rx_dropped;
	data[MDRV_SW_TX_DROPPED] = s.tx_dropped;
	data[MDRV_SW_TX_TIMEOUT] =
		atomic64_read(&mp->fault.count[MDRV_FAULT_TX_TIMEOUT]);
	data[MDRV_SW_TX_HANG] =
		atomic64_read(&mp->fault.count[MDRV_FAULT_TX_HANG]);
	data[MDRV_SW_RX_STALL] =
		atomic64_read(&mp->fault.count[MDRV_FAULT_RX_STALL]);
	data[MDRV_SW_FATAL] = atomic64_read(&mp->fault.count[MDRV_FAULT_FATAL]);
	data[MDRV_SW_TX_RESTART] = atomic64_read(&mp->tx_restarts);
	data[MDRV_SW_ALLOC_FAIL] = atomic64_read(&mp->alloc_fails);
	/* unprivileged, RTNL held: the last snapshot, a refresh asked for */
	mdrv_stats_snapshot(mp, true);
	data[MDRV_SW_HW_AGE] = mdrv_stats_age_ms(mp);
	for (i = 0; i < mp->ops->n_hw_stats; i++)
		data[MDRV_SW_COUNT + i] = READ_ONCE(mp->hw_stats[i]);
}

/* The register dump: every readable register that reading does not clear. */
static bool mdrv_reg_dumpable(const struct mdrv_reg_rule *r)
{
	return (r->flags & MDRV_RA_R) && !(r->flags & MDRV_RA_COR);
}

static int mdrv_get_regs_len(struct net_device *ndev)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	unsigned int i, n = 0;

	for (i = 0; i < mp->ops->n_reg_rules; i++)
		if (mdrv_reg_dumpable(&mp->ops->reg_rules[i]))
			n += mp->ops->reg_rules[i].count;
	return n * sizeof(u32);
}

static void mdrv_get_regs(struct net_device *ndev, struct ethtool_regs *regs,
			  void *p)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	unsigned int i, j, max = regs->len / sizeof(u32), n = 0;
	u32 *out = p;

	regs->version = mp->chip_id;
	for (i = 0; i < mp->ops->n_reg_rules; i++) {
		const struct mdrv_reg_rule *r = &mp->ops->reg_rules[i];

		if (!mdrv_reg_dumpable(r))
			continue;
		for (j = 0; j < r->count && n < max; j++, n++)
			if (mp->ops->reg_read(mp, r->space,
					      r->addr + j * r->stride, &out[n]))
				out[n] = 0;
	}
}

static int mdrv_get_eeprom_len(struct net_device *ndev)
{
	return ((struct mdrv_priv *)netdev_priv(ndev))->ops->eeprom_len;
}

static int mdrv_get_eeprom(struct net_device *ndev,
			   struct ethtool_eeprom *ee, u8 *data)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	u32 done = 0;
	int err;

	ee->magic = mp->pdev->vendor | (mp->pdev->device << 16);
	while (done < ee->len) {
		struct ethtool_eeprom req = {
			.cmd = ee->cmd,
			.offset = ee->offset + done,
			.len = min_t(u32, ee->len - done, MDRV_MBOX_PAYLOAD),
		};
		u16 got = 0;

		err = mdrv_upcall(mp, MDRV_UP_GET_EEPROM, &req, sizeof(req),
				  data + done, req.len, &got);
		if (err)
			return err;
		if (got != req.len)
			return -EIO;
		done += got;
	}
	return 0;
}

/* The request as ETHTOOL_SEEPROM carries it: the header, then the bytes. */
static int mdrv_set_eeprom(struct net_device *ndev,
			   struct ethtool_eeprom *ee, u8 *data)
{
	u8 req[MDRV_MBOX_PAYLOAD];

	if (ee->len > sizeof(req) - sizeof(*ee))
		return -EINVAL;
	memcpy(req, ee, sizeof(*ee));
	memcpy(req + sizeof(*ee), data, ee->len);
	return mdrv_forward(ndev, MDRV_UP_SET_EEPROM, req,
			    sizeof(*ee) + ee->len, NULL);
}

static void mdrv_self_test(struct net_device *ndev, struct ethtool_test *et,
			   u64 *data)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	struct mdrv_selftest res = {};
	unsigned int i;
	u16 len = 0;

	if (mdrv_upcall(mp, MDRV_UP_SELF_TEST, et, sizeof(*et), &res,
			sizeof(res), &len) || len != sizeof(res)) {
		et->flags |= ETH_TEST_FL_FAILED;
		for (i = 0; i < mp->ops->n_tests; i++)
			data[i] = 1;
		return;
	}
	for (i = 0; i < mp->ops->n_tests; i++)
		data[i] = i < res.count ? res.result[i] : 0;
	if (res.failed)
		et->flags |= ETH_TEST_FL_FAILED;
}

/* Unprivileged, RTNL held: as published, never waiting for the daemon. */
static int mdrv_get_coalesce(struct net_device *ndev,
			     struct ethtool_coalesce *ec,
			     struct kernel_ethtool_coalesce *kec,
			     struct netlink_ext_ack *extack)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	int err = 0;

	spin_lock_bh(&mp->state_lock);
	if (mp->coal_valid) {
		ec->rx_coalesce_usecs = mp->coal.rx_usecs;
		ec->tx_coalesce_usecs = mp->coal.tx_usecs;
	} else if (mp->published) {
		err = -EOPNOTSUPP;	/* the daemon has no coalescing here */
	} else {
		NL_SET_ERR_MSG(extack, "mdrv: mdrvd has not reported the coalescing settings");
		err = -ENOTCONN;
	}
	spin_unlock_bh(&mp->state_lock);
	return err;
}

static int mdrv_set_coalesce(struct net_device *ndev,
			     struct ethtool_coalesce *ec,
			     struct kernel_ethtool_coalesce *kec,
			     struct netlink_ext_ack *extack)
{
	return mdrv_forward(ndev, MDRV_UP_SET_COALESCE, ec, sizeof(*ec), extack);
}

static int mdrv_set_phys_id(struct net_device *ndev,
			    enum ethtool_phys_id_state state)
{
	int req = state;

	return mdrv_forward(ndev, MDRV_UP_IDENTIFY, &req, sizeof(req), NULL);
}

/* Answered from the kernel's copy: works without the user half. */
static void mdrv_get_wol(struct net_device *ndev, struct ethtool_wolinfo *wol)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	wol->supported = mp->ops->wol_supported;
	spin_lock_bh(&mp->state_lock);
	wol->wolopts = mp->wolopts;
	spin_unlock_bh(&mp->state_lock);
}

static int mdrv_set_wol(struct net_device *ndev, struct ethtool_wolinfo *wol)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	int err;

	if (wol->wolopts & ~mp->ops->wol_supported)
		return -EOPNOTSUPP;
	err = mdrv_forward(ndev, MDRV_UP_SET_WOL, wol, sizeof(*wol), NULL);
	if (err)
		return err;
	spin_lock_bh(&mp->state_lock);
	mp->wolopts = wol->wolopts;
	spin_unlock_bh(&mp->state_lock);
	/* as the stock e1000; a device that cannot wake refuses, ignored */
	device_set_wakeup_enable(&mp->pdev->dev, !!wol->wolopts);
	return 0;
}

/* Unprivileged: as published, never waiting for the daemon. */
static void mdrv_get_pauseparam(struct net_device *ndev,
				struct ethtool_pauseparam *pp)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	u8 pause;

	spin_lock_bh(&mp->state_lock);
	pause = mp->published ? mp->link.pause : 0;
	spin_unlock_bh(&mp->state_lock);
	pp->autoneg = !!(pause & MDRV_PAUSE_AUTONEG);
	pp->rx_pause = !!(pause & MDRV_PAUSE_RX);
	pp->tx_pause = !!(pause & MDRV_PAUSE_TX);
}

static int mdrv_set_pauseparam(struct net_device *ndev,
			       struct ethtool_pauseparam *pp)
{
	return mdrv_forward(ndev, MDRV_UP_SET_PAUSE, pp, sizeof(*pp), NULL);
}

/* What every chip offers; the e1000 table adds WoL and flow control. */
#define MDRV_ETHTOOL_OPS						\
	.supported_coalesce_params = ETHTOOL_COALESCE_RX_USECS |	\
				     ETHTOOL_COALESCE_TX_USECS,		\
	.get_drvinfo		= mdrv_get_drvinfo,			\
	.get_msglevel		= mdrv_get_msglevel,			\
	.set_msglevel		= mdrv_set_msglevel,			\
	.get_link		= ethtool_op_get_link,			\
	.get_link_ksettings	= mdrv_get_link_ksettings,		\
	.set_link_ksettings	= mdrv_set_link_ksettings,		\
	.nway_reset		= mdrv_nway_reset,			\
	.get_ringparam		= mdrv_get_ringparam,			\
	.set_ringparam		= mdrv_set_ringparam,			\
	.get_sset_count		= mdrv_get_sset_count,			\
	.get_strings		= mdrv_get_strings,			\
	.get_ethtool_stats	= mdrv_get_ethtool_stats,		\
	.get_regs_len		= mdrv_get_regs_len,			\
	.get_regs		= mdrv_get_regs,			\
	.get_eeprom_len		= mdrv_get_eeprom_len,			\
	.get_eeprom		= mdrv_get_eeprom,			\
	.set_eeprom		= mdrv_set_eeprom,			\
	.self_test		= mdrv_self_test,			\
	.get_coalesce		= mdrv_get_coalesce,			\
	.set_coalesce		= mdrv_set_coalesce,			\
	.set_phys_id		= mdrv_set_phys_id

const struct ethtool_ops mdrv_ethtool_ops = {
	MDRV_ETHTOOL_OPS,
};

const struct ethtool_ops mdrv_ethtool_wol_ops = {
	MDRV_ETHTOOL_OPS,
	.get_wol		= mdrv_get_wol,
	.set_wol		= mdrv_set_wol,
	.get_pauseparam		= mdrv_get_pauseparam,
	.set_pauseparam		= mdrv_set_pauseparam,
};
