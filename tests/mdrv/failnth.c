// SPDX-License-Identifier: GPL-2.0
/*
 * failnth OP ARGS: run one mdrv operation again and again, failing the
 * N-th memory allocation it makes (N = 1, 2, ...: /proc/thread-self/fail-nth,
 * failslab and fail_page_alloc) until it makes fewer than N, and check each
 * failure unwinds: the operation returns an error, the device is as before.
 * Leaks and use-after-free are the debug kernel's to report (failnth.sh).
 *
 *   failnth bind BDF        probe: bind BDF to mdrv (unbound before)
 *   failnth up BUS          ndo_open: the interface up, then down again
 *   failnth ring BUS        RING_SET while up: old rings kept on failure
 *   failnth attach BUS      ATTACH: no owner on failure
 *   failnth mbox BUS        open of the mailbox by the attached process
 *
 * Prints "# OP: N allocation sites, K failures returned an error".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mdrv_genl.h"
#include "nlhelp.h"

#define MAX_N	2000

static int nth_fd = -1;
static const char *bus;
static struct nlc nl;
static struct dev d;

static void arm(int n)
{
	char b[16];
	int len = snprintf(b, sizeof(b), "%d", n);

	if (pwrite(nth_fd, b, len, 0) != len) {
		perror("fail-nth");
		exit(1);
	}
}

/* the count left: 0 once the failure was injected */
static int armed(void)
{
	char b[16] = "";

	if (pread(nth_fd, b, sizeof(b) - 1, 0) <= 0)
		return -1;
	return atoi(b);
}

static bool injected;

/* right after the armed operation: was the failure injected? then disarm */
static void disarm(void)
{
	injected = armed() == 0;
	arm(0);
}

static int sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int if_up(bool up)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), err = 0;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%.*s", IFNAMSIZ - 1, d.ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags = up ? ifr.ifr_flags | IFF_UP :
				     ifr.ifr_flags & ~IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr))
			err = -errno;
	} else {
		err = -errno;
	}
	close(fd);
	return err;
}

static int ring_set(uint32_t tx, uint32_t rx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nlc_msg(&nl, buf, MDRV_CMD_RING_SET, false);

	mnl_attr_put_u32(nlh, MDRV_A_ID, d.id);
	mnl_attr_put_u32(nlh, MDRV_A_RING_TX, tx);
	mnl_attr_put_u32(nlh, MDRV_A_RING_RX, rx);
	return nlc_talk(&nl, nlh, NULL, NULL);
}

static int refresh(void)
{
	return bus ? nl_find_bus(&nl, bus, &d) : -ENODEV;
}

/* One armed try; returns its result, and checks/undoes its effect. */
static int try_op(const char *op, const char *arg, int n, int *bad)
{
	char path[128];
	int err, fd;

	if (!strcmp(op, "bind")) {
		arm(n);
		err = sysfs_write("/sys/bus/pci/drivers/mdrv/bind", arg);
		disarm();
		if (!err)
			sysfs_write("/sys/bus/pci/drivers/mdrv/unbind", arg);
		return err;
	}
	if (!strcmp(op, "up")) {
		arm(n);
		err = if_up(true);
		disarm();
		if_up(false);
		return err;
	}
	if (!strcmp(op, "ring")) {
		uint32_t tx = d.ring_tx, rx = d.ring_rx;

		arm(n);
		err = ring_set(tx == 256 ? 128 : 256, rx == 256 ? 128 : 256);
		disarm();
		if (refresh())
			return (*bad)++, err;
		/*
		 * a failed change keeps the old sizes; a good one is undone.
		 * ENOBUFS: the change was made, its netlink ACK could not be
		 * allocated (netlink's, not the driver's)
		 */
		if (err && err != -ENOBUFS &&
		    (d.ring_tx != tx || d.ring_rx != rx)) {
			printf("# ring: N=%d failed (%d) but sizes %u/%u\n", n,
			       err, d.ring_tx, d.ring_rx);
			(*bad)++;
		}
		if (!err)
			ring_set(tx, rx);
		refresh();
		return err;
	}
	if (!strcmp(op, "attach")) {
		arm(n);
		err = nl_simple(&nl, MDRV_CMD_ATTACH, d.id);
		disarm();
		if (refresh())
			return (*bad)++, err;
		if (err && err != -ENOBUFS && d.owner) {
			printf("# attach: N=%d failed (%d) but owner %u\n", n,
			       err, d.owner);
			(*bad)++;
		}
		if (d.owner)
			nl_simple(&nl, MDRV_CMD_DETACH, d.id);
		return err;
	}
	if (!strcmp(op, "mbox")) {
		snprintf(path, sizeof(path), "/dev/%s", d.mbox);
		arm(n);
		fd = open(path, O_RDWR);
		err = fd < 0 ? -errno : 0;
		disarm();
		if (fd >= 0)
			close(fd);
		return err;
	}
	fprintf(stderr, "failnth: unknown operation %s\n", op);
	exit(2);
}

int main(int argc, char **argv)
{
	int n, err, fails = 0, bad = 0;
	const char *op;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 3) {
		fprintf(stderr, "usage: failnth bind|up|ring|attach|mbox BDF\n");
		return 2;
	}
	op = argv[1];
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0) {
		perror("/proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION)");
		return 4;
	}
	if (nlc_open(&nl)) {
		fprintf(stderr, "failnth: no mdrv family\n");
		return 1;
	}
	if (strcmp(op, "bind")) {
		bus = argv[2];
		if (refresh()) {
			fprintf(stderr, "failnth: %s is not an mdrv device\n", bus);
			return 1;
		}
		if (!strcmp(op, "ring") || !strcmp(op, "mbox"))
			err = nl_simple(&nl, MDRV_CMD_ATTACH, d.id);
		else
			err = 0;
		if (!strcmp(op, "ring") && !err)
			err = if_up(true);
		if (err) {
			fprintf(stderr, "failnth: %s: setup: %s\n", bus, strerror(-err));
			return 1;
		}
	}
	for (n = 1; n <= MAX_N; n++) {
		err = try_op(op, argv[2], n, &bad);
		if (!injected) {
			/* fewer than n sites: the operation ran untouched */
			if (err) {
				printf("# %s: fails with no failure injected: %s\n",
				       op, strerror(-err));
				bad++;
			}
			break;
		}
		if (err)
			fails++;
	}
	if (!strcmp(op, "ring"))
		if_up(false);
	printf("# %s: %d allocation sites failed in turn, %d returned an error, %d left a bad state\n",
	       op, n - 1, fails, bad);
	return bad ? 1 : 0;
}
