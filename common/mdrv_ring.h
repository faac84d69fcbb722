/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ring index arithmetic, written once for every ring mdrv keeps: the
 * descriptor rings of the kernel half and, later, the mailbox rings shared
 * with the user half. Plain C, so the host unit tests compile it as is.
 *
 * A ring of @count slots has a producer index (next slot to fill) and a
 * consumer index (next slot to reclaim), both in [0, count). One slot always
 * stays empty, so producer == consumer means empty, never full.
 */
#ifndef MDRV_RING_H
#define MDRV_RING_H

/* The slot after @i. */
static inline unsigned int mdrv_ring_next_idx(unsigned int count,
					      unsigned int i)
{
	return ++i == count ? 0 : i;
}

/* Slots the producer at @ntu may still fill before reaching @ntc. */
static inline unsigned int mdrv_ring_free(unsigned int count,
					  unsigned int ntu, unsigned int ntc)
{
	return ntc > ntu ? ntc - ntu - 1 : ntc + count - ntu - 1;
}

#endif /* MDRV_RING_H */
