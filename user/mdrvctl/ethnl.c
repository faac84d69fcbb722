// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's ethtool interfaces, as the ethtool tool uses them: the
 * "ethtool" generic netlink family (requests that name the interface in
 * their header, replies kept whole for their attributes; the extack of a
 * refusal comes back) and the SIOCETHTOOL ioctl. Both look names up in the
 * current network namespace: open and call them after -n entered it.
 *
 * A verb describes the attributes it shows and sets in a table of struct
 * param: keywords parsed from the command line, put into a request, printed
 * from a reply.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/sockios.h>

#include "mdrvctl.h"

int et_ioctl(const char *ifname, void *data)
{
	struct ifreq ifr;
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = data;
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0)
		err = -errno;
	close(fd);
	return err;
}

int et_open(struct nlc *nl)
{
	int err = nlc_open_genl(nl, ETHTOOL_GENL_NAME, ETHTOOL_GENL_VERSION);

	if (err == -ENOENT) {
		err_msg("the kernel has no ethtool netlink family (CONFIG_ETHTOOL_NETLINK)");
		return EXIT_RUNTIME;
	}
	return err ? nlc_fail(NULL, "ethtool netlink socket", err) : 0;
}

struct nlmsghdr *et_msg(struct nlc *nl, char *buf, uint8_t cmd,
			const char *ifname)
{
	struct nlmsghdr *nlh = nlc_msg(nl, buf, cmd, false);
	struct nlattr *hdr;

	/* every message's header attribute has the same number */
	hdr = mnl_attr_nest_start(nlh, ETHTOOL_A_RINGS_HEADER);
	mnl_attr_put_strz(nlh, ETHTOOL_A_HEADER_DEV_NAME, ifname);
	mnl_attr_nest_end(nlh, hdr);
	return nlh;
}

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct et_reply *r = data;
	struct nlmsghdr *copy = (struct nlmsghdr *)r->buf;
	struct nlattr *a;

	if (nlh->nlmsg_len > sizeof(r->buf))
		return MNL_CB_ERROR;
	memcpy(r->buf, nlh, nlh->nlmsg_len);
	memset(r->tb, 0, sizeof(r->tb));
	mnl_attr_for_each(a, copy, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) < ET_ATTR_MAX)
			r->tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

int parse_u32(const char *what, const char *s, uint32_t *v)
{
	unsigned long x;
	char *end;

	errno = 0;
	x = strtoul(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || x > UINT32_MAX) {
		err_msg("invalid %s \"%s\"", what, s);
		return -1;
	}
	*v = x;
	return 0;
}

static int word_index(const struct param *p, const char *s)
{
	for (unsigned int i = 0; i < p->nwords; i++)
		if (p->words[i] && !strcmp(p->words[i], s))
			return i;
	return -1;
}

int params_parse(const struct param *t, int argc, char **argv,
		 struct param_vals *v)
{
	int i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < argc; i += 2) {
		const struct param *p;
		unsigned int k;
		int w;

		for (p = t, k = 0; p->name; p++, k++)
			if (p->settable && !strcmp(p->name, argv[i]))
				break;
		if (!p->name) {
			err_msg("unknown parameter \"%s\"", argv[i]);
			return -1;
		}
		if (v->given[k]) {
			err_msg("\"%s\" given twice", argv[i]);
			return -1;
		}
		if (i + 1 == argc) {
			err_msg("\"%s\" needs a value", argv[i]);
			return -1;
		}
		if (p->words) {
			w = word_index(p, argv[i + 1]);
			if (w < 0) {
				err_msg("invalid %s \"%s\"", p->name, argv[i + 1]);
				return -1;
			}
			v->val[k] = w;
		} else if (parse_u32(p->name, argv[i + 1], &v->val[k])) {
			return -1;
		}
		v->given[k] = true;
		v->n++;
	}
	if (!v->n) {
		err_msg("nothing to set");
		return -1;
	}
	return argc;
}

void params_put(struct nlmsghdr *nlh, const struct param *t,
		const struct param_vals *v)
{
	for (unsigned int k = 0; t[k].name; k++) {
		if (!v->given[k])
			continue;
		if (t[k].words)
			mnl_attr_put_u8(nlh, t[k].attr, v->val[k]);
		else
			mnl_attr_put_u32(nlh, t[k].attr, v->val[k]);
	}
}

void params_show(const struct param *t, const struct et_reply *r)
{
	for (; t->name; t++) {
		const struct nlattr *a = t->attr < ET_ATTR_MAX ? r->tb[t->attr] : NULL;
		uint32_t x;

		if (!a)
			continue;
		if (!t->words) {
			out_text("    %-20s", t->name);
			out_uint(t->name, " %llu\n", mnl_attr_get_u32(a));
			continue;
		}
		x = mnl_attr_get_u8(a);
		out_text("    %-20s", t->name);
		if (x < t->nwords && t->words[x])
			out_str(t->name, " %s\n", t->words[x]);
		else
			out_uint(t->name, " %llu\n", x);
	}
}

int et_talk(struct nlc *et, struct nlmsghdr *nlh, struct et_reply *r)
{
	if (r)
		memset(r->tb, 0, sizeof(r->tb));
	return nlc_talk(et, nlh, r ? reply_cb : NULL, r);
}
