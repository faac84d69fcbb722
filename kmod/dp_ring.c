// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor ring memory: one coherent DMA block of descriptors and one
 * array of software buffer records per direction. The layout of a descriptor
 * is the chip's business; this file only knows its size.
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#include "dp.h"

static int mdrv_ring_alloc(struct mdrv_priv *mp, struct mdrv_ring *r,
			   unsigned int count, size_t buf_size)
{
	struct device *dev = &mp->pdev->dev;
	size_t bytes = (size_t)count * mp->ops->desc_size;

	r->count = count;
	r->next_to_use = 0;
	r->next_to_clean = 0;
	r->desc = dma_alloc_coherent(dev, bytes, &r->desc_dma, GFP_KERNEL);
	if (!r->desc)
		return -ENOMEM;
	r->tx = kcalloc(count, buf_size, GFP_KERNEL);
	if (!r->tx) {
		dma_free_coherent(dev, bytes, r->desc, r->desc_dma);
		r->desc = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void mdrv_ring_release(struct mdrv_priv *mp, struct mdrv_ring *r)
{
	if (!r->desc)
		return;
	kfree(r->tx);
	r->tx = NULL;
	dma_free_coherent(&mp->pdev->dev, (size_t)r->count * mp->ops->desc_size,
			  r->desc, r->desc_dma);
	r->desc = NULL;
}

/* Process context; called from ndo_open with the interface down. */
int mdrv_rings_alloc(struct mdrv_priv *mp)
{
	int err;

	err = mdrv_ring_alloc(mp, &mp->tx_ring, mp->tx_ring_size,
			      sizeof(struct mdrv_tx_buf));
	if (err)
		return err;
	err = mdrv_ring_alloc(mp, &mp->rx_ring, mp->rx_ring_size,
			      sizeof(struct mdrv_rx_buf));
	if (err)
		goto err_free_tx;
	return 0;

err_free_tx:
	mdrv_ring_release(mp, &mp->tx_ring);
	return err;
}

/* Process context; the chip must no longer own any descriptor. */
void mdrv_rings_free(struct mdrv_priv *mp)
{
	mdrv_ring_release(mp, &mp->rx_ring);
	mdrv_ring_release(mp, &mp->tx_ring);
}
