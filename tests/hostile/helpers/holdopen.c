// SPDX-License-Identifier: GPL-2.0
/*
 * holdopen N PATH
 *
 * Opens PATH N times, prints "ready N" and holds the files open until
 * killed: what N readers of the device cost, and whom it is charged to.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: holdopen N PATH\n");
		return 2;
	}
	n = atoi(argv[1]);
	for (i = 0; i < n; i++) {
		if (open(argv[2], O_RDONLY) < 0) {
			perror(argv[2]);
			return 1;
		}
	}
	printf("ready %d\n", n);
	fflush(stdout);
	for (;;)
		pause();
}
