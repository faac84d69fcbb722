// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl regs: MDRV_CMD_REG_READ of every register the chip's allowlist
 * (common/mdrv_regs_allow.h) opens for reading, save those that clear on
 * read; the main ones decoded field by field, the rest as raw values.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mdrv_regs_allow.h"
#include "mdrv_e1000_regs.h"
#include "mdrv_pcnet_regs.h"
#include "mdrvctl.h"

#define REGS_MAX	512
#define REGS_BATCH	64	/* registers per request */

struct reg {
	uint32_t space, addr, value;
};

/* A field of a register: a flag (one bit) or a number, names optional. */
struct field {
	const char *name;
	uint32_t mask;
	const char *const *vals;	/* names of the values, or NULL */
	unsigned int nvals;
};

#define FLAG(n, bit)		{ n, 1u << (bit), NULL, 0 }
#define NUM(n, lo, hi)		{ n, (uint32_t)((2ull << (hi)) - (1ull << (lo))), NULL, 0 }
#define ENUM(n, lo, hi, v)	{ n, (uint32_t)((2ull << (hi)) - (1ull << (lo))), v, \
				  sizeof(v) / sizeof(v[0]) }

static const char *const speed[] = { "10", "100", "1000", "1000" };
static const char *const rdmts[] = { "1/2", "1/4", "1/8", "reserved" };
static const char *const lbm[] = { "none", "mac", "reserved", "reserved" };

/* 8254x (Intel's software developer's manual, section 13) */
static const struct field e1000_ctrl[] = {
	FLAG("FD", 0), FLAG("LRST", 3), FLAG("ASDE", 5), FLAG("SLU", 6),
	FLAG("ILOS", 7), ENUM("SPEED", 8, 9, speed), FLAG("FRCSPD", 11),
	FLAG("FRCDPLX", 12), FLAG("SDP0_DATA", 18), FLAG("SDP1_DATA", 19),
	FLAG("ADVD3WUC", 20), FLAG("EN_PHY_PWR_MGMT", 21), FLAG("SDP0_IODIR", 22),
	FLAG("SDP1_IODIR", 23), FLAG("RST", 26), FLAG("RFCE", 27),
	FLAG("TFCE", 28), FLAG("VME", 30), FLAG("PHY_RST", 31), { NULL, 0, NULL, 0 },
};

static const struct field e1000_status[] = {
	FLAG("FD", 0), FLAG("LU", 1), NUM("FUNCID", 2, 3), FLAG("TXOFF", 4),
	FLAG("TBIMODE", 5), ENUM("SPEED", 6, 7, speed), NUM("ASDV", 8, 9),
	FLAG("PCI66", 11), FLAG("BUS64", 12), FLAG("PCIX_MODE", 13),
	NUM("PCIXSPD", 14, 15), { NULL, 0, NULL, 0 },
};

static const struct field e1000_rctl[] = {
	FLAG("EN", 1), FLAG("SBP", 2), FLAG("UPE", 3), FLAG("MPE", 4),
	FLAG("LPE", 5), ENUM("LBM", 6, 7, lbm), ENUM("RDMTS", 8, 9, rdmts),
	NUM("MO", 12, 13), FLAG("BAM", 15), NUM("BSIZE", 16, 17),
	FLAG("VFE", 18), FLAG("CFIEN", 19), FLAG("CFI", 20), FLAG("DPF", 22),
	FLAG("PMCF", 23), FLAG("BSEX", 25), FLAG("SECRC", 26), { NULL, 0, NULL, 0 },
};

static const struct field e1000_tctl[] = {
	FLAG("EN", 1), FLAG("PSP", 3), NUM("CT", 4, 11), NUM("COLD", 12, 21),
	FLAG("SWXOFF", 22), FLAG("RTLC", 24), FLAG("NRTU", 25), { NULL, 0, NULL, 0 },
};

/* Am79C970A (the PCnet-PCI II data sheet) */
static const struct field pcnet_csr0[] = {
	FLAG("INIT", 0), FLAG("STRT", 1), FLAG("STOP", 2), FLAG("TDMD", 3),
	FLAG("TXON", 4), FLAG("RXON", 5), FLAG("IENA", 6), FLAG("INTR", 7),
	FLAG("IDON", 8), FLAG("TINT", 9), FLAG("RINT", 10), FLAG("MERR", 11),
	FLAG("MISS", 12), FLAG("CERR", 13), FLAG("BABL", 14), FLAG("ERR", 15),
	{ NULL, 0, NULL, 0 },
};

static const struct field pcnet_csr3[] = {
	FLAG("BSWP", 2), FLAG("EMBA", 3), FLAG("DXMT2PD", 4), FLAG("LAPPEN", 5),
	FLAG("DXSUFLO", 6), FLAG("IDONM", 8), FLAG("TINTM", 9), FLAG("RINTM", 10),
	FLAG("MERRM", 11), FLAG("MISSM", 12), FLAG("BABLM", 14), { NULL, 0, NULL, 0 },
};

static const struct field pcnet_csr15[] = {
	FLAG("DRX", 0), FLAG("DTX", 1), FLAG("LOOP", 2), FLAG("DXMTFCS", 3),
	FLAG("FCOLL", 4), FLAG("DRTY", 5), FLAG("INTL", 6), NUM("PORTSEL", 7, 8),
	FLAG("LRT", 9), FLAG("MENDECL", 10), FLAG("DAPC", 11), FLAG("DLNKTST", 12),
	FLAG("DRCVPA", 13), FLAG("DRCVBC", 14), FLAG("PROM", 15), { NULL, 0, NULL, 0 },
};

static const struct field pcnet_bcr2[] = {
	FLAG("ASEL", 1), FLAG("XMAUSEL", 2), FLAG("INTLEVEL", 7),
	FLAG("LEDPE", 12), { NULL, 0, NULL, 0 },
};

static const struct field pcnet_bcr4[] = {
	FLAG("COLE", 0), FLAG("JABE", 1), FLAG("RCVE", 2), FLAG("RXPOLE", 3),
	FLAG("XMTE", 4), FLAG("RCVME", 5), FLAG("LNKSTE", 6), FLAG("PSE", 7),
	FLAG("FDLSE", 8), FLAG("MPSE", 9), FLAG("LEDDIS", 13), FLAG("LEDPOL", 14),
	FLAG("LEDOUT", 15), { NULL, 0, NULL, 0 },
};

static const struct field pcnet_bcr9[] = {
	FLAG("FDEN", 0), FLAG("AUIFD", 1), FLAG("FDRPAD", 2), { NULL, 0, NULL, 0 },
};

static const struct field pcnet_bcr18[] = {
	FLAG("BWRITE", 5), FLAG("BREADE", 6), FLAG("DWIO", 7), FLAG("MEMCMD", 9),
	NUM("ROMTMG", 12, 15), { NULL, 0, NULL, 0 },
};

static const struct field pcnet_bcr20[] = {
	NUM("SWSTYLE", 0, 7), FLAG("SSIZE32", 8), FLAG("CSRPCNET", 9),
	FLAG("APERREN", 10), { NULL, 0, NULL, 0 },
};

/* Names (and decoders) of registers; @count of them @stride apart. */
struct regname {
	uint32_t space, addr, count, stride;
	const char *name;
	const struct field *fields;
};

static const struct regname e1000_names[] = {
	{ MDRV_REG_MMIO, E1000_CTRL, 1, 4, "CTRL", e1000_ctrl },
	{ MDRV_REG_MMIO, E1000_STATUS, 1, 4, "STATUS", e1000_status },
	{ MDRV_REG_MMIO, E1000_EECD, 1, 4, "EECD", NULL },
	{ MDRV_REG_MMIO, E1000_EERD, 1, 4, "EERD", NULL },
	{ MDRV_REG_MMIO, 0x00018, 1, 4, "CTRL_EXT", NULL },
	{ MDRV_REG_MMIO, E1000_MDIC, 1, 4, "MDIC", NULL },
	{ MDRV_REG_MMIO, 0x00028, 1, 4, "FCAL", NULL },
	{ MDRV_REG_MMIO, 0x0002c, 1, 4, "FCAH", NULL },
	{ MDRV_REG_MMIO, 0x00030, 1, 4, "FCT", NULL },
	{ MDRV_REG_MMIO, E1000_VET, 1, 4, "VET", NULL },
	{ MDRV_REG_MMIO, E1000_ITR, 1, 4, "ITR", NULL },
	{ MDRV_REG_MMIO, E1000_RCTL, 1, 4, "RCTL", e1000_rctl },
	{ MDRV_REG_MMIO, 0x00170, 1, 4, "FCTTV", NULL },
	{ MDRV_REG_MMIO, E1000_TCTL, 1, 4, "TCTL", e1000_tctl },
	{ MDRV_REG_MMIO, E1000_TIPG, 1, 4, "TIPG", NULL },
	{ MDRV_REG_MMIO, 0x01000, 1, 4, "PBA", NULL },
	{ MDRV_REG_MMIO, E1000_RDTR, 1, 4, "RDTR", NULL },
	{ MDRV_REG_MMIO, E1000_RADV, 1, 4, "RADV", NULL },
	{ MDRV_REG_MMIO, E1000_TIDV, 1, 4, "TIDV", NULL },
	{ MDRV_REG_MMIO, E1000_TADV, 1, 4, "TADV", NULL },
	{ MDRV_REG_MMIO, 0x05000, 1, 4, "RXCSUM", NULL },
	{ MDRV_REG_MMIO, E1000_MTA, 128, 4, "MTA", NULL },
	{ MDRV_REG_MMIO, 0x05400, 16, 8, "RAL", NULL },
	{ MDRV_REG_MMIO, 0x05404, 16, 8, "RAH", NULL },
	{ MDRV_REG_MMIO, E1000_VFTA, 128, 4, "VFTA", NULL },
	{ MDRV_REG_MMIO, E1000_WUC, 1, 4, "WUC", NULL },
	{ MDRV_REG_MMIO, E1000_WUFC, 1, 4, "WUFC", NULL },
	{ MDRV_REG_MMIO, 0x05820, 1, 4, "MANC", NULL },
	{ 0, 0, 0, 0, NULL, NULL },
};

/* the PCnet's registers are named by their number: decoders only */
static const struct regname pcnet_names[] = {
	{ MDRV_REG_CSR, PCNET_CSR0, 1, 1, NULL, pcnet_csr0 },
	{ MDRV_REG_CSR, PCNET_CSR3, 1, 1, NULL, pcnet_csr3 },
	{ MDRV_REG_CSR, PCNET_CSR15, 1, 1, NULL, pcnet_csr15 },
	{ MDRV_REG_BCR, 2, 1, 1, NULL, pcnet_bcr2 },
	{ MDRV_REG_BCR, PCNET_BCR4, 1, 1, NULL, pcnet_bcr4 },
	{ MDRV_REG_BCR, 9, 1, 1, NULL, pcnet_bcr9 },
	{ MDRV_REG_BCR, PCNET_BCR18, 1, 1, NULL, pcnet_bcr18 },
	{ MDRV_REG_BCR, PCNET_BCR20, 1, 1, NULL, pcnet_bcr20 },
	{ 0, 0, 0, 0, NULL, NULL },
};

static const char *const space_names[] = {
	[MDRV_REG_MMIO] = "mmio", [MDRV_REG_CSR] = "csr",
	[MDRV_REG_BCR] = "bcr", [MDRV_REG_APROM] = "aprom",
};

static const struct regname *lookup(const struct regname *t, const struct reg *r,
				    unsigned int *idx)
{
	for (; t->count; t++)
		if (t->space == r->space && r->addr >= t->addr &&
		    (r->addr - t->addr) % t->stride == 0 &&
		    (r->addr - t->addr) / t->stride < t->count) {
			*idx = (r->addr - t->addr) / t->stride;
			return t;
		}
	return NULL;
}

static void reg_name(const struct regname *n, unsigned int idx,
		     const struct reg *r, char *buf, size_t size)
{
	if (n && n->name && n->count > 1)
		snprintf(buf, size, "%s[%u]", n->name, idx);
	else if (n && n->name)
		snprintf(buf, size, "%s", n->name);
	else if (r->space == MDRV_REG_CSR)
		snprintf(buf, size, "CSR%u", r->addr);
	else if (r->space == MDRV_REG_BCR)
		snprintf(buf, size, "BCR%u", r->addr);
	else if (r->space == MDRV_REG_APROM)
		snprintf(buf, size, "APROM[%u]", r->addr);
	else
		snprintf(buf, size, "0x%05x", r->addr);
}

static void decode(const struct field *f, uint32_t v)
{
	out_obj_open("fields");
	for (; f->name; f++) {
		uint32_t x = (v & f->mask) >> __builtin_ctz(f->mask);

		if (f->vals && x < f->nvals) {
			out_str(f->name, NULL, f->vals[x]);
			out_text("      %-16s %s\n", f->name, f->vals[x]);
		} else if (!(f->mask & (f->mask - 1))) {
			out_bool(f->name, NULL, x);
			out_text("      %-16s %u\n", f->name, x);
		} else {
			out_uint(f->name, NULL, x);
			out_text("      %-16s %u\n", f->name, x);
		}
	}
	out_obj_close();
}

static int read_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reg **next = data;
	struct nlattr *a, *b;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != MDRV_A_REG)
			continue;
		mnl_attr_for_each_nested(b, a)
			if (mnl_attr_get_type(b) == MDRV_A_REG_VALUE)
				(*next)->value = mnl_attr_get_u32(b);
		(*next)++;
	}
	return MNL_CB_OK;
}

/* REG_READ of @n registers, in batches */
static int read_regs(struct nlc *nl, uint32_t id, struct reg *r, unsigned int n)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	for (unsigned int i = 0; i < n; i += REGS_BATCH) {
		struct nlmsghdr *nlh = nlc_msg(nl, buf, MDRV_CMD_REG_READ, false);
		struct reg *next = &r[i];
		int err;

		mnl_attr_put_u32(nlh, MDRV_A_ID, id);
		for (unsigned int k = i; k < n && k < i + REGS_BATCH; k++) {
			struct nlattr *nest = mnl_attr_nest_start(nlh, MDRV_A_REG);

			mnl_attr_put_u32(nlh, MDRV_A_REG_SPACE, r[k].space);
			mnl_attr_put_u32(nlh, MDRV_A_REG_ADDR, r[k].addr);
			mnl_attr_nest_end(nlh, nest);
		}
		err = nlc_talk(nl, nlh, read_cb, &next);
		if (err)
			return err;
	}
	return 0;
}

static int regs_dump(struct nlc *nl, struct args *a)
{
	static struct reg regs[REGS_MAX];
	const struct mdrv_reg_rule *rules;
	const struct regname *names;
	unsigned int nrules, n = 0;
	struct mdev d;
	int rc, err;

	rc = dev_find(nl, &a->dev, &d);
	if (rc)
		return rc;
	if (d.chip == MDRV_CHIP_79C970A) {
		rules = mdrv_pcnet_reg_rules;
		nrules = sizeof(mdrv_pcnet_reg_rules) / sizeof(rules[0]);
		names = pcnet_names;
	} else {
		rules = mdrv_e1000_reg_rules;
		nrules = sizeof(mdrv_e1000_reg_rules) / sizeof(rules[0]);
		names = e1000_names;
	}
	for (unsigned int i = 0; i < nrules; i++) {
		if (!(rules[i].flags & MDRV_RA_R) || (rules[i].flags & MDRV_RA_COR))
			continue;
		for (unsigned int k = 0; k < rules[i].count && n < REGS_MAX; k++) {
			regs[n].space = rules[i].space;
			regs[n++].addr = rules[i].addr + k * rules[i].stride;
		}
	}
	err = read_regs(nl, d.id, regs, n);
	if (err)
		return nlc_fail(nl, "reading registers", err);

	out_begin(false);
	out_uint("id", NULL, d.id);
	out_str("ifname", "%s", d.ifname);
	out_str("chip", " (%s,", chip_name(d.chip));
	out_str("bus", " %s)\n", d.bus);
	out_arr_open("registers");
	for (unsigned int i = 0; i < n; i++) {
		const struct reg *r = &regs[i];
		const struct regname *nm;
		unsigned int idx = 0;
		char name[32];

		nm = lookup(names, r, &idx);
		reg_name(nm, idx, r, name, sizeof(name));
		out_obj_open(NULL);
		out_str("name", "%-10s", name);
		out_str("space", " %-5s", space_names[r->space]);
		out_uint("addr", " 0x%05llx", r->addr);
		if (r->space == MDRV_REG_MMIO)
			out_uint("value", "  0x%08llx\n", r->value);
		else
			out_uint("value", "  0x%04llx\n", r->value);
		if (nm && nm->fields)
			decode(nm->fields, r->value);
		out_obj_close();
	}
	out_arr_close();
	out_end();
	return EXIT_OK;
}

static const struct verb regs_verbs[] = {
	{ "dump", dev_only_parse, regs_dump, NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct object regs_object = {
	.name = "regs",
	.usage = "Usage: mdrvctl regs dump DEV\n"
		 "       mdrvctl regs help\n"
		 "DEV := { IFNAME | id ID }\n"
		 "Needs CAP_NET_ADMIN. Registers that clear on read (the e1000's\n"
		 "statistics) are left out: they belong to mdrvd.\n",
	.verbs = regs_verbs,
};
