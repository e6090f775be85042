// SPDX-License-Identifier: GPL-2.0
#include <limits.h>
#include <string.h>

#include "nethttp/event.h"
#include "view.h"

static struct view_text text_of(const struct json_value *v)
{
	struct view_text t = { NULL, 0 };

	if (v && v->type == JSON_STRING) {
		t.str = v->str;
		t.len = v->len;
	}
	return t;
}

static void take_request(struct event_view *view,
			 const struct json_value *req)
{
	view->method = text_of(json_get(req, "method"));
	view->host = text_of(json_get(req, "host"));
	view->uri_path = text_of(json_get(req, "uri_path"));
}

static void take_response(struct event_view *view,
			  const struct json_value *msg)
{
	const struct json_value *req = json_get(msg, "request");
	unsigned long long n;

	if (json_get_u64(json_get(msg, "status_code"), &n) &&
	    n >= 100 && n <= 999)
		view->status_code = (int)n;
	if (req && req->type == JSON_OBJECT) {
		view->paired = 1;
		take_request(view, req);
		if (json_get_u64(json_get(msg, "latency_ns"), &n) &&
		    n <= LLONG_MAX)
			view->latency_ns = (long long)n;
	}
}

static int port_of(const struct json_value *v, unsigned int *port)
{
	unsigned long long n;

	if (!json_get_u64(v, &n) || n > 65535)
		return 0;
	*port = (unsigned int)n;
	return 1;
}

static void take_ports(struct event_view *view, const struct json_value *args)
{
	const struct json_value *meta = json_get(args, "metadata");

	/* net_packet_http has them at the top of args too: metadata first */
	if (port_of(json_get(meta, "src_port"), &view->src_port) &&
	    port_of(json_get(meta, "dst_port"), &view->dst_port)) {
		view->has_ports = 1;
		return;
	}
	view->has_ports = port_of(json_get(args, "src_port"), &view->src_port) &&
			  port_of(json_get(args, "dst_port"), &view->dst_port);
}

void event_view_get(struct event_view *view, const struct json_value *root)
{
	const struct json_value *name = json_get(root, "eventName");
	const struct json_value *args = json_get(root, "args");
	const struct json_value *msg;

	memset(view, 0, sizeof(*view));
	view->status_code = -1;
	view->latency_ns = -1;
	if (json_is_string(name, NETHTTP_EVENT_NAME_LOST)) {
		view->kind = VIEW_LOST;
		if (!json_get_u64(json_get(root, "lost"), &view->lost))
			view->lost = 0;
		return;
	}
	if (json_is_string(name, NETHTTP_EVENT_NAME_REQUEST)) {
		view->kind = VIEW_REQUEST;
		take_request(view, json_get(args, "http_request"));
	} else if (json_is_string(name, NETHTTP_EVENT_NAME_RESPONSE)) {
		view->kind = VIEW_RESPONSE;
		take_response(view, json_get(args, "http_response"));
	} else if (json_is_string(name, NETHTTP_EVENT_NAME_HTTP)) {
		view->generic = 1;
		msg = json_get(args, "proto_http");
		if (json_is_string(json_get(msg, "direction"), "request")) {
			view->kind = VIEW_REQUEST;
			take_request(view, msg);
		} else if (json_is_string(json_get(msg, "direction"),
					  "response")) {
			view->kind = VIEW_RESPONSE;
			take_response(view, msg);
		}
	}
	if (view->kind != VIEW_OTHER)
		take_ports(view, args);
}

int view_is_final_response(const struct event_view *view)
{
	return view->kind == VIEW_RESPONSE &&
	       (view->status_code < 100 || view->status_code > 199 ||
		view->status_code == 101);
}

int view_count_once(struct view_once *once, const struct event_view *view)
{
	if (view->kind != VIEW_REQUEST && view->kind != VIEW_RESPONSE)
		return 0;
	if (!view->generic)
		once->own_seen = 1;
	return !view->generic || !once->own_seen;
}
