// SPDX-License-Identifier: GPL-2.0
/*
 * Table-driven parser tests. Each parsed message is rendered into one
 * string holding every field, and that string is compared exactly.
 */
#include <stdlib.h>
#include "check.h"
#include "nethttp/names.h"
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

/* A NUL shows as the two characters \0, so the rest is still compared. */
static void append_span(char *out, size_t size, const unsigned char *data,
			const struct nethttp_span *span)
{
	unsigned int i;

	for (i = 0; i < span->len; i++) {
		if (data[span->off + i])
			append(out, size, (const char *)data + span->off + i, 1);
		else
			append(out, size, "\\0", 2);
	}
}

/* " an=[bare_lf,obs_fold]": the anomalies in enum order, "[]" for none */
static void append_anomalies(char *out, size_t size, unsigned int anomalies)
{
	unsigned int a, first = 1;

	append(out, size, " an=[", 5);
	for (a = 0; a < NETHTTP_ANOMALY_COUNT; a++) {
		const char *name = nethttp_anomaly_name(a);

		if (!(anomalies & (1U << a)))
			continue;
		if (!first)
			append(out, size, ",", 1);
		first = 0;
		append(out, size, name, strlen(name));
	}
	append(out, size, "]", 1);
	if (anomalies >> NETHTTP_ANOMALY_COUNT)
		append(out, size, "+unknown", 8);
}

/*
 * "OK REQ GET HTTP/1.1 path=/ query= host=h cl=0 trunc=0 [A: b|C: d] an=[]":
 * method and version as sent.
 */
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
		append(out, size, " REQ ", 5);
		append_span(out, size, data, &msg->method_token);
		append(out, size, " ", 1);
		append_span(out, size, data, &msg->version_token);
		append(out, size, " path=", 6);
		append_span(out, size, data, &msg->path);
		append(out, size, " query=", 7);
		append_span(out, size, data, &msg->query);
		append(out, size, " host=", 6);
		append_span(out, size, data, &msg->host);
	} else {
		append(out, size, " RESP ", 6);
		append_span(out, size, data, &msg->version_token);
		snprintf(num, sizeof(num), " %u reason=", msg->status_code);
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
	append_anomalies(out, size, msg->anomalies);
}

/* Decodes C escapes in place; returns the decoded length. */
static size_t unescape(char *s)
{
	size_t in = 0, out = 0;

	while (s[in]) {
		char c = s[in++];

		if (c != '\\' || !s[in]) {
			s[out++] = c;
			continue;
		}
		c = s[in++];
		switch (c) {
		case 'r':
			s[out++] = '\r';
			break;
		case 'n':
			s[out++] = '\n';
			break;
		case 't':
			s[out++] = '\t';
			break;
		case '0':
			s[out++] = '\0';
			break;
		case 'x': {
			char hex[3] = { s[in], s[in] ? s[in + 1] : 0, 0 };

			s[out++] = (char)strtoul(hex, NULL, 16);
			in += 2;
			break;
		}
		default:
			s[out++] = c;
		}
	}
	s[out] = '\0';
	return out;
}

/* Runs every "name|input|expected" line of parser-cases.txt. */
static void test_parser_table(void)
{
	static char text[8192], got[8192];
	unsigned int cases = 0;
	FILE *f = fopen("parser-cases.txt", "r");

	if (!f) {
		check_int("parser-cases.txt opens", 0, 1);
		return;
	}
	while (fgets(text, sizeof(text), f)) {
		char *name = text, *input, *want, *nl;
		enum nethttp_parse_result res;
		struct nethttp_msg msg;
		unsigned char *copy;
		size_t len;

		nl = strchr(text, '\n');
		if (nl)
			*nl = '\0';
		if (text[0] == '#' || !text[0])
			continue;
		input = strchr(name, '|');
		want = input ? strchr(input + 1, '|') : NULL;
		if (!want) {
			check_str("well-formed case line", text, "name|input|expected");
			continue;
		}
		*input++ = '\0';
		*want++ = '\0';
		len = unescape(input);
		unescape(want);
		/* an exact-size heap copy: ASan sees any read past the end */
		copy = malloc(len ? len : 1);
		memcpy(copy, input, len);
		res = nethttp_parse(copy, (unsigned int)len, &msg);
		render(got, sizeof(got), res, copy, &msg);
		check_str(name, got, want);
		free(copy);
		cases++;
	}
	fclose(f);
	check_int("parser cases run", cases >= 80, 1);
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
	check_int("target-at-limit anomalies", msg.anomalies,
		  1U << NETHTTP_ANOMALY_MISSING_HOST);
	free(buf);

	buf = build("a", NETHTTP_TARGET_MAX + 1, "", &len);
	check_int("target-past-limit result", nethttp_parse(buf, len, &msg), NETHTTP_PARSE_OK);
	check_int("target-past-limit len", msg.path.len, NETHTTP_TARGET_MAX);
	check_int("target-past-limit truncated", msg.truncated, 1);
	check_int("target-past-limit version", msg.version, NETHTTP_VERSION_1_1);
	check_int("target-past-limit cl", msg.content_length, 0);
	check_int("target-past-limit anomalies", msg.anomalies,
		  1U << NETHTTP_ANOMALY_MISSING_HOST | 1U << NETHTTP_ANOMALY_LINE_TOO_LONG);
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
	check_int("headers-at-limit anomalies", msg.anomalies,
		  1U << NETHTTP_ANOMALY_MISSING_HOST);
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
	check_int("headers-past-limit anomalies", msg.anomalies,
		  1U << NETHTTP_ANOMALY_MISSING_HOST | 1U << NETHTTP_ANOMALY_TOO_MANY_HEADERS);
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
		check_int(i ? "name-past-limit anomalies" : "name-at-limit anomalies",
			  msg.anomalies >> NETHTTP_ANOMALY_LINE_TOO_LONG & 1, i);
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
		check_int(i ? "value-past-limit anomalies" : "value-at-limit anomalies",
			  msg.anomalies >> NETHTTP_ANOMALY_LINE_TOO_LONG & 1, i);
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
	/* a line the data stops in is cut, not long: nothing is known of it */
	check_int("payload-limit anomalies", msg.anomalies, 0);
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
		{ "HTTP/1.0 200", 1 }, { "HTTP/1.2 200", 1 }, { "HTTP/2 200", 1 },
		{ "http/1.1 200", 1 }, { "HTTP/x.1 200", 0 }, { "HTTP", 0 },
		{ "GET", 0 }, { "GETS /", 1 }, { "get /", 1 }, { "Host: a", 0 },
		{ "PROPFIND", 1 }, { "VERSION-CONTROL /", 1 }, { "MKCOL\t/", 1 }, { "HTTPS", 0 },
		{ "X / HTTP/1.1", 0 }, { "XY /", 1 },
		{ "\x16\x03\x01", 0 }, { "\x16\x03\x01\x02\x00", 0 }, { "", 0 },
		{ "HTTP/1.", 1 }, { " GET /", 0 }, { "\r\nGET /", 0 },
		{ "{\"a\":1}", 0 }, { "<html>", 0 }, { "GET\r\n", 0 },
	};
	unsigned int i;
	char name[64];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
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
