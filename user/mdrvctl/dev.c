// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl dev: the devices as MDRV_CMD_DEV_GET describes them.
 *
 * DEV is an interface name in the current network namespace (the one -n
 * names) or "id N", mdrv's device number. A name is matched to a device by
 * its PCI address (ETHTOOL_GDRVINFO in that namespace): the family answers
 * in the initial namespace only, and its dump lists the devices of every
 * namespace.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/ethtool.h>

#include "mdrv_genl.h"
#include "mdrvctl.h"

const char *chip_name(uint32_t chip)
{
	switch (chip) {
	case MDRV_CHIP_82540EM: return "82540EM";
	case MDRV_CHIP_82545EM: return "82545EM";
	case MDRV_CHIP_79C970A: return "79C970A";
	}
	return "unknown";
}

int devsel_parse(int argc, char **argv, struct devsel *sel, bool required)
{
	memset(sel, 0, sizeof(*sel));
	if (!argc) {
		if (required)
			err_msg("DEV is required");
		return required ? -1 : 0;
	}
	sel->given = true;
	if (!strcmp(argv[0], "id")) {
		if (argc < 2) {
			err_msg("\"id\" needs a device number");
			return -1;
		}
		if (parse_u32("device number", argv[1], &sel->id))
			return -1;
		sel->by_id = true;
		return 2;
	}
	if (strlen(argv[0]) >= IF_NAMESIZE || !argv[0][0]) {
		err_msg("invalid interface name \"%s\"", argv[0]);
		return -1;
	}
	strcpy(sel->ifname, argv[0]);
	return 1;
}

static void str_attr(char *dst, size_t size, const struct nlattr *a)
{
	snprintf(dst, size, "%.*s", (int)mnl_attr_get_payload_len(a),
		 (const char *)mnl_attr_get_payload(a));
}

static void parse_dev(const struct nlmsghdr *nlh, struct mdev *d)
{
	struct nlattr *a;

	memset(d, 0, sizeof(*d));
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case MDRV_A_ID: d->id = mnl_attr_get_u32(a); break;
		case MDRV_A_IFINDEX: d->ifindex = mnl_attr_get_u32(a); break;
		case MDRV_A_CHIP: d->chip = mnl_attr_get_u32(a); break;
		case MDRV_A_OWNER: d->owner = mnl_attr_get_u32(a); break;
		case MDRV_A_RING_TX: d->ring_tx = mnl_attr_get_u32(a); break;
		case MDRV_A_RING_RX: d->ring_rx = mnl_attr_get_u32(a); break;
		case MDRV_A_RX_BUF_LEN: d->rx_buf_len = mnl_attr_get_u32(a); break;
		case MDRV_A_MTU: d->mtu = mnl_attr_get_u32(a); break;
		case MDRV_A_RESETS: d->resets = mnl_attr_get_u32(a); break;
		case MDRV_A_REJECTS: d->rejects = mnl_attr_get_u64(a); break;
		case MDRV_A_CARRIER: d->carrier = mnl_attr_get_u8(a); break;
		case MDRV_A_UP: d->up = mnl_attr_get_u8(a); break;
		case MDRV_A_MAC:
			if (mnl_attr_get_payload_len(a) == sizeof(d->mac)) {
				memcpy(d->mac, mnl_attr_get_payload(a), sizeof(d->mac));
				d->has_mac = true;
			}
			break;
		case MDRV_A_IFNAME: str_attr(d->ifname, sizeof(d->ifname), a); break;
		case MDRV_A_BUS: str_attr(d->bus, sizeof(d->bus), a); break;
		case MDRV_A_MBOX: str_attr(d->mbox, sizeof(d->mbox), a); break;
		}
	}
}

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct devlist *l = data;

	if (l->n == MAX_DEVS) {
		err_msg("more than %d devices: the list would be cut short",
			MAX_DEVS);
		return MNL_CB_ERROR;
	}
	parse_dev(nlh, &l->d[l->n++]);
	return MNL_CB_OK;
}

int dev_list(struct nlc *nl, struct devlist *l)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	l->n = 0;
	return nlc_talk(nl, nlc_msg(nl, buf, MDRV_CMD_DEV_GET, true), list_cb, l);
}

static int one_cb(const struct nlmsghdr *nlh, void *data)
{
	parse_dev(nlh, data);
	return MNL_CB_OK;
}

/* DEV_GET (do) of device @id */
int dev_get(struct nlc *nl, uint32_t id, struct mdev *d)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nlc_msg(nl, buf, MDRV_CMD_DEV_GET, false);

	mnl_attr_put_u32(nlh, MDRV_A_ID, id);
	memset(d, 0, sizeof(*d));
	return nlc_talk(nl, nlh, one_cb, d);
}

/* The driver and PCI address of interface @name in the current netns. */
static int drvinfo(const char *name, struct ethtool_drvinfo *info)
{
	memset(info, 0, sizeof(*info));
	info->cmd = ETHTOOL_GDRVINFO;
	return et_ioctl(name, info);
}

static struct mdev *by_bus(struct devlist *l, const char *bus)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->d[i].bus, bus))
			return &l->d[i];
	return NULL;
}

int dev_find(struct nlc *nl, const struct devsel *sel, struct mdev *out)
{
	struct ethtool_drvinfo info;
	struct devlist l;
	struct mdev *d;
	int err;

	if (sel->by_id) {
		err = dev_get(nl, sel->id, out);
		return err ? nlc_fail(nl, "device", err) : 0;
	}
	err = drvinfo(sel->ifname, &info);
	if (err == -ENODEV) {
		err_msg("no interface \"%s\"%s%s", sel->ifname,
			opts.netns ? " in network namespace " : "",
			opts.netns ? opts.netns : "");
		return EXIT_RUNTIME;
	}
	if (err == -EOPNOTSUPP) {
		err_msg("%s is not an mdrv device", sel->ifname);
		return EXIT_RUNTIME;
	}
	if (err)
		return nlc_fail(NULL, sel->ifname, err);
	if (strcmp(info.driver, "mdrv")) {
		err_msg("%s is not an mdrv device (driver %s)", sel->ifname,
			info.driver);
		return EXIT_RUNTIME;
	}
	err = dev_list(nl, &l);
	if (err)
		return nlc_fail(nl, "device list", err);
	d = by_bus(&l, info.bus_info);
	if (!d) {
		err_msg("%s (%s) is not in mdrv's device list", sel->ifname,
			info.bus_info);
		return EXIT_RUNTIME;
	}
	err = dev_get(nl, d->id, out);
	return err ? nlc_fail(nl, "device", err) : 0;
}

int dev_only_parse(int argc, char **argv, struct args *a)
{
	int n = devsel_parse(argc, argv, &a->dev, true);

	if (n >= 0 && n < argc) {
		err_msg("unexpected argument \"%s\"", argv[n]);
		return -1;
	}
	return n;
}

void dev_head(const struct mdev *d)
{
	out_str("ifname", "%s", d->ifname);
	out_uint("id", " (id %llu):\n", d->id);
}

int dev_here(struct nlc *nl, const struct devsel *sel, struct mdev *out)
{
	struct ethtool_drvinfo info;
	int rc = dev_find(nl, sel, out);

	if (rc || !sel->by_id)
		return rc;
	/* "id N": its name means something only in its own namespace */
	if (!out->ifname[0] || drvinfo(out->ifname, &info) ||
	    strcmp(info.bus_info, out->bus)) {
		err_msg("device id %u (%s, %s) is not in %s; name its namespace with -n NETNS",
			out->id, out->ifname[0] ? out->ifname : "no interface",
			out->bus, opts.netns ? opts.netns : "this network namespace");
		return EXIT_RUNTIME;
	}
	return 0;
}

/* What RXMODE_GET tells (privileged: absent for other callers). */
struct rxmode {
	uint32_t flags, vlan_flags, n_uc, n_mc, n_vid;
	bool valid;
};

static int rxmode_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rxmode *m = data;
	struct nlattr *a;

	m->valid = true;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case MDRV_A_RX_FLAGS: m->flags = mnl_attr_get_u32(a); break;
		case MDRV_A_VLAN_FLAGS: m->vlan_flags = mnl_attr_get_u32(a); break;
		case MDRV_A_UC_ADDR: m->n_uc++; break;
		case MDRV_A_MC_ADDR: m->n_mc++; break;
		case MDRV_A_VLAN_IDS: {
			const uint32_t *w = mnl_attr_get_payload(a);

			for (unsigned int i = 0; i < mnl_attr_get_payload_len(a) / 4; i++)
				m->n_vid += __builtin_popcount(w[i]);
			break;
		}
		}
	}
	return MNL_CB_OK;
}

static void rxmode_get(struct nlc *nl, uint32_t id, struct rxmode *m)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nlc_msg(nl, buf, MDRV_CMD_RXMODE_GET, false);

	mnl_attr_put_u32(nlh, MDRV_A_ID, id);
	memset(m, 0, sizeof(*m));
	if (nlc_talk(nl, nlh, rxmode_cb, m))
		m->valid = false;
}

static void show_rxmode(const struct rxmode *m)
{
	if (!m->valid)
		return;
	out_obj_open("rxmode");
	out_text("    rx mode");
	out_bool("promisc", " promisc %s", m->flags & IFF_PROMISC);
	out_bool("allmulti", " allmulti %s", m->flags & IFF_ALLMULTI);
	out_bool("broadcast", " broadcast %s", m->flags & IFF_BROADCAST);
	out_uint("uc_addrs", " uc %llu", m->n_uc);
	out_uint("mc_addrs", " mc %llu\n", m->n_mc);
	out_text("    vlan");
	out_bool("vlan_strip", " strip %s", m->vlan_flags & MDRV_VLAN_F_STRIP);
	out_bool("vlan_filter", " filter %s", m->vlan_flags & MDRV_VLAN_F_FILTER);
	out_uint("vlan_ids", " vids %llu\n", m->n_vid);
	out_obj_close();
}

static void show_one(struct nlc *nl, const struct mdev *d)
{
	struct rxmode m;
	char mac[18];

	out_obj_open(NULL);
	out_uint("id", "%llu: ", d->id);
	out_str("ifname", "%s: ", d->ifname);
	out_uint("ifindex", NULL, d->ifindex);
	out_str("chip", "chip %s ", chip_name(d->chip));
	out_str("bus", "bus %s\n", d->bus);
	out_bool("attached", NULL, d->owner != 0);
	out_uint("owner", NULL, d->owner);
	if (d->owner)
		out_text("    daemon attached (portid %u)", d->owner);
	else
		out_text("    daemon not attached");
	if (d->mbox[0])
		out_str("mbox", " mailbox /dev/%s\n", d->mbox);
	else
		out_text(" no mailbox\n");
	out_uint("mtu", "    mtu %llu ", d->mtu);
	if (d->has_mac) {
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 d->mac[0], d->mac[1], d->mac[2], d->mac[3], d->mac[4],
			 d->mac[5]);
		out_str("mac", "mac %s ", mac);
	}
	out_bool("carrier", NULL, d->carrier);
	out_text("carrier %s ", d->carrier ? "on" : "off");
	out_bool("up", "up %s\n", d->up);
	out_uint("ring_tx", "    ring tx %llu ", d->ring_tx);
	out_uint("ring_rx", "rx %llu ", d->ring_rx);
	out_uint("rx_buf_len", "rx-buf-len %llu\n", d->rx_buf_len);
	out_uint("resets", "    resets %llu ", d->resets);
	out_uint("rejects", "rejects %llu\n", d->rejects);
	rxmode_get(nl, d->id, &m);
	show_rxmode(&m);
	out_obj_close();
}

int dev_show_parse(int argc, char **argv, struct args *a)
{
	int n = devsel_parse(argc, argv, &a->dev, false);

	if (n >= 0 && n < argc) {
		err_msg("unexpected argument \"%s\"", argv[n]);
		return -1;
	}
	return n;
}

/* without DEV: the devices whose netdev is in the current namespace */
static int dev_show_all(struct nlc *nl)
{
	struct if_nameindex *ifs, *i;
	struct ethtool_drvinfo info;
	struct devlist l;
	struct mdev *d;
	int err;

	err = dev_list(nl, &l);
	if (err)
		return nlc_fail(nl, "device list", err);
	ifs = if_nameindex();
	if (!ifs) {
		err_msg("listing interfaces: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	out_begin(true);
	for (i = ifs; i->if_index; i++) {
		if (drvinfo(i->if_name, &info) || strcmp(info.driver, "mdrv"))
			continue;
		d = by_bus(&l, info.bus_info);
		if (d)
			show_one(nl, d);
	}
	out_end();
	if_freenameindex(ifs);
	return EXIT_OK;
}

static int dev_show(struct nlc *nl, struct args *a)
{
	struct mdev d;
	int rc;

	if (!a->dev.given)
		return dev_show_all(nl);
	rc = dev_find(nl, &a->dev, &d);
	if (rc)
		return rc;
	out_begin(true);
	show_one(nl, &d);
	out_end();
	return EXIT_OK;
}

static const struct verb dev_verbs[] = {
	{ "show", dev_show_parse, dev_show, NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct object dev_object = {
	.name = "dev",
	.usage = "Usage: mdrvctl dev show [ DEV ]\n"
		 "       mdrvctl dev help\n"
		 "DEV := { IFNAME | id ID }\n",
	.verbs = dev_verbs,
};
