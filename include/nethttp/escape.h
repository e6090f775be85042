/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text inside JSON strings, written the one way the module's lines and the
 * reader's output both use: \n \r \t \" \\; other bytes below 0x20, 0x7f,
 * the C1 controls U+0080..U+009F, U+2028 and U+2029 as \uxxxx (lower-case
 * hex), since terminals act on C1 and JavaScript breaks on U+2028/9; every
 * byte that is not part of well-formed UTF-8 as \ufffd; all else as it is.
 * Kernel- and libc-header free, like the parser.
 */
#ifndef NETHTTP_ESCAPE_H
#define NETHTTP_ESCAPE_H

/* The most a byte of input grows to: "\u00xx" or "\ufffd". */
#define NETHTTP_ESCAPE_MAX	6

/*
 * Length (1..4) of the well-formed UTF-8 sequence at @s, of which @avail
 * bytes may be read, storing its code point in *@cp; 0 when the bytes there
 * are not one (RFC 3629: overlong, surrogate, beyond U+10FFFF, cut short,
 * stray continuation byte). @avail must be at least 1.
 */
unsigned int nethttp_utf8_sequence(const unsigned char *s, unsigned long avail,
				   unsigned int *cp);

/*
 * Writes as much of @len bytes of @s, escaped, as fits in @size bytes of
 * @buf, never part of a character or of an escape. Returns the bytes
 * written and stores in *@done the bytes of @s they stand for.
 */
unsigned int nethttp_json_escape(char *buf, unsigned int size,
				 const unsigned char *s, unsigned long len,
				 unsigned long *done);

/*
 * Writes @len bytes of @s, escaped, whole: returns the length written, or
 * 0 when @size is too small for all of it. Not NUL-terminated.
 */
unsigned int nethttp_format_json_string(char *buf, unsigned int size,
					const unsigned char *s,
					unsigned int len);

#endif /* NETHTTP_ESCAPE_H */
