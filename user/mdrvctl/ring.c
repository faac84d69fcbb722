// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl ring: the descriptor ring sizes, through the kernel's ethtool
 * netlink family (RINGS_GET, RINGS_SET) as ethtool -g/-G uses it. The kernel
 * checks a size against the maximum; mdrvd rounds and applies it.
 */
#include <linux/ethtool_netlink.h>

#include "mdrvctl.h"

static const struct param ring_params[] = {
	{ "rx-max", ETHTOOL_A_RINGS_RX_MAX, false, NULL, 0 },
	{ "rx-mini-max", ETHTOOL_A_RINGS_RX_MINI_MAX, false, NULL, 0 },
	{ "rx-jumbo-max", ETHTOOL_A_RINGS_RX_JUMBO_MAX, false, NULL, 0 },
	{ "tx-max", ETHTOOL_A_RINGS_TX_MAX, false, NULL, 0 },
	{ "rx", ETHTOOL_A_RINGS_RX, true, NULL, 0 },
	{ "rx-mini", ETHTOOL_A_RINGS_RX_MINI, false, NULL, 0 },
	{ "rx-jumbo", ETHTOOL_A_RINGS_RX_JUMBO, false, NULL, 0 },
	{ "tx", ETHTOOL_A_RINGS_TX, true, NULL, 0 },
	{ "rx-buf-len", ETHTOOL_A_RINGS_RX_BUF_LEN, false, NULL, 0 },
	{ NULL, 0, false, NULL, 0 },
};

static int ring_show(struct nlc *nl, struct args *a)
{
	return et_show(nl, a, ETHTOOL_MSG_RINGS_GET, ring_params, "ring sizes");
}

static int ring_set_parse(int argc, char **argv, struct args *a)
{
	return et_set_parse(argc, argv, a, ring_params);
}

static int ring_set(struct nlc *nl, struct args *a)
{
	return et_set(nl, a, ETHTOOL_MSG_RINGS_SET, ring_params,
		      "setting the ring sizes");
}

static const struct verb ring_verbs[] = {
	{ "show", dev_only_parse, ring_show, NULL },
	{ "set", ring_set_parse, ring_set, NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct object ring_object = {
	.name = "ring",
	.usage = "Usage: mdrvctl ring show DEV\n"
		 "       mdrvctl ring set DEV [ rx N ] [ tx N ]\n"
		 "       mdrvctl ring help\n"
		 "DEV := { IFNAME | id ID }\n"
		 "The descriptors per ring, as ethtool -g/-G. set needs CAP_NET_ADMIN\n"
		 "and at least one size; the kernel refuses one above the maximum.\n",
	.verbs = ring_verbs,
};
