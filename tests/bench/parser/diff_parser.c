// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target comparing two builds of the parser: the work tree's
 * nethttp_parse() and nethttp_may_start() against another revision's,
 * whose symbols diff-fuzz renamed to old_*. A speed change must give the
 * very same results: the same verdict and, on NETHTTP_PARSE_OK, the same
 * bytes in the whole struct nethttp_msg (both filled with the same stale
 * byte first, so whatever either leaves alone must match too). Bytes past
 * what the parser may look at are poisoned, as in fuzz_parser.c.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/asan_interface.h>
#include "nethttp/parser.h"
#include "old_parser.h"

static struct nethttp_msg old_msg, new_msg;

/*
 * libFuzzer calls the symbol LLVMFuzzerTestOneInput; the asm label gives
 * it to a function with a name in the kernel's style.
 */
int diff_one_input(const unsigned char *data, size_t size)
	__asm__("LLVMFuzzerTestOneInput");

int diff_one_input(const unsigned char *data, size_t size)
{
	unsigned int len = size;
	unsigned int seen = len < NETHTTP_PAYLOAD_MAX ? len : NETHTTP_PAYLOAD_MAX;
	unsigned int prefix = len < NETHTTP_PREFIX_LEN ? len : NETHTTP_PREFIX_LEN;
	unsigned char *copy = malloc(len ? len : 1);
	int old_res, new_res;

	if (!copy)
		return 0;
	memcpy(copy, data, len);
	ASAN_POISON_MEMORY_REGION(copy + prefix, len - prefix);
	if (!old_nethttp_may_start(copy, prefix) != !nethttp_may_start(copy, prefix))
		__builtin_trap();
	ASAN_UNPOISON_MEMORY_REGION(copy + prefix, len - prefix);

	memset(&old_msg, 0xa5, sizeof(old_msg));
	memset(&new_msg, 0xa5, sizeof(new_msg));
	ASAN_POISON_MEMORY_REGION(copy + seen, len - seen);
	old_res = old_nethttp_parse(copy, len, &old_msg);
	new_res = nethttp_parse(copy, len, &new_msg);
	ASAN_UNPOISON_MEMORY_REGION(copy + seen, len - seen);
	free(copy);
	if (old_res != new_res)
		__builtin_trap();
	if (old_res == NETHTTP_PARSE_OK &&
	    memcmp(&old_msg, &new_msg, sizeof(old_msg)))
		__builtin_trap();
	return 0;
}
