// SPDX-License-Identifier: GPL-2.0
/*
 * AMD PCnet-PCI II (Am79C970A) back end: word I/O through BAR0, software
 * style 2 (32-bit addresses, 16-byte descriptors), an initialization block
 * the chip reads on INIT. Section names refer to the Am79C970A data sheet.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/log2.h>
#include <linux/pci.h>
#include <asm/unaligned.h>

#include "mdrv.h"
#include "mdrv_pcnet_regs.h"
#include "mdrv_selftest.h"

/* "Transmit Descriptors" (SWSTYLE 2): TMD0..TMD3 */
struct pcnet_tx_desc {
	__le32 base;
	__le16 length;		/* ONES | two's complement of the byte count */
	__le16 status;
	__le32 misc;
	__le32 reserved;
};

/* "Receive Descriptors" (SWSTYLE 2): RMD0..RMD3 */
struct pcnet_rx_desc {
	__le32 base;
	__le16 buf_length;	/* ONES | two's complement of the buffer size */
	__le16 status;
	__le32 msg_length;	/* MCNT: frame length including FCS */
	__le32 reserved;
};

/* "Initialization Block" (SSIZE32 = 1) */
struct pcnet_init_block {
	__le16 mode;		/* becomes CSR15 */
	u8 rlen;		/* log2(receive ring length) << 4 */
	u8 tlen;		/* log2(transmit ring length) << 4 */
	u8 padr[ETH_ALEN];	/* physical address */
	__le16 reserved;
	__le16 ladrf[4];	/* logical address (multicast) filter */
	__le32 rdra;		/* receive ring base */
	__le32 tdra;		/* transmit ring base */
};

/*
 * The init block doubles as the kernel's copy of the chip's filter state
 * (mode, station address, logical address filter): a restart reads it back
 * from CSR8-15 first, so what the user half set survives the reset.
 */
struct pcnet_chip {
	struct pcnet_init_block *init;
	dma_addr_t init_dma;
	bool started;		/* CSR8-15 hold a configuration to keep */
};

#define PCNET_CHIP_79C970A	0x2621	/* CSR88/89 part id */
#define PCNET_CSR3_BASE		PCNET_CSR3_IDONM	/* no init-done irq */
#define PCNET_CSR4_BASE		(PCNET_CSR4_APAD_XMT | PCNET_CSR4_MFCOM | \
				 PCNET_CSR4_RCVCCOM | PCNET_CSR4_TXSTRTM | \
				 PCNET_CSR4_JABM)

/*
 * Indirect register access: RAP selects, RDP/BDP transfer. hw_lock keeps the
 * pair atomic against the interrupt handler, NAPI and the transmit path.
 */
static u16 pcnet_csr_read(struct mdrv_priv *mp, u16 reg)
{
	unsigned long flags;
	u16 val;

	spin_lock_irqsave(&mp->hw_lock, flags);
	iowrite16(reg, mp->regs + PCNET_WIO_RAP);
	val = ioread16(mp->regs + PCNET_WIO_RDP);
	spin_unlock_irqrestore(&mp->hw_lock, flags);
	return val;
}

static void pcnet_csr_write(struct mdrv_priv *mp, u16 reg, u16 val)
{
	unsigned long flags;

	spin_lock_irqsave(&mp->hw_lock, flags);
	iowrite16(reg, mp->regs + PCNET_WIO_RAP);
	iowrite16(val, mp->regs + PCNET_WIO_RDP);
	spin_unlock_irqrestore(&mp->hw_lock, flags);
}

static u16 pcnet_bcr_read(struct mdrv_priv *mp, u16 reg)
{
	unsigned long flags;
	u16 val;

	spin_lock_irqsave(&mp->hw_lock, flags);
	iowrite16(reg, mp->regs + PCNET_WIO_RAP);
	val = ioread16(mp->regs + PCNET_WIO_BDP);
	spin_unlock_irqrestore(&mp->hw_lock, flags);
	return val;
}

static void pcnet_bcr_write(struct mdrv_priv *mp, u16 reg, u16 val)
{
	unsigned long flags;

	spin_lock_irqsave(&mp->hw_lock, flags);
	iowrite16(reg, mp->regs + PCNET_WIO_RAP);
	iowrite16(val, mp->regs + PCNET_WIO_BDP);
	spin_unlock_irqrestore(&mp->hw_lock, flags);
}

/* "S_RESET": a read of the reset register stops the chip, word I/O mode */
static void pcnet_soft_reset(struct mdrv_priv *mp)
{
	ioread16(mp->regs + PCNET_WIO_RESET);
	pcnet_csr_write(mp, PCNET_CSR0, PCNET_CSR0_STOP);
}

static int pcnet_setup(struct mdrv_priv *mp)
{
	struct device *dev = &mp->pdev->dev;
	struct pcnet_chip *pc;
	u8 addr[ETH_ALEN];
	u32 id;
	int i;

	pc = devm_kzalloc(dev, sizeof(*pc), GFP_KERNEL);
	if (!pc)
		return -ENOMEM;
	mp->chip = pc;
	pcnet_soft_reset(mp);
	id = pcnet_csr_read(mp, PCNET_CSR88) |
	     (u32)pcnet_csr_read(mp, PCNET_CSR89) << 16;
	if (((id >> 12) & 0xffff) != PCNET_CHIP_79C970A) {
		dev_err(dev, "unsupported PCnet chip id %#x\n", id);
		return -ENODEV;
	}
	/* "Address PROM Space": the station address in the first 6 bytes */
	for (i = 0; i < ETH_ALEN; i++)
		addr[i] = ioread8(mp->regs + PCNET_APROM + i);
	if (is_valid_ether_addr(addr)) {
		eth_hw_addr_set(mp->netdev, addr);
	} else {
		eth_hw_addr_random(mp->netdev);
		dev_warn(dev, "no valid MAC address, using %pM\n",
			 mp->netdev->dev_addr);
	}

	pc->init = dmam_alloc_coherent(dev, sizeof(*pc->init), &pc->init_dma,
				       GFP_KERNEL);
	return pc->init ? 0 : -ENOMEM;
}

/* Probe and reset: the power-on defaults, kept in the init block. */
static void pcnet_defaults(struct mdrv_priv *mp, const struct mdrv_hw_config *cfg)
{
	struct pcnet_init_block *ib = ((struct pcnet_chip *)mp->chip)->init;

	/* the next start loads this block rather than the chip's filters */
	((struct pcnet_chip *)mp->chip)->started = false;
	ib->mode = cpu_to_le16(cfg->broadcast ? 0 : PCNET_CSR15_DRCVBC);
	mdrv_mac_get(mp, ib->padr);
	memset(ib->ladrf, 0, sizeof(ib->ladrf));
}

static bool pcnet_rx_buf_ok(unsigned int len)
{
	return len == 1536;
}

static int pcnet_reg_read(struct mdrv_priv *mp, u32 space, u32 addr, u32 *val)
{
	switch (space) {
	case MDRV_REG_CSR:
		*val = pcnet_csr_read(mp, addr);
		return 0;
	case MDRV_REG_BCR:
		*val = pcnet_bcr_read(mp, addr);
		return 0;
	case MDRV_REG_APROM:
		*val = ioread8(mp->regs + PCNET_APROM + (addr & 0xf));
		return 0;
	}
	return -EINVAL;
}

static int pcnet_reg_write(struct mdrv_priv *mp, u32 space, u32 addr, u32 val)
{
	switch (space) {
	case MDRV_REG_CSR:
		pcnet_csr_write(mp, addr, val);
		return 0;
	case MDRV_REG_BCR:
		pcnet_bcr_write(mp, addr, val);
		return 0;
	}
	return -EINVAL;
}

static void pcnet_quiesce(struct mdrv_priv *mp)
{
	pcnet_csr_write(mp, PCNET_CSR0, PCNET_CSR0_STOP);
	pcnet_csr_write(mp, PCNET_CSR3, PCNET_CSR3_BASE | PCNET_CSR3_ALLM);
}

static int pcnet_start(struct mdrv_priv *mp)
{
	struct pcnet_chip *pc = mp->chip;
	struct pcnet_init_block *ib = pc->init;
	int i;

	/* keep the filter state the chip holds across the reset below */
	if (pc->started) {
		ib->mode = cpu_to_le16(pcnet_csr_read(mp, PCNET_CSR15));
		for (i = 0; i < 4; i++)
			ib->ladrf[i] = cpu_to_le16(pcnet_csr_read(mp, PCNET_CSR8 + i));
		for (i = 0; i < 3; i++)
			put_unaligned_le16(pcnet_csr_read(mp, PCNET_CSR12 + i),
					   &ib->padr[2 * i]);
	}
	pcnet_soft_reset(mp);
	/* BCR20: 32-bit structures, PCnet-PCI descriptor layout */
	pcnet_bcr_write(mp, PCNET_BCR20, PCNET_SWSTYLE_PCNET_PCI);
	pcnet_csr_write(mp, PCNET_CSR4, PCNET_CSR4_BASE);
	pcnet_csr_write(mp, PCNET_CSR3, PCNET_CSR3_BASE | PCNET_CSR3_ALLM);

	ib->rlen = ilog2(mp->rx_ring.count) << 4;
	ib->tlen = ilog2(mp->tx_ring.count) << 4;
	ib->reserved = 0;
	ib->rdra = cpu_to_le32(mp->rx_ring.desc_dma);
	ib->tdra = cpu_to_le32(mp->tx_ring.desc_dma);
	/* the chip reads the block by DMA when INIT is set below */
	wmb();

	pcnet_csr_write(mp, PCNET_CSR1, lower_16_bits(pc->init_dma));
	pcnet_csr_write(mp, PCNET_CSR2, upper_16_bits(pc->init_dma));
	pcnet_csr_write(mp, PCNET_CSR0, PCNET_CSR0_INIT);
	for (i = 0; i < 1000; i++) {
		if (pcnet_csr_read(mp, PCNET_CSR0) & PCNET_CSR0_IDON)
			break;
		usleep_range(10, 20);
	}
	if (i == 1000) {
		netif_err(mp, drv, mp->netdev, "initialization block not read\n");
		pcnet_quiesce(mp);
		return -EIO;
	}
	pcnet_csr_write(mp, PCNET_CSR0, PCNET_CSR0_IDON | PCNET_CSR0_STRT |
			PCNET_CSR0_IENA);
	pc->started = true;
	return 0;
}

static u32 pcnet_irq_ack(struct mdrv_priv *mp)
{
	unsigned long flags;
	u32 causes = 0;
	u16 csr0;

	spin_lock_irqsave(&mp->hw_lock, flags);
	iowrite16(PCNET_CSR0, mp->regs + PCNET_WIO_RAP);
	csr0 = ioread16(mp->regs + PCNET_WIO_RDP);
	/* all ones: the device is gone */
	if ((csr0 & PCNET_CSR0_INTR) && csr0 != 0xffff)
		iowrite16((csr0 & PCNET_CSR0_ACK_MASK) | PCNET_CSR0_IENA,
			  mp->regs + PCNET_WIO_RDP);
	spin_unlock_irqrestore(&mp->hw_lock, flags);

	if (!(csr0 & PCNET_CSR0_INTR) || csr0 == 0xffff)
		return 0;
	if (csr0 & (PCNET_CSR0_RINT | PCNET_CSR0_MISS))
		causes |= MDRV_IRQ_RX;
	if (csr0 & PCNET_CSR0_TINT)
		causes |= MDRV_IRQ_TX;
	if (csr0 & (PCNET_CSR0_MERR | PCNET_CSR0_BABL | PCNET_CSR0_MISS))
		causes |= MDRV_IRQ_ERR;
	/* a DMA memory error stops the chip (datasheet, CSR0 bit 11) */
	if (csr0 & PCNET_CSR0_MERR)
		causes |= MDRV_IRQ_FATAL;
	/* INTR with no source we know: still ours, keep NAPI running */
	return causes ?: MDRV_IRQ_ERR;
}

static void pcnet_irq_enable(struct mdrv_priv *mp)
{
	pcnet_csr_write(mp, PCNET_CSR3, PCNET_CSR3_BASE);
}

static void pcnet_irq_disable(struct mdrv_priv *mp)
{
	pcnet_csr_write(mp, PCNET_CSR3, PCNET_CSR3_BASE | PCNET_CSR3_ALLM);
}

/*
 * CSR0 read back: STOP set, or TXON/RXON clear, while the data path runs
 * means the chip was stopped under us (or stopped itself).
 */
static u32 pcnet_engines_off(struct mdrv_priv *mp, u32 *val)
{
	u16 csr0 = pcnet_csr_read(mp, PCNET_CSR0);
	u32 off = 0;

	if (csr0 == 0xffff)	/* the device is gone: remove() follows */
		return 0;
	if ((csr0 & PCNET_CSR0_STOP) || !(csr0 & PCNET_CSR0_TXON))
		off |= MDRV_ENGINE_TX;
	if ((csr0 & PCNET_CSR0_STOP) || !(csr0 & PCNET_CSR0_RXON))
		off |= MDRV_ENGINE_RX;
	*val = csr0;
	return off;
}

/* CSR112 counts missed frames in 16 bits; the watchdog watches it wrap */
static u16 pcnet_narrow_count(struct mdrv_priv *mp)
{
	return pcnet_csr_read(mp, PCNET_CSR112);
}

/* BCR4 drives the link LED: its LEDOUT bit is the link state */
static bool pcnet_link_up(struct mdrv_priv *mp)
{
	return pcnet_bcr_read(mp, PCNET_BCR4) & PCNET_BCR4_LEDOUT;
}

static void pcnet_tx_desc(struct mdrv_priv *mp, unsigned int idx,
			  dma_addr_t dma, unsigned int len, unsigned int flags,
			  const struct mdrv_tx_offload *off)
{
	struct pcnet_tx_desc *d = (struct pcnet_tx_desc *)mp->tx_ring.desc + idx;
	u16 status = PCNET_DESC_OWN;

	if (flags & MDRV_TXD_SOP)
		status |= PCNET_DESC_STP;
	if (flags & MDRV_TXD_EOP)
		status |= PCNET_DESC_ENP;
	d->base = cpu_to_le32(dma);
	d->length = cpu_to_le16(PCNET_BCNT(len));
	d->misc = 0;
	/* OWN hands the descriptor over: everything else first */
	dma_wmb();
	d->status = cpu_to_le16(status);
}

static enum mdrv_desc_state pcnet_tx_done(struct mdrv_priv *mp,
					  unsigned int idx)
{
	struct pcnet_tx_desc *d = (struct pcnet_tx_desc *)mp->tx_ring.desc + idx;
	u16 status = le16_to_cpu(READ_ONCE(d->status));

	if (status & PCNET_DESC_OWN)
		return MDRV_DESC_BUSY;
	return status & PCNET_DESC_ERR ? MDRV_DESC_ERROR : MDRV_DESC_OK;
}

static void pcnet_tx_kick(struct mdrv_priv *mp, unsigned int tail)
{
	/* transmit demand: poll the ring now rather than at the next timer */
	pcnet_csr_write(mp, PCNET_CSR0, PCNET_CSR0_TDMD | PCNET_CSR0_IENA);
}

static enum mdrv_desc_state pcnet_rx_status(struct mdrv_priv *mp,
					    unsigned int idx,
					    struct mdrv_rx_info *ri)
{
	struct pcnet_rx_desc *d = (struct pcnet_rx_desc *)mp->rx_ring.desc + idx;
	u16 status = le16_to_cpu(READ_ONCE(d->status));
	unsigned int mcnt;

	if (status & PCNET_DESC_OWN)
		return MDRV_DESC_BUSY;
	if ((status & (PCNET_DESC_STP | PCNET_DESC_ENP | PCNET_DESC_ERR)) ==
	    PCNET_DESC_STP) {
		unsigned int next = mdrv_ring_next(&mp->rx_ring, idx);
		struct pcnet_rx_desc *n = (struct pcnet_rx_desc *)mp->rx_ring.desc + next;

		u16 nst = le16_to_cpu(READ_ONCE(n->status));

		/*
		 * QEMU's model hands a descriptor back (OWN clear) before it
		 * writes ENP and the length. The frame is still being written
		 * unless the chip went on into the next buffer with the same
		 * frame (no STP there): a frame larger than one buffer, an
		 * error here. A next buffer that starts a frame of its own
		 * means the model skipped ahead while we refilled: wait too.
		 */
		if (next != mp->rx_ring.next_to_use &&
		    !(nst & (PCNET_DESC_OWN | PCNET_DESC_STP)))
			return MDRV_DESC_ERROR;
		return MDRV_DESC_BUSY;
	}
	dma_rmb();
	mcnt = le32_to_cpu(READ_ONCE(d->msg_length)) & PCNET_RMD_MCNT_MASK;
	/*
	 * The model also writes the status word before the length in the
	 * same store: a finished frame is never shorter than the FCS, and
	 * rx_give() left the length 0.
	 */
	if (!mcnt && !(status & PCNET_DESC_ERR))
		return MDRV_DESC_BUSY;
	/* a frame spread over several buffers is an error at this size */
	if ((status & PCNET_DESC_ERR) || mcnt < PCNET_FCS_LEN ||
	    (status & (PCNET_DESC_STP | PCNET_DESC_ENP)) !=
	    (PCNET_DESC_STP | PCNET_DESC_ENP))
		return MDRV_DESC_ERROR;
	ri->len = mcnt - PCNET_FCS_LEN;
	ri->vlan = false;	/* no VLAN support: tags stay in the frame */
	return MDRV_DESC_OK;
}

static void pcnet_rx_give(struct mdrv_priv *mp, unsigned int idx,
			  dma_addr_t dma, unsigned int len)
{
	struct pcnet_rx_desc *d = (struct pcnet_rx_desc *)mp->rx_ring.desc + idx;

	d->base = cpu_to_le32(dma);
	d->buf_length = cpu_to_le16(PCNET_BCNT(len));
	d->msg_length = 0;
	dma_wmb();
	d->status = cpu_to_le16(PCNET_DESC_OWN);
}

/* the chip finds buffers by their OWN bit: no tail register */
static void pcnet_rx_kick(struct mdrv_priv *mp, unsigned int tail)
{
}

/* no head/tail registers: the descriptors' OWN bits are the ring state */
static const struct mdrv_diag_reg pcnet_diag_regs[] = {
	{ "CSR0", MDRV_REG_CSR, PCNET_CSR0,
	  BIT(MDRV_HEALTH_TX_HANG) | BIT(MDRV_HEALTH_RX_ERRORS) },
	/* the interrupt masks */
	{ "CSR3", MDRV_REG_CSR, PCNET_CSR3,
	  BIT(MDRV_HEALTH_TX_HANG) | BIT(MDRV_HEALTH_RX_ERRORS) },
};

const struct mdrv_chip_ops mdrv_pcnet_ops = {
	.name		= "Am79C970A",
	.ring_min	= PCNET_RING_MIN,
	.ring_max	= PCNET_RING_MAX,
	.ring_align	= 1,
	.ring_pow2	= true,
	.desc_size	= sizeof(struct pcnet_tx_desc),
	.dma_mask	= DMA_BIT_MASK(32),
	.tx_max_len	= 4095,
	.rx_buf_len	= 1536,
	.features	= 0,
	.max_mtu	= ETH_DATA_LEN,
	.eeprom_len	= 16,		/* the address PROM */
	.reg_rules	= mdrv_pcnet_reg_rules,
	.n_reg_rules	= ARRAY_SIZE(mdrv_pcnet_reg_rules),
	.diag_regs	= pcnet_diag_regs,
	.n_diag_regs	= ARRAY_SIZE(pcnet_diag_regs),
	.hw_stats	= mdrv_pcnet_hw_stats,
	.n_hw_stats	= ARRAY_SIZE(mdrv_pcnet_hw_stats),
	.test_names	= mdrv_pcnet_test_names,
	.n_tests	= ARRAY_SIZE(mdrv_pcnet_test_names),
	.setup		= pcnet_setup,
	.defaults	= pcnet_defaults,
	.rx_buf_ok	= pcnet_rx_buf_ok,
	.reg_read	= pcnet_reg_read,
	.reg_write	= pcnet_reg_write,
	.quiesce	= pcnet_quiesce,
	.start		= pcnet_start,
	.irq_ack	= pcnet_irq_ack,
	.irq_enable	= pcnet_irq_enable,
	.irq_disable	= pcnet_irq_disable,
	.link_up	= pcnet_link_up,
	.engines_off	= pcnet_engines_off,
	.narrow_count	= pcnet_narrow_count,
	.tx_desc	= pcnet_tx_desc,
	.tx_done	= pcnet_tx_done,
	.tx_kick	= pcnet_tx_kick,
	.rx_status	= pcnet_rx_status,
	.rx_give	= pcnet_rx_give,
	.rx_kick	= pcnet_rx_kick,
};
