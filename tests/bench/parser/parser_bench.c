// SPDX-License-Identifier: GPL-2.0
/*
 * Instructions per parse of nethttp_parse() and of nodejs' http-parser
 * (Debian's libhttp-parser-dev), counted by valgrind's callgrind: see run.
 *
 * Each (parser, input) pair has a function that parses the input N times;
 * callgrind collects only while that function runs (--toggle-collect), so
 * its total divided by N is the cost of one parse plus the loop around it.
 * bench_empty() is the same loop around a parse that does nothing: run
 * subtracts its count.
 *
 * http-parser gets callbacks that record what a nethttp event holds (method,
 * target span, version, status code, reason span, every header's name and
 * value spans, the content length), so both parsers extract the same things.
 *
 * Usage: parser_bench verify FILE
 *        parser_bench nethttp|http-parser|empty FILE N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <http_parser.h>
#include "nethttp/parser.h"

#define BENCH_INPUT_MAX	NETHTTP_PAYLOAD_MAX

/* What the http-parser callbacks record: a nethttp event's worth. */
struct hp_result {
	const char *base;
	unsigned int url_off, url_len;
	unsigned int reason_off, reason_len;
	unsigned int header_count;
	struct nethttp_header headers[NETHTTP_HEADERS_MAX];
	unsigned long long content_length;
	int headers_complete;
};

static int hp_url(http_parser *p, const char *at, size_t len)
{
	struct hp_result *r = p->data;

	r->url_off = at - r->base;
	r->url_len = len;
	return 0;
}

static int hp_status(http_parser *p, const char *at, size_t len)
{
	struct hp_result *r = p->data;

	r->reason_off = at - r->base;
	r->reason_len = len;
	return 0;
}

/* One buffer holds the whole head, so each field and value comes whole. */
static int hp_field(http_parser *p, const char *at, size_t len)
{
	struct hp_result *r = p->data;

	if (r->header_count < NETHTTP_HEADERS_MAX) {
		r->headers[r->header_count].name.off = at - r->base;
		r->headers[r->header_count].name.len = len;
	}
	return 0;
}

static int hp_value(http_parser *p, const char *at, size_t len)
{
	struct hp_result *r = p->data;

	if (r->header_count < NETHTTP_HEADERS_MAX) {
		r->headers[r->header_count].value.off = at - r->base;
		r->headers[r->header_count].value.len = len;
	}
	r->header_count++;
	return 0;
}

static int hp_headers_complete(http_parser *p)
{
	struct hp_result *r = p->data;

	r->content_length = p->content_length;
	r->headers_complete = 1;
	return 0;
}

static const http_parser_settings hp_settings = {
	.on_url = hp_url,
	.on_status = hp_status,
	.on_header_field = hp_field,
	.on_header_value = hp_value,
	.on_headers_complete = hp_headers_complete,
};

static int is_response(const unsigned char *data, unsigned int len)
{
	return len >= 5 && !memcmp(data, "HTTP/", 5);
}

/* One http-parser parse; 0 when it took the whole head without error. */
static noinline int
hp_parse(const unsigned char *data, unsigned int len, int type,
	 http_parser *parser, struct hp_result *r)
{
	size_t done;

	r->base = (const char *)data;
	r->header_count = 0;
	r->reason_len = 0;
	r->headers_complete = 0;
	http_parser_init(parser, type);
	parser->data = r;
	done = http_parser_execute(parser, &hp_settings, (const char *)data, len);
	return (done == len && parser->http_errno == HPE_OK &&
		r->headers_complete) ? 0 : -1;
}

static noinline int
nethttp_parse_once(const unsigned char *data, unsigned int len,
		   struct nethttp_msg *msg)
{
	return nethttp_parse(data, len, msg) == NETHTTP_PARSE_OK ? 0 : -1;
}

static noinline int
empty_once(const unsigned char *data, unsigned int len, struct nethttp_msg *msg)
{
	__asm__ volatile("" : : "r"(data), "r"(len), "r"(msg) : "memory");
	return 0;
}

/* The functions callgrind collects in: keep their names in step with run. */
noinline int bench_nethttp(const unsigned char *data, unsigned int len,
			   long n)
{
	static struct nethttp_msg msg;
	int bad = 0;
	long i;

	for (i = 0; i < n; i++)
		bad |= nethttp_parse_once(data, len, &msg);
	return bad;
}

noinline int bench_http_parser(const unsigned char *data, unsigned int len,
			       long n)
{
	static struct hp_result r;
	int type = is_response(data, len) ? HTTP_RESPONSE : HTTP_REQUEST;
	http_parser parser;
	int bad = 0;
	long i;

	for (i = 0; i < n; i++)
		bad |= hp_parse(data, len, type, &parser, &r);
	return bad;
}

noinline int bench_empty(const unsigned char *data, unsigned int len,
			 long n)
{
	static struct nethttp_msg msg;
	int bad = 0;
	long i;

	for (i = 0; i < n; i++)
		bad |= empty_once(data, len, &msg);
	return bad;
}

static int span_eq(const unsigned char *data, unsigned int off, unsigned int len,
		   const char *s, size_t slen)
{
	return len == slen && !memcmp(data + off, s, slen);
}

/*
 * Both parsers take the input whole and agree on what matters: a count of
 * instructions is only worth something for a real, complete parse.
 */
static int verify(const unsigned char *data, unsigned int len)
{
	static struct nethttp_msg msg;
	static struct hp_result r;
	int response = is_response(data, len);
	http_parser parser;
	unsigned int count, i;
	char target[NETHTTP_TARGET_MAX + 2];
	size_t tlen;

	if (nethttp_parse(data, len, &msg) != NETHTTP_PARSE_OK || msg.truncated) {
		fprintf(stderr, "nethttp did not parse the head whole\n");
		return -1;
	}
	if (hp_parse(data, len, response ? HTTP_RESPONSE : HTTP_REQUEST,
		     &parser, &r)) {
		fprintf(stderr, "http-parser did not parse the head: %s\n",
			http_errno_name(parser.http_errno));
		return -1;
	}
	/* nethttp keeps a request's first Host apart from headers[] */
	count = msg.header_count + (msg.kind == NETHTTP_KIND_REQUEST &&
				    msg.host.len);
	if (count != r.header_count) {
		fprintf(stderr, "header count: nethttp %u, http-parser %u\n",
			count, r.header_count);
		return -1;
	}
	for (i = 0; i < msg.header_count; i++) {
		const struct nethttp_header *h = &msg.headers[i];
		unsigned int j;

		for (j = 0; j < r.header_count; j++)
			if (r.headers[j].name.off == h->name.off &&
			    r.headers[j].name.len == h->name.len &&
			    r.headers[j].value.off == h->value.off &&
			    r.headers[j].value.len == h->value.len)
				break;
		if (j == r.header_count) {
			fprintf(stderr, "header %u differs\n", i);
			return -1;
		}
	}
	if (response) {
		if (msg.kind != NETHTTP_KIND_RESPONSE ||
		    msg.status_code != parser.status_code ||
		    msg.reason.off != r.reason_off ||
		    msg.reason.len != r.reason_len) {
			fprintf(stderr, "status line differs\n");
			return -1;
		}
		printf("response %u, %u headers, content length %lld\n",
		       msg.status_code, count, msg.content_length);
		return 0;
	}
	tlen = msg.path.len;
	memcpy(target, data + msg.path.off, tlen);
	if (msg.query.off) {
		target[tlen++] = '?';
		memcpy(target + tlen, data + msg.query.off, msg.query.len);
		tlen += msg.query.len;
	}
	if (msg.kind != NETHTTP_KIND_REQUEST ||
	    strcmp(nethttp_method_name(msg.method),
		   http_method_str(parser.method)) ||
	    !span_eq(data, r.url_off, r.url_len, target, tlen)) {
		fprintf(stderr, "request line differs\n");
		return -1;
	}
	printf("%s %.*s, %u headers, content length %lld\n",
	       nethttp_method_name(msg.method), (int)tlen, target, count,
	       msg.content_length);
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char data[BENCH_INPUT_MAX + 1];
	unsigned int len;
	FILE *f;
	long n = 0;

	if (argc < 3 || (strcmp(argv[1], "verify") && argc != 4)) {
		fprintf(stderr, "usage: %s verify FILE | nethttp|http-parser|empty FILE N\n",
			argv[0]);
		return 2;
	}
	f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	len = fread(data, 1, sizeof(data), f);
	fclose(f);
	if (len == 0 || len > BENCH_INPUT_MAX) {
		fprintf(stderr, "%s: empty or longer than %d bytes\n", argv[2],
			BENCH_INPUT_MAX);
		return 2;
	}
	if (!strcmp(argv[1], "verify"))
		return verify(data, len) ? 1 : 0;
	n = atol(argv[3]);
	if (n <= 0)
		return 2;
	if (!strcmp(argv[1], "nethttp"))
		return bench_nethttp(data, len, n) ? 1 : 0;
	if (!strcmp(argv[1], "http-parser"))
		return bench_http_parser(data, len, n) ? 1 : 0;
	if (!strcmp(argv[1], "empty"))
		return bench_empty(data, len, n) ? 1 : 0;
	fprintf(stderr, "unknown parser %s\n", argv[1]);
	return 2;
}
