/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-chip policy behind one table. A NULL callback means the chip does not
 * support the request (the upcall is answered -EOPNOTSUPP). Every callback
 * returns 0 or a negative errno.
 */
#ifndef MDRVD_CHIP_H
#define MDRVD_CHIP_H

#include <stdbool.h>
#include <stdint.h>

#include "dev.h"
#include "hw.h"
#include "mdrv_mbox.h"
#include "stats.h"

/* A register the daemon reads for `devlink health diagnose`. */
struct mdrvd_diag_reg {
	const char *name;	/* < MDRV_HEALTH_NAME characters */
	uint32_t space, addr;
};

struct mdrvd_chip_ops {
	const char *name;

	/* ring rules, as the kernel checks them */
	uint32_t ring_min, ring_max, ring_align;
	bool ring_pow2;
	uint32_t mtu_max;
	uint32_t eeprom_len;	/* bytes */

	const struct mdrvd_counter *counters;
	unsigned int n_counters;
	enum mdrvd_cnt_mode cnt_mode;

	/* the self-test results, in this order */
	const char *const *test_names;
	unsigned int n_tests;

	/* start-up: desired state from what the chip holds */
	int (*read_back)(struct mdrvd_dev *d);
	/* everything: address, filters, VLANs, frame size, link, coalescing */
	int (*apply)(struct mdrvd_dev *d, const struct mdrvd_rxmode *rm,
		     bool rings);
	int (*set_mac)(struct mdrvd_dev *d, const uint8_t mac[6]);
	int (*change_mtu)(struct mdrvd_dev *d, uint32_t mtu);
	/* receive filters and VLAN settings */
	int (*rx_mode)(struct mdrvd_dev *d, const struct mdrvd_rxmode *rm);
	int (*link_up)(struct mdrvd_dev *d, bool *up);
	int (*get_link)(struct mdrvd_dev *d, struct mdrv_link *l);
	int (*set_link)(struct mdrvd_dev *d, const struct mdrv_link *l);
	int (*nway_reset)(struct mdrvd_dev *d);
	int (*get_eeprom)(struct mdrvd_dev *d, uint32_t off, uint32_t len,
			  uint8_t *buf);
	int (*get_coalesce)(struct mdrvd_dev *d, struct mdrv_coalesce *c);
	int (*set_coalesce)(struct mdrvd_dev *d, const struct mdrv_coalesce *c);
	int (*identify)(struct mdrvd_dev *d, uint32_t state);
	int (*self_test)(struct mdrvd_dev *d, uint32_t flags,
			 struct mdrv_selftest *res);
	/* Wake-on-LAN: WAKE_* (the kernel checked them against the chip's) */
	int (*set_wol)(struct mdrvd_dev *d, uint32_t wolopts);
	/* flow control: MDRV_PAUSE_AUTONEG, _ASK_RX, _ASK_TX (NULL: none) */
	int (*set_pause)(struct mdrvd_dev *d, uint8_t want);
	/* registers diagnose shows (allowlisted reads, none clear on read) */
	const struct mdrvd_diag_reg *diag_regs;
	unsigned int n_diag_regs;
};

extern const struct mdrvd_chip_ops mdrvd_e1000_ops;	/* 82540EM */
extern const struct mdrvd_chip_ops mdrvd_e1000_82545_ops;
extern const struct mdrvd_chip_ops mdrvd_pcnet_ops;

/* Shared by the back ends: "register test" over writable bits. */
struct mdrvd_regtest {
	uint32_t space, addr, mask;
};
int mdrvd_chip_regtest(struct mdrvd_dev *d, const struct mdrvd_regtest *t,
		       unsigned int n, __u64 *result);

#endif /* MDRVD_CHIP_H */
