// SPDX-License-Identifier: GPL-2.0
#include "filter.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define DURATION_UNITS "ns, us, ms, s or m"

static void set_bit(unsigned char *bits, unsigned int n)
{
	bits[n / 8] |= (unsigned char)(1u << (n % 8));
}

static int test_bit(const unsigned char *bits, unsigned int n)
{
	return bits[n / 8] & (1u << (n % 8));
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void filter_init(struct filter *filter)
{
	memset(filter, 0, sizeof(*filter));
	filter->slow_ns = -1;
}

void filter_free(struct filter *filter)
{
	free(filter->methods.items);
	free(filter->hosts.items);
	free(filter->paths.items);
	filter_init(filter);
}

static void list_add(struct filter_list *list, const char *str, size_t len)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 4;
		list->items = xrealloc(list->items,
				       list->cap * sizeof(*list->items));
	}
	list->items[list->count].str = str;
	list->items[list->count].len = len;
	list->count++;
}

/* "nethttp: --OPTION: 'VALUE' ", then the rest as @fmt says; returns -1. */
static int __printf(4, 5)
bad_value(const char *option, const char *value, size_t len,
	  const char *fmt, ...)
{
	struct strbuf shown = STRBUF_INIT;
	va_list ap;

	sb_add_terminal(&shown, value, len);
	fprintf(stderr, "nethttp: %s: '%s' ", option, sb_cstr(&shown));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	sb_free(&shown);
	return -1;
}

/*
 * Calls @add on each item of the comma-separated @arg; the first that
 * it refuses (or an empty one, which it is given too) ends the walk.
 */
static int each_item(struct filter *filter, const char *arg,
		     int (*add)(struct filter *filter, const char *item,
				size_t len))
{
	const char *comma;

	for (;;) {
		comma = strchr(arg, ',');
		if (!comma)
			return add(filter, arg, strlen(arg));
		if (add(filter, arg, (size_t)(comma - arg)))
			return -1;
		arg = comma + 1;
	}
}

/* RFC 9110's tchar: what a token (a method) is made of. */
static int is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       is_digit(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int add_method(struct filter *filter, const char *item, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_tchar(item[i]))
			break;
	if (!len || i < len)
		return bad_value("--method", item, len,
				 "is not a method: an HTTP token such as GET (case matters)");
	list_add(&filter->methods, item, len);
	return 0;
}

int filter_add_method(struct filter *filter, const char *arg)
{
	filter->active = 1;
	return each_item(filter, arg, add_method);
}

int filter_add_host(struct filter *filter, const char *arg)
{
	filter->active = 1;
	if (!*arg)
		return bad_value("--host", arg, 0,
				 "is empty: give a host or a glob such as '*.example.com'");
	list_add(&filter->hosts, arg, strlen(arg));
	return 0;
}

int filter_add_path(struct filter *filter, const char *arg)
{
	filter->active = 1;
	if (*arg != '/')
		return bad_value("--path", arg, strlen(arg),
				 "does not start with '/': give the start of a path, such as /api/");
	list_add(&filter->paths, arg, strlen(arg));
	return 0;
}

/* Three digits, the first not 0: 100 to 999. */
static int status_of(const char *s, unsigned int *out)
{
	if (s[0] < '1' || s[0] > '9' || !is_digit(s[1]) || !is_digit(s[2]))
		return 0;
	*out = (unsigned int)((s[0] - '0') * 100 + (s[1] - '0') * 10 +
			      (s[2] - '0'));
	return 1;
}

/* 404, 5xx or 400-499 */
static int add_status(struct filter *filter, const char *item, size_t len)
{
	unsigned int lo, hi, n;

	if (len == 3 && item[0] >= '1' && item[0] <= '9' &&
	    (item[1] == 'x' || item[1] == 'X') &&
	    (item[2] == 'x' || item[2] == 'X')) {
		lo = (unsigned int)(item[0] - '0') * 100;
		hi = lo + 99;
	} else if (len == 3 && status_of(item, &lo)) {
		hi = lo;
	} else if (len == 7 && item[3] == '-' && status_of(item, &lo) &&
		   status_of(item + 4, &hi)) {
		if (lo > hi)
			return bad_value("--status", item, len,
					 "is not a range: it ends below its start");
	} else {
		return bad_value("--status", item, len,
				 "is not a status: use a code (404), a class (5xx) or a range (400-499), from 100 to 999");
	}
	for (n = lo; n <= hi; n++)
		set_bit(filter->statuses, n);
	return 0;
}

int filter_add_status(struct filter *filter, const char *arg)
{
	filter->active = 1;
	filter->has_status = 1;
	return each_item(filter, arg, add_status);
}

static int add_port(struct filter *filter, const char *item, size_t len)
{
	unsigned long n;

	if (parse_decimal(item, len, FILTER_PORTS - 1, &n) || n < 1)
		return bad_value("--port", item, len,
				 "is not a port from 1 to 65535");
	set_bit(filter->ports, (unsigned int)n);
	return 0;
}

int filter_add_port(struct filter *filter, const char *arg)
{
	filter->active = 1;
	filter->has_port = 1;
	return each_item(filter, arg, add_port);
}

static unsigned long long unit_ns(const char *unit)
{
	static const struct {
		const char *name;
		unsigned long long ns;
	} units[] = {
		{ "ns", 1ULL },
		{ "us", 1000ULL },
		{ "ms", 1000000ULL },
		{ "s", 1000000000ULL },
		{ "m", 60000000000ULL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(units); i++)
		if (!strcmp(unit, units[i].name))
			return units[i].ns;
	return 0;
}

/*
 * The nanoseconds in the fraction .@digits (@len of them) of @unit,
 * rounded up: latencies are whole nanoseconds, so "at least 1.5ns" is
 * "at least 2ns". Worked from the last digit to the first, each step
 * dividing by ten what the digit and those after it stand for, which
 * keeps every number below 11 * @unit.
 */
static unsigned long long fraction_ns(const char *digits, size_t len,
				      unsigned long long unit)
{
	unsigned long long whole = 0, n;
	int inexact = 0;

	while (len--) {
		n = (unsigned long long)(digits[len] - '0') * unit + whole;
		whole = n / 10;
		inexact |= n % 10 != 0;
	}
	return whole + (inexact ? 1 : 0);
}

/* A number, a decimal point allowed, and a unit: 250ms, 1.5s, 2m. */
int filter_add_slow(struct filter *filter, const char *arg)
{
	const char *p = arg, *fraction = NULL;
	unsigned long long whole = 0, digit, unit, ns, part;
	size_t fraction_len = 0;
	int too_long = 0;

	filter->active = 1;
	if (arg[0] == '-' && (is_digit(arg[1]) || arg[1] == '.'))
		return bad_value("--slow", arg, strlen(arg), "is negative");
	for (; is_digit(*p); p++) {
		digit = (unsigned long long)(*p - '0');
		if (whole > ((unsigned long long)LLONG_MAX - digit) / 10)
			too_long = 1;
		else
			whole = whole * 10 + digit;
	}
	if (p != arg && *p == '.' && is_digit(p[1])) {
		fraction = ++p;
		while (is_digit(*p))
			p++;
		fraction_len = (size_t)(p - fraction);
	}
	if (p == arg || (*p == '.' && !fraction))
		return bad_value("--slow", arg, strlen(arg),
				 "is not a duration: a number and a unit (%s), such as 250ms or 1.5s",
				 DURATION_UNITS);
	if (!*p)
		return bad_value("--slow", arg, strlen(arg),
				 "has no unit: use " DURATION_UNITS ", such as 250ms or 1.5s");
	unit = unit_ns(p);
	if (!unit)
		return bad_value("--slow", arg, strlen(arg),
				 "has an unknown unit: use " DURATION_UNITS);
	part = fraction ? fraction_ns(fraction, fraction_len, unit) : 0;
	if (too_long || whole > ((unsigned long long)LLONG_MAX - part) / unit)
		return bad_value("--slow", arg, strlen(arg),
				 "is longer than %lldns (292 years)", LLONG_MAX);
	ns = whole * unit + part;
	/* given twice, both must hold: the longer does */
	if ((long long)ns > filter->slow_ns)
		filter->slow_ns = (long long)ns;
	return 0;
}

static int text_in(const struct filter_list *list, const struct view_text *t)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (list->items[i].len == t->len &&
		    !memcmp(list->items[i].str, t->str, t->len))
			return 1;
	return 0;
}

static int has_prefix(const struct filter_list *list,
		      const struct view_text *t)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (list->items[i].len <= t->len &&
		    !memcmp(list->items[i].str, t->str, list->items[i].len))
			return 1;
	return 0;
}

/*
 * The length of @host without a trailing ":port" (digits, maybe none),
 * or @len when it has none: "a.example:8080" and "[::1]:8080" have one,
 * a bare IPv6 address such as "fd00::1" has not.
 */
static size_t without_port(const char *host, size_t len)
{
	size_t colon = len;

	while (colon && is_digit(host[colon - 1]))
		colon--;
	if (!colon || host[colon - 1] != ':')
		return len;
	colon--;
	if (colon && host[colon - 1] == ']')
		return colon;
	return memchr(host, ':', colon) ? len : colon;
}

static int glob_matches(const char *glob, const char *host, size_t len)
{
	char small[256], *copy;
	size_t bare = without_port(host, len);
	int match;

	if (!fnmatch(glob, host, FNM_CASEFOLD))
		return 1;
	if (bare == len)
		return 0;
	copy = bare < sizeof(small) ? small : xmalloc(bare + 1);
	memcpy(copy, host, bare);
	copy[bare] = '\0';
	match = !fnmatch(glob, copy, FNM_CASEFOLD);
	if (copy != small)
		free(copy);
	return match;
}

static int host_matches(const struct filter_list *globs,
			const struct view_text *host)
{
	/* fnmatch() would see a host with a NUL in it cut there */
	int has_nul = !!memchr(host->str, '\0', host->len);
	size_t i;

	for (i = 0; i < globs->count; i++) {
		if (has_nul ? !strcmp(globs->items[i].str, "*") :
		    glob_matches(globs->items[i].str, host->str, host->len))
			return 1;
	}
	return 0;
}

int filter_match(const struct filter *filter, const struct event_view *v)
{
	if (v->kind == VIEW_LOST || !filter->active)
		return 1;
	if (v->kind != VIEW_REQUEST && v->kind != VIEW_RESPONSE)
		return 0;
	if (filter->methods.count &&
	    (!v->method.str || !text_in(&filter->methods, &v->method)))
		return 0;
	if (filter->hosts.count &&
	    (!v->host.str || !host_matches(&filter->hosts, &v->host)))
		return 0;
	if (filter->paths.count &&
	    (!v->uri_path.str || !has_prefix(&filter->paths, &v->uri_path)))
		return 0;
	if (filter->has_status &&
	    (v->kind != VIEW_RESPONSE || v->status_code < 100 ||
	     v->status_code >= FILTER_STATUSES ||
	     !test_bit(filter->statuses, (unsigned int)v->status_code)))
		return 0;
	if (filter->has_port &&
	    (!v->has_ports || !(test_bit(filter->ports, v->src_port) ||
				test_bit(filter->ports, v->dst_port))))
		return 0;
	if (filter->slow_ns >= 0 &&
	    (v->kind != VIEW_RESPONSE || v->latency_ns < filter->slow_ns))
		return 0;
	return 1;
}
