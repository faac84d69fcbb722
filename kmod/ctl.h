/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control plane (ctl_*.c), the top layer below main.c: the kernel's
 * entry points (net_device_ops, ethtool_ops, devlink health) and what they
 * share (fault accounting, the statistics snapshot). It forwards policy to
 * the user half through the channels (ch.h) and starts, stops and resets
 * the data path (dp.h). main.c wires it; nothing below calls it but
 * through hooks.h.
 */
#ifndef MDRV_CTL_H
#define MDRV_CTL_H

#include "mdrv.h"

/* ctl_netdev.c, ctl_ethtool.c */
extern const struct net_device_ops mdrv_netdev_ops;
extern const struct ethtool_ops mdrv_ethtool_ops;
extern const struct ethtool_ops mdrv_ethtool_wol_ops;	/* WoL, pause: e1000 */
int mdrv_netdev_notifier_init(void);
void mdrv_netdev_notifier_exit(void);
void mdrv_link_event(struct mdrv_priv *mp);

/* ctl_fault.c: one row per enum mdrv_fault */
struct mdrv_fault_info {
	const char *name;		/* in the kernel's log */
	const char *count_key;		/* devlink diagnose: how many */
	const char *detail_key;		/* devlink diagnose: the last detail */
	enum mdrv_health reporter;	/* the devlink reporter it goes to */
};

extern const struct mdrv_fault_info mdrv_faults[MDRV_FAULT_MAX];
void mdrv_fault(struct mdrv_priv *mp, enum mdrv_fault kind, u32 detail);
void mdrv_fault_daemon(struct mdrv_priv *mp, bool lost);
void mdrv_fault_init(struct mdrv_priv *mp);
void mdrv_fault_fini(struct mdrv_priv *mp);

/* ctl_devlink.c */
struct mdrv_fault_ctx {
	u32 kind;		/* enum mdrv_fault */
	u32 detail;
};

int mdrv_devlink_init(struct mdrv_priv *mp);
void mdrv_devlink_fini(struct mdrv_priv *mp);
int mdrv_health_fault(struct mdrv_priv *mp, enum mdrv_fault kind, u32 detail);
void mdrv_health_daemon(struct mdrv_priv *mp, bool lost);

/* ctl_stats.c */
int mdrv_stats_init(struct mdrv_priv *mp);
void mdrv_stats_snapshot(struct mdrv_priv *mp, bool refresh);
u64 mdrv_stats_age_ms(struct mdrv_priv *mp);
int mdrv_stats_harvest(struct mdrv_priv *mp);

#endif /* MDRV_CTL_H */
