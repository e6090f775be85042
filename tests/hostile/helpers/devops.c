// SPDX-License-Identifier: GPL-2.0
/*
 * devops DEVICE OUT COMMAND [ARG...]
 *
 * Tries everything a reader of DEVICE should not be able to do, and prints
 * one "name result" line per attempt, the result being "ok", a number or
 * the errno name: write() on read-only and read-write descriptors, a few
 * ioctl()s nobody defined, lseek(), pread(), mmap(), reads into bad
 * buffers. Between the attempts that need nothing pending and those that
 * need something, it runs COMMAND (traffic). Every byte it does read goes
 * to OUT, in order, so the caller can check that bad buffers lost nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *errname(int err)
{
	static char other[32];
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(other, sizeof(other), "errno%d", err);
	return other;
}

/* Prints "name ok" / "name N" for a non-negative result, else the errno. */
static void report(const char *name, long rc)
{
	if (rc < 0)
		printf("%s %s\n", name, errname(errno));
	else
		printf("%s %ld\n", name, rc);
	fflush(stdout);
}

static int open_or_report(const char *path, int flags, const char *name)
{
	int fd = open(path, flags);

	if (fd < 0)
		report(name, -1);
	else
		printf("%s ok\n", name);
	return fd;
}

static void save(int out, const void *buf, ssize_t n)
{
	if (n > 0 && write(out, buf, n) != n) {
		perror("devops: write OUT");
		exit(1);
	}
}

/* read() into an address the compiler must not know is bad. */
static long read_at(int fd, unsigned long addr, size_t len)
{
	return syscall(SYS_read, fd, addr, len);
}

static int wait_readable(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, timeout_ms);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		unsigned long cmd;
	} ioctls[] = {
		{ "ioctl_0", 0 },
		{ "ioctl_TCGETS", TCGETS },
		{ "ioctl_FIONREAD", FIONREAD },
		{ "ioctl_IOR_N_1", _IOR('N', 1, int) },
		{ "ioctl_IOWR_ff_ff", _IOWR(0xff, 0xff, char[256]) },
		{ "ioctl_deadbeef", 0xdeadbeefUL },
	};
	static char buf[1 << 16];
	unsigned char *pages;
	unsigned int i;
	long page = sysconf(_SC_PAGESIZE);
	int fd, rw, out, status;
	ssize_t n;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: devops DEVICE OUT COMMAND [ARG...]\n");
		return 2;
	}
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		perror("devops: OUT");
		return 2;
	}

	fd = open_or_report(argv[1], O_RDONLY | O_NONBLOCK, "open_rdonly");
	if (fd < 0)
		return 1;
	report("write_rdonly", write(fd, "x", 1));
	rw = open_or_report(argv[1], O_RDWR, "open_rdwr");
	if (rw >= 0) {
		report("write_rdwr", write(rw, "{}\n", 3));
		close(rw);
	}
	for (i = 0; i < ARRAY_SIZE(ioctls); i++)
		report(ioctls[i].name, ioctl(fd, ioctls[i].cmd, buf));
	report("lseek_set", lseek(fd, 0, SEEK_SET));
	report("lseek_cur", lseek(fd, 10, SEEK_CUR));
	report("lseek_end", lseek(fd, 0, SEEK_END));
	report("pread", pread(fd, buf, sizeof(buf), 0));
	if (mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
		report("mmap", -1);
	else
		printf("mmap ok\n");
	report("read_zero", read(fd, buf, 0));
	report("read_empty", read(fd, buf, sizeof(buf)));
	fflush(stdout);

	pid = fork();
	if (pid < 0) {
		perror("devops: fork");
		return 1;
	}
	if (!pid) {
		dup2(2, 1);
		execvp(argv[3], argv + 3);
		perror("devops: exec");
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		printf("command failed\n");
		return 1;
	}

	report("poll_ready", wait_readable(fd, 10000));
	/* Nothing may be consumed by a read whose buffer is unusable. */
	report("read_null", read_at(fd, 0, 4096));
	report("read_bad_address", read_at(fd, 16, 4096));
	report("read_kernel_address", read_at(fd, -4096UL, 4096));
	/* A buffer whose end is unmapped takes what fits, the rest comes next. */
	pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED || munmap(pages + page, page)) {
		perror("devops: mmap");
		return 1;
	}
	n = read(fd, pages + page - 100, 4096);
	report("read_half_mapped", n);
	save(out, pages + page - 100, n);
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EAGAIN && wait_readable(fd, 1000) > 0)
			continue;
		if (n <= 0)
			break;
		save(out, buf, n);
	}
	report("read_rest_end", n);
	close(fd);
	close(out);
	return 0;
}
