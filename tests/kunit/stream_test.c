// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the stream engine (include/nethttp/stream.h), on the
 * cases it shares with the userspace tests (stream_cases.h): each set of
 * messages fed whole, cut in two at every offset, in three at every pair
 * of offsets (a sample of them for long runs), in two with each segment
 * fed twice, and one byte per segment; each script of retransmissions,
 * gaps, limits and closes. Header blocks are held in kmalloc'd memory of
 * exactly the size the engine asks for, so KASAN sees a write past one.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "stream_cases.h"

static void *stream_mem_alloc(unsigned int size)
{
	return kmalloc(size, GFP_KERNEL);
}

static void stream_mem_free(void *p)
{
	kfree(p);
}

static int stream_test_init(struct kunit *test)
{
	struct sc_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	c->mem_alloc = stream_mem_alloc;
	c->mem_free = stream_mem_free;
	test->priv = c;
	return 0;
}

static void stream_set_desc(const struct sc_set *set, char *desc)
{
	strscpy(desc, set->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(stream_set, sc_sets, stream_set_desc);

static void stream_sets(struct kunit *test)
{
	const struct sc_set *set = test->param_value;
	struct sc_ctx *c = test->priv;
	struct sc_cuts cuts;
	unsigned int way, ways;

	KUNIT_ASSERT_TRUE(test, sc_lay_out(c, set));
	for (way = 0; way < SC_WAY_COUNT; way++) {
		ways = sc_set_ways(c, set, way, &cuts);
		KUNIT_EXPECT_STREQ_MSG(test, c->got, c->want,
				       "fed %s: run %u, cuts %u %u",
				       sc_way_names[way], cuts.run,
				       cuts.n > 0 ? cuts.at[0] : 0,
				       cuts.n > 1 ? cuts.at[1] : 0);
		KUNIT_EXPECT_EQ_MSG(test, ways,
				    sc_set_ways_expected(&c->lay, way),
				    "ways fed %s", sc_way_names[way]);
	}
}

static void stream_script_desc(const struct sc_script *script, char *desc)
{
	strscpy(desc, script->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(stream_script, sc_scripts, stream_script_desc);

static void stream_scripts(struct kunit *test)
{
	const struct sc_script *script = test->param_value;
	struct sc_ctx *c = test->priv;

	sc_check_script(c, script);
	KUNIT_EXPECT_STREQ(test, c->got, c->want);
}

static struct kunit_case stream_test_cases[] = {
	KUNIT_CASE_PARAM(stream_sets, stream_set_gen_params),
	KUNIT_CASE_PARAM(stream_scripts, stream_script_gen_params),
	{}
};

static struct kunit_suite stream_suite = {
	.name = "nethttp_stream",
	.init = stream_test_init,
	.test_cases = stream_test_cases,
};

kunit_test_suite(stream_suite);
