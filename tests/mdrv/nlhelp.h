/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small libmnl client of the "mdrv" generic netlink family, shared by the
 * tests (nl_test, nl_fuzz, mbox_fuzz): open a socket and resolve the
 * family, run one request, list the devices, read and write registers.
 */
#ifndef MDRV_NLHELP_H
#define MDRV_NLHELP_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	uint16_t family;
	unsigned int seq;
	char extack[256];	/* the kernel's message for the last error */
};

/* One device as DEV_GET describes it. */
struct dev {
	uint32_t id, chip, owner, ifindex, resets, mtu;
	uint32_t ring_tx, ring_rx;
	uint64_t rejects;
	char bus[32];
	char ifname[32];
	char mbox[32];
};

#define NL_MAX_DEVS	8

struct devs {
	int n;
	struct dev d[NL_MAX_DEVS];
};

/* A socket with extended and capped ACKs, the family resolved: 0/-errno. */
int nl_open(struct nl *nl);
void nl_close(struct nl *nl);
/* Start a request for @cmd in @buf: an ACK is asked for, or a dump. */
struct nlmsghdr *nl_msg(struct nl *nl, char *buf, uint8_t cmd, bool dump);
/* Run one request; returns 0 or -errno, fills nl->extack on errors. */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* Parse one DEV_GET reply into @d. */
void nl_parse_dev(const struct nlmsghdr *nlh, struct dev *d);
int nl_list_devs(struct nl *nl, struct devs *ds);
/* The device of chip @chip, or at PCI address @bus: 0 or -ENODEV. */
int nl_find_chip(struct nl *nl, uint32_t chip, struct dev *out);
int nl_find_bus(struct nl *nl, const char *bus, struct dev *out);
/* DEV_GET of one device by ID. */
int nl_dev_get(struct nl *nl, uint32_t id, struct dev *out);
/* An op that names device @id and nothing else (ATTACH adds VERSION). */
int nl_simple(struct nl *nl, uint8_t cmd, uint32_t id);
/* One register read, or a write of @val if @write; the value in @out. */
int nl_reg(struct nl *nl, uint32_t id, uint32_t space, uint32_t addr,
	   bool write, uint32_t val, uint32_t *out);

#endif /* MDRV_NLHELP_H */
