// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "nethttp/parser.h"
#include "route.h"

#define LONG_HEX_MIN 16
#define UUID_LEN 36

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

static int all_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_hex(s[i]))
			return 0;
	return 1;
}

static int is_uuid(const char *s, size_t len)
{
	size_t i;

	if (len != UUID_LEN)
		return 0;
	for (i = 0; i < len; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!is_hex(s[i])) {
			return 0;
		}
	}
	return 1;
}

static int is_id(const char *s, size_t len)
{
	return all_digits(s, len) || is_uuid(s, len) ||
	       (len >= LONG_HEX_MIN && all_hex(s, len));
}

void route_of(struct strbuf *out, const char *path, size_t len)
{
	const char *end = path + len, *seg, *slash;

	for (seg = path; seg <= end; seg = slash + 1) {
		slash = memchr(seg, '/', (size_t)(end - seg));
		if (!slash)
			slash = end;
		if (is_id(seg, (size_t)(slash - seg)))
			sb_adds(out, ROUTE_ID);
		else
			sb_add(out, seg, (size_t)(slash - seg));
		if (slash < end)
			sb_addc(out, '/');
	}
}

void route_table_init(struct route_table *table, unsigned int max_hosts,
		      unsigned int max_routes)
{
	memset(table, 0, sizeof(*table));
	table->max_hosts = max_hosts;
	table->max_routes = max_routes;
}

void route_table_free(struct route_table *table)
{
	struct strmap *routes;
	size_t i;

	for (i = 0; i < table->hosts.cap; i++) {
		routes = table->hosts.slots[i].value;
		if (!routes)
			continue;
		strmap_free(routes);
		free(routes);
	}
	strmap_free(&table->hosts);
}

static struct strmap *routes_of(struct route_table *table, const char *host,
				size_t host_len, const char **host_out,
				size_t *host_out_len)
{
	struct strmap_entry *e;

	if (!strmap_get(&table->hosts, host, host_len) &&
	    table->hosts.count >= table->max_hosts) {
		host = ROUTE_OTHER;
		host_len = strlen(ROUTE_OTHER);
	}
	e = strmap_put(&table->hosts, host, host_len);
	if (!e->value) {
		e->value = xmalloc(sizeof(struct strmap));
		memset(e->value, 0, sizeof(struct strmap));
	}
	*host_out = e->key;
	*host_out_len = e->key_len;
	return e->value;
}

void route_table_fold(struct route_table *table,
		      const char *host, size_t host_len,
		      const char *route, size_t route_len,
		      const char **host_out, size_t *host_out_len,
		      const char **route_out, size_t *route_out_len)
{
	/* what a route's value points to: only that it is not NULL matters */
	static char seen;
	struct strmap_entry *e;
	struct strmap *routes;
	int folded;

	if (host_len > ROUTE_LABEL_MAX)
		host_len = ROUTE_LABEL_MAX;
	if (route_len > ROUTE_LABEL_MAX)
		route_len = ROUTE_LABEL_MAX;
	routes = routes_of(table, host, host_len, host_out, host_out_len);
	folded = *host_out_len != host_len ||
		 memcmp(*host_out, host, host_len) != 0;
	if (!strmap_get(routes, route, route_len) &&
	    routes->count >= table->max_routes) {
		route = ROUTE_OTHER;
		route_len = strlen(ROUTE_OTHER);
		folded = 1;
	}
	e = strmap_put(routes, route, route_len);
	e->value = &seen;
	*route_out = e->key;
	*route_out_len = e->key_len;
	if (folded)
		table->folded++;
}

const char *route_method_label(const char *method, size_t len)
{
	const char *name;
	unsigned int m;

	for (m = 0; m < NETHTTP_METHOD_COUNT; m++) {
		name = nethttp_method_name(m);
		if (name[0] && strlen(name) == len && !memcmp(name, method, len))
			return name;
	}
	return ROUTE_OTHER;
}
