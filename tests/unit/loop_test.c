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

/* The loop's descriptors, a table, and a pipe made readable (mbox_fd). */
static int setup(struct mdrvd_devtab *t, int fds[3])
{
	int p[2];

	fds[0] = epoll_create1(EPOLL_CLOEXEC);
	fds[1] = signals_fd();
	fds[2] = timer_fd();
	if (fds[0] < 0 || fds[1] < 0 || fds[2] < 0 || pipe(p))
		return -1;
	mdrvd_devtab_init(t, NULL, fds[0]);
	if (write(p[1], "x", 1) != 1)
		return -1;
	mbox_fd = p[0];
	return 0;
}

TEST(sighup_scans_after_the_batch)
{
	struct mdrvd_src sig_src = { .kind = MDRVD_SRC_SIGNAL };
	struct mdrvd_entry *e = calloc(1, sizeof(*e));
	struct mdrvd_src mb_src = { .kind = MDRVD_SRC_MBOX, .ptr = e };
	struct mdrvd_devtab t;
	int fd[3];

	ASSERT_EQ(0, setup(&t, fd));
	/* both ready before the loop's first wait: the signal first */
	ASSERT_EQ(0, raise(SIGHUP));
	ASSERT_EQ(0, add_fd(fd[0], fd[1], &sig_src));
	ASSERT_EQ(0, add_fd(fd[0], mbox_fd, &mb_src));

	EXPECT_EQ(0, loop(fd[0], fd[1], fd[2], &t));
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
	int fd[3];

	ASSERT_EQ(0, setup(&t, fd));
	ASSERT_EQ(0, add_fd(fd[0], mbox_fd, &ev_src));
	events_err = -EIO;
	EXPECT_EQ(-1, loop(fd[0], fd[1], fd[2], &t));
}

TEST_HARNESS_MAIN
