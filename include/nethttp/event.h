/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One captured HTTP message, as the hook stores it in the ring and as the
 * formatter turns it into text at read() time. Kernel-header free, like the
 * parser, so the formatter builds everywhere the parser does.
 */
#ifndef NETHTTP_EVENT_H
#define NETHTTP_EVENT_H

#include "parser.h"

/* The misc device readers open, /dev/nethttp; also the module's name. */
#define NETHTTP_DEVICE_NAME	"nethttp"

#define NETHTTP_IFNAME_LEN	16	/* IFNAMSIZ */

enum nethttp_direction {
	NETHTTP_DIR_INGRESS,
	NETHTTP_DIR_EGRESS,
	NETHTTP_DIR_FORWARD,
};

/*
 * The events a message can be reported as; a mask of these is a set. The
 * names are Tracee's, and what the module's "events" parameter, its lines'
 * "eventName" and the reader's -e use: nethttp/names.h maps between them.
 */
enum nethttp_event_type {
	NETHTTP_EVENT_REQUEST = 1 << 0,
	NETHTTP_EVENT_RESPONSE = 1 << 1,
	NETHTTP_EVENT_HTTP = 1 << 2,
};

#define NETHTTP_EVENT_NAME_REQUEST	"net_packet_http_request"
#define NETHTTP_EVENT_NAME_RESPONSE	"net_packet_http_response"
#define NETHTTP_EVENT_NAME_HTTP		"net_packet_http"

/* Tracee's event sets: shorthand when naming events, never reported. */
#define NETHTTP_EVENTS_DEFAULT	(NETHTTP_EVENT_REQUEST | NETHTTP_EVENT_RESPONSE)
#define NETHTTP_EVENTS_ALL	(NETHTTP_EVENTS_DEFAULT | NETHTTP_EVENT_HTTP)
#define NETHTTP_SET_NAME_DEFAULT	"default"
#define NETHTTP_SET_NAME_ALL		"network_events"

/* The line a reader gets in place of the events it lost: {"eventName":...,"lost":N} */
#define NETHTTP_EVENT_NAME_LOST		"nethttp_lost"

/*
 * Bytes a response event keeps of its request's method, Host and target:
 * as many as keep a followed connection, which holds the oldest pending
 * request's copy, within kmalloc's 512-byte objects.
 */
#define NETHTTP_BRIEF_TEXT_MAX	128
#define NETHTTP_COMM_LEN	16	/* TASK_COMM_LEN */

enum nethttp_brief_flag {
	NETHTTP_BRIEF_HOST_REDACTED = 1 << 0,
	/* the four fields did not fit in text[] together, and were cut */
	NETHTTP_BRIEF_CUT = 1 << 1,
};

/*
 * What a response event tells of the request it answers: the request's
 * method token, Host value, path and query, back to back in text[].
 */
struct nethttp_brief {
	unsigned char flags;			/* enum nethttp_brief_flag */
	unsigned char method_len;
	unsigned char host_len;
	unsigned char path_len;
	unsigned char query_len;
	unsigned char text[NETHTTP_BRIEF_TEXT_MAX];
};

static inline unsigned int nethttp_brief_len(const struct nethttp_brief *b)
{
	unsigned int len = b->method_len + b->host_len + b->path_len +
			   b->query_len;

	return len < NETHTTP_BRIEF_TEXT_MAX ? len : NETHTTP_BRIEF_TEXT_MAX;
}

/* Copies what of @src is in use: its lengths and the text they cover. */
static inline void nethttp_brief_copy(struct nethttp_brief *dst,
				      const struct nethttp_brief *src)
{
	__builtin_memcpy(dst, src, __builtin_offsetof(struct nethttp_brief, text) +
			 nethttp_brief_len(src));
}

enum nethttp_origin_known {
	NETHTTP_ORIGIN_TASK = 1 << 0,		/* pid, host_pid, comm */
	NETHTTP_ORIGIN_UID = 1 << 1,
	NETHTTP_ORIGIN_CGROUP = 1 << 2,
};

/* Who is behind the end of the connection an event was taken at. */
struct nethttp_origin {
	unsigned int known;			/* enum nethttp_origin_known */
	unsigned int pid;			/* in its own pid namespace */
	unsigned int host_pid;			/* in the initial one */
	unsigned int uid;			/* in the initial user namespace */
	unsigned long long cgroup_id;		/* cgroup v2 */
	char comm[NETHTTP_COMM_LEN];		/* not always NUL-terminated */
};

struct nethttp_event {
	unsigned long long timestamp_ns;	/* since the Unix epoch */
	unsigned long long seq;			/* per-CPU ring sequence */
	unsigned int netns;			/* namespace inode number */
	unsigned int packet_len;		/* IP packet length */
	unsigned char family;			/* 4 or 6 */
	unsigned char direction;		/* enum nethttp_direction */
	unsigned char protocol;			/* L4 protocol number */
	unsigned char events;			/* enum nethttp_event_type mask */
	unsigned short sport;			/* host byte order */
	unsigned short dport;
	unsigned char saddr[16];		/* IPv4 in the first 4 bytes */
	unsigned char daddr[16];
	char iface[NETHTTP_IFNAME_LEN];		/* not always NUL-terminated */
	struct nethttp_origin origin;
	/*
	 * Responses: nanoseconds since the request they answer was seen, and
	 * that request in @request; -1 when none was paired with them.
	 */
	long long latency_ns;
	struct nethttp_msg msg;
	unsigned int data_len;			/* bytes used in data[] */
	unsigned char data[NETHTTP_PAYLOAD_MAX];	/* what msg points into */
	/* last, so that copies of the event take only the text it uses */
	struct nethttp_brief request;
};

/*
 * Copies what of @src matters: the fields, the headers in use, the data in
 * use and a paired request's text, but neither the unused tail of
 * headers[] (most of the ~700 bytes before data[]) nor that of data[] or
 * of request.text[]. What is left in @dst beyond them is stale, and
 * nothing reads it: header_count, data_len, latency_ns and the brief's
 * lengths bound every read.
 */
static inline void nethttp_event_copy(struct nethttp_event *dst,
				      const struct nethttp_event *src)
{
	unsigned int headers = src->msg.header_count;
	unsigned int len = src->data_len;

	if (headers > NETHTTP_HEADERS_MAX)
		headers = NETHTTP_HEADERS_MAX;
	if (len > NETHTTP_PAYLOAD_MAX)
		len = NETHTTP_PAYLOAD_MAX;
	__builtin_memcpy(dst, src, __builtin_offsetof(struct nethttp_event, msg.headers) +
			 headers * sizeof(src->msg.headers[0]));
	dst->data_len = len;
	__builtin_memcpy(dst->data, src->data, len);
	if (src->latency_ns >= 0)
		nethttp_brief_copy(&dst->request, &src->request);
}

#endif /* NETHTTP_EVENT_H */
