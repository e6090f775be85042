/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the filters, the summary and the metrics need of one event, taken
 * once from its JSON tree: which kind of message it is, the request it is
 * or answers (a response's paired request copy), its status, ports and
 * latency, or the count of a loss notice.
 */
#ifndef NETHTTP_READER_VIEW_H
#define NETHTTP_READER_VIEW_H

#include "json.h"

enum view_kind {
	VIEW_OTHER,		/* an event this program does not know */
	VIEW_REQUEST,
	VIEW_RESPONSE,
	VIEW_LOST,		/* a loss notice: {"eventName":"nethttp_lost",...} */
};

/* A string of the event: @str has @len bytes (NULs possible) and a NUL after. */
struct view_text {
	const char *str;
	size_t len;
};

struct event_view {
	enum view_kind kind;
	/* net_packet_http (Tracee's network_events), not the kind's own event */
	int generic;
	/*
	 * The request's, for a request; for a response, those of the request
	 * it answers, all absent (str NULL) when it is unpaired. The strings
	 * point into the JSON tree and live as long as it does.
	 */
	struct view_text method;
	struct view_text host;
	struct view_text uri_path;
	int paired;		/* a response with its request's copy */
	int status_code;	/* responses: 100-999, or -1 when not a number */
	long long latency_ns;	/* paired responses: >= 0; otherwise -1 */
	int has_ports;
	unsigned int src_port, dst_port;
	unsigned long long lost;	/* VIEW_LOST: the events it stands for */
};

/* Fills @view from @root, an event object with an "eventName" string. */
void event_view_get(struct event_view *view, const struct json_value *root);

/*
 * A message can be reported twice, as its kind's own event and as
 * net_packet_http, which the module writes right after it. Tallies (the
 * summary, the metrics) count it once: from the kind's own event, or
 * from net_packet_http as long as no event of a kind's own has been seen
 * (when the module or -e lets only net_packet_http through).
 */
struct view_once {
	int own_seen;
};

/* Nonzero when @view (a request or response) is one to count. */
int view_count_once(struct view_once *once, const struct event_view *view);

/* Interim responses (1xx but 101) answer nothing yet: not a transaction. */
int view_is_final_response(const struct event_view *view);

#endif /* NETHTTP_READER_VIEW_H */
