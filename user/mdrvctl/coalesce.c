// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl coalesce: interrupt coalescing, through the kernel's ethtool
 * netlink family (COALESCE_GET, COALESCE_SET) as ethtool -c/-C uses it.
 * mdrv supports rx-usecs and tx-usecs (supported_coalesce_params); the
 * kernel reports only those. The other parameters of ethtool -C are passed
 * on, for the kernel to refuse with its own message.
 */
#include <linux/ethtool_netlink.h>

#include "mdrvctl.h"

static const char *const on_off[] = { "off", "on" };

#define U32(n, a)	{ n, ETHTOOL_A_COALESCE_##a, true, NULL, 0 }
#define BOOL(n, a)	{ n, ETHTOOL_A_COALESCE_##a, true, on_off, 2 }

static const struct param coal_params[] = {
	U32("rx-usecs", RX_USECS),
	U32("rx-frames", RX_MAX_FRAMES),
	U32("rx-usecs-irq", RX_USECS_IRQ),
	U32("rx-frames-irq", RX_MAX_FRAMES_IRQ),
	U32("tx-usecs", TX_USECS),
	U32("tx-frames", TX_MAX_FRAMES),
	U32("tx-usecs-irq", TX_USECS_IRQ),
	U32("tx-frames-irq", TX_MAX_FRAMES_IRQ),
	U32("stats-block-usecs", STATS_BLOCK_USECS),
	BOOL("adaptive-rx", USE_ADAPTIVE_RX),
	BOOL("adaptive-tx", USE_ADAPTIVE_TX),
	U32("pkt-rate-low", PKT_RATE_LOW),
	U32("rx-usecs-low", RX_USECS_LOW),
	U32("rx-frames-low", RX_MAX_FRAMES_LOW),
	U32("tx-usecs-low", TX_USECS_LOW),
	U32("tx-frames-low", TX_MAX_FRAMES_LOW),
	U32("pkt-rate-high", PKT_RATE_HIGH),
	U32("rx-usecs-high", RX_USECS_HIGH),
	U32("rx-frames-high", RX_MAX_FRAMES_HIGH),
	U32("tx-usecs-high", TX_USECS_HIGH),
	U32("tx-frames-high", TX_MAX_FRAMES_HIGH),
	U32("sample-interval", RATE_SAMPLE_INTERVAL),
	{ NULL, 0, false, NULL, 0 },
};

static int coal_show(struct nlc *nl, struct args *a)
{
	return et_show(nl, a, ETHTOOL_MSG_COALESCE_GET, coal_params,
		       "coalescing parameters");
}

static int coal_set_parse(int argc, char **argv, struct args *a)
{
	return et_set_parse(argc, argv, a, coal_params);
}

static int coal_set(struct nlc *nl, struct args *a)
{
	return et_set(nl, a, ETHTOOL_MSG_COALESCE_SET, coal_params,
		      "setting the coalescing parameters");
}

static const struct verb coal_verbs[] = {
	{ "show", dev_only_parse, coal_show, NULL },
	{ "set", coal_set_parse, coal_set, NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct object coalesce_object = {
	.name = "coalesce",
	.usage = "Usage: mdrvctl coalesce show DEV\n"
		 "       mdrvctl coalesce set DEV [ rx-usecs N ] [ tx-usecs N ]\n"
		 "       mdrvctl coalesce help\n"
		 "DEV := { IFNAME | id ID }\n"
		 "Interrupt coalescing, as ethtool -c/-C; mdrv supports rx-usecs and\n"
		 "tx-usecs. set needs CAP_NET_ADMIN. The other parameters of\n"
		 "ethtool -C (rx-frames, adaptive-rx on|off, ...) are passed to the\n"
		 "kernel, which refuses them for mdrv (exit 2).\n",
	.verbs = coal_verbs,
};
