// SPDX-License-Identifier: GPL-2.0
/*
 * Strict JSON validation for the fuzz targets; see json_check.h.
 */
#include <string.h>
#include "json_check.h"
#include "text.h"

size_t check_utf8_sequence(const unsigned char *s, size_t len, unsigned int *cp)
{
	static const unsigned int min_of_length[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t need, i;
	unsigned int value;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/* the length from the lead byte's high bits, then every rule checked on the value */
	if ((s[0] & 0xe0) == 0xc0)
		need = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		need = 3;
	else if ((s[0] & 0xf8) == 0xf0)
		need = 4;
	else
		return 0;
	if (len < need)
		return 0;
	value = s[0] & (0x7f >> need);
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		value = (value << 6) | (s[i] & 0x3f);
	}
	if (value < min_of_length[need] || value > 0x10ffff ||
	    (value >= 0xd800 && value <= 0xdfff))
		return 0;
	*cp = value;
	return need;
}

struct json_parser {
	const unsigned char *s;
	size_t len;
	size_t pos;
	unsigned int depth;
	struct json_info *info;
};

static int json_fail(struct json_parser *p, const char *why)
{
	if (!p->info->error) {
		p->info->error = why;
		p->info->error_at = p->pos;
	}
	return 0;
}

static int json_peek(const struct json_parser *p)
{
	return p->pos < p->len ? p->s[p->pos] : -1;
}

static int json_hex4(struct json_parser *p, unsigned int *unit)
{
	unsigned int i, v = 0;

	if (p->len - p->pos < 4)
		return json_fail(p, "short \\u escape");
	for (i = 0; i < 4; i++) {
		unsigned char c = p->s[p->pos + i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return json_fail(p, "bad hex digit in \\u escape");
	}
	p->pos += 4;
	*unit = v;
	return 1;
}

/* After the backslash. */
static int json_escape(struct json_parser *p)
{
	unsigned int unit, low;

	if (p->pos >= p->len)
		return json_fail(p, "string ends in a backslash");
	switch (p->s[p->pos++]) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r':
	case 't':
		return 1;
	case 'u':
		break;
	default:
		return json_fail(p, "unknown escape");
	}
	if (!json_hex4(p, &unit))
		return 0;
	if (unit >= 0xdc00 && unit <= 0xdfff)
		return json_fail(p, "lone low surrogate");
	if (unit < 0xd800 || unit > 0xdbff)
		return 1;
	if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
		return json_fail(p, "high surrogate without a low one");
	p->pos += 2;
	if (!json_hex4(p, &low))
		return 0;
	if (low < 0xdc00 || low > 0xdfff)
		return json_fail(p, "high surrogate without a low one");
	return 1;
}

static int json_string(struct json_parser *p, const char **text, size_t *text_len)
{
	size_t start;

	if (json_peek(p) != '"')
		return json_fail(p, "expected a string");
	start = ++p->pos;
	for (;;) {
		unsigned int cp, n;
		int c = json_peek(p);

		if (c < 0)
			return json_fail(p, "unterminated string");
		if (c == '"')
			break;
		if (c == '\\') {
			p->pos++;
			if (!json_escape(p))
				return 0;
			continue;
		}
		if (c < 0x20)
			return json_fail(p, "raw control byte in a string");
		if (c == 0x7f)
			return json_fail(p, "raw DEL in a string");
		n = check_utf8_sequence(p->s + p->pos, p->len - p->pos, &cp);
		if (!n)
			return json_fail(p, "invalid UTF-8 in a string");
		if (cp >= 0x80 && cp <= 0x9f)
			return json_fail(p, "raw C1 control in a string");
		p->pos += n;
	}
	if (text) {
		*text = (const char *)p->s + start;
		*text_len = p->pos - start;
	}
	p->pos++;
	return 1;
}

static int json_digits(struct json_parser *p)
{
	size_t start = p->pos;

	while (json_peek(p) >= '0' && json_peek(p) <= '9')
		p->pos++;
	return p->pos > start;
}

static int json_number(struct json_parser *p)
{
	if (json_peek(p) == '-')
		p->pos++;
	if (json_peek(p) == '0')
		p->pos++;
	else if (!json_digits(p))
		return json_fail(p, "bad number");
	if (json_peek(p) == '.') {
		p->pos++;
		if (!json_digits(p))
			return json_fail(p, "bad fraction");
	}
	if (json_peek(p) == 'e' || json_peek(p) == 'E') {
		p->pos++;
		if (json_peek(p) == '+' || json_peek(p) == '-')
			p->pos++;
		if (!json_digits(p))
			return json_fail(p, "bad exponent");
	}
	return 1;
}

static int json_literal(struct json_parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n))
		return json_fail(p, "unknown literal");
	p->pos += n;
	return 1;
}

static int json_value(struct json_parser *p);

static void json_note_key(struct json_parser *p, unsigned int first,
			  const char *text, size_t len)
{
	struct json_info *info = p->info;
	unsigned int i, stored = info->key_count < JSON_KEYS_MAX ?
				 info->key_count : JSON_KEYS_MAX;

	/* keys of this object are the ones at its depth since it opened */
	for (i = first; i < stored; i++)
		if (info->keys[i].depth == p->depth && info->keys[i].len == len &&
		    !memcmp(info->keys[i].text, text, len))
			info->duplicate_keys = 1;
	if (info->key_count < JSON_KEYS_MAX) {
		info->keys[info->key_count].depth = p->depth;
		info->keys[info->key_count].text = text;
		info->keys[info->key_count].len = len;
	}
	info->key_count++;
}

static int json_object(struct json_parser *p)
{
	unsigned int first = p->info->key_count;

	p->pos++;
	if (json_peek(p) == '}') {
		p->pos++;
		return 1;
	}
	for (;;) {
		const char *text;
		size_t len;

		if (!json_string(p, &text, &len))
			return 0;
		json_note_key(p, first, text, len);
		if (json_peek(p) != ':')
			return json_fail(p, "expected ':'");
		p->pos++;
		if (!json_value(p))
			return 0;
		if (json_peek(p) == '}') {
			p->pos++;
			return 1;
		}
		if (json_peek(p) != ',')
			return json_fail(p, "expected ',' or '}'");
		p->pos++;
	}
}

static int json_array(struct json_parser *p)
{
	p->pos++;
	if (json_peek(p) == ']') {
		p->pos++;
		return 1;
	}
	for (;;) {
		if (!json_value(p))
			return 0;
		p->info->array_values++;
		if (json_peek(p) == ']') {
			p->pos++;
			return 1;
		}
		if (json_peek(p) != ',')
			return json_fail(p, "expected ',' or ']'");
		p->pos++;
	}
}

static int json_value(struct json_parser *p)
{
	int c = json_peek(p), ok;

	switch (c) {
	case '{':
	case '[':
		if (p->depth >= JSON_DEPTH_MAX)
			return json_fail(p, "nested too deep");
		p->depth++;
		ok = c == '{' ? json_object(p) : json_array(p);
		p->depth--;
		return ok;
	case '"':
		return json_string(p, NULL, NULL);
	case 't':
		return json_literal(p, "true");
	case 'f':
		return json_literal(p, "false");
	case 'n':
		return json_literal(p, "null");
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return json_number(p);
		return json_fail(p, c < 0 ? "missing value" : "unexpected byte");
	}
}

int json_check(const char *s, size_t len, struct json_info *info)
{
	struct json_parser p = { .s = (const unsigned char *)s, .len = len,
				 .info = info };

	memset(info, 0, sizeof(*info));
	if (!json_value(&p))
		return 0;
	if (p.pos != len)
		return json_fail(&p, "bytes after the value");
	return 1;
}

static unsigned int hex4(const char *s)
{
	unsigned int i, v = 0;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v = (v << 4) | (unsigned int)(c <= '9' ? c - '0' :
					      (c | 0x20) - 'a' + 10);
	}
	return v;
}

size_t json_decode_string(const char *s, size_t len, unsigned char *out)
{
	size_t i = 0, n = 0;

	while (i < len) {
		unsigned int cp;

		if (s[i] != '\\') {
			out[n++] = (unsigned char)s[i++];
			continue;
		}
		switch (s[i + 1]) {
		case 'b':
			out[n++] = '\b';
			break;
		case 'f':
			out[n++] = '\f';
			break;
		case 'n':
			out[n++] = '\n';
			break;
		case 'r':
			out[n++] = '\r';
			break;
		case 't':
			out[n++] = '\t';
			break;
		case 'u':
			cp = hex4(s + i + 2);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (hex4(s + i + 8) - 0xdc00);
				i += 6;
			}
			n += utf8_encode(cp, out + n);
			i += 4;
			break;
		default:	/* \" \\ \/ */
			out[n++] = (unsigned char)s[i + 1];
		}
		i += 2;
	}
	return n;
}
