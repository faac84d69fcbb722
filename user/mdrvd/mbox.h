/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's side of one mailbox (common/mdrv_mbox.h): the char device,
 * its two mappings, consuming upcalls, producing replies, the doorbell.
 */
#ifndef MDRVD_MBOX_H
#define MDRVD_MBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "mdrv_mbox.h"

struct mdrvd_mbox {
	int fd;
	void *kern;				/* read-only mapping */
	void *user;				/* read-write mapping */
	const struct mdrv_mbox_kctrl *kctrl;
	const struct mdrv_msg *up_ring;
	struct mdrv_mbox_uctrl *uctrl;
	struct mdrv_msg *rep_ring;
	struct mdrv_stats_page *stats;
};

/* Open /dev/@name and map it; checks magic, version, geometry and @chip. */
int mdrvd_mbox_open(struct mdrvd_mbox *mb, const char *name, uint32_t chip);
void mdrvd_mbox_close(struct mdrvd_mbox *mb);

/* Copy the next upcall into @m: 1 if there was one, 0 if none. */
int mdrvd_mbox_next(struct mdrvd_mbox *mb, struct mdrv_msg *m);

/* Queue a reply: 0, or -ENOBUFS if the kernel has not consumed the ring. */
int mdrvd_mbox_reply(struct mdrvd_mbox *mb, const struct mdrv_msg *m);

/* Tell the kernel the reply ring moved. */
void mdrvd_mbox_doorbell(struct mdrvd_mbox *mb);

#endif /* MDRVD_MBOX_H */
