/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON (RFC 8259) parser that builds a read-only tree.
 *
 * json_parse() takes a buffer and its length, needs no NUL and accepts any
 * bytes: whatever they are, it returns either a tree or an error, with
 * nesting bounded by JSON_MAX_DEPTH so hostile input cannot exhaust the
 * stack. All of a document lives in one arena freed by json_free().
 *
 * Strict where it matters for safety: raw control bytes and malformed UTF-8
 * inside strings are errors. Lenient where a choice is needed: a \u escape
 * of a lone surrogate decodes to U+FFFD, and duplicate member names are
 * kept (json_get() finds the first).
 */
#ifndef NETHTTP_READER_JSON_H
#define NETHTTP_READER_JSON_H

#include <stddef.h>

#include "text.h"

#define JSON_MAX_DEPTH 64

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json_value {
	enum json_type type;
	/*
	 * JSON_STRING: the decoded bytes (may hold NULs; always followed by
	 * a NUL that len does not count). JSON_NUMBER: the number's text as
	 * it appeared in the input, which is kept so it can be written back
	 * unchanged (64-bit timestamps must not pass through a double).
	 */
	const char *str;
	size_t len;
	/* JSON_ARRAY, JSON_OBJECT: the elements or members, in input order */
	struct json_value *first;
	size_t count;
	/* the next element or member of the parent */
	struct json_value *next;
	/* for members of an object: the decoded key, NUL-terminated too */
	const char *key;
	size_t key_len;
};

struct json_doc;

struct json_error {
	size_t offset;		/* byte offset in the input where it went wrong */
	const char *message;
};

/* Returns NULL and fills @err when @text is not exactly one JSON value. */
struct json_doc *json_parse(const char *text, size_t len,
			    struct json_error *err);
const struct json_value *json_root(const struct json_doc *doc);
void json_free(struct json_doc *doc);

/* The first member of @obj named @key, or NULL (also when not an object). */
const struct json_value *json_get(const struct json_value *obj,
				  const char *key);
/* Nonzero when @v is a string equal to @s. */
int json_is_string(const struct json_value *v, const char *s);
/*
 * Nonzero when @v is a number written as a plain non-negative integer that
 * fits in 64 bits; stores it in @out.
 */
int json_get_u64(const struct json_value *v, unsigned long long *out);

/* Appends @v as compact JSON, strings escaped by sb_add_json_string(). */
void json_write(struct strbuf *sb, const struct json_value *v);

#endif /* NETHTTP_READER_JSON_H */
