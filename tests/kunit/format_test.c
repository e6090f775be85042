// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the JSON line formatter (include/nethttp/format.h):
 * string escaping byte by byte, and whole lines compared as strings.
 */
#include <kunit/test.h>
#include "nethttp/escape.h"
#include "nethttp/format.h"
#include "helpers.h"

#define TS	1763900000123456789ULL
#define NETNS	4026531840U

/* nethttp_format_json_string() of @len bytes, as a string. */
static const char *json(struct kunit *test, const void *s, unsigned int len)
{
	unsigned int size = 6 * len, n;
	char *buf;

	if (!len)
		return "";
	buf = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	n = nethttp_format_json_string(buf, size, nt_dup(test, s, len), len);
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_LE(test, n, size);
	return nt_str(test, buf, n);
}

/* A macro: sizeof() needs the literal, and a failure shows the caller's line. */
#define EXPECT_JSON(test, in, out)						\
	do {									\
		struct kunit *expect_json_test = (test);			\
										\
		KUNIT_EXPECT_STREQ(expect_json_test,				\
				   json(expect_json_test, in, sizeof(in) - 1),	\
				   out);					\
	} while (0)

static void format_control_bytes(struct kunit *test)
{
	const char *all_out = "";
	char all_in[33];
	unsigned char c;

	for (c = 0; c < 0x20; c++) {
		const char *want;

		if (c == '\n')
			want = "\\n";
		else if (c == '\r')
			want = "\\r";
		else if (c == '\t')
			want = "\\t";
		else
			want = nt_fmt(test, "\\u%04x", c);
		KUNIT_EXPECT_STREQ_MSG(test, json(test, &c, 1), want, "byte 0x%02x", c);
		all_in[c] = c;
		all_out = nt_fmt(test, "%s%s", all_out, want);
	}
	c = 0x7f;
	KUNIT_EXPECT_STREQ(test, json(test, &c, 1), "\\u007f");
	all_in[32] = 0x7f;
	all_out = nt_fmt(test, "%s\\u007f", all_out);
	KUNIT_EXPECT_STREQ(test, json(test, all_in, sizeof(all_in)), all_out);
	/* \b and \f are written as \u escapes, not the short forms */
	EXPECT_JSON(test, "\b\f", "\\u0008\\u000c");
}

static void format_ascii(struct kunit *test)
{
	char in[95], out[96];
	unsigned int i, n = 0;

	EXPECT_JSON(test, "\"", "\\\"");
	EXPECT_JSON(test, "\\", "\\\\");
	EXPECT_JSON(test, "a\"b\\c\"\\", "a\\\"b\\\\c\\\"\\\\");
	EXPECT_JSON(test, "/", "/");
	EXPECT_JSON(test, "\\u0041", "\\\\u0041");
	/* every other printable byte passes through */
	for (i = 0x20; i < 0x7f; i++)
		if (i != '"' && i != '\\')
			in[n++] = (char)i;
	memcpy(out, in, n);
	out[n] = '\0';
	KUNIT_EXPECT_STREQ(test, json(test, in, n), out);
}

static void format_c1_controls(struct kunit *test)
{
	unsigned int cp;

	for (cp = 0x80; cp <= 0x9f; cp++) {
		unsigned char in[2] = { 0xc2, (unsigned char)cp };

		KUNIT_EXPECT_STREQ_MSG(test, json(test, in, 2), nt_fmt(test, "\\u%04x", cp),
				       "U+%04X", cp);
	}
	/* the first code point after them is printable */
	EXPECT_JSON(test, "\xc2\xa0", "\xc2\xa0");
	EXPECT_JSON(test, "a\xc2\x85z", "a\\u0085z");
}

static void format_valid_utf8(struct kunit *test)
{
	EXPECT_JSON(test, "\xc3\xa9", "\xc3\xa9");			/* U+00E9 */
	EXPECT_JSON(test, "\xdf\xbf", "\xdf\xbf");			/* U+07FF */
	EXPECT_JSON(test, "\xe0\xa0\x80", "\xe0\xa0\x80");		/* U+0800 */
	EXPECT_JSON(test, "\xe2\x82\xac", "\xe2\x82\xac");		/* U+20AC */
	EXPECT_JSON(test, "\xed\x9f\xbf", "\xed\x9f\xbf");		/* U+D7FF */
	EXPECT_JSON(test, "\xee\x80\x80", "\xee\x80\x80");		/* U+E000 */
	EXPECT_JSON(test, "\xef\xbf\xbd", "\xef\xbf\xbd");		/* U+FFFD */
	EXPECT_JSON(test, "\xef\xbf\xbf", "\xef\xbf\xbf");		/* U+FFFF */
	EXPECT_JSON(test, "\xf0\x90\x80\x80", "\xf0\x90\x80\x80");	/* U+10000 */
	EXPECT_JSON(test, "\xf0\x9d\x84\x9e", "\xf0\x9d\x84\x9e");	/* U+1D11E */
	EXPECT_JSON(test, "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");	/* U+10FFFF */
	EXPECT_JSON(test, "na\xc3\xafve \xe2\x82\xac\xf0\x9f\x98\x80!",
		    "na\xc3\xafve \xe2\x82\xac\xf0\x9f\x98\x80!");
}

static void format_invalid_utf8(struct kunit *test)
{
	/* overlong forms */
	EXPECT_JSON(test, "\xc0\xaf", "\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xc1\xbf", "\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xc0\x80", "\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xe0\x80\xaf", "\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xe0\x9f\xbf", "\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xf0\x80\x80\xaf", "\\ufffd\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xf0\x8f\xbf\xbf", "\\ufffd\\ufffd\\ufffd\\ufffd");
	/* UTF-16 surrogates */
	EXPECT_JSON(test, "\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xed\xbf\xbf", "\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xed\xa0\xbd\xed\xb8\x80",
		    "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd");
	/* past U+10FFFF, and bytes that never occur */
	EXPECT_JSON(test, "\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xf5\x80\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xf7\xbf\xbf\xbf", "\\ufffd\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xf8\x88\x80\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xfc\x84\x80\x80\x80\x80",
		    "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xfe", "\\ufffd");
	EXPECT_JSON(test, "\xff", "\\ufffd");
	/*
	 * sequences cut short, at the end and before another character;
	 * \x41 is 'A' and \x62 'b', as a letter would extend the hex escape
	 */
	EXPECT_JSON(test, "\xc3", "\\ufffd");
	EXPECT_JSON(test, "\xe2\x82", "\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xf0\x9f\x98", "\\ufffd\\ufffd\\ufffd");
	EXPECT_JSON(test, "\xc3\x41", "\\ufffdA");
	EXPECT_JSON(test, "\xe2\x82\x41", "\\ufffd\\ufffdA");
	EXPECT_JSON(test, "\xf0\x9f\x98\x41", "\\ufffd\\ufffd\\ufffdA");
	EXPECT_JSON(test, "\xe2\x82\xc3\xa9", "\\ufffd\\ufffd\xc3\xa9");
	EXPECT_JSON(test, "\xe2\x82\"", "\\ufffd\\ufffd\\\"");
	/* lone continuation bytes */
	EXPECT_JSON(test, "\x80", "\\ufffd");
	EXPECT_JSON(test, "\xbf", "\\ufffd");
	EXPECT_JSON(test, "\x80\x80\x41", "\\ufffd\\ufffdA");
	EXPECT_JSON(test, "\xc3\xa9\xa9", "\xc3\xa9\\ufffd");
	EXPECT_JSON(test, "a\xc3\xa9\xff\x62", "a\xc3\xa9\\ufffdb");
}

static void format_string_bounds(struct kunit *test)
{
	const unsigned char ctl = 0x01, e_acute[2] = { 0xc3, 0xa9 };
	char *buf;

	/* a buffer of exactly the needed size; KASAN catches a write past it */
	buf = kunit_kmalloc(test, 6, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, nethttp_format_json_string(buf, 6, &ctl, 1), 6);
	KUNIT_EXPECT_STREQ(test, nt_str(test, buf, 6), "\\u0001");
	buf = kunit_kmalloc(test, 5, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, nethttp_format_json_string(buf, 5, &ctl, 1), 0);
	buf = kunit_kmalloc(test, 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, nethttp_format_json_string(buf, 2, e_acute, 2), 2);
	KUNIT_EXPECT_EQ(test, nethttp_format_json_string(buf, 1, e_acute, 2), 0);
	KUNIT_EXPECT_EQ(test, nethttp_format_json_string(buf, 1, (const unsigned char *)"\"", 1),
			0);
}

static struct nethttp_event *make_event(struct kunit *test, const char *payload,
					unsigned char direction, unsigned short sport,
					unsigned short dport, unsigned int packet_len)
{
	static const unsigned char loopback[4] = { 127, 0, 0, 1 };
	struct nethttp_event *ev = kunit_kzalloc(test, sizeof(*ev), GFP_KERNEL);
	unsigned int len = strlen(payload);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ev);
	KUNIT_ASSERT_LE(test, len, NETHTTP_PAYLOAD_MAX);
	ev->timestamp_ns = TS;
	ev->latency_ns = -1;
	ev->netns = NETNS;
	ev->packet_len = packet_len;
	ev->family = 4;
	ev->direction = direction;
	ev->protocol = 6;
	ev->events = NETHTTP_EVENTS_ALL;
	ev->sport = sport;
	ev->dport = dport;
	memcpy(ev->saddr, loopback, 4);
	memcpy(ev->daddr, loopback, 4);
	memcpy(ev->iface, "lo", 3);
	memcpy(ev->data, payload, len);
	ev->data_len = len;
	KUNIT_ASSERT_EQ(test, nethttp_parse(ev->data, len, &ev->msg), NETHTTP_PARSE_OK);
	return ev;
}

/*
 * The line for @ev as @type, or "" when there is none. Formats it again
 * into a buffer of exactly its length (must fit) and one byte shorter
 * (must be refused); KASAN catches a write past either.
 */
static const char *line(struct kunit *test, const struct nethttp_event *ev,
			unsigned int type)
{
	char *buf = kunit_kmalloc(test, NETHTTP_LINE_MAX, GFP_KERNEL);
	unsigned int len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	len = nethttp_format_event(buf, NETHTTP_LINE_MAX, ev, type);
	if (!len)
		return "";
	KUNIT_EXPECT_EQ(test, buf[len - 1], '\n');
	buf = nt_str(test, buf, len);

	{
		char *exact = kunit_kmalloc(test, len, GFP_KERNEL);
		char *short_buf = kunit_kmalloc(test, len - 1, GFP_KERNEL);

		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, exact);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, short_buf);
		KUNIT_EXPECT_EQ(test, nethttp_format_event(exact, len, ev, type), len);
		KUNIT_EXPECT_STREQ(test, nt_str(test, exact, len), buf);
		KUNIT_EXPECT_EQ(test, nethttp_format_event(short_buf, len - 1, ev, type), 0);
	}
	return buf;
}

#define REQUEST_PAYLOAD \
	"GET /index.html?a=1 HTTP/1.1\r\nHost: localhost:8080\r\n" \
	"User-Agent: Wget\r\nAccept: */*\r\n\r\n"
#define RESPONSE_PAYLOAD \
	"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\n"

static void format_request_lines(struct kunit *test)
{
	struct nethttp_event *ev = make_event(test, REQUEST_PAYLOAD, NETHTTP_DIR_EGRESS,
					      41234, 8080, 140);

	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_REQUEST),
			   "{\"timestamp\":1763900000123456789,\"eventName\":\"net_packet_http_request\",\"netns\":4026531840,\"direction\":\"egress\",\"args\":{\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":41234,\"dst_port\":8080,\"protocol\":6,\"packet_len\":140,\"iface\":\"lo\"},\"http_request\":{\"method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"host\":\"localhost:8080\",\"uri_path\":\"/index.html\",\"uri_query\":\"a=1\",\"headers\":{\"User-Agent\":[\"Wget\"],\"Accept\":[\"*/*\"]},\"content_length\":0,\"truncated\":false,\"anomalies\":[]}}}\n");
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_HTTP),
			   "{\"timestamp\":1763900000123456789,\"eventName\":\"net_packet_http\",\"netns\":4026531840,\"direction\":\"egress\",\"args\":{\"src\":\"127.0.0.1\",\"dst\":\"127.0.0.1\",\"src_port\":41234,\"dst_port\":8080,\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":41234,\"dst_port\":8080,\"protocol\":6,\"packet_len\":140,\"iface\":\"lo\"},\"proto_http\":{\"direction\":\"request\",\"method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"host\":\"localhost:8080\",\"uri_path\":\"/index.html\",\"uri_query\":\"a=1\",\"status\":\"\",\"status_code\":0,\"headers\":{\"User-Agent\":[\"Wget\"],\"Accept\":[\"*/*\"]},\"content_length\":0,\"truncated\":false,\"anomalies\":[]}}}\n");
	/* a request is never a response line */
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_RESPONSE), "");
	KUNIT_EXPECT_STREQ(test, line(test, ev, 0), "");
	KUNIT_EXPECT_STREQ(test, line(test, ev, 1 << 3), "");
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_REQUEST | NETHTTP_EVENT_HTTP), "");
}

static void format_response_lines(struct kunit *test)
{
	struct nethttp_event *ev = make_event(test, RESPONSE_PAYLOAD, NETHTTP_DIR_INGRESS,
					      8080, 41234, 120);

	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_RESPONSE),
			   "{\"timestamp\":1763900000123456789,\"eventName\":\"net_packet_http_response\",\"netns\":4026531840,\"direction\":\"ingress\",\"args\":{\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":8080,\"dst_port\":41234,\"protocol\":6,\"packet_len\":120,\"iface\":\"lo\"},\"http_response\":{\"status\":\"404 Not Found\",\"status_code\":404,\"protocol\":\"HTTP/1.1\",\"headers\":{\"Content-Type\":[\"text/plain\"],\"Content-Length\":[\"12\"]},\"content_length\":12,\"truncated\":false,\"anomalies\":[],\"latency_ns\":-1,\"request\":null}}}\n");
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_HTTP),
			   "{\"timestamp\":1763900000123456789,\"eventName\":\"net_packet_http\",\"netns\":4026531840,\"direction\":\"ingress\",\"args\":{\"src\":\"127.0.0.1\",\"dst\":\"127.0.0.1\",\"src_port\":8080,\"dst_port\":41234,\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":8080,\"dst_port\":41234,\"protocol\":6,\"packet_len\":120,\"iface\":\"lo\"},\"proto_http\":{\"direction\":\"response\",\"method\":\"\",\"protocol\":\"HTTP/1.1\",\"host\":\"\",\"uri_path\":\"\",\"uri_query\":\"\",\"status\":\"404 Not Found\",\"status_code\":404,\"headers\":{\"Content-Type\":[\"text/plain\"],\"Content-Length\":[\"12\"]},\"content_length\":12,\"truncated\":false,\"anomalies\":[],\"latency_ns\":-1,\"request\":null}}}\n");
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_REQUEST), "");

	/* no reason phrase: the status is the code alone */
	ev = make_event(test, "HTTP/1.0 204\r\n\r\n", NETHTTP_DIR_INGRESS, 80, 5000, 56);
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_RESPONSE),
			   "{\"timestamp\":1763900000123456789,\"eventName\":\"net_packet_http_response\",\"netns\":4026531840,\"direction\":\"ingress\",\"args\":{\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":80,\"dst_port\":5000,\"protocol\":6,\"packet_len\":56,\"iface\":\"lo\"},\"http_response\":{\"status\":\"204\",\"status_code\":204,\"protocol\":\"HTTP/1.0\",\"headers\":{},\"content_length\":0,\"truncated\":false,\"anomalies\":[\"status_line_no_reason\"],\"latency_ns\":-1,\"request\":null}}}\n");
}

static void format_truncated_lines(struct kunit *test)
{
	struct nethttp_event *ev;

	ev = make_event(test, "GET /a HTTP/1.1\r\nHost: h\r\nX: y", NETHTTP_DIR_EGRESS,
			1, 2, 71);
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_REQUEST),
			   "{\"timestamp\":1763900000123456789,\"eventName\":\"net_packet_http_request\",\"netns\":4026531840,\"direction\":\"egress\",\"args\":{\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":1,\"dst_port\":2,\"protocol\":6,\"packet_len\":71,\"iface\":\"lo\"},\"http_request\":{\"method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"host\":\"h\",\"uri_path\":\"/a\",\"uri_query\":\"\",\"headers\":{},\"content_length\":-1,\"truncated\":true,\"anomalies\":[]}}}\n");

	/* cut before the version: no protocol */
	ev = make_event(test, "PUT /up", NETHTTP_DIR_EGRESS, 1, 2, 47);
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_HTTP),
			   "{\"timestamp\":1763900000123456789,\"eventName\":\"net_packet_http\",\"netns\":4026531840,\"direction\":\"egress\",\"args\":{\"src\":\"127.0.0.1\",\"dst\":\"127.0.0.1\",\"src_port\":1,\"dst_port\":2,\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":1,\"dst_port\":2,\"protocol\":6,\"packet_len\":47,\"iface\":\"lo\"},\"proto_http\":{\"direction\":\"request\",\"method\":\"PUT\",\"protocol\":\"\",\"host\":\"\",\"uri_path\":\"/up\",\"uri_query\":\"\",\"status\":\"\",\"status_code\":0,\"headers\":{},\"content_length\":-1,\"truncated\":true,\"anomalies\":[]}}}\n");
}

/* The headers object of the request line of @payload. */
static const char *headers_of(struct kunit *test, const char *payload)
{
	struct nethttp_event *ev = make_event(test, payload, NETHTTP_DIR_EGRESS, 1, 2, 3);
	const char *s = line(test, ev, NETHTTP_EVENT_REQUEST);
	const char *start = strstr(s, "\"headers\":");
	const char *end = strstr(s, ",\"content_length\":");

	KUNIT_ASSERT_NOT_NULL(test, start);
	KUNIT_ASSERT_NOT_NULL(test, end);
	start += strlen("\"headers\":");
	return nt_str(test, start, end - start);
}

static void format_header_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, headers_of(test,
					    "GET / HTTP/1.1\r\n"
					    "content-type: a\r\n"
					    "X-FORWARDED-FOR: b\r\n"
					    "x-a-b: c\r\n"
					    "ETAG: d\r\n"
					    "a_b-c: e\r\n"
					    "www-authenticate: f\r\n"
					    "x--y: g\r\n"
					    "-x-: h\r\n"
					    "\r\n"),
			   "{\"Content-Type\":[\"a\"],\"X-Forwarded-For\":[\"b\"],\"X-A-B\":[\"c\"],\"Etag\":[\"d\"],\"A_b-C\":[\"e\"],\"Www-Authenticate\":[\"f\"],\"X--Y\":[\"g\"],\"-X-\":[\"h\"]}");
}

static void format_repeated_headers(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, headers_of(test,
					    "GET / HTTP/1.1\r\n"
					    "accept: a\r\n"
					    "X: 1\r\n"
					    "Accept: b\r\n"
					    "Host: not-a-header\r\n"
					    "ACCEPT: c\r\n"
					    "x: 2\r\n"
					    "Y:\r\n"
					    "y: \r\n"
					    "\r\n"),
			   "{\"Accept\":[\"a\",\"b\",\"c\"],\"X\":[\"1\",\"2\"],\"Y\":[\"\",\"\"]}");
}

static void format_escaped_fields(struct kunit *test)
{
	struct nethttp_event *ev;

	ev = make_event(test,
			"GET /a\"b\\c\xc3\xa9\xff?q=\"\\ HTTP/1.1\r\n"
			"Host: h\"\\\xc2\x85\r\n"
			"V: a\tb \"q\" \\ \xe2\x82\xac \xc2\x9f \xed\xa0\x80\r\n"
			"\r\n", NETHTTP_DIR_EGRESS, 1, 2, 3);
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_REQUEST),
			   "{\"timestamp\":1763900000123456789,\"eventName\":\"net_packet_http_request\",\"netns\":4026531840,\"direction\":\"egress\",\"args\":{\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":1,\"dst_port\":2,\"protocol\":6,\"packet_len\":3,\"iface\":\"lo\"},\"http_request\":{\"method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"host\":\"h\\\"\\\\\\u0085\",\"uri_path\":\"/a\\\"b\\\\c\xc3\xa9\\ufffd\",\"uri_query\":\"q=\\\"\\\\\",\"headers\":{\"V\":[\"a\\tb \\\"q\\\" \\\\ \xe2\x82\xac \\u009f \\ufffd\\ufffd\\ufffd\"]},\"content_length\":0,\"truncated\":false,\"anomalies\":[]}}}\n");

	/* the reason phrase is escaped like any string */
	ev = make_event(test, "HTTP/1.1 200 \"O\\K\"\t\xff\r\n\r\n", NETHTTP_DIR_INGRESS,
			1, 2, 3);
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_RESPONSE),
			   "{\"timestamp\":1763900000123456789,\"eventName\":\"net_packet_http_response\",\"netns\":4026531840,\"direction\":\"ingress\",\"args\":{\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":1,\"dst_port\":2,\"protocol\":6,\"packet_len\":3,\"iface\":\"lo\"},\"http_response\":{\"status\":\"200 \\\"O\\\\K\\\"\\t\\ufffd\",\"status_code\":200,\"protocol\":\"HTTP/1.1\",\"headers\":{},\"content_length\":-1,\"truncated\":false,\"anomalies\":[],\"latency_ns\":-1,\"request\":null}}}\n");
}

/* The "src_ip":...,"dst_ip":... part of an event with these addresses. */
static const char *addresses(struct kunit *test, unsigned char family,
			     const unsigned char *saddr, const unsigned char *daddr)
{
	struct nethttp_event *ev = make_event(test, "GET / HTTP/1.1\r\n\r\n",
					      NETHTTP_DIR_EGRESS, 1, 2, 3);
	const char *s, *start, *end;

	ev->family = family;
	memset(ev->saddr, 0xee, sizeof(ev->saddr));
	memset(ev->daddr, 0xee, sizeof(ev->daddr));
	memcpy(ev->saddr, saddr, family == 4 ? 4 : 16);
	memcpy(ev->daddr, daddr, family == 4 ? 4 : 16);
	s = line(test, ev, NETHTTP_EVENT_REQUEST);
	start = strstr(s, "\"src_ip\":");
	end = strstr(s, ",\"src_port\":");
	KUNIT_ASSERT_NOT_NULL(test, start);
	KUNIT_ASSERT_NOT_NULL(test, end);
	return nt_str(test, start, end - start);
}

static void format_ipv4_addresses(struct kunit *test)
{
	static const unsigned char zero[4], bcast[4] = { 255, 255, 255, 255 };
	static const unsigned char a[4] = { 10, 0, 0, 255 }, b[4] = { 192, 168, 1, 20 };

	KUNIT_EXPECT_STREQ(test, addresses(test, 4, zero, bcast),
			   "\"src_ip\":\"0.0.0.0\",\"dst_ip\":\"255.255.255.255\"");
	KUNIT_EXPECT_STREQ(test, addresses(test, 4, a, b),
			   "\"src_ip\":\"10.0.0.255\",\"dst_ip\":\"192.168.1.20\"");
}

static void format_ipv6_addresses(struct kunit *test)
{
	static const struct {
		unsigned char addr[16];
		const char *text;
	} cases[] = {
		{ { 0 }, "::" },
		{ { [15] = 1 }, "::1" },
		{ { 0xfd, 0x00, [15] = 2 }, "fd00::2" },
		{ { 0xfe, 0x80, [12] = 0x00, 0x01, 0x00, 0x02 }, "fe80::1:2" },
		{ { 0x20, 0x01, 0x0d, 0xb8 }, "2001:db8::" },
		{ { 0x00, 0x01 }, "1::" },
		/* the first of two equally long zero runs is the one shortened */
		{ { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 },
		  "2001:db8::1:0:0:1" },
		/* the longest zero run is the one shortened */
		{ { 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3 }, "1:0:0:2::3" },
		/* a single zero group is not shortened */
		{ { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 },
		  "2001:db8:0:1:1:1:1:1" },
		{ { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0 }, "1:2:3:4:5:6:7:0" },
		/* lower case, leading zeros dropped */
		{ { 0x20, 0x01, 0x0d, 0xb8, 0xaa, 0xaa, 0x0b, 0xbb, 0x00, 0xcc, 0x00, 0x0d,
		    0xee, 0xee, 0xff, 0xff }, "2001:db8:aaaa:bbb:cc:d:eeee:ffff" },
		/* IPv4-mapped */
		{ { [10] = 0xff, 0xff, 192, 0, 2, 1 }, "::ffff:192.0.2.1" },
	};
	static const unsigned char loopback[16] = { [15] = 1 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_STREQ_MSG(test, addresses(test, 6, cases[i].addr, loopback),
				       nt_fmt(test, "\"src_ip\":\"%s\",\"dst_ip\":\"::1\"",
					      cases[i].text), "case %u", i);
}

static void format_ipv6_line(struct kunit *test)
{
	struct nethttp_event *ev = make_event(test, "GET / HTTP/1.0\r\nHost: [fd00::2]\r\n\r\n",
					      NETHTTP_DIR_INGRESS, 55555, 80, 128);
	static const unsigned char src[16] = { 0xfd, [15] = 1 };
	static const unsigned char dst[16] = { 0xfd, [15] = 2 };

	ev->family = 6;
	memcpy(ev->saddr, src, 16);
	memcpy(ev->daddr, dst, 16);
	memcpy(ev->iface, "eth0", 5);
	ev->netns = 4026532000U;
	ev->timestamp_ns = 5;
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_HTTP),
			   "{\"timestamp\":5,\"eventName\":\"net_packet_http\",\"netns\":4026532000,\"direction\":\"ingress\",\"args\":{\"src\":\"fd00::1\",\"dst\":\"fd00::2\",\"src_port\":55555,\"dst_port\":80,\"metadata\":{\"src_ip\":\"fd00::1\",\"dst_ip\":\"fd00::2\",\"src_port\":55555,\"dst_port\":80,\"protocol\":6,\"packet_len\":128,\"iface\":\"eth0\"},\"proto_http\":{\"direction\":\"request\",\"method\":\"GET\",\"protocol\":\"HTTP/1.0\",\"host\":\"[fd00::2]\",\"uri_path\":\"/\",\"uri_query\":\"\",\"status\":\"\",\"status_code\":0,\"headers\":{},\"content_length\":0,\"truncated\":false,\"anomalies\":[]}}}\n");
}

static void format_number_bounds(struct kunit *test)
{
	struct nethttp_event *ev = make_event(test,
		"POST / HTTP/1.1\r\nContent-Length: 9223372036854775807\r\n\r\n",
		NETHTTP_DIR_EGRESS, 65535, 0, 65535);
	const char *s;

	ev->timestamp_ns = ~0ULL;
	ev->netns = ~0U;
	/* all 16 bytes used, no NUL */
	memcpy(ev->iface, "abcdefghijklmnop", NETHTTP_IFNAME_LEN);
	s = line(test, ev, NETHTTP_EVENT_REQUEST);
	KUNIT_EXPECT_STREQ(test, s,
			   "{\"timestamp\":18446744073709551615,\"eventName\":\"net_packet_http_request\",\"netns\":4294967295,\"direction\":\"egress\",\"args\":{\"metadata\":{\"src_ip\":\"127.0.0.1\",\"dst_ip\":\"127.0.0.1\",\"src_port\":65535,\"dst_port\":0,\"protocol\":6,\"packet_len\":65535,\"iface\":\"abcdefghijklmnop\"},\"http_request\":{\"method\":\"POST\",\"protocol\":\"HTTP/1.1\",\"host\":\"\",\"uri_path\":\"/\",\"uri_query\":\"\",\"headers\":{\"Content-Length\":[\"9223372036854775807\"]},\"content_length\":9223372036854775807,\"truncated\":false,\"anomalies\":[\"missing_host\"]}}}\n");
}

/* Spans and counts the parser would never produce stay inside the event. */
static void format_hostile_event(struct kunit *test)
{
	struct nethttp_event *ev = kunit_kzalloc(test, sizeof(*ev), GFP_KERNEL);
	static const char data[] = "/bad name\"\x01vok-namew";
	const char *values = "";
	char method[NETHTTP_BRIEF_TEXT_MAX + 1];
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ev);
	memset(method, 'a', NETHTTP_BRIEF_TEXT_MAX);
	method[NETHTTP_BRIEF_TEXT_MAX] = '\0';
	ev->family = 4;
	ev->protocol = 6;
	memcpy(ev->data, data, sizeof(data) - 1);
	ev->data_len = sizeof(data) - 1;
	ev->msg.kind = NETHTTP_KIND_REQUEST;
	ev->msg.method = NETHTTP_METHOD_GET;
	ev->msg.version = NETHTTP_VERSION_1_1;
	ev->msg.path = (struct nethttp_span){ 0, 1 };
	/* names outside the token set are left as sent */
	ev->msg.headers[0].name = (struct nethttp_span){ 1, 10 };
	ev->msg.headers[0].value = (struct nethttp_span){ 11, 1 };
	ev->msg.headers[1].name = (struct nethttp_span){ 12, 7 };
	ev->msg.headers[1].value = (struct nethttp_span){ 19, 1 };
	/* a span past data_len reads as empty */
	ev->msg.headers[2].name = (struct nethttp_span){ 19, 1 };
	ev->msg.headers[2].value = (struct nethttp_span){ 19, 2 };
	ev->msg.host = (struct nethttp_span){ 65535, 65535 };
	ev->msg.header_count = 3;
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_REQUEST),
			   "{\"timestamp\":0,\"eventName\":\"net_packet_http_request\",\"netns\":0,\"direction\":\"ingress\",\"args\":{\"metadata\":{\"src_ip\":\"0.0.0.0\",\"dst_ip\":\"0.0.0.0\",\"src_port\":0,\"dst_port\":0,\"protocol\":6,\"packet_len\":0,\"iface\":\"\"},\"http_request\":{\"method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"host\":\"\",\"uri_path\":\"/\",\"uri_query\":\"\",\"headers\":{\"bad name\\\"\\u0001\":[\"v\"],\"Ok-Name\":[\"w\"],\"W\":[\"\"]},\"content_length\":0,\"truncated\":false,\"anomalies\":[]}}}\n");

	/* more headers than headers[] holds, data_len past data[]: bounded */
	for (i = 0; i < NETHTTP_HEADERS_MAX; i++) {
		ev->msg.headers[i].name = (struct nethttp_span){ 19, 1 };
		ev->msg.headers[i].value = (struct nethttp_span){ 11, 1 };
		values = nt_fmt(test, "%s%s\"v\"", values, i ? "," : "");
	}
	ev->msg.header_count = 65535;
	ev->data_len = ~0U;
	ev->msg.kind = NETHTTP_KIND_RESPONSE;
	ev->msg.status_code = 200;
	/* a paired request's lengths past its text: it ends there */
	ev->latency_ns = LLONG_MAX;
	memset(ev->request.text, 'a', NETHTTP_BRIEF_TEXT_MAX);
	ev->request.method_len = 200;
	ev->request.host_len = 255;
	ev->request.path_len = 255;
	ev->request.query_len = 255;
	ev->request.flags = 0xff;
	KUNIT_EXPECT_STREQ(test, line(test, ev, NETHTTP_EVENT_RESPONSE),
			   nt_fmt(test,
				  "{\"timestamp\":0,\"eventName\":\"net_packet_http_response\",\"netns\":0,\"direction\":\"ingress\",\"args\":{\"metadata\":{\"src_ip\":\"0.0.0.0\",\"dst_ip\":\"0.0.0.0\",\"src_port\":0,\"dst_port\":0,\"protocol\":6,\"packet_len\":0,\"iface\":\"\"},\"http_response\":{\"status\":\"200\",\"status_code\":200,\"protocol\":\"HTTP/1.1\",\"headers\":{\"W\":[%s]},\"content_length\":0,\"truncated\":false,\"anomalies\":[],\"latency_ns\":9223372036854775807,\"request\":{\"method\":\"%s\",\"host\":\"[REDACTED]\",\"uri_path\":\"\",\"uri_query\":\"\",\"truncated\":true}}}}\n",
				  values, method));
}

static void format_lost_lines(struct kunit *test)
{
	static const char want[] = "{\"eventName\":\"nethttp_lost\",\"lost\":12}\n";
	char *buf = kunit_kmalloc(test, 64, GFP_KERNEL);
	char *exact;
	unsigned int n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	n = nethttp_format_lost(buf, 64, 12);
	KUNIT_EXPECT_STREQ(test, nt_str(test, buf, n), want);
	n = nethttp_format_lost(buf, 64, 1);
	KUNIT_EXPECT_STREQ(test, nt_str(test, buf, n),
			   "{\"eventName\":\"nethttp_lost\",\"lost\":1}\n");
	n = nethttp_format_lost(buf, 64, ~0ULL);
	KUNIT_EXPECT_STREQ(test, nt_str(test, buf, n),
			   "{\"eventName\":\"nethttp_lost\",\"lost\":18446744073709551615}\n");

	exact = kunit_kmalloc(test, sizeof(want) - 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, exact);
	KUNIT_EXPECT_EQ(test, nethttp_format_lost(exact, sizeof(want) - 1, 12),
			sizeof(want) - 1);
	KUNIT_EXPECT_EQ(test, nethttp_format_lost(exact, sizeof(want) - 2, 12), 0);
}

/*
 * An odd message is shown as sent: the method and version it used, each
 * fold joined into one space, and its anomalies named in enum order.
 */
static void format_odd_messages(struct kunit *test)
{
	/* the request, the extension method's, the response */
	static const char *const want[] = {
		"\"http_request\":{\"method\":\"PROPFIND\",\"protocol\":\"HTTP/1.10\",\"host\":\"ex.com\",\"uri_path\":\"/d\",\"uri_query\":\"\",\"headers\":{\"X-A\":[\"a b\"],\"Nocolon\":[\"here\"]},\"content_length\":0,\"truncated\":false,\"anomalies\":[\"obs_fold\",\"version_nonstandard\",\"header_without_colon\"]}}}\n",
		"\"proto_http\":{\"direction\":\"request\",\"method\":\"BREW\",\"protocol\":\"HTTP/1.1\",\"host\":\"h\",\"uri_path\":\"/pot\",\"uri_query\":\"\",\"status\":\"\",\"status_code\":0,\"headers\":{},\"content_length\":0,\"truncated\":false,\"anomalies\":[\"extension_method\"]}}}\n",
		"\"http_response\":{\"status\":\"200 ok\",\"status_code\":200,\"protocol\":\"http/2.0\",\"headers\":{\"Content-Length\":[\"1\",\"2\"]},\"content_length\":-1,\"truncated\":false,\"anomalies\":[\"space_before_colon\",\"version_nonstandard\",\"conflicting_content_length\"],\"latency_ns\":-1,\"request\":null}}}\n",
	};
	struct nethttp_event *ev;
	const char *s;

	ev = make_event(test, "PROPFIND /d HTTP/1.10\r\nHost:\r\n  ex.com\r\n"
			"X-A: a \r\n\t b\r\nNoColon here\r\n\r\n",
			NETHTTP_DIR_EGRESS, 41234, 80, 100);
	s = line(test, ev, NETHTTP_EVENT_REQUEST);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(s, want[0]), "%s", s);

	ev = make_event(test, "BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n",
			NETHTTP_DIR_EGRESS, 41234, 80, 100);
	s = line(test, ev, NETHTTP_EVENT_HTTP);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(s, want[1]), "%s", s);

	ev = make_event(test, "http/2.0 200 ok\r\nContent-Length : 1\r\n"
			"Content-Length: 2\r\n\r\n", NETHTTP_DIR_INGRESS, 80, 41234, 100);
	s = line(test, ev, NETHTTP_EVENT_RESPONSE);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(s, want[2]), "%s", s);
}

static struct kunit_case format_cases[] = {
	KUNIT_CASE(format_control_bytes),
	KUNIT_CASE(format_ascii),
	KUNIT_CASE(format_c1_controls),
	KUNIT_CASE(format_valid_utf8),
	KUNIT_CASE(format_invalid_utf8),
	KUNIT_CASE(format_string_bounds),
	KUNIT_CASE(format_request_lines),
	KUNIT_CASE(format_response_lines),
	KUNIT_CASE(format_truncated_lines),
	KUNIT_CASE(format_header_names),
	KUNIT_CASE(format_repeated_headers),
	KUNIT_CASE(format_escaped_fields),
	KUNIT_CASE(format_ipv4_addresses),
	KUNIT_CASE(format_ipv6_addresses),
	KUNIT_CASE(format_ipv6_line),
	KUNIT_CASE(format_number_bounds),
	KUNIT_CASE(format_hostile_event),
	KUNIT_CASE(format_lost_lines),
	KUNIT_CASE(format_odd_messages),
	{}
};

static struct kunit_suite format_suite = {
	.name = "nethttp_format",
	.test_cases = format_cases,
};

kunit_test_suite(format_suite);
