/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A simulated register file behind struct mdrvd_hw, for the mdrvd unit
 * tests. It enforces what the kernel enforces (common/mdrv_regs_allow.h:
 * readable/writable registers and writable masks, batches of at most 256,
 * writes checked all-or-nothing, then executed in order, verbatim, RCTL's
 * buffer size bits kept by the "kernel") and models what QEMU does where the
 * daemon depends on it: clear-on-read counters, EERD, MDIC, PCnet CSR8-15
 * writable only while suspended or stopped, BCR4-7 bit 15 from the link.
 */
#ifndef MDRVD_SIM_H
#define MDRVD_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "hw.h"

#define SIM_MMIO_REGS	0x8000		/* 128 KiB of 32-bit registers */
#define SIM_LOG_MAX	8192

struct sim_write {
	uint32_t space, addr, value;
	unsigned int batch;		/* which REG_WRITE message */
};

struct sim {
	uint32_t chip;
	/* register file */
	uint32_t mmio[SIM_MMIO_REGS];
	uint8_t mmio_clear[SIM_MMIO_REGS];	/* SIM_CLR4 / SIM_CLR8 */
	uint16_t csr[128];
	uint16_t bcr[32];
	uint8_t aprom[16];
	uint16_t phy[32];
	uint16_t eeprom[64];
	bool link;			/* PCnet: BCR4-7 bit 15 */

	/* kernel state */
	uint32_t ring_tx, ring_rx, rx_buf_len;
	uint32_t resets;
	int carrier;
	unsigned int carrier_sets, ring_sets, reset_cmds, tx_resets;
	unsigned int state_sets;	/* STATE_SET: what it published */
	struct mdrv_link pub_link;
	bool pub_coal_valid;
	struct mdrv_coalesce pub_coal;
	struct mdrvd_rxmode rxmode;

	/* what the daemon did */
	unsigned int read_msgs, write_msgs;
	unsigned int n_log;
	struct sim_write log[SIM_LOG_MAX];
	unsigned int refused;		/* messages the "kernel" refused */
	/* failures to inject: the Nth REG_READ from now (1: the next),
	 * the next N RXMODE_GETs; -EIO, as a lost netlink reply
	 */
	unsigned int fail_read_in;
	unsigned int fail_rxmode;
	unsigned int fail_state_set;
	unsigned int fail_write_in;	/* the Nth REG_WRITE from now */
	char why[160];			/* the last refusal, as an extack */
};

#define SIM_CLR4	1	/* clears on read */
#define SIM_CLR8	2	/* high half: clears itself and the low half */

extern const struct mdrvd_hw_ops sim_hw_ops;

/* A fresh simulated chip with QEMU's power-on values. */
struct sim *sim_new(uint32_t chip);
void sim_free(struct sim *s);

/* MMIO register by byte offset. */
static inline uint32_t *sim_mmio(struct sim *s, uint32_t addr)
{
	return &s->mmio[addr >> 2];
}

/* Index in the write log of the first write to (space, addr) at or after
 * @from, or -1.
 */
int sim_find_write(const struct sim *s, uint32_t space, uint32_t addr,
		   unsigned int from);

#endif /* MDRVD_SIM_H */
