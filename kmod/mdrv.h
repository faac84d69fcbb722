/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdrv: the kernel half of a split NIC driver.
 *
 * One hot path (rx.c, tx.c, napi.c) serves every supported chip. What differs
 * between chips — register access, descriptor layout, interrupt causes — is
 * behind struct mdrv_chip_ops, one table per chip (chip_e1000.c,
 * chip_pcnet.c).
 */
#ifndef MDRV_H
#define MDRV_H

#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>

#include "mdrv_ring.h"

#define MDRV_NAME "mdrv"

/* Normalised interrupt causes returned by mdrv_chip_ops.irq_ack() */
#define MDRV_IRQ_RX	BIT(0)	/* frames received or RX ring low */
#define MDRV_IRQ_TX	BIT(1)	/* transmit descriptors written back */
#define MDRV_IRQ_LINK	BIT(2)	/* link status changed */
#define MDRV_IRQ_ERR	BIT(3)	/* error cause (overrun, memory error, ...) */

/* Flags for mdrv_chip_ops.tx_desc() */
#define MDRV_TXD_SOP	BIT(0)	/* first descriptor of a frame */
#define MDRV_TXD_EOP	BIT(1)	/* last descriptor of a frame */

/* State of a descriptor, from mdrv_chip_ops.rx_status() / tx_done() */
enum mdrv_desc_state {
	MDRV_DESC_BUSY,		/* still owned by the chip */
	MDRV_DESC_OK,		/* completed (RX: a whole frame in one buffer) */
	MDRV_DESC_ERROR,	/* completed with an error */
};

/*
 * The chip configuration applied when the interface comes up. bringup.c is
 * the one place that decides its values.
 */
struct mdrv_hw_config {
	bool promisc;
	bool broadcast;
	u32 irq_rate;		/* interrupts per second at most, 0: no limit */
};

struct mdrv_priv;

/* Per-frame offload request prepared by the chip's tx_ctx() hook. */
struct mdrv_tx_offload {
	u32 data_cmd;		/* chip bits to OR into every data descriptor */
	u32 data_opts;		/* chip option bits for every data descriptor */
};

/**
 * struct mdrv_chip_ops - what differs between the supported chips
 *
 * All callbacks may be called from hard-irq or softirq context except where
 * noted; none of them sleeps.
 */
struct mdrv_chip_ops {
	const char *name;
	u16 ring_min, ring_max, ring_align;
	bool ring_pow2;		/* ring length must be a power of two */
	u16 desc_size;		/* bytes per descriptor */
	u64 dma_mask;
	unsigned int tx_max_len;	/* bytes one TX descriptor may carry */
	unsigned int rx_buf_len;	/* bytes the chip may write per buffer */
	netdev_features_t features;
	unsigned int max_mtu;

	/* process context: map the BARs, check the chip, read the MAC */
	int (*setup)(struct mdrv_priv *mp);
	/* process context: undo setup() */
	void (*teardown)(struct mdrv_priv *mp);
	/* process context: stop DMA and interrupts, leave the chip idle */
	void (*quiesce)(struct mdrv_priv *mp);
	/* process context: tell the chip where the rings are and start it */
	int (*start)(struct mdrv_priv *mp, const struct mdrv_hw_config *cfg);

	u32 (*irq_ack)(struct mdrv_priv *mp);
	void (*irq_enable)(struct mdrv_priv *mp);
	void (*irq_disable)(struct mdrv_priv *mp);
	bool (*link_up)(struct mdrv_priv *mp);

	/*
	 * optional: write a context descriptor at @idx if @skb needs one;
	 * returns the slots used (0 or 1) or a negative errno to drop @skb
	 */
	int (*tx_ctx)(struct mdrv_priv *mp, unsigned int idx,
		      struct sk_buff *skb, struct mdrv_tx_offload *off);
	void (*tx_desc)(struct mdrv_priv *mp, unsigned int idx, dma_addr_t dma,
			unsigned int len, unsigned int flags,
			const struct mdrv_tx_offload *off);
	enum mdrv_desc_state (*tx_done)(struct mdrv_priv *mp, unsigned int idx);
	void (*tx_kick)(struct mdrv_priv *mp, unsigned int tail);

	enum mdrv_desc_state (*rx_status)(struct mdrv_priv *mp,
					  unsigned int idx, unsigned int *len);
	void (*rx_give)(struct mdrv_priv *mp, unsigned int idx, dma_addr_t dma,
			unsigned int len);
	void (*rx_kick)(struct mdrv_priv *mp, unsigned int tail);
};

/* One TX slot. The first slot of a frame holds the skb and its last slot. */
struct mdrv_tx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	u32 len;
	u16 eop;		/* index of the frame's last slot (first slot) */
	u8 mapped_page;		/* dma_unmap_page() rather than _single() */
	u8 segs;		/* frames on the wire for this skb (first slot) */
	u32 bytes;		/* bytes on the wire for this skb (first slot) */
};

struct mdrv_rx_buf {
	void *data;		/* page fragment, headroom included */
	dma_addr_t dma;
};

struct mdrv_ring {
	void *desc;		/* descriptor array, coherent DMA */
	dma_addr_t desc_dma;
	unsigned int count;
	unsigned int next_to_use;	/* producer: next slot the CPU fills */
	unsigned int next_to_clean;	/* consumer: next slot to reclaim */
	union {
		struct mdrv_tx_buf *tx;
		struct mdrv_rx_buf *rx;
	};
};

struct mdrv_queue_stats {
	u64 packets;
	u64 bytes;
	u64 dropped;
	u64 errors;
	struct u64_stats_sync syncp;
};

struct mdrv_priv {
	struct net_device *netdev;
	struct pci_dev *pdev;
	const struct mdrv_chip_ops *ops;
	void __iomem *regs;

	/*
	 * hw_lock serialises indirect register access (PCnet's RAP/RDP pair)
	 * between the interrupt handler, NAPI and the transmit path. Chips
	 * with direct MMIO registers never take it.
	 */
	spinlock_t hw_lock;

	struct napi_struct napi;
	struct mdrv_ring tx_ring ____cacheline_aligned_in_smp;
	struct mdrv_ring rx_ring ____cacheline_aligned_in_smp;
	struct mdrv_queue_stats tx_stats;
	struct mdrv_queue_stats rx_stats;
	unsigned int rx_frag_size;	/* headroom + buffer + skb_shared_info */

	unsigned int tx_ring_size;	/* sizes used at the next open */
	unsigned int rx_ring_size;
	atomic_t irq_causes;		/* MDRV_IRQ_* not yet seen by NAPI */
	void *chip;			/* chip-private state */
};

/* ring.c */
int mdrv_rings_alloc(struct mdrv_priv *mp);
void mdrv_rings_free(struct mdrv_priv *mp);

static inline unsigned int mdrv_ring_next(const struct mdrv_ring *r,
					  unsigned int i)
{
	return mdrv_ring_next_idx(r->count, i);
}

/* Free slots between the producer @ntu and the consumer @ntc. */
static inline unsigned int mdrv_ring_unused(const struct mdrv_ring *r,
					    unsigned int ntu, unsigned int ntc)
{
	return mdrv_ring_free(r->count, ntu, ntc);
}

/* tx.c */
netdev_tx_t mdrv_start_xmit(struct sk_buff *skb, struct net_device *dev);
void mdrv_tx_clean(struct mdrv_priv *mp, int budget);
void mdrv_tx_purge(struct mdrv_priv *mp);

/* rx.c */
int mdrv_rx_clean(struct mdrv_priv *mp, int budget);
int mdrv_rx_fill(struct mdrv_priv *mp);
void mdrv_rx_purge(struct mdrv_priv *mp);

/* napi.c */
irqreturn_t mdrv_interrupt(int irq, void *data);
int mdrv_poll(struct napi_struct *napi, int budget);

/* netdev.c, ethtool.c */
extern const struct net_device_ops mdrv_netdev_ops;
extern const struct ethtool_ops mdrv_ethtool_ops;

/* bringup.c */
void mdrv_bringup_config(struct mdrv_priv *mp, struct mdrv_hw_config *cfg);
void mdrv_bringup_link(struct mdrv_priv *mp);

/* chip tables */
extern const struct mdrv_chip_ops mdrv_e1000_ops;
extern const struct mdrv_chip_ops mdrv_pcnet_ops;

#endif /* MDRV_H */
