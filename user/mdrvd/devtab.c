// SPDX-License-Identifier: GPL-2.0
/*
 * The device table (see devtab.h). A device is taken when the kernel lists
 * it without an owner: ATTACH (this socket becomes the owner), open and map
 * its mailbox, adopt its configuration (kernel's view plus the chip's
 * registers) and apply it, so starting mdrvd again changes nothing.
 * mdrvd --replace takes devices from the running daemon the same way, with
 * ATTACH's REPLACE flag: the kernel hands each over when we open its
 * mailbox, and the old daemon sees its mailbox hang up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "chip.h"
#include "devtab.h"
#include "log.h"
#include "mdrv_genl.h"
#include "upcall.h"

void mdrvd_devtab_init(struct mdrvd_devtab *t, struct mdrvd_nl *nl, int epfd)
{
	memset(t, 0, sizeof(*t));
	t->nl = nl;
	t->epfd = epfd;
	t->port = mdrvd_nl_port(nl);
}

static struct mdrvd_entry *find(struct mdrvd_devtab *t, uint32_t id)
{
	struct mdrvd_entry *e;

	for (e = t->head; e; e = e->next)
		if (e->id == id)
			return e;
	return NULL;
}

static void serve(struct mdrvd_entry *e);

static void drop(struct mdrvd_devtab *t, struct mdrvd_entry *e, bool detach)
{
	struct mdrvd_entry **pp;

	for (pp = &t->head; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	}
	if (e->mbox.fd >= 0)
		epoll_ctl(t->epfd, EPOLL_CTL_DEL, e->mbox.fd, NULL);
	if (detach)
		mdrvd_nl_detach(t->nl, e->id);
	mdrvd_mbox_close(&e->mbox);
	t->count--;
	free(e);
}

static bool failed_before(const struct mdrvd_devtab *t, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < t->n_failed; i++)
		if (t->failed[i] == id)
			return true;
	return false;
}

/*
 * A device that came or went: its id is free for a new device (the kernel
 * hands the lowest free id to the next one bound), which gets a new try.
 */
static void unfail(struct mdrvd_devtab *t, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < t->n_failed; i++) {
		if (t->failed[i] == id) {
			t->failed[i] = t->failed[--t->n_failed];
			return;
		}
	}
}

static void add(struct mdrvd_devtab *t, const struct mdrvd_nl_devinfo *di)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct mdrvd_entry *e;
	struct mdrvd_hw hw;
	int err;

	if (!di->mbox[0]) {
		log_err("%s: the kernel offers no mailbox", di->ifname);
		return;
	}
	if (di->version != MDRV_PROTO_VERSION) {
		/* the kernel would refuse our ATTACH too: say both */
		log_err("%s: mdrv.ko speaks protocol %u, this mdrvd %u: install the mdrvd and mdrv.ko of one release",
			di->ifname, di->version, MDRV_PROTO_VERSION);
		t->eproto = true;
		t->eproto_version = di->version;
		goto err_failed;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return;
	e->mbox.fd = -1;
	e->nlhw.nl = t->nl;
	e->id = di->id;
	e->nlhw.id = di->id;
	hw.ops = &mdrvd_nl_hw_ops;
	hw.ctx = &e->nlhw;
	err = mdrvd_dev_init(&e->dev, di->chip, di->ifindex, di->ifname, &hw);
	if (err) {
		log_warn("%s: chip %u unknown to this mdrvd, left alone",
			 di->ifname, di->chip);
		goto err_free;
	}
	snprintf(e->bus, sizeof(e->bus), "%s", di->bus);
	snprintf(e->mbox_name, sizeof(e->mbox_name), "%s", di->mbox);

	err = mdrvd_nl_attach(t->nl, di->id, true, t->replace);
	if (err == -EBUSY) {
		/* taken since the dump: its detach event brings us back */
		log_warn("%s: owned by another daemon, left alone", di->ifname);
		mdrvd_mbox_close(&e->mbox);
		free(e);
		return;
	}
	if (err == -EPERM)
		t->eperm = true;
	if (err)
		goto err_free;
	/* with replace, the open hands the device over */
	err = mdrvd_mbox_open(&e->mbox, di->mbox, di->chip);
	if (err) {
		if (err == -EBUSY)
			log_err("%s: /dev/%s is held by another process",
				di->ifname, di->mbox);
		mdrvd_nl_detach(t->nl, di->id);
		goto err_free;
	}

	/* what the kernel knows; the chip's registers fill in the rest */
	if (di->has_mac)
		memcpy(e->dev.want.mac, di->mac, 6);
	if (di->mtu)
		e->dev.want.mtu = di->mtu;
	e->dev.want.ring_tx = di->ring_tx;
	e->dev.want.ring_rx = di->ring_rx;
	e->dev.want.rx_buf_len = di->rx_buf_len;
	/* flow control as the last daemon published it */
	if (di->pause >= 0)
		e->dev.want.pause = di->pause & MDRVD_PAUSE_WANT;
	e->dev.carrier = di->carrier;
	e->dev.stats_page = e->mbox.stats;
	e->dev.kctrl = e->mbox.kctrl;
	if (e->mbox.kctrl->stats_count != e->dev.stats.n)
		log_warn("%s: kernel expects %u counters, mdrvd has %u",
			 di->ifname, e->mbox.kctrl->stats_count,
			 e->dev.stats.n);
	if (mdrvd_stats_seed(&e->dev.stats, e->mbox.stats))
		log_info("%s: counters continue from the previous daemon",
			 di->ifname);

	e->src.kind = MDRVD_SRC_MBOX;
	e->src.ptr = e;
	ev.data.ptr = &e->src;
	if (epoll_ctl(t->epfd, EPOLL_CTL_ADD, e->mbox.fd, &ev)) {
		log_err("%s: epoll: %s", di->ifname, strerror(errno));
		mdrvd_mbox_close(&e->mbox);
		mdrvd_nl_detach(t->nl, di->id);
		goto err_free;
	}
	e->next = t->head;
	t->head = e;
	t->count++;
	log_info("%s: %s at %s attached, mailbox /dev/%s%s", e->dev.ifname,
		 e->dev.ops->name, e->bus, e->mbox_name,
		 di->owner && di->owner != t->port ?
		 " (taken over from another mdrvd)" : "");

	/* a failed adopt is tried again at the next wake-up */
	if (mdrvd_dev_adopt(&e->dev, true))
		e->dev.pending |= MDRVD_PEND_ADOPT;
	mdrvd_dev_stats(&e->dev);
	serve(e);		/* anything the kernel queued meanwhile */
	return;

err_free:
	mdrvd_mbox_close(&e->mbox);
	free(e);
err_failed:
	/* our own ATTACH/DETACH events must not make us try forever */
	if (t->n_failed < sizeof(t->failed) / sizeof(t->failed[0]))
		t->failed[t->n_failed++] = di->id;
}

static bool skipped(const struct mdrvd_devtab *t, const char *bus)
{
	unsigned int i;

	for (i = 0; i < t->n_skip; i++)
		if (!strcmp(t->skip[i], bus))
			return true;
	return false;
}

/* Devices of one DEV_GET dump, handled after the dump is read. */
struct scan {
	unsigned int n, cap;
	struct mdrvd_nl_devinfo *di;
};

static int scan_cb(void *arg, const struct mdrvd_nl_devinfo *di)
{
	struct scan *s = arg;

	if (s->n == s->cap) {
		unsigned int cap = s->cap ? 2 * s->cap : 8;
		void *p = realloc(s->di, cap * sizeof(*s->di));

		if (!p)
			return -ENOMEM;
		s->di = p;
		s->cap = cap;
	}
	s->di[s->n++] = *di;
	return 0;
}

int mdrvd_devtab_scan(struct mdrvd_devtab *t, bool retry)
{
	struct mdrvd_entry *e, *next;
	struct scan s = { 0 };
	unsigned int i;
	int err;

	t->rescan = false;
	if (retry)
		t->n_failed = 0;
	err = mdrvd_nl_dev_dump(t->nl, scan_cb, &s);
	if (err) {
		/* whatever asked for the scan still wants it: next wake-up */
		t->rescan = true;
		free(s.di);
		return err;
	}
	/* gone, or taken from us */
	for (e = t->head; e; e = next) {
		next = e->next;
		for (i = 0; i < s.n; i++)
			if (s.di[i].id == e->id)
				break;
		if (i == s.n) {
			log_info("%s: device gone", e->dev.ifname);
			drop(t, e, false);
		} else if (s.di[i].owner != t->port) {
			log_warn("%s: no longer ours (owner port %u)",
				 e->dev.ifname, s.di[i].owner);
			drop(t, e, false);
		} else {
			memcpy(e->dev.ifname, s.di[i].ifname,
			       sizeof(e->dev.ifname));
		}
	}
	for (i = 0; i < s.n; i++) {
		if (find(t, s.di[i].id) || failed_before(t, s.di[i].id) ||
		    skipped(t, s.di[i].bus))
			continue;
		if (s.di[i].owner && s.di[i].owner != t->port &&
		    !t->replace) {
			log_info("%s: owned by netlink port %u, left alone",
				 s.di[i].ifname, s.di[i].owner);
			continue;
		}
		add(t, &s.di[i]);
	}
	free(s.di);
	return 0;
}

/* Serve the upcalls queued on @e's mailbox (a bounded number per call). */
static void serve(struct mdrvd_entry *e)
{
	struct mdrv_msg up, rep;
	unsigned int i;

	for (i = 0; i < MDRV_MBOX_SLOTS; i++) {
		if (mdrvd_mbox_next(&e->mbox, &up) <= 0)
			break;
		if (!mdrvd_upcall(&e->dev, &up, &rep))
			continue;
		if (mdrvd_mbox_reply(&e->mbox, &rep) == -ENOBUFS) {
			/* the kernel consumes on the doorbell: ring, retry */
			mdrvd_mbox_doorbell(&e->mbox);
			if (mdrvd_mbox_reply(&e->mbox, &rep)) {
				log_err("%s: reply ring full, reply to %s dropped",
					e->dev.ifname,
					mdrvd_upcall_name(up.type));
				continue;
			}
		}
		/* the kernel waits: ring per reply, not per batch */
		mdrvd_mbox_doorbell(&e->mbox);
	}
}

void mdrvd_devtab_mbox(struct mdrvd_devtab *t, struct mdrvd_entry *e,
		       uint32_t events)
{
	if (events & (EPOLLHUP | EPOLLERR)) {
		log_info("%s: mailbox closed by the kernel (device removed, or taken over by another mdrvd)",
			 e->dev.ifname);
		drop(t, e, false);
		t->rescan = true;
		return;
	}
	serve(e);
}

static void on_event(void *arg, const struct mdrvd_nl_event *ev)
{
	struct mdrvd_devtab *t = arg;
	struct mdrvd_entry *e;

	if (!ev->event) {
		/* lost events: assume everything changed */
		for (e = t->head; e; e = e->next)
			e->dev.pending |= MDRVD_PEND_LINK | MDRVD_PEND_RXMODE;
		t->rescan = true;
		return;
	}
	if (ev->event == MDRV_EV_DEV_NEW || ev->event == MDRV_EV_DEV_DEL) {
		/*
		 * Even for an id in the table: a device removed and another
		 * bound at once reuse it before the old mailbox's hang-up is
		 * read; the dump tells the old one from the new
		 */
		unfail(t, ev->id);
		t->rescan = true;
		return;
	}
	e = find(t, ev->id);
	log_dbg("event %u for mdrv%u%s", ev->event, ev->id,
		e ? "" : " (not ours)");
	if (!e) {
		/* a device we do not have: new, or released by another (one
		 * that failed before is not retried: no loop on our own
		 * ATTACH/DETACH events)
		 */
		t->rescan = true;
		return;
	}
	switch (ev->event) {
	case MDRV_EV_LINK:
		e->dev.pending |= MDRVD_PEND_LINK;
		break;
	case MDRV_EV_RX_MODE:
		e->dev.pending |= MDRVD_PEND_RXMODE;
		break;
	case MDRV_EV_RESET:
		e->dev.pending |= MDRVD_PEND_RESET;
		break;
	case MDRV_EV_DETACH:
		/* not by us while it is in the table: check who owns it */
		t->rescan = true;
		break;
	case MDRV_EV_ERROR:
		log_dbg("%s: error event", e->dev.ifname);
		break;
	default:
		break;
	}
}

void mdrvd_devtab_retry(struct mdrvd_devtab *t)
{
	t->n_failed = 0;
	t->rescan = true;
}

int mdrvd_devtab_events(struct mdrvd_devtab *t)
{
	static const struct mdrvd_nl_event lost = { .carrier = -1 };

	if (!mdrvd_nl_events_read(t->nl, on_event, t)) {
		t->events_failed = 0;
		return 0;
	}
	/* what the failed read took is gone: as after an overrun */
	on_event(t, &lost);
	return ++t->events_failed < MDRVD_EVENTS_FAILED_MAX ? 0 : -EIO;
}

unsigned int mdrvd_devtab_tick(struct mdrvd_devtab *t, uint64_t now_ns)
{
	unsigned int ms = MDRVD_TICK_IDLE_MS, want;
	struct mdrvd_entry *e;

	for (e = t->head; e; e = e->next) {
		want = mdrvd_dev_tick(&e->dev, now_ns);
		if (want < ms)
			ms = want;
	}
	return ms;
}

void mdrvd_devtab_pending(struct mdrvd_devtab *t)
{
	struct mdrvd_entry *e;

	for (e = t->head; e; e = e->next)
		if (e->dev.pending)
			mdrvd_dev_pending(&e->dev);
	if (t->rescan)
		mdrvd_devtab_scan(t, false);
}

void mdrvd_devtab_fini(struct mdrvd_devtab *t)
{
	while (t->head) {
		struct mdrvd_entry *e = t->head;

		log_info("%s: detached", e->dev.ifname);
		/* last counters for whoever attaches next */
		if (e->dev.running)
			mdrvd_dev_stats(&e->dev);
		if (e->dev.identify)
			e->dev.ops->identify(&e->dev, MDRV_ID_INACTIVE);
		drop(t, e, true);
	}
}
