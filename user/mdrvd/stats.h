/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hardware counters: harvested in one register batch, accumulated to 64 bits
 * and published on the mailbox stats page in table order
 * (common/mdrv_stats.h).
 *
 * Counters come in two kinds, and the two QEMU models mix them:
 *   clear-on-read  the read returns what happened since the last read
 *                  (8254x data sheet: every statistics register; QEMU's
 *                  e1000 only for GPRC, GPTC, TPR, TPT, BPRC, MPRC, BPTC,
 *                  MPTC, RUC, ROC, TSCTC, the PRC/PTC bins and the high
 *                  halves of GORC/GOTC/TOR/TOT, which clear both halves);
 *   free-running   the read returns a running total that wraps at its width
 *                  (PCnet CSR112/CSR114; QEMU's e1000 CRCERRS..MPC, SCC,
 *                  ECOL, MCC, LATECOL, COLC, DC, TNCRS, RLEC, XON/XOFF,
 *                  RNBC, TSCTFC, which QEMU never clears).
 * A chip table says which kind its counters are, or MDRVD_CNT_PROBE: the
 * first time such a counter reads nonzero it is read again at once; if the
 * second read is smaller it cleared on read, otherwise it runs free (until
 * then both kinds read 0 and need nothing). A counter found free-running
 * that later goes backwards without a chip restart is re-classified
 * clear-on-read.
 */
#ifndef MDRVD_STATS_H
#define MDRVD_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "hw.h"
#include "mdrv_mbox.h"
#include "mdrv_stats.h"

#define MDRVD_STATS_MAX	64

/* a chip's counter table: common/mdrv_stats.h */
#define mdrvd_counter mdrv_hw_stat

enum mdrvd_cnt_mode {
	MDRVD_CNT_PROBE,	/* not known yet: read twice */
	MDRVD_CNT_CLEAR,	/* clear-on-read: add every read */
	MDRVD_CNT_FREE,		/* free-running, known from the chip table */
	MDRVD_CNT_FREE_PROBED,	/* free-running, found by probing */
};

struct mdrvd_stats {
	const struct mdrvd_counter *tab;
	unsigned int n;
	bool rebase;		/* free-running: next raw value is the base */
	bool have_resets;	/* @resets holds the kernel's restart count */
	uint32_t resets;
	uint32_t seq;		/* stats page sequence we last published */
	uint64_t harvests;
	bool hurry;		/* last harvest: a narrow counter moved fast */
	uint64_t acc[MDRVD_STATS_MAX];	/* accumulated, published */
	uint64_t last[MDRVD_STATS_MAX];	/* free-running: last raw value */
	/* not yet classified, read while the second look failed: counted
	 * once the kind is known (a running total includes them)
	 */
	uint64_t unprobed[MDRVD_STATS_MAX];
	bool unprobed_rebase[MDRVD_STATS_MAX];	/* a restart came meanwhile */
	uint8_t mode[MDRVD_STATS_MAX];	/* enum mdrvd_cnt_mode */
};

void mdrvd_stats_init(struct mdrvd_stats *s, const struct mdrvd_counter *tab,
		      unsigned int n, enum mdrvd_cnt_mode mode);

/*
 * Continue from the values a previous daemon published on @page, if they
 * are complete; returns true if it did.
 */
bool mdrvd_stats_seed(struct mdrvd_stats *s,
		      const struct mdrv_stats_page *page);

/* The chip restarted: free-running counters start again from the chip. */
void mdrvd_stats_rebase(struct mdrvd_stats *s);

/* Read every counter in one batch and accumulate. */
int mdrvd_stats_harvest(struct mdrvd_stats *s, const struct mdrvd_hw *hw);

/* Publish the accumulated values (seqcount writer). */
void mdrvd_stats_publish(struct mdrvd_stats *s, struct mdrv_stats_page *page);

#endif /* MDRVD_STATS_H */
