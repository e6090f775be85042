/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --metrics [ADDR:]PORT: tallies of the events read, served to Prometheus
 * as its text exposition format (0.0.4) at /metrics by libmicrohttpd.
 *
 * One thread: the HTTP server's epoll fd is polled in the reader's own
 * ppoll() next to the input, and requests are answered between lines, so
 * the tallies need no lock.
 */
#ifndef NETHTTP_READER_METRICS_H
#define NETHTTP_READER_METRICS_H

#include <netinet/in.h>
#include <time.h>

#include "text.h"
#include "view.h"

/* Where to listen, as parsed from the option's value. */
struct metrics_address {
	int given;
	int any;	/* PORT alone: every address, IPv6 and IPv4 */
	int family;	/* AF_INET or AF_INET6 (for any: tried first) */
	struct in_addr ipv4;
	struct in6_addr ipv6;
	unsigned int port;
};

struct metrics;

/*
 * Parses @arg, the value of --metrics, into @addr; says what is wrong on
 * standard error and returns -1 otherwise.
 */
int metrics_parse_address(const char *arg, struct metrics_address *addr);

/*
 * Listens on @addr and starts the HTTP server, with the host and route
 * caps of its route table. NULL, after saying why, when it cannot.
 */
struct metrics *metrics_start(const struct metrics_address *addr,
			      unsigned int max_hosts, unsigned int max_routes);
/* Stops the server and frees everything; @m may be NULL. */
void metrics_stop(struct metrics *m);

/* Counts one event (its view), if it is one to count. */
void metrics_count(struct metrics *m, const struct event_view *view);

/*
 * For the caller's poll: the fd to wait on for reading (-1 when @m is
 * NULL), and the longest wait before metrics_serve() must run (NULL: no
 * limit; else @ts, filled in).
 */
int metrics_poll_fd(const struct metrics *m);
struct timespec *metrics_timeout(struct metrics *m, struct timespec *ts);
/* Answers what HTTP requests are ready, without blocking; @m may be NULL. */
void metrics_serve(struct metrics *m);

/* Appends the exposition of the tallies to @out. */
void metrics_render(const struct metrics *m, struct strbuf *out);

#endif /* NETHTTP_READER_METRICS_H */
