// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl: OBJECT VERB dispatch. Keywords match in full (no prefixes);
 * "help" works at every level; the whole command line is checked before the
 * kernel is asked anything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mdrvctl.h"

struct opts opts;

static const struct object *const objects[] = {
	&dev_object, &regs_object, &monitor_object, &stats_object,
	&ring_object, &coalesce_object, &link_object, &eeprom_object,
	&health_object,
};

#define N_OBJECTS	(sizeof(objects) / sizeof(objects[0]))

static void usage(FILE *f)
{
	fputs("Usage: mdrvctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
	      "       mdrvctl help\n"
	      "OBJECT := { dev | stats | link | ring | coalesce | health | regs |\n"
	      "            eeprom | monitor }\n"
	      "OPTIONS := { -j | --json | -p | --pretty | -n NETNS | --netns NETNS |\n"
	      "             -s | --delta }\n",
	      f);
}

static int obj_usage(const struct object *o, FILE *f, int rc)
{
	fputs(o->usage, f);
	return rc;
}

/* The options: the number of words used, or -1 after a message. */
static int parse_opts(int argc, char **argv)
{
	static const struct {
		const char *s, *l;
		bool *flag;
		const char **val;
	} tab[] = {
		{ "-j", "--json", &opts.json, NULL },
		{ "-p", "--pretty", &opts.pretty, NULL },
		{ "-s", "--delta", &opts.delta, NULL },
		{ "-n", "--netns", NULL, &opts.netns },
	};
	int i = 0;

	while (i < argc && argv[i][0] == '-') {
		unsigned int k;

		for (k = 0; k < sizeof(tab) / sizeof(tab[0]); k++)
			if (!strcmp(argv[i], tab[k].s) || !strcmp(argv[i], tab[k].l))
				break;
		if (k == sizeof(tab) / sizeof(tab[0])) {
			err_msg("unknown option \"%s\"", argv[i]);
			return -1;
		}
		if (tab[k].flag) {
			*tab[k].flag = true;
		} else {
			if (++i == argc || !argv[i][0]) {
				err_msg("option \"%s\" needs an argument", argv[i - 1]);
				return -1;
			}
			*tab[k].val = argv[i];
		}
		i++;
	}
	if (opts.pretty)
		opts.json = true;
	return i;
}

/* -n NETNS: as ip -n, the named namespace of /run/netns */
static int enter_netns(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/') || snprintf(path, sizeof(path), "/run/netns/%s",
					  name) >= (int)sizeof(path)) {
		err_msg("invalid network namespace name \"%s\"", name);
		return EXIT_RUNTIME;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_msg("cannot open network namespace \"%s\": %s", name,
			strerror(errno));
		return EXIT_RUNTIME;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		err_msg("setting the network namespace \"%s\" failed: %s", name,
			strerror(errno));
		close(fd);
		return EXIT_RUNTIME;
	}
	close(fd);
	return 0;
}

static int run(const struct verb *v, struct args *a)
{
	struct nlc nl, aux;
	int err, rc;

	/*
	 * The family is not netnsok: it exists in the initial namespace only.
	 * The socket is opened here, the namespace entered afterwards: -n
	 * decides where interface names are looked up.
	 */
	err = nlc_open(&nl);
	if (err == -ENOENT) {
		err_msg("the mdrv netlink family is not registered (is mdrv.ko loaded?)");
		return EXIT_RUNTIME;
	}
	if (err)
		return nlc_fail(NULL, "netlink socket", err);
	if (v->aux) {
		err = nlc_open_genl(&aux, v->aux, 1);	/* mdrv, devlink: both 1 */
		if (err) {
			nlc_close(&nl);
			if (err == -ENOENT) {
				err_msg("the %s netlink family is not registered", v->aux);
				return EXIT_RUNTIME;
			}
			return nlc_fail(NULL, "netlink socket", err);
		}
		a->aux = &aux;
	}
	rc = opts.netns ? enter_netns(opts.netns) : 0;
	if (!rc)
		rc = v->run(&nl, a);
	if (a->aux)
		nlc_close(a->aux);
	nlc_close(&nl);
	return rc;
}

int main(int argc, char **argv)
{
	const struct object *o = NULL;
	const struct verb *v;
	struct args a;
	unsigned int i;
	int n;

	n = parse_opts(argc - 1, argv + 1);
	if (n < 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	argc -= n + 1;
	argv += n + 1;
	if (!argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < N_OBJECTS; i++)
		if (!strcmp(argv[0], objects[i]->name))
			o = objects[i];
	if (!o) {
		err_msg("object \"%s\" is unknown, try \"mdrvctl help\"", argv[0]);
		usage(stderr);
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	if (argc && !strcmp(argv[0], "help"))
		return obj_usage(o, stdout, EXIT_OK);
	for (v = o->verbs; v->run; v++)
		if (v->name ? argc && !strcmp(argv[0], v->name) : true)
			break;
	if (!v->run) {
		if (argc)
			err_msg("command \"%s\" is unknown, try \"mdrvctl %s help\"",
				argv[0], o->name);
		else
			err_msg("%s: a command is required", o->name);
		return obj_usage(o, stderr, EXIT_USAGE);
	}
	if (v->name) {
		argc--;
		argv++;
	}
	/*
	 * "help" right after the verb or after the device (DEV, or id N);
	 * anywhere else it is a word the parser refuses, as ip does
	 */
	if (argc && !strcmp(argv[argc - 1], "help") &&
	    (argc == 1 || (!o->nodev &&
			   ((argc == 2 && strcmp(argv[0], "id")) ||
			    (argc == 3 && !strcmp(argv[0], "id"))))))
		return obj_usage(o, stdout, EXIT_OK);
	memset(&a, 0, sizeof(a));
	if (v->parse(argc, argv, &a) < 0)
		return obj_usage(o, stderr, EXIT_USAGE);
	return run(v, &a);
}
