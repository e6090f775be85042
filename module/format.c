// SPDX-License-Identifier: GPL-2.0
/*
 * JSON lines for events. Runs at read() time, in the reader's context, so
 * the packet hook never formats text. Like the parser it includes no
 * kernel or libc header; it trusts nothing in the event either: every span
 * is checked against data_len before a byte is read through it.
 */
#include "nethttp/escape.h"
#include "nethttp/format.h"
#include "nethttp/names.h"
#include "swar.h"

#define NETHTTP_REDACTED_MARK	"[REDACTED]"

struct nethttp_out {
	char *buf;
	unsigned int size;
	unsigned int len;
	int full;
};

static inline void nethttp_put(struct nethttp_out *o, const char *s,
			       unsigned int n)
{
	if (o->full || n > o->size - o->len) {
		o->full = 1;
		return;
	}
	__builtin_memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void nethttp_puts(struct nethttp_out *o, const char *s)
{
	nethttp_put(o, s, __builtin_strlen(s));
}

#define nethttp_put_literal(o, s)	nethttp_put(o, s, sizeof(s) - 1)

static inline void nethttp_putc(struct nethttp_out *o, char c)
{
	if (o->full || o->len == o->size) {
		o->full = 1;
		return;
	}
	o->buf[o->len++] = c;
}

static const char nethttp_digit_pairs[100][2] = {
	"00", "01", "02", "03", "04", "05", "06", "07", "08", "09",
	"10", "11", "12", "13", "14", "15", "16", "17", "18", "19",
	"20", "21", "22", "23", "24", "25", "26", "27", "28", "29",
	"30", "31", "32", "33", "34", "35", "36", "37", "38", "39",
	"40", "41", "42", "43", "44", "45", "46", "47", "48", "49",
	"50", "51", "52", "53", "54", "55", "56", "57", "58", "59",
	"60", "61", "62", "63", "64", "65", "66", "67", "68", "69",
	"70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
	"80", "81", "82", "83", "84", "85", "86", "87", "88", "89",
	"90", "91", "92", "93", "94", "95", "96", "97", "98", "99",
};

/*
 * Two digits per division, written in place from the last: numbers are
 * most of a line's fields.
 */
/* Digits of @v, in a few steps: a timestamp has 19, most fields 1 to 5. */
static unsigned int nethttp_digits(unsigned long long v)
{
	unsigned int n = 1;

	if (v >= 10000000000ULL) {
		n += 10;
		v /= 10000000000ULL;
	}
	if (v >= 100000) {
		n += 5;
		v /= 100000;
	}
	if (v >= 1000) {
		n += 3;
		v /= 1000;
	}
	if (v >= 100) {
		n += 2;
		v /= 100;
	}
	return v >= 10 ? n + 1 : n;
}

static void nethttp_put_u64(struct nethttp_out *o, unsigned long long v)
{
	unsigned int n = nethttp_digits(v), pair;
	char *p;

	if (o->full || n > o->size - o->len) {
		o->full = 1;
		return;
	}
	p = o->buf + o->len + n;
	o->len += n;
	while (v >= 100) {
		pair = (unsigned int)(v % 100);
		v /= 100;
		*--p = nethttp_digit_pairs[pair][1];
		*--p = nethttp_digit_pairs[pair][0];
	}
	if (v >= 10) {
		*--p = nethttp_digit_pairs[v][1];
		*--p = nethttp_digit_pairs[v][0];
	} else {
		*--p = (char)('0' + v);
	}
}

static void nethttp_put_s64(struct nethttp_out *o, long long v)
{
	if (v < 0) {
		nethttp_putc(o, '-');
		nethttp_put_u64(o, 0ULL - (unsigned long long)v);
	} else {
		nethttp_put_u64(o, (unsigned long long)v);
	}
}

static void nethttp_put_json_bytes(struct nethttp_out *o,
				   const unsigned char *s, unsigned int len)
{
	unsigned long done;

	if (o->full)
		return;
	o->len += nethttp_json_escape(o->buf + o->len, o->size - o->len, s, len,
				      &done);
	if (done < len)
		o->full = 1;
}

/* The bytes of @span, or none when it does not lie within the data. */
static const unsigned char *nethttp_span_bytes(const struct nethttp_event *ev,
					       const struct nethttp_span *span,
					       unsigned int *len)
{
	unsigned int data_len = ev->data_len;

	if (data_len > NETHTTP_PAYLOAD_MAX)
		data_len = NETHTTP_PAYLOAD_MAX;
	if (span->off > data_len || span->len > data_len - span->off) {
		*len = 0;
		return ev->data;
	}
	*len = span->len;
	return ev->data + span->off;
}

static void nethttp_put_span(struct nethttp_out *o,
			     const struct nethttp_event *ev,
			     const struct nethttp_span *span)
{
	const unsigned char *p;
	unsigned int len;

	p = nethttp_span_bytes(ev, span, &len);
	nethttp_putc(o, '"');
	nethttp_put_json_bytes(o, p, len);
	nethttp_putc(o, '"');
}

/* Whether one of the eight bytes at @p is a CR or an LF. */
static inline int nethttp_word_has_line_end(const unsigned char *p)
{
	unsigned long long w = nethttp_load64(p);

	return !!(nethttp_byte_mask(w, '\r') | nethttp_byte_mask(w, '\n'));
}

static int nethttp_is_fold_byte(unsigned char c)
{
	return c == '\r' || c == '\n' || c == ' ' || c == '\t';
}

/*
 * A field value as its recipient reads it (RFC 9112, 5.2): each obs-fold
 * (blanks, the line end, blanks) becomes one space; so does a bare CR.
 */
static void nethttp_put_value_bytes(struct nethttp_out *o,
				    const unsigned char *p, unsigned int len)
{
	unsigned int start = 0, i = 0, end;

	nethttp_putc(o, '"');
	while (i < len) {
		if (len - i >= 8 && !nethttp_word_has_line_end(p + i)) {
			i += 8;
			continue;
		}
		if (p[i] != '\r' && p[i] != '\n') {
			i++;
			continue;
		}
		for (end = i; end > start && nethttp_is_fold_byte(p[end - 1]); end--)
			;
		nethttp_put_json_bytes(o, p + start, end - start);
		while (i < len && nethttp_is_fold_byte(p[i]))
			i++;
		nethttp_putc(o, ' ');
		start = i;
	}
	nethttp_put_json_bytes(o, p + start, len - start);
	nethttp_putc(o, '"');
}

static void nethttp_put_value(struct nethttp_out *o,
			      const struct nethttp_event *ev,
			      const struct nethttp_span *span)
{
	const unsigned char *p;
	unsigned int len;

	p = nethttp_span_bytes(ev, span, &len);
	nethttp_put_value_bytes(o, p, len);
}

static void nethttp_put_string(struct nethttp_out *o, const char *s)
{
	nethttp_putc(o, '"');
	nethttp_puts(o, s);
	nethttp_putc(o, '"');
}

/* ,"key": in one copy; @key must be a string literal. */
#define nethttp_put_key(o, key)	nethttp_put_literal(o, ",\"" key "\":")

/* Dotted quad, made in place and written in one piece. */
static void nethttp_put_ipv4(struct nethttp_out *o, const unsigned char *a)
{
	char text[sizeof("255.255.255.255")];
	unsigned int i, n = 0, v;

	for (i = 0; i < 4; i++) {
		v = a[i];
		if (v >= 100) {
			text[n++] = (char)('0' + v / 100);
			v %= 100;
			text[n++] = nethttp_digit_pairs[v][0];
			text[n++] = nethttp_digit_pairs[v][1];
		} else if (v >= 10) {
			text[n++] = nethttp_digit_pairs[v][0];
			text[n++] = nethttp_digit_pairs[v][1];
		} else {
			text[n++] = (char)('0' + v);
		}
		text[n++] = '.';
	}
	nethttp_put(o, text, n - 1);
}

static const char nethttp_hex[] = "0123456789abcdef";

static void nethttp_put_hex16(struct nethttp_out *o, unsigned int v)
{
	int shift, started = 0;

	for (shift = 12; shift >= 0; shift -= 4) {
		unsigned int digit = (v >> shift) & 0xf;

		if (digit || started || shift == 0) {
			nethttp_putc(o, nethttp_hex[digit]);
			started = 1;
		}
	}
}

/* RFC 5952: lower case, no leading zeros, the longest zero run as "::". */
static void nethttp_put_ipv6(struct nethttp_out *o, const unsigned char *a)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	unsigned int group[8], i, run_start = 8, run_len = 0, cur_len = 0;

	for (i = 0; i < 12 && a[i] == mapped[i]; i++)
		;
	if (i == 12) {
		nethttp_put_literal(o, "::ffff:");
		nethttp_put_ipv4(o, a + 12);
		return;
	}
	for (i = 0; i < 8; i++) {
		group[i] = (a[2 * i] << 8) | a[2 * i + 1];
		cur_len = group[i] ? 0 : cur_len + 1;
		if (cur_len > run_len) {
			run_len = cur_len;
			run_start = i + 1 - cur_len;
		}
	}
	if (run_len < 2)
		run_start = 8;
	for (i = 0; i < 8; i++) {
		if (i == run_start) {
			nethttp_put_literal(o, "::");
			i += run_len - 1;
			continue;
		}
		if (i && i != run_start + run_len)
			nethttp_putc(o, ':');
		nethttp_put_hex16(o, group[i]);
	}
}

static void nethttp_put_addr(struct nethttp_out *o, unsigned char family,
			     const unsigned char *addr)
{
	nethttp_putc(o, '"');
	if (family == 4)
		nethttp_put_ipv4(o, addr);
	else if (family == 6)
		nethttp_put_ipv6(o, addr);
	nethttp_putc(o, '"');
}

static void nethttp_put_iface(struct nethttp_out *o, const char *iface)
{
	unsigned int len = 0;

	while (len < NETHTTP_IFNAME_LEN && iface[len])
		len++;
	nethttp_putc(o, '"');
	nethttp_put_json_bytes(o, (const unsigned char *)iface, len);
	nethttp_putc(o, '"');
}

static void nethttp_put_metadata(struct nethttp_out *o,
				 const struct nethttp_event *ev)
{
	nethttp_put_literal(o, "{\"src_ip\":");
	nethttp_put_addr(o, ev->family, ev->saddr);
	nethttp_put_key(o, "dst_ip");
	nethttp_put_addr(o, ev->family, ev->daddr);
	nethttp_put_key(o, "src_port");
	nethttp_put_u64(o, ev->sport);
	nethttp_put_key(o, "dst_port");
	nethttp_put_u64(o, ev->dport);
	nethttp_put_key(o, "protocol");
	nethttp_put_u64(o, ev->protocol);
	nethttp_put_key(o, "packet_len");
	nethttp_put_u64(o, ev->packet_len);
	nethttp_put_key(o, "iface");
	nethttp_put_iface(o, ev->iface);
	nethttp_putc(o, '}');
}

/* RFC 9110 tchar: what a header name is made of. */
static const unsigned char nethttp_tchar[256] = {
	['0' ... '9'] = 1, ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1,
	['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1,
	['*'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1, ['^'] = 1, ['_'] = 1,
	['`'] = 1, ['|'] = 1, ['~'] = 1,
};

/*
 * content-type -> Content-Type; a name that is not a token is left as is.
 * Written in place as it is checked, and taken back if it is no token.
 */
static void nethttp_put_header_name(struct nethttp_out *o,
				    const struct nethttp_event *ev,
				    const struct nethttp_span *span)
{
	const unsigned char *p;
	unsigned int len, i;
	char *out;
	int upper = 1;

	p = nethttp_span_bytes(ev, span, &len);
	if (!len || o->full || len + 2 > o->size - o->len) {
		nethttp_put_span(o, ev, span);
		return;
	}
	out = o->buf + o->len;
	*out++ = '"';
	for (i = 0; i < len; i++) {
		char c = (char)p[i];

		if (!nethttp_tchar[p[i]]) {
			nethttp_put_span(o, ev, span);
			return;
		}
		if (upper && c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		else if (!upper && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		out[i] = c;
		upper = c == '-';
	}
	out[len] = '"';
	o->len += len + 2;
}

static int nethttp_same_name(const struct nethttp_event *ev,
			     const struct nethttp_span *a,
			     const struct nethttp_span *b)
{
	const unsigned char *pa, *pb;
	unsigned int la, lb, i;

	pa = nethttp_span_bytes(ev, a, &la);
	pb = nethttp_span_bytes(ev, b, &lb);
	if (la != lb)
		return 0;
	for (i = 0; i < la; i++) {
		unsigned char ca = pa[i], cb = pb[i];

		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return 0;
	}
	return 1;
}

static void nethttp_put_header_value(struct nethttp_out *o,
				     const struct nethttp_event *ev,
				     unsigned int i)
{
	if (ev->msg.redacted & (1ULL << i))
		nethttp_put_string(o, NETHTTP_REDACTED_MARK);
	else
		nethttp_put_value(o, ev, &ev->msg.headers[i].value);
}

/* A map of name to the list of its values, names in order of appearance. */
static void nethttp_put_headers(struct nethttp_out *o,
				const struct nethttp_event *ev)
{
	const struct nethttp_msg *msg = &ev->msg;
	unsigned int count = msg->header_count, i, j;
	int first = 1;

	if (count > NETHTTP_HEADERS_MAX)
		count = NETHTTP_HEADERS_MAX;
	nethttp_putc(o, '{');
	for (i = 0; i < count; i++) {
		const struct nethttp_span *name = &msg->headers[i].name;

		for (j = 0; j < i; j++)
			if (nethttp_same_name(ev, &msg->headers[j].name, name))
				break;
		if (j < i)
			continue;	/* listed with its first occurrence */
		if (!first)
			nethttp_putc(o, ',');
		first = 0;
		nethttp_put_header_name(o, ev, name);
		nethttp_put_literal(o, ":[");
		nethttp_put_header_value(o, ev, i);
		for (j = i + 1; j < count; j++) {
			if (!nethttp_same_name(ev, &msg->headers[j].name, name))
				continue;
			nethttp_putc(o, ',');
			nethttp_put_header_value(o, ev, j);
		}
		nethttp_putc(o, ']');
	}
	nethttp_putc(o, '}');
}

static void nethttp_put_status(struct nethttp_out *o,
			       const struct nethttp_event *ev)
{
	const struct nethttp_msg *msg = &ev->msg;

	nethttp_putc(o, '"');
	if (msg->status_code) {
		nethttp_put_u64(o, msg->status_code);
		if (msg->reason.len) {
			const unsigned char *p;
			unsigned int len;

			p = nethttp_span_bytes(ev, &msg->reason, &len);
			nethttp_putc(o, ' ');
			nethttp_put_json_bytes(o, p, len);
		}
	}
	nethttp_putc(o, '"');
}

/* The version as sent when it is not one of the two standard ones. */
static void nethttp_put_protocol(struct nethttp_out *o,
				 const struct nethttp_event *ev)
{
	if (ev->msg.version == NETHTTP_VERSION_OTHER)
		nethttp_put_span(o, ev, &ev->msg.version_token);
	else
		nethttp_put_string(o, nethttp_version_name(ev->msg.version));
}

static void nethttp_put_request_fields(struct nethttp_out *o,
				       const struct nethttp_event *ev)
{
	const struct nethttp_msg *msg = &ev->msg;

	nethttp_put_literal(o, "\"method\":");
	if (msg->method == NETHTTP_METHOD_EXTENSION)
		nethttp_put_span(o, ev, &msg->method_token);
	else
		nethttp_put_string(o, nethttp_method_name(msg->method));
	nethttp_put_key(o, "protocol");
	nethttp_put_protocol(o, ev);
	nethttp_put_key(o, "host");
	if (msg->host_redacted)
		nethttp_put_string(o, NETHTTP_REDACTED_MARK);
	else
		nethttp_put_value(o, ev, &msg->host);
	nethttp_put_key(o, "uri_path");
	nethttp_put_span(o, ev, &msg->path);
	nethttp_put_key(o, "uri_query");
	nethttp_put_span(o, ev, &msg->query);
}

/* In enum order; bits that name no anomaly are not shown. */
static void nethttp_put_anomalies(struct nethttp_out *o, unsigned int anomalies)
{
	unsigned int a;
	int first = 1;

	nethttp_putc(o, '[');
	for (a = 0; a < NETHTTP_ANOMALY_COUNT; a++) {
		if (!(anomalies & (1U << a)))
			continue;
		if (!first)
			nethttp_putc(o, ',');
		first = 0;
		nethttp_put_string(o, nethttp_anomaly_name(a));
	}
	nethttp_putc(o, ']');
}

/*
 * The next @len bytes of @b's text from *@at, as far as they lie in it;
 * *@at moves past them.
 */
static const unsigned char *nethttp_brief_field(const struct nethttp_brief *b,
						unsigned int *at,
						unsigned int *len)
{
	const unsigned char *p = b->text + *at;

	if (*len > NETHTTP_BRIEF_TEXT_MAX - *at)
		*len = NETHTTP_BRIEF_TEXT_MAX - *at;
	*at += *len;
	return p;
}

static void nethttp_put_brief_string(struct nethttp_out *o,
				     const struct nethttp_brief *b,
				     unsigned int *at, unsigned int len)
{
	const unsigned char *p = nethttp_brief_field(b, at, &len);

	nethttp_putc(o, '"');
	nethttp_put_json_bytes(o, p, len);
	nethttp_putc(o, '"');
}

/* A response's response time, and the request it answers, if any. */
static void nethttp_put_pairing(struct nethttp_out *o,
				const struct nethttp_event *ev)
{
	const struct nethttp_brief *b = &ev->request;
	unsigned int at = 0, len;
	const unsigned char *p;

	nethttp_put_key(o, "latency_ns");
	if (ev->latency_ns < 0) {
		nethttp_put_literal(o, "-1,\"request\":null");
		return;
	}
	nethttp_put_u64(o, ev->latency_ns);
	nethttp_put_literal(o, ",\"request\":{\"method\":");
	nethttp_put_brief_string(o, b, &at, b->method_len);
	nethttp_put_key(o, "host");
	len = b->host_len;
	p = nethttp_brief_field(b, &at, &len);
	if (b->flags & NETHTTP_BRIEF_HOST_REDACTED)
		nethttp_put_string(o, NETHTTP_REDACTED_MARK);
	else
		nethttp_put_value_bytes(o, p, len);
	nethttp_put_key(o, "uri_path");
	nethttp_put_brief_string(o, b, &at, b->path_len);
	nethttp_put_key(o, "uri_query");
	nethttp_put_brief_string(o, b, &at, b->query_len);
	nethttp_put_key(o, "truncated");
	nethttp_puts(o, b->flags & NETHTTP_BRIEF_CUT ? "true}" : "false}");
}

static void nethttp_put_tail_fields(struct nethttp_out *o,
				    const struct nethttp_event *ev)
{
	nethttp_put_key(o, "headers");
	nethttp_put_headers(o, ev);
	nethttp_put_key(o, "content_length");
	nethttp_put_s64(o, ev->msg.content_length);
	nethttp_put_key(o, "truncated");
	nethttp_puts(o, ev->msg.truncated ? "true" : "false");
	nethttp_put_key(o, "anomalies");
	nethttp_put_anomalies(o, ev->msg.anomalies);
}

static void nethttp_put_proto_http(struct nethttp_out *o,
				   const struct nethttp_event *ev)
{
	const struct nethttp_msg *msg = &ev->msg;
	int request = msg->kind == NETHTTP_KIND_REQUEST;

	nethttp_put_literal(o, "{\"direction\":");
	nethttp_put_string(o, request ? "request" : "response");
	nethttp_putc(o, ',');
	if (request) {
		nethttp_put_request_fields(o, ev);
	} else {
		nethttp_put_literal(o, "\"method\":\"\"");
		nethttp_put_key(o, "protocol");
		nethttp_put_protocol(o, ev);
		nethttp_put_literal(o, ",\"host\":\"\",\"uri_path\":\"\",\"uri_query\":\"\"");
	}
	nethttp_put_key(o, "status");
	if (request)
		nethttp_put_string(o, "");
	else
		nethttp_put_status(o, ev);
	nethttp_put_key(o, "status_code");
	nethttp_put_u64(o, request ? 0 : msg->status_code);
	nethttp_put_tail_fields(o, ev);
	if (!request)
		nethttp_put_pairing(o, ev);
	nethttp_putc(o, '}');
}

/* Tracee's names for who is behind the event; each only when known. */
static void nethttp_put_origin(struct nethttp_out *o,
			       const struct nethttp_origin *origin)
{
	unsigned int len;

	if (origin->known & NETHTTP_ORIGIN_TASK) {
		nethttp_put_key(o, "processId");
		nethttp_put_u64(o, origin->pid);
		nethttp_put_key(o, "hostProcessId");
		nethttp_put_u64(o, origin->host_pid);
		nethttp_put_key(o, "processName");
		for (len = 0; len < sizeof(origin->comm) && origin->comm[len]; len++)
			;
		nethttp_putc(o, '"');
		nethttp_put_json_bytes(o, (const unsigned char *)origin->comm, len);
		nethttp_putc(o, '"');
	}
	if (origin->known & NETHTTP_ORIGIN_UID) {
		nethttp_put_key(o, "userId");
		nethttp_put_u64(o, origin->uid);
	}
	if (origin->known & NETHTTP_ORIGIN_CGROUP) {
		nethttp_put_key(o, "cgroupId");
		nethttp_put_u64(o, origin->cgroup_id);
	}
}

static const char *nethttp_direction_name(unsigned int direction)
{
	switch (direction) {
	case NETHTTP_DIR_INGRESS:
		return "ingress";
	case NETHTTP_DIR_EGRESS:
		return "egress";
	default:
		return "forward";
	}
}

unsigned int nethttp_format_event(char *buf, unsigned int size,
				  const struct nethttp_event *ev,
				  unsigned int type)
{
	struct nethttp_out o = { .buf = buf, .size = size };
	unsigned int kind = ev->msg.kind;
	const char *name;

	if ((type == NETHTTP_EVENT_REQUEST && kind != NETHTTP_KIND_REQUEST) ||
	    (type == NETHTTP_EVENT_RESPONSE && kind != NETHTTP_KIND_RESPONSE) ||
	    (kind != NETHTTP_KIND_REQUEST && kind != NETHTTP_KIND_RESPONSE))
		return 0;
	name = nethttp_event_name(type);
	if (!name)
		return 0;

	nethttp_put_literal(&o, "{\"timestamp\":");
	nethttp_put_u64(&o, ev->timestamp_ns);
	nethttp_put_key(&o, "eventName");
	nethttp_put_string(&o, name);
	nethttp_put_key(&o, "netns");
	nethttp_put_u64(&o, ev->netns);
	nethttp_put_key(&o, "direction");
	nethttp_put_string(&o, nethttp_direction_name(ev->direction));
	nethttp_put_origin(&o, &ev->origin);
	nethttp_put_literal(&o, ",\"args\":{");

	if (type == NETHTTP_EVENT_HTTP) {
		nethttp_put_literal(&o, "\"src\":");
		nethttp_put_addr(&o, ev->family, ev->saddr);
		nethttp_put_key(&o, "dst");
		nethttp_put_addr(&o, ev->family, ev->daddr);
		nethttp_put_key(&o, "src_port");
		nethttp_put_u64(&o, ev->sport);
		nethttp_put_key(&o, "dst_port");
		nethttp_put_u64(&o, ev->dport);
		nethttp_putc(&o, ',');
	}
	nethttp_put_literal(&o, "\"metadata\":");
	nethttp_put_metadata(&o, ev);

	if (type == NETHTTP_EVENT_HTTP) {
		nethttp_put_key(&o, "proto_http");
		nethttp_put_proto_http(&o, ev);
	} else if (type == NETHTTP_EVENT_REQUEST) {
		nethttp_put_literal(&o, ",\"http_request\":{");
		nethttp_put_request_fields(&o, ev);
		nethttp_put_tail_fields(&o, ev);
		nethttp_putc(&o, '}');
	} else {
		nethttp_put_literal(&o, ",\"http_response\":{\"status\":");
		nethttp_put_status(&o, ev);
		nethttp_put_key(&o, "status_code");
		nethttp_put_u64(&o, ev->msg.status_code);
		nethttp_put_key(&o, "protocol");
		nethttp_put_protocol(&o, ev);
		nethttp_put_tail_fields(&o, ev);
		nethttp_put_pairing(&o, ev);
		nethttp_putc(&o, '}');
	}
	nethttp_put_literal(&o, "}}\n");
	return o.full ? 0 : o.len;
}

unsigned int nethttp_format_lost(char *buf, unsigned int size,
				 unsigned long long lost)
{
	struct nethttp_out o = { .buf = buf, .size = size };

	nethttp_put_literal(&o, "{\"eventName\":\"" NETHTTP_EVENT_NAME_LOST "\",\"lost\":");
	nethttp_put_u64(&o, lost);
	nethttp_put_literal(&o, "}\n");
	return o.full ? 0 : o.len;
}
