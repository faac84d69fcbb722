/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdrv: the kernel half of a split NIC driver.
 *
 * One hot path (dp_rx.c, dp_tx.c, dp_napi.c) serves every supported chip. What differs
 * between chips — register access, descriptor layout, interrupt causes — is
 * behind struct mdrv_chip_ops, one table per chip (chip_e1000.c,
 * chip_pcnet.c).
 */
#ifndef MDRV_H
#define MDRV_H

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>
#include <linux/pci.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>

#include "chip.h"
#include "mdrv_genl.h"
#include "mdrv_mbox.h"
#include "mdrv_regs_allow.h"
#include "mdrv_ring.h"
#include "mdrv_stats.h"

#define MDRV_NAME "mdrv"

struct mdrv_mbox;
struct mdrv_hooks;

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
	unsigned int rx_buf_len;	/* bytes the chip may write per buffer */
	unsigned int tx_wake;		/* free slots to wake the queue at */

	unsigned int tx_ring_size;	/* sizes used at the next start */
	unsigned int rx_ring_size;
	atomic_t irq_causes;		/* MDRV_IRQ_* not yet seen by NAPI */
	atomic64_t tx_restarts, alloc_fails;
	void *chip;			/* chip-private state */
	enum mdrv_chip chip_id;
	u32 msg_enable;

	/*
	 * ctrl_lock serialises starting and stopping the data path (open,
	 * stop, ring reallocation, reset). Never held while an upcall waits
	 * for the daemon, so the daemon's downcalls can always take it.
	 */
	struct mutex ctrl_lock;
	bool dp_up;			/* data path running (ctrl_lock) */
	struct delayed_work watchdog;	/* runs while dp_up, dp_watchdog.c */
	struct {			/* the watchdog's own state */
		bool link;		/* link bit it saw last */
		unsigned int tx_ntc;	/* TX next_to_clean it saw last */
		unsigned int tx_stuck;	/* periods without TX progress */
		u16 narrow;		/* narrow_count() at the last harvest call */
	} wd;
	struct {			/* ctl_fault.c */
		struct work_struct work;
		spinlock_t lock;	/* closed vs queueing a daemon loss */
		bool closed;		/* mdrv_fault_fini() ran */
		/* BIT(enum mdrv_fault), daemon bits (ctl_fault.c): atomic */
		unsigned long pending;
		unsigned long next[MDRV_FAULT_MAX];	/* jiffies */
		u32 detail[MDRV_FAULT_MAX];
		atomic64_t count[MDRV_FAULT_MAX];
	} fault;
	u32 resets;			/* data path restarts (ctrl_lock) */
	struct mdrv_devlink *health;	/* ctl_devlink.c */

	int id;				/* N of /dev/mdrvN */
	struct list_head node;		/* mdrv_devs (mdrv_devs_lock) */
	u32 owner_portid;		/* attached daemon (mdrv_devs_lock) */
	/* its process: the only one that may open the mailbox (same lock) */
	struct pid *owner_pid;
	/*
	 * A daemon taking over (ATTACH with REPLACE) and its process: it
	 * becomes the owner when it opens the mailbox (same lock)
	 */
	u32 next_portid;
	struct pid *next_pid;
	struct mdrv_mbox *mbox;
	const struct mdrv_hooks *hooks;	/* main.c: the calls up (hooks.h) */

	spinlock_t state_lock;		/* protects the cached state below */
	/*
	 * What read-only queries are answered from, never waiting for the
	 * daemon: its link settings and coalescing as it last published them
	 * (MDRV_CMD_STATE_SET), checked there.
	 */
	bool published;			/* link holds what the daemon published */
	bool coal_valid;		/* and the chip has coalescing: coal */
	struct mdrv_link link;
	struct mdrv_coalesce coal;
	unsigned long stats_asked;	/* jiffies of the last refresh asked */
	/* an rx mode event waits for the daemon's RXMODE_GET: no other */
	atomic_t rx_mode_asked;
	char ifname[IFNAMSIZ];		/* ndev->name, copied on renames */
	u32 wolopts;			/* WAKE_* the user half programmed */
	/*
	 * What the stack asked for, for the user half to pull (RXMODE_GET)
	 * and apply: MDRV_VLAN_F_* and the VLAN IDs added. Written under
	 * RTNL (ndo_set_features, ndo_vlan_rx_add/kill_vid) and state_lock.
	 */
	u32 vlan_flags;
	unsigned long active_vlans[BITS_TO_LONGS(VLAN_N_VID)];
	u64 *hw_stats;			/* last good copy of the stats page */
	u64 hw_stats_ns;		/* its updated_ns */
};

extern struct mutex mdrv_devs_lock;
extern struct list_head mdrv_devs;

/*
 * Process context: the station address and the name, never torn by a
 * concurrent change (ndo_set_mac_address and renames write them under
 * state_lock too).
 */
static inline void mdrv_mac_get(struct mdrv_priv *mp, u8 *addr)
{
	spin_lock_bh(&mp->state_lock);
	ether_addr_copy(addr, mp->netdev->dev_addr);
	spin_unlock_bh(&mp->state_lock);
}

static inline void mdrv_ifname_get(struct mdrv_priv *mp, char *name)
{
	spin_lock_bh(&mp->state_lock);
	memcpy(name, mp->ifname, IFNAMSIZ);
	spin_unlock_bh(&mp->state_lock);
}

/* MDRV_VLAN_F_* for @features */
static inline u32 mdrv_vlan_flags(netdev_features_t features)
{
	return (features & NETIF_F_HW_VLAN_CTAG_RX ? MDRV_VLAN_F_STRIP : 0) |
	       (features & NETIF_F_HW_VLAN_CTAG_FILTER ? MDRV_VLAN_F_FILTER : 0);
}

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

#endif /* MDRV_H */
