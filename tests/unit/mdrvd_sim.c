// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated register file behind struct mdrvd_hw (see mdrvd_sim.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdrv_e1000_regs.h"
#include "mdrv_genl.h"
#include "mdrv_pcnet_regs.h"
#include "mdrv_regs_allow.h"
#include "mdrvd_sim.h"

/* The allowlist the kernel enforces, from common/mdrv_regs_allow.h. */
static const struct mdrv_reg_rule *find_rule(const struct sim *s,
					     uint32_t space, uint32_t addr)
{
	if (s->chip == MDRV_CHIP_79C970A)
		return mdrv_reg_rule_find(mdrv_pcnet_reg_rules,
					  sizeof(mdrv_pcnet_reg_rules) /
					  sizeof(mdrv_pcnet_reg_rules[0]),
					  space, addr);
	return mdrv_reg_rule_find(mdrv_e1000_reg_rules,
				  sizeof(mdrv_e1000_reg_rules) /
				  sizeof(mdrv_e1000_reg_rules[0]), space, addr);
}

static int refuse(struct sim *s, int err, const char *fmt, uint32_t space,
		  uint32_t addr, uint32_t value)
{
	s->refused++;
	snprintf(s->why, sizeof(s->why), fmt, space, addr, value);
	return err;
}

/* E1000 QEMU: the statistics registers that clear on read (e1000.c) */
static void e1000_counters(struct sim *s)
{
	static const uint32_t clr4[] = {
		0x4074, 0x4080, 0x40d0, 0x40d4, 0x40a4, 0x40ac, 0x4078,
		0x407c, 0x40f8, 0x40f4, 0x40f0,
		0x405c, 0x4060, 0x4064, 0x4068, 0x406c, 0x4070,	/* PRC */
		0x40d8, 0x40dc, 0x40e0, 0x40e4, 0x40e8, 0x40ec,	/* PTC */
	};
	static const uint32_t clr8[] = { 0x408c, 0x4094, 0x40c4, 0x40cc };
	unsigned int i;

	for (i = 0; i < sizeof(clr4) / sizeof(clr4[0]); i++)
		s->mmio_clear[clr4[i] >> 2] = SIM_CLR4;
	for (i = 0; i < sizeof(clr8) / sizeof(clr8[0]); i++)
		s->mmio_clear[clr8[i] >> 2] = SIM_CLR8;
}

struct sim *sim_new(uint32_t chip)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct sim *s = calloc(1, sizeof(*s));
	uint16_t sum = 0;
	unsigned int i;

	if (!s)
		abort();
	s->chip = chip;
	s->carrier = -1;
	s->link = true;
	if (chip == MDRV_CHIP_79C970A) {
		s->ring_tx = 64;
		s->ring_rx = 256;
		s->rx_buf_len = 1536;
		memcpy(s->aprom, mac, 6);
		s->aprom[9] = 0x11;
		s->aprom[14] = s->aprom[15] = 0x57;
		for (i = 0; i < 16; i++)
			sum += s->aprom[i];
		s->aprom[12] = sum & 0xff;
		s->aprom[13] = sum >> 8;
		for (i = 0; i < 3; i++)
			s->csr[PCNET_CSR12 + i] = mac[2 * i] | mac[2 * i + 1] << 8;
		s->csr[4] = 0x0115;
		s->csr[88] = 0x1003;
		s->csr[89] = 0x0262;
		s->bcr[2] = 0x0002;
		s->bcr[4] = 0x00c0;
		s->bcr[5] = 0x0084;
		s->bcr[6] = 0x0088;
		s->bcr[7] = 0x0090;
		s->bcr[18] = 0x9001;
		s->bcr[20] = 0x0302;
	} else {
		s->ring_tx = 256;
		s->ring_rx = 256;
		s->rx_buf_len = 2048;
		*sim_mmio(s, E1000_CTRL) = 0x00140240;	/* SWDPIN2|0|1000|SLU */
		*sim_mmio(s, E1000_STATUS) = 0x80080783;	/* 1000 FD LU */
		*sim_mmio(s, E1000_RAL0) = 0x12005452;
		*sim_mmio(s, E1000_RAH0) = 0x80005634;
		*sim_mmio(s, E1000_RCTL) = E1000_RCTL_SECRC | E1000_RCTL_BAM |
					   E1000_RCTL_EN;
		*sim_mmio(s, E1000_ITR) = 195;
		s->phy[0] = 0x1140;	/* 1000, full, autoneg on */
		s->phy[4] = 0x0de1;	/* advertising 10/100 half and full */
		s->phy[9] = 0x0e00;	/* and 1000 full */
		s->phy[16] = 0x0360;	/* M88 PSCR: auto crossover */
		s->phy[17] = 0xac00;	/* M88 PSSR: resolved, MDI */
		*sim_mmio(s, E1000_VET) = 0x8100;	/* set at probe */
		for (i = 0; i < 3; i++)
			s->eeprom[i] = mac[2 * i] | mac[2 * i + 1] << 8;
		s->eeprom[11] = s->eeprom[13] =
			chip == MDRV_CHIP_82545EM ? 0x100f : 0x100e;
		for (i = 0, sum = 0; i < 63; i++)
			sum += s->eeprom[i];
		s->eeprom[63] = 0xBABA - sum;
		e1000_counters(s);
	}
	return s;
}

void sim_free(struct sim *s)
{
	free(s);
}

int sim_find_write(const struct sim *s, uint32_t space, uint32_t addr,
		   unsigned int from)
{
	unsigned int i;

	for (i = from; i < s->n_log; i++)
		if (s->log[i].space == space && s->log[i].addr == addr)
			return i;
	return -1;
}

static uint32_t mmio_read(struct sim *s, uint32_t addr)
{
	uint32_t i = addr >> 2, v = s->mmio[i];

	if (addr == E1000_EERD) {
		uint32_t r = v & ~1u, w = r >> 8;

		if (!(v & 1))
			return v;
		if (w > 63)
			return r | 0x10;
		return (uint32_t)s->eeprom[w] << 16 | 0x10 | r;
	}
	if (s->mmio_clear[i] == SIM_CLR4) {
		s->mmio[i] = 0;
	} else if (s->mmio_clear[i] == SIM_CLR8) {
		s->mmio[i] = 0;
		s->mmio[i - 1] = 0;
	}
	return v;
}

static uint16_t bcr_read(struct sim *s, uint32_t n)
{
	uint16_t v = s->bcr[n];

	if (n >= 4 && n <= 7) {
		v &= ~0x8000;
		if (v & 0x017f & (s->link ? 0x40 : 0))
			v |= 0x8000;
	}
	return v;
}

/* What the kernel checks before it touches any register of a batch. */
static int check_batch(struct sim *s, const struct mdrvd_reg *regs,
		       unsigned int n, uint32_t need)
{
	unsigned int i;

	if (!n || n > MDRVD_REG_BATCH_MAX)
		return refuse(s, -E2BIG, "batch of %u%.0u%.0u", n, 0, 0);
	for (i = 0; i < n; i++) {
		const struct mdrv_reg_rule *r = find_rule(s, regs[i].space,
							  regs[i].addr);

		if (!r || !(r->flags & need))
			return refuse(s, -EPERM, need == MDRV_RA_W ?
				      "write of %u:%#x not allowed%.0u" :
				      "read of %u:%#x not allowed%.0u",
				      regs[i].space, regs[i].addr, 0);
		if (need == MDRV_RA_W && (regs[i].value & ~r->wmask))
			return refuse(s, -EINVAL,
				      "write of %u:%#x value %#x outside the mask",
				      regs[i].space, regs[i].addr,
				      regs[i].value);
	}
	return 0;
}

static int sim_reg_read(void *ctx, struct mdrvd_reg *regs, unsigned int n,
			uint32_t *resets)
{
	struct sim *s = ctx;
	unsigned int i;

	int err = check_batch(s, regs, n, MDRV_RA_R);

	if (err)
		return err;
	if (s->fail_read_in && !--s->fail_read_in)
		return -EIO;
	s->read_msgs++;
	for (i = 0; i < n; i++) {
		uint32_t a = regs[i].addr;

		switch (regs[i].space) {
		case MDRV_REG_MMIO:
			regs[i].value = mmio_read(s, a);
			break;
		case MDRV_REG_CSR:
			regs[i].value = s->csr[a];
			break;
		case MDRV_REG_BCR:
			regs[i].value = bcr_read(s, a);
			break;
		case MDRV_REG_APROM:
			regs[i].value = s->aprom[a];
			break;
		}
	}
	if (resets)
		*resets = s->resets;
	return 0;
}

static void mdic_write(struct sim *s, uint32_t v)
{
	uint32_t reg = (v >> 16) & 0x1f, phy = (v >> 21) & 0x1f;

	if (phy != 1)
		v |= 0x40000000;
	else if (v & 0x08000000)
		v = (v & ~0xffffu) | s->phy[reg];
	else if (v & 0x04000000)
		s->phy[reg] = v & 0xffff;
	*sim_mmio(s, E1000_MDIC) = v | 0x10000000;
}

static void csr_write(struct sim *s, uint32_t n, uint32_t v)
{
	/* QEMU pcnet_csr_writew(): these need STOP or SPND */
	bool guarded = (n >= 8 && n <= 15) || n == 1 || n == 2 || n == 112;

	if (guarded && !(s->csr[0] & PCNET_CSR0_STOP) && !(s->csr[5] & 1))
		return;
	s->csr[n] = v;
}

static int sim_reg_write(void *ctx, const struct mdrvd_reg *regs,
			 unsigned int n)
{
	struct sim *s = ctx;
	unsigned int i;
	const struct mdrv_reg_rule *r;

	int err = check_batch(s, regs, n, MDRV_RA_W);

	/* all or nothing, like the kernel */
	if (err)
		return err;
	if (s->fail_write_in && !--s->fail_write_in)
		return -EIO;
	s->write_msgs++;
	for (i = 0; i < n; i++) {
		uint32_t a = regs[i].addr, v = regs[i].value;

		if (s->n_log < SIM_LOG_MAX) {
			s->log[s->n_log].space = regs[i].space;
			s->log[s->n_log].addr = a;
			s->log[s->n_log].value = v;
			s->log[s->n_log].batch = s->write_msgs;
			s->n_log++;
		}
		/* as the kernel: the bits it keeps stay as the chip holds them */
		r = find_rule(s, regs[i].space, a);
		if (r->kmask && regs[i].space == MDRV_REG_MMIO)
			v |= *sim_mmio(s, a) & r->kmask & ~r->wmask;
		else if (r->kmask && regs[i].space == MDRV_REG_CSR)
			v |= s->csr[a] & r->kmask & ~r->wmask;
		switch (regs[i].space) {
		case MDRV_REG_MMIO:
			if (a == E1000_MDIC)
				mdic_write(s, v);
			else
				*sim_mmio(s, a) = v;
			break;
		case MDRV_REG_CSR:
			csr_write(s, a, v);
			break;
		case MDRV_REG_BCR:
			s->bcr[a] = v;
			break;
		}
	}
	return 0;
}

static bool pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

static void restart(struct sim *s)
{
	s->resets++;
	if (s->chip == MDRV_CHIP_79C970A) {
		/* the software reset of every restart */
		s->csr[112] = 0;
		s->csr[114] = 0;
		s->csr[5] = 0;
	}
}

static int sim_ring_set(void *ctx, uint32_t tx, uint32_t rx, uint32_t buf)
{
	struct sim *s = ctx;
	bool ok;

	if (s->chip == MDRV_CHIP_79C970A)
		ok = pow2(tx) && pow2(rx) && tx >= 16 && tx <= 512 &&
		     rx >= 16 && rx <= 512 && buf == 1536;
	else
		ok = !(tx % 8) && !(rx % 8) && tx >= 64 && tx <= 4096 &&
		     rx >= 64 && rx <= 4096 &&
		     (buf == 2048 || buf == 4096 || buf == 8192 ||
		      buf == 16384);
	if (!ok)
		return refuse(s, -EINVAL, "ring set %u/%u buffer %u", tx, rx,
			      buf);
	s->ring_sets++;
	s->ring_tx = tx;
	s->ring_rx = rx;
	s->rx_buf_len = buf;
	/* as the kernel: RCTL's buffer size follows */
	if (s->chip != MDRV_CHIP_79C970A)
		*sim_mmio(s, E1000_RCTL) =
			(*sim_mmio(s, E1000_RCTL) &
			 ~(E1000_RCTL_SZ_256 | E1000_RCTL_BSEX)) |
			e1000_rctl_bsize(buf);
	restart(s);
	return 0;
}

static int sim_reset(void *ctx, uint32_t scope)
{
	struct sim *s = ctx;

	/* the PCnet cannot restart its transmitter alone */
	if (scope == MDRV_RESET_TX && s->chip == MDRV_CHIP_79C970A)
		return -EOPNOTSUPP;
	s->reset_cmds++;
	if (scope == MDRV_RESET_TX)
		s->tx_resets++;
	else
		restart(s);
	return 0;
}

static int sim_carrier_set(void *ctx, bool on)
{
	struct sim *s = ctx;

	s->carrier_sets++;
	s->carrier = on;
	return 0;
}

static int sim_state_set(void *ctx, const struct mdrv_link *l,
			 const struct mdrv_coalesce *c)
{
	struct sim *s = ctx;

	if (s->fail_state_set) {
		s->fail_state_set--;
		return -EIO;
	}
	s->state_sets++;
	s->pub_link = *l;
	s->pub_coal_valid = c;
	if (c)
		s->pub_coal = *c;
	return 0;
}

static int sim_rxmode_get(void *ctx, struct mdrvd_rxmode *rm)
{
	struct sim *s = ctx;

	if (s->fail_rxmode) {
		s->fail_rxmode--;
		return -EIO;
	}
	memcpy(rm, &s->rxmode, sizeof(*rm));
	return 0;
}

const struct mdrvd_hw_ops sim_hw_ops = {
	.reg_read = sim_reg_read,
	.reg_write = sim_reg_write,
	.ring_set = sim_ring_set,
	.reset = sim_reset,
	.carrier_set = sim_carrier_set,
	.rxmode_get = sim_rxmode_get,
	.state_set = sim_state_set,
};
