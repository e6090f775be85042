// SPDX-License-Identifier: GPL-2.0
/*
 * nethttp: reads the JSON lines of /dev/nethttp (or of a file, to replay
 * them) and prints them as they are, in Tracee's layout or as a table.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nethttp/names.h"
#include "container.h"
#include "filter.h"
#include "format.h"
#include "json.h"
#include "metrics.h"
#include "route.h"
#include "summary.h"
#include "sysfs.h"
#include "text.h"
#include "view.h"

#ifndef NETHTTP_VERSION
#define NETHTTP_VERSION "unknown"
#endif

#define STRINGIFY(x) #x
#define STR(x) STRINGIFY(x)

#define DEFAULT_DEVICE "/dev/" NETHTTP_DEVICE_NAME
#define DEFAULT_SYSFS "/sys"
/* Larger than any line the module writes, so one read() gets many lines. */
#define READ_BUFFER_SIZE (64 * 1024)
/* Longer input lines are skipped, so a hostile file cannot eat the memory. */
#define LINE_MAX_BYTES (1024 * 1024)
/* Output collects up to this much before it is written, when not live. */
#define OUTPUT_FLUSH_BYTES (64 * 1024)
/* How --output FILE is opened, at start and at each SIGHUP. */
#define OUTPUT_OPEN_FLAGS (O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC)
#define OUTPUT_FILE_MODE 0640
/*
 * Names the cgroup v2 tree to map cgroupId through instead of the
 * system's: for tests, which cannot make real cgroups for containers.
 */
#define CGROUP_ROOT_ENV "NETHTTP_CGROUP_ROOT"

enum exit_status {
	EXIT_OK = 0,
	EXIT_ERROR = 1,		/* runtime error, or input lines skipped */
	EXIT_USAGE = 2,
};

struct options {
	enum output_format format;
	int format_given;
	unsigned int events;	/* 0: every event */
	const char *input;	/* NULL: the device */
	const char *device;
	const char *sysfs;
	int stats;
	/* caps on the hosts, and routes per host, the tallies keep apart */
	unsigned int max_hosts;
	unsigned int max_routes;
	struct metrics_address metrics;	/* --metrics [ADDR:]PORT */
	int output_given;	/* -o: SIGHUP reopens instead of stopping */
	const char *output;	/* -o FILE; NULL: standard output */
	struct filter filter;	/* --method, --host, --path, ... */
	int summary;
};

struct reader {
	const struct options *opts;
	int fd;
	struct strbuf source;	/* the input's name, safe for a terminal */
	struct strbuf line;
	int line_too_long;
	unsigned long long line_number;
	unsigned long long skipped;
	struct strbuf out;
	int live;		/* output goes to a pipe or terminal */
	struct container_map *containers;	/* made at the first cgroupId */
	struct metrics *metrics;	/* NULL without --metrics */
	struct summary *summary;	/* --summary: tallies instead of lines */
};

/* Set by the stop signals' handler, which only lock-free atomics allow. */
static atomic_bool stop_requested;
static_assert(ATOMIC_BOOL_LOCK_FREE == 2, "a signal handler sets stop_requested");

static void request_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Set by SIGHUP with --output: reopen the file between two lines. */
static atomic_bool reopen_requested;

static void request_reopen(int sig)
{
	(void)sig;
	reopen_requested = 1;
}

static void print_usage(FILE *f)
{
	fputs("Usage: nethttp [OPTION]...\n"
	      "Print the HTTP/1.x messages the nethttp kernel module sees.\n"
	      "\n"
	      "  -f, --format FORMAT  json: the module's JSON lines unchanged but for an\n"
	      "                       added containerId (the default when the output is\n"
	      "                       not a terminal); tracee: Tracee's JSON layout;\n"
	      "                       table: aligned columns (the default on a terminal)\n"
	      "  -e, --events LIST    print only these events: a comma-separated list of\n"
	      "                       net_packet_http_request, net_packet_http_response,\n"
	      "                       net_packet_http and the sets default (the first two)\n"
	      "                       and network_events (all three); may be repeated.\n"
	      "                       Without it every event is printed. Notices of lost\n"
	      "                       events are always printed\n"
	      "  -i, --input FILE     read JSON lines from FILE ('-': standard input)\n"
	      "                       instead of the device\n"
	      "  -d, --device PATH    the device to read (default " DEFAULT_DEVICE ")\n"
	      "  -o, --output FILE    append the output to FILE ('-': standard output),\n"
	      "                       created with mode 0640 if need be. With this\n"
	      "                       option SIGHUP reopens FILE (after logrotate moved\n"
	      "                       it) instead of stopping the reader\n"
	      "      --sysfs DIR      where sysfs is mounted (default " DEFAULT_SYSFS ")\n"
	      "      --metrics [ADDR:]PORT  serve Prometheus metrics of the events printed\n"
	      "                       at http://ADDR:PORT/metrics, also after the end of\n"
	      "                       -i input, until SIGTERM or SIGINT; ADDR: a numeric\n"
	      "                       IPv4 address or [IPv6]; without it every address\n"
	      "      --metrics-max-hosts N   count at most N hosts apart (default\n"
	      "                       " STR(ROUTE_DEFAULT_MAX_HOSTS)
	      "); the others count as host \"other\"\n"
	      "      --metrics-max-routes N  count at most N routes of each host apart\n"
	      "                       (default " STR(ROUTE_DEFAULT_MAX_ROUTES)
	      "); the others count as route \"other\"\n"
	      "      --method LIST    only requests with one of these methods (exact,\n"
	      "                       case-sensitive) and the responses to them\n"
	      "      --host GLOB      only messages whose host matches GLOB (fnmatch(3),\n"
	      "                       case-insensitive; tried as sent, then without :port)\n"
	      "      --path PREFIX    only messages whose path starts with PREFIX ('/...')\n"
	      "      --status LIST    only responses with these statuses: 404, 5xx, 400-499\n"
	      "      --port LIST      only messages with either end's port in LIST\n"
	      "      --slow DURATION  only responses that took at least DURATION, a\n"
	      "                       number and a unit: ns, us, ms, s or m (e.g. 1.5s)\n"
	      "                       Each filter may be repeated (any of its values may\n"
	      "                       match), a LIST is comma-separated; all filters given\n"
	      "                       must hold. A response matches on the method, host\n"
	      "                       and path of its request; loss notices always pass\n"
	      "      --summary        print no events but, at the end of the input or on\n"
	      "                       Ctrl-C, a table of the responses per host, route and\n"
	      "                       method: count, errors (5xx), latency P50, P90, P99\n"
	      "                       (JSON rows with --format json or tracee)\n"
	      "  -s, --stats          print the module's counters and exit (as one JSON\n"
	      "                       object with --format json)\n"
	      "  -h, --help           print this help and exit\n"
	      "  -V, --version        print the version and exit\n"
	      "\n"
	      "Reading the device needs root (CAP_NET_ADMIN). Which events the module\n"
	      "emits is set in " DEFAULT_SYSFS SYSFS_EVENTS_PARAM ", e.g.\n"
	      "  echo network_events > " DEFAULT_SYSFS SYSFS_EVENTS_PARAM "\n"
	      "\n"
	      "Exit status: 0 when all went well (also after Ctrl-C or when the output\n"
	      "pipe closes), 1 on errors or when input lines were skipped as invalid,\n"
	      "2 on wrong usage.\n", f);
}

static int usage_error(void)
{
	fputs("Try 'nethttp --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static int add_events(struct options *opts, const char *list)
{
	struct strbuf name = STRBUF_INIT;
	size_t len = strlen(list);
	unsigned int bad = 0, bad_len = len > UINT_MAX ? UINT_MAX : (unsigned int)len;

	/* argv strings are far shorter than UINT_MAX (MAX_ARG_STRLEN) */
	if (len == bad_len &&
	    !nethttp_events_parse(list, bad_len, &opts->events, &bad, &bad_len))
		return 0;
	sb_add_terminal(&name, list + bad, bad_len);
	fprintf(stderr,
		"nethttp: unknown event '%s': use net_packet_http_request, net_packet_http_response, net_packet_http, default or network_events\n",
		sb_cstr(&name));
	sb_free(&name);
	return -1;
}

static int parse_format(struct options *opts, const char *name)
{
	struct strbuf shown = STRBUF_INIT;

	opts->format_given = 1;
	if (!strcmp(name, "json")) {
		opts->format = FORMAT_JSON;
	} else if (!strcmp(name, "tracee")) {
		opts->format = FORMAT_TRACEE;
	} else if (!strcmp(name, "table")) {
		opts->format = FORMAT_TABLE;
	} else {
		sb_add_terminal(&shown, name, strlen(name));
		fprintf(stderr,
			"nethttp: unknown format '%s': use json, tracee or table\n",
			sb_cstr(&shown));
		sb_free(&shown);
		return -1;
	}
	return 0;
}

/*
 * Parses @arg, the value of option @name, as a decimal number in
 * [@min, @max]; says what is wrong otherwise.
 */
static int parse_number(const char *name, const char *arg, unsigned long min,
			unsigned long max, unsigned long *out)
{
	struct strbuf shown = STRBUF_INIT;

	if (!parse_decimal(arg, strlen(arg), max, out) && *out >= min)
		return 0;
	sb_add_terminal(&shown, arg, strlen(arg));
	fprintf(stderr, "nethttp: %s: '%s' is not a number from %lu to %lu\n",
		name, sb_cstr(&shown), min, max);
	sb_free(&shown);
	return -1;
}

/* Returns -1 to go on, or the status to exit with. */
static int parse_options(int argc, char **argv, struct options *opts)
{
	enum { OPT_SYSFS = 256, OPT_MAX_HOSTS, OPT_MAX_ROUTES, OPT_METRICS,
	       OPT_METHOD, OPT_HOST, OPT_PATH, OPT_STATUS, OPT_PORT, OPT_SLOW,
	       OPT_SUMMARY };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "events", required_argument, NULL, 'e' },
		{ "input", required_argument, NULL, 'i' },
		{ "device", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "sysfs", required_argument, NULL, OPT_SYSFS },
		{ "stats", no_argument, NULL, 's' },
		{ "metrics-max-hosts", required_argument, NULL, OPT_MAX_HOSTS },
		{ "metrics-max-routes", required_argument, NULL, OPT_MAX_ROUTES },
		{ "metrics", required_argument, NULL, OPT_METRICS },
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "path", required_argument, NULL, OPT_PATH },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "slow", required_argument, NULL, OPT_SLOW },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf shown = STRBUF_INIT;
	struct filter *f = &opts->filter;
	unsigned long n;
	int c, bad;

	/* getopt's own messages name argv[0]; make them independent of the path */
	argv[0] = "nethttp";
	while ((c = getopt_long(argc, argv, "f:e:i:d:o:shV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (parse_format(opts, optarg))
				return usage_error();
			break;
		case 'e':
			if (add_events(opts, optarg))
				return usage_error();
			break;
		case 'i':
			opts->input = optarg;
			break;
		case 'd':
			opts->device = optarg;
			break;
		case 'o':
			if (!*optarg) {
				fputs("nethttp: --output needs a file name or '-'\n", stderr);
				return usage_error();
			}
			opts->output_given = 1;
			opts->output = strcmp(optarg, "-") ? optarg : NULL;
			break;
		case OPT_SYSFS:
			opts->sysfs = optarg;
			break;
		case 's':
			opts->stats = 1;
			break;
		case OPT_MAX_HOSTS:
		case OPT_MAX_ROUTES:
			if (parse_number(c == OPT_MAX_HOSTS ? "--metrics-max-hosts" :
					 "--metrics-max-routes", optarg, 1,
					 ROUTE_CAP_MAX, &n))
				return usage_error();
			if (c == OPT_MAX_HOSTS)
				opts->max_hosts = (unsigned int)n;
			else
				opts->max_routes = (unsigned int)n;
			break;
		case OPT_METRICS:
			if (metrics_parse_address(optarg, &opts->metrics))
				return usage_error();
			break;
		case OPT_METHOD:
		case OPT_HOST:
		case OPT_PATH:
		case OPT_STATUS:
		case OPT_PORT:
		case OPT_SLOW:
			bad = c == OPT_METHOD ? filter_add_method(f, optarg) :
			      c == OPT_HOST ? filter_add_host(f, optarg) :
			      c == OPT_PATH ? filter_add_path(f, optarg) :
			      c == OPT_STATUS ? filter_add_status(f, optarg) :
			      c == OPT_PORT ? filter_add_port(f, optarg) :
			      filter_add_slow(f, optarg);
			if (bad)
				return usage_error();
			break;
		case OPT_SUMMARY:
			opts->summary = 1;
			break;
		case 'h':
			print_usage(stdout);
			return EXIT_OK;
		case 'V':
			puts("nethttp " NETHTTP_VERSION);
			return EXIT_OK;
		default:
			return usage_error();
		}
	}
	if (optind < argc) {
		sb_add_terminal(&shown, argv[optind], strlen(argv[optind]));
		fprintf(stderr, "nethttp: unexpected argument '%s'\n",
			sb_cstr(&shown));
		sb_free(&shown);
		return usage_error();
	}
	if (!opts->format_given)
		opts->format = !opts->output && isatty(STDOUT_FILENO) ?
			       FORMAT_TABLE : FORMAT_JSON;
	return -1;
}

/* Writes everything collected so far; exits when the output is gone. */
static void flush_output(struct reader *r)
{
	size_t done = 0;
	ssize_t n;

	while (done < r->out.len) {
		n = write(STDOUT_FILENO, r->out.data + done, r->out.len - done);
		if (n < 0 && errno == EINTR && !stop_requested)
			continue;
		if (n < 0) {
			/* a reader such as head(1) that has seen enough */
			if (errno == EPIPE || errno == EINTR)
				exit(r->skipped ? EXIT_ERROR : EXIT_OK);
			fprintf(stderr, "nethttp: writing the output: %s\n",
				strerror(errno));
			exit(EXIT_ERROR);
		}
		done += (size_t)n;
	}
	r->out.len = 0;
}

/*
 * Puts --output's FILE in the place of standard output, so that all that
 * is written there goes to it. Returns 0 or the errno.
 */
static int redirect_output(const char *path)
{
	int fd = open(path, OUTPUT_OPEN_FLAGS, OUTPUT_FILE_MODE);
	int err = 0;

	if (fd < 0)
		return errno;
	if (fd == STDOUT_FILENO)	/* standard output was closed */
		return 0;
	if (dup3(fd, STDOUT_FILENO, O_CLOEXEC) < 0)
		err = errno;
	close(fd);
	return err;
}

static int open_output(const struct options *opts)
{
	struct strbuf shown = STRBUF_INIT;
	int err;

	if (!opts->output)
		return 0;
	err = redirect_output(opts->output);
	if (!err)
		return 0;
	sb_add_terminal(&shown, opts->output, strlen(opts->output));
	fprintf(stderr, "nethttp: %s: %s\n", sb_cstr(&shown), strerror(err));
	sb_free(&shown);
	return -1;
}

/*
 * After SIGHUP, between two lines: what was collected goes to the file
 * open so far (which logrotate may have moved), the rest to a new one of
 * the same name. Without a new one, writing goes on in the old.
 */
static void reopen_output(struct reader *r)
{
	struct strbuf shown = STRBUF_INIT;
	const char *path = r->opts->output;
	int err;

	reopen_requested = 0;
	if (!path)
		return;		/* standard output: nothing to reopen */
	flush_output(r);
	err = redirect_output(path);
	if (!err)
		return;
	sb_add_terminal(&shown, path, strlen(path));
	fprintf(stderr,
		"nethttp: reopening %s: %s (writing on to the old file until the next SIGHUP)\n",
		sb_cstr(&shown), strerror(err));
	sb_free(&shown);
}

static void __printf(2, 3)
skip_line(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	r->skipped++;
	fprintf(stderr, "nethttp: %s:%llu: ", sb_cstr(&r->source),
		r->line_number);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int is_blank_line(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/*
 * The container of the event's cgroup, if any. A line that names its own
 * containerId is one this program wrote before (the module never does),
 * read again to be shown another way: that one holds, as the cgroups it
 * was found in may be gone, or another machine's.
 */
static const char *container_of(struct reader *r,
				const struct json_value *root)
{
	const struct json_value *own = json_get(root, "containerId");
	unsigned long long cgroup;

	if (own)
		return own->type == JSON_STRING ? own->str : NULL;
	if (!json_get_u64(json_get(root, "cgroupId"), &cgroup))
		return NULL;
	if (!r->containers)
		r->containers = container_map_new(getenv(CGROUP_ROOT_ENV));
	return container_map_lookup(r->containers, cgroup);
}

static void handle_line(struct reader *r, const char *text, size_t len)
{
	const struct json_value *root, *name;
	struct event_view view;
	struct json_error err;
	struct json_doc *doc;
	unsigned int bit;

	if (is_blank_line(text, len))
		return;
	doc = json_parse(text, len, &err);
	if (!doc) {
		skip_line(r, "invalid JSON: %s at column %zu", err.message,
			  err.offset + 1);
		return;
	}
	root = json_root(doc);
	name = json_get(root, "eventName");
	if (!name || name->type != JSON_STRING) {
		skip_line(r, "not an event: no \"eventName\" string");
		json_free(doc);
		return;
	}
	if (r->opts->events && !json_is_string(name, NETHTTP_EVENT_NAME_LOST)) {
		bit = name->len > UINT_MAX ? 0 :
		      nethttp_event_lookup(name->str, (unsigned int)name->len);
		if (!(bit & r->opts->events)) {
			json_free(doc);
			return;
		}
	}
	/* the view is taken only when something needs it */
	if (r->opts->filter.active || r->summary || r->metrics) {
		event_view_get(&view, root);
		if (!filter_match(&r->opts->filter, &view)) {
			json_free(doc);
			return;
		}
		if (r->metrics)
			metrics_count(r->metrics, &view);
		if (r->summary) {
			summary_add(r->summary, &view);
			json_free(doc);
			return;
		}
	}
	format_event(&r->out, r->opts->format, text, len, root,
		     container_of(r, root));
	json_free(doc);
}

static void end_line(struct reader *r)
{
	r->line_number++;
	if (r->line_too_long)
		skip_line(r, "longer than %d bytes", LINE_MAX_BYTES);
	else
		handle_line(r, r->line.data, r->line.len);
	r->line.len = 0;
	r->line_too_long = 0;
	if (r->live || r->out.len >= OUTPUT_FLUSH_BYTES)
		flush_output(r);
}

static void add_to_line(struct reader *r, const char *data, size_t len)
{
	if (r->line_too_long)
		return;
	if (len > LINE_MAX_BYTES - r->line.len) {
		r->line_too_long = 1;
		r->line.len = 0;
		return;
	}
	sb_add(&r->line, data, len);
}

/* Splits what read() returned into lines, keeping any unfinished one. */
static void consume(struct reader *r, const char *data, size_t len)
{
	const char *newline;

	while (len) {
		newline = memchr(data, '\n', len);
		if (!newline) {
			add_to_line(r, data, len);
			return;
		}
		add_to_line(r, data, (size_t)(newline - data));
		end_line(r);
		len -= (size_t)(newline - data) + 1;
		data = newline + 1;
	}
}

/*
 * Waits for input on @fd (-1: none, only the metrics' HTTP requests) with
 * the stop signals blocked except inside ppoll(), so a Ctrl-C that arrives
 * at any moment ends the wait instead of being missed just before a read()
 * that would block for good. Answers the HTTP requests that are ready
 * before it returns. Nonzero when @fd is to be read.
 */
static int wait_readable(struct reader *r, int fd)
{
	struct pollfd pfd[2] = {
		{ .fd = fd, .events = POLLIN },
		{ .fd = metrics_poll_fd(r->metrics), .events = POLLIN },
	};
	sigset_t stop_signals, during_wait;
	struct timespec ts, *timeout = metrics_timeout(r->metrics, &ts);
	int n;

	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGHUP);
	sigprocmask(SIG_BLOCK, &stop_signals, &during_wait);
	sigdelset(&during_wait, SIGINT);
	sigdelset(&during_wait, SIGTERM);
	sigdelset(&during_wait, SIGHUP);
	n = stop_requested || reopen_requested ? 0 :
	    ppoll(pfd, 2, timeout, &during_wait);
	if (n < 0 && errno != EINTR)
		pfd[0].revents = POLLIN;	/* let read() report what is wrong */
	sigprocmask(SIG_UNBLOCK, &stop_signals, NULL);
	metrics_serve(r->metrics);
	return fd >= 0 && pfd[0].revents;
}

static int read_input(struct reader *r)
{
	char *buf = xmalloc(READ_BUFFER_SIZE);
	int status = EXIT_OK, fd = r->fd;
	ssize_t n;

	for (;;) {
		if (reopen_requested)
			reopen_output(r);
		if (!wait_readable(r, fd)) {
			if (stop_requested)
				break;
			continue;	/* EINTR from another signal */
		}
		n = read(fd, buf, READ_BUFFER_SIZE);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			fprintf(stderr, "nethttp: %s: %s\n",
				sb_cstr(&r->source), strerror(errno));
			status = EXIT_ERROR;
			break;
		}
		if (n == 0) {
			if (r->line.len || r->line_too_long)
				end_line(r);
			if (!r->metrics)
				break;
			/* the metrics stay served until a stop signal */
			flush_output(r);
			fd = -1;
			continue;
		}
		consume(r, buf, (size_t)n);
		/* nothing waits in memory while the input is idle */
		flush_output(r);
	}
	free(buf);
	return status;
}

static int open_device(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
		fprintf(stderr, "nethttp: %s not found: is the module loaded? (modprobe nethttp)\n",
			path);
	else if (errno == EACCES || errno == EPERM)
		fprintf(stderr,
			"nethttp: %s: permission denied: reading it needs root (CAP_NET_ADMIN)\n",
			path);
	else
		fprintf(stderr, "nethttp: %s: %s\n", path, strerror(errno));
	return -1;
}

/* Tells the user when events asked for with -e are switched off. */
static void note_disabled_events(const struct options *opts)
{
	char missing[NETHTTP_EVENTS_TEXT_MAX], wanted[NETHTTP_EVENTS_TEXT_MAX];
	unsigned int enabled, off;

	if (sysfs_enabled_events(opts->sysfs, &enabled))
		return;
	off = opts->events & ~enabled;
	if (!off)
		return;
	nethttp_events_format(missing, sizeof(missing), off & NETHTTP_EVENTS_ALL, 0);
	nethttp_events_format(wanted, sizeof(wanted),
			      (enabled | off) & NETHTTP_EVENTS_ALL, 1);
	fprintf(stderr,
		"nethttp: note: the module does not emit %s; to enable: echo %s > %s%s\n",
		missing, wanted, opts->sysfs, SYSFS_EVENTS_PARAM);
}

static void install_signal_handlers(const struct options *opts)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = request_stop;	/* no SA_RESTART: interrupt writes */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (opts->output_given)
		sa.sa_handler = request_reopen;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* seen as EPIPE from write() */
}

static int output_is_live(void)
{
	struct stat st;

	return fstat(STDOUT_FILENO, &st) < 0 || !S_ISREG(st.st_mode);
}

static int print_stats(const struct options *opts)
{
	struct strbuf out = STRBUF_INIT;
	int status;

	/* "name value" lines stay the default even into a pipe, for grep */
	status = sysfs_read_stats(opts->sysfs,
				  opts->format_given && opts->format == FORMAT_JSON,
				  &out);
	if (!status && (fwrite(out.data, 1, out.len, stdout) != out.len ||
			fflush(stdout))) {
		fprintf(stderr, "nethttp: writing the output: %s\n",
			strerror(errno));
		status = EXIT_ERROR;
	}
	sb_free(&out);
	return status;
}

int main(int argc, char **argv)
{
	struct options opts = {
		.device = DEFAULT_DEVICE,
		.sysfs = DEFAULT_SYSFS,
		.max_hosts = ROUTE_DEFAULT_MAX_HOSTS,
		.max_routes = ROUTE_DEFAULT_MAX_ROUTES,
	};
	struct reader r;
	int status;

	memset(&r, 0, sizeof(r));
	r.opts = &opts;
	r.fd = -1;
	filter_init(&opts.filter);
	status = parse_options(argc, argv, &opts);
	if (status >= 0)
		goto out;
	install_signal_handlers(&opts);
	if (opts.stats) {
		status = open_output(&opts) ? EXIT_ERROR : print_stats(&opts);
		goto out;
	}

	status = EXIT_ERROR;
	if (!opts.input) {
		r.fd = open_device(opts.device);
		if (r.fd < 0)
			goto out;
		sb_add_terminal(&r.source, opts.device, strlen(opts.device));
		if (opts.events)
			note_disabled_events(&opts);
	} else if (!strcmp(opts.input, "-")) {
		r.fd = STDIN_FILENO;
		sb_adds(&r.source, "<stdin>");
	} else {
		sb_add_terminal(&r.source, opts.input, strlen(opts.input));
		r.fd = open(opts.input, O_RDONLY | O_CLOEXEC);
		if (r.fd < 0) {
			fprintf(stderr, "nethttp: %s: %s\n", sb_cstr(&r.source),
				strerror(errno));
			goto out;
		}
	}
	/* after the input, so that no file is made for a reader that fails */
	if (open_output(&opts))
		goto out;
	r.live = output_is_live();
	if (opts.metrics.given) {
		r.metrics = metrics_start(&opts.metrics, opts.max_hosts,
					  opts.max_routes);
		if (!r.metrics)
			goto out;
	}

	if (opts.summary)
		r.summary = summary_new(opts.max_hosts, opts.max_routes);
	else if (opts.format == FORMAT_TABLE)
		format_table_header(&r.out);
	flush_output(&r);
	status = read_input(&r);
	if (r.summary)
		summary_write(r.summary, &r.out, opts.format);
	flush_output(&r);
	if (r.skipped) {
		fprintf(stderr, "nethttp: %llu invalid line%s skipped\n",
			r.skipped, r.skipped == 1 ? "" : "s");
		if (status == EXIT_OK)
			status = EXIT_ERROR;
	}
out:
	if (r.fd >= 0 && r.fd != STDIN_FILENO)
		close(r.fd);
	sb_free(&r.line);
	sb_free(&r.out);
	sb_free(&r.source);
	container_map_free(r.containers);
	metrics_stop(r.metrics);
	summary_free(r.summary);
	filter_free(&opts.filter);
	return status;
}
