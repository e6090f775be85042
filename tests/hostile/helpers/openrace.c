// SPDX-License-Identifier: GPL-2.0
/*
 * openrace [-p MICROSECONDS] PATH
 *
 * Until SIGTERM: opens PATH (non-blocking) as fast as it can, and each
 * time it gets it, reads it once and closes it. A load that fails after
 * its device appeared would leave such an open file on a module that is
 * gone. It pauses 100 us between attempts, or MICROSECONDS (less than a
 * second) with -p. On SIGTERM prints
 *
 *   opens=N reads_data=N reads_eagain=N read_errors=N open_errors=N
 *
 * where open_errors counts failures other than the node being absent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char buf[65536];

/* SIGTERM is blocked but while pausing: an interrupted pause is the stop. */
static void on_term(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct timespec pause = { .tv_nsec = 100 * 1000 };
	unsigned long opens = 0, data = 0, eagain = 0, read_errors = 0,
		      open_errors = 0;
	struct sigaction sa = { .sa_handler = on_term };
	sigset_t term, pausing;
	const char *path;
	char *end;
	long us;
	ssize_t n;
	int fd;

	if (argc == 4 && !strcmp(argv[1], "-p")) {
		us = strtol(argv[2], &end, 10);
		if (*end || us < 0 || us >= 1000000) {
			fprintf(stderr, "openrace: bad pause %s\n", argv[2]);
			return 2;
		}
		pause.tv_nsec = us * 1000;
		path = argv[3];
	} else if (argc == 2) {
		path = argv[1];
	} else {
		fprintf(stderr, "usage: openrace [-p MICROSECONDS] PATH\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &pausing);
	while (ppoll(NULL, 0, &pause, &pausing) >= 0) {
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			if (errno != ENOENT && errno != ENXIO && errno != ENODEV)
				open_errors++;
			continue;
		}
		opens++;
		n = read(fd, buf, sizeof(buf));
		if (n > 0)
			data++;
		else if (n < 0 && errno == EAGAIN)
			eagain++;
		else
			read_errors++;
		close(fd);
	}
	printf("opens=%lu reads_data=%lu reads_eagain=%lu read_errors=%lu open_errors=%lu\n",
	       opens, data, eagain, read_errors, open_errors);
	return 0;
}
