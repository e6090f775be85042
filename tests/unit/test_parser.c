// SPDX-License-Identifier: GPL-2.0
/*
 * Table-driven parser tests. Each parsed message is rendered into one
 * string holding every field, and that string is compared exactly.
 */
#include <stdlib.h>
#include "check.h"
#include "nethttp/parser.h"

static const char *const result_names[] = { "NOT_HTTP", "MALFORMED", "OK" };

static void append(char *out, size_t size, const char *s, size_t n)
{
	size_t len = strlen(out);

	if (len + n >= size)
		n = size - len - 1;
	memcpy(out + len, s, n);
	out[len + n] = '\0';
}

static void append_span(char *out, size_t size, const unsigned char *data,
			const struct nethttp_span *span)
{
	append(out, size, (const char *)data + span->off, span->len);
}

/* "OK REQ GET HTTP/1.1 path=/ query= host=h cl=0 trunc=0 [A: b|C: d]" */
static void render(char *out, size_t size, enum nethttp_parse_result res,
		   const unsigned char *data, const struct nethttp_msg *msg)
{
	char num[64];
	unsigned int i;

	out[0] = '\0';
	append(out, size, result_names[res], strlen(result_names[res]));
	if (res != NETHTTP_PARSE_OK)
		return;
	if (msg->kind == NETHTTP_KIND_REQUEST) {
		snprintf(num, sizeof(num), " REQ %s %s path=",
			 nethttp_method_name(msg->method),
			 nethttp_version_name(msg->version));
		append(out, size, num, strlen(num));
		append_span(out, size, data, &msg->path);
		append(out, size, " query=", 7);
		append_span(out, size, data, &msg->query);
		append(out, size, " host=", 6);
		append_span(out, size, data, &msg->host);
	} else {
		snprintf(num, sizeof(num), " RESP %s %u reason=",
			 nethttp_version_name(msg->version), msg->status_code);
		append(out, size, num, strlen(num));
		append_span(out, size, data, &msg->reason);
	}
	snprintf(num, sizeof(num), " cl=%lld trunc=%u [", msg->content_length,
		 msg->truncated);
	append(out, size, num, strlen(num));
	for (i = 0; i < msg->header_count; i++) {
		if (i)
			append(out, size, "|", 1);
		append_span(out, size, data, &msg->headers[i].name);
		append(out, size, ": ", 2);
		append_span(out, size, data, &msg->headers[i].value);
	}
	append(out, size, "]", 1);
}

struct parser_case {
	const char *name;
	const char *input;
	const char *want;
};

static const struct parser_case parser_cases[] = {
	/* every method, both versions */
	{ "get", "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/ query= host=a cl=0 trunc=0 []" },
	{ "head", "HEAD /h HTTP/1.0\r\n\r\n",
	  "OK REQ HEAD HTTP/1.0 path=/h query= host= cl=0 trunc=0 []" },
	{ "post", "POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
	  "OK REQ POST HTTP/1.1 path=/p query= host= cl=5 trunc=0 [Content-Length: 5]" },
	{ "put", "PUT /u HTTP/1.1\r\n\r\n",
	  "OK REQ PUT HTTP/1.1 path=/u query= host= cl=0 trunc=0 []" },
	{ "delete", "DELETE /d?x=1 HTTP/1.1\r\n\r\n",
	  "OK REQ DELETE HTTP/1.1 path=/d query=x=1 host= cl=0 trunc=0 []" },
	{ "connect", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
	  "OK REQ CONNECT HTTP/1.1 path=example.com:443 query= host=example.com:443 cl=0 trunc=0 []" },
	{ "options", "OPTIONS * HTTP/1.1\r\n\r\n",
	  "OK REQ OPTIONS HTTP/1.1 path=* query= host= cl=0 trunc=0 []" },
	{ "trace", "TRACE /t HTTP/1.0\r\n\r\n",
	  "OK REQ TRACE HTTP/1.0 path=/t query= host= cl=0 trunc=0 []" },
	{ "patch", "PATCH /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
	  "OK REQ PATCH HTTP/1.1 path=/x query= host= cl=-1 trunc=0 [Transfer-Encoding: chunked]" },
	/* query handling */
	{ "query-empty", "GET /a? HTTP/1.1\r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/a query= host= cl=0 trunc=0 []" },
	{ "query-second-mark", "GET /a?b?c HTTP/1.1\r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/a query=b?c host= cl=0 trunc=0 []" },
	{ "target-utf8", "GET /\xc3\xa9 HTTP/1.1\r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/\xc3\xa9 query= host= cl=0 trunc=0 []" },
	/* header forms */
	{ "headers-ows", "GET / HTTP/1.1\r\nA:b\r\nC: \t d \t\r\nE:\r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/ query= host= cl=0 trunc=0 [A: b|C: d|E: ]" },
	{ "headers-repeated", "GET / HTTP/1.1\r\nAccept: a\r\naccept: b\r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/ query= host= cl=0 trunc=0 [Accept: a|accept: b]" },
	{ "bare-lf", "GET / HTTP/1.1\nHost: h\n\n",
	  "OK REQ GET HTTP/1.1 path=/ query= host=h cl=0 trunc=0 []" },
	{ "value-inner-space", "GET / HTTP/1.1\r\nUser-Agent: a b\tc\r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/ query= host= cl=0 trunc=0 [User-Agent: a b\tc]" },
	{ "value-obs-text", "GET / HTTP/1.1\r\nX: \xff\xfe\r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/ query= host= cl=0 trunc=0 [X: \xff\xfe]" },
	{ "body-ignored", "GET / HTTP/1.1\r\n\r\nGET /other HTTP/1.1\r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/ query= host= cl=0 trunc=0 []" },
	/* responses */
	{ "status-200", "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n",
	  "OK RESP HTTP/1.1 200 reason=OK cl=12 trunc=0 [Content-Length: 12]" },
	{ "status-404", "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n\r\n",
	  "OK RESP HTTP/1.0 404 reason=Not Found cl=-1 trunc=0 [Content-Type: text/plain]" },
	{ "status-no-reason", "HTTP/1.1 204\r\n\r\n",
	  "OK RESP HTTP/1.1 204 reason= cl=0 trunc=0 []" },
	{ "status-empty-reason", "HTTP/1.1 304 \r\n\r\n",
	  "OK RESP HTTP/1.1 304 reason= cl=0 trunc=0 []" },
	{ "status-100", "HTTP/1.1 100 Continue\r\n\r\n",
	  "OK RESP HTTP/1.1 100 reason=Continue cl=0 trunc=0 []" },
	{ "status-599", "HTTP/1.1 599 x\r\n\r\n",
	  "OK RESP HTTP/1.1 599 reason=x cl=-1 trunc=0 []" },
	{ "status-chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
	  "OK RESP HTTP/1.1 200 reason=OK cl=-1 trunc=0 [Transfer-Encoding: chunked|Content-Length: 3]" },
	{ "response-host-is-a-header", "HTTP/1.1 200 OK\r\nHost: h\r\n\r\n",
	  "OK RESP HTTP/1.1 200 reason=OK cl=-1 trunc=0 [Host: h]" },
	{ "status-000", "HTTP/1.1 000 x\r\n\r\n", "MALFORMED" },
	{ "status-099", "HTTP/1.1 099 x\r\n\r\n", "MALFORMED" },
	{ "status-600", "HTTP/1.1 600 x\r\n\r\n", "MALFORMED" },
	{ "status-20", "HTTP/1.1 20 x\r\n\r\n", "MALFORMED" },
	{ "status-1000", "HTTP/1.1 1000 x\r\n\r\n", "MALFORMED" },
	{ "status-no-space", "HTTP/1.1200 OK\r\n\r\n", "MALFORMED" },
	{ "status-ctl-reason", "HTTP/1.1 200 O\x01K\r\n\r\n", "MALFORMED" },
	/* Content-Length */
	{ "cl-leading-zeros", "POST / HTTP/1.1\r\nContent-Length: 007\r\n\r\n",
	  "OK REQ POST HTTP/1.1 path=/ query= host= cl=7 trunc=0 [Content-Length: 007]" },
	{ "cl-max", "POST / HTTP/1.1\r\nContent-Length: 9223372036854775807\r\n\r\n",
	  "OK REQ POST HTTP/1.1 path=/ query= host= cl=9223372036854775807 trunc=0 [Content-Length: 9223372036854775807]" },
	{ "cl-overflow", "POST / HTTP/1.1\r\nContent-Length: 9223372036854775808\r\n\r\n",
	  "MALFORMED" },
	{ "cl-huge", "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
	  "MALFORMED" },
	{ "cl-2-64-plus-32", "POST / HTTP/1.1\r\nContent-Length: 18446744073709551648\r\n\r\n",
	  "MALFORMED" },
	{ "cl-dup-agree", "POST / HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 04\r\n\r\n",
	  "OK REQ POST HTTP/1.1 path=/ query= host= cl=4 trunc=0 [Content-Length: 4|Content-Length: 04]" },
	{ "cl-dup-disagree", "POST / HTTP/1.1\r\nContent-Length: 4\r\ncontent-length: 5\r\n\r\n",
	  "MALFORMED" },
	{ "cl-negative", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "MALFORMED" },
	{ "cl-plus", "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n", "MALFORMED" },
	{ "cl-inner-space", "POST / HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n", "MALFORMED" },
	{ "cl-list", "POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", "MALFORMED" },
	{ "cl-empty", "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", "MALFORMED" },
	/* Host */
	{ "host-duplicate", "GET / HTTP/1.1\r\nHost: a\r\nHOST: b\r\n\r\n", "MALFORMED" },
	{ "host-any-case", "GET / HTTP/1.1\r\nhOsT:  h:1 \r\n\r\n",
	  "OK REQ GET HTTP/1.1 path=/ query= host=h:1 cl=0 trunc=0 []" },
	/* not HTTP at all */
	{ "lower-case-method", "get / HTTP/1.1\r\n\r\n", "NOT_HTTP" },
	{ "unknown-method", "BREW /pot HTTP/1.1\r\n\r\n", "NOT_HTTP" },
	{ "method-no-space", "GETX / HTTP/1.1\r\n\r\n", "NOT_HTTP" },
	{ "tls", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", "NOT_HTTP" },
	{ "http2-preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "NOT_HTTP" },
	{ "empty", "", "NOT_HTTP" },
	/* malformed */
	{ "http-2-version", "GET / HTTP/2.0\r\n\r\n", "MALFORMED" },
	{ "http-1-2-version", "GET / HTTP/1.2\r\n\r\n", "MALFORMED" },
	{ "version-junk", "GET / HTTP/1.1x\r\n\r\n", "MALFORMED" },
	{ "empty-target", "GET  HTTP/1.1\r\n\r\n", "MALFORMED" },
	{ "ctl-in-target", "GET /a\x1b[31m HTTP/1.1\r\n\r\n", "MALFORMED" },
	{ "nul-in-target", "GET /a\0b HTTP/1.1\r\n\r\n", "MALFORMED" },
	{ "del-in-target", "GET /a\x7f HTTP/1.1\r\n\r\n", "MALFORMED" },
	{ "http09", "GET /\r\n\r\n", "MALFORMED" },
	{ "no-colon", "GET / HTTP/1.1\r\nNoColon\r\n\r\n", "MALFORMED" },
	{ "space-before-colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", "MALFORMED" },
	{ "empty-name", "GET / HTTP/1.1\r\n: a\r\n\r\n", "MALFORMED" },
	{ "obs-fold", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", "MALFORMED" },
	{ "bare-cr-in-value", "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", "MALFORMED" },
	{ "bare-cr-line-end", "GET / HTTP/1.1\rA: b\r\n\r\n", "MALFORMED" },
	{ "nul-in-value", "GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", "MALFORMED" },
	{ "esc-in-value", "GET / HTTP/1.1\r\nA: \x1b]0;x\x07\r\n\r\n", "MALFORMED" },
	{ "method-then-garbage", "POST \x00\x01\x02\x03\xff", "MALFORMED" },
	/* cut short by the end of the segment */
	{ "cut-after-method", "GET ",
	  "OK REQ GET  path= query= host= cl=-1 trunc=1 []" },
	{ "cut-in-target", "GET /abc",
	  "OK REQ GET  path=/abc query= host= cl=-1 trunc=1 []" },
	{ "cut-in-version", "GET /abc HTTP/1.",
	  "OK REQ GET  path=/abc query= host= cl=-1 trunc=1 []" },
	{ "cut-after-version", "GET /abc HTTP/1.1",
	  "OK REQ GET HTTP/1.1 path=/abc query= host= cl=-1 trunc=1 []" },
	{ "cut-after-cr", "GET /abc HTTP/1.1\r",
	  "OK REQ GET HTTP/1.1 path=/abc query= host= cl=-1 trunc=1 []" },
	{ "cut-in-header-block", "GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\nUser-Ag",
	  "OK REQ GET HTTP/1.1 path=/ query= host=h cl=-1 trunc=1 [Accept: */*]" },
	{ "cut-in-value", "GET / HTTP/1.1\r\nA: b\r\nCookie: abc",
	  "OK REQ GET HTTP/1.1 path=/ query= host= cl=-1 trunc=1 [A: b]" },
	{ "cut-before-blank-line", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n",
	  "OK RESP HTTP/1.1 200 reason=OK cl=3 trunc=1 [Content-Length: 3]" },
	{ "cut-in-status", "HTTP/1.1 20",
	  "OK RESP HTTP/1.1 0 reason= cl=-1 trunc=1 []" },
	{ "cut-in-reason", "HTTP/1.1 200 O",
	  "OK RESP HTTP/1.1 200 reason=O cl=-1 trunc=1 []" },
};

static void test_parser_table(void)
{
	static char got[8192];
	unsigned int i;

	for (i = 0; i < sizeof(parser_cases) / sizeof(parser_cases[0]); i++) {
		const struct parser_case *c = &parser_cases[i];
		size_t len = strlen(c->input);
		struct nethttp_msg msg;
		enum nethttp_parse_result res;
		unsigned char *copy;

		/* "nul-in-*" and binary cases carry a NUL: length by hand */
		if (!strcmp(c->name, "nul-in-target"))
			len = sizeof("GET /a\0b HTTP/1.1\r\n\r\n") - 1;
		else if (!strcmp(c->name, "nul-in-value"))
			len = sizeof("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n") - 1;
		else if (!strcmp(c->name, "method-then-garbage"))
			len = sizeof("POST \x00\x01\x02\x03\xff") - 1;
		/* an exact-size heap copy: ASan sees any read past the end */
		copy = malloc(len ? len : 1);
		memcpy(copy, c->input, len);
		res = nethttp_parse(copy, (unsigned int)len, &msg);
		render(got, sizeof(got), res, copy, &msg);
		check_str(c->name, got, c->want);
		free(copy);
	}
}

/* Builds "GET <target> HTTP/1.1\r\n<headers>\r\n" into a heap buffer. */
static unsigned char *build(const char *target_fill, size_t target_len,
			    const char *headers, size_t *len_out)
{
	size_t hlen = strlen(headers), len = 4 + target_len + 11 + hlen + 2;
	unsigned char *buf = malloc(len);
	size_t pos = 0;

	memcpy(buf, "GET ", 4);
	pos = 4;
	buf[pos++] = '/';
	memset(buf + pos, target_fill[0], target_len - 1);
	pos += target_len - 1;
	memcpy(buf + pos, " HTTP/1.1\r\n", 11);
	pos += 11;
	memcpy(buf + pos, headers, hlen);
	pos += hlen;
	memcpy(buf + pos, "\r\n", 2);
	*len_out = len;
	return buf;
}

static void test_target_limit(void)
{
	struct nethttp_msg msg;
	unsigned char *buf;
	size_t len;

	buf = build("a", NETHTTP_TARGET_MAX, "", &len);
	check_int("target-at-limit result", nethttp_parse(buf, len, &msg), NETHTTP_PARSE_OK);
	check_int("target-at-limit len", msg.path.len, NETHTTP_TARGET_MAX);
	check_int("target-at-limit truncated", msg.truncated, 0);
	check_int("target-at-limit version", msg.version, NETHTTP_VERSION_1_1);
	free(buf);

	buf = build("a", NETHTTP_TARGET_MAX + 1, "", &len);
	check_int("target-past-limit result", nethttp_parse(buf, len, &msg), NETHTTP_PARSE_OK);
	check_int("target-past-limit len", msg.path.len, NETHTTP_TARGET_MAX);
	check_int("target-past-limit truncated", msg.truncated, 1);
	check_int("target-past-limit version", msg.version, NETHTTP_VERSION_1_1);
	check_int("target-past-limit cl", msg.content_length, 0);
	free(buf);
}

static void test_header_limits(void)
{
	static char headers[NETHTTP_PAYLOAD_MAX * 2];
	struct nethttp_msg msg;
	unsigned char *buf;
	size_t len, pos;
	unsigned int i;

	/* NETHTTP_HEADERS_MAX headers: all kept */
	pos = 0;
	for (i = 0; i < NETHTTP_HEADERS_MAX; i++)
		pos += sprintf(headers + pos, "H%u: v\r\n", i);
	buf = build("a", 1, headers, &len);
	check_int("headers-at-limit result", nethttp_parse(buf, len, &msg), NETHTTP_PARSE_OK);
	check_int("headers-at-limit count", msg.header_count, NETHTTP_HEADERS_MAX);
	check_int("headers-at-limit truncated", msg.truncated, 0);
	free(buf);

	/* one more, and a Content-Length after it is still seen */
	pos = 0;
	for (i = 0; i < NETHTTP_HEADERS_MAX + 1; i++)
		pos += sprintf(headers + pos, "H%u: v\r\n", i);
	sprintf(headers + pos, "Content-Length: 9\r\n");
	buf = build("a", 1, headers, &len);
	check_int("headers-past-limit result", nethttp_parse(buf, len, &msg), NETHTTP_PARSE_OK);
	check_int("headers-past-limit count", msg.header_count, NETHTTP_HEADERS_MAX);
	check_int("headers-past-limit truncated", msg.truncated, 1);
	check_int("headers-past-limit cl", msg.content_length, 9);
	free(buf);

	/* name exactly at and one past its limit */
	for (i = 0; i < 2; i++) {
		unsigned int name_len = NETHTTP_NAME_MAX + i;

		memset(headers, 'n', name_len);
		sprintf(headers + name_len, ": v\r\n");
		buf = build("a", 1, headers, &len);
		check_int(i ? "name-past-limit result" : "name-at-limit result",
			  nethttp_parse(buf, len, &msg), NETHTTP_PARSE_OK);
		check_int(i ? "name-past-limit len" : "name-at-limit len",
			  msg.headers[0].name.len, NETHTTP_NAME_MAX);
		check_int(i ? "name-past-limit truncated" : "name-at-limit truncated",
			  msg.truncated, i);
		check_int(i ? "name-past-limit value" : "name-at-limit value",
			  msg.headers[0].value.len, 1);
		free(buf);
	}

	/* value exactly at and one past its limit */
	for (i = 0; i < 2; i++) {
		unsigned int value_len = NETHTTP_VALUE_MAX + i;

		memcpy(headers, "V: ", 3);
		memset(headers + 3, 'v', value_len);
		sprintf(headers + 3 + value_len, "\r\n");
		buf = build("a", 1, headers, &len);
		check_int(i ? "value-past-limit result" : "value-at-limit result",
			  nethttp_parse(buf, len, &msg), NETHTTP_PARSE_OK);
		check_int(i ? "value-past-limit len" : "value-at-limit len",
			  msg.headers[0].value.len, NETHTTP_VALUE_MAX);
		check_int(i ? "value-past-limit truncated" : "value-at-limit truncated",
			  msg.truncated, i);
		free(buf);
	}
}

static void test_payload_limit(void)
{
	struct nethttp_msg msg;
	unsigned char *buf;
	size_t len = NETHTTP_PAYLOAD_MAX + 100;

	/* the header block runs past the bytes examined: cut there */
	buf = malloc(len);
	memcpy(buf, "GET / HTTP/1.1\r\nX: ", 19);
	memset(buf + 19, 'x', len - 19);
	check_int("payload-limit result", nethttp_parse(buf, len, &msg), NETHTTP_PARSE_OK);
	check_int("payload-limit truncated", msg.truncated, 1);
	check_int("payload-limit headers", msg.header_count, 0);
	check_int("payload-limit cl", msg.content_length, -1);
	free(buf);
}

static void test_may_start(void)
{
	static const struct {
		const char *p;
		int want;
	} cases[] = {
		{ "GET /", 1 }, { "HEAD /", 1 }, { "POST /", 1 }, { "PUT /", 1 },
		{ "DELETE /", 1 }, { "CONNECT ", 1 }, { "OPTIONS ", 1 },
		{ "TRACE /", 1 }, { "PATCH /", 1 }, { "HTTP/1.1 200", 1 },
		{ "HTTP/1.0 200", 1 }, { "HTTP/1.2 200", 0 }, { "HTTP/2 200", 0 },
		{ "GET", 0 }, { "GETS /", 0 }, { "get /", 0 }, { "Host: a", 0 },
		{ "\x16\x03\x01", 0 }, { "", 0 }, { "HTTP/1.", 0 },
	};
	unsigned int i;
	char name[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i].p);
		unsigned char *copy = malloc(len ? len : 1);

		memcpy(copy, cases[i].p, len);
		snprintf(name, sizeof(name), "may_start(\"%s\")", cases[i].p);
		check_int(name, nethttp_may_start(copy, (unsigned int)len) != 0,
			  cases[i].want);
		free(copy);
	}
}

/* Every prefix of a good message parses without reading past its end. */
static void test_every_prefix(void)
{
	static const char msg_text[] =
		"POST /a?b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
	unsigned int len, bad = 0;

	for (len = 0; len <= sizeof(msg_text) - 1; len++) {
		unsigned char *copy = malloc(len ? len : 1);
		struct nethttp_msg msg;
		enum nethttp_parse_result res;

		memcpy(copy, msg_text, len);
		res = nethttp_parse(copy, len, &msg);
		if (len < 5 && res != NETHTTP_PARSE_NOT_HTTP)
			bad++;
		if (len >= 5 && (res != NETHTTP_PARSE_OK ||
				 msg.truncated != (len < sizeof(msg_text) - 4)))
			bad++;
		free(copy);
	}
	check_int("every-prefix mismatches", bad, 0);
}

void test_parser(void)
{
	test_parser_table();
	test_target_limit();
	test_header_limits();
	test_payload_limit();
	test_may_start();
	test_every_prefix();
}
