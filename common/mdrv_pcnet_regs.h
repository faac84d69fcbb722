/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMD PCnet-PCI II (Am79C970A) register map, as far as mdrv uses it.
 * Shared by the kernel half and the user half; plain constants only.
 * Section names refer to the Am79C970A data sheet (publication 19436).
 */
#ifndef MDRV_PCNET_REGS_H
#define MDRV_PCNET_REGS_H

/* "I/O Resources": word I/O (WIO) mode offsets in the I/O BAR */
#define PCNET_APROM	0x00	/* 16 bytes: station address PROM */
#define PCNET_WIO_RDP	0x10	/* register data port (CSRs) */
#define PCNET_WIO_RAP	0x12	/* register address port */
#define PCNET_WIO_RESET	0x14	/* read: software reset */
#define PCNET_WIO_BDP	0x16	/* bus configuration data port (BCRs) */

/* CSR0: controller status and control */
#define PCNET_CSR0		0
#define PCNET_CSR0_INIT		0x0001
#define PCNET_CSR0_STRT		0x0002
#define PCNET_CSR0_STOP		0x0004
#define PCNET_CSR0_TDMD		0x0008	/* transmit demand */
#define PCNET_CSR0_TXON		0x0010
#define PCNET_CSR0_RXON		0x0020
#define PCNET_CSR0_IENA		0x0040	/* interrupt enable */
#define PCNET_CSR0_INTR		0x0080	/* interrupt flag */
#define PCNET_CSR0_IDON		0x0100	/* initialization done */
#define PCNET_CSR0_TINT		0x0200	/* transmit interrupt */
#define PCNET_CSR0_RINT		0x0400	/* receive interrupt */
#define PCNET_CSR0_MERR		0x0800	/* memory error */
#define PCNET_CSR0_MISS		0x1000	/* missed frame */
#define PCNET_CSR0_CERR		0x2000	/* collision error */
#define PCNET_CSR0_BABL		0x4000	/* babble */
#define PCNET_CSR0_ERR		0x8000
#define PCNET_CSR0_ACK_MASK	0x7f00	/* write-one-to-clear sources */

#define PCNET_CSR1		1	/* init block address [15:0] */
#define PCNET_CSR2		2	/* init block address [31:16] */
#define PCNET_CSR3		3	/* interrupt masks and deferral */
#define PCNET_CSR3_IDONM	0x0100
#define PCNET_CSR3_TINTM	0x0200
#define PCNET_CSR3_RINTM	0x0400
#define PCNET_CSR3_MERRM	0x0800
#define PCNET_CSR3_MISSM	0x1000
#define PCNET_CSR3_BABLM	0x4000
#define PCNET_CSR3_ALLM		0x5f00
#define PCNET_CSR4		4	/* test and features control */
#define PCNET_CSR4_JABM		0x0001
#define PCNET_CSR4_TXSTRTM	0x0004
#define PCNET_CSR4_RCVCCOM	0x0010
#define PCNET_CSR4_MFCOM	0x0100
#define PCNET_CSR4_APAD_XMT	0x0800	/* auto pad transmit */
#define PCNET_CSR5		5	/* extended control and interrupt 1 */
#define PCNET_CSR5_TOKINTD	0x8000	/* no interrupt on TX OK */
#define PCNET_CSR8		8	/* logical address filter, 4 x 16 bit */
#define PCNET_CSR12		12	/* physical address, 3 x 16 bit */
#define PCNET_CSR15		15	/* mode */
#define PCNET_CSR15_PROM	0x8000	/* promiscuous */
#define PCNET_CSR15_DRCVBC	0x4000	/* disable broadcast */
#define PCNET_CSR15_LOOP	0x0004
#define PCNET_CSR15_INTL	0x0040
#define PCNET_CSR88		88	/* chip id [15:0] */
#define PCNET_CSR89		89	/* chip id [31:16] */
#define PCNET_CSR112		112	/* missed frame count */
#define PCNET_CSR114		114	/* receive collision count */

/* BCRs */
#define PCNET_BCR4		4	/* link status LED */
#define PCNET_BCR4_LEDOUT	0x8000	/* LED asserted: link is up */
#define PCNET_BCR18		18	/* burst and bus control */
#define PCNET_BCR18_DWIO	0x0080
#define PCNET_BCR20		20	/* software style */
#define PCNET_SWSTYLE_PCNET_PCI	2	/* 32-bit, 16-byte descriptors */

/* Descriptor status (TMD1 / RMD1 upper 16 bits) */
#define PCNET_DESC_OWN		0x8000
#define PCNET_DESC_ERR		0x4000
#define PCNET_DESC_STP		0x0200
#define PCNET_DESC_ENP		0x0100
#define PCNET_RMD_FRAM		0x2000
#define PCNET_RMD_OFLO		0x1000
#define PCNET_RMD_CRC		0x0800
#define PCNET_RMD_BUFF		0x0400
#define PCNET_TMD_ADD_FCS	0x2000
#define PCNET_DESC_ONES		0xf000	/* BCNT is the negative byte count */
#define PCNET_RMD_MCNT_MASK	0x0fff
/* TMD1/RMD1 length field for a buffer of @len bytes, 1 <= len <= 4095 */
#define PCNET_BCNT(len)		(PCNET_DESC_ONES | (-(len) & 0x0fff))

/* Ring geometry: lengths are encoded as log2, at most 512 entries */
#define PCNET_RING_MIN		16
#define PCNET_RING_MAX		512
#define PCNET_FCS_LEN		4

#endif /* MDRV_PCNET_REGS_H */
