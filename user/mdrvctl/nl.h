/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A socket of a generic netlink family over libmnl ("mdrv" unless another
 * is named): the family and mdrv's "events" group resolved, extended ACKs
 * on. mdrvctl's plumbing; the test programs (tests/mdrv/nlhelp.c) build on
 * it too.
 */
#ifndef MDRV_NL_H
#define MDRV_NL_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

struct nlc {
	struct mnl_socket *sk;
	unsigned int portid;
	uint16_t family;
	uint32_t events_grp;	/* multicast group id of "events" (mdrv) */
	unsigned int seq;
	char extack[256];	/* the kernel's message for the last error */
};

/* open, bind, NETLINK_EXT_ACK + NETLINK_CAP_ACK, resolve: 0 or -errno */
int nlc_open(struct nlc *nl);
/* the same for family @name (e.g. "devlink"): -ENOENT if not registered */
int nlc_open_family(struct nlc *nl, const char *name);
void nlc_close(struct nlc *nl);
/* start a request for @cmd in @buf (MNL_SOCKET_BUFFER_SIZE): ACK or dump */
struct nlmsghdr *nlc_msg(struct nlc *nl, char *buf, uint8_t cmd, bool dump);
/*
 * Send one request, hand each answer to @cb until the ACK or NLMSG_DONE:
 * 0 or -errno (-EIO if @cb failed); nl->extack holds the kernel's message.
 */
int nlc_talk(struct nlc *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

#endif /* MDRV_NL_H */
