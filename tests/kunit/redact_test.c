// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for redaction (module/redact.c): after nethttp_redact(),
 * every byte of a listed header's value is gone from the event, which is
 * what the ring receives, wherever the parser did or did not keep it.
 *
 * A case is a template: each '~' stands for a byte that must be wiped. The
 * message sent has a fill byte there ('Z', or a digit where a number must
 * parse) that the template uses nowhere else; the event must hold exactly
 * the template with 0 in place of each '~'.
 */
#include <kunit/test.h>
#include <linux/rcupdate.h>
#include "nethttp/event.h"
#include "nethttp/format.h"
#include "../../module/redact.h"
#include "helpers.h"

#define DEFAULT_LIST	"Authorization,Proxy-Authorization,Cookie,Set-Cookie"

static int redact_init(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, nethttp_redact_configure(DEFAULT_LIST), 0);
	return 0;
}

static void redact_exit(struct kunit *test)
{
	nethttp_redact_configure(DEFAULT_LIST);
}

/*
 * Parses the message @tmpl stands for into a new event and redacts it.
 * @parsed: whether the parser must take it (a line no parser accepts
 * still has its bytes wiped, since redaction must be as lenient as any
 * endpoint).
 */
static struct nethttp_event *redact_filled(struct kunit *test,
					   const char *tmpl, bool parsed,
					   char fill)
{
	unsigned int len = strlen(tmpl), i, wiped = 0;
	struct nethttp_event *ev;

	KUNIT_ASSERT_LE(test, len, NETHTTP_PAYLOAD_MAX);
	ev = kunit_kzalloc(test, sizeof(*ev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ev);
	for (i = 0; i < len; i++) {
		KUNIT_ASSERT_NE_MSG(test, tmpl[i], fill, "template byte %u", i);
		ev->data[i] = tmpl[i] == '~' ? fill : tmpl[i];
	}
	ev->data_len = len;
	if (parsed)
		KUNIT_ASSERT_EQ(test, nethttp_parse(ev->data, len, &ev->msg),
				NETHTTP_PARSE_OK);
	rcu_read_lock();
	nethttp_redact(ev);
	rcu_read_unlock();

	for (i = 0; i < len; i++) {
		unsigned char want = tmpl[i] == '~' ? 0 : tmpl[i];

		wiped += tmpl[i] == '~';
		KUNIT_EXPECT_EQ_MSG(test, ev->data[i], want,
				    "byte %u of %u ('%c' in the template)",
				    i, len, tmpl[i]);
	}
	KUNIT_EXPECT_GT(test, wiped, 0U);
	KUNIT_EXPECT_EQ(test, ev->data_len, len);
	return ev;
}

static struct nethttp_event *redact_template(struct kunit *test,
					     const char *tmpl, bool parsed)
{
	return redact_filled(test, tmpl, parsed, 'Z');
}

static void redact_listed_headers(struct kunit *test)
{
	struct nethttp_event *ev;

	ev = redact_template(test,
			     "GET / HTTP/1.1\r\nHost: h\r\n"
			     "Authorization:~~~~~~~~~~~~~\r\n"
			     "X-Keep: k\r\n"
			     "cookie:~~~~~\r\n"
			     "COOKIE:~~~\r\n\r\n", true);
	KUNIT_EXPECT_EQ(test, ev->msg.header_count, 4);
	KUNIT_EXPECT_EQ(test, ev->msg.redacted, 0xdULL);
	KUNIT_EXPECT_EQ(test, ev->msg.host_redacted, 0);
}

/* The parser keeps 1024 bytes of a value; the rest must go too. */
static void redact_long_value(struct kunit *test)
{
	char *tmpl = nt_fmt(test, "GET / HTTP/1.1\r\nCookie:%s\r\nX-After: a\r\n\r\n",
			    nt_repeat(test, '~', 1500));
	struct nethttp_event *ev = redact_template(test, tmpl, true);

	KUNIT_EXPECT_EQ(test, ev->msg.truncated, 1);
	KUNIT_EXPECT_EQ(test, ev->msg.headers[0].value.len, NETHTTP_VALUE_MAX);
	KUNIT_EXPECT_EQ(test, ev->msg.redacted, 0x1ULL);
}

/* Headers past NETHTTP_HEADERS_MAX are not kept, yet are in data[]. */
static void redact_beyond_kept_headers(struct kunit *test)
{
	char *tmpl = "GET / HTTP/1.1\r\n";
	unsigned int i;

	for (i = 0; i < 70; i++)
		tmpl = nt_fmt(test, "%sH-%02u: x\r\n", tmpl, i);
	tmpl = nt_fmt(test, "%sAuthorization:~~~~~~\r\nProxy-Authorization:~~\r\n\r\n",
		      tmpl);
	redact_template(test, tmpl, true);
}

/* The line the segment ends in is left out of headers[], not of data[]. */
static void redact_cut_line(struct kunit *test)
{
	struct nethttp_event *ev;

	ev = redact_template(test, "GET / HTTP/1.1\r\nX-A: a\r\nCookie:~~~~~~~~", true);
	KUNIT_EXPECT_EQ(test, ev->msg.truncated, 1);
	KUNIT_EXPECT_EQ(test, ev->msg.header_count, 1);
	redact_template(test, "GET / HTTP/1.1\r\nCookie:~~~~~~~~\r", true);
	redact_template(test, "HTTP/1.1 200 OK\r\nSet-Cookie:~~~~~~~~~~~~~~~~~~~~~~~~~~", true);
}

/*
 * Spellings some endpoints accept must not let a value through: the parser
 * takes each of them, and the value is withheld both in the raw bytes and
 * in what the line shows.
 */
static void redact_odd_spellings(struct kunit *test)
{
	static const char *const cases[] = {
		"GET / HTTP/1.1\r\nCookie :~~~~\r\n\r\n",
		"GET / HTTP/1.1\r\ncookie\t:~~~~\r\n\r\n",
		"GET / HTTP/1.1\nCOOKIE:~~~~\nX: y\n\n",
		"GET / HTTP/1.1\r\nCookie\x0b:~~~~\r\n\r\n",
		"GET / HTTP/1.1\r\nCookie\x01 \t:~~~~\r\n\r\n",
		/* no colon: the parser shows the first word as the name */
		"GET / HTTP/1.1\r\nCookie ~~~~~~\r\n\r\n",
		"GET / HTTP/1.1\r\nAuthorization\t~~~~~~~~~~~~\r\n\r\n",
		/* repeated */
		"GET / HTTP/1.1\r\nCookie:~~~\r\nX: y\r\ncookie:~~~~\r\n\r\n",
		/* obs-fold: the continuation lines are part of the value */
		"GET / HTTP/1.1\r\nAuthorization:~~~~~~\r\n ~~~~~~~~\r\n\t~~~~\r\n"
		"X-Keep: k\r\n folded-but-kept\r\n\r\n",
		"HTTP/1.1 200 OK\r\nSet-Cookie :\r\n ~~~~~~\r\n\r\n",
	};
	struct nethttp_event *ev;
	unsigned int i, h;
	char *line;

	line = kunit_kzalloc(test, NETHTTP_LINE_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, line);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int type = NETHTTP_EVENT_REQUEST;

		if (!strncmp(cases[i], "HTTP/", 5))
			type = NETHTTP_EVENT_RESPONSE;

		ev = redact_template(test, cases[i], true);
		/* every header the parser named as listed shows [REDACTED] */
		for (h = 0; h < ev->msg.header_count; h++) {
			const unsigned char *name = ev->data + ev->msg.headers[h].name.off;

			if (name[0] == 'X')
				continue;
			KUNIT_EXPECT_TRUE_MSG(test, ev->msg.redacted & (1ULL << h),
					      "case %u header %u", i, h);
		}
		KUNIT_EXPECT_NE_MSG(test, ev->msg.redacted, 0ULL, "case %u", i);
		KUNIT_ASSERT_GT(test, nethttp_format_event(line, NETHTTP_LINE_MAX, ev, type), 0U);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(line, "[REDACTED]"), "case %u", i);
		KUNIT_EXPECT_NULL_MSG(test, strstr(line, "\\u0000"), "case %u", i);
	}
}

/* After the empty line comes the body: not a header, never touched. */
static void redact_not_the_body(struct kunit *test)
{
	redact_template(test, "POST / HTTP/1.1\r\nCookie:~~~\r\nContent-Length: 16\r\n"
			"\r\nCookie: in-body\n", true);
}

/* Host and Content-Length are kept outside headers[] as well. */
static void redact_host_and_length(struct kunit *test)
{
	const char *tail =
		"\"headers\":{\"Content-Length\":[\"[REDACTED]\"]},\"content_length\":-1,";
	struct nethttp_event *ev;
	char *line;

	KUNIT_ASSERT_EQ(test, nethttp_redact_configure("Host,Content-Length"), 0);
	ev = redact_filled(test, "POST /p HTTP/1.1\r\nHost:~~~~~~~~~~~~\r\n"
			   "Content-Length:~~\r\n\r\nabcdefghi", true, '9');
	KUNIT_EXPECT_EQ(test, ev->msg.host_redacted, 1);
	KUNIT_EXPECT_EQ(test, ev->msg.content_length, -1LL);
	KUNIT_EXPECT_EQ(test, ev->msg.header_count, 1);
	KUNIT_EXPECT_EQ(test, ev->msg.redacted, 0x1ULL);

	line = kunit_kzalloc(test, NETHTTP_LINE_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, line);
	ev->events = NETHTTP_EVENT_REQUEST;
	KUNIT_ASSERT_GT(test, nethttp_format_event(line, NETHTTP_LINE_MAX, ev,
						   NETHTTP_EVENT_REQUEST), 0U);
	KUNIT_EXPECT_NOT_NULL(test, strstr(line, "\"host\":\"[REDACTED]\""));
	KUNIT_EXPECT_NOT_NULL(test, strstr(line, tail));
}

static void redact_list_rules(struct kunit *test)
{
	char *name128 = nt_repeat(test, 'n', 128);
	char *list = "", *fits, *over;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, nethttp_redact_configure("Cookie,cookie"), -EINVAL);
	KUNIT_EXPECT_EQ(test, nethttp_redact_configure("Cookie,,X"), -EINVAL);
	KUNIT_EXPECT_EQ(test, nethttp_redact_configure(nt_repeat(test, 'n', 129)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nethttp_redact_configure("none"), 0);
	KUNIT_EXPECT_EQ(test, nethttp_redact_configure(""), 0);
	/* 31 names of 128 bytes and one of 95: 4094 bytes, and the newline */
	for (i = 0; i < 31; i++)
		list = nt_fmt(test, "%s%03u%s,", list, i, name128 + 3);
	fits = nt_fmt(test, "%s%s", list, nt_repeat(test, 'f', 95));
	over = nt_fmt(test, "%s%s", list, nt_repeat(test, 'f', 96));
	KUNIT_EXPECT_EQ(test, strlen(fits), 4094);
	KUNIT_EXPECT_EQ(test, nethttp_redact_configure(fits), 0);
	KUNIT_EXPECT_EQ(test, nethttp_redact_configure(over), -EINVAL);
}

static struct kunit_case redact_cases[] = {
	KUNIT_CASE(redact_listed_headers),
	KUNIT_CASE(redact_long_value),
	KUNIT_CASE(redact_beyond_kept_headers),
	KUNIT_CASE(redact_cut_line),
	KUNIT_CASE(redact_odd_spellings),
	KUNIT_CASE(redact_not_the_body),
	KUNIT_CASE(redact_host_and_length),
	KUNIT_CASE(redact_list_rules),
	{}
};

static struct kunit_suite redact_suite = {
	.name = "nethttp_redact",
	.init = redact_init,
	.exit = redact_exit,
	.test_cases = redact_cases,
};

kunit_test_suite(redact_suite);
