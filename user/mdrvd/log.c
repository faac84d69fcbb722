// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvd logging. Before mdrvd_log_open() everything goes to stderr, so
 * start-up errors reach the terminal even for a daemon that never got to
 * fork.
 */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static bool log_stderr = true;
static bool log_verbose;
static bool log_syslog_open;

void mdrvd_log_open(bool to_stderr, bool verbose)
{
	log_stderr = to_stderr;
	log_verbose = verbose;
	if (!to_stderr && !log_syslog_open) {
		openlog("mdrvd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
		log_syslog_open = true;
	}
}

void mdrvd_log_close(void)
{
	if (log_syslog_open)
		closelog();
	log_syslog_open = false;
	log_stderr = true;
}

void mdrvd_log(int prio, const char *fmt, ...)
{
	static const char *const tag[] = {
		[LOG_EMERG] = "emerg", [LOG_ALERT] = "alert",
		[LOG_CRIT] = "crit", [LOG_ERR] = "error",
		[LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
		[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
	};
	va_list ap;

	if (prio == LOG_DEBUG && !log_verbose)
		return;
	va_start(ap, fmt);
	if (log_stderr) {
		fprintf(stderr, "mdrvd: %s: ", tag[prio & 7]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vsyslog(prio, fmt, ap);
	}
	va_end(ap);
}
