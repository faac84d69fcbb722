/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Which registers the user half may read and write, per chip, and which bits
 * of a writable register it may change. The kernel enforces these tables on
 * every MDRV_CMD_REG_READ / MDRV_CMD_REG_WRITE; the daemon and its simulated
 * register file use the same tables.
 *
 * Never listed: descriptor ring base, length, head and tail registers, the
 * PCnet initialization block address and ring counters, interrupt cause and
 * mask registers (the kernel's interrupt handler owns them), RX buffer size
 * bits, I/O mode and software style, and reset bits. What a daemon can reach
 * here can lose its own device's configuration, never point DMA at memory.
 *
 * Bits that start or stop DMA in a register the daemon may write (the e1000's
 * RCTL.EN and TCTL.EN, RCTL's buffer size; the PCnet's CSR4 interrupt masks)
 * are the kernel's: outside @wmask and inside @kmask, a write keeps the value
 * the chip holds in them (the kernel reads the register and merges, under the
 * lock that serialises starting and stopping the data path). Bits in neither
 * mask are written as 0. A value with bits outside @wmask is refused.
 */
#ifndef MDRV_REGS_ALLOW_H
#define MDRV_REGS_ALLOW_H

#include <linux/types.h>

#include "mdrv_genl.h"

#define MDRV_RA_R	0x1	/* readable */
#define MDRV_RA_W	0x2	/* writable, within the mask */
#define MDRV_RA_RW	(MDRV_RA_R | MDRV_RA_W)
#define MDRV_RA_COR	0x4	/* reading may clear it: left out of dumps */

/*
 * @count registers from @addr, @stride apart (space: enum mdrv_reg_space);
 * @wmask: the bits the daemon writes, @kmask: the bits the kernel keeps
 */
struct mdrv_reg_rule {
	__u32 space, addr, count, stride, flags, wmask, kmask;
};

/* 8254x: MMIO offsets (mdrv_e1000_regs.h) */
static const struct mdrv_reg_rule mdrv_e1000_reg_rules[] = {
	/* CTRL: FD ASDE SLU SPEED FRCSPD FRCDPLX SWDPIN2/3 VME(30) */
	{ MDRV_REG_MMIO, 0x00000, 1, 4, MDRV_RA_RW, 0x58001b61, 0 }, /* CTRL */
	{ MDRV_REG_MMIO, 0x00008, 1, 4, MDRV_RA_R, 0, 0 }, /* STATUS */
	{ MDRV_REG_MMIO, 0x00010, 1, 4, MDRV_RA_RW, 0x00000047, 0 }, /* EECD */
	{ MDRV_REG_MMIO, 0x00014, 1, 4, MDRV_RA_RW, 0x0000ff01, 0 }, /* EERD */
	{ MDRV_REG_MMIO, 0x00018, 1, 4, MDRV_RA_R, 0, 0 }, /* CTRL_EXT */
	{ MDRV_REG_MMIO, 0x00020, 1, 4, MDRV_RA_RW, 0x3fffffff, 0 }, /* MDIC */
	{ MDRV_REG_MMIO, 0x00028, 3, 4, MDRV_RA_RW, 0xffffffff, 0 }, /* FCAL..FCT */
	/* VET: 0x8100 from probe on, the tag type the receive path reports */
	{ MDRV_REG_MMIO, 0x00038, 1, 4, MDRV_RA_R, 0, 0 }, /* VET */
	{ MDRV_REG_MMIO, 0x000c4, 1, 4, MDRV_RA_RW, 0x0000ffff, 0 }, /* ITR */
	/* RCTL: everything but EN and BSIZE/BSEX (the kernel's), VFE included */
	{ MDRV_REG_MMIO, 0x00100, 1, 4, MDRV_RA_RW, 0xfdfcfffd, 0x02030002 },
	{ MDRV_REG_MMIO, 0x00170, 1, 4, MDRV_RA_RW, 0x0000ffff, 0 }, /* FCTTV */
	/* TCTL: everything but EN (the kernel's) */
	{ MDRV_REG_MMIO, 0x00400, 1, 4, MDRV_RA_RW, 0xfffffffd, 0x00000002 },
	{ MDRV_REG_MMIO, 0x00410, 1, 4, MDRV_RA_RW, 0x3fffffff, 0 }, /* TIPG */
	{ MDRV_REG_MMIO, 0x01000, 1, 4, MDRV_RA_R, 0, 0 }, /* PBA */
	{ MDRV_REG_MMIO, 0x02820, 1, 4, MDRV_RA_RW, 0x8000ffff, 0 }, /* RDTR */
	{ MDRV_REG_MMIO, 0x0282c, 1, 4, MDRV_RA_RW, 0x0000ffff, 0 }, /* RADV */
	{ MDRV_REG_MMIO, 0x03820, 1, 4, MDRV_RA_RW, 0x0000ffff, 0 }, /* TIDV */
	{ MDRV_REG_MMIO, 0x0382c, 1, 4, MDRV_RA_RW, 0x0000ffff, 0 }, /* TADV */
	{ MDRV_REG_MMIO, 0x04000, 64, 4, MDRV_RA_R | MDRV_RA_COR, 0, 0 }, /* stats */
	{ MDRV_REG_MMIO, 0x05000, 1, 4, MDRV_RA_RW, 0x000003ff, 0 }, /* RXCSUM */
	{ MDRV_REG_MMIO, 0x05200, 128, 4, MDRV_RA_RW, 0xffffffff, 0 }, /* MTA */
	{ MDRV_REG_MMIO, 0x05400, 32, 4, MDRV_RA_RW, 0xffffffff, 0 }, /* RAL/RAH */
	{ MDRV_REG_MMIO, 0x05600, 128, 4, MDRV_RA_RW, 0xffffffff, 0 }, /* VFTA */
	{ MDRV_REG_MMIO, 0x05800, 1, 4, MDRV_RA_RW, 0x0000001f, 0 }, /* WUC */
	/* WUFC: LNKC MAG EX MC BC ARP IPV4 IPV6, FLX0-3 */
	{ MDRV_REG_MMIO, 0x05808, 1, 4, MDRV_RA_RW, 0x000f00ff, 0 }, /* WUFC */
	{ MDRV_REG_MMIO, 0x05820, 1, 4, MDRV_RA_R, 0, 0 }, /* MANC */
};

/* Am79C970A: CSR and BCR numbers, APROM byte offsets */
static const struct mdrv_reg_rule mdrv_pcnet_reg_rules[] = {
	{ MDRV_REG_CSR, 0, 1, 1, MDRV_RA_R, 0, 0 }, /* CSR0 status */
	{ MDRV_REG_CSR, 3, 1, 1, MDRV_RA_R, 0, 0 }, /* CSR3 masks */
	/* CSR4: DPOLL/APAD/ASTRP; the interrupt masks are the kernel's */
	{ MDRV_REG_CSR, 4, 1, 1, MDRV_RA_RW, 0x1c00, 0x0115 },
	{ MDRV_REG_CSR, 5, 1, 1, MDRV_RA_RW, 0x0001, 0 }, /* CSR5 SPND */
	{ MDRV_REG_CSR, 8, 4, 1, MDRV_RA_RW, 0xffff, 0 }, /* CSR8-11 LADRF */
	{ MDRV_REG_CSR, 12, 3, 1, MDRV_RA_RW, 0xffff, 0 }, /* CSR12-14 PADR */
	{ MDRV_REG_CSR, 15, 1, 1, MDRV_RA_RW, 0xe04f, 0 }, /* CSR15 mode */
	{ MDRV_REG_CSR, 88, 2, 1, MDRV_RA_R, 0, 0 }, /* CSR88/89 chip id */
	{ MDRV_REG_CSR, 112, 1, 1, MDRV_RA_R, 0, 0 }, /* CSR112 missed frames */
	{ MDRV_REG_CSR, 114, 1, 1, MDRV_RA_R, 0, 0 }, /* CSR114 rx collisions */
	{ MDRV_REG_BCR, 2, 1, 1, MDRV_RA_RW, 0x0002, 0 }, /* BCR2 ASEL */
	{ MDRV_REG_BCR, 4, 4, 1, MDRV_RA_RW, 0x7fff, 0 }, /* BCR4-7 LEDs */
	{ MDRV_REG_BCR, 9, 1, 1, MDRV_RA_RW, 0x0003, 0 }, /* BCR9 full duplex */
	{ MDRV_REG_BCR, 18, 1, 1, MDRV_RA_R, 0, 0 }, /* BCR18 bus control */
	{ MDRV_REG_BCR, 20, 1, 1, MDRV_RA_R, 0, 0 }, /* BCR20 sw style */
	{ MDRV_REG_APROM, 0, 16, 1, MDRV_RA_R, 0, 0 }, /* address PROM */
};

/* The rule of @rules covering @addr in @space, or NULL. */
static inline const struct mdrv_reg_rule *
mdrv_reg_rule_find(const struct mdrv_reg_rule *rules, unsigned int n,
		   __u32 space, __u32 addr)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct mdrv_reg_rule *r = &rules[i];

		if (r->space == space && addr >= r->addr &&
		    (addr - r->addr) % r->stride == 0 &&
		    (addr - r->addr) / r->stride < r->count)
			return r;
	}
	return (const struct mdrv_reg_rule *)0;
}

#endif /* MDRV_REGS_ALLOW_H */
