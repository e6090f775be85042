// SPDX-License-Identifier: GPL-2.0
/* Exact JSON lines and string escaping. */
#include <stdlib.h>
#include "check.h"
#include "nethttp/escape.h"
#include "nethttp/format.h"

static char line[NETHTTP_LINE_MAX + 1];

static const char *fmt_string(const unsigned char *s, unsigned int len)
{
	unsigned int n = nethttp_format_json_string(line, NETHTTP_LINE_MAX, s, len);

	line[n] = '\0';
	return line;
}

static void test_escaping(void)
{
	static const struct {
		const char *name;
		const char *in;
		unsigned int len;
		const char *want;
	} cases[] = {
		{ "plain", "abc", 3, "abc" },
		{ "quote-backslash", "a\"b\\c", 5, "a\\\"b\\\\c" },
		{ "named-controls", "\n\r\t", 3, "\\n\\r\\t" },
		{ "nul", "\0", 1, "\\u0000" },
		{ "esc", "\x1b[31m", 5, "\\u001b[31m" },
		{ "del", "\x7f", 1, "\\u007f" },
		{ "two-byte", "\xc3\xa9", 2, "\xc3\xa9" },
		{ "three-byte", "\xe2\x82\xac", 3, "\xe2\x82\xac" },
		{ "four-byte", "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80" },
		{ "c1-csi", "\xc2\x9b", 2, "\\u009b" },
		{ "c1-first", "\xc2\x80", 2, "\\u0080" },
		{ "nbsp-not-c1", "\xc2\xa0", 2, "\xc2\xa0" },
		{ "line-separator", "\xe2\x80\xa8", 3, "\\u2028" },
		{ "lone-continuation", "\x80", 1, "\\ufffd" },
		{ "overlong-slash", "\xc0\xaf", 2, "\\ufffd\\ufffd" },
		{ "overlong-3", "\xe0\x80\xaf", 3, "\\ufffd\\ufffd\\ufffd" },
		{ "surrogate", "\xed\xa0\x80", 3, "\\ufffd\\ufffd\\ufffd" },
		{ "past-10ffff", "\xf4\x90\x80\x80", 4, "\\ufffd\\ufffd\\ufffd\\ufffd" },
		{ "f5", "\xf5\x80\x80\x80", 4, "\\ufffd\\ufffd\\ufffd\\ufffd" },
		{ "cut-sequence", "a\xe2\x82", 3, "a\\ufffd\\ufffd" },
		{ "ff", "\xff", 1, "\\ufffd" },
	};
	unsigned int i, c;
	char want[16];
	int bad = 0;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check_str(cases[i].name,
			  fmt_string((const unsigned char *)cases[i].in, cases[i].len),
			  cases[i].want);

	/* every control byte other than the three with short forms */
	for (c = 0; c < 0x20; c++) {
		unsigned char b = (unsigned char)c;

		if (c == '\n' || c == '\r' || c == '\t')
			continue;
		snprintf(want, sizeof(want), "\\u%04x", c);
		if (strcmp(fmt_string(&b, 1), want))
			bad++;
	}
	check_int("every-control-byte mismatches", bad, 0);
}

static void test_bounded_output(void)
{
	static const unsigned char in[] = "\x1b\x1b\x1b";
	char small[17];
	unsigned int n;

	memset(small, 'Z', sizeof(small));
	/* 18 bytes needed, 16 given: nothing usable, nothing past the end */
	n = nethttp_format_json_string(small, 16, in, 3);
	check_int("too-small result", n, 0);
	check_int("too-small guard byte", small[16], 'Z');
	n = nethttp_format_json_string(small, 12, in, 2);
	check_int("exact-size result", n, 12);
}

static struct nethttp_event *make_event(const char *payload)
{
	struct nethttp_event *ev = calloc(1, sizeof(*ev));
	size_t len = strlen(payload);

	memcpy(ev->data, payload, len);
	ev->data_len = (unsigned int)len;
	ev->timestamp_ns = 1763900000123456789ULL;
	ev->latency_ns = -1;
	ev->netns = 4026531840U;
	ev->packet_len = 140;
	ev->family = 4;
	ev->protocol = 6;
	ev->direction = NETHTTP_DIR_EGRESS;
	ev->sport = 41234;
	ev->dport = 8080;
	memcpy(ev->saddr, "\x7f\x00\x00\x01", 4);
	memcpy(ev->daddr, "\x7f\x00\x00\x01", 4);
	memcpy(ev->iface, "lo", 3);
	if (nethttp_parse(ev->data, ev->data_len, &ev->msg) != NETHTTP_PARSE_OK)
		test_failed++;
	return ev;
}

static const char *fmt_event(const struct nethttp_event *ev, unsigned int type)
{
	unsigned int n = nethttp_format_event(line, NETHTTP_LINE_MAX, ev, type);

	line[n] = '\0';
	return line;
}

/* Compares @got with the line named @name in format-lines.txt. */
static void check_line(const char *name, const char *got)
{
	static char text[NETHTTP_LINE_MAX];
	FILE *f = fopen("format-lines.txt", "r");
	size_t name_len = strlen(name);

	while (f && fgets(text, sizeof(text), f)) {
		if (strncmp(text, name, name_len) || text[name_len] != '|')
			continue;
		fclose(f);
		/* the file's newline is the line's own */
		check_str(name, got, text + name_len + 1);
		return;
	}
	if (f)
		fclose(f);
	check_str(name, "(no such line in format-lines.txt)", "");
}

static void test_lines(void)
{
	struct nethttp_event *req, *resp;

	req = make_event("GET /index.html?a=1&b HTTP/1.1\r\nHost: localhost:8080\r\n"
			 "user-agent: Wget\r\nACCEPT: */*\r\nX-Multi: 1\r\n"
			 "Accept: text/html\r\n\r\n");
	check_line("request line", fmt_event(req, NETHTTP_EVENT_REQUEST));
	check_line("request as net_packet_http", fmt_event(req, NETHTTP_EVENT_HTTP));
	check_str("request is no response", fmt_event(req, NETHTTP_EVENT_RESPONSE), "");

	resp = make_event("HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\n"
			  "Content-Length: 12\r\n\r\nnot found!\r\n");
	resp->direction = NETHTTP_DIR_INGRESS;
	check_line("response line", fmt_event(resp, NETHTTP_EVENT_RESPONSE));
	check_line("response as net_packet_http", fmt_event(resp, NETHTTP_EVENT_HTTP));
	check_str("response is no request", fmt_event(resp, NETHTTP_EVENT_REQUEST), "");

	/* a redacted value never shows, whatever bytes it had */
	resp->msg.redacted = 1ULL << 0;
	check_line("redacted value", fmt_event(resp, NETHTTP_EVENT_RESPONSE));
	free(req);
	free(resp);
}

static void set_brief(struct nethttp_brief *b, const char *method,
		      const char *host, const char *path, const char *query)
{
	unsigned int at = 0;

	b->method_len = (unsigned char)strlen(method);
	b->host_len = (unsigned char)strlen(host);
	b->path_len = (unsigned char)strlen(path);
	b->query_len = (unsigned char)strlen(query);
	memcpy(b->text + at, method, b->method_len);
	at += b->method_len;
	memcpy(b->text + at, host, b->host_len);
	at += b->host_len;
	memcpy(b->text + at, path, b->path_len);
	at += b->path_len;
	memcpy(b->text + at, query, b->query_len);
}

/* Every digit count, at both ends, as printf writes it. */
static void test_number_lengths(void)
{
	struct nethttp_event *ev = make_event("GET / HTTP/1.1\r\n\r\n");
	unsigned long long p = 1, values[3];
	char want[64];
	unsigned int k, i;
	int bad = 0;

	for (k = 0; k < 20; k++, p *= 10) {
		values[0] = p;
		values[1] = p - 1;
		values[2] = k == 19 ? ~0ULL : p * 10 - 1;
		for (i = 0; i < 3; i++) {
			ev->timestamp_ns = values[i];
			snprintf(want, sizeof(want), "{\"timestamp\":%llu,", values[i]);
			if (strncmp(fmt_event(ev, NETHTTP_EVENT_REQUEST), want,
				    strlen(want)))
				bad++;
		}
	}
	check_int("numbers of every length mismatch printf", bad, 0);
	free(ev);
}

/* Who sent it, its response time and its request, each as far as known. */
static void test_transaction_lines(void)
{
	struct nethttp_event *resp, *req;
	unsigned int i;

	resp = make_event("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
	resp->latency_ns = 300123456;
	set_brief(&resp->request, "GET", "example.com", "/a\"b", "x=1");
	resp->origin.known = NETHTTP_ORIGIN_TASK | NETHTTP_ORIGIN_UID |
			     NETHTTP_ORIGIN_CGROUP;
	resp->origin.pid = 7;
	resp->origin.host_pid = 4242;
	resp->origin.uid = 2000;
	resp->origin.cgroup_id = 18446744073709551615ULL;
	/* a full comm has no NUL; a quote in it is escaped */
	memcpy(resp->origin.comm, "srv\"0123456789ab", 16);
	check_line("paired response", fmt_event(resp, NETHTTP_EVENT_RESPONSE));
	check_line("paired response as net_packet_http",
		   fmt_event(resp, NETHTTP_EVENT_HTTP));

	/* a withheld Host, a cut copy, a folded Host as its recipient reads it */
	resp->request.flags = NETHTTP_BRIEF_HOST_REDACTED | NETHTTP_BRIEF_CUT;
	resp->origin.known = NETHTTP_ORIGIN_UID;
	check_line("paired response, host redacted, cut",
		   fmt_event(resp, NETHTTP_EVENT_RESPONSE));
	resp->request.flags = 0;
	set_brief(&resp->request, "PUT", "a\r\n b", "/", "");
	resp->origin.known = NETHTTP_ORIGIN_CGROUP;
	resp->latency_ns = 0;
	check_line("paired response, folded host",
		   fmt_event(resp, NETHTTP_EVENT_RESPONSE));

	/* lengths past the text (a corrupt record) stop at its end */
	for (i = 0; i < NETHTTP_BRIEF_TEXT_MAX; i++)
		resp->request.text[i] = 'a' + i % 26;
	resp->request.method_len = 200;
	resp->request.host_len = 200;
	resp->request.path_len = 255;
	resp->request.query_len = 255;
	resp->origin.known = 0;
	fmt_event(resp, NETHTTP_EVENT_RESPONSE);
	check_int("corrupt brief: host and beyond stop at the text's end",
		  !!strstr(line, "\"host\":\"") &&
		  !!strstr(line, "\"uri_path\":\"\",\"uri_query\":\"\""), 1);

	/* a request never carries them, even with the fields set */
	req = make_event("GET / HTTP/1.1\r\n\r\n");
	req->latency_ns = 5;
	req->origin.known = NETHTTP_ORIGIN_TASK;
	memcpy(req->origin.comm, "cli\0", 4);
	req->origin.pid = 1;
	req->origin.host_pid = 1;
	check_line("request with its sender", fmt_event(req, NETHTTP_EVENT_HTTP));
	free(req);
	free(resp);
}

static void test_ipv6(void)
{
	static const struct {
		const char *name;
		unsigned char addr[16];
		const char *want;
	} cases[] = {
		{ "loopback", { [15] = 1 }, "::1" },
		{ "unspecified", { 0 }, "::" },
		{ "ula", { 0xfd, 0, [15] = 2 }, "fd00::2" },
		{ "link-local-end-run", { 0xfe, 0x80 }, "fe80::" },
		{ "no-run", { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6 },
		  "2001:db8:1:2:3:4:5:6" },
		{ "single-zero-not-compressed",
		  { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 },
		  "2001:db8:0:1:1:1:1:1" },
		{ "first-longest-run",
		  { 0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 },
		  "2001:0:0:1::1" },
		{ "tie-takes-first",
		  { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 },
		  "2001:db8::1:0:0:1" },
		{ "v4-mapped", { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1 },
		  "::ffff:192.0.2.1" },
	};
	char want[256];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct nethttp_event *ev = make_event("GET / HTTP/1.1\r\n\r\n");
		const char *got, *p;

		ev->family = 6;
		memcpy(ev->saddr, cases[i].addr, 16);
		got = fmt_event(ev, NETHTTP_EVENT_HTTP);
		p = strstr(got, "\"src\":\"");
		snprintf(want, sizeof(want), "\"src\":\"%s\",", cases[i].want);
		if (p && !strncmp(p, want, strlen(want)))
			got = want;
		check_str(cases[i].name, got, want);
		free(ev);
	}
}

/* Every octet value, in every place of the quad, against printf's. */
static void test_ipv4(void)
{
	char want[64], first_want[64] = "", first_got[64] = "";
	unsigned int v, place;

	for (place = 0; place < 4; place++) {
		for (v = 0; v < 256; v++) {
			struct nethttp_event *ev = make_event("GET / HTTP/1.1\r\n\r\n");
			unsigned char a[4] = { 10, 20, 30, 40 };
			const char *got, *p;

			a[place] = (unsigned char)v;
			ev->family = 4;
			memcpy(ev->saddr, a, 4);
			got = fmt_event(ev, NETHTTP_EVENT_HTTP);
			p = strstr(got, "\"src\":\"");
			snprintf(want, sizeof(want), "\"src\":\"%u.%u.%u.%u\",",
				 a[0], a[1], a[2], a[3]);
			if ((!p || strncmp(p, want, strlen(want))) && !first_want[0]) {
				snprintf(first_want, sizeof(first_want), "%s", want);
				snprintf(first_got, sizeof(first_got), "%.40s", p ? p : got);
			}
			free(ev);
		}
	}
	check_str("ipv4: every octet value in every place",
		  first_want[0] ? first_got : "", first_want);
}

/* Numbers at every change of length, against printf's. */
static void test_numbers(void)
{
	char want[96], first_got[96] = "", first_want[96] = "";
	unsigned long long power = 1, values[3];
	unsigned int k, j, n;

	for (k = 0; k < 20; k++) {
		values[0] = power - 1;
		values[1] = power;
		values[2] = power + 1;
		for (j = 0; j < 3; j++) {
			n = nethttp_format_lost(line, NETHTTP_LINE_MAX, values[j]);
			line[n] = '\0';
			snprintf(want, sizeof(want),
				 "{\"eventName\":\"nethttp_lost\",\"lost\":%llu}\n",
				 values[j]);
			if (strcmp(line, want) && !first_want[0]) {
				snprintf(first_want, sizeof(first_want), "%s", want);
				snprintf(first_got, sizeof(first_got), "%.90s", line);
			}
		}
		if (k < 19)
			power *= 10;
	}
	check_str("numbers: 10^k - 1, 10^k, 10^k + 1 for k = 0..19",
		  first_want[0] ? first_got : "", first_want);
}

static void test_lost_and_limits(void)
{
	struct nethttp_event *ev;
	unsigned int n, i;
	char *big;

	n = nethttp_format_lost(line, NETHTTP_LINE_MAX, 18446744073709551615ULL);
	line[n] = '\0';
	check_str("lost line", line,
		  "{\"eventName\":\"nethttp_lost\",\"lost\":18446744073709551615}\n");

	/* the worst case fits: every examined byte escapes to six chars */
	ev = make_event("GET / HTTP/1.1\r\n\r\n");
	big = malloc(NETHTTP_PAYLOAD_MAX);
	memset(big, 0xff, NETHTTP_PAYLOAD_MAX);
	memcpy(ev->data, big, NETHTTP_PAYLOAD_MAX);
	ev->data_len = NETHTTP_PAYLOAD_MAX;
	ev->msg.path.off = 0;
	ev->msg.path.len = 1024;
	ev->msg.query.off = 1024;
	ev->msg.query.len = 8;
	ev->msg.header_count = NETHTTP_HEADERS_MAX;
	for (i = 0; i < NETHTTP_HEADERS_MAX; i++) {
		ev->msg.headers[i].name.off = (unsigned short)(1032 + 16 * i);
		ev->msg.headers[i].name.len = 1;
		ev->msg.headers[i].value.off = (unsigned short)(1033 + 16 * i);
		ev->msg.headers[i].value.len = 15;
	}
	check_int("worst case fits", nethttp_format_event(line, NETHTTP_LINE_MAX, ev,
							  NETHTTP_EVENT_HTTP) > 0, 1);

	/* spans pointing outside the data are printed empty, never followed */
	ev->data_len = 4;
	ev->msg.path.off = 60000;
	ev->msg.path.len = 60000;
	check_int("wild span bounded", nethttp_format_event(line, NETHTTP_LINE_MAX, ev,
							    NETHTTP_EVENT_REQUEST) > 0, 1);
	check_int("wild span empty", !!strstr(line, "\"uri_path\":\"\""), 1);
	free(big);
	free(ev);
}

void test_format(void)
{
	test_escaping();
	test_bounded_output();
	test_lines();
	test_transaction_lines();
	test_number_lengths();
	test_ipv6();
	test_ipv4();
	test_numbers();
	test_lost_and_limits();
}
