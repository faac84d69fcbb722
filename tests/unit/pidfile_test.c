// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvd's pid file: one daemon at a time, also when one exits while the
 * next two start. flock() is wrapped (-Wl,--wrap=flock) so the race is
 * played out in order, in one process (each open is a lock of its own).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pidfile.h"

int __real_flock(int fd, int op);

static const char *race_path;
static int race_a = -1, race_c = -1;

/* Armed: between B's open and B's lock, A exits and C starts. */
int __wrap_flock(int fd, int op)
{
	if (race_a >= 0 && !(op & LOCK_UN)) {
		int a = race_a;

		race_a = -1;
		pidfile_remove(race_path, a);
		race_c = pidfile_open(race_path);
	}
	return __real_flock(fd, op);
}

TEST(one_daemon_at_a_time)
{
	char dir[] = "/tmp/mdrvd-pidfile-XXXXXX";
	char path[64], buf[32];
	int a, b, n;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/mdrvd.pid", dir);
	a = pidfile_open(path);
	ASSERT_LE(0, a);
	EXPECT_EQ(-1, pidfile_open(path));
	n = pread(a, buf, sizeof(buf) - 1, 0);
	ASSERT_LT(0, n);
	buf[n] = 0;
	EXPECT_EQ(getpid(), atol(buf));
	pidfile_remove(path, a);
	EXPECT_NE(0, access(path, F_OK));

	/* B opens A's file; A exits; C creates and locks a new one; then
	 * B gets the lock on the file no longer named: B must not run
	 */
	a = pidfile_open(path);
	ASSERT_LE(0, a);
	race_path = path;
	race_a = a;
	b = pidfile_open(path);
	ASSERT_LE(0, race_c);
	EXPECT_EQ(-1, b);
	if (b >= 0)
		close(b);
	pidfile_remove(path, race_c);
	rmdir(dir);
}

TEST_HARNESS_MAIN
