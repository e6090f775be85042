// SPDX-License-Identifier: GPL-2.0
/*
 * httpcli [-b SRC_ADDR] [-s SRC_PORT] [-n COUNT] [-o OUT] ADDR PORT REQUEST_FILE
 *
 * Opens COUNT (default 1) connections to ADDR:PORT one after the other.
 * On each it sends the exact bytes of REQUEST_FILE in one write, shuts down
 * its sending side and reads the answer until the server closes. With -s
 * every connection comes from SRC_PORT, so the test knows both ports of each
 * message. The last answer goes to OUT when given. Exits non-zero as soon as
 * anything fails, after saying what.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define REQUEST_MAX	65536
#define ANSWER_MAX	65536

static char request[REQUEST_MAX];
static size_t request_len;
static char answer[ANSWER_MAX];
static size_t answer_len;

static void die(const char *what)
{
	fprintf(stderr, "httpcli: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int parse_sockaddr(const char *addr, int port,
			  struct sockaddr_storage *ss, socklen_t *sslen)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*sslen = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*sslen = sizeof(*sin6);
		return 0;
	}
	return -1;
}

static void load_request(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		die(path);
	while ((n = read(fd, request + request_len,
			 sizeof(request) - request_len)) > 0)
		request_len += n;
	if (n < 0)
		die(path);
	close(fd);
}

static void exchange(const struct sockaddr_storage *dst, socklen_t dstlen,
		     const struct sockaddr_storage *src, socklen_t srclen)
{
	const char *p = request;
	size_t left = request_len;
	int one = 1;
	ssize_t n;
	int sock;

	sock = socket(dst->ss_family, SOCK_STREAM, 0);
	if (sock < 0)
		die("socket");
	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (srclen && bind(sock, (const struct sockaddr *)src, srclen) < 0)
		die("bind");
	if (connect(sock, (const struct sockaddr *)dst, dstlen) < 0)
		die("connect");
	while (left) {
		n = write(sock, p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("write");
		}
		p += n;
		left -= n;
	}
	if (shutdown(sock, SHUT_WR) < 0)
		die("shutdown");
	answer_len = 0;
	for (;;) {
		n = read(sock, answer + answer_len, sizeof(answer) - answer_len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read");
		}
		if (n == 0)
			break;
		answer_len += n;
		if (answer_len == sizeof(answer))
			break;
	}
	close(sock);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage dst, src;
	socklen_t dstlen, srclen = 0;
	const char *src_addr = NULL;
	const char *out = NULL;
	long count = 1, i;
	int src_port = 0;
	int opt;

	while ((opt = getopt(argc, argv, "b:s:n:o:")) != -1) {
		switch (opt) {
		case 'b':
			src_addr = optarg;
			break;
		case 's':
			src_port = atoi(optarg);
			break;
		case 'n':
			count = atol(optarg);
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 3 || count < 1) {
		fprintf(stderr,
			"usage: httpcli [-b SRC_ADDR] [-s SRC_PORT] [-n COUNT] [-o OUT] ADDR PORT REQUEST_FILE\n");
		return 2;
	}
	if (parse_sockaddr(argv[optind], atoi(argv[optind + 1]), &dst,
			   &dstlen) < 0) {
		fprintf(stderr, "httpcli: bad address %s\n", argv[optind]);
		return 2;
	}
	if (src_addr || src_port) {
		const char *any = dst.ss_family == AF_INET6 ? "::" : "0.0.0.0";

		if (parse_sockaddr(src_addr ? src_addr : any, src_port, &src,
				   &srclen) < 0) {
			fprintf(stderr, "httpcli: bad address %s\n", src_addr);
			return 2;
		}
	}
	load_request(argv[optind + 2]);

	for (i = 0; i < count; i++)
		exchange(&dst, dstlen, &src, srclen);

	if (out) {
		FILE *f = fopen(out, "w");

		if (!f || fwrite(answer, 1, answer_len, f) != answer_len ||
		    fclose(f))
			die(out);
	}
	return 0;
}
