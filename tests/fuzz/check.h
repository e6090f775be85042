/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the fuzz targets: a failed invariant prints what broke and
 * traps, so libFuzzer keeps the input as a crash reproducer.
 */
#ifndef NETHTTP_FUZZ_CHECK_H
#define NETHTTP_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/asan_interface.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: invariant failed: %s\n",\
				__FILE__, __LINE__, #cond);		\
			__builtin_trap();				\
		}							\
	} while (0)

/*
 * A heap copy of exactly @len bytes: ASan reports any access past it.
 * malloc(0) under ASan returns a block with no addressable byte.
 */
static inline unsigned char *fuzz_copy(const void *src, size_t len)
{
	unsigned char *p = malloc(len);

	CHECK(p);
	if (len)
		memcpy(p, src, len);
	return p;
}

static inline char *fuzz_alloc(size_t len)
{
	char *p = malloc(len);

	CHECK(p);
	return p;
}

#endif /* NETHTTP_FUZZ_CHECK_H */
