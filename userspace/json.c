// SPDX-License-Identifier: GPL-2.0
#include "json.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "nethttp/escape.h"

#define ARENA_BLOCK_SIZE (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

struct json_doc {
	struct arena_block *blocks;
	struct json_value root;
};

struct parser {
	const unsigned char *start;
	const unsigned char *pos;
	const unsigned char *end;
	struct json_doc *doc;
	const char *error;
	const unsigned char *error_at;
};

static void *arena_alloc(struct json_doc *doc, size_t size)
{
	struct arena_block *b = doc->blocks;
	size_t align = sizeof(max_align_t);
	void *p;

	size = (size + align - 1) / align * align;
	if (!b || b->size - b->used < size) {
		size_t block = size > ARENA_BLOCK_SIZE ? size : ARENA_BLOCK_SIZE;

		b = xmalloc(sizeof(*b) + block);
		b->next = doc->blocks;
		b->used = 0;
		b->size = block;
		doc->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	return p;
}

static int fail(struct parser *ps, const unsigned char *at, const char *msg)
{
	ps->error = msg;
	ps->error_at = at;
	return -1;
}

static void skip_space(struct parser *ps)
{
	while (ps->pos < ps->end && (*ps->pos == ' ' || *ps->pos == '\t' ||
				     *ps->pos == '\n' || *ps->pos == '\r'))
		ps->pos++;
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the four hex digits of a \u escape at @p (which has room for them). */
static long read_hex4(const unsigned char *p)
{
	long value = 0;
	int i, digit;

	for (i = 0; i < 4; i++) {
		digit = hex_value(p[i]);
		if (digit < 0)
			return -1;
		value = value * 16 + digit;
	}
	return value;
}

/* The byte a two-character escape such as \n stands for. */
static unsigned char unescape(unsigned char c)
{
	switch (c) {
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	default:	/* the quote, the backslash and the slash stand for themselves */
		return c;
	}
}

/*
 * A string; ps->pos is at its opening quote. The raw text is checked and
 * measured first: decoding never makes it longer, so one allocation of
 * that size holds the result.
 */
static int parse_string(struct parser *ps, const char **out, size_t *out_len)
{
	const unsigned char *open = ps->pos, *p = open + 1, *close;
	unsigned char *buf;
	size_t n = 0, seq;
	unsigned int cp;

	while (p < ps->end && *p != '"') {
		if (*p == '\\') {
			if (ps->end - p < 2)
				return fail(ps, ps->end, "unterminated string");
			if (p[1] == 'u') {
				if (ps->end - p < 6 || read_hex4(p + 2) < 0)
					return fail(ps, p, "invalid \\u escape in string");
				p += 6;
			} else if (p[1] && strchr("\"\\/bfnrt", p[1])) {
				p += 2;
			} else {
				return fail(ps, p, "invalid escape in string");
			}
		} else if (*p < 0x20) {
			return fail(ps, p, "control character in string");
		} else if (*p < 0x80) {
			p++;
		} else {
			seq = nethttp_utf8_sequence(p, (unsigned long)(ps->end - p), &cp);
			if (!seq)
				return fail(ps, p, "invalid UTF-8 in string");
			p += seq;
		}
	}
	if (p >= ps->end)
		return fail(ps, open, "unterminated string");
	close = p;

	buf = arena_alloc(ps->doc, (size_t)(close - open));
	for (p = open + 1; p < close;) {
		long unit, low;

		if (*p != '\\') {
			buf[n++] = *p++;
			continue;
		}
		if (p[1] != 'u') {
			buf[n++] = unescape(p[1]);
			p += 2;
			continue;
		}
		unit = read_hex4(p + 2);
		p += 6;
		cp = (unsigned int)unit;
		low = -1;
		if (unit >= 0xd800 && unit <= 0xdbff && close - p >= 6 &&
		    p[0] == '\\' && p[1] == 'u')
			low = read_hex4(p + 2);
		if (low >= 0xdc00 && low <= 0xdfff) {
			cp = 0x10000 + (((unsigned int)unit - 0xd800) << 10) +
			     ((unsigned int)low - 0xdc00);
			p += 6;
		} else if (unit >= 0xd800 && unit <= 0xdfff) {
			cp = 0xfffd;	/* a lone surrogate encodes nothing */
		}
		/* 6 or 12 bytes of escape become at most 4 bytes */
		n += utf8_encode(cp, buf + n);
	}
	buf[n] = '\0';
	*out = (const char *)buf;
	*out_len = n;
	ps->pos = close + 1;
	return 0;
}

static int is_digit(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int parse_number(struct parser *ps, struct json_value *v)
{
	const unsigned char *p = ps->pos, *end = ps->end;

	if (p < end && *p == '-')
		p++;
	if (!is_digit(p, end))
		return fail(ps, p, "invalid number");
	if (*p == '0')
		p++;
	else
		while (is_digit(p, end))
			p++;
	if (p < end && *p == '.') {
		p++;
		if (!is_digit(p, end))
			return fail(ps, p, "invalid number");
		while (is_digit(p, end))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, end))
			return fail(ps, p, "invalid number");
		while (is_digit(p, end))
			p++;
	}
	v->type = JSON_NUMBER;
	v->str = (const char *)ps->pos;
	v->len = (size_t)(p - ps->pos);
	ps->pos = p;
	return 0;
}

static int parse_literal(struct parser *ps, struct json_value *v,
			 const char *word, enum json_type type)
{
	size_t len = strlen(word);

	if ((size_t)(ps->end - ps->pos) < len || memcmp(ps->pos, word, len))
		return fail(ps, ps->pos, "expected a value");
	ps->pos += len;
	v->type = type;
	return 0;
}

static int parse_value(struct parser *ps, struct json_value *v, int depth);

/* An array or object; ps->pos is at its opening bracket. */
static int parse_container(struct parser *ps, struct json_value *v, int depth)
{
	int is_object = *ps->pos == '{';
	unsigned char close = is_object ? '}' : ']';
	struct json_value **link = &v->first;
	struct json_value *item;

	if (depth >= JSON_MAX_DEPTH)
		return fail(ps, ps->pos, "nested deeper than 64 levels");
	v->type = is_object ? JSON_OBJECT : JSON_ARRAY;
	ps->pos++;
	skip_space(ps);
	if (ps->pos < ps->end && *ps->pos == close) {
		ps->pos++;
		return 0;
	}
	for (;;) {
		item = arena_alloc(ps->doc, sizeof(*item));
		memset(item, 0, sizeof(*item));
		if (is_object) {
			if (ps->pos >= ps->end || *ps->pos != '"')
				return fail(ps, ps->pos, "expected a member name");
			if (parse_string(ps, &item->key, &item->key_len))
				return -1;
			skip_space(ps);
			if (ps->pos >= ps->end || *ps->pos != ':')
				return fail(ps, ps->pos, "expected ':'");
			ps->pos++;
		}
		if (parse_value(ps, item, depth + 1))
			return -1;
		*link = item;
		link = &item->next;
		v->count++;
		skip_space(ps);
		if (ps->pos < ps->end && *ps->pos == ',') {
			ps->pos++;
			skip_space(ps);
			continue;
		}
		if (ps->pos < ps->end && *ps->pos == close) {
			ps->pos++;
			return 0;
		}
		return fail(ps, ps->pos, is_object ? "expected ',' or '}'" :
						     "expected ',' or ']'");
	}
}

static int parse_value(struct parser *ps, struct json_value *v, int depth)
{
	skip_space(ps);
	if (ps->pos >= ps->end)
		return fail(ps, ps->pos, "expected a value");
	switch (*ps->pos) {
	case '{':
	case '[':
		return parse_container(ps, v, depth);
	case '"':
		v->type = JSON_STRING;
		return parse_string(ps, &v->str, &v->len);
	case 't':
		return parse_literal(ps, v, "true", JSON_TRUE);
	case 'f':
		return parse_literal(ps, v, "false", JSON_FALSE);
	case 'n':
		return parse_literal(ps, v, "null", JSON_NULL);
	default:
		if (*ps->pos == '-' || (*ps->pos >= '0' && *ps->pos <= '9'))
			return parse_number(ps, v);
		return fail(ps, ps->pos, "expected a value");
	}
}

struct json_doc *json_parse(const char *text, size_t len,
			    struct json_error *err)
{
	struct json_doc *doc = xmalloc(sizeof(*doc));
	struct parser ps = {
		.start = (const unsigned char *)text,
		.pos = (const unsigned char *)text,
		.end = (const unsigned char *)text + len,
		.doc = doc,
	};

	memset(doc, 0, sizeof(*doc));
	if (parse_value(&ps, &doc->root, 0) == 0) {
		skip_space(&ps);
		if (ps.pos == ps.end)
			return doc;
		fail(&ps, ps.pos, "unexpected data after the value");
	}
	err->offset = (size_t)(ps.error_at - ps.start);
	err->message = ps.error;
	json_free(doc);
	return NULL;
}

const struct json_value *json_root(const struct json_doc *doc)
{
	return &doc->root;
}

void json_free(struct json_doc *doc)
{
	struct arena_block *b, *next;

	if (!doc)
		return;
	for (b = doc->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(doc);
}

const struct json_value *json_get(const struct json_value *obj,
				  const char *key)
{
	const struct json_value *m;
	size_t len = strlen(key);

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (m = obj->first; m; m = m->next)
		if (m->key_len == len && !memcmp(m->key, key, len))
			return m;
	return NULL;
}

int json_is_string(const struct json_value *v, const char *s)
{
	size_t len = strlen(s);

	return v && v->type == JSON_STRING && v->len == len &&
	       !memcmp(v->str, s, len);
}

int json_get_u64(const struct json_value *v, unsigned long long *out)
{
	unsigned long long value = 0;
	size_t i;

	if (!v || v->type != JSON_NUMBER || !v->len)
		return 0;
	for (i = 0; i < v->len; i++) {
		unsigned int digit = (unsigned char)v->str[i] - '0';

		if (digit > 9 || value > (ULLONG_MAX - digit) / 10)
			return 0;
		value = value * 10 + digit;
	}
	*out = value;
	return 1;
}

void json_write(struct strbuf *sb, const struct json_value *v)
{
	const struct json_value *m;

	switch (v->type) {
	case JSON_NULL:
		sb_adds(sb, "null");
		break;
	case JSON_FALSE:
		sb_adds(sb, "false");
		break;
	case JSON_TRUE:
		sb_adds(sb, "true");
		break;
	case JSON_NUMBER:
		sb_add(sb, v->str, v->len);
		break;
	case JSON_STRING:
		sb_addc(sb, '"');
		sb_add_json_string(sb, v->str, v->len);
		sb_addc(sb, '"');
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		sb_addc(sb, v->type == JSON_OBJECT ? '{' : '[');
		for (m = v->first; m; m = m->next) {
			if (m != v->first)
				sb_addc(sb, ',');
			if (v->type == JSON_OBJECT) {
				sb_addc(sb, '"');
				sb_add_json_string(sb, m->key, m->key_len);
				sb_adds(sb, "\":");
			}
			json_write(sb, m);
		}
		sb_addc(sb, v->type == JSON_OBJECT ? '}' : ']');
		break;
	}
}
