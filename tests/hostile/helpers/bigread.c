// SPDX-License-Identifier: GPL-2.0
/*
 * bigread [-c CPU] [-s SIZE] [-w MS] PATH
 *
 * Reads PATH (the device) with read() calls of SIZE bytes (default
 * 16 MiB) until SIGTERM, pinned to CPU if given, waiting in poll() and
 * timing each read() alone; with -w, it first lets events pile up for MS
 * milliseconds. Counts what came: event lines, and events reported lost
 * by the loss lines. On SIGTERM prints
 *
 *   reads=N bytes=N events=N lost=N bad=N max_read_us=N
 *
 * where bad counts lines that are neither an event nor a loss report, or
 * a read that ended inside a line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOST_PREFIX	"{\"eventName\":\"nethttp_lost\",\"lost\":"
#define EVENT_PREFIX	"{\"timestamp\":"

/* SIGTERM is blocked but while waiting: an interrupted wait is the stop. */
static void on_term(int sig)
{
	(void)sig;
}

static unsigned long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

int main(int argc, char **argv)
{
	unsigned long long reads = 0, bytes = 0, events = 0, lost = 0, bad = 0;
	unsigned long long t0, took, max_us = 0;
	struct sigaction sa = { .sa_handler = on_term };
	struct pollfd pfd = { .events = POLLIN };
	struct timespec backlog = { 0 };
	sigset_t term, waiting;
	size_t size = 16 << 20;
	char *buf, *line, *end, *nl;
	int opt, fd;
	ssize_t n;

	while ((opt = getopt(argc, argv, "c:s:w:")) != -1) {
		switch (opt) {
		case 'c':
			if (pin(atoi(optarg))) {
				perror("bigread: sched_setaffinity");
				return 1;
			}
			break;
		case 's':
			size = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			backlog.tv_sec = atoi(optarg) / 1000;
			backlog.tv_nsec = atoi(optarg) % 1000 * 1000000L;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 1 || !size) {
		fprintf(stderr, "usage: bigread [-c CPU] [-s SIZE] [-w MS] PATH\n");
		return 2;
	}
	buf = malloc(size);
	fd = open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (!buf || fd < 0) {
		perror("bigread");
		return 1;
	}
	pfd.fd = fd;
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &waiting);
	if (ppoll(NULL, 0, &backlog, &waiting) < 0)
		goto out;
	for (;;) {
		/* only the read() is timed, not the wait for something to read */
		if (ppoll(&pfd, 1, NULL, &waiting) < 0) {
			if (errno == EINTR)
				break;
			perror("bigread: poll");
			return 1;
		}
		t0 = now_us();
		n = read(fd, buf, size);
		took = now_us() - t0;
		if (n < 0) {
			perror("bigread: read");
			return 1;
		}
		if (n > 0 && took > max_us)
			max_us = took;
		reads++;
		bytes += n;
		end = buf + n;
		for (line = buf; line < end; line = nl + 1) {
			nl = memchr(line, '\n', end - line);
			if (!nl) {
				bad++;
				break;
			}
			if (!strncmp(line, LOST_PREFIX, strlen(LOST_PREFIX)))
				lost += strtoull(line + strlen(LOST_PREFIX), NULL, 10);
			else if (!strncmp(line, EVENT_PREFIX, strlen(EVENT_PREFIX)))
				events++;
			else
				bad++;
		}
	}
out:
	printf("reads=%llu bytes=%llu events=%llu lost=%llu bad=%llu max_read_us=%llu\n",
	       reads, bytes, events, lost, bad, max_us);
	return 0;
}
