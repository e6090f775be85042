// SPDX-License-Identifier: GPL-2.0
/*
 * opencap [-d] [-u UID] PATH
 *
 * Opens PATH for reading and prints "ok" or the errno name it failed with.
 * With -d, first drops CAP_NET_ADMIN from the process's effective and
 * permitted sets, keeping every other capability (root still owns the file
 * and may override its mode), so only the capability check can refuse.
 * With -u, first becomes user UID (and loses every capability).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int drop_net_admin(void)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	unsigned int word = CAP_TO_INDEX(CAP_NET_ADMIN);

	if (syscall(SYS_capget, &header, data))
		return -1;
	data[word].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	data[word].permitted &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	return syscall(SYS_capset, &header, data);
}

int main(int argc, char **argv)
{
	int opt, fd;

	while ((opt = getopt(argc, argv, "du:")) != -1) {
		switch (opt) {
		case 'd':
			if (drop_net_admin()) {
				perror("opencap: capset");
				return 2;
			}
			break;
		case 'u':
			if (setgid(atoi(optarg)) || setuid(atoi(optarg))) {
				perror("opencap: setuid");
				return 2;
			}
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "usage: opencap [-d] [-u UID] PATH\n");
		return 2;
	}
	fd = open(argv[optind], O_RDONLY);
	if (fd < 0) {
		printf("%s\n", errno == EPERM ? "EPERM" :
		       errno == EACCES ? "EACCES" : strerror(errno));
		return 1;
	}
	printf("ok\n");
	close(fd);
	return 0;
}
