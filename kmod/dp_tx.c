// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit path shared by every chip.
 *
 * Concurrency: mdrv_start_xmit() runs under the TX queue lock and is the only
 * writer of next_to_use; mdrv_tx_clean() runs in NAPI and is the only writer
 * of next_to_clean. Each publishes its index with a release store after the
 * slots it covers are written, and reads the other's with an acquire load.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <net/tcp.h>

#include "dp.h"

/*
 * The queue wakes when two worst-case frames fit (a context slot, the head
 * and every fragment), or half the ring, whichever is less: a 16-slot PCnet
 * ring must still wake. A frame needing more slots than that is linearized.
 */
#define MDRV_TX_WAKE_MAX	(2 * (MAX_SKB_FRAGS + 4))

void mdrv_tx_set_wake(struct mdrv_priv *mp)
{
	mp->tx_wake = min_t(unsigned int, MDRV_TX_WAKE_MAX,
			    mp->tx_ring_size / 2);
}

static unsigned int mdrv_tx_unused(const struct mdrv_ring *r,
				   unsigned int ntu)
{
	/* pairs with the release of next_to_clean in mdrv_tx_clean() */
	unsigned int ntc = smp_load_acquire(&r->next_to_clean);

	return mdrv_ring_unused(r, ntu, ntc);
}

static unsigned int mdrv_tx_slots(const struct mdrv_priv *mp,
				  const struct sk_buff *skb)
{
	unsigned int max = mp->ops->tx_max_len;
	unsigned int n = DIV_ROUND_UP(skb_headlen(skb), max) + 1;
	unsigned int f;

	for (f = 0; f < skb_shinfo(skb)->nr_frags; f++)
		n += DIV_ROUND_UP(skb_frag_size(&skb_shinfo(skb)->frags[f]), max);
	return n;
}

/*
 * The first data descriptor of a frame is written after all the others (the
 * chip may start on it as soon as it is), so it is only recorded here while
 * the rest are written.
 */
struct mdrv_tx_frame {
	unsigned int sop, eop;	/* first and last data slot */
	unsigned int sop_len, sop_flags;
	dma_addr_t sop_dma;
	struct mdrv_tx_offload off;
};

/*
 * Describe one DMA-mapped buffer starting at slot @i, split into pieces the
 * chip accepts. The mapping is recorded in the first slot it occupies; the
 * slots of the other pieces keep len 0 so they are never unmapped.
 */
static unsigned int mdrv_tx_map(struct mdrv_priv *mp, unsigned int i,
				dma_addr_t dma, unsigned int len, bool page,
				bool last, struct mdrv_tx_frame *fr)
{
	struct mdrv_ring *r = &mp->tx_ring;

	r->tx[i].dma = dma;
	r->tx[i].len = len;
	r->tx[i].mapped_page = page;
	while (len) {
		unsigned int piece = min(len, mp->ops->tx_max_len);
		unsigned int flags;

		len -= piece;
		flags = last && !len ? MDRV_TXD_EOP : 0;
		if (fr->sop == UINT_MAX) {
			fr->sop = i;
			fr->sop_dma = dma;
			fr->sop_len = piece;
			fr->sop_flags = flags | MDRV_TXD_SOP;
		} else {
			mp->ops->tx_desc(mp, i, dma, piece, flags, &fr->off);
		}
		fr->eop = i;
		dma += piece;
		i = mdrv_ring_next(r, i);
	}
	return i;
}

static void mdrv_tx_unmap(struct mdrv_priv *mp, struct mdrv_tx_buf *buf)
{
	struct device *dev = &mp->pdev->dev;

	if (!buf->len)
		return;
	if (buf->mapped_page)
		dma_unmap_page(dev, buf->dma, buf->len, DMA_TO_DEVICE);
	else
		dma_unmap_single(dev, buf->dma, buf->len, DMA_TO_DEVICE);
	buf->len = 0;
}

static void mdrv_tx_count_drop(struct mdrv_priv *mp)
{
	u64_stats_update_begin(&mp->tx_stats.syncp);
	mp->tx_stats.dropped++;
	u64_stats_update_end(&mp->tx_stats.syncp);
}

netdev_tx_t mdrv_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct mdrv_priv *mp = netdev_priv(ndev);
	struct mdrv_ring *r = &mp->tx_ring;
	struct device *dev = &mp->pdev->dev;
	struct mdrv_tx_frame fr = { .sop = UINT_MAX };
	unsigned int first = r->next_to_use, i = first;
	unsigned int f, nfrags, segs, bytes;
	dma_addr_t dma;
	int ctx = 0;
	bool kick;

	if (skb_put_padto(skb, ETH_ZLEN)) {
		mdrv_tx_count_drop(mp);
		return NETDEV_TX_OK;
	}
	if (unlikely(mdrv_tx_slots(mp, skb) > mp->tx_wake) &&
	    (skb_linearize(skb) || mdrv_tx_slots(mp, skb) > mp->tx_wake)) {
		dev_kfree_skb_any(skb);
		mdrv_tx_count_drop(mp);
		return NETDEV_TX_OK;
	}
	if (unlikely(mdrv_tx_unused(r, first) < mdrv_tx_slots(mp, skb))) {
		/* cannot happen while the stop threshold below holds */
		netif_stop_queue(ndev);
		return NETDEV_TX_BUSY;
	}

	if (mp->ops->tx_ctx)
		ctx = mp->ops->tx_ctx(mp, i, skb, &fr.off);
	if (ctx < 0)
		goto err_drop;
	if (ctx)
		i = mdrv_ring_next(r, i);
	nfrags = skb_shinfo(skb)->nr_frags;

	if (skb_headlen(skb)) {
		dma = dma_map_single(dev, skb->data, skb_headlen(skb),
				     DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma))
			goto err_drop;
		i = mdrv_tx_map(mp, i, dma, skb_headlen(skb), false, !nfrags,
				&fr);
	}
	for (f = 0; f < nfrags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];

		dma = skb_frag_dma_map(dev, frag, 0, skb_frag_size(frag),
				       DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma))
			goto err_unmap;
		i = mdrv_tx_map(mp, i, dma, skb_frag_size(frag), true,
				f == nfrags - 1, &fr);
	}

	segs = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	bytes = skb->len;
	if (segs > 1)
		bytes += (segs - 1) * skb_tcp_all_headers(skb);
	r->tx[first].skb = skb;
	r->tx[first].eop = fr.eop;
	r->tx[first].segs = min(segs, 255u);
	r->tx[first].bytes = bytes;
	/*
	 * BQL learns of the bytes before the frame can complete: the PCnet
	 * may send it as soon as the first descriptor is written, and NAPI
	 * may reclaim it as soon as next_to_use is published.
	 */
	kick = __netdev_sent_queue(ndev, bytes, netdev_xmit_more());

	/* every other descriptor of the frame is visible before the first */
	dma_wmb();
	mp->ops->tx_desc(mp, fr.sop, fr.sop_dma, fr.sop_len, fr.sop_flags,
			 &fr.off);
	skb_tx_timestamp(skb);
	/* publish the slots; pairs with the acquire in mdrv_tx_clean() */
	smp_store_release(&r->next_to_use, i);

	if (unlikely(mdrv_tx_unused(r, i) < mp->tx_wake)) {
		/* no further frame of this burst will ring the doorbell */
		kick = true;
		netif_stop_queue(ndev);
		/* pairs with the barrier in mdrv_tx_clean() before the wake */
		smp_mb();
		if (mdrv_tx_unused(r, i) >= mp->tx_wake) {
			netif_start_queue(ndev);
			atomic64_inc(&mp->tx_restarts);
		}
	}
	if (kick)
		mp->ops->tx_kick(mp, i);
	return NETDEV_TX_OK;

err_unmap:
	/* nothing was handed to the chip: undo the mappings made so far */
	for (; first != i; first = mdrv_ring_next(r, first))
		mdrv_tx_unmap(mp, &r->tx[first]);
err_drop:
	dev_kfree_skb_any(skb);
	mdrv_tx_count_drop(mp);
	return NETDEV_TX_OK;
}

/* NAPI context: reclaim completed frames; returns how many. */
unsigned int mdrv_tx_clean(struct mdrv_priv *mp, int budget)
{
	struct mdrv_ring *r = &mp->tx_ring;
	struct net_device *ndev = mp->netdev;
	unsigned int i = r->next_to_clean;
	/* pairs with the release of next_to_use in mdrv_start_xmit() */
	unsigned int ntu = smp_load_acquire(&r->next_to_use);
	unsigned int pkts = 0, bytes = 0, frames = 0, errors = 0;

	while (i != ntu) {
		struct mdrv_tx_buf *buf = &r->tx[i];
		struct sk_buff *skb = buf->skb;
		unsigned int eop = buf->eop;
		enum mdrv_desc_state st;

		st = mp->ops->tx_done(mp, eop);
		if (st == MDRV_DESC_BUSY)
			break;
		if (st == MDRV_DESC_ERROR)
			errors++;
		else
			frames += buf->segs;
		pkts++;
		bytes += buf->bytes;
		buf->skb = NULL;
		for (;;) {
			mdrv_tx_unmap(mp, &r->tx[i]);
			if (i == eop)
				break;
			i = mdrv_ring_next(r, i);
		}
		i = mdrv_ring_next(r, i);
		napi_consume_skb(skb, budget);
	}
	if (!pkts)
		return 0;

	/* slots are free for mdrv_start_xmit() once this is seen */
	smp_store_release(&r->next_to_clean, i);
	netdev_completed_queue(ndev, pkts, bytes);

	u64_stats_update_begin(&mp->tx_stats.syncp);
	mp->tx_stats.packets += frames;
	mp->tx_stats.bytes += bytes;
	mp->tx_stats.errors += errors;
	u64_stats_update_end(&mp->tx_stats.syncp);

	/* pairs with the barrier in mdrv_start_xmit() after the stop */
	smp_mb();
	/* a wake is a restart for ethtool -S, as the stock e1000 counts */
	if (netif_queue_stopped(ndev) &&
	    mdrv_tx_unused(r, READ_ONCE(r->next_to_use)) >= mp->tx_wake) {
		netif_wake_queue(ndev);
		atomic64_inc(&mp->tx_restarts);
	}
	return pkts;
}

/* Process context, chip stopped: drop every frame still on the ring. */
void mdrv_tx_purge(struct mdrv_priv *mp)
{
	struct mdrv_ring *r = &mp->tx_ring;
	unsigned int i;

	if (!r->tx)
		return;
	for (i = 0; i < r->count; i++) {
		mdrv_tx_unmap(mp, &r->tx[i]);
		if (r->tx[i].skb) {
			dev_kfree_skb_any(r->tx[i].skb);
			r->tx[i].skb = NULL;
		}
	}
	r->next_to_use = 0;
	r->next_to_clean = 0;
	netdev_reset_queue(mp->netdev);
}
