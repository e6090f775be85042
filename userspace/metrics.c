// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "metrics.h"
#include "route.h"
#include "strmap.h"

#define METRICS_PATH "/metrics"
#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"
/* Bounds on what any client of the port can take of the reader. */
#define MAX_CONNECTIONS 16
#define CONNECTION_TIMEOUT_S 10
#define CONNECTION_MEMORY (16 * 1024)
#define LISTEN_BACKLOG 16
/*
 * Label values are cut to this many bytes (at a character's start): the
 * module keeps a response's copy of its request within 128 bytes, so only
 * a crafted --input gets longer ones, and the caps count values, not bytes.
 */
#define LABEL_MAX 256

#define NSEC_PER_SEC 1000000000ULL
#define STATUS_CODES 1000	/* 100-999; [0] counts the ones not a number */

#define BAD_PORT "the port must be a number from 1 to 65535"
#define BAD_ADDRESS \
	"the address must be a numeric IPv4 address (127.0.0.1:PORT) or an IPv6 address in brackets ([::1]:PORT)"

/* The histogram's upper bounds (le): in ns to count, in seconds to show. */
static const unsigned long long bucket_ns[] = {
	5000000ULL, 10000000ULL, 25000000ULL, 50000000ULL, 100000000ULL,
	250000000ULL, 500000000ULL, 1000000000ULL, 2500000000ULL,
	5000000000ULL, 10000000000ULL,
};

static const char * const bucket_le[] = {
	"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
	"5", "10", "+Inf",
};

#define BUCKETS ARRAY_SIZE(bucket_ns)
static_assert(ARRAY_SIZE(bucket_le) == BUCKETS + 1, "an le per bucket, +Inf");

/* One series of the histogram: a method, status code, host and route. */
struct series {
	const char *method;		/* a route_method_label() */
	int status_code;		/* -1: not a number */
	const char *host, *route;	/* keys of the route table */
	size_t host_len, route_len;
	unsigned long long buckets[BUCKETS + 1];	/* not cumulative */
	unsigned long long count;
	unsigned long long sum_s;	/* the sum, exactly: whole seconds */
	unsigned long long sum_ns;	/* and the ns below a second */
};

struct metrics {
	struct MHD_Daemon *daemon;
	struct view_once once;
	struct route_table routes;
	/* (route key, method, status code) -> struct series */
	struct strmap series;
	struct strbuf scratch;
	unsigned long long requests;
	unsigned long long responses[STATUS_CODES];
	unsigned long long lost;
};

static int bad_value(const char *arg, const char *why)
{
	struct strbuf shown = STRBUF_INIT;

	sb_add_terminal(&shown, arg, strlen(arg));
	fprintf(stderr, "nethttp: --metrics: '%s': %s\n", sb_cstr(&shown), why);
	sb_free(&shown);
	return -1;
}

static int parse_port(const char *s, unsigned int *port)
{
	unsigned long n;

	if (parse_decimal(s, strlen(s), 65535, &n) || n < 1)
		return -1;
	*port = (unsigned int)n;
	return 0;
}

/* Copies the @len bytes of @s to @buf as a string, if they fit. */
static int copy_host(char *buf, size_t size, const char *s, size_t len)
{
	if (len >= size)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return 0;
}

int metrics_parse_address(const char *arg, struct metrics_address *addr)
{
	char host[INET6_ADDRSTRLEN];
	const char *port, *end;

	memset(addr, 0, sizeof(*addr));
	end = strrchr(arg, ':');
	if (arg[0] == '[') {
		end = strchr(arg, ']');
		if (!end || end[1] != ':' ||
		    copy_host(host, sizeof(host), arg + 1,
			      (size_t)(end - arg - 1)) ||
		    inet_pton(AF_INET6, host, &addr->ipv6) != 1)
			return bad_value(arg, BAD_ADDRESS);
		addr->family = AF_INET6;
		port = end + 2;
	} else if (end) {
		if (copy_host(host, sizeof(host), arg, (size_t)(end - arg)) ||
		    inet_pton(AF_INET, host, &addr->ipv4) != 1)
			return bad_value(arg, BAD_ADDRESS);
		addr->family = AF_INET;
		port = end + 1;
	} else {
		addr->any = 1;
		addr->family = AF_INET6;
		port = arg;
	}
	if (parse_port(port, &addr->port))
		return bad_value(arg, BAD_PORT);
	addr->given = 1;
	return 0;
}

/* The address as a URL writes it: 127.0.0.1:9100, [::1]:9100. */
static void address_text(char *buf, size_t size, int family,
			 const void *ip, unsigned int port)
{
	char text[INET6_ADDRSTRLEN];

	if (!inet_ntop(family, ip, text, sizeof(text)))
		strcpy(text, "?");
	snprintf(buf, size, family == AF_INET6 ? "[%s]:%u" : "%s:%u", text,
		 port);
}

/* A listening socket, or -1 with errno set. */
static int listen_socket(int family, const void *ip, unsigned int port,
			 int v6only)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} sa;
	socklen_t len;
	int fd, on = 1, saved;

	memset(&sa, 0, sizeof(sa));
	if (family == AF_INET6) {
		sa.in6.sin6_family = AF_INET6;
		sa.in6.sin6_port = htons((unsigned short)port);
		memcpy(&sa.in6.sin6_addr, ip, sizeof(sa.in6.sin6_addr));
		len = sizeof(sa.in6);
	} else {
		sa.in.sin_family = AF_INET;
		sa.in.sin_port = htons((unsigned short)port);
		memcpy(&sa.in.sin_addr, ip, sizeof(sa.in.sin_addr));
		len = sizeof(sa.in);
	}
	fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    (family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
			sizeof(v6only))) ||
	    bind(fd, &sa.sa, len) || listen(fd, LISTEN_BACKLOG)) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/*
 * PORT alone: one IPv6 socket that takes IPv4 too, or, on a host without
 * IPv6, an IPv4 one. An IPv6 address given is that address only.
 */
static int open_listener(const struct metrics_address *addr)
{
	static const struct in_addr ipv4_any = { .s_addr = INADDR_ANY };
	char text[INET6_ADDRSTRLEN + 8];
	const void *ip = addr->family == AF_INET6 ? (const void *)&addr->ipv6 :
				(const void *)&addr->ipv4;
	int family = addr->family, fd;

	if (addr->any)
		ip = &in6addr_any;
	fd = listen_socket(family, ip, addr->port, !addr->any);
	if (fd < 0 && addr->any && errno == EAFNOSUPPORT) {
		family = AF_INET;
		ip = &ipv4_any;
		fd = listen_socket(family, ip, addr->port, 0);
	}
	if (fd < 0) {
		address_text(text, sizeof(text), family, ip, addr->port);
		fprintf(stderr, "nethttp: --metrics: cannot listen on %s: %s\n",
			text, strerror(errno));
	}
	return fd;
}

static enum MHD_Result answer_text(struct MHD_Connection *conn,
				   unsigned int status, const char *text,
				   const char *allow)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(strlen(text), (void *)text,
					       MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				    "text/plain; charset=utf-8") != MHD_YES ||
	    (allow && MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
					      allow) != MHD_YES))
		ret = MHD_NO;
	else
		ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A request that says it has a body, to be answered before reading it. */
static int has_body(struct MHD_Connection *conn)
{
	const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							 MHD_HTTP_HEADER_CONTENT_LENGTH);

	return (length && strcmp(length, "0")) ||
	       MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					   MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

/*
 * Called when a request's first line and headers are in, and again when
 * it is complete. Errors are answered at once (MHD then closes the
 * connection rather than read a body); the metrics at the end of a
 * request without a body, so the connection can be kept alive, and at
 * once to one with a body.
 */
static enum MHD_Result answer(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **req_cls)
{
	struct strbuf body = STRBUF_INIT;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)version;
	(void)upload_data;
	if (strcmp(url, METRICS_PATH))
		return answer_text(conn, MHD_HTTP_NOT_FOUND,
				   "not found: the metrics are at " METRICS_PATH "\n",
				   NULL);
	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD))
		return answer_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
				   "method not allowed: use GET or HEAD\n",
				   "GET, HEAD");
	if (!*req_cls && !has_body(conn)) {
		*req_cls = conn;	/* seen: wait for the end */
		return MHD_YES;
	}
	*upload_data_size = 0;	/* a body (or none) is not read */
	/* HEAD too: MHD sends its headers, Content-Length included, alone */
	metrics_render(cls, &body);
	resp = MHD_create_response_from_buffer(body.len, body.data,
					       MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		sb_free(&body);
		return MHD_NO;
	}
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				    CONTENT_TYPE) != MHD_YES)
		ret = MHD_NO;
	else
		ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

struct metrics *metrics_start(const struct metrics_address *addr,
			      unsigned int max_hosts, unsigned int max_routes)
{
	struct metrics *m;
	int fd;

	fd = open_listener(addr);
	if (fd < 0)
		return NULL;
	m = xmalloc(sizeof(*m));
	memset(m, 0, sizeof(*m));
	route_table_init(&m->routes, max_hosts, max_routes);
	/* no thread of its own: MHD_run() from the reader's loop */
	m->daemon = MHD_start_daemon(MHD_USE_EPOLL, 0, NULL, NULL, answer, m,
				     MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
				     MHD_OPTION_CONNECTION_LIMIT,
				     (unsigned int)MAX_CONNECTIONS,
				     MHD_OPTION_CONNECTION_TIMEOUT,
				     (unsigned int)CONNECTION_TIMEOUT_S,
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				     (size_t)CONNECTION_MEMORY,
				     MHD_OPTION_END);
	if (!m->daemon) {
		fputs("nethttp: --metrics: cannot start the HTTP server (libmicrohttpd)\n",
		      stderr);
		/* not closing fd: whether MHD did is not said; we exit anyway */
		metrics_stop(m);
		return NULL;
	}
	return m;
}

void metrics_stop(struct metrics *m)
{
	size_t i;

	if (!m)
		return;
	if (m->daemon)
		MHD_stop_daemon(m->daemon);	/* closes the listening socket */
	for (i = 0; i < m->series.cap; i++)
		free(m->series.slots[i].value);
	strmap_free(&m->series);
	route_table_free(&m->routes);
	sb_free(&m->scratch);
	free(m);
}

int metrics_poll_fd(const struct metrics *m)
{
	const union MHD_DaemonInfo *info;

	if (!m)
		return -1;
	info = MHD_get_daemon_info(m->daemon, MHD_DAEMON_INFO_EPOLL_FD);
	return info ? info->epoll_fd : -1;
}

struct timespec *metrics_timeout(struct metrics *m, struct timespec *ts)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (!m || MHD_get_timeout(m->daemon, &ms) != MHD_YES)
		return NULL;
	ts->tv_sec = (time_t)(ms / 1000);
	ts->tv_nsec = (long)(ms % 1000) * 1000000L;
	return ts;
}

void metrics_serve(struct metrics *m)
{
	if (m)
		MHD_run(m->daemon);
}

/* @len, cut to LABEL_MAX bytes at the start of a UTF-8 character. */
static size_t label_len(const char *s, size_t len)
{
	if (len <= LABEL_MAX)
		return len;
	len = LABEL_MAX;
	while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

static struct series *series_of(struct metrics *m,
				const struct event_view *view)
{
	const char *host = view->host.str ? view->host.str : "";
	const char *path = view->uri_path.str ? view->uri_path.str : "";
	const char *method = route_method_label(view->method.str ?
						view->method.str : "",
						view->method.len);
	char key[2 * sizeof(const char *) + sizeof(int)];
	const char *host_label, *route_label;
	size_t host_len, route_len;
	struct strmap_entry *e;
	struct series *s;

	m->scratch.len = 0;
	route_of(&m->scratch, path, view->uri_path.len);
	route_table_fold(&m->routes, host, label_len(host, view->host.len),
			 sb_cstr(&m->scratch),
			 label_len(m->scratch.data, m->scratch.len),
			 &host_label, &host_len, &route_label, &route_len);
	/* a route's key is its host's own: it stands for both */
	memcpy(key, &route_label, sizeof(route_label));
	memcpy(key + sizeof(route_label), &method, sizeof(method));
	memcpy(key + 2 * sizeof(route_label), &view->status_code,
	       sizeof(int));
	e = strmap_put(&m->series, key, sizeof(key));
	if (!e->value) {
		s = xmalloc(sizeof(*s));
		memset(s, 0, sizeof(*s));
		s->method = method;
		s->status_code = view->status_code;
		s->host = host_label;
		s->host_len = host_len;
		s->route = route_label;
		s->route_len = route_len;
		e->value = s;
	}
	return e->value;
}

static void observe(struct series *s, unsigned long long ns)
{
	size_t i = 0;

	while (i < BUCKETS && ns > bucket_ns[i])
		i++;
	s->buckets[i]++;
	s->count++;
	s->sum_s += ns / NSEC_PER_SEC;
	s->sum_ns += ns % NSEC_PER_SEC;
	if (s->sum_ns >= NSEC_PER_SEC) {
		s->sum_ns -= NSEC_PER_SEC;
		s->sum_s++;
	}
}

void metrics_count(struct metrics *m, const struct event_view *view)
{
	if (view->kind == VIEW_LOST) {
		/* saturates: a counter that wrapped would look like a restart */
		m->lost = view->lost > ~0ULL - m->lost ? ~0ULL :
			  m->lost + view->lost;
		return;
	}
	if (!view_count_once(&m->once, view))
		return;
	if (view->kind == VIEW_REQUEST) {
		m->requests++;
		return;
	}
	m->responses[view->status_code < 0 ? 0 : view->status_code]++;
	if (view_is_final_response(view) && view->paired &&
	    view->latency_ns >= 0)
		observe(series_of(m, view),
			(unsigned long long)view->latency_ns);
}

/* ---- the exposition ---------------------------------------------------- */

/* In the order of the labels shown: host, method, route, status_code. */
static int compare_series(const void *a, const void *b)
{
	const struct series *x = *(const struct series * const *)a;
	const struct series *y = *(const struct series * const *)b;
	int c;

	c = bytes_compare(x->host, x->host_len, y->host, y->host_len);
	if (!c)
		c = strcmp(x->method, y->method);
	if (!c)
		c = bytes_compare(x->route, x->route_len, y->route,
				  y->route_len);
	if (!c)
		c = (x->status_code > y->status_code) -
		    (x->status_code < y->status_code);
	return c;
}

/* A label value, its backslashes, quotes and newlines escaped. */
static void add_label(struct strbuf *out, const char *name, const char *value,
		      size_t len)
{
	size_t i, start = 0;

	sb_adds(out, name);
	sb_adds(out, "=\"");
	for (i = 0; i < len; i++) {
		if (value[i] != '\\' && value[i] != '"' && value[i] != '\n')
			continue;
		sb_add(out, value + start, i - start);
		sb_addc(out, '\\');
		sb_addc(out, value[i] == '\n' ? 'n' : value[i]);
		start = i + 1;
	}
	sb_add(out, value + start, len - start);
	sb_addc(out, '"');
}

static void add_status_label(struct strbuf *out, int status_code)
{
	char text[16] = "";

	if (status_code >= 0)
		snprintf(text, sizeof(text), "%d", status_code);
	add_label(out, "status_code", text, strlen(text));
}

static void add_family(struct strbuf *out, const char *name, const char *type,
		       const char *help)
{
	sb_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

#define DURATION "nethttp_http_request_duration_seconds"

/* One series' name, labels and the { of le (when @le) */
static void add_series_name(struct strbuf *out, const struct series *s,
			    const char *suffix, const char *le)
{
	sb_addf(out, DURATION "%s{", suffix);
	add_label(out, "host", s->host, s->host_len);
	sb_addc(out, ',');
	add_label(out, "method", s->method, strlen(s->method));
	sb_addc(out, ',');
	add_label(out, "route", s->route, s->route_len);
	sb_addc(out, ',');
	add_status_label(out, s->status_code);
	if (le) {
		sb_addc(out, ',');
		add_label(out, "le", le, strlen(le));
	}
	sb_adds(out, "} ");
}

static void add_series(struct strbuf *out, const struct series *s)
{
	unsigned long long cumulative = 0;
	size_t i;

	for (i = 0; i <= BUCKETS; i++) {
		cumulative += s->buckets[i];
		add_series_name(out, s, "_bucket", bucket_le[i]);
		sb_addf(out, "%llu\n", cumulative);
	}
	add_series_name(out, s, "_sum", NULL);
	sb_addf(out, "%llu.%09llu\n", s->sum_s, s->sum_ns);
	add_series_name(out, s, "_count", NULL);
	sb_addf(out, "%llu\n", s->count);
}

static void add_durations(struct strbuf *out, const struct metrics *m)
{
	const struct series **all;
	size_t i, n = 0;

	all = xmalloc((m->series.count ? m->series.count : 1) * sizeof(*all));
	for (i = 0; i < m->series.cap; i++)
		if (m->series.slots[i].value)
			all[n++] = m->series.slots[i].value;
	qsort(all, n, sizeof(*all), compare_series);
	for (i = 0; i < n; i++)
		add_series(out, all[i]);
	free(all);
}

void metrics_render(const struct metrics *m, struct strbuf *out)
{
	int code;

	add_family(out, "nethttp_events_lost_total", "counter",
		   "Events the module dropped because the reader fell behind: the sum of the loss notices.");
	sb_addf(out, "nethttp_events_lost_total %llu\n", m->lost);

	add_family(out, "nethttp_http_messages_total", "counter",
		   "HTTP requests and responses, each message counted once, interim and unpaired responses too.");
	sb_addf(out,
		"nethttp_http_messages_total{kind=\"request\",status_code=\"\"} %llu\n",
		m->requests);
	for (code = 0; code < STATUS_CODES; code++) {
		if (!m->responses[code])
			continue;
		sb_adds(out, "nethttp_http_messages_total{kind=\"response\",");
		add_status_label(out, code ? code : -1);
		sb_addf(out, "} %llu\n", m->responses[code]);
	}

	add_family(out, DURATION, "histogram",
		   "Time from a request to its final response (latency_ns) in seconds, of paired responses.");
	add_durations(out, m);

	add_family(out, "nethttp_metrics_folded_total", "counter",
		   "Responses counted under host or route \"other\": a cap (--metrics-max-hosts, --metrics-max-routes) was reached.");
	sb_addf(out, "nethttp_metrics_folded_total %llu\n", m->routes.folded);
}
