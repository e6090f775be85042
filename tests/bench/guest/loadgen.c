// SPDX-License-Identifier: GPL-2.0
/*
 * loadgen LOAD CONNS WARMUP_MS RUN_MS [PORT]
 * loadgen LOAD CONNS count:N [PORT]
 *
 * Client and server of a keep-alive ping-pong over loopback, in one
 * process so that nothing but the messages differs between loads: CONNS
 * connections, each with one message in flight at a time; the server
 * answers each message as soon as it has all of it. LOAD is
 *   http  a small GET request, answered by a 200 with a 2-byte body
 *   ping  64 bytes that are not HTTP (a TLS application data record),
 *         answered by 64 more
 * The first form runs WARMUP_MS, then counts the round trips completed in
 * the next RUN_MS of CLOCK_MONOTONIC; the second stops after N round trips.
 * Either way every message in flight is answered before it exits, and it
 * prints "roundtrips MEASURED TOTAL WINDOW_NS": MEASURED in a window of
 * WINDOW_NS (from the first completion after the warm-up to the first at
 * or after RUN_MS; or the whole run), TOTAL since the first message, so
 * that an observer knows how many messages went by.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNS_MAX	64

static const char http_request[] =
	"GET /index.html HTTP/1.1\r\n"
	"Host: 127.0.0.1:8080\r\n"
	"User-Agent: loadgen/1.0\r\n"
	"Accept: */*\r\n"
	"\r\n";
static const char http_response[] =
	"HTTP/1.1 200 OK\r\n"
	"Content-Type: text/plain\r\n"
	"Content-Length: 2\r\n"
	"\r\n"
	"ok";

static unsigned char ping_message[64];

struct message {
	const unsigned char *bytes;
	size_t len;
};

struct conn {
	int client, server;
	size_t server_got;	/* of the request being received */
	size_t client_got;	/* of the response being received */
};

static void die(const char *what)
{
	fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void send_all(int fd, const struct message *m)
{
	size_t off = 0;

	while (off < m->len) {
		ssize_t n = write(fd, m->bytes + off, m->len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("write");
		}
		off += n;
	}
}

/* Reads what is there; true once all @want bytes of a message are in. */
static int receive(int fd, size_t *got, size_t want)
{
	unsigned char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return 0;
		die("read");
	}
	if (n == 0) {
		errno = EPIPE;
		die("peer closed");
	}
	*got += n;
	if (*got > want) {
		errno = EPROTO;
		die("more bytes than one message");
	}
	if (*got < want)
		return 0;
	*got = 0;
	return 1;
}

static void nodelay(int fd)
{
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		die("TCP_NODELAY");
}

static void open_conns(struct conn *conns, int n, int port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int one = 1, lfd, i;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)))
		die("bind");
	if (listen(lfd, CONNS_MAX))
		die("listen");
	for (i = 0; i < n; i++) {
		conns[i].client = socket(AF_INET, SOCK_STREAM, 0);
		if (conns[i].client < 0)
			die("socket");
		if (connect(conns[i].client, (struct sockaddr *)&sin, sizeof(sin)))
			die("connect");
		conns[i].server = accept(lfd, NULL, NULL);
		if (conns[i].server < 0)
			die("accept");
		nodelay(conns[i].client);
		nodelay(conns[i].server);
		conns[i].server_got = 0;
		conns[i].client_got = 0;
	}
	close(lfd);
}

int main(int argc, char **argv)
{
	struct message request, response;
	struct conn conns[CONNS_MAX];
	struct pollfd pfds[2 * CONNS_MAX];
	unsigned long long warmup_ns = 0, run_ns = 0, limit = 0, start, t;
	unsigned long long measured = 0, total = 0, window_start = 0, window_ns = 0;
	int nconns, port = 8080, i, in_flight, measuring = 0, stopping = 0;
	int argi = 3;

	if (argc < 4) {
		fprintf(stderr, "usage: loadgen http|ping CONNS WARMUP_MS RUN_MS [PORT]\n"
			"       loadgen http|ping CONNS count:N [PORT]\n");
		return 2;
	}
	if (!strcmp(argv[1], "http")) {
		request.bytes = (const unsigned char *)http_request;
		request.len = sizeof(http_request) - 1;
		response.bytes = (const unsigned char *)http_response;
		response.len = sizeof(http_response) - 1;
	} else if (!strcmp(argv[1], "ping")) {
		/* a TLS 1.2 application data record of 59 bytes */
		ping_message[0] = 0x17;
		ping_message[1] = 0x03;
		ping_message[2] = 0x03;
		ping_message[3] = 0x00;
		ping_message[4] = sizeof(ping_message) - 5;
		for (i = 5; i < (int)sizeof(ping_message); i++)
			ping_message[i] = (unsigned char)(i * 151 + 7);
		request.bytes = ping_message;
		request.len = sizeof(ping_message);
		response = request;
	} else {
		fprintf(stderr, "loadgen: no load '%s' (http, ping)\n", argv[1]);
		return 2;
	}
	nconns = atoi(argv[2]);
	if (nconns < 1 || nconns > CONNS_MAX) {
		fprintf(stderr, "loadgen: CONNS must be 1..%d\n", CONNS_MAX);
		return 2;
	}
	if (!strncmp(argv[argi], "count:", 6)) {
		limit = strtoull(argv[argi] + 6, NULL, 10);
		argi++;
	} else {
		if (argc < 5) {
			fprintf(stderr, "loadgen: RUN_MS missing\n");
			return 2;
		}
		warmup_ns = strtoull(argv[argi++], NULL, 10) * 1000000ULL;
		run_ns = strtoull(argv[argi++], NULL, 10) * 1000000ULL;
	}
	if (argi < argc)
		port = atoi(argv[argi]);

	open_conns(conns, nconns, port);
	for (i = 0; i < nconns; i++) {
		pfds[2 * i].fd = conns[i].client;
		pfds[2 * i + 1].fd = conns[i].server;
		pfds[2 * i].events = POLLIN;
		pfds[2 * i + 1].events = POLLIN;
	}

	start = now_ns();
	for (i = 0; i < nconns; i++)
		send_all(conns[i].client, &request);
	in_flight = nconns;
	while (in_flight) {
		if (poll(pfds, 2 * nconns, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		for (i = 0; i < nconns; i++) {
			struct conn *c = &conns[i];

			if ((pfds[2 * i + 1].revents & (POLLIN | POLLHUP | POLLERR)) &&
			    receive(c->server, &c->server_got, request.len))
				send_all(c->server, &response);
			if (!(pfds[2 * i].revents & (POLLIN | POLLHUP | POLLERR)) ||
			    !receive(c->client, &c->client_got, response.len))
				continue;
			total++;
			if (measuring)
				measured++;
			t = now_ns();
			if (limit) {
				stopping = total + in_flight > limit;
			} else if (!measuring && !stopping && t - start >= warmup_ns) {
				measuring = 1;
				window_start = t;
			} else if (measuring && t - window_start >= run_ns) {
				measuring = 0;
				window_ns = t - window_start;
				stopping = 1;
			}
			if (stopping)
				in_flight--;
			else
				send_all(c->client, &request);
		}
	}
	if (limit) {
		measured = total;
		window_ns = now_ns() - start;
	}
	printf("roundtrips %llu %llu %llu\n", measured, total, window_ns);
	for (i = 0; i < nconns; i++) {
		close(conns[i].client);
		close(conns[i].server);
	}
	return 0;
}
