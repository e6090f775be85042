/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by the nethttp KUnit suites. Every buffer handed to
 * the code under test is allocated with exactly the size it claims, so
 * KASAN reports any read or write one byte past it.
 */
#ifndef NETHTTP_KUNIT_HELPERS_H
#define NETHTTP_KUNIT_HELPERS_H

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

/* A test-managed copy of @len bytes in a buffer of exactly that size. */
static inline unsigned char *nt_dup(struct kunit *test, const void *src,
				    unsigned int len)
{
	/* kmalloc(0) gives ZERO_SIZE_PTR: any access to it faults, as wanted */
	unsigned char *p = len ? kunit_kmalloc(test, len, GFP_KERNEL) : ZERO_SIZE_PTR;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	if (len)
		memcpy(p, src, len);
	return p;
}

/* A test-managed, NUL-terminated string built like printf(). */
static inline __printf(2, 3) char *nt_fmt(struct kunit *test, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = kunit_kmalloc(test, n + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	va_start(ap, fmt);
	vsnprintf(s, n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* @n copies of @c, NUL-terminated. */
static inline char *nt_repeat(struct kunit *test, char c, unsigned int n)
{
	char *s = kunit_kmalloc(test, n + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* A NUL-terminated copy of @len bytes, for string comparisons. */
static inline char *nt_str(struct kunit *test, const void *p, unsigned int len)
{
	char *s = kunit_kmalloc(test, len + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

#endif /* NETHTTP_KUNIT_HELPERS_H */
