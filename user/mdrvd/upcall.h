/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Upcall dispatch: one mailbox entry in, at most one reply out.
 */
#ifndef MDRVD_UPCALL_H
#define MDRVD_UPCALL_H

#include <stdbool.h>

#include "dev.h"
#include "mdrv_mbox.h"

/*
 * Serve @up for @d. Returns true if @rep (seq and type echoed, status, len,
 * payload) must be sent back; events (MDRV_MSG_F_EVENT) get none. Unknown
 * types are answered -EOPNOTSUPP, short payloads -EINVAL.
 */
bool mdrvd_upcall(struct mdrvd_dev *d, const struct mdrv_msg *up,
		  struct mdrv_msg *rep);

const char *mdrvd_upcall_name(unsigned int type);

#endif /* MDRVD_UPCALL_H */
