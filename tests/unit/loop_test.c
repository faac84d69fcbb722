// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvd's main loop (user/mdrvd/main.c, included) against a stub device
 * table: a SIGHUP and a mailbox event ready in the same epoll batch. The
 * rescan SIGHUP asks for frees the entries of vanished devices, so it must
 * wait for the end of the batch: the mailbox event later in the batch
 * still names its entry (was: scanned inside the batch, the entry freed,
 * then used and freed again).
 */
#define main mdrvd_main
#include "../../user/mdrvd/main.c"
#undef main

#include "kselftest_harness.h"

static bool entry_freed, used_after_free;
static unsigned int mbox_events, scans;
static int mbox_fd = -1;

/*
 * The stub scan: the device of the mailbox is gone, its entry freed and
 * its mailbox taken out of the epoll set, as drop() does.
 */
int mdrvd_devtab_scan(struct mdrvd_devtab *t, bool retry)
{
	(void)retry;
	scans++;
	if (!entry_freed)
		epoll_ctl(t->epfd, EPOLL_CTL_DEL, mbox_fd, NULL);
	entry_freed = true;
	return 0;
}

void mdrvd_devtab_retry(struct mdrvd_devtab *t)
{
	t->rescan = true;
}

void mdrvd_devtab_mbox(struct mdrvd_devtab *t, struct mdrvd_entry *e,
		       uint32_t events)
{
	(void)t;
	(void)e;
	(void)events;
	mbox_events++;
	if (entry_freed)
		used_after_free = true;
	raise(SIGTERM);		/* the next batch ends the loop */
}

void mdrvd_devtab_pending(struct mdrvd_devtab *t)
{
	if (t->rescan)
		mdrvd_devtab_scan(t, false);
	t->rescan = false;
}

void mdrvd_devtab_init(struct mdrvd_devtab *t, struct mdrvd_nl *nl, int epfd)
{
	(void)nl;
	memset(t, 0, sizeof(*t));
	t->epfd = epfd;
}

static int events_err;

int mdrvd_devtab_events(struct mdrvd_devtab *t)
{
	(void)t;
	return events_err;
}

unsigned int mdrvd_devtab_tick(struct mdrvd_devtab *t, uint64_t now_ns)
{
	(void)t;
	(void)now_ns;
	return MDRVD_TICK_IDLE_MS;
}

void mdrvd_devtab_fini(struct mdrvd_devtab *t)
{
	(void)t;
}

int mdrvd_nl_open(struct mdrvd_nl **out)
{
	*out = NULL;
	return -ENOENT;
}

void mdrvd_nl_close(struct mdrvd_nl *nl)
{
	(void)nl;
}

int mdrvd_nl_events_open(struct mdrvd_nl *nl)
{
	(void)nl;
	return -ENOENT;
}

int mdrvd_nl_events_fd(const struct mdrvd_nl *nl)
{
	(void)nl;
	return -1;
}

TEST(sighup_scans_after_the_batch)
{
	struct mdrvd_src sig_src = { .kind = MDRVD_SRC_SIGNAL };
	struct mdrvd_entry *e = calloc(1, sizeof(*e));
	struct mdrvd_src mb_src = { .kind = MDRVD_SRC_MBOX, .ptr = e };
	struct mdrvd_devtab t;
	int epfd, sigfd, tfd, p[2];

	epfd = epoll_create1(EPOLL_CLOEXEC);
	sigfd = signals_fd();
	tfd = timer_fd();
	ASSERT_LE(0, epfd);
	ASSERT_LE(0, sigfd);
	ASSERT_LE(0, tfd);
	ASSERT_EQ(0, pipe(p));
	mdrvd_devtab_init(&t, NULL, epfd);
	/* both ready before the loop's first wait: the signal first */
	ASSERT_EQ(0, raise(SIGHUP));
	ASSERT_EQ(1, write(p[1], "x", 1));
	ASSERT_EQ(0, add_fd(epfd, sigfd, &sig_src));
	ASSERT_EQ(0, add_fd(epfd, p[0], &mb_src));
	mbox_fd = p[0];

	EXPECT_EQ(0, loop(epfd, sigfd, tfd, &t));
	EXPECT_LE(1u, mbox_events);
	EXPECT_FALSE(used_after_free);
	EXPECT_EQ(1u, scans);		/* SIGHUP's scan, after the batch */
	free(e);
}

/* The kernel's events cannot be read any more: the loop fails (exit 1). */
TEST(events_lost_for_good_end_the_loop)
{
	struct mdrvd_src ev_src = { .kind = MDRVD_SRC_EVENTS };
	struct mdrvd_devtab t;
	int epfd, sigfd, tfd, p[2];

	epfd = epoll_create1(EPOLL_CLOEXEC);
	sigfd = signals_fd();
	tfd = timer_fd();
	ASSERT_LE(0, epfd);
	ASSERT_EQ(0, pipe(p));
	mdrvd_devtab_init(&t, NULL, epfd);
	ASSERT_EQ(1, write(p[1], "x", 1));
	ASSERT_EQ(0, add_fd(epfd, p[0], &ev_src));
	events_err = -EIO;
	EXPECT_EQ(-1, loop(epfd, sigfd, tfd, &t));
}

TEST_HARNESS_MAIN
