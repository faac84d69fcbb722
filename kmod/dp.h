/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data path layer (dp_*.c): rings, transmit, receive, the interrupt
 * handler and NAPI poll, starting and stopping all of it, and the watchdog
 * that checks it. It calls the chip layer (chip.h) below it and reports to
 * the layers above only through the hooks of hooks.h. The channels and the
 * control plane above call what is declared here.
 */
#ifndef MDRV_DP_H
#define MDRV_DP_H

#include "mdrv.h"

/* dp_ring.c */
int mdrv_rings_alloc(struct mdrv_priv *mp);
void mdrv_rings_free(struct mdrv_priv *mp);

/* dp_tx.c */
netdev_tx_t mdrv_start_xmit(struct sk_buff *skb, struct net_device *dev);
void mdrv_tx_set_wake(struct mdrv_priv *mp);
unsigned int mdrv_tx_clean(struct mdrv_priv *mp, int budget);
void mdrv_tx_purge(struct mdrv_priv *mp);

/* dp_rx.c */
int mdrv_rx_clean(struct mdrv_priv *mp, int budget);
int mdrv_rx_fill(struct mdrv_priv *mp);
void mdrv_rx_purge(struct mdrv_priv *mp);

/* dp_napi.c */
irqreturn_t mdrv_interrupt(int irq, void *data);
int mdrv_poll(struct napi_struct *napi, int budget);

/* dp_watchdog.c */
void mdrv_watchdog_init(struct mdrv_priv *mp);
void mdrv_watchdog_start(struct mdrv_priv *mp);
void mdrv_watchdog_stop(struct mdrv_priv *mp);
void mdrv_napi_kick(struct mdrv_priv *mp, u32 cause);

/* dp_run.c: callers send MDRV_EV_RESET after a restart or reset */
void mdrv_bringup_defaults(struct mdrv_priv *mp);
int mdrv_dp_start(struct mdrv_priv *mp);
void mdrv_dp_stop(struct mdrv_priv *mp);
int mdrv_dp_restart(struct mdrv_priv *mp, unsigned int tx, unsigned int rx,
		    unsigned int rx_buf_len, struct netlink_ext_ack *extack);
int mdrv_dp_reset(struct mdrv_priv *mp, bool defaults,
		  struct netlink_ext_ack *extack);
int mdrv_dp_tx_reset(struct mdrv_priv *mp, struct netlink_ext_ack *extack);

#endif /* MDRV_DP_H */
