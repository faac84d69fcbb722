/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The devices mdrvd owns: discovery (DEV_GET), attach, mailbox, routing of
 * upcalls, netlink events and timer ticks to each device, detach.
 */
#ifndef MDRVD_DEVTAB_H
#define MDRVD_DEVTAB_H

#include <stdbool.h>
#include <stdint.h>

#include "dev.h"
#include "mbox.h"
#include "nl.h"

#define MDRVD_MAX_SKIP	8

/* What an epoll event points at. */
enum mdrvd_src_kind {
	MDRVD_SRC_SIGNAL,
	MDRVD_SRC_TIMER,
	MDRVD_SRC_EVENTS,
	MDRVD_SRC_MBOX,
	MDRVD_SRC_PREDECESSOR,	/* mdrvd --replace: the old daemon exited */
};

struct mdrvd_src {
	enum mdrvd_src_kind kind;
	void *ptr;
};

struct mdrvd_entry {
	uint32_t id;			/* MDRV_A_ID: /dev/mdrvN */
	struct mdrvd_dev dev;
	struct mdrvd_nl_hw nlhw;
	struct mdrvd_mbox mbox;
	struct mdrvd_src src;
	char bus[32];
	char mbox_name[32];
	struct mdrvd_entry *next;
};

struct mdrvd_devtab {
	struct mdrvd_nl *nl;
	int epfd;
	uint32_t port;			/* our netlink port: owner id */
	bool rescan;			/* look for devices again */
	unsigned int count;
	bool eperm;			/* an ATTACH was refused: no privilege */
	bool eproto;			/* a device of another protocol */
	uint32_t eproto_version;	/* which (0: mdrv.ko did not say) */
	unsigned int events_failed;	/* event reads failed in a row */
	unsigned int n_failed;		/* devices not retried until SIGHUP */
	uint32_t failed[32];
	/* take devices other daemons own too (mdrvd --replace's first scan) */
	bool replace;
	unsigned int n_skip;		/* PCI addresses left alone (-x) */
	const char *const *skip;
	struct mdrvd_entry *head;
};

void mdrvd_devtab_init(struct mdrvd_devtab *t, struct mdrvd_nl *nl,
		       int epfd);
/*
 * Find new devices, drop vanished ones; returns the DEV_GET status. Devices
 * that could not be taken are tried again only with @retry (SIGHUP).
 */
int mdrvd_devtab_scan(struct mdrvd_devtab *t, bool retry);
/* Upcalls are pending on @e's mailbox (or it hung up). */
void mdrvd_devtab_mbox(struct mdrvd_devtab *t, struct mdrvd_entry *e,
		       uint32_t events);
/*
 * SIGHUP: devices that could not be taken are tried again, by a scan at
 * the end of the batch (mdrvd_devtab_pending(): a scan may free entries).
 */
void mdrvd_devtab_retry(struct mdrvd_devtab *t);
/*
 * Read the "events" group; -EIO after MDRVD_EVENTS_FAILED_MAX failed reads
 * in a row (the daemon cannot follow the kernel: it exits 1 to be
 * restarted).
 */
#define MDRVD_EVENTS_FAILED_MAX	8
int mdrvd_devtab_events(struct mdrvd_devtab *t);
/* The periodic tick; returns the shortest period a device asks for (ms). */
unsigned int mdrvd_devtab_tick(struct mdrvd_devtab *t, uint64_t now_ns);
/* Deferred work of every device, then a rescan if one was asked for. */
void mdrvd_devtab_pending(struct mdrvd_devtab *t);
/* Detach every device and unmap its mailbox. */
void mdrvd_devtab_fini(struct mdrvd_devtab *t);

#endif /* MDRVD_DEVTAB_H */
