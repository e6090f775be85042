// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the HTTP parser (module/parser.c).
 *
 * The input is one TCP payload. It is handed to the parser as an exact-size
 * heap copy whose bytes past what the parser may look at (NETHTTP_PREFIX_LEN
 * for nethttp_may_start, NETHTTP_PAYLOAD_MAX for nethttp_parse) are poisoned,
 * so ASan reports any read the contract does not allow. A parse that
 * succeeds is then held to invariants derived from parser.h and the line
 * format's contract; any violation traps.
 */
#include <stddef.h>
#include "nethttp/parser.h"
#include "check.h"

#define MAX_SPANS	(4 + 2 * NETHTTP_HEADERS_MAX)

static unsigned int examined(unsigned int len)
{
	return len < NETHTTP_PAYLOAD_MAX ? len : NETHTTP_PAYLOAD_MAX;
}

/*
 * Parses @len bytes of @data from a fresh copy into a @msg filled with
 * @stale first, so a result that depends on leftovers shows up as a
 * difference between two parses.
 */
static enum nethttp_parse_result parse_exact(const unsigned char *data, unsigned int len,
					     struct nethttp_msg *msg,
					     unsigned char stale)
{
	unsigned char *copy = fuzz_copy(data, len);
	unsigned int seen = examined(len);
	enum nethttp_parse_result res;

	memset(msg, stale, sizeof(*msg));
	ASAN_POISON_MEMORY_REGION(copy + seen, len - seen);
	res = nethttp_parse(copy, len, msg);
	ASAN_UNPOISON_MEMORY_REGION(copy + seen, len - seen);
	free(copy);
	CHECK(res == NETHTTP_PARSE_NOT_HTTP || res == NETHTTP_PARSE_MALFORMED ||
	      res == NETHTTP_PARSE_OK);
	return res;
}

static int may_start_exact(const unsigned char *data, unsigned int len)
{
	unsigned char *copy = fuzz_copy(data, len);
	unsigned int seen = len < NETHTTP_PREFIX_LEN ? len : NETHTTP_PREFIX_LEN;
	int full, prefix;

	ASAN_POISON_MEMORY_REGION(copy + seen, len - seen);
	full = nethttp_may_start(copy, len);
	/* the hook passes at most NETHTTP_PREFIX_LEN bytes: same answer */
	prefix = nethttp_may_start(copy, seen);
	ASAN_UNPOISON_MEMORY_REGION(copy + seen, len - seen);
	free(copy);
	CHECK(!full == !prefix);
	return full;
}

static int same_span(const struct nethttp_span *a, const struct nethttp_span *b)
{
	return a->off == b->off && a->len == b->len;
}

static int same_msg(const struct nethttp_msg *a, const struct nethttp_msg *b)
{
	unsigned int i;

	if (a->kind != b->kind || a->method != b->method ||
	    a->version != b->version || a->truncated != b->truncated ||
	    a->status_code != b->status_code ||
	    a->header_count != b->header_count ||
	    a->content_length != b->content_length ||
	    a->redacted != b->redacted ||
	    !same_span(&a->path, &b->path) || !same_span(&a->query, &b->query) ||
	    !same_span(&a->reason, &b->reason) || !same_span(&a->host, &b->host))
		return 0;
	for (i = 0; i < a->header_count && i < NETHTTP_HEADERS_MAX; i++)
		if (!same_span(&a->headers[i].name, &b->headers[i].name) ||
		    !same_span(&a->headers[i].value, &b->headers[i].value))
			return 0;
	return 1;
}

static int is_tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Field values, reason phrases: no control byte but HTAB. */
static int is_field_byte(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static void check_bytes(const unsigned char *data, const struct nethttp_span *span,
			int (*ok)(unsigned char))
{
	unsigned int i;

	for (i = 0; i < span->len; i++)
		CHECK(ok(data[span->off + i]));
}

static int is_target_byte(unsigned char c)
{
	return c > ' ' && c != 0x7f;
}

static int is_path_byte(unsigned char c)
{
	return is_target_byte(c) && c != '?';
}

static int name_is(const unsigned char *data, const struct nethttp_span *name,
		   const char *lower)
{
	unsigned int i, len = strlen(lower);

	if (name->len != len)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = data[name->off + i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (unsigned char)lower[i])
			return 0;
	}
	return 1;
}

static int cmp_span_off(const void *a, const void *b)
{
	const struct nethttp_span *x = a, *y = b;

	return (int)x->off - (int)y->off;
}

/* Every span lies in [0, limit); no two non-empty spans overlap. */
static void check_spans(const struct nethttp_msg *msg, unsigned int limit)
{
	struct nethttp_span spans[MAX_SPANS];
	const struct nethttp_span *all[4] = {
		&msg->path, &msg->query, &msg->reason, &msg->host };
	unsigned int n = 0, i;

	for (i = 0; i < 4; i++) {
		CHECK(all[i]->off <= limit && all[i]->len <= limit - all[i]->off);
		if (all[i]->len)
			spans[n++] = *all[i];
	}
	for (i = 0; i < msg->header_count; i++) {
		const struct nethttp_header *h = &msg->headers[i];

		CHECK(h->name.off <= limit && h->name.len <= limit - h->name.off);
		CHECK(h->value.off <= limit && h->value.len <= limit - h->value.off);
		if (h->name.len)
			spans[n++] = h->name;
		if (h->value.len)
			spans[n++] = h->value;
	}
	qsort(spans, n, sizeof(spans[0]), cmp_span_off);
	for (i = 1; i < n; i++)
		CHECK(spans[i - 1].off + spans[i - 1].len <= spans[i].off);
}

/*
 * Offset of the LF that ends the last header line ("\n\n" or "\n\r\n"),
 * or -1. No earlier LF can be followed by an empty line: targets, reasons
 * and values cannot hold a line end.
 */
static long block_end_lf(const unsigned char *data, unsigned int limit)
{
	unsigned int i;

	for (i = 0; i + 1 < limit; i++) {
		if (data[i] != '\n')
			continue;
		if (data[i + 1] == '\n' ||
		    (data[i + 1] == '\r' && i + 2 < limit && data[i + 2] == '\n'))
			return i;
	}
	return -1;
}

/* Offset just past the empty line ending the header block, or 0. */
static unsigned int block_end(const unsigned char *data, unsigned int limit)
{
	long lf = block_end_lf(data, limit);

	if (lf < 0)
		return 0;
	return (unsigned int)lf + (data[lf + 1] == '\n' ? 2 : 3);
}

static long long digits_value(const unsigned char *data, const struct nethttp_span *s)
{
	long long v = 0;
	unsigned int i;

	for (i = 0; i < s->len; i++) {
		unsigned char c = data[s->off + i];

		CHECK(c >= '0' && c <= '9');
		CHECK(v <= (0x7fffffffffffffffLL - (c - '0')) / 10);
		v = v * 10 + (c - '0');
	}
	return v;
}

/* content_length from the stored headers, which are all of them here. */
static long long expected_length(const unsigned char *data, const struct nethttp_msg *msg)
{
	long long length = -1;
	unsigned int i, code = msg->status_code;
	int chunked = 0;

	for (i = 0; i < msg->header_count; i++) {
		const struct nethttp_header *h = &msg->headers[i];

		if (name_is(data, &h->name, "transfer-encoding"))
			chunked = 1;
		if (name_is(data, &h->name, "content-length")) {
			long long v = digits_value(data, &h->value);

			CHECK(h->value.len > 0);
			CHECK(length < 0 || length == v);
			length = v;
		}
	}
	if (chunked)
		return -1;
	if (length >= 0)
		return length;
	if (msg->kind == NETHTTP_KIND_REQUEST)
		return 0;
	if ((code >= 100 && code < 200) || code == 204 || code == 304)
		return 0;
	return -1;
}

static void check_request(const unsigned char *data, unsigned int limit,
			  const struct nethttp_msg *msg)
{
	const char *name = nethttp_method_name(msg->method);
	unsigned int name_len = strlen(name), i;

	CHECK(msg->method > NETHTTP_METHOD_NONE && msg->method < NETHTTP_METHOD_COUNT);
	CHECK(name_len > 0 && limit > name_len);
	CHECK(memcmp(data, name, name_len) == 0 && data[name_len] == ' ');
	CHECK(msg->status_code == 0 && msg->reason.len == 0);
	CHECK(msg->path.off == name_len + 1);
	CHECK(msg->path.len + msg->query.len <= NETHTTP_TARGET_MAX);
	check_bytes(data, &msg->path, is_path_byte);
	if (msg->query.len) {
		CHECK(msg->query.off == msg->path.off + msg->path.len + 1);
		CHECK(data[msg->query.off - 1] == '?');
		check_bytes(data, &msg->query, is_target_byte);
	}
	CHECK(msg->host.len <= NETHTTP_VALUE_MAX);
	check_bytes(data, &msg->host, is_field_byte);
	for (i = 0; i < msg->header_count; i++)
		CHECK(!name_is(data, &msg->headers[i].name, "host"));
}

static void check_response(const unsigned char *data, unsigned int limit,
			   const struct nethttp_msg *msg)
{
	unsigned int code = msg->status_code;

	CHECK(msg->method == NETHTTP_METHOD_NONE);
	CHECK(msg->path.len == 0 && msg->query.len == 0 && msg->host.len == 0);
	CHECK(limit >= 8 && memcmp(data, "HTTP/1.", 7) == 0);
	CHECK(msg->version == (data[7] == '0' ? NETHTTP_VERSION_1_0 :
			       NETHTTP_VERSION_1_1));
	CHECK(code == 0 || (code >= 100 && code <= 599));
	if (code) {
		CHECK(limit >= 12 && data[8] == ' ');
		CHECK((unsigned int)(data[9] - '0') * 100 +
		      (unsigned int)(data[10] - '0') * 10 +
		      (unsigned int)(data[11] - '0') == code);
	}
	if (msg->reason.len) {
		CHECK(code != 0 && msg->reason.off == 13 && data[12] == ' ');
		CHECK(msg->reason.len <= NETHTTP_VALUE_MAX);
		check_bytes(data, &msg->reason, is_field_byte);
	}
}

static void check_headers(const unsigned char *data, unsigned int limit,
			  const struct nethttp_msg *msg)
{
	unsigned int i;

	for (i = 0; i < msg->header_count; i++) {
		const struct nethttp_header *h = &msg->headers[i];
		unsigned int name_end = h->name.off + h->name.len;

		CHECK(h->name.len > 0 && h->name.len <= NETHTTP_NAME_MAX);
		CHECK(h->value.len <= NETHTTP_VALUE_MAX);
		check_bytes(data, &h->name, is_tchar);
		check_bytes(data, &h->value, is_field_byte);
		/* the colon, and whatever the name limit cut, come first */
		CHECK(h->value.off > name_end);
		CHECK(name_end < limit);
		if (data[name_end] != ':')
			CHECK(msg->truncated && h->name.len == NETHTTP_NAME_MAX);
		if (h->value.len) {
			unsigned char first = data[h->value.off];
			unsigned char last = data[h->value.off + h->value.len - 1];

			CHECK(first != ' ' && first != '\t');
			if (!msg->truncated)
				CHECK(last != ' ' && last != '\t');
		}
		if (msg->truncated && name_is(data, &h->name, "transfer-encoding"))
			CHECK(msg->content_length == -1);
	}
}

static void check_msg(const unsigned char *data, unsigned int len,
		      const struct nethttp_msg *msg)
{
	unsigned int limit = examined(len), end, i;

	CHECK(msg->kind == NETHTTP_KIND_REQUEST || msg->kind == NETHTTP_KIND_RESPONSE);
	CHECK(msg->version <= NETHTTP_VERSION_1_1);
	CHECK(msg->truncated == 0 || msg->truncated == 1);
	CHECK(msg->header_count <= NETHTTP_HEADERS_MAX);
	CHECK(msg->content_length >= -1);
	CHECK(msg->redacted == 0);
	check_spans(msg, limit);
	if (msg->kind == NETHTTP_KIND_REQUEST)
		check_request(data, limit, msg);
	else
		check_response(data, limit, msg);
	check_headers(data, limit, msg);

	if (msg->truncated)
		return;
	/* Complete: the whole header block is there and nothing was cut. */
	end = block_end(data, limit);
	CHECK(end > 0);
	CHECK(msg->version != NETHTTP_VERSION_UNKNOWN);
	if (msg->kind == NETHTTP_KIND_REQUEST)
		CHECK(is_target_byte(data[msg->path.off]));
	else
		CHECK(msg->status_code != 0);
	CHECK(msg->path.off + msg->path.len < end);
	CHECK(msg->query.off + msg->query.len < end);
	CHECK(msg->reason.off + msg->reason.len < end);
	CHECK(msg->host.off + msg->host.len < end);
	for (i = 0; i < msg->header_count; i++)
		CHECK(msg->headers[i].value.off + msg->headers[i].value.len < end);
	CHECK(msg->content_length == expected_length(data, msg));
}

static unsigned int fnv1a(const unsigned char *data, size_t len)
{
	unsigned int h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

/*
 * The end of a segment may cut a message anywhere: a cut may turn a
 * malformed message into a truncated one, never a good one into a
 * malformed one. A prefix of at least @same_from bytes (nonzero: all the
 * parser reads of this input) must parse exactly like the whole input.
 */
static void check_prefix(const unsigned char *data, unsigned int k,
			 enum nethttp_parse_result full_res,
			 const struct nethttp_msg *full, unsigned int same_from)
{
	static struct nethttp_msg msg;
	enum nethttp_parse_result res = parse_exact(data, k, &msg, 0x3c);
	int same = same_from && k >= same_from;

	if (same)
		CHECK(res == full_res);
	if (full_res != NETHTTP_PARSE_MALFORMED)
		CHECK(res != NETHTTP_PARSE_MALFORMED);
	if (full_res == NETHTTP_PARSE_NOT_HTTP)
		CHECK(res == NETHTTP_PARSE_NOT_HTTP);
	else if (k >= NETHTTP_PREFIX_LEN)
		CHECK(res != NETHTTP_PARSE_NOT_HTTP);
	if (res != NETHTTP_PARSE_OK)
		return;
	check_msg(data, k, &msg);
	if (full_res == NETHTTP_PARSE_OK) {
		CHECK(msg.kind == full->kind);
		if (same)
			CHECK(same_msg(&msg, full));
	}
}

/*
 * libFuzzer calls the symbol LLVMFuzzerTestOneInput; the asm label gives
 * it to a function with a name in the kernel's style.
 */
int fuzz_one_input(const unsigned char *data, size_t size)
	__asm__("LLVMFuzzerTestOneInput");

int fuzz_one_input(const unsigned char *data, size_t size)
{
	static struct nethttp_msg first, second;
	enum nethttp_parse_result res;
	unsigned int len, same_from = 0;
	int may_start;

	if (size > 1u << 20)
		return 0;
	len = (unsigned int)size;

	may_start = may_start_exact(data, len);
	res = parse_exact(data, len, &first, 0xa5);
	CHECK(parse_exact(data, len, &second, 0x5a) == res);
	if (!may_start)
		CHECK(res == NETHTTP_PARSE_NOT_HTTP);
	else
		CHECK(res != NETHTTP_PARSE_NOT_HTTP);

	if (res == NETHTTP_PARSE_OK) {
		CHECK(same_msg(&first, &second));
		check_msg(data, len, &first);
		if (!first.truncated)
			same_from = block_end(data, examined(len));
	}
	if (len > NETHTTP_PAYLOAD_MAX) {
		check_prefix(data, NETHTTP_PAYLOAD_MAX, res, &first,
			     NETHTTP_PAYLOAD_MAX);
		return 0;
	}
	if (same_from && same_from < len)
		check_prefix(data, same_from, res, &first, same_from);
	if (len >= 2) {
		check_prefix(data, len - 1, res, &first, same_from);
		check_prefix(data, fnv1a(data, len) % len, res, &first, same_from);
	}
	return 0;
}
