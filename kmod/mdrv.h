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

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>
#include <linux/pci.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>

#include "mdrv_genl.h"
#include "mdrv_mbox.h"
#include "mdrv_regs_allow.h"
#include "mdrv_ring.h"
#include "mdrv_stats.h"

#define MDRV_NAME "mdrv"

/* Normalised interrupt causes returned by mdrv_chip_ops.irq_ack() */
#define MDRV_IRQ_RX	BIT(0)	/* frames received or RX ring low */
#define MDRV_IRQ_TX	BIT(1)	/* transmit descriptors written back */
#define MDRV_IRQ_LINK	BIT(2)	/* link status changed */
#define MDRV_IRQ_ERR	BIT(3)	/* error cause (overrun, memory error, ...) */
#define MDRV_IRQ_FATAL	BIT(4)	/* the chip cannot go on (DMA memory error) */

/* engines_off() bits */
#define MDRV_ENGINE_TX	BIT(0)
#define MDRV_ENGINE_RX	BIT(1)

/* Flags for mdrv_chip_ops.tx_desc() */
#define MDRV_TXD_SOP	BIT(0)	/* first descriptor of a frame */
#define MDRV_TXD_EOP	BIT(1)	/* last descriptor of a frame */

/* State of a descriptor, from mdrv_chip_ops.rx_status() / tx_done() */
enum mdrv_desc_state {
	MDRV_DESC_BUSY,		/* still owned by the chip */
	MDRV_DESC_OK,		/* completed (RX: a whole frame in one buffer) */
	MDRV_DESC_ERROR,	/* completed with an error */
};

/* Power-on defaults (datapath.c), applied at probe and by a reset. */
struct mdrv_hw_config {
	bool broadcast;
	bool vlan_strip;	/* strip and insert 802.1Q tags (if the chip can) */
	u32 irq_rate;		/* interrupts per second at most, 0: no limit */
};

struct mdrv_priv;
struct mdrv_mbox;

/* Per-frame offload request prepared by the chip's tx_ctx() hook. */
struct mdrv_tx_offload {
	u32 data_cmd;		/* chip bits to OR into every data descriptor */
	u32 data_opts;		/* chip option bits for every data descriptor */
};

/* A completed receive descriptor, from mdrv_chip_ops.rx_status(). */
struct mdrv_rx_info {
	unsigned int len;	/* bytes of the frame in the buffer */
	bool vlan;		/* the chip stripped an 802.1Q tag ... */
	u16 vlan_tci;		/* ... this one */
};

/* A register the kernel reads itself for `devlink health diagnose`. */
struct mdrv_diag_reg {
	const char *name;
	u32 space, addr;	/* as in a REG downcall */
	unsigned int reporters;	/* BIT(enum mdrv_health) it belongs to */
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
	unsigned int rx_buf_len;	/* default bytes per RX buffer */
	netdev_features_t features;
	unsigned int priv_flags;	/* IFF_* the netdev gets */
	unsigned int max_mtu;
	unsigned int eeprom_len;	/* bytes `ethtool -e` shows */
	u32 wol_supported;	/* WAKE_* the chip can wake on, 0: no WoL */
	const struct mdrv_reg_rule *reg_rules;
	unsigned int n_reg_rules;
	const struct mdrv_hw_stat *hw_stats;	/* common/mdrv_stats.h */
	unsigned int n_hw_stats;
	const char * const *test_names;		/* self-test, fixed per chip */
	unsigned int n_tests;
	/* ring heads/tails and engine state, which the daemon may not read */
	const struct mdrv_diag_reg *diag_regs;
	unsigned int n_diag_regs;

	/* process context: map the BARs, check the chip, read the MAC */
	int (*setup)(struct mdrv_priv *mp);
	/* process context, once at probe: the chip's power-on defaults */
	void (*defaults)(struct mdrv_priv *mp, const struct mdrv_hw_config *cfg);
	/* process context: undo setup() */
	void (*teardown)(struct mdrv_priv *mp);
	/* process context: stop DMA and interrupts, leave the chip idle */
	void (*quiesce)(struct mdrv_priv *mp);
	/*
	 * process context: tell the chip where the rings are and start it,
	 * keeping the filter configuration the chip holds
	 */
	int (*start)(struct mdrv_priv *mp);
	/*
	 * optional, process context, data path up: stop and start the
	 * transmitter alone (TX ring re-initialised in between)
	 */
	void (*tx_stop)(struct mdrv_priv *mp);
	void (*tx_start)(struct mdrv_priv *mp);
	/* is @len a receive buffer size the chip can be set to? */
	bool (*rx_buf_ok)(unsigned int len);
	/* raw register access for allowlisted downcalls; may sleep: no */
	int (*reg_read)(struct mdrv_priv *mp, u32 space, u32 addr, u32 *val);
	int (*reg_write)(struct mdrv_priv *mp, u32 space, u32 addr, u32 val);

	u32 (*irq_ack)(struct mdrv_priv *mp);
	void (*irq_enable)(struct mdrv_priv *mp);
	void (*irq_disable)(struct mdrv_priv *mp);
	bool (*link_up)(struct mdrv_priv *mp);
	/* the chip interrupts on link changes (else the watchdog polls) */
	bool link_irq;
	/*
	 * optional, process context, data path up: MDRV_ENGINE_* the chip
	 * reports off although they were started; @val gets the register
	 */
	u32 (*engines_off)(struct mdrv_priv *mp, u32 *val);
	/*
	 * optional, process context, data path up: the chip's fastest
	 * counter that wraps at 16 bits and cannot interrupt on overflow
	 * (the PCnet's CSR112 missed frames: QEMU never sets CSR4.MFCO)
	 */
	u16 (*narrow_count)(struct mdrv_priv *mp);

	/*
	 * optional: fill @off for @skb (checksum, TSO, VLAN tag insertion)
	 * and write a context descriptor at @idx if @skb needs one; returns
	 * the slots used (0 or 1) or a negative errno to drop @skb
	 */
	int (*tx_ctx)(struct mdrv_priv *mp, unsigned int idx,
		      struct sk_buff *skb, struct mdrv_tx_offload *off);
	void (*tx_desc)(struct mdrv_priv *mp, unsigned int idx, dma_addr_t dma,
			unsigned int len, unsigned int flags,
			const struct mdrv_tx_offload *off);
	enum mdrv_desc_state (*tx_done)(struct mdrv_priv *mp, unsigned int idx);
	void (*tx_kick)(struct mdrv_priv *mp, unsigned int tail);

	/* @ri is filled in for a completed descriptor (not BUSY) */
	enum mdrv_desc_state (*rx_status)(struct mdrv_priv *mp,
					  unsigned int idx,
					  struct mdrv_rx_info *ri);
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
	struct delayed_work watchdog;	/* runs while dp_up, watchdog.c */
	struct {			/* the watchdog's own state */
		bool link;		/* link bit it saw last */
		unsigned int tx_ntc;	/* TX next_to_clean it saw last */
		unsigned int tx_stuck;	/* periods without TX progress */
		u16 narrow;		/* narrow_count() at the last harvest call */
	} wd;
	struct {			/* fault.c */
		struct work_struct work;
		spinlock_t lock;	/* closed vs queueing a daemon loss */
		bool closed;		/* mdrv_fault_fini() ran */
		/* BIT(enum mdrv_fault), MDRV_FAULT_DAEMON*: atomic */
		unsigned long pending;
		unsigned long next[MDRV_FAULT_MAX];	/* jiffies */
		u32 detail[MDRV_FAULT_MAX];
		atomic64_t count[MDRV_FAULT_MAX];
	} fault;
	u32 resets;			/* data path restarts (ctrl_lock) */
	struct mdrv_devlink *health;	/* devlink.c */

	int id;				/* N of /dev/mdrvN */
	struct list_head node;		/* mdrv_devs (mdrv_devs_lock) */
	u32 owner_portid;		/* attached daemon (mdrv_devs_lock) */
	/* its process: the only one that may open the mailbox (same lock) */
	struct pid *owner_pid;
	struct mdrv_mbox *mbox;

	spinlock_t state_lock;		/* protects the cached state below */
	struct mdrv_link_cache {
		bool valid;
		u32 speed;
		u8 duplex, autoneg, port;
		u8 mdix, mdix_ctrl;	/* ETH_TP_MDI* */
		u32 supported, advertising;
	} link;
	/*
	 * What read-only queries are answered from, never waiting for the
	 * daemon: the link settings above and the coalescing below, as the
	 * daemon last published them (MDRV_CMD_STATE_SET).
	 */
	bool published;			/* the daemon published once */
	struct {
		bool valid;		/* the chip has coalescing */
		u32 rx_usecs, tx_usecs;
	} coal;
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
void mdrv_tx_set_wake(struct mdrv_priv *mp);
unsigned int mdrv_tx_clean(struct mdrv_priv *mp, int budget);
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
extern const struct ethtool_ops mdrv_ethtool_wol_ops;	/* chips with WoL */

/* watchdog.c */
void mdrv_watchdog_init(struct mdrv_priv *mp);
void mdrv_watchdog_start(struct mdrv_priv *mp);
void mdrv_watchdog_stop(struct mdrv_priv *mp);
void mdrv_napi_kick(struct mdrv_priv *mp, u32 cause);

/* fault.c */
void mdrv_fault(struct mdrv_priv *mp, enum mdrv_fault kind, u32 detail);
void mdrv_fault_init(struct mdrv_priv *mp);
void mdrv_fault_fini(struct mdrv_priv *mp);

/*
 * Internal fault.c bit after the enum mdrv_fault ones: the user half was
 * lost (detached while the device is up, or an upcall timed out).
 */
#define MDRV_FAULT_DAEMON	MDRV_FAULT_MAX
#define MDRV_FAULT_DAEMON_BACK	(MDRV_FAULT_MAX + 1)
void mdrv_fault_daemon(struct mdrv_priv *mp);
void mdrv_fault_daemon_back(struct mdrv_priv *mp);

/* devlink.c */
struct mdrv_fault_ctx {
	u32 kind;		/* enum mdrv_fault */
	u32 detail;
};

int mdrv_devlink_init(struct mdrv_priv *mp);
void mdrv_devlink_fini(struct mdrv_priv *mp);
int mdrv_health_fault(struct mdrv_priv *mp, enum mdrv_fault kind, u32 detail);
void mdrv_health_daemon(struct mdrv_priv *mp, bool lost);

/* datapath.c */
int mdrv_dp_start(struct mdrv_priv *mp);
void mdrv_dp_stop(struct mdrv_priv *mp);
int mdrv_dp_restart(struct mdrv_priv *mp, unsigned int tx, unsigned int rx,
		    unsigned int rx_buf_len, struct netlink_ext_ack *extack);
int mdrv_dp_reset(struct mdrv_priv *mp, bool defaults,
		  struct netlink_ext_ack *extack);
int mdrv_dp_tx_reset(struct mdrv_priv *mp, struct netlink_ext_ack *extack);
void mdrv_link_event(struct mdrv_priv *mp);

/* stats.c */
int mdrv_stats_init(struct mdrv_priv *mp);
void mdrv_stats_free(struct mdrv_priv *mp);
void mdrv_stats_snapshot(struct mdrv_priv *mp, bool refresh);
u64 mdrv_stats_age_ms(struct mdrv_priv *mp);

/* genl.c */
int mdrv_genl_init(void);
void mdrv_genl_exit(void);
void mdrv_genl_event(struct mdrv_priv *mp, u32 event, gfp_t gfp);
bool mdrv_daemon_attached(struct mdrv_priv *mp);
void mdrv_detach(struct mdrv_priv *mp);

/* mbox.c */
int mdrv_mbox_class_init(void);
void mdrv_mbox_class_exit(void);
int mdrv_mbox_create(struct mdrv_priv *mp);
void mdrv_mbox_destroy(struct mdrv_priv *mp);
bool mdrv_mbox_open(struct mdrv_priv *mp);
void mdrv_mbox_fail_all(struct mdrv_priv *mp, int err);
void mdrv_mbox_revoke(struct mdrv_priv *mp);
int mdrv_upcall(struct mdrv_priv *mp, u16 type, const void *req, u16 req_len,
		void *rep, u16 rep_size, u16 *rep_len);
int mdrv_upcall_event(struct mdrv_priv *mp, u16 type, const void *data,
		      u16 len);
u64 mdrv_mbox_rejects(struct mdrv_priv *mp);
void mdrv_mbox_activity(struct mdrv_priv *mp, unsigned int n);
const struct mdrv_stats_page *mdrv_mbox_stats_page(struct mdrv_priv *mp);

void mdrv_bringup_defaults(struct mdrv_priv *mp);

/* chip tables */
extern const struct mdrv_chip_ops mdrv_e1000_ops;
extern const struct mdrv_chip_ops mdrv_pcnet_ops;

#endif /* MDRV_H */
