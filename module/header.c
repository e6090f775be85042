// SPDX-License-Identifier: GPL-2.0
/*
 * Header blocks, for parser.c. No includes beyond our own headers: see
 * parser.h for why. A header is "name: value" with its continuation lines;
 * whatever an endpoint might still take as one is kept and flagged.
 */
#include "parse.h"

/*
 * Whether the 8 bytes at @p are @lit, a lower-case literal, in any case.
 * @fold has 0x20 where @lit has a letter and 0 elsewhere: OR-ing it in
 * lowers a letter, and only that letter in either case matches then, so
 * this is nethttp_lower() on each byte, a word at a time.
 */
static inline int nethttp_word_is(const unsigned char *p, const char *lit,
				  const char *fold)
{
	return (nethttp_load64(p) | nethttp_load64((const unsigned char *)fold)) ==
	       nethttp_load64((const unsigned char *)lit);
}

/* The special header names, in any case; lengths first, as most differ. */
static int nethttp_is_content_length(const unsigned char *p, unsigned int len)
{
	return len == 14 && nethttp_word_is(p, "content-", "       \0") &&
	       nethttp_word_is(p + 6, "t-length", " \0      ");
}

static int nethttp_is_transfer_encoding(const unsigned char *p,
					unsigned int len)
{
	return len == 17 && nethttp_word_is(p, "transfer", "        ") &&
	       p[8] == '-' && nethttp_word_is(p + 9, "encoding", "        ");
}

static int nethttp_is_host(const unsigned char *p, unsigned int len)
{
	return len == 4 && (nethttp_load32(p) | 0x20202020) ==
			   nethttp_load32((const unsigned char *)"host");
}

/*
 * Content-Length: one number, or a comma-separated list of copies of one
 * number (RFC 9110, 8.6), each parsed digit by digit with an overflow
 * check. Returns the number of copies, 0 when it is no such list, and -1
 * when its copies disagree.
 */
static int nethttp_parse_lengths(const unsigned char *p, unsigned int len,
				 long long *length)
{
	const unsigned long long max = ~0ULL >> 1;
	unsigned long long value;
	unsigned int i = 0, digits;
	int copies = 0, disagree = 0;

	/* the usual: digits alone, too few to overflow (max has 19) */
	if (len && len <= 18) {
		for (value = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++)
			value = value * 10 + (p[i] - '0');
		if (i == len) {
			*length = (long long)value;
			return 1;
		}
		i = 0;
	}
	for (;;) {
		/* blanks, and the line ends of a fold, around each copy */
		while (i < len && (nethttp_is_blank(p[i]) || p[i] == '\r' || p[i] == '\n'))
			i++;
		value = 0;
		for (digits = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++, digits++) {
			unsigned int digit = p[i] - '0';

			if (value > (max - digit) / 10)
				return 0;
			value = value * 10 + digit;
		}
		if (!digits)
			return 0;
		if (copies && (long long)value != *length)
			disagree = 1;
		*length = (long long)value;
		copies++;
		while (i < len && (nethttp_is_blank(p[i]) || p[i] == '\r' || p[i] == '\n'))
			i++;
		if (i == len)
			return disagree ? -1 : copies;
		if (p[i] != ',')
			return 0;
		i++;
	}
}

static void nethttp_content_length(struct nethttp_parser *ps,
				   const struct nethttp_header *h)
{
	struct nethttp_msg *msg = ps->msg;
	long long length = -1;
	int copies;

	copies = nethttp_parse_lengths(ps->data + h->value.off, h->value.len,
				       &length);
	if (copies == 0) {
		nethttp_flag(msg, NETHTTP_ANOMALY_BAD_CONTENT_LENGTH);
		ps->content_length_valid = 0;
	} else if (copies < 0 || (ps->content_length_seen &&
				  ps->content_length != length)) {
		nethttp_flag(msg, NETHTTP_ANOMALY_CONFLICTING_CONTENT_LENGTH);
		ps->content_length_valid = 0;
	} else {
		if (copies > 1 || ps->content_length_seen)
			nethttp_flag(msg, NETHTTP_ANOMALY_DUPLICATE_CONTENT_LENGTH);
		if (!ps->content_length_seen)
			ps->content_length_valid = 1;
	}
	if (!ps->content_length_seen && copies > 0)
		ps->content_length = length;
	ps->content_length_seen = 1;
}

int nethttp_last_coding_chunked(const unsigned char *p, unsigned int len)
{
	static const char chunked[] = "chunked";
	unsigned int start = 0, end = len, i;

	while (end && (nethttp_is_blank(p[end - 1]) || p[end - 1] == ','))
		end--;
	for (i = 0; i < end; i++)
		if (p[i] == ',')
			start = i + 1;
	while (start < end && nethttp_is_blank(p[start]))
		start++;
	if (end - start != sizeof(chunked) - 1)
		return 0;
	for (i = 0; i < sizeof(chunked) - 1; i++)
		if (nethttp_lower(p[start + i]) != (unsigned char)chunked[i])
			return 0;
	return 1;
}

/*
 * What a header means for the message. Returns nonzero when it is kept
 * outside headers[] (a request's first Host).
 */
static int nethttp_special_header(struct nethttp_parser *ps,
				  const struct nethttp_header *h)
{
	const unsigned char *name = ps->data + h->name.off;
	struct nethttp_msg *msg = ps->msg;

	if (nethttp_is_content_length(name, h->name.len)) {
		nethttp_content_length(ps, h);
	} else if (nethttp_is_transfer_encoding(name, h->name.len)) {
		ps->has_transfer_encoding = 1;
		msg->framing = nethttp_last_coding_chunked(ps->data + h->value.off,
							   h->value.len) ?
			       NETHTTP_FRAMING_CHUNKED : NETHTTP_FRAMING_OTHER;
	} else if (msg->kind == NETHTTP_KIND_REQUEST &&
		   nethttp_is_host(name, h->name.len)) {
		if (ps->has_host) {
			nethttp_flag(msg, NETHTTP_ANOMALY_DUPLICATE_HOST);
			return 0;
		}
		ps->has_host = 1;
		nethttp_set_span(&msg->host, h->value.off, h->value.len,
				 NETHTTP_VALUE_MAX, msg);
		return 1;
	}
	return 0;
}

/*
 * Control bytes in a value, other than the line ends of its folds (an LF,
 * or CRLF, before a blank).
 */
static void nethttp_check_value(struct nethttp_msg *msg,
				const unsigned char *p, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		if (p[i] == '\r' && i + 1 < len && p[i + 1] == '\n')
			continue;
		if (p[i] == '\n' && i + 1 < len && nethttp_is_blank(p[i + 1]))
			continue;
		if (nethttp_is_control(p[i])) {
			nethttp_flag(msg, NETHTTP_ANOMALY_CONTROL_BYTES);
			return;
		}
	}
}

/*
 * The name of the header line [@start, @end): up to its colon, or, with
 * none, up to its first blank, as a lenient endpoint might take it. Sets
 * *value_off to where the value may start.
 */
static void nethttp_header_name(struct nethttp_parser *ps, unsigned int start,
				unsigned int end, struct nethttp_header *h,
				unsigned int *value_off)
{
	const unsigned char *data = ps->data;
	struct nethttp_msg *msg = ps->msg;
	unsigned int colon, name_end, i;

	for (colon = start; colon < end && data[colon] != ':'; colon++)
		;
	if (colon < end) {
		name_end = colon;
		while (name_end > start && nethttp_is_blank(data[name_end - 1]))
			name_end--;
		if (name_end < colon)
			nethttp_flag(msg, NETHTTP_ANOMALY_SPACE_BEFORE_COLON);
		*value_off = colon + 1;
	} else {
		nethttp_flag(msg, NETHTTP_ANOMALY_HEADER_WITHOUT_COLON);
		for (name_end = start; name_end < end && !nethttp_is_blank(data[name_end]);
		     name_end++)
			;
		*value_off = name_end;
	}
	for (i = start; i < name_end && nethttp_is_tchar(data[i]); i++)
		;
	if (name_end == start || i < name_end)
		nethttp_flag(msg, NETHTTP_ANOMALY_BAD_HEADER_NAME);
	h->name.off = (unsigned short)start;
	h->name.len = (unsigned short)(name_end - start);
}

/*
 * What the header @h (its value whole) means for the message, and its
 * place in headers[] if it gets one.
 */
static void nethttp_keep_header(struct nethttp_parser *ps,
				const struct nethttp_header *h)
{
	struct nethttp_msg *msg = ps->msg;

	if (nethttp_special_header(ps, h))
		return;

	if (msg->header_count >= NETHTTP_HEADERS_MAX) {
		msg->truncated = 1;
		nethttp_flag(msg, NETHTTP_ANOMALY_TOO_MANY_HEADERS);
		return;
	}
	nethttp_set_span(&msg->headers[msg->header_count].name, h->name.off,
			 h->name.len, NETHTTP_NAME_MAX, msg);
	nethttp_set_span(&msg->headers[msg->header_count].value, h->value.off,
			 h->value.len, NETHTTP_VALUE_MAX, msg);
	msg->header_count++;
}

/*
 * The header at ps->pos, with the continuation lines (obs-fold) that
 * follow it. Sets ps->done at the empty line that ends the block and
 * ps->cut when the data stops first; a header not had whole is left out.
 */
static void nethttp_header(struct nethttp_parser *ps)
{
	const unsigned char *data = ps->data;
	struct nethttp_msg *msg = ps->msg;
	unsigned int start = ps->pos, end, eol, next, value_off, value_end;
	struct nethttp_header h;

	eol = nethttp_line(ps, start, &end);
	if (!eol) {
		ps->cut = 1;
		return;
	}
	next = end + eol;
	if (end == start) {
		ps->done = 1;
		ps->pos = next;
		ps->msg->head_len = (unsigned short)next;
		return;
	}
	value_end = end;
	while (next < ps->len && nethttp_is_blank(data[next])) {
		unsigned int fold_end, fold_eol = nethttp_line(ps, next, &fold_end);

		if (!fold_eol) {
			ps->cut = 1;
			return;
		}
		nethttp_flag(msg, NETHTTP_ANOMALY_OBS_FOLD);
		value_end = fold_end;
		next = fold_end + fold_eol;
	}
	ps->pos = next;
	if (nethttp_is_blank(data[start])) {
		/* a fold with no header before it: nothing to join it to */
		nethttp_flag(msg, NETHTTP_ANOMALY_OBS_FOLD);
		return;
	}

	nethttp_header_name(ps, start, end, &h, &value_off);
	while (value_off < value_end &&
	       (nethttp_is_blank(data[value_off]) || data[value_off] == '\r' ||
		data[value_off] == '\n'))
		value_off++;
	while (value_end > value_off && nethttp_is_blank(data[value_end - 1]))
		value_end--;
	nethttp_check_value(msg, data + value_off, value_end - value_off);
	/* whole, before any limit: a cut Content-Length would lie */
	h.value.off = (unsigned short)value_off;
	h.value.len = (unsigned short)(value_end - value_off);
	nethttp_keep_header(ps, &h);
}

/*
 * The header at ps->pos when it has the shape nearly all have: a name of
 * token bytes right before its colon, a value with no control byte but
 * HTAB, a CRLF, and no fold after it. Then nothing about it is odd, and
 * this finds what nethttp_header() would, with one word-at-a-time scan of
 * the value that finds its line end too. Returns 0, having changed
 * nothing, for any other header: nethttp_header() takes it from the start.
 */
static int nethttp_header_fast(struct nethttp_parser *ps)
{
	const unsigned char *data = ps->data;
	unsigned int len = ps->len, start = ps->pos, colon, value_off, end;
	unsigned int name_len, value_len;
	struct nethttp_msg *msg = ps->msg;
	struct nethttp_header h, *kept;

	colon = nethttp_skip_tchars(data, start, len);
	if (colon == start || colon >= len || data[colon] != ':')
		return 0;
	/* up to the first control byte but HTAB: the line end's CR */
	end = nethttp_find_line_end(data, colon + 1, len);
	/* CRLF, and no blank starting a fold after it */
	if (end + 1 >= len || data[end] != '\r' || data[end + 1] != '\n' ||
	    (end + 2 < len && nethttp_is_blank(data[end + 2])))
		return 0;
	ps->pos = end + 2;
	/* the blanks around the value: the CR, then its first byte stop them */
	value_off = colon + 1;
	while (nethttp_is_blank(data[value_off]))
		value_off++;
	if (value_off < end)
		while (nethttp_is_blank(data[end - 1]))
			end--;
	name_len = colon - start;
	value_len = end - value_off;
	/* a request's first Host, as nethttp_special_header() keeps it */
	if (name_len == 4 && msg->kind == NETHTTP_KIND_REQUEST && !ps->has_host &&
	    value_len <= NETHTTP_VALUE_MAX && nethttp_is_host(data + start, 4)) {
		ps->has_host = 1;
		msg->host.off = (unsigned short)value_off;
		msg->host.len = (unsigned short)value_len;
		return 1;
	}
	/*
	 * Names as long as Content-Length, Transfer-Encoding or Host, and
	 * anything past a limit, go through nethttp_keep_header(); others
	 * only take their place in headers[].
	 */
	if (name_len == 4 || name_len == 14 || name_len == 17 ||
	    name_len > NETHTTP_NAME_MAX || value_len > NETHTTP_VALUE_MAX ||
	    msg->header_count >= NETHTTP_HEADERS_MAX) {
		h.name.off = (unsigned short)start;
		h.name.len = (unsigned short)name_len;
		h.value.off = (unsigned short)value_off;
		h.value.len = (unsigned short)value_len;
		nethttp_keep_header(ps, &h);
		return 1;
	}
	kept = &msg->headers[msg->header_count++];
	kept->name.off = (unsigned short)start;
	kept->name.len = (unsigned short)name_len;
	kept->value.off = (unsigned short)value_off;
	kept->value.len = (unsigned short)value_len;
	return 1;
}

void nethttp_parse_headers(struct nethttp_parser *ps)
{
	const unsigned char *data = ps->data;

	while (!ps->cut && !ps->done) {
		if (nethttp_header_fast(ps))
			continue;
		/* the empty line ending the block, as nethttp_header() sees it */
		if (ps->pos + 1 < ps->len && data[ps->pos] == '\r' &&
		    data[ps->pos + 1] == '\n') {
			ps->done = 1;
			ps->pos += 2;
			ps->msg->head_len = (unsigned short)ps->pos;
			return;
		}
		nethttp_header(ps);
	}
}
