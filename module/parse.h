/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What parser.c (first lines) and header.c (header blocks) share. Kernel-
 * and libc-header free, like them.
 */
#ifndef _NETHTTP_PARSE_H
#define _NETHTTP_PARSE_H

#include "nethttp/parser.h"

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

struct nethttp_parser {
	const unsigned char *data;
	unsigned int len;
	unsigned int pos;		/* where the next line starts */
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

static inline void nethttp_flag(struct nethttp_msg *msg, enum nethttp_anomaly anomaly)
{
	msg->anomalies |= 1U << anomaly;
}

/*
 * Sets @span to @len bytes at @off, cut to @max: a cut truncates the
 * message and is flagged as a line too long.
 */
void nethttp_set_span(struct nethttp_span *span, unsigned int off,
		      unsigned int len, unsigned int max,
		      struct nethttp_msg *msg);

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

/* The body length the head announces, or -1; flags what contradicts it. */
long long nethttp_body_length(struct nethttp_parser *ps);

#endif /* _NETHTTP_PARSE_H */
