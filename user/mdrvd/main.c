// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvd: the user half of mdrv. One event-driven process for every mdrv
 * device: epoll over the netlink event socket, each device's mailbox, a
 * signalfd and a timerfd for counters: every 2 s while frames move (0.5 s
 * while a 16-bit counter races towards its wrap), every 10 s when they do
 * not. Link changes arrive as events. Nothing else wakes it up.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "devtab.h"
#include "log.h"
#include "mdrv_genl.h"
#include "nl.h"
#include "pidfile.h"

#define MDRVD_PIDFILE	"/run/mdrvd.pid"
#define MDRVD_MAX_EVENTS	16

struct opts {
	bool foreground;
	bool verbose;
	bool replace;
	const char *pidfile;
	unsigned int n_skip;
	const char *skip[MDRVD_MAX_SKIP];
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mdrvd [-f] [-v] [-r] [-p PIDFILE] [-x BUS]...\n"
		"The user half of the mdrv driver: configuration, link management\n"
		"and statistics of every mdrv device (e1000 and PCnet under QEMU).\n"
		"\n"
		"  -f          stay in the foreground, log to stderr\n"
		"              (default: become a daemon, log to syslog)\n"
		"  -p PIDFILE  write the process id there (default %s)\n"
		"  -r, --replace\n"
		"              live upgrade: take every device over from the\n"
		"              running mdrvd (the one PIDFILE names) with no moment\n"
		"              unowned, then stop it and take its pid file\n"
		"  -v          log debug messages too\n"
		"  -x BUS      leave the device at PCI address BUS alone, e.g. to\n"
		"              another daemon (repeatable, up to %d)\n"
		"  -h          this help\n"
		"\n"
		"Signals: SIGTERM/SIGINT detach from every device and exit;\n"
		"SIGHUP looks for devices again.\n", MDRVD_PIDFILE, MDRVD_MAX_SKIP);
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "replace", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->foreground = false;
	o->verbose = false;
	o->pidfile = MDRVD_PIDFILE;
	o->replace = false;
	o->n_skip = 0;
	while ((c = getopt_long(argc, argv, "fp:rvx:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o->replace = true;
			break;
		case 'f':
			o->foreground = true;
			break;
		case 'p':
			o->pidfile = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'x':
			if (o->n_skip == MDRVD_MAX_SKIP) {
				fprintf(stderr, "mdrvd: at most %d -x\n",
					MDRVD_MAX_SKIP);
				return -1;
			}
			o->skip[o->n_skip++] = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mdrvd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return -1;
	}
	return 0;
}

/*
 * Become a daemon. The parent stays until the child says it is ready (or
 * failed) through @ready_fd, so start-up errors reach the caller's exit
 * status; returns the write end in the child, never returns in the parent.
 */
static int daemonize(void)
{
	int pfd[2], null;
	char status = 1;
	pid_t pid;

	if (pipe(pfd)) {
		log_err("pipe: %s", strerror(errno));
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		log_err("fork: %s", strerror(errno));
		exit(1);
	}
	if (pid > 0) {
		close(pfd[1]);
		if (read(pfd[0], &status, 1) != 1)
			status = 1;
		_exit(status);
	}
	close(pfd[0]);
	if (setsid() < 0) {
		log_err("setsid: %s", strerror(errno));
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		log_err("fork: %s", strerror(errno));
		exit(1);
	}
	if (pid > 0)
		_exit(0);
	umask(022);
	if (chdir("/"))
		log_warn("chdir /: %s", strerror(errno));
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	return pfd[1];
}

static void ready(int fd, char status)
{
	if (fd < 0)
		return;
	if (write(fd, &status, 1) != 1)
		log_warn("cannot tell the parent: %s", strerror(errno));
	close(fd);
}

static int add_fd(int epfd, int fd, struct mdrvd_src *src)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = src };

	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
		log_err("epoll: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int signals_fd(void)
{
	sigset_t set;
	int fd;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL)) {
		log_err("sigprocmask: %s", strerror(errno));
		return -1;
	}
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		log_err("signalfd: %s", strerror(errno));
	return fd;
}

static int timer_set(int fd, unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000,
	};
	struct itimerspec its = { .it_interval = ts, .it_value = ts };

	if (timerfd_settime(fd, 0, &its, NULL)) {
		log_err("timerfd: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int timer_fd(void)
{
	int fd;

	fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (fd < 0) {
		log_err("timerfd: %s", strerror(errno));
		return -1;
	}
	if (timer_set(fd, MDRVD_TICK_BUSY_MS)) {
		close(fd);
		return -1;
	}
	return fd;
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Returns true to keep running. */
static bool on_signal(int fd, struct mdrvd_devtab *t)
{
	struct signalfd_siginfo si;
	bool run = true;

	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			/* after this batch: its later events may name an
			 * entry a scan would free
			 */
			log_info("SIGHUP: looking for devices");
			mdrvd_devtab_retry(t);
			break;
		default:
			log_info("%s: exiting", strsignal(si.ssi_signo));
			run = false;
			break;
		}
	}
	return run;
}

/*
 * Tell systemd (Type=notify; nothing without $NOTIFY_SOCKET) that this
 * process is the daemon and is serving: after `mdrvd --replace` from the
 * unit's ExecReload it is a new process, which MAINPID= names.
 */
static void notify_ready(unsigned int count)
{
	int err = sd_notifyf(0, "READY=1\nMAINPID=%ld\nSTATUS=%u device%s",
			     (long)getpid(), count, count == 1 ? "" : "s");

	if (err < 0)
		log_warn("sd_notify: %s", strerror(-err));
}

/*
 * mdrvd --replace: the daemon whose devices we took, until it exits; then
 * its pid file is ours.
 */
static struct {
	long pid;
	int fd;			/* pidfd: readable once it exited */
	const char *path;
	int pidfile;		/* our locked pid file, once taken */
	struct mdrvd_src src;
} pred = { .fd = -1, .pidfile = -1, .src.kind = MDRVD_SRC_PREDECESSOR };

static void pred_gone(int epfd)
{
	if (pred.fd >= 0) {
		epoll_ctl(epfd, EPOLL_CTL_DEL, pred.fd, NULL);
		close(pred.fd);
		pred.fd = -1;
		log_info("the replaced mdrvd (pid %ld) exited", pred.pid);
	}
	pred.pidfile = pidfile_open(pred.path);
}

/*
 * Every device is ours: stop the daemon we replaced. It exits on SIGTERM
 * with nothing left to do (its mailboxes hung up); the loop serves our
 * devices meanwhile and takes the pid file when it is gone.
 */
static void pred_stop(int epfd)
{
	if (pred.pid <= 0) {
		pred_gone(epfd);
		return;
	}
	pred.fd = syscall(SYS_pidfd_open, (pid_t)pred.pid, 0);
	if (kill(pred.pid, SIGTERM))
		log_warn("cannot stop the replaced mdrvd (pid %ld): %s",
			 pred.pid, strerror(errno));
	else
		log_info("stopping the replaced mdrvd (pid %ld)", pred.pid);
	if (pred.fd < 0 || add_fd(epfd, pred.fd, &pred.src)) {
		if (pred.fd >= 0)
			close(pred.fd);
		pred.fd = -1;
		/* no way to wait: it has just been told to go */
		pred_gone(epfd);
	}
}

/* Returns 0 when asked to exit, -1 on an error it cannot go on after. */
static int loop(int epfd, int sigfd, int tfd, struct mdrvd_devtab *t)
{
	struct epoll_event ev[MDRVD_MAX_EVENTS];
	unsigned int period = MDRVD_TICK_BUSY_MS;
	bool run = true;

	while (run) {
		bool tick = false;
		int i, n;

		n = epoll_wait(epfd, ev, MDRVD_MAX_EVENTS, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_err("epoll_wait: %s", strerror(errno));
			return -1;
		}
		/* upcalls and events first, the timer's work after them */
		for (i = 0; i < n; i++) {
			struct mdrvd_src *src = ev[i].data.ptr;
			uint64_t expirations;

			switch (src->kind) {
			case MDRVD_SRC_SIGNAL:
				run = on_signal(sigfd, t) && run;
				break;
			case MDRVD_SRC_TIMER:
				if (read(tfd, &expirations,
					 sizeof(expirations)) > 0)
					tick = true;
				break;
			case MDRVD_SRC_EVENTS:
				if (mdrvd_devtab_events(t)) {
					log_err("the kernel's events cannot be read: exiting");
					return -1;
				}
				break;
			case MDRVD_SRC_PREDECESSOR:
				pred_gone(epfd);
				break;
			case MDRVD_SRC_MBOX:
				mdrvd_devtab_mbox(t, src->ptr, ev[i].events);
				/* @src may be freed: no other event of this
				 * round points at it (one per fd)
				 */
				break;
			}
		}
		if (!run)
			break;
		mdrvd_devtab_pending(t);
		if (tick) {
			unsigned int want;

			want = mdrvd_devtab_tick(t, monotonic_ns());
			if (want != period && !timer_set(tfd, want))
				period = want;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct mdrvd_src sig_src = { .kind = MDRVD_SRC_SIGNAL };
	struct mdrvd_src tim_src = { .kind = MDRVD_SRC_TIMER };
	struct mdrvd_src ev_src = { .kind = MDRVD_SRC_EVENTS };
	int epfd = -1, sigfd = -1, tfd = -1, pidfd = -1, ready_fd = -1;
	struct mdrvd_devtab tab;
	struct mdrvd_nl *nl;
	struct opts o;
	int err, rc;

	if (parse_opts(argc, argv, &o))
		return 2;
	mdrvd_log_open(true, o.verbose);

	err = mdrvd_nl_open(&nl);
	if (err == -ENOENT) {
		log_err("the mdrv generic netlink family is not available: is mdrv.ko loaded?");
		return 1;
	}
	if (err) {
		log_err("cannot talk to the kernel: %s", strerror(-err));
		return 1;
	}

	if (!o.foreground) {
		/* a relative pid file stays where it was asked for */
		if (o.pidfile[0] != '/') {
			static char abs[4096];
			char cwd[2048];

			if (!getcwd(cwd, sizeof(cwd))) {
				log_err("getcwd: %s", strerror(errno));
				goto err;
			}
			snprintf(abs, sizeof(abs), "%s/%s", cwd, o.pidfile);
			o.pidfile = abs;
		}
		ready_fd = daemonize();
		mdrvd_log_open(false, o.verbose);
	}
	if (o.replace) {
		/* its pid file is ours once it has gone */
		pred.pid = pidfile_holder(o.pidfile);
		pred.path = o.pidfile;
	} else {
		pidfd = pidfile_open(o.pidfile);
		if (pidfd < 0)
			goto err;
	}

	sigfd = signals_fd();
	tfd = timer_fd();
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sigfd < 0 || tfd < 0 || epfd < 0) {
		if (epfd < 0)
			log_err("epoll: %s", strerror(errno));
		goto err;
	}
	if (mdrvd_nl_events_open(nl) ||
	    add_fd(epfd, sigfd, &sig_src) || add_fd(epfd, tfd, &tim_src) ||
	    add_fd(epfd, mdrvd_nl_events_fd(nl), &ev_src))
		goto err;

	/* events first: nothing between the scan and the loop is missed */
	mdrvd_devtab_init(&tab, nl, epfd);
	tab.n_skip = o.n_skip;
	tab.skip = o.skip;
	tab.replace = o.replace;
	if (mdrvd_devtab_scan(&tab, true))
		goto err;
	tab.replace = false;	/* later devices: only those without owner */
	if (!tab.count && tab.eproto) {
		log_err("no device of a protocol this mdrvd speaks (mdrv.ko %u, mdrvd %u)",
			tab.eproto_version, MDRV_PROTO_VERSION);
		goto err;
	}
	if (!tab.count && tab.eperm) {
		log_err("the kernel refused ATTACH: mdrvd needs CAP_NET_ADMIN (run it as root)");
		goto err;
	}
	log_info("running (pid %ld), %u device%s%s", (long)getpid(), tab.count,
		 tab.count == 1 ? "" : "s", o.replace ? ", taken over" : "");
	/* systemd's main process moves before the old one is stopped */
	notify_ready(tab.count);
	if (o.replace)
		pred_stop(epfd);
	ready(ready_fd, 0);
	ready_fd = -1;

	/* a failure exits 1: systemd's Restart=on-failure starts another */
	rc = loop(epfd, sigfd, tfd, &tab) ? 1 : 0;
	sd_notify(0, "STOPPING=1");

	mdrvd_devtab_fini(&tab);
	mdrvd_nl_close(nl);
	close(epfd);
	close(tfd);
	close(sigfd);
	pidfile_remove(o.pidfile, pidfd);
	if (pred.fd >= 0)
		close(pred.fd);
	pidfile_remove(o.pidfile, pred.pidfile);
	log_info(rc ? "stopped on an error" : "stopped");
	mdrvd_log_close();
	return rc;

err:
	ready(ready_fd, 1);
	mdrvd_nl_close(nl);
	if (epfd >= 0)
		close(epfd);
	if (tfd >= 0)
		close(tfd);
	if (sigfd >= 0)
		close(sigfd);
	pidfile_remove(o.pidfile, pidfd);
	mdrvd_log_close();
	return 1;
}
