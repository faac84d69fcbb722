/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only calls up: how the data path and the channels report to the
 * control plane without knowing it. main.c fills one table (mdrv_hooks)
 * and points every device at it at probe; no file below the control plane
 * names a function above it.
 *
 *   link     NAPI: the chip's link changed (an interrupt or the watchdog);
 *            a data-path restart: it may have (its ICR read)
 *   fault    any context: the data path detected a fault (enum mdrv_fault)
 *   moved    NAPI: @n frames went through the data path (the mailbox's
 *            activity word, which the daemon reads to harvest when busy)
 *   harvest  the watchdog: a narrow counter is a quarter round from
 *            wrapping, the daemon should read it; 0 when it was told
 *   daemon   the channels: the daemon was lost (@lost: detached while the
 *            device is up, or an upcall timed out) or one opened its
 *            mailbox (it can be asked again)
 */
#ifndef MDRV_HOOKS_H
#define MDRV_HOOKS_H

#include "mdrv.h"

struct mdrv_hooks {
	void (*link)(struct mdrv_priv *mp);
	void (*fault)(struct mdrv_priv *mp, enum mdrv_fault kind, u32 detail);
	void (*moved)(struct mdrv_priv *mp, unsigned int n);
	int (*harvest)(struct mdrv_priv *mp);
	void (*daemon)(struct mdrv_priv *mp, bool lost);
};

#endif /* MDRV_HOOKS_H */
