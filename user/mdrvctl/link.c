// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl link: speed, duplex, autonegotiation and link modes through the
 * kernel's ethtool netlink family (LINKINFO_GET, LINKMODES_GET/SET,
 * LINKSTATE_GET) as plain ethtool and ethtool -s use it. mdrvd programs
 * the PHY (e1000) or the chip (PCnet) and answers for it.
 */
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>

#include "mdrvctl.h"

static const char *const on_off[] = { "off", "on" };
static const char *const duplex[] = { "half", "full" };
static const char *const duplex_show[256] = {
	[DUPLEX_HALF] = "half", [DUPLEX_FULL] = "full",
	[DUPLEX_UNKNOWN] = "unknown",
};
static const char *const ports[256] = {
	[PORT_TP] = "tp", [PORT_AUI] = "aui", [PORT_BNC] = "bnc",
	[PORT_MII] = "mii", [PORT_FIBRE] = "fibre", [PORT_DA] = "da",
	[PORT_NONE] = "none", [PORT_OTHER] = "other",
};
static const char *const mdix[] = {
	[ETH_TP_MDI_INVALID] = "unknown", [ETH_TP_MDI] = "mdi",
	[ETH_TP_MDI_X] = "mdi-x", [ETH_TP_MDI_AUTO] = "auto",
};
static const char *const xcvr[] = { "internal", "external" };

#define WORDS(w)	w, sizeof(w) / sizeof(w[0])

static const struct param link_set_params[] = {
	{ "speed", ETHTOOL_A_LINKMODES_SPEED, true, NULL, 0 },
	{ "duplex", ETHTOOL_A_LINKMODES_DUPLEX, true, WORDS(duplex) },
	{ "autoneg", ETHTOOL_A_LINKMODES_AUTONEG, true, WORDS(on_off) },
	{ NULL, 0, false, NULL, 0 },
};

static const struct param modes_params[] = {
	{ "duplex", ETHTOOL_A_LINKMODES_DUPLEX, false, WORDS(duplex_show) },
	{ "autoneg", ETHTOOL_A_LINKMODES_AUTONEG, false, WORDS(on_off) },
	{ NULL, 0, false, NULL, 0 },
};

static const struct param info_params[] = {
	{ "port", ETHTOOL_A_LINKINFO_PORT, false, WORDS(ports) },
	{ "phyad", ETHTOOL_A_LINKINFO_PHYADDR, false, NULL, 0 },
	{ "mdix", ETHTOOL_A_LINKINFO_TP_MDIX, false, WORDS(mdix) },
	{ "mdix-ctrl", ETHTOOL_A_LINKINFO_TP_MDIX_CTRL, false, WORDS(mdix) },
	{ "transceiver", ETHTOOL_A_LINKINFO_TRANSCEIVER, false, WORDS(xcvr) },
	{ NULL, 0, false, NULL, 0 },
};

/* the link modes of a verbose bitset: all (@value false) or the set ones */
static void show_modes(const char *key, const struct nlattr *set, bool value)
{
	const struct nlattr *bits = NULL, *a, *b, *f;

	out_arr_open(key);
	out_text("    %-20s", key);
	if (set)
		mnl_attr_for_each_nested(a, set)
			if (mnl_attr_get_type(a) == ETHTOOL_A_BITSET_BITS)
				bits = a;
	if (bits) {
		mnl_attr_for_each_nested(b, bits) {
			const char *name = NULL;
			bool on = false;

			mnl_attr_for_each_nested(f, b) {
				if (mnl_attr_get_type(f) == ETHTOOL_A_BITSET_BIT_NAME)
					name = mnl_attr_get_str(f);
				else if (mnl_attr_get_type(f) == ETHTOOL_A_BITSET_BIT_VALUE)
					on = true;
			}
			if (name && (on || !value))
				out_str(NULL, " %s", name);
		}
	}
	out_text("\n");
	out_arr_close();
}

static int link_show(struct nlc *nl, struct args *a)
{
	static struct et_reply info, modes, state;
	const struct et_req reqs[] = {
		{ ETHTOOL_MSG_LINKINFO_GET, NULL, &info, NULL, NULL },
		{ ETHTOOL_MSG_LINKMODES_GET, NULL, &modes, NULL, NULL },
		{ ETHTOOL_MSG_LINKSTATE_GET, NULL, &state, NULL, NULL },
	};
	const struct nlattr *sp, *up;
	struct mdev d;
	int rc;

	rc = et_request(nl, a, &d, reqs, sizeof(reqs) / sizeof(reqs[0]),
			"link settings");
	if (rc)
		return rc;

	out_begin(false);
	dev_head(&d);
	up = state.tb[ETHTOOL_A_LINKSTATE_LINK];
	if (up) {
		out_text("    %-20s", "link");
		out_bool("link", " %s\n", mnl_attr_get_u8(up));
	}
	sp = modes.tb[ETHTOOL_A_LINKMODES_SPEED];
	if (sp && mnl_attr_get_u32(sp) != (uint32_t)SPEED_UNKNOWN) {
		out_text("    %-20s", "speed");
		out_uint("speed", " %llu\n", mnl_attr_get_u32(sp));
	} else {
		out_text("    %-20s unknown\n", "speed");
	}
	params_show(modes_params, &modes);
	params_show(info_params, &info);
	show_modes("supported", modes.tb[ETHTOOL_A_LINKMODES_OURS], false);
	show_modes("advertised", modes.tb[ETHTOOL_A_LINKMODES_OURS], true);
	show_modes("partner", modes.tb[ETHTOOL_A_LINKMODES_PEER], true);
	out_end();
	return EXIT_OK;
}

static int link_set_parse(int argc, char **argv, struct args *a)
{
	return et_set_parse(argc, argv, a, link_set_params);
}

/* advertise every supported mode: the bits the OURS mask of @ctx lists */
static void put_all_modes(struct nlmsghdr *nlh, const void *ctx)
{
	const struct et_reply *cur = ctx;
	const struct nlattr *ours = cur->tb[ETHTOOL_A_LINKMODES_OURS], *a, *b, *f;
	struct nlattr *set, *bits, *bit;

	if (!ours)
		return;
	set = mnl_attr_nest_start(nlh, ETHTOOL_A_LINKMODES_OURS);
	bits = mnl_attr_nest_start(nlh, ETHTOOL_A_BITSET_BITS);
	mnl_attr_for_each_nested(a, ours) {
		if (mnl_attr_get_type(a) != ETHTOOL_A_BITSET_BITS)
			continue;
		mnl_attr_for_each_nested(b, a)
			mnl_attr_for_each_nested(f, b) {
				if (mnl_attr_get_type(f) != ETHTOOL_A_BITSET_BIT_INDEX)
					continue;
				bit = mnl_attr_nest_start(nlh, ETHTOOL_A_BITSET_BITS_BIT);
				mnl_attr_put_u32(nlh, ETHTOOL_A_BITSET_BIT_INDEX,
						 mnl_attr_get_u32(f));
				mnl_attr_put(nlh, ETHTOOL_A_BITSET_BIT_VALUE, 0, NULL);
				mnl_attr_nest_end(nlh, bit);
			}
	}
	mnl_attr_nest_end(nlh, bits);
	mnl_attr_nest_end(nlh, set);
}

/*
 * As ethtool -s: "autoneg on" without a speed or duplex advertises every
 * supported mode (after a forced speed nothing else would be).
 */
static int link_set(struct nlc *nl, struct args *a)
{
	static struct et_reply cur;
	const struct param_vals *v = &a->vals;
	const struct et_req reqs[] = {
		{ ETHTOOL_MSG_LINKMODES_GET, NULL, &cur, NULL, NULL },
		{ ETHTOOL_MSG_LINKMODES_SET, link_set_params, NULL,
		  put_all_modes, &cur },
	};
	struct mdev d;

	/* link_set_params: speed, duplex, autoneg */
	if (!v->given[2] || v->val[2] != AUTONEG_ENABLE || v->given[0] ||
	    v->given[1])
		return et_set(nl, a, ETHTOOL_MSG_LINKMODES_SET, link_set_params,
			      "setting the link");
	return et_request(nl, a, &d, reqs, 2, "setting the link");
}

static const struct verb link_verbs[] = {
	{ "show", dev_only_parse, link_show, NULL },
	{ "set", link_set_parse, link_set, NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct object link_object = {
	.name = "link",
	.usage = "Usage: mdrvctl link show DEV\n"
		 "       mdrvctl link set DEV [ speed N ] [ duplex { half | full } ]\n"
		 "                            [ autoneg { on | off } ]\n"
		 "       mdrvctl link help\n"
		 "DEV := { IFNAME | id ID }\n"
		 "Link settings, as ethtool and ethtool -s; speed in Mb/s. set needs\n"
		 "CAP_NET_ADMIN. With autoneg on, a speed or duplex limits what is\n"
		 "advertised; autoneg on alone advertises every supported mode.\n",
	.verbs = link_verbs,
};
