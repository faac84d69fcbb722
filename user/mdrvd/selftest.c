// SPDX-License-Identifier: GPL-2.0
/*
 * Self-test pieces the chip back ends share.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "chip.h"
#include "log.h"
#include "regs.h"

/*
 * Write patterns into registers whose bits @mask are plain storage, read
 * them back, restore what they held. *result: 0 pass, else 1 + the index of
 * the first register that did not keep a pattern.
 */
int mdrvd_chip_regtest(struct mdrvd_dev *d, const struct mdrvd_regtest *t,
		       unsigned int n, __u64 *result)
{
	static const uint32_t pattern[] = {
		0x5a5a5a5a, 0xa5a5a5a5, 0xffffffff, 0x00000000,
	};
	struct mdrvd_batch saved, b;
	unsigned int i, p;
	int err, rerr;

	if (n > MDRVD_REG_BATCH_MAX)
		return -E2BIG;
	*result = 0;
	mdrvd_batch_init(&saved);
	for (i = 0; i < n; i++)
		mdrvd_batch_add(&saved, t[i].space, t[i].addr, 0);
	err = mdrvd_batch_read(&d->hw, &saved, NULL);
	if (err)
		return err;

	for (p = 0; p < sizeof(pattern) / sizeof(pattern[0]) && !*result; p++) {
		mdrvd_batch_init(&b);
		for (i = 0; i < n; i++)
			mdrvd_batch_add(&b, t[i].space, t[i].addr,
					pattern[p] & t[i].mask);
		err = mdrvd_batch_write(&d->hw, &b);
		if (!err)
			err = mdrvd_batch_read(&d->hw, &b, NULL);
		if (err)
			break;
		for (i = 0; i < n; i++) {
			if ((b.r[i].value & t[i].mask) !=
			    (pattern[p] & t[i].mask)) {
				log_info("%s: register test: %u:%#x wrote %#x read %#x",
					 d->ifname, t[i].space, t[i].addr,
					 pattern[p] & t[i].mask,
					 b.r[i].value & t[i].mask);
				*result = 1 + i;
				break;
			}
		}
	}

	/* restore, whatever happened */
	for (i = 0; i < n; i++)
		saved.r[i].value = mdrvd_reg_wval(d->chip, t[i].space,
						  t[i].addr, saved.r[i].value);
	/* a lost message: try again before giving up on the chip's values */
	for (i = 0; i < 3; i++) {
		rerr = mdrvd_batch_write(&d->hw, &saved);
		if (!rerr)
			break;
	}
	if (rerr) {
		log_err("%s: self-test: registers not restored: %s", d->ifname,
			strerror(-rerr));
		/* the filters at least come back from the rx mode */
		d->pending |= MDRVD_PEND_RXMODE;
	}
	return err ? err : rerr;
}
