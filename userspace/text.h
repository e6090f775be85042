/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Growable byte buffers and the two ways text leaves this program: as the
 * inside of a JSON string (the device's escaping, nethttp/escape.h) and as
 * text for a terminal (nothing that a terminal could act on is ever
 * written raw).
 */
#ifndef NETHTTP_READER_TEXT_H
#define NETHTTP_READER_TEXT_H

#include <stddef.h>

struct strbuf {
	char *data;	/* not NUL-terminated unless sb_cstr() was called */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The kernel's name for printf format checking, as in the module's code.
 * Split across two lines only because checkpatch, which cannot tell this
 * definition from a use, would otherwise ask for __printf() right here.
 */
#define __printf(fmt_index, first_arg) __attribute__((format \
	(printf, fmt_index, first_arg)))

/* Allocation failures end the program: there is nothing sensible to do. */
void *xmalloc(size_t size);
void *xrealloc(void *ptr, size_t size);

void sb_free(struct strbuf *sb);
void sb_add(struct strbuf *sb, const void *data, size_t len);
void sb_addc(struct strbuf *sb, char c);
void sb_adds(struct strbuf *sb, const char *s);
void __printf(2, 3) sb_addf(struct strbuf *sb, const char *fmt, ...);
void sb_pad(struct strbuf *sb, size_t count);
/* NUL-terminates (without counting the NUL) and returns the data. */
const char *sb_cstr(struct strbuf *sb);

/* Writes @cp (at most U+10FFFF) as UTF-8 to @out; returns the length. */
size_t utf8_encode(unsigned int cp, unsigned char out[4]);

/*
 * Appends @len bytes of @s as the inside of a JSON string, escaped by the
 * module's own code (nethttp/escape.h), so the reader writes any text just
 * as the device does.
 */
void sb_add_json_string(struct strbuf *sb, const char *s, size_t len);

/*
 * Appends @s for display on a terminal: printable ASCII and printable
 * non-ASCII characters as they are, a backslash as \\, bytes below 0x20,
 * 0x7f and bytes that are not well-formed UTF-8 as \xNN, C1 controls and
 * invisible format characters (bidi overrides, zero-width, line/paragraph
 * separators, BOM) as \uXXXX.
 */
void sb_add_terminal(struct strbuf *sb, const char *s, size_t len);

/*
 * Reads the @len bytes of @s as a decimal number of at most @max into
 * *@out: 0, or -1 when they are empty, hold anything but digits or say
 * more than @max (without overflowing, however many digits there are).
 */
int parse_decimal(const char *s, size_t len, unsigned long max,
		  unsigned long *out);

/*
 * Orders two byte strings (NULs allowed) bytewise, a prefix first: <0, 0
 * or >0, as memcmp() does.
 */
int bytes_compare(const char *a, size_t a_len, const char *b, size_t b_len);

/* Characters (code points) in @len bytes of UTF-8 text. */
size_t text_width(const char *s, size_t len);

#endif /* NETHTTP_READER_TEXT_H */
