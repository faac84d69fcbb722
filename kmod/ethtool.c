// SPDX-License-Identifier: GPL-2.0
/* ethtool entry points the kernel half answers by itself. */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "mdrv.h"

static void mdrv_get_drvinfo(struct net_device *ndev,
			     struct ethtool_drvinfo *info)
{
	struct mdrv_priv *mp = netdev_priv(ndev);

	strscpy(info->driver, MDRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, pci_name(mp->pdev), sizeof(info->bus_info));
}

const struct ethtool_ops mdrv_ethtool_ops = {
	.get_drvinfo	= mdrv_get_drvinfo,
	.get_link	= ethtool_op_get_link,
};
