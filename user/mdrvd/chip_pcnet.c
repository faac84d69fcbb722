// SPDX-License-Identifier: GPL-2.0
/*
 * Policy for the AMD PCnet-PCI II Am79C970A (QEMU -device pcnet). Section
 * names: Am79C970A data sheet (publication 19436).
 *
 * QEMU facts relied on (hw/net/pcnet.c):
 *  - CSR8-15 take writes only while STOP or SPND is set, so every change of
 *    the station address, logical address filter or mode sits between
 *    CSR5.SPND=1 and CSR5.SPND=0 in one batch (QEMU suspends at once; the
 *    real chip wants SPND polled first, which a batch cannot do);
 *  - ladr_match(): index = lnc_mchash(addr) >> 26 (CRC-32 LE, no final
 *    xor), bit (index & 7) of byte (index >> 3) of CSR8..11 taken as
 *    little-endian bytes -- bit (index & 15) of CSR(8 + (index >> 4));
 *  - no MII: BCR4 bit 15 is the link (while BCR4 bit 6 LNKSTE is set),
 *    BCR9 bit 0 full duplex; 10 Mb/s;
 *  - CSR112 (missed frames) counts up in 16 bits, CSR114 never moves; both
 *    are zeroed by the software reset every chip restart does.
 */
#include <errno.h>
#include <string.h>

#include <net/if.h>
#include <linux/ethtool.h>

#include "chip.h"
#include "mdrv_selftest.h"
#include "log.h"
#include "mdrv_genl.h"
#include "mdrv_pcnet_regs.h"
#include "mdrv_stats.h"
#include "regs.h"

/* Private register constants (candidates for common/mdrv_pcnet_regs.h) */
#define PCNET_CSR5_SPND		0x0001	/* suspend */
#define PCNET_BCR4_LNKSTE	0x0040	/* LED shows link status */
#define PCNET_BCR_LEDPOL	0x4000	/* LED polarity, BCR4-7 */
#define PCNET_BCR9		9	/* full-duplex control */
#define PCNET_BCR9_FDEN		0x0001
#define PCNET_APROM_LEN		16
#define PCNET_MTU		1500
#define PCNET_MIN_MTU		68

#define LM(x)	(1u << ETHTOOL_LINK_MODE_##x##_BIT)



static void add_reg(struct mdrvd_batch *b, const struct mdrvd_dev *d,
		    uint32_t space, uint32_t addr, uint32_t v)
{
	mdrvd_batch_add(b, space, addr, mdrvd_reg_wval(d->chip, space, addr, v));
}

/* CSR8-15 writes need the chip suspended (QEMU ignores them otherwise). */
static void suspend(struct mdrvd_batch *b, const struct mdrvd_dev *d)
{
	add_reg(b, d, MDRV_REG_CSR, PCNET_CSR5, PCNET_CSR5_SPND);
}

static void resume(struct mdrvd_batch *b, const struct mdrvd_dev *d)
{
	add_reg(b, d, MDRV_REG_CSR, PCNET_CSR5, 0);
}

/* CSR12-14: the station address as three little-endian words. */
static void add_padr(struct mdrvd_batch *b, const struct mdrvd_dev *d,
		     const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		add_reg(b, d, MDRV_REG_CSR, PCNET_CSR12 + i,
			mac[2 * i] | mac[2 * i + 1] << 8);
}

/* ether_crc_le(): CRC-32, reflected, init all ones, no final xor */
static uint32_t crc32_le(const uint8_t *p, unsigned int len)
{
	uint32_t crc = 0xffffffff;
	unsigned int bit;

	while (len--) {
		crc ^= *p++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (crc & 1 ? 0xedb88320 : 0);
	}
	return crc;
}

/* CSR8-11 (logical address filter) and CSR15 (mode) for @rm. */
static void add_filters(struct mdrvd_batch *b, const struct mdrvd_dev *d,
			const struct mdrvd_rxmode *rm, uint32_t csr15)
{
	uint16_t ladrf[4] = { 0 };
	unsigned int i;

	if (rm->flags & (IFF_PROMISC | IFF_ALLMULTI) || rm->mc_overflow) {
		memset(ladrf, 0xff, sizeof(ladrf));
	} else {
		for (i = 0; i < rm->n_mc; i++) {
			unsigned int idx = crc32_le(rm->mc[i], 6) >> 26;

			ladrf[idx >> 4] |= 1u << (idx & 15);
		}
	}
	for (i = 0; i < 4; i++)
		add_reg(b, d, MDRV_REG_CSR, PCNET_CSR8 + i, ladrf[i]);

	csr15 &= ~(PCNET_CSR15_PROM | PCNET_CSR15_DRCVBC);
	/* no exact filters for secondary unicast addresses: promiscuous */
	if (rm->flags & IFF_PROMISC || rm->n_uc || rm->uc_overflow)
		csr15 |= PCNET_CSR15_PROM;
	if (!(rm->flags & IFF_BROADCAST))
		csr15 |= PCNET_CSR15_DRCVBC;
	add_reg(b, d, MDRV_REG_CSR, PCNET_CSR15, csr15);
}

static uint32_t bcr9_duplex(uint32_t bcr9, uint8_t duplex)
{
	bcr9 &= ~PCNET_BCR9_FDEN;
	if (duplex == DUPLEX_FULL)
		bcr9 |= PCNET_BCR9_FDEN;
	return bcr9;
}

static int read_regs(struct mdrvd_dev *d, uint32_t *csr15, uint32_t *bcr4,
		     uint32_t *bcr9)
{
	struct mdrvd_batch b;
	int err;

	mdrvd_batch_init(&b);
	mdrvd_batch_add(&b, MDRV_REG_CSR, PCNET_CSR15, 0);
	mdrvd_batch_add(&b, MDRV_REG_BCR, PCNET_BCR4, 0);
	mdrvd_batch_add(&b, MDRV_REG_BCR, PCNET_BCR9, 0);
	err = mdrvd_batch_read(&d->hw, &b, NULL);
	if (err)
		return err;
	if (csr15)
		*csr15 = b.r[0].value;
	if (bcr4)
		*bcr4 = b.r[1].value;
	if (bcr9)
		*bcr9 = b.r[2].value;
	return 0;
}

static int pcnet_read_back(struct mdrvd_dev *d)
{
	uint32_t bcr9;
	int err;

	err = read_regs(d, NULL, NULL, &bcr9);
	if (err)
		return err;
	d->want.link.autoneg = false;
	d->want.link.speed = 10;
	d->want.link.duplex = bcr9 & PCNET_BCR9_FDEN ? DUPLEX_FULL :
						       DUPLEX_HALF;
	d->want.link.advertising = 0;
	return 0;
}

static int pcnet_apply(struct mdrvd_dev *d, const struct mdrvd_rxmode *rm,
		       bool rings)
{
	uint32_t csr15, bcr9;
	struct mdrvd_batch b;
	int err;

	(void)rings;		/* one buffer size fits every MTU */
	err = read_regs(d, &csr15, NULL, &bcr9);
	if (err)
		return err;
	mdrvd_batch_init(&b);
	suspend(&b, d);
	add_padr(&b, d, d->want.mac);
	add_filters(&b, d, rm, csr15);
	resume(&b, d);
	add_reg(&b, d, MDRV_REG_BCR, PCNET_BCR9,
		bcr9_duplex(bcr9, d->want.link.duplex));
	return mdrvd_batch_write(&d->hw, &b);
}

/* The stock pcnet32 refuses this while the interface is up; we suspend. */
static int pcnet_set_mac(struct mdrvd_dev *d, const uint8_t mac[6])
{
	struct mdrvd_batch b;
	int err;

	mdrvd_batch_init(&b);
	suspend(&b, d);
	add_padr(&b, d, mac);
	resume(&b, d);
	err = mdrvd_batch_write(&d->hw, &b);
	if (!err)
		memcpy(d->want.mac, mac, 6);
	return err;
}

static int pcnet_change_mtu(struct mdrvd_dev *d, uint32_t mtu)
{
	if (mtu < PCNET_MIN_MTU || mtu > PCNET_MTU)
		return -EINVAL;
	d->want.mtu = mtu;
	return 0;
}

static int pcnet_rx_mode(struct mdrvd_dev *d, const struct mdrvd_rxmode *rm)
{
	struct mdrvd_batch b;
	uint32_t csr15;
	int err;

	err = read_regs(d, &csr15, NULL, NULL);
	if (err)
		return err;
	mdrvd_batch_init(&b);
	suspend(&b, d);
	add_filters(&b, d, rm, csr15);
	resume(&b, d);
	return mdrvd_batch_write(&d->hw, &b);
}

static int pcnet_link_up(struct mdrvd_dev *d, bool *up)
{
	uint32_t bcr4;
	int err;

	err = mdrvd_reg_read1(&d->hw, MDRV_REG_BCR, PCNET_BCR4, &bcr4);
	if (!err)
		*up = bcr4 & PCNET_BCR4_LEDOUT;
	return err;
}

static int pcnet_get_link(struct mdrvd_dev *d, struct mdrv_link *l)
{
	uint32_t bcr4, bcr9;
	int err;

	err = read_regs(d, NULL, &bcr4, &bcr9);
	if (err)
		return err;
	memset(l, 0, sizeof(*l));
	l->speed = 10;
	l->duplex = bcr9 & PCNET_BCR9_FDEN ? DUPLEX_FULL : DUPLEX_HALF;
	l->autoneg = AUTONEG_DISABLE;
	l->port = PORT_TP;
	l->link = !!(bcr4 & PCNET_BCR4_LEDOUT);
	l->supported = LM(10baseT_Half) | LM(10baseT_Full) | LM(TP);
	return 0;
}

static int pcnet_set_link(struct mdrvd_dev *d, const struct mdrv_link *l)
{
	uint32_t bcr9;
	int err;

	if (l->autoneg != AUTONEG_DISABLE || l->speed != 10 ||
	    (l->duplex != DUPLEX_HALF && l->duplex != DUPLEX_FULL))
		return -EINVAL;
	err = read_regs(d, NULL, NULL, &bcr9);
	if (!err)
		err = mdrvd_reg_write1(&d->hw, MDRV_REG_BCR, PCNET_BCR9,
				       mdrvd_reg_wval(d->chip, MDRV_REG_BCR,
						      PCNET_BCR9,
						      bcr9_duplex(bcr9,
								  l->duplex)));
	if (err)
		return err;
	d->want.link.duplex = l->duplex;
	return 0;
}

static int read_aprom(struct mdrvd_dev *d, uint32_t off, uint32_t len,
		      uint8_t *buf)
{
	struct mdrvd_batch b;
	uint32_t i;
	int err;

	mdrvd_batch_init(&b);
	for (i = 0; i < len; i++)
		mdrvd_batch_add(&b, MDRV_REG_APROM, off + i, 0);
	err = mdrvd_batch_read(&d->hw, &b, NULL);
	if (err)
		return err;
	for (i = 0; i < len; i++)
		buf[i] = b.r[i].value;
	return 0;
}

static int pcnet_get_eeprom(struct mdrvd_dev *d, uint32_t off, uint32_t len,
			    uint8_t *buf)
{
	if (off > PCNET_APROM_LEN || len > PCNET_APROM_LEN - off)
		return -EINVAL;
	return read_aprom(d, off, len, buf);
}

/*
 * ethtool -p: ACTIVE answered 0 means the driver blinks on its own, so the
 * daemon's 2 s tick calls ON/OFF until INACTIVE. ON inverts the LED
 * polarity of BCR4-7 (as the stock pcnet32), OFF restores it; LNKSTE keeps
 * BCR4's link bit working throughout.
 */
static int pcnet_identify(struct mdrvd_dev *d, uint32_t state)
{
	struct mdrvd_batch b;
	unsigned int i;
	int err;

	switch (state) {
	case MDRV_ID_ACTIVE:
		if (d->identify)
			return 0;
		mdrvd_batch_init(&b);
		for (i = 0; i < 4; i++)
			mdrvd_batch_add(&b, MDRV_REG_BCR, PCNET_BCR4 + i, 0);
		err = mdrvd_batch_read(&d->hw, &b, NULL);
		if (err)
			return err;
		for (i = 0; i < 4; i++)
			d->led_saved[i] = b.r[i].value;
		d->identify = true;
		return 0;
	case MDRV_ID_ON:
	case MDRV_ID_OFF:
	case MDRV_ID_INACTIVE:
		if (!d->identify)
			return 0;
		mdrvd_batch_init(&b);
		for (i = 0; i < 4; i++)
			add_reg(&b, d, MDRV_REG_BCR, PCNET_BCR4 + i,
				d->led_saved[i] ^
				(state == MDRV_ID_ON ? PCNET_BCR_LEDPOL : 0));
		err = mdrvd_batch_write(&d->hw, &b);
		/* not restored: the tick tries the restore again, not a blink */
		if (state == MDRV_ID_INACTIVE) {
			d->identify = err;
			d->identify_end = err;
		}
		return err;
	}
	return -EINVAL;
}

/* LED registers 1-3: plain storage in QEMU; bit 15 is computed. */
static const struct mdrvd_regtest pcnet_regtest[] = {
	{ MDRV_REG_BCR, 5, 0x7fff & ~PCNET_BCR4_LNKSTE },
	{ MDRV_REG_BCR, 6, 0x7fff & ~PCNET_BCR4_LNKSTE },
	{ MDRV_REG_BCR, 7, 0x7fff & ~PCNET_BCR4_LNKSTE },
};

/*
 * APROM layout QEMU fills (AMD's convention): bytes 0-5 the address, 9 0x11,
 * 12-13 a little-endian checksum over bytes 0-11 and 14-15, 14-15 "WW".
 */
static bool aprom_ok(const uint8_t *p)
{
	uint16_t sum = 0;
	unsigned int i;

	for (i = 0; i < PCNET_APROM_LEN; i++)
		if (i != 12 && i != 13)
			sum += p[i];
	return sum == (p[12] | p[13] << 8);
}

static int pcnet_self_test(struct mdrvd_dev *d, uint32_t flags,
			   struct mdrv_selftest *res)
{
	uint8_t aprom[PCNET_APROM_LEN];
	unsigned int i;
	bool up;
	int err;

	memset(res, 0, sizeof(*res));
	res->count = MDRV_PCNET_T_COUNT;
	if (flags & ETH_TEST_FL_OFFLINE) {
		err = mdrvd_chip_regtest(d, pcnet_regtest,
					 sizeof(pcnet_regtest) /
					 sizeof(pcnet_regtest[0]),
					 &res->result[MDRV_PCNET_T_REG]);
		if (!err)
			err = read_aprom(d, 0, PCNET_APROM_LEN, aprom);
		if (err)
			return err;
		if (!aprom_ok(aprom)) {
			log_info("%s: APROM checksum mismatch", d->ifname);
			res->result[MDRV_PCNET_T_APROM] = 1;
		}
		log_info("%s: self-test: loopback test skipped (it needs the data path, which is the kernel's)",
			 d->ifname);
	} else {
		log_info("%s: self-test online: register and APROM tests skipped",
			 d->ifname);
	}
	err = pcnet_link_up(d, &up);
	if (err)
		return err;
	res->result[MDRV_PCNET_T_LINK] = !up;
	for (i = 0; i < res->count; i++)
		if (res->result[i])
			res->failed = 1;
	return 0;
}

/* CSR0 holds the interrupt causes (cleared by writing 1s, not reading) */
static const struct mdrvd_diag_reg pcnet_diag_regs[] = {
	{ "CSR0", MDRV_REG_CSR, PCNET_CSR0 },
	{ "CSR3", MDRV_REG_CSR, 3 },
	{ "CSR112_missed", MDRV_REG_CSR, 112 },
};

const struct mdrvd_chip_ops mdrvd_pcnet_ops = {
	.name = "Am79C970A",
	.diag_regs = pcnet_diag_regs,
	.n_diag_regs = sizeof(pcnet_diag_regs) / sizeof(pcnet_diag_regs[0]),
	.ring_min = PCNET_RING_MIN,
	.ring_max = PCNET_RING_MAX,
	.ring_align = 1,
	.ring_pow2 = true,
	.mtu_max = PCNET_MTU,
	.eeprom_len = PCNET_APROM_LEN,
	.counters = mdrv_pcnet_hw_stats,
	.n_counters = MDRV_PCNET_HW_COUNT,
	.cnt_mode = MDRVD_CNT_FREE,
	.test_names = mdrv_pcnet_test_names,
	.n_tests = MDRV_PCNET_T_COUNT,
	.read_back = pcnet_read_back,
	.apply = pcnet_apply,
	.set_mac = pcnet_set_mac,
	.change_mtu = pcnet_change_mtu,
	.rx_mode = pcnet_rx_mode,
	.link_up = pcnet_link_up,
	.get_link = pcnet_get_link,
	.set_link = pcnet_set_link,
	.get_eeprom = pcnet_get_eeprom,
	.identify = pcnet_identify,
	.self_test = pcnet_self_test,
};
