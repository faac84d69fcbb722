// SPDX-License-Identifier: GPL-2.0
/* libmnl plumbing: generic netlink families and rtnetlink, see nl.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "mdrv_genl.h"
#include "nl.h"

/* room for a dump batch or a 64-register reply */
#define NLC_RXBUF	32768

static int grp_cb(const struct nlattr *grp, struct nlc *nl)
{
	const char *name = NULL;
	uint32_t id = 0;
	struct nlattr *a;

	mnl_attr_for_each_nested(a, grp) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
			id = mnl_attr_get_u32(a);
	}
	if (name && !strcmp(name, MDRV_MCGRP_EVENTS))
		nl->events_grp = id;
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlc *nl = data;
	struct nlattr *a, *g;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			nl->family = mnl_attr_get_u16(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_VERSION && !nl->version)
			nl->version = mnl_attr_get_u32(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS)
			mnl_attr_for_each_nested(g, a)
				grp_cb(g, nl);
	}
	return MNL_CB_OK;
}

/* The kernel's extended ACK message of an NLMSG_ERROR, if any. */
static void get_extack(const struct nlmsghdr *h, struct nlc *nl)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
	unsigned int off = sizeof(*e);
	struct nlattr *a;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	mnl_attr_for_each(a, h, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(nl->extack, sizeof(nl->extack), "%.*s",
				 (int)mnl_attr_get_payload_len(a),
				 (const char *)mnl_attr_get_payload(a));
}

int nlc_talk(struct nlc *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[NLC_RXBUF];
	int n;

	nl->extack[0] = 0;
	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		for (struct nlmsghdr *h = (void *)buf; mnl_nlmsg_ok(h, n);
		     h = mnl_nlmsg_next(h, &n)) {
			if (h->nlmsg_seq != nl->seq)
				continue;	/* a notification, or stale */
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

				get_extack(h, nl);
				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				/* its payload: the dump's error, 0 if whole */
				int err = 0;

				if (mnl_nlmsg_get_payload_len(h) >= sizeof(err))
					memcpy(&err, mnl_nlmsg_get_payload(h),
					       sizeof(err));
				return err < 0 ? err : 0;
			}
			if (cb && cb(h, data) < 0)
				return -EIO;
		}
	}
}

/* open and bind a socket of @proto, extended ACKs on */
static int sock_open(struct nlc *nl, int proto)
{
	int one = 1, err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(proto);
	if (!nl->sk)
		return -errno;
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		nlc_close(nl);
		return err;
	}
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sk);
	return 0;
}

int nlc_open_genl(struct nlc *nl, const char *name, uint8_t version)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int err;

	err = sock_open(nl, NETLINK_GENERIC);
	if (err)
		return err;
	nl->version = version;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	err = nlc_talk(nl, nlh, family_cb, nl);
	if (!err && !nl->family)
		err = -ENOENT;
	if (err)
		nlc_close(nl);
	return err;
}

int nlc_open(struct nlc *nl)
{
	return nlc_open_genl(nl, MDRV_GENL_NAME, MDRV_GENL_VERSION);
}

int nlc_open_route(struct nlc *nl)
{
	return sock_open(nl, NETLINK_ROUTE);
}

void nlc_close(struct nlc *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
}

struct nlmsghdr *nlc_msg(struct nlc *nl, char *buf, uint8_t cmd, bool dump)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = nl->version;
	return nlh;
}
