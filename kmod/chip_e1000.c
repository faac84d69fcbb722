// SPDX-License-Identifier: GPL-2.0
/*
 * Intel 8254x (82540EM, 82545EM) back end: legacy descriptors, MMIO
 * registers in BAR0, context descriptors for checksum offload and TSO.
 * Section numbers refer to the 8254x Software Developer's Manual.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/ip.h>
#include <linux/pci.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>
#include <asm/unaligned.h>

#include "mdrv.h"
#include "mdrv_e1000_regs.h"
#include "mdrv_selftest.h"

/* 3.3.3 legacy transmit descriptor */
struct e1000_tx_desc {
	__le64 addr;
	__le32 lower;		/* length, CSO, CMD */
	__le32 upper;		/* STA, CSS, special */
};

/* 3.3.6 TCP/IP context descriptor */
struct e1000_ctx_desc {
	u8 ipcss, ipcso;
	__le16 ipcse;
	u8 tucss, tucso;
	__le16 tucse;
	__le32 cmd_and_length;
	u8 status, hdr_len;
	__le16 mss;
};

/* 3.2.3 receive descriptor */
struct e1000_rx_desc {
	__le64 addr;
	__le16 length;
	__le16 csum;
	u8 status;
	u8 errors;
	__le16 special;
};

/* 13.4.17: the causes mdrv handles */
#define E1000_IMS_MDRV	(E1000_ICR_TXDW | E1000_ICR_LSC | E1000_ICR_RXSEQ | \
			 E1000_ICR_RXDMT0 | E1000_ICR_RXO | E1000_ICR_RXT0)

static u32 er32(struct mdrv_priv *mp, u32 reg)
{
	return readl(mp->regs + reg);
}

static void ew32(struct mdrv_priv *mp, u32 reg, u32 val)
{
	writel(val, mp->regs + reg);
}

/* 5.3.1 / 13.4.4: one EEPROM word through EERD, or -ETIMEDOUT */
static int e1000_eeprom_word(struct mdrv_priv *mp, unsigned int word, u16 *val)
{
	unsigned int i;
	u32 eerd;

	ew32(mp, E1000_EERD, (word << E1000_EERD_ADDR_SHIFT) | E1000_EERD_START);
	for (i = 0; i < 100; i++) {
		eerd = er32(mp, E1000_EERD);
		if (eerd & E1000_EERD_DONE) {
			*val = eerd >> E1000_EERD_DATA_SHIFT;
			return 0;
		}
		usleep_range(5, 10);
	}
	return -ETIMEDOUT;
}

/*
 * Probe: the station address is the device's identity, words 0-2 of the
 * EEPROM (what a previous driver left in RAL0/RAH0 may differ); the
 * receive address registers only if the EEPROM does not answer.
 */
static void e1000_read_mac(struct mdrv_priv *mp, u8 *addr)
{
	unsigned int i;
	u16 w;

	for (i = 0; i < 3; i++) {
		if (e1000_eeprom_word(mp, i, &w))
			break;
		put_unaligned_le16(w, addr + 2 * i);
	}
	if (i == 3)
		return;
	put_unaligned_le32(er32(mp, E1000_RAL0), addr);
	put_unaligned_le16(er32(mp, E1000_RAH0), addr + 4);
}

static int e1000_setup(struct mdrv_priv *mp)
{
	u8 addr[ETH_ALEN];

	e1000_read_mac(mp, addr);
	if (is_valid_ether_addr(addr)) {
		eth_hw_addr_set(mp->netdev, addr);
	} else {
		eth_hw_addr_random(mp->netdev);
		dev_warn(&mp->pdev->dev, "no valid MAC address, using %pM\n",
			 mp->netdev->dev_addr);
	}
	return 0;
}

/* Probe and reset: the power-on defaults (mdrv_bringup_defaults()). */
static void e1000_defaults(struct mdrv_priv *mp, const struct mdrv_hw_config *cfg)
{
	u8 mac[ETH_ALEN];
	int i;

	mdrv_mac_get(mp, mac);
	/* 14.3 general configuration: link up, speed by auto-detection */
	ew32(mp, E1000_CTRL, (er32(mp, E1000_CTRL) & ~E1000_CTRL_VME) |
	     E1000_CTRL_SLU | E1000_CTRL_ASDE |
	     (cfg->vlan_strip ? E1000_CTRL_VME : 0));
	/* the tag type the receive path reports: never changed later */
	ew32(mp, E1000_VET, E1000_VET_8021Q);
	for (i = 0; i < E1000_VFTA_ENTRIES; i++)
		ew32(mp, E1000_VFTA + 4 * i, 0);
	ew32(mp, E1000_RAL0, get_unaligned_le32(mac));
	ew32(mp, E1000_RAH0, get_unaligned_le16(mac + 4) | BIT(31));
	for (i = 0; i < E1000_MTA_ENTRIES; i++)
		ew32(mp, E1000_MTA + 4 * i, 0);
	ew32(mp, E1000_RCTL, E1000_RCTL_SECRC | E1000_RCTL_RDMTS_HALF |
	     (cfg->broadcast ? E1000_RCTL_BAM : 0));
	ew32(mp, E1000_TCTL, E1000_TCTL_CONFIG);
	ew32(mp, E1000_TIPG, E1000_TIPG_DEFAULT);
	/* 13.4.18: ITR counts in 256 ns units */
	ew32(mp, E1000_ITR, cfg->irq_rate ?
	     1000000000 / (cfg->irq_rate * 256) : 0);
}

static bool e1000_rx_buf_ok(unsigned int len)
{
	return len == 2048 || len == 4096 || len == 8192 || len == 16384;
}

static int e1000_reg_read(struct mdrv_priv *mp, u32 space, u32 addr, u32 *val)
{
	if (space != MDRV_REG_MMIO)
		return -EINVAL;
	*val = er32(mp, addr);
	return 0;
}

static int e1000_reg_write(struct mdrv_priv *mp, u32 space, u32 addr, u32 val)
{
	if (space != MDRV_REG_MMIO)
		return -EINVAL;
	ew32(mp, addr, val);
	return 0;
}

/* The transmitter alone; RCTL is not touched (see mdrv_dp_tx_reset()). */
static void e1000_tx_stop(struct mdrv_priv *mp)
{
	ew32(mp, E1000_TCTL, er32(mp, E1000_TCTL) & ~E1000_TCTL_EN);
	er32(mp, E1000_STATUS);		/* flush posted writes */
	/* 14.5: let in-flight DMA finish */
	usleep_range(10000, 20000);
}

static void e1000_quiesce(struct mdrv_priv *mp)
{
	ew32(mp, E1000_IMC, ~0u);
	/* only the enables: the rest is the user half's configuration */
	ew32(mp, E1000_RCTL, er32(mp, E1000_RCTL) & ~E1000_RCTL_EN);
	e1000_tx_stop(mp);
	er32(mp, E1000_ICR);
}

/*
 * 14.4 / 14.5: program the rings and enable receive and transmit. The
 * filters, address registers and everything else keep what the chip holds.
 */
/* 14.5 transmit initialisation */
static void e1000_tx_start(struct mdrv_priv *mp)
{
	u64 tdba = mp->tx_ring.desc_dma;

	ew32(mp, E1000_TDBAL, lower_32_bits(tdba));
	ew32(mp, E1000_TDBAH, upper_32_bits(tdba));
	ew32(mp, E1000_TDLEN, mp->tx_ring.count * sizeof(struct e1000_tx_desc));
	ew32(mp, E1000_TDH, 0);
	ew32(mp, E1000_TDT, 0);
	ew32(mp, E1000_TCTL, er32(mp, E1000_TCTL) | E1000_TCTL_EN);
}

static int e1000_start(struct mdrv_priv *mp)
{
	u64 rdba = mp->rx_ring.desc_dma;
	u32 rctl;

	e1000_tx_start(mp);

	/* 14.4 receive initialisation */
	ew32(mp, E1000_RDBAL, lower_32_bits(rdba));
	ew32(mp, E1000_RDBAH, upper_32_bits(rdba));
	ew32(mp, E1000_RDLEN, mp->rx_ring.count * sizeof(struct e1000_rx_desc));
	ew32(mp, E1000_RDH, 0);
	ew32(mp, E1000_RDT, mp->rx_ring.next_to_use);
	rctl = er32(mp, E1000_RCTL) & ~E1000_RCTL_BSIZE_MASK;
	ew32(mp, E1000_RCTL, rctl | E1000_RCTL_EN |
	     e1000_rctl_bsize(mp->rx_buf_len));
	return 0;
}

static u32 e1000_irq_ack(struct mdrv_priv *mp)
{
	u32 icr = er32(mp, E1000_ICR);	/* reading clears the causes */
	u32 causes = 0;

	if (icr & (E1000_ICR_RXT0 | E1000_ICR_RXDMT0 | E1000_ICR_RXO))
		causes |= MDRV_IRQ_RX;
	if (icr & E1000_ICR_TXDW)
		causes |= MDRV_IRQ_TX;
	if (icr & E1000_ICR_LSC)
		causes |= MDRV_IRQ_LINK;
	if (icr & (E1000_ICR_RXSEQ | E1000_ICR_RXO))
		causes |= MDRV_IRQ_ERR;
	return causes;
}

/* The enables e1000_start() set, read back: something else cleared them? */
static u32 e1000_engines_off(struct mdrv_priv *mp, u32 *val)
{
	u32 tctl = er32(mp, E1000_TCTL), rctl = er32(mp, E1000_RCTL);
	u32 off = 0;

	if (tctl == ~0u)	/* the device is gone: remove() follows */
		return 0;
	if (!(tctl & E1000_TCTL_EN)) {
		off |= MDRV_ENGINE_TX;
		*val = tctl;
	}
	if (!(rctl & E1000_RCTL_EN)) {
		off |= MDRV_ENGINE_RX;
		*val = rctl;
	}
	return off;
}

static void e1000_irq_enable(struct mdrv_priv *mp)
{
	ew32(mp, E1000_IMS, E1000_IMS_MDRV);
}

static void e1000_irq_disable(struct mdrv_priv *mp)
{
	ew32(mp, E1000_IMC, ~0u);
}

static bool e1000_link_up(struct mdrv_priv *mp)
{
	return er32(mp, E1000_STATUS) & E1000_STATUS_LU;
}

/*
 * 3.3.6 / 3.5: one context descriptor describes where the chip inserts the
 * checksums and, for TSO, how it cuts the payload into segments.
 */
static int e1000_tx_ctx(struct mdrv_priv *mp, unsigned int idx,
			struct sk_buff *skb, struct mdrv_tx_offload *off)
{
	struct e1000_ctx_desc *cd = (struct e1000_ctx_desc *)mp->tx_ring.desc + idx;
	u32 cmd = E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_C;

	/*
	 * 3.3.3: the tag goes into every data descriptor (QEMU takes it from
	 * the last one, or from any with TSE); the chip inserts it after the
	 * checksums, so the offsets below stay those of the untagged frame.
	 */
	if (skb_vlan_tag_present(skb)) {
		off->data_cmd |= E1000_TXD_CMD_VLE;
		off->data_opts |= (u32)skb_vlan_tag_get(skb) <<
				  E1000_TXD_SPECIAL_SHIFT;
	}
	if (skb_is_gso(skb)) {
		unsigned int hdr_len = skb_tcp_all_headers(skb);
		struct iphdr *iph;

		/* a shared header (a tap's clone) is copied: write the copy */
		if (skb_cow_head(skb, 0))
			return -ENOMEM;
		iph = ip_hdr(skb);
		iph->tot_len = 0;
		iph->check = 0;
		tcp_hdr(skb)->check = ~csum_tcpudp_magic(iph->saddr,
							 iph->daddr, 0,
							 IPPROTO_TCP, 0);
		cd->ipcss = skb_network_offset(skb);
		cd->ipcso = skb_network_offset(skb) +
			    offsetof(struct iphdr, check);
		cd->ipcse = cpu_to_le16(skb_transport_offset(skb) - 1);
		cd->tucss = skb_transport_offset(skb);
		cd->tucso = skb_transport_offset(skb) +
			    offsetof(struct tcphdr, check);
		cd->tucse = 0;
		cd->hdr_len = hdr_len;
		cd->mss = cpu_to_le16(skb_shinfo(skb)->gso_size);
		cd->status = 0;
		cd->cmd_and_length = cpu_to_le32(cmd | E1000_TXD_CMD_TSE |
						 E1000_TXD_CMD_IP |
						 E1000_TXD_CMD_TCP |
						 (skb->len - hdr_len));
		off->data_cmd |= E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_D |
				 E1000_TXD_CMD_TSE;
		off->data_opts |= (E1000_TXD_POPTS_IXSM |
				   E1000_TXD_POPTS_TXSM) << 8;
		return 1;
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		unsigned int css = skb_checksum_start_offset(skb);

		memset(cd, 0, sizeof(*cd));
		cd->tucss = css;
		cd->tucso = css + skb->csum_offset;
		cd->cmd_and_length = cpu_to_le32(cmd);
		off->data_cmd |= E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_D;
		off->data_opts |= E1000_TXD_POPTS_TXSM << 8;
		return 1;
	}
	return 0;
}

static void e1000_tx_desc(struct mdrv_priv *mp, unsigned int idx,
			  dma_addr_t dma, unsigned int len, unsigned int flags,
			  const struct mdrv_tx_offload *off)
{
	struct e1000_tx_desc *d = (struct e1000_tx_desc *)mp->tx_ring.desc + idx;
	u32 lower = len | E1000_TXD_CMD_IFCS | off->data_cmd;

	/* status is only reported for the last descriptor of a frame */
	if (flags & MDRV_TXD_EOP)
		lower |= E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS;
	d->addr = cpu_to_le64(dma);
	d->lower = cpu_to_le32(lower);
	d->upper = cpu_to_le32(off->data_opts);
}

static enum mdrv_desc_state e1000_tx_done(struct mdrv_priv *mp,
					  unsigned int idx)
{
	struct e1000_tx_desc *d = (struct e1000_tx_desc *)mp->tx_ring.desc + idx;

	if (!(READ_ONCE(d->upper) & cpu_to_le32(E1000_TXD_STAT_DD)))
		return MDRV_DESC_BUSY;
	return MDRV_DESC_OK;
}

static void e1000_tx_kick(struct mdrv_priv *mp, unsigned int tail)
{
	ew32(mp, E1000_TDT, tail);
}

static enum mdrv_desc_state e1000_rx_status(struct mdrv_priv *mp,
					    unsigned int idx,
					    struct mdrv_rx_info *ri)
{
	struct e1000_rx_desc *d = (struct e1000_rx_desc *)mp->rx_ring.desc + idx;
	u8 status = READ_ONCE(d->status);

	if (!(status & E1000_RXD_STAT_DD))
		return MDRV_DESC_BUSY;
	dma_rmb();
	ri->len = le16_to_cpu(d->length);
	/* 3.2.3.1: with CTRL.VME the chip strips the tag into special */
	ri->vlan = status & E1000_RXD_STAT_VP;
	ri->vlan_tci = le16_to_cpu(d->special);
	/* a frame longer than one buffer is an error at this buffer size */
	if (!(status & E1000_RXD_STAT_EOP) || (d->errors & E1000_RXD_ERR_FRAME))
		return MDRV_DESC_ERROR;
	return MDRV_DESC_OK;
}

static void e1000_rx_give(struct mdrv_priv *mp, unsigned int idx,
			  dma_addr_t dma, unsigned int len)
{
	struct e1000_rx_desc *d = (struct e1000_rx_desc *)mp->rx_ring.desc + idx;

	d->addr = cpu_to_le64(dma);
	d->status = 0;
}

static void e1000_rx_kick(struct mdrv_priv *mp, unsigned int tail)
{
	/* writel() orders the descriptor writes before the tail update */
	ew32(mp, E1000_RDT, tail);
}

#define E1000_DIAG_TX	BIT(MDRV_HEALTH_TX_HANG)
#define E1000_DIAG_RX	BIT(MDRV_HEALTH_RX_ERRORS)
static const struct mdrv_diag_reg e1000_diag_regs[] = {
	{ "TDH", MDRV_REG_MMIO, E1000_TDH, E1000_DIAG_TX },
	{ "TDT", MDRV_REG_MMIO, E1000_TDT, E1000_DIAG_TX },
	{ "TCTL", MDRV_REG_MMIO, E1000_TCTL, E1000_DIAG_TX },
	{ "RDH", MDRV_REG_MMIO, E1000_RDH, E1000_DIAG_RX },
	{ "RDT", MDRV_REG_MMIO, E1000_RDT, E1000_DIAG_RX },
	{ "RCTL", MDRV_REG_MMIO, E1000_RCTL, E1000_DIAG_RX },
	/* the causes unmasked: none while NAPI polls, all between polls */
	{ "IMS", MDRV_REG_MMIO, E1000_IMS, E1000_DIAG_TX | E1000_DIAG_RX },
};

const struct mdrv_chip_ops mdrv_e1000_ops = {
	.name		= "82540EM/82545EM",
	.ring_min	= E1000_RING_MIN,
	.ring_max	= E1000_RING_MAX,
	.ring_align	= E1000_RING_ALIGN,
	.desc_size	= sizeof(struct e1000_tx_desc),
	.dma_mask	= DMA_BIT_MASK(64),
	.tx_max_len	= 4096,
	.rx_buf_len	= 2048,
	.features	= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO |
			  NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_TX |
			  NETIF_F_HW_VLAN_CTAG_FILTER,
	.priv_flags	= IFF_UNICAST_FLT,	/* RAR[1..15], set by mdrvd */
	.max_mtu	= 16110,	/* 16128-byte frames, as the stock driver */
	.eeprom_len	= 128,		/* 82540EM/82545EM: 64 words */
	/* as the stock driver: WUFC EX, MC, BC, MAG */
	.wol_supported	= WAKE_UCAST | WAKE_MCAST | WAKE_BCAST | WAKE_MAGIC,
	.reg_rules	= mdrv_e1000_reg_rules,
	.n_reg_rules	= ARRAY_SIZE(mdrv_e1000_reg_rules),
	.diag_regs	= e1000_diag_regs,
	.n_diag_regs	= ARRAY_SIZE(e1000_diag_regs),
	.hw_stats	= mdrv_e1000_hw_stats,
	.n_hw_stats	= ARRAY_SIZE(mdrv_e1000_hw_stats),
	.test_names	= mdrv_e1000_test_names,
	.n_tests	= ARRAY_SIZE(mdrv_e1000_test_names),
	.setup		= e1000_setup,
	.defaults	= e1000_defaults,
	.rx_buf_ok	= e1000_rx_buf_ok,
	.reg_read	= e1000_reg_read,
	.reg_write	= e1000_reg_write,
	.quiesce	= e1000_quiesce,
	.start		= e1000_start,
	.tx_stop	= e1000_tx_stop,
	.tx_start	= e1000_tx_start,
	.irq_ack	= e1000_irq_ack,
	.irq_enable	= e1000_irq_enable,
	.irq_disable	= e1000_irq_disable,
	.link_up	= e1000_link_up,
	.link_irq	= true,		/* ICR.LSC */
	.engines_off	= e1000_engines_off,
	.tx_ctx		= e1000_tx_ctx,
	.tx_desc	= e1000_tx_desc,
	.tx_done	= e1000_tx_done,
	.tx_kick	= e1000_tx_kick,
	.rx_status	= e1000_rx_status,
	.rx_give	= e1000_rx_give,
	.rx_kick	= e1000_rx_kick,
};
