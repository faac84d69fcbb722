/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel 8254x (82540EM / 82545EM) register map, as far as mdrv uses it.
 * Shared by the kernel half and the user half: constants, and the one
 * encoding both need (the receive buffer size bits).
 * Section numbers refer to the "PCI/PCI-X Family of Gigabit Ethernet
 * Controllers Software Developer's Manual" (8254x SDM, rev 4.0).
 */
#ifndef MDRV_E1000_REGS_H
#define MDRV_E1000_REGS_H

/* 13.4 General register descriptions (BAR0 MMIO offsets) */
#define E1000_CTRL	0x00000	/* Device Control */
#define E1000_STATUS	0x00008	/* Device Status */
#define E1000_EECD	0x00010	/* EEPROM/Flash Control */
#define E1000_EERD	0x00014	/* EEPROM Read */
#define E1000_MDIC	0x00020	/* MDI Control */
#define E1000_ICR	0x000C0	/* Interrupt Cause Read (clear on read) */
#define E1000_ITR	0x000C4	/* Interrupt Throttling Rate */
#define E1000_ICS	0x000C8	/* Interrupt Cause Set */
#define E1000_IMS	0x000D0	/* Interrupt Mask Set/Read */
#define E1000_IMC	0x000D8	/* Interrupt Mask Clear */
#define E1000_RCTL	0x00100	/* RX Control */
#define E1000_TCTL	0x00400	/* TX Control */
#define E1000_TIPG	0x00410	/* TX Inter-packet gap */
#define E1000_RDBAL	0x02800	/* RX Descriptor Base Low */
#define E1000_RDBAH	0x02804	/* RX Descriptor Base High */
#define E1000_RDLEN	0x02808	/* RX Descriptor Length (bytes) */
#define E1000_RDH	0x02810	/* RX Descriptor Head */
#define E1000_RDT	0x02818	/* RX Descriptor Tail */
#define E1000_RDTR	0x02820	/* RX Delay Timer */
#define E1000_RADV	0x0282C	/* RX Interrupt Absolute Delay Timer */
#define E1000_TDBAL	0x03800	/* TX Descriptor Base Low */
#define E1000_TDBAH	0x03804	/* TX Descriptor Base High */
#define E1000_TDLEN	0x03808	/* TX Descriptor Length (bytes) */
#define E1000_TDH	0x03810	/* TX Descriptor Head */
#define E1000_TDT	0x03818	/* TX Descriptor Tail */
#define E1000_TIDV	0x03820	/* TX Interrupt Delay Value */
#define E1000_TADV	0x0382C	/* TX Interrupt Absolute Delay Value */
#define E1000_VET	0x00038	/* VLAN Ether Type */
#define E1000_MTA	0x05200	/* Multicast Table Array (128 x 32 bit) */
#define E1000_RAL0	0x05400	/* Receive Address Low, entry 0 */
#define E1000_RAH0	0x05404	/* Receive Address High, entry 0 */
#define E1000_VFTA	0x05600	/* VLAN Filter Table Array (128 x 32 bit) */
#define E1000_WUC	0x05800	/* Wakeup Control */
#define E1000_WUFC	0x05808	/* Wakeup Filter Control */
#define E1000_MTA_ENTRIES	128
#define E1000_VFTA_ENTRIES	128
#define E1000_RAR_ENTRIES	16

/* 13.4.1 CTRL.VME, 13.4.22 RCTL.VFE */
#define E1000_RCTL_VFE		0x00040000	/* VLAN filter enable */
#define E1000_VET_8021Q		0x8100		/* what mdrv strips/inserts */

/* 13.6.1 WUC, 13.6.2 WUFC */
#define E1000_WUC_PME_EN	0x00000002	/* PME enable */
#define E1000_WUFC_MAG		0x00000002	/* magic packet */
#define E1000_WUFC_EX		0x00000004	/* directed (exact) unicast */
#define E1000_WUFC_MC		0x00000008	/* multicast */
#define E1000_WUFC_BC		0x00000010	/* broadcast */

/* M88E1011 PHY (8254x SDM 13.5.x): specific control and status */
#define M88_PSCR		16		/* PHY specific control */
#define M88_PSCR_MDIX_SHIFT	5		/* bits 6:5 crossover mode */
#define M88_PSCR_MDIX_MASK	0x0060
#define M88_PSCR_MDI		0		/* manual MDI */
#define M88_PSCR_MDIX		1		/* manual MDI-X */
#define M88_PSCR_AUTO		3		/* auto crossover */
#define M88_PSSR		17		/* PHY specific status */
#define M88_PSSR_MDIX		0x0040		/* 1: MDI-X, 0: MDI */
#define M88_PSSR_RESOLVED	0x0800		/* speed/duplex resolved */

/* 13.4.4 EERD: read one EEPROM word */
#define E1000_EERD_START	0x00000001
#define E1000_EERD_DONE		0x00000010
#define E1000_EERD_ADDR_SHIFT	8
#define E1000_EERD_DATA_SHIFT	16

/* 13.4.1 CTRL */
#define E1000_CTRL_FD		0x00000001	/* full duplex */
#define E1000_CTRL_ASDE		0x00000020	/* auto-speed detection */
#define E1000_CTRL_SLU		0x00000040	/* set link up */
#define E1000_CTRL_RST		0x04000000	/* global reset */
#define E1000_CTRL_VME		0x40000000	/* VLAN mode enable */
#define E1000_CTRL_PHY_RST	0x80000000

/* 13.4.2 STATUS */
#define E1000_STATUS_FD		0x00000001
#define E1000_STATUS_LU		0x00000002	/* link up */
#define E1000_STATUS_SPEED_MASK	0x000000C0
#define E1000_STATUS_SPEED_10	0x00000000
#define E1000_STATUS_SPEED_100	0x00000040
#define E1000_STATUS_SPEED_1000	0x00000080

/* 13.4.17 ICR / IMS bits */
#define E1000_ICR_TXDW		0x00000001	/* TX descriptor written back */
#define E1000_ICR_TXQE		0x00000002	/* TX queue empty */
#define E1000_ICR_LSC		0x00000004	/* link status change */
#define E1000_ICR_RXSEQ		0x00000008	/* RX sequence error */
#define E1000_ICR_RXDMT0	0x00000010	/* RX desc min threshold */
#define E1000_ICR_RXO		0x00000040	/* RX overrun */
#define E1000_ICR_RXT0		0x00000080	/* RX timer interrupt */
#define E1000_ICR_INT_ASSERTED	0x80000000

/* 13.4.22 RCTL */
#define E1000_RCTL_EN		0x00000002
#define E1000_RCTL_SBP		0x00000004	/* store bad packets */
#define E1000_RCTL_UPE		0x00000008	/* unicast promiscuous */
#define E1000_RCTL_MPE		0x00000010	/* multicast promiscuous */
#define E1000_RCTL_LPE		0x00000020	/* long packet enable */
#define E1000_RCTL_RDMTS_HALF	0x00000000
#define E1000_RCTL_BAM		0x00008000	/* broadcast accept */
#define E1000_RCTL_SZ_2048	0x00000000
#define E1000_RCTL_SZ_1024	0x00010000
#define E1000_RCTL_SZ_512	0x00020000
#define E1000_RCTL_SZ_256	0x00030000
#define E1000_RCTL_BSEX		0x02000000	/* buffer size extension */
#define E1000_RCTL_SZ_16384	(E1000_RCTL_SZ_1024 | E1000_RCTL_BSEX)
#define E1000_RCTL_SZ_8192	(E1000_RCTL_SZ_512 | E1000_RCTL_BSEX)
#define E1000_RCTL_SZ_4096	(E1000_RCTL_SZ_256 | E1000_RCTL_BSEX)
#define E1000_RCTL_SECRC	0x04000000	/* strip ethernet CRC */
#define E1000_RCTL_BSIZE_MASK	(E1000_RCTL_SZ_256 | E1000_RCTL_BSEX)

/* 13.4.22: the RCTL.BSIZE/BSEX bits for a receive buffer of @len bytes */
static inline unsigned int e1000_rctl_bsize(unsigned int len)
{
	switch (len) {
	case 4096:
		return E1000_RCTL_SZ_4096;
	case 8192:
		return E1000_RCTL_SZ_8192;
	case 16384:
		return E1000_RCTL_SZ_16384;
	default:
		return E1000_RCTL_SZ_2048;
	}
}

/* 13.4.33 TCTL */
#define E1000_TCTL_EN		0x00000002
#define E1000_TCTL_PSP		0x00000008	/* pad short packets */
#define E1000_TCTL_CT_SHIFT	4		/* collision threshold */
#define E1000_TCTL_COLD_SHIFT	12		/* collision distance */
#define E1000_TCTL_RTLC		0x01000000	/* retransmit on late coll. */
/* 14.5: what both halves program (the enable bit is the kernel's) */
#define E1000_TCTL_CONFIG	(E1000_TCTL_PSP | (15 << E1000_TCTL_CT_SHIFT) | \
				 (63 << E1000_TCTL_COLD_SHIFT) | E1000_TCTL_RTLC)

/* 13.4.34 TIPG: IPGT 10, IPGR1 8, IPGR2 6 for 802.3 copper */
#define E1000_TIPG_DEFAULT	(10 | (8 << 10) | (6 << 20))

/* 3.3.3 legacy TX descriptor command / status */
#define E1000_TXD_CMD_EOP	0x01000000	/* end of packet */
#define E1000_TXD_CMD_IFCS	0x02000000	/* insert FCS */
#define E1000_TXD_CMD_TSE	0x04000000	/* TCP segmentation enable */
#define E1000_TXD_CMD_RS	0x08000000	/* report status */
#define E1000_TXD_CMD_DEXT	0x20000000	/* extended descriptor */
#define E1000_TXD_CMD_VLE	0x40000000	/* insert VLAN tag (CTRL.VME) */
#define E1000_TXD_SPECIAL_SHIFT	16		/* VLAN tag in the upper word */
#define E1000_TXD_CMD_IDE	0x80000000	/* interrupt delay enable */
#define E1000_TXD_CMD_IP	0x02000000	/* context: IPv4 (TUCMD) */
#define E1000_TXD_CMD_TCP	0x01000000	/* context: TCP (TUCMD) */
#define E1000_TXD_DTYP_D	0x00100000	/* data descriptor */
#define E1000_TXD_DTYP_C	0x00000000	/* context descriptor */
#define E1000_TXD_POPTS_IXSM	0x01		/* insert IP checksum */
#define E1000_TXD_POPTS_TXSM	0x02		/* insert TCP/UDP checksum */
#define E1000_TXD_STAT_DD	0x00000001	/* descriptor done */

/* 3.2.3 RX descriptor status / errors */
#define E1000_RXD_STAT_DD	0x01
#define E1000_RXD_STAT_EOP	0x02
#define E1000_RXD_STAT_VP	0x08	/* 802.1Q tag stripped into special */
#define E1000_RXD_ERR_CE	0x01	/* CRC error */
#define E1000_RXD_ERR_SE	0x02	/* symbol error */
#define E1000_RXD_ERR_SEQ	0x04	/* sequence error */
#define E1000_RXD_ERR_CXE	0x10	/* carrier extension error */
#define E1000_RXD_ERR_RXE	0x80	/* RX data error */
#define E1000_RXD_ERR_FRAME	(E1000_RXD_ERR_CE | E1000_RXD_ERR_SE | \
				 E1000_RXD_ERR_SEQ | E1000_RXD_ERR_CXE | \
				 E1000_RXD_ERR_RXE)

/* Ring geometry: 3.2.6 / 3.4 — length a multiple of 128 bytes (8 descs) */
#define E1000_RING_ALIGN	8
#define E1000_RING_MIN		64
#define E1000_RING_MAX		4096

#endif /* MDRV_E1000_REGS_H */
