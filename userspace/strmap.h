/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hash map from byte strings (NULs allowed) to pointers, for the tables
 * the summary and the metrics keep. It holds a copy of each key; what the
 * values point to is the caller's. Lookups cost one hash of the key.
 */
#ifndef NETHTTP_READER_STRMAP_H
#define NETHTTP_READER_STRMAP_H

#include <stddef.h>

struct strmap_entry {
	char *key;		/* NULL: a free slot; else NUL-terminated copy */
	size_t key_len;
	void *value;
};

struct strmap {
	struct strmap_entry *slots;
	size_t cap;		/* 0 or a power of two */
	size_t count;
};

#define STRMAP_INIT { NULL, 0, 0 }

/* The value stored under @key, or NULL when there is none. */
void *strmap_get(const struct strmap *map, const void *key, size_t len);
/*
 * The entry of @key, made (its value NULL) when @key is new. The pointer
 * is good until the next strmap_put() call; the key's copy until
 * strmap_free().
 */
struct strmap_entry *strmap_put(struct strmap *map, const void *key,
				size_t len);
/* Frees the map's own memory (not the values). */
void strmap_free(struct strmap *map);

#endif /* NETHTTP_READER_STRMAP_H */
