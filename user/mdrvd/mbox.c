// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's side of the mailbox. Ordering (C11): the other side's index
 * is read with acquire before the entries it covers, our index is
 * published with release after the entries (or our copies of them) are
 * done. Each side writes only its own region.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "log.h"
#include "mbox.h"
#include "mdrv_genl.h"

#define SLOT(i)	((i) & (MDRV_MBOX_SLOTS - 1))

static uint32_t load_acquire(const uint32_t *p)
{
	return atomic_load_explicit((const _Atomic uint32_t *)p,
				    memory_order_acquire);
}

static uint32_t load_relaxed(const uint32_t *p)
{
	return atomic_load_explicit((const _Atomic uint32_t *)p,
				    memory_order_relaxed);
}

static void store_release(uint32_t *p, uint32_t v)
{
	atomic_store_explicit((_Atomic uint32_t *)p, v, memory_order_release);
}

int mdrvd_mbox_open(struct mdrvd_mbox *mb, const char *name, uint32_t chip)
{
	char path[64];
	int err;

	memset(mb, 0, sizeof(*mb));
	mb->kern = MAP_FAILED;
	mb->user = MAP_FAILED;
	snprintf(path, sizeof(path), "/dev/%s", name);
	mb->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (mb->fd < 0) {
		err = -errno;
		log_err("%s: %s", path, strerror(errno));
		return err;
	}
	mb->kern = mmap(NULL, MDRV_MBOX_KERN_SIZE, PROT_READ, MAP_SHARED,
			mb->fd, MDRV_MBOX_KERN_OFF);
	if (mb->kern == MAP_FAILED) {
		err = -errno;
		log_err("%s: cannot map the kernel region: %s", path,
			strerror(errno));
		goto err_close;
	}
	mb->user = mmap(NULL, MDRV_MBOX_USER_SIZE, PROT_READ | PROT_WRITE,
			MAP_SHARED, mb->fd, MDRV_MBOX_USER_OFF);
	if (mb->user == MAP_FAILED) {
		err = -errno;
		log_err("%s: cannot map the daemon region: %s", path,
			strerror(errno));
		goto err_close;
	}
	mb->kctrl = mb->kern;
	mb->up_ring = (const void *)((const char *)mb->kern + MDRV_MBOX_PAGE);
	mb->uctrl = mb->user;
	mb->rep_ring = (void *)((char *)mb->user + MDRV_MBOX_PAGE);
	mb->stats = (void *)((char *)mb->user + MDRV_MBOX_STATS_OFF);

	if (mb->kctrl->magic != MDRV_MBOX_MAGIC ||
	    mb->kctrl->version != MDRV_PROTO_VERSION ||
	    mb->kctrl->slots != MDRV_MBOX_SLOTS ||
	    mb->kctrl->msg_size != MDRV_MBOX_MSG_SIZE) {
		log_err("%s: mailbox magic %#x version %u slots %u size %u, expected %#x %u %u %u",
			path, mb->kctrl->magic, mb->kctrl->version,
			mb->kctrl->slots, mb->kctrl->msg_size,
			MDRV_MBOX_MAGIC, MDRV_PROTO_VERSION, MDRV_MBOX_SLOTS,
			MDRV_MBOX_MSG_SIZE);
		err = -EPROTO;
		goto err_close;
	}
	if (mb->kctrl->chip != chip) {
		log_err("%s: mailbox of chip %u, device is chip %u", path,
			mb->kctrl->chip, chip);
		err = -EPROTO;
		goto err_close;
	}
	return 0;

err_close:
	mdrvd_mbox_close(mb);
	return err;
}

void mdrvd_mbox_close(struct mdrvd_mbox *mb)
{
	if (mb->user && mb->user != MAP_FAILED)
		munmap(mb->user, MDRV_MBOX_USER_SIZE);
	if (mb->kern && mb->kern != MAP_FAILED)
		munmap(mb->kern, MDRV_MBOX_KERN_SIZE);
	if (mb->fd >= 0)
		close(mb->fd);
	memset(mb, 0, sizeof(*mb));
	mb->fd = -1;
}

int mdrvd_mbox_next(struct mdrvd_mbox *mb, struct mdrv_msg *m)
{
	uint32_t cons = load_relaxed(&mb->uctrl->up_cons);
	uint32_t prod = load_acquire(&mb->kctrl->up_prod);

	if (prod - cons > MDRV_MBOX_SLOTS) {
		/* cannot happen with a sane kernel: skip what we lost */
		log_warn("mailbox: upcall index distance %u, resynchronising",
			 prod - cons);
		store_release(&mb->uctrl->up_cons, prod);
		return 0;
	}
	if (prod == cons)
		return 0;
	memcpy(m, &mb->up_ring[SLOT(cons)], sizeof(*m));
	/* the copy is complete before the kernel may reuse the slot */
	store_release(&mb->uctrl->up_cons, cons + 1);
	return 1;
}

int mdrvd_mbox_reply(struct mdrvd_mbox *mb, const struct mdrv_msg *m)
{
	uint32_t prod = load_relaxed(&mb->uctrl->rep_prod);
	uint32_t cons = load_acquire(&mb->kctrl->rep_cons);

	if (prod - cons >= MDRV_MBOX_SLOTS)
		return -ENOBUFS;
	memcpy(&mb->rep_ring[SLOT(prod)], m,
	       offsetof(struct mdrv_msg, data) + m->len);
	store_release(&mb->uctrl->rep_prod, prod + 1);
	return 0;
}

void mdrvd_mbox_doorbell(struct mdrvd_mbox *mb)
{
	uint64_t ring = 1;

	if (write(mb->fd, &ring, sizeof(ring)) != sizeof(ring) &&
	    errno != EAGAIN)
		log_warn("mailbox doorbell: %s", strerror(errno));
}
