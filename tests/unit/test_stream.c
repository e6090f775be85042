// SPDX-License-Identifier: GPL-2.0
/*
 * The stream engine (module/stream.c) fed the cases shared with its KUnit
 * suite, tests/kunit/stream_cases.h: each set every way stream_fake.h
 * feeds it (whole, in two and in three segments at every cut, each
 * segment twice, byte by byte), one check per set and way, and each
 * script.
 */
#include <stdlib.h>
#include "check.h"
#include "../kunit/stream_cases.h"

static void *mem_alloc(unsigned int size)
{
	return malloc(size);
}

static void mem_free(void *p)
{
	free(p);
}

static void test_sets(struct sc_ctx *c)
{
	struct sc_cuts cuts;
	unsigned int i, way, ways;
	char name[160];

	for (i = 0; i < ARRAY_SIZE(sc_sets); i++) {
		if (!sc_lay_out(c, &sc_sets[i])) {
			check_int(sc_sets[i].name, 0, 1);
			continue;
		}
		for (way = 0; way < SC_WAY_COUNT; way++) {
			ways = sc_set_ways(c, &sc_sets[i], way, &cuts);
			snprintf(name, sizeof(name), "set %s %s (run %u, cuts %u %u)",
				 sc_sets[i].name, sc_way_names[way], cuts.run,
				 cuts.n > 0 ? cuts.at[0] : 0,
				 cuts.n > 1 ? cuts.at[1] : 0);
			check_str(name, c->got, c->want);
			snprintf(name, sizeof(name), "set %s %s: ways fed",
				 sc_sets[i].name, sc_way_names[way]);
			check_int(name, ways, sc_set_ways_expected(&c->lay, way));
		}
	}
}

static void test_scripts(struct sc_ctx *c)
{
	unsigned int i;
	char name[160];

	for (i = 0; i < ARRAY_SIZE(sc_scripts); i++) {
		sc_check_script(c, &sc_scripts[i]);
		snprintf(name, sizeof(name), "script %s", sc_scripts[i].name);
		check_str(name, c->got, c->want);
	}
}

void test_stream(void)
{
	struct sc_ctx *c = calloc(1, sizeof(*c));

	if (!c) {
		check_int("stream context allocated", 0, 1);
		return;
	}
	c->mem_alloc = mem_alloc;
	c->mem_free = mem_free;
	test_sets(c);
	test_scripts(c);
	free(c);
}
