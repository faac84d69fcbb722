/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One mdrv device as mdrvd sees it: identity, the desired configuration
 * (what a restart of mdrvd, a chip restart or an open re-applies), the
 * counters, and the chip-independent policy around the chip back ends.
 * Everything here reaches the device through struct mdrvd_hw only, so the
 * unit tests drive it against a simulated register file.
 */
#ifndef MDRVD_DEV_H
#define MDRVD_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include "hw.h"
#include "mdrv_mbox.h"
#include "stats.h"

struct mdrvd_chip_ops;

/* Link settings the user asked for (ethtool -s). */
struct mdrvd_link_want {
	bool autoneg;
	uint32_t speed;		/* forced speed, Mb/s */
	uint8_t duplex;		/* forced duplex, DUPLEX_* */
	uint32_t advertising;	/* ETHTOOL_LINK_MODE_* bits, with autoneg */
};

/* The configuration mdrvd owns and re-applies. */
struct mdrvd_want {
	uint8_t mac[6];
	uint32_t mtu;
	uint32_t ring_tx, ring_rx, rx_buf_len;
	struct mdrvd_link_want link;
	uint32_t itr;		/* e1000: ITR, 256 ns units */
	uint32_t rx_usecs;	/* as asked, reported while it maps to itr */
	uint32_t wol;		/* WAKE_* */
	/* flow control asked for: MDRV_PAUSE_AUTONEG, _ASK_RX, _ASK_TX */
	uint8_t pause;
};

/* as the stock e1000: negotiated, both directions asked for */
#define MDRVD_PAUSE_DEFAULT	(MDRV_PAUSE_AUTONEG | MDRV_PAUSE_ASK_RX | \
				 MDRV_PAUSE_ASK_TX)
#define MDRVD_PAUSE_WANT	MDRVD_PAUSE_DEFAULT	/* the bits kept */

/* Deferred work, done once per event-loop round however often asked. */
#define MDRVD_PEND_LINK		0x1	/* re-read the link, set the carrier */
#define MDRVD_PEND_RXMODE	0x2	/* pull the rx mode, program filters */
#define MDRVD_PEND_RESET	0x4	/* the kernel restarted the chip */
#define MDRVD_PEND_APPLY	0x8	/* apply the configuration again */
#define MDRVD_PEND_ADOPT	0x10	/* adopt (rings included) again */

/* One fault the daemon decided on, for `devlink health dump`. */
struct mdrvd_event {
	uint64_t ns;			/* CLOCK_MONOTONIC */
	uint32_t kind;			/* enum mdrv_fault */
	uint32_t detail;
	int32_t result;			/* 0, -EAGAIN (backing off), -errno */
	bool manual;			/* `devlink health recover` */
};

#define MDRVD_EVENTS	8		/* the most recent ones */

/* Recovery bookkeeping (mdrvd_dev_recover()). */
struct mdrvd_recovery {
	uint64_t last_ns;		/* CLOCK_MONOTONIC of the last one */
	uint64_t backoff_ns;		/* no other one sooner after it */
	bool backoff_logged;		/* a fault met this back-off: said */
	unsigned int faults;		/* reported by the kernel */
	unsigned int recoveries;	/* resets done */
	unsigned int failed;		/* resets or re-applies that failed */
	struct mdrvd_event ev[MDRVD_EVENTS];	/* ring, ev[n_ev % MDRVD_EVENTS] next */
	unsigned int n_ev;		/* events recorded so far */
};

struct mdrvd_dev {
	uint32_t ifindex;
	char ifname[16];
	uint32_t chip;			/* enum mdrv_chip */
	const struct mdrvd_chip_ops *ops;
	struct mdrvd_hw hw;

	struct mdrvd_want want;
	struct mdrvd_stats stats;
	struct mdrv_stats_page *stats_page;	/* NULL: nowhere to publish */
	const struct mdrv_mbox_kctrl *kctrl;	/* NULL: no activity count */
	uint64_t harvest_activity;		/* kctrl->activity then */
	uint64_t harvest_ns;			/* CLOCK_MONOTONIC then */

	struct mdrv_link published;	/* link settings last published */
	bool published_valid;
	int carrier;			/* last carrier set, -1: never */
	bool running;			/* between OPEN and STOP */
	unsigned int pending;		/* MDRVD_PEND_* */
	struct mdrvd_recovery rec;

	/* chip back end state */
	bool eeprom_valid;
	uint16_t eeprom[64];
	bool identify;			/* LED blinking in progress */
	bool identify_end;		/* its end: restoring the LEDs failed */
	bool need_read_back;		/* adopted, the chip not read yet */
	bool publish_stale;		/* the kernel's copy is not current */
	uint16_t led_saved[4];
	unsigned int ticks;
};

/* Set up @d for @chip; returns -EOPNOTSUPP for a chip mdrvd does not know. */
int mdrvd_dev_init(struct mdrvd_dev *d, uint32_t chip, uint32_t ifindex,
		   const char *ifname, const struct mdrvd_hw *hw);

/*
 * Start-up: complete the desired state from the chip (whatever the kernel
 * did not already tell), then apply it. @rings allows a ring reallocation
 * when the kernel's receive buffers do not fit the MTU.
 */
int mdrvd_dev_adopt(struct mdrvd_dev *d, bool rings);
/* Read the chip's configuration if it is still owed (adopt failed). */
int mdrvd_dev_read_back(struct mdrvd_dev *d);

/* Apply the whole desired configuration (open, chip restart, start-up). */
int mdrvd_dev_apply(struct mdrvd_dev *d, bool rings);

/* Re-read the link and set the carrier (always with @force). */
int mdrvd_dev_link(struct mdrvd_dev *d, bool force);
int mdrvd_dev_publish(struct mdrvd_dev *d);
/* The same after a coalescing change: the link part as last published. */
int mdrvd_dev_publish_coalesce(struct mdrvd_dev *d);

/* Pull the rx mode and address lists and program the filters. */
int mdrvd_dev_rxmode(struct mdrvd_dev *d);

/* Harvest the counters and publish them. */
int mdrvd_dev_stats(struct mdrvd_dev *d);

/* Validate and round @tx/@rx to the chip's rules, reallocate the rings. */
int mdrvd_dev_set_ring(struct mdrvd_dev *d, uint32_t tx, uint32_t rx);

/* Round a ring size to the chip's rules; -EINVAL if out of range. */
int mdrvd_ring_round(const struct mdrvd_chip_ops *ops, uint32_t v,
		     uint32_t *out);

/* Tick periods (ms) mdrvd_dev_tick() asks for. */
#define MDRVD_TICK_IDLE_MS	10000	/* no frame moved */
#define MDRVD_TICK_BUSY_MS	2000	/* frames moved, or LED blinking */
#define MDRVD_TICK_HURRY_MS	500	/* a 16-bit counter moves fast */

/*
 * Periodic work of one tick at @now_ns (CLOCK_MONOTONIC): counters, LED
 * blinking. Returns the period the device wants until the next tick
 * (MDRVD_TICK_*_MS).
 */
unsigned int mdrvd_dev_tick(struct mdrvd_dev *d, uint64_t now_ns);

/* Deferred work (MDRVD_PEND_*). */
void mdrvd_dev_pending(struct mdrvd_dev *d);

/*
 * devlink's recover for fault @kind at @now_ns (MDRV_UP_HEALTH_RECOVER):
 * recover (reset the chip, re-apply the whole configuration) unless backing
 * off; MDRV_HEALTH_F_MANUAL in @flags (an operator's `devlink health
 * recover`) recovers whatever the back-off. Returns 0 when recovered,
 * -EAGAIN when backing off, else the error.
 */
int mdrvd_dev_recover(struct mdrvd_dev *d, uint32_t kind, uint32_t detail,
		      uint32_t flags, uint64_t now_ns);

/*
 * Name/value pairs for reporter @reporter (enum mdrv_health) from index
 * @start on, into @rep (MDRV_UP_HEALTH_DIAGNOSE; with @dump the recent
 * events too, MDRV_UP_HEALTH_DUMP). Returns the bytes of @rep used or
 * -EINVAL for an unknown reporter.
 */
int mdrvd_dev_health(struct mdrvd_dev *d, uint32_t reporter, bool dump,
		     uint32_t start, uint64_t now_ns,
		     struct mdrv_health_rep *rep);

/* CLOCK_MONOTONIC in ns. */
uint64_t mdrvd_now_ns(void);

/* The kernel restarted the chip: counters rebase, configuration again. */
void mdrvd_dev_restarted(struct mdrvd_dev *d);

#endif /* MDRVD_DEV_H */
