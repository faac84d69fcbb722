// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl stats: the counters of a device. The hardware set is the
 * driver's ethtool -S set, read as ethtool reads it (SIOCETHTOOL:
 * ETHTOOL_GSSET_INFO, ETHTOOL_GSTRINGS and ETHTOOL_GSTATS of ETH_SS_STATS);
 * the software set is the stack's, IFLA_STATS64 of an rtnetlink RTM_GETLINK.
 * With -s (--delta): two samples SECS apart, and the change of each counter.
 * The kernel answers ETHTOOL_GSTATS without waiting for mdrvd, from the last
 * harvest (hw_stats_age_ms says how old): a sample older than
 * MDRV_STATS_FRESH_MS is read again until mdrvd's harvest lands (the read
 * asked for one), 3 s at most.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "mdrv_stats.h"
#include "mdrvctl.h"

#define FRESH_WAIT_MS	3000
#define FRESH_POLL_MS	50

#define SW(f)	{ #f, offsetof(struct rtnl_link_stats64, f) }

static const struct {
	const char *name;
	size_t off;
} sw_names[] = {
	SW(rx_packets), SW(tx_packets), SW(rx_bytes), SW(tx_bytes),
	SW(rx_errors), SW(tx_errors), SW(rx_dropped), SW(tx_dropped),
	SW(multicast), SW(collisions), SW(rx_length_errors),
	SW(rx_over_errors), SW(rx_crc_errors), SW(rx_frame_errors),
	SW(rx_fifo_errors), SW(rx_missed_errors), SW(tx_aborted_errors),
	SW(tx_carrier_errors), SW(tx_fifo_errors), SW(tx_heartbeat_errors),
	SW(tx_window_errors), SW(rx_compressed), SW(tx_compressed),
	SW(rx_nohandler),
};

#define N_SW	(sizeof(sw_names) / sizeof(sw_names[0]))

/* one reading of both sets */
struct sample {
	uint64_t sw[N_SW];
	bool has_sw;
	struct ethtool_stats *hw;	/* n_stats values */
};

/* the names of the hardware counters, once */
struct hwnames {
	uint32_t n;
	int age;		/* index of hw_stats_age_ms, -1: none */
	struct ethtool_gstrings *s;
};

static int hw_names(const char *ifname, struct hwnames *h)
{
	struct {
		struct ethtool_sset_info hdr;
		uint32_t len;
	} info = { .hdr = { .cmd = ETHTOOL_GSSET_INFO,
			    .sset_mask = 1ULL << ETH_SS_STATS } };
	int err;

	err = et_ioctl(ifname, &info);
	if (err)
		return err;
	h->n = info.hdr.sset_mask & (1ULL << ETH_SS_STATS) ? info.len : 0;
	h->s = calloc(1, sizeof(*h->s) + (size_t)h->n * ETH_GSTRING_LEN);
	if (!h->s)
		return -ENOMEM;
	h->s->cmd = ETHTOOL_GSTRINGS;
	h->s->string_set = ETH_SS_STATS;
	h->s->len = h->n;
	h->age = -1;
	err = h->n ? et_ioctl(ifname, h->s) : 0;
	for (uint32_t i = 0; !err && i < h->n; i++)
		if (!strncmp((char *)h->s->data + i * ETH_GSTRING_LEN,
			     mdrv_sw_stat_names[MDRV_SW_HW_AGE], ETH_GSTRING_LEN))
			h->age = i;
	return err;
}

static int hw_read(const char *ifname, const struct hwnames *h,
		   struct sample *s)
{
	struct timespec ts = { .tv_nsec = FRESH_POLL_MS * 1000000L };
	unsigned int waited;
	int err = 0;

	s->hw = calloc(1, sizeof(*s->hw) + (size_t)h->n * sizeof(uint64_t));
	if (!s->hw)
		return -ENOMEM;
	for (waited = 0; h->n; waited += FRESH_POLL_MS) {
		s->hw->cmd = ETHTOOL_GSTATS;
		s->hw->n_stats = h->n;
		err = et_ioctl(ifname, s->hw);
		if (err || h->age < 0 ||
		    s->hw->data[h->age] <= MDRV_STATS_FRESH_MS ||
		    waited >= FRESH_WAIT_MS)
			break;
		nanosleep(&ts, NULL);
	}
	return err;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct sample *s = data;
	struct rtnl_link_stats64 st;
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg)) {
		size_t len = mnl_attr_get_payload_len(a);

		if (mnl_attr_get_type(a) != IFLA_STATS64)
			continue;
		memset(&st, 0, sizeof(st));
		memcpy(&st, mnl_attr_get_payload(a), len < sizeof(st) ? len : sizeof(st));
		for (unsigned int i = 0; i < N_SW; i++)
			memcpy(&s->sw[i], (char *)&st + sw_names[i].off, sizeof(uint64_t));
		s->has_sw = true;
	}
	return MNL_CB_OK;
}

static int sw_read(struct nlc *rt, const char *ifname, struct sample *s)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
	s->has_sw = false;
	return nlc_talk(rt, nlh, link_cb, s);
}

/* both sets: 0, or an exit code after a message */
static int sample(struct nlc *rt, const char *ifname, const struct hwnames *h,
		  struct sample *s)
{
	int err = sw_read(rt, ifname, s);

	if (err)
		return nlc_fail(rt, "software counters (RTM_GETLINK)", err);
	err = hw_read(ifname, h, s);
	if (err)
		return ioctl_fail("hardware counters (ETHTOOL_GSTATS)", err);
	return 0;
}

static uint64_t change(uint64_t now, uint64_t then)
{
	return opts.delta ? now - then : now;
}

static void show(const struct mdev *d, const struct hwnames *h,
		 const struct sample *now, const struct sample *then,
		 uint32_t interval)
{
	char name[ETH_GSTRING_LEN + 1];

	out_begin(false);
	dev_head(d);
	if (opts.delta)
		out_uint("interval", "    change in %llu s\n", interval);
	out_obj_open("software");
	out_text("  software (rtnetlink):\n");
	for (unsigned int i = 0; now->has_sw && i < N_SW; i++) {
		out_text("    %-28s", sw_names[i].name);
		out_uint(sw_names[i].name, " %llu\n", change(now->sw[i], then->sw[i]));
	}
	out_obj_close();
	out_obj_open("hardware");
	out_text("  hardware (ethtool -S):\n");
	for (uint32_t i = 0; i < h->n; i++) {
		snprintf(name, sizeof(name), "%.*s", ETH_GSTRING_LEN,
			 (const char *)h->s->data + i * ETH_GSTRING_LEN);
		out_text("    %-28s", name);
		out_uint(name, " %llu\n", change(now->hw->data[i], then->hw->data[i]));
	}
	out_obj_close();
	out_end();
}

static int stats_parse(int argc, char **argv, struct args *a)
{
	int n = devsel_parse(argc, argv, &a->dev, true);

	a->interval = 1;
	if (n < 0 || n == argc)
		return n;
	if (strcmp(argv[n], "interval")) {
		err_msg("unexpected argument \"%s\"", argv[n]);
		return -1;
	}
	if (!opts.delta) {
		err_msg("\"interval\" goes with -s (--delta)");
		return -1;
	}
	if (n + 1 == argc) {
		err_msg("\"interval\" needs a number of seconds");
		return -1;
	}
	if (parse_u32("interval", argv[n + 1], &a->interval))
		return -1;
	if (!a->interval || a->interval > 3600) {
		err_msg("interval %u: not within 1 to 3600 seconds", a->interval);
		return -1;
	}
	if (n + 2 < argc) {
		err_msg("unexpected argument \"%s\"", argv[n + 2]);
		return -1;
	}
	return argc;
}

static int stats_show(struct nlc *nl, struct args *a)
{
	struct sample s[2] = { 0 };
	struct hwnames h = { 0 };
	struct nlc rt;
	struct mdev d;
	int rc, err;

	rc = dev_here(nl, &a->dev, &d);
	if (rc)
		return rc;
	err = nlc_open_route(&rt);
	if (err)
		return nlc_fail(NULL, "rtnetlink socket", err);
	err = hw_names(d.ifname, &h);
	if (err) {
		rc = ioctl_fail("hardware counter names (ETHTOOL_GSTRINGS)", err);
		goto out;
	}
	rc = sample(&rt, d.ifname, &h, &s[0]);
	if (!rc && opts.delta) {
		struct timespec ts = { .tv_sec = a->interval };

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		rc = sample(&rt, d.ifname, &h, &s[1]);
	}
	if (!rc)
		show(&d, &h, &s[opts.delta], &s[0], a->interval);
out:
	free(s[0].hw);
	free(s[1].hw);
	free(h.s);
	nlc_close(&rt);
	return rc;
}

static const struct verb stats_verbs[] = {
	{ "show", stats_parse, stats_show, NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct object stats_object = {
	.name = "stats",
	.usage = "Usage: mdrvctl [ -s ] stats show DEV [ interval SECS ]\n"
		 "       mdrvctl stats help\n"
		 "DEV := { IFNAME | id ID }\n"
		 "The software counters (rtnetlink IFLA_STATS64, as ip -s link) and\n"
		 "the driver's hardware set (as ethtool -S). With -s (--delta): two\n"
		 "samples SECS apart (default 1, at most 3600), each counter's change.\n",
	.verbs = stats_verbs,
};
