// SPDX-License-Identifier: GPL-2.0
/*
 * faults load MODULE STATS [PARAMS]
 * faults netns STATS
 *
 * Makes one slab allocation fail at a time (/proc/thread-self/fail-nth,
 * which needs CONFIG_FAULT_INJECTION and failslab taking GFP_KERNEL) in a
 * load of MODULE with PARAMS, or in the creation of a network namespace.
 * A first clean run counts the calls that could fail, K. The module's
 * part comes near the end of both, where a failed hook registration
 * leaves a namespace unmonitored: every STRIDE-th call from the Kth back
 * fails until one does that, then each call from STRIDE after it back to
 * MARGIN before the first that does. The kernel's work before the
 * module's is not ours to test, and a run of STRIDE calls within the
 * module's hook registrations always includes one that is absorbed. A
 * last clean run ends the sweep. Prints
 *
 *   load calls=K                (and likewise "netns calls=K")
 *   load n=N rc=R errno=E injected=I unmonitored=U
 *
 * a line per attempt (N = 0: none injected): R is the syscall's result (0
 * or -1), E its errno name (or "-"), I whether the failure was injected,
 * U the STATS file netns_unmonitored read while the module was loaded or
 * the namespace alive ("-" when that failed). A loaded module is removed
 * again (retrying while a reader holds it); after a namespace is let go
 * the next attempt waits until netns_unmonitored is back where it was.
 * Exits 1 on a setup error, a module that will not go or a level that
 * will not settle.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Calls counted by a clean run: fail-nth set this high is never reached. */
#define COUNTING	1000000000U
#define STRIDE		3
#define MARGIN		32
#define MAX_ATTEMPTS	1500

struct attempt {
	int rc;
	int err;
	int injected;
	unsigned int calls;	/* what could have failed, counting runs */
	char level[32];
};

struct target {
	const char *kind;
	const char *stats;
	const char *params;
	int module_fd;
	char baseline[32];
	/* one run with the nth call failing (0: none); 0 or -1 */
	int (*run)(struct target *t, unsigned int n, struct attempt *a);
};

static void pause_ms(long ms)
{
	const struct timespec pause = { .tv_nsec = ms * 1000 * 1000 };

	nanosleep(&pause, NULL);
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

static int write_count(int fd, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(fd, buf, len, 0) != len) {
		perror("faults: write fail-nth");
		return -1;
	}
	return 0;
}

/*
 * Opens this task's fail-nth (the open itself allocates: before arming)
 * and arms it: the nth call fails, or with n = 0 none, counting them.
 */
static int arm(unsigned int n)
{
	int fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror("faults: /proc/thread-self/fail-nth");
		return -1;
	}
	if (write_count(fd, n ? n : COUNTING)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Disarms @fd and notes in @a what the run did; 0 or -1. */
static int disarm(int fd, unsigned int n, struct attempt *a)
{
	char buf[16] = "";
	unsigned int left;

	if (pread(fd, buf, sizeof(buf) - 1, 0) <= 0) {
		perror("faults: read fail-nth");
		close(fd);
		return -1;
	}
	left = strtoul(buf, NULL, 10);
	a->injected = n && left == 0;
	a->calls = n ? 0 : COUNTING - left;
	if (write_count(fd, 0)) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int unload(void)
{
	int i;

	for (i = 0; i < 500; i++) {
		if (!syscall(SYS_delete_module, "nethttp", O_NONBLOCK))
			return 0;
		if (errno != EBUSY && errno != EAGAIN)
			break;
		pause_ms(10);
	}
	fprintf(stderr, "faults: delete_module: %s\n", strerror(errno));
	return -1;
}

static int run_load(struct target *t, unsigned int n, struct attempt *a)
{
	int nth = arm(n);

	if (nth < 0)
		return -1;
	a->rc = syscall(SYS_finit_module, t->module_fd, t->params, 0);
	a->err = errno;
	if (disarm(nth, n, a))
		return -1;
	snprintf(a->level, sizeof(a->level), "-");
	if (a->rc)
		return 0;
	read_level(t->stats, a->level, sizeof(a->level));
	return unload();
}

/* In a child, which the namespace goes with; the attempt comes back through a pipe. */
static int run_netns(struct target *t, unsigned int n, struct attempt *a)
{
	int pipefd[2], status, nth, i;
	ssize_t got;
	pid_t pid;

	if (pipe(pipefd)) {
		perror("faults: pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("faults: fork");
		return -1;
	}
	if (!pid) {
		close(pipefd[0]);
		nth = arm(n);
		if (nth < 0)
			_exit(1);
		a->rc = unshare(CLONE_NEWNET);
		a->err = errno;
		if (disarm(nth, n, a))
			_exit(1);
		snprintf(a->level, sizeof(a->level), "-");
		if (!a->rc)
			read_level(t->stats, a->level, sizeof(a->level));
		_exit(write(pipefd[1], a, sizeof(*a)) != sizeof(*a));
	}
	close(pipefd[1]);
	got = read(pipefd[0], a, sizeof(*a));
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) || got != sizeof(*a)) {
		fprintf(stderr, "faults: the namespace attempt %u failed\n", n);
		return -1;
	}
	/* a worker dismantles the namespace later: wait until it has */
	for (i = 0; i < 2000; i++) {
		char level[32];

		read_level(t->stats, level, sizeof(level));
		if (!strcmp(level, t->baseline))
			return 0;
		pause_ms(10);
	}
	fprintf(stderr, "faults: netns_unmonitored stays off %s\n", t->baseline);
	return -1;
}

static int attempt(struct target *t, unsigned int n, struct attempt *a)
{
	memset(a, 0, sizeof(*a));
	if (t->run(t, n, a))
		return -1;
	printf("%s n=%u rc=%d errno=%s injected=%d unmonitored=%s\n",
	       t->kind, n, a->rc, a->rc ? strerrorname_np(a->err) : "-",
	       a->injected, a->level);
	fflush(stdout);
	return 0;
}

/* Whether @a made the module absorb a failed hook registration. */
static bool absorbed(const struct target *t, const struct attempt *a)
{
	return !a->rc && a->injected && strcmp(a->level, t->baseline);
}

static int sweep(struct target *t)
{
	unsigned int n, top, calls, found = 0, lowest = 0, tries = 0;
	struct attempt a;

	/* the level with nothing injected: as the clean run leaves it */
	read_level(t->stats, t->baseline, sizeof(t->baseline));
	if (attempt(t, 0, &a))
		return 1;
	snprintf(t->baseline, sizeof(t->baseline), "%s", a.level);
	calls = a.calls;
	printf("%s calls=%u\n", t->kind, calls);
	/* every STRIDE-th from the last back, until the module's part */
	for (n = calls; n >= 1 && n <= calls; n -= STRIDE, tries++) {
		if (attempt(t, n, &a))
			return 1;
		if (absorbed(t, &a)) {
			found = n;
			break;
		}
	}
	/* then each, from STRIDE past it to MARGIN before its first */
	top = found + STRIDE < calls ? found + STRIDE : calls;
	for (n = top; found && n >= 1 && tries < MAX_ATTEMPTS; n--, tries++) {
		if (lowest && n + MARGIN < lowest)
			break;
		if (n == found)
			continue;
		if (attempt(t, n, &a))
			return 1;
		if (absorbed(t, &a))
			lowest = n;
	}
	return attempt(t, 0, &a) ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct target t = { .params = "" };

	if (argc >= 4 && argc <= 5 && !strcmp(argv[1], "load")) {
		t.kind = "load";
		t.run = run_load;
		t.stats = argv[3];
		if (argc == 5)
			t.params = argv[4];
		t.module_fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (t.module_fd < 0) {
			perror(argv[2]);
			return 1;
		}
	} else if (argc == 3 && !strcmp(argv[1], "netns")) {
		t.kind = "netns";
		t.run = run_netns;
		t.stats = argv[2];
	} else {
		fprintf(stderr, "usage: faults load MODULE STATS [PARAMS] | faults netns STATS\n");
		return 2;
	}
	return sweep(&t);
}
