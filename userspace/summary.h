/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --summary: the responses read, counted per host, route and method of
 * the request each answers, with their errors and latency percentiles,
 * printed once at the end as a table or as JSON rows.
 *
 * Memory stays bounded whatever the run's length: rows are at most
 * hosts x routes (the route_table's caps) x method labels, and each
 * row's latencies are kept in a log-linear histogram: values below 2048
 * ns exactly, a value v above in a bucket 2^(floor(log2 v) - 10) wide
 * (1024 buckets per power of two, under 0.1% apart), only the buckets
 * that were hit being stored.
 */
#ifndef NETHTTP_READER_SUMMARY_H
#define NETHTTP_READER_SUMMARY_H

#include "format.h"
#include "text.h"
#include "view.h"

struct summary;

struct summary *summary_new(unsigned int max_hosts, unsigned int max_routes);
void summary_free(struct summary *summary);

/*
 * Counts @v, an event that passed the filters: a final response once per
 * message (view_count_once), or a loss notice's count.
 */
void summary_add(struct summary *summary, const struct event_view *v);

/*
 * Appends the summary: with FORMAT_TABLE a table (its header, a row per
 * host, route and method, then lines on lost events and on what was
 * folded into "other"); otherwise a JSON object per row, then the loss
 * notice of all events lost.
 */
void summary_write(struct summary *summary, struct strbuf *out,
		   enum output_format format);

#endif /* NETHTTP_READER_SUMMARY_H */
