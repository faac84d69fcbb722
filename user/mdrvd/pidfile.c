// SPDX-License-Identifier: GPL-2.0
/*
 * The pid file. The lock is on the file, so the file is written in place
 * (a rename would move the name off the locked file), and a lock counts
 * only on the file the path names: a daemon that exits unlinks the name
 * while it still holds the lock, so a starter that opened the name before
 * that and got the lock after it holds a file no one else will look at —
 * it checks, and opens the name again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "pidfile.h"

/* Is @fd the file @path names now? */
static int still_named(int fd, const char *path)
{
	struct stat a, b;

	if (fstat(fd, &a) || stat(path, &b))
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int pidfile_open(const char *path)
{
	char buf[32];
	int fd, n, try;

	for (try = 0; try < 8; try++) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0) {
			log_err("%s: %s", path, strerror(errno));
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			n = read(fd, buf, sizeof(buf) - 1);
			buf[n > 0 ? n : 0] = 0;
			buf[strcspn(buf, "\n")] = 0;
			log_err("another mdrvd is running (pid %s, %s)",
				buf[0] ? buf : "?", path);
			close(fd);
			return -1;
		}
		if (still_named(fd, path))
			break;
		/* its daemon exited and unlinked it under us: again */
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		log_err("%s: replaced again and again, giving up", path);
		return -1;
	}
	/* the new pid over the old, then the rest cut: never empty */
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (pwrite(fd, buf, n, 0) != n || ftruncate(fd, n)) {
		log_err("%s: %s", path, strerror(errno));
		pidfile_remove(path, fd);
		return -1;
	}
	return fd;
}

long pidfile_holder(const char *path)
{
	char buf[32];
	long pid = 0;
	int fd, n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	/* a shared lock is refused only while a daemon holds its own */
	if (flock(fd, LOCK_SH | LOCK_NB) && errno == EWOULDBLOCK) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = 0;
		pid = strtol(buf, NULL, 10);
		if (pid <= 0)
			pid = -1;	/* held, pid not (yet) written */
	}
	close(fd);
	return pid;
}

void pidfile_remove(const char *path, int fd)
{
	if (fd < 0)
		return;
	/* locked: the name is still ours to remove */
	unlink(path);
	close(fd);
}
