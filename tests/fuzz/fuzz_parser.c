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
	    a->anomalies != b->anomalies ||
	    !same_span(&a->method_token, &b->method_token) ||
	    !same_span(&a->version_token, &b->version_token) ||
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

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* What parser.h calls a control byte: CTLs but HTAB. */
static int is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

static int has(const struct nethttp_msg *msg, enum nethttp_anomaly a)
{
	return (msg->anomalies >> a) & 1;
}

/* Whether the span holds a byte @pred is true for. */
static int any_byte(const unsigned char *data, const struct nethttp_span *span,
		    int (*pred)(unsigned char))
{
	unsigned int i;

	for (i = 0; i < span->len; i++)
		if (pred(data[span->off + i]))
			return 1;
	return 0;
}

static int is_line_end(unsigned char c)
{
	return c == '\r' || c == '\n';
}

static int is_lf(unsigned char c)
{
	return c == '\n';
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

/*
 * A Content-Length value as a list of copies of one number: the value, -1
 * when it is no such list, -2 when its copies disagree. Written apart from
 * the parser's: blanks and fold line ends around each copy are OWS.
 */
static long long length_list(const unsigned char *data, const struct nethttp_span *s)
{
	const unsigned char *p = data + s->off, *end = p + s->len;
	long long value = -1;
	int disagree = 0;

	for (;;) {
		long long v = 0;
		int digits = 0;

		while (p < end && (is_blank(*p) || is_line_end(*p)))
			p++;
		for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
			if (v > (0x7fffffffffffffffLL - (*p - '0')) / 10)
				return -1;
			v = v * 10 + (*p - '0');
		}
		if (!digits)
			return -1;
		if (value >= 0 && v != value)
			disagree = 1;
		value = v;
		while (p < end && (is_blank(*p) || is_line_end(*p)))
			p++;
		if (p == end)
			return disagree ? -2 : value;
		if (*p++ != ',')
			return -1;
	}
}

/*
 * content_length from the stored headers, which are all of them here, and
 * the anomalies the lengths must have raised.
 */
static long long expected_length(const unsigned char *data, const struct nethttp_msg *msg,
				 unsigned int *anomalies)
{
	long long length = -1, v;
	unsigned int i, code = msg->status_code, copies = 0;
	int chunked = 0, invalid = 0;

	*anomalies = 0;
	for (i = 0; i < msg->header_count; i++) {
		const struct nethttp_header *h = &msg->headers[i];

		if (name_is(data, &h->name, "transfer-encoding"))
			chunked = 1;
		if (!name_is(data, &h->name, "content-length"))
			continue;
		v = length_list(data, &h->value);
		if (v == -1) {
			*anomalies |= 1U << NETHTTP_ANOMALY_BAD_CONTENT_LENGTH;
			invalid = 1;
		} else if (v == -2 || (copies && v != length)) {
			*anomalies |= 1U << NETHTTP_ANOMALY_CONFLICTING_CONTENT_LENGTH;
			invalid = 1;
		}
		if (v >= 0 && !copies)
			length = v;
		copies++;
	}
	if (chunked && copies)
		*anomalies |= 1U << NETHTTP_ANOMALY_TE_AND_CL;
	if (chunked)
		return -1;
	if (copies)
		return invalid ? -1 : length;
	if (msg->kind == NETHTTP_KIND_REQUEST)
		return 0;
	if ((code >= 100 && code < 200) || code == 204 || code == 304)
		return 0;
	return -1;
}

static void check_request(const unsigned char *data, unsigned int limit,
			  const struct nethttp_msg *msg)
{
	unsigned int m = msg->method_token.len, i;

	CHECK(msg->method > NETHTTP_METHOD_NONE && msg->method < NETHTTP_METHOD_COUNT);
	CHECK(msg->method_token.off == 0 && m > 0 && limit > m);
	for (i = 0; i < m; i++)
		CHECK(is_tchar(data[i]));
	CHECK(is_blank(data[m]));
	if (msg->method == NETHTTP_METHOD_EXTENSION) {
		CHECK(has(msg, NETHTTP_ANOMALY_EXTENSION_METHOD));
		/* a method only with a whole, proper version after it */
		CHECK(msg->version != NETHTTP_VERSION_UNKNOWN);
	} else {
		CHECK(!has(msg, NETHTTP_ANOMALY_EXTENSION_METHOD));
		CHECK(strlen(nethttp_method_name(msg->method)) == m);
		CHECK(memcmp(data, nethttp_method_name(msg->method), m) == 0);
	}
	CHECK(msg->status_code == 0 && msg->reason.len == 0);
	CHECK(msg->path.off > m || (msg->path.off == m && msg->path.len == 0));
	CHECK(msg->path.len + msg->query.len <= NETHTTP_TARGET_MAX);
	CHECK(!any_byte(data, &msg->path, is_lf) && !any_byte(data, &msg->query, is_lf));
	for (i = 0; i < msg->path.len; i++)
		CHECK(data[msg->path.off + i] != '?');
	if (any_byte(data, &msg->path, is_control) || any_byte(data, &msg->query, is_control))
		CHECK(has(msg, NETHTTP_ANOMALY_CONTROL_BYTES));
	if (any_byte(data, &msg->path, is_blank) || any_byte(data, &msg->query, is_blank))
		CHECK(has(msg, NETHTTP_ANOMALY_FIRST_LINE_SPACING));
	if (msg->query.len) {
		CHECK(msg->query.off == msg->path.off + msg->path.len + 1);
		CHECK(data[msg->query.off - 1] == '?');
	}
	CHECK(msg->host.len <= NETHTTP_VALUE_MAX);
	if (any_byte(data, &msg->host, is_line_end))
		CHECK(has(msg, NETHTTP_ANOMALY_OBS_FOLD) ||
		      has(msg, NETHTTP_ANOMALY_CONTROL_BYTES));
	for (i = 0; i < msg->header_count; i++)
		if (name_is(data, &msg->headers[i].name, "host"))
			CHECK(has(msg, NETHTTP_ANOMALY_DUPLICATE_HOST));
	if (has(msg, NETHTTP_ANOMALY_HTTP09_REQUEST))
		CHECK(msg->version == NETHTTP_VERSION_UNKNOWN);
}

static int starts_http(const unsigned char *p, unsigned int len)
{
	static const char lower[] = "http/";
	unsigned int i;

	if (len < 6)
		return 0;
	for (i = 0; i < 5; i++)
		if ((p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]) != lower[i])
			return 0;
	return p[5] >= '0' && p[5] <= '9';
}

static void check_response(const unsigned char *data, unsigned int limit,
			   const struct nethttp_msg *msg)
{
	unsigned int code = msg->status_code, v, i;

	CHECK(msg->method == NETHTTP_METHOD_NONE && msg->method_token.len == 0);
	CHECK(msg->path.len == 0 && msg->query.len == 0 && msg->host.len == 0);
	CHECK(starts_http(data, limit));
	CHECK(!has(msg, NETHTTP_ANOMALY_EXTENSION_METHOD) &&
	      !has(msg, NETHTTP_ANOMALY_HTTP09_REQUEST) &&
	      !has(msg, NETHTTP_ANOMALY_MISSING_HOST) &&
	      !has(msg, NETHTTP_ANOMALY_DUPLICATE_HOST));
	/* the version is the first word, kept up to NETHTTP_NAME_MAX bytes */
	for (v = 0; v < limit && !is_blank(data[v]) && !is_lf(data[v]); v++)
		;
	if (msg->version != NETHTTP_VERSION_UNKNOWN)
		CHECK(msg->version_token.off == 0 &&
		      msg->version_token.len == (v < NETHTTP_NAME_MAX ? v : NETHTTP_NAME_MAX));
	CHECK(code == 0 || (code >= 100 && code <= 599));
	if (code) {
		/* the code is the first word after the version */
		for (i = v; i < limit && is_blank(data[i]); i++)
			;
		CHECK(i > v && i + 3 <= limit);
		CHECK((unsigned int)(data[i] - '0') * 100 +
		      (unsigned int)(data[i + 1] - '0') * 10 +
		      (unsigned int)(data[i + 2] - '0') == code);
		if (i != v + 1 || data[v] != ' ')
			CHECK(has(msg, NETHTTP_ANOMALY_FIRST_LINE_SPACING));
	}
	if (msg->reason.len) {
		CHECK(code != 0 && msg->reason.len <= NETHTTP_VALUE_MAX);
		CHECK(!is_blank(data[msg->reason.off]));
		CHECK(!any_byte(data, &msg->reason, is_line_end) ||
		      has(msg, NETHTTP_ANOMALY_CONTROL_BYTES));
		if (any_byte(data, &msg->reason, is_control))
			CHECK(has(msg, NETHTTP_ANOMALY_CONTROL_BYTES));
	}
}

static void check_version(const unsigned char *data, const struct nethttp_msg *msg)
{
	const unsigned char *t = data + msg->version_token.off;
	unsigned int len = msg->version_token.len;
	int standard = len == 8 && !memcmp(t, "HTTP/1.", 7) && (t[7] == '0' || t[7] == '1');
	unsigned int i;

	switch (msg->version) {
	case NETHTTP_VERSION_UNKNOWN:
		CHECK(len == 0 && !has(msg, NETHTTP_ANOMALY_VERSION_NONSTANDARD));
		break;
	case NETHTTP_VERSION_OTHER:
		CHECK(len >= 5 && !standard && has(msg, NETHTTP_ANOMALY_VERSION_NONSTANDARD));
		for (i = 0; i < 5; i++)
			CHECK((t[i] | 0x20) == (unsigned char)"http/"[i]);
		break;
	default:
		CHECK(standard && !has(msg, NETHTTP_ANOMALY_VERSION_NONSTANDARD));
		CHECK(msg->version == (t[7] == '0' ? NETHTTP_VERSION_1_0 : NETHTTP_VERSION_1_1));
	}
}

static void check_headers(const unsigned char *data, unsigned int limit,
			  const struct nethttp_msg *msg)
{
	unsigned int i;

	for (i = 0; i < msg->header_count; i++) {
		const struct nethttp_header *h = &msg->headers[i];
		unsigned int name_end = h->name.off + h->name.len, j;

		CHECK(h->name.len <= NETHTTP_NAME_MAX);
		CHECK(h->value.len <= NETHTTP_VALUE_MAX);
		if (h->name.len == 0)
			CHECK(has(msg, NETHTTP_ANOMALY_BAD_HEADER_NAME));
		for (j = 0; j < h->name.len; j++)
			if (!is_tchar(data[h->name.off + j]))
				CHECK(has(msg, NETHTTP_ANOMALY_BAD_HEADER_NAME));
		/* a name never starts a line with a blank: that is a fold */
		CHECK(h->name.off > 0 && data[h->name.off - 1] == '\n');
		CHECK(h->name.len == 0 || !is_blank(data[h->name.off]));
		CHECK(h->value.off >= name_end);
		CHECK(name_end < limit);
		if (data[name_end] != ':')
			CHECK(has(msg, NETHTTP_ANOMALY_SPACE_BEFORE_COLON) ||
			      has(msg, NETHTTP_ANOMALY_HEADER_WITHOUT_COLON) ||
			      (msg->truncated && h->name.len == NETHTTP_NAME_MAX));
		if (any_byte(data, &h->value, is_line_end))
			CHECK(has(msg, NETHTTP_ANOMALY_OBS_FOLD) ||
			      has(msg, NETHTTP_ANOMALY_CONTROL_BYTES));
		if (h->value.len) {
			unsigned char first = data[h->value.off];
			unsigned char last = data[h->value.off + h->value.len - 1];

			CHECK(!is_blank(first) && !is_line_end(first));
			if (!msg->truncated)
				CHECK(!is_blank(last));
		}
		if (msg->truncated && name_is(data, &h->name, "transfer-encoding"))
			CHECK(msg->content_length == -1);
	}
}

static void check_msg(const unsigned char *data, unsigned int len,
		      const struct nethttp_msg *msg)
{
	unsigned int limit = examined(len), end, i, length_anomalies;
	const unsigned int length_bits = 1U << NETHTTP_ANOMALY_BAD_CONTENT_LENGTH |
		1U << NETHTTP_ANOMALY_CONFLICTING_CONTENT_LENGTH |
		1U << NETHTTP_ANOMALY_TE_AND_CL;

	CHECK(msg->kind == NETHTTP_KIND_REQUEST || msg->kind == NETHTTP_KIND_RESPONSE);
	CHECK(msg->version <= NETHTTP_VERSION_OTHER);
	CHECK(msg->truncated == 0 || msg->truncated == 1);
	CHECK(msg->header_count <= NETHTTP_HEADERS_MAX);
	CHECK(msg->content_length >= -1);
	CHECK(msg->redacted == 0);
	CHECK(msg->anomalies >> NETHTTP_ANOMALY_COUNT == 0);
	if (has(msg, NETHTTP_ANOMALY_LINE_TOO_LONG) || has(msg, NETHTTP_ANOMALY_TOO_MANY_HEADERS))
		CHECK(msg->truncated);
	check_spans(msg, limit);
	check_version(data, msg);
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
	if (msg->kind == NETHTTP_KIND_REQUEST)
		CHECK(msg->version != NETHTTP_VERSION_UNKNOWN ||
		      has(msg, NETHTTP_ANOMALY_HTTP09_REQUEST));
	else
		CHECK(msg->status_code != 0);
	CHECK(msg->path.off + msg->path.len < end);
	CHECK(msg->query.off + msg->query.len < end);
	CHECK(msg->reason.off + msg->reason.len < end);
	CHECK(msg->host.off + msg->host.len < end);
	for (i = 0; i < msg->header_count; i++)
		CHECK(msg->headers[i].value.off + msg->headers[i].value.len < end);
	CHECK(msg->content_length == expected_length(data, msg, &length_anomalies));
	CHECK((msg->anomalies & length_bits) == length_anomalies);
	/* a Host header, even an empty one, leaves its offset behind */
	if (msg->kind == NETHTTP_KIND_REQUEST)
		CHECK(has(msg, NETHTTP_ANOMALY_MISSING_HOST) ==
		      (msg->version == NETHTTP_VERSION_1_1 && msg->host.off == 0));
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
	/*
	 * Not HTTP stays so, but for a first line cut before what made it so
	 * (the version of HTTP/2's preface): that is a cut request.
	 */
	if (full_res == NETHTTP_PARSE_NOT_HTTP)
		CHECK(res == NETHTTP_PARSE_NOT_HTTP ||
		      (res == NETHTTP_PARSE_OK && msg.truncated));
	/* once its method and blank are in, a registered method's message is seen */
	if (full_res == NETHTTP_PARSE_OK && full->method != NETHTTP_METHOD_EXTENSION &&
	    k > (full->kind == NETHTTP_KIND_RESPONSE ? 6u : full->method_token.len + 1u))
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
	/* what the first bytes turn away is never HTTP; the rest may not be */
	if (!may_start)
		CHECK(res == NETHTTP_PARSE_NOT_HTTP);

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
