// SPDX-License-Identifier: GPL-2.0
/*
 * The e2e test's conversations over TCP whose segments it chooses:
 *
 * tcpconv server [-k | -f | -T TURNS [-w WAIT_MS] [-W GATE]] [-p OFFSETS]
 *	[-d DELAY_MS] [-t TIMES] [-u UID] [-C CGROUP] ADDR PORT FILE
 *	Listens on ADDR:PORT, detaches and prints the server's pid.
 *	Without -k, one connection at a time: reads until the client shuts
 *	down its side, answers with the bytes of FILE and closes.
 *	With -k (keep-alive), every connection at once: answers FILE after
 *	each header block (up to an empty line; requests have no body) and
 *	closes when the client does.
 *	With -T, one connection at a time, in turns (see below): each turn
 *	it reads the client's bytes, waits WAIT_MS (default 0) and, in the
 *	first turn, until the file GATE exists, then writes its bytes; after
 *	the last turn it reads to the client's end and closes.
 *
 * tcpconv client [-b SRC] [-s SPORT] [-c CONNS] [-r ROUNDS -l LEN | -f |
 *	-T TURNS] [-p OFFSETS] [-d DELAY_MS] [-t TIMES] [-u UID] [-C CGROUP]
 *	ADDR PORT FILE
 *	Without -r: one connection, which sends the bytes of FILE, shuts
 *	down its sending side and reads the answer until the server closes.
 *	With -r: CONNS connections (default 1) open at once, from SPORT,
 *	SPORT + 1, ...; ROUNDS times, FILE is sent on each, then LEN bytes of
 *	answer are read on each; then all close.
 *	With -T, one connection in turns: each turn it writes its bytes in
 *	one write() and reads the server's; after the last turn it shuts
 *	down its side and reads to the server's end.
 *
 * TURNS is REQ_END:RESP_END,... : in turn i, the client's file is sent up
 * to byte REQ_END and the server's up to byte RESP_END (neither goes back;
 * a turn may send nothing), the last turn ending each file. Both sides set
 * TCP_NODELAY, so each write leaves at once.
 *
 * FILE is sent in one write(), or with -p in pieces that end at the byte
 * offsets OFFSETS (comma-separated, increasing) and at the end, DELAY_MS
 * apart (default 50) with TCP_NODELAY, so that each piece leaves as a TCP
 * segment of its own. With -t, the CLOCK_REALTIME nanoseconds just before
 * each write go to TIMES, one a line (the server: of its last connection;
 * the client with -T: each line as soon as its write is done).
 * With -f the FIN rides on the data: TCP_CORK holds the bytes of FILE
 * until the connection's end (shutdown or close) goes out with them.
 * -C moves the process into the cgroup v2 directory CGROUP, then -u makes
 * it user UID (and group UID), before it makes any socket: a socket keeps
 * the cgroup and user of the process that made it.
 * Exits non-zero after saying what failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PIECES_MAX	64
#define TURNS_MAX	64
#define CONNS_MAX	512

static unsigned char *data;
static size_t data_len;
static size_t cuts[PIECES_MAX];
static unsigned int ncuts;
static long delay_ms = 50;
static const char *times_path;
static int fin_with_data;
static size_t turn_req[TURNS_MAX], turn_resp[TURNS_MAX];
static unsigned int nturns;
static long wait_ms;
static const char *gate_path;
static const char *cgroup_dir;
static long run_as = -1;

static void die(const char *what)
{
	fprintf(stderr, "tcpconv: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail(const char *what)
{
	fprintf(stderr, "tcpconv: %s\n", what);
	exit(1);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
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

static void set_port(struct sockaddr_storage *ss, int port)
{
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)ss)->sin_port = htons(port);
}

static void load_file(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0 || fstat(fd, &st))
		die(path);
	data = malloc(st.st_size + 1);
	if (!data)
		die("malloc");
	while ((n = read(fd, data + data_len, st.st_size - data_len)) > 0)
		data_len += n;
	if (n < 0)
		die(path);
	close(fd);
}

/* -p: the offsets where pieces end, checked against the file's length. */
static void parse_cuts(const char *s)
{
	char *end;
	unsigned long v;

	while (*s) {
		if (ncuts == PIECES_MAX)
			fail("too many offsets");
		v = strtoul(s, &end, 10);
		if (end == s || (*end && *end != ','))
			fail("bad offsets");
		if (ncuts && v <= cuts[ncuts - 1])
			fail("offsets must increase");
		cuts[ncuts++] = v;
		s = *end ? end + 1 : end;
	}
}

/* -T: where each turn ends in the client's file and in the server's. */
static void parse_turns(const char *s)
{
	char *end;

	while (*s) {
		if (nturns == TURNS_MAX)
			fail("too many turns");
		turn_req[nturns] = strtoul(s, &end, 10);
		if (end == s || *end != ':')
			fail("bad turns");
		s = end + 1;
		turn_resp[nturns] = strtoul(s, &end, 10);
		if (end == s || (*end && *end != ','))
			fail("bad turns");
		if (nturns && (turn_req[nturns] < turn_req[nturns - 1] ||
			       turn_resp[nturns] < turn_resp[nturns - 1]))
			fail("turns must not go back");
		nturns++;
		s = *end ? end + 1 : end;
	}
}

/* -C and -u, before any socket is made. */
static void become(void)
{
	char path[4096];
	FILE *f;

	if (cgroup_dir) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup_dir);
		f = fopen(path, "w");
		if (!f)
			die(path);
		fprintf(f, "%d\n", (int)getpid());
		if (fclose(f))
			die(path);
	}
	if (run_as >= 0 &&
	    (setgroups(0, NULL) || setgid(run_as) || setuid(run_as)))
		die("setuid");
}

static int write_all(int sock, const unsigned char *p, size_t left)
{
	ssize_t n;

	while (left) {
		n = write(sock, p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		left -= n;
	}
	return 0;
}

/* Sends FILE, whole or in its pieces; records the times when asked. */
static int send_data(int sock)
{
	long long stamp[PIECES_MAX + 1];
	size_t off = 0, end;
	unsigned int i;
	FILE *f;

	for (i = 0; i <= ncuts; i++) {
		end = i < ncuts ? cuts[i] : data_len;
		if (i)
			sleep_ms(delay_ms);
		stamp[i] = now_ns();
		if (write_all(sock, data + off, end - off) < 0)
			return -1;
		off = end;
	}
	if (!times_path)
		return 0;
	f = fopen(times_path, "w");
	if (!f)
		return -1;
	for (i = 0; i <= ncuts; i++)
		fprintf(f, "%lld\n", stamp[i]);
	return fclose(f);
}

static void socket_options(int sock)
{
	int one = 1;

	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if ((ncuts || nturns) &&
	    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		die("TCP_NODELAY");
	if (fin_with_data && setsockopt(sock, IPPROTO_TCP, TCP_CORK, &one,
					sizeof(one)))
		die("TCP_CORK");
}

/* Reads LEN bytes; -1 at an error, or with errno 0 at an early end. */
static int read_len(int sock, size_t len)
{
	char buf[4096];
	ssize_t n;

	while (len) {
		n = read(sock, buf, len < sizeof(buf) ? len : sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = 0;
			return -1;
		}
		len -= n;
	}
	return 0;
}

/* Reads until the other side's end; the bytes read, or -1. */
static ssize_t read_to_end(int sock)
{
	char buf[4096];
	ssize_t n, total = 0;

	for (;;) {
		n = read(sock, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : total;
		total += n;
	}
}

/* -W: until the file GATE exists. */
static void wait_gate(void)
{
	while (access(gate_path, F_OK))
		sleep_ms(10);
}

/* With -T: the server's turns on one connection, then its end. */
static void serve_turns(int conn)
{
	size_t req = 0, resp = 0;
	unsigned int i;

	socket_options(conn);
	for (i = 0; i < nturns; i++) {
		if (read_len(conn, turn_req[i] - req) < 0) {
			fprintf(stderr, "tcpconv: turn %u: %s\n", i + 1,
				errno ? strerror(errno) : "the request ended");
			break;
		}
		req = turn_req[i];
		if (!i && gate_path)
			wait_gate();
		sleep_ms(wait_ms);
		if (write_all(conn, data + resp, turn_resp[i] - resp) < 0) {
			fprintf(stderr, "tcpconv: turn %u: answer: %s\n", i + 1,
				strerror(errno));
			break;
		}
		resp = turn_resp[i];
	}
	read_to_end(conn);
	close(conn);
}

/* Without -k: read to the client's end, answer, close. */
static void serve_one(int conn)
{
	socket_options(conn);
	if (read_to_end(conn) >= 0 && send_data(conn) < 0)
		fprintf(stderr, "tcpconv: answer: %s\n", strerror(errno));
	close(conn);
}

/* With -k: one connection's place in its header blocks. */
struct kconn {
	int fd;
	unsigned int tail;	/* CR LF CR LF bytes matched so far */
};

static void serve_keepalive(int sock)
{
	static struct pollfd pfd[CONNS_MAX + 1];
	static struct kconn conn[CONNS_MAX];
	static const char blank[] = "\r\n\r\n";
	unsigned int nconn = 0, i, j;
	char buf[4096];
	ssize_t n;

	for (;;) {
		pfd[0].fd = sock;
		pfd[0].events = nconn < CONNS_MAX ? POLLIN : 0;
		for (i = 0; i < nconn; i++) {
			pfd[i + 1].fd = conn[i].fd;
			pfd[i + 1].events = POLLIN;
		}
		if (poll(pfd, nconn + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		for (i = nconn; i-- > 0;) {
			if (!pfd[i + 1].revents)
				continue;
			n = read(conn[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			for (j = 0; n > 0 && j < (size_t)n; j++) {
				if (buf[j] == blank[conn[i].tail])
					conn[i].tail++;
				else
					conn[i].tail = buf[j] == '\r';
				if (conn[i].tail == 4) {
					conn[i].tail = 0;
					if (send_data(conn[i].fd) < 0)
						n = -1;
				}
			}
			if (n <= 0) {
				close(conn[i].fd);
				conn[i] = conn[--nconn];
			}
		}
		if (pfd[0].revents) {
			int fd = accept(sock, NULL, NULL);

			if (fd >= 0) {
				socket_options(fd);
				conn[nconn].fd = fd;
				conn[nconn].tail = 0;
				nconn++;
			} else if (errno != EINTR && errno != ECONNABORTED) {
				die("accept");
			}
		}
	}
}

static int run_server(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int keepalive = 0, one = 1, sock, opt;
	pid_t pid;

	while ((opt = getopt(argc, argv, "kfp:d:t:T:w:W:u:C:")) != -1) {
		switch (opt) {
		case 'k':
			keepalive = 1;
			break;
		case 'T':
			parse_turns(optarg);
			break;
		case 'w':
			wait_ms = atol(optarg);
			break;
		case 'W':
			gate_path = optarg;
			break;
		case 'u':
			run_as = atol(optarg);
			break;
		case 'C':
			cgroup_dir = optarg;
			break;
		case 'f':
			fin_with_data = 1;
			break;
		case 'p':
			parse_cuts(optarg);
			break;
		case 'd':
			delay_ms = atol(optarg);
			break;
		case 't':
			times_path = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 3 || keepalive + fin_with_data + !!nturns > 1 ||
	    (nturns && ncuts) || (!nturns && (wait_ms || gate_path))) {
		fputs("usage: tcpconv server [-k | -f | -T TURNS [-w WAIT_MS] [-W GATE]]\n"
		      "\t[-p OFFSETS] [-d DELAY_MS] [-t TIMES] [-u UID] [-C CGROUP]\n"
		      "\tADDR PORT FILE\n", stderr);
		return 2;
	}
	if (parse_sockaddr(argv[optind], atoi(argv[optind + 1]), &ss,
			   &sslen) < 0)
		fail("bad address");
	load_file(argv[optind + 2]);
	if (ncuts && cuts[ncuts - 1] >= data_len)
		fail("an offset past the end of the file");
	if (nturns && turn_resp[nturns - 1] != data_len)
		fail("the last turn must end the file");
	become();
	sock = socket(ss.ss_family, SOCK_STREAM, 0);
	if (sock < 0)
		die("socket");
	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(sock, (struct sockaddr *)&ss, sslen) < 0)
		die("bind");
	if (listen(sock, CONNS_MAX) < 0)
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
	if (keepalive)
		serve_keepalive(sock);
	for (;;) {
		int conn = accept(sock, NULL, NULL);

		if (conn < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		if (nturns)
			serve_turns(conn);
		else
			serve_one(conn);
	}
}

static int open_conn(const struct sockaddr_storage *dst, socklen_t dstlen,
		     const struct sockaddr_storage *src, socklen_t srclen)
{
	int sock = socket(dst->ss_family, SOCK_STREAM, 0);

	if (sock < 0)
		die("socket");
	socket_options(sock);
	if (srclen && bind(sock, (const struct sockaddr *)src, srclen) < 0)
		die("bind");
	if (connect(sock, (const struct sockaddr *)dst, dstlen) < 0)
		die("connect");
	return sock;
}

/* Reads LEN bytes of answer; fails at an early end. */
static void read_answer(int sock, size_t len)
{
	if (read_len(sock, len) < 0) {
		if (errno)
			die("read");
		fail("the server closed before the whole answer");
	}
}

/*
 * With -T: the client's turns, then its end and the server's. TIMES (or
 * NULL) gets a line after each write.
 */
static void client_turns(int sock, FILE *times)
{
	size_t req = 0, resp = 0;
	long long stamp;
	unsigned int i;
	ssize_t extra;

	for (i = 0; i < nturns; i++) {
		if (turn_req[i] > req) {
			stamp = now_ns();
			if (write_all(sock, data + req, turn_req[i] - req) < 0)
				die("write");
			req = turn_req[i];
			if (times) {
				fprintf(times, "%lld\n", stamp);
				fflush(times);
			}
		}
		read_answer(sock, turn_resp[i] - resp);
		resp = turn_resp[i];
	}
	if (shutdown(sock, SHUT_WR) < 0)
		die("shutdown");
	extra = read_to_end(sock);
	if (extra < 0)
		die("read");
	if (extra > 0)
		fail("the server sent more than its turns");
	close(sock);
	if (times && fclose(times))
		die(times_path);
}

static int run_client(int argc, char **argv)
{
	static int sock[CONNS_MAX];
	struct sockaddr_storage dst, src;
	socklen_t dstlen, srclen = 0;
	const char *src_addr = NULL;
	long conns = 1, rounds = 0, r, i;
	size_t answer_len = 0;
	int src_port = 0, opt;
	FILE *times = NULL;

	while ((opt = getopt(argc, argv, "b:s:c:r:l:fp:d:t:T:u:C:")) != -1) {
		switch (opt) {
		case 'T':
			parse_turns(optarg);
			break;
		case 'u':
			run_as = atol(optarg);
			break;
		case 'C':
			cgroup_dir = optarg;
			break;
		case 'f':
			fin_with_data = 1;
			break;
		case 'b':
			src_addr = optarg;
			break;
		case 's':
			src_port = atoi(optarg);
			break;
		case 'c':
			conns = atol(optarg);
			break;
		case 'r':
			rounds = atol(optarg);
			break;
		case 'l':
			answer_len = strtoul(optarg, NULL, 10);
			break;
		case 'p':
			parse_cuts(optarg);
			break;
		case 'd':
			delay_ms = atol(optarg);
			break;
		case 't':
			times_path = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 3 || conns < 1 || conns > CONNS_MAX ||
	    (conns > 1 && !rounds) || (rounds && !answer_len) ||
	    !!rounds + fin_with_data + !!nturns > 1 || (nturns && ncuts)) {
		fputs("usage: tcpconv client [-b SRC] [-s SPORT] [-c CONNS]\n"
		      "\t[-r ROUNDS -l LEN | -f | -T TURNS] [-p OFFSETS] [-d DELAY_MS]\n"
		      "\t[-t TIMES] [-u UID] [-C CGROUP] ADDR PORT FILE\n", stderr);
		return 2;
	}
	if (parse_sockaddr(argv[optind], atoi(argv[optind + 1]), &dst,
			   &dstlen) < 0)
		fail("bad address");
	if (src_addr || src_port) {
		const char *any = dst.ss_family == AF_INET6 ? "::" : "0.0.0.0";

		if (parse_sockaddr(src_addr ? src_addr : any, src_port, &src,
				   &srclen) < 0)
			fail("bad source address");
	}
	load_file(argv[optind + 2]);
	if (ncuts && cuts[ncuts - 1] >= data_len)
		fail("an offset past the end of the file");
	if (nturns && turn_req[nturns - 1] != data_len)
		fail("the last turn must end the file");
	/* opened by whoever runs it, not by UID */
	if (nturns && times_path) {
		times = fopen(times_path, "w");
		if (!times)
			die(times_path);
	}
	signal(SIGPIPE, SIG_IGN);
	become();

	for (i = 0; i < conns; i++) {
		if (src_port)
			set_port(&src, src_port + i);
		sock[i] = open_conn(&dst, dstlen, &src, srclen);
	}
	if (nturns) {
		client_turns(sock[0], times);
		return 0;
	}
	if (!rounds) {
		if (send_data(sock[0]) < 0)
			die("write");
		if (shutdown(sock[0], SHUT_WR) < 0)
			die("shutdown");
		if (read_to_end(sock[0]) < 0)
			die("read");
		close(sock[0]);
		return 0;
	}
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < conns; i++)
			if (send_data(sock[i]) < 0)
				die("write");
		for (i = 0; i < conns; i++)
			read_answer(sock[i], answer_len);
	}
	for (i = 0; i < conns; i++)
		close(sock[i]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "server"))
		return run_server(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "client"))
		return run_client(argc - 1, argv + 1);
	fprintf(stderr, "usage: tcpconv server|client ...\n");
	return 2;
}
