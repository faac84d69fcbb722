/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Counters, named once for both halves.
 *
 * Software counters: kept by the kernel half on the data path.
 * Hardware counters: harvested by the daemon from the chip, accumulated to
 * 64 bits, published on the mailbox stats page in table order
 * (struct mdrv_stats_page.value[i] is entry i of the device's chip table).
 * `ethtool -S` shows the software counters, then the hardware table.
 * Counters of fewer than 32 bits wrap; the daemon accumulates the deltas.
 * Names follow the stock e1000 driver where the hardware has the counter.
 */
#ifndef MDRV_STATS_H
#define MDRV_STATS_H

#include <linux/types.h>

#include "mdrv_genl.h"

/* The struct rtnl_link_stats64 field a hardware counter also feeds. */
enum mdrv_link_stat {
	MDRV_LS_NONE,
	MDRV_LS_RX_MISSED,
	MDRV_LS_COLLISIONS,
	MDRV_LS_RX_CRC,
	MDRV_LS_RX_FRAME,
	MDRV_LS_RX_LENGTH,
	MDRV_LS_MULTICAST,
	MDRV_LS_TX_ABORTED,
	MDRV_LS_TX_CARRIER,
	MDRV_LS_TX_WINDOW,
	MDRV_LS_COUNT
};

/*
 * @lo (and @hi for 64-bit counters, else 0) in register space @space;
 * @link: the `ip -s link` counter it is, MDRV_LS_NONE for none
 */
struct mdrv_hw_stat {
	const char *name;
	__u32 space, lo, hi, bits;
	enum mdrv_link_stat link;
};

enum {
	MDRV_SW_RX_PACKETS,
	MDRV_SW_TX_PACKETS,
	MDRV_SW_RX_BYTES,
	MDRV_SW_TX_BYTES,
	MDRV_SW_RX_ERRORS,
	MDRV_SW_TX_ERRORS,
	MDRV_SW_RX_DROPPED,
	MDRV_SW_TX_DROPPED,
	MDRV_SW_TX_TIMEOUT,
	MDRV_SW_TX_RESTART,
	MDRV_SW_ALLOC_FAIL,
	MDRV_SW_TX_HANG,
	MDRV_SW_RX_STALL,
	MDRV_SW_FATAL,
	MDRV_SW_HW_AGE,
	MDRV_SW_COUNT
};

/*
 * MDRV_SW_HW_AGE: how old the hardware counters are, in ms since the daemon
 * last harvested them (all ones: never). The kernel answers `ethtool -S`
 * from the last snapshot without waiting; one older than
 * MDRV_STATS_FRESH_MS asks the daemon for a harvest, which a reader that
 * wants fresh counters (mdrvctl stats) waits for itself, outside RTNL.
 */
#define MDRV_STATS_FRESH_MS	500

static const char *const mdrv_sw_stat_names[] = {
	[MDRV_SW_RX_PACKETS] = "rx_packets",
	[MDRV_SW_TX_PACKETS] = "tx_packets",
	[MDRV_SW_RX_BYTES] = "rx_bytes",
	[MDRV_SW_TX_BYTES] = "tx_bytes",
	[MDRV_SW_RX_ERRORS] = "rx_errors",
	[MDRV_SW_TX_ERRORS] = "tx_errors",
	[MDRV_SW_RX_DROPPED] = "rx_dropped",
	[MDRV_SW_TX_DROPPED] = "tx_dropped",
	[MDRV_SW_TX_TIMEOUT] = "tx_timeout_count",
	[MDRV_SW_TX_RESTART] = "tx_restart_queue",
	[MDRV_SW_ALLOC_FAIL] = "alloc_rx_buff_failed",
	[MDRV_SW_TX_HANG] = "tx_hang_count",
	[MDRV_SW_RX_STALL] = "rx_stall_count",
	[MDRV_SW_FATAL] = "fatal_error_count",
	[MDRV_SW_HW_AGE] = "hw_stats_age_ms",
};

enum {
	MDRV_E1000_BPRC,
	MDRV_E1000_BPTC,
	MDRV_E1000_MPRC,
	MDRV_E1000_MPTC,
	MDRV_E1000_COLC,
	MDRV_E1000_RLEC,
	MDRV_E1000_CRCERRS,
	MDRV_E1000_ALGNERRC,
	MDRV_E1000_RNBC,
	MDRV_E1000_MPC,
	MDRV_E1000_ECOL,
	MDRV_E1000_TNCRS,
	MDRV_E1000_LATECOL,
	MDRV_E1000_DC,
	MDRV_E1000_SCC,
	MDRV_E1000_MCC,
	MDRV_E1000_ROC,
	MDRV_E1000_RUC,
	MDRV_E1000_TSCTC,
	MDRV_E1000_TSCTFC,
	MDRV_E1000_XONRXC,
	MDRV_E1000_XOFFRXC,
	MDRV_E1000_XONTXC,
	MDRV_E1000_XOFFTXC,
	MDRV_E1000_GPRC,
	MDRV_E1000_GPTC,
	MDRV_E1000_GORC,
	MDRV_E1000_GOTC,
	MDRV_E1000_TPR,
	MDRV_E1000_TPT,
	MDRV_E1000_HW_COUNT
};

static const struct mdrv_hw_stat mdrv_e1000_hw_stats[] = {
	[MDRV_E1000_BPRC] = { "rx_broadcast", MDRV_REG_MMIO, 0x4078, 0, 32 },
	[MDRV_E1000_BPTC] = { "tx_broadcast", MDRV_REG_MMIO, 0x40f4, 0, 32 },
	[MDRV_E1000_MPRC] = { "rx_multicast", MDRV_REG_MMIO, 0x407c, 0, 32, MDRV_LS_MULTICAST },
	[MDRV_E1000_MPTC] = { "tx_multicast", MDRV_REG_MMIO, 0x40f0, 0, 32 },
	[MDRV_E1000_COLC] = { "collisions", MDRV_REG_MMIO, 0x4028, 0, 32, MDRV_LS_COLLISIONS },
	[MDRV_E1000_RLEC] = { "rx_length_errors", MDRV_REG_MMIO, 0x4040, 0, 32, MDRV_LS_RX_LENGTH },
	[MDRV_E1000_CRCERRS] = { "rx_crc_errors", MDRV_REG_MMIO, 0x4000, 0, 32, MDRV_LS_RX_CRC },
	[MDRV_E1000_ALGNERRC] = { "rx_frame_errors", MDRV_REG_MMIO, 0x4004, 0, 32,
				  MDRV_LS_RX_FRAME },
	[MDRV_E1000_RNBC] = { "rx_no_buffer_count", MDRV_REG_MMIO, 0x40a0, 0, 32 },
	[MDRV_E1000_MPC] = { "rx_missed_errors", MDRV_REG_MMIO, 0x4010, 0, 32, MDRV_LS_RX_MISSED },
	[MDRV_E1000_ECOL] = { "tx_aborted_errors", MDRV_REG_MMIO, 0x4018, 0, 32,
				  MDRV_LS_TX_ABORTED },
	[MDRV_E1000_TNCRS] = { "tx_carrier_errors", MDRV_REG_MMIO, 0x4034, 0, 32,
				  MDRV_LS_TX_CARRIER },
	[MDRV_E1000_LATECOL] = { "tx_window_errors", MDRV_REG_MMIO, 0x4020, 0, 32,
				  MDRV_LS_TX_WINDOW },
	[MDRV_E1000_DC] = { "tx_deferred_ok", MDRV_REG_MMIO, 0x4030, 0, 32 },
	[MDRV_E1000_SCC] = { "tx_single_coll_ok", MDRV_REG_MMIO, 0x4014, 0, 32 },
	[MDRV_E1000_MCC] = { "tx_multi_coll_ok", MDRV_REG_MMIO, 0x401c, 0, 32 },
	[MDRV_E1000_ROC] = { "rx_long_length_errors", MDRV_REG_MMIO, 0x40ac, 0, 32 },
	[MDRV_E1000_RUC] = { "rx_short_length_errors", MDRV_REG_MMIO, 0x40a4, 0, 32 },
	[MDRV_E1000_TSCTC] = { "tx_tcp_seg_good", MDRV_REG_MMIO, 0x40f8, 0, 32 },
	[MDRV_E1000_TSCTFC] = { "tx_tcp_seg_failed", MDRV_REG_MMIO, 0x40fc, 0, 32 },
	[MDRV_E1000_XONRXC] = { "rx_flow_control_xon", MDRV_REG_MMIO, 0x4048, 0, 32 },
	[MDRV_E1000_XOFFRXC] = { "rx_flow_control_xoff", MDRV_REG_MMIO, 0x4050, 0, 32 },
	[MDRV_E1000_XONTXC] = { "tx_flow_control_xon", MDRV_REG_MMIO, 0x404c, 0, 32 },
	[MDRV_E1000_XOFFTXC] = { "tx_flow_control_xoff", MDRV_REG_MMIO, 0x4054, 0, 32 },
	[MDRV_E1000_GPRC] = { "rx_good_packets", MDRV_REG_MMIO, 0x4074, 0, 32 },
	[MDRV_E1000_GPTC] = { "tx_good_packets", MDRV_REG_MMIO, 0x4080, 0, 32 },
	[MDRV_E1000_GORC] = { "rx_long_byte_count", MDRV_REG_MMIO, 0x4088, 0x408c, 64 },
	[MDRV_E1000_GOTC] = { "tx_good_bytes", MDRV_REG_MMIO, 0x4090, 0x4094, 64 },
	[MDRV_E1000_TPR] = { "rx_total_packets", MDRV_REG_MMIO, 0x40d0, 0, 32 },
	[MDRV_E1000_TPT] = { "tx_total_packets", MDRV_REG_MMIO, 0x40d4, 0, 32 },
};

enum {
	MDRV_PCNET_MISSC,
	MDRV_PCNET_RCVCC,
	MDRV_PCNET_HW_COUNT
};

static const struct mdrv_hw_stat mdrv_pcnet_hw_stats[] = {
	[MDRV_PCNET_MISSC] = { "rx_missed_errors", MDRV_REG_CSR, 112, 0, 16, MDRV_LS_RX_MISSED },
	[MDRV_PCNET_RCVCC] = { "collisions", MDRV_REG_CSR, 114, 0, 16, MDRV_LS_COLLISIONS },
};

#endif /* MDRV_STATS_H */
