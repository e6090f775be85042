// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP/1.x first-line and header-block parser. No includes beyond our own
 * header: see parser.h for why.
 *
 * Lenient the way real endpoints are: whatever one of them would take as
 * the start of an HTTP/1.x message is parsed, and what is odd about it is
 * named in msg->anomalies instead of being refused. A monitor that went
 * blind at one odd byte would show an attacker how to hide. Only a first
 * line that nothing can be made of is NETHTTP_PARSE_MALFORMED.
 */
#include "parse.h"

struct nethttp_method_info {
	const char *name;
	unsigned int len;
};

#define NETHTTP_METHOD(str)	{ str, sizeof(str) - 1 }

static const struct nethttp_method_info nethttp_methods[NETHTTP_METHOD_COUNT] = {
	[NETHTTP_METHOD_NONE] = { "", 0 },
	[NETHTTP_METHOD_GET] = NETHTTP_METHOD("GET"),
	[NETHTTP_METHOD_HEAD] = NETHTTP_METHOD("HEAD"),
	[NETHTTP_METHOD_POST] = NETHTTP_METHOD("POST"),
	[NETHTTP_METHOD_PUT] = NETHTTP_METHOD("PUT"),
	[NETHTTP_METHOD_DELETE] = NETHTTP_METHOD("DELETE"),
	[NETHTTP_METHOD_CONNECT] = NETHTTP_METHOD("CONNECT"),
	[NETHTTP_METHOD_OPTIONS] = NETHTTP_METHOD("OPTIONS"),
	[NETHTTP_METHOD_TRACE] = NETHTTP_METHOD("TRACE"),
	[NETHTTP_METHOD_PATCH] = NETHTTP_METHOD("PATCH"),
	[NETHTTP_METHOD_ACL] = NETHTTP_METHOD("ACL"),
	[NETHTTP_METHOD_BASELINE_CONTROL] = NETHTTP_METHOD("BASELINE-CONTROL"),
	[NETHTTP_METHOD_BIND] = NETHTTP_METHOD("BIND"),
	[NETHTTP_METHOD_CHECKIN] = NETHTTP_METHOD("CHECKIN"),
	[NETHTTP_METHOD_CHECKOUT] = NETHTTP_METHOD("CHECKOUT"),
	[NETHTTP_METHOD_COPY] = NETHTTP_METHOD("COPY"),
	[NETHTTP_METHOD_LABEL] = NETHTTP_METHOD("LABEL"),
	[NETHTTP_METHOD_LINK] = NETHTTP_METHOD("LINK"),
	[NETHTTP_METHOD_LOCK] = NETHTTP_METHOD("LOCK"),
	[NETHTTP_METHOD_MERGE] = NETHTTP_METHOD("MERGE"),
	[NETHTTP_METHOD_MKACTIVITY] = NETHTTP_METHOD("MKACTIVITY"),
	[NETHTTP_METHOD_MKCALENDAR] = NETHTTP_METHOD("MKCALENDAR"),
	[NETHTTP_METHOD_MKCOL] = NETHTTP_METHOD("MKCOL"),
	[NETHTTP_METHOD_MKREDIRECTREF] = NETHTTP_METHOD("MKREDIRECTREF"),
	[NETHTTP_METHOD_MKWORKSPACE] = NETHTTP_METHOD("MKWORKSPACE"),
	[NETHTTP_METHOD_MOVE] = NETHTTP_METHOD("MOVE"),
	[NETHTTP_METHOD_ORDERPATCH] = NETHTTP_METHOD("ORDERPATCH"),
	[NETHTTP_METHOD_PRI] = NETHTTP_METHOD("PRI"),
	[NETHTTP_METHOD_PROPFIND] = NETHTTP_METHOD("PROPFIND"),
	[NETHTTP_METHOD_PROPPATCH] = NETHTTP_METHOD("PROPPATCH"),
	[NETHTTP_METHOD_QUERY] = NETHTTP_METHOD("QUERY"),
	[NETHTTP_METHOD_REBIND] = NETHTTP_METHOD("REBIND"),
	[NETHTTP_METHOD_REPORT] = NETHTTP_METHOD("REPORT"),
	[NETHTTP_METHOD_SEARCH] = NETHTTP_METHOD("SEARCH"),
	[NETHTTP_METHOD_UNBIND] = NETHTTP_METHOD("UNBIND"),
	[NETHTTP_METHOD_UNCHECKOUT] = NETHTTP_METHOD("UNCHECKOUT"),
	[NETHTTP_METHOD_UNLINK] = NETHTTP_METHOD("UNLINK"),
	[NETHTTP_METHOD_UNLOCK] = NETHTTP_METHOD("UNLOCK"),
	[NETHTTP_METHOD_UPDATE] = NETHTTP_METHOD("UPDATE"),
	[NETHTTP_METHOD_UPDATEREDIRECTREF] = NETHTTP_METHOD("UPDATEREDIRECTREF"),
	[NETHTTP_METHOD_VERSION_CONTROL] = NETHTTP_METHOD("VERSION-CONTROL"),
	[NETHTTP_METHOD_EXTENSION] = { "", 0 },
};

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

static unsigned int nethttp_method_lookup(const unsigned char *p,
					  unsigned int len)
{
	unsigned int m, i;

	/* nearly every request's, without a walk through the table */
	if (len == 3 && p[0] == 'G' && p[1] == 'E' && p[2] == 'T')
		return NETHTTP_METHOD_GET;
	for (m = NETHTTP_METHOD_GET; m < NETHTTP_METHOD_EXTENSION; m++) {
		const struct nethttp_method_info *info = &nethttp_methods[m];

		if (info->len != len)
			continue;
		for (i = 0; i < len && p[i] == (unsigned char)info->name[i]; i++)
			;
		if (i == len)
			return m;
	}
	return NETHTTP_METHOD_EXTENSION;
}

/*
 * "HTTP/" in any case, then a digit: how a status line starts. OR-ing
 * 0x20 into a byte lowers a letter, and only 'H' and 'h' become 'h' so.
 */
static int nethttp_is_response_start(const unsigned char *p, unsigned int len)
{
	return len >= 6 &&
	       (nethttp_load32(p) | 0x20202020) ==
	       nethttp_load32((const unsigned char *)"http") &&
	       p[4] == '/' && p[5] >= '0' && p[5] <= '9';
}

/*
 * NETHTTP_VERSION_1_0 or _1_1 when the 8 bytes at @p are exactly
 * "HTTP/1.0" or "HTTP/1.1", else NETHTTP_VERSION_UNKNOWN: one load.
 */
static unsigned int nethttp_version_1x(const unsigned char *p)
{
	unsigned long long w = nethttp_load64(p);

	if (w == nethttp_load64((const unsigned char *)"HTTP/1.1"))
		return NETHTTP_VERSION_1_1;
	if (w == nethttp_load64((const unsigned char *)"HTTP/1.0"))
		return NETHTTP_VERSION_1_0;
	return NETHTTP_VERSION_UNKNOWN;
}

#define NETHTTP_T	NETHTTP_CLASS_TCHAR
#define NETHTTP_TU	(NETHTTP_CLASS_TCHAR | NETHTTP_CLASS_UPPER)

const unsigned char nethttp_char_class[256] = {
	['\t'] = NETHTTP_CLASS_BLANK, [' '] = NETHTTP_CLASS_BLANK,
	['!'] = NETHTTP_T, ['#'] = NETHTTP_T, ['$'] = NETHTTP_T, ['%'] = NETHTTP_T,
	['&'] = NETHTTP_T, ['\''] = NETHTTP_T, ['*'] = NETHTTP_T, ['+'] = NETHTTP_T,
	['.'] = NETHTTP_T, ['^'] = NETHTTP_T, ['`'] = NETHTTP_T, ['|'] = NETHTTP_T,
	['~'] = NETHTTP_T, ['-'] = NETHTTP_TU, ['_'] = NETHTTP_TU,
	['0' ... '9'] = NETHTTP_T, ['a' ... 'z'] = NETHTTP_T, ['A' ... 'Z'] = NETHTTP_TU,
};

/*
 * nethttp_may_start(), telling which kind of message the bytes may start
 * (NETHTTP_KIND_*, or 0 for none) and, in *token, the length of the token
 * they start with when a byte ends it within the prefix (else 0): the
 * request line then need not look for the method's end again.
 */
static inline unsigned int nethttp_first_bytes(const unsigned char *p,
					       unsigned int len,
					       unsigned int *token)
{
	unsigned int i, class, both;

	*token = 0;
	/*
	 * A token byte first (every method and "HTTP" start with one): TLS
	 * records, binary protocols and most other traffic end here, at the
	 * cost of one table load.
	 */
	if (len < 4 || !nethttp_is_tchar(p[0]))
		return 0;
	/*
	 * The usual starts, from one load: "HTTP" then '/' ends the token
	 * of a response, and "GET" then a blank that of a request, as the
	 * loop below would find.
	 */
	if (len >= NETHTTP_PREFIX_LEN &&
	    nethttp_version_1x(p) != NETHTTP_VERSION_UNKNOWN) {
		*token = 4;
		return NETHTTP_KIND_RESPONSE;
	}
	if (nethttp_load32(p) == nethttp_load32((const unsigned char *)"GET ")) {
		*token = 3;
		return NETHTTP_KIND_REQUEST;
	}
	/* two token bytes: no method has fewer */
	if (!nethttp_is_tchar(p[1]))
		return 0;
	both = nethttp_char_class[p[0]] & nethttp_char_class[p[1]];
	if (len > NETHTTP_PREFIX_LEN)
		len = NETHTTP_PREFIX_LEN;
	/*
	 * A token, then a blank; or upper case and '-' filling the prefix,
	 * as the long registered methods do (PROPFIND, VERSION-CONTROL): a
	 * looser test would send every text payload to the parser.
	 */
	for (i = 2; i < len; i++) {
		class = nethttp_char_class[p[i]];
		if (!(class & NETHTTP_CLASS_TCHAR))
			break;
		both &= class;
	}
	if (i == len)
		return len == NETHTTP_PREFIX_LEN && (both & NETHTTP_CLASS_UPPER) ?
		       NETHTTP_KIND_REQUEST : 0;
	*token = i;
	if (nethttp_is_blank(p[i]))
		return NETHTTP_KIND_REQUEST;
	/* "HTTP" '/': what nethttp_is_response_start() looks for */
	return i == 4 && nethttp_is_response_start(p, len) ?
	       NETHTTP_KIND_RESPONSE : 0;
}

int nethttp_may_start(const unsigned char *p, unsigned int len)
{
	unsigned int token;

	return nethttp_first_bytes(p, len, &token) != 0;
}

enum nethttp_version_form {
	NETHTTP_VERSION_FORM_NONE,
	NETHTTP_VERSION_FORM_PREFIX,	/* "HTTP/" cut short */
	NETHTTP_VERSION_FORM_ODD,	/* "HTTP/" in any case, then anything */
	NETHTTP_VERSION_FORM_STRICT,	/* "HTTP/" DIGIT "." DIGIT */
};

static enum nethttp_version_form
nethttp_version_form(const unsigned char *p, unsigned int len)
{
	static const char prefix[] = "http/";
	unsigned int i;

	for (i = 0; i < len && i < 5; i++)
		if (nethttp_lower(p[i]) != (unsigned char)prefix[i])
			return NETHTTP_VERSION_FORM_NONE;
	if (len < 5)
		return len ? NETHTTP_VERSION_FORM_PREFIX : NETHTTP_VERSION_FORM_NONE;
	if (len == 8 && p[0] == 'H' && p[1] == 'T' && p[2] == 'T' &&
	    p[3] == 'P' && p[5] >= '0' && p[5] <= '9' && p[6] == '.' &&
	    p[7] >= '0' && p[7] <= '9')
		return NETHTTP_VERSION_FORM_STRICT;
	return NETHTTP_VERSION_FORM_ODD;
}

unsigned int nethttp_line(const struct nethttp_parser *ps, unsigned int from,
			  unsigned int *end)
{
	const unsigned char *data = ps->data;
	unsigned int i;

	for (i = from; i < ps->len; i++) {
		if (data[i] != '\n')
			continue;
		*end = (i > from && data[i - 1] == '\r') ? i - 1 : i;
		if (*end == i)
			nethttp_flag(ps->msg, NETHTTP_ANOMALY_BARE_LF);
		return i + 1 - *end;
	}
	*end = ps->len;
	if (*end > from && data[*end - 1] == '\r')
		(*end)--;
	return 0;
}

static void nethttp_check_controls(struct nethttp_msg *msg,
				   const unsigned char *p, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		if (nethttp_is_control(p[i])) {
			nethttp_flag(msg, NETHTTP_ANOMALY_CONTROL_BYTES);
			return;
		}
	}
}

/* Sets msg->version and version_token; flags a version other than 1.0/1.1. */
static void nethttp_set_version(struct nethttp_msg *msg,
				const unsigned char *data, unsigned int off,
				unsigned int len)
{
	const unsigned char *p = data + off;

	nethttp_set_span(&msg->version_token, off, len, NETHTTP_NAME_MAX, msg);
	nethttp_check_controls(msg, p, len);
	if (len == 8 && p[0] == 'H' && p[1] == 'T' && p[2] == 'T' &&
	    p[3] == 'P' && p[4] == '/' && p[5] == '1' && p[6] == '.' &&
	    (p[7] == '0' || p[7] == '1')) {
		msg->version = p[7] == '0' ? NETHTTP_VERSION_1_0 :
					     NETHTTP_VERSION_1_1;
		return;
	}
	msg->version = NETHTTP_VERSION_OTHER;
	nethttp_flag(msg, NETHTTP_ANOMALY_VERSION_NONSTANDARD);
}

/* The request target, with the query split off within the part kept. */
static void nethttp_set_target(struct nethttp_msg *msg,
			       const unsigned char *data, unsigned int start,
			       unsigned int end)
{
	unsigned int i;

	for (i = start; i < end; i++) {
		if (nethttp_is_blank(data[i]))
			nethttp_flag(msg, NETHTTP_ANOMALY_FIRST_LINE_SPACING);
	}
	nethttp_check_controls(msg, data + start, end - start);
	nethttp_set_span(&msg->path, start, end - start, NETHTTP_TARGET_MAX, msg);
	for (i = start; i < start + msg->path.len; i++) {
		if (data[i] == '?') {
			msg->query.off = (unsigned short)(i + 1);
			msg->query.len = (unsigned short)(start + msg->path.len - i - 1);
			msg->path.len = (unsigned short)(i - start);
			break;
		}
	}
}

/* Anything but one SP between the parts of the first line is flagged. */
static unsigned int nethttp_skip_separator(struct nethttp_msg *msg,
					   const unsigned char *data,
					   unsigned int p, unsigned int end)
{
	unsigned int start = p;

	while (p < end && nethttp_is_blank(data[p]))
		p++;
	if (p - start != 1 || data[start] != ' ')
		nethttp_flag(msg, NETHTTP_ANOMALY_FIRST_LINE_SPACING);
	return p;
}

/*
 * The request line when it has the shape nearly all have: the method
 * token @m bytes long, one SP, a target with no blank or control byte,
 * one SP, "HTTP/1.0" or "HTTP/1.1", CRLF. Nothing about it is then odd
 * but an extension method, and this finds what the general path below
 * would, with a word-at-a-time scan of the target that finds its '?' too.
 * Returns 0, having changed nothing, for any other line.
 */
static int nethttp_request_line_fast(struct nethttp_parser *ps, unsigned int m,
				     unsigned int method)
{
	const unsigned char *data = ps->data;
	struct nethttp_msg *msg = ps->msg;
	unsigned int len = ps->len, target = m + 1, end, query = 0, version;

	if (data[m] != ' ')
		return 0;
	/* up to a blank, a control byte or DEL, noting the first '?' */
	end = nethttp_find(data, target, len, 0x21, '?');
	if (end < len && data[end] == '?') {
		query = end;
		end = nethttp_find(data, end + 1, len, 0x21, NETHTTP_NO_STOP);
	}
	if (end == target || end - target > NETHTTP_TARGET_MAX ||
	    end + 11 > len || data[end] != ' ' ||
	    data[end + 9] != '\r' || data[end + 10] != '\n')
		return 0;
	version = nethttp_version_1x(data + end + 1);
	if (version == NETHTTP_VERSION_UNKNOWN)
		return 0;

	msg->kind = NETHTTP_KIND_REQUEST;
	msg->method = (unsigned char)method;
	msg->method_token.len = (unsigned short)m;
	if (method == NETHTTP_METHOD_EXTENSION)
		nethttp_flag(msg, NETHTTP_ANOMALY_EXTENSION_METHOD);
	msg->version = (unsigned char)version;
	msg->version_token.off = (unsigned short)(end + 1);
	msg->version_token.len = 8;
	msg->path.off = (unsigned short)target;
	if (query) {
		msg->path.len = (unsigned short)(query - target);
		msg->query.off = (unsigned short)(query + 1);
		msg->query.len = (unsigned short)(end - query - 1);
	} else {
		msg->path.len = (unsigned short)(end - target);
	}
	ps->pos = end + 11;
	return 1;
}

/*
 * method SP target SP version, where the version is the last word of the
 * line: a target with blanks in it is still one target. A registered
 * method without a version is an HTTP/0.9 request; any other token is a
 * method only when the line ends in a proper " HTTP/x.y".
 */
static enum nethttp_parse_result nethttp_request_line(struct nethttp_parser *ps)
{
	const unsigned char *data = ps->data;
	struct nethttp_msg *msg = ps->msg;
	unsigned int m, method, end, eol, target, line_end, last, target_end;
	enum nethttp_version_form form = NETHTTP_VERSION_FORM_NONE;

	/* the first bytes found the method and the blank after it, or went on */
	m = ps->token;
	if (!m) {
		for (; m < ps->len && nethttp_is_tchar(data[m]); m++)
			;
		if (m == 0 || m >= ps->len || !nethttp_is_blank(data[m]))
			return NETHTTP_PARSE_NOT_HTTP;
	}
	method = nethttp_method_lookup(data, m);
	if (nethttp_request_line_fast(ps, m, method))
		return NETHTTP_PARSE_OK;
	eol = nethttp_line(ps, 0, &end);
	if (!eol && method == NETHTTP_METHOD_EXTENSION)
		return NETHTTP_PARSE_NOT_HTTP;	/* its version cannot be seen */

	line_end = end;
	while (line_end > m && nethttp_is_blank(data[line_end - 1]))
		line_end--;
	if (line_end == m && eol)
		return method == NETHTTP_METHOD_EXTENSION ?
		       NETHTTP_PARSE_NOT_HTTP : NETHTTP_PARSE_MALFORMED;
	target = line_end == m ? m : nethttp_skip_separator(msg, data, m, line_end);
	last = line_end;
	while (last > target && !nethttp_is_blank(data[last - 1]))
		last--;
	if (last > target)
		form = nethttp_version_form(data + last, line_end - last);
	/* "HTTP/" cut short is a version only where the data is cut */
	if (eol && form == NETHTTP_VERSION_FORM_PREFIX)
		form = NETHTTP_VERSION_FORM_NONE;
	if (method == NETHTTP_METHOD_EXTENSION &&
	    form != NETHTTP_VERSION_FORM_STRICT)
		return NETHTTP_PARSE_NOT_HTTP;
	/* HTTP/2's connection preface (RFC 9113, 3.4) is no HTTP/1.x request */
	if (method == NETHTTP_METHOD_PRI && eol &&
	    form == NETHTTP_VERSION_FORM_STRICT && data[last + 5] == '2')
		return NETHTTP_PARSE_NOT_HTTP;

	msg->kind = NETHTTP_KIND_REQUEST;
	msg->method = (unsigned char)method;
	msg->method_token.len = (unsigned short)m;
	if (method == NETHTTP_METHOD_EXTENSION)
		nethttp_flag(msg, NETHTTP_ANOMALY_EXTENSION_METHOD);
	if (eol && line_end < end)
		nethttp_flag(msg, NETHTTP_ANOMALY_FIRST_LINE_SPACING);

	if (form == NETHTTP_VERSION_FORM_NONE) {
		target_end = line_end;
		if (eol)
			nethttp_flag(msg, NETHTTP_ANOMALY_HTTP09_REQUEST);
	} else {
		target_end = last;
		while (target_end > target && nethttp_is_blank(data[target_end - 1]))
			target_end--;
		if (last - target_end != 1 || data[target_end] != ' ')
			nethttp_flag(msg, NETHTTP_ANOMALY_FIRST_LINE_SPACING);
		/* cut short, only a whole standard version is known */
		if (eol || form == NETHTTP_VERSION_FORM_STRICT)
			nethttp_set_version(msg, data, last, line_end - last);
	}
	nethttp_set_target(msg, data, target, target_end);
	if (!eol)
		ps->cut = 1;
	ps->pos = end + eol;
	return NETHTTP_PARSE_OK;
}

/*
 * The status line when it has the shape nearly all have: "HTTP/1.0" or
 * "HTTP/1.1", one SP, a status code, one SP, a reason that does not start
 * with a blank and has no control byte but HTAB, CRLF. Nothing about it
 * is then odd, and this finds what the general path below would. Returns
 * 0, having changed nothing, for any other line.
 */
static int nethttp_status_line_fast(struct nethttp_parser *ps)
{
	const unsigned char *data = ps->data;
	struct nethttp_msg *msg = ps->msg;
	unsigned int len = ps->len, version, code, end;

	/* a code from 100 to 599, between single spaces */
	if (len < 15 || data[8] != ' ' || data[12] != ' ' ||
	    data[9] < '1' || data[9] > '5' || data[10] < '0' || data[10] > '9' ||
	    data[11] < '0' || data[11] > '9' || nethttp_is_blank(data[13]))
		return 0;
	version = nethttp_version_1x(data);
	if (version == NETHTTP_VERSION_UNKNOWN)
		return 0;
	end = nethttp_find_line_end(data, 13, len);
	if (end + 1 >= len || data[end] != '\r' || data[end + 1] != '\n' ||
	    end - 13 > NETHTTP_VALUE_MAX)
		return 0;

	code = (data[9] - '0') * 100 + (data[10] - '0') * 10 + (data[11] - '0');
	msg->version = (unsigned char)version;
	msg->version_token.len = 8;
	msg->status_code = (unsigned short)code;
	msg->reason.off = 13;
	msg->reason.len = (unsigned short)(end - 13);
	ps->pos = end + 2;
	return 1;
}

/* version SP 3DIGIT [SP reason], the reason possibly empty */
static enum nethttp_parse_result nethttp_status_line(struct nethttp_parser *ps)
{
	const unsigned char *data = ps->data;
	struct nethttp_msg *msg = ps->msg;
	unsigned int end, eol, v, p, code = 0, i;

	msg->kind = NETHTTP_KIND_RESPONSE;
	if (nethttp_status_line_fast(ps))
		return NETHTTP_PARSE_OK;
	eol = nethttp_line(ps, 0, &end);
	for (v = 0; v < end && !nethttp_is_blank(data[v]); v++)
		;
	ps->pos = end + eol;
	if (v == end && !eol) {
		ps->cut = 1;	/* inside the version */
		return NETHTTP_PARSE_OK;
	}
	nethttp_set_version(msg, data, 0, v);
	if (v == end) {
		if (eol)
			return NETHTTP_PARSE_MALFORMED;	/* no status code */
		ps->cut = 1;
		return NETHTTP_PARSE_OK;
	}
	p = nethttp_skip_separator(msg, data, v, end);
	for (i = 0; i < 3; i++, p++) {
		if (p >= end) {
			if (eol)
				return NETHTTP_PARSE_MALFORMED;
			ps->cut = 1;
			return NETHTTP_PARSE_OK;
		}
		if (data[p] < '0' || data[p] > '9')
			return NETHTTP_PARSE_MALFORMED;
		code = code * 10 + (data[p] - '0');
	}
	if (code < 100 || code > 599)
		return NETHTTP_PARSE_MALFORMED;
	if (p < end && !nethttp_is_blank(data[p]))
		return NETHTTP_PARSE_MALFORMED;	/* a fourth digit, or junk */
	msg->status_code = (unsigned short)code;
	if (p == end) {
		if (eol)
			nethttp_flag(msg, NETHTTP_ANOMALY_STATUS_LINE_NO_REASON);
		else
			ps->cut = 1;
		return NETHTTP_PARSE_OK;
	}
	if (data[p] != ' ' || (p + 1 < end && nethttp_is_blank(data[p + 1])))
		nethttp_flag(msg, NETHTTP_ANOMALY_FIRST_LINE_SPACING);
	while (p < end && nethttp_is_blank(data[p]))
		p++;
	nethttp_check_controls(msg, data + p, end - p);
	nethttp_set_span(&msg->reason, p, end - p, NETHTTP_VALUE_MAX, msg);
	if (!eol)
		ps->cut = 1;
	return NETHTTP_PARSE_OK;
}

enum nethttp_parse_result nethttp_parse(const unsigned char *data,
					unsigned int len,
					struct nethttp_msg *msg)
{
	struct nethttp_parser ps = {
		.data = data,
		.len = len > NETHTTP_PAYLOAD_MAX ? NETHTTP_PAYLOAD_MAX : len,
		.msg = msg,
		.content_length = -1,
	};
	enum nethttp_parse_result res;
	unsigned int kind;

	/* what the hook's first test turns away is never taken here either */
	kind = nethttp_first_bytes(data, ps.len, &ps.token);
	if (!kind)
		return NETHTTP_PARSE_NOT_HTTP;
	__builtin_memset(msg, 0, __builtin_offsetof(struct nethttp_msg, headers));
	msg->content_length = -1;

	if (kind == NETHTTP_KIND_RESPONSE)
		res = nethttp_status_line(&ps);
	else
		res = nethttp_request_line(&ps);
	if (res != NETHTTP_PARSE_OK)
		return res;

	nethttp_parse_headers(&ps);
	if (ps.cut)
		msg->truncated = 1;
	if (msg->kind == NETHTTP_KIND_REQUEST && ps.done && !ps.has_host &&
	    msg->version == NETHTTP_VERSION_1_1)
		nethttp_flag(msg, NETHTTP_ANOMALY_MISSING_HOST);
	msg->content_length = nethttp_body_length(&ps);
	return NETHTTP_PARSE_OK;
}
