// SPDX-License-Identifier: GPL-2.0
/*
 * A dump the kernel cut short ends with NLMSG_DONE carrying the error
 * number: both tools must fail with it, not take the partial list as the
 * whole (mdrvd dropped the devices it still owned, mdrvctl printed part of
 * a list and exited 0).
 *
 * mdrvd: user/mdrvd/nl.c is included, and libnl's nl_cb_set, nl_send_auto
 * and nl_recvmsgs wrapped (-Wl,--wrap): the wrapped receive hands the
 * callbacks mdrvd set a device message, then the end of the dump.
 * mdrvctl: its nl.c linked, libmnl's send and receive wrapped: the receive
 * returns the same two messages in one buffer.
 */
#include "../../user/mdrvd/nl.c"

#include "../../user/mdrvctl/nl.h"

#include "kselftest_harness.h"

/* --- libnl, for mdrvd ---------------------------------------------------- */

static nl_recvmsg_msg_cb_t cb_valid, cb_finish;
static void *cb_valid_arg, *cb_finish_arg;
static int done_error;

int __wrap_nl_cb_set(struct nl_cb *cb, enum nl_cb_type type,
		     enum nl_cb_kind kind, nl_recvmsg_msg_cb_t func, void *arg)
{
	(void)cb;
	(void)kind;
	if (type == NL_CB_VALID) {
		cb_valid = func;
		cb_valid_arg = arg;
	} else if (type == NL_CB_FINISH) {
		cb_finish = func;
		cb_finish_arg = arg;
	}
	return 0;
}

int __wrap_nl_send_auto(struct nl_sock *sk, struct nl_msg *msg)
{
	(void)sk;
	nlmsg_hdr(msg)->nlmsg_seq = 1;
	return nlmsg_hdr(msg)->nlmsg_len;
}

int __wrap_nl_recvmsgs(struct nl_sock *sk, struct nl_cb *cb)
{
	struct nl_msg *dev = nlmsg_alloc(), *done;

	(void)sk;
	(void)cb;
	genlmsg_put(dev, 0, 1, 0x20, 0, NLM_F_MULTI, MDRV_CMD_DEV_GET, 1);
	nla_put_u32(dev, MDRV_A_ID, 7);
	nla_put_u32(dev, MDRV_A_CHIP, MDRV_CHIP_82540EM);
	cb_valid(dev, cb_valid_arg);
	nlmsg_free(dev);
	done = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI);
	nlmsg_append(done, &done_error, sizeof(done_error), NLMSG_ALIGNTO);
	cb_finish(done, cb_finish_arg);
	nlmsg_free(done);
	return 0;
}

static unsigned int seen;

static int count_dev(void *arg, const struct mdrvd_nl_devinfo *di)
{
	(void)arg;
	seen += di->id == 7;
	return 0;
}

TEST(mdrvd_dump_cut_short_fails)
{
	struct mdrvd_nl nl = { .family = 0x20 };

	nl.cb = nl_cb_alloc(NL_CB_DEFAULT);
	ASSERT_NE(NULL, nl.cb);
	done_error = 0;
	seen = 0;
	EXPECT_EQ(0, mdrvd_nl_dev_dump(&nl, count_dev, NULL));
	EXPECT_EQ(1u, seen);
	done_error = -EINTR;
	EXPECT_EQ(-EINTR, mdrvd_nl_dev_dump(&nl, count_dev, NULL));
	nl_cb_put(nl.cb);
}

/* --- libmnl, for mdrvctl ------------------------------------------------- */

static unsigned int mnl_seq;

ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl, const void *buf,
				 size_t len)
{
	(void)nl;
	mnl_seq = ((const struct nlmsghdr *)buf)->nlmsg_seq;
	return len;
}

ssize_t __wrap_mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf,
				   size_t size)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf), *d;

	(void)nl;
	(void)size;
	h->nlmsg_type = 0x20;
	h->nlmsg_flags = NLM_F_MULTI;
	h->nlmsg_seq = mnl_seq;
	mnl_nlmsg_put_extra_header(h, sizeof(struct genlmsghdr));
	d = mnl_nlmsg_put_header((char *)buf + NLMSG_ALIGN(h->nlmsg_len));
	d->nlmsg_type = NLMSG_DONE;
	d->nlmsg_flags = NLM_F_MULTI;
	d->nlmsg_seq = mnl_seq;
	memcpy(mnl_nlmsg_put_extra_header(d, sizeof(int)), &done_error,
	       sizeof(int));
	return NLMSG_ALIGN(h->nlmsg_len) + d->nlmsg_len;
}

static int count_msg(const struct nlmsghdr *h, void *data)
{
	(void)h;
	(*(unsigned int *)data)++;
	return MNL_CB_OK;
}

TEST(mdrvctl_dump_cut_short_fails)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlc nl = { 0 };
	struct nlmsghdr *h;
	unsigned int n = 0;

	h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = 0x20;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	done_error = 0;
	EXPECT_EQ(0, nlc_talk(&nl, h, count_msg, &n));
	EXPECT_EQ(1u, n);
	done_error = -EINTR;
	EXPECT_EQ(-EINTR, nlc_talk(&nl, h, count_msg, &n));
}

TEST_HARNESS_MAIN
