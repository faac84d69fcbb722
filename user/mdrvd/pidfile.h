/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MDRVD_PIDFILE_H
#define MDRVD_PIDFILE_H

/*
 * The pid file, locked (flock) for the daemon's lifetime: a second mdrvd
 * refuses to run. Returns the locked descriptor, or -1 (logged).
 */
int pidfile_open(const char *path);
/* The pid of the daemon holding the pid file locked, 0 if none. */
long pidfile_holder(const char *path);
/* Unlink it while the lock is still held, then let go. */
void pidfile_remove(const char *path, int fd);

#endif /* MDRVD_PIDFILE_H */
