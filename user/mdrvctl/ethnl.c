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

int et_request(struct nlc *nl, const struct args *a, struct mdev *d,
	       const struct et_req *reqs, unsigned int n, const char *what)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlc et;
	int rc, err = 0;

	rc = dev_here(nl, &a->dev, d);
	if (!rc)
		rc = et_open(&et);
	if (rc)
		return rc;
	for (unsigned int i = 0; i < n && !err; i++) {
		struct nlmsghdr *nlh = et_msg(&et, buf, reqs[i].cmd, d->ifname);

		if (reqs[i].set)
			params_put(nlh, reqs[i].set, &a->vals);
		if (reqs[i].put)
			reqs[i].put(nlh, reqs[i].ctx);
		if (reqs[i].r)
			memset(reqs[i].r->tb, 0, sizeof(reqs[i].r->tb));
		err = nlc_talk(&et, nlh, reqs[i].r ? reply_cb : NULL, reqs[i].r);
	}
	rc = err ? nlc_fail(&et, what, err) : EXIT_OK;
	nlc_close(&et);
	return rc;
}

int et_show(struct nlc *nl, struct args *a, uint8_t cmd,
	    const struct param *t, const char *what)
{
	static struct et_reply r;
	const struct et_req req = { cmd, NULL, &r, NULL, NULL };
	struct mdev d;
	int rc;

	rc = et_request(nl, a, &d, &req, 1, what);
	if (rc)
		return rc;
	out_begin(false);
	dev_head(&d);
	params_show(t, &r);
	out_end();
	return EXIT_OK;
}

int et_set_parse(int argc, char **argv, struct args *a, const struct param *t)
{
	int n = devsel_parse(argc, argv, &a->dev, true);

	if (n < 0 || params_parse(t, argc - n, argv + n, &a->vals) < 0)
		return -1;
	return argc;
}

int et_set(struct nlc *nl, struct args *a, uint8_t cmd,
	   const struct param *t, const char *what)
{
	const struct et_req req = { cmd, t, NULL, NULL, NULL };
	struct mdev d;

	return et_request(nl, a, &d, &req, 1, what);
}
