// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl eeprom: the EEPROM (e1000) or address PROM (PCnet) as the driver
 * reads it for ethtool -e (SIOCETHTOOL ETHTOOL_GEEPROM; its size from
 * ETHTOOL_GDRVINFO's eedump_len). The text is ethtool -e's hex dump.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ethtool.h>

#include "mdrvctl.h"

static int eeprom_parse(int argc, char **argv, struct args *a)
{
	bool has_offset = false;
	int i = devsel_parse(argc, argv, &a->dev, true);

	if (i < 0)
		return -1;
	for (; i < argc; i += 2) {
		bool off = !strcmp(argv[i], "offset");

		if (!off && strcmp(argv[i], "length")) {
			err_msg("unexpected argument \"%s\"", argv[i]);
			return -1;
		}
		if (off ? has_offset : a->has_length) {
			err_msg("\"%s\" given twice", argv[i]);
			return -1;
		}
		if (i + 1 == argc) {
			err_msg("\"%s\" needs a number", argv[i]);
			return -1;
		}
		if (parse_u32(argv[i], argv[i + 1], off ? &a->offset : &a->length))
			return -1;
		if (off)
			has_offset = true;
		else
			a->has_length = true;
	}
	return argc;
}

/* as ethtool's dump_hex() */
static void hex_dump(const uint8_t *data, uint32_t len, uint32_t offset)
{
	out_text("Offset\t\tValues\n");
	out_text("------\t\t------");
	for (uint32_t i = 0; i < len; i++) {
		if (i % 16 == 0)
			out_text("\n0x%04x:\t\t", i + offset);
		out_text("%02x ", data[i]);
	}
	out_text("\n");
}

static int eeprom_dump(struct nlc *nl, struct args *a)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_eeprom *ee;
	uint32_t size, len;
	struct mdev d;
	int rc, err;

	rc = dev_here(nl, &a->dev, &d);
	if (rc)
		return rc;
	err = et_ioctl(d.ifname, &info);
	if (err)
		return ioctl_fail("ETHTOOL_GDRVINFO", err);
	size = info.eedump_len;
	if (a->offset > size || (a->has_length && a->length > size - a->offset)) {
		err_msg("offset %u and length %u exceed the EEPROM of %s (%u bytes)",
			a->offset, a->has_length ? a->length : 0, d.ifname, size);
		return EXIT_RUNTIME;
	}
	len = a->has_length ? a->length : size - a->offset;
	ee = calloc(1, sizeof(*ee) + len);
	if (!ee) {
		err_msg("out of memory");
		return EXIT_RUNTIME;
	}
	ee->cmd = ETHTOOL_GEEPROM;
	ee->offset = a->offset;
	ee->len = len;
	err = len ? et_ioctl(d.ifname, ee) : 0;
	if (err) {
		free(ee);
		return ioctl_fail("reading the EEPROM (ETHTOOL_GEEPROM)", err);
	}
	out_begin(false);
	out_str("ifname", NULL, d.ifname);
	out_uint("id", NULL, d.id);
	out_uint("offset", NULL, a->offset);
	out_uint("length", NULL, len);
	out_uint("magic", NULL, ee->magic);
	out_arr_open("data");
	for (uint32_t i = 0; i < len; i++)
		out_uint(NULL, NULL, ee->data[i]);
	out_arr_close();
	hex_dump(ee->data, len, a->offset);
	out_end();
	free(ee);
	return EXIT_OK;
}

static const struct verb eeprom_verbs[] = {
	{ "dump", eeprom_parse, eeprom_dump, NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct object eeprom_object = {
	.name = "eeprom",
	.usage = "Usage: mdrvctl eeprom dump DEV [ offset N ] [ length N ]\n"
		 "       mdrvctl eeprom help\n"
		 "DEV := { IFNAME | id ID }\n"
		 "The EEPROM (e1000) or address PROM (PCnet) as ethtool -e dumps it\n"
		 "(the same text); needs CAP_NET_ADMIN. Default: all of it. JSON:\n"
		 "{ ifname, id, offset, length, magic, data }, data an array of the\n"
		 "byte values (numbers 0-255).\n",
	.verbs = eeprom_verbs,
};
