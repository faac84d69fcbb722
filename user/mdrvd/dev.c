// SPDX-License-Identifier: GPL-2.0
/*
 * Chip-independent policy around the chip back ends: applying the desired
 * state, link and carrier, rx mode, ring sizes, counters, periodic and
 * deferred work.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <time.h>

#include <linux/ethtool.h>

#include "chip.h"
#include "dev.h"
#include "log.h"
#include "regs.h"
#include "mdrv_genl.h"

#define MDRVD_MS	1000000ull
/*
 * Recovery back-off: the first fault is recovered at once; a fault within
 * MDRVD_STABLE_NS of the last recovery waits out a back-off that doubles
 * from 1 s to 60 s, so a flapping device cannot loop. The kernel repeats a
 * persisting fault every 2 s, which is when the next attempt happens.
 */
#define MDRVD_BACKOFF_MIN_NS	(1000 * MDRVD_MS)
#define MDRVD_BACKOFF_MAX_NS	(60000 * MDRVD_MS)
#define MDRVD_STABLE_NS		(60000 * MDRVD_MS)

int mdrvd_dev_init(struct mdrvd_dev *d, uint32_t chip, uint32_t ifindex,
		   const char *ifname, const struct mdrvd_hw *hw)
{
	const struct mdrvd_chip_ops *ops;

	switch (chip) {
	case MDRV_CHIP_82540EM:
		ops = &mdrvd_e1000_ops;
		break;
	case MDRV_CHIP_82545EM:
		ops = &mdrvd_e1000_82545_ops;
		break;
	case MDRV_CHIP_79C970A:
		ops = &mdrvd_pcnet_ops;
		break;
	default:
		return -EOPNOTSUPP;
	}
	memset(d, 0, sizeof(*d));
	d->chip = chip;
	d->ops = ops;
	d->ifindex = ifindex;
	snprintf(d->ifname, sizeof(d->ifname), "%s", ifname ? ifname : "?");
	d->hw = *hw;
	d->carrier = -1;
	d->running = true;	/* not known: keep harvesting */
	d->want.pause = MDRVD_PAUSE_DEFAULT;	/* unless the kernel says */
	d->want.mtu = 1500;
	mdrvd_stats_init(&d->stats, ops->counters, ops->n_counters,
			 ops->cnt_mode);
	return 0;
}

/* One rx-mode buffer: the daemon is single-threaded. */
static struct mdrvd_rxmode rxmode_buf;

static int get_rxmode(struct mdrvd_dev *d, struct mdrvd_rxmode *rm)
{
	int err;

	memset(rm, 0, sizeof(*rm));
	err = d->hw.ops->rxmode_get(d->hw.ctx, rm);
	if (err)
		log_err("%s: cannot read the rx mode: %s", d->ifname,
			strerror(-err));
	return err;
}

/* What the chip holds is the policy's start: never apply or publish a guess. */
int mdrvd_dev_read_back(struct mdrvd_dev *d)
{
	int err;

	if (!d->need_read_back)
		return 0;
	err = d->ops->read_back(d);
	if (err) {
		log_err("%s: cannot read the chip's configuration: %s",
			d->ifname, strerror(-err));
		return err;
	}
	d->need_read_back = false;
	return 0;
}

int mdrvd_dev_apply(struct mdrvd_dev *d, bool rings)
{
	int err;

	err = mdrvd_dev_read_back(d);
	if (!err)
		err = get_rxmode(d, &rxmode_buf);
	if (!err)
		err = d->ops->apply(d, &rxmode_buf, rings);
	if (err) {
		log_err("%s: cannot apply the configuration: %s", d->ifname,
			strerror(-err));
		return err;
	}
	/* down (after STOP): the carrier waits for the next open */
	return d->running ? mdrvd_dev_link(d, true) : mdrvd_dev_publish(d);
}

int mdrvd_dev_adopt(struct mdrvd_dev *d, bool rings)
{
	/* until a read-back succeeds, every apply tries it first */
	d->need_read_back = true;
	return mdrvd_dev_apply(d, rings);
}

/*
 * Publish the link settings and coalescing to the kernel, which answers
 * `ethtool DEV`, sysfs speed/duplex and `ethtool -c` from them without
 * waiting for us: after every change and at every (re)configuration.
 */
static int publish(struct mdrvd_dev *d, const struct mdrv_link *l)
{
	struct mdrv_coalesce c = { 0 };
	bool have_c;
	int err;

	have_c = d->ops->get_coalesce && !d->ops->get_coalesce(d, &c);
	err = d->hw.ops->state_set(d->hw.ctx, l, have_c ? &c : NULL);
	if (err) {
		log_warn("%s: cannot publish the link settings: %s", d->ifname,
			 strerror(-err));
		/* the kernel's copy is old: publish again at the next wake-up */
		d->publish_stale = true;
		d->pending |= MDRVD_PEND_LINK;
		return err;
	}
	d->published = *l;
	d->published_valid = true;
	d->publish_stale = false;
	return 0;
}

int mdrvd_dev_publish(struct mdrvd_dev *d)
{
	struct mdrv_link l = { 0 };
	int err;

	err = mdrvd_dev_read_back(d);
	if (!err)
		err = d->ops->get_link(d, &l);
	if (err) {
		log_warn("%s: cannot read the link settings: %s", d->ifname,
			 strerror(-err));
		return err;
	}
	return publish(d, &l);
}

/*
 * Reading the link costs the e1000 five register round trips (STATUS and
 * two PHY registers through MDIC); a coalescing change does not move it,
 * and a link change that raced with this one publishes again itself.
 */
int mdrvd_dev_publish_coalesce(struct mdrvd_dev *d)
{
	return d->published_valid ? publish(d, &d->published) :
				    mdrvd_dev_publish(d);
}

int mdrvd_dev_link(struct mdrvd_dev *d, bool force)
{
	bool up;
	int err;

	/* down: the kernel turned the carrier off, open turns it on */
	if (!force && !d->running)
		return d->publish_stale ? mdrvd_dev_publish(d) : 0;
	err = d->ops->link_up(d, &up);
	if (err) {
		log_warn("%s: cannot read the link state: %s", d->ifname,
			 strerror(-err));
		return err;
	}
	if (!force && d->carrier == (int)up && !d->publish_stale)
		return 0;
	err = d->hw.ops->carrier_set(d->hw.ctx, up);
	if (err) {
		log_warn("%s: cannot set the carrier: %s", d->ifname,
			 strerror(-err));
		return err;
	}
	if (d->carrier != (int)up)
		log_info("%s: link %s", d->ifname, up ? "up" : "down");
	d->carrier = up;
	return mdrvd_dev_publish(d);
}

int mdrvd_dev_rxmode(struct mdrvd_dev *d)
{
	int err = get_rxmode(d, &rxmode_buf);

	if (!err)
		err = d->ops->rx_mode(d, &rxmode_buf);
	if (err)
		log_err("%s: cannot program the receive filters: %s",
			d->ifname, strerror(-err));
	return err;
}

int mdrvd_dev_stats(struct mdrvd_dev *d)
{
	int err = mdrvd_stats_harvest(&d->stats, &d->hw);

	if (err) {
		log_dbg("%s: counters not read: %s", d->ifname,
			strerror(-err));
		return err;
	}
	mdrvd_stats_publish(&d->stats, d->stats_page);
	return 0;
}

int mdrvd_ring_round(const struct mdrvd_chip_ops *ops, uint32_t v,
		     uint32_t *out)
{
	uint32_t r;

	if (v < ops->ring_min || v > ops->ring_max)
		return -EINVAL;
	if (ops->ring_pow2) {
		for (r = 1; r < v; r <<= 1)
			;
	} else {
		r = (v + ops->ring_align - 1) / ops->ring_align *
		    ops->ring_align;
	}
	if (r > ops->ring_max)
		return -EINVAL;
	*out = r;
	return 0;
}

int mdrvd_dev_set_ring(struct mdrvd_dev *d, uint32_t tx, uint32_t rx)
{
	uint32_t rtx, rrx;
	int err;

	if (mdrvd_ring_round(d->ops, tx, &rtx) ||
	    mdrvd_ring_round(d->ops, rx, &rrx)) {
		log_info("%s: ring sizes %u/%u outside %u..%u", d->ifname,
			 tx, rx, d->ops->ring_min, d->ops->ring_max);
		return -EINVAL;
	}
	if (rtx == d->want.ring_tx && rrx == d->want.ring_rx)
		return 0;
	/* the restart may reset the chip's counters: take them now */
	mdrvd_dev_stats(d);
	err = d->hw.ops->ring_set(d->hw.ctx, rtx, rrx, d->want.rx_buf_len);
	if (err)
		return err;
	log_info("%s: rings tx %u rx %u", d->ifname, rtx, rrx);
	d->want.ring_tx = rtx;
	d->want.ring_rx = rrx;
	return 0;
}

uint64_t mdrvd_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void mdrvd_dev_restarted(struct mdrvd_dev *d)
{
	mdrvd_stats_rebase(&d->stats);
	if (mdrvd_dev_apply(d, false))
		d->pending |= MDRVD_PEND_APPLY;
}

static const char *const fault_names[MDRV_FAULT_MAX] = {
	[MDRV_FAULT_TX_TIMEOUT] = "transmit timeout",
	[MDRV_FAULT_TX_HANG] = "transmit hang",
	[MDRV_FAULT_RX_STALL] = "receive stall",
	[MDRV_FAULT_FATAL] = "fatal error",
};

static int dev_recover(struct mdrvd_dev *d, uint32_t kind, uint32_t detail,
		       bool manual, uint64_t now_ns)
{
	struct mdrvd_recovery *r = &d->rec;
	uint64_t t0;
	int err;

	r->faults++;
	if (!manual && r->last_ns && now_ns - r->last_ns < r->backoff_ns) {
		/* once per back-off: the kernel repeats a fault every 2 s */
		if (!r->backoff_logged)
			log_warn("%s: %s (%#x) %llu ms after the last recovery: backing off for %llu ms",
				 d->ifname, fault_names[kind], detail,
				 (unsigned long long)((now_ns - r->last_ns) / MDRVD_MS),
				 (unsigned long long)(r->backoff_ns / MDRVD_MS));
		r->backoff_logged = true;
		return -EAGAIN;
	}
	r->backoff_logged = false;
	if (r->last_ns && now_ns - r->last_ns < MDRVD_STABLE_NS)
		r->backoff_ns = r->backoff_ns * 2 > MDRVD_BACKOFF_MAX_NS ?
				MDRVD_BACKOFF_MAX_NS : r->backoff_ns * 2;
	else
		r->backoff_ns = MDRVD_BACKOFF_MIN_NS;
	r->last_ns = now_ns;
	r->recoveries++;

	/*
	 * A transmit fault restarts the transmitter alone where the chip can
	 * (its configuration and the receive side untouched), anything else
	 * resets the chip to its defaults. The counters are kept first.
	 */
	t0 = mdrvd_now_ns();
	mdrvd_dev_stats(d);
	err = -EOPNOTSUPP;
	if (kind == MDRV_FAULT_TX_TIMEOUT || kind == MDRV_FAULT_TX_HANG)
		err = d->hw.ops->reset(d->hw.ctx, MDRV_RESET_TX);
	if (err == -EOPNOTSUPP)
		err = d->hw.ops->reset(d->hw.ctx, MDRV_RESET_ALL);
	if (!err)
		err = mdrvd_dev_apply(d, false);
	if (err) {
		r->failed++;
		log_err("%s: %s (%#x): recovery failed: %s", d->ifname,
			fault_names[kind], detail, strerror(-err));
		return err;
	}
	mdrvd_stats_rebase(&d->stats);
	log_warn("%s: %s (%#x): chip reset and configuration re-applied in %llu ms (recovery %u)",
		 d->ifname, fault_names[kind], detail,
		 (unsigned long long)((mdrvd_now_ns() - t0) / MDRVD_MS),
		 r->recoveries);
	return 0;
}

static int record(struct mdrvd_dev *d, uint32_t kind, uint32_t detail,
		  bool manual, uint64_t now_ns, int result)
{
	struct mdrvd_event *e = &d->rec.ev[d->rec.n_ev++ % MDRVD_EVENTS];

	e->ns = now_ns;
	e->kind = kind;
	e->detail = detail;
	e->result = result;
	e->manual = manual;
	return result;
}

int mdrvd_dev_recover(struct mdrvd_dev *d, uint32_t kind, uint32_t detail,
		      uint32_t flags, uint64_t now_ns)
{
	bool manual = flags & MDRV_HEALTH_F_MANUAL;

	if (kind >= MDRV_FAULT_MAX || (flags & ~MDRV_HEALTH_F_MANUAL))
		return -EINVAL;
	if (manual)
		log_info("%s: recovery asked for by devlink health recover",
			 d->ifname);
	return record(d, kind, detail, manual, now_ns,
		      dev_recover(d, kind, detail, manual, now_ns));
}

/* Pairs are gathered in full, then the page asked for is copied out. */
#define HEALTH_ALL	(4 + 8 + 4 * MDRVD_EVENTS)

struct pairs {
	struct mdrv_health_pair p[HEALTH_ALL];
	unsigned int n;
};

static void put(struct pairs *ps, const char *name, uint64_t value)
{
	struct mdrv_health_pair *p;

	if (ps->n == HEALTH_ALL)
		return;
	p = &ps->p[ps->n++];
	memset(p->name, 0, sizeof(p->name));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->value = value;
}

int mdrvd_dev_health(struct mdrvd_dev *d, uint32_t reporter, bool dump,
		     uint32_t start, uint64_t now_ns,
		     struct mdrv_health_rep *rep)
{
	const struct mdrvd_recovery *r = &d->rec;
	static struct pairs ps;
	char name[MDRV_HEALTH_NAME];
	unsigned int i, n;
	uint32_t v;

	if (reporter >= MDRV_HEALTH_MAX)
		return -EINVAL;
	ps.n = 0;
	if (reporter == MDRV_HEALTH_TX_HANG ||
	    reporter == MDRV_HEALTH_RX_ERRORS ||
	    reporter == MDRV_HEALTH_DAEMON) {
		put(&ps, "faults", r->faults);
		put(&ps, "recoveries", r->recoveries);
		put(&ps, "failed", r->failed);
		put(&ps, "backoff_ms", r->backoff_ns / MDRVD_MS);
		if (r->last_ns)
			put(&ps, "last_ago_ms", (now_ns - r->last_ns) / MDRVD_MS);
	}
	if (reporter == MDRV_HEALTH_LINK)
		put(&ps, "carrier", d->carrier < 0 ? 2 : d->carrier);
	if (reporter != MDRV_HEALTH_DAEMON)
		for (i = 0; i < d->ops->n_diag_regs; i++)
			if (!mdrvd_reg_read1(&d->hw, d->ops->diag_regs[i].space,
					     d->ops->diag_regs[i].addr, &v))
				put(&ps, d->ops->diag_regs[i].name, v);
	/* the most recent event first */
	n = r->n_ev < MDRVD_EVENTS ? r->n_ev : MDRVD_EVENTS;
	for (i = 0; dump && i < n; i++) {
		const struct mdrvd_event *e =
			&r->ev[(r->n_ev - 1 - i) % MDRVD_EVENTS];

		snprintf(name, sizeof(name), "ev%u_kind", i);
		put(&ps, name, e->kind);
		snprintf(name, sizeof(name), "ev%u_result", i);
		put(&ps, name, (uint64_t)(int64_t)e->result);
		snprintf(name, sizeof(name), "ev%u_ago_ms", i);
		put(&ps, name, (now_ns - e->ns) / MDRVD_MS);
		snprintf(name, sizeof(name), "ev%u_manual", i);
		put(&ps, name, e->manual);
	}
	memset(rep, 0, sizeof(*rep));
	for (i = start; i < ps.n && rep->count < MDRV_HEALTH_PAIRS; i++)
		rep->pair[rep->count++] = ps.p[i];
	rep->more = i < ps.n;
	return offsetof(struct mdrv_health_rep, pair) +
	       rep->count * sizeof(rep->pair[0]);
}

void mdrvd_dev_pending(struct mdrvd_dev *d)
{
	unsigned int p = d->pending;

	d->pending = 0;
	if (p & MDRVD_PEND_RESET) {
		mdrvd_dev_restarted(d);	/* rx mode and link included */
		d->pending |= p & MDRVD_PEND_ADOPT;	/* rings still owed */
		return;
	}
	if (p & (MDRVD_PEND_ADOPT | MDRVD_PEND_APPLY)) {
		if (mdrvd_dev_apply(d, p & MDRVD_PEND_ADOPT))
			d->pending |= p & (MDRVD_PEND_ADOPT | MDRVD_PEND_APPLY);
		return;
	}
	/* what failed stays pending: tried again at the next wake-up */
	if ((p & MDRVD_PEND_RXMODE) && mdrvd_dev_rxmode(d))
		d->pending |= MDRVD_PEND_RXMODE;
	if ((p & MDRVD_PEND_LINK) && mdrvd_dev_link(d, false))
		d->pending |= MDRVD_PEND_LINK;
}

/*
 * Worth a harvest? Not while the data path handled no frame since the last
 * one (the kernel counts them on the mailbox), except every 30 s.
 */
#define MDRVD_IDLE_HARVEST_NS	(30ull * 1000000000ull)

static bool mdrvd_dev_moved(struct mdrvd_dev *d)
{
	uint64_t act;

	if (!d->kctrl)
		return true;
	act = __atomic_load_n(&d->kctrl->activity, __ATOMIC_RELAXED);
	if (act == d->harvest_activity)
		return false;
	d->harvest_activity = act;
	return true;
}

unsigned int mdrvd_dev_tick(struct mdrvd_dev *d, uint64_t now_ns)
{
	bool moved = mdrvd_dev_moved(d);

	d->ticks++;
	/*
	 * Counters if frames moved (the kernel asks for a fresh harvest when
	 * a snapshot is older than 2.5 s), and every 30 s whatever happens.
	 * Link changes arrive as events (the kernel's watchdog turns the
	 * PCnet's link bit into one), so an idle device costs nothing here.
	 */
	if (d->running && (moved || d->stats.hurry ||
			   now_ns - d->harvest_ns >= MDRVD_IDLE_HARVEST_NS)) {
		d->harvest_ns = now_ns;
		mdrvd_dev_stats(d);
	}
	if (d->identify && d->ops->identify)
		d->ops->identify(d, d->identify_end ? MDRV_ID_INACTIVE :
				 (d->ticks & 1) ? MDRV_ID_ON : MDRV_ID_OFF);
	if (d->running && d->stats.hurry)
		return MDRVD_TICK_HURRY_MS;
	return moved || d->identify ? MDRVD_TICK_BUSY_MS : MDRVD_TICK_IDLE_MS;
}
