// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP/1.x first-line and header-block parser. No includes beyond our own
 * header: see parser.h for why.
 *
 * Grammar follows RFC 9112, strictly where leniency would let one message
 * be read two ways (Content-Length, Host, obs-fold, whitespace before the
 * colon) and leniently where common software is (bare LF line ends).
 */
#include "nethttp/parser.h"

struct nethttp_method_info {
	const char *name;
	unsigned int len;
};

static const struct nethttp_method_info nethttp_methods[NETHTTP_METHOD_COUNT] = {
	[NETHTTP_METHOD_NONE] = { "", 0 },
	[NETHTTP_METHOD_GET] = { "GET", 3 },
	[NETHTTP_METHOD_HEAD] = { "HEAD", 4 },
	[NETHTTP_METHOD_POST] = { "POST", 4 },
	[NETHTTP_METHOD_PUT] = { "PUT", 3 },
	[NETHTTP_METHOD_DELETE] = { "DELETE", 6 },
	[NETHTTP_METHOD_CONNECT] = { "CONNECT", 7 },
	[NETHTTP_METHOD_OPTIONS] = { "OPTIONS", 7 },
	[NETHTTP_METHOD_TRACE] = { "TRACE", 5 },
	[NETHTTP_METHOD_PATCH] = { "PATCH", 5 },
};

static const char nethttp_version_prefix[] = "HTTP/1.";
#define NETHTTP_VERSION_LEN	8	/* "HTTP/1.x" */

const char *nethttp_method_name(unsigned int method)
{
	if (method >= NETHTTP_METHOD_COUNT)
		return "";
	return nethttp_methods[method].name;
}

const char *nethttp_version_name(unsigned int version)
{
	switch (version) {
	case NETHTTP_VERSION_1_0:
		return "HTTP/1.0";
	case NETHTTP_VERSION_1_1:
		return "HTTP/1.1";
	default:
		return "";
	}
}

/* Outcome of comparing the bytes at hand with an expected literal. */
enum nethttp_match {
	NETHTTP_MATCH,
	NETHTTP_MISMATCH,
	NETHTTP_CUT,	/* what is there matches, the rest is missing */
};

static enum nethttp_match nethttp_expect(const unsigned char *p,
					 unsigned int avail,
					 const char *lit, unsigned int lit_len)
{
	unsigned int i;

	for (i = 0; i < lit_len; i++) {
		if (i >= avail)
			return NETHTTP_CUT;
		if (p[i] != (unsigned char)lit[i])
			return NETHTTP_MISMATCH;
	}
	return NETHTTP_MATCH;
}

/* RFC 9110 tchar */
static int nethttp_is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'':
	case '*': case '+': case '-': case '.': case '^': case '_':
	case '`': case '|': case '~':
		return 1;
	default:
		return 0;
	}
}

static int nethttp_is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* Field values and reason phrases: VCHAR, obs-text, SP and HTAB. */
static int nethttp_is_field_char(unsigned char c)
{
	return !nethttp_is_ctl(c) || c == '\t';
}

static unsigned char nethttp_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Case-insensitive comparison of a header name with a lower-case literal. */
static int nethttp_name_is(const unsigned char *p, unsigned int len,
			   const char *lit, unsigned int lit_len)
{
	unsigned int i;

	if (len != lit_len)
		return 0;
	for (i = 0; i < len; i++)
		if (nethttp_lower(p[i]) != (unsigned char)lit[i])
			return 0;
	return 1;
}

static unsigned int nethttp_method_at(const unsigned char *p, unsigned int len)
{
	unsigned int m;

	for (m = NETHTTP_METHOD_GET; m < NETHTTP_METHOD_COUNT; m++) {
		const struct nethttp_method_info *info = &nethttp_methods[m];

		if (len > info->len && p[info->len] == ' ' &&
		    nethttp_expect(p, len, info->name, info->len) == NETHTTP_MATCH)
			return m;
	}
	return NETHTTP_METHOD_NONE;
}

static int nethttp_is_response_start(const unsigned char *p, unsigned int len)
{
	return len >= NETHTTP_VERSION_LEN &&
	       nethttp_expect(p, len, nethttp_version_prefix,
			      sizeof(nethttp_version_prefix) - 1) == NETHTTP_MATCH &&
	       (p[NETHTTP_VERSION_LEN - 1] == '0' ||
		p[NETHTTP_VERSION_LEN - 1] == '1');
}

int nethttp_may_start(const unsigned char *p, unsigned int len)
{
	if (len > NETHTTP_PREFIX_LEN)
		len = NETHTTP_PREFIX_LEN;
	if (len < 4)
		return 0;
	/* One switch on the first byte turns nearly all traffic away. */
	switch (p[0]) {
	case 'G': case 'P': case 'D': case 'C': case 'O': case 'T':
		return nethttp_method_at(p, len) != NETHTTP_METHOD_NONE;
	case 'H':
		return nethttp_is_response_start(p, len) ||
		       nethttp_method_at(p, len) != NETHTTP_METHOD_NONE;
	default:
		return 0;
	}
}

static void nethttp_set_span(struct nethttp_span *span, unsigned int off,
			     unsigned int len, unsigned int max,
			     struct nethttp_msg *msg)
{
	if (len > max) {
		len = max;
		msg->truncated = 1;
	}
	span->off = (unsigned short)off;
	span->len = (unsigned short)len;
}

/*
 * Line end at @pos: CRLF or a bare LF. Returns the bytes it takes (1 or 2),
 * 0 when there is no line end at @pos, -1 when the data stops inside one.
 */
static int nethttp_eol_at(const unsigned char *data, unsigned int len,
			  unsigned int pos)
{
	if (pos >= len)
		return -1;
	if (data[pos] == '\n')
		return 1;
	if (data[pos] != '\r')
		return 0;
	if (pos + 1 >= len)
		return -1;
	return data[pos + 1] == '\n' ? 2 : 0;
}

/* "HTTP/1.x" then the end of the request line; sets msg->version. */
static enum nethttp_parse_result nethttp_request_version(const unsigned char *data,
							 unsigned int len,
							 unsigned int *pos,
							 struct nethttp_msg *msg,
							 int *cut)
{
	unsigned int p = *pos;
	enum nethttp_match m;
	int eol;

	m = nethttp_expect(data + p, len - p, nethttp_version_prefix,
			   sizeof(nethttp_version_prefix) - 1);
	if (m == NETHTTP_MISMATCH)
		return NETHTTP_PARSE_MALFORMED;
	p += sizeof(nethttp_version_prefix) - 1;
	if (m == NETHTTP_CUT || p >= len) {
		*cut = 1;
		return NETHTTP_PARSE_OK;
	}
	if (data[p] != '0' && data[p] != '1')
		return NETHTTP_PARSE_MALFORMED;
	msg->version = data[p] == '0' ? NETHTTP_VERSION_1_0 : NETHTTP_VERSION_1_1;
	p++;
	eol = nethttp_eol_at(data, len, p);
	if (eol < 0) {
		*cut = 1;
		return NETHTTP_PARSE_OK;
	}
	if (eol == 0)
		return NETHTTP_PARSE_MALFORMED;
	*pos = p + eol;
	return NETHTTP_PARSE_OK;
}

static enum nethttp_parse_result nethttp_request_line(const unsigned char *data,
						      unsigned int len,
						      unsigned int *pos,
						      struct nethttp_msg *msg,
						      int *cut)
{
	unsigned int method = nethttp_method_at(data, len);
	unsigned int start, end, i;

	if (method == NETHTTP_METHOD_NONE)
		return NETHTTP_PARSE_NOT_HTTP;
	msg->kind = NETHTTP_KIND_REQUEST;
	msg->method = (unsigned char)method;

	start = nethttp_methods[method].len + 1;
	for (end = start; end < len && data[end] > ' ' && data[end] != 0x7f; end++)
		;
	if (end < len && data[end] != ' ')
		return NETHTTP_PARSE_MALFORMED;	/* control byte in the target */
	if (end == start && end < len)
		return NETHTTP_PARSE_MALFORMED;	/* empty target */

	/* The query is split off within the part of the target we keep. */
	nethttp_set_span(&msg->path, start, end - start, NETHTTP_TARGET_MAX, msg);
	for (i = start; i < start + msg->path.len; i++) {
		if (data[i] == '?') {
			msg->query.off = (unsigned short)(i + 1);
			msg->query.len = (unsigned short)(start + msg->path.len - i - 1);
			msg->path.len = (unsigned short)(i - start);
			break;
		}
	}
	if (end >= len) {
		*cut = 1;
		return NETHTTP_PARSE_OK;
	}
	*pos = end + 1;
	return nethttp_request_version(data, len, pos, msg, cut);
}

static enum nethttp_parse_result nethttp_status_line(const unsigned char *data,
						     unsigned int len,
						     unsigned int *pos,
						     struct nethttp_msg *msg,
						     int *cut)
{
	unsigned int p = NETHTTP_VERSION_LEN, code = 0, i, start;
	int eol;

	msg->kind = NETHTTP_KIND_RESPONSE;
	msg->version = data[NETHTTP_VERSION_LEN - 1] == '0' ?
		       NETHTTP_VERSION_1_0 : NETHTTP_VERSION_1_1;
	if (p >= len) {
		*cut = 1;
		return NETHTTP_PARSE_OK;
	}
	if (data[p++] != ' ')
		return NETHTTP_PARSE_MALFORMED;
	for (i = 0; i < 3; i++, p++) {
		if (p >= len) {
			*cut = 1;
			return NETHTTP_PARSE_OK;
		}
		if (data[p] < '0' || data[p] > '9')
			return NETHTTP_PARSE_MALFORMED;
		code = code * 10 + (data[p] - '0');
	}
	if (code < 100 || code > 599)
		return NETHTTP_PARSE_MALFORMED;
	msg->status_code = (unsigned short)code;

	eol = nethttp_eol_at(data, len, p);
	if (eol < 0) {
		*cut = 1;
		return NETHTTP_PARSE_OK;
	}
	if (eol > 0) {
		*pos = p + eol;
		return NETHTTP_PARSE_OK;
	}
	if (data[p++] != ' ')
		return NETHTTP_PARSE_MALFORMED;	/* a fourth digit, or junk */

	start = p;
	for (; p < len; p++) {
		eol = nethttp_eol_at(data, len, p);
		if (eol != 0)
			break;
		if (!nethttp_is_field_char(data[p]))
			return NETHTTP_PARSE_MALFORMED;
	}
	nethttp_set_span(&msg->reason, start, p - start, NETHTTP_VALUE_MAX, msg);
	if (p >= len || eol < 0) {
		*cut = 1;
		return NETHTTP_PARSE_OK;
	}
	*pos = p + eol;
	return NETHTTP_PARSE_OK;
}

/*
 * Content-Length: 1*DIGIT, parsed digit by digit with an overflow check.
 * Returns -1 for anything else, including values past 2^63 - 1.
 */
static long long nethttp_parse_length(const unsigned char *p, unsigned int len)
{
	const unsigned long long max = ~0ULL >> 1;
	unsigned long long value = 0;
	unsigned int i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned int digit;

		if (p[i] < '0' || p[i] > '9')
			return -1;
		digit = p[i] - '0';
		if (value > (max - digit) / 10)
			return -1;
		value = value * 10 + digit;
	}
	return (long long)value;
}

/* What the header block says about the body, found while it is scanned. */
struct nethttp_body_info {
	long long content_length;	/* -1 until a Content-Length is seen */
	int has_transfer_encoding;
	int has_host;
};

/* Sets *elsewhere when the header is kept outside headers[]. */
static enum nethttp_parse_result nethttp_special_header(const unsigned char *data,
							const struct nethttp_header *h,
							struct nethttp_msg *msg,
							struct nethttp_body_info *body,
							int *elsewhere)
{
	const unsigned char *name = data + h->name.off;
	unsigned int name_len = h->name.len;
	long long length;

	*elsewhere = 0;
	if (nethttp_name_is(name, name_len, "content-length", 14)) {
		length = nethttp_parse_length(data + h->value.off, h->value.len);
		if (length < 0)
			return NETHTTP_PARSE_MALFORMED;
		/* Two lengths that disagree make two readings of the stream. */
		if (body->content_length >= 0 && body->content_length != length)
			return NETHTTP_PARSE_MALFORMED;
		body->content_length = length;
	} else if (nethttp_name_is(name, name_len, "transfer-encoding", 17)) {
		body->has_transfer_encoding = 1;
	} else if (msg->kind == NETHTTP_KIND_REQUEST &&
		   nethttp_name_is(name, name_len, "host", 4)) {
		if (body->has_host)
			return NETHTTP_PARSE_MALFORMED;
		body->has_host = 1;
		nethttp_set_span(&msg->host, h->value.off, h->value.len,
				 NETHTTP_VALUE_MAX, msg);
		*elsewhere = 1;
	}
	return NETHTTP_PARSE_OK;
}

/*
 * One "name: value" line at *pos. Sets *done at the empty line that ends
 * the block and *cut when the data stops first.
 */
static enum nethttp_parse_result nethttp_header_line(const unsigned char *data,
						     unsigned int len,
						     unsigned int *pos,
						     struct nethttp_msg *msg,
						     struct nethttp_body_info *body,
						     int *done, int *cut)
{
	unsigned int p = *pos, name_off, name_len, value_off, value_end;
	enum nethttp_parse_result res;
	struct nethttp_header line;
	int eol, elsewhere;

	eol = nethttp_eol_at(data, len, p);
	if (eol != 0) {
		if (eol < 0)
			*cut = 1;
		else
			*done = 1;
		*pos = p + (eol > 0 ? eol : 0);
		return NETHTTP_PARSE_OK;
	}

	name_off = p;
	while (p < len && nethttp_is_tchar(data[p]))
		p++;
	if (p >= len) {
		*cut = 1;
		return NETHTTP_PARSE_OK;
	}
	name_len = p - name_off;
	/* obs-fold, whitespace before the colon, or no colon at all */
	if (name_len == 0 || data[p] != ':')
		return NETHTTP_PARSE_MALFORMED;
	p++;

	while (p < len && (data[p] == ' ' || data[p] == '\t'))
		p++;
	value_off = p;
	for (;;) {
		eol = nethttp_eol_at(data, len, p);
		if (eol != 0)
			break;
		if (!nethttp_is_field_char(data[p]))
			return NETHTTP_PARSE_MALFORMED;
		p++;
	}
	if (eol < 0) {
		/* A line we do not have whole is left out. */
		*cut = 1;
		return NETHTTP_PARSE_OK;
	}
	value_end = p;
	while (value_end > value_off &&
	       (data[value_end - 1] == ' ' || data[value_end - 1] == '\t'))
		value_end--;
	*pos = p + eol;

	/* whole, before any limit: a cut Content-Length would lie */
	line.name.off = (unsigned short)name_off;
	line.name.len = (unsigned short)name_len;
	line.value.off = (unsigned short)value_off;
	line.value.len = (unsigned short)(value_end - value_off);
	res = nethttp_special_header(data, &line, msg, body, &elsewhere);
	if (res != NETHTTP_PARSE_OK || elsewhere)
		return res;

	if (msg->header_count >= NETHTTP_HEADERS_MAX) {
		msg->truncated = 1;
		return NETHTTP_PARSE_OK;
	}
	nethttp_set_span(&msg->headers[msg->header_count].name, name_off,
			 name_len, NETHTTP_NAME_MAX, msg);
	nethttp_set_span(&msg->headers[msg->header_count].value, value_off,
			 value_end - value_off, NETHTTP_VALUE_MAX, msg);
	msg->header_count++;
	return NETHTTP_PARSE_OK;
}

static long long nethttp_body_length(const struct nethttp_msg *msg,
				     const struct nethttp_body_info *body,
				     int complete)
{
	unsigned int code = msg->status_code;

	if (body->has_transfer_encoding)
		return -1;
	if (body->content_length >= 0)
		return body->content_length;
	if (!complete)
		return -1;
	if (msg->kind == NETHTTP_KIND_REQUEST)
		return 0;
	if ((code >= 100 && code < 200) || code == 204 || code == 304)
		return 0;
	return -1;	/* read until the connection closes */
}

enum nethttp_parse_result nethttp_parse(const unsigned char *data,
					unsigned int len,
					struct nethttp_msg *msg)
{
	struct nethttp_body_info body = { .content_length = -1 };
	enum nethttp_parse_result res;
	unsigned int pos = 0;
	int cut = 0, done = 0;

	if (len > NETHTTP_PAYLOAD_MAX)
		len = NETHTTP_PAYLOAD_MAX;
	__builtin_memset(msg, 0, __builtin_offsetof(struct nethttp_msg, headers));
	msg->content_length = -1;

	if (nethttp_is_response_start(data, len))
		res = nethttp_status_line(data, len, &pos, msg, &cut);
	else
		res = nethttp_request_line(data, len, &pos, msg, &cut);

	while (res == NETHTTP_PARSE_OK && !cut && !done)
		res = nethttp_header_line(data, len, &pos, msg, &body, &done, &cut);
	if (res != NETHTTP_PARSE_OK)
		return res;

	if (cut)
		msg->truncated = 1;
	msg->content_length = nethttp_body_length(msg, &body, done);
	return NETHTTP_PARSE_OK;
}
