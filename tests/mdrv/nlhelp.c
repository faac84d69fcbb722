// SPDX-License-Identifier: GPL-2.0
/* Test helpers over the "mdrv" family: see nlhelp.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "mdrv_genl.h"
#include "nlhelp.h"

static void str_attr(char *dst, size_t size, const struct nlattr *a)
{
	snprintf(dst, size, "%.*s", (int)mnl_attr_get_payload_len(a),
		 (const char *)mnl_attr_get_payload(a));
}

void nl_parse_dev(const struct nlmsghdr *nlh, struct dev *d)
{
	struct nlattr *a;

	memset(d, 0, sizeof(*d));
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case MDRV_A_ID: d->id = mnl_attr_get_u32(a); break;
		case MDRV_A_IFINDEX: d->ifindex = mnl_attr_get_u32(a); break;
		case MDRV_A_CHIP: d->chip = mnl_attr_get_u32(a); break;
		case MDRV_A_OWNER: d->owner = mnl_attr_get_u32(a); break;
		case MDRV_A_RESETS: d->resets = mnl_attr_get_u32(a); break;
		case MDRV_A_MTU: d->mtu = mnl_attr_get_u32(a); break;
		case MDRV_A_RING_TX: d->ring_tx = mnl_attr_get_u32(a); break;
		case MDRV_A_RING_RX: d->ring_rx = mnl_attr_get_u32(a); break;
		case MDRV_A_RX_BUF_LEN: d->rx_buf_len = mnl_attr_get_u32(a); break;
		case MDRV_A_REJECTS: d->rejects = mnl_attr_get_u64(a); break;
		case MDRV_A_BUS: str_attr(d->bus, sizeof(d->bus), a); break;
		case MDRV_A_IFNAME: str_attr(d->ifname, sizeof(d->ifname), a); break;
		case MDRV_A_MBOX: str_attr(d->mbox, sizeof(d->mbox), a); break;
		}
	}
}

static int devs_cb(const struct nlmsghdr *nlh, void *data)
{
	struct devs *ds = data;

	if (ds->n == NL_MAX_DEVS)
		return MNL_CB_ERROR;
	nl_parse_dev(nlh, &ds->d[ds->n++]);
	return MNL_CB_OK;
}

int nl_list_devs(struct nlc *nl, struct devs *ds)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	ds->n = 0;
	return nlc_talk(nl, nlc_msg(nl, buf, MDRV_CMD_DEV_GET, true), devs_cb, ds);
}

static int find_dev(struct nlc *nl, uint32_t chip, const char *bus,
		    struct dev *out)
{
	struct devs ds;
	int i, err = nl_list_devs(nl, &ds);

	if (err)
		return err;
	for (i = 0; i < ds.n; i++)
		if (bus ? !strcmp(ds.d[i].bus, bus) : ds.d[i].chip == chip) {
			*out = ds.d[i];
			return 0;
		}
	return -ENODEV;
}

int nl_find_chip(struct nlc *nl, uint32_t chip, struct dev *out)
{
	return find_dev(nl, chip, NULL, out);
}

int nl_find_bus(struct nlc *nl, const char *bus, struct dev *out)
{
	return find_dev(nl, 0, bus, out);
}

static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	nl_parse_dev(nlh, data);
	return MNL_CB_OK;
}

int nl_dev_get(struct nlc *nl, uint32_t id, struct dev *out)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nlc_msg(nl, buf, MDRV_CMD_DEV_GET, false);

	mnl_attr_put_u32(nlh, MDRV_A_ID, id);
	memset(out, 0, sizeof(*out));
	return nlc_talk(nl, nlh, dev_cb, out) ?: out->bus[0] ? 0 : -EIO;
}

int nl_simple(struct nlc *nl, uint8_t cmd, uint32_t id)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nlc_msg(nl, buf, cmd, false);

	mnl_attr_put_u32(nlh, MDRV_A_ID, id);
	if (cmd == MDRV_CMD_ATTACH)
		mnl_attr_put_u32(nlh, MDRV_A_VERSION, MDRV_PROTO_VERSION);
	return nlc_talk(nl, nlh, NULL, NULL);
}

static int reg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a, *b;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == MDRV_A_REG)
			mnl_attr_for_each_nested(b, a)
				if (mnl_attr_get_type(b) == MDRV_A_REG_VALUE)
					*(uint32_t *)data = mnl_attr_get_u32(b);
	return MNL_CB_OK;
}

int nl_reg(struct nlc *nl, uint32_t id, uint32_t space, uint32_t addr,
	   bool write, uint32_t val, uint32_t *out)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint32_t dummy;

	nlh = nlc_msg(nl, buf, write ? MDRV_CMD_REG_WRITE : MDRV_CMD_REG_READ, false);
	mnl_attr_put_u32(nlh, MDRV_A_ID, id);
	nest = mnl_attr_nest_start(nlh, MDRV_A_REG);
	mnl_attr_put_u32(nlh, MDRV_A_REG_SPACE, space);
	mnl_attr_put_u32(nlh, MDRV_A_REG_ADDR, addr);
	if (write)
		mnl_attr_put_u32(nlh, MDRV_A_REG_VALUE, val);
	mnl_attr_nest_end(nlh, nest);
	return nlc_talk(nl, nlh, reg_cb, out ? out : &dummy);
}
