/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdrvd logging: syslog (daemon) or stderr (foreground, -f).
 */
#ifndef MDRVD_LOG_H
#define MDRVD_LOG_H

#include <stdbool.h>
#include <syslog.h>

void mdrvd_log_open(bool to_stderr, bool verbose);
void mdrvd_log_close(void);
void mdrvd_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)	mdrvd_log(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	mdrvd_log(LOG_WARNING, __VA_ARGS__)
#define log_info(...)	mdrvd_log(LOG_INFO, __VA_ARGS__)
#define log_dbg(...)	mdrvd_log(LOG_DEBUG, __VA_ARGS__)

#endif /* MDRVD_LOG_H */
