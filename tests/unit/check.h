/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal counting assertions for the userspace unit tests. */
#ifndef NETHTTP_TEST_CHECK_H
#define NETHTTP_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

extern unsigned int test_passed, test_failed;

static inline void check_str(const char *name, const char *got,
			     const char *want)
{
	if (!strcmp(got, want)) {
		test_passed++;
		return;
	}
	test_failed++;
	printf("FAIL %s\n  got:  %s\n  want: %s\n", name, got, want);
}

static inline void check_int(const char *name, long long got, long long want)
{
	if (got == want) {
		test_passed++;
		return;
	}
	test_failed++;
	printf("FAIL %s: got %lld, want %lld\n", name, got, want);
}

void test_parser(void);
void test_format(void);
void test_stream(void);

#endif
