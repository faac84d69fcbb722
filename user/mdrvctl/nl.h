/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A netlink socket over libmnl, extended ACKs on: of a generic netlink
 * family resolved by name ("mdrv" and its "events" group, "ethtool"), or of
 * rtnetlink. mdrvctl's plumbing; the test programs (tests/mdrv/nlhelp.c)
 * build on it too.
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
	uint16_t family;	/* genl family id; 0 for rtnetlink */
	uint8_t version;	/* of the genl family's messages */
	uint32_t events_grp;	/* multicast group id of "events" (mdrv) */
	unsigned int seq;
	char extack[256];	/* the kernel's message for the last error */
};

/* open, bind, NETLINK_EXT_ACK + NETLINK_CAP_ACK, resolve: 0 or -errno */
int nlc_open(struct nlc *nl);
/* the same for genl family @name (-ENOENT if not registered) */
int nlc_open_genl(struct nlc *nl, const char *name, uint8_t version);
/* an rtnetlink (NETLINK_ROUTE) socket: build requests with mnl directly */
int nlc_open_route(struct nlc *nl);
void nlc_close(struct nlc *nl);
/* start a genl request for @cmd in @buf (MNL_SOCKET_BUFFER_SIZE): ACK or dump */
struct nlmsghdr *nlc_msg(struct nlc *nl, char *buf, uint8_t cmd, bool dump);
/*
 * Send one request, hand each answer to @cb until the ACK or NLMSG_DONE:
 * 0 or -errno (-EIO if @cb failed); nl->extack holds the kernel's message.
 */
int nlc_talk(struct nlc *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

#endif /* MDRV_NL_H */
