// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the event ring and its readers (module/ring.h), read
 * through kvec iov_iters the way read() would with a user buffer.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include "nethttp/format.h"
#include "../../module/reader.h"
#include "../../module/stats.h"
#include "helpers.h"

static int ptr_resource_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void ring_resource_free(struct kunit_resource *res)
{
	nethttp_ring_destroy(res->data);
}

static void reader_resource_free(struct kunit_resource *res)
{
	nethttp_reader_destroy(res->data);
}

/* A ring destroyed when the test ends, however it ends. */
static struct nethttp_ring *new_ring(struct kunit *test, unsigned int slots)
{
	struct nethttp_ring *ring = nethttp_ring_create(slots);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ring);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, kunit_alloc_resource(test, ptr_resource_init,
								ring_resource_free,
								GFP_KERNEL, ring));
	return ring;
}

/* Readers are registered after their ring, so they are destroyed first. */
static struct nethttp_reader *new_reader(struct kunit *test, struct nethttp_ring *ring)
{
	struct nethttp_reader *reader = nethttp_reader_create(ring);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, reader);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, kunit_alloc_resource(test, ptr_resource_init,
								reader_resource_free,
								GFP_KERNEL, reader));
	return reader;
}

/* Event @id: a request for "/@id", reported as the names in @events. */
static struct nethttp_event *make_event(struct kunit *test, unsigned int id,
					unsigned char events)
{
	struct nethttp_event *ev = kunit_kzalloc(test, sizeof(*ev), GFP_KERNEL);
	const char *payload = nt_fmt(test, "GET /%u HTTP/1.1\r\nHost: h%u\r\n\r\n", id, id);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ev);
	ev->timestamp_ns = 1000000 + id;
	ev->netns = 4026531840U;
	ev->family = 4;
	ev->protocol = 6;
	ev->direction = NETHTTP_DIR_EGRESS;
	ev->events = events;
	ev->sport = 40000 + id;
	ev->dport = 80;
	ev->packet_len = 40 + strlen(payload);
	memcpy(ev->iface, "lo", 3);
	ev->data_len = strlen(payload);
	memcpy(ev->data, payload, ev->data_len);
	KUNIT_ASSERT_EQ(test, nethttp_parse(ev->data, ev->data_len, &ev->msg), NETHTTP_PARSE_OK);
	return ev;
}

static struct nethttp_event *make_response(struct kunit *test, unsigned char events)
{
	static const char payload[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
	struct nethttp_event *ev = make_event(test, 0, events);

	ev->data_len = sizeof(payload) - 1;
	memcpy(ev->data, payload, ev->data_len);
	KUNIT_ASSERT_EQ(test, nethttp_parse(ev->data, ev->data_len, &ev->msg), NETHTTP_PARSE_OK);
	return ev;
}

/* The line of @ev for one event name, from the formatter. */
static const char *line_for(struct kunit *test, const struct nethttp_event *ev,
			    unsigned int type)
{
	char *buf = kunit_kmalloc(test, NETHTTP_LINE_MAX, GFP_KERNEL);
	unsigned int n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	n = nethttp_format_event(buf, NETHTTP_LINE_MAX, ev, type);
	KUNIT_ASSERT_GT(test, n, 0);
	return nt_str(test, buf, n);
}

static const char *request_line(struct kunit *test, unsigned int id)
{
	return line_for(test, make_event(test, id, NETHTTP_EVENT_REQUEST),
			NETHTTP_EVENT_REQUEST);
}

static const char *lost_line(struct kunit *test, unsigned long long lost)
{
	return nt_fmt(test, "{\"eventName\":\"nethttp_lost\",\"lost\":%llu}\n", lost);
}

static void push(struct nethttp_ring *ring, struct kunit *test, unsigned int id)
{
	nethttp_ring_push(ring, make_event(test, id, NETHTTP_EVENT_REQUEST));
}

#define AGAIN	"<errno 11>"
#define BIG	(8 * NETHTTP_LINE_MAX)

/*
 * One read() of at most @size bytes into a buffer of exactly that size
 * (KASAN catches a write past it): what it returned, as a string, or
 * "<errno N>".
 */
static const char *read_once(struct kunit *test, struct nethttp_reader *reader,
			     size_t size)
{
	char *buf = kunit_kmalloc(test, size, GFP_KERNEL);
	struct kvec kv = { .iov_base = buf, .iov_len = size };
	struct iov_iter to;
	ssize_t n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	iov_iter_kvec(&to, ITER_DEST, &kv, 1, size);
	n = nethttp_reader_read(reader, &to);
	if (n < 0)
		return nt_fmt(test, "<errno %zd>", -n);
	KUNIT_EXPECT_LE(test, (size_t)n, size);
	KUNIT_EXPECT_EQ(test, iov_iter_count(&to), size - n);
	return nt_str(test, buf, n);
}

/*
 * What a read() of @size bytes returns; with BIG, all that is pending. A
 * read that has lines may return early, after a whole line, when the task
 * was preempted meanwhile (as on a busy host): BIG reads again until it
 * gets an error, and every read before must end with a whole line.
 */
static const char *read_some(struct kunit *test, struct nethttp_reader *reader,
			     size_t size)
{
	const char *all = "", *got;

	if (size != BIG)
		return read_once(test, reader, size);
	for (;;) {
		got = read_once(test, reader, size);
		if (!*got || *got == '<')
			break;
		KUNIT_EXPECT_EQ_MSG(test, got[strlen(got) - 1], '\n',
				    "a read ended inside a line: %s", got);
		all = nt_fmt(test, "%s%s", all, got);
	}
	/* the error ends the reads; it is the answer when nothing came */
	return *all && !strcmp(got, AGAIN) ? all : got;
}

static void ring_create_sizes(struct kunit *test)
{
	static const unsigned int bad[] = {
		0, 1, NETHTTP_RING_SLOTS_MIN / 2, NETHTTP_RING_SLOTS_MIN - 1,
		NETHTTP_RING_SLOTS_MIN + 4, 100, NETHTTP_RING_SLOTS_MAX + 1,
		NETHTTP_RING_SLOTS_MAX * 2, ~0U,
	};
	static const unsigned int good[] = { NETHTTP_RING_SLOTS_MIN, 16, 256 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct nethttp_ring *ring = nethttp_ring_create(bad[i]);

		KUNIT_EXPECT_TRUE_MSG(test, IS_ERR(ring), "%u slots", bad[i]);
		if (IS_ERR(ring))
			KUNIT_EXPECT_EQ_MSG(test, PTR_ERR(ring), -EINVAL, "%u slots", bad[i]);
		else
			nethttp_ring_destroy(ring);
	}
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		struct nethttp_ring *ring = nethttp_ring_create(good[i]);

		KUNIT_EXPECT_FALSE_MSG(test, IS_ERR_OR_NULL(ring), "%u slots", good[i]);
		if (!IS_ERR_OR_NULL(ring))
			nethttp_ring_destroy(ring);
	}
	nethttp_ring_destroy(NULL);
	nethttp_reader_destroy(NULL);
}

static void ring_empty(struct kunit *test)
{
	struct nethttp_ring *ring = new_ring(test, 8);
	struct nethttp_reader *reader = new_reader(test, ring);

	KUNIT_EXPECT_FALSE(test, nethttp_reader_ready(reader));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), AGAIN);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, 1), AGAIN);
}

static void ring_order(struct kunit *test)
{
	struct nethttp_ring *ring = new_ring(test, 8);
	struct nethttp_reader *reader = new_reader(test, ring);
	u64 delivered = nethttp_stat_read(NETHTTP_STAT_EVENTS_DELIVERED);
	u64 lost = nethttp_stat_read(NETHTTP_STAT_EVENTS_LOST);
	const char *want = "";
	unsigned int i;

	for (i = 1; i <= 5; i++) {
		push(ring, test, i);
		want = nt_fmt(test, "%s%s", want, request_line(test, i));
	}
	KUNIT_EXPECT_TRUE(test, nethttp_reader_ready(reader));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), want);
	KUNIT_EXPECT_FALSE(test, nethttp_reader_ready(reader));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), AGAIN);
	KUNIT_EXPECT_EQ(test, nethttp_stat_read(NETHTTP_STAT_EVENTS_DELIVERED), delivered + 5);
	KUNIT_EXPECT_EQ(test, nethttp_stat_read(NETHTTP_STAT_EVENTS_LOST), lost);

	/* one line per read when the buffer holds one line */
	for (i = 6; i <= 8; i++)
		push(ring, test, i);
	for (i = 6; i <= 8; i++) {
		const char *want_line = request_line(test, i);

		KUNIT_EXPECT_STREQ(test, read_some(test, reader, strlen(want_line)), want_line);
	}
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), AGAIN);
}

static void ring_reader_starts_now(struct kunit *test)
{
	struct nethttp_ring *ring = new_ring(test, 8);
	struct nethttp_reader *reader;

	push(ring, test, 1);
	push(ring, test, 2);
	reader = new_reader(test, ring);
	KUNIT_EXPECT_FALSE(test, nethttp_reader_ready(reader));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), AGAIN);
	push(ring, test, 3);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), request_line(test, 3));

	/* even when the ring has wrapped before the reader came */
	ring = new_ring(test, 8);
	push(ring, test, 1);
	reader = new_reader(test, ring);
	for (unsigned int i = 2; i <= 20; i++)
		push(ring, test, i);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG),
			   nt_fmt(test, "%s%s%s%s%s%s%s%s%s", lost_line(test, 11),
				  request_line(test, 13), request_line(test, 14),
				  request_line(test, 15), request_line(test, 16),
				  request_line(test, 17), request_line(test, 18),
				  request_line(test, 19), request_line(test, 20)));
}

static void ring_several_readers(struct kunit *test)
{
	struct nethttp_ring *ring = new_ring(test, 8);
	struct nethttp_reader *first = new_reader(test, ring), *second, *third, *gone;
	u64 delivered = nethttp_stat_read(NETHTTP_STAT_EVENTS_DELIVERED);

	push(ring, test, 1);
	second = new_reader(test, ring);
	push(ring, test, 2);
	third = new_reader(test, ring);

	/* each reader has its own position: reading one leaves the others */
	KUNIT_EXPECT_STREQ(test, read_some(test, first, strlen(request_line(test, 1))),
			   request_line(test, 1));
	KUNIT_EXPECT_STREQ(test, read_some(test, second, BIG), request_line(test, 2));
	KUNIT_EXPECT_FALSE(test, nethttp_reader_ready(third));
	KUNIT_EXPECT_STREQ(test, read_some(test, third, BIG), AGAIN);
	KUNIT_EXPECT_STREQ(test, read_some(test, first, BIG), request_line(test, 2));
	KUNIT_EXPECT_STREQ(test, read_some(test, first, BIG), AGAIN);

	push(ring, test, 3);
	KUNIT_EXPECT_TRUE(test, nethttp_reader_ready(first));
	KUNIT_EXPECT_TRUE(test, nethttp_reader_ready(second));
	KUNIT_EXPECT_TRUE(test, nethttp_reader_ready(third));
	KUNIT_EXPECT_STREQ(test, read_some(test, third, BIG), request_line(test, 3));
	KUNIT_EXPECT_STREQ(test, read_some(test, second, BIG), request_line(test, 3));
	KUNIT_EXPECT_STREQ(test, read_some(test, first, BIG), request_line(test, 3));
	/* counted per reader, in messages */
	KUNIT_EXPECT_EQ(test, nethttp_stat_read(NETHTTP_STAT_EVENTS_DELIVERED), delivered + 6);

	/* a reader gone does not disturb the others */
	gone = nethttp_reader_create(ring);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gone);
	nethttp_reader_destroy(gone);
	push(ring, test, 4);
	KUNIT_EXPECT_STREQ(test, read_some(test, second, BIG), request_line(test, 4));
}

static void ring_event_names(struct kunit *test)
{
	struct nethttp_ring *ring = new_ring(test, 8);
	struct nethttp_reader *reader = new_reader(test, ring);
	struct nethttp_event *req = make_event(test, 7, NETHTTP_EVENTS_ALL);
	struct nethttp_event *resp = make_response(test, NETHTTP_EVENTS_ALL);
	struct nethttp_event *http_only = make_event(test, 9, NETHTTP_EVENT_HTTP);
	struct nethttp_event *resp_only = make_response(test, NETHTTP_EVENT_RESPONSE);
	u64 delivered = nethttp_stat_read(NETHTTP_STAT_EVENTS_DELIVERED);

	nethttp_ring_push(ring, req);
	nethttp_ring_push(ring, resp);
	nethttp_ring_push(ring, http_only);
	nethttp_ring_push(ring, resp_only);
	/* one line per name that applies, in the fixed order of names */
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG),
			   nt_fmt(test, "%s%s%s%s%s%s",
				  line_for(test, req, NETHTTP_EVENT_REQUEST),
				  line_for(test, req, NETHTTP_EVENT_HTTP),
				  line_for(test, resp, NETHTTP_EVENT_RESPONSE),
				  line_for(test, resp, NETHTTP_EVENT_HTTP),
				  line_for(test, http_only, NETHTTP_EVENT_HTTP),
				  line_for(test, resp_only, NETHTTP_EVENT_RESPONSE)));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), AGAIN);
	KUNIT_EXPECT_EQ(test, nethttp_stat_read(NETHTTP_STAT_EVENTS_DELIVERED), delivered + 4);

	/* the two lines of one message come one read at a time too */
	nethttp_ring_push(ring, req);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader,
					   strlen(line_for(test, req, NETHTTP_EVENT_REQUEST)) + 5),
			   line_for(test, req, NETHTTP_EVENT_REQUEST));
	KUNIT_EXPECT_TRUE(test, nethttp_reader_ready(reader));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG),
			   line_for(test, req, NETHTTP_EVENT_HTTP));
}

static void ring_overrun(struct kunit *test)
{
	struct nethttp_ring *ring = new_ring(test, 8);
	struct nethttp_reader *early = new_reader(test, ring), *late;
	u64 lost = nethttp_stat_read(NETHTTP_STAT_EVENTS_LOST);
	u64 delivered = nethttp_stat_read(NETHTTP_STAT_EVENTS_DELIVERED);
	const char *want;
	unsigned int i;

	for (i = 1; i <= 10; i++)
		push(ring, test, i);
	late = new_reader(test, ring);
	/* the early reader missed 1 and 2 */
	want = lost_line(test, 2);
	for (i = 3; i <= 10; i++)
		want = nt_fmt(test, "%s%s", want, request_line(test, i));
	KUNIT_EXPECT_STREQ(test, read_some(test, early, BIG), want);
	KUNIT_EXPECT_EQ(test, nethttp_stat_read(NETHTTP_STAT_EVENTS_LOST), lost + 2);
	KUNIT_EXPECT_EQ(test, nethttp_stat_read(NETHTTP_STAT_EVENTS_DELIVERED), delivered + 8);

	for (i = 11; i <= 30; i++)
		push(ring, test, i);
	/* both fell behind again: 11..22 lost for each */
	want = lost_line(test, 12);
	for (i = 23; i <= 30; i++)
		want = nt_fmt(test, "%s%s", want, request_line(test, i));
	KUNIT_EXPECT_STREQ(test, read_some(test, late, BIG), want);
	KUNIT_EXPECT_STREQ(test, read_some(test, early, BIG), want);
	KUNIT_EXPECT_EQ(test, nethttp_stat_read(NETHTTP_STAT_EVENTS_LOST), lost + 2 + 24);
	KUNIT_EXPECT_EQ(test, nethttp_stat_read(NETHTTP_STAT_EVENTS_DELIVERED),
			delivered + 8 + 16);

	/* caught up: no loss line any more */
	push(ring, test, 31);
	KUNIT_EXPECT_STREQ(test, read_some(test, early, BIG), request_line(test, 31));
	KUNIT_EXPECT_STREQ(test, read_some(test, late, BIG), request_line(test, 31));

	/* the loss line comes alone when only it fits, then the events */
	for (i = 32; i <= 40; i++)
		push(ring, test, i);
	want = lost_line(test, 1);
	KUNIT_EXPECT_STREQ(test, read_some(test, early, strlen(want) + 10), want);
	KUNIT_EXPECT_STREQ(test, read_some(test, early, strlen(request_line(test, 33))),
			   request_line(test, 33));
	/* or in pieces when less fits */
	KUNIT_EXPECT_STREQ(test, read_some(test, late, 10), nt_str(test, want, 10));
	KUNIT_EXPECT_STREQ(test, read_some(test, late, 100), want + 10);
	KUNIT_EXPECT_STREQ(test, read_some(test, late, strlen(request_line(test, 33))),
			   request_line(test, 33));
}

static void ring_wrap_around(struct kunit *test)
{
	struct nethttp_ring *ring = new_ring(test, 8);
	struct nethttp_reader *reader = new_reader(test, ring);
	u64 lost = nethttp_stat_read(NETHTTP_STAT_EVENTS_LOST);
	unsigned int round, i, id = 0;

	/* 13 rounds of 5 go round the 8 slots 8 times, and never overrun */
	for (round = 0; round < 13; round++) {
		const char *want = "";

		for (i = 0; i < 5; i++) {
			push(ring, test, ++id);
			want = nt_fmt(test, "%s%s", want, request_line(test, id));
		}
		KUNIT_EXPECT_STREQ_MSG(test, read_some(test, reader, BIG), want,
				       "round %u", round);
	}
	/* a full ring exactly: 8 pending, none lost */
	{
		const char *want = "";

		for (i = 0; i < 8; i++) {
			push(ring, test, ++id);
			want = nt_fmt(test, "%s%s", want, request_line(test, id));
		}
		KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), want);
	}
	KUNIT_EXPECT_EQ(test, nethttp_stat_read(NETHTTP_STAT_EVENTS_LOST), lost);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), AGAIN);
}

/* One event, pushed from a work item once the test sleeps. */
struct late_push {
	struct delayed_work work;
	struct nethttp_ring *ring;
	struct nethttp_event *event;
};

static void late_push_fn(struct work_struct *work)
{
	struct late_push *lp = container_of(to_delayed_work(work),
					    struct late_push, work);

	nethttp_ring_push(lp->ring, lp->event);
}

/*
 * A reader asleep is woken for a single event, far below the quarter of
 * a ring that wakes it at once: by the ring's timer, a tick or so later.
 */
static void ring_wakes_sleeping_reader(struct kunit *test)
{
	struct nethttp_ring *ring = new_ring(test, 64);
	struct nethttp_reader *reader = new_reader(test, ring);
	struct late_push lp = {
		.ring = ring,
		.event = make_event(test, 5, NETHTTP_EVENT_REQUEST),
	};
	long left;

	INIT_DELAYED_WORK(&lp.work, late_push_fn);
	schedule_delayed_work(&lp.work, 1);
	left = wait_event_interruptible_timeout(*nethttp_ring_wait_queue(ring),
						nethttp_reader_ready(reader),
						2 * HZ);
	cancel_delayed_work_sync(&lp.work);
	/* woken, and well before the timeout: a tick after the push */
	KUNIT_EXPECT_GT(test, left, (long)(2 * HZ - HZ / 2));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG), request_line(test, 5));
}

static void ring_partial_reads(struct kunit *test)
{
	struct nethttp_ring *ring = new_ring(test, 8);
	struct nethttp_reader *reader = new_reader(test, ring);
	const char *one = request_line(test, 1), *two = request_line(test, 2);
	const char *three = request_line(test, 3), *got = "";
	size_t len_one = strlen(one), len_two = strlen(two);

	push(ring, test, 1);
	push(ring, test, 2);
	/* a buffer smaller than the line gets its first part ... */
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, 10), nt_str(test, one, 10));
	KUNIT_EXPECT_TRUE(test, nethttp_reader_ready(reader));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, 7), nt_str(test, one + 10, 7));
	/* ... and the next read the rest, then whole lines again */
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG),
			   nt_fmt(test, "%s%s", one + 17, two));

	/* no partial line after a whole one */
	push(ring, test, 1);
	push(ring, test, 2);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, len_one + len_two - 1), one);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, len_two), two);

	/* one byte at a time */
	push(ring, test, 3);
	while (strlen(got) < strlen(three)) {
		const char *byte = read_some(test, reader, 1);

		KUNIT_ASSERT_EQ(test, strlen(byte), 1);
		got = nt_fmt(test, "%s%s", got, byte);
	}
	KUNIT_EXPECT_STREQ(test, got, three);
	KUNIT_EXPECT_FALSE(test, nethttp_reader_ready(reader));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, 1), AGAIN);

	/* the rest of a line survives an overrun behind it */
	push(ring, test, 1);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, 5), nt_str(test, one, 5));
	for (unsigned int i = 2; i <= 12; i++)
		push(ring, test, i);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, len_one - 5), one + 5);
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, strlen(lost_line(test, 3))),
			   lost_line(test, 3));
	KUNIT_EXPECT_STREQ(test, read_some(test, reader, BIG),
			   nt_fmt(test, "%s%s%s%s%s%s%s%s",
				  request_line(test, 5), request_line(test, 6),
				  request_line(test, 7), request_line(test, 8),
				  request_line(test, 9), request_line(test, 10),
				  request_line(test, 11), request_line(test, 12)));
}

static struct kunit_case ring_cases[] = {
	KUNIT_CASE(ring_create_sizes),
	KUNIT_CASE(ring_empty),
	KUNIT_CASE(ring_order),
	KUNIT_CASE(ring_reader_starts_now),
	KUNIT_CASE(ring_several_readers),
	KUNIT_CASE(ring_event_names),
	KUNIT_CASE(ring_overrun),
	KUNIT_CASE(ring_wrap_around),
	KUNIT_CASE(ring_partial_reads),
	KUNIT_CASE(ring_wakes_sleeping_reader),
	{}
};

static struct kunit_suite ring_suite = {
	.name = "nethttp_ring",
	.test_cases = ring_cases,
};

kunit_test_suite(ring_suite);
