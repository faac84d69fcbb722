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
	bool json, pretty;
	const char *netns;
};
extern struct opts opts;

/*
 * ---- print.c: a failed request (extack verbatim, errno text): EXIT_KERNEL
 * when @nl got the error from the kernel, else EXIT_RUNTIME
 */
int nlc_fail(const struct nlc *nl, const char *what, int err);

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

#define MAX_DEVS	32

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
/* DEV_GET of device @id, quietly: 0 or -errno */
int dev_get(struct nlc *nl, uint32_t id, struct mdev *d);
const char *chip_name(uint32_t chip);

/* ---- the objects: dispatch table entries (main.c) ---- */
struct args {
	struct devsel dev;
	struct nlc *aux;	/* a second socket, if the verb asks for one */
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
};

/* a verb's parse(): [ DEV ] and nothing more (dev show, health show) */
int dev_show_parse(int argc, char **argv, struct args *a);

extern const struct object dev_object, regs_object, monitor_object,
	health_object;

#endif /* MDRVCTL_H */
