/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Routes, and the caps that keep the summary's rows and the metrics'
 * series bounded whatever hosts and paths a scan sends.
 *
 * A route is a uri_path whose segments that look like identifiers are
 * replaced by "{id}": all decimal digits, a UUID (8-4-4-4-12 hex digits),
 * or 16 or more hex digits. "/users/42/orders/7f3a9c01b7d4e5f6" becomes
 * "/users/{id}/orders/{id}".
 */
#ifndef NETHTTP_READER_ROUTE_H
#define NETHTTP_READER_ROUTE_H

#include <stddef.h>

#include "strmap.h"
#include "text.h"

#define ROUTE_ID "{id}"
/* What a folded host, route or method becomes. */
#define ROUTE_OTHER "other"

#define ROUTE_DEFAULT_MAX_ROUTES 200
#define ROUTE_DEFAULT_MAX_HOSTS 200
/* What the options accept: a table of this many is still a few MiB. */
#define ROUTE_CAP_MAX 100000
/*
 * Hosts and routes are kept to this many bytes, so the caps bound the
 * tables' bytes too, whatever length a line from a file gives them. The
 * device's copy of a response's request keeps 128 bytes of it
 * (NETHTTP_BRIEF_TEXT_MAX), and a route is at most 4 times its path
 * ("1" -> "{id}"): what the device writes is never cut.
 */
#define ROUTE_LABEL_MAX 512

/* Appends the route of the @len bytes of @path to @out. */
void route_of(struct strbuf *out, const char *path, size_t len);

/*
 * The hosts and, per host, the routes seen so far, up to the caps: a
 * host past max_hosts is counted as ROUTE_OTHER, and so is a route past
 * its host's max_routes.
 */
struct route_table {
	unsigned int max_hosts;
	unsigned int max_routes;
	struct strmap hosts;	/* host -> struct strmap of its routes */
	unsigned long long folded;	/* messages given ROUTE_OTHER */
};

void route_table_init(struct route_table *table, unsigned int max_hosts,
		      unsigned int max_routes);
void route_table_free(struct route_table *table);
/*
 * Sets *@host_out and *@route_out to the labels to count @host and @route
 * under: themselves (their first ROUTE_LABEL_MAX bytes), or ROUTE_OTHER
 * when a cap is reached. They are good until route_table_free(); their
 * lengths go to the *_len arguments.
 */
void route_table_fold(struct route_table *table,
		      const char *host, size_t host_len,
		      const char *route, size_t route_len,
		      const char **host_out, size_t *host_out_len,
		      const char **route_out, size_t *route_out_len);

/*
 * The method as a label: a registered method (RFC 9110 and the IANA
 * registry, as the module knows them) as it is, any other as ROUTE_OTHER,
 * since extension methods are as many as a client cares to send.
 */
const char *route_method_label(const char *method, size_t len);

#endif /* NETHTTP_READER_ROUTE_H */
