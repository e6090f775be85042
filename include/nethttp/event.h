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
	struct nethttp_msg msg;
	unsigned int data_len;			/* bytes used in data[] */
	unsigned char data[NETHTTP_PAYLOAD_MAX];	/* what msg points into */
};

/*
 * Copies what of @src matters: the fields, the headers in use and the data
 * in use, but neither the unused tail of headers[] (most of the ~700 bytes
 * before data[]) nor that of data[]. What is left in @dst beyond them is
 * stale, and nothing reads it: header_count and data_len bound every read.
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
}

#endif /* NETHTTP_EVENT_H */
