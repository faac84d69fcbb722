// SPDX-License-Identifier: GPL-2.0
/*
 * The verbs that are one ethtool request about a selected device ("ring
 * show DEV", "coalesce set DEV rx-usecs 50"): device selection (dev.c),
 * then the request (ethnl.c), then the answer printed. Above both, so that
 * neither calls the other back.
 */
#include <stdlib.h>
#include <string.h>

#include "mdrvctl.h"

int et_request(struct nlc *nl, const struct args *a, struct mdev *d,
	       const struct et_req *reqs, unsigned int n, const char *what)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlc et;
	int rc, err = 0;

	rc = dev_here(nl, &a->dev, d);
	if (!rc)
		rc = et_open(&et);
	if (rc)
		return rc;
	for (unsigned int i = 0; i < n && !err; i++) {
		struct nlmsghdr *nlh = et_msg(&et, buf, reqs[i].cmd, d->ifname);

		if (reqs[i].set)
			params_put(nlh, reqs[i].set, &a->vals);
		if (reqs[i].put)
			reqs[i].put(nlh, reqs[i].ctx);
		err = et_talk(&et, nlh, reqs[i].r);
	}
	rc = err ? nlc_fail(&et, what, err) : EXIT_OK;
	nlc_close(&et);
	return rc;
}

int et_show(struct nlc *nl, struct args *a, uint8_t cmd,
	    const struct param *t, const char *what)
{
	static struct et_reply r;
	const struct et_req req = { cmd, NULL, &r, NULL, NULL };
	struct mdev d;
	int rc;

	rc = et_request(nl, a, &d, &req, 1, what);
	if (rc)
		return rc;
	out_begin(false);
	dev_head(&d);
	params_show(t, &r);
	out_end();
	return EXIT_OK;
}

int et_set_parse(int argc, char **argv, struct args *a, const struct param *t)
{
	int n = devsel_parse(argc, argv, &a->dev, true);

	if (n < 0 || params_parse(t, argc - n, argv + n, &a->vals) < 0)
		return -1;
	return argc;
}

int et_set(struct nlc *nl, struct args *a, uint8_t cmd,
	   const struct param *t, const char *what)
{
	const struct et_req req = { cmd, t, NULL, NULL, NULL };
	struct mdev d;

	return et_request(nl, a, &d, &req, 1, what);
}
