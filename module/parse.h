/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What parser.c (first lines) and header.c (header blocks) share. Kernel-
 * and libc-header free, like them.
 */
#ifndef _NETHTTP_PARSE_H
#define _NETHTTP_PARSE_H

#include "nethttp/parser.h"
#include "swar.h"

/* Character classes, one table load each: the first-bytes test runs on every packet. */
enum {
	NETHTTP_CLASS_TCHAR = 1,	/* RFC 9110 tchar */
	NETHTTP_CLASS_UPPER = 2,	/* A-Z, '-', '_': what long methods are made of */
	NETHTTP_CLASS_BLANK = 4,	/* SP, HTAB */
};

extern const unsigned char nethttp_char_class[256];

static inline int nethttp_is_tchar(unsigned char c)
{
	return nethttp_char_class[c] & NETHTTP_CLASS_TCHAR;
}

static inline int nethttp_is_blank(unsigned char c)
{
	return nethttp_char_class[c] & NETHTTP_CLASS_BLANK;
}

/* Bytes no field may hold: CTLs but HTAB. Line ends are taken out first. */
static inline int nethttp_is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

static inline unsigned char nethttp_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/*
 * The first control byte but HTAB from @i on, or @len: where the line
 * ends (its CR) on the fast paths, which take a line only if it is that.
 */
static inline unsigned int nethttp_find_line_end(const unsigned char *p,
						 unsigned int i,
						 unsigned int len)
{
	for (;;) {
		i = nethttp_find(p, i, len, 0x20, NETHTTP_NO_STOP);
		if (i >= len || p[i] != '\t')
			return i;
		i++;
	}
}

/* Token bytes from @i on: where the first other byte is, or @len. */
static inline unsigned int nethttp_skip_tchars(const unsigned char *p,
					       unsigned int i, unsigned int len)
{
	const unsigned char *cls = nethttp_char_class;
	const unsigned char *q = p + i, *end = p + len;

	/* four at a time while there are four, then one by one */
	for (; end - q >= 4; q += 4) {
		if (!(cls[q[0]] & NETHTTP_CLASS_TCHAR))
			return q - p;
		if (!(cls[q[1]] & NETHTTP_CLASS_TCHAR))
			return q + 1 - p;
		if (!(cls[q[2]] & NETHTTP_CLASS_TCHAR))
			return q + 2 - p;
		if (!(cls[q[3]] & NETHTTP_CLASS_TCHAR))
			return q + 3 - p;
	}
	while (q < end && (cls[*q] & NETHTTP_CLASS_TCHAR))
		q++;
	return q - p;
}

struct nethttp_parser {
	const unsigned char *data;
	unsigned int len;
	unsigned int pos;		/* where the next line starts */
	unsigned int token;		/* the method's length, if known, or 0 */
	struct nethttp_msg *msg;
	int cut;			/* the data stops inside the head */
	int done;			/* the empty line ending the head is seen */
	/* what the headers say about the body */
	long long content_length;
	int content_length_seen;
	int content_length_valid;
	int has_transfer_encoding;
	int has_host;
};

/* Whether the last coding of a Transfer-Encoding value is "chunked". */
int nethttp_last_coding_chunked(const unsigned char *p, unsigned int len);

static inline void nethttp_flag(struct nethttp_msg *msg, enum nethttp_anomaly anomaly)
{
	msg->anomalies |= 1U << anomaly;
}

/*
 * Sets @span to @len bytes at @off, cut to @max: a cut truncates the
 * message and is flagged as a line too long.
 */
static inline void nethttp_set_span(struct nethttp_span *span,
				    unsigned int off, unsigned int len,
				    unsigned int max, struct nethttp_msg *msg)
{
	if (len > max) {
		len = max;
		msg->truncated = 1;
		nethttp_flag(msg, NETHTTP_ANOMALY_LINE_TOO_LONG);
	}
	span->off = (unsigned short)off;
	span->len = (unsigned short)len;
}

/*
 * The line that starts at @from ends at *end, where its line end starts.
 * Returns the length of that line end: 2 for CRLF, 1 for a bare LF
 * (flagged), 0 when the data stops first (*end is then the end of what
 * there is, less a CR that may yet be followed by its LF).
 */
unsigned int nethttp_line(const struct nethttp_parser *ps, unsigned int from,
			  unsigned int *end);

/* Parses the header block at ps->pos until its end or the data's. */
void nethttp_parse_headers(struct nethttp_parser *ps);

/*
 * The body length the head announces, or -1; flags what contradicts it.
 * Inline: it is a few tests at the end of every parse.
 */
static inline long long nethttp_body_length(struct nethttp_parser *ps)
{
	const struct nethttp_msg *msg = ps->msg;
	unsigned int code = msg->status_code;

	if (ps->has_transfer_encoding && ps->content_length_seen)
		nethttp_flag(ps->msg, NETHTTP_ANOMALY_TE_AND_CL);
	if (ps->has_transfer_encoding)
		return -1;
	if (ps->content_length_seen)
		return ps->content_length_valid ? ps->content_length : -1;
	if (!ps->done)
		return -1;
	if (msg->kind == NETHTTP_KIND_REQUEST)
		return 0;
	if ((code >= 100 && code < 200) || code == 204 || code == 304)
		return 0;
	return -1;	/* read until the connection closes */
}

#endif /* _NETHTTP_PARSE_H */
