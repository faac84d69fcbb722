// SPDX-License-Identifier: GPL-2.0
/*
 * mdrv module: PCI driver registration, probe and remove, and the wiring
 * of the layers (top to bottom):
 *   main.c    probe, remove, the hooks table
 *   ctl_*.c   control plane: netdev, ethtool, devlink health, faults, stats
 *   ch_*.c    channels to the user half: generic netlink, the mailbox
 *   dp_*.c    data path: rings, TX, RX, interrupt and NAPI, start/stop,
 *             watchdog
 *   chip_*.c  one table of chip operations per chip
 * Each layer calls only the ones below it; the data path and the channels
 * report up through the hooks below (hooks.h) and nothing else.
 *
 * Bind or unbind a device at run time through sysfs, e.g. to swap mdrv and
 * the stock e1000 on the same boot:
 *   echo 0000:00:03.0 > /sys/bus/pci/drivers/e1000/unbind
 *   echo 0000:00:03.0 > /sys/bus/pci/drivers/mdrv/bind
 */
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "ch.h"
#include "ctl.h"
#include "dp.h"
#include "hooks.h"

/* Every bound device, for the netlink family (ch_genl.c). */
DEFINE_MUTEX(mdrv_devs_lock);
LIST_HEAD(mdrv_devs);
static DEFINE_IDA(mdrv_ida);

static const struct pci_device_id mdrv_pci_ids[] = {
	{ PCI_VDEVICE(INTEL, 0x100e), MDRV_CHIP_82540EM },
	{ PCI_VDEVICE(INTEL, 0x100f), MDRV_CHIP_82545EM },
	{ PCI_VDEVICE(AMD, 0x2000), MDRV_CHIP_79C970A },
	{ }
};
MODULE_DEVICE_TABLE(pci, mdrv_pci_ids);

/* The chip operations per enum mdrv_chip (the id table's driver_data). */
static const struct mdrv_chip_ops *const mdrv_chips[] = {
	[MDRV_CHIP_82540EM] = &mdrv_e1000_ops,
	[MDRV_CHIP_82545EM] = &mdrv_e1000_ops,
	[MDRV_CHIP_79C970A] = &mdrv_pcnet_ops,
};

#define MDRV_DEFAULT_RING	256

static const struct mdrv_hooks mdrv_hooks = {
	.link = mdrv_link_event,
	.fault = mdrv_fault,
	.moved = mdrv_mbox_activity,
	.harvest = mdrv_stats_harvest,
	.daemon = mdrv_fault_daemon,
};

static int mdrv_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	/* a sysfs new_id must carry one of the table's driver_data too */
	const struct mdrv_chip_ops *ops = mdrv_chips[id->driver_data];
	struct net_device *ndev;
	struct mdrv_priv *mp;
	int err;

	/* managed: disabled, released and unmapped after remove (devres) */
	err = pcim_enable_device(pdev);
	if (err)
		return err;
	err = dma_set_mask_and_coherent(&pdev->dev, ops->dma_mask);
	if (err)
		return err;
	/* every BAR ours, BAR0 mapped (registers or I/O ports) */
	err = pcim_iomap_regions_request_all(pdev, BIT(0), MDRV_NAME);
	if (err)
		return err;
	pci_set_master(pdev);

	ndev = alloc_etherdev(sizeof(*mp));
	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, &pdev->dev);
	pci_set_drvdata(pdev, ndev);
	mp = netdev_priv(ndev);
	mp->netdev = ndev;
	mp->pdev = pdev;
	mp->regs = pcim_iomap_table(pdev)[0];
	mp->ops = ops;
	mp->hooks = &mdrv_hooks;
	mp->chip_id = id->driver_data;
	mp->msg_enable = netif_msg_init(-1, NETIF_MSG_DRV | NETIF_MSG_PROBE |
					NETIF_MSG_LINK);
	spin_lock_init(&mp->hw_lock);
	spin_lock_init(&mp->state_lock);
	mutex_init(&mp->ctrl_lock);
	mdrv_watchdog_init(mp);
	mdrv_fault_init(mp);
	INIT_LIST_HEAD(&mp->node);
	u64_stats_init(&mp->tx_stats.syncp);
	u64_stats_init(&mp->rx_stats.syncp);
	mp->tx_ring_size = clamp_t(unsigned int, MDRV_DEFAULT_RING,
				   ops->ring_min, ops->ring_max);
	mp->rx_ring_size = mp->tx_ring_size;
	mp->rx_buf_len = ops->rx_buf_len;

	mp->id = ida_alloc_max(&mdrv_ida, 63, GFP_KERNEL);
	if (mp->id < 0) {
		err = mp->id;
		goto err_free_netdev;
	}
	err = mdrv_stats_init(mp);
	if (err)
		goto err_ida;
	err = ops->setup(mp);
	if (err)
		goto err_ida;
	mdrv_bringup_defaults(mp);
	err = mdrv_mbox_create(mp);
	if (err)
		goto err_ida;
	err = mdrv_devlink_init(mp);
	if (err)
		goto err_mbox;

	ndev->netdev_ops = &mdrv_netdev_ops;
	/* a chip without WoL or pause shows none, as its stock driver */
	ndev->ethtool_ops = ops->wol_supported ? &mdrv_ethtool_wol_ops :
						 &mdrv_ethtool_ops;
	ndev->watchdog_timeo = 5 * HZ;
	/*
	 * As the stock e1000: tag insertion follows stripping (fix_features)
	 * and the VLAN filter is always on (off in promiscuous mode only)
	 */
	ndev->hw_features = ops->features & ~(NETIF_F_HW_VLAN_CTAG_TX |
					      NETIF_F_HW_VLAN_CTAG_FILTER);
	ndev->features = ops->features;
	/* what VLAN devices on top may use: the offloads, not the tagging */
	ndev->vlan_features = ops->features & (NETIF_F_SG | NETIF_F_HW_CSUM |
					       NETIF_F_TSO);
	mp->vlan_flags = mdrv_vlan_flags(ndev->features);
	ndev->priv_flags |= ops->priv_flags;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = ops->max_mtu;
	netif_napi_add(ndev, &mp->napi, mdrv_poll);

	err = register_netdev(ndev);
	if (err)
		goto err_napi_del;
	netif_carrier_off(ndev);
	/* as the stock e1000: wake-up follows the WoL setting, off at first */
	if (ops->wol_supported)
		device_set_wakeup_enable(&pdev->dev, false);
	mutex_lock(&mdrv_devs_lock);
	list_add_tail(&mp->node, &mdrv_devs);
	mutex_unlock(&mdrv_devs_lock);
	netif_info(mp, probe, ndev, "%s at %s, %pM, mailbox /dev/mdrv%d\n", ops->name,
		   pci_name(pdev), ndev->dev_addr, mp->id);
	mdrv_genl_event(mp, MDRV_EV_DEV_NEW, GFP_KERNEL);
	return 0;

err_napi_del:
	netif_napi_del(&mp->napi);
	mdrv_fault_fini(mp);
	mdrv_devlink_fini(mp);
err_mbox:
	mdrv_mbox_destroy(mp);
err_ida:
	ida_free(&mdrv_ida, mp->id);
err_free_netdev:
	free_netdev(ndev);
	return err;
}

static void mdrv_remove(struct pci_dev *pdev)
{
	struct net_device *ndev = pci_get_drvdata(pdev);
	struct mdrv_priv *mp = netdev_priv(ndev);

	/* netlink can no longer find it; its daemon is told it is gone */
	mdrv_genl_event(mp, MDRV_EV_DEV_DEL, GFP_KERNEL);
	mutex_lock(&mdrv_devs_lock);
	list_del_init(&mp->node);
	mutex_unlock(&mdrv_devs_lock);
	unregister_netdev(ndev);
	mdrv_fault_fini(mp);
	mdrv_devlink_fini(mp);
	netif_napi_del(&mp->napi);
	mp->ops->quiesce(mp);
	mdrv_detach(mp);
	mdrv_mbox_destroy(mp);
	ida_free(&mdrv_ida, mp->id);
	free_netdev(ndev);
}

static struct pci_driver mdrv_pci_driver = {
	.name		= MDRV_NAME,
	.id_table	= mdrv_pci_ids,
	.probe		= mdrv_probe,
	.remove		= mdrv_remove,
};

static int __init mdrv_init(void)
{
	int err;

	err = mdrv_netdev_notifier_init();
	if (err)
		return err;
	err = mdrv_genl_init();
	if (err)
		goto err_notifier;
	err = pci_register_driver(&mdrv_pci_driver);
	if (err)
		goto err_genl;
	return 0;

err_genl:
	mdrv_genl_exit();
err_notifier:
	mdrv_netdev_notifier_exit();
	return err;
}
module_init(mdrv_init);

static void __exit mdrv_exit(void)
{
	pci_unregister_driver(&mdrv_pci_driver);
	mdrv_genl_exit();
	mdrv_netdev_notifier_exit();
}
module_exit(mdrv_exit);

MODULE_DESCRIPTION("mdrv: kernel half of a split e1000/PCnet32 driver");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1");	/* dkms.conf PACKAGE_VERSION */
