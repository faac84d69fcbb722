// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvd's device table (user/mdrvd/devtab.c) against a scripted kernel:
 * the family's dump, attach and events are stubs here, the mailbox an
 * eventfd with a page of memory, the chips simulated (mdrvd_sim.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "devtab.h"
#include "mdrvd_sim.h"

#define PORT	100

/* --- the family ---------------------------------------------------------- */

static int dump_err;
static unsigned int n_devs, attaches, detaches;
static struct mdrvd_nl_devinfo devs[4];
static struct sim *sims[8];

uint32_t mdrvd_nl_port(const struct mdrvd_nl *nl)
{
	(void)nl;
	return PORT;
}

int mdrvd_nl_dev_dump(struct mdrvd_nl *nl,
		      int (*cb)(void *arg, const struct mdrvd_nl_devinfo *di),
		      void *arg)
{
	unsigned int i;

	(void)nl;
	/* a dump cut short: some devices handed over, then the error */
	for (i = 0; i < n_devs; i++)
		if (cb(arg, &devs[i]))
			return -ENOMEM;
	return dump_err;
}

int mdrvd_nl_attach(struct mdrvd_nl *nl, uint32_t id, bool quiet_busy,
		    bool replace)
{
	(void)nl;
	(void)quiet_busy;
	(void)replace;
	attaches++;
	for (unsigned int i = 0; i < n_devs; i++)
		if (devs[i].id == id)
			devs[i].owner = PORT;
	return 0;
}

int mdrvd_nl_detach(struct mdrvd_nl *nl, uint32_t id)
{
	(void)nl;
	(void)id;
	detaches++;
	return 0;
}

static int events_err;

int mdrvd_nl_events_read(struct mdrvd_nl *nl,
			 void (*cb)(void *arg, const struct mdrvd_nl_event *ev),
			 void *arg)
{
	(void)nl;
	(void)cb;
	(void)arg;
	return events_err;
}

/* The register access of device id N goes to sims[N]. */
static struct sim *sim_of(void *ctx)
{
	return sims[((struct mdrvd_nl_hw *)ctx)->id];
}

static int hw_reg_read(void *ctx, struct mdrvd_reg *r, unsigned int n,
		       uint32_t *resets)
{
	return sim_hw_ops.reg_read(sim_of(ctx), r, n, resets);
}

static int hw_reg_write(void *ctx, const struct mdrvd_reg *r, unsigned int n)
{
	return sim_hw_ops.reg_write(sim_of(ctx), r, n);
}

static int hw_ring_set(void *ctx, uint32_t tx, uint32_t rx, uint32_t buf)
{
	return sim_hw_ops.ring_set(sim_of(ctx), tx, rx, buf);
}

static int hw_reset(void *ctx, uint32_t scope)
{
	return sim_hw_ops.reset(sim_of(ctx), scope);
}

static int hw_carrier_set(void *ctx, bool on)
{
	return sim_hw_ops.carrier_set(sim_of(ctx), on);
}

static int hw_rxmode_get(void *ctx, struct mdrvd_rxmode *rm)
{
	return sim_hw_ops.rxmode_get(sim_of(ctx), rm);
}

static int hw_state_set(void *ctx, const struct mdrv_link *l,
			const struct mdrv_coalesce *c)
{
	return sim_hw_ops.state_set(sim_of(ctx), l, c);
}

const struct mdrvd_hw_ops mdrvd_nl_hw_ops = {
	.reg_read = hw_reg_read,
	.reg_write = hw_reg_write,
	.ring_set = hw_ring_set,
	.reset = hw_reset,
	.carrier_set = hw_carrier_set,
	.rxmode_get = hw_rxmode_get,
	.state_set = hw_state_set,
};

/* --- the mailbox: an eventfd to poll, the pages in memory ---------------- */

int mdrvd_mbox_open(struct mdrvd_mbox *mb, const char *name, uint32_t chip)
{
	(void)name;
	(void)chip;
	memset(mb, 0, sizeof(*mb));
	mb->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	mb->kern = calloc(1, MDRV_MBOX_KERN_SIZE);
	mb->user = calloc(1, MDRV_MBOX_USER_SIZE);
	if (mb->fd < 0 || !mb->kern || !mb->user)
		return -ENOMEM;
	mb->kctrl = mb->kern;
	((struct mdrv_mbox_kctrl *)mb->kern)->stats_count = MDRV_E1000_HW_COUNT;
	mb->stats = (void *)((char *)mb->user + MDRV_MBOX_STATS_OFF);
	return 0;
}

void mdrvd_mbox_close(struct mdrvd_mbox *mb)
{
	if (mb->fd >= 0)
		close(mb->fd);
	free(mb->kern);
	free(mb->user);
	memset(mb, 0, sizeof(*mb));
	mb->fd = -1;
}

int mdrvd_mbox_next(struct mdrvd_mbox *mb, struct mdrv_msg *m)
{
	(void)mb;
	(void)m;
	return 0;
}

int mdrvd_mbox_reply(struct mdrvd_mbox *mb, const struct mdrv_msg *m)
{
	(void)mb;
	(void)m;
	return 0;
}

void mdrvd_mbox_doorbell(struct mdrvd_mbox *mb)
{
	(void)mb;
}

/* --- tests --------------------------------------------------------------- */

static void one_device(uint32_t id)
{
	memset(devs, 0, sizeof(devs));
	devs[0] = (struct mdrvd_nl_devinfo){
		.id = id, .chip = MDRV_CHIP_82540EM, .carrier = -1,
		.version = MDRV_PROTO_VERSION, .mtu = 1500,
		.ring_tx = 256, .ring_rx = 256, .rx_buf_len = 2048,
		.ifname = "eth0", .bus = "0000:00:03.0", .mbox = "mdrv0",
	};
	n_devs = 1;
	if (!sims[id])
		sims[id] = sim_new(MDRV_CHIP_82540EM);
}

/* A table on a fresh epoll set, device @id offered; @taken: scanned. */
static int table(struct mdrvd_devtab *t, uint32_t id, bool taken)
{
	int epfd = epoll_create1(EPOLL_CLOEXEC);

	mdrvd_devtab_init(t, NULL, epfd);
	one_device(id);
	dump_err = 0;
	if (taken && mdrvd_devtab_scan(t, true))
		return -1;
	return epfd;
}

/*
 * A device dump that fails leaves the scan it was for asked for, so the
 * next wake-up tries again (was: a new device stayed unattached until an
 * unrelated event).
 */
TEST(failed_dump_is_tried_again)
{
	struct mdrvd_devtab t;
	int epfd = table(&t, 1, false);

	ASSERT_LE(0, epfd);
	dump_err = -EIO;	/* a new device, then the dump fails */
	t.rescan = true;
	mdrvd_devtab_pending(&t);
	EXPECT_TRUE(t.rescan);
	EXPECT_EQ(0u, t.count);
	dump_err = 0;
	mdrvd_devtab_pending(&t);
	EXPECT_FALSE(t.rescan);
	EXPECT_EQ(1u, t.count);
	EXPECT_EQ(PORT, devs[0].owner);

	/* a dump cut short drops nothing it does not list */
	n_devs = 0;
	dump_err = -EINTR;
	t.rescan = true;
	mdrvd_devtab_pending(&t);
	EXPECT_EQ(1u, t.count);
	mdrvd_devtab_fini(&t);
	close(epfd);
}

/*
 * SIGHUP inside an epoll batch only asks for a scan: every entry a later
 * event of the batch names stays valid until the batch is done.
 */
TEST(retry_frees_nothing_before_the_batch_ends)
{
	struct mdrvd_devtab t;
	struct mdrvd_entry *e;
	int epfd = table(&t, 2, true);

	ASSERT_LE(0, epfd);
	ASSERT_EQ(1u, t.count);
	e = t.head;
	t.failed[t.n_failed++] = 3;
	n_devs = 0;		/* the device goes away */
	mdrvd_devtab_retry(&t);
	EXPECT_EQ(1u, t.count);
	EXPECT_EQ(e, t.head);
	EXPECT_EQ(2u, e->id);	/* still ours to read */
	EXPECT_EQ(0u, t.n_failed);
	mdrvd_devtab_pending(&t);	/* after the batch: the scan drops it */
	EXPECT_EQ(0u, t.count);
	mdrvd_devtab_fini(&t);
	close(epfd);
}

/*
 * A failed read of the events socket lost what it took: handled as an
 * overrun (every device's link and rx mode again, a rescan), and after
 * MDRVD_EVENTS_FAILED_MAX in a row the table gives up (was: ignored).
 */
TEST(failed_event_read_is_a_loss)
{
	struct mdrvd_devtab t;
	unsigned int i;
	int epfd = table(&t, 4, true);

	ASSERT_LE(0, epfd);
	ASSERT_EQ(1u, t.count);
	t.head->dev.pending = 0;
	events_err = -EIO;
	EXPECT_EQ(0, mdrvd_devtab_events(&t));
	EXPECT_TRUE(t.rescan);
	EXPECT_EQ(MDRVD_PEND_LINK | MDRVD_PEND_RXMODE,
		  t.head->dev.pending & (MDRVD_PEND_LINK | MDRVD_PEND_RXMODE));
	for (i = 2; i < MDRVD_EVENTS_FAILED_MAX; i++)
		EXPECT_EQ(0, mdrvd_devtab_events(&t));
	EXPECT_EQ(-EIO, mdrvd_devtab_events(&t));
	events_err = 0;
	EXPECT_EQ(0, mdrvd_devtab_events(&t));
	mdrvd_devtab_fini(&t);
	close(epfd);
}

/*
 * A device whose adopt fails when it is taken is adopted again at the
 * next wake-up, rings included (was: left unconfigured until an open).
 */
TEST(failed_adopt_is_tried_again)
{
	struct mdrvd_devtab t;
	int epfd = table(&t, 5, false);

	ASSERT_LE(0, epfd);
	sims[5]->fail_read_in = 1;
	ASSERT_EQ(0, mdrvd_devtab_scan(&t, true));
	ASSERT_EQ(1u, t.count);
	EXPECT_TRUE(t.head->dev.pending & MDRVD_PEND_ADOPT);
	EXPECT_TRUE(t.head->dev.need_read_back);
	mdrvd_devtab_pending(&t);
	EXPECT_FALSE(t.head->dev.pending & MDRVD_PEND_ADOPT);
	EXPECT_FALSE(t.head->dev.need_read_back);
	EXPECT_EQ(1, sims[5]->carrier);
	mdrvd_devtab_fini(&t);
	close(epfd);
}

TEST_HARNESS_MAIN
