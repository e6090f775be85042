// SPDX-License-Identifier: GPL-2.0
/*
 * fillhooks UID NFT_FILE
 *
 * As user UID, with no privilege: a user and network namespace of its own,
 * in which "nft -f NFT_FILE" adds base chains (1024 on one hook leave no
 * slot for anyone else's hook there). Prints "ready INODE" (the network
 * namespace's inode number) and keeps the namespace alive until killed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t len = strlen(text);
	int ok = fd >= 0 && write(fd, text, len) == len;

	if (fd >= 0)
		close(fd);
	if (!ok)
		perror(path);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	char map[64];
	struct stat st;
	int uid, status;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: fillhooks UID NFT_FILE\n");
		return 2;
	}
	uid = atoi(argv[1]);
	/* a changed uid makes the process undumpable, its /proc files root's */
	if (setgroups(0, NULL) || setgid(uid) || setuid(uid) ||
	    prctl(PR_SET_DUMPABLE, 1)) {
		perror("fillhooks: dropping root");
		return 1;
	}
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET)) {
		perror("fillhooks: unshare");
		return 1;
	}
	snprintf(map, sizeof(map), "0 %d 1\n", uid);
	if (write_file("/proc/self/setgroups", "deny") ||
	    write_file("/proc/self/uid_map", map) ||
	    write_file("/proc/self/gid_map", map))
		return 1;
	pid = fork();
	if (pid < 0) {
		perror("fillhooks: fork");
		return 1;
	}
	if (!pid) {
		execl("/usr/sbin/nft", "nft", "-f", argv[2], (char *)NULL);
		perror("fillhooks: nft");
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "fillhooks: nft failed (status 0x%x)\n", status);
		return 1;
	}
	if (stat("/proc/self/ns/net", &st)) {
		perror("fillhooks: /proc/self/ns/net");
		return 1;
	}
	printf("ready %lu\n", (unsigned long)st.st_ino);
	fflush(stdout);
	for (;;)
		pause();
}
