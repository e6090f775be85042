// SPDX-License-Identifier: GPL-2.0
/* Prints CLOCK_REALTIME in nanoseconds: busybox date has no %N. */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts))
		return 1;
	printf("%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	return 0;
}
