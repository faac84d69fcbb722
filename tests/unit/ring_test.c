// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of common/mdrv_ring.h against a model: a ring simulated as a
 * FIFO of occupied slots, driven by random produce/consume steps, for every
 * size from 1 to 64 and the sizes mdrv uses.
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#include "mdrv_ring.h"
#include "mdrv_pcnet_regs.h"

TEST(next_wraps_at_count)
{
	unsigned int count, i;

	for (count = 1; count <= 64; count++)
		for (i = 0; i < count; i++)
			ASSERT_EQ(i + 1 == count ? 0 : i + 1,
				  mdrv_ring_next_idx(count, i));
}

TEST(free_matches_model)
{
	static const unsigned int big[] = { 256, 512, 4096 };
	unsigned int count, step;

	srand(1);
	for (count = 2; count <= 64 + 3; count++) {
		unsigned int n = count <= 64 ? count : big[count - 65];
		unsigned int ntu = 0, ntc = 0, used = 0;

		ASSERT_EQ(n - 1, mdrv_ring_free(n, ntu, ntc));
		for (step = 0; step < 20000; step++) {
			if (rand() & 1) {
				if (mdrv_ring_free(n, ntu, ntc) == 0)
					continue;
				ntu = mdrv_ring_next_idx(n, ntu);
				used++;
			} else if (used) {
				ntc = mdrv_ring_next_idx(n, ntc);
				used--;
			}
			/* the model: occupied + free = count - 1, always */
			ASSERT_EQ(n - 1 - used, mdrv_ring_free(n, ntu, ntc))
				TH_LOG("count %u ntu %u ntc %u", n, ntu, ntc);
			ASSERT_GT(n, ntu);
			ASSERT_GT(n, ntc);
		}
	}
}

/* The byte count QEMU and the data sheet read back is 4096 - BCNT. */
TEST(pcnet_bcnt_encodes_negative_length)
{
	unsigned int len;

	for (len = 1; len < 4096; len++) {
		unsigned int v = (unsigned short)PCNET_BCNT(len);

		ASSERT_EQ(0xf000u, v & 0xf000u);
		ASSERT_EQ(len, 4096 - (v & 0x0fffu));
	}
}

TEST_HARNESS_MAIN
