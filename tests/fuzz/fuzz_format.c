// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the JSON line formatter (module/format.c).
 *
 * Input layout; byte 0 picks the mode:
 *   even: an event the way the hook makes one. Bytes 1..260 fill the
 *         metadata, who sent it and a response's paired request
 *         (take_metadata()) and a redaction mask, the rest is
 *         the TCP payload, which the parser turns into msg. Only parsed
 *         messages are formatted; every line must fit NETHTTP_LINE_MAX.
 *   odd:  bytes 1.. are the raw struct nethttp_event (zero-filled when
 *         short): arbitrary spans, counts, kinds and families, to show
 *         the formatter trusts nothing in an event.
 * In both modes data[] past data_len, headers[] past header_count and a
 * paired request's text past its lengths (all of it when unpaired) are
 * poisoned, as the ring copies none of them (nethttp_event_copy()).
 * Every output buffer is an exact-size heap block, so a write past the
 * size given is an ASan report.
 * The bytes after byte 0 also feed nethttp_format_json_string and
 * nethttp_format_lost at small buffer sizes.
 *
 * NETHTTP_FUZZ_PRINT=1 in the environment prints each line to stderr, to
 * see what a reproducer makes of an event.
 */
#define _GNU_SOURCE	/* memmem() */
#include <stddef.h>
#include "nethttp/escape.h"
#include "nethttp/format.h"
#include "check.h"
#include "json_check.h"

static const unsigned int event_types[] = {
	NETHTTP_EVENT_REQUEST, NETHTTP_EVENT_RESPONSE, NETHTTP_EVENT_HTTP,
};

struct input {
	const unsigned char *p;
	size_t left;
};

/* @n bytes of input, zeros once it runs out. */
static void take(struct input *in, void *dst, size_t n)
{
	size_t have = n < in->left ? n : in->left;

	memset(dst, 0, n);
	memcpy(dst, in->p, have);
	in->p += have;
	in->left -= have;
}

static unsigned long long take_u64(struct input *in, size_t n)
{
	unsigned char b[8];
	unsigned long long v = 0;

	take(in, b, n);
	while (n--)
		v = (v << 8) | b[n];
	return v;
}

static unsigned int data_len_of(const struct nethttp_event *ev)
{
	return ev->data_len < NETHTTP_PAYLOAD_MAX ? ev->data_len : NETHTTP_PAYLOAD_MAX;
}

static struct nethttp_event *event_alloc(void)
{
	struct nethttp_event *ev = (struct nethttp_event *)fuzz_alloc(sizeof(*ev));

	memset(ev, 0, sizeof(*ev));
	return ev;
}

/* Bytes the ring never copies (nethttp_event_copy()) must never be read. */
static void event_seal(struct nethttp_event *ev)
{
	unsigned int used = data_len_of(ev);

	ASAN_POISON_MEMORY_REGION(ev->data + used, NETHTTP_PAYLOAD_MAX - used);
	if (ev->latency_ns < 0) {
		ASAN_POISON_MEMORY_REGION(&ev->request, sizeof(ev->request));
		return;
	}
	used = nethttp_brief_len(&ev->request);
	ASAN_POISON_MEMORY_REGION(ev->request.text + used,
				  NETHTTP_BRIEF_TEXT_MAX - used);
}

/* The same for headers[], once the parser has filled in what it uses. */
static void event_seal_headers(struct nethttp_event *ev)
{
	unsigned int headers = ev->msg.header_count;

	if (headers > NETHTTP_HEADERS_MAX)
		headers = NETHTTP_HEADERS_MAX;
	ASAN_POISON_MEMORY_REGION(ev->msg.headers + headers,
				  (NETHTTP_HEADERS_MAX - headers) *
				  sizeof(ev->msg.headers[0]));
}

static void event_free(struct nethttp_event *ev)
{
	ASAN_UNPOISON_MEMORY_REGION(ev->data, NETHTTP_PAYLOAD_MAX);
	ASAN_UNPOISON_MEMORY_REGION(ev->msg.headers, sizeof(ev->msg.headers));
	ASAN_UNPOISON_MEMORY_REGION(&ev->request, sizeof(ev->request));
	free(ev);
}

static void take_metadata(struct input *in, struct nethttp_event *ev)
{
	ev->timestamp_ns = take_u64(in, 8);
	ev->netns = (unsigned int)take_u64(in, 4);
	ev->packet_len = (unsigned int)take_u64(in, 4);
	ev->family = (take_u64(in, 1) & 1) ? 6 : 4;
	ev->direction = (unsigned char)take_u64(in, 1);
	ev->protocol = (unsigned char)take_u64(in, 1);
	ev->sport = (unsigned short)take_u64(in, 2);
	ev->dport = (unsigned short)take_u64(in, 2);
	take(in, ev->saddr, sizeof(ev->saddr));
	take(in, ev->daddr, sizeof(ev->daddr));
	take(in, ev->iface, sizeof(ev->iface));
	/* who sent it, and a response's request: any bytes at all */
	ev->origin.known = (unsigned int)take_u64(in, 4);
	ev->origin.pid = (unsigned int)take_u64(in, 4);
	ev->origin.host_pid = (unsigned int)take_u64(in, 4);
	ev->origin.uid = (unsigned int)take_u64(in, 4);
	ev->origin.cgroup_id = take_u64(in, 8);
	take(in, ev->origin.comm, sizeof(ev->origin.comm));
	ev->latency_ns = (long long)take_u64(in, 8);
	ev->request.flags = (unsigned char)take_u64(in, 1);
	ev->request.method_len = (unsigned char)take_u64(in, 1);
	ev->request.host_len = (unsigned char)take_u64(in, 1);
	ev->request.path_len = (unsigned char)take_u64(in, 1);
	ev->request.query_len = (unsigned char)take_u64(in, 1);
	take(in, ev->request.text, sizeof(ev->request.text));
}

/* What nethttp_redact() does to a header it withholds. */
static void redact(struct nethttp_event *ev, unsigned long long mask)
{
	struct nethttp_msg *msg = &ev->msg;
	unsigned int i;

	for (i = 0; i < msg->header_count; i++) {
		const struct nethttp_span *value = &msg->headers[i].value;

		if (!(mask & (1ULL << i)))
			continue;
		msg->redacted |= 1ULL << i;
		memset(ev->data + value->off, 0, value->len);
	}
}

static int applies(unsigned int type, unsigned int kind)
{
	if (kind != NETHTTP_KIND_REQUEST && kind != NETHTTP_KIND_RESPONSE)
		return 0;
	if (type == NETHTTP_EVENT_REQUEST)
		return kind == NETHTTP_KIND_REQUEST;
	if (type == NETHTTP_EVENT_RESPONSE)
		return kind == NETHTTP_KIND_RESPONSE;
	return 1;
}

/*
 * The keys of the outer three levels, "depth:key," each, in line order:
 * who sent it as far as known, and a response's pairing.
 */
static const char *expected_keys(const struct nethttp_event *ev,
				 unsigned int type)
{
#define META	"2:metadata,3:src_ip,3:dst_ip,3:src_port,3:dst_port,3:protocol," \
		"3:packet_len,3:iface,"
#define TAIL	"3:headers,3:content_length,3:truncated,3:anomalies,"
	static char keys[1024];
	unsigned int known = ev->origin.known;
	const char *pairing = ev->msg.kind == NETHTTP_KIND_RESPONSE ?
			      "3:latency_ns,3:request," : "";

	snprintf(keys, sizeof(keys), "1:timestamp,1:eventName,1:netns,1:direction,%s%s%s1:args,%s",
		 known & NETHTTP_ORIGIN_TASK ?
		 "1:processId,1:hostProcessId,1:processName," : "",
		 known & NETHTTP_ORIGIN_UID ? "1:userId," : "",
		 known & NETHTTP_ORIGIN_CGROUP ? "1:cgroupId," : "",
		 type == NETHTTP_EVENT_HTTP ? "2:src,2:dst,2:src_port,2:dst_port," : "");
	switch (type) {
	case NETHTTP_EVENT_REQUEST:
		strcat(keys, META
		       "2:http_request,3:method,3:protocol,3:host,3:uri_path,3:uri_query,"
		       TAIL);
		break;
	case NETHTTP_EVENT_RESPONSE:
		strcat(keys, META "2:http_response,3:status,3:status_code,3:protocol,"
		       TAIL);
		break;
	default:
		strcat(keys, META
		       "2:proto_http,3:direction,3:method,3:protocol,3:host,3:uri_path,3:uri_query,3:status,3:status_code,"
		       TAIL);
	}
	strcat(keys, pairing);
	return keys;
#undef META
#undef TAIL
}

static void check_keys(const struct json_info *info,
		       const struct nethttp_event *ev, unsigned int type)
{
	const char *want = expected_keys(ev, type);
	static char seen[4096];
	size_t n = 0;
	unsigned int i;

	CHECK(info->key_count <= JSON_KEYS_MAX);
	for (i = 0; i < info->key_count; i++) {
		const struct json_key *key = &info->keys[i];

		if (key->depth > 3)
			continue;
		CHECK(n + key->len + 4 < sizeof(seen));
		seen[n++] = (char)('0' + key->depth);
		seen[n++] = ':';
		memcpy(seen + n, key->text, key->len);
		n += key->len;
		seen[n++] = ',';
	}
	seen[n] = '\0';
	if (strcmp(seen, want)) {
		fprintf(stderr, "keys: %s\nwant: %s\n", seen, want);
		CHECK(!"line keys in the contract's order");
	}
}

/* Header names the line must list: equal ignoring case means the same. */
static unsigned int distinct_names(const struct nethttp_event *ev)
{
	const struct nethttp_msg *msg = &ev->msg;
	unsigned int i, j, k, count = 0;

	for (i = 0; i < msg->header_count; i++) {
		const struct nethttp_span *a = &msg->headers[i].name;

		for (j = 0; j < i; j++) {
			const struct nethttp_span *b = &msg->headers[j].name;

			if (a->len != b->len)
				continue;
			for (k = 0; k < a->len; k++) {
				unsigned char x = ev->data[a->off + k];
				unsigned char y = ev->data[b->off + k];

				if (x >= 'A' && x <= 'Z')
					x += 'a' - 'A';
				if (y >= 'A' && y <= 'Z')
					y += 'a' - 'A';
				if (x != y)
					break;
			}
			if (k == a->len)
				break;
		}
		if (j == i)
			count++;
	}
	return count;
}

/* Content-Type: upper case first and after each '-', lower case elsewhere. */
static void check_canonical(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = name[i];
		int upper = i == 0 || name[i - 1] == '-';

		if (upper)
			CHECK(!(c >= 'a' && c <= 'z'));
		else
			CHECK(!(c >= 'A' && c <= 'Z'));
	}
}

/*
 * The line format's anomaly names, spelled here apart from names.c so that
 * a renamed or misplaced one shows: the order is enum nethttp_anomaly's.
 */
static const char *const anomaly_names[] = {
	"obs_fold", "space_before_colon", "bare_lf", "version_nonstandard",
	"first_line_spacing", "status_line_no_reason", "duplicate_content_length",
	"conflicting_content_length", "bad_content_length", "te_and_cl",
	"duplicate_host", "missing_host", "header_without_colon", "bad_header_name",
	"control_bytes", "http09_request", "extension_method", "too_many_headers",
	"line_too_long",
};

/* The line's anomaly list, at its very end, names exactly the known bits. */
/*
 * The anomaly list names the message's anomalies, and ends the line but
 * for a response's pairing: "latency_ns" and "request", null or an object
 * of the paired request's fields.
 */
static unsigned int check_anomalies(const char *line, unsigned int n,
				    const struct nethttp_event *ev)
{
	static const char key[] = ",\"anomalies\":[";
	static char want[1024], tail[128];
	unsigned int i, count = 0, anomalies = ev->msg.anomalies;
	const char *at;
	size_t len, rest;

	CHECK(ARRAY_SIZE(anomaly_names) == NETHTTP_ANOMALY_COUNT);
	len = (size_t)snprintf(want, sizeof(want), "%s", key);
	for (i = 0; i < ARRAY_SIZE(anomaly_names); i++) {
		if (!(anomalies & (1U << i)))
			continue;
		len += (size_t)snprintf(want + len, sizeof(want) - len, "%s\"%s\"",
					count ? "," : "", anomaly_names[i]);
		count++;
	}
	len += (size_t)snprintf(want + len, sizeof(want) - len, "]");
	CHECK(len < sizeof(want));
	/* in a string every quote is escaped: the key is found only as a key */
	at = memmem(line, n, key, sizeof(key) - 1);
	CHECK(at);
	rest = n - (size_t)(at - line);
	if (rest < len || memcmp(at, want, len)) {
		fprintf(stderr, "line has: %.*s\nwant:     %s\n", (int)len, at, want);
		CHECK(!"the anomaly list names the message's anomalies");
	}
	at += len;
	rest -= len;
	if (ev->msg.kind != NETHTTP_KIND_RESPONSE) {
		CHECK(rest == 4 && !memcmp(at, "}}}\n", 4));
		return count;
	}
	if (ev->latency_ns < 0) {
		snprintf(tail, sizeof(tail), ",\"latency_ns\":-1,\"request\":null}}}\n");
		CHECK(rest == strlen(tail) && !memcmp(at, tail, rest));
		return count;
	}
	len = (size_t)snprintf(tail, sizeof(tail),
			       ",\"latency_ns\":%lld,\"request\":{\"method\":\"",
			       ev->latency_ns);
	CHECK(rest > len && !memcmp(at, tail, len));
	snprintf(tail, sizeof(tail), ",\"truncated\":%s}}}}\n",
		 ev->request.flags & NETHTTP_BRIEF_CUT ? "true" : "false");
	len = strlen(tail);
	CHECK(rest > len && !memcmp(at + rest - len, tail, len));
	return count;
}

static void check_line(const char *line, unsigned int n,
		       const struct nethttp_event *ev, unsigned int type,
		       int parsed)
{
	static struct json_info info;
	unsigned int headers = ev->msg.header_count, i, names = 0, anomalies;
	/* method, host, uri_path, uri_query and truncated */
	unsigned int paired = ev->msg.kind == NETHTTP_KIND_RESPONSE &&
			      ev->latency_ns >= 0 ? 5 : 0;

	CHECK(n >= 2 && line[n - 1] == '\n');
	CHECK(!memchr(line, '\n', n - 1));
	if (!json_check(line, n - 1, &info)) {
		fprintf(stderr, "invalid JSON: %s at byte %zu of: %.*s\n",
			info.error, info.error_at, (int)n, line);
		CHECK(!"line is valid JSON");
	}
	check_keys(&info, ev, type);
	anomalies = check_anomalies(line, n, ev);
	if (headers > NETHTTP_HEADERS_MAX)
		headers = NETHTTP_HEADERS_MAX;
	/* each stored value is listed once, under its name */
	CHECK(info.array_values == headers + anomalies);
	/* a name that is no token is shown as sent, not canonical */
	if (!parsed || (ev->msg.anomalies & 1U << NETHTTP_ANOMALY_BAD_HEADER_NAME))
		return;
	/* names are tokens, so different ones never print alike */
	CHECK(!info.duplicate_keys);
	for (i = 0; i < info.key_count; i++) {
		if (info.keys[i].depth != 4)
			continue;
		/* a paired request's fields come last, after the headers */
		if (i + paired >= info.key_count)
			break;
		names++;
		check_canonical(info.keys[i].text, info.keys[i].len);
	}
	CHECK(names == distinct_names(ev));
}

/*
 * Formats @ev as @type into exact-size buffers: NETHTTP_LINE_MAX, the
 * line's own length (same line), one byte less and @small_size (both 0).
 */
static unsigned int format_checked(const struct nethttp_event *ev,
				   unsigned int type, unsigned int small_size,
				   int parsed)
{
	char *buf = fuzz_alloc(NETHTTP_LINE_MAX), *again;
	unsigned int n;

	n = nethttp_format_event(buf, NETHTTP_LINE_MAX, ev, type);
	CHECK(n <= NETHTTP_LINE_MAX);
	if (!applies(type, ev->msg.kind))
		CHECK(n == 0);
	if (n) {
		if (getenv("NETHTTP_FUZZ_PRINT"))
			fprintf(stderr, "%.*s", (int)n, buf);
		check_line(buf, n, ev, type, parsed);

		again = fuzz_alloc(n);
		CHECK(nethttp_format_event(again, n, ev, type) == n);
		CHECK(memcmp(again, buf, n) == 0);
		free(again);

		again = fuzz_alloc(n - 1);
		CHECK(nethttp_format_event(again, n - 1, ev, type) == 0);
		free(again);

		small_size %= n;
		again = fuzz_alloc(small_size);
		CHECK(nethttp_format_event(again, small_size, ev, type) == 0);
		free(again);
	}
	free(buf);
	return n;
}

/* A type that is not one event bit names no line at all. */
static void check_no_event_type(const struct nethttp_event *ev)
{
	static const unsigned int bad_types[] = {
		0, NETHTTP_EVENT_REQUEST | NETHTTP_EVENT_RESPONSE,
		NETHTTP_EVENTS_ALL, NETHTTP_EVENT_HTTP << 1,
	};
	char *buf = fuzz_alloc(NETHTTP_LINE_MAX);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_types); i++)
		CHECK(nethttp_format_event(buf, NETHTTP_LINE_MAX, ev, bad_types[i]) == 0);
	free(buf);
}

static void fuzz_parsed_event(struct input *in)
{
	struct nethttp_event *ev = event_alloc();
	unsigned long long mask;
	unsigned int i, small_size;

	take_metadata(in, ev);
	mask = take_u64(in, 8);
	small_size = (unsigned int)(mask >> 40);
	ev->data_len = in->left < NETHTTP_PAYLOAD_MAX ? (unsigned int)in->left :
							 NETHTTP_PAYLOAD_MAX;
	memcpy(ev->data, in->p, ev->data_len);
	event_seal(ev);
	if (nethttp_parse(ev->data, ev->data_len, &ev->msg) == NETHTTP_PARSE_OK) {
		event_seal_headers(ev);
		check_no_event_type(ev);
		redact(ev, mask);
		ev->events = NETHTTP_EVENTS_ALL;
		for (i = 0; i < ARRAY_SIZE(event_types); i++) {
			unsigned int type = event_types[i];
			unsigned int n = format_checked(ev, type, small_size, 1);

			/* NETHTTP_LINE_MAX holds any line of a parsed message */
			CHECK(!applies(type, ev->msg.kind) || n > 0);
		}
	}
	event_free(ev);
}

static void fuzz_raw_event(struct input *in)
{
	struct nethttp_event *ev = event_alloc();
	unsigned int i;

	take(in, ev, sizeof(*ev));
	event_seal(ev);
	event_seal_headers(ev);
	for (i = 0; i < ARRAY_SIZE(event_types); i++)
		format_checked(ev, event_types[i], ev->seq & 0xffff, 0);
	check_no_event_type(ev);
	event_free(ev);
}

/*
 * What the contract makes of @s: valid UTF-8 as is, each byte of anything
 * else as U+FFFD (EF BF BD). Returns the length written to @out.
 */
static size_t reference_text(const unsigned char *s, size_t len, unsigned char *out)
{
	size_t i = 0, n = 0;

	while (i < len) {
		unsigned int cp;
		size_t step = check_utf8_sequence(s + i, len - i, &cp);

		if (step) {
			memcpy(out + n, s + i, step);
			n += step;
			i += step;
		} else {
			memcpy(out + n, "\xef\xbf\xbd", 3);
			n += 3;
			i++;
		}
	}
	return n;
}

static void fuzz_json_string(const unsigned char *s, size_t len, unsigned int small_size)
{
	static struct json_info info;
	unsigned int room = 6 * (unsigned int)len, n;
	unsigned char *text, *want, *decoded;
	char *buf = fuzz_alloc(room), *quoted, *again;
	size_t want_len, decoded_len;

	n = nethttp_format_json_string(buf, room, s, (unsigned int)len);
	CHECK(len ? n > 0 : n == 0);
	CHECK(n <= room);

	quoted = fuzz_alloc(n + 2);
	quoted[0] = '"';
	memcpy(quoted + 1, buf, n);
	quoted[n + 1] = '"';
	if (!json_check(quoted, n + 2, &info)) {
		fprintf(stderr, "invalid JSON string: %s at byte %zu of: %.*s\n",
			info.error, info.error_at, (int)n + 2, quoted);
		CHECK(!"escaped text is a valid JSON string");
	}
	free(quoted);

	/* escaping loses nothing but invalid UTF-8 */
	text = fuzz_copy(buf, n);
	decoded = (unsigned char *)fuzz_alloc(n);
	want = (unsigned char *)fuzz_alloc(3 * len);
	decoded_len = json_decode_string((const char *)text, n, decoded);
	want_len = reference_text(s, len, want);
	CHECK(decoded_len == want_len && memcmp(decoded, want, want_len) == 0);
	free(text);
	free(decoded);
	free(want);

	if (n) {
		again = fuzz_alloc(n);
		CHECK(nethttp_format_json_string(again, n, s, (unsigned int)len) == n);
		CHECK(memcmp(again, buf, n) == 0);
		free(again);
		again = fuzz_alloc(n - 1);
		CHECK(nethttp_format_json_string(again, n - 1, s, (unsigned int)len) == 0);
		free(again);
		small_size %= n;
		again = fuzz_alloc(small_size);
		CHECK(nethttp_format_json_string(again, small_size, s,
						 (unsigned int)len) == 0);
		free(again);
	}
	free(buf);
}

static void fuzz_lost(unsigned long long lost, unsigned int small_size)
{
	char want[64], *buf;
	unsigned int n = (unsigned int)snprintf(want, sizeof(want),
				"{\"eventName\":\"nethttp_lost\",\"lost\":%llu}\n", lost);

	buf = fuzz_alloc(n);
	CHECK(nethttp_format_lost(buf, n, lost) == n);
	CHECK(memcmp(buf, want, n) == 0);
	free(buf);
	buf = fuzz_alloc(n - 1);
	CHECK(nethttp_format_lost(buf, n - 1, lost) == 0);
	free(buf);
	small_size %= n;
	buf = fuzz_alloc(small_size);
	CHECK(nethttp_format_lost(buf, small_size, lost) == 0);
	free(buf);
}

/*
 * libFuzzer calls the symbol LLVMFuzzerTestOneInput; the asm label gives
 * it to a function with a name in the kernel's style.
 */
int fuzz_one_input(const unsigned char *data, size_t size)
	__asm__("LLVMFuzzerTestOneInput");

int fuzz_one_input(const unsigned char *data, size_t size)
{
	struct input in = { data + 1, size ? size - 1 : 0 };
	struct input head = in;
	unsigned long long word;

	if (!size || size > 1u << 16)
		return 0;
	if (data[0] & 1)
		fuzz_raw_event(&in);
	else
		fuzz_parsed_event(&in);

	word = take_u64(&head, 8);
	fuzz_lost(word, (unsigned int)(word >> 32));
	/* enough for every escape path, without slowing the event modes */
	fuzz_json_string(data + 1, size - 1 < 1024 ? size - 1 : 1024, data[0]);
	return 0;
}
