// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of mdrvd's policy (user/mdrvd) against a simulated
 * register file (mdrvd_sim.c) that enforces the kernel's allowlist and
 * models QEMU's e1000 and pcnet where the policy depends on them.
 *
 * Expected filter bits are computed here, independently of the daemon,
 * from QEMU's receive filters:
 *   e1000x_rx_group_filter(): f = (((a[5] << 8) | a[4]) >> 4) & 0xfff,
 *                             match if MTA[f >> 5] & (1 << (f & 31))
 *   pcnet ladr_match():       i = lnc_mchash(a) >> 26, ladr[] = CSR8..11
 *                             as little-endian bytes, match if
 *                             ladr[i >> 3] & (1 << (i & 7))
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net/if.h>
#include <linux/ethtool.h>

#include "kselftest_harness.h"

#include "chip.h"
#include "dev.h"
#include "mdrv_e1000_regs.h"
#include "mdrv_genl.h"
#include "mdrv_pcnet_regs.h"
#include "mdrv_stats.h"
#include "mdrvd_sim.h"
#include "upcall.h"

static const uint8_t mc_allhosts[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
static const uint8_t mc_ip6_all[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t mc_ssdp[6] = { 0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa };
static const uint8_t mc_sol[6] = { 0x33, 0x33, 0xff, 0x12, 0x34, 0x56 };
static const uint8_t mc_mdns[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };

static struct mdrvd_dev *new_dev(struct sim *s)
{
	struct mdrvd_hw hw = { .ops = &sim_hw_ops, .ctx = s };
	struct mdrvd_dev *d = calloc(1, sizeof(*d));

	if (!d || mdrvd_dev_init(d, s->chip, 2, "eth0", &hw))
		abort();
	/* what DEV_GET tells at start-up */
	memcpy(d->want.mac, (uint8_t[]){ 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
	       6);
	d->want.mtu = 1500;
	d->want.ring_tx = s->ring_tx;
	d->want.ring_rx = s->ring_rx;
	d->want.rx_buf_len = s->rx_buf_len;
	return d;
}

/* QEMU's lnc_mchash(), verbatim in spirit: bit by bit, LSB first */
static uint32_t qemu_lnc_mchash(const uint8_t *a)
{
	uint32_t crc = 0xFFFFFFFF;
	int idx, bit;
	uint8_t data;

	for (idx = 0; idx < 6; idx++)
		for (data = *a++, bit = 0; bit < 8; bit++) {
			crc = (crc >> 1) ^ (((crc ^ data) & 1) ? 0xEDB88320 : 0);
			data >>= 1;
		}
	return crc;
}

/* QEMU's ladr_match() over the simulated CSR8-11 */
static bool qemu_ladr_match(const struct sim *s, const uint8_t *a)
{
	uint8_t ladr[8];
	int i, index;

	for (i = 0; i < 4; i++) {
		ladr[2 * i] = s->csr[8 + i] & 0xff;
		ladr[2 * i + 1] = s->csr[8 + i] >> 8;
	}
	index = qemu_lnc_mchash(a) >> 26;
	return (a[0] & 1) && (ladr[index >> 3] & (1 << (index & 7)));
}

/* QEMU's MTA lookup (RCTL.MO = 0) over the simulated MTA */
static bool qemu_mta_match(struct sim *s, const uint8_t *a)
{
	uint32_t f = (((a[5] << 8) | a[4]) >> 4) & 0xfff;

	return *sim_mmio(s, E1000_MTA + 4 * (f >> 5)) & (1u << (f & 0x1f));
}

static unsigned int popcount_mta(struct sim *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < E1000_MTA_ENTRIES; i++)
		n += __builtin_popcount(*sim_mmio(s, E1000_MTA + 4 * i));
	return n;
}

static void set_mc(struct sim *s, uint32_t flags, const uint8_t *const *mc,
		   unsigned int n)
{
	unsigned int i;

	memset(&s->rxmode, 0, sizeof(s->rxmode));
	s->rxmode.flags = flags;
	for (i = 0; i < n; i++)
		memcpy(s->rxmode.mc[i], mc[i], 6);
	s->rxmode.n_mc = n;
}

/* Send one upcall through the dispatcher; returns the reply status. */
static int upcall(struct mdrvd_dev *d, uint16_t type, const void *p,
		  uint16_t len, struct mdrv_msg *rep)
{
	struct mdrv_msg up = { .seq = 77, .type = type, .len = len };
	struct mdrv_msg r;

	if (len)
		memcpy(up.data, p, len);
	if (!mdrvd_upcall(d, &up, rep ? rep : &r))
		return 1;	/* no reply */
	return (rep ? rep : &r)->status;
}

/* Queue one event (no reply expected); returns 1 if none was produced. */
static int event(struct mdrvd_dev *d, uint16_t type, const void *p,
		 uint16_t len)
{
	struct mdrv_msg up = { .seq = 78, .type = type, .len = len,
			       .flags = MDRV_MSG_F_EVENT };
	struct mdrv_msg r;

	if (len)
		memcpy(up.data, p, len);
	return mdrvd_upcall(d, &up, &r) ? 0 : 1;
}

/*
 * The requests as the kernel forwards them: the ethtool structure it was
 * handed (SET_LINK: struct ethtool_link_settings, then three masks).
 */
static int set_link(struct mdrvd_dev *d, const struct mdrv_link *l)
{
	struct {
		struct ethtool_link_settings base;
		uint32_t masks[3][4];
	} req = {
		.base = {
			.speed = l->speed, .duplex = l->duplex,
			.autoneg = l->autoneg, .port = l->port,
			.eth_tp_mdix_ctrl = l->mdix_ctrl,
			.link_mode_masks_nwords = 4,
		},
	};

	req.masks[1][0] = l->advertising;
	return upcall(d, MDRV_UP_SET_LINK, &req, sizeof(req), NULL);
}

static int set_coalesce(struct mdrvd_dev *d, const struct mdrv_coalesce *c)
{
	struct ethtool_coalesce ec = {
		.rx_coalesce_usecs = c->rx_usecs,
		.tx_coalesce_usecs = c->tx_usecs,
	};

	return upcall(d, MDRV_UP_SET_COALESCE, &ec, sizeof(ec), NULL);
}

/* A request shorter than its row of the shared table is refused. */
TEST(requests_shorter_than_the_table_refused)
{
	static const struct mdrv_up_info info[MDRV_UP_MAX] = {
#define MDRV_UPCALL MDRV_UP_ROW
#include "mdrv_upcalls.h"
	};
	static const uint8_t zero[MDRV_MBOX_PAYLOAD];
	struct sim *s = sim_new(MDRV_CHIP_82545EM);
	struct mdrvd_dev *d = new_dev(s);
	struct ethtool_link_settings base = {
		.speed = 100, .duplex = DUPLEX_FULL, .link_mode_masks_nwords = 4,
	};
	uint8_t req[sizeof(base) + 3 * 4 * 4] = { 0 };
	unsigned int t, n = 0, msgs;

	ASSERT_EQ(0, d->ops->read_back(d));
	msgs = s->write_msgs;		/* the PHY's reads go through MDIC */
	for (t = MDRV_UP_NONE + 1; t < MDRV_UP_MAX; t++) {
		if (!info[t].len)
			continue;
		EXPECT_EQ(-EINVAL, upcall(d, t, zero, info[t].len - 1, NULL));
		n++;
	}
	EXPECT_LE(10u, n);
	/* SET_LINK: the masks its nwords promises must be there */
	memcpy(req, &base, sizeof(base));
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_SET_LINK, req, sizeof(req) - 1,
				  NULL));
	base.link_mode_masks_nwords = 0;
	memcpy(req, &base, sizeof(base));
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_SET_LINK, req, sizeof(req), NULL));
	EXPECT_EQ(msgs, s->write_msgs);
	EXPECT_EQ(0u, s->refused);
}

#define LM_BIT(x)	(1u << ETHTOOL_LINK_MODE_##x##_BIT)

/* e1000: station address */

TEST(e1000_set_mac_writes_ral_rah_with_av)
{
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);

	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_MAC, mac, sizeof(mac), NULL));
	EXPECT_EQ(0x33221102u, *sim_mmio(s, E1000_RAL0));
	EXPECT_EQ(0x80005544u, *sim_mmio(s, E1000_RAH0));
	EXPECT_EQ(0, memcmp(d->want.mac, mac, 6));
	EXPECT_EQ(1u, s->write_msgs);
	EXPECT_EQ(0u, s->refused);
}

/* PCnet: station address inside one suspend sandwich */

TEST(pcnet_set_mac_in_one_spnd_batch)
{
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	unsigned int i;

	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_MAC, mac, sizeof(mac), NULL));
	/* the sim, like QEMU, drops CSR12-14 writes unless suspended */
	EXPECT_EQ(0x1102, s->csr[12]);
	EXPECT_EQ(0x3322, s->csr[13]);
	EXPECT_EQ(0x5544, s->csr[14]);
	EXPECT_EQ(0, s->csr[5] & 1);	/* resumed */
	/* exactly: SPND=1, CSR12, CSR13, CSR14, SPND=0, one message */
	ASSERT_EQ(5u, s->n_log);
	EXPECT_EQ(1u, s->write_msgs);
	EXPECT_EQ(MDRV_REG_CSR, s->log[0].space);
	EXPECT_EQ(5u, s->log[0].addr);
	EXPECT_EQ(1u, s->log[0].value);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(12 + i, s->log[1 + i].addr);
	EXPECT_EQ(5u, s->log[4].addr);
	EXPECT_EQ(0u, s->log[4].value);
	EXPECT_EQ(0, memcmp(d->want.mac, mac, 6));
}

/* e1000: multicast hash, unicast exact filters, rx mode bits */

TEST(e1000_mta_hash_matches_qemu_filter)
{
	const uint8_t *mc[] = { mc_allhosts, mc_ip6_all, mc_ssdp, mc_sol };
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	unsigned int i;
	uint32_t rctl;

	/* stale bits from before must go */
	for (i = 0; i < E1000_MTA_ENTRIES; i++)
		*sim_mmio(s, E1000_MTA + 4 * i) = 0xdeadbeef;
	set_mc(s, IFF_BROADCAST, mc, 4);
	ASSERT_EQ(1, event(d, MDRV_UP_RX_MODE, NULL, 0));
	mdrvd_dev_pending(d);
	ASSERT_EQ(0u, s->refused);

	/* hand-computed from QEMU's formula */
	EXPECT_EQ(1u << 16, *sim_mmio(s, E1000_MTA + 4 * 0));	/* 0x010 */
	EXPECT_EQ(1u << 15, *sim_mmio(s, E1000_MTA + 4 * 125));	/* 0xfaf */
	EXPECT_EQ(1u << 3, *sim_mmio(s, E1000_MTA + 4 * 43));	/* 0x563 */
	/* 01:00:5e:00:00:01 and 33:33:00:00:00:01 share hash 0x010 */
	EXPECT_EQ(3u, popcount_mta(s));
	for (i = 0; i < 4; i++)
		EXPECT_TRUE(qemu_mta_match(s, mc[i]));
	EXPECT_FALSE(qemu_mta_match(s, mc_mdns));	/* 0xfb0, not joined */

	rctl = *sim_mmio(s, E1000_RCTL);
	EXPECT_TRUE(rctl & E1000_RCTL_BAM);
	EXPECT_FALSE(rctl & (E1000_RCTL_UPE | E1000_RCTL_MPE));
	EXPECT_EQ(0u, rctl & 0x3000);		/* MO = 0 */
	EXPECT_TRUE(rctl & E1000_RCTL_EN);	/* kept */
	/* no secondary unicast: RAR[1..15] invalid */
	for (i = 1; i < 16; i++)
		EXPECT_EQ(0u, *sim_mmio(s, E1000_RAH0 + 8 * i) & 0x80000000);
}

TEST(e1000_rx_mode_flags)
{
	struct sim *s = sim_new(MDRV_CHIP_82545EM);
	struct mdrvd_dev *d = new_dev(s);
	uint32_t rctl;

	set_mc(s, IFF_BROADCAST | IFF_PROMISC, NULL, 0);
	ASSERT_EQ(0, mdrvd_dev_rxmode(d));
	rctl = *sim_mmio(s, E1000_RCTL);
	EXPECT_EQ(E1000_RCTL_UPE | E1000_RCTL_MPE | E1000_RCTL_BAM,
		  rctl & (E1000_RCTL_UPE | E1000_RCTL_MPE | E1000_RCTL_BAM));

	set_mc(s, IFF_BROADCAST | IFF_ALLMULTI, NULL, 0);
	ASSERT_EQ(0, mdrvd_dev_rxmode(d));
	rctl = *sim_mmio(s, E1000_RCTL);
	EXPECT_EQ(E1000_RCTL_MPE | E1000_RCTL_BAM,
		  rctl & (E1000_RCTL_UPE | E1000_RCTL_MPE | E1000_RCTL_BAM));

	set_mc(s, 0, NULL, 0);
	ASSERT_EQ(0, mdrvd_dev_rxmode(d));
	rctl = *sim_mmio(s, E1000_RCTL);
	EXPECT_EQ(0u, rctl & (E1000_RCTL_UPE | E1000_RCTL_MPE |
			      E1000_RCTL_BAM));
	/* the buffer size bits stay the kernel's */
	EXPECT_EQ(0u, rctl & (E1000_RCTL_SZ_256 | E1000_RCTL_BSEX));
	EXPECT_EQ(0u, s->refused);
}

TEST(e1000_secondary_unicast_in_rar)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	unsigned int i;

	memset(&s->rxmode, 0, sizeof(s->rxmode));
	s->rxmode.flags = IFF_BROADCAST;
	s->rxmode.n_uc = 2;
	memcpy(s->rxmode.uc[0], (uint8_t[]){ 2, 0, 0, 0, 0, 1 }, 6);
	memcpy(s->rxmode.uc[1], (uint8_t[]){ 2, 0, 0, 0, 0xab, 2 }, 6);
	ASSERT_EQ(0, mdrvd_dev_rxmode(d));
	EXPECT_EQ(0x00000002u, *sim_mmio(s, E1000_RAL0 + 8));
	EXPECT_EQ(0x80000100u, *sim_mmio(s, E1000_RAH0 + 8));
	EXPECT_EQ(0x00000002u, *sim_mmio(s, E1000_RAL0 + 16));
	EXPECT_EQ(0x800002abu, *sim_mmio(s, E1000_RAH0 + 16));
	EXPECT_EQ(0u, *sim_mmio(s, E1000_RAH0 + 24));
	EXPECT_FALSE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_UPE);

	/* 16 secondary addresses do not fit RAR[1..15]: promiscuous */
	s->rxmode.n_uc = 16;
	for (i = 0; i < 16; i++)
		memcpy(s->rxmode.uc[i], (uint8_t[]){ 2, 0, 0, 0, 1, i }, 6);
	ASSERT_EQ(0, mdrvd_dev_rxmode(d));
	EXPECT_TRUE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_UPE);
	EXPECT_FALSE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_MPE);
	/* RAR0 untouched by the rx mode */
	EXPECT_EQ(0x80005634u, *sim_mmio(s, E1000_RAH0));
	EXPECT_EQ(0u, s->refused);
}

/* PCnet: logical address filter and mode */

TEST(pcnet_ladrf_matches_qemu_filter)
{
	const uint8_t *mc[] = { mc_allhosts, mc_ip6_all, mc_ssdp, mc_sol };
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	unsigned int i, w;

	/* hand-checked CRCs (ether_crc_le) of the test addresses */
	EXPECT_EQ(0xd9b4c5feu, qemu_lnc_mchash(mc_allhosts));	/* i 54 */
	EXPECT_EQ(0x5d55d99fu, qemu_lnc_mchash(mc_ip6_all));	/* i 23 */
	EXPECT_EQ(0x3f523c75u, qemu_lnc_mchash(mc_ssdp));	/* i 15 */
	EXPECT_EQ(0xd2d79fd0u, qemu_lnc_mchash(mc_sol));	/* i 52 */

	set_mc(s, IFF_BROADCAST, mc, 4);
	ASSERT_EQ(1, event(d, MDRV_UP_RX_MODE, NULL, 0));
	mdrvd_dev_pending(d);
	ASSERT_EQ(0u, s->refused);

	/* bit (i & 15) of CSR(8 + (i >> 4)) */
	EXPECT_EQ(1u << 15, s->csr[8]);			/* 15 */
	EXPECT_EQ(1u << 7, s->csr[9]);			/* 23 */
	EXPECT_EQ(0u, s->csr[10]);
	EXPECT_EQ((1u << 6) | (1u << 4), s->csr[11]);	/* 54, 52 */
	for (i = 0; i < 4; i++)
		EXPECT_TRUE(qemu_ladr_match(s, mc[i]));
	EXPECT_FALSE(qemu_ladr_match(s, mc_mdns));	/* i 33 */
	EXPECT_FALSE(s->csr[15] & (PCNET_CSR15_PROM | PCNET_CSR15_DRCVBC));

	/* one message: SPND=1 ... SPND=0 around CSR8-11 and CSR15 */
	EXPECT_EQ(1u, s->write_msgs);
	ASSERT_GE(s->n_log, 2u);
	EXPECT_EQ(5u, s->log[0].addr);
	EXPECT_EQ(1u, s->log[0].value);
	EXPECT_EQ(5u, s->log[s->n_log - 1].addr);
	EXPECT_EQ(0u, s->log[s->n_log - 1].value);
	for (w = 8; w <= 15; w++) {
		int at = sim_find_write(s, MDRV_REG_CSR, w, 0);

		if (w >= 12 && w <= 14) {
			EXPECT_EQ(-1, at);	/* address untouched */
			continue;
		}
		EXPECT_GT(at, 0);
		EXPECT_LT(at, (int)s->n_log - 1);
	}
	EXPECT_EQ(0, s->csr[5] & 1);
}

TEST(pcnet_promisc_allmulti)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	unsigned int i;

	set_mc(s, IFF_BROADCAST | IFF_ALLMULTI, NULL, 0);
	ASSERT_EQ(0, mdrvd_dev_rxmode(d));
	for (i = 8; i <= 11; i++)
		EXPECT_EQ(0xffff, s->csr[i]);
	EXPECT_FALSE(s->csr[15] & PCNET_CSR15_PROM);

	set_mc(s, IFF_BROADCAST | IFF_PROMISC, NULL, 0);
	ASSERT_EQ(0, mdrvd_dev_rxmode(d));
	EXPECT_TRUE(s->csr[15] & PCNET_CSR15_PROM);

	set_mc(s, IFF_BROADCAST, NULL, 0);
	ASSERT_EQ(0, mdrvd_dev_rxmode(d));
	EXPECT_FALSE(s->csr[15] & PCNET_CSR15_PROM);
	for (i = 8; i <= 11; i++)
		EXPECT_EQ(0, s->csr[i]);
	EXPECT_EQ(0u, s->refused);
}

/* MTU */

TEST(e1000_jumbo_mtu_sets_buffers_and_lpe)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	int mtu = 9000;

	ASSERT_EQ(0, upcall(d, MDRV_UP_CHANGE_MTU, &mtu, sizeof(mtu), NULL));
	EXPECT_EQ(1u, s->ring_sets);
	EXPECT_EQ(16384u, s->rx_buf_len);	/* 9000 + 22 > 8192 */
	EXPECT_EQ(256u, s->ring_tx);		/* sizes kept */
	EXPECT_EQ(256u, s->ring_rx);
	EXPECT_TRUE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_LPE);
	EXPECT_EQ(9000u, d->want.mtu);
	EXPECT_EQ(16384u, d->want.rx_buf_len);

	mtu = 4000;	/* 4022: 4096 buffers */
	ASSERT_EQ(0, upcall(d, MDRV_UP_CHANGE_MTU, &mtu, sizeof(mtu), NULL));
	EXPECT_EQ(4096u, s->rx_buf_len);
	EXPECT_TRUE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_LPE);

	mtu = 1500;
	ASSERT_EQ(0, upcall(d, MDRV_UP_CHANGE_MTU, &mtu, sizeof(mtu), NULL));
	EXPECT_EQ(2048u, s->rx_buf_len);
	EXPECT_FALSE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_LPE);
	EXPECT_EQ(3u, s->ring_sets);

	mtu = 16110;
	EXPECT_EQ(0, upcall(d, MDRV_UP_CHANGE_MTU, &mtu, sizeof(mtu), NULL));
	mtu = 16111;
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_CHANGE_MTU, &mtu, sizeof(mtu),
				  NULL));
	EXPECT_EQ(16110u, d->want.mtu);
	EXPECT_EQ(0u, s->refused);
}

TEST(pcnet_mtu_limited_to_1500)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	int mtu = 1501;

	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_CHANGE_MTU, &mtu, sizeof(mtu),
				  NULL));
	mtu = 1400;
	EXPECT_EQ(0, upcall(d, MDRV_UP_CHANGE_MTU, &mtu, sizeof(mtu), NULL));
	EXPECT_EQ(1400u, d->want.mtu);
	EXPECT_EQ(0u, s->ring_sets);
}

/* Counters */

TEST(pcnet_counters_across_wrap_and_restart)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_stats_page page = { 0 };

	d->stats_page = &page;
	s->csr[112] = 0xfff0;
	s->csr[114] = 3;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(0xfff0u, d->stats.acc[MDRV_PCNET_MISSC]);
	EXPECT_EQ(3u, d->stats.acc[MDRV_PCNET_RCVCC]);

	s->csr[112] = 0x0010;			/* wrapped: +0x20 */
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(0x10010u, d->stats.acc[MDRV_PCNET_MISSC]);

	/* a chip restart zeroes them; MDRV_EV_RESET: new base */
	s->csr[112] = 5;
	s->csr[114] = 0;
	mdrvd_dev_restarted(d);
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(0x10010u, d->stats.acc[MDRV_PCNET_MISSC]);
	EXPECT_EQ(3u, d->stats.acc[MDRV_PCNET_RCVCC]);
	s->csr[112] = 7;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(0x10012u, d->stats.acc[MDRV_PCNET_MISSC]);

	/* OPEN follows a restart too */
	s->csr[112] = 1;
	ASSERT_EQ(0, upcall(d, MDRV_UP_OPEN, NULL, 0, NULL));
	ASSERT_EQ(0, mdrvd_dev_stats(d));	/* base 1 */
	EXPECT_EQ(0x10012u, d->stats.acc[MDRV_PCNET_MISSC]);
	s->csr[112] = 4;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(0x10015u, d->stats.acc[MDRV_PCNET_MISSC]);

	/* published in table order, seqcount even, time set */
	EXPECT_EQ(0u, page.seq & 1);
	EXPECT_GT(page.seq, 0u);
	EXPECT_EQ((uint32_t)MDRV_PCNET_HW_COUNT, page.count);
	EXPECT_EQ(0x10015u, page.value[MDRV_PCNET_MISSC]);
	EXPECT_EQ(3u, page.value[MDRV_PCNET_RCVCC]);
	EXPECT_NE(0u, page.updated_ns);
}

/* A running device with a stats page and a kernel frame count. */
static void ticking(struct mdrvd_dev *d, struct mdrv_stats_page *page,
		    struct mdrv_mbox_kctrl *kctrl)
{
	memset(page, 0, sizeof(*page));
	memset(kctrl, 0, sizeof(*kctrl));
	d->stats_page = page;
	d->kctrl = kctrl;
	d->running = true;
}

/* No frame moved since the last harvest: the tick reads no counters. */
TEST(idle_ticks_skip_the_harvest)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_stats_page page;
	struct mdrv_mbox_kctrl kctrl;
	const uint64_t s1 = 1000000000ull;
	uint64_t t = 100 * s1;
	unsigned int h, i;

	ticking(d, &page, &kctrl);
	kctrl.activity = 1;
	EXPECT_EQ(MDRVD_TICK_BUSY_MS, mdrvd_dev_tick(d, t));	/* busy */
	h = d->stats.harvests;
	for (i = 0; i < 5; i++)
		EXPECT_EQ(MDRVD_TICK_IDLE_MS, mdrvd_dev_tick(d, t += 2 * s1));
	EXPECT_EQ(h, d->stats.harvests);
	kctrl.activity += 3;		/* NAPI handled frames */
	EXPECT_EQ(MDRVD_TICK_BUSY_MS, mdrvd_dev_tick(d, t += 2 * s1));
	EXPECT_EQ(h + 1, d->stats.harvests);
	/* still a harvest every 30 s, whatever happens */
	EXPECT_EQ(MDRVD_TICK_IDLE_MS, mdrvd_dev_tick(d, t += 29 * s1));
	EXPECT_EQ(h + 1, d->stats.harvests);
	EXPECT_EQ(MDRVD_TICK_IDLE_MS, mdrvd_dev_tick(d, t += 1 * s1));
	EXPECT_EQ(h + 2, d->stats.harvests);
}

/* CSR112 is 16 bits: when it moves fast, the harvests come faster. */
TEST(fast_16bit_counter_hurries_the_harvest)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_stats_page page;
	struct mdrv_mbox_kctrl kctrl;
	const uint64_t ms = 1000000ull;
	uint64_t t = 100000 * ms, base;

	ticking(d, &page, &kctrl);
	s->csr[112] = 10;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	s->csr[112] = 20;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	base = d->stats.acc[MDRV_PCNET_MISSC];
	kctrl.activity = 1;
	s->csr[112] = 20 + 20000;		/* > a quarter of 65536 */
	EXPECT_EQ(MDRVD_TICK_HURRY_MS, mdrvd_dev_tick(d, t));
	/* 50000 more in the next 0.5 s: the counter wrapped once */
	s->csr[112] = (20 + 20000 + 50000) & 0xffff;
	EXPECT_EQ(MDRVD_TICK_HURRY_MS, mdrvd_dev_tick(d, t += 500 * ms));
	EXPECT_EQ(base + 70000, d->stats.acc[MDRV_PCNET_MISSC]);
	/* slow again (and no frame handled): harvested once more, then idle */
	s->csr[112] = (s->csr[112] + 100) & 0xffff;
	EXPECT_EQ(MDRVD_TICK_IDLE_MS, mdrvd_dev_tick(d, t += 500 * ms));
	EXPECT_EQ(base + 70100, d->stats.acc[MDRV_PCNET_MISSC]);
}

TEST(pcnet_ring_set_restart_rebases_counters)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	struct ethtool_ringparam ring = { .tx_pending = 100, .rx_pending = 300 };

	s->csr[112] = 40;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	s->csr[112] = 50;	/* harvested before the restart */
	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_RING, &ring, sizeof(ring), NULL));
	EXPECT_EQ(128u, s->ring_tx);
	EXPECT_EQ(512u, s->ring_rx);
	EXPECT_EQ(50u, d->stats.acc[MDRV_PCNET_MISSC]);
	/* the restart count in the read tells a reset from a wrap, even
	 * before MDRV_EV_RESET arrives
	 */
	s->csr[112] = 2;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(50u, d->stats.acc[MDRV_PCNET_MISSC]);
	s->csr[112] = 6;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(54u, d->stats.acc[MDRV_PCNET_MISSC]);
}

/*
 * `ip -s link` shows hardware counters through ndo_get_stats64, which finds
 * them by each row's link field: every field is fed by the counter of the
 * stock driver's name for it, at most once per chip.
 */
TEST(link_stats_rows_match_their_names)
{
	static const char *const want[MDRV_LS_COUNT] = {
		[MDRV_LS_RX_MISSED] = "rx_missed_errors",
		[MDRV_LS_COLLISIONS] = "collisions",
		[MDRV_LS_RX_CRC] = "rx_crc_errors",
		[MDRV_LS_RX_FRAME] = "rx_frame_errors",
		[MDRV_LS_RX_LENGTH] = "rx_length_errors",
		[MDRV_LS_MULTICAST] = "rx_multicast",
		[MDRV_LS_TX_ABORTED] = "tx_aborted_errors",
		[MDRV_LS_TX_CARRIER] = "tx_carrier_errors",
		[MDRV_LS_TX_WINDOW] = "tx_window_errors",
	};
	const struct {
		const struct mdrv_hw_stat *t;
		unsigned int n, fed;
	} chips[] = {
		{ mdrv_e1000_hw_stats, MDRV_E1000_HW_COUNT, MDRV_LS_COUNT - 1 },
		{ mdrv_pcnet_hw_stats, MDRV_PCNET_HW_COUNT, 2 },
	};
	unsigned int c, i;

	for (c = 0; c < 2; c++) {
		unsigned int seen = 0, fed = 0;

		for (i = 0; i < chips[c].n; i++) {
			const struct mdrv_hw_stat *h = &chips[c].t[i];

			ASSERT_LT(h->link, MDRV_LS_COUNT);
			if (h->link == MDRV_LS_NONE)
				continue;
			EXPECT_STREQ(want[h->link], h->name);
			EXPECT_FALSE(seen & (1u << h->link));
			seen |= 1u << h->link;
			fed++;
		}
		EXPECT_EQ(chips[c].fed, fed);
	}
}

TEST(e1000_counters_clear_on_read_and_free_running)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_stats_page page = { 0 };
	unsigned int msgs;

	d->stats_page = &page;
	/* GPRC clears on read, GORC is 64 bits read low then high (the
	 * high read clears both), MPC runs free in QEMU
	 */
	*sim_mmio(s, 0x4074) = 10;
	*sim_mmio(s, 0x4088) = 0xfffffff0;
	*sim_mmio(s, 0x408c) = 1;
	*sim_mmio(s, 0x4010) = 3;
	msgs = s->read_msgs;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	/* the nonzero, unclassified ones are read a second time */
	EXPECT_EQ(msgs + 2, s->read_msgs);
	EXPECT_EQ(10u, d->stats.acc[MDRV_E1000_GPRC]);
	EXPECT_EQ(0x1fffffff0ull, d->stats.acc[MDRV_E1000_GORC]);
	EXPECT_EQ(3u, d->stats.acc[MDRV_E1000_MPC]);
	EXPECT_EQ(MDRVD_CNT_CLEAR, d->stats.mode[MDRV_E1000_GPRC]);
	EXPECT_EQ(MDRVD_CNT_CLEAR, d->stats.mode[MDRV_E1000_GORC]);
	EXPECT_EQ(MDRVD_CNT_FREE_PROBED, d->stats.mode[MDRV_E1000_MPC]);
	EXPECT_EQ(0u, *sim_mmio(s, 0x4074));
	EXPECT_EQ(0u, *sim_mmio(s, 0x4088));

	*sim_mmio(s, 0x4074) = 5;
	*sim_mmio(s, 0x4088) = 0x20;
	*sim_mmio(s, 0x4010) = 5;		/* running total: +2 */
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(15u, d->stats.acc[MDRV_E1000_GPRC]);
	EXPECT_EQ(0x200000010ull, d->stats.acc[MDRV_E1000_GORC]);
	EXPECT_EQ(5u, d->stats.acc[MDRV_E1000_MPC]);

	/* nothing new: nothing added, and one message of 32 registers
	 * (30 counters, GORC and GOTC in two halves each)
	 */
	msgs = s->read_msgs;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(msgs + 1, s->read_msgs);
	EXPECT_EQ(15u, d->stats.acc[MDRV_E1000_GPRC]);
	EXPECT_EQ(5u, d->stats.acc[MDRV_E1000_MPC]);
	EXPECT_EQ(15u, page.value[MDRV_E1000_GPRC]);
	EXPECT_EQ((uint32_t)MDRV_E1000_HW_COUNT, page.count);
	EXPECT_EQ(0u, s->refused);
}

TEST(e1000_counters_all_clear_on_read_like_the_data_sheet)
{
	struct sim *s = sim_new(MDRV_CHIP_82545EM);
	struct mdrvd_dev *d = new_dev(s);
	unsigned int i;

	/* real 8254x: every statistics register clears on read */
	for (i = 0x4000; i < 0x4100; i += 4)
		s->mmio_clear[i >> 2] = SIM_CLR4;
	s->mmio_clear[0x408c >> 2] = SIM_CLR8;
	s->mmio_clear[0x4094 >> 2] = SIM_CLR8;
	for (i = 0; i < 3; i++) {
		*sim_mmio(s, 0x4010) = 7;	/* MPC */
		*sim_mmio(s, 0x4028) = i;	/* COLC: 0, 1, 2 */
		ASSERT_EQ(0, mdrvd_dev_stats(d));
	}
	EXPECT_EQ(21u, d->stats.acc[MDRV_E1000_MPC]);
	EXPECT_EQ(3u, d->stats.acc[MDRV_E1000_COLC]);
	EXPECT_EQ(MDRVD_CNT_CLEAR, d->stats.mode[MDRV_E1000_MPC]);
}

TEST(stats_continue_from_previous_daemon)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s), *d2;
	struct mdrv_stats_page page = { 0 };

	d->stats_page = &page;
	s->csr[112] = 100;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	/* mdrvd restarts: counters continue, the chip's value is the base */
	d2 = new_dev(s);
	d2->stats_page = &page;
	ASSERT_TRUE(mdrvd_stats_seed(&d2->stats, &page));
	s->csr[112] = 110;
	ASSERT_EQ(0, mdrvd_dev_stats(d2));
	EXPECT_EQ(100u, d2->stats.acc[MDRV_PCNET_MISSC]);
	s->csr[112] = 115;
	ASSERT_EQ(0, mdrvd_dev_stats(d2));
	EXPECT_EQ(105u, d2->stats.acc[MDRV_PCNET_MISSC]);
	EXPECT_EQ(0u, page.seq & 1);
}

/* Link */

/*
 * A harvest whose second look fails keeps what its first read took: the
 * counters it may have cleared (was: all dropped, GPRC's 5 lost).
 */
TEST(harvest_keeps_counts_when_the_second_look_fails)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_stats_page page = { 0 };

	d->stats_page = &page;
	*sim_mmio(s, 0x4074) = 10;		/* GPRC: clears on read */
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(MDRVD_CNT_CLEAR, d->stats.mode[MDRV_E1000_GPRC]);

	*sim_mmio(s, 0x4074) = 5;
	*sim_mmio(s, 0x4010) = 3;		/* MPC: runs free, unknown yet */
	*sim_mmio(s, 0x4080) = 4;		/* GPTC: clears, unknown yet */
	s->fail_read_in = 2;			/* the second look */
	EXPECT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(15u, d->stats.acc[MDRV_E1000_GPRC]);
	EXPECT_EQ(15u, page.value[MDRV_E1000_GPRC]);
	EXPECT_EQ(MDRVD_CNT_PROBE, d->stats.mode[MDRV_E1000_MPC]);
	EXPECT_EQ(MDRVD_CNT_PROBE, d->stats.mode[MDRV_E1000_GPTC]);
	EXPECT_EQ(0u, *sim_mmio(s, 0x4080));	/* the first read cleared it */

	/* next time both are told apart, and nothing is lost or doubled */
	*sim_mmio(s, 0x4010) = 5;
	*sim_mmio(s, 0x4080) = 6;
	ASSERT_EQ(0, mdrvd_dev_stats(d));
	EXPECT_EQ(MDRVD_CNT_FREE_PROBED, d->stats.mode[MDRV_E1000_MPC]);
	EXPECT_EQ(5u, d->stats.acc[MDRV_E1000_MPC]);
	EXPECT_EQ(MDRVD_CNT_CLEAR, d->stats.mode[MDRV_E1000_GPTC]);
	EXPECT_EQ(10u, d->stats.acc[MDRV_E1000_GPTC]);
	EXPECT_EQ(15u, d->stats.acc[MDRV_E1000_GPRC]);
}

/*
 * A device whose configuration could not be read when it was adopted is
 * never configured from the zeroes it wants until then (was: the e1000
 * forced to 10 Mb/s half duplex, the PCnet's full duplex cleared).
 */
TEST(failed_read_back_is_not_applied)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct sim *p = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *dp = new_dev(p);
	uint32_t ctrl = *sim_mmio(s, E1000_CTRL);

	s->fail_read_in = 1;
	EXPECT_EQ(-EIO, mdrvd_dev_adopt(d, true));
	EXPECT_EQ(ctrl, *sim_mmio(s, E1000_CTRL));
	EXPECT_EQ(0u, s->write_msgs);
	/* the next apply reads the chip first */
	ASSERT_EQ(0, upcall(d, MDRV_UP_OPEN, NULL, 0, NULL));
	EXPECT_EQ(0u, *sim_mmio(s, E1000_CTRL) & 0x1800);	/* not forced */
	EXPECT_EQ(AUTONEG_ENABLE, d->want.link.autoneg);

	p->bcr[9] = 1;				/* full duplex */
	p->fail_read_in = 1;
	EXPECT_EQ(-EIO, mdrvd_dev_adopt(dp, true));
	ASSERT_EQ(0, upcall(dp, MDRV_UP_OPEN, NULL, 0, NULL));
	EXPECT_EQ(1, p->bcr[9] & 1);
}

/*
 * Deferred rx-mode and link work that fails stays pending and is done at
 * the next wake-up (was: cleared first, the failure only logged).
 */
TEST(failed_pending_work_stays_pending)
{
	static const uint8_t grp[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x42 };
	const uint8_t *const mc[] = { grp };
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);

	ASSERT_EQ(0, mdrvd_dev_adopt(d, true));
	EXPECT_EQ(1, s->carrier);
	set_mc(s, 0, mc, 1);
	s->fail_rxmode = 1;
	d->pending = MDRVD_PEND_RXMODE;
	mdrvd_dev_pending(d);
	EXPECT_EQ(MDRVD_PEND_RXMODE, d->pending);
	EXPECT_FALSE(qemu_mta_match(s, grp));
	mdrvd_dev_pending(d);
	EXPECT_EQ(0u, d->pending);
	EXPECT_TRUE(qemu_mta_match(s, grp));

	*sim_mmio(s, E1000_STATUS) &= ~E1000_STATUS_LU;
	s->fail_read_in = 1;
	d->pending = MDRVD_PEND_LINK;
	mdrvd_dev_pending(d);
	EXPECT_EQ(MDRVD_PEND_LINK, d->pending);
	EXPECT_EQ(1, s->carrier);
	mdrvd_dev_pending(d);
	EXPECT_EQ(0u, d->pending);
	EXPECT_EQ(0, s->carrier);
}

/*
 * What the kernel answers `ethtool DEV` from is never a guess and never
 * stays old: a publish first reads the chip if adopt could not (was: the
 * all-zero wanted link published, autoneg off), and one that failed is
 * done again at the next wake-up (was: not until the link changed).
 */
TEST(published_link_is_read_and_kept_current)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);

	s->fail_read_in = 1;
	EXPECT_EQ(-EIO, mdrvd_dev_adopt(d, true));
	d->pending = MDRVD_PEND_LINK;		/* a link event */
	mdrvd_dev_pending(d);
	EXPECT_EQ(AUTONEG_ENABLE, s->pub_link.autoneg);
	EXPECT_EQ(1000u, s->pub_link.speed);

	s->fail_state_set = 1;
	*sim_mmio(s, E1000_STATUS) &= ~E1000_STATUS_LU;
	d->pending = MDRVD_PEND_LINK;
	mdrvd_dev_pending(d);
	EXPECT_EQ(0, s->carrier);
	EXPECT_TRUE(d->pending & MDRVD_PEND_LINK);
	EXPECT_EQ(1000u, s->pub_link.speed);	/* the failed one: still old */
	mdrvd_dev_pending(d);			/* the carrier did not move */
	EXPECT_EQ(0u, d->pending);
	EXPECT_EQ((uint32_t)SPEED_UNKNOWN, s->pub_link.speed);
}

TEST(e1000_link_decode)
{
	static const struct {
		uint32_t status, speed;
		uint8_t duplex, link;
	} t[] = {
		{ 0x80080783, 1000, DUPLEX_FULL, 1 },	/* QEMU's reset value */
		{ 0x00000003, 10, DUPLEX_FULL, 1 },
		{ 0x00000042, 100, DUPLEX_HALF, 1 },
		{ 0x000000c3, 1000, DUPLEX_FULL, 1 },	/* 11: 1000 */
		{ 0x00000081, (uint32_t)SPEED_UNKNOWN, DUPLEX_UNKNOWN, 0 },
	};
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_link l;
	unsigned int i;

	ASSERT_EQ(0, d->ops->read_back(d));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		*sim_mmio(s, E1000_STATUS) = t[i].status;
		ASSERT_EQ(0, d->ops->get_link(d, &l));
		EXPECT_EQ(t[i].speed, l.speed);
		EXPECT_EQ(t[i].duplex, l.duplex);
		EXPECT_EQ(t[i].link, l.link);
		EXPECT_EQ(AUTONEG_ENABLE, l.autoneg);
		EXPECT_EQ(PORT_TP, l.port);
		EXPECT_EQ(0xefu, l.supported);	/* 10/100 h+f, 1000 f, AN, TP */
		EXPECT_EQ(0xefu, l.advertising);
	}
}

TEST(e1000_link_event_sets_carrier)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);

	ASSERT_EQ(0, mdrvd_dev_adopt(d, true));
	EXPECT_EQ(1, s->carrier);
	*sim_mmio(s, E1000_STATUS) &= ~E1000_STATUS_LU;
	EXPECT_EQ(1, event(d, MDRV_UP_LINK, NULL, 0));
	mdrvd_dev_pending(d);
	EXPECT_EQ(0, s->carrier);
	/* the same again: no new CARRIER_SET */
	d->pending |= MDRVD_PEND_LINK;
	mdrvd_dev_pending(d);
	EXPECT_EQ(2u, s->carrier_sets);
}

TEST(e1000_forced_speed_and_back_to_autoneg)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_link l = { .speed = 100, .duplex = DUPLEX_FULL,
			       .autoneg = AUTONEG_DISABLE };
	uint32_t ctrl;

	ASSERT_EQ(0, d->ops->read_back(d));
	ASSERT_EQ(0, set_link(d, &l));
	ctrl = *sim_mmio(s, E1000_CTRL);
	EXPECT_TRUE(ctrl & 0x800);		/* FRCSPD */
	EXPECT_TRUE(ctrl & 0x1000);		/* FRCDPLX */
	EXPECT_EQ(0x100u, ctrl & 0x300);	/* 100 Mb/s */
	EXPECT_TRUE(ctrl & E1000_CTRL_FD);
	EXPECT_FALSE(ctrl & E1000_CTRL_ASDE);
	EXPECT_TRUE(ctrl & E1000_CTRL_SLU);

	/* QEMU keeps STATUS at 1000/full: speed from STATUS, autoneg ours */
	ASSERT_EQ(0, d->ops->get_link(d, &l));
	EXPECT_EQ(AUTONEG_DISABLE, l.autoneg);
	EXPECT_EQ(1000u, l.speed);
	EXPECT_EQ(1u << ETHTOOL_LINK_MODE_TP_BIT, l.advertising);

	l.speed = 10;
	l.duplex = DUPLEX_HALF;
	ASSERT_EQ(0, set_link(d, &l));
	ctrl = *sim_mmio(s, E1000_CTRL);
	EXPECT_EQ(0u, ctrl & 0x300);
	EXPECT_FALSE(ctrl & E1000_CTRL_FD);

	l.speed = 1000;		/* 1000/half: refused, as stock */
	EXPECT_EQ(-EINVAL, set_link(d, &l));

	l.autoneg = AUTONEG_ENABLE;
	l.advertising = (1u << ETHTOOL_LINK_MODE_100baseT_Full_BIT) |
			(1u << ETHTOOL_LINK_MODE_Autoneg_BIT);
	ASSERT_EQ(0, set_link(d, &l));
	ctrl = *sim_mmio(s, E1000_CTRL);
	EXPECT_TRUE(ctrl & E1000_CTRL_ASDE);
	EXPECT_FALSE(ctrl & (0x800 | 0x1000));
	ASSERT_EQ(0, d->ops->get_link(d, &l));
	EXPECT_EQ(AUTONEG_ENABLE, l.autoneg);
	EXPECT_EQ((1u << ETHTOOL_LINK_MODE_100baseT_Full_BIT) |
		  (1u << ETHTOOL_LINK_MODE_Autoneg_BIT) |
		  (1u << ETHTOOL_LINK_MODE_TP_BIT), l.advertising);
	EXPECT_EQ(0u, s->refused);
}

/*
 * The modes advertised are the PHY's (ANAR, 1000T control): a new daemon
 * reads them back and a chip reset gets them again (was: kept only in the
 * daemon, so a restart advertised every speed again).
 */
TEST(e1000_advertising_lives_in_the_phy)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s), *d2;
	struct mdrv_link l = { .autoneg = AUTONEG_ENABLE,
			       .advertising = LM_BIT(100baseT_Full) |
					      LM_BIT(Autoneg) };

	ASSERT_EQ(0, d->ops->read_back(d));
	EXPECT_EQ(0x0de1, s->phy[4]);
	ASSERT_EQ(0, set_link(d, &l));
	EXPECT_EQ(0x0d01 | 0x0100, s->phy[4]);	/* 100 full only */
	EXPECT_EQ(0x0c00, s->phy[9]);		/* no 1000 full */
	EXPECT_EQ(0x1340, s->phy[0]);		/* negotiated again */

	s->phy[0] = 0x1140;
	d2 = new_dev(s);			/* a new daemon */
	ASSERT_EQ(0, mdrvd_dev_adopt(d2, false));
	EXPECT_EQ(0x1140, s->phy[0]);		/* nothing changed: no restart */
	EXPECT_EQ(LM_BIT(100baseT_Full), d2->want.link.advertising);
	EXPECT_EQ(LM_BIT(100baseT_Full) | LM_BIT(Autoneg) | LM_BIT(TP),
		  s->pub_link.advertising);

	s->phy[4] = 0x0de1;			/* a chip reset */
	s->phy[9] = 0x0e00;
	ASSERT_EQ(0, mdrvd_dev_apply(d2, false));
	EXPECT_EQ(0x0d01 | 0x0100, s->phy[4]);
	EXPECT_EQ(0x0c00, s->phy[9]);
	EXPECT_EQ(0u, s->refused);
}

TEST(pcnet_link_decode_and_duplex)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_link l = { .speed = 100, .duplex = DUPLEX_FULL };

	ASSERT_EQ(0, d->ops->read_back(d));
	ASSERT_EQ(0, d->ops->get_link(d, &l));
	EXPECT_EQ(10u, l.speed);
	EXPECT_EQ(DUPLEX_HALF, l.duplex);
	EXPECT_EQ(AUTONEG_DISABLE, l.autoneg);
	EXPECT_EQ(1, l.link);

	l.speed = 100;
	l.duplex = DUPLEX_FULL;
	EXPECT_EQ(-EINVAL, set_link(d, &l));
	l.speed = 10;
	ASSERT_EQ(0, set_link(d, &l));
	EXPECT_EQ(1, s->bcr[9] & 1);
	ASSERT_EQ(0, d->ops->get_link(d, &l));
	EXPECT_EQ(DUPLEX_FULL, l.duplex);

	/* no link interrupt: the kernel's watchdog sends the event */
	ASSERT_EQ(0, mdrvd_dev_link(d, true));
	EXPECT_EQ(1, s->carrier);
	s->link = false;
	mdrvd_dev_tick(d, 0);		/* the daemon itself never polls */
	EXPECT_EQ(1, s->carrier);
	EXPECT_EQ(1, event(d, MDRV_UP_LINK, NULL, 0));
	mdrvd_dev_pending(d);
	EXPECT_EQ(0, s->carrier);
	EXPECT_EQ(-EOPNOTSUPP, upcall(d, MDRV_UP_NWAY_RESET, NULL, 0, NULL));
}

TEST(e1000_nway_reset_through_mdic)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	int at;

	ASSERT_EQ(0, d->ops->read_back(d));
	at = s->n_log;
	ASSERT_EQ(0, upcall(d, MDRV_UP_NWAY_RESET, NULL, 0, NULL));
	/* a read of BMCR, then BMCR | restart (bit 9) | AN enable */
	at = sim_find_write(s, MDRV_REG_MMIO, E1000_MDIC, at);
	ASSERT_GE(at, 0);
	EXPECT_EQ(0x08200000u, s->log[at].value);	/* read, phy 1, reg 0 */
	at = sim_find_write(s, MDRV_REG_MMIO, E1000_MDIC, at + 1);
	ASSERT_GE(at, 0);
	EXPECT_EQ(0x04200000u | 0x1140 | 0x0200, s->log[at].value);
	EXPECT_EQ(0x1140 | 0x0200, s->phy[0]);
	EXPECT_TRUE(d->pending & MDRVD_PEND_LINK);
}

/* EEPROM / PROM */

TEST(e1000_eeprom_words_through_eerd)
{
	struct sim *s = sim_new(MDRV_CHIP_82545EM);
	struct mdrvd_dev *d = new_dev(s);
	struct ethtool_eeprom r = { .offset = 1, .len = 5 };
	struct mdrv_msg rep;

	ASSERT_EQ(0, upcall(d, MDRV_UP_GET_EEPROM, &r, sizeof(r), &rep));
	ASSERT_EQ(5u, rep.len);
	/* words 0-2 are the address, little-endian */
	EXPECT_EQ(0x54, rep.data[0]);
	EXPECT_EQ(0x00, rep.data[1]);
	EXPECT_EQ(0x12, rep.data[2]);
	EXPECT_EQ(0x34, rep.data[3]);
	EXPECT_EQ(0x56, rep.data[4]);

	r.offset = 22;		/* word 11: device id */
	r.len = 2;
	ASSERT_EQ(0, upcall(d, MDRV_UP_GET_EEPROM, &r, sizeof(r), &rep));
	EXPECT_EQ(0x0f, rep.data[0]);
	EXPECT_EQ(0x10, rep.data[1]);

	r.offset = 120;
	r.len = 9;		/* past 128 bytes */
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_GET_EEPROM, &r, sizeof(r), NULL));

	/* writes: the range must come with its bytes; QEMU drops them */
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_SET_EEPROM, &r, sizeof(r),
				  NULL));
	{
		uint8_t w[sizeof(r) + 2];

		r.offset = 0;
		r.len = 2;
		memcpy(w, &r, sizeof(r));
		w[sizeof(r)] = 0xaa;
		w[sizeof(r) + 1] = 0x55;
		EXPECT_EQ(-EOPNOTSUPP, upcall(d, MDRV_UP_SET_EEPROM, w,
					      sizeof(w), NULL));
	}
	EXPECT_EQ(0x5452, s->eeprom[0]);
}

TEST(pcnet_aprom)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	struct ethtool_eeprom r = { .offset = 0, .len = 16 };
	struct mdrv_msg rep;

	ASSERT_EQ(0, upcall(d, MDRV_UP_GET_EEPROM, &r, sizeof(r), &rep));
	ASSERT_EQ(16u, rep.len);
	EXPECT_EQ(0, memcmp(rep.data, s->aprom, 16));
	r.offset = 10;
	r.len = 7;
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_GET_EEPROM, &r, sizeof(r), NULL));
}

/* Coalescing, rings */

TEST(e1000_coalesce_82545_only)
{
	struct sim *s = sim_new(MDRV_CHIP_82545EM);
	struct mdrvd_dev *d = new_dev(s);
	struct sim *s40 = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d40 = new_dev(s40);
	struct mdrv_coalesce c = { .rx_usecs = 100, .tx_usecs = 100 };

	ASSERT_EQ(0, d->ops->read_back(d));
	ASSERT_EQ(0, d->ops->get_coalesce(d, &c));
	EXPECT_EQ(50u, c.rx_usecs);		/* ITR 195 * 256 ns */
	EXPECT_EQ(50u, c.tx_usecs);

	c.rx_usecs = 100;
	c.tx_usecs = 100;
	ASSERT_EQ(0, set_coalesce(d, &c));
	EXPECT_EQ(391u, *sim_mmio(s, E1000_ITR));	/* 100 us / 256 ns */
	ASSERT_EQ(0, d->ops->get_coalesce(d, &c));
	EXPECT_EQ(100u, c.rx_usecs);

	c.rx_usecs = 20000;			/* > 0xffff * 256 ns */
	EXPECT_EQ(-EINVAL, set_coalesce(d, &c));

	EXPECT_EQ(-EOPNOTSUPP, set_coalesce(d40, &c));
	EXPECT_TRUE(d40->ops->get_coalesce == NULL);
}

/*
 * The kernel answers `ethtool DEV`, sysfs speed and `ethtool -c` from what
 * the daemon publishes (STATE_SET), never waiting for it: the daemon
 * publishes when it configures a device, and before it answers a link or
 * coalescing change.
 */
TEST(publishes_link_and_coalescing_on_every_change)
{
	struct sim *s = sim_new(MDRV_CHIP_82545EM);
	struct mdrvd_dev *d = new_dev(s);
	struct sim *s40 = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d40 = new_dev(s40);
	struct mdrv_coalesce c = { .rx_usecs = 100, .tx_usecs = 100 };
	struct mdrv_link l = { .speed = 100, .duplex = DUPLEX_FULL,
			       .autoneg = AUTONEG_DISABLE };
	unsigned int n, msgs;

	ASSERT_EQ(0, d->ops->read_back(d));
	ASSERT_EQ(0, upcall(d, MDRV_UP_OPEN, NULL, 0, NULL));
	n = s->state_sets;
	EXPECT_LE(1u, n);
	EXPECT_EQ(1000u, s->pub_link.speed);
	EXPECT_TRUE(s->pub_coal_valid);

	/*
	 * ITR written, read back, published: three messages, none for the
	 * link (STATUS and two PHY reads through MDIC), which keeps what was
	 * published
	 */
	msgs = s->read_msgs + s->write_msgs + s->state_sets;
	ASSERT_EQ(0, set_coalesce(d, &c));
	EXPECT_EQ(n + 1, s->state_sets);
	EXPECT_EQ(100u, s->pub_coal.rx_usecs);
	EXPECT_EQ(msgs + 3, s->read_msgs + s->write_msgs + s->state_sets);
	EXPECT_EQ(1000u, s->pub_link.speed);
	EXPECT_EQ(DUPLEX_FULL, s->pub_link.duplex);

	ASSERT_EQ(0, set_link(d, &l));
	EXPECT_EQ(n + 2, s->state_sets);
	EXPECT_EQ(AUTONEG_DISABLE, s->pub_link.autoneg);

	/* a refused change publishes nothing */
	l.speed = 1000;
	l.duplex = DUPLEX_HALF;
	EXPECT_EQ(-EINVAL, set_link(d, &l));
	EXPECT_EQ(n + 2, s->state_sets);

	/* the PCnet has no coalescing: published without it */
	ASSERT_EQ(0, d40->ops->read_back(d40));
	ASSERT_EQ(0, upcall(d40, MDRV_UP_OPEN, NULL, 0, NULL));
	EXPECT_LE(1u, s40->state_sets);
	EXPECT_FALSE(s40->pub_coal_valid);
	EXPECT_EQ(10u, s40->pub_link.speed);
}

TEST(ring_sizes_rounded_and_checked)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct sim *p = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *dp = new_dev(p);
	struct ethtool_ringparam r = { .tx_pending = 100, .rx_pending = 4093 };

	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_RING, &r, sizeof(r), NULL));
	EXPECT_EQ(104u, s->ring_tx);
	EXPECT_EQ(4096u, s->ring_rx);
	EXPECT_EQ(2048u, s->rx_buf_len);
	r.tx_pending = 5000;
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_SET_RING, &r, sizeof(r), NULL));
	r.tx_pending = 32;
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_SET_RING, &r, sizeof(r), NULL));
	EXPECT_EQ(1u, s->ring_sets);

	r.tx_pending = 17;
	r.rx_pending = 512;
	ASSERT_EQ(0, upcall(dp, MDRV_UP_SET_RING, &r, sizeof(r), NULL));
	EXPECT_EQ(32u, p->ring_tx);
	EXPECT_EQ(512u, p->ring_rx);
	r.rx_pending = 1024;
	EXPECT_EQ(-EINVAL, upcall(dp, MDRV_UP_SET_RING, &r, sizeof(r), NULL));
	r.rx_pending = 8;
	EXPECT_EQ(-EINVAL, upcall(dp, MDRV_UP_SET_RING, &r, sizeof(r), NULL));
	EXPECT_EQ(0u, s->refused);
	EXPECT_EQ(0u, p->refused);
}

/* Open: the whole configuration, on a chip that lost it */

TEST(e1000_open_applies_everything)
{
	const uint8_t *mc[] = { mc_ssdp };
	struct sim *s = sim_new(MDRV_CHIP_82545EM);
	struct mdrvd_dev *d = new_dev(s);
	unsigned int i;

	ASSERT_EQ(0, d->ops->read_back(d));
	d->want.itr = 391;
	d->want.mtu = 9000;
	d->want.rx_buf_len = 16384;
	s->rx_buf_len = 16384;
	set_mc(s, IFF_BROADCAST, mc, 1);
	/* as after a restart of a chip that kept nothing */
	*sim_mmio(s, E1000_RAL0) = 0;
	*sim_mmio(s, E1000_RAH0) = 0;
	/* the enable and buffer size the kernel's start set */
	*sim_mmio(s, E1000_RCTL) = E1000_RCTL_EN | E1000_RCTL_SZ_16384;
	*sim_mmio(s, E1000_ITR) = 0;
	for (i = 0; i < E1000_MTA_ENTRIES; i++)
		*sim_mmio(s, E1000_MTA + 4 * i) = 0;

	ASSERT_EQ(0, upcall(d, MDRV_UP_OPEN, NULL, 0, NULL));
	EXPECT_EQ(0x12005452u, *sim_mmio(s, E1000_RAL0));
	EXPECT_EQ(0x80005634u, *sim_mmio(s, E1000_RAH0));
	EXPECT_TRUE(qemu_mta_match(s, mc_ssdp));
	EXPECT_EQ(1u, popcount_mta(s));
	EXPECT_EQ(E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_LPE |
		  E1000_RCTL_SECRC | E1000_RCTL_SZ_16384,
		  *sim_mmio(s, E1000_RCTL));
	EXPECT_EQ(391u, *sim_mmio(s, E1000_ITR));
	EXPECT_TRUE(*sim_mmio(s, E1000_CTRL) & E1000_CTRL_ASDE);
	EXPECT_EQ(1, s->carrier);		/* STATUS.LU */
	EXPECT_EQ(0u, s->ring_sets);		/* never from open */
	EXPECT_EQ(0u, s->refused);
}

TEST(pcnet_open_applies_everything)
{
	const uint8_t *mc[] = { mc_allhosts };
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);

	ASSERT_EQ(0, d->ops->read_back(d));
	d->want.link.duplex = DUPLEX_FULL;
	memcpy(d->want.mac, (uint8_t[]){ 2, 1, 2, 3, 4, 5 }, 6);
	set_mc(s, IFF_BROADCAST, mc, 1);
	s->link = false;
	ASSERT_EQ(0, upcall(d, MDRV_UP_OPEN, NULL, 0, NULL));
	EXPECT_EQ(0x0102, s->csr[12]);
	EXPECT_EQ(0x0302, s->csr[13]);
	EXPECT_EQ(0x0504, s->csr[14]);
	EXPECT_TRUE(qemu_ladr_match(s, mc_allhosts));
	EXPECT_EQ(1, s->bcr[9] & 1);
	EXPECT_EQ(0, s->carrier);
	EXPECT_EQ(0, s->csr[5] & 1);
	EXPECT_EQ(0u, s->refused);
}

/* Upcall plumbing */

TEST(upcall_validation)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_msg up = { .seq = 9, .type = MDRV_UP_SET_MAC, .len = 5 };
	struct mdrv_msg rep;

	/* short payload */
	ASSERT_TRUE(mdrvd_upcall(d, &up, &rep));
	EXPECT_EQ(-EINVAL, rep.status);
	EXPECT_EQ(9u, rep.seq);
	EXPECT_EQ(MDRV_UP_SET_MAC, rep.type);
	EXPECT_EQ(0, rep.len);
	EXPECT_EQ(0u, s->write_msgs);

	/* unknown type */
	up.type = MDRV_UP_MAX + 3;
	up.len = 0;
	ASSERT_TRUE(mdrvd_upcall(d, &up, &rep));
	EXPECT_EQ(-EOPNOTSUPP, rep.status);
	EXPECT_EQ(MDRV_UP_MAX + 3, rep.type);

	/* length beyond the payload area */
	up.type = MDRV_UP_STATS;
	up.len = MDRV_MBOX_PAYLOAD + 1;
	ASSERT_TRUE(mdrvd_upcall(d, &up, &rep));
	EXPECT_EQ(-EINVAL, rep.status);

	/* events get no reply */
	up.type = MDRV_UP_RX_MODE;
	up.len = 0;
	up.flags = MDRV_MSG_F_EVENT;
	EXPECT_FALSE(mdrvd_upcall(d, &up, &rep));
	EXPECT_TRUE(d->pending & MDRVD_PEND_RXMODE);

	/* IDENTIFY on e1000: not supported (yet) */
	EXPECT_EQ(-EOPNOTSUPP, upcall(d, MDRV_UP_IDENTIFY,
				      &(int){ 1 }, sizeof(int), NULL));
}

TEST(pcnet_identify_toggles_led_polarity)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	int st = MDRV_ID_ACTIVE;

	ASSERT_EQ(0, upcall(d, MDRV_UP_IDENTIFY, &st, sizeof(st), NULL));
	EXPECT_EQ(MDRVD_TICK_BUSY_MS, mdrvd_dev_tick(d, 0));	/* on */
	EXPECT_EQ(0x40c0, s->bcr[4]);
	EXPECT_EQ(0x4084, s->bcr[5]);
	EXPECT_EQ(1, s->link && (s->bcr[4] & 0x40));	/* link still shown */
	EXPECT_EQ(MDRVD_TICK_BUSY_MS, mdrvd_dev_tick(d, 0));	/* off */
	EXPECT_EQ(0x00c0, s->bcr[4]);
	mdrvd_dev_tick(d, 0);
	st = MDRV_ID_INACTIVE;
	ASSERT_EQ(0, upcall(d, MDRV_UP_IDENTIFY, &st, sizeof(st), NULL));
	EXPECT_EQ(0x00c0, s->bcr[4]);
	EXPECT_EQ(0x0090, s->bcr[7]);
	EXPECT_FALSE(d->identify);

	/* a restore that fails is tried again by the tick, not blinked on
	 * (was: forgotten, or blinking until the next ethtool -p)
	 */
	st = MDRV_ID_ACTIVE;
	ASSERT_EQ(0, upcall(d, MDRV_UP_IDENTIFY, &st, sizeof(st), NULL));
	mdrvd_dev_tick(d, 0);
	s->fail_write_in = 1;
	st = MDRV_ID_INACTIVE;
	EXPECT_EQ(-EIO, upcall(d, MDRV_UP_IDENTIFY, &st, sizeof(st), NULL));
	EXPECT_TRUE(d->identify);
	mdrvd_dev_tick(d, 0);
	EXPECT_EQ(0x00c0, s->bcr[4]);
	EXPECT_EQ(0x0090, s->bcr[7]);
	EXPECT_FALSE(d->identify);
	mdrvd_dev_tick(d, 0);
	EXPECT_EQ(0x00c0, s->bcr[4]);		/* and it stays off */
}

TEST(self_test_passes_on_the_models)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct sim *p = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *dp = new_dev(p);
	struct ethtool_test fl = { .flags = ETH_TEST_FL_OFFLINE };
	struct mdrv_selftest st;
	struct mdrv_msg rep;

	*sim_mmio(s, E1000_RDTR) = 0x1234;
	ASSERT_EQ(0, upcall(d, MDRV_UP_SELF_TEST, &fl, sizeof(fl), &rep));
	ASSERT_EQ(sizeof(st), rep.len);
	memcpy(&st, rep.data, sizeof(st));
	EXPECT_EQ(d->ops->n_tests, st.count);
	EXPECT_EQ(0u, st.failed);
	EXPECT_EQ(0x1234u, *sim_mmio(s, E1000_RDTR));	/* restored */

	/* a broken checksum fails the eeprom test */
	s->eeprom[63] ^= 1;
	ASSERT_EQ(0, upcall(d, MDRV_UP_SELF_TEST, &fl, sizeof(fl), &rep));
	memcpy(&st, rep.data, sizeof(st));
	EXPECT_EQ(1u, st.failed);
	EXPECT_NE(0u, st.result[1]);

	ASSERT_EQ(0, upcall(dp, MDRV_UP_SELF_TEST, &fl, sizeof(fl), &rep));
	memcpy(&st, rep.data, sizeof(st));
	EXPECT_EQ(dp->ops->n_tests, st.count);
	EXPECT_EQ(0u, st.failed);
	EXPECT_EQ(0x0084, p->bcr[5]);
	EXPECT_EQ(0u, s->refused);
	EXPECT_EQ(0u, p->refused);
}

TEST(fault_recovers_then_backs_off)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	const uint64_t ms = 1000000ull;
	uint64_t t = 1000 * ms;
	unsigned int writes;

	ASSERT_EQ(0, mdrvd_dev_adopt(d, true));
	/* TCTL=0 hung the transmitter; the kernel restarted it (EN only) */
	*sim_mmio(s, E1000_TCTL) = E1000_TCTL_EN;
	/* recovered at once with a transmitter-only reset */
	writes = s->n_log;
	ASSERT_EQ(0, mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 2, 0,
				       t - 61000 * ms));
	EXPECT_EQ(1u, s->reset_cmds);
	EXPECT_EQ(1u, s->tx_resets);
	EXPECT_EQ(1u, d->rec.recoveries);
	/* configuration re-applied: TCTL's fields again, RCTL (unchanged)
	 * not rewritten — QEMU would hold received frames for a second
	 */
	EXPECT_EQ(E1000_TCTL_EN | E1000_TCTL_CONFIG, *sim_mmio(s, E1000_TCTL));
	EXPECT_GT(s->n_log, writes);
	EXPECT_LT(sim_find_write(s, MDRV_REG_MMIO, E1000_RCTL, writes), 0);

	/* a flapping device: 1 s, 2 s, 4 s ... between attempts */
	ASSERT_EQ(0, mdrvd_dev_recover(d, MDRV_FAULT_RX_STALL, 0, 0, t));
	EXPECT_EQ(-EAGAIN, mdrvd_dev_recover(d, MDRV_FAULT_RX_STALL, 0, 0,
					   t + 500 * ms));
	ASSERT_EQ(0, mdrvd_dev_recover(d, MDRV_FAULT_RX_STALL, 0, 0,
				     t += 1000 * ms));
	EXPECT_EQ(-EAGAIN, mdrvd_dev_recover(d, MDRV_FAULT_RX_STALL, 0, 0,
					   t + 1999 * ms));
	ASSERT_EQ(0, mdrvd_dev_recover(d, MDRV_FAULT_RX_STALL, 0, 0,
				     t += 2000 * ms));
	EXPECT_EQ(-EAGAIN, mdrvd_dev_recover(d, MDRV_FAULT_RX_STALL, 0, 0,
					   t + 3999 * ms));
	EXPECT_EQ(4u, s->reset_cmds);
	EXPECT_EQ(1u, s->tx_resets);	/* receive stalls: full resets */
	/* stable for a minute: the next fault is recovered at once again */
	ASSERT_EQ(0, mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 0, 0,
				     t += 61000 * ms));
	EXPECT_EQ(0, mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 0, 0,
				     t + 1000 * ms));
	EXPECT_EQ(6u, s->reset_cmds);
	/* a kind the daemon does not know is refused */
	EXPECT_EQ(-EINVAL, mdrvd_dev_recover(d, MDRV_FAULT_MAX, 0, 0, t));
	EXPECT_EQ(6u, s->reset_cmds);
}

/*
 * Lines of stderr holding @what while @fn runs: mdrvd logs to stderr in the
 * unit tests (no mdrvd_log_open()).
 */
static unsigned int stderr_lines(void (*fn)(struct mdrvd_dev *, uint64_t),
				 struct mdrvd_dev *d, uint64_t t,
				 const char *what)
{
	FILE *tmp = tmpfile();
	char line[512];
	unsigned int n = 0;
	int saved;

	if (!tmp)
		return ~0u;
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(tmp), 2);
	fn(d, t);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	while (fgets(line, sizeof(line), tmp))
		n += !!strstr(line, what);
	fclose(tmp);
	return n;
}

/* a fault the kernel repeats every 2 s through a 60-s back-off, then one after */
static void repeat_through_backoff(struct mdrvd_dev *d, uint64_t t)
{
	const uint64_t ms = 1000000ull;
	unsigned int i;

	for (i = 1; i <= 29; i++)
		mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 0, 0, t + i * 2000 * ms);
	/* the back-off over: recovered (back-off 1 s), the next one said again */
	mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 0, 0, t + 60000 * ms);
	mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 0, 0, t + 60500 * ms);
	mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 0, 0, t + 60700 * ms);
	mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 0, 0, t + 62000 * ms);
}

/*
 * A persisting fault the kernel reports every 2 s is logged once per
 * back-off, not at every report (was: 29 "backing off" lines in a minute).
 */
TEST(backoff_logged_once_per_backoff)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	const uint64_t ms = 1000000ull;
	uint64_t t = 1000 * ms;

	ASSERT_EQ(0, mdrvd_dev_adopt(d, true));
	ASSERT_EQ(0, mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 0, 0, t));
	/* the back-off grown to 60 s by earlier flapping */
	d->rec.backoff_ns = 60000 * ms;
	EXPECT_EQ(2u, stderr_lines(repeat_through_backoff, d, t, "backing off"));
	/* every report counted; recovered at t, t + 60 s, t + 62 s */
	EXPECT_EQ(34u, d->rec.faults);
	EXPECT_EQ(3u, d->rec.recoveries);
}

/* devlink's recover: the daemon recovers while the kernel waits */
TEST(health_recover_upcall)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_up_health h = { .reporter = MDRV_HEALTH_TX_HANG,
				    .kind = MDRV_FAULT_TX_HANG, .detail = 3 };
	struct mdrv_msg rep;

	ASSERT_EQ(0, mdrvd_dev_adopt(d, true));
	/* not an event: the reply carries the result */
	ASSERT_EQ(0, upcall(d, MDRV_UP_HEALTH_RECOVER, &h, sizeof(h), &rep));
	EXPECT_EQ(0, rep.len);
	EXPECT_EQ(1u, s->reset_cmds);
	EXPECT_EQ(1u, s->tx_resets);
	/* again at once: backing off, the kernel is told so */
	EXPECT_EQ(-EAGAIN, upcall(d, MDRV_UP_HEALTH_RECOVER, &h, sizeof(h),
				  NULL));
	EXPECT_EQ(1u, s->reset_cmds);
	/* `devlink health recover` recovers whatever the back-off */
	h.flags = MDRV_HEALTH_F_MANUAL;
	EXPECT_EQ(0, upcall(d, MDRV_UP_HEALTH_RECOVER, &h, sizeof(h), NULL));
	EXPECT_EQ(2u, s->reset_cmds);
	EXPECT_EQ(2u, d->rec.recoveries);
	/* an rx-errors recovery is a full reset */
	h.kind = MDRV_FAULT_RX_STALL;
	EXPECT_EQ(0, upcall(d, MDRV_UP_HEALTH_RECOVER, &h, sizeof(h), NULL));
	EXPECT_EQ(3u, s->reset_cmds);
	EXPECT_EQ(2u, s->tx_resets);
	/* refused: short payload, unknown kind or flag */
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_HEALTH_RECOVER, &h, 8, NULL));
	h.kind = MDRV_FAULT_MAX;
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_HEALTH_RECOVER, &h, sizeof(h),
				  NULL));
	h.kind = MDRV_FAULT_TX_HANG;
	h.flags = 0x80;
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_HEALTH_RECOVER, &h, sizeof(h),
				  NULL));
	EXPECT_EQ(3u, s->reset_cmds);
	EXPECT_EQ(0u, s->refused);
}

/* Every pair a reply carries passes the kernel's checks. */
static void check_pairs(struct __test_metadata *_metadata,
			const struct mdrv_msg *rep, struct mdrv_health_rep *hr)
{
	unsigned int i, j;

	ASSERT_GE(rep->len, offsetof(struct mdrv_health_rep, pair));
	memcpy(hr, rep->data, rep->len);
	ASSERT_LE(hr->count, MDRV_HEALTH_PAIRS);
	EXPECT_EQ(offsetof(struct mdrv_health_rep, pair) +
		  hr->count * sizeof(hr->pair[0]), rep->len);
	for (i = 0; i < hr->count; i++) {
		size_t n = strnlen(hr->pair[i].name, MDRV_HEALTH_NAME);

		EXPECT_GT(n, 0u);
		EXPECT_LT(n, MDRV_HEALTH_NAME);
		for (j = 0; j < n; j++)
			EXPECT_TRUE(isprint((unsigned char)hr->pair[i].name[j]));
	}
}

/* the value of pair @name in pages from @start on, -1 if absent */
static int64_t find_pair(struct mdrvd_dev *d, uint32_t reporter, bool dump,
			 const char *name, unsigned int *total)
{
	struct mdrv_up_health h = { .reporter = reporter };
	struct mdrv_health_rep hr;
	struct mdrv_msg rep;
	int64_t v = -1;
	unsigned int i;

	*total = 0;
	do {
		if (upcall(d, dump ? MDRV_UP_HEALTH_DUMP :
				     MDRV_UP_HEALTH_DIAGNOSE,
			   &h, sizeof(h), &rep))
			return -2;
		memcpy(&hr, rep.data, rep.len);
		for (i = 0; i < hr.count; i++)
			if (!strcmp(hr.pair[i].name, name))
				v = hr.pair[i].value;
		h.start += hr.count;
		*total += hr.count;
	} while (hr.more && hr.count);
	return v;
}

TEST(health_diagnose_and_dump_pairs)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct sim *p = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s), *dp = new_dev(p);
	struct mdrv_up_health h = { .reporter = MDRV_HEALTH_TX_HANG };
	struct mdrv_health_rep hr;
	struct mdrv_msg rep;
	unsigned int n, diag_total;

	ASSERT_EQ(0, mdrvd_dev_adopt(d, true));
	ASSERT_EQ(0, mdrvd_dev_adopt(dp, true));
	*sim_mmio(s, E1000_STATUS) = 0x80083;
	ASSERT_EQ(0, upcall(d, MDRV_UP_HEALTH_DIAGNOSE, &h, sizeof(h), &rep));
	check_pairs(_metadata, &rep, &hr);
	EXPECT_EQ(0x80083, find_pair(d, MDRV_HEALTH_TX_HANG, false, "STATUS",
				     &n));
	EXPECT_EQ(0, find_pair(d, MDRV_HEALTH_TX_HANG, false, "recoveries",
			       &n));
	diag_total = n;
	/* no events yet: the dump says as much as diagnose */
	find_pair(d, MDRV_HEALTH_TX_HANG, true, "x", &n);
	EXPECT_EQ(diag_total, n);

	/* a recovery, then one backing off: both in the dump, newest first */
	ASSERT_EQ(0, mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, 1, 0, 1000000000ull));
	EXPECT_EQ(-EAGAIN, mdrvd_dev_recover(d, MDRV_FAULT_RX_STALL, 2, 0,
					   1100000000ull));
	EXPECT_EQ(1, find_pair(d, MDRV_HEALTH_TX_HANG, false, "recoveries",
			       &n));
	EXPECT_EQ(100, find_pair(d, MDRV_HEALTH_TX_HANG, false, "backoff_ms",
				 &diag_total) / 10);
	EXPECT_EQ(MDRV_FAULT_RX_STALL,
		  find_pair(d, MDRV_HEALTH_TX_HANG, true, "ev0_kind", &n));
	EXPECT_EQ((uint64_t)(int64_t)-EAGAIN,
		  (uint64_t)find_pair(d, MDRV_HEALTH_TX_HANG, true,
				      "ev0_result", &n));
	EXPECT_EQ(MDRV_FAULT_TX_HANG,
		  find_pair(d, MDRV_HEALTH_TX_HANG, true, "ev1_kind", &n));
	EXPECT_EQ(diag_total + 8, n);
	/* many events: paged, every page valid, never more than kept */
	for (n = 0; n < 20; n++)
		mdrvd_dev_recover(d, MDRV_FAULT_TX_HANG, n, 0, 2000000000ull);
	h.start = 0;
	do {
		ASSERT_EQ(0, upcall(d, MDRV_UP_HEALTH_DUMP, &h, sizeof(h),
				    &rep));
		check_pairs(_metadata, &rep, &hr);
		h.start += hr.count;
	} while (hr.more);
	EXPECT_EQ(diag_total + 4 * MDRVD_EVENTS, h.start);
	EXPECT_EQ(-1, find_pair(d, MDRV_HEALTH_TX_HANG, true, "ev8_kind",
				&n));
	/* beyond the end: an empty page */
	ASSERT_EQ(0, upcall(d, MDRV_UP_HEALTH_DUMP, &h, sizeof(h), &rep));
	check_pairs(_metadata, &rep, &hr);
	EXPECT_EQ(0u, hr.count);
	EXPECT_EQ(0u, hr.more);

	/* PCnet: CSR0 with its interrupt causes */
	EXPECT_GE(find_pair(dp, MDRV_HEALTH_RX_ERRORS, false, "CSR0", &n), 0);
	EXPECT_GE(find_pair(dp, MDRV_HEALTH_LINK, false, "carrier", &n), 0);
	/* refused: unknown reporter, short payload */
	h.reporter = MDRV_HEALTH_MAX;
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_HEALTH_DIAGNOSE, &h, sizeof(h),
				  NULL));
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_HEALTH_DUMP, &h, 4, NULL));
	EXPECT_EQ(0u, s->refused);
	EXPECT_EQ(0u, p->refused);
}

/* The simulated kernel refuses what the real one refuses. */
TEST(sim_enforces_allowlist)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_hw hw = { .ops = &sim_hw_ops, .ctx = s };
	struct mdrvd_reg r = { MDRV_REG_MMIO, E1000_RCTL, E1000_RCTL_BSEX };

	EXPECT_EQ(-EINVAL, hw.ops->reg_write(s, &r, 1));	/* BSEX */
	r.addr = E1000_RDBAL;
	r.value = 0;
	EXPECT_EQ(-EPERM, hw.ops->reg_write(s, &r, 1));	/* ring base */
	EXPECT_EQ(-EPERM, hw.ops->reg_read(s, &r, 1, NULL));
	EXPECT_EQ(3u, s->refused);
}

/* VLAN: VFTA, RCTL.VFE, CTRL.VME from the kernel's state */

/* QEMU's e1000x_rx_vlan_filter() over the simulated VFTA */
static bool qemu_vfta_match(struct sim *s, uint16_t vid)
{
	uint32_t vfta = *sim_mmio(s, E1000_VFTA + 4 * ((vid >> 5) & 0x7f));

	return vfta & (1u << (vid & 0x1f));
}

static void set_vid(struct sim *s, uint16_t vid)
{
	s->rxmode.vlan_ids[vid / 32] |= 1u << (vid % 32);
}

TEST(e1000_vlan_filter_and_strip)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	unsigned int vid, n = 0;

	set_mc(s, IFF_BROADCAST, NULL, 0);
	s->rxmode.vlan_flags = MDRV_VLAN_F_STRIP | MDRV_VLAN_F_FILTER;
	set_vid(s, 0);
	set_vid(s, 100);
	set_vid(s, 4095);
	ASSERT_EQ(0, upcall(d, MDRV_UP_VLAN, NULL, 0, NULL));
	for (vid = 0; vid < 4096; vid++)
		n += qemu_vfta_match(s, vid);
	EXPECT_EQ(3u, n);
	EXPECT_TRUE(qemu_vfta_match(s, 100));
	EXPECT_TRUE(qemu_vfta_match(s, 4095));
	EXPECT_FALSE(qemu_vfta_match(s, 101));
	EXPECT_EQ(0x00000010u, *sim_mmio(s, E1000_VFTA + 12));	/* 100 */
	EXPECT_TRUE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_VFE);
	EXPECT_TRUE(*sim_mmio(s, E1000_CTRL) & E1000_CTRL_VME);
	/* the table is complete before the filter goes on */
	EXPECT_LT(sim_find_write(s, MDRV_REG_MMIO, E1000_VFTA + 508, 0),
		  sim_find_write(s, MDRV_REG_MMIO, E1000_RCTL, 0));
	/* untouched: VET (read only), buffer size, the enables */
	EXPECT_EQ(0x8100u, *sim_mmio(s, E1000_VET));
	EXPECT_TRUE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_EN);
	EXPECT_TRUE(*sim_mmio(s, E1000_CTRL) & E1000_CTRL_SLU);

	/* promiscuous: every VLAN, as the stock driver */
	s->rxmode.flags |= IFF_PROMISC;
	ASSERT_EQ(0, mdrvd_dev_rxmode(d));
	EXPECT_FALSE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_VFE);
	s->rxmode.flags &= ~IFF_PROMISC;

	/* rx-vlan-offload and rx-vlan-filter off; a VID removed */
	s->rxmode.vlan_flags = 0;
	s->rxmode.vlan_ids[100 / 32] = 0;
	ASSERT_EQ(0, upcall(d, MDRV_UP_VLAN, NULL, 0, NULL));
	EXPECT_FALSE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_VFE);
	EXPECT_FALSE(*sim_mmio(s, E1000_CTRL) & E1000_CTRL_VME);
	EXPECT_FALSE(qemu_vfta_match(s, 100));
	EXPECT_TRUE(qemu_vfta_match(s, 4095));

	/* open re-applies the whole state */
	s->rxmode.vlan_flags = MDRV_VLAN_F_STRIP | MDRV_VLAN_F_FILTER;
	*sim_mmio(s, E1000_VFTA + 508) = 0;
	ASSERT_EQ(0, upcall(d, MDRV_UP_OPEN, NULL, 0, NULL));
	EXPECT_TRUE(qemu_vfta_match(s, 4095));
	EXPECT_TRUE(*sim_mmio(s, E1000_RCTL) & E1000_RCTL_VFE);
	EXPECT_TRUE(*sim_mmio(s, E1000_CTRL) & E1000_CTRL_VME);
	EXPECT_EQ(0u, s->refused);
}

TEST(pcnet_vlan_changes_nothing)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	unsigned int before;

	set_mc(s, IFF_BROADCAST, NULL, 0);
	s->rxmode.vlan_flags = MDRV_VLAN_F_STRIP | MDRV_VLAN_F_FILTER;
	set_vid(s, 100);
	before = s->n_log;
	/* the PCnet offers no VLAN features: only its rx filters again */
	ASSERT_EQ(0, upcall(d, MDRV_UP_VLAN, NULL, 0, NULL));
	for (; before < s->n_log; before++)
		EXPECT_EQ(MDRV_REG_CSR, s->log[before].space);
	EXPECT_EQ(0u, s->refused);
}

/* Flow control: ANAR pause bits, CTRL.RFCE/TFCE (ethtool -a / -A) */

#define E1000_CTRL_RFCE	0x08000000
#define E1000_CTRL_TFCE	0x10000000

TEST(e1000_pause_as_the_stock_driver)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct ethtool_pauseparam pp = { .autoneg = 0, .rx_pause = 1,
					 .tx_pause = 1 };
	struct mdrv_link l;

	ASSERT_EQ(0, d->ops->read_back(d));
	/* negotiated, both asked; QEMU's partner advertises no pause:
	 * receive only, as the stock driver shows it (RX on, TX off)
	 */
	s->phy[5] = 0x01e0;
	ASSERT_EQ(0, d->ops->get_link(d, &l));
	EXPECT_EQ(MDRV_PAUSE_AUTONEG | MDRV_PAUSE_RX | MDRV_PAUSE_ASK_RX |
		  MDRV_PAUSE_ASK_TX, l.pause);
	EXPECT_EQ(E1000_CTRL_RFCE, *sim_mmio(s, E1000_CTRL) &
		  (E1000_CTRL_RFCE | E1000_CTRL_TFCE));
	EXPECT_EQ(0x0c00, s->phy[4] & 0x0c00);

	/* a partner with symmetric pause: both */
	s->phy[5] |= 0x0400;
	ASSERT_EQ(0, d->ops->get_link(d, &l));
	EXPECT_EQ(MDRV_PAUSE_RX | MDRV_PAUSE_TX,
		  l.pause & (MDRV_PAUSE_RX | MDRV_PAUSE_TX));

	/* forced: CTRL at once, the advertisement left alone */
	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_PAUSE, &pp, sizeof(pp), NULL));
	EXPECT_EQ(E1000_CTRL_RFCE | E1000_CTRL_TFCE, *sim_mmio(s, E1000_CTRL) &
		  (E1000_CTRL_RFCE | E1000_CTRL_TFCE));
	EXPECT_EQ(MDRV_PAUSE_RX | MDRV_PAUSE_TX | MDRV_PAUSE_ASK_RX |
		  MDRV_PAUSE_ASK_TX, s->pub_link.pause);
	pp.rx_pause = 0;
	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_PAUSE, &pp, sizeof(pp), NULL));
	EXPECT_EQ(E1000_CTRL_TFCE, *sim_mmio(s, E1000_CTRL) &
		  (E1000_CTRL_RFCE | E1000_CTRL_TFCE));
	EXPECT_EQ(MDRV_PAUSE_TX | MDRV_PAUSE_ASK_TX, s->pub_link.pause);

	/* negotiated, nothing asked: no pause bits, negotiated again */
	pp = (struct ethtool_pauseparam){ .autoneg = 1 };
	s->phy[0] = 0x1140;
	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_PAUSE, &pp, sizeof(pp), NULL));
	EXPECT_EQ(0, s->phy[4] & 0x0c00);
	EXPECT_EQ(0x1340, s->phy[0]);
	EXPECT_EQ(0u, *sim_mmio(s, E1000_CTRL) &
		  (E1000_CTRL_RFCE | E1000_CTRL_TFCE));
	EXPECT_EQ(MDRV_PAUSE_AUTONEG, s->pub_link.pause);

	/* a chip reset brings the PHY's default back: apply restores */
	s->phy[4] = 0x0de1;
	ASSERT_EQ(0, mdrvd_dev_apply(d, false));
	EXPECT_EQ(0, s->phy[4] & 0x0c00);

	pp.rx_pause = 2;
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_SET_PAUSE, &pp, sizeof(pp), NULL));
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_SET_PAUSE, &pp, 8, NULL));
	EXPECT_EQ(0u, s->refused);
}

TEST(pcnet_has_no_pause)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	struct ethtool_pauseparam pp = { .rx_pause = 1 };

	EXPECT_EQ(-EOPNOTSUPP, upcall(d, MDRV_UP_SET_PAUSE, &pp, sizeof(pp),
				      NULL));
}

/* Wake-on-LAN: WUFC / WUC */

TEST(e1000_wol_programs_wufc)
{
	struct sim *s = sim_new(MDRV_CHIP_82545EM);
	struct mdrvd_dev *d = new_dev(s);
	struct ethtool_wolinfo u = { .wolopts = WAKE_MAGIC };

	ASSERT_EQ(0, d->ops->read_back(d));
	EXPECT_EQ(0u, d->want.wol);
	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_WOL, &u, sizeof(u), NULL));
	EXPECT_EQ(0x2u, *sim_mmio(s, E1000_WUFC));	/* MAG */
	EXPECT_EQ(0x2u, *sim_mmio(s, E1000_WUC));	/* PME_EN */

	u.wolopts = WAKE_UCAST | WAKE_MCAST | WAKE_BCAST | WAKE_MAGIC;
	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_WOL, &u, sizeof(u), NULL));
	EXPECT_EQ(0x1eu, *sim_mmio(s, E1000_WUFC));	/* EX MC BC MAG */

	u.wolopts = WAKE_PHY;
	EXPECT_EQ(-EOPNOTSUPP, upcall(d, MDRV_UP_SET_WOL, &u, sizeof(u),
				      NULL));
	EXPECT_EQ(0x1eu, *sim_mmio(s, E1000_WUFC));
	EXPECT_EQ(-EINVAL, upcall(d, MDRV_UP_SET_WOL, &u, 2, NULL));

	/* a restarted daemon finds the setting in the chip and keeps it */
	d->want.wol = 0;
	ASSERT_EQ(0, d->ops->read_back(d));
	EXPECT_EQ(WAKE_UCAST | WAKE_MCAST | WAKE_BCAST | WAKE_MAGIC,
		  d->want.wol);
	ASSERT_EQ(0, upcall(d, MDRV_UP_OPEN, NULL, 0, NULL));
	EXPECT_EQ(0x1eu, *sim_mmio(s, E1000_WUFC));

	u.wolopts = 0;
	ASSERT_EQ(0, upcall(d, MDRV_UP_SET_WOL, &u, sizeof(u), NULL));
	EXPECT_EQ(0u, *sim_mmio(s, E1000_WUFC));
	EXPECT_EQ(0u, *sim_mmio(s, E1000_WUC));
	EXPECT_EQ(0u, s->refused);
}

TEST(pcnet_has_no_wol)
{
	struct sim *s = sim_new(MDRV_CHIP_79C970A);
	struct mdrvd_dev *d = new_dev(s);
	struct ethtool_wolinfo u = { .wolopts = WAKE_MAGIC };

	EXPECT_EQ(-EOPNOTSUPP, upcall(d, MDRV_UP_SET_WOL, &u, sizeof(u),
				      NULL));
}

/* MDI-X from the M88 PHY's specific control (16) and status (17) */

static struct mdrv_link get_link(struct mdrvd_dev *d)
{
	struct mdrv_link l = { 0 };

	if (d->ops->get_link(d, &l))
		memset(&l, 0, sizeof(l));
	return l;
}

TEST(e1000_mdix_decode)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_link l;

	ASSERT_EQ(0, d->ops->read_back(d));
	/* QEMU: PSCR 0x0360 (auto), PSSR 0xac00 (resolved, MDI) */
	l = get_link(d);
	EXPECT_EQ(ETH_TP_MDI, l.mdix);
	EXPECT_EQ(ETH_TP_MDI_AUTO, l.mdix_ctrl);

	s->phy[17] |= 0x0040;
	EXPECT_EQ(ETH_TP_MDI_X, get_link(d).mdix);
	s->phy[17] &= ~0x0800;			/* not resolved */
	EXPECT_EQ(ETH_TP_MDI_INVALID, get_link(d).mdix);
	s->phy[17] = 0xac40;
	*sim_mmio(s, E1000_STATUS) &= ~E1000_STATUS_LU;
	EXPECT_EQ(ETH_TP_MDI_INVALID, get_link(d).mdix);
	*sim_mmio(s, E1000_STATUS) |= E1000_STATUS_LU;

	s->phy[16] = 0x0300;			/* bits 6:5 = 0: MDI */
	EXPECT_EQ(ETH_TP_MDI, get_link(d).mdix_ctrl);
	s->phy[16] = 0x0320;			/* 1: MDI-X */
	EXPECT_EQ(ETH_TP_MDI_X, get_link(d).mdix_ctrl);
	s->phy[16] = 0x0340;			/* 2: auto too */
	EXPECT_EQ(ETH_TP_MDI_AUTO, get_link(d).mdix_ctrl);
}

TEST(e1000_mdix_set)
{
	struct sim *s = sim_new(MDRV_CHIP_82540EM);
	struct mdrvd_dev *d = new_dev(s);
	struct mdrv_link l = { .speed = 100, .duplex = DUPLEX_FULL,
			       .autoneg = AUTONEG_DISABLE,
			       .mdix_ctrl = ETH_TP_MDI_X };

	ASSERT_EQ(0, d->ops->read_back(d));
	ASSERT_EQ(0, set_link(d, &l));
	EXPECT_EQ(0x0320, s->phy[16]);		/* other bits kept */
	EXPECT_EQ(ETH_TP_MDI_X, get_link(d).mdix_ctrl);

	/* forcing needs a forced speed, as the stock driver */
	l.autoneg = AUTONEG_ENABLE;
	l.advertising = 1u << ETHTOOL_LINK_MODE_100baseT_Full_BIT;
	l.mdix_ctrl = ETH_TP_MDI;
	EXPECT_EQ(-EINVAL, set_link(d, &l));
	EXPECT_EQ(0x0320, s->phy[16]);
	l.mdix_ctrl = 7;
	EXPECT_EQ(-EINVAL, set_link(d, &l));

	l.mdix_ctrl = ETH_TP_MDI_AUTO;
	ASSERT_EQ(0, set_link(d, &l));
	EXPECT_EQ(0x0360, s->phy[16]);
	/* not given (0): left alone */
	s->phy[16] = 0x0300;
	l.mdix_ctrl = ETH_TP_MDI_INVALID;
	ASSERT_EQ(0, set_link(d, &l));
	EXPECT_EQ(0x0300, s->phy[16]);
	EXPECT_EQ(0u, s->refused);
}

TEST_HARNESS_MAIN
