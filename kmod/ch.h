/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The channels to the user half (ch_*.c), above the data path:
 *   ch_genl.c  the "mdrv" generic netlink family: device queries, the
 *              daemon's attach/detach and downcalls (checked register
 *              access, ring reallocation, reset, carrier, published state),
 *              and events to the daemon (MDRV_EV_*)
 *   ch_mbox.c  the shared-memory mailbox (/dev/mdrvN): upcalls the kernel
 *              waits on, events it does not, and the statistics page
 * The control plane calls what is declared here; the channels call the data
 * path below them and report up through hooks.h only.
 */
#ifndef MDRV_CH_H
#define MDRV_CH_H

#include "mdrv.h"

/* ch_genl.c */
int mdrv_genl_init(void);
void mdrv_genl_exit(void);
void mdrv_genl_event(struct mdrv_priv *mp, u32 event, gfp_t gfp);
void mdrv_detach(struct mdrv_priv *mp);

/* ch_mbox.c */
int mdrv_mbox_create(struct mdrv_priv *mp);
void mdrv_mbox_destroy(struct mdrv_priv *mp);
/*
 * The daemon can be asked: its owner (attached over netlink) has the
 * mailbox open. The one test of "attached" for everything but downcall
 * permission, which is the netlink owner's (mp->owner_portid).
 */
bool mdrv_mbox_open(struct mdrv_priv *mp);
void mdrv_mbox_revoke(struct mdrv_priv *mp);
int mdrv_upcall(struct mdrv_priv *mp, u16 type, const void *req, u16 req_len,
		void *rep, u16 rep_size, u16 *rep_len);
int mdrv_upcall_event(struct mdrv_priv *mp, u16 type);
u64 mdrv_mbox_rejects(struct mdrv_priv *mp);
void mdrv_mbox_activity(struct mdrv_priv *mp, unsigned int n);
const struct mdrv_stats_page *mdrv_mbox_stats_page(struct mdrv_priv *mp);

#endif /* MDRV_CH_H */
