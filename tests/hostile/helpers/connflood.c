// SPDX-License-Identifier: GPL-2.0
/*
 * connflood [-c CPU] [-s STATS_DIR [-v COUNTERS]] [-r [-R]]
 *           [-l HOLD [-i INTERVAL_MS]] PORT COUNT FILE [COUNT FILE]...
 *
 * A flood of TCP connections on loopback that stay open: it listens on
 * 127.0.0.1:PORT itself and, for each COUNT FILE group in turn, opens
 * COUNT connections to it, writes the bytes of FILE on each in one write()
 * (one segment: a header block with no end, say) and accepts the other
 * end, which never reads (see -r). Every "########" in FILE (up to 32 of
 * them) becomes the connection's number (0, 1, ... over all groups, eight
 * digits), so the events of a connection tell which one it was.
 *
 * After each group it prints "group G conns=N max_header_memory=M
 * max_conns_tracked=T" and stops itself (SIGSTOP) with every connection
 * still open, so that the caller can look at the module; SIGCONT goes on
 * with the next group. After the last one it closes every connection, the
 * clients' ends first (FIN), then the accepted ends, prints "closed
 * conns=N" and exits.
 *
 * -s STATS_DIR: after each connection, reads the module's header_memory
 * and conns_tracked counters there; the groups' lines give the largest
 * values read so far (-1 when they could not be read).
 *
 * -v COUNTERS (with -s): after each connection, also prints "conn K" and
 * NAME=VALUE for each counter of the comma-separated list, read then.
 *
 * -r: the accepted end reads all the bytes of FILE before the next
 * connection (and answers nothing), so that closing it sends a FIN, not
 * the RST that unread data makes.
 *
 * -R (with -r): the closing goes in two passes. First the even-numbered
 * connections close, FIN both ways (the clients' ends first); it prints
 * "closed conns=N" and stops itself again. On SIGCONT the odd-numbered
 * ones are reset by the client's end (RST) and their accepted ends
 * closed; it prints "reset conns=N" and exits.
 *
 * -l HOLD: loops over the groups until killed instead, never stopping,
 * INTERVAL_MS apart, with at most HOLD connections open: the oldest is
 * reset (RST) and its other end closed to make room. On SIGTERM it prints
 * "conns=N errors=E" and exits. Failures to connect are counted, not fatal,
 * and said on stderr; a connection SIGTERM interrupts is none.
 *
 * -c CPU pins the process to one CPU first.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MARK		"########"
#define MARK_LEN	8
#define GROUPS_MAX	8
#define MARKS_MAX	32
#define COUNTERS_MAX	8

struct group {
	unsigned long count;
	unsigned char *bytes;
	size_t len;
	size_t marks[MARKS_MAX];	/* offsets of MARK */
	unsigned int nmarks;
};

struct pair {
	int client;
	int server;
};

static struct group groups[GROUPS_MAX];
static unsigned int ngroups;
static const char *stats_dir;
static char *counters[COUNTERS_MAX];
static unsigned int ncounters;
static long max_memory = -1, max_tracked = -1;
static volatile sig_atomic_t stopping;

static void die(const char *what)
{
	fprintf(stderr, "connflood: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void load(const char *path, struct group *g)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	ssize_t n;
	size_t i;

	if (fd < 0 || fstat(fd, &st))
		die(path);
	g->bytes = malloc(st.st_size + 1);
	if (!g->bytes)
		die("malloc");
	g->len = 0;
	while ((n = read(fd, g->bytes + g->len, st.st_size - g->len)) > 0)
		g->len += n;
	if (n < 0)
		die(path);
	close(fd);
	g->nmarks = 0;
	for (i = 0; i + MARK_LEN <= g->len && g->nmarks < MARKS_MAX; i++) {
		if (!memcmp(g->bytes + i, MARK, MARK_LEN)) {
			g->marks[g->nmarks++] = i;
			i += MARK_LEN - 1;
		}
	}
}

static void stamp(struct group *g, unsigned long number)
{
	char digits[MARK_LEN + 1];
	unsigned int i;

	snprintf(digits, sizeof(digits), "%08lu", number % 100000000UL);
	for (i = 0; i < g->nmarks; i++)
		memcpy(g->bytes + g->marks[i], digits, MARK_LEN);
}

static long read_counter(const char *name)
{
	char path[512], buf[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", stats_dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atol(buf);
}

static void sample(unsigned long number)
{
	unsigned int i;
	long v;

	if (!stats_dir)
		return;
	v = read_counter("header_memory");
	if (v > max_memory)
		max_memory = v;
	v = read_counter("conns_tracked");
	if (v > max_tracked)
		max_tracked = v;
	if (!ncounters)
		return;
	printf("conn %lu", number);
	for (i = 0; i < ncounters; i++)
		printf(" %s=%ld", counters[i], read_counter(counters[i]));
	printf("\n");
}

/* The comma-separated counter names of -v. */
static void parse_counters(char *list)
{
	char *name;

	for (name = strtok(list, ","); name; name = strtok(NULL, ",")) {
		if (ncounters == COUNTERS_MAX) {
			fprintf(stderr, "connflood: at most %d counters\n",
				COUNTERS_MAX);
			exit(2);
		}
		counters[ncounters++] = name;
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR && !stopping)
		;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

/* Reads @len bytes from @fd; 0, or -1. */
static int read_all(int fd, size_t len)
{
	unsigned char buf[4096];
	ssize_t n;

	while (len) {
		n = read(fd, buf, len < sizeof(buf) ? len : sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		len -= n;
	}
	return 0;
}

/*
 * One connection carrying @g's bytes, read at the other end when @drain;
 * 0, or -1 with nothing left open.
 */
static int open_pair(int listener, const struct sockaddr_in *to,
		     const struct group *g, int drain, struct pair *p)
{
	p->server = -1;
	p->client = socket(AF_INET, SOCK_STREAM, 0);
	if (p->client < 0)
		return -1;
	if (connect(p->client, (const struct sockaddr *)to, sizeof(*to)) ||
	    write_all(p->client, g->bytes, g->len))
		goto fail;
	p->server = accept(listener, NULL, NULL);
	if (p->server < 0)
		goto fail;
	if (drain && read_all(p->server, g->len)) {
		close(p->server);
		goto fail;
	}
	return 0;
fail:
	close(p->client);
	return -1;
}

/*
 * The client's end goes with a RST, as a killed client's would; the other
 * end is closed once the RST has reached it (1 s at most). Closed before,
 * it would send a FIN, which the client's port, gone, answers with a
 * second RST: where softirqs are deferred (a busy emulated guest) that
 * made a few more RSTs than connections reset.
 */
static void reset_pair(struct pair *p)
{
	struct linger lin = { .l_onoff = 1, .l_linger = 0 };
	struct pollfd pfd = { .fd = p->server, .events = POLLIN };

	setsockopt(p->client, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	close(p->client);
	poll(&pfd, 1, 1000);
	close(p->server);
}

/* -R: the even-numbered connections FIN both ways, a stop, the odd RST. */
static int close_in_two_passes(struct pair *pairs, unsigned long number)
{
	unsigned long k;

	for (k = 0; k < number; k += 2)
		close(pairs[k].client);
	for (k = 0; k < number; k += 2)
		close(pairs[k].server);
	printf("closed conns=%lu\n", (number + 1) / 2);
	fflush(stdout);
	raise(SIGSTOP);
	for (k = 1; k < number; k += 2)
		reset_pair(&pairs[k]);
	printf("reset conns=%lu\n", number / 2);
	return 0;
}

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static int run_loop(int listener, const struct sockaddr_in *to,
		    unsigned long hold, long interval_ms)
{
	struct pair *open_pairs = calloc(hold, sizeof(*open_pairs));
	unsigned long number = 0, errors = 0, used = 0, oldest = 0, k;
	struct sigaction sa = { .sa_handler = on_term };
	unsigned int g = 0;

	if (!open_pairs)
		die("calloc");
	sigaction(SIGTERM, &sa, NULL);
	while (!stopping) {
		for (k = 0; k < groups[g].count && !stopping; k++) {
			struct pair p;

			if (used == hold) {
				reset_pair(&open_pairs[oldest]);
				oldest = (oldest + 1) % hold;
				used--;
			}
			stamp(&groups[g], number);
			if (open_pair(listener, to, &groups[g], 0, &p)) {
				/* a call SIGTERM interrupted is the end, no failure */
				if (stopping)
					break;
				fprintf(stderr, "connflood: connection %lu: %s\n",
					number, strerror(errno));
				errors++;
				sleep_ms(100);
				continue;
			}
			number++;
			open_pairs[(oldest + used) % hold] = p;
			used++;
			if (interval_ms)
				sleep_ms(interval_ms);
		}
		g = (g + 1) % ngroups;
	}
	printf("conns=%lu errors=%lu\n", number, errors);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	unsigned long total = 0, number = 0, hold = 0, k;
	long interval_ms = 0;
	struct pair *pairs;
	struct rlimit lim;
	int listener, one = 1, cpu = -1, opt, drain = 0, two_passes = 0;
	unsigned int g;

	while ((opt = getopt(argc, argv, "c:s:v:rRl:i:")) != -1) {
		switch (opt) {
		case 'c':
			cpu = atoi(optarg);
			break;
		case 's':
			stats_dir = optarg;
			break;
		case 'v':
			parse_counters(optarg);
			break;
		case 'r':
			drain = 1;
			break;
		case 'R':
			two_passes = 1;
			break;
		case 'l':
			hold = strtoul(optarg, NULL, 0);
			break;
		case 'i':
			interval_ms = atol(optarg);
			break;
		default:
			return 2;
		}
	}
	if (argc - optind < 3 || (argc - optind - 1) % 2 ||
	    (argc - optind - 1) / 2 > GROUPS_MAX) {
		fprintf(stderr,
			"usage: connflood [-c CPU] [-s STATS_DIR [-v COUNTERS]] [-r [-R]] [-l HOLD [-i INTERVAL_MS]] PORT COUNT FILE [COUNT FILE]...\n");
		return 2;
	}
	to.sin_port = htons(atoi(argv[optind]));
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (ngroups = 0; optind + 1 + 2 * ngroups < (unsigned int)argc; ngroups++) {
		groups[ngroups].count = strtoul(argv[optind + 1 + 2 * ngroups],
						NULL, 0);
		load(argv[optind + 2 + 2 * ngroups], &groups[ngroups]);
		total += groups[ngroups].count;
	}
	if (hold)
		total = hold;

	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			die("sched_setaffinity");
	}
	/* two descriptors per connection, and a few more */
	lim.rlim_max = 2 * total + 64;
	lim.rlim_cur = lim.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &lim))
		die("setrlimit");
	signal(SIGPIPE, SIG_IGN);

	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0)
		die("socket");
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(listener, (struct sockaddr *)&to, sizeof(to)) ||
	    listen(listener, 128))
		die("listen");

	if (hold)
		return run_loop(listener, &to, hold, interval_ms);

	pairs = calloc(total, sizeof(*pairs));
	if (!pairs)
		die("calloc");
	for (g = 0; g < ngroups; g++) {
		for (k = 0; k < groups[g].count; k++) {
			stamp(&groups[g], number);
			if (open_pair(listener, &to, &groups[g], drain,
				      &pairs[number]))
				die("connection");
			sample(number);
			number++;
		}
		printf("group %u conns=%lu max_header_memory=%ld max_conns_tracked=%ld\n",
		       g, number, max_memory, max_tracked);
		fflush(stdout);
		raise(SIGSTOP);
	}
	if (two_passes)
		return close_in_two_passes(pairs, number);
	for (k = 0; k < number; k++)
		close(pairs[k].client);
	for (k = 0; k < number; k++)
		close(pairs[k].server);
	printf("closed conns=%lu\n", number);
	return 0;
}
