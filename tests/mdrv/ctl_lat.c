// SPDX-License-Identifier: GPL-2.0
/*
 * ctl_lat: the latency of one ethtool or ndo control operation on a network
 * device, made many times in a row from inside this one program, by one or
 * several concurrent processes. It is for comparing a stock NIC driver with
 * mdrv on the same operations: how long one ETHTOOL_GDRVINFO, a ring resize
 * or an MTU change takes, and what happens to it when several callers
 * contend (rtnl, the driver's own locking, its mailbox to the device).
 *
 * Why in-process: under the test VM's TCG emulation starting a program
 * (ethtool(8), ip(8)) costs 50-100 ms, which would drown the difference
 * between two drivers whose operations take tens or hundreds of
 * microseconds. Here the program starts once and each call is one ioctl(),
 * timed alone with CLOCK_MONOTONIC.
 *
 * usage: ctl_lat [-n CALLS] [-P PROCS] [-w WARMUP] [-a N] DEV[,DEV...] OP
 *
 *   DEV,...    with several devices (of one model and driver: the values
 *              read at start are the first's), process k calls device
 *              k % (number of devices)
 *   -n CALLS   timed calls per process (default 1000)
 *   -P PROCS   concurrent processes (default 1)
 *   -w WARMUP  untimed calls per process before those (default 10)
 *   -a N       sring only: the alternative rx_pending (default: the current
 *              value / 2 if that is at least 64, else * 2, capped at
 *              rx_max_pending)
 *
 *   OP  gdrv    ETHTOOL_GDRVINFO
 *       gstats  ETHTOOL_GSTATS (n_stats learned once by ETHTOOL_GSSET_INFO)
 *       gring   ETHTOOL_GRINGPARAM
 *       sring   ETHTOOL_SRINGPARAM, rx_pending alternating between the value
 *               read at start and the alternative; restored at the end
 *       gcoal   ETHTOOL_GCOALESCE
 *       scoal   ETHTOOL_SCOALESCE of the values read at start (no change)
 *       glink   ETHTOOL_GLINKSETTINGS (nwords learned once by the handshake)
 *       mtu     SIOCSIFMTU alternating between the MTU read at start and
 *               100 less; restored at the end
 *
 * The ethtool commands go through ioctl(SIOCETHTOOL) on an AF_INET datagram
 * socket, as ethtool(8) makes them; each process has its own socket. Call i
 * of a process (warm-up included) sets value i % 2 of an alternating pair;
 * the processes alternate independently. The setup query, then one call of
 * the operation, are made first by the parent: EOPNOTSUPP from either means
 * the device lacks the operation. With PROCS > 1 the children are forked
 * first and wait on a pipe; the parent releases them together by closing
 * its write end. wall_s runs from the release to the last child's exit (in
 * process, PROCS == 1: over the loop), warm-up included, so calls_per_s is
 * PROCS * (WARMUP + CALLS) / wall_s: every call made in that time.
 *
 * Output, one line of JSON on stdout, latencies in microseconds, percentiles
 * over all PROCS * CALLS samples (pXX: sorted sample floor(XX/100 * (N-1))):
 *   {"dev":..,"op":..,"procs":..,"calls":..,"errors":..,"first_errno":..,
 *    "min_us":..,"p50_us":..,"p90_us":..,"p99_us":..,"max_us":..,
 *    "mean_us":..,"wall_s":..,"calls_per_s":..}
 * A failed timed call is counted in errors (first_errno: the first one of
 * the lowest-numbered process with one) and its latency kept. When the
 * device lacks the operation:
 *   {"dev":..,"op":..,"unsupported":true,"errno":95,"error":".."}
 *
 * Exit status: 0 (also for "unsupported"), 1 if a timed call failed or on a
 * setup error, 2 for a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <net/if.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#define MAX_CALLS	100000000UL
#define MAX_PROCS	1024UL
#define MTU_STEP	100
#define MAX_DEVS	64

enum op {
	OP_GDRV,
	OP_GSTATS,
	OP_GRING,
	OP_SRING,
	OP_GCOAL,
	OP_SCOAL,
	OP_GLINK,
	OP_MTU,
	OP_NR
};

static const char *const op_names[OP_NR] = {
	[OP_GDRV] = "gdrv",	[OP_GSTATS] = "gstats",
	[OP_GRING] = "gring",	[OP_SRING] = "sring",
	[OP_GCOAL] = "gcoal",	[OP_SCOAL] = "scoal",
	[OP_GLINK] = "glink",	[OP_MTU] = "mtu",
};

/* the run's parameters and what the setup learned; read-only after setup */
struct bench {
	const char *dev;			/* the first of devs */
	const char *devs[MAX_DEVS];		/* caller k calls devs[k % ndevs] */
	unsigned long ndevs;
	enum op op;
	unsigned long calls;
	unsigned long warmup;
	unsigned long procs;
	__u32 n_stats;				/* gstats */
	int nwords;				/* glink */
	struct ethtool_ringparam ring;		/* sring: as read at start */
	__u32 rx_val[2];			/* sring: current, alternative */
	struct ethtool_coalesce coal;		/* scoal: as read at start */
	int mtu_val[2];				/* mtu: current, current - 100 */
};

/* one process's caller: its socket and its command buffer */
struct worker {
	const struct bench *b;
	int fd;
	struct ifreq ifr;
	void *cmd;
};

/* one process's outcome, in the shared mapping */
struct result {
	uint64_t errors;
	int32_t first_errno;
	int32_t done;
};

static int usage(void)
{
	fputs("usage: ctl_lat [-n CALLS] [-P PROCS] [-w WARMUP] [-a N] DEV[,DEV...] OP\n"
	      "  OP: gdrv gstats gring sring gcoal scoal glink mtu\n", stderr);
	return 2;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts)) {
		perror("ctl_lat: clock_gettime");
		exit(1);
	}
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void xclose(int fd)
{
	if (close(fd))
		perror("ctl_lat: close");
}

static void set_ifname(struct ifreq *ifr, const char *dev)
{
	memset(ifr, 0, sizeof(*ifr));
	memcpy(ifr->ifr_name, dev, strlen(dev) + 1);	/* length checked */
}

/* one setup SIOCETHTOOL: 0 or the errno */
static int ethtool_ioctl(int fd, const char *dev, void *cmd)
{
	struct ifreq ifr;

	set_ifname(&ifr, dev);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr) ? errno : 0;
}

static int set_mtu(int fd, const char *dev, int mtu)
{
	struct ifreq ifr;

	set_ifname(&ifr, dev);
	ifr.ifr_mtu = mtu;
	return ioctl(fd, SIOCSIFMTU, &ifr) ? errno : 0;
}

/*
 * What the operation needs to know before its first call. Returns 0, the
 * errno of the failed query (named in *what), or -1 after a message.
 */
static int setup(struct bench *b, int fd, bool have_alt, __u32 alt,
		 const char **what)
{
	struct ethtool_link_settings ls;
	struct ethtool_sset_info *sset;
	struct ifreq ifr;
	__u32 cur;
	int err;

	switch (b->op) {
	case OP_GSTATS:
		*what = "ETHTOOL_GSSET_INFO";
		sset = calloc(1, sizeof(*sset) + sizeof(__u32));
		if (!sset) {
			perror("ctl_lat: calloc");
			return -1;
		}
		sset->cmd = ETHTOOL_GSSET_INFO;
		sset->sset_mask = 1ULL << ETH_SS_STATS;
		err = ethtool_ioctl(fd, b->dev, sset);
		/* the bit is cleared when the driver counts no statistics */
		if (!err && !(sset->sset_mask & (1ULL << ETH_SS_STATS)))
			err = EOPNOTSUPP;
		if (!err)
			b->n_stats = sset->data[0];
		free(sset);
		return err;
	case OP_SRING:
		*what = "ETHTOOL_GRINGPARAM";
		memset(&b->ring, 0, sizeof(b->ring));
		b->ring.cmd = ETHTOOL_GRINGPARAM;
		err = ethtool_ioctl(fd, b->dev, &b->ring);
		if (err)
			return err;
		cur = b->ring.rx_pending;
		if (!have_alt) {
			alt = cur / 2 >= 64 ? cur / 2 : cur * 2;
			if (alt > b->ring.rx_max_pending)
				alt = b->ring.rx_max_pending;
		} else if (alt > b->ring.rx_max_pending) {
			fprintf(stderr, "ctl_lat: %s: -a %u exceeds rx_max_pending %u\n",
				b->dev, alt, b->ring.rx_max_pending);
			return -1;
		}
		if (alt == cur)
			fprintf(stderr, "ctl_lat: %s: warning: the alternative rx_pending is the current %u\n",
				b->dev, cur);
		b->rx_val[0] = cur;
		b->rx_val[1] = alt;
		return 0;
	case OP_SCOAL:
		*what = "ETHTOOL_GCOALESCE";
		memset(&b->coal, 0, sizeof(b->coal));
		b->coal.cmd = ETHTOOL_GCOALESCE;
		return ethtool_ioctl(fd, b->dev, &b->coal);
	case OP_GLINK:
		/* nwords 0: the kernel answers with minus its own nwords */
		*what = "ETHTOOL_GLINKSETTINGS";
		memset(&ls, 0, sizeof(ls));
		ls.cmd = ETHTOOL_GLINKSETTINGS;
		err = ethtool_ioctl(fd, b->dev, &ls);
		if (err)
			return err;
		if (ls.cmd != ETHTOOL_GLINKSETTINGS || ls.link_mode_masks_nwords >= 0) {
			fprintf(stderr, "ctl_lat: %s: ETHTOOL_GLINKSETTINGS handshake answered nwords %d\n",
				b->dev, ls.link_mode_masks_nwords);
			return -1;
		}
		b->nwords = -ls.link_mode_masks_nwords;
		return 0;
	case OP_MTU:
		*what = "SIOCGIFMTU";
		set_ifname(&ifr, b->dev);
		if (ioctl(fd, SIOCGIFMTU, &ifr))
			return errno;
		if (ifr.ifr_mtu <= MTU_STEP) {
			fprintf(stderr, "ctl_lat: %s: MTU %d is too small to take %d off\n",
				b->dev, ifr.ifr_mtu, MTU_STEP);
			return -1;
		}
		b->mtu_val[0] = ifr.ifr_mtu;
		b->mtu_val[1] = ifr.ifr_mtu - MTU_STEP;
		return 0;
	default:
		return 0;
	}
}

/* put back what sring and mtu changed: 0, or 1 after a message */
static int restore(const struct bench *b, int fd)
{
	struct ethtool_ringparam ring;
	unsigned long k;
	int err, ret = 0;

	for (k = 0; k < b->ndevs; k++) {
		switch (b->op) {
		case OP_SRING:
			ring = b->ring;
			ring.cmd = ETHTOOL_SRINGPARAM;
			err = ethtool_ioctl(fd, b->devs[k], &ring);
			break;
		case OP_MTU:
			err = set_mtu(fd, b->devs[k], b->mtu_val[0]);
			break;
		default:
			return 0;
		}
		if (err) {
			fprintf(stderr, "ctl_lat: %s: restoring the original %s: %s\n",
				b->devs[k], b->op == OP_MTU ? "MTU" : "ring parameters",
				strerror(err));
			ret = 1;
		}
	}
	return ret;
}

static size_t cmd_size(const struct bench *b)
{
	switch (b->op) {
	case OP_GDRV:
		return sizeof(struct ethtool_drvinfo);
	case OP_GSTATS:
		return sizeof(struct ethtool_stats) + (size_t)b->n_stats * sizeof(__u64);
	case OP_GRING:
	case OP_SRING:
		return sizeof(struct ethtool_ringparam);
	case OP_GCOAL:
	case OP_SCOAL:
		return sizeof(struct ethtool_coalesce);
	case OP_GLINK:
		return sizeof(struct ethtool_link_settings) +
		       3 * (size_t)b->nwords * sizeof(__u32);
	default:
		return sizeof(__u64);	/* mtu: none used */
	}
}

/* fd: the process's own socket, which the worker then owns */
static int worker_init(struct worker *w, const struct bench *b, int fd,
		       const char *dev)
{
	w->b = b;
	w->fd = fd;
	w->cmd = calloc(1, cmd_size(b));
	if (!w->cmd) {
		perror("ctl_lat: calloc");
		return -1;
	}
	set_ifname(&w->ifr, dev);
	return 0;
}

/*
 * Call i of this process: the command is prepared untimed, the ioctl alone
 * is timed (*ns). Returns 0 or the errno; EPROTO when the answer is not of
 * the size learned at setup.
 */
static int one_call(struct worker *w, unsigned long i, uint64_t *ns)
{
	const struct bench *b = w->b;
	struct ethtool_drvinfo *drv = w->cmd;
	struct ethtool_stats *st = w->cmd;
	struct ethtool_ringparam *ring = w->cmd;
	struct ethtool_coalesce *coal = w->cmd;
	struct ethtool_link_settings *ls = w->cmd;
	unsigned long req = SIOCETHTOOL;
	uint64_t t0, t1;
	int err;

	w->ifr.ifr_data = w->cmd;
	switch (b->op) {
	case OP_GDRV:
		memset(drv, 0, sizeof(*drv));
		drv->cmd = ETHTOOL_GDRVINFO;
		break;
	case OP_GSTATS:
		st->cmd = ETHTOOL_GSTATS;
		st->n_stats = b->n_stats;
		break;
	case OP_GRING:
		memset(ring, 0, sizeof(*ring));
		ring->cmd = ETHTOOL_GRINGPARAM;
		break;
	case OP_SRING:
		*ring = b->ring;
		ring->cmd = ETHTOOL_SRINGPARAM;
		ring->rx_pending = b->rx_val[i % 2];
		break;
	case OP_GCOAL:
		memset(coal, 0, sizeof(*coal));
		coal->cmd = ETHTOOL_GCOALESCE;
		break;
	case OP_SCOAL:
		*coal = b->coal;
		coal->cmd = ETHTOOL_SCOALESCE;
		break;
	case OP_GLINK:
		memset(ls, 0, sizeof(*ls));
		ls->cmd = ETHTOOL_GLINKSETTINGS;
		ls->link_mode_masks_nwords = (__s8)b->nwords;
		break;
	case OP_MTU:
		req = SIOCSIFMTU;
		w->ifr.ifr_mtu = b->mtu_val[i % 2];
		break;
	default:
		break;
	}

	t0 = now_ns();
	err = ioctl(w->fd, req, &w->ifr) ? errno : 0;
	t1 = now_ns();
	*ns = t1 - t0;
	if (err)
		return err;

	/*
	 * The kernel writes as many counters as the driver has now: a count
	 * that changed since setup (it does not for a bound driver) is wrong.
	 */
	if (b->op == OP_GSTATS && st->n_stats != b->n_stats)
		return EPROTO;
	/* another handshake answer instead of the settings */
	if (b->op == OP_GLINK && ls->link_mode_masks_nwords != b->nwords)
		return EPROTO;
	return 0;
}

/* WARMUP + CALLS calls; the latencies of the last CALLS into lat */
static void run(struct worker *w, uint64_t *lat, struct result *res)
{
	const struct bench *b = w->b;
	unsigned long i, n = b->warmup + b->calls;
	uint64_t ns;
	int err;

	for (i = 0; i < n; i++) {
		err = one_call(w, i, &ns);
		if (i < b->warmup)
			continue;
		lat[i - b->warmup] = ns;
		if (err && !res->errors++)
			res->first_errno = err;
	}
	res->done = 1;
}

/* a forked caller: its own socket, then wait for the gate to close */
static void __attribute__((noreturn))
child(const struct bench *b, unsigned long k, int setup_fd, int gate,
      uint64_t *lat, struct result *res)
{
	struct worker w;
	ssize_t r;
	char c;
	int fd;

	xclose(setup_fd);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("ctl_lat: socket");
		_exit(1);
	}
	if (worker_init(&w, b, fd, b->devs[k % b->ndevs]))
		_exit(1);
	do
		r = read(gate, &c, 1);
	while (r < 0 && errno == EINTR);
	if (r) {	/* only EOF releases */
		if (r < 0)
			perror("ctl_lat: read gate");
		_exit(1);
	}
	xclose(gate);
	run(&w, lat, res);
	_exit(0);
}

/*
 * Fork PROCS callers, release them together, wait for all. Returns the
 * wall time from the release to the last exit in *wall_ns; 0, or 1 if a
 * child did not run to the end.
 */
static int run_forked(const struct bench *b, int setup_fd, uint64_t *lat,
		      struct result *res, uint64_t *wall_ns)
{
	unsigned long k, forked;
	int gate[2], status, ret = 0;
	uint64_t t0;
	pid_t *pids;
	pid_t pid;

	pids = calloc(b->procs, sizeof(*pids));
	if (!pids) {
		perror("ctl_lat: calloc");
		return 1;
	}
	if (pipe2(gate, O_CLOEXEC)) {
		perror("ctl_lat: pipe");
		free(pids);
		return 1;
	}
	for (forked = 0; forked < b->procs; forked++) {
		pid = fork();
		if (pid < 0) {
			perror("ctl_lat: fork");
			ret = 1;
			break;
		}
		if (!pid) {
			xclose(gate[1]);
			child(b, forked, setup_fd, gate[0], lat + forked * b->calls,
			      &res[forked]);
		}
		pids[forked] = pid;
	}
	/* a fork failed: those already made must not run */
	for (k = 0; ret && k < forked; k++)
		if (kill(pids[k], SIGKILL))
			perror("ctl_lat: kill");

	t0 = now_ns();
	if (close(gate[1])) {
		perror("ctl_lat: close gate");
		ret = 1;
	}
	for (k = 0; k < forked; k++) {
		while (waitpid(pids[k], &status, 0) < 0) {
			if (errno != EINTR) {
				perror("ctl_lat: waitpid");
				free(pids);
				return 1;
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) || !res[k].done) {
			if (!ret)
				fprintf(stderr, "ctl_lat: child %lu did not finish its calls\n", k);
			ret = 1;
		}
	}
	*wall_ns = now_ns() - t0;
	xclose(gate[0]);
	free(pids);
	return ret;
}

static void json_str(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static int flush_out(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		perror("ctl_lat: stdout");
		return 1;
	}
	return 0;
}

static int print_unsupported(const struct bench *b, int err)
{
	printf("{\"dev\":");
	json_str(b->dev);
	printf(",\"op\":\"%s\",\"unsupported\":true,\"errno\":%d,\"error\":",
	       op_names[b->op], err);
	json_str(strerror(err));
	printf("}\n");
	return flush_out();
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double us(uint64_t ns)
{
	return ns / 1000.0;
}

/* the JSON line; returns the exit status */
static int report(const struct bench *b, uint64_t *lat,
		  const struct result *res, uint64_t wall_ns)
{
	unsigned long n = b->procs * b->calls, k;
	uint64_t errors = 0;
	int first_errno = 0;
	double sum = 0, wall;

	for (k = 0; k < b->procs; k++) {
		if (res[k].errors && !errors)
			first_errno = res[k].first_errno;
		errors += res[k].errors;
	}
	qsort(lat, n, sizeof(*lat), cmp_u64);
	for (k = 0; k < n; k++)
		sum += lat[k];
	wall = (wall_ns ? wall_ns : 1) / 1e9;

	printf("{\"dev\":");
	json_str(b->dev);
	printf(",\"op\":\"%s\",\"procs\":%lu,\"calls\":%lu,\"errors\":%" PRIu64
	       ",\"first_errno\":%d,\"min_us\":%.1f,\"p50_us\":%.1f,\"p90_us\":%.1f"
	       ",\"p99_us\":%.1f,\"max_us\":%.1f,\"mean_us\":%.1f,\"wall_s\":%.6f"
	       ",\"calls_per_s\":%.1f}\n",
	       op_names[b->op], b->procs, b->calls, errors, first_errno,
	       us(lat[0]), us(lat[50 * (n - 1) / 100]), us(lat[90 * (n - 1) / 100]),
	       us(lat[99 * (n - 1) / 100]), us(lat[n - 1]), sum / n / 1000.0, wall,
	       b->procs * (b->warmup + b->calls) / wall);
	if (flush_out())
		return 1;
	return errors ? 1 : 0;
}

static int parse_ul(const char *s, unsigned long min, unsigned long max,
		    unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || *v < min || *v > max)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct bench b = { .calls = 1000, .warmup = 10, .procs = 1 };
	struct result *res;
	struct worker w;
	const char *what = "";
	unsigned long alt = 0;
	bool have_alt = false;
	uint64_t *lat, wall_ns = 0, t0, ns;
	size_t map_len;
	void *map;
	int opt, fd, err, ret;

	while ((opt = getopt(argc, argv, "n:P:w:a:h")) != -1) {
		switch (opt) {
		case 'n':
			if (parse_ul(optarg, 1, MAX_CALLS, &b.calls))
				return usage();
			break;
		case 'P':
			if (parse_ul(optarg, 1, MAX_PROCS, &b.procs))
				return usage();
			break;
		case 'w':
			if (parse_ul(optarg, 0, MAX_CALLS, &b.warmup))
				return usage();
			break;
		case 'a':
			if (parse_ul(optarg, 0, UINT32_MAX, &alt))
				return usage();
			have_alt = true;
			break;
		default:
			return usage();
		}
	}
	if (argc - optind != 2)
		return usage();
	/* DEV[,DEV...]: the callers spread over them, set up as the first */
	for (char *save, *d = strtok_r(argv[optind], ",", &save); d;
	     d = strtok_r(NULL, ",", &save)) {
		if (!*d || strlen(d) >= IFNAMSIZ || b.ndevs == MAX_DEVS) {
			fprintf(stderr, "ctl_lat: bad interface name \"%s\" (or more than %d)\n",
				d, MAX_DEVS);
			return 2;
		}
		b.devs[b.ndevs++] = d;
	}
	if (!b.ndevs)
		return usage();
	b.dev = b.devs[0];
	for (b.op = 0; b.op < OP_NR; b.op++)
		if (!strcmp(argv[optind + 1], op_names[b.op]))
			break;
	if (b.op == OP_NR || (have_alt && b.op != OP_SRING))
		return usage();

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("ctl_lat: socket");
		return 1;
	}
	err = setup(&b, fd, have_alt, (__u32)alt, &what);
	if (err == EOPNOTSUPP)
		return print_unsupported(&b, err);
	if (err > 0)
		fprintf(stderr, "ctl_lat: %s: %s: %s\n", b.dev, what, strerror(err));
	if (err)
		return 1;
	if (worker_init(&w, &b, fd, b.dev))
		return 1;

	/* the first call: does the device have the operation at all? */
	err = one_call(&w, 0, &ns);
	if (err == EOPNOTSUPP)
		return print_unsupported(&b, err);
	if (err) {
		fprintf(stderr, "ctl_lat: %s: first %s call: %s\n", b.dev,
			op_names[b.op], strerror(err));
		return 1;
	}

	map_len = b.procs * sizeof(*res) + b.procs * b.calls * sizeof(*lat);
	map = mmap(NULL, map_len, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED) {
		perror("ctl_lat: mmap");
		return 1;
	}
	res = map;
	lat = (uint64_t *)(res + b.procs);

	if (b.procs == 1) {
		t0 = now_ns();
		run(&w, lat, res);
		wall_ns = now_ns() - t0;
		ret = 0;
	} else {
		ret = run_forked(&b, fd, lat, res, &wall_ns);
	}
	/* after all callers are done */
	if (restore(&b, fd))
		ret = 1;
	if (!ret)
		ret = report(&b, lat, res, wall_ns);
	if (munmap(map, map_len))
		perror("ctl_lat: munmap");
	free(w.cmd);
	xclose(fd);
	return ret;
}
