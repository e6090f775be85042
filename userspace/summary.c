// SPDX-License-Identifier: GPL-2.0
#include "summary.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "nethttp/event.h"
#include "route.h"
#include "strmap.h"

/* Latencies below this are kept exactly ... */
#define HIST_EXACT 2048u
/* ... those above in 2^HIST_SUB_BITS buckets per power of two. */
#define HIST_SUB_BITS 10
#define HIST_SUB 1024u	/* 2^HIST_SUB_BITS */
#define HIST_EXACT_BITS 11	/* log2(HIST_EXACT) */

struct hist_bucket {
	unsigned int index;
	unsigned long long count;
};

/* The buckets hit so far, sorted by index. */
struct latency_hist {
	struct hist_bucket *buckets;
	size_t used;
	size_t cap;
	unsigned long long total;
	long long max;
};

struct summary_row {
	/* the labels (the route_table's copies); host NULL: unpaired */
	const char *host;
	size_t host_len;
	const char *route;
	size_t route_len;
	const char *method;
	unsigned long long count;
	unsigned long long errors;	/* status >= 500 */
	struct latency_hist latency;
};

struct summary {
	struct route_table table;
	struct strmap rows;	/* the labels' addresses -> struct summary_row */
	struct summary_row unpaired;
	struct view_once once;
	struct strbuf route;	/* scratch: the route of a path */
	unsigned long long lost;
	int hosts_folded;
	int routes_folded;
};

enum {
	COL_HOST,
	COL_ROUTE,
	COL_METHOD,
	COL_COUNT,
	COL_ERRORS,
	COL_P50,
	COL_P90,
	COL_P99,
	COLUMNS,
};

static const char *const titles[COLUMNS] = {
	"HOST", "ROUTE", "METHOD", "COUNT", "ERRORS", "P50", "P90", "P99",
};

static const unsigned int percentiles[] = { 50, 90, 99 };

/* v < 2048: v itself; else 2048 + 1024 per power of two past 2^11. */
static unsigned int bucket_of(unsigned long long v)
{
	unsigned int log2;

	if (v < HIST_EXACT)
		return (unsigned int)v;
	log2 = 63u - (unsigned int)__builtin_clzll(v);
	return HIST_EXACT + (log2 - HIST_EXACT_BITS) * HIST_SUB +
	       (unsigned int)((v >> (log2 - HIST_SUB_BITS)) - HIST_SUB);
}

/* The highest value bucket @index holds. */
static unsigned long long bucket_top(unsigned int index)
{
	unsigned int log2, sub;

	if (index < HIST_EXACT)
		return index;
	log2 = HIST_EXACT_BITS + (index - HIST_EXACT) / HIST_SUB;
	sub = (index - HIST_EXACT) % HIST_SUB;
	return ((HIST_SUB + (unsigned long long)sub) << (log2 - HIST_SUB_BITS)) +
	       (1ULL << (log2 - HIST_SUB_BITS)) - 1;
}

static void hist_add(struct latency_hist *h, long long ns)
{
	unsigned int index = bucket_of((unsigned long long)ns);
	size_t lo = 0, hi = h->used, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->buckets[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == h->used || h->buckets[lo].index != index) {
		if (h->used == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 4;
			h->buckets = xrealloc(h->buckets,
					      h->cap * sizeof(*h->buckets));
		}
		memmove(&h->buckets[lo + 1], &h->buckets[lo],
			(h->used - lo) * sizeof(*h->buckets));
		h->buckets[lo].index = index;
		h->buckets[lo].count = 0;
		h->used++;
	}
	h->buckets[lo].count++;
	h->total++;
	if (ns > h->max)
		h->max = ns;
}

/*
 * The @p-th percentile by nearest rank (the ceil(p * n / 100)-th value,
 * 1-based): the top of its bucket, but not above the largest value seen.
 * -1 when there is no value.
 */
static long long hist_percentile(const struct latency_hist *h, unsigned int p)
{
	/* ceil(p * n / 100) without p * n, which could overflow */
	unsigned long long rank = h->total / 100 * p +
				  (h->total % 100 * p + 99) / 100;
	unsigned long long seen = 0, top;
	size_t i;

	for (i = 0; i < h->used; i++) {
		seen += h->buckets[i].count;
		if (seen >= rank) {
			top = bucket_top(h->buckets[i].index);
			return top < (unsigned long long)h->max ? (long long)top :
								   h->max;
		}
	}
	return -1;
}

struct summary *summary_new(unsigned int max_hosts, unsigned int max_routes)
{
	struct summary *s = xmalloc(sizeof(*s));

	memset(s, 0, sizeof(*s));
	route_table_init(&s->table, max_hosts, max_routes);
	return s;
}

void summary_free(struct summary *s)
{
	struct summary_row *row;
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->rows.cap; i++) {
		row = s->rows.slots[i].value;
		if (!row)
			continue;
		free(row->latency.buckets);
		free(row);
	}
	strmap_free(&s->rows);
	free(s->unpaired.latency.buckets);
	route_table_free(&s->table);
	sb_free(&s->route);
	free(s);
}

static int is_other(const char *s, size_t len)
{
	return len == strlen(ROUTE_OTHER) && !memcmp(s, ROUTE_OTHER, len);
}

/* The row of the request @v answers, made when it is new. */
static struct summary_row *row_of(struct summary *s,
				  const struct event_view *v)
{
	const char *host = v->host.str ? v->host.str : "";
	size_t host_len = v->host.str ? v->host.len : 0;
	size_t path_len = v->uri_path.str ? v->uri_path.len : 0;
	const char *key[3];	/* the labels' own addresses tell them apart */
	size_t key_len[2];
	struct summary_row *row;
	struct strmap_entry *e;

	/* only what a label can keep of it */
	if (path_len > ROUTE_LABEL_MAX)
		path_len = ROUTE_LABEL_MAX;
	s->route.len = 0;
	route_of(&s->route, v->uri_path.str ? v->uri_path.str : "", path_len);
	route_table_fold(&s->table, host, host_len, sb_cstr(&s->route),
			 s->route.len, &key[0], &key_len[0], &key[1],
			 &key_len[1]);
	if (is_other(key[0], key_len[0]) && !is_other(host, host_len))
		s->hosts_folded = 1;
	if (is_other(key[1], key_len[1]) &&
	    !is_other(s->route.data, s->route.len))
		s->routes_folded = 1;
	key[2] = route_method_label(v->method.str ? v->method.str : "",
				    v->method.str ? v->method.len : 0);
	e = strmap_put(&s->rows, key, sizeof(key));
	if (!e->value) {
		row = xmalloc(sizeof(*row));
		memset(row, 0, sizeof(*row));
		row->host = key[0];
		row->host_len = key_len[0];
		row->route = key[1];
		row->route_len = key_len[1];
		row->method = key[2];
		e->value = row;
	}
	return e->value;
}

void summary_add(struct summary *s, const struct event_view *v)
{
	struct summary_row *row;

	if (v->kind == VIEW_LOST) {
		s->lost = v->lost > ULLONG_MAX - s->lost ? ULLONG_MAX :
							   s->lost + v->lost;
		return;
	}
	if (!view_count_once(&s->once, v) || !view_is_final_response(v))
		return;
	row = v->paired ? row_of(s, v) : &s->unpaired;
	row->count++;
	if (v->status_code >= 500)
		row->errors++;
	if (v->paired && v->latency_ns >= 0)
		hist_add(&row->latency, v->latency_ns);
}

/* COUNT down, then host, route and method; the unpaired row after its ties. */
static int compare_rows(const void *a, const void *b)
{
	const struct summary_row *x = *(const struct summary_row * const *)a;
	const struct summary_row *y = *(const struct summary_row * const *)b;
	int c;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if (!x->host || !y->host)
		return !x->host - !y->host;
	c = bytes_compare(x->host, x->host_len, y->host, y->host_len);
	if (!c)
		c = bytes_compare(x->route, x->route_len, y->route,
				  y->route_len);
	if (!c)
		c = strcmp(x->method, y->method);
	return c;
}

/* The rows to show, in their order; *@count of them, for free(). */
static struct summary_row **sorted_rows(struct summary *s, size_t *count)
{
	struct summary_row **rows;
	size_t i, n = 0;

	rows = xmalloc((s->rows.count + 1) * sizeof(*rows));
	for (i = 0; i < s->rows.cap; i++)
		if (s->rows.slots[i].value)
			rows[n++] = s->rows.slots[i].value;
	if (s->unpaired.count)
		rows[n++] = &s->unpaired;
	qsort(rows, n, sizeof(*rows), compare_rows);
	*count = n;
	return rows;
}

static void add_json_text(struct strbuf *out, const char *key,
			  const char *s, size_t len)
{
	sb_addf(out, "\"%s\":", key);
	if (!s) {
		sb_adds(out, "null");
		return;
	}
	sb_addc(out, '"');
	sb_add_json_string(out, s, len);
	sb_addc(out, '"');
}

static void write_json(struct summary *s, struct summary_row **rows,
		       size_t count, struct strbuf *out)
{
	const struct summary_row *row;
	long long ns;
	size_t i, p;

	for (i = 0; i < count; i++) {
		row = rows[i];
		sb_addc(out, '{');
		add_json_text(out, "host", row->host, row->host_len);
		sb_addc(out, ',');
		add_json_text(out, "route", row->host ? row->route : NULL,
			      row->route_len);
		sb_addc(out, ',');
		add_json_text(out, "method", row->host ? row->method : NULL,
			      row->host ? strlen(row->method) : 0);
		sb_addf(out, ",\"count\":%llu,\"errors\":%llu", row->count,
			row->errors);
		for (p = 0; p < ARRAY_SIZE(percentiles); p++) {
			ns = hist_percentile(&row->latency, percentiles[p]);
			sb_addf(out, ",\"p%u_ns\":", percentiles[p]);
			if (ns < 0)
				sb_adds(out, "null");
			else
				sb_addf(out, "%lld", ns);
		}
		sb_adds(out, "}\n");
	}
	if (s->lost)
		sb_addf(out, "{\"eventName\":\"" NETHTTP_EVENT_NAME_LOST
			"\",\"lost\":%llu}\n", s->lost);
}

/* The cells of @row, terminal-safe; "-" for what is empty or unknown. */
static void row_cells(const struct summary_row *row, struct strbuf *cells)
{
	long long ns;
	size_t c, p;

	for (c = 0; c < COLUMNS; c++)
		cells[c].len = 0;
	if (row->host) {
		sb_add_terminal(&cells[COL_HOST], row->host, row->host_len);
		sb_add_terminal(&cells[COL_ROUTE], row->route, row->route_len);
		sb_adds(&cells[COL_METHOD], row->method);
	}
	sb_addf(&cells[COL_COUNT], "%llu", row->count);
	sb_addf(&cells[COL_ERRORS], "%llu", row->errors);
	for (p = 0; p < ARRAY_SIZE(percentiles); p++) {
		ns = hist_percentile(&row->latency, percentiles[p]);
		if (ns >= 0)
			format_latency(&cells[COL_P50 + p],
				       (unsigned long long)ns);
	}
	for (c = 0; c < COLUMNS; c++)
		if (!cells[c].len)
			sb_addc(&cells[c], '-');
}

static void add_line(struct strbuf *out, struct strbuf *cells,
		     const size_t *width)
{
	size_t c, used;

	for (c = 0; c < COLUMNS; c++) {
		sb_add(out, cells[c].data, cells[c].len);
		if (c == COLUMNS - 1)
			break;
		used = text_width(cells[c].data, cells[c].len);
		sb_pad(out, width[c] - used + 1);
	}
	sb_addc(out, '\n');
}

/*
 * The cells are made twice, to measure the columns and then to write
 * them, rather than kept: a row's few bytes, not its cells' buffers.
 */
static void write_table(struct summary *s, struct summary_row **rows,
			size_t count, struct strbuf *out)
{
	struct strbuf cells[COLUMNS];
	size_t width[COLUMNS], i, c, w;

	memset(cells, 0, sizeof(cells));
	for (c = 0; c < COLUMNS; c++)
		width[c] = strlen(titles[c]);
	for (i = 0; i < count; i++) {
		row_cells(rows[i], cells);
		for (c = 0; c < COLUMNS; c++) {
			w = text_width(cells[c].data, cells[c].len);
			if (w > width[c])
				width[c] = w;
		}
	}
	for (c = 0; c < COLUMNS; c++) {
		cells[c].len = 0;
		sb_adds(&cells[c], titles[c]);
	}
	add_line(out, cells, width);
	for (i = 0; i < count; i++) {
		row_cells(rows[i], cells);
		add_line(out, cells, width);
	}
	for (c = 0; c < COLUMNS; c++)
		sb_free(&cells[c]);
	if (s->lost)
		sb_addf(out, "lost %llu event%s\n", s->lost,
			s->lost == 1 ? "" : "s");
	if (!s->hosts_folded && !s->routes_folded)
		return;
	sb_addf(out, "%llu response%s counted under %s \"" ROUTE_OTHER "\": raise ",
		s->table.folded, s->table.folded == 1 ? "" : "s",
		!s->routes_folded ? "host" : !s->hosts_folded ? "route" :
		"host or route");
	if (s->hosts_folded)
		sb_addf(out, "--metrics-max-hosts (now %u)%s",
			s->table.max_hosts, s->routes_folded ? " or " : "");
	if (s->routes_folded)
		sb_addf(out, "--metrics-max-routes (now %u)",
			s->table.max_routes);
	sb_addc(out, '\n');
}

void summary_write(struct summary *s, struct strbuf *out,
		   enum output_format format)
{
	struct summary_row **rows;
	size_t count;

	rows = sorted_rows(s, &count);
	if (format == FORMAT_TABLE)
		write_table(s, rows, count, out);
	else
		write_json(s, rows, count, out);
	free(rows);
}
