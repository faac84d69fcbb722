/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "mdrv" generic netlink family through libnl-genl-3: one request
 * socket (the owner of the devices mdrvd attaches) and one socket on the
 * "events" multicast group. Every function returns 0 or a negative errno;
 * failures are logged with the kernel's extack message.
 */
#ifndef MDRVD_NL_H
#define MDRVD_NL_H

#include <stdbool.h>
#include <stdint.h>

#include "hw.h"

struct mdrvd_nl;

/* Devices are named by MDRV_A_ID (the N of /dev/mdrvN): unlike the
 * ifindex it holds in every network namespace.
 */
struct mdrvd_nl_devinfo {
	uint32_t id;
	uint32_t ifindex;		/* in the device's namespace */
	char ifname[16];
	char bus[32];
	char mbox[32];		/* empty: no mailbox */
	uint32_t chip;
	uint32_t version;	/* the protocol mdrv.ko speaks (0: not said) */
	uint32_t owner;		/* netlink port of the owner, 0: none */
	uint32_t ring_tx, ring_rx, rx_buf_len, mtu;
	uint8_t mac[6];
	bool has_mac;
	int carrier;		/* -1: not said */
	int pause;		/* MDRV_PAUSE_* last published, -1: none */
};

struct mdrvd_nl_event {
	uint32_t id;
	uint32_t event;		/* enum mdrv_event; 0: events were lost */
	int carrier;		/* -1: not said */
};

/*
 * Connect and resolve the family and its group. -ENOENT: the family is not
 * registered (mdrv.ko not loaded); nothing is logged for that case.
 */
int mdrvd_nl_open(struct mdrvd_nl **out);
void mdrvd_nl_close(struct mdrvd_nl *nl);

uint32_t mdrvd_nl_port(const struct mdrvd_nl *nl);

/* The event socket: join the group; its fd is non-blocking. */
int mdrvd_nl_events_open(struct mdrvd_nl *nl);
int mdrvd_nl_events_fd(const struct mdrvd_nl *nl);
/* Read every pending event, calling @cb for each. */
int mdrvd_nl_events_read(struct mdrvd_nl *nl,
			 void (*cb)(void *arg, const struct mdrvd_nl_event *ev),
			 void *arg);

int mdrvd_nl_dev_dump(struct mdrvd_nl *nl,
		      int (*cb)(void *arg, const struct mdrvd_nl_devinfo *di),
		      void *arg);
/*
 * ATTACH; with @replace, from another daemon too: it hands the device over
 * when we open its mailbox.
 */
int mdrvd_nl_attach(struct mdrvd_nl *nl, uint32_t id, bool quiet_busy,
		    bool replace);
int mdrvd_nl_detach(struct mdrvd_nl *nl, uint32_t id);
int mdrvd_nl_reg_read(struct mdrvd_nl *nl, uint32_t id,
		      struct mdrvd_reg *regs, unsigned int n,
		      uint32_t *resets);
int mdrvd_nl_reg_write(struct mdrvd_nl *nl, uint32_t id,
		       const struct mdrvd_reg *regs, unsigned int n);
int mdrvd_nl_ring_set(struct mdrvd_nl *nl, uint32_t id, uint32_t tx,
		      uint32_t rx, uint32_t rx_buf_len);
int mdrvd_nl_reset(struct mdrvd_nl *nl, uint32_t id, uint32_t scope);
int mdrvd_nl_carrier_set(struct mdrvd_nl *nl, uint32_t id, bool on);
int mdrvd_nl_state_set(struct mdrvd_nl *nl, uint32_t id,
		       const struct mdrv_link *l, const struct mdrv_coalesce *c);
int mdrvd_nl_rxmode_get(struct mdrvd_nl *nl, uint32_t id,
			struct mdrvd_rxmode *rm);

/* struct mdrvd_hw over netlink: ctx is a struct mdrvd_nl_hw. */
struct mdrvd_nl_hw {
	struct mdrvd_nl *nl;
	uint32_t id;
};
extern const struct mdrvd_hw_ops mdrvd_nl_hw_ops;

#endif /* MDRVD_NL_H */
