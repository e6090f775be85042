/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_PACKET_H
#define _NETHTTP_PACKET_H

#include <linux/skbuff.h>
#include "nethttp/event.h"

enum nethttp_packet_verdict {
	NETHTTP_PACKET_IGNORED,		/* not TCP, no payload, not HTTP */
	/* starts like HTTP, yet nothing can be made of its first line */
	NETHTTP_PACKET_MALFORMED,
	NETHTTP_PACKET_EVENT,		/* *ev holds a message */
};

/* Where a TCP payload lies in a packet whose network header is set. */
struct nethttp_packet_loc {
	unsigned int network_off;
	unsigned int transport_off;
	unsigned int payload_off;
	unsigned int end;		/* end of the IP packet in the skb */
	unsigned char family;		/* 4 or 6 */
};

/*
 * The cheap part, run on every packet: finds the TCP payload and tells
 * whether it may start an HTTP message. Touches no shared state.
 */
bool nethttp_packet_locate(const struct sk_buff *skb, unsigned char family,
			   struct nethttp_packet_loc *loc);

/*
 * Copies a bounded prefix of the payload into @ev, parses it and fills in
 * addresses, ports and lengths. Only for packets nethttp_packet_locate()
 * accepted.
 */
enum nethttp_packet_verdict nethttp_packet_capture(const struct sk_buff *skb,
						   const struct nethttp_packet_loc *loc,
						   struct nethttp_event *ev);

/* Both of the above. */
enum nethttp_packet_verdict nethttp_packet_inspect(const struct sk_buff *skb,
						   unsigned char family,
						   struct nethttp_event *ev);

#endif /* _NETHTTP_PACKET_H */
