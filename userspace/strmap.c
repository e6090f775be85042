// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "text.h"

/*
 * FNV-1a. Keys come from the wire, so they may be chosen to collide; the
 * tables are capped (route.h), which bounds what collisions can cost.
 */
static size_t hash_of(const void *key, size_t len)
{
	const unsigned char *p = key;
	unsigned long long h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 32));
}

static struct strmap_entry *find(const struct strmap *map, const void *key,
				 size_t len)
{
	size_t mask = map->cap - 1, i = hash_of(key, len) & mask;
	struct strmap_entry *e;

	for (;; i = (i + 1) & mask) {
		e = &map->slots[i];
		if (!e->key || (e->key_len == len && !memcmp(e->key, key, len)))
			return e;
	}
}

static void grow(struct strmap *map)
{
	struct strmap old = *map;
	struct strmap_entry *e;
	size_t i;

	map->cap = old.cap ? old.cap * 2 : 16;
	map->slots = xmalloc(map->cap * sizeof(*map->slots));
	memset(map->slots, 0, map->cap * sizeof(*map->slots));
	for (i = 0; i < old.cap; i++) {
		if (!old.slots[i].key)
			continue;
		e = find(map, old.slots[i].key, old.slots[i].key_len);
		*e = old.slots[i];
	}
	free(old.slots);
}

void *strmap_get(const struct strmap *map, const void *key, size_t len)
{
	return map->cap ? find(map, key, len)->value : NULL;
}

struct strmap_entry *strmap_put(struct strmap *map, const void *key,
				size_t len)
{
	struct strmap_entry *e;

	/* at most 3/4 full, so a probe always ends at a free slot */
	if ((map->count + 1) * 4 > map->cap * 3)
		grow(map);
	e = find(map, key, len);
	if (!e->key) {
		e->key = xmalloc(len + 1);
		memcpy(e->key, key, len);
		e->key[len] = '\0';
		e->key_len = len;
		e->value = NULL;
		map->count++;
	}
	return e;
}

void strmap_free(struct strmap *map)
{
	size_t i;

	for (i = 0; i < map->cap; i++)
		free(map->slots[i].key);
	free(map->slots);
	map->slots = NULL;
	map->cap = 0;
	map->count = 0;
}
