// SPDX-License-Identifier: GPL-2.0
/*
 * httpsrv ADDR PORT RESPONSE_FILE
 *
 * Listens on ADDR:PORT (IPv4 or IPv6 literal), then detaches and prints the
 * server's pid, so the caller knows it is listening once this returns. For
 * every connection it reads until the client shuts down its side, answers
 * with the exact bytes of RESPONSE_FILE in one write and closes. Sequential
 * on purpose: the end-to-end test wants one connection at a time.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define RESPONSE_MAX	65536

static char response[RESPONSE_MAX];
static size_t response_len;

static void die(const char *what)
{
	fprintf(stderr, "httpsrv: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int parse_sockaddr(const char *addr, const char *port,
			  struct sockaddr_storage *ss, socklen_t *sslen)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	int portnum = atoi(port);

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(portnum);
		*sslen = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(portnum);
		*sslen = sizeof(*sin6);
		return 0;
	}
	return -1;
}

static void load_response(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		die(path);
	while ((n = read(fd, response + response_len,
			 sizeof(response) - response_len)) > 0)
		response_len += n;
	if (n < 0)
		die(path);
	close(fd);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

static void serve(int conn)
{
	char buf[4096];
	ssize_t n;

	/* The request's bytes do not matter, only that it is complete. */
	do {
		n = read(conn, buf, sizeof(buf));
	} while (n > 0 || (n < 0 && errno == EINTR));
	if (n == 0 && write_all(conn, response, response_len) < 0)
		fprintf(stderr, "httpsrv: write: %s\n", strerror(errno));
	close(conn);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int one = 1;
	int sock;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: httpsrv ADDR PORT RESPONSE_FILE\n");
		return 2;
	}
	if (parse_sockaddr(argv[1], argv[2], &ss, &sslen) < 0) {
		fprintf(stderr, "httpsrv: bad address %s\n", argv[1]);
		return 2;
	}
	load_response(argv[3]);

	sock = socket(ss.ss_family, SOCK_STREAM, 0);
	if (sock < 0)
		die("socket");
	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(sock, (struct sockaddr *)&ss, sslen) < 0)
		die("bind");
	if (listen(sock, 64) < 0)
		die("listen");

	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid > 0) {
		printf("%d\n", (int)pid);
		return 0;
	}
	setsid();
	signal(SIGPIPE, SIG_IGN);
	fclose(stdout);
	for (;;) {
		int conn = accept(sock, NULL, NULL);

		if (conn < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		serve(conn);
	}
}
