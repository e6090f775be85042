/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reader's filters (--method, --host, --path, --status, --port,
 * --slow): which events are printed, and which the summary and the
 * metrics count. Every filter given must hold; an option given more than
 * once (or a comma list) holds when any of its values does. A response
 * is matched on method, host and path through the request it answers.
 */
#ifndef NETHTTP_READER_FILTER_H
#define NETHTTP_READER_FILTER_H

#include <stddef.h>

#include "view.h"

#define FILTER_PORTS 65536
#define FILTER_STATUSES 1000

/* A value of an option: bytes of an argv string, which outlives the filter. */
struct filter_text {
	const char *str;
	size_t len;
};

struct filter_list {
	struct filter_text *items;
	size_t count;
	size_t cap;
};

struct filter {
	int active;			/* any filter given */
	struct filter_list methods;
	struct filter_list hosts;	/* globs, NUL-terminated */
	struct filter_list paths;
	int has_status;
	unsigned char statuses[FILTER_STATUSES / 8];	/* bit n: status n */
	int has_port;
	unsigned char ports[FILTER_PORTS / 8];		/* bit n: port n */
	long long slow_ns;		/* -1: no --slow */
};

void filter_init(struct filter *filter);
void filter_free(struct filter *filter);

/*
 * Each adds the value @arg of its option to @filter, or says on stderr
 * what is wrong with it (shown terminal-safe) and returns -1. @arg must
 * live as long as @filter (an argv string does).
 */
int filter_add_method(struct filter *filter, const char *arg);
int filter_add_host(struct filter *filter, const char *arg);
int filter_add_path(struct filter *filter, const char *arg);
int filter_add_status(struct filter *filter, const char *arg);
int filter_add_port(struct filter *filter, const char *arg);
int filter_add_slow(struct filter *filter, const char *arg);

/*
 * Nonzero when @v passes: always for a loss notice and when no filter
 * is given; never, then, for an event that is neither request nor
 * response.
 */
int filter_match(const struct filter *filter, const struct event_view *v);

#endif /* NETHTTP_READER_FILTER_H */
