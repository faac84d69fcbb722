// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl health: the devlink health reporters of mdrv's devices (tx-hang,
 * rx-errors, link, daemon: kmod/ctl_devlink.c) as the "devlink" family's
 * HEALTH_REPORTER_GET dump tells them, each with what its diagnose answers
 * (the kernel's facts, then mdrvd's pairs under "daemon"; CAP_NET_ADMIN
 * only, left out for other callers), and the daemon's view from DEV_GET.
 *
 * The devlink instances are pci/BDF, in the initial network namespace:
 * without DEV every mdrv device is shown, wherever its interface is; -n only
 * says where an IFNAME is looked up (the sockets are opened before it).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/devlink.h>

#include "mdrvctl.h"

#define MAX_REPS	(MAX_DEVS * 8)
#define FMSG_DEPTH	8

/* DEVLINK_ATTR_HEALTH_REPORTER_STATE (the kernel's net/devlink.h, not uapi) */
#define STATE_HEALTHY	0
#define STATE_ERROR	1

struct reporter {
	char bus[32], name[32];
	uint8_t state;
	uint64_t errors, recovers, grace, dump_ts_ns;
	bool has_grace, has_recover, auto_recover, has_dump, auto_dump;
	bool dumped;
};

struct replist {
	int n;
	struct reporter r[MAX_REPS];
};

static void attr_str(char *dst, size_t size, const struct nlattr *a)
{
	snprintf(dst, size, "%.*s", (int)strnlen(mnl_attr_get_payload(a),
						 mnl_attr_get_payload_len(a)),
		 (const char *)mnl_attr_get_payload(a));
}

static void parse_reporter(const struct nlattr *nest, struct reporter *r)
{
	struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case DEVLINK_ATTR_HEALTH_REPORTER_NAME:
			attr_str(r->name, sizeof(r->name), a);
			break;
		case DEVLINK_ATTR_HEALTH_REPORTER_STATE:
			r->state = mnl_attr_get_u8(a);
			break;
		case DEVLINK_ATTR_HEALTH_REPORTER_ERR_COUNT:
			r->errors = mnl_attr_get_u64(a);
			break;
		case DEVLINK_ATTR_HEALTH_REPORTER_RECOVER_COUNT:
			r->recovers = mnl_attr_get_u64(a);
			break;
		case DEVLINK_ATTR_HEALTH_REPORTER_GRACEFUL_PERIOD:
			r->has_grace = true;
			r->grace = mnl_attr_get_u64(a);
			break;
		case DEVLINK_ATTR_HEALTH_REPORTER_AUTO_RECOVER:
			r->has_recover = true;
			r->auto_recover = mnl_attr_get_u8(a);
			break;
		case DEVLINK_ATTR_HEALTH_REPORTER_AUTO_DUMP:
			r->has_dump = true;
			r->auto_dump = mnl_attr_get_u8(a);
			break;
		case DEVLINK_ATTR_HEALTH_REPORTER_DUMP_TS_NS:
			r->dumped = true;
			r->dump_ts_ns = mnl_attr_get_u64(a);
			break;
		}
	}
}

/* one reporter of a device (port reporters are not mdrv's) */
static int reporter_cb(const struct nlmsghdr *nlh, void *data)
{
	struct replist *l = data;
	struct reporter r;
	char bus[16] = "";
	bool found = false, port = false;
	struct nlattr *a;

	memset(&r, 0, sizeof(r));
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case DEVLINK_ATTR_BUS_NAME:
			attr_str(bus, sizeof(bus), a);
			break;
		case DEVLINK_ATTR_DEV_NAME:
			attr_str(r.bus, sizeof(r.bus), a);
			break;
		case DEVLINK_ATTR_PORT_INDEX:
			port = true;
			break;
		case DEVLINK_ATTR_HEALTH_REPORTER:
			parse_reporter(a, &r);
			found = true;
			break;
		}
	}
	if (found && !port && !strcmp(bus, "pci") && l->n < MAX_REPS)
		l->r[l->n++] = r;
	return MNL_CB_OK;
}

/*
 * The stream of a diagnose: flags that open and close objects, pairs and
 * arrays, a pair's name, a value's type and data; one reply may come in
 * several messages. @open: a JSON object or array was opened at that level.
 */
struct fmsg {
	int depth, indent;
	uint16_t kind[FMSG_DEPTH];
	bool open[FMSG_DEPTH];
	char key[64];
	uint8_t type;
};

static uint16_t fmsg_parent(const struct fmsg *f)
{
	return f->depth ? f->kind[f->depth - 1] : 0;
}

/* a value: "key: value" (in a pair) or "- value" (in an array) */
static void fmsg_value(struct fmsg *f, const struct nlattr *a)
{
	const char *key = fmsg_parent(f) == DEVLINK_ATTR_FMSG_PAIR_NEST_START ?
			  f->key : NULL;
	const uint8_t *p = mnl_attr_get_payload(a);
	unsigned int len = mnl_attr_get_payload_len(a);
	char hex[3 * 64 + 1] = "", *s;

	if (key)
		out_text("%*s%s: ", f->indent, "", key);
	else
		out_text("%*s- ", f->indent, "");
	switch (f->type) {
	case MNL_TYPE_FLAG:	/* a bool: always present, as a u8 */
		out_bool(key, "%s\n", len && p[0]);
		break;
	case MNL_TYPE_U8:
		out_uint(key, "%llu\n", mnl_attr_get_u8(a));
		break;
	case MNL_TYPE_U16:
		out_uint(key, "%llu\n", mnl_attr_get_u16(a));
		break;
	case MNL_TYPE_U32:
		out_uint(key, "%llu\n", mnl_attr_get_u32(a));
		break;
	case MNL_TYPE_U64:
		out_uint(key, "%llu\n", mnl_attr_get_u64(a));
		break;
	case MNL_TYPE_NUL_STRING:
		out_str(key, "%s\n", strnlen((const char *)p, len) < len ?
			(const char *)p : "");
		break;
	default:		/* binary: hex bytes, as devlink prints them */
		s = hex;
		for (unsigned int i = 0; i < len && i < 64; i++)
			s += sprintf(s, "%s%02x", i ? " " : "", p[i]);
		out_str(key, "%s\n", hex);
		break;
	}
}

/* a nest opens: the value of a pair (or an array's element) is an object */
static int fmsg_open(struct fmsg *f, uint16_t kind)
{
	uint16_t parent = fmsg_parent(f);
	bool open = false;

	if (f->depth == FMSG_DEPTH)
		return MNL_CB_ERROR;
	if (kind == DEVLINK_ATTR_FMSG_PAIR_NEST_START) {
		f->key[0] = 0;
	} else if (!f->depth) {
		out_obj_open("diagnose");	/* the reporter's outer object */
		open = true;
	} else if (parent == DEVLINK_ATTR_FMSG_PAIR_NEST_START ||
		   parent == DEVLINK_ATTR_FMSG_ARR_NEST_START) {
		const char *key = parent == DEVLINK_ATTR_FMSG_PAIR_NEST_START ?
				  f->key : NULL;

		if (kind == DEVLINK_ATTR_FMSG_ARR_NEST_START)
			out_arr_open(key);
		else
			out_obj_open(key);
		out_text("%*s%s:\n", f->indent, "", key ? key : "-");
		f->indent += 2;
		open = true;
	}
	f->kind[f->depth] = kind;
	f->open[f->depth++] = open;
	return MNL_CB_OK;
}

static void fmsg_close(struct fmsg *f)
{
	if (!f->depth)
		return;
	if (f->open[--f->depth]) {
		out_obj_close();
		if (f->depth)
			f->indent -= 2;
	}
}

static int fmsg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fmsg *f = data;
	struct nlattr *nest, *a;
	int rc = MNL_CB_OK;

	mnl_attr_for_each(nest, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(nest) != DEVLINK_ATTR_FMSG)
			continue;
		mnl_attr_for_each_nested(a, nest) {
			uint16_t t = mnl_attr_get_type(a);

			switch (t) {
			case DEVLINK_ATTR_FMSG_OBJ_NEST_START:
			case DEVLINK_ATTR_FMSG_PAIR_NEST_START:
			case DEVLINK_ATTR_FMSG_ARR_NEST_START:
				rc = fmsg_open(f, t);
				break;
			case DEVLINK_ATTR_FMSG_NEST_END:
				fmsg_close(f);
				break;
			case DEVLINK_ATTR_FMSG_OBJ_NAME:
				attr_str(f->key, sizeof(f->key), a);
				break;
			case DEVLINK_ATTR_FMSG_OBJ_VALUE_TYPE:
				f->type = mnl_attr_get_u8(a);
				break;
			case DEVLINK_ATTR_FMSG_OBJ_VALUE_DATA:
				fmsg_value(f, a);
				break;
			}
			if (rc != MNL_CB_OK)
				return rc;
		}
	}
	return MNL_CB_OK;
}

/* diagnose reporter @r: its pairs, printed; 0 or -errno */
static int diagnose(struct nlc *dl, const struct reporter *r, int indent)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct fmsg f;
	int err;

	nlh = nlc_msg(dl, buf, DEVLINK_CMD_HEALTH_REPORTER_DIAGNOSE, false);
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_BUS_NAME, "pci");
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, r->bus);
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_HEALTH_REPORTER_NAME, r->name);
	memset(&f, 0, sizeof(f));
	f.indent = indent;
	err = nlc_talk(dl, nlh, fmsg_cb, &f);
	while (f.depth)		/* a reply cut short: the JSON stays whole */
		fmsg_close(&f);
	return err;
}

static void show_reporter(const struct reporter *r)
{
	char date[16], tod[16];
	time_t t;

	out_str("name", "    %s:", r->name);
	out_str("state", " %s", r->state == STATE_HEALTHY ?
		"healthy" : r->state == STATE_ERROR ?
		"error" : "unknown");
	out_uint("error", " error %llu", r->errors);
	out_uint("recover", " recover %llu", r->recovers);
	if (r->has_grace)
		out_uint("grace_period", " grace-period %llu", r->grace);
	if (r->has_recover)
		out_bool("auto_recover", " auto-recover %s", r->auto_recover);
	if (r->has_dump)
		out_bool("auto_dump", " auto-dump %s", r->auto_dump);
	if (r->dumped) {
		t = r->dump_ts_ns / 1000000000;
		strftime(date, sizeof(date), "%Y-%m-%d", localtime(&t));
		strftime(tod, sizeof(tod), "%H:%M:%S", localtime(&t));
		out_str("last_dump_date", " last-dump %s", date);
		out_str("last_dump_time", " %s", tod);
		out_uint("last_dump_ts_ns", NULL, r->dump_ts_ns);
	}
	out_text("\n");
}

/* the daemon's view: DEV_GET */
static void show_daemon(const struct mdev *d)
{
	out_obj_open("daemon");
	out_bool("attached", NULL, d->owner != 0);
	out_uint("owner", NULL, d->owner);
	if (d->owner)
		out_text("    daemon attached (portid %u)", d->owner);
	else
		out_text("    daemon not attached");
	out_uint("resets", " resets %llu", d->resets);
	out_uint("rejects", " rejects %llu\n", d->rejects);
	out_obj_close();
}

struct show {
	struct nlc *dl;
	const struct replist *reps;
	bool no_diagnose;	/* refused once (CAP_NET_ADMIN): not asked again */
	int rc;
};

static void show_dev(struct show *s, const struct mdev *d)
{
	char handle[40];
	int err, n = 0;

	snprintf(handle, sizeof(handle), "pci/%s", d->bus);
	out_obj_open(NULL);
	out_uint("id", "%llu: ", d->id);
	out_str("ifname", "%s: ", d->ifname);
	out_str("devlink", "%s ", handle);
	out_str("bus", NULL, d->bus);
	out_str("chip", "chip %s\n", chip_name(d->chip));
	show_daemon(d);
	out_arr_open("reporters");
	for (int i = 0; i < s->reps->n; i++) {
		const struct reporter *r = &s->reps->r[i];

		if (strcmp(r->bus, d->bus))
			continue;
		n++;
		out_obj_open(NULL);
		show_reporter(r);
		if (!s->no_diagnose) {
			err = diagnose(s->dl, r, 8);
			if (err == -EPERM)
				s->no_diagnose = true;	/* said at the end */
			else if (err)
				s->rc = nlc_fail(s->dl, r->name, err);
		}
		out_obj_close();
	}
	out_arr_close();
	if (!n)
		out_text("    no devlink health reporters\n");
	out_obj_close();
}

static int health_show(struct nlc *nl, struct args *a)
{
	static struct replist reps;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct show s = { .dl = a->aux, .reps = &reps };
	struct devlist l;
	int err, rc;

	if (a->dev.given) {
		l.n = 1;
		rc = dev_find(nl, &a->dev, &l.d[0]);
		if (rc)
			return rc;
	} else {
		err = dev_list(nl, &l);
		if (err)
			return nlc_fail(nl, "device list", err);
	}
	reps.n = 0;
	err = nlc_talk(s.dl, nlc_msg(s.dl, buf, DEVLINK_CMD_HEALTH_REPORTER_GET, true),
		       reporter_cb, &reps);
	if (err)
		return nlc_fail(s.dl, "devlink health reporters", err);
	out_begin(true);
	for (int i = 0; i < l.n; i++)
		show_dev(&s, &l.d[i]);
	out_end();
	if (s.no_diagnose)
		err_msg("diagnose needs CAP_NET_ADMIN: the reporters' state only");
	return s.rc;
}

static const struct verb health_verbs[] = {
	{ "show", dev_show_parse, health_show, DEVLINK_GENL_NAME },
	{ NULL, NULL, NULL, NULL },
};

const struct object health_object = {
	.name = "health",
	.usage = "Usage: mdrvctl health show [ DEV ]\n"
		 "       mdrvctl health help\n"
		 "DEV := { IFNAME | id ID }\n"
		 "Without DEV, every mdrv device. The reporters' diagnose needs\n"
		 "CAP_NET_ADMIN; without it, their state only.\n",
	.verbs = health_verbs,
};
