// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl monitor: every notification of the "events" multicast group, one
 * line (or one JSON object) each, until SIGINT or SIGTERM. The kernel sends
 * events to listeners in the initial network namespace only.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "mdrv_genl.h"
#include "mdrvctl.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static const char *const event_names[] = {
	[MDRV_EV_ATTACH] = "attach", [MDRV_EV_DETACH] = "detach",
	[MDRV_EV_LINK] = "link", [MDRV_EV_RESET] = "reset",
	[MDRV_EV_ERROR] = "error", [MDRV_EV_RX_MODE] = "rx-mode",
	[MDRV_EV_DEV_NEW] = "dev-new", [MDRV_EV_DEV_DEL] = "dev-del",
};

struct event {
	uint32_t id, ifindex, event;
	bool has_id, has_carrier, carrier;
};

static void print_event(struct nlc *q, const struct event *e)
{
	const char *name = e->event < sizeof(event_names) / sizeof(event_names[0]) &&
			   event_names[e->event] ? event_names[e->event] : NULL;
	struct mdev d;
	char num[16];

	if (!name) {
		snprintf(num, sizeof(num), "%u", e->event);
		name = num;
	}
	out_begin(false);
	out_str("event", "%s", name);
	if (e->has_id) {
		out_uint("id", " id %llu", e->id);
		/* the name as it is now; gone after dev-del */
		if (!dev_get(q, e->id, &d))
			out_str("ifname", " %s", d.ifname);
	}
	out_uint("ifindex", NULL, e->ifindex);
	if (e->has_carrier) {
		out_bool("carrier", NULL, e->carrier);
		out_text(" carrier %s", e->carrier ? "on" : "off");
	}
	out_text("\n");
	out_end();
	fflush(stdout);
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct event e = { 0 };
	struct nlattr *a;

	if (g->cmd != MDRV_CMD_EVENT)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*g)) {
		switch (mnl_attr_get_type(a)) {
		case MDRV_A_ID:
			e.id = mnl_attr_get_u32(a);
			e.has_id = true;
			break;
		case MDRV_A_IFINDEX: e.ifindex = mnl_attr_get_u32(a); break;
		case MDRV_A_EVENT: e.event = mnl_attr_get_u32(a); break;
		case MDRV_A_CARRIER:
			e.carrier = mnl_attr_get_u8(a);
			e.has_carrier = true;
			break;
		}
	}
	print_event(data, &e);
	return MNL_CB_OK;
}

static int monitor_parse(int argc, char **argv, struct args *a)
{
	(void)a;
	if (argc) {
		err_msg("unexpected argument \"%s\"", argv[0]);
		return -1;
	}
	return 0;
}

static int monitor_run(struct nlc *nl, struct args *a)
{
	static char buf[32768];
	struct sigaction sa;
	struct nlc *q = a->aux;	/* DEV_GET: names in the output */
	unsigned int grp = nl->events_grp;
	int n, rc = EXIT_OK;

	if (!grp) {
		err_msg("the mdrv family has no \"%s\" group", MDRV_MCGRP_EVENTS);
		return EXIT_RUNTIME;
	}
	if (mnl_socket_setsockopt(nl->sk, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0)
		return nlc_fail(NULL, "joining the events group", -errno);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: recv returns EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop) {
		n = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				err_msg("events lost (receive buffer overrun)");
				continue;
			}
			rc = nlc_fail(NULL, "receiving events", -errno);
			break;
		}
		if (mnl_cb_run(buf, n, 0, 0, event_cb, q) < 0 && errno != ENOENT) {
			rc = nlc_fail(NULL, "parsing events", -errno);
			break;
		}
	}
	return rc;
}

static const struct verb monitor_verbs[] = {
	{ NULL, monitor_parse, monitor_run, MDRV_GENL_NAME },
	{ NULL, NULL, NULL, NULL },
};

const struct object monitor_object = {
	.name = "monitor",
	.usage = "Usage: mdrvctl monitor\n"
		 "       mdrvctl monitor help\n"
		 "Prints the events of every mdrv device until SIGINT or SIGTERM.\n",
	.verbs = monitor_verbs,
	.nodev = true,
};
