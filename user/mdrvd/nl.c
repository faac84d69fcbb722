// SPDX-License-Identifier: GPL-2.0
/*
 * The mdrv generic netlink family through libnl-genl-3 (see nl.h).
 *
 * Requests go out on one blocking socket with a receive timeout, one at a
 * time; replies are matched by sequence number (a late answer to a request
 * that timed out is skipped). Errors carry the kernel's extack message,
 * which libnl 3.7 does not parse: err_cb() reads NLMSGERR_ATTR_MSG itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "log.h"
#include "mdrv_genl.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK		270
#endif

#define MDRVD_NL_MSG_SIZE	32768	/* 256 register nests fit */
#define MDRVD_NL_RCVBUF		(256 * 1024)
#define MDRVD_NL_TIMEOUT_S	5

struct mdrvd_nl {
	struct nl_sock *sk;		/* requests */
	struct nl_cb *cb;
	struct nl_sock *ev;		/* "events" group */
	int family;
	int group;
};

/* Request naming no device (a dump). */
#define NODEV	UINT32_MAX

/* One request in flight. */
struct req {
	const char *what;
	uint32_t id;
	uint32_t seq;
	bool done;
	int error;			/* from NLMSG_ERROR, negative */
	int quiet;			/* an errno the caller handles */
	char extack[256];
	int (*parse)(struct nlattr **tb, const struct genlmsghdr *gh,
		     void *arg);
	void *arg;
	int parse_err;
};

static const struct nla_policy dev_policy[MDRV_A_MAX + 1] = {
	[MDRV_A_IFINDEX] = { .type = NLA_U32 },
	[MDRV_A_IFNAME] = { .type = NLA_STRING },
	[MDRV_A_BUS] = { .type = NLA_STRING },
	[MDRV_A_CHIP] = { .type = NLA_U32 },
	[MDRV_A_VERSION] = { .type = NLA_U32 },
	[MDRV_A_OWNER] = { .type = NLA_U32 },
	[MDRV_A_MBOX] = { .type = NLA_STRING },
	[MDRV_A_REG] = { .type = NLA_NESTED },
	[MDRV_A_RING_TX] = { .type = NLA_U32 },
	[MDRV_A_RING_RX] = { .type = NLA_U32 },
	[MDRV_A_RX_BUF_LEN] = { .type = NLA_U32 },
	[MDRV_A_PAUSE] = { .type = NLA_U8 },
	[MDRV_A_CARRIER] = { .type = NLA_U8 },
	[MDRV_A_EVENT] = { .type = NLA_U32 },
	[MDRV_A_RX_FLAGS] = { .type = NLA_U32 },
	[MDRV_A_UC_ADDR] = { .minlen = 6 },
	[MDRV_A_MC_ADDR] = { .minlen = 6 },
	[MDRV_A_MTU] = { .type = NLA_U32 },
	[MDRV_A_MAC] = { .minlen = 6 },
	[MDRV_A_RESETS] = { .type = NLA_U32 },
	[MDRV_A_REJECTS] = { .type = NLA_U64 },
	[MDRV_A_ID] = { .type = NLA_U32 },
	[MDRV_A_UP] = { .type = NLA_U8 },
	[MDRV_A_VLAN_FLAGS] = { .type = NLA_U32 },
	[MDRV_A_VLAN_IDS] = { .minlen = MDRV_VLAN_IDS_LEN },
};

static const struct nla_policy reg_policy[MDRV_A_REG_MAX + 1] = {
	[MDRV_A_REG_SPACE] = { .type = NLA_U32 },
	[MDRV_A_REG_ADDR] = { .type = NLA_U32 },
	[MDRV_A_REG_VALUE] = { .type = NLA_U32 },
};

/* The extack message of an NLMSG_ERROR (error or acknowledgement). */
static void extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);
	int alen;

	buf[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* the request comes back after the error unless capped */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	off = NLMSG_ALIGN(off);
	alen = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if (alen <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlmsg_data(nlh) + off), alen,
		      NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(buf, tb[NLMSGERR_ATTR_MSG], len);
}

static int seq_cb(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	/* a late reply to a request that timed out */
	return nlmsg_hdr(msg)->nlmsg_seq == r->seq ? NL_OK : NL_SKIP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MDRV_A_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct req *r = arg;
	int err;

	if (!r->parse)
		return NL_OK;
	err = genlmsg_parse(nlh, 0, tb, MDRV_A_MAX,
			    (struct nla_policy *)dev_policy);
	if (err) {
		if (!r->parse_err)
			r->parse_err = -EBADMSG;
		return NL_OK;
	}
	err = r->parse(tb, nlmsg_data(nlh), r->arg);
	if (err && !r->parse_err)
		r->parse_err = err;
	return NL_OK;
}

/* The end of a dump: its payload is the dump's error number (0: whole). */
static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct req *r = arg;
	int err = 0;

	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err < 0)
		r->error = err;		/* cut short: the list is not whole */
	r->done = true;
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	/* an acknowledgement may carry a warning */
	extack_msg(nlmsg_hdr(msg), r->extack, sizeof(r->extack));
	if (r->extack[0])
		log_warn("%s (mdrv%u): kernel says: %s", r->what,
			 r->id, r->extack);
	r->done = true;
	return NL_STOP;
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct req *r = arg;

	(void)nla;
	if (nlh->nlmsg_seq != r->seq)
		return NL_SKIP;
	r->error = e->error < 0 ? e->error : -EIO;
	extack_msg(nlh, r->extack, sizeof(r->extack));
	r->done = true;
	return NL_STOP;
}

static const char *cmd_name(int cmd)
{
	static const char *const name[] = {
		[MDRV_CMD_DEV_GET] = "DEV_GET", [MDRV_CMD_ATTACH] = "ATTACH",
		[MDRV_CMD_DETACH] = "DETACH", [MDRV_CMD_REG_READ] = "REG_READ",
		[MDRV_CMD_REG_WRITE] = "REG_WRITE",
		[MDRV_CMD_RING_SET] = "RING_SET", [MDRV_CMD_RESET] = "RESET",
		[MDRV_CMD_CARRIER_SET] = "CARRIER_SET",
		[MDRV_CMD_RXMODE_GET] = "RXMODE_GET",
		[MDRV_CMD_STATE_SET] = "STATE_SET",
	};

	return cmd > 0 && cmd < (int)(sizeof(name) / sizeof(name[0])) &&
	       name[cmd] ? name[cmd] : "?";
}

static struct nl_msg *new_msg(struct mdrvd_nl *nl, int cmd, int flags,
			      uint32_t id)
{
	struct nl_msg *msg = nlmsg_alloc_size(MDRVD_NL_MSG_SIZE);

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, MDRV_GENL_VERSION) ||
	    (id != NODEV && nla_put_u32(msg, MDRV_A_ID, id))) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Send @msg (consumed) and wait for its answer. */
static int transact(struct mdrvd_nl *nl, struct nl_msg *msg, struct req *r)
{
	int err;

	if (!msg)
		return -ENOMEM;
	nl_cb_set(nl->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_cb, r);
	nl_cb_set(nl->cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, r);
	nl_cb_set(nl->cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, r);
	nl_cb_set(nl->cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, r);
	nl_cb_err(nl->cb, NL_CB_CUSTOM, err_cb, r);

	err = nl_send_auto(nl->sk, msg);
	r->seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (err < 0) {
		log_err("%s (mdrv%u): send: %s", r->what, r->id,
			nl_geterror(err));
		return -EIO;
	}
	while (!r->done) {
		err = nl_recvmsgs(nl->sk, nl->cb);
		if (err < 0 && !r->done) {
			log_err("%s (mdrv%u): %s", r->what, r->id,
				err == -NLE_AGAIN ? "no answer from the kernel" :
				nl_geterror(err));
			return err == -NLE_AGAIN ? -ETIMEDOUT : -EIO;
		}
	}
	if (r->error) {
		if (r->error != r->quiet)
			log_err("%s (mdrv%u): %s%s%s", r->what, r->id,
				strerror(-r->error), r->extack[0] ? ": " : "",
				r->extack);
		return r->error;
	}
	if (r->parse_err) {
		log_err("%s (mdrv%u): malformed answer: %s", r->what,
			r->id, strerror(-r->parse_err));
		return r->parse_err;
	}
	return 0;
}

static void req_init(struct req *r, int cmd, uint32_t id)
{
	memset(r, 0, sizeof(*r));
	r->what = cmd_name(cmd);
	r->id = id;
}

static int set_sockopt(struct nl_sock *sk, int level, int opt, const void *v,
		       socklen_t len)
{
	return setsockopt(nl_socket_get_fd(sk), level, opt, v, len) ? -errno : 0;
}

/* Connected generic netlink socket with extended acks. */
static int connect_sock(struct nl_sock **out)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1, err;

	if (!sk)
		return -ENOMEM;
	err = genl_connect(sk);
	if (err) {
		log_err("generic netlink: %s", nl_geterror(err));
		nl_socket_free(sk);
		return -EIO;
	}
	nl_socket_enable_msg_peek(sk);
	nl_socket_set_msg_buf_size(sk, MDRVD_NL_MSG_SIZE);
	nl_socket_set_buffer_size(sk, MDRVD_NL_RCVBUF, 0);
	if (set_sockopt(sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)))
		log_warn("netlink: no extended acks on this kernel");
	set_sockopt(sk, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	*out = sk;
	return 0;
}

int mdrvd_nl_open(struct mdrvd_nl **out)
{
	struct timeval tv = { .tv_sec = MDRVD_NL_TIMEOUT_S };
	struct mdrvd_nl *nl;
	int err;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	err = connect_sock(&nl->sk);
	if (err)
		goto err_free;
	nl->family = genl_ctrl_resolve(nl->sk, MDRV_GENL_NAME);
	if (nl->family < 0) {
		err = nl->family == -NLE_OBJ_NOTFOUND ? -ENOENT : -EIO;
		if (err != -ENOENT)
			log_err("resolving generic netlink family \"%s\": %s",
				MDRV_GENL_NAME, nl_geterror(nl->family));
		goto err_sock;
	}
	nl->group = genl_ctrl_resolve_grp(nl->sk, MDRV_GENL_NAME,
					  MDRV_MCGRP_EVENTS);
	if (nl->group < 0) {
		log_err("generic netlink family \"%s\" has no group \"%s\": %s",
			MDRV_GENL_NAME, MDRV_MCGRP_EVENTS,
			nl_geterror(nl->group));
		err = -EPROTO;
		goto err_sock;
	}
	set_sockopt(nl->sk, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	nl->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nl->cb) {
		err = -ENOMEM;
		goto err_sock;
	}
	*out = nl;
	return 0;

err_sock:
	nl_socket_free(nl->sk);
err_free:
	free(nl);
	return err;
}

void mdrvd_nl_close(struct mdrvd_nl *nl)
{
	if (!nl)
		return;
	if (nl->ev)
		nl_socket_free(nl->ev);
	if (nl->cb)
		nl_cb_put(nl->cb);
	nl_socket_free(nl->sk);
	free(nl);
}

uint32_t mdrvd_nl_port(const struct mdrvd_nl *nl)
{
	return nl_socket_get_local_port(nl->sk);
}

/* Events */

struct ev_ctx {
	void (*cb)(void *arg, const struct mdrvd_nl_event *ev);
	void *arg;
};

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	const struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[MDRV_A_MAX + 1];
	struct mdrvd_nl_event ev = { .carrier = -1 };
	struct ev_ctx *c = arg;

	if (gh->cmd != MDRV_CMD_EVENT ||
	    genlmsg_parse(nlh, 0, tb, MDRV_A_MAX,
			  (struct nla_policy *)dev_policy) ||
	    !tb[MDRV_A_ID] || !tb[MDRV_A_EVENT])
		return NL_SKIP;
	ev.id = nla_get_u32(tb[MDRV_A_ID]);
	ev.event = nla_get_u32(tb[MDRV_A_EVENT]);
	if (tb[MDRV_A_CARRIER])
		ev.carrier = nla_get_u8(tb[MDRV_A_CARRIER]);
	c->cb(c->arg, &ev);
	return NL_OK;
}

int mdrvd_nl_events_open(struct mdrvd_nl *nl)
{
	int err;

	err = connect_sock(&nl->ev);
	if (err)
		return err;
	nl_socket_disable_seq_check(nl->ev);
	err = nl_socket_add_membership(nl->ev, nl->group);
	if (!err)
		err = nl_socket_set_nonblocking(nl->ev);
	if (err) {
		log_err("joining \"%s\" events: %s", MDRV_GENL_NAME,
			nl_geterror(err));
		nl_socket_free(nl->ev);
		nl->ev = NULL;
		return -EIO;
	}
	return 0;
}

int mdrvd_nl_events_fd(const struct mdrvd_nl *nl)
{
	return nl->ev ? nl_socket_get_fd(nl->ev) : -1;
}

int mdrvd_nl_events_read(struct mdrvd_nl *nl,
			 void (*cb)(void *arg, const struct mdrvd_nl_event *ev),
			 void *arg)
{
	struct mdrvd_nl_event lost = { .carrier = -1 };
	struct ev_ctx c = { .cb = cb, .arg = arg };
	unsigned int nomem = 0;
	int err;

	nl_socket_modify_cb(nl->ev, NL_CB_VALID, NL_CB_CUSTOM, event_cb, &c);
	for (;;) {
		err = nl_recvmsgs_default(nl->ev);
		if (err == -NLE_AGAIN)
			return 0;
		/* a receive buffer overrun (or no memory: libnl says the same):
		 * say so, keep reading, but not forever
		 */
		if (err == -NLE_NOMEM && ++nomem < 64) {
			log_warn("netlink events lost (overrun)");
			cb(arg, &lost);
			continue;
		}
		if (err < 0) {
			log_err("netlink events: %s", nl_geterror(err));
			return -EIO;
		}
	}
}

/* DEV_GET */

struct dump_ctx {
	int (*cb)(void *arg, const struct mdrvd_nl_devinfo *di);
	void *arg;
};

static int parse_dev(struct nlattr **tb, const struct genlmsghdr *gh,
		     void *arg)
{
	struct mdrvd_nl_devinfo di = { .carrier = -1 };
	struct dump_ctx *c = arg;

	(void)gh;
	if (!tb[MDRV_A_ID] || !tb[MDRV_A_CHIP])
		return -EBADMSG;
	di.id = nla_get_u32(tb[MDRV_A_ID]);
	if (tb[MDRV_A_IFINDEX])
		di.ifindex = nla_get_u32(tb[MDRV_A_IFINDEX]);
	di.chip = nla_get_u32(tb[MDRV_A_CHIP]);
	if (tb[MDRV_A_IFNAME])
		nla_strlcpy(di.ifname, tb[MDRV_A_IFNAME], sizeof(di.ifname));
	if (tb[MDRV_A_BUS])
		nla_strlcpy(di.bus, tb[MDRV_A_BUS], sizeof(di.bus));
	if (tb[MDRV_A_MBOX])
		nla_strlcpy(di.mbox, tb[MDRV_A_MBOX], sizeof(di.mbox));
	if (tb[MDRV_A_OWNER])
		di.owner = nla_get_u32(tb[MDRV_A_OWNER]);
	if (tb[MDRV_A_VERSION])
		di.version = nla_get_u32(tb[MDRV_A_VERSION]);
	if (tb[MDRV_A_RING_TX])
		di.ring_tx = nla_get_u32(tb[MDRV_A_RING_TX]);
	if (tb[MDRV_A_RING_RX])
		di.ring_rx = nla_get_u32(tb[MDRV_A_RING_RX]);
	if (tb[MDRV_A_RX_BUF_LEN])
		di.rx_buf_len = nla_get_u32(tb[MDRV_A_RX_BUF_LEN]);
	if (tb[MDRV_A_MTU])
		di.mtu = nla_get_u32(tb[MDRV_A_MTU]);
	if (tb[MDRV_A_MAC]) {
		memcpy(di.mac, nla_data(tb[MDRV_A_MAC]), 6);
		di.has_mac = true;
	}
	if (tb[MDRV_A_CARRIER])
		di.carrier = nla_get_u8(tb[MDRV_A_CARRIER]);
	di.pause = tb[MDRV_A_PAUSE] ? nla_get_u8(tb[MDRV_A_PAUSE]) : -1;
	return c->cb ? c->cb(c->arg, &di) : 0;
}

int mdrvd_nl_dev_dump(struct mdrvd_nl *nl,
		      int (*cb)(void *arg, const struct mdrvd_nl_devinfo *di),
		      void *arg)
{
	struct dump_ctx c = { .cb = cb, .arg = arg };
	struct req r;

	req_init(&r, MDRV_CMD_DEV_GET, NODEV);
	r.parse = parse_dev;
	r.arg = &c;
	return transact(nl, new_msg(nl, MDRV_CMD_DEV_GET, NLM_F_DUMP, NODEV),
			&r);
}

/* Simple commands: ID and maybe a few u32/u8 attributes, no answer. */

int mdrvd_nl_attach(struct mdrvd_nl *nl, uint32_t id, bool quiet_busy,
		    bool replace)
{
	struct nl_msg *msg;
	struct req r;

	req_init(&r, MDRV_CMD_ATTACH, id);
	if (quiet_busy)
		r.quiet = -EBUSY;
	msg = new_msg(nl, MDRV_CMD_ATTACH, NLM_F_ACK, id);
	if (msg && (nla_put_u32(msg, MDRV_A_VERSION, MDRV_PROTO_VERSION) ||
		    (replace && nla_put_flag(msg, MDRV_A_REPLACE)))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return transact(nl, msg, &r);
}

static int simple(struct mdrvd_nl *nl, int cmd, uint32_t id)
{
	struct req r;

	req_init(&r, cmd, id);
	return transact(nl, new_msg(nl, cmd, NLM_F_ACK, id), &r);
}

int mdrvd_nl_detach(struct mdrvd_nl *nl, uint32_t id)
{
	return simple(nl, MDRV_CMD_DETACH, id);
}

/* A command with one integer attribute (u8 if @u8, else u32) besides the id. */
static int simple_int(struct mdrvd_nl *nl, int cmd, uint32_t id, int attr,
		      uint32_t v, bool u8)
{
	struct nl_msg *msg;
	struct req r;

	req_init(&r, cmd, id);
	msg = new_msg(nl, cmd, NLM_F_ACK, id);
	if (msg && (u8 ? nla_put_u8(msg, attr, v) : nla_put_u32(msg, attr, v))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return transact(nl, msg, &r);
}

int mdrvd_nl_reset(struct mdrvd_nl *nl, uint32_t id, uint32_t scope)
{
	return simple_int(nl, MDRV_CMD_RESET, id, MDRV_A_RESET_SCOPE, scope,
			  false);
}

int mdrvd_nl_ring_set(struct mdrvd_nl *nl, uint32_t id, uint32_t tx,
		      uint32_t rx, uint32_t rx_buf_len)
{
	struct nl_msg *msg;
	struct req r;

	req_init(&r, MDRV_CMD_RING_SET, id);
	msg = new_msg(nl, MDRV_CMD_RING_SET, NLM_F_ACK, id);
	if (msg && (nla_put_u32(msg, MDRV_A_RING_TX, tx) ||
		    nla_put_u32(msg, MDRV_A_RING_RX, rx) ||
		    nla_put_u32(msg, MDRV_A_RX_BUF_LEN, rx_buf_len))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return transact(nl, msg, &r);
}

int mdrvd_nl_carrier_set(struct mdrvd_nl *nl, uint32_t id, bool on)
{
	return simple_int(nl, MDRV_CMD_CARRIER_SET, id, MDRV_A_CARRIER, on,
			  true);
}

int mdrvd_nl_state_set(struct mdrvd_nl *nl, uint32_t id,
		       const struct mdrv_link *l, const struct mdrv_coalesce *c)
{
	struct nl_msg *msg;
	struct req r;

	req_init(&r, MDRV_CMD_STATE_SET, id);
	msg = new_msg(nl, MDRV_CMD_STATE_SET, NLM_F_ACK, id);
	if (msg && (nla_put(msg, MDRV_A_LINK, sizeof(*l), l) ||
		    (c && nla_put(msg, MDRV_A_COALESCE, sizeof(*c), c)))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return transact(nl, msg, &r);
}

/* Registers */

static struct nl_msg *reg_msg(struct mdrvd_nl *nl, int cmd, uint32_t id,
			      const struct mdrvd_reg *regs, unsigned int n,
			      bool values)
{
	struct nl_msg *msg = new_msg(nl, cmd, NLM_F_ACK, id);
	unsigned int i;

	for (i = 0; msg && i < n; i++) {
		struct nlattr *nest = nla_nest_start(msg, MDRV_A_REG);

		if (!nest || nla_put_u32(msg, MDRV_A_REG_SPACE, regs[i].space) ||
		    nla_put_u32(msg, MDRV_A_REG_ADDR, regs[i].addr) ||
		    (values && nla_put_u32(msg, MDRV_A_REG_VALUE,
					   regs[i].value))) {
			nlmsg_free(msg);
			return NULL;
		}
		nla_nest_end(msg, nest);
	}
	return msg;
}

struct read_ctx {
	struct mdrvd_reg *regs;
	unsigned int n, got;
	uint32_t *resets;
};

static int parse_regs(struct nlattr **tb, const struct genlmsghdr *gh,
		      void *arg)
{
	struct read_ctx *c = arg;
	struct nlattr *a;
	int rem;

	if (tb[MDRV_A_RESETS] && c->resets)
		*c->resets = nla_get_u32(tb[MDRV_A_RESETS]);
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem) {
		struct nlattr *rtb[MDRV_A_REG_MAX + 1];
		struct mdrvd_reg *r;

		if (nla_type(a) != MDRV_A_REG)
			continue;
		if (c->got >= c->n ||
		    nla_parse_nested(rtb, MDRV_A_REG_MAX, a,
				     (struct nla_policy *)reg_policy) ||
		    !rtb[MDRV_A_REG_SPACE] || !rtb[MDRV_A_REG_ADDR] ||
		    !rtb[MDRV_A_REG_VALUE])
			return -EBADMSG;
		r = &c->regs[c->got++];
		/* answers come in the order asked */
		if (nla_get_u32(rtb[MDRV_A_REG_SPACE]) != r->space ||
		    nla_get_u32(rtb[MDRV_A_REG_ADDR]) != r->addr)
			return -EBADMSG;
		r->value = nla_get_u32(rtb[MDRV_A_REG_VALUE]);
	}
	return 0;
}

int mdrvd_nl_reg_read(struct mdrvd_nl *nl, uint32_t id,
		      struct mdrvd_reg *regs, unsigned int n,
		      uint32_t *resets)
{
	struct read_ctx c = { .regs = regs, .n = n, .resets = resets };
	struct req r;
	int err;

	if (!n || n > MDRVD_REG_BATCH_MAX)
		return -E2BIG;
	req_init(&r, MDRV_CMD_REG_READ, id);
	r.parse = parse_regs;
	r.arg = &c;
	err = transact(nl, reg_msg(nl, MDRV_CMD_REG_READ, id, regs, n,
				   false), &r);
	if (!err && c.got != n) {
		log_err("REG_READ (mdrv%u): %u of %u registers answered",
			id, c.got, n);
		err = -EBADMSG;
	}
	return err;
}

int mdrvd_nl_reg_write(struct mdrvd_nl *nl, uint32_t id,
		       const struct mdrvd_reg *regs, unsigned int n)
{
	struct req r;

	if (!n || n > MDRVD_REG_BATCH_MAX)
		return -E2BIG;
	req_init(&r, MDRV_CMD_REG_WRITE, id);
	return transact(nl, reg_msg(nl, MDRV_CMD_REG_WRITE, id, regs, n,
				    true), &r);
}

/* RXMODE_GET */

static int parse_rxmode(struct nlattr **tb, const struct genlmsghdr *gh,
			void *arg)
{
	struct mdrvd_rxmode *rm = arg;
	struct nlattr *a;
	int rem;

	if (tb[MDRV_A_RX_FLAGS])
		rm->flags = nla_get_u32(tb[MDRV_A_RX_FLAGS]);
	if (tb[MDRV_A_VLAN_FLAGS])
		rm->vlan_flags = nla_get_u32(tb[MDRV_A_VLAN_FLAGS]);
	if (tb[MDRV_A_VLAN_IDS])
		memcpy(rm->vlan_ids, nla_data(tb[MDRV_A_VLAN_IDS]),
		       sizeof(rm->vlan_ids));
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem) {
		if (nla_len(a) < 6)
			continue;
		if (nla_type(a) == MDRV_A_UC_ADDR) {
			if (rm->n_uc < MDRVD_RXMODE_UC_MAX)
				memcpy(rm->uc[rm->n_uc++], nla_data(a), 6);
			else
				rm->uc_overflow = true;
		} else if (nla_type(a) == MDRV_A_MC_ADDR) {
			if (rm->n_mc < MDRVD_RXMODE_MC_MAX)
				memcpy(rm->mc[rm->n_mc++], nla_data(a), 6);
			else
				rm->mc_overflow = true;
		}
	}
	return 0;
}

int mdrvd_nl_rxmode_get(struct mdrvd_nl *nl, uint32_t id,
			struct mdrvd_rxmode *rm)
{
	struct req r;

	memset(rm, 0, sizeof(*rm));
	req_init(&r, MDRV_CMD_RXMODE_GET, id);
	r.parse = parse_rxmode;
	r.arg = rm;
	return transact(nl, new_msg(nl, MDRV_CMD_RXMODE_GET, NLM_F_ACK,
				    id), &r);
}

/* struct mdrvd_hw over netlink */

static int hw_reg_read(void *ctx, struct mdrvd_reg *regs, unsigned int n,
		       uint32_t *resets)
{
	struct mdrvd_nl_hw *h = ctx;

	return mdrvd_nl_reg_read(h->nl, h->id, regs, n, resets);
}

static int hw_reg_write(void *ctx, const struct mdrvd_reg *regs,
			unsigned int n)
{
	struct mdrvd_nl_hw *h = ctx;

	return mdrvd_nl_reg_write(h->nl, h->id, regs, n);
}

static int hw_ring_set(void *ctx, uint32_t tx, uint32_t rx, uint32_t buf)
{
	struct mdrvd_nl_hw *h = ctx;

	return mdrvd_nl_ring_set(h->nl, h->id, tx, rx, buf);
}

static int hw_reset(void *ctx, uint32_t scope)
{
	struct mdrvd_nl_hw *h = ctx;

	return mdrvd_nl_reset(h->nl, h->id, scope);
}

static int hw_carrier_set(void *ctx, bool on)
{
	struct mdrvd_nl_hw *h = ctx;

	return mdrvd_nl_carrier_set(h->nl, h->id, on);
}

static int hw_rxmode_get(void *ctx, struct mdrvd_rxmode *rm)
{
	struct mdrvd_nl_hw *h = ctx;

	return mdrvd_nl_rxmode_get(h->nl, h->id, rm);
}

static int hw_state_set(void *ctx, const struct mdrv_link *l,
			const struct mdrv_coalesce *c)
{
	struct mdrvd_nl_hw *h = ctx;

	return mdrvd_nl_state_set(h->nl, h->id, l, c);
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
