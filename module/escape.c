// SPDX-License-Identifier: GPL-2.0
/*
 * JSON string escaping, shared by the module's formatter and the reader. No
 * includes beyond our own header: see parser.h for why.
 */
#include "nethttp/escape.h"
#include "swar.h"

unsigned int nethttp_utf8_sequence(const unsigned char *s, unsigned long avail,
				   unsigned int *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	unsigned int n, i, v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* the second byte's range rules out overlongs, surrogates and > U+10FFFF */
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return n;
}

static const char nethttp_hex[] = "0123456789abcdef";

static unsigned int nethttp_escape_unit(char *out, unsigned int unit)
{
	out[0] = '\\';
	out[1] = 'u';
	out[2] = nethttp_hex[(unit >> 12) & 0xf];
	out[3] = nethttp_hex[(unit >> 8) & 0xf];
	out[4] = nethttp_hex[(unit >> 4) & 0xf];
	out[5] = nethttp_hex[unit & 0xf];
	return 6;
}

/*
 * The escaped form of the character at @s into @out; returns its length
 * and stores in *@used the input bytes it stands for.
 */
static unsigned int nethttp_escape_char(char *out, const unsigned char *s,
					unsigned long avail, unsigned int *used)
{
	unsigned int cp, n, i;

	*used = 1;
	switch (s[0]) {
	case '"':
	case '\\':
		out[0] = '\\';
		out[1] = (char)s[0];
		return 2;
	case '\n':
		out[0] = '\\';
		out[1] = 'n';
		return 2;
	case '\r':
		out[0] = '\\';
		out[1] = 'r';
		return 2;
	case '\t':
		out[0] = '\\';
		out[1] = 't';
		return 2;
	}
	n = nethttp_utf8_sequence(s, avail, &cp);
	if (!n)
		return nethttp_escape_unit(out, 0xfffd);
	*used = n;
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	    cp == 0x2029)
		return nethttp_escape_unit(out, cp);
	for (i = 0; i < n; i++)
		out[i] = (char)s[i];
	return n;
}

/* Whether none of the eight bytes in @w needs escaping, or a UTF-8 check. */
static inline int nethttp_word_is_plain(unsigned long long w)
{
	return !(nethttp_below_mask(w, 0x20) | nethttp_byte_mask(w, '"') |
		 nethttp_byte_mask(w, '\\') | (w & NETHTTP_HIGHS));
}

unsigned int nethttp_json_escape(char *buf, unsigned int size,
				 const unsigned char *s, unsigned long len,
				 unsigned long *done)
{
	char esc[NETHTTP_ESCAPE_MAX];
	unsigned long i = 0, bytewise_until = 0;
	unsigned long long w;
	unsigned int out = 0, n, used, k;

	while (i < len) {
		/*
		 * Text is mostly plain: copy it a word at a time, and go byte
		 * by byte only through a word that has something to escape.
		 */
		if (i >= bytewise_until && len - i >= 8 && size - out >= 8) {
			w = nethttp_load64(s + i);
			if (nethttp_word_is_plain(w)) {
				__builtin_memcpy(buf + out, &w, 8);
				out += 8;
				i += 8;
				continue;
			}
			bytewise_until = i + 8;
		}
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\') {
			if (out == size)
				break;
			buf[out++] = (char)s[i++];
			continue;
		}
		n = nethttp_escape_char(esc, s + i, len - i, &used);
		if (n > size - out)
			break;
		for (k = 0; k < n; k++)
			buf[out + k] = esc[k];
		out += n;
		i += used;
	}
	*done = i;
	return out;
}

unsigned int nethttp_format_json_string(char *buf, unsigned int size,
					const unsigned char *s, unsigned int len)
{
	unsigned long done;
	unsigned int n = nethttp_json_escape(buf, size, s, len, &done);

	return done == len ? n : 0;
}
