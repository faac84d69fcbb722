// SPDX-License-Identifier: GPL-2.0
/*
 * mbox_fuzz: a hostile user half on one device's mailbox (/dev/mdrvN).
 *
 *   mbox_fuzz -b BUS [-s SEED] [-t GARBAGE_SECONDS]
 *
 * Attaches to the device at BUS over netlink (nobody may own it), opens and
 * maps its mailbox, then:
 *
 *  1. mapping rules: the kernel region writable, beyond its size, at odd
 *     offsets, MAP_PRIVATE, mprotect() and mremap() to grow: all refused;
 *     read(), ioctl() and doorbells of odd sizes refused;
 *  2. garbage: random bytes over every writable page (control page, reply
 *     ring, stats page) and doorbells of random sizes for GARBAGE_SECONDS,
 *     while a child runs ethtool/ip commands that make upcalls; every
 *     command must come back within the 2 s upcall timeout (plus process
 *     start-up), the kernel's own page must stay intact and the kernel
 *     must count rejections;
 *  3. protocol abuse, one upcall at a time, each made by one command: wrong
 *     sequence number, wrong type, lengths over the payload, statuses that
 *     are no errno or are the kernel's own (ETIMEDOUT, ERESTARTSYS: passed on
 *     as EIO), a duplicated reply, no reply then a late one, a reply
 *     index beyond the ring, doorbells of odd sizes, a consumer index
 *     beyond the ring, a short payload; plus a correct answer as control.
 *     Each must fail the command with the expected errno (ETIMEDOUT after
 *     the 2 s timeout, EPROTO, EIO, ENOBUFS) and count exactly the expected
 *     number of rejections in kctrl.rejects (= netlink MDRV_A_REJECTS).
 *
 * Exit status 0 if every check held. The summary prints the measured
 * durations and rejection counts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"
#include "mdrv_genl.h"
#include "mdrv_mbox.h"
#include "nlhelp.h"

#define SLOT(i)		((i) & (MDRV_MBOX_SLOTS - 1))
/* the upcall timeout, and what a command may take on top (TCG start-up) */
#define TIMEOUT_S	2.0
#define SLACK_S		3.0

struct mb {
	int fd;
	struct mdrv_mbox_kctrl *k;
	struct mdrv_msg *up;
	void *user;
	struct mdrv_mbox_uctrl *u;
	struct mdrv_msg *rep;
	uint32_t up_cons, rep_prod;
};

static int failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		failures++;						\
		printf("# FAIL: " __VA_ARGS__);				\
		printf("\n");						\
	}								\
} while (0)

static uint64_t rejects(const struct mb *m)
{
	return __atomic_load_n(&m->k->rejects, __ATOMIC_ACQUIRE);
}

/* Both rings empty and in step with the kernel. */
static void resync(struct mb *m)
{
	m->up_cons = __atomic_load_n(&m->k->up_prod, __ATOMIC_ACQUIRE);
	__atomic_store_n(&m->u->up_cons, m->up_cons, __ATOMIC_RELEASE);
	m->rep_prod = __atomic_load_n(&m->k->rep_cons, __ATOMIC_ACQUIRE);
	__atomic_store_n(&m->u->rep_prod, m->rep_prod, __ATOMIC_RELEASE);
}

static bool next_upcall(struct mb *m, struct mdrv_msg *out)
{
	uint32_t prod = __atomic_load_n(&m->k->up_prod, __ATOMIC_ACQUIRE);

	if (m->up_cons == prod)
		return false;
	memcpy(out, &m->up[SLOT(m->up_cons)], sizeof(*out));
	__atomic_store_n(&m->u->up_cons, ++m->up_cons, __ATOMIC_RELEASE);
	return true;
}

static void post(struct mb *m, const struct mdrv_msg *r)
{
	memcpy(&m->rep[SLOT(m->rep_prod)], r, sizeof(*r));
	__atomic_store_n(&m->u->rep_prod, ++m->rep_prod, __ATOMIC_RELEASE);
}

/* A doorbell of @n bytes: 0 or -errno. */
static int doorbell(struct mb *m, size_t n)
{
	static const uint8_t bytes[4096];
	ssize_t r = write(m->fd, bytes, n);

	return r < 0 ? -errno : r == (ssize_t)n ? 0 : -EIO;
}

static void answer(struct mdrv_msg *r, const struct mdrv_msg *up, int status)
{
	memset(r, 0, sizeof(*r));
	r->seq = up->seq;
	r->type = up->type;
	r->status = status;
}

/* ---------------------------------------------------------------- commands */

static char ifname[32], mtu_arg[16], ring_arg[16];

static char *const cmd_mtu[] = { "ip", "link", "set", "dev", ifname, "mtu", mtu_arg, NULL };
static char *const cmd_ring[] = { "ethtool", "-G", ifname, "rx", ring_arg, NULL };
/* these three never wait for the daemon: answered from the kernel's state */
static char *const cmd_coal[] = { "ethtool", "-c", ifname, NULL };
static char *const cmd_nway[] = { "ethtool", "-r", ifname, NULL };
static char *const cmd_eeprom[] = { "ethtool", "-e", ifname, NULL };
static char *const cmd_stats[] = { "ethtool", "-S", ifname, NULL };
static char *const cmd_link[] = { "ethtool", ifname, NULL };
static char *const cmd_down[] = { "ip", "link", "set", "dev", ifname, "down", NULL };
static char *const cmd_up[] = { "ip", "link", "set", "dev", ifname, "up", NULL };

static const char *cmd_str(char *const *argv)
{
	static char s[128];
	size_t n = 0;

	s[0] = 0;
	for (; *argv; argv++)
		n += snprintf(s + n, sizeof(s) - n, "%s%s", n ? " " : "", *argv);
	return s;
}

/* Start @argv with stdout discarded and stderr into a pipe (*errfd). */
static pid_t spawn(char *const *argv, int *errfd)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(p[1], 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	*errfd = p[0];
	return pid;
}

/* ---------------------------------------------------------------- mapping */

static void mapping_rules(struct mb *m)
{
	const long pg = sysconf(_SC_PAGESIZE);
	char c;
	void *p;

	errno = 0;
	p = mmap(NULL, MDRV_MBOX_KERN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 m->fd, MDRV_MBOX_KERN_OFF);
	CHECK(p == MAP_FAILED && errno == EPERM,
	      "kernel region mapped writable (errno %d)", errno);
	p = mmap(NULL, MDRV_MBOX_KERN_SIZE + pg, PROT_READ, MAP_SHARED, m->fd,
		 MDRV_MBOX_KERN_OFF);
	CHECK(p == MAP_FAILED && errno == EINVAL, "kernel region + 1 page mapped");
	p = mmap(NULL, MDRV_MBOX_USER_SIZE + pg, PROT_READ | PROT_WRITE,
		 MAP_SHARED, m->fd, MDRV_MBOX_USER_OFF);
	CHECK(p == MAP_FAILED && errno == EINVAL, "daemon region + 1 page mapped");
	p = mmap(NULL, pg, PROT_READ, MAP_SHARED, m->fd, MDRV_MBOX_USER_OFF + pg);
	CHECK(p == MAP_FAILED && errno == EINVAL, "mapped at an offset inside a region");
	p = mmap(NULL, pg, PROT_READ, MAP_SHARED, m->fd, 64L << 30);
	CHECK(p == MAP_FAILED && errno == EINVAL, "mapped at 64 GiB");
	p = mmap(NULL, MDRV_MBOX_USER_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		 m->fd, MDRV_MBOX_USER_OFF);
	CHECK(p == MAP_FAILED && errno == EINVAL, "MAP_PRIVATE mapped");
	CHECK(mprotect(m->k, MDRV_MBOX_KERN_SIZE, PROT_READ | PROT_WRITE) &&
	      errno == EACCES, "kernel region made writable by mprotect");
	p = mremap(m->user, MDRV_MBOX_USER_SIZE, MDRV_MBOX_USER_SIZE + pg, 0);
	CHECK(p == MAP_FAILED, "daemon region grown by mremap");
	p = mremap(m->k, MDRV_MBOX_KERN_SIZE, MDRV_MBOX_KERN_SIZE + pg,
		   MREMAP_MAYMOVE);
	CHECK(p == MAP_FAILED, "kernel region grown by mremap");
	CHECK(read(m->fd, &c, 1) < 0, "read() on the mailbox");
	CHECK(ioctl(m->fd, 0x5401, &c) < 0, "ioctl() on the mailbox");
}

/* ---------------------------------------------------------------- garbage */

static char *const *const garbage_cmds[] = {
	cmd_mtu, cmd_ring, cmd_coal, cmd_nway, cmd_eeprom, cmd_stats,
	cmd_link, cmd_down, cmd_up,
};
#define N_GARBAGE_CMDS (sizeof(garbage_cmds) / sizeof(garbage_cmds[0]))

/*
 * The child: commands in a loop until SIGTERM (blocked, so it only ends the
 * loop between commands); writes "runs failed max_ms" to @out.
 */
static void __attribute__((noreturn)) trigger_loop(int out)
{
	unsigned long runs = 0, failed = 0;
	unsigned int i = 0;
	double max = 0;
	sigset_t set;
	char line[64];
	int n;

	do {
		int errfd, status;
		double t0 = now_s(), d;
		pid_t pid = spawn(garbage_cmds[i++ % N_GARBAGE_CMDS], &errfd);

		if (pid < 0)
			break;
		waitpid(pid, &status, 0);
		close(errfd);
		d = now_s() - t0;
		if (d > max)
			max = d;
		runs++;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
		sigpending(&set);
	} while (!sigismember(&set, SIGTERM));
	n = snprintf(line, sizeof(line), "%lu %lu %.0f\n", runs, failed, max * 1000);
	_exit(write(out, line, n) == n ? 0 : 1);
}

static void garbage(struct mb *m, double secs)
{
	const struct mdrv_mbox_kctrl k0 = *m->k;
	unsigned long fills = 0, bells = 0, bells_refused = 0;
	unsigned long runs = 0, failed = 0, max_ms = 0;
	uint64_t rej0 = rejects(m);
	double end = now_s() + secs;
	sigset_t set;
	int p[2], st;
	pid_t child;
	char line[64] = "";
	ssize_t n;

	if (pipe(p))
		return;
	/* SIGTERM stays pending in the child: it ends after a whole command */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	child = fork();
	if (child == 0) {
		close(p[0]);
		trigger_loop(p[1]);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	close(p[1]);
	while (now_s() < end) {
		uint32_t cons = __atomic_load_n(&m->k->rep_cons, __ATOMIC_ACQUIRE);
		size_t size = chance(70) ? 4 + below(5) : below(10);

		if (chance(20)) {
			rnd_bytes(m->user, MDRV_MBOX_USER_SIZE);
		} else {
			/* entries the kernel will parse: a plausible index */
			rnd_bytes(m->rep, MDRV_MBOX_RING_BYTES);
			m->u->rep_prod = cons + below(2 * MDRV_MBOX_SLOTS);
			m->u->up_cons = chance(50) ? m->k->up_prod - below(4) :
					(uint32_t)rnd();
			rnd_bytes((uint8_t *)m->user + MDRV_MBOX_STATS_OFF,
				  MDRV_MBOX_PAGE);
		}
		fills++;
		if (doorbell(m, size))
			bells_refused++;
		bells++;
		usleep(2000);
	}
	kill(child, SIGTERM);
	waitpid(child, &st, 0);
	n = read(p[0], line, sizeof(line) - 1);
	close(p[0]);
	if (n > 0) {
		line[n] = 0;
		sscanf(line, "%lu %lu %lu", &runs, &failed, &max_ms);
	}
	printf("# garbage: %.0f s, %lu fills, %lu doorbells (%lu refused), %llu rejections counted\n",
	       secs, fills, bells, bells_refused,
	       (unsigned long long)(rejects(m) - rej0));
	printf("# garbage: %lu upcall commands in parallel, %lu failed, slowest %lu ms\n",
	       runs, failed, max_ms);
	CHECK(runs > 0, "no command ran during the garbage phase");
	CHECK(max_ms <= (TIMEOUT_S + SLACK_S) * 1000,
	      "a command took %lu ms (upcall timeout 2 s)", max_ms);
	CHECK(rejects(m) > rej0, "garbage replies were not counted");
	CHECK(m->k->magic == k0.magic && m->k->version == k0.version &&
	      m->k->slots == k0.slots && m->k->msg_size == k0.msg_size &&
	      m->k->chip == k0.chip && m->k->stats_count == k0.stats_count,
	      "the kernel's control page changed");
}

/* ---------------------------------------------------------------- protocol */

enum abuse {
	WRONG_SEQ, WRONG_TYPE, HUGE_LEN, LEN_241, POSITIVE_STATUS,
	NO_ERRNO_STATUS, DUPLICATE, MISSING_LATE, INDEX_BEYOND, ODD_DOORBELL,
	CONS_BEYOND, SHORT_PAYLOAD, KERNEL_ERRNO, INTERNAL_ERRNO, CONTROL_EIO,
	CONTROL_OK, N_ABUSE,
};

static const struct {
	const char *name;
	char *const *cmd;
	int err;		/* the command's errno, 0: it succeeds */
	unsigned int rejects;	/* rejections the kernel must count */
} abuse[N_ABUSE] = {
	[WRONG_SEQ] = { "wrong seq", cmd_mtu, ETIMEDOUT, 1 },
	[WRONG_TYPE] = { "wrong type", cmd_ring, ETIMEDOUT, 1 },
	[HUGE_LEN] = { "length 65535", cmd_eeprom, ETIMEDOUT, 1 },
	[LEN_241] = { "length 241", cmd_nway, ETIMEDOUT, 1 },
	[POSITIVE_STATUS] = { "status 7", cmd_eeprom, ETIMEDOUT, 1 },
	[NO_ERRNO_STATUS] = { "status -100000", cmd_mtu, ETIMEDOUT, 1 },
	[DUPLICATE] = { "duplicated reply", cmd_ring, EPROTO, 1 },
	[MISSING_LATE] = { "no reply, then a late one", cmd_mtu, ETIMEDOUT, 1 },
	[INDEX_BEYOND] = { "reply index beyond the ring", cmd_nway, ETIMEDOUT, 1 },
	[ODD_DOORBELL] = { "doorbells of 0, 1, 3, 9, 64 bytes", cmd_mtu, EIO, 5 },
	[CONS_BEYOND] = { "upcall consumer index beyond the ring", cmd_ring, ENOBUFS, 1 },
	[SHORT_PAYLOAD] = { "short reply payload", cmd_eeprom, EIO, 0 },
	/* the kernel's own meanings (no daemon), and codes for it alone */
	[KERNEL_ERRNO] = { "status -ETIMEDOUT", cmd_nway, EIO, 0 },
	[INTERNAL_ERRNO] = { "status -ERESTARTSYS", cmd_mtu, EIO, 0 },
	[CONTROL_EIO] = { "control: a correct -EIO", cmd_eeprom, EIO, 0 },
	[CONTROL_OK] = { "control: a correct answer", cmd_nway, 0, 0 },
};

/* Answer upcall @up the way @a says; returns the doorbells refused. */
static unsigned int misbehave(struct mb *m, enum abuse a, const struct mdrv_msg *up,
			      struct mdrv_msg *late)
{
	static const size_t odd[] = { 0, 1, 3, 9, 64 };
	struct mdrv_msg r;
	unsigned int i, refused = 0;

	answer(&r, up, -EIO);
	switch (a) {
	case WRONG_SEQ: r.seq += 0x1000; r.status = 0; break;
	case WRONG_TYPE: r.type = up->type % (MDRV_UP_MAX - 1) + 1; r.status = 0; break;
	case HUGE_LEN: r.len = 0xffff; r.status = 0; break;
	case LEN_241: r.len = MDRV_MBOX_PAYLOAD + 1; r.status = 0; break;
	case POSITIVE_STATUS: r.status = 7; break;
	case NO_ERRNO_STATUS: r.status = -100000; break;
	case DUPLICATE:
		r.status = -EPROTO;
		post(m, &r);
		break;
	case MISSING_LATE:
		*late = r;
		return 0;
	case INDEX_BEYOND:
		post(m, &r);
		m->rep_prod += MDRV_MBOX_SLOTS + 1 + below(1000);
		__atomic_store_n(&m->u->rep_prod, m->rep_prod, __ATOMIC_RELEASE);
		doorbell(m, 4);
		return 0;
	case ODD_DOORBELL: {
		uint32_t cons = __atomic_load_n(&m->k->rep_cons, __ATOMIC_ACQUIRE);

		post(m, &r);
		for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
			if (doorbell(m, odd[i]) == -EINVAL)
				refused++;
		CHECK(cons == __atomic_load_n(&m->k->rep_cons, __ATOMIC_ACQUIRE),
		      "an odd doorbell consumed the reply ring");
		doorbell(m, 8);
		return refused;
	}
	case SHORT_PAYLOAD: r.status = 0; r.len = 2; break;
	case KERNEL_ERRNO: r.status = -ETIMEDOUT; break;
	case INTERNAL_ERRNO: r.status = -512; break;	/* ERESTARTSYS */
	case CONTROL_OK:
		r.status = 0;
		break;
	default:
		break;
	}
	post(m, &r);
	doorbell(m, 8);
	return refused;
}

static void one_abuse(struct mb *m, enum abuse a)
{
	struct mdrv_msg up, late = { 0 };
	unsigned int upcalls = 0, refused = 0;
	uint64_t rej0;
	char err[512] = "";
	int errfd, status = 0;
	double t0, d;
	pid_t pid;
	ssize_t n;

	resync(m);
	rej0 = rejects(m);
	if (a == CONS_BEYOND)
		__atomic_store_n(&m->u->up_cons, m->up_cons + MDRV_MBOX_SLOTS + 7,
				 __ATOMIC_RELEASE);
	t0 = now_s();
	pid = spawn(abuse[a].cmd, &errfd);
	for (;;) {
		struct pollfd pfd = { .fd = m->fd, .events = POLLIN };

		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (now_s() - t0 > 3 * (TIMEOUT_S + SLACK_S)) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		poll(&pfd, 1, 20);
		if (a == CONS_BEYOND)
			continue;	/* the kernel cannot post anyway */
		while (next_upcall(m, &up)) {
			if (up.flags & MDRV_MSG_F_EVENT)
				continue;
			if (upcalls++) {	/* ethtool asks again: fail it */
				struct mdrv_msg r;

				answer(&r, &up, -EIO);
				post(m, &r);
				doorbell(m, 4);
				continue;
			}
			refused += misbehave(m, a, &up, &late);
		}
	}
	d = now_s() - t0;
	if (a == MISSING_LATE && late.seq) {
		post(m, &late);
		doorbell(m, 4);
	}
	n = read(errfd, err, sizeof(err) - 1);
	close(errfd);
	err[n > 0 ? n : 0] = 0;
	err[strcspn(err, "\n")] = 0;
	printf("# %-40s %-28s exit %d in %.2f s, %llu rejection(s): %s\n",
	       abuse[a].name, cmd_str(abuse[a].cmd),
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1, d,
	       (unsigned long long)(rejects(m) - rej0), err);
	if (a == CONS_BEYOND)
		resync(m);
	if (abuse[a].err) {
		CHECK(WIFEXITED(status) && WEXITSTATUS(status),
		      "%s: the command succeeded", abuse[a].name);
		CHECK(strstr(err, strerror(abuse[a].err)),
		      "%s: want \"%s\"", abuse[a].name, strerror(abuse[a].err));
	} else {
		CHECK(WIFEXITED(status) && !WEXITSTATUS(status),
		      "%s: the command failed", abuse[a].name);
	}
	CHECK(d <= TIMEOUT_S + SLACK_S, "%s: took %.2f s", abuse[a].name, d);
	if (abuse[a].err == ETIMEDOUT)
		CHECK(d >= TIMEOUT_S - 0.1, "%s: failed before the timeout (%.2f s)",
		      abuse[a].name, d);
	if (a == ODD_DOORBELL)
		CHECK(refused == 5, "%u of 5 odd doorbells refused", refused);
	CHECK(rejects(m) - rej0 == abuse[a].rejects,
	      "%s: %llu rejections counted, want %u", abuse[a].name,
	      (unsigned long long)(rejects(m) - rej0), abuse[a].rejects);
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
	fprintf(stderr, "usage: mbox_fuzz -b BUS [-s SEED] [-t GARBAGE_SECONDS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long seed = 1;
	double secs = 20, t0 = now_s();
	const char *bus = NULL;
	struct mb m = { .fd = -1 };
	char path[64];
	struct dev d;
	struct nlc nl;
	int c, err;
	unsigned int a;

	while ((c = getopt(argc, argv, "b:s:t:")) != -1) {
		switch (c) {
		case 'b': bus = optarg; break;
		case 's': seed = strtoul(optarg, NULL, 0); break;
		case 't': secs = atof(optarg); break;
		default: usage();
		}
	}
	if (!bus || optind != argc)
		usage();
	printf("# mbox_fuzz: seed %lu, victim %s, %.0f s of garbage\n", seed, bus, secs);
	fflush(stdout);
	rnd_seed(seed);
	setvbuf(stdout, NULL, _IOLBF, 0);

	err = nlc_open(&nl) ?: nl_find_bus(&nl, bus, &d);
	if (!err)
		err = nl_simple(&nl, MDRV_CMD_ATTACH, d.id);
	if (err) {
		fprintf(stderr, "mbox_fuzz: %s: %s %s\n", bus, strerror(-err), nl.extack);
		return 1;
	}
	snprintf(ifname, sizeof(ifname), "%s", d.ifname);
	snprintf(mtu_arg, sizeof(mtu_arg), "%u", d.mtu == 1400 ? 1500 : 1400);
	snprintf(ring_arg, sizeof(ring_arg), "%u", d.ring_rx == 128 ? 256 : 128);
	snprintf(path, sizeof(path), "/dev/%s", d.mbox);
	m.fd = open(path, O_RDWR | O_CLOEXEC);
	if (m.fd < 0) {
		fprintf(stderr, "mbox_fuzz: %s: %s\n", path, strerror(errno));
		return 1;
	}
	m.k = mmap(NULL, MDRV_MBOX_KERN_SIZE, PROT_READ, MAP_SHARED, m.fd,
		   MDRV_MBOX_KERN_OFF);
	m.user = mmap(NULL, MDRV_MBOX_USER_SIZE, PROT_READ | PROT_WRITE,
		      MAP_SHARED, m.fd, MDRV_MBOX_USER_OFF);
	if (m.k == MAP_FAILED || m.user == MAP_FAILED) {
		fprintf(stderr, "mbox_fuzz: mmap %s: %s\n", path, strerror(errno));
		return 1;
	}
	m.up = (struct mdrv_msg *)((char *)m.k + MDRV_MBOX_PAGE);
	m.u = m.user;
	m.rep = (struct mdrv_msg *)((char *)m.user + MDRV_MBOX_PAGE);
	printf("# %s (%s, mdrv%u) attached, port %u, %s mapped; rejections so far %llu\n",
	       ifname, bus, d.id, nl.portid, path,
	       (unsigned long long)rejects(&m));

	mapping_rules(&m);
	garbage(&m, secs);
	for (a = 0; a < N_ABUSE; a++)
		one_abuse(&m, a);

	err = nl_dev_get(&nl, d.id, &d);
	CHECK(!err, "DEV_GET after the abuse: %s", strerror(-err));
	CHECK(d.rejects == rejects(&m), "netlink says %llu rejections, the mailbox %llu",
	      (unsigned long long)d.rejects, (unsigned long long)rejects(&m));
	printf("# %llu rejections in all (MDRV_A_REJECTS), %.1f s, %d failure(s)\n",
	       (unsigned long long)d.rejects, now_s() - t0, failures);
	close(m.fd);
	nlc_close(&nl);
	return failures ? 1 : 0;
}
