/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the tests (nl_test, nl_fuzz, mbox_fuzz) on top of mdrvctl's
 * libmnl plumbing (user/mdrvctl/nl.[ch]): list the devices, find one, read
 * and write registers.
 */
#ifndef MDRV_NLHELP_H
#define MDRV_NLHELP_H

#include <stdbool.h>
#include <stdint.h>

#include "nl.h"	/* user/mdrvctl: the socket, requests, extack */

/* One device as DEV_GET describes it. */
struct dev {
	uint32_t id, chip, owner, ifindex, resets, mtu;
	uint32_t ring_tx, ring_rx, rx_buf_len;
	uint64_t rejects;
	char bus[32];
	char ifname[32];
	char mbox[32];
};

#define NL_MAX_DEVS	64	/* as many as mdrv has mailbox minors */

struct devs {
	int n;
	struct dev d[NL_MAX_DEVS];
};

/* Parse one DEV_GET reply into @d. */
void nl_parse_dev(const struct nlmsghdr *nlh, struct dev *d);
int nl_list_devs(struct nlc *nl, struct devs *ds);
/* The device of chip @chip, or at PCI address @bus: 0 or -ENODEV. */
int nl_find_chip(struct nlc *nl, uint32_t chip, struct dev *out);
int nl_find_bus(struct nlc *nl, const char *bus, struct dev *out);
/* DEV_GET of one device by ID. */
int nl_dev_get(struct nlc *nl, uint32_t id, struct dev *out);
/* An op that names device @id and nothing else (ATTACH adds VERSION). */
int nl_simple(struct nlc *nl, uint8_t cmd, uint32_t id);
/* One register read, or a write of @val if @write; the value in @out. */
int nl_reg(struct nlc *nl, uint32_t id, uint32_t space, uint32_t addr,
	   bool write, uint32_t val, uint32_t *out);

#endif /* MDRV_NLHELP_H */
