// SPDX-License-Identifier: GPL-2.0
/*
 * Health reporting through the kernel's devlink health API: one devlink
 * instance per PCI device and four reporters, so the stock `devlink health
 * show|diagnose|dump|recover|set` work unchanged.
 *
 *   tx-hang    TX_TIMEOUT, TX_HANG faults; recover: the daemon's recovery
 *   rx-errors  RX_STALL, FATAL faults; recover: the daemon's recovery
 *   link       diagnose only (link and carrier state), never reports
 *   daemon     the user half was lost (detached while the device is up, or
 *              an upcall timed out); no recover: healthy again when a
 *              daemon can be asked (its mailbox open: the "attached" fact)
 *
 * Mechanism here, policy in the daemon: .recover asks MDRV_UP_HEALTH_RECOVER
 * and the daemon decides (reset scope, back-off) and resets through
 * MDRV_CMD_RESET; with no daemon (or one that does not answer) the kernel
 * restarts the data path itself, the fallback. .diagnose and .dump
 * put the kernel's own facts (ring indices, ring head/tail registers, fault
 * counts) and then the pairs the daemon answers MDRV_UP_HEALTH_DIAGNOSE or
 * _DUMP with, after checking every one of them.
 *
 * Context and locking: devlink calls the callbacks in process context, from
 * ctl_fault.c's work item (devlink_health_report() with devlink's instance lock
 * held around .recover) or from its netlink handlers (instance lock held).
 * No callback holds ctrl_lock while it waits for the daemon, whose
 * MDRV_CMD_RESET takes ctrl_lock and cancels the watchdog; the mdrv family
 * has parallel_ops and never takes the devlink instance lock. ctrl_lock is
 * held only to read the rings and registers, which a restart replaces.
 */
#include <linux/ctype.h>
#include <linux/slab.h>
#include <net/devlink.h>

#include "ch.h"
#include "ctl.h"
#include "dp.h"
#include "mdrv_mbox.h"

struct mdrv_reporter {
	struct mdrv_priv *mp;
	struct devlink_health_reporter *r;
	enum mdrv_health id;
	/* the last automatic recovery failed: devlink holds it in error */
	bool in_error;
};

struct mdrv_devlink {
	struct mdrv_reporter rep[MDRV_HEALTH_MAX];
};

static const struct devlink_ops mdrv_devlink_ops = {
};

/*
 * Recovery the kernel does on its own, without a daemon: the transmitter
 * alone for a TX fault where the chip can, else the whole data path,
 * keeping the configuration the chip holds (no one would re-apply it).
 */
static int mdrv_health_kernel_recover(struct mdrv_priv *mp, enum mdrv_health id,
				      struct netlink_ext_ack *extack)
{
	int err = -EOPNOTSUPP;

	if (id == MDRV_HEALTH_TX_HANG)
		err = mdrv_dp_tx_reset(mp, NULL);
	if (err == -EOPNOTSUPP)
		err = mdrv_dp_reset(mp, false, extack);
	mdrv_genl_event(mp, MDRV_EV_RESET, GFP_KERNEL);
	return err;
}

static int mdrv_health_recover_one(struct mdrv_reporter *hr,
				   const struct mdrv_fault_ctx *ctx,
				   struct netlink_ext_ack *extack)
{
	struct mdrv_priv *mp = hr->mp;
	struct mdrv_up_health req = {
		.reporter = hr->id,
		.kind = ctx ? ctx->kind : hr->id == MDRV_HEALTH_TX_HANG ?
			MDRV_FAULT_TX_HANG : MDRV_FAULT_RX_STALL,
		.detail = ctx ? ctx->detail : 0,
		.flags = ctx ? 0 : MDRV_HEALTH_F_MANUAL,
	};
	int err;

	err = mdrv_upcall(mp, MDRV_UP_HEALTH_RECOVER, &req, sizeof(req),
			  NULL, 0, NULL);
	switch (err) {
	case 0:
		break;
	case -ENOTCONN:		/* no daemon */
	case -ETIMEDOUT:	/* a daemon that does not answer */
		netif_info(mp, drv, mp->netdev, "health recover: %s, restarting the data path\n",
			   err == -ENOTCONN ? "no user half" :
					       "the user half did not answer");
		err = mdrv_health_kernel_recover(mp, hr->id, extack);
		break;
	case -EAGAIN:
		NL_SET_ERR_MSG(extack, "the user half is backing off, not recovered");
		break;
	default:
		NL_SET_ERR_MSG(extack, "the user half could not recover the device");
		break;
	}
	/* a later report goes to the daemon again (mdrv_health_fault()) */
	WRITE_ONCE(hr->in_error, err && ctx);
	return err;
}

static int mdrv_health_recover(struct devlink_health_reporter *r,
			       void *priv_ctx, struct netlink_ext_ack *extack)
{
	return mdrv_health_recover_one(devlink_health_reporter_priv(r),
				       priv_ctx, extack);
}

/* Is @p a pair the daemon may send: a printable, NUL-terminated name? */
static bool mdrv_health_pair_ok(const struct mdrv_health_pair *p)
{
	size_t len = strnlen(p->name, sizeof(p->name));
	size_t i;

	if (!len || len == sizeof(p->name))
		return false;
	for (i = 0; i < len; i++)
		if (!isprint(p->name[i]))
			return false;
	return true;
}

/*
 * The daemon's pairs for reporter @id, page by page, as a "daemon" object;
 * "daemon": "not attached" (or why nothing came) instead when it does not
 * answer. Nothing the daemon sent is used before all of its page is checked.
 */
static int mdrv_health_daemon_pairs(struct mdrv_reporter *hr, u16 type,
				    struct devlink_fmsg *fmsg)
{
	struct mdrv_up_health req = { .reporter = hr->id };
	struct mdrv_health_rep *rep;
	const char *why = NULL;
	unsigned int page, i;
	bool open = false;
	int err = 0;
	u16 len;

	rep = kmalloc(sizeof(*rep), GFP_KERNEL);
	if (!rep)
		return -ENOMEM;
	for (page = 0; page < MDRV_HEALTH_PAGES; page++) {
		memset(rep, 0, sizeof(*rep));
		len = 0;
		err = mdrv_upcall(hr->mp, type, &req, sizeof(req), rep,
				  sizeof(*rep), &len);
		if (err) {
			why = err == -ENOTCONN ? "not attached" :
			      err == -ETIMEDOUT ? "no answer" : "refused";
			err = 0;
			break;
		}
		if (len < offsetof(struct mdrv_health_rep, pair) ||
		    rep->count > MDRV_HEALTH_PAIRS ||
		    len < offsetof(struct mdrv_health_rep, pair) +
			  rep->count * sizeof(rep->pair[0])) {
			why = "invalid reply";
			break;
		}
		for (i = 0; i < rep->count; i++)
			if (!mdrv_health_pair_ok(&rep->pair[i]))
				break;
		if (i < rep->count) {
			why = "invalid reply";
			break;
		}
		if (!open) {
			err = devlink_fmsg_pair_nest_start(fmsg, "daemon");
			if (!err)
				err = devlink_fmsg_obj_nest_start(fmsg);
			if (err)
				break;
			open = true;
		}
		for (i = 0; i < rep->count && !err; i++)
			err = devlink_fmsg_u64_pair_put(fmsg, rep->pair[i].name,
							rep->pair[i].value);
		if (err || !rep->more || !rep->count)
			break;
		req.start += rep->count;
	}
	if (open) {
		if (!err && why)
			err = devlink_fmsg_string_pair_put(fmsg, "error", why);
		if (!err)
			err = devlink_fmsg_obj_nest_end(fmsg);
		if (!err)
			err = devlink_fmsg_pair_nest_end(fmsg);
	} else if (!err && why) {
		err = devlink_fmsg_string_pair_put(fmsg, "daemon", why);
	}
	kfree(rep);
	return err;
}

static int mdrv_health_ring(struct devlink_fmsg *fmsg, const char *name,
			    const struct mdrv_ring *r)
{
	int err;

	err = devlink_fmsg_pair_nest_start(fmsg, name);
	if (!err)
		err = devlink_fmsg_obj_nest_start(fmsg);
	if (!err)
		err = devlink_fmsg_u32_pair_put(fmsg, "size", r->count);
	if (!err)
		err = devlink_fmsg_u32_pair_put(fmsg, "next_to_use",
						READ_ONCE(r->next_to_use));
	if (!err)
		err = devlink_fmsg_u32_pair_put(fmsg, "next_to_clean",
						READ_ONCE(r->next_to_clean));
	if (!err)
		err = devlink_fmsg_obj_nest_end(fmsg);
	if (!err)
		err = devlink_fmsg_pair_nest_end(fmsg);
	return err;
}

static u64 mdrv_fact_dp_up(struct mdrv_priv *mp)
{
	return mp->dp_up;
}

static u64 mdrv_fact_resets(struct mdrv_priv *mp)
{
	return mp->resets;
}

static u64 mdrv_fact_queue_stopped(struct mdrv_priv *mp)
{
	return netif_queue_stopped(mp->netdev);
}

static u64 mdrv_fact_carrier(struct mdrv_priv *mp)
{
	return netif_carrier_ok(mp->netdev);
}

static u64 mdrv_fact_chip_link(struct mdrv_priv *mp)
{
	return mp->ops->link_up(mp);
}

static u64 mdrv_fact_attached(struct mdrv_priv *mp)
{
	return mdrv_mbox_open(mp);
}

#define MDRV_ALL_REPORTERS	GENMASK(MDRV_HEALTH_MAX - 1, 0)

/*
 * The kernel's own facts, one row each: which reporters show it, a bool
 * or a number. After them each reporter shows its ring (while the data
 * path runs), the count and last detail of each fault kind it takes
 * (mdrv_faults[]) and the chip's diagnostic registers for it.
 */
static const struct mdrv_fact {
	const char *name;
	u32 reporters;			/* BIT(enum mdrv_health) */
	bool is_bool;
	u64 (*get)(struct mdrv_priv *mp);
} mdrv_facts[] = {
	{ "dp_up", MDRV_ALL_REPORTERS, true, mdrv_fact_dp_up },
	{ "resets", MDRV_ALL_REPORTERS, false, mdrv_fact_resets },
	{ "queue_stopped", BIT(MDRV_HEALTH_TX_HANG), true,
	  mdrv_fact_queue_stopped },
	{ "carrier", BIT(MDRV_HEALTH_LINK), true, mdrv_fact_carrier },
	{ "chip_link", BIT(MDRV_HEALTH_LINK), true, mdrv_fact_chip_link },
	{ "attached", BIT(MDRV_HEALTH_DAEMON), true, mdrv_fact_attached },
	{ "mbox_rejects", BIT(MDRV_HEALTH_DAEMON), false, mdrv_mbox_rejects },
};

/* Per reporter: the ring it shows. */
static const struct {
	const char *name;
	size_t off;
} mdrv_health_rings[MDRV_HEALTH_MAX] = {
	[MDRV_HEALTH_TX_HANG] = { "tx_ring", offsetof(struct mdrv_priv, tx_ring) },
	[MDRV_HEALTH_RX_ERRORS] = { "rx_ring", offsetof(struct mdrv_priv, rx_ring) },
};

/*
 * The kernel's own facts for reporter @id, then the daemon's answer to
 * @type (MDRV_UP_HEALTH_DIAGNOSE or _DUMP). ctrl_lock keeps the rings and
 * the chip's engines from being replaced under the reads; it is released
 * before the daemon is asked.
 */
static int mdrv_health_pairs(struct mdrv_reporter *hr, u16 type,
			     struct devlink_fmsg *fmsg)
{
	struct mdrv_priv *mp = hr->mp;
	const struct mdrv_chip_ops *ops = mp->ops;
	const char *ring = mdrv_health_rings[hr->id].name;
	unsigned int i;
	int err = 0;
	u32 v;

	mutex_lock(&mp->ctrl_lock);
	for (i = 0; i < ARRAY_SIZE(mdrv_facts) && !err; i++) {
		const struct mdrv_fact *f = &mdrv_facts[i];

		if (!(f->reporters & BIT(hr->id)))
			continue;
		if (f->is_bool)
			err = devlink_fmsg_bool_pair_put(fmsg, f->name,
							 f->get(mp));
		else
			err = devlink_fmsg_u64_pair_put(fmsg, f->name,
							f->get(mp));
	}
	if (!err && ring && mp->dp_up)
		err = mdrv_health_ring(fmsg, ring, (const void *)mp +
				       mdrv_health_rings[hr->id].off);
	for (i = 0; i < MDRV_FAULT_MAX && !err; i++) {
		if (mdrv_faults[i].reporter != hr->id)
			continue;
		err = devlink_fmsg_u64_pair_put(fmsg, mdrv_faults[i].count_key,
						atomic64_read(&mp->fault.count[i]));
		if (!err)
			err = devlink_fmsg_u32_pair_put(fmsg,
							mdrv_faults[i].detail_key,
							READ_ONCE(mp->fault.detail[i]));
	}
	for (i = 0; i < ops->n_diag_regs && !err; i++) {
		const struct mdrv_diag_reg *dr = &ops->diag_regs[i];

		if (!(dr->reporters & BIT(hr->id)) ||
		    ops->reg_read(mp, dr->space, dr->addr, &v))
			continue;
		err = devlink_fmsg_u32_pair_put(fmsg, dr->name, v);
	}
	mutex_unlock(&mp->ctrl_lock);
	return err ?: mdrv_health_daemon_pairs(hr, type, fmsg);
}

static int mdrv_health_diagnose(struct devlink_health_reporter *r,
				struct devlink_fmsg *fmsg,
				struct netlink_ext_ack *extack)
{
	return mdrv_health_pairs(devlink_health_reporter_priv(r),
				 MDRV_UP_HEALTH_DIAGNOSE, fmsg);
}

/* priv_ctx: the fault being reported (auto_dump), NULL for `dump show` */
static int mdrv_health_dump(struct devlink_health_reporter *r,
			    struct devlink_fmsg *fmsg, void *priv_ctx,
			    struct netlink_ext_ack *extack)
{
	struct mdrv_reporter *hr = devlink_health_reporter_priv(r);
	const struct mdrv_fault_ctx *ctx = priv_ctx;
	int err = 0;

	if (ctx) {
		err = devlink_fmsg_u32_pair_put(fmsg, "fault_kind", ctx->kind);
		if (!err)
			err = devlink_fmsg_u32_pair_put(fmsg, "fault_detail",
							ctx->detail);
	}
	return err ?: mdrv_health_pairs(hr, MDRV_UP_HEALTH_DUMP, fmsg);
}

/*
 * One row per reporter: devlink's ops and the ms between automatic
 * recoveries (devlink's grace period, as mlx5's tx).
 */
static const struct {
	struct devlink_health_reporter_ops ops;
	u64 grace_ms;
} mdrv_reporters[MDRV_HEALTH_MAX] = {
	[MDRV_HEALTH_TX_HANG] = { {
		.name = "tx-hang",
		.recover = mdrv_health_recover,
		.diagnose = mdrv_health_diagnose,
		.dump = mdrv_health_dump,
	}, 500 },
	[MDRV_HEALTH_RX_ERRORS] = { {
		.name = "rx-errors",
		.recover = mdrv_health_recover,
		.diagnose = mdrv_health_diagnose,
		.dump = mdrv_health_dump,
	}, 500 },
	[MDRV_HEALTH_LINK] = { {
		.name = "link",
		.diagnose = mdrv_health_diagnose,
	} },
	[MDRV_HEALTH_DAEMON] = { {
		.name = "daemon",
		.diagnose = mdrv_health_diagnose,
	} },
};

/*
 * Report fault @kind to its reporter (ctl_fault.c's work item: process
 * context, no lock held). devlink recovers through .recover when its
 * auto_recover is on and its grace period allows. devlink keeps a reporter
 * whose automatic recovery failed in error and refuses every later report;
 * such a report (a fault that persists: ctl_fault.c reports it every 2 s)
 * still goes to the daemon's recover, whose back-off decides whether to act
 * — the kernel keeps no retry policy of its own — and devlink is told when
 * it recovered. A report refused within the grace period is left to the
 * operator (`devlink health recover`), as devlink means it to be.
 */
int mdrv_health_fault(struct mdrv_priv *mp, enum mdrv_fault kind, u32 detail)
{
	struct mdrv_fault_ctx ctx = { .kind = kind, .detail = detail };
	struct mdrv_reporter *hr;
	struct devlink *dl;
	char msg[48];
	int err;

	if (!mp->health)
		return -ENODEV;
	hr = &mp->health->rep[mdrv_faults[kind].reporter];
	snprintf(msg, sizeof(msg), "fault %u detail %#x", kind, detail);
	err = devlink_health_report(hr->r, msg, &ctx);
	if (err != -ECANCELED || !READ_ONCE(hr->in_error))
		return err;
	dl = priv_to_devlink(mp->health);
	devl_lock(dl);
	err = mdrv_health_recover_one(hr, &ctx, NULL);
	if (!err) {
		devlink_health_reporter_recovery_done(hr->r);
		devlink_health_reporter_state_update(hr->r,
						     DEVLINK_HEALTH_REPORTER_STATE_HEALTHY);
	}
	devl_unlock(dl);
	return err;
}

/* ctl_fault.c's work item: the daemon was lost (@lost), or one attached. */
void mdrv_health_daemon(struct mdrv_priv *mp, bool lost)
{
	struct devlink_health_reporter *r;

	if (!mp->health)
		return;
	r = mp->health->rep[MDRV_HEALTH_DAEMON].r;
	if (lost)
		devlink_health_report(r, "user half lost", NULL);
	else
		devlink_health_reporter_state_update(r,
						     DEVLINK_HEALTH_REPORTER_STATE_HEALTHY);
}

/* probe, before the net_device is registered */
int mdrv_devlink_init(struct mdrv_priv *mp)
{
	struct mdrv_devlink *h;
	struct devlink *dl;
	int i, err;

	dl = devlink_alloc(&mdrv_devlink_ops, sizeof(*h), &mp->pdev->dev);
	if (!dl)
		return -ENOMEM;
	h = devlink_priv(dl);
	for (i = 0; i < MDRV_HEALTH_MAX; i++) {
		struct mdrv_reporter *hr = &h->rep[i];

		hr->mp = mp;
		hr->id = i;
		hr->r = devlink_health_reporter_create(dl, &mdrv_reporters[i].ops,
						       mdrv_reporters[i].grace_ms,
						       hr);
		if (IS_ERR(hr->r)) {
			err = PTR_ERR(hr->r);
			goto err_destroy;
		}
	}
	devlink_register(dl);
	mp->health = h;
	return 0;

err_destroy:
	while (--i >= 0)
		devlink_health_reporter_destroy(h->rep[i].r);
	devlink_free(dl);
	return err;
}

/*
 * remove, once the net_device is unregistered and ctl_fault.c's work item can
 * no longer run: devlink_unregister() waits for the netlink operations in
 * flight (a recover or diagnose may still be asking the daemon).
 */
void mdrv_devlink_fini(struct mdrv_priv *mp)
{
	struct mdrv_devlink *h = mp->health;
	struct devlink *dl = priv_to_devlink(h);
	int i;

	devlink_unregister(dl);
	mp->health = NULL;
	for (i = MDRV_HEALTH_MAX - 1; i >= 0; i--)
		devlink_health_reporter_destroy(h->rep[i].r);
	devlink_free(dl);
}
