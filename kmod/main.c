// SPDX-License-Identifier: GPL-2.0
/*
 * mdrv module: PCI driver registration, probe and remove.
 *
 * Bind or unbind a device at run time through sysfs, e.g. to swap mdrv and
 * the stock e1000 on the same boot:
 *   echo 0000:00:03.0 > /sys/bus/pci/drivers/e1000/unbind
 *   echo 0000:00:03.0 > /sys/bus/pci/drivers/mdrv/bind
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "mdrv.h"

static const struct pci_device_id mdrv_pci_ids[] = {
	{ PCI_VDEVICE(INTEL, 0x100e), (kernel_ulong_t)&mdrv_e1000_ops },
	{ PCI_VDEVICE(INTEL, 0x100f), (kernel_ulong_t)&mdrv_e1000_ops },
	{ PCI_VDEVICE(AMD, 0x2000), (kernel_ulong_t)&mdrv_pcnet_ops },
	{ }
};
MODULE_DEVICE_TABLE(pci, mdrv_pci_ids);

#define MDRV_DEFAULT_RING	256

static int mdrv_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	const struct mdrv_chip_ops *ops = (const void *)id->driver_data;
	struct net_device *ndev;
	struct mdrv_priv *mp;
	int err;

	err = pci_enable_device(pdev);
	if (err)
		return err;
	err = dma_set_mask_and_coherent(&pdev->dev, ops->dma_mask);
	if (err)
		goto err_disable;
	err = pci_request_regions(pdev, MDRV_NAME);
	if (err)
		goto err_disable;
	pci_set_master(pdev);

	ndev = alloc_etherdev(sizeof(*mp));
	if (!ndev) {
		err = -ENOMEM;
		goto err_release;
	}
	SET_NETDEV_DEV(ndev, &pdev->dev);
	pci_set_drvdata(pdev, ndev);
	mp = netdev_priv(ndev);
	mp->netdev = ndev;
	mp->pdev = pdev;
	mp->ops = ops;
	spin_lock_init(&mp->hw_lock);
	u64_stats_init(&mp->tx_stats.syncp);
	u64_stats_init(&mp->rx_stats.syncp);
	mp->tx_ring_size = clamp_t(unsigned int, MDRV_DEFAULT_RING,
				   ops->ring_min, ops->ring_max);
	mp->rx_ring_size = mp->tx_ring_size;

	err = ops->setup(mp);
	if (err)
		goto err_free_netdev;

	ndev->netdev_ops = &mdrv_netdev_ops;
	ndev->ethtool_ops = &mdrv_ethtool_ops;
	ndev->watchdog_timeo = 5 * HZ;
	ndev->hw_features = ops->features;
	ndev->features = ops->features;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = ops->max_mtu;
	netif_napi_add(ndev, &mp->napi, mdrv_poll);

	err = register_netdev(ndev);
	if (err)
		goto err_napi_del;
	netif_carrier_off(ndev);
	netdev_info(ndev, "%s at %s, %pM\n", ops->name, pci_name(pdev),
		    ndev->dev_addr);
	return 0;

err_napi_del:
	netif_napi_del(&mp->napi);
	ops->teardown(mp);
err_free_netdev:
	free_netdev(ndev);
err_release:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
	return err;
}

static void mdrv_remove(struct pci_dev *pdev)
{
	struct net_device *ndev = pci_get_drvdata(pdev);
	struct mdrv_priv *mp = netdev_priv(ndev);

	unregister_netdev(ndev);
	netif_napi_del(&mp->napi);
	mp->ops->quiesce(mp);
	mp->ops->teardown(mp);
	free_netdev(ndev);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
}

static struct pci_driver mdrv_pci_driver = {
	.name		= MDRV_NAME,
	.id_table	= mdrv_pci_ids,
	.probe		= mdrv_probe,
	.remove		= mdrv_remove,
};
module_pci_driver(mdrv_pci_driver);

MODULE_DESCRIPTION("mdrv: kernel half of a split e1000/PCnet32 driver");
MODULE_LICENSE("GPL");
