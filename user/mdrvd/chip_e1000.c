// SPDX-License-Identifier: GPL-2.0
/*
 * Policy for the Intel 82540EM / 82545EM (QEMU -device e1000 and
 * e1000-82545em). Section numbers: 8254x SDM rev 4.0.
 *
 * QEMU facts relied on (hw/net/e1000.c, e1000x_common.c):
 *  - receive filter: RAR[0..15] exact match (RAH.AV), then the 4096-bit
 *    MTA indexed with (((addr[5] << 8) | addr[4]) >> 4) & 0xfff for
 *    RCTL.MO = 0 -- the stock driver's hash (addr[5] << 4 | addr[4] >> 4);
 *  - EERD answers at once (DONE bit 4, data in bits 31:16), 64 words;
 *  - MDIC completes at once; PHY address 1 only;
 *  - forced speed/duplex in CTRL never shows in STATUS;
 *  - VLAN: with CTRL.VME it strips tags of type VET (0x8100, set at probe)
 *    and inserts them for descriptors with VLE; with RCTL.VFE it drops a
 *    tagged frame whose VID has no bit in the VFTA (no counter moves);
 *  - PHY: specific control (16) 0x0360 -- auto crossover -- and specific
 *    status (17) 0xac00 -- resolved, MDI (bit 6 clear), never changed;
 *  - WUC/WUFC are stored, nothing wakes;
 *  - statistics: only some registers clear on read (stats.h).
 */
#include <errno.h>
#include <string.h>

#include <net/if.h>
#include <linux/ethtool.h>

#include "chip.h"
#include "log.h"
#include "mdrv_e1000_regs.h"
#include "mdrv_genl.h"
#include "mdrv_selftest.h"
#include "mdrv_stats.h"
#include "regs.h"

/* Private register constants (candidates for common/mdrv_e1000_regs.h) */
#define E1000_CTRL_SPEED_SHIFT	8
#define E1000_CTRL_SPEED_MASK	0x00000300
#define E1000_CTRL_FRCSPD	0x00000800	/* force speed */
#define E1000_CTRL_FRCDPLX	0x00001000	/* force duplex */
#define E1000_STATUS_SPEED_SHIFT 6
#define E1000_RAH_AV		0x80000000	/* address valid */
#define E1000_RCTL_MO_MASK	0x00003000	/* multicast offset */
#define E1000_MDIC_REG_SHIFT	16
#define E1000_MDIC_PHY_SHIFT	21
#define E1000_MDIC_OP_WRITE	0x04000000
#define E1000_MDIC_OP_READ	0x08000000
#define E1000_MDIC_READY	0x10000000
#define E1000_MDIC_ERROR	0x40000000
#define E1000_PHY_ADDR		1
#define E1000_EEPROM_WORDS	64
#define E1000_EEPROM_SUM	0xBABA
#define E1000_RAR_SECONDARY	15		/* RAR[1..15] */
#define E1000_MAX_MTU		16110
#define E1000_MIN_MTU		68
#define E1000_ITR_MAX		0xffff
#define MII_BMCR		0
#define MII_ADVERTISE		4	/* 10/100 modes advertised */
#define MII_CTRL1000		9	/* 1000BASE-T control: modes advertised */
#define MII_LPA			5	/* the link partner's abilities */
#define ADVERTISE_PAUSE_CAP	0x0400	/* 802.3 Annex 28B: symmetric pause */
#define ADVERTISE_PAUSE_ASYM	0x0800	/* asymmetric pause */
#define E1000_CTRL_RFCE		0x08000000	/* receive flow control */
#define E1000_CTRL_TFCE		0x10000000	/* transmit flow control */
#define BMCR_ANRESTART		0x0200
#define BMCR_ANENABLE		0x1000

/* polls of a self-clearing command register before giving up */
#define E1000_POLL_TRIES	10

#define ETH_HLEN_		14
#define VLAN_HLEN_		4
#define ETH_FCS_LEN_		4

#define LM(x)	(1u << ETHTOOL_LINK_MODE_##x##_BIT)
#define E1000_ADV_SPEEDS	(LM(10baseT_Half) | LM(10baseT_Full) | \
				 LM(100baseT_Half) | LM(100baseT_Full) | \
				 LM(1000baseT_Full))
/* as the stock driver: no 1000baseT_Half on copper */
#define E1000_SUPPORTED		(E1000_ADV_SPEEDS | LM(Autoneg) | LM(TP))



static uint32_t wval(const struct mdrvd_dev *d, uint32_t addr, uint32_t v)
{
	return mdrvd_reg_wval(d->chip, MDRV_REG_MMIO, addr, v);
}

static void add_mmio(struct mdrvd_batch *b, const struct mdrvd_dev *d,
		     uint32_t addr, uint32_t v)
{
	mdrvd_batch_add(b, MDRV_REG_MMIO, addr, wval(d, addr, v));
}

/* 13.5.2 RAL/RAH entry @i: @a or cleared (AV off) */
static void add_rar(struct mdrvd_batch *b, const struct mdrvd_dev *d,
		    unsigned int i, const uint8_t *a)
{
	uint32_t ral = 0, rah = 0;

	if (a) {
		ral = a[0] | a[1] << 8 | a[2] << 16 | (uint32_t)a[3] << 24;
		rah = a[4] | a[5] << 8 | E1000_RAH_AV;
	}
	add_mmio(b, d, E1000_RAL0 + 8 * i, ral);
	add_mmio(b, d, E1000_RAH0 + 8 * i, rah);
}

/* Stock e1000_hash_mc_addr() for RCTL.MO = 0: bits 47:36 of the address. */
static unsigned int e1000_mta_hash(const uint8_t *a)
{
	return ((a[5] << 4) | (a[4] >> 4)) & 0xfff;
}

/*
 * Receive filters: RAR[1..15], the MTA and RCTL's UPE/MPE/BAM/MO/VFE.
 * Returns the new RCTL (not yet added to @b).
 */
static uint32_t add_filters(struct mdrvd_batch *b, const struct mdrvd_dev *d,
			    const struct mdrvd_rxmode *rm, uint32_t rctl)
{
	uint32_t mta[E1000_MTA_ENTRIES] = { 0 };
	bool uc_fit = !rm->uc_overflow && rm->n_uc <= E1000_RAR_SECONDARY;
	unsigned int i;

	rctl &= ~(E1000_RCTL_UPE | E1000_RCTL_MPE | E1000_RCTL_BAM |
		  E1000_RCTL_MO_MASK | E1000_RCTL_VFE);
	if (rm->flags & IFF_PROMISC)
		rctl |= E1000_RCTL_UPE | E1000_RCTL_MPE;
	/* as the stock driver: promiscuous takes every VLAN too */
	else if (rm->vlan_flags & MDRV_VLAN_F_FILTER)
		rctl |= E1000_RCTL_VFE;
	if (rm->flags & IFF_ALLMULTI || rm->mc_overflow)
		rctl |= E1000_RCTL_MPE;
	if (!uc_fit)
		rctl |= E1000_RCTL_UPE;	/* more than the exact filters */
	if (rm->flags & IFF_BROADCAST)
		rctl |= E1000_RCTL_BAM;

	for (i = 0; i < E1000_RAR_SECONDARY; i++)
		add_rar(b, d, 1 + i, uc_fit && i < rm->n_uc ? rm->uc[i] : NULL);

	for (i = 0; i < rm->n_mc; i++) {
		unsigned int h = e1000_mta_hash(rm->mc[i]);

		mta[h >> 5] |= 1u << (h & 31);
	}
	for (i = 0; i < E1000_MTA_ENTRIES; i++)
		add_mmio(b, d, E1000_MTA + 4 * i, mta[i]);
	return rctl;
}

/*
 * 13.4.39 VFTA: one bit per active VLAN ID, in its own batch (with RAR and
 * MTA it would not fit one), written before RCTL.VFE turns the filter on.
 */
static int write_vfta(struct mdrvd_dev *d, const struct mdrvd_rxmode *rm)
{
	struct mdrvd_batch b;
	unsigned int i;

	mdrvd_batch_init(&b);
	for (i = 0; i < E1000_VFTA_ENTRIES; i++)
		add_mmio(&b, d, E1000_VFTA + 4 * i, rm->vlan_ids[i]);
	return mdrvd_batch_write(&d->hw, &b);
}

/* 13.4.1 CTRL.VME: strip received tags, insert tags of VLE descriptors. */
static uint32_t ctrl_vlan(uint32_t ctrl, const struct mdrvd_rxmode *rm)
{
	if (rm->vlan_flags & MDRV_VLAN_F_STRIP)
		return ctrl | E1000_CTRL_VME;
	return ctrl & ~E1000_CTRL_VME;
}

/* 13.6: WAKE_* to the wake-up filters; PME only if any is on. */
static void add_wol(struct mdrvd_batch *b, const struct mdrvd_dev *d,
		    uint32_t wol)
{
	uint32_t wufc = 0;

	if (wol & WAKE_UCAST)
		wufc |= E1000_WUFC_EX;
	if (wol & WAKE_MCAST)
		wufc |= E1000_WUFC_MC;
	if (wol & WAKE_BCAST)
		wufc |= E1000_WUFC_BC;
	if (wol & WAKE_MAGIC)
		wufc |= E1000_WUFC_MAG;
	add_mmio(b, d, E1000_WUFC, wufc);
	add_mmio(b, d, E1000_WUC, wufc ? E1000_WUC_PME_EN : 0);
}

static uint32_t wufc_to_wol(uint32_t wufc)
{
	return (wufc & E1000_WUFC_EX ? WAKE_UCAST : 0) |
	       (wufc & E1000_WUFC_MC ? WAKE_MCAST : 0) |
	       (wufc & E1000_WUFC_BC ? WAKE_BCAST : 0) |
	       (wufc & E1000_WUFC_MAG ? WAKE_MAGIC : 0);
}

/* 13.4.22: long packets for an MTU above 1500; strip the FCS. */
static uint32_t rctl_frame(uint32_t rctl, uint32_t mtu)
{
	rctl &= ~(E1000_RCTL_LPE | E1000_RCTL_SBP);
	rctl |= E1000_RCTL_SECRC;
	if (mtu > 1500)
		rctl |= E1000_RCTL_LPE;
	return rctl;
}

/* 13.4.1 CTRL for the link settings: autoneg or forced speed/duplex. */
static uint32_t ctrl_link(uint32_t ctrl, const struct mdrvd_link_want *l)
{
	ctrl |= E1000_CTRL_SLU;
	if (l->autoneg) {
		ctrl |= E1000_CTRL_ASDE;
		ctrl &= ~(E1000_CTRL_FRCSPD | E1000_CTRL_FRCDPLX);
		return ctrl;
	}
	ctrl &= ~(E1000_CTRL_ASDE | E1000_CTRL_SPEED_MASK | E1000_CTRL_FD);
	ctrl |= E1000_CTRL_FRCSPD | E1000_CTRL_FRCDPLX;
	if (l->speed == 100)
		ctrl |= 1u << E1000_CTRL_SPEED_SHIFT;
	else if (l->speed == 1000)
		ctrl |= 2u << E1000_CTRL_SPEED_SHIFT;
	if (l->duplex == DUPLEX_FULL)
		ctrl |= E1000_CTRL_FD;
	return ctrl;
}

/*
 * Flow control, as the stock driver sets it up: the ANAR pause bits for
 * what was asked (none; rx, or rx and tx: both bits; tx only: asymmetric)
 * and, once the link is up, CTRL.RFCE/TFCE as negotiated.
 */
static uint16_t pause_anar(uint8_t want)
{
	if (want & MDRV_PAUSE_ASK_RX)
		return ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM;
	return want & MDRV_PAUSE_ASK_TX ? ADVERTISE_PAUSE_ASYM : 0;
}

/*
 * 802.3 Annex 28B resolution, and the stock driver's allowance for a
 * partner that advertises no pause at all (QEMU's): one asked to receive
 * pause frames still honours them. Returns the CTRL bits.
 */
static uint32_t pause_resolve(uint16_t anar, uint16_t lpa, uint8_t want)
{
	bool rx = want & MDRV_PAUSE_ASK_RX, tx = want & MDRV_PAUSE_ASK_TX;

	if (anar & lpa & ADVERTISE_PAUSE_CAP)
		return E1000_CTRL_RFCE | (tx ? E1000_CTRL_TFCE : 0);
	if (!(anar & ADVERTISE_PAUSE_CAP) && anar & ADVERTISE_PAUSE_ASYM &&
	    (lpa & (ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM)) ==
	    (ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM))
		return E1000_CTRL_TFCE;
	return rx ? E1000_CTRL_RFCE : 0;
}

/* The CTRL bits for forced flow control; negotiated ones are kept. */
static uint32_t ctrl_pause(uint32_t ctrl, uint8_t want)
{
	if (want & MDRV_PAUSE_AUTONEG)
		return ctrl;
	ctrl &= ~(E1000_CTRL_RFCE | E1000_CTRL_TFCE);
	if (want & MDRV_PAUSE_ASK_RX)
		ctrl |= E1000_CTRL_RFCE;
	if (want & MDRV_PAUSE_ASK_TX)
		ctrl |= E1000_CTRL_TFCE;
	return ctrl;
}

/* Receive buffer for @mtu: frame + VLAN tag + FCS, in the RCTL sizes. */
static uint32_t e1000_buf_len(uint32_t mtu)
{
	uint32_t need = mtu + ETH_HLEN_ + VLAN_HLEN_ + ETH_FCS_LEN_, len;

	for (len = 2048; len < 16384 && len < need; len <<= 1)
		;
	return len;
}

static uint32_t itr_to_usecs(uint32_t itr)
{
	return (itr * 256 + 500) / 1000;
}

static uint32_t usecs_to_itr(uint32_t usecs)
{
	return (usecs * 1000 + 128) / 256;
}

static int e1000_adv_read(struct mdrvd_dev *d, uint32_t *adv);
static int e1000_adv_write(struct mdrvd_dev *d, uint32_t adv);
static int e1000_an_restart(struct mdrvd_dev *d);

static int e1000_read_back(struct mdrvd_dev *d)
{
	struct mdrvd_batch b;
	uint32_t ctrl;
	int err;

	mdrvd_batch_init(&b);
	mdrvd_batch_add(&b, MDRV_REG_MMIO, E1000_CTRL, 0);
	mdrvd_batch_add(&b, MDRV_REG_MMIO, E1000_ITR, 0);
	mdrvd_batch_add(&b, MDRV_REG_MMIO, E1000_WUFC, 0);
	err = mdrvd_batch_read(&d->hw, &b, NULL);
	if (err)
		return err;
	ctrl = b.r[0].value;
	d->want.wol = wufc_to_wol(b.r[2].value);
	if (ctrl & E1000_CTRL_FRCSPD) {
		static const uint32_t speed[] = { 10, 100, 1000, 1000 };

		d->want.link.autoneg = false;
		d->want.link.speed = speed[(ctrl & E1000_CTRL_SPEED_MASK) >>
					   E1000_CTRL_SPEED_SHIFT];
		d->want.link.duplex = ctrl & E1000_CTRL_FD ? DUPLEX_FULL :
							     DUPLEX_HALF;
	} else {
		/* the modes advertised live in the PHY, not in the daemon */
		d->want.link.autoneg = true;
		err = e1000_adv_read(d, &d->want.link.advertising);
		if (err)
			return err;
		if (!d->want.link.advertising)
			d->want.link.advertising = E1000_ADV_SPEEDS;
	}
	d->want.itr = b.r[1].value & E1000_ITR_MAX;
	d->want.rx_usecs = itr_to_usecs(d->want.itr);
	return 0;
}

static int read_rctl_ctrl(struct mdrvd_dev *d, uint32_t *rctl, uint32_t *ctrl,
			  uint32_t *tctl)
{
	struct mdrvd_batch b;
	int err;

	mdrvd_batch_init(&b);
	mdrvd_batch_add(&b, MDRV_REG_MMIO, E1000_RCTL, 0);
	mdrvd_batch_add(&b, MDRV_REG_MMIO, E1000_CTRL, 0);
	mdrvd_batch_add(&b, MDRV_REG_MMIO, E1000_TCTL, 0);
	err = mdrvd_batch_read(&d->hw, &b, NULL);
	if (err)
		return err;
	*rctl = b.r[0].value;
	if (ctrl)
		*ctrl = b.r[1].value;
	if (tctl)
		*tctl = b.r[2].value;
	return 0;
}

/*
 * RCTL only when it changes: QEMU's e1000 holds received frames back for a
 * second after every RCTL write (its flush_queue_timer), so a needless
 * write costs a second of traffic.
 */
static void add_rctl(struct mdrvd_batch *b, const struct mdrvd_dev *d,
		     uint32_t old, uint32_t rctl)
{
	if (wval(d, E1000_RCTL, rctl) != wval(d, E1000_RCTL, old))
		add_mmio(b, d, E1000_RCTL, rctl);
}

static int e1000_apply(struct mdrvd_dev *d, const struct mdrvd_rxmode *rm,
		       bool rings)
{
	uint32_t rctl, rctl0, ctrl, tctl, buf = e1000_buf_len(d->want.mtu);
	struct mdrvd_batch b;
	int err;

	if (rings && buf != d->want.rx_buf_len) {
		err = d->hw.ops->ring_set(d->hw.ctx, d->want.ring_tx,
					  d->want.ring_rx, buf);
		if (err)
			return err;
		d->want.rx_buf_len = buf;
	}
	err = read_rctl_ctrl(d, &rctl0, &ctrl, &tctl);
	if (!err)
		err = write_vfta(d, rm);
	if (err)
		return err;
	mdrvd_batch_init(&b);
	add_rar(&b, d, 0, d->want.mac);
	rctl = add_filters(&b, d, rm, rctl0);
	add_rctl(&b, d, rctl0, rctl_frame(rctl, d->want.mtu));
	add_mmio(&b, d, E1000_ITR, d->want.itr);
	add_mmio(&b, d, E1000_CTRL,
		 ctrl_pause(ctrl_vlan(ctrl_link(ctrl, &d->want.link), rm),
			    d->want.pause));
	add_wol(&b, d, d->want.wol);
	/* a chip reset gave the PHY its default advertisement back */
	if (d->want.link.autoneg &&
	    (d->want.link.advertising != E1000_ADV_SPEEDS ||
	     pause_anar(d->want.pause) !=
	     pause_anar(MDRVD_PAUSE_DEFAULT))) {
		err = e1000_adv_write(d, d->want.link.advertising);
		if (err < 0)
			return err;
	}
	/* 14.5 transmit control; the enable bit stays the kernel's */
	if ((tctl & ~E1000_TCTL_EN) != E1000_TCTL_CONFIG)
		add_mmio(&b, d, E1000_TCTL,
			 (tctl & E1000_TCTL_EN) | E1000_TCTL_CONFIG);
	return mdrvd_batch_write(&d->hw, &b);
}

static int e1000_set_mac(struct mdrvd_dev *d, const uint8_t mac[6])
{
	struct mdrvd_batch b;
	int err;

	mdrvd_batch_init(&b);
	add_rar(&b, d, 0, mac);
	err = mdrvd_batch_write(&d->hw, &b);
	if (!err)
		memcpy(d->want.mac, mac, 6);
	return err;
}

static int set_lpe(struct mdrvd_dev *d, uint32_t mtu)
{
	uint32_t rctl;
	int err;

	err = read_rctl_ctrl(d, &rctl, NULL, NULL);
	/* only on a change: see add_rctl() */
	if (!err && rctl_frame(rctl, mtu) != rctl)
		err = mdrvd_reg_write1(&d->hw, MDRV_REG_MMIO, E1000_RCTL,
				       wval(d, E1000_RCTL,
					    rctl_frame(rctl, mtu)));
	return err;
}

static int e1000_change_mtu(struct mdrvd_dev *d, uint32_t mtu)
{
	uint32_t buf = e1000_buf_len(mtu);
	int err;

	if (mtu < E1000_MIN_MTU || mtu > E1000_MAX_MTU)
		return -EINVAL;
	if (buf != d->want.rx_buf_len) {
		/* shrinking: no long frames into the old buffers' successors */
		if (mtu <= 1500) {
			err = set_lpe(d, mtu);
			if (err)
				return err;
		}
		err = d->hw.ops->ring_set(d->hw.ctx, d->want.ring_tx,
					  d->want.ring_rx, buf);
		if (err) {
			set_lpe(d, d->want.mtu);
			return err;
		}
		d->want.rx_buf_len = buf;
	}
	err = set_lpe(d, mtu);
	if (err)
		return err;
	if (mtu != d->want.mtu)
		log_info("%s: mtu %u, receive buffers %u bytes", d->ifname,
			 mtu, buf);
	d->want.mtu = mtu;
	return 0;
}

static int e1000_rx_mode(struct mdrvd_dev *d, const struct mdrvd_rxmode *rm)
{
	struct mdrvd_batch b;
	uint32_t rctl, rctl0, ctrl;
	int err;

	err = read_rctl_ctrl(d, &rctl0, &ctrl, NULL);
	if (!err)
		err = write_vfta(d, rm);
	if (err)
		return err;
	mdrvd_batch_init(&b);
	rctl = add_filters(&b, d, rm, rctl0);
	add_rctl(&b, d, rctl0, rctl_frame(rctl, d->want.mtu));
	add_mmio(&b, d, E1000_CTRL, ctrl_vlan(ctrl, rm));
	return mdrvd_batch_write(&d->hw, &b);
}

static int e1000_link_up(struct mdrvd_dev *d, bool *up)
{
	uint32_t status;
	int err;

	err = mdrvd_reg_read1(&d->hw, MDRV_REG_MMIO, E1000_STATUS, &status);
	if (!err)
		*up = status & E1000_STATUS_LU;
	return err;
}

/* 13.4.7 MDIC: one PHY register access, polled for READY. */
static int mdic(struct mdrvd_dev *d, uint32_t op, uint32_t reg, uint16_t data,
		uint16_t *out)
{
	uint32_t v = data | reg << E1000_MDIC_REG_SHIFT |
		     E1000_PHY_ADDR << E1000_MDIC_PHY_SHIFT | op;
	unsigned int i;
	int err;

	err = mdrvd_reg_write1(&d->hw, MDRV_REG_MMIO, E1000_MDIC,
			       wval(d, E1000_MDIC, v));
	for (i = 0; !err && i < E1000_POLL_TRIES; i++) {
		err = mdrvd_reg_read1(&d->hw, MDRV_REG_MMIO, E1000_MDIC, &v);
		if (!err && (v & E1000_MDIC_READY))
			break;
	}
	if (err)
		return err;
	if (!(v & E1000_MDIC_READY))
		return -ETIMEDOUT;
	if (v & E1000_MDIC_ERROR)
		return -EIO;
	if (out)
		*out = v & 0xffff;
	return 0;
}

/* Where each advertised mode is in the PHY (IEEE 802.3 clause 28, 40). */
static const struct {
	uint32_t mode;
	uint16_t reg, bit;
} e1000_adv_bits[] = {
	{ LM(10baseT_Half), MII_ADVERTISE, 0x0020 },
	{ LM(10baseT_Full), MII_ADVERTISE, 0x0040 },
	{ LM(100baseT_Half), MII_ADVERTISE, 0x0080 },
	{ LM(100baseT_Full), MII_ADVERTISE, 0x0100 },
	{ LM(1000baseT_Full), MII_CTRL1000, 0x0200 },
};

static int e1000_adv_regs(struct mdrvd_dev *d, uint16_t *anar, uint16_t *gctl)
{
	int err = mdic(d, E1000_MDIC_OP_READ, MII_ADVERTISE, 0, anar);

	return err ? err : mdic(d, E1000_MDIC_OP_READ, MII_CTRL1000, 0, gctl);
}

/* The modes the PHY advertises: it holds them across daemons. */
static int e1000_adv_read(struct mdrvd_dev *d, uint32_t *adv)
{
	uint16_t v[2];
	unsigned int i;
	int err;

	err = e1000_adv_regs(d, &v[0], &v[1]);
	if (err)
		return err;
	*adv = 0;
	for (i = 0; i < sizeof(e1000_adv_bits) / sizeof(e1000_adv_bits[0]); i++)
		if (v[e1000_adv_bits[i].reg == MII_CTRL1000] &
		    e1000_adv_bits[i].bit)
			*adv |= e1000_adv_bits[i].mode;
	return 0;
}

/*
 * Advertise @adv and the pause bits of d->want.pause, other bits kept; what
 * changed is negotiated at once, as the stock driver does (the link goes
 * down while it does). Returns 1 if the advertisement changed, 0 if not,
 * or -errno.
 */
static int e1000_adv_write(struct mdrvd_dev *d, uint32_t adv)
{
	static const uint16_t reg[2] = { MII_ADVERTISE, MII_CTRL1000 };
	uint16_t v[2], w[2];
	unsigned int i;
	int err;

	err = e1000_adv_regs(d, &v[0], &v[1]);
	if (err)
		return err;
	w[0] = (v[0] & ~(ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM)) |
	       pause_anar(d->want.pause);
	w[1] = v[1];
	for (i = 0; i < sizeof(e1000_adv_bits) / sizeof(e1000_adv_bits[0]); i++) {
		uint16_t *p = &w[e1000_adv_bits[i].reg == MII_CTRL1000];

		if (adv & e1000_adv_bits[i].mode)
			*p |= e1000_adv_bits[i].bit;
		else
			*p &= ~e1000_adv_bits[i].bit;
	}
	for (i = 0; i < 2 && !err; i++)
		if (w[i] != v[i])
			err = mdic(d, E1000_MDIC_OP_WRITE, reg[i], w[i], NULL);
	if (err || (w[0] == v[0] && w[1] == v[1]))
		return err;
	err = e1000_an_restart(d);
	return err ? err : 1;
}

/*
 * M88 PHY: the crossover mode asked for (PSCR bits 6:5) and, once the link
 * is resolved, the one in use (PSSR bit 6), as ETH_TP_MDI*.
 */
static void e1000_mdix_decode(uint16_t pscr, uint16_t pssr, bool link,
			      uint8_t *mdix, uint8_t *mdix_ctrl)
{
	switch ((pscr & M88_PSCR_MDIX_MASK) >> M88_PSCR_MDIX_SHIFT) {
	case M88_PSCR_MDI:
		*mdix_ctrl = ETH_TP_MDI;
		break;
	case M88_PSCR_MDIX:
		*mdix_ctrl = ETH_TP_MDI_X;
		break;
	default:
		*mdix_ctrl = ETH_TP_MDI_AUTO;
		break;
	}
	if (link && (pssr & M88_PSSR_RESOLVED))
		*mdix = pssr & M88_PSSR_MDIX ? ETH_TP_MDI_X : ETH_TP_MDI;
	else
		*mdix = ETH_TP_MDI_INVALID;
}

/* ETH_TP_MDI* asked for in `ethtool -s DEV mdix` to PSCR bits 6:5 */
static int e1000_mdix_mode(uint8_t mdix_ctrl, uint16_t *mode)
{
	switch (mdix_ctrl) {
	case ETH_TP_MDI:
		*mode = M88_PSCR_MDI;
		return 0;
	case ETH_TP_MDI_X:
		*mode = M88_PSCR_MDIX;
		return 0;
	case ETH_TP_MDI_AUTO:
		*mode = M88_PSCR_AUTO;
		return 0;
	}
	return -EINVAL;
}

/*
 * Flow control now: forced as asked, or negotiated once the link is up
 * (CTRL set to the outcome, as the stock driver does after a link change).
 * Returns the MDRV_PAUSE_* of `ethtool -a`, or -errno.
 */
static int e1000_pause_now(struct mdrvd_dev *d, bool link)
{
	uint32_t ctrl, want;
	uint16_t anar, lpa;
	int err;

	err = mdrvd_reg_read1(&d->hw, MDRV_REG_MMIO, E1000_CTRL, &ctrl);
	if (err)
		return err;
	want = ctrl_pause(ctrl, d->want.pause);
	if (d->want.pause & MDRV_PAUSE_AUTONEG && d->want.link.autoneg &&
	    link) {
		err = mdic(d, E1000_MDIC_OP_READ, MII_ADVERTISE, 0, &anar);
		if (!err)
			err = mdic(d, E1000_MDIC_OP_READ, MII_LPA, 0, &lpa);
		if (err)
			return err;
		want = (ctrl & ~(E1000_CTRL_RFCE | E1000_CTRL_TFCE)) |
		       pause_resolve(anar, lpa, d->want.pause);
	}
	if (want != ctrl) {
		err = mdrvd_reg_write1(&d->hw, MDRV_REG_MMIO, E1000_CTRL,
				       wval(d, E1000_CTRL, want));
		if (err)
			return err;
	}
	return (d->want.pause & MDRVD_PAUSE_WANT) |
	       (want & E1000_CTRL_RFCE ? MDRV_PAUSE_RX : 0) |
	       (want & E1000_CTRL_TFCE ? MDRV_PAUSE_TX : 0);
}

static int e1000_get_link(struct mdrvd_dev *d, struct mdrv_link *l)
{
	static const uint32_t speed[] = { 10, 100, 1000, 1000 };
	uint16_t pscr, pssr;
	uint32_t status;
	int err;

	err = mdrvd_reg_read1(&d->hw, MDRV_REG_MMIO, E1000_STATUS, &status);
	if (err)
		return err;
	memset(l, 0, sizeof(*l));
	l->link = !!(status & E1000_STATUS_LU);
	if (l->link) {
		l->speed = speed[(status & E1000_STATUS_SPEED_MASK) >>
				 E1000_STATUS_SPEED_SHIFT];
		l->duplex = status & E1000_STATUS_FD ? DUPLEX_FULL :
						       DUPLEX_HALF;
	} else {
		l->speed = (uint32_t)SPEED_UNKNOWN;
		l->duplex = DUPLEX_UNKNOWN;
	}
	/* a PHY that does not answer leaves MDI-X unknown, nothing else */
	if (!mdic(d, E1000_MDIC_OP_READ, M88_PSCR, 0, &pscr) &&
	    !mdic(d, E1000_MDIC_OP_READ, M88_PSSR, 0, &pssr))
		e1000_mdix_decode(pscr, pssr, l->link, &l->mdix,
				  &l->mdix_ctrl);
	/* QEMU never shows a forced setting in STATUS: report what we set */
	l->autoneg = d->want.link.autoneg ? AUTONEG_ENABLE : AUTONEG_DISABLE;
	l->port = PORT_TP;
	l->supported = E1000_SUPPORTED;
	l->advertising = LM(TP);
	if (d->want.link.autoneg)
		l->advertising |= LM(Autoneg) | d->want.link.advertising;
	err = e1000_pause_now(d, l->link);
	if (err < 0)
		return err;
	l->pause = err;
	return 0;
}

/*
 * ethtool -A. Negotiated: advertised, and negotiated again if that changed
 * (the link goes down, as with the stock driver); forced: CTRL at once.
 */
static int e1000_set_pause(struct mdrvd_dev *d, uint8_t want)
{
	uint8_t old = d->want.pause;
	uint32_t ctrl;
	int err;

	d->want.pause = want;
	err = d->want.link.autoneg ?
	      e1000_adv_write(d, d->want.link.advertising) : 0;
	if (err >= 0)
		err = mdrvd_reg_read1(&d->hw, MDRV_REG_MMIO, E1000_CTRL, &ctrl);
	if (!err && ctrl_pause(ctrl, want) != ctrl)
		err = mdrvd_reg_write1(&d->hw, MDRV_REG_MMIO, E1000_CTRL,
				       wval(d, E1000_CTRL,
					    ctrl_pause(ctrl, want)));
	if (err < 0) {
		d->want.pause = old;
		return err;
	}
	d->pending |= MDRVD_PEND_LINK;
	return 0;
}

static int e1000_set_link(struct mdrvd_dev *d, const struct mdrv_link *l)
{
	struct mdrvd_link_want want = { 0 };
	uint16_t mode = M88_PSCR_AUTO, pscr = 0;
	uint32_t rctl, ctrl;
	int err;

	if (l->autoneg == AUTONEG_ENABLE) {
		if (l->advertising & ~E1000_SUPPORTED ||
		    !(l->advertising & E1000_ADV_SPEEDS))
			return -EINVAL;
		want.autoneg = true;
		want.advertising = l->advertising & E1000_ADV_SPEEDS;
	} else if (l->autoneg == AUTONEG_DISABLE) {
		if (l->duplex != DUPLEX_HALF && l->duplex != DUPLEX_FULL)
			return -EINVAL;
		switch (l->speed) {
		case 10:
		case 100:
			want.speed = l->speed;
			want.duplex = l->duplex;
			break;
		case 1000:
			/* as the stock driver: 1000/full means autoneg
			 * advertising only that; 1000/half is refused
			 */
			if (l->duplex != DUPLEX_FULL)
				return -EINVAL;
			want.autoneg = true;
			want.advertising = LM(1000baseT_Full);
			break;
		default:
			return -EINVAL;
		}
	} else {
		return -EINVAL;
	}
	/* 0: not given; forcing MDI or MDI-X needs forced speed (stock) */
	if (l->mdix_ctrl != ETH_TP_MDI_INVALID &&
	    (e1000_mdix_mode(l->mdix_ctrl, &mode) ||
	     (mode != M88_PSCR_AUTO && want.autoneg)))
		return -EINVAL;
	err = want.autoneg ? e1000_adv_write(d, want.advertising) : 0;
	if (err >= 0)
		err = read_rctl_ctrl(d, &rctl, &ctrl, NULL);
	if (!err)
		err = mdrvd_reg_write1(&d->hw, MDRV_REG_MMIO, E1000_CTRL,
				       wval(d, E1000_CTRL,
					    ctrl_link(ctrl, &want)));
	if (!err && l->mdix_ctrl != ETH_TP_MDI_INVALID)
		err = mdic(d, E1000_MDIC_OP_READ, M88_PSCR, 0, &pscr);
	if (!err && l->mdix_ctrl != ETH_TP_MDI_INVALID &&
	    (pscr & M88_PSCR_MDIX_MASK) >> M88_PSCR_MDIX_SHIFT != mode)
		err = mdic(d, E1000_MDIC_OP_WRITE, M88_PSCR,
			   (pscr & ~M88_PSCR_MDIX_MASK) |
			   mode << M88_PSCR_MDIX_SHIFT, NULL);
	if (err)
		return err;
	d->want.link = want;
	d->pending |= MDRVD_PEND_LINK;
	return 0;
}

/* Negotiate again (BMCR restart): the link comes back by its interrupt. */
static int e1000_an_restart(struct mdrvd_dev *d)
{
	uint16_t bmcr;
	int err;

	err = mdic(d, E1000_MDIC_OP_READ, MII_BMCR, 0, &bmcr);
	if (!err)
		err = mdic(d, E1000_MDIC_OP_WRITE, MII_BMCR,
			   bmcr | BMCR_ANENABLE | BMCR_ANRESTART, NULL);
	if (!err)
		d->pending |= MDRVD_PEND_LINK;
	return err;
}

static int e1000_nway_reset(struct mdrvd_dev *d)
{
	return d->want.link.autoneg ? e1000_an_restart(d) : -EINVAL;
}

/* 13.4.4 EERD: read every word once; the EEPROM never changes. */
static int eeprom_load(struct mdrvd_dev *d)
{
	unsigned int w, i;
	uint32_t v = 0;
	int err;

	if (d->eeprom_valid)
		return 0;
	for (w = 0; w < E1000_EEPROM_WORDS; w++) {
		err = mdrvd_reg_write1(&d->hw, MDRV_REG_MMIO, E1000_EERD,
				       wval(d, E1000_EERD, E1000_EERD_START |
					    w << E1000_EERD_ADDR_SHIFT));
		for (i = 0; !err && i < E1000_POLL_TRIES; i++) {
			err = mdrvd_reg_read1(&d->hw, MDRV_REG_MMIO,
					      E1000_EERD, &v);
			if (!err && (v & E1000_EERD_DONE))
				break;
		}
		if (err)
			return err;
		if (!(v & E1000_EERD_DONE))
			return -ETIMEDOUT;
		d->eeprom[w] = v >> E1000_EERD_DATA_SHIFT;
	}
	d->eeprom_valid = true;
	return 0;
}

static int e1000_get_eeprom(struct mdrvd_dev *d, uint32_t off, uint32_t len,
			    uint8_t *buf)
{
	uint32_t i;
	int err;

	if (off > 2 * E1000_EEPROM_WORDS || len > 2 * E1000_EEPROM_WORDS - off)
		return -EINVAL;
	err = eeprom_load(d);
	if (err)
		return err;
	for (i = 0; i < len; i++)
		buf[i] = d->eeprom[(off + i) / 2] >> (8 * ((off + i) & 1));
	return 0;
}

static int e1000_get_coalesce(struct mdrvd_dev *d, struct mdrv_coalesce *c)
{
	uint32_t itr, usecs;
	int err;

	err = mdrvd_reg_read1(&d->hw, MDRV_REG_MMIO, E1000_ITR, &itr);
	if (err)
		return err;
	itr &= E1000_ITR_MAX;
	usecs = itr_to_usecs(itr);
	/* report the value asked for while the chip holds its rounding */
	if (usecs_to_itr(d->want.rx_usecs) == itr)
		usecs = d->want.rx_usecs;
	memset(c, 0, sizeof(*c));
	c->rx_usecs = usecs;
	c->tx_usecs = usecs;
	return 0;
}

static int e1000_set_coalesce(struct mdrvd_dev *d,
			      const struct mdrv_coalesce *c)
{
	uint32_t usecs = c->rx_usecs, itr;
	int err;

	if (c->use_adaptive_rx || c->rx_max_frames)
		return -EOPNOTSUPP;
	/* one timer for both directions: a changed tx value wins */
	if (usecs == d->want.rx_usecs && c->tx_usecs != usecs)
		usecs = c->tx_usecs;
	if (usecs > itr_to_usecs(E1000_ITR_MAX))
		return -EINVAL;
	itr = usecs_to_itr(usecs);
	if (itr > E1000_ITR_MAX)
		itr = E1000_ITR_MAX;
	err = mdrvd_reg_write1(&d->hw, MDRV_REG_MMIO, E1000_ITR,
			       wval(d, E1000_ITR, itr));
	if (err)
		return err;
	d->want.itr = itr;
	d->want.rx_usecs = usecs;
	return 0;
}

static int e1000_set_wol(struct mdrvd_dev *d, uint32_t wolopts)
{
	struct mdrvd_batch b;
	int err;

	if (wolopts & ~(WAKE_UCAST | WAKE_MCAST | WAKE_BCAST | WAKE_MAGIC))
		return -EOPNOTSUPP;
	mdrvd_batch_init(&b);
	add_wol(&b, d, wolopts);
	err = mdrvd_batch_write(&d->hw, &b);
	if (err)
		return err;
	d->want.wol = wolopts;
	log_info("%s: wake-on-lan %#x", d->ifname, wolopts);
	return 0;
}

/* Storage the test may scribble on (restored afterwards): the first VLAN
 * filter words and the delay timers, as QEMU keeps them (16 bits).
 */
static const struct mdrvd_regtest e1000_regtest[] = {
	{ MDRV_REG_MMIO, E1000_VFTA + 0, 0xffffffff },
	{ MDRV_REG_MMIO, E1000_VFTA + 4, 0xffffffff },
	{ MDRV_REG_MMIO, E1000_VFTA + 8, 0xffffffff },
	{ MDRV_REG_MMIO, E1000_VFTA + 12, 0xffffffff },
	{ MDRV_REG_MMIO, E1000_RDTR, 0x0000ffff },
	{ MDRV_REG_MMIO, E1000_RADV, 0x0000ffff },
	{ MDRV_REG_MMIO, E1000_TADV, 0x0000ffff },
};

static int e1000_self_test(struct mdrvd_dev *d, uint32_t flags,
			   struct mdrv_selftest *res)
{
	bool offline = flags & ETH_TEST_FL_OFFLINE;
	uint16_t sum = 0;
	unsigned int i;
	bool up;
	int err;

	memset(res, 0, sizeof(*res));
	res->count = MDRV_E1000_T_COUNT;
	if (offline) {
		err = mdrvd_chip_regtest(d, e1000_regtest,
					 sizeof(e1000_regtest) /
					 sizeof(e1000_regtest[0]),
					 &res->result[MDRV_E1000_T_REG]);
		if (err)
			return err;
		d->eeprom_valid = false;	/* read it afresh */
		err = eeprom_load(d);
		if (err)
			return err;
		for (i = 0; i < E1000_EEPROM_WORDS; i++)
			sum += d->eeprom[i];
		if (sum != E1000_EEPROM_SUM) {
			log_info("%s: eeprom checksum %#06x, expected %#06x",
				 d->ifname, sum, E1000_EEPROM_SUM);
			res->result[MDRV_E1000_T_EEPROM] = 1;
		}
		log_info("%s: self-test: interrupt test skipped (the kernel owns the interrupt), loopback test skipped (QEMU's PHY has no loopback)",
			 d->ifname);
	} else {
		log_info("%s: self-test online: register and eeprom tests skipped",
			 d->ifname);
	}
	err = e1000_link_up(d, &up);
	if (err)
		return err;
	res->result[MDRV_E1000_T_LINK] = !up;
	for (i = 0; i < res->count; i++)
		if (res->result[i])
			res->failed = 1;
	return 0;
}

/* ICR clears on read: the interrupt causes are the kernel's to see */
static const struct mdrvd_diag_reg e1000_diag_regs[] = {
	{ "STATUS", MDRV_REG_MMIO, E1000_STATUS },
	{ "CTRL", MDRV_REG_MMIO, E1000_CTRL },
	{ "PBA", MDRV_REG_MMIO, 0x01000 },
};

#define E1000_COMMON							\
	.diag_regs = e1000_diag_regs,					\
	.n_diag_regs = sizeof(e1000_diag_regs) / sizeof(e1000_diag_regs[0]), \
	.ring_min = E1000_RING_MIN,					\
	.ring_max = E1000_RING_MAX,					\
	.ring_align = E1000_RING_ALIGN,					\
	.mtu_max = E1000_MAX_MTU,					\
	.eeprom_len = 2 * E1000_EEPROM_WORDS,				\
	.counters = mdrv_e1000_hw_stats,					\
	.n_counters = MDRV_E1000_HW_COUNT,				\
	.cnt_mode = MDRVD_CNT_PROBE,					\
	.test_names = mdrv_e1000_test_names,					\
	.n_tests = MDRV_E1000_T_COUNT,	\
	.read_back = e1000_read_back,					\
	.apply = e1000_apply,						\
	.set_mac = e1000_set_mac,					\
	.change_mtu = e1000_change_mtu,					\
	.rx_mode = e1000_rx_mode,					\
	.link_up = e1000_link_up,					\
	.get_link = e1000_get_link,					\
	.set_link = e1000_set_link,					\
	.nway_reset = e1000_nway_reset,					\
	.get_eeprom = e1000_get_eeprom,					\
	.self_test = e1000_self_test,					\
	.set_wol = e1000_set_wol,					\
	.set_pause = e1000_set_pause

/* 82540EM: no coalescing, as in the stock driver (82545 and later only) */
const struct mdrvd_chip_ops mdrvd_e1000_ops = {
	.name = "82540EM",
	E1000_COMMON,
};

const struct mdrvd_chip_ops mdrvd_e1000_82545_ops = {
	.name = "82545EM",
	E1000_COMMON,
	.get_coalesce = e1000_get_coalesce,
	.set_coalesce = e1000_set_coalesce,
};
