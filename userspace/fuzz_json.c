// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target for the JSON parser and the output formats. Whatever the
 * bytes, nothing may crash; when they parse, writing the tree out must give
 * JSON that parses again and writes out to the very same text, and when
 * they are an event, every format must handle it, Tracee's layout giving
 * valid JSON. The view of an event goes through the filters and the
 * summary too, whose JSON rows must be JSON.
 *
 * Built with a fuzzing engine (-DFUZZ_ENGINE, e.g. clang -fsanitize=fuzzer)
 * only fuzz_one_input() is compiled; otherwise a main() runs it once on
 * each file named on the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "format.h"
#include "json.h"
#include "route.h"
#include "summary.h"
#include "text.h"
#include "view.h"

/*
 * The engine calls the symbol LLVMFuzzerTestOneInput; the asm label gives
 * it to a function with a name in the kernel's style.
 */
int fuzz_one_input(const unsigned char *data, size_t size)
	__asm__("LLVMFuzzerTestOneInput");

/* Parses @out's one line, which must be a JSON value, or aborts. */
static void check_one_json_line(const struct strbuf *out)
{
	struct json_error err;
	struct json_doc *doc;

	if (!out->len || out->data[out->len - 1] != '\n')
		abort();
	doc = json_parse(out->data, out->len - 1, &err);
	if (!doc)
		abort();
	json_free(doc);
}

static void check_formats(const char *text, size_t len,
			  const struct json_value *event)
{
	/* what a cgroup could map to; the reader's own map needs a tree */
	static const char container[] =
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	static const char *const containers[] = { NULL, container };
	struct strbuf out = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(containers); i++) {
		out.len = 0;
		format_event(&out, FORMAT_TABLE, text, len, event, containers[i]);
		out.len = 0;
		/* the line with containerId put in must still be JSON */
		format_event(&out, FORMAT_JSON, text, len, event, containers[i]);
		check_one_json_line(&out);
		out.len = 0;
		/* Tracee's layout must be one JSON value */
		format_event(&out, FORMAT_TRACEE, text, len, event, containers[i]);
		check_one_json_line(&out);
	}
	sb_free(&out);
}

static size_t count_byte(const char *s, size_t len, char c)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += s[i] == c;
	return n;
}

/*
 * A route has the path's segments, none of them all digits (an id), and
 * is a fixed point of route_of().
 */
static void check_route(const struct view_text *path)
{
	struct strbuf route = STRBUF_INIT, again = STRBUF_INIT;
	size_t i, start = 0, digits = 0;

	route_of(&route, path->str, path->len);
	if (count_byte(route.data, route.len, '/') !=
	    count_byte(path->str, path->len, '/'))
		abort();
	for (i = 0; i <= route.len; i++) {
		if (i < route.len && route.data[i] != '/') {
			digits += route.data[i] >= '0' && route.data[i] <= '9';
			continue;
		}
		if (i > start && digits == i - start)
			abort();
		start = i + 1;
		digits = 0;
	}
	route_of(&again, route.data, route.len);
	if (route.len != again.len ||
	    (route.len && memcmp(route.data, again.data, route.len)))
		abort();
	sb_free(&route);
	sb_free(&again);
}

/* What the tallies take of an event is consistent whatever the bytes. */
static void check_view(const struct json_value *event)
{
	struct route_table table;
	struct event_view view;
	const char *host, *route;
	size_t host_len, route_len;

	event_view_get(&view, event);
	if (view.kind != VIEW_RESPONSE &&
	    (view.paired || view.status_code != -1 || view.latency_ns != -1))
		abort();
	if (view.latency_ns < -1 || (view.latency_ns >= 0 && !view.paired))
		abort();
	if (view.status_code != -1 &&
	    (view.status_code < 100 || view.status_code > 999))
		abort();
	if (view.has_ports && (view.src_port > 65535 || view.dst_port > 65535))
		abort();
	if (!view.uri_path.str)
		return;
	check_route(&view.uri_path);
	/* a cap of one host and one route: the second of each is "other" */
	route_table_init(&table, 1, 1);
	route_table_fold(&table, "h", 1, "/", 1, &host, &host_len,
			 &route, &route_len);
	route_table_fold(&table, view.uri_path.str, view.uri_path.len,
			 view.uri_path.str, view.uri_path.len,
			 &host, &host_len, &route, &route_len);
	if (!((host_len == 1 && host[0] == 'h') || !strcmp(host, ROUTE_OTHER)))
		abort();
	route_table_free(&table);
}

/* Each line of @out must be a JSON value. */
static void check_json_lines(const struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	const char *p = out->data, *end = out->data + out->len, *newline;

	while (p < end) {
		newline = memchr(p, '\n', (size_t)(end - p));
		if (!newline)
			abort();
		line.len = 0;
		sb_add(&line, p, (size_t)(newline - p) + 1);
		check_one_json_line(&line);
		p = newline + 1;
	}
	sb_free(&line);
}

/* The event's view through a filter of each kind, and a summary of it. */
static void check_tallies(const struct json_value *event)
{
	static const char *const methods[] = { "GET,POST", "DELETE" };
	struct strbuf out = STRBUF_INIT;
	struct event_view view;
	struct summary *summary;
	struct filter filter;
	size_t i;

	event_view_get(&view, event);
	for (i = 0; i < ARRAY_SIZE(methods); i++) {
		filter_init(&filter);
		if (filter_add_method(&filter, methods[i]) ||
		    filter_add_host(&filter, i ? "*" : "*.example.com") ||
		    filter_add_path(&filter, "/") ||
		    filter_add_status(&filter, i ? "100-599" : "2xx,404") ||
		    filter_add_port(&filter, "80,8080") ||
		    filter_add_slow(&filter, i ? "0ns" : "1.5ms"))
			abort();
		filter_match(&filter, &view);
		filter_free(&filter);
	}
	summary = summary_new(1, 1);
	summary_add(summary, &view);
	summary_add(summary, &view);
	summary_write(summary, &out, FORMAT_TABLE);
	out.len = 0;
	summary_write(summary, &out, FORMAT_JSON);
	check_json_lines(&out);
	summary_free(summary);
	sb_free(&out);
}

int fuzz_one_input(const unsigned char *data, size_t size)
{
	struct strbuf first = STRBUF_INIT, second = STRBUF_INIT;
	struct json_error err;
	struct json_doc *doc, *again;

	doc = json_parse((const char *)data, size, &err);
	if (!doc) {
		if (err.offset > size || !err.message)
			abort();
		return 0;
	}
	json_write(&first, json_root(doc));
	if (json_get(json_root(doc), "eventName") &&
	    json_get(json_root(doc), "eventName")->type == JSON_STRING) {
		check_formats((const char *)data, size, json_root(doc));
		check_view(json_root(doc));
		check_tallies(json_root(doc));
	}
	json_free(doc);

	again = json_parse(first.data, first.len, &err);
	if (!again)
		abort();	/* what we write must be valid JSON */
	json_write(&second, json_root(again));
	json_free(again);
	if (first.len != second.len || memcmp(first.data, second.data, first.len))
		abort();	/* and stable once written */
	sb_free(&first);
	sb_free(&second);
	return 0;
}

#ifndef FUZZ_ENGINE
int main(int argc, char **argv)
{
	struct strbuf input = STRBUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;
	int i;

	for (i = 1; i < argc; i++) {
		f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		input.len = 0;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			sb_add(&input, chunk, n);
		fclose(f);
		fuzz_one_input((const unsigned char *)input.data, input.len);
	}
	sb_free(&input);
	return 0;
}
#endif
