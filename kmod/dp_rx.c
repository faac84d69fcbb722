// SPDX-License-Identifier: GPL-2.0
/*
 * Receive path shared by every chip: buffers are page fragments the chip
 * writes into and that become the skb's head with build_skb(), so a frame is
 * not copied, except a small one (MDRV_RX_COPYBREAK). A descriptor that
 * completes with an error keeps its buffer, which goes back to the chip.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/skbuff.h>

#include "dp.h"

#define MDRV_RX_HEADROOM	(NET_SKB_PAD + NET_IP_ALIGN)
/*
 * Frames up to this size are copied into a small skb and their buffer goes
 * straight back to the chip: no allocation or mapping per frame, and a
 * truesize that does not fill a socket's receive buffer 10x too fast.
 */
#define MDRV_RX_COPYBREAK	256

static int mdrv_rx_buf_alloc(struct mdrv_priv *mp, struct mdrv_rx_buf *buf,
			     bool in_napi)
{
	struct device *dev = &mp->pdev->dev;
	void *data;

	data = in_napi ? napi_alloc_frag(mp->rx_frag_size) :
			 netdev_alloc_frag(mp->rx_frag_size);
	if (!data)
		return -ENOMEM;
	buf->dma = dma_map_single(dev, data + MDRV_RX_HEADROOM,
				  mp->rx_buf_len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, buf->dma)) {
		skb_free_frag(data);
		return -ENOMEM;
	}
	buf->data = data;
	return 0;
}

static int __mdrv_rx_fill(struct mdrv_priv *mp, bool in_napi)
{
	struct mdrv_ring *r = &mp->rx_ring;
	unsigned int i = r->next_to_use;
	unsigned int n = mdrv_ring_unused(r, i, r->next_to_clean);
	int filled = 0;

	while (n--) {
		struct mdrv_rx_buf *buf = &r->rx[i];

		/* a slot whose frame was dropped still holds its buffer */
		if (!buf->data && mdrv_rx_buf_alloc(mp, buf, in_napi)) {
			atomic64_inc(&mp->alloc_fails);
			break;
		}
		mp->ops->rx_give(mp, i, buf->dma, mp->rx_buf_len);
		i = mdrv_ring_next(r, i);
		filled++;
	}
	if (filled) {
		r->next_to_use = i;
		mp->ops->rx_kick(mp, i);
	}
	return filled;
}

/* Process context (ndo_open), before the chip is started. */
int mdrv_rx_fill(struct mdrv_priv *mp)
{
	mp->rx_frag_size = SKB_DATA_ALIGN(MDRV_RX_HEADROOM + mp->rx_buf_len) +
			   SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	return __mdrv_rx_fill(mp, false);
}

/* NAPI context: hand completed frames to the stack, then refill. */
int mdrv_rx_clean(struct mdrv_priv *mp, int budget)
{
	struct mdrv_ring *r = &mp->rx_ring;
	struct net_device *ndev = mp->netdev;
	struct device *dev = &mp->pdev->dev;
	unsigned int i = r->next_to_clean;
	u64 packets = 0, bytes = 0, errors = 0, dropped = 0;
	int done = 0;

	while (done < budget && i != r->next_to_use) {
		struct mdrv_rx_buf *buf = &r->rx[i];
		struct mdrv_rx_info ri;
		enum mdrv_desc_state st;
		struct sk_buff *skb;
		unsigned int len;

		st = mp->ops->rx_status(mp, i, &ri);
		if (st == MDRV_DESC_BUSY)
			break;
		/* descriptor fields are read only after ownership is ours */
		dma_rmb();
		done++;
		i = mdrv_ring_next(r, i);
		if (st != MDRV_DESC_OK || ri.len < ETH_HLEN ||
		    ri.len > mp->rx_buf_len) {
			errors++;
			continue;
		}
		len = ri.len;
		if (len <= MDRV_RX_COPYBREAK) {
			skb = napi_alloc_skb(&mp->napi, len);
			if (likely(skb)) {
				/* the buffer stays in its slot, mapped */
				dma_sync_single_for_cpu(dev, buf->dma, len,
							DMA_FROM_DEVICE);
				skb_put_data(skb, buf->data + MDRV_RX_HEADROOM,
					     len);
				dma_sync_single_for_device(dev, buf->dma, len,
							   DMA_FROM_DEVICE);
				goto deliver;
			}
		}
		dma_unmap_single(dev, buf->dma, mp->rx_buf_len,
				 DMA_FROM_DEVICE);
		skb = napi_build_skb(buf->data, mp->rx_frag_size);
		if (unlikely(!skb)) {
			skb_free_frag(buf->data);
			buf->data = NULL;
			dropped++;
			continue;
		}
		buf->data = NULL;
		skb_reserve(skb, MDRV_RX_HEADROOM);
		skb_put(skb, len);
deliver:
		/* a tag the chip stripped (whatever the features say now) */
		if (ri.vlan)
			__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
					       ri.vlan_tci);
		skb->protocol = eth_type_trans(skb, ndev);
		bytes += skb->len + ETH_HLEN;
		packets++;
		napi_gro_receive(&mp->napi, skb);
	}
	r->next_to_clean = i;
	__mdrv_rx_fill(mp, true);

	u64_stats_update_begin(&mp->rx_stats.syncp);
	mp->rx_stats.packets += packets;
	mp->rx_stats.bytes += bytes;
	mp->rx_stats.errors += errors;
	mp->rx_stats.dropped += dropped;
	u64_stats_update_end(&mp->rx_stats.syncp);
	return done;
}

/* Process context, chip stopped: release every buffer the ring holds. */
void mdrv_rx_purge(struct mdrv_priv *mp)
{
	struct mdrv_ring *r = &mp->rx_ring;
	unsigned int i;

	if (!r->rx)
		return;
	for (i = 0; i < r->count; i++) {
		struct mdrv_rx_buf *buf = &r->rx[i];

		if (!buf->data)
			continue;
		dma_unmap_single(&mp->pdev->dev, buf->dma, mp->rx_buf_len,
				 DMA_FROM_DEVICE);
		skb_free_frag(buf->data);
		buf->data = NULL;
	}
}
