// SPDX-License-Identifier: GPL-2.0
/*
 * ticker -c CPU
 *
 * Pinned to CPU, sleeps 1 ms at a time until SIGTERM and measures how late
 * each wake-up comes: whether a task sharing the CPU with something else
 * still gets to run. On SIGTERM prints "ticks=N max_late_us=N".
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* SIGTERM is blocked but while sleeping: an interrupted sleep is the stop. */
static void on_term(int sig)
{
	(void)sig;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	const struct timespec tick = { .tv_nsec = 1000 * 1000 };
	struct sigaction sa = { .sa_handler = on_term };
	sigset_t term, sleeping;
	unsigned long ticks = 0;
	long long t0, late, max_late = 0;
	cpu_set_t set;

	if (argc != 3 || argv[1][0] != '-' || argv[1][1] != 'c') {
		fprintf(stderr, "usage: ticker -c CPU\n");
		return 2;
	}
	CPU_ZERO(&set);
	CPU_SET(atoi(argv[2]), &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("ticker: sched_setaffinity");
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &sleeping);
	for (;;) {
		t0 = now_us();
		if (ppoll(NULL, 0, &tick, &sleeping) < 0)
			break;
		late = now_us() - t0 - 1000;
		if (late > max_late)
			max_late = late;
		ticks++;
	}
	printf("ticks=%lu max_late_us=%lld\n", ticks, max_late);
	return 0;
}
