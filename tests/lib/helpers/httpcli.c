// SPDX-License-Identifier: GPL-2.0
/*
 * httpcli [-b SRC_ADDR] [-s SRC_PORT] [-c CHUNK -d DELAY_MS] [-n COUNT]
 *      [-i INTERVAL_MS] [-o OUT] ADDR PORT REQUEST_FILE
 *
 * A TCP client for requests of any size and shape. On each connection it
 * sends the bytes of REQUEST_FILE, shuts down its sending side and reads
 * the answer until the server closes.
 *
 * By default the request goes out in one write(). With -c it goes out in
 * CHUNK-byte writes, DELAY_MS apart, with TCP_NODELAY set, so that on
 * loopback every chunk is a TCP segment of its own.
 *
 * -n COUNT connections one after the other (default 1; 0 = until killed),
 * INTERVAL_MS apart. -s binds every connection to SRC_PORT. The last
 * answer goes to OUT when given. Exits non-zero after saying what failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ANSWER_MAX	(1024 * 1024)

static unsigned char *request;
static size_t request_len;
static char answer[ANSWER_MAX];
static size_t answer_len;

static void die(const char *what)
{
	fprintf(stderr, "httpcli: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
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
	struct stat st;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0 || fstat(fd, &st))
		die(path);
	request = malloc(st.st_size + 1);
	if (!request)
		die("malloc");
	while ((n = read(fd, request + request_len,
			 st.st_size - request_len)) > 0)
		request_len += n;
	if (n < 0)
		die(path);
	close(fd);
}

static void write_all(int sock, const unsigned char *p, size_t left)
{
	ssize_t n;

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
}

static void exchange(const struct sockaddr_storage *dst, socklen_t dstlen,
		     const struct sockaddr_storage *src, socklen_t srclen,
		     size_t chunk, long delay_ms)
{
	int one = 1;
	size_t off;
	ssize_t n;
	int sock;

	sock = socket(dst->ss_family, SOCK_STREAM, 0);
	if (sock < 0)
		die("socket");
	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (chunk && setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one,
				sizeof(one)))
		die("TCP_NODELAY");
	if (srclen && bind(sock, (const struct sockaddr *)src, srclen) < 0)
		die("bind");
	if (connect(sock, (const struct sockaddr *)dst, dstlen) < 0)
		die("connect");
	if (!chunk) {
		write_all(sock, request, request_len);
	} else {
		for (off = 0; off < request_len; off += chunk) {
			if (off)
				sleep_ms(delay_ms);
			write_all(sock, request + off,
				  request_len - off < chunk ? request_len - off :
							      chunk);
		}
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
	const char *src_addr = NULL, *out = NULL;
	long count = 1, i, delay_ms = 0, interval_ms = 0;
	size_t chunk = 0;
	int src_port = 0, opt;

	while ((opt = getopt(argc, argv, "b:s:c:d:n:i:o:")) != -1) {
		switch (opt) {
		case 'b':
			src_addr = optarg;
			break;
		case 's':
			src_port = atoi(optarg);
			break;
		case 'c':
			chunk = strtoul(optarg, NULL, 0);
			break;
		case 'd':
			delay_ms = atol(optarg);
			break;
		case 'n':
			count = atol(optarg);
			break;
		case 'i':
			interval_ms = atol(optarg);
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 3 || count < 0) {
		fprintf(stderr,
			"usage: httpcli [-b SRC_ADDR] [-s SRC_PORT] [-c CHUNK -d DELAY_MS] [-n COUNT] [-i INTERVAL_MS] [-o OUT] ADDR PORT REQUEST_FILE\n");
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
	signal(SIGPIPE, SIG_IGN);

	for (i = 0; !count || i < count; i++) {
		if (i && interval_ms)
			sleep_ms(interval_ms);
		exchange(&dst, dstlen, &src, srclen, chunk, delay_ms);
	}

	if (out) {
		FILE *f = fopen(out, "w");

		if (!f || fwrite(answer, 1, answer_len, f) != answer_len ||
		    fclose(f))
			die(out);
	}
	return 0;
}
