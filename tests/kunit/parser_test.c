// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the HTTP/1.x parser (include/nethttp/parser.h).
 * Canonical header names are the formatter's job: here names and values are
 * checked byte for byte as sent.
 */
#include <kunit/test.h>
#include "nethttp/parser.h"
#include "helpers.h"

struct parser_ctx {
	/* alone in an allocation of its size: KASAN sees a write past it */
	struct nethttp_msg *msg;
	const unsigned char *data;
	unsigned int len;
};

/* Parses a copy of @len bytes into the test's message. */
static enum nethttp_parse_result parse_bytes(struct kunit *test, const void *s,
					     unsigned int len)
{
	struct parser_ctx *ctx = test->priv;

	ctx->data = nt_dup(test, s, len);
	ctx->len = len;
	/* garbage first: the parser must set every field it reports */
	memset(ctx->msg, 0xa5, sizeof(*ctx->msg));
	return nethttp_parse(ctx->data, len, ctx->msg);
}

static enum nethttp_parse_result parse(struct kunit *test, const char *s)
{
	return parse_bytes(test, s, strlen(s));
}

static struct nethttp_msg *msg_of(struct kunit *test)
{
	return ((struct parser_ctx *)test->priv)->msg;
}

/* The bytes a span covers, as a string; a span outside the input fails. */
static const char *span_str(struct kunit *test, const struct nethttp_span *span)
{
	struct parser_ctx *ctx = test->priv;

	KUNIT_EXPECT_LE_MSG(test, span->off + span->len, ctx->len,
			    "span %u+%u lies past the input", span->off, span->len);
	if (span->off + span->len > ctx->len)
		return "<span out of range>";
	return nt_str(test, ctx->data + span->off, span->len);
}

/* Macros, not functions, so that a failure reports the caller's line. */
#define EXPECT_SPAN(test, span, str)						\
	do {									\
		struct kunit *expect_span_test = (test);			\
										\
		KUNIT_EXPECT_STREQ(expect_span_test,				\
				   span_str(expect_span_test, &(span)), str);	\
	} while (0)

#define EXPECT_HEADER(test, msg, i, name_str, value_str)				\
	do {										\
		struct kunit *expect_header_test = (test);				\
		const struct nethttp_header *expect_header =				\
			&(msg)->headers[i];						\
											\
		EXPECT_SPAN(expect_header_test, expect_header->name, name_str);		\
		EXPECT_SPAN(expect_header_test, expect_header->value, value_str);	\
	} while (0)

/* The bit of an anomaly, by the end of its enum name. */
#define A(name)	(1U << NETHTTP_ANOMALY_##name)

static int parser_test_init(struct kunit *test)
{
	struct parser_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->msg = kunit_kmalloc(test, sizeof(*ctx->msg), GFP_KERNEL);
	if (!ctx->msg)
		return -ENOMEM;
	test->priv = ctx;
	return 0;
}

static const struct {
	const char *name;
	enum nethttp_method method;
} methods[] = {
	{ "GET", NETHTTP_METHOD_GET },
	{ "HEAD", NETHTTP_METHOD_HEAD },
	{ "POST", NETHTTP_METHOD_POST },
	{ "PUT", NETHTTP_METHOD_PUT },
	{ "DELETE", NETHTTP_METHOD_DELETE },
	{ "CONNECT", NETHTTP_METHOD_CONNECT },
	{ "OPTIONS", NETHTTP_METHOD_OPTIONS },
	{ "TRACE", NETHTTP_METHOD_TRACE },
	{ "PATCH", NETHTTP_METHOD_PATCH },
	/* the rest of IANA's HTTP Method Registry (WebDAV, DeltaV, ...) */
	{ "ACL", NETHTTP_METHOD_ACL },
	{ "BASELINE-CONTROL", NETHTTP_METHOD_BASELINE_CONTROL },
	{ "BIND", NETHTTP_METHOD_BIND },
	{ "CHECKIN", NETHTTP_METHOD_CHECKIN },
	{ "CHECKOUT", NETHTTP_METHOD_CHECKOUT },
	{ "COPY", NETHTTP_METHOD_COPY },
	{ "LABEL", NETHTTP_METHOD_LABEL },
	{ "LINK", NETHTTP_METHOD_LINK },
	{ "LOCK", NETHTTP_METHOD_LOCK },
	{ "MERGE", NETHTTP_METHOD_MERGE },
	{ "MKACTIVITY", NETHTTP_METHOD_MKACTIVITY },
	{ "MKCALENDAR", NETHTTP_METHOD_MKCALENDAR },
	{ "MKCOL", NETHTTP_METHOD_MKCOL },
	{ "MKREDIRECTREF", NETHTTP_METHOD_MKREDIRECTREF },
	{ "MKWORKSPACE", NETHTTP_METHOD_MKWORKSPACE },
	{ "MOVE", NETHTTP_METHOD_MOVE },
	{ "ORDERPATCH", NETHTTP_METHOD_ORDERPATCH },
	{ "PRI", NETHTTP_METHOD_PRI },
	{ "PROPFIND", NETHTTP_METHOD_PROPFIND },
	{ "PROPPATCH", NETHTTP_METHOD_PROPPATCH },
	{ "QUERY", NETHTTP_METHOD_QUERY },
	{ "REBIND", NETHTTP_METHOD_REBIND },
	{ "REPORT", NETHTTP_METHOD_REPORT },
	{ "SEARCH", NETHTTP_METHOD_SEARCH },
	{ "UNBIND", NETHTTP_METHOD_UNBIND },
	{ "UNCHECKOUT", NETHTTP_METHOD_UNCHECKOUT },
	{ "UNLINK", NETHTTP_METHOD_UNLINK },
	{ "UNLOCK", NETHTTP_METHOD_UNLOCK },
	{ "UPDATE", NETHTTP_METHOD_UPDATE },
	{ "UPDATEREDIRECTREF", NETHTTP_METHOD_UPDATEREDIRECTREF },
	{ "VERSION-CONTROL", NETHTTP_METHOD_VERSION_CONTROL },
};

static void parser_every_method(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(methods); i++) {
		const char *req = nt_fmt(test, "%s /m HTTP/1.1\r\nHost: h\r\n\r\n",
					 methods[i].name);

		KUNIT_EXPECT_EQ_MSG(test, parse(test, req), NETHTTP_PARSE_OK,
				    "%s", methods[i].name);
		KUNIT_EXPECT_EQ_MSG(test, msg->kind, NETHTTP_KIND_REQUEST,
				    "%s", methods[i].name);
		KUNIT_EXPECT_EQ_MSG(test, msg->method, methods[i].method,
				    "%s", methods[i].name);
		KUNIT_EXPECT_STREQ(test, nethttp_method_name(msg->method),
				   methods[i].name);
		KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
		EXPECT_SPAN(test, msg->path, "/m");
		KUNIT_EXPECT_EQ(test, msg->truncated, 0);
		KUNIT_EXPECT_EQ(test, msg->content_length, 0);
		KUNIT_EXPECT_EQ_MSG(test, msg->anomalies, 0, "%s", methods[i].name);
		EXPECT_SPAN(test, msg->method_token, methods[i].name);
	}
	/* every registered method is in the table above */
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(methods), NETHTTP_METHOD_EXTENSION - 1);
}

static void parser_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, nethttp_method_name(NETHTTP_METHOD_NONE), "");
	KUNIT_EXPECT_STREQ(test, nethttp_method_name(NETHTTP_METHOD_EXTENSION), "");
	KUNIT_EXPECT_STREQ(test, nethttp_method_name(NETHTTP_METHOD_COUNT), "");
	KUNIT_EXPECT_STREQ(test, nethttp_method_name(255), "");
	KUNIT_EXPECT_STREQ(test, nethttp_method_name(~0U), "");
	KUNIT_EXPECT_STREQ(test, nethttp_version_name(NETHTTP_VERSION_UNKNOWN), "");
	KUNIT_EXPECT_STREQ(test, nethttp_version_name(NETHTTP_VERSION_1_0), "HTTP/1.0");
	KUNIT_EXPECT_STREQ(test, nethttp_version_name(NETHTTP_VERSION_1_1), "HTTP/1.1");
	KUNIT_EXPECT_STREQ(test, nethttp_version_name(NETHTTP_VERSION_OTHER), "");
	KUNIT_EXPECT_STREQ(test, nethttp_version_name(4), "");
	KUNIT_EXPECT_STREQ(test, nethttp_version_name(~0U), "");
}

static void parser_full_request(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);

	KUNIT_ASSERT_EQ(test, parse(test,
				    "GET /index.html?a=1&b=2 HTTP/1.1\r\n"
				    "Host: localhost:8080\r\n"
				    "User-Agent: Wget\r\n"
				    "Accept: */*\r\n"
				    "\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->kind, NETHTTP_KIND_REQUEST);
	KUNIT_EXPECT_EQ(test, msg->method, NETHTTP_METHOD_GET);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	KUNIT_EXPECT_EQ(test, msg->status_code, 0);
	KUNIT_EXPECT_EQ(test, msg->reason.len, 0);
	EXPECT_SPAN(test, msg->path, "/index.html");
	EXPECT_SPAN(test, msg->query, "a=1&b=2");
	EXPECT_SPAN(test, msg->host, "localhost:8080");
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	EXPECT_HEADER(test, msg, 0, "User-Agent", "Wget");
	EXPECT_HEADER(test, msg, 1, "Accept", "*/*");
	KUNIT_EXPECT_EQ(test, msg->content_length, 0);
	/* the message ends at the empty line; what follows is body */
	KUNIT_EXPECT_EQ(test, parse(test, "POST /u HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc"),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_0);
	KUNIT_EXPECT_EQ(test, msg->content_length, 3);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	KUNIT_EXPECT_EQ(test, msg->header_count, 1);
}

static void parser_versions(struct kunit *test)
{
	static const struct {
		const char *input;
		const char *token;
		unsigned int anomalies;
	} odd[] = {
		{ "GET / HTTP/1.2\r\n\r\n", "HTTP/1.2", A(VERSION_NONSTANDARD) },
		{ "GET / HTTP/2.0\r\n\r\n", "HTTP/2.0", A(VERSION_NONSTANDARD) },
		{ "GET / http/1.1\r\n\r\n", "http/1.1", A(VERSION_NONSTANDARD) },
		{ "GET / HTTP/1.10\r\n\r\n", "HTTP/1.10", A(VERSION_NONSTANDARD) },
		{ "GET / HTTP/1.1x\r\n\r\n", "HTTP/1.1x", A(VERSION_NONSTANDARD) },
		{ "GET / HTTP/\r\n\r\n", "HTTP/", A(VERSION_NONSTANDARD) },
		{ "HTTP/1.2 200 OK\r\n\r\n", "HTTP/1.2", A(VERSION_NONSTANDARD) },
		{ "HTTP/1.10 200 OK\r\n\r\n", "HTTP/1.10", A(VERSION_NONSTANDARD) },
		{ "HTTP/2.0 200 ok\r\n\r\n", "HTTP/2.0", A(VERSION_NONSTANDARD) },
		{ "hTtP/1.1 200 ok\r\n\r\n", "hTtP/1.1", A(VERSION_NONSTANDARD) },
		{ "HTTP/2 200\r\n\r\n", "HTTP/2",
		  A(VERSION_NONSTANDARD) | A(STATUS_LINE_NO_REASON) },
	};
	struct nethttp_msg *msg = msg_of(test);
	unsigned int i;

	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.0\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_0);
	EXPECT_SPAN(test, msg->version_token, "HTTP/1.0");
	KUNIT_EXPECT_EQ(test, msg->anomalies, 0);
	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n"),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
	KUNIT_EXPECT_EQ(test, msg->anomalies, 0);
	KUNIT_EXPECT_EQ(test, parse(test, "HTTP/1.0 200 OK\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_0);
	KUNIT_EXPECT_EQ(test, parse(test, "HTTP/1.1 200 OK\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
	KUNIT_EXPECT_EQ(test, msg->anomalies, 0);

	/* any other version is reported as sent, and named */
	for (i = 0; i < ARRAY_SIZE(odd); i++) {
		KUNIT_EXPECT_EQ_MSG(test, parse(test, odd[i].input), NETHTTP_PARSE_OK,
				    "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, msg->version, NETHTTP_VERSION_OTHER, "case %u", i);
		EXPECT_SPAN(test, msg->version_token, odd[i].token);
		KUNIT_EXPECT_EQ_MSG(test, msg->anomalies, odd[i].anomalies, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, msg->truncated, 0, "case %u", i);
	}
	/* a blank after the version is spacing, not part of it */
	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.1 \r\nHost: h\r\n\r\n"),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
	KUNIT_EXPECT_EQ(test, msg->anomalies, A(FIRST_LINE_SPACING));
}

static void parser_target_split(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);

	KUNIT_EXPECT_EQ(test, parse(test, "GET /p HTTP/1.1\r\n\r\n"), NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->path, "/p");
	EXPECT_SPAN(test, msg->query, "");
	KUNIT_EXPECT_EQ(test, parse(test, "GET /p? HTTP/1.1\r\n\r\n"), NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->path, "/p");
	EXPECT_SPAN(test, msg->query, "");
	KUNIT_EXPECT_EQ(test, parse(test, "GET /p?a?b=%20 HTTP/1.1\r\n\r\n"), NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->path, "/p");
	EXPECT_SPAN(test, msg->query, "a?b=%20");
	KUNIT_EXPECT_EQ(test, parse(test, "GET ?x HTTP/1.1\r\n\r\n"), NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->path, "");
	EXPECT_SPAN(test, msg->query, "x");
	KUNIT_EXPECT_EQ(test, parse(test, "OPTIONS * HTTP/1.1\r\n\r\n"), NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->path, "*");
	KUNIT_EXPECT_EQ(test, parse(test, "CONNECT example.com:443 HTTP/1.1\r\n\r\n"),
			NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->path, "example.com:443");
	KUNIT_EXPECT_EQ(test, parse(test, "GET http://h/x?y HTTP/1.1\r\n\r\n"),
			NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->path, "http://h/x");
	EXPECT_SPAN(test, msg->query, "y");
	/* host only from the Host header */
	EXPECT_SPAN(test, msg->host, "");
}

static void parser_status_lines(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);

	KUNIT_ASSERT_EQ(test, parse(test, "HTTP/1.1 200 OK\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->kind, NETHTTP_KIND_RESPONSE);
	KUNIT_EXPECT_EQ(test, msg->method, NETHTTP_METHOD_NONE);
	KUNIT_EXPECT_EQ(test, msg->status_code, 200);
	EXPECT_SPAN(test, msg->reason, "OK");
	KUNIT_EXPECT_EQ(test, msg->header_count, 0);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	/* no length, not 1xx/204/304: the body runs to the close */
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);
	KUNIT_EXPECT_EQ(test, msg->path.len, 0);
	KUNIT_EXPECT_EQ(test, msg->host.len, 0);

	KUNIT_ASSERT_EQ(test, parse(test,
				    "HTTP/1.0 404 Not Found\r\n"
				    "Content-Type: text/plain\r\n"
				    "Content-Length: 12\r\n"
				    "\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_0);
	KUNIT_EXPECT_EQ(test, msg->status_code, 404);
	EXPECT_SPAN(test, msg->reason, "Not Found");
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	EXPECT_HEADER(test, msg, 0, "Content-Type", "text/plain");
	EXPECT_HEADER(test, msg, 1, "Content-Length", "12");
	KUNIT_EXPECT_EQ(test, msg->content_length, 12);

	/* no reason phrase, with and without the space before it */
	KUNIT_EXPECT_EQ(test, parse(test, "HTTP/1.1 204\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->status_code, 204);
	KUNIT_EXPECT_EQ(test, msg->reason.len, 0);
	KUNIT_EXPECT_EQ(test, msg->content_length, 0);
	KUNIT_EXPECT_EQ(test, parse(test, "HTTP/1.1 500 \r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->status_code, 500);
	KUNIT_EXPECT_EQ(test, msg->reason.len, 0);
	/* a reason keeps its inner spaces, tabs and obs-text */
	KUNIT_EXPECT_EQ(test, parse(test, "HTTP/1.1 299 A b\tc\xe9\r\n\r\n"), NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->reason, "A b\tc\xe9");

	/* the bounds of the status code */
	KUNIT_EXPECT_EQ(test, parse(test, "HTTP/1.1 100 Continue\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->status_code, 100);
	KUNIT_EXPECT_EQ(test, parse(test, "HTTP/1.1 599 Custom\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->status_code, 599);
}

static void parser_response_body_length(struct kunit *test)
{
	static const struct {
		const char *msg;
		long long content_length;
	} cases[] = {
		{ "HTTP/1.1 100 Continue\r\n\r\n", 0 },
		{ "HTTP/1.1 101 Switching Protocols\r\n\r\n", 0 },
		{ "HTTP/1.1 199 X\r\n\r\n", 0 },
		{ "HTTP/1.1 200 OK\r\n\r\n", -1 },
		{ "HTTP/1.1 204 No Content\r\n\r\n", 0 },
		{ "HTTP/1.1 205 Reset Content\r\n\r\n", -1 },
		{ "HTTP/1.1 304 Not Modified\r\n\r\n", 0 },
		{ "HTTP/1.1 404 Not Found\r\n\r\n", -1 },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0 },
		{ "HTTP/1.1 304 Not Modified\r\nContent-Length: 77\r\n\r\n", 77 },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", -1 },
		{ "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n", -1 },
		/* Transfer-Encoding overrides Content-Length (RFC 9112 6.3) */
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
		  -1 },
		{ "GET / HTTP/1.1\r\n\r\n", 0 },
		{ "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n", 10 },
		{ "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", -1 },
		{ "POST / HTTP/1.1\r\ntransfer-encoding: gzip, chunked\r\n\r\n", -1 },
	};
	struct nethttp_msg *msg = msg_of(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_EXPECT_EQ_MSG(test, parse(test, cases[i].msg), NETHTTP_PARSE_OK,
				    "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, msg->content_length, cases[i].content_length,
				    "case %u", i);
	}
}

static void parser_header_forms(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);

	KUNIT_ASSERT_EQ(test, parse(test,
				    "GET / HTTP/1.1\r\n"
				    "A: x\r\n"
				    "B:y\r\n"
				    "C:   z  \r\n"
				    "D:\t\tw\t \r\n"
				    "E:\r\n"
				    "F:  \t \r\n"
				    "G: a b\tc\r\n"
				    "content-type: text/html\r\n"
				    "X-Odd~Name!#$%&'*+.^_`|: \xc3\xa9\xff\r\n"
				    "\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	KUNIT_ASSERT_EQ(test, msg->header_count, 9);
	EXPECT_HEADER(test, msg, 0, "A", "x");
	EXPECT_HEADER(test, msg, 1, "B", "y");
	EXPECT_HEADER(test, msg, 2, "C", "z");
	EXPECT_HEADER(test, msg, 3, "D", "w");
	EXPECT_HEADER(test, msg, 4, "E", "");
	EXPECT_HEADER(test, msg, 5, "F", "");
	EXPECT_HEADER(test, msg, 6, "G", "a b\tc");
	EXPECT_HEADER(test, msg, 7, "content-type", "text/html");
	EXPECT_HEADER(test, msg, 8, "X-Odd~Name!#$%&'*+.^_`|", "\xc3\xa9\xff");
}

static void parser_repeated_headers(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);

	KUNIT_ASSERT_EQ(test, parse(test,
				    "GET / HTTP/1.1\r\n"
				    "Accept: a\r\n"
				    "X: 1\r\n"
				    "accept: b\r\n"
				    "Accept: c\r\n"
				    "X: 2\r\n"
				    "\r\n"), NETHTTP_PARSE_OK);
	KUNIT_ASSERT_EQ(test, msg->header_count, 5);
	EXPECT_HEADER(test, msg, 0, "Accept", "a");
	EXPECT_HEADER(test, msg, 1, "X", "1");
	EXPECT_HEADER(test, msg, 2, "accept", "b");
	EXPECT_HEADER(test, msg, 3, "Accept", "c");
	EXPECT_HEADER(test, msg, 4, "X", "2");
}

static void parser_host(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);

	KUNIT_ASSERT_EQ(test, parse(test,
				    "GET / HTTP/1.1\r\nA: 1\r\n"
				    "hOsT: \t example.com:8080 \t\r\nB: 2\r\n\r\n"),
			NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->host, "example.com:8080");
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	EXPECT_HEADER(test, msg, 0, "A", "1");
	EXPECT_HEADER(test, msg, 1, "B", "2");

	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.1\r\nA: 1\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->host.len, 0);
	KUNIT_EXPECT_EQ(test, msg->header_count, 1);

	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.1\r\nHost:\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->host.len, 0);
	KUNIT_EXPECT_EQ(test, msg->header_count, 0);

	/* the first Host is the host; the others are shown as headers, and named */
	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
			NETHTTP_PARSE_OK);
	EXPECT_SPAN(test, msg->host, "a");
	KUNIT_ASSERT_EQ(test, msg->header_count, 1);
	EXPECT_HEADER(test, msg, 0, "Host", "b");
	KUNIT_EXPECT_EQ(test, msg->anomalies, A(DUPLICATE_HOST));

	/* an HTTP/1.1 request needs one; HTTP/1.0, a response or a cut head do not */
	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.1\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->anomalies, A(MISSING_HOST));
	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.0\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->anomalies, 0);
	KUNIT_EXPECT_EQ(test, parse(test, "HTTP/1.1 200 OK\r\n\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->anomalies, 0);
	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.1\r\nA: b\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->anomalies, 0);
	/* a name that only starts like Host is an ordinary header */
	KUNIT_EXPECT_EQ(test, parse(test, "GET / HTTP/1.1\r\nHosts: a\r\nX-Host: b\r\n\r\n"),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->host.len, 0);
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	EXPECT_HEADER(test, msg, 0, "Hosts", "a");
	EXPECT_HEADER(test, msg, 1, "X-Host", "b");
}

static void parser_content_length(struct kunit *test)
{
	static const struct {
		const char *headers;
		long long content_length;
		unsigned int anomalies;
	} cases[] = {
		{ "Content-Length: 0\r\n", 0, 0 },
		{ "Content-Length: 0042\r\n", 42, 0 },
		{ "content-length:7\r\n", 7, 0 },
		{ "CONTENT-LENGTH: \t 8 \t\r\n", 8, 0 },
		{ "Content-Length: 9223372036854775807\r\n", 9223372036854775807LL, 0 },
		{ "Content-Length: 00009223372036854775807\r\n", 9223372036854775807LL, 0 },
		{ "Content-Length: 5\r\nContent-Length: 5\r\n", 5, A(DUPLICATE_CONTENT_LENGTH) },
		{ "Content-Length: 5\r\nX: y\r\ncontent-length: 005\r\n", 5,
		  A(DUPLICATE_CONTENT_LENGTH) },
		{ "Content-Length: 5,5\r\n", 5, A(DUPLICATE_CONTENT_LENGTH) },
		{ "Content-Length: 5 , 05\r\n", 5, A(DUPLICATE_CONTENT_LENGTH) },
		{ "Content-Length: 9223372036854775808\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: 18446744073709551616\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: 99999999999999999999999\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: 5\r\nContent-Length: 6\r\n", -1,
		  A(CONFLICTING_CONTENT_LENGTH) },
		{ "Content-Length: 5, 6\r\n", -1, A(CONFLICTING_CONTENT_LENGTH) },
		{ "Content-Length: 0\r\nContent-Length: 00\r\nContent-Length: 1\r\n", -1,
		  A(DUPLICATE_CONTENT_LENGTH) | A(CONFLICTING_CONTENT_LENGTH) },
		{ "Content-Length: 5\r\nContent-Length: x\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: +5\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: -5\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: -0\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: 5 5\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: 5\t5\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: 5,,5\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: \r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length:\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: 0x10\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: 1e3\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length: 5a\r\n", -1, A(BAD_CONTENT_LENGTH) },
		{ "Content-Length:\r\n 5\r\n", 5, A(OBS_FOLD) },
		{ "Content-Length : 5\r\n", 5, A(SPACE_BEFORE_COLON) },
		{ "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", -1, A(TE_AND_CL) },
		{ "Transfer-Encoding: chunked\r\nContent-Length: x\r\n", -1,
		  A(TE_AND_CL) | A(BAD_CONTENT_LENGTH) },
		{ "Transfer-Encoding : chunked\r\nContent-Length: 5\r\n", -1,
		  A(TE_AND_CL) | A(SPACE_BEFORE_COLON) },
	};
	struct nethttp_msg *msg = msg_of(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *req = nt_fmt(test, "POST / HTTP/1.1\r\nHost: h\r\n%s\r\n",
					 cases[i].headers);
		const char *resp = nt_fmt(test, "HTTP/1.1 200 OK\r\n%s\r\n", cases[i].headers);

		KUNIT_EXPECT_EQ_MSG(test, parse(test, req), NETHTTP_PARSE_OK,
				    "request case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, msg->content_length, cases[i].content_length,
				    "request case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, msg->anomalies, cases[i].anomalies,
				    "request case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, parse(test, resp), NETHTTP_PARSE_OK,
				    "response case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, msg->content_length, cases[i].content_length,
				    "response case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, msg->anomalies, cases[i].anomalies,
				    "response case %u", i);
	}

	/* the header itself is kept like any other */
	KUNIT_ASSERT_EQ(test, parse(test, "POST / HTTP/1.1\r\nContent-Length: 0042\r\n\r\n"),
			NETHTTP_PARSE_OK);
	KUNIT_ASSERT_EQ(test, msg->header_count, 1);
	EXPECT_HEADER(test, msg, 0, "Content-Length", "0042");
}

/* "GET / HTTP/1.1" and @count headers "Hnn: vnn", then @tail. */
static const char *request_with_headers(struct kunit *test, unsigned int count,
					const char *tail)
{
	const char *s = "GET / HTTP/1.1\r\n";
	unsigned int i;

	for (i = 0; i < count; i++)
		s = nt_fmt(test, "%sH%02u: v%02u\r\n", s, i, i);
	return nt_fmt(test, "%s%s\r\n", s, tail);
}

static void parser_headers_limit(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, parse(test, request_with_headers(test, NETHTTP_HEADERS_MAX, "")),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->header_count, NETHTTP_HEADERS_MAX);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	KUNIT_EXPECT_EQ(test, msg->content_length, 0);
	for (i = 0; i < NETHTTP_HEADERS_MAX; i++)
		EXPECT_HEADER(test, msg, i, nt_fmt(test, "H%02u", i), nt_fmt(test, "v%02u", i));

	/* Host takes no slot */
	KUNIT_ASSERT_EQ(test, parse(test, request_with_headers(test, NETHTTP_HEADERS_MAX,
							       "Host: h\r\n")),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->header_count, NETHTTP_HEADERS_MAX);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	EXPECT_SPAN(test, msg->host, "h");

	KUNIT_ASSERT_EQ(test, parse(test, request_with_headers(test, NETHTTP_HEADERS_MAX + 1, "")),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->header_count, NETHTTP_HEADERS_MAX);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->content_length, 0);
	for (i = 0; i < NETHTTP_HEADERS_MAX; i++)
		EXPECT_HEADER(test, msg, i, nt_fmt(test, "H%02u", i), nt_fmt(test, "v%02u", i));

	/* headers past the limit are still scanned, for length and Host */
	KUNIT_ASSERT_EQ(test, parse(test, request_with_headers(test, NETHTTP_HEADERS_MAX + 3,
							       "Content-Length: 7\r\n"
							       "Host: late\r\n")),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->header_count, NETHTTP_HEADERS_MAX);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->content_length, 7);
	EXPECT_SPAN(test, msg->host, "late");
	KUNIT_EXPECT_EQ(test, msg->anomalies, A(TOO_MANY_HEADERS));
	KUNIT_EXPECT_EQ(test, parse(test, request_with_headers(test, NETHTTP_HEADERS_MAX + 3,
							       "Content-Length: 7\r\n"
							       "Content-Length: 8\r\n")),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);
	KUNIT_EXPECT_EQ(test, msg->anomalies, A(TOO_MANY_HEADERS) | A(MISSING_HOST) |
			A(CONFLICTING_CONTENT_LENGTH));
	KUNIT_EXPECT_EQ(test, parse(test, request_with_headers(test, NETHTTP_HEADERS_MAX + 3,
							       "No colon\r\n")),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->anomalies, A(TOO_MANY_HEADERS) | A(MISSING_HOST) |
			A(HEADER_WITHOUT_COLON));
}

static void parser_target_limit(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);
	const char *target;

	target = nt_fmt(test, "/%s", nt_repeat(test, 'a', NETHTTP_TARGET_MAX - 1));
	KUNIT_ASSERT_EQ(test, parse(test, nt_fmt(test, "GET %s HTTP/1.1\r\nA: b\r\n\r\n", target)),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->path.len, NETHTTP_TARGET_MAX);
	EXPECT_SPAN(test, msg->path, target);
	KUNIT_EXPECT_EQ(test, msg->query.len, 0);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
	KUNIT_EXPECT_EQ(test, msg->header_count, 1);

	target = nt_fmt(test, "/%s", nt_repeat(test, 'a', NETHTTP_TARGET_MAX));
	KUNIT_ASSERT_EQ(test, parse(test, nt_fmt(test, "GET %s HTTP/1.1\r\nA: b\r\n\r\n", target)),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->path.off, 4);
	KUNIT_EXPECT_EQ(test, msg->path.len, NETHTTP_TARGET_MAX);
	EXPECT_SPAN(test, msg->path, nt_str(test, target, NETHTTP_TARGET_MAX));
	KUNIT_EXPECT_EQ(test, msg->query.len, 0);
	/* the rest of the message is still parsed */
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
	KUNIT_ASSERT_EQ(test, msg->header_count, 1);
	EXPECT_HEADER(test, msg, 0, "A", "b");
	KUNIT_EXPECT_EQ(test, msg->content_length, 0);

	/* the query is split off within the kept part of the target */
	target = nt_fmt(test, "/%s?%s", nt_repeat(test, 'p', 999), nt_repeat(test, 'q', 25));
	KUNIT_ASSERT_EQ(test, parse(test, nt_fmt(test, "GET %s HTTP/1.1\r\n\r\n", target)),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	EXPECT_SPAN(test, msg->path, nt_fmt(test, "/%s", nt_repeat(test, 'p', 999)));
	EXPECT_SPAN(test, msg->query, nt_repeat(test, 'q', NETHTTP_TARGET_MAX - 1001));
}

static void parser_name_limit(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);
	const char *name;

	name = nt_repeat(test, 'N', NETHTTP_NAME_MAX);
	KUNIT_ASSERT_EQ(test, parse(test, nt_fmt(test, "GET / HTTP/1.1\r\n%s: v\r\nB: w\r\n\r\n",
						 name)), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	EXPECT_HEADER(test, msg, 0, name, "v");
	EXPECT_HEADER(test, msg, 1, "B", "w");

	name = nt_repeat(test, 'N', NETHTTP_NAME_MAX + 1);
	KUNIT_ASSERT_EQ(test, parse(test, nt_fmt(test, "GET / HTTP/1.1\r\n%s: v\r\nB: w\r\n\r\n",
						 name)), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	KUNIT_EXPECT_EQ(test, msg->headers[0].name.off, 16);
	EXPECT_HEADER(test, msg, 0, nt_repeat(test, 'N', NETHTTP_NAME_MAX), "v");
	EXPECT_HEADER(test, msg, 1, "B", "w");
	KUNIT_EXPECT_EQ(test, msg->content_length, 0);
}

static void parser_value_limit(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);
	const char *value;

	value = nt_repeat(test, 'v', NETHTTP_VALUE_MAX);
	KUNIT_ASSERT_EQ(test, parse(test, nt_fmt(test, "GET / HTTP/1.1\r\nA: %s  \r\nB: w\r\n\r\n",
						 value)), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	EXPECT_HEADER(test, msg, 0, "A", value);
	EXPECT_HEADER(test, msg, 1, "B", "w");

	value = nt_fmt(test, "x%s", nt_repeat(test, 'v', NETHTTP_VALUE_MAX));
	KUNIT_ASSERT_EQ(test, parse(test, nt_fmt(test, "GET / HTTP/1.1\r\nA: %s\r\nB: w\r\n\r\n",
						 value)), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	KUNIT_EXPECT_EQ(test, msg->headers[0].value.off, 19);
	EXPECT_HEADER(test, msg, 0, "A", nt_str(test, value, NETHTTP_VALUE_MAX));
	EXPECT_HEADER(test, msg, 1, "B", "w");

	/* Host is a value like the others */
	value = nt_repeat(test, 'h', NETHTTP_VALUE_MAX);
	KUNIT_ASSERT_EQ(test, parse(test, nt_fmt(test, "GET / HTTP/1.1\r\nHost: %s\r\n\r\n",
						 value)), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	EXPECT_SPAN(test, msg->host, value);
	value = nt_fmt(test, "%sH", value);
	KUNIT_ASSERT_EQ(test, parse(test, nt_fmt(test, "GET / HTTP/1.1\r\nHost: %s\r\n\r\n",
						 value)), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	EXPECT_SPAN(test, msg->host, nt_str(test, value, NETHTTP_VALUE_MAX));
}

/* A complete request of exactly @total bytes (two padding headers). */
static const char *request_of_size(struct kunit *test, unsigned int total)
{
	/* 16 (request line) + 5 + 1000 + 5 + pad + 2 (empty line) */
	unsigned int pad = total - 1028;

	return nt_fmt(test, "GET / HTTP/1.1\r\nX: %s\r\nY: %s\r\n\r\n",
		      nt_repeat(test, 'x', 1000), nt_repeat(test, 'y', pad));
}

static void parser_payload_limit(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);
	const char *req;

	req = request_of_size(test, NETHTTP_PAYLOAD_MAX);
	KUNIT_ASSERT_EQ(test, strlen(req), NETHTTP_PAYLOAD_MAX);
	KUNIT_ASSERT_EQ(test, parse(test, req), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	KUNIT_EXPECT_EQ(test, msg->header_count, 2);
	KUNIT_EXPECT_EQ(test, msg->content_length, 0);

	/* one byte more and the empty line's LF lies past what is examined */
	req = request_of_size(test, NETHTTP_PAYLOAD_MAX + 1);
	KUNIT_ASSERT_EQ(test, parse(test, req), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	EXPECT_HEADER(test, msg, 1, "Y", nt_repeat(test, 'y', NETHTTP_PAYLOAD_MAX + 1 - 1028));
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);
}

static void parser_not_http(struct kunit *test)
{
	static const struct {
		const char *data;
		unsigned int len;
	} cases[] = {
		{ " GET / HTTP/1.1\r\n\r\n", 19 },
		{ "GET", 3 },
		{ "GET\r\n\r\n", 7 },
		{ "", 0 },
		{ "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11 },
		{ "SSH-2.0-OpenSSH_9.2\r\n", 21 },
		{ "\0GET / HTTP/1.1\r\n\r\n", 19 },
		/* a token that is no registered method needs a proper version */
		{ "BREW /pot\r\n\r\n", 13 },
		{ "BREW /pot http/1.1\r\n\r\n", 22 },
		{ "BREW /pot HTTP/1.1", 18 },
		{ "BREW \r\n\r\n", 9 },
		/* no method is one byte long: the first-bytes test wants two */
		{ "X / HTTP/1.1\r\n\r\n", 16 },
		{ "EHLO mail.example.com\r\n", 23 },
		{ "220 mail.example.com ESMTP\r\n", 28 },
		/* HTTP/2's connection preface */
		{ "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, parse_bytes(test, cases[i].data, cases[i].len),
				    NETHTTP_PARSE_NOT_HTTP, "case %u", i);
}

/* What endpoints still take as a message is parsed, and what is odd named. */
static void parser_odd_messages(struct kunit *test)
{
	static const struct {
		const char *input;
		unsigned int len;	/* 0: strlen(input) */
		unsigned int anomalies;
	} cases[] = {
		/* header lines */
		{ "GET / HTTP/1.1\r\nNoColon\r\n\r\n", 0, A(HEADER_WITHOUT_COLON) },
		{ "GET / HTTP/1.1\r\nNo colon: at all\r\n\r\n", 0, A(BAD_HEADER_NAME) },
		{ "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 0, A(SPACE_BEFORE_COLON) },
		{ "GET / HTTP/1.1\r\nX-A\t: b\r\n\r\n", 0, A(SPACE_BEFORE_COLON) },
		{ "GET / HTTP/1.1\r\n: empty name\r\n\r\n", 0, A(BAD_HEADER_NAME) },
		{ "GET / HTTP/1.1\r\nA: x\r\n folded\r\n\r\n", 0, A(OBS_FOLD) },
		{ "GET / HTTP/1.1\r\nA: x\r\n\tfolded\r\n\r\n", 0, A(OBS_FOLD) },
		{ "GET / HTTP/1.1\r\nA(b): x\r\n\r\n", 0, A(BAD_HEADER_NAME) },
		{ "GET / HTTP/1.1\r\nA: x\x01y\r\n\r\n", 0, A(CONTROL_BYTES) },
		{ "GET / HTTP/1.1\r\nA: x\x7fy\r\n\r\n", 0, A(CONTROL_BYTES) },
		{ "GET / HTTP/1.1\r\nA: x\0y\r\n\r\n", 26, A(CONTROL_BYTES) },
		/* bare CR: part of the line it is in */
		{ "GET / HTTP/1.1\r\nA: x\ry\r\n\r\n", 0, A(CONTROL_BYTES) },
		{ "GET / HTTP/1.1\rA: x\r\n\r\n", 0,
		  A(FIRST_LINE_SPACING) | A(CONTROL_BYTES) | A(HTTP09_REQUEST) },
		{ "GET / HTTP/1.1\r\r\n\r\n", 0,
		  A(VERSION_NONSTANDARD) | A(CONTROL_BYTES) },
		{ "HTTP/1.1 200 O\rK\r\n\r\n", 0, A(CONTROL_BYTES) },
		/* request line */
		{ "GET /a\x01z HTTP/1.1\r\n\r\n", 0, A(CONTROL_BYTES) },
		{ "GET /a\x7fz HTTP/1.1\r\n\r\n", 0, A(CONTROL_BYTES) },
		{ "GET /a\0b HTTP/1.1\r\n\r\n", 21, A(CONTROL_BYTES) },
		{ "GET /a\tz HTTP/1.1\r\n\r\n", 0, A(FIRST_LINE_SPACING) },
		{ "GET /a\rz HTTP/1.1\r\n\r\n", 0, A(CONTROL_BYTES) },
		{ "GET /a\nz HTTP/1.1\r\n\r\n", 0,
		  A(BARE_LF) | A(HTTP09_REQUEST) | A(HEADER_WITHOUT_COLON) },
		{ "GET  HTTP/1.1\r\n\r\n", 0, A(FIRST_LINE_SPACING) | A(HTTP09_REQUEST) },
		{ "GET /  HTTP/1.1\r\n\r\n", 0, A(FIRST_LINE_SPACING) },
		{ "GET\t/ HTTP/1.1\r\n\r\n", 0, A(FIRST_LINE_SPACING) },
		{ "GET / HTTP/1.1x\r\n\r\n", 0, A(VERSION_NONSTANDARD) },
		{ "GET /\r\n\r\n", 0, A(HTTP09_REQUEST) },
		{ "get / HTTP/1.1\r\n\r\n", 0, A(EXTENSION_METHOD) },
		{ "FOO / HTTP/1.1\r\n\r\n", 0, A(EXTENSION_METHOD) },
		/* status line */
		{ "HTTP/1.1  200 OK\r\n\r\n", 0, A(FIRST_LINE_SPACING) },
		{ "HTTP/1.1 200\tOK\r\n\r\n", 0, A(FIRST_LINE_SPACING) },
		{ "HTTP/1.1 200 \x01\r\n\r\n", 0, A(CONTROL_BYTES) },
		{ "HTTP/1.1 204\r\n\r\n", 0, A(STATUS_LINE_NO_REASON) },
		{ "HTTP/1.1 200 OK\nA: b\n\n", 0, A(BARE_LF) },
	};
	struct nethttp_msg *msg = msg_of(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int len = strlen(cases[i].input);

		if (cases[i].len)
			len = cases[i].len;	/* a NUL inside */

		KUNIT_EXPECT_EQ_MSG(test, parse_bytes(test, cases[i].input, len),
				    NETHTTP_PARSE_OK, "case %u", i);
		/* the requests have no Host: that is another test's business */
		KUNIT_EXPECT_EQ_MSG(test, msg->anomalies & ~A(MISSING_HOST),
				    cases[i].anomalies, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, msg->truncated, 0, "case %u", i);
	}
}

/* Only a first line nothing can be made of is refused. */
static void parser_malformed(struct kunit *test)
{
	static const char *const cases[] = {
		"GET \r\n\r\n",
		"GET\t \r\n\r\n",
		"HTTP/1.1 099 Low\r\n\r\n",
		"HTTP/1.1 600 High\r\n\r\n",
		"HTTP/1.1 000 Zero\r\n\r\n",
		"HTTP/1.1 20\r\n\r\n",
		"HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 1000 OK\r\n\r\n",
		"HTTP/1.1 2x0 OK\r\n\r\n",
		"HTTP/1.1 200OK\r\n\r\n",
		"HTTP/1.1 -20 OK\r\n\r\n",
		"HTTP/1.1\r\n\r\n",
		"HTTP/1.1 \r\n\r\n",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, parse(test, cases[i]), NETHTTP_PARSE_MALFORMED,
				    "case %u", i);
}

static void parser_truncated_first_line(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);

	KUNIT_ASSERT_EQ(test, parse(test, "GET /pa"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->kind, NETHTTP_KIND_REQUEST);
	KUNIT_EXPECT_EQ(test, msg->method, NETHTTP_METHOD_GET);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_UNKNOWN);
	EXPECT_SPAN(test, msg->path, "/pa");
	KUNIT_EXPECT_EQ(test, msg->header_count, 0);
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);

	KUNIT_ASSERT_EQ(test, parse(test, "GET /pa?q=1 HTTP/1."), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_UNKNOWN);
	EXPECT_SPAN(test, msg->path, "/pa");
	EXPECT_SPAN(test, msg->query, "q=1");

	KUNIT_ASSERT_EQ(test, parse(test, "GET /pa HTTP/1.1"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);

	KUNIT_ASSERT_EQ(test, parse(test, "GET /pa HTTP/1.0\r"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_0);
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);

	KUNIT_ASSERT_EQ(test, parse(test, "HTTP/1.1 2"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->kind, NETHTTP_KIND_RESPONSE);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
	KUNIT_EXPECT_EQ(test, msg->status_code, 0);
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);

	KUNIT_ASSERT_EQ(test, parse(test, "HTTP/1.0 200 O"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->status_code, 200);
	EXPECT_SPAN(test, msg->reason, "O");
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);
}

static void parser_truncated_headers(struct kunit *test)
{
	struct nethttp_msg *msg = msg_of(test);

	/* cut inside a name: the headers before it are complete */
	KUNIT_ASSERT_EQ(test, parse(test,
				    "GET /path HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n"
				    "User-Ag"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
	EXPECT_SPAN(test, msg->path, "/path");
	EXPECT_SPAN(test, msg->host, "h");
	KUNIT_ASSERT_EQ(test, msg->header_count, 1);
	EXPECT_HEADER(test, msg, 0, "Accept", "*/*");
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);

	/* cut inside a value: that header is not complete, so not kept */
	KUNIT_ASSERT_EQ(test, parse(test, "GET / HTTP/1.1\r\nA: 1\r\nB: tw"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_ASSERT_EQ(test, msg->header_count, 1);
	EXPECT_HEADER(test, msg, 0, "A", "1");

	/* cut between CR and LF */
	KUNIT_ASSERT_EQ(test, parse(test, "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->header_count, 1);

	/* every header line complete, the empty line missing */
	KUNIT_ASSERT_EQ(test, parse(test, "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_ASSERT_EQ(test, msg->header_count, 2);
	EXPECT_HEADER(test, msg, 1, "B", "2");
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);

	KUNIT_ASSERT_EQ(test, parse(test, "GET / HTTP/1.1\r\nA: 1\r\n\r"), NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->header_count, 1);

	/* a length seen before the cut is kept */
	KUNIT_ASSERT_EQ(test, parse(test, "POST / HTTP/1.1\r\nContent-Length: 5\r\nX-"),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->content_length, 5);

	KUNIT_ASSERT_EQ(test, parse(test, "HTTP/1.1 204 No Content\r\nA: 1\r\n"),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_EXPECT_EQ(test, msg->status_code, 204);
	KUNIT_EXPECT_EQ(test, msg->header_count, 1);
	KUNIT_EXPECT_EQ(test, msg->content_length, -1);

	/* an odd header before the cut is kept and named */
	KUNIT_ASSERT_EQ(test, parse(test, "GET / HTTP/1.1\r\nA b: 1\r\nB: 2"),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_ASSERT_EQ(test, msg->header_count, 1);
	EXPECT_HEADER(test, msg, 0, "A b", "1");
	KUNIT_EXPECT_EQ(test, msg->anomalies, A(BAD_HEADER_NAME));

	/* a fold cut short leaves its header out, like any cut line */
	KUNIT_ASSERT_EQ(test, parse(test, "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n more"),
			NETHTTP_PARSE_OK);
	KUNIT_EXPECT_EQ(test, msg->truncated, 1);
	KUNIT_ASSERT_EQ(test, msg->header_count, 1);
	EXPECT_HEADER(test, msg, 0, "A", "1");
}

static void parser_may_start(struct kunit *test)
{
	static const struct {
		const char *data;
		unsigned int len;
		bool may;
	} cases[] = {
		{ "GET / HTTP/1.1", 14, true },
		{ "GET /", 5, true },
		{ "HEAD /", 6, true },
		{ "POST /", 6, true },
		{ "PUT /", 5, true },
		{ "DELETE /", 8, true },
		{ "CONNECT h", 9, true },
		{ "OPTIONS *", 9, true },
		{ "TRACE /", 7, true },
		{ "PATCH /", 7, true },
		{ "HTTP/1.0", 8, true },
		{ "HTTP/1.1 200 OK", 15, true },
		/* may: the parser decides, and names what is odd */
		{ "HTTP/1.2 200 OK", 15, true },
		{ "HTTP/2 200", 10, true },
		{ "hTTp/1.1 200", 12, true },
		{ "get /", 5, true },
		{ "GETS /", 6, true },
		{ "PROPFIND /", 10, true },
		{ "PROPPATC", 8, true },
		{ "VERSION-", 8, true },
		/* a long first word must look like a method to be one */
		{ "SSH-2.0-", 8, false },
		{ "xxxxxxxx", 8, false },
		{ "HTTP/x", 6, false },
		{ "GET", 3, false },
		{ "GET\r\n", 5, false },
		{ " GET /", 6, false },
		{ "", 0, false },
		{ "\x16\x03\x01\x02\x00\x01\x00\x01", 8, false },
		{ "{\"k\":1}", 7, false },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const unsigned char *p = nt_dup(test, cases[i].data, cases[i].len);

		KUNIT_EXPECT_EQ_MSG(test, !!nethttp_may_start(p, cases[i].len), cases[i].may,
				    "case %u", i);
	}
}

static struct kunit_case parser_cases[] = {
	KUNIT_CASE(parser_every_method),
	KUNIT_CASE(parser_names),
	KUNIT_CASE(parser_full_request),
	KUNIT_CASE(parser_versions),
	KUNIT_CASE(parser_target_split),
	KUNIT_CASE(parser_status_lines),
	KUNIT_CASE(parser_response_body_length),
	KUNIT_CASE(parser_header_forms),
	KUNIT_CASE(parser_repeated_headers),
	KUNIT_CASE(parser_host),
	KUNIT_CASE(parser_content_length),
	KUNIT_CASE(parser_headers_limit),
	KUNIT_CASE(parser_target_limit),
	KUNIT_CASE(parser_name_limit),
	KUNIT_CASE(parser_value_limit),
	KUNIT_CASE(parser_payload_limit),
	KUNIT_CASE(parser_not_http),
	KUNIT_CASE(parser_odd_messages),
	KUNIT_CASE(parser_malformed),
	KUNIT_CASE(parser_truncated_first_line),
	KUNIT_CASE(parser_truncated_headers),
	KUNIT_CASE(parser_may_start),
	{}
};

static struct kunit_suite parser_suite = {
	.name = "nethttp_parser",
	.init = parser_test_init,
	.test_cases = parser_cases,
};

kunit_test_suite(parser_suite);
