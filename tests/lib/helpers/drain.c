// SPDX-License-Identifier: GPL-2.0
/*
 * drain [-t IDLE_MS] [-b BUF_SIZE]
 *
 * Copies what can be read from stdin to stdout, waiting with poll() and
 * reading with O_NONBLOCK, and stops once nothing has arrived for IDLE_MS
 * (default 1000). Lets a test read everything a reader has pending on an
 * already open /dev/nethttp descriptor without blocking forever. With -b,
 * reads use a buffer of BUF_SIZE bytes, to exercise partial-line reads.
 * The device never ends, so end of file is an error here (exit 3): exit 0
 * means every read that found nothing failed with EAGAIN. What one read
 * returned is written out whole before a SIGTERM may end drain, so a
 * reader a test stops never leaves half a line behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[1 << 20];

int main(int argc, char **argv)
{
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	sigset_t term, unblocked;
	size_t chunk = sizeof(buf);
	int idle_ms = 1000;
	int opt;

	while ((opt = getopt(argc, argv, "t:b:")) != -1) {
		switch (opt) {
		case 't':
			idle_ms = atoi(optarg);
			break;
		case 'b':
			chunk = strtoul(optarg, NULL, 0);
			if (!chunk || chunk > sizeof(buf))
				return 2;
			break;
		default:
			fprintf(stderr, "usage: drain [-t IDLE_MS] [-b BUF_SIZE]\n");
			return 2;
		}
	}
	if (fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK) < 0) {
		perror("drain: fcntl");
		return 1;
	}
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	for (;;) {
		ssize_t n = read(0, buf, chunk);

		if (n > 0) {
			int written;

			sigprocmask(SIG_BLOCK, &term, &unblocked);
			written = fwrite(buf, 1, n, stdout) == (size_t)n &&
				  !fflush(stdout);
			sigprocmask(SIG_SETMASK, &unblocked, NULL);
			if (!written) {
				perror("drain: write");
				return 1;
			}
			continue;
		}
		if (n == 0) {
			fprintf(stderr, "drain: end of file\n");
			fflush(stdout);
			return 3;
		}
		if (errno != EAGAIN && errno != EINTR) {
			perror("drain: read");
			return 1;
		}
		fflush(stdout);
		n = poll(&pfd, 1, idle_ms);
		if (n < 0 && errno != EINTR) {
			perror("drain: poll");
			return 1;
		}
		if (n == 0)
			break;
	}
	return fflush(stdout) ? 1 : 0;
}
