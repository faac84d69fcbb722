// SPDX-License-Identifier: GPL-2.0
/*
 * mdrvctl: output. Every value goes through out_*(): as text (its format,
 * if any) or into the command's one JSON document, printed by out_end().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "mdrvctl.h"

#define OUT_DEPTH	8

static json_object *stack[OUT_DEPTH];
static int depth;

static void add(const char *key, json_object *o)
{
	json_object *top = stack[depth - 1];

	if (json_object_is_type(top, json_type_array))
		json_object_array_add(top, o);
	else
		json_object_object_add(top, key, o);
}

static void push(const char *key, json_object *o)
{
	if (depth)
		add(key, o);
	if (depth < OUT_DEPTH)
		stack[depth++] = o;
}

void out_begin(bool array)
{
	if (!opts.json)
		return;
	depth = 0;
	push(NULL, array ? json_object_new_array() : json_object_new_object());
}

void out_end(void)
{
	int flags = opts.pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
				: JSON_C_TO_STRING_PLAIN;

	if (!opts.json || !depth)
		return;
	puts(json_object_to_json_string_ext(stack[0], flags | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(stack[0]);
	depth = 0;
	fflush(stdout);
}

void out_obj_open(const char *key)
{
	if (opts.json)
		push(key, json_object_new_object());
}

void out_arr_open(const char *key)
{
	if (opts.json)
		push(key, json_object_new_array());
}

void out_obj_close(void)
{
	if (opts.json && depth > 1)
		depth--;
}

void out_arr_close(void)
{
	out_obj_close();
}

void out_str(const char *key, const char *fmt, const char *val)
{
	if (opts.json)
		add(key, json_object_new_string(val));
	else if (fmt)
		printf(fmt, val);
}

void out_uint(const char *key, const char *fmt, uint64_t val)
{
	if (opts.json)
		add(key, json_object_new_uint64(val));
	else if (fmt)
		printf(fmt, (unsigned long long)val);
}

void out_bool(const char *key, const char *fmt, bool val)
{
	if (opts.json)
		add(key, json_object_new_boolean(val));
	else if (fmt)
		printf(fmt, val ? "yes" : "no");
}

void out_text(const char *fmt, ...)
{
	va_list ap;

	if (opts.json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void err_msg(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("mdrvctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* @what failed with -@err; @extack: the kernel explained it */
static void fail_msg(const char *what, int err, bool extack)
{
	if (err == -EPERM && !extack)
		err_msg("%s: %s (needs CAP_NET_ADMIN)", what, strerror(-err));
	else
		err_msg("%s: %s", what, strerror(-err));
}

int nlc_fail(const struct nlc *nl, const char *what, int err)
{
	if (nl && nl->extack[0])
		err_msg("kernel: %s", nl->extack);
	fail_msg(what, err, nl && nl->extack[0]);
	return nl ? EXIT_KERNEL : EXIT_RUNTIME;
}

int ioctl_fail(const char *what, int err)
{
	fail_msg(what, err, false);
	return EXIT_KERNEL;
}
