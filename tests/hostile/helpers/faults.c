// SPDX-License-Identifier: GPL-2.0
/*
 * faults load MODULE STATS [PARAMS]
 * faults netns STATS
 *
 * Fails each slab allocation in turn (/proc/thread-self/fail-nth, which
 * needs CONFIG_FAULT_INJECTION and failslab taking GFP_KERNEL): the Nth
 * allocation of a load of MODULE with PARAMS, or of the creation of a
 * network namespace, for N = 1, 2, ... until one runs without reaching its
 * Nth allocation. Prints a line per attempt:
 *
 *   load n=N rc=R errno=E injected=I unmonitored=U
 *   netns n=N rc=R errno=E injected=I unmonitored=U
 *
 * R is the syscall's result (0 or -1), E its errno name (or "-"), I
 * whether the failure was injected, U the STATS file netns_unmonitored
 * read while the module was loaded or the namespace alive ("-" when the
 * load failed). A loaded module is removed again (retrying while a reader
 * holds it). Exits 1 on a setup error or a module that will not go.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ATTEMPTS	20000

static int open_fail_nth(void)
{
	int fd = open("/proc/thread-self/fail-nth", O_RDWR);

	if (fd < 0)
		perror("faults: /proc/thread-self/fail-nth");
	return fd;
}

static int set_fail_nth(int fd, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(fd, buf, len, 0) != len) {
		perror("faults: write fail-nth");
		return -1;
	}
	return 0;
}

/* 1 when the failure set up was injected, 0 when not, -1 on error. */
static int injected(int fd)
{
	char buf[16] = "";

	if (pread(fd, buf, sizeof(buf) - 1, 0) <= 0) {
		perror("faults: read fail-nth");
		return -1;
	}
	return atoi(buf) == 0;
}

static void read_level(const char *path, char *out, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, out, size - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		snprintf(out, size, "?");
		return;
	}
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
}

static const char *errno_name(int rc, int err)
{
	return rc ? strerrorname_np(err) : "-";
}

static int unload(void)
{
	const struct timespec pause = { .tv_nsec = 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 500; i++) {
		if (!syscall(SYS_delete_module, "nethttp", O_NONBLOCK))
			return 0;
		if (errno != EBUSY && errno != EAGAIN)
			break;
		nanosleep(&pause, NULL);
	}
	fprintf(stderr, "faults: delete_module: %s\n", strerror(errno));
	return -1;
}

static int sweep_load(const char *module, const char *stats, const char *params)
{
	char level[32];
	unsigned int n;
	int fd, nth, rc, err, inj;

	nth = open_fail_nth();
	fd = open(module, O_RDONLY | O_CLOEXEC);
	if (nth < 0 || fd < 0) {
		perror("faults: open");
		return 1;
	}
	for (n = 1; n <= MAX_ATTEMPTS; n++) {
		if (set_fail_nth(nth, n))
			return 1;
		rc = syscall(SYS_finit_module, fd, params, 0);
		err = errno;
		inj = injected(nth);
		if (set_fail_nth(nth, 0) || inj < 0)
			return 1;
		snprintf(level, sizeof(level), "-");
		if (!rc)
			read_level(stats, level, sizeof(level));
		printf("load n=%u rc=%d errno=%s injected=%d unmonitored=%s\n",
		       n, rc, errno_name(rc, err), inj, level);
		fflush(stdout);
		if (!rc && unload())
			return 1;
		if (!inj)
			return 0;
	}
	fprintf(stderr, "faults: still injecting after %d attempts\n", MAX_ATTEMPTS);
	return 1;
}

/* In a child, so that the namespace goes with it. */
static int netns_attempt(unsigned int n, const char *stats)
{
	char level[32];
	int nth, rc, err, inj;

	nth = open_fail_nth();
	if (nth < 0 || set_fail_nth(nth, n))
		return 2;
	rc = unshare(CLONE_NEWNET);
	err = errno;
	inj = injected(nth);
	if (set_fail_nth(nth, 0) || inj < 0)
		return 2;
	snprintf(level, sizeof(level), "-");
	if (!rc)
		read_level(stats, level, sizeof(level));
	printf("netns n=%u rc=%d errno=%s injected=%d unmonitored=%s\n",
	       n, rc, errno_name(rc, err), inj, level);
	fflush(stdout);
	return inj ? 0 : 1;
}

static int sweep_netns(const char *stats)
{
	unsigned int n;
	int status;
	pid_t pid;

	for (n = 1; n <= MAX_ATTEMPTS; n++) {
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("faults: fork");
			return 1;
		}
		if (!pid)
			_exit(netns_attempt(n, stats));
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) == 2) {
			fprintf(stderr, "faults: attempt %u failed\n", n);
			return 1;
		}
		if (WEXITSTATUS(status) == 1)
			return 0;
	}
	fprintf(stderr, "faults: still injecting after %d attempts\n", MAX_ATTEMPTS);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && argc <= 5 && !strcmp(argv[1], "load"))
		return sweep_load(argv[2], argv[3], argc == 5 ? argv[4] : "");
	if (argc == 3 && !strcmp(argv[1], "netns"))
		return sweep_netns(argv[2]);
	fprintf(stderr, "usage: faults load MODULE STATS [PARAMS] | faults netns STATS\n");
	return 2;
}
