/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdrvctl: the command line tool of mdrv (OBJECT VERB, as ip(8)). One file
 * per object (dev.c, regs.c, monitor.c, health.c), the netlink plumbing in
 * nl.c, the text/JSON output in print.c.
 */
#ifndef MDRVCTL_H
#define MDRVCTL_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "nl.h"

struct args;

/*
 * exit codes, as ip(8): 1 for a syntax error (and what fails before the
 * kernel is asked: no such interface, no namespace), 2 for an error the
 * kernel reported
 */
#define EXIT_OK		0
#define EXIT_USAGE	1
#define EXIT_RUNTIME	1
#define EXIT_KERNEL	2

/* Options that apply to every command. */
struct opts {
	bool json, pretty, delta;
	const char *netns;
};
extern struct opts opts;

/*
 * ---- print.c: a failed request (extack verbatim, errno text): EXIT_KERNEL
 * when @nl got the error from the kernel, else EXIT_RUNTIME
 */
int nlc_fail(const struct nlc *nl, const char *what, int err);
/* ---- print.c: an ioctl the kernel refused (-@err): EXIT_KERNEL */
int ioctl_fail(const char *what, int err);

/* ---- print.c: text or JSON, one document per command ---- */
void out_begin(bool array);
void out_end(void);
void out_obj_open(const char *key);
void out_obj_close(void);
void out_arr_open(const char *key);
void out_arr_close(void);
/* @fmt is the text form (NULL: JSON only); @key the JSON member */
void out_str(const char *key, const char *fmt, const char *val);
void out_uint(const char *key, const char *fmt, uint64_t val);
void out_bool(const char *key, const char *fmt, bool val);
/* text only */
void out_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- dev.c: devices ---- */
/* DEV on the command line: IFNAME (current netns) or "id N" */
struct devsel {
	bool given, by_id;
	uint32_t id;
	char ifname[IF_NAMESIZE];
};

struct mdev {
	uint32_t id, ifindex, chip, owner, ring_tx, ring_rx, rx_buf_len;
	uint32_t mtu, resets;
	uint64_t rejects;
	bool carrier, up, has_mac;
	uint8_t mac[6];
	char ifname[IF_NAMESIZE], bus[32], mbox[32];
};

#define MAX_DEVS	64	/* the kernel numbers devices 0..63 */

struct devlist {
	int n;
	struct mdev d[MAX_DEVS];
};

/* parse DEV from @argv: number of words used, or -1 (usage message shown) */
int devsel_parse(int argc, char **argv, struct devsel *sel, bool required);
/* the device @sel names: 0, or EXIT_RUNTIME after a message */
int dev_find(struct nlc *nl, const struct devsel *sel, struct mdev *out);
/* DEV_GET dump: every device, of every namespace: 0 or -errno */
int dev_list(struct nlc *nl, struct devlist *l);
/*
 * dev_find, and the device's interface must be in the current namespace
 * (for "id N"): 0, or EXIT_RUNTIME after a message
 */
int dev_here(struct nlc *nl, const struct devsel *sel, struct mdev *out);
/* "DEV" and nothing else: argc, or -1 after a message */
int dev_only_parse(int argc, char **argv, struct args *a);
/* the heading of a device's output: its name and id */
void dev_head(const struct mdev *d);
/* DEV_GET of device @id, quietly: 0 or -errno */
int dev_get(struct nlc *nl, uint32_t id, struct mdev *d);
const char *chip_name(uint32_t chip);

/* ---- ethnl.c: the kernel's ethtool interfaces ---- */
/* SIOCETHTOOL on interface @ifname of the current netns: 0 or -errno */
int et_ioctl(const char *ifname, void *data);
/* a socket of the "ethtool" genl family: 0, or an exit code after a message */
int et_open(struct nlc *nl);
/* a request for @cmd about interface @ifname (header nest only) */
struct nlmsghdr *et_msg(struct nlc *nl, char *buf, uint8_t cmd,
			const char *ifname);

#define ET_ATTR_MAX	32

/* a GET's reply, kept: its top-level attributes by type */
struct et_reply {
	char buf[8192];
	const struct nlattr *tb[ET_ATTR_MAX];
};

/* send @nlh on @et, keeping the reply in @r (NULL: only an ACK): 0 or -errno */
int et_talk(struct nlc *et, struct nlmsghdr *nlh, struct et_reply *r);


/* a number on the command line: 0, or -1 after a message */
int parse_u32(const char *what, const char *s, uint32_t *v);

/*
 * An attribute of an ethtool message: a u32, or a u8 whose values have
 * names (@words). @name is the keyword, the text label and the JSON key.
 */
struct param {
	const char *name;
	uint16_t attr;
	bool settable;
	const char *const *words;
	unsigned int nwords;
};

#define PARAMS_MAX	32

/* the values a set gives, by index in the param table */
struct param_vals {
	unsigned int n;
	bool given[PARAMS_MAX];
	uint32_t val[PARAMS_MAX];
};

/* KEYWORD VALUE pairs (the settable ones of @t): argc, or -1 after a message */
int params_parse(const struct param *t, int argc, char **argv,
		 struct param_vals *v);
void params_put(struct nlmsghdr *nlh, const struct param *t,
		const struct param_vals *v);
/* the attributes of @t that the reply holds, in table order */
void params_show(const struct param *t, const struct et_reply *r);

/* ---- etverb.c: verbs of one ethtool request about a device ---- */
/* one request of et_request(): a GET kept in @r, or a SET of @set's values */
struct et_req {
	uint8_t cmd;
	const struct param *set;	/* put args.vals of this table */
	struct et_reply *r;		/* NULL: only an ACK */
	/* more attributes of the request, from @ctx */
	void (*put)(struct nlmsghdr *nlh, const void *ctx);
	const void *ctx;
};

/*
 * dev_here for DEV, then @reqs in turn on an ethtool socket: 0, or an exit
 * code after a message (the kernel's extack, @what failed)
 */
int et_request(struct nlc *nl, const struct args *a, struct mdev *d,
	       const struct et_req *reqs, unsigned int n, const char *what);
/* "show DEV": @cmd's reply, the attributes of @t; @what names it on error */
int et_show(struct nlc *nl, struct args *a, uint8_t cmd,
	    const struct param *t, const char *what);
/* "set DEV KEYWORD VALUE...": parse, and send @cmd with what was given */
int et_set_parse(int argc, char **argv, struct args *a, const struct param *t);
int et_set(struct nlc *nl, struct args *a, uint8_t cmd,
	   const struct param *t, const char *what);

/* ---- the objects: dispatch table entries (main.c) ---- */
struct args {
	struct devsel dev;
	struct nlc *aux;	/* a second socket, if the verb asks for one */
	/* what a verb parsed for itself */
	struct param_vals vals;		/* ring, coalesce, link set */
	uint32_t interval;		/* stats show -s */
	uint32_t offset, length;	/* eeprom dump */
	bool has_length;
};

struct verb {
	const char *name;	/* NULL: the object's default verb */
	int (*parse)(int argc, char **argv, struct args *a);
	int (*run)(struct nlc *nl, struct args *a);
	const char *aux;	/* run() needs a second socket in args.aux,
				 * of this generic netlink family */
};

struct object {
	const char *name;
	const char *usage;
	const struct verb *verbs;
	bool nodev;		/* no verb takes a device: "help" right after it */
};

/* a verb's parse(): [ DEV ] and nothing more (dev show, health show) */
int dev_show_parse(int argc, char **argv, struct args *a);

extern const struct object dev_object, regs_object, monitor_object;
extern const struct object stats_object, ring_object, coalesce_object;
extern const struct object link_object, eeprom_object, health_object;

#endif /* MDRVCTL_H */
