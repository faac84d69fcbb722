// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD for mdrvd (daemon.sh): epoll_wait() fails with EBADF, as an
 * error the daemon's loop cannot go on after. Its exit status must say so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/epoll.h>

int epoll_wait(int epfd, struct epoll_event *ev, int max, int timeout)
{
	(void)epfd;
	(void)ev;
	(void)max;
	(void)timeout;
	errno = EBADF;
	return -1;
}
