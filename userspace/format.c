// SPDX-License-Identifier: GPL-2.0
#include "format.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "nethttp/event.h"
#include "container.h"

/* Widths of the table's columns but the last (the message summary). */
enum {
	WIDTH_TIME = 12,	/* HH:MM:SS.mmm */
	WIDTH_NETNS = 10,	/* any 32-bit inode number */
	WIDTH_DIRECTION = 9,
	WIDTH_IFACE = 10,
	WIDTH_ADDRESS = 21,	/* 255.255.255.255:65535; IPv6 may overflow */
	WIDTH_PROCESS = 24,	/* curl[1234]@ and 12 digits; more may overflow */
	WIDTH_LATENCY = 8,	/* 999.9ms, 1234.56s */
};

static const char *arg_type(const char *event, const char *arg)
{
	if (!strcmp(arg, "metadata"))
		return strcmp(event, NETHTTP_EVENT_NAME_HTTP) ? "trace.PktMeta" :
							  "trace.PacketMetadata";
	if (!strcmp(arg, "http_request"))
		return "trace.ProtoHTTPRequest";
	if (!strcmp(arg, "http_response"))
		return "trace.ProtoHTTPResponse";
	if (!strcmp(arg, "proto_http"))
		return "trace.ProtoHTTP";
	if (!strcmp(arg, "src") || !strcmp(arg, "dst"))
		return "const char*";
	if (!strcmp(arg, "src_port") || !strcmp(arg, "dst_port"))
		return "u16";
	return "unknown";
}

static void write_or_null(struct strbuf *out, const struct json_value *v)
{
	if (v)
		json_write(out, v);
	else
		sb_adds(out, "null");
}

/* Appends ,"@key":value when @root has @key, whatever its type. */
static void write_member(struct strbuf *out, const struct json_value *root,
			 const char *key)
{
	const struct json_value *v = json_get(root, key);

	if (!v)
		return;
	sb_addf(out, ",\"%s\":", key);
	json_write(out, v);
}

/*
 * The fields of Tracee's envelope that the module knows, in the order of
 * Tracee's trace.Event, each only when known: Tracee's zeros would claim
 * pid 0 and uid 0 (root). The container is both Tracee's older
 * "containerId" and its newer "container" object.
 */
static void write_envelope(struct strbuf *out, const struct json_value *root,
			   const char *container)
{
	write_member(out, root, "processId");
	write_member(out, root, "cgroupId");
	write_member(out, root, "hostProcessId");
	write_member(out, root, "userId");
	write_member(out, root, "processName");
	if (!container)
		return;
	sb_adds(out, ",\"containerId\":\"");
	sb_add_json_string(out, container, strlen(container));
	sb_adds(out, "\",\"container\":{\"id\":\"");
	sb_add_json_string(out, container, strlen(container));
	sb_adds(out, "\"}");
}

static void format_tracee(struct strbuf *out, const struct json_value *root,
			  const char *container)
{
	const struct json_value *name = json_get(root, "eventName");
	const struct json_value *args = json_get(root, "args");
	const struct json_value *arg;
	/* a name with a NUL in it matches no known argument type */
	const char *event = strlen(name->str) == name->len ? name->str : "";

	if (args && args->type != JSON_OBJECT)
		args = NULL;
	sb_adds(out, "{\"timestamp\":");
	write_or_null(out, json_get(root, "timestamp"));
	write_envelope(out, root, container);
	sb_adds(out, ",\"eventName\":");
	json_write(out, name);
	sb_adds(out, ",\"netns\":");
	write_or_null(out, json_get(root, "netns"));
	sb_adds(out, ",\"direction\":");
	write_or_null(out, json_get(root, "direction"));
	sb_addf(out, ",\"argsNum\":%zu,\"args\":[", args ? args->count : 0);
	for (arg = args ? args->first : NULL; arg; arg = arg->next) {
		if (arg != args->first)
			sb_addc(out, ',');
		sb_adds(out, "{\"name\":\"");
		sb_add_json_string(out, arg->key, arg->key_len);
		sb_adds(out, "\",\"type\":\"");
		sb_adds(out, strlen(arg->key) == arg->key_len ?
			     arg_type(event, arg->key) : "unknown");
		sb_adds(out, "\",\"value\":");
		json_write(out, arg);
		sb_addc(out, '}');
	}
	sb_adds(out, "]}\n");
}

/* Appends a string or number for the terminal; anything else adds nothing. */
static void add_text(struct strbuf *out, const struct json_value *v)
{
	if (!v)
		return;
	if (v->type == JSON_STRING)
		sb_add_terminal(out, v->str, v->len);
	else if (v->type == JSON_NUMBER)
		sb_add(out, v->str, v->len);	/* digits and signs only */
}

static int is_empty_text(const struct json_value *v)
{
	return !v || (v->type != JSON_STRING && v->type != JSON_NUMBER) ||
	       v->len == 0;
}

static void add_cell(struct strbuf *out, const struct strbuf *cell,
		     size_t width)
{
	size_t used;

	if (cell->len) {
		sb_add(out, cell->data, cell->len);
		used = text_width(cell->data, cell->len);
	} else {
		sb_addc(out, '-');
		used = 1;
	}
	sb_pad(out, used < width ? width - used + 1 : 1);
}

static void add_time(struct strbuf *cell, const struct json_value *ts)
{
	unsigned long long ns;
	time_t seconds;
	struct tm tm;

	if (!json_get_u64(ts, &ns))
		return;
	seconds = (time_t)(ns / 1000000000ULL);
	if (!gmtime_r(&seconds, &tm))
		return;
	sb_addf(cell, "%02d:%02d:%02d.%03llu", tm.tm_hour, tm.tm_min,
		tm.tm_sec, ns / 1000000ULL % 1000);
}

static void add_address(struct strbuf *cell, const struct json_value *ip,
			const struct json_value *port)
{
	int bracket = ip && ip->type == JSON_STRING &&
		      memchr(ip->str, ':', ip->len);

	if (is_empty_text(ip) && is_empty_text(port))
		return;
	if (bracket)
		sb_addc(cell, '[');
	add_text(cell, ip);
	if (bracket)
		sb_addc(cell, ']');
	sb_addc(cell, ':');
	add_text(cell, port);
}

static void add_flags(struct strbuf *out, const struct json_value *msg)
{
	const struct json_value *truncated = json_get(msg, "truncated");

	if (truncated && truncated->type == JSON_TRUE)
		sb_adds(out, " [truncated]");
}

/* GET host/path?query HTTP/1.1 */
static void add_request(struct strbuf *out, const struct json_value *msg)
{
	const struct json_value *path = json_get(msg, "uri_path");
	const struct json_value *query = json_get(msg, "uri_query");
	const struct json_value *protocol = json_get(msg, "protocol");

	add_text(out, json_get(msg, "method"));
	sb_addc(out, ' ');
	/* only an origin-form target ("/...") reads well after the host */
	if (path && path->type == JSON_STRING && path->len &&
	    path->str[0] == '/')
		add_text(out, json_get(msg, "host"));
	add_text(out, path);
	if (!is_empty_text(query)) {
		sb_addc(out, '?');
		add_text(out, query);
	}
	if (!is_empty_text(protocol)) {
		sb_addc(out, ' ');
		add_text(out, protocol);
	}
	add_flags(out, msg);
}

/* HTTP/1.1 404 Not Found */
static void add_response(struct strbuf *out, const struct json_value *msg)
{
	const struct json_value *protocol = json_get(msg, "protocol");
	const struct json_value *status = json_get(msg, "status");

	if (!is_empty_text(protocol)) {
		add_text(out, protocol);
		sb_addc(out, ' ');
	}
	if (is_empty_text(status))
		status = json_get(msg, "status_code");
	add_text(out, status);
	add_flags(out, msg);
}

/* Whether add_text() shows @a and @b alike. */
static int same_text(const struct json_value *a, const struct json_value *b)
{
	return a->type == b->type && a->len == b->len &&
	       !memcmp(a->str, b->str, a->len);
}

/*
 * comm[pid], with the pid in the initial namespace after a slash when it
 * differs (as Tracee's table shows a container's processes), else uid=N
 * when only the socket's owner is known; then @container's short id after
 * an '@'.
 */
static void add_process(struct strbuf *cell, const struct json_value *root,
			const char *container)
{
	const struct json_value *comm = json_get(root, "processName");
	const struct json_value *pid = json_get(root, "processId");
	const struct json_value *host_pid = json_get(root, "hostProcessId");
	const struct json_value *uid = json_get(root, "userId");
	size_t len;

	if (is_empty_text(pid))
		pid = NULL;
	if (is_empty_text(host_pid) || (pid && same_text(pid, host_pid)))
		host_pid = NULL;
	if (!is_empty_text(comm) || pid || host_pid) {
		add_text(cell, comm);
		if (pid || host_pid) {
			sb_addc(cell, '[');
			add_text(cell, pid);
			if (host_pid) {
				sb_addc(cell, '/');
				add_text(cell, host_pid);
			}
			sb_addc(cell, ']');
		}
	} else if (!is_empty_text(uid)) {
		sb_adds(cell, "uid=");
		add_text(cell, uid);
	}
	if (container) {
		len = strlen(container);
		sb_addc(cell, '@');
		sb_add_terminal(cell, container,
				len < CONTAINER_ID_SHORT ? len : CONTAINER_ID_SHORT);
	}
}

/* The message a response event carries, or NULL for a request. */
static const struct json_value *response_of(const struct json_value *name,
					    const struct json_value *args)
{
	const struct json_value *msg;

	if (json_is_string(name, NETHTTP_EVENT_NAME_RESPONSE))
		return json_get(args, "http_response");
	if (json_is_string(name, NETHTTP_EVENT_NAME_HTTP)) {
		msg = json_get(args, "proto_http");
		if (json_is_string(json_get(msg, "direction"), "response"))
			return msg;
	}
	return NULL;
}

void format_latency(struct strbuf *cell, unsigned long long ns)
{
	if (ns < 1000ULL)
		sb_addf(cell, "%lluns", ns);
	else if (ns < 1000000ULL)
		sb_addf(cell, "%lluus", ns / 1000ULL);
	else if (ns < 1000000000ULL)
		sb_addf(cell, "%llu.%llums", ns / 1000000ULL,
			ns / 100000ULL % 10);
	else
		sb_addf(cell, "%llu.%02llus", ns / 1000000000ULL,
			ns / 10000000ULL % 100);
}

/*
 * -1 (no request seen) and anything that is not a count of nanoseconds
 * leave the cell empty.
 */
static void add_latency(struct strbuf *cell, const struct json_value *msg)
{
	unsigned long long ns;

	if (json_get_u64(json_get(msg, "latency_ns"), &ns))
		format_latency(cell, ns);
}

static void add_summary(struct strbuf *out, const struct json_value *name,
			const struct json_value *args)
{
	const struct json_value *msg;

	if (json_is_string(name, NETHTTP_EVENT_NAME_REQUEST)) {
		add_request(out, json_get(args, "http_request"));
	} else if (json_is_string(name, NETHTTP_EVENT_NAME_RESPONSE)) {
		add_response(out, json_get(args, "http_response"));
	} else if (json_is_string(name, NETHTTP_EVENT_NAME_HTTP)) {
		msg = json_get(args, "proto_http");
		if (json_is_string(json_get(msg, "direction"), "request"))
			add_request(out, msg);
		else
			add_response(out, msg);
	} else {
		sb_adds(out, "event ");
		add_text(out, name);
	}
}

void format_table_header(struct strbuf *out)
{
	static const struct {
		const char *title;
		size_t width;
	} columns[] = {
		{ "TIME", WIDTH_TIME },
		{ "NETNS", WIDTH_NETNS },
		{ "DIRECTION", WIDTH_DIRECTION },
		{ "IFACE", WIDTH_IFACE },
		{ "SOURCE", WIDTH_ADDRESS },
		{ "DESTINATION", WIDTH_ADDRESS },
		{ "PROCESS", WIDTH_PROCESS },
		{ "LATENCY", WIDTH_LATENCY },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(columns); i++) {
		sb_adds(out, columns[i].title);
		sb_pad(out, columns[i].width - strlen(columns[i].title) + 1);
	}
	sb_adds(out, "MESSAGE\n");
}

static void format_row(struct strbuf *out, const struct json_value *root,
		       const char *container)
{
	const struct json_value *name = json_get(root, "eventName");
	const struct json_value *args = json_get(root, "args");
	const struct json_value *meta = json_get(args, "metadata");
	struct strbuf cell = STRBUF_INIT;

	if (json_is_string(name, NETHTTP_EVENT_NAME_LOST)) {
		sb_adds(out, "*** ");
		add_text(out, json_get(root, "lost"));
		sb_adds(out, " events lost ***\n");
		return;
	}
	add_time(&cell, json_get(root, "timestamp"));
	add_cell(out, &cell, WIDTH_TIME);
	cell.len = 0;
	add_text(&cell, json_get(root, "netns"));
	add_cell(out, &cell, WIDTH_NETNS);
	cell.len = 0;
	add_text(&cell, json_get(root, "direction"));
	add_cell(out, &cell, WIDTH_DIRECTION);
	cell.len = 0;
	add_text(&cell, json_get(meta, "iface"));
	add_cell(out, &cell, WIDTH_IFACE);
	cell.len = 0;
	add_address(&cell, json_get(meta, "src_ip"), json_get(meta, "src_port"));
	add_cell(out, &cell, WIDTH_ADDRESS);
	cell.len = 0;
	add_address(&cell, json_get(meta, "dst_ip"), json_get(meta, "dst_port"));
	add_cell(out, &cell, WIDTH_ADDRESS);
	cell.len = 0;
	add_process(&cell, root, container);
	add_cell(out, &cell, WIDTH_PROCESS);
	cell.len = 0;
	add_latency(&cell, response_of(name, args));
	add_cell(out, &cell, WIDTH_LATENCY);
	sb_free(&cell);
	add_summary(out, name, args);
	sb_addc(out, '\n');
}

/*
 * The line as it came, with "containerId" added right after "cgroupId"
 * when there is one to add: only those bytes are new, so whatever reads
 * the module's lines reads these the same way. A line that has one (this
 * output, read again) is not given a second.
 */
static void format_json(struct strbuf *out, const char *raw, size_t raw_len,
			const struct json_value *root, const char *container)
{
	const struct json_value *cgroup = json_get(root, "cgroupId");
	uintptr_t at;

	/* a number's text lies in @raw; checked, as a slip would read past it */
	if (container && !json_get(root, "containerId") &&
	    cgroup && cgroup->type == JSON_NUMBER &&
	    cgroup->len <= raw_len && (uintptr_t)cgroup->str >= (uintptr_t)raw &&
	    (uintptr_t)cgroup->str - (uintptr_t)raw <= raw_len - cgroup->len) {
		at = (uintptr_t)cgroup->str - (uintptr_t)raw + cgroup->len;
		sb_add(out, raw, at);
		sb_adds(out, ",\"containerId\":\"");
		sb_add_json_string(out, container, strlen(container));
		sb_addc(out, '"');
		sb_add(out, raw + at, raw_len - at);
	} else {
		sb_add(out, raw, raw_len);
	}
	sb_addc(out, '\n');
}

void format_event(struct strbuf *out, enum output_format format,
		  const char *raw, size_t raw_len,
		  const struct json_value *root, const char *container)
{
	switch (format) {
	case FORMAT_JSON:
		format_json(out, raw, raw_len, root, container);
		break;
	case FORMAT_TRACEE:
		if (json_is_string(json_get(root, "eventName"), NETHTTP_EVENT_NAME_LOST)) {
			/* kept as it came; written anew it is still terminal-safe */
			json_write(out, root);
			sb_addc(out, '\n');
		} else {
			format_tracee(out, root, container);
		}
		break;
	case FORMAT_TABLE:
		format_row(out, root, container);
		break;
	}
}
