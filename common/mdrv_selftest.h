/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Self-test (`ethtool -t`) sub-tests, per chip, in the order the daemon
 * reports their results (struct mdrv_selftest). A name says "(skipped)"
 * where QEMU's model lacks what the test needs; its result is then 0.
 */
#ifndef MDRV_SELFTEST_H
#define MDRV_SELFTEST_H

enum {
	MDRV_E1000_T_REG,
	MDRV_E1000_T_EEPROM,
	MDRV_E1000_T_IRQ,
	MDRV_E1000_T_LOOP,
	MDRV_E1000_T_LINK,
	MDRV_E1000_T_COUNT
};

static const char *const mdrv_e1000_test_names[] = {
	[MDRV_E1000_T_REG] = "Register test  (offline)",
	[MDRV_E1000_T_EEPROM] = "Eeprom test    (offline)",
	[MDRV_E1000_T_IRQ] = "Interrupt test (skipped)",
	[MDRV_E1000_T_LOOP] = "Loopback test  (skipped)",
	[MDRV_E1000_T_LINK] = "Link test   (on/offline)",
};

enum {
	MDRV_PCNET_T_REG,
	MDRV_PCNET_T_APROM,
	MDRV_PCNET_T_LOOP,
	MDRV_PCNET_T_LINK,
	MDRV_PCNET_T_COUNT
};

static const char *const mdrv_pcnet_test_names[] = {
	[MDRV_PCNET_T_REG] = "Register test  (offline)",
	[MDRV_PCNET_T_APROM] = "APROM test     (offline)",
	[MDRV_PCNET_T_LOOP] = "Loopback test  (skipped)",
	[MDRV_PCNET_T_LINK] = "Link test   (on/offline)",
};

#endif /* MDRV_SELFTEST_H */
