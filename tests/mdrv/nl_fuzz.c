// SPDX-License-Identifier: GPL-2.0
/*
 * nl_fuzz: random, truncated and out-of-range "mdrv" generic netlink
 * messages against one device (the victim), from its owner and from a
 * stranger socket, with and without NLM_F_ACK and NLM_F_DUMP, alone and in
 * batches of up to 512 messages per datagram.
 *
 *   nl_fuzz -b BUS [-s SEED] [-n COUNT] [-v]
 *
 * BUS is the victim's PCI address; its owner must be free (nl_fuzz attaches
 * to it). Every other mdrv device is off limits: no message names it, but
 * for "probes" (owner-only operations naming it, which must all fail), and
 * its DEV_GET description (owner, resets, rings, MTU) must not change.
 *
 * Before the random messages, a directed pass writes registers outside the
 * allowlist (descriptor bases and lengths, ring indices, interrupt cause and
 * mask, reset bits, buffer size bits, unaligned and out-of-BAR addresses,
 * spaces of the other chip or none): each must fail with EPERM or EINVAL
 * and an extended ACK message, and the readable ones must read back as
 * before. A batch with one forbidden register must change nothing. With
 * -n 0 only this pass runs.
 *
 * Each datagram is simulated the way netlink_rcv_skb() walks it: messages
 * behind a broken header are never processed and must get no answer; every
 * processed request with NLM_F_ACK must get exactly one well-formed
 * NLMSG_ERROR, every dump exactly one NLMSG_DONE or NLMSG_ERROR; data
 * replies must parse. The summary counts the error codes; the exit status
 * is 0 only if nothing was unanswered, malformed or stray, no probe was
 * accepted, and the kernel still answers DEV_GET for every device.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "fuzz.h"
#include "mdrv_e1000_regs.h"
#include "mdrv_genl.h"
#include "mdrv_pcnet_regs.h"
#include "mdrv_regs_allow.h"
#include "nlhelp.h"

#define MAX_BATCH	512
#define DGRAM_MAX	(64 * 1024)
#define SEQ_BASE	0x5a000000u
#define LIVENESS_EVERY	2000
#define ARRAY_SIZE_PCNET \
	(sizeof(mdrv_pcnet_reg_rules) / sizeof(mdrv_pcnet_reg_rules[0]))
#define ARRAY_SIZE_E1000 \
	(sizeof(mdrv_e1000_reg_rules) / sizeof(mdrv_e1000_reg_rules[0]))

/* One message of a datagram, as the kernel will see it. */
struct sent {
	uint32_t seq;
	uint16_t type, flags;
	uint8_t cmd;
	bool processed;		/* netlink_rcv_skb() hands it on */
	bool probe;		/* names another daemon's device */
	uint8_t errors, dones, datas;
	int err;
};

struct victim {
	struct dev d;
	const struct mdrv_reg_rule *rules;
	unsigned int n_rules;
};

static struct victim vic;
static struct devs others;	/* every other device, as it was at start */
static uint16_t family;
static bool verbose;

static struct {
	unsigned long msgs, dgrams, unprocessed, probes, from_owner;
	unsigned long unanswered, malformed, stray, probe_accepted;
	unsigned long datas, dumps_done, mutations;
	struct tally acks;	/* the error of each NLMSG_ERROR */
} st;

/* @v names another device: as its ID, or with @ifindex as its ifindex */
static bool forbidden(uint32_t v, bool ifindex)
{
	int i;

	for (i = 0; i < others.n; i++)
		if ((ifindex ? others.d[i].ifindex : others.d[i].id) == v)
			return true;
	return false;
}

/* An ID (ifindex): the victim's, or one that names no device at all. */
static uint32_t rnd_dev(bool ifindex)
{
	uint32_t v;

	if (chance(50))
		return ifindex ? vic.d.ifindex : vic.d.id;
	do
		v = rnd_interesting();
	while (forbidden(v, ifindex));
	return v;
}

/* A u32 attribute, sometimes with a wrong payload length. */
static void put_u32ish(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	uint8_t junk[16];

	if (chance(94)) {
		mnl_attr_put_u32(nlh, type, v);
		return;
	}
	rnd_bytes(junk, sizeof(junk));
	memcpy(junk, &v, sizeof(v));
	mnl_attr_put(nlh, type, below(sizeof(junk) + 1), junk);
}

static void put_device(struct nlmsghdr *nlh)
{
	switch (below(10)) {
	case 0: case 1: case 2: case 3:
		put_u32ish(nlh, MDRV_A_ID, rnd_dev(false));
		break;
	case 4: case 5:
		put_u32ish(nlh, MDRV_A_IFINDEX, rnd_dev(true));
		break;
	case 6: case 7:
		put_u32ish(nlh, MDRV_A_ID, rnd_dev(false));
		put_u32ish(nlh, MDRV_A_IFINDEX, rnd_dev(true));
		break;
	case 8:
		/* the same attribute twice: the last one wins */
		put_u32ish(nlh, MDRV_A_ID, rnd_dev(false));
		put_u32ish(nlh, MDRV_A_ID, rnd_dev(false));
		break;
	default:
		break;		/* no device named */
	}
}

/* Registers the kernel must never let the user half write (e1000, PCnet) */
static const uint32_t e1000_never[] = {
	0x02800, 0x02804, 0x02808, 0x02810, 0x02818,	/* RDBAL RDBAH RDLEN RDH RDT */
	0x03800, 0x03804, 0x03808, 0x03810, 0x03818,	/* TDBAL TDBAH TDLEN TDH TDT */
	0x000c0, 0x000d0, 0x000d8, 0x00004,		/* ICR IMS IMC, CTRL_DUP */
	0x00002, 0x00101, 0x1ffff, 0x20000, 0xfffffffc,	/* unaligned, out of BAR */
};
static const uint32_t pcnet_never[] = {
	1, 2, 76, 78, 16, 17, 24, 25, 30, 31, 58, 127, 128, 0xffff, 0x10000,
};

static uint32_t rnd_reg_addr(uint32_t *space, uint32_t *wmask)
{
	const struct mdrv_reg_rule *r;

	*wmask = 0xffffffff;
	if (chance(60)) {
		r = &vic.rules[below(vic.n_rules)];
		*space = r->space;
		*wmask = r->wmask;
		return r->addr + below(r->count) * r->stride +
		       (chance(10) ? 1 + below(3) : 0);
	}
	*space = chance(80) ? vic.rules[0].space : rnd_interesting();
	if (chance(50))
		return vic.rules[0].space == MDRV_REG_MMIO ?
		       e1000_never[below(sizeof(e1000_never) / 4)] :
		       pcnet_never[below(sizeof(pcnet_never) / 4)];
	return rnd_interesting();
}

static void put_reg(struct nlmsghdr *nlh, bool write)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, MDRV_A_REG);
	uint32_t space, wmask, addr = rnd_reg_addr(&space, &wmask);
	uint32_t val = chance(60) ? (uint32_t)rnd() & wmask : rnd_interesting();

	if (!chance(5))
		put_u32ish(nlh, MDRV_A_REG_SPACE, chance(90) ? space : below(8));
	if (!chance(5))
		put_u32ish(nlh, MDRV_A_REG_ADDR, addr);
	if (write ? !chance(5) : chance(10))
		put_u32ish(nlh, MDRV_A_REG_VALUE, val);
	if (chance(3))
		put_u32ish(nlh, below(6), (uint32_t)rnd());
	/* sometimes without NLA_F_NESTED, which strict parsing wants */
	if (chance(5))
		nest->nla_type &= ~NLA_F_NESTED;
	mnl_attr_nest_end(nlh, nest);
}

static uint32_t rnd_ring(void)
{
	static const uint32_t ok[] = { 16, 32, 64, 128, 256 };

	return chance(30) ? ok[below(5)] : rnd_interesting();
}

static uint32_t rnd_rxbuf(void)
{
	static const uint32_t ok[] = { 1536, 2048, 4096 };

	return chance(30) ? ok[below(3)] : rnd_interesting();
}

/* Anything: an unknown or misplaced attribute, odd flags and length. */
static void put_random_attr(struct nlmsghdr *nlh)
{
	uint8_t junk[24];
	uint16_t type;

	rnd_bytes(junk, sizeof(junk));
	type = chance(80) ? below(MDRV_A_MAX + 4) : (uint16_t)rnd();
	if (chance(10))
		type |= NLA_F_NESTED;
	if (chance(5))
		type |= NLA_F_NET_BYTEORDER;
	mnl_attr_put(nlh, type, below(sizeof(junk) + 1), junk);
}

static void put_body(struct nlmsghdr *nlh, uint8_t cmd)
{
	unsigned int i, n;

	put_device(nlh);
	switch (cmd) {
	case MDRV_CMD_ATTACH:
		if (chance(80))
			put_u32ish(nlh, MDRV_A_VERSION, chance(60) ?
				   MDRV_PROTO_VERSION : rnd_interesting());
		break;
	case MDRV_CMD_REG_READ:
	case MDRV_CMD_REG_WRITE:
		/* a few registers, sometimes over the 256 limit */
		n = chance(3) ? 240 + below(40) : below(5);
		for (i = 0; i < n; i++)
			put_reg(nlh, cmd == MDRV_CMD_REG_WRITE);
		break;
	case MDRV_CMD_RING_SET:
		if (chance(60))
			put_u32ish(nlh, MDRV_A_RING_TX, rnd_ring());
		if (chance(60))
			put_u32ish(nlh, MDRV_A_RING_RX, rnd_ring());
		if (chance(40))
			put_u32ish(nlh, MDRV_A_RX_BUF_LEN, rnd_rxbuf());
		break;
	case MDRV_CMD_CARRIER_SET:
		if (chance(85)) {
			uint8_t v = chance(80) ? below(2) : (uint8_t)rnd();

			if (chance(90))
				mnl_attr_put_u8(nlh, MDRV_A_CARRIER, v);
			else
				put_u32ish(nlh, MDRV_A_CARRIER, v);
		}
		break;
	}
	n = chance(25) ? 1 + below(4) : 0;
	for (i = 0; i < n; i++)
		put_random_attr(nlh);
}

/* Make sure no top-level ID/IFINDEX names a device that is not the victim's. */
static void sanitize(struct nlmsghdr *nlh)
{
	uint8_t *p = (uint8_t *)nlh + NLMSG_HDRLEN + GENL_HDRLEN;
	int rem = (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	while (rem >= (int)sizeof(struct nlattr)) {
		struct nlattr *a = (struct nlattr *)p;
		uint16_t type = a->nla_type & NLA_TYPE_MASK;
		uint32_t v;

		if (a->nla_len < sizeof(*a) || a->nla_len > rem)
			break;
		if (a->nla_len >= sizeof(*a) + 4) {
			memcpy(&v, p + sizeof(*a), 4);
			if ((type == MDRV_A_ID && forbidden(v, false)) ||
			    (type == MDRV_A_IFINDEX && forbidden(v, true))) {
				v = vic.d.id;
				memcpy(p + sizeof(*a), &v, 4);
			}
		}
		rem -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
}

/* An owner-only operation naming another daemon's device: must fail. */
static void build_probe(struct nlmsghdr *nlh, struct sent *s)
{
	static const uint8_t cmds[] = {
		MDRV_CMD_ATTACH, MDRV_CMD_DETACH, MDRV_CMD_REG_WRITE,
		MDRV_CMD_RING_SET, MDRV_CMD_RESET, MDRV_CMD_CARRIER_SET,
	};
	const struct dev *o = &others.d[below(others.n)];
	struct genlmsghdr *g;
	unsigned int i;

	s->cmd = cmds[below(sizeof(cmds))];
	/* ATTACH only where another daemon holds the device: EBUSY */
	if (s->cmd == MDRV_CMD_ATTACH && !o->owner)
		s->cmd = MDRV_CMD_RESET;
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = s->cmd;
	g->version = MDRV_GENL_VERSION;
	mnl_attr_put_u32(nlh, MDRV_A_ID, o->id);
	switch (s->cmd) {
	case MDRV_CMD_ATTACH:
		mnl_attr_put_u32(nlh, MDRV_A_VERSION, MDRV_PROTO_VERSION);
		break;
	case MDRV_CMD_REG_WRITE:
		for (i = 0; i < 1 + below(3); i++) {
			const struct mdrv_reg_rule *r;
			struct nlattr *nest;

			r = o->chip == MDRV_CHIP_79C970A ?
			    &mdrv_pcnet_reg_rules[below(ARRAY_SIZE_PCNET)] :
			    &mdrv_e1000_reg_rules[below(ARRAY_SIZE_E1000)];
			nest = mnl_attr_nest_start(nlh, MDRV_A_REG);
			mnl_attr_put_u32(nlh, MDRV_A_REG_SPACE, r->space);
			mnl_attr_put_u32(nlh, MDRV_A_REG_ADDR, r->addr);
			mnl_attr_put_u32(nlh, MDRV_A_REG_VALUE, 0);
			mnl_attr_nest_end(nlh, nest);
		}
		break;
	case MDRV_CMD_RING_SET:
		mnl_attr_put_u32(nlh, MDRV_A_RING_TX, 64);
		break;
	case MDRV_CMD_CARRIER_SET:
		mnl_attr_put_u8(nlh, MDRV_A_CARRIER, 0);
		break;
	}
	s->probe = true;
}

static uint16_t rnd_flags(void)
{
	uint16_t f = chance(97) ? NLM_F_REQUEST : 0;

	if (chance(75))
		f |= NLM_F_ACK;
	if (chance(8))
		f |= NLM_F_DUMP;
	else if (chance(3))
		f |= chance(50) ? NLM_F_ROOT : NLM_F_MATCH;
	if (chance(3))
		f |= (uint16_t)rnd() & ~(NLM_F_DUMP | NLM_F_ACK);
	return f;
}

static uint8_t rnd_cmd(void)
{
	if (chance(90))
		return 1 + below(MDRV_CMD_RXMODE_GET);
	return chance(50) ? (uint8_t)rnd() : below(16);
}

/*
 * Build one message at @p (room for @room bytes); returns its length in the
 * datagram (aligned), 0 if it does not fit. Its header may be broken.
 */
static size_t build(uint8_t *p, size_t room, struct sent *s, uint32_t seq)
{
	char buf[DGRAM_MAX];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	size_t len, full;

	memset(s, 0, sizeof(*s));
	if (others.n && chance(2)) {
		build_probe(nlh, s);
	} else {
		nlh->nlmsg_type = chance(95) ? family : below(NLMSG_MIN_TYPE);
		nlh->nlmsg_flags = rnd_flags();
		s->cmd = rnd_cmd();
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->cmd = s->cmd;
		g->version = chance(90) ? MDRV_GENL_VERSION : (uint8_t)rnd();
		g->reserved = chance(95) ? 0 : (uint16_t)rnd();
		put_body(nlh, s->cmd);
	}
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = chance(98) ? 0 : (uint32_t)rnd();
	full = nlh->nlmsg_len;
	if (!s->probe && chance(8)) {
		switch (below(4)) {
		case 0:	/* truncated: cut anywhere after the netlink header */
			nlh->nlmsg_len = NLMSG_HDRLEN + below(full - NLMSG_HDRLEN);
			break;
		case 1: /* the last attribute runs past the message */
			if (full > NLMSG_HDRLEN + GENL_HDRLEN + 4) {
				struct nlattr *a = mnl_nlmsg_get_payload_offset(nlh,
						GENL_HDRLEN);
				struct nlattr *last = a;
				int rem = full - NLMSG_HDRLEN - GENL_HDRLEN;

				while (mnl_attr_ok(a, rem)) {
					last = a;
					a = mnl_attr_next(a);
					rem = (int)(full - ((char *)a - buf));
				}
				last->nla_len += 4 + below(200);
			}
			break;
		case 2: /* an attribute too short for its own header */
			if (full >= NLMSG_HDRLEN + GENL_HDRLEN + 4)
				((struct nlattr *)mnl_nlmsg_get_payload_offset(nlh,
					GENL_HDRLEN))->nla_len = below(4);
			break;
		case 3: /* garbage where the attributes were */
			if (full > NLMSG_HDRLEN + GENL_HDRLEN)
				rnd_bytes(buf + NLMSG_HDRLEN + GENL_HDRLEN,
					  below(full - NLMSG_HDRLEN - GENL_HDRLEN));
			break;
		}
	}
	len = nlh->nlmsg_len;
	if (nlh->nlmsg_type == family && !s->probe)
		sanitize(nlh);
	if (NLMSG_ALIGN(len) > room)
		return 0;
	memcpy(p, buf, len);
	memset(p + len, 0, NLMSG_ALIGN(len) - len);
	s->seq = seq;
	s->type = nlh->nlmsg_type;
	s->flags = nlh->nlmsg_flags;
	return NLMSG_ALIGN(len);
}

static bool is_dump(const struct sent *s)
{
	return (s->flags & NLM_F_REQUEST) && s->type == family &&
	       (s->flags & NLM_F_DUMP) == NLM_F_DUMP;
}

static bool has_data(uint8_t cmd)
{
	return cmd == MDRV_CMD_DEV_GET || cmd == MDRV_CMD_ATTACH ||
	       cmd == MDRV_CMD_REG_READ || cmd == MDRV_CMD_RXMODE_GET;
}

static int attr_ok_cb(const struct nlattr *a, void *data)
{
	(void)data;
	return mnl_attr_type_valid(a, UINT16_MAX) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static void bad(const char *what, const struct sent *s)
{
	st.malformed++;
	fprintf(stderr, "# malformed answer to seq %#x (cmd %u flags %#x): %s\n",
		s ? s->seq : 0, s ? s->cmd : 0, s ? s->flags : 0, what);
}

/* Check one answer and book it against the message it answers. */
static void answer(struct nlc *nl, const struct nlmsghdr *h, struct sent *batch,
		   unsigned int n)
{
	uint32_t i = h->nlmsg_seq - batch[0].seq;
	struct sent *s;

	if (i >= n || !batch[i].processed) {
		st.stray++;
		fprintf(stderr, "# stray answer: seq %#x type %u\n",
			h->nlmsg_seq, h->nlmsg_type);
		return;
	}
	s = &batch[i];
	if (h->nlmsg_pid != nl->portid)
		bad("port id is not ours", s);
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

		if (mnl_nlmsg_get_payload_len(h) < sizeof(*e))
			return bad("short NLMSG_ERROR", s);
		if (e->error > 0 || e->error < -4095)
			bad("error is not 0 or -errno", s);
		if (e->msg.nlmsg_seq != s->seq)
			bad("NLMSG_ERROR quotes another message", s);
		if ((h->nlmsg_flags & NLM_F_ACK_TLVS) &&
		    mnl_attr_parse(h, sizeof(*e), attr_ok_cb, NULL) < 0)
			bad("extack attributes do not parse", s);
		if (!e->error && !(s->flags & NLM_F_ACK))
			bad("an ACK nobody asked for", s);
		s->errors++;
		s->err = e->error;
		tally_add(&st.acks, e->error);
		if (verbose && e->error)
			fprintf(stderr, "# seq %#x cmd %u: %s\n", s->seq, s->cmd,
				strerror(-e->error));
	} else if (h->nlmsg_type == NLMSG_DONE) {
		if (!is_dump(s))
			bad("NLMSG_DONE for a do", s);
		if (mnl_nlmsg_get_payload_len(h) < sizeof(int))
			bad("short NLMSG_DONE", s);
		s->dones++;
		st.dumps_done++;
	} else if (h->nlmsg_type == family) {
		const struct genlmsghdr *g = mnl_nlmsg_get_payload(h);

		if (mnl_nlmsg_get_payload_len(h) < sizeof(*g))
			return bad("short genetlink header", s);
		if (g->cmd != s->cmd || !has_data(s->cmd))
			bad("data answer of another command", s);
		if (mnl_attr_parse(h, sizeof(*g), attr_ok_cb, NULL) < 0)
			bad("answer attributes do not parse", s);
		s->datas++;
		st.datas++;
	} else {
		bad("unknown message type", s);
	}
}

/* Read every answer the datagram produced (dumps continue as we read). */
static void drain(struct nlc *nl, struct sent *batch, unsigned int n)
{
	static char buf[DGRAM_MAX * 2];
	int len;

	for (;;) {
		len = recv(mnl_socket_get_fd(nl->sk), buf, sizeof(buf),
			   MSG_DONTWAIT | MSG_TRUNC);
		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			fprintf(stderr, "# recv: %s\n", strerror(errno));
			st.malformed++;
			return;
		}
		if (len > (int)sizeof(buf)) {
			bad("answer larger than 128 KiB", NULL);
			continue;
		}
		for (struct nlmsghdr *h = (void *)buf; mnl_nlmsg_ok(h, len);
		     h = mnl_nlmsg_next(h, &len))
			answer(nl, h, batch, n);
		if (len)
			bad("trailing bytes after the last answer", NULL);
	}
}

static void judge(struct sent *batch, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct sent *s = &batch[i];
		bool ack = s->flags & NLM_F_ACK;

		if (!s->processed)
			continue;
		if (s->errors > 1 || s->dones > 1 || (s->errors && s->dones))
			bad("answered twice", s);
		if (is_dump(s)) {
			if (!s->errors && !s->dones) {
				st.unanswered++;
				fprintf(stderr, "# dump seq %#x cmd %u: no NLMSG_DONE\n",
					s->seq, s->cmd);
			}
		} else {
			if (ack && !s->errors) {
				st.unanswered++;
				fprintf(stderr, "# seq %#x cmd %u flags %#x: no ACK\n",
					s->seq, s->cmd, s->flags);
			}
			if (s->datas > 1)
				bad("more than one answer to a do", s);
			if (s->datas && s->errors && s->err)
				bad("data and an error", s);
		}
		if (s->probe) {
			st.probes++;
			if (s->errors && !s->err) {
				st.probe_accepted++;
				fprintf(stderr, "# FAIL: cmd %u on another daemon's device accepted\n",
					s->cmd);
			}
		}
		if (!s->probe && !s->err && s->errors && s->type == family &&
		    (s->cmd == MDRV_CMD_RESET || s->cmd == MDRV_CMD_RING_SET ||
		     s->cmd == MDRV_CMD_REG_WRITE || s->cmd == MDRV_CMD_DETACH ||
		     s->cmd == MDRV_CMD_CARRIER_SET))
			st.mutations++;
	}
}

/* One datagram of one or more messages; returns the messages sent. */
static unsigned int send_batch(struct nlc *nl, uint32_t *seq, unsigned int max)
{
	static uint8_t dgram[DGRAM_MAX];
	static struct sent batch[MAX_BATCH];
	static size_t at[MAX_BATCH];
	unsigned int n = 0, want, i;
	size_t off = 0;

	want = chance(3) ? 32 + below(MAX_BATCH - 32) :
	       chance(20) ? 2 + below(8) : 1;
	if (want > max)
		want = max;
	while (n < want) {
		/* room for the trailing junk below */
		size_t len = build(dgram + off, sizeof(dgram) - off - NLMSG_HDRLEN,
				   &batch[n], *seq);

		if (!len)
			break;
		batch[n].processed = true;
		at[n] = off;
		off += len;
		(*seq)++;
		n++;
	}
	if (!n)
		return 0;
	/*
	 * Now and then a broken header: netlink_rcv_skb() stops there, the
	 * message and those behind it are never processed.
	 */
	if (chance(5)) {
		unsigned int k = below(n);
		struct nlmsghdr *h = (void *)(dgram + at[k]);

		h->nlmsg_len = chance(50) ? below(NLMSG_HDRLEN) :
			       (uint32_t)(sizeof(dgram) + 1 + below(1000));
		for (i = k; i < n; i++)
			batch[i].processed = false;
	} else if (chance(1)) {
		/* fewer bytes than a header at the end: ignored */
		size_t k = 1 + below(NLMSG_HDRLEN - 1);

		rnd_bytes(dgram + off, k);
		off += k;
	}
	if (send(mnl_socket_get_fd(nl->sk), dgram, off, 0) < 0) {
		fprintf(stderr, "# send: %s\n", strerror(errno));
		st.malformed++;
		return n;
	}
	drain(nl, batch, n);
	judge(batch, n);
	for (i = 0; i < n; i++)
		if (!batch[i].processed)
			st.unprocessed++;
	st.dgrams++;
	return n;
}

/* ---------------------------------------------------------------- directed */

struct bad_write {
	uint32_t space, addr, val;
	int err;
};

static const struct bad_write e1000_bad[] = {
	{ MDRV_REG_MMIO, E1000_RDBAL, 0x1000, -EPERM },
	{ MDRV_REG_MMIO, E1000_RDBAH, 0x1, -EPERM },
	{ MDRV_REG_MMIO, E1000_RDLEN, 0x80, -EPERM },
	{ MDRV_REG_MMIO, E1000_RDH, 0, -EPERM },
	{ MDRV_REG_MMIO, E1000_RDT, 0, -EPERM },
	{ MDRV_REG_MMIO, E1000_TDBAL, 0x1000, -EPERM },
	{ MDRV_REG_MMIO, E1000_TDBAH, 0x1, -EPERM },
	{ MDRV_REG_MMIO, E1000_TDLEN, 0x80, -EPERM },
	{ MDRV_REG_MMIO, E1000_TDH, 0, -EPERM },
	{ MDRV_REG_MMIO, E1000_TDT, 0, -EPERM },
	{ MDRV_REG_MMIO, E1000_ICR, ~0u, -EPERM },
	{ MDRV_REG_MMIO, E1000_IMS, ~0u, -EPERM },
	{ MDRV_REG_MMIO, E1000_IMC, ~0u, -EPERM },
	{ MDRV_REG_MMIO, E1000_STATUS, 0, -EPERM },
	{ MDRV_REG_MMIO, E1000_CTRL, E1000_CTRL_RST, -EINVAL },
	{ MDRV_REG_MMIO, E1000_CTRL, E1000_CTRL_PHY_RST, -EINVAL },
	{ MDRV_REG_MMIO, E1000_RCTL, E1000_RCTL_BSIZE_MASK, -EINVAL },
	{ MDRV_REG_MMIO, E1000_RCTL, E1000_RCTL_EN, -EINVAL },	/* DMA on */
	{ MDRV_REG_MMIO, E1000_TCTL, E1000_TCTL_EN, -EINVAL },
	{ MDRV_REG_MMIO, E1000_ICS, E1000_ICR_LSC, -EPERM },	/* cause set */
	{ MDRV_REG_MMIO, E1000_CTRL + 1, 0, -EPERM },
	{ MDRV_REG_MMIO, E1000_RCTL + 2, 0, -EPERM },
	{ MDRV_REG_MMIO, 0x20000, 0, -EPERM },
	{ MDRV_REG_MMIO, 0xfffffffc, 0, -EPERM },
	{ MDRV_REG_CSR, 0, 0, -EPERM },
	{ MDRV_REG_APROM, 0, 0, -EPERM },
	{ 0, E1000_CTRL, 0, -EINVAL },
	{ 5, E1000_CTRL, 0, -EINVAL },
	{ 0xffffffff, 0, 0, -EINVAL },
};

static const struct bad_write pcnet_bad[] = {
	{ MDRV_REG_CSR, PCNET_CSR0, 0x0001, -EPERM },	/* INIT */
	{ MDRV_REG_CSR, PCNET_CSR0, 0x0004, -EPERM },	/* STOP */
	{ MDRV_REG_CSR, PCNET_CSR1, 0x1000, -EPERM },	/* init block */
	{ MDRV_REG_CSR, PCNET_CSR2, 0x0001, -EPERM },
	{ MDRV_REG_CSR, PCNET_CSR3, 0, -EPERM },	/* interrupt masks */
	{ MDRV_REG_CSR, 24, 0x1000, -EPERM },		/* rx ring base */
	{ MDRV_REG_CSR, 25, 0x0001, -EPERM },
	{ MDRV_REG_CSR, 30, 0x1000, -EPERM },		/* tx ring base */
	{ MDRV_REG_CSR, 31, 0x0001, -EPERM },
	{ MDRV_REG_CSR, 76, 16, -EPERM },		/* ring lengths */
	{ MDRV_REG_CSR, 78, 16, -EPERM },
	{ MDRV_REG_CSR, PCNET_CSR15, 0x0100, -EINVAL },	/* reserved bit */
	{ MDRV_REG_CSR, PCNET_CSR4, 0x0115, -EINVAL },	/* interrupt masks */
	{ MDRV_REG_CSR, PCNET_CSR4, 0x0080, -EINVAL },	/* UINTCMD */
	{ MDRV_REG_CSR, PCNET_CSR88, 0, -EPERM },
	{ MDRV_REG_CSR, 128, 0, -EPERM },
	{ MDRV_REG_CSR, 0x10000, 0, -EPERM },
	{ MDRV_REG_BCR, PCNET_BCR18, 0, -EPERM },	/* bus control */
	{ MDRV_REG_BCR, 19, 0, -EPERM },		/* EEPROM access */
	{ MDRV_REG_BCR, PCNET_BCR20, 0, -EPERM },	/* software style */
	{ MDRV_REG_APROM, 0, 0x52, -EPERM },
	{ MDRV_REG_MMIO, 0, 0, -EPERM },
	{ 0, 0, 0, -EINVAL },
	{ 7, 0, 0, -EINVAL },
};

/* readable registers a refused write must leave as they were */
static const struct bad_write e1000_keep[] = {
	{ MDRV_REG_MMIO, E1000_CTRL, 0, 0 },
	{ MDRV_REG_MMIO, E1000_RCTL, 0, 0 },
	{ MDRV_REG_MMIO, 0x00018, 0, 0 },		/* CTRL_EXT */
	{ MDRV_REG_MMIO, 0x01000, 0, 0 },		/* PBA */
	{ MDRV_REG_MMIO, E1000_MTA + 7 * 4, 0, 0 },
};

static const struct bad_write pcnet_keep[] = {
	{ MDRV_REG_CSR, PCNET_CSR3, 0, 0 },
	{ MDRV_REG_CSR, PCNET_CSR8, 0, 0 },
	{ MDRV_REG_CSR, PCNET_CSR15, 0, 0 },
	{ MDRV_REG_CSR, PCNET_CSR88, 0, 0 },
	{ MDRV_REG_BCR, PCNET_BCR18, 0, 0 },
	{ MDRV_REG_BCR, PCNET_BCR20, 0, 0 },
	{ MDRV_REG_APROM, 0, 0, 0 },
	{ MDRV_REG_APROM, 5, 0, 0 },
};

static bool read_keep(struct nlc *nl, const struct bad_write *k, unsigned int n,
		      uint32_t *vals)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (nl_reg(nl, vic.d.id, k[i].space, k[i].addr, false, 0, &vals[i]))
			return false;
	return true;
}

/* A batch: @ok is allowed, @bad not; the kernel must write neither. */
static int write_pair(struct nlc *nl, const struct bad_write *ok,
		      const struct bad_write *bad)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nlc_msg(nl, buf, MDRV_CMD_REG_WRITE, false);
	const struct bad_write *w[2] = { ok, bad };
	unsigned int i;

	mnl_attr_put_u32(nlh, MDRV_A_ID, vic.d.id);
	for (i = 0; i < 2; i++) {
		struct nlattr *nest = mnl_attr_nest_start(nlh, MDRV_A_REG);

		mnl_attr_put_u32(nlh, MDRV_A_REG_SPACE, w[i]->space);
		mnl_attr_put_u32(nlh, MDRV_A_REG_ADDR, w[i]->addr);
		mnl_attr_put_u32(nlh, MDRV_A_REG_VALUE, w[i]->val);
		mnl_attr_nest_end(nlh, nest);
	}
	return nlc_talk(nl, nlh, NULL, NULL);
}

/* Writes outside the allowlist and its masks: refused, nothing changed. */
static bool directed(struct nlc *owner)
{
	bool pcnet = vic.d.chip == MDRV_CHIP_79C970A;
	const struct bad_write *bad = pcnet ? pcnet_bad : e1000_bad;
	const struct bad_write *keep = pcnet ? pcnet_keep : e1000_keep;
	unsigned int nbad = pcnet ? sizeof(pcnet_bad) / sizeof(*bad) :
				    sizeof(e1000_bad) / sizeof(*bad);
	unsigned int nkeep = pcnet ? sizeof(pcnet_keep) / sizeof(*keep) :
				     sizeof(e1000_keep) / sizeof(*keep);
	/* an allowed register (the second of keep[]) changed by the batch */
	struct bad_write mixed = keep[pcnet ? 1 : 4];
	uint32_t before[16], after[16];
	struct tally t = { 0 };
	unsigned int i, wrong = 0;
	int err;

	if (!read_keep(owner, keep, nkeep, before)) {
		fprintf(stderr, "# FAIL: cannot read the victim's registers\n");
		return false;
	}
	for (i = 0; i < nbad; i++) {
		err = nl_reg(owner, vic.d.id, bad[i].space, bad[i].addr, true,
			     bad[i].val, NULL);
		tally_add(&t, err);
		if (err != bad[i].err || !owner->extack[0]) {
			wrong++;
			printf("# FAIL: write of %#x to space %u address %#x: %s (%s), want %s with a message\n",
			       bad[i].val, bad[i].space, bad[i].addr,
			       strerror(-err), owner->extack, strerror(-bad[i].err));
		} else if (verbose) {
			printf("#   space %u address %#x value %#x: %s: %s\n",
			       bad[i].space, bad[i].addr, bad[i].val,
			       strerror(-err), owner->extack);
		}
	}
	/* all or nothing: the allowed half of a refused batch stays unwritten */
	mixed.val = ~before[pcnet ? 1 : 4] & (pcnet ? 0xffff : 0xffffffff);
	err = write_pair(owner, &mixed, &bad[pcnet ? 2 : 0]);
	if (err != -EPERM) {
		wrong++;
		printf("# FAIL: a batch with a forbidden register: %s\n",
		       strerror(-err));
	}
	if (!read_keep(owner, keep, nkeep, after)) {
		fprintf(stderr, "# FAIL: cannot read the victim's registers\n");
		return false;
	}
	for (i = 0; i < nkeep; i++)
		if (before[i] != after[i]) {
			wrong++;
			printf("# FAIL: space %u address %#x changed: %#x -> %#x\n",
			       keep[i].space, keep[i].addr, before[i], after[i]);
		}
	printf("# directed: %u writes outside the allowlist or its masks: ", nbad);
	tally_print(stdout, &t);
	printf(", each with an extack message; a mixed batch applied nothing; %u readable registers unchanged: %s\n",
	       nkeep, wrong ? "NO" : "yes");
	fflush(stdout);
	return !wrong;
}

/* Every device still answers; the others are as they were. */
static bool liveness(struct nlc *chk)
{
	struct dev d;
	bool ok = true;
	int i, err;

	err = nl_dev_get(chk, vic.d.id, &d);
	if (err) {
		fprintf(stderr, "# FAIL: DEV_GET of the victim: %s\n", strerror(-err));
		ok = false;
	}
	for (i = 0; i < others.n; i++) {
		const struct dev *o = &others.d[i];

		err = nl_dev_get(chk, o->id, &d);
		if (err) {
			fprintf(stderr, "# FAIL: DEV_GET of %s: %s\n", o->bus,
				strerror(-err));
			ok = false;
		} else if (d.owner != o->owner || d.resets != o->resets ||
			   d.ring_tx != o->ring_tx || d.ring_rx != o->ring_rx ||
			   d.mtu != o->mtu) {
			fprintf(stderr, "# FAIL: %s changed: owner %u->%u resets %u->%u rings %u/%u->%u/%u mtu %u->%u\n",
				o->bus, o->owner, d.owner, o->resets, d.resets,
				o->ring_tx, o->ring_rx, d.ring_tx, d.ring_rx,
				o->mtu, d.mtu);
			ok = false;
		}
	}
	return ok;
}

static int open_sock(struct nlc *nl)
{
	int big = 16 << 20, err = nlc_open(nl);

	if (err) {
		fprintf(stderr, "nl_fuzz: family %s: %s\n", MDRV_GENL_NAME,
			strerror(-err));
		return err;
	}
	/* a batch's answers must all fit: no ENOBUFS */
	if (setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &big, sizeof(big)))
		setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUF,
			   &big, sizeof(big));
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: nl_fuzz -b BUS [-s SEED] [-n COUNT] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long count = 100000, seed = 1;
	struct nlc owner, stranger, chk;
	const char *bus = NULL;
	uint32_t seq = SEQ_BASE;
	struct devs all;
	double t0, t;
	bool alive;
	int c, i, err;

	while ((c = getopt(argc, argv, "b:s:n:v")) != -1) {
		switch (c) {
		case 'b': bus = optarg; break;
		case 's': seed = strtoul(optarg, NULL, 0); break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'v': verbose = true; break;
		default: usage();
		}
	}
	if (!bus || optind != argc)
		usage();
	printf("# nl_fuzz: seed %lu, %lu messages, victim %s\n", seed, count, bus);
	fflush(stdout);
	rnd_seed(seed);
	if (open_sock(&owner) || open_sock(&stranger) || open_sock(&chk))
		return 1;
	family = owner.family;
	err = nl_list_devs(&chk, &all);
	if (err) {
		fprintf(stderr, "nl_fuzz: DEV_GET dump: %s\n", strerror(-err));
		return 1;
	}
	for (i = 0; i < all.n; i++) {
		if (!strcmp(all.d[i].bus, bus))
			vic.d = all.d[i];
		else
			others.d[others.n++] = all.d[i];
	}
	if (!vic.d.bus[0]) {
		fprintf(stderr, "nl_fuzz: no mdrv device at %s\n", bus);
		return 1;
	}
	if (vic.d.chip == MDRV_CHIP_79C970A) {
		vic.rules = mdrv_pcnet_reg_rules;
		vic.n_rules = ARRAY_SIZE_PCNET;
	} else {
		vic.rules = mdrv_e1000_reg_rules;
		vic.n_rules = ARRAY_SIZE_E1000;
	}
	err = nl_simple(&owner, MDRV_CMD_ATTACH, vic.d.id);
	if (err) {
		fprintf(stderr, "nl_fuzz: ATTACH %s: %s (%s)\n", bus,
			strerror(-err), owner.extack);
		return 1;
	}
	printf("# victim mdrv%u (%s, ifindex %u, chip %u) owned by port %u; stranger port %u; %d other device(s) off limits\n",
	       vic.d.id, vic.d.ifname, vic.d.ifindex, vic.d.chip, owner.portid,
	       stranger.portid, others.n);
	fflush(stdout);

	alive = directed(&owner);
	if (!alive)
		return 1;
	t0 = now_s();
	while (st.msgs < count && alive) {
		bool from_owner = chance(60);
		unsigned long before = st.msgs;
		unsigned int n;

		n = send_batch(from_owner ? &owner : &stranger, &seq,
			       count - st.msgs);
		st.msgs += n;
		if (from_owner)
			st.from_owner += n;
		if (st.msgs / LIVENESS_EVERY != before / LIVENESS_EVERY)
			alive = liveness(&chk);
	}
	t = now_s() - t0;
	alive = alive && liveness(&chk);

	printf("# %lu messages in %lu datagrams (%lu from the owner, %lu from a stranger) in %.1f s\n",
	       st.msgs, st.dgrams, st.from_owner, st.msgs - st.from_owner, t);
	printf("# NLMSG_ERROR codes: ");
	tally_print(stdout, &st.acks);
	printf("\n# %lu data answers, %lu dumps done, %lu accepted changes of the victim, %lu never processed (broken header)\n",
	       st.datas, st.dumps_done, st.mutations, st.unprocessed);
	printf("# %lu probes at other devices, %lu accepted\n", st.probes,
	       st.probe_accepted);
	printf("# %lu unanswered, %lu malformed, %lu stray\n", st.unanswered,
	       st.malformed, st.stray);
	printf("# every device answers DEV_GET, the others unchanged: %s\n",
	       alive ? "yes" : "NO");
	nlc_close(&owner);
	nlc_close(&stranger);
	nlc_close(&chk);
	return alive && !st.unanswered && !st.malformed && !st.stray &&
	       !st.probe_accepted ? 0 : 1;
}
