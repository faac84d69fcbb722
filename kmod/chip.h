/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The chip layer: what differs between the supported chips, one table of
 * operations per chip (chip_e1000.c, chip_pcnet.c). The data path above
 * calls these; a chip file calls nothing of mdrv's but the register and
 * ring helpers of mdrv.h.
 */
#ifndef MDRV_CHIP_H
#define MDRV_CHIP_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "mdrv_regs_allow.h"
#include "mdrv_stats.h"

struct mdrv_priv;

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

/* Power-on defaults (dp_run.c), applied at probe and by a reset. */
struct mdrv_hw_config {
	bool broadcast;
	bool vlan_strip;	/* strip and insert 802.1Q tags (if the chip can) */
	u32 irq_rate;		/* interrupts per second at most, 0: no limit */
};

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

	/*
	 * process context: check the chip, read the MAC (BAR0 is mapped at
	 * mp->regs); what it allocates is device-managed (devm, dmam)
	 */
	int (*setup)(struct mdrv_priv *mp);
	/* process context, once at probe: the chip's power-on defaults */
	void (*defaults)(struct mdrv_priv *mp, const struct mdrv_hw_config *cfg);
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

/* the chip tables */
extern const struct mdrv_chip_ops mdrv_e1000_ops;
extern const struct mdrv_chip_ops mdrv_pcnet_ops;

#endif /* MDRV_CHIP_H */
