// SPDX-License-Identifier: GPL-2.0
#include "check.h"

unsigned int test_passed, test_failed;

int main(void)
{
	test_parser();
	test_format();
	test_stream();
	printf("unit: %u passed, %u failed\n", test_passed, test_failed);
	return test_failed ? 1 : 0;
}
