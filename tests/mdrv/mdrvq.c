// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvq: the shell tests' queries of the "mdrv" family (lib.sh's
 * daemon_start, dev_field and reg). The same answers as mdrvnl.py, in a
 * few milliseconds instead of the second and a half a python3 start costs
 * under TCG, which the suite paid several hundred times.
 *
 *   mdrvq owned [BUS]         exit 0 if there is a device and each has an owner
 *                             (but the one at PCI address BUS, if given)
 *   mdrvq field BUS NAME      a DEV_GET field of the device at PCI address BUS
 *   mdrvq reg ID SPACE ADDR   one register read (space: mmio csr bcr aprom)
 *
 * Exit status: 0, 1 if the answer is "no" (owned) or the device is not
 * there, 2 for a usage or netlink error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdrv_genl.h"
#include "nlhelp.h"

static int usage(void)
{
	fputs("usage: mdrvq owned [BUS] | field BUS NAME | reg ID SPACE ADDR\n", stderr);
	return 2;
}

static int nl_fail(const struct nlc *nl, const char *what, int err)
{
	fprintf(stderr, "mdrvq: %s: %s%s%s\n", what, strerror(-err),
		nl->extack[0] ? ": " : "", nl->extack);
	return 2;
}

static int owned(struct nlc *nl, const char *except)
{
	struct devs ds;
	int i, err = nl_list_devs(nl, &ds);

	if (err)
		return nl_fail(nl, "DEV_GET", err);
	for (i = 0; i < ds.n; i++)
		if (!ds.d[i].owner && !(except && !strcmp(ds.d[i].bus, except)))
			return 1;
	return ds.n ? 0 : 1;
}

static int field(struct nlc *nl, const char *bus, const char *name)
{
	const struct {
		const char *name;
		size_t off;
	} u32s[] = {
#define F(x) { #x, offsetof(struct dev, x) }
		F(id), F(chip), F(owner), F(ifindex), F(resets), F(mtu),
		F(ring_tx), F(ring_rx), F(rx_buf_len),
#undef F
	};
	struct dev d;
	unsigned int i;
	int err = nl_find_bus(nl, bus, &d);

	if (err == -ENODEV)
		return 1;
	if (err)
		return nl_fail(nl, "DEV_GET", err);
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++)
		if (!strcmp(name, u32s[i].name)) {
			printf("%" PRIu32 "\n",
			       *(const uint32_t *)((const char *)&d + u32s[i].off));
			return 0;
		}
	if (!strcmp(name, "rejects"))
		printf("%" PRIu64 "\n", d.rejects);
	else if (!strcmp(name, "bus"))
		puts(d.bus);
	else if (!strcmp(name, "ifname"))
		puts(d.ifname);
	else if (!strcmp(name, "mbox"))
		puts(d.mbox);
	else
		return usage();
	return 0;
}

static int reg(struct nlc *nl, char **argv)
{
	static const char *const spaces[] = {
		[MDRV_REG_MMIO] = "mmio", [MDRV_REG_CSR] = "csr",
		[MDRV_REG_BCR] = "bcr", [MDRV_REG_APROM] = "aprom",
	};
	unsigned int s;
	uint32_t val;
	int err;

	for (s = 0; s < sizeof(spaces) / sizeof(spaces[0]); s++)
		if (spaces[s] && !strcmp(argv[1], spaces[s]))
			break;
	if (s == sizeof(spaces) / sizeof(spaces[0]))
		return usage();
	err = nl_reg(nl, strtoul(argv[0], NULL, 0), s,
		     strtoul(argv[2], NULL, 0), false, 0, &val);
	if (err)
		return nl_fail(nl, "REG_READ", err);
	printf("%#" PRIx32 "\n", val);
	return 0;
}

int main(int argc, char **argv)
{
	struct nlc nl;
	int err, rc;

	if (argc < 2)
		return usage();
	memset(&nl, 0, sizeof(nl));
	err = nlc_open(&nl);
	if (err)
		return nl_fail(&nl, "family " MDRV_GENL_NAME, err);
	if (!strcmp(argv[1], "owned") && argc <= 3)
		rc = owned(&nl, argv[2]);
	else if (!strcmp(argv[1], "field") && argc == 4)
		rc = field(&nl, argv[2], argv[3]);
	else if (!strcmp(argv[1], "reg") && argc == 5)
		rc = reg(&nl, argv + 2);
	else
		rc = usage();
	nlc_close(&nl);
	return rc;
}
