/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict validator for the JSON text of one line, written for the fuzz
 * targets: RFC 8259 values with no whitespace between tokens (the lines
 * have none), strings of well-formed UTF-8 with only valid escapes and
 * paired surrogates, and, as the line format promises, no raw DEL or C1
 * control in a string. It also reports the object keys it met, so a target
 * can check the shape of a line.
 */
#ifndef NETHTTP_JSON_CHECK_H
#define NETHTTP_JSON_CHECK_H

#include <stddef.h>

#define JSON_KEYS_MAX	256
#define JSON_DEPTH_MAX	32

struct json_key {
	unsigned int depth;	/* 1: a key of the outermost object */
	const char *text;	/* between the quotes, escapes not decoded */
	size_t len;
};

struct json_info {
	struct json_key keys[JSON_KEYS_MAX];
	unsigned int key_count;	/* all keys met; only the first are stored */
	unsigned int array_values;	/* elements of all arrays together */
	int duplicate_keys;	/* some object has the same key text twice */
	const char *error;	/* why the text is not valid */
	size_t error_at;
};

/*
 * Length (1..4) of the well-formed UTF-8 sequence at @s, with its code
 * point in *@cp; 0 when there is none. The targets' own decoder, written
 * apart from the module's (nethttp/escape.h) so it can judge that one.
 */
size_t check_utf8_sequence(const unsigned char *s, size_t len, unsigned int *cp);

/* Nonzero when @s[0..@len) is exactly one valid JSON value. */
int json_check(const char *s, size_t len, struct json_info *info);

/*
 * Decodes the inside of a JSON string that json_check accepted into UTF-8
 * at @out (room for @len bytes is always enough). Returns the length.
 */
size_t json_decode_string(const char *s, size_t len, unsigned char *out);

#endif /* NETHTTP_JSON_CHECK_H */
