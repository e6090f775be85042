// SPDX-License-Identifier: GPL-2.0
/*
 * sink [-k KEEP_FILE] [-w] [-n LINES] DEVICE
 *
 * The bench's reader: reads DEVICE with blocking reads of 64 KiB and
 * counts lines, and the events that loss lines say were lost, without
 * writing them anywhere, so that what it costs is the reading. The first 8 lines go to
 * KEEP_FILE, for the checker to see what was delivered.
 *
 * -w  opens DEVICE, prints "open", then waits for SIGUSR1 before reading:
 *     the events made in between are what it then drains.
 * -n  stops after LINES lines; otherwise SIGTERM stops it.
 * At the end it prints "sink LINES LOST ELAPSED_NS", ELAPSED_NS from
 * when it starts reading to the end of its last read (CLOCK_MONOTONIC).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define KEEP_LINES	8
/* the loss line (nethttp/event.h), up to its count */
#define LOST_PREFIX	"{\"eventName\":\"nethttp_lost\",\"lost\":"

/* read() is a call, so the loops read these afresh after each one */
static sig_atomic_t stop, go;
static char buf[1 << 16];

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		go = 1;
	else
		stop = 1;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long long lines = 0, lost = 0, max_lines = 0, first, last = 0;
	struct sigaction sa = { 0 };
	const char *keep_path = NULL;
	FILE *keep = NULL;
	int fd, opt, wait_go = 0;
	sigset_t usr1, old;

	while ((opt = getopt(argc, argv, "k:wn:")) != -1) {
		switch (opt) {
		case 'k':
			keep_path = optarg;
			break;
		case 'w':
			wait_go = 1;
			break;
		case 'n':
			max_lines = strtoull(optarg, NULL, 10);
			break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: sink [-k KEEP_FILE] [-w] [-n LINES] DEVICE\n");
		return 2;
	}
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);

	fd = open(argv[optind], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "sink: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	if (keep_path) {
		keep = fopen(keep_path, "w");
		if (!keep) {
			fprintf(stderr, "sink: %s: %s\n", keep_path, strerror(errno));
			return 1;
		}
	}
	if (wait_go) {
		printf("open\n");
		fflush(stdout);
		while (!go && !stop)
			sigsuspend(&old);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	first = now_ns();

	while (!stop && (!max_lines || lines < max_lines)) {
		ssize_t n = read(fd, buf, sizeof(buf));
		char *next;
		ssize_t i;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "sink: read: %s\n", strerror(errno));
			return 1;
		}
		if (n == 0) {
			fprintf(stderr, "sink: end of file\n");
			return 1;
		}
		last = now_ns();
		/* the device returns whole lines when they fit, as here */
		for (i = 0; i < n; i = next - buf + 1) {
			next = memchr(buf + i, '\n', n - i);
			if (!next) {
				fprintf(stderr, "sink: a read ended inside a line\n");
				return 1;
			}
			if (next - (buf + i) > (ssize_t)sizeof(LOST_PREFIX) &&
			    !memcmp(buf + i, LOST_PREFIX, sizeof(LOST_PREFIX) - 1))
				lost += strtoull(buf + i + sizeof(LOST_PREFIX) - 1,
						 NULL, 10);
			if (keep && lines < KEEP_LINES)
				fwrite(buf + i, 1, next - (buf + i) + 1, keep);
			lines++;
		}
	}
	if (keep)
		fclose(keep);
	printf("sink %llu %llu %llu\n", lines, lost, last - first);
	return 0;
}
