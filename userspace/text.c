// SPDX-License-Identifier: GPL-2.0
#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nethttp/escape.h"

static void out_of_memory(void)
{
	fputs("nethttp: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void sb_free(struct strbuf *sb)
{
	free(sb->data);
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
}

static void sb_reserve(struct strbuf *sb, size_t extra)
{
	size_t need, cap;

	if (extra > SIZE_MAX - sb->len - 1)
		out_of_memory();
	need = sb->len + extra + 1;	/* room for sb_cstr()'s NUL */
	if (need <= sb->cap)
		return;
	cap = sb->cap ? sb->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	sb->data = xrealloc(sb->data, cap);
	sb->cap = cap;
}

void sb_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	sb_reserve(sb, len);
	memcpy(sb->data + sb->len, data, len);
	sb->len += len;
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_reserve(sb, 1);
	sb->data[sb->len++] = c;
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sb_reserve(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_pad(struct strbuf *sb, size_t count)
{
	sb_reserve(sb, count);
	memset(sb->data + sb->len, ' ', count);
	sb->len += count;
}

const char *sb_cstr(struct strbuf *sb)
{
	sb_reserve(sb, 0);
	sb->data[sb->len] = '\0';
	return sb->data;
}

size_t utf8_encode(unsigned int cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The module's escaper writes at most an unsigned int at a time: give it
 * output room a chunk at a time. The input it may look at is clamped far
 * beyond what one chunk of output can stand for, so the clamp never cuts
 * a character short.
 */
#define JSON_OUT_CHUNK (1024u * 1024)
#define JSON_IN_MAX (1024ul * 1024 * 1024)

void sb_add_json_string(struct strbuf *sb, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned long in, done;
	unsigned int room;

	while (len) {
		in = len < JSON_IN_MAX ? len : JSON_IN_MAX;
		room = in < JSON_OUT_CHUNK / NETHTTP_ESCAPE_MAX ?
		       (unsigned int)in * NETHTTP_ESCAPE_MAX : JSON_OUT_CHUNK;
		sb_reserve(sb, room);
		sb->len += nethttp_json_escape(sb->data + sb->len, room, s, in,
					       &done);
		s += done;
		len -= done;
	}
}

/* Characters that print nothing yet change how the text around them shows. */
static int is_invisible_format(unsigned int cp)
{
	return cp == 0xad || cp == 0x061c || cp == 0x180e ||
	       (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x206f) ||
	       cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

void sb_add_terminal(struct strbuf *sb, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;
	unsigned int cp;

	while (i < len) {
		unsigned char c = s[i];

		if (c == '\\') {
			sb_adds(sb, "\\\\");
			i++;
			continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			sb_addc(sb, (char)c);
			i++;
			continue;
		}
		n = c < 0x80 ? 0 : nethttp_utf8_sequence(s + i, len - i, &cp);
		if (!n) {	/* a control byte, or not UTF-8 */
			sb_addf(sb, "\\x%02x", c);
			i++;
		} else if ((cp >= 0x80 && cp <= 0x9f) || is_invisible_format(cp)) {
			sb_addf(sb, "\\u%04x", cp);
			i += n;
		} else {
			sb_add(sb, s + i, n);
			i += n;
		}
	}
}

size_t text_width(const char *s, size_t len)
{
	size_t i, width = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			width++;
	return width;
}

int bytes_compare(const char *a, size_t a_len, const char *b, size_t b_len)
{
	int c = memcmp(a, b, a_len < b_len ? a_len : b_len);

	if (c)
		return c;
	return (a_len > b_len) - (a_len < b_len);
}

int parse_decimal(const char *s, size_t len, unsigned long max,
		  unsigned long *out)
{
	unsigned long n = 0, digit;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		digit = (unsigned long)(s[i] - '0');
		if (digit > max || n > (max - digit) / 10)
			return -1;
		n = n * 10 + digit;
	}
	*out = n;
	return 0;
}
