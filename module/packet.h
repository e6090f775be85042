/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_PACKET_H
#define _NETHTTP_PACKET_H

#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include "nethttp/parser.h"
#include "nethttp/event.h"

/* Where a TCP payload lies in a packet whose network header is set. */
struct nethttp_packet_loc {
	unsigned int network_off;
	unsigned int transport_off;
	unsigned int payload_off;
	unsigned int end;		/* end of the IP packet in the skb */
	unsigned char family;		/* 4 or 6 */
	bool fin_or_rst;		/* what ends a connection's state */
};

/* What nethttp_packet_locate() found. */
enum nethttp_locate {
	NETHTTP_LOCATE_NONE,		/* not TCP, or not readable */
	/* TCP, without payload or with one that cannot start a message */
	NETHTTP_LOCATE_TCP,
	NETHTTP_LOCATE_START,		/* a payload that may start one */
};

/* What the connection tracking needs of a TCP segment. */
struct nethttp_packet_tcp {
	__be32 saddr[4];		/* IPv4 in the first word, the rest 0 */
	__be32 daddr[4];
	__be16 sport;
	__be16 dport;
	u32 seq;			/* of the first payload byte */
	bool fin;
	bool rst;
};

bool nethttp_locate_ipv6(const struct sk_buff *skb,
			 struct nethttp_packet_loc *loc);

/* The IPv4 header: where TCP starts, and where the packet ends. */
static __always_inline bool nethttp_locate_ipv4(const struct sk_buff *skb,
						struct nethttp_packet_loc *loc)
{
	const struct iphdr *iph;
	struct iphdr _iph;
	unsigned int hlen, tot_len;

	iph = skb_header_pointer(skb, loc->network_off, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->protocol != IPPROTO_TCP)
		return false;
	/* Only the first fragment carries the TCP header. */
	if (iph->frag_off & htons(IP_OFFSET))
		return false;
	hlen = iph->ihl * 4;
	tot_len = ntohs(iph->tot_len);
	if (hlen < sizeof(*iph))
		return false;
	/* tot_len is 0 on BIG TCP GSO packets: the skb then says how long */
	if (tot_len && tot_len < hlen)
		return false;
	if (tot_len && loc->network_off + tot_len < loc->end)
		loc->end = loc->network_off + tot_len;
	loc->transport_off = loc->network_off + hlen;
	return true;
}

/*
 * The first bytes of the payload, read in place when they lie whole in the
 * first page fragment, which is where TCP puts the payload of what it
 * sends: skb_header_pointer() would copy them out through skb_copy_bits()
 * on every packet. Anything else goes through skb_header_pointer().
 */
static __always_inline const u8 *
nethttp_payload_prefix(const struct sk_buff *skb, unsigned int off,
		       unsigned int len, u8 *buf)
{
	unsigned int headlen = skb_headlen(skb);

	if (off >= headlen && skb_shinfo(skb)->nr_frags) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[0];
		unsigned int frag_off = off - headlen;
		const u8 *addr;

		if (frag_off < skb_frag_size(frag) &&
		    len <= skb_frag_size(frag) - frag_off) {
			/* NULL only for a highmem page that is not mapped */
			addr = skb_frag_address_safe(frag);
			if (addr)
				return addr + frag_off;
		}
	}
	return skb_header_pointer(skb, off, len, buf);
}

/*
 * The cheap part, run on every packet: finds the TCP payload and tells
 * whether it may start an HTTP message. Touches no shared state. Inline,
 * with its IPv4 part, so that a packet that is not HTTP costs the hook
 * no call but the prefix test's. loc->payload_off is loc->end when there
 * is no payload.
 */
static __always_inline enum nethttp_locate
nethttp_packet_locate(const struct sk_buff *skb, unsigned char family,
		      struct nethttp_packet_loc *loc)
{
	u8 _prefix[NETHTTP_PREFIX_LEN];
	const struct tcphdr *th;
	struct tcphdr _th;
	unsigned int doff, len;
	const u8 *prefix;
	int network_off = skb_network_offset(skb);

	if (network_off < 0)
		return NETHTTP_LOCATE_NONE;
	loc->family = family;
	loc->network_off = network_off;
	loc->end = skb->len;
	if (family == 4) {
		if (!nethttp_locate_ipv4(skb, loc))
			return NETHTTP_LOCATE_NONE;
	} else if (family == 6) {
		if (!nethttp_locate_ipv6(skb, loc))
			return NETHTTP_LOCATE_NONE;
	} else {
		return NETHTTP_LOCATE_NONE;
	}

	if (loc->transport_off >= loc->end)
		return NETHTTP_LOCATE_NONE;
	th = skb_header_pointer(skb, loc->transport_off, sizeof(_th), &_th);
	if (!th)
		return NETHTTP_LOCATE_NONE;
	doff = th->doff * 4;
	if (doff < sizeof(*th) || doff > loc->end - loc->transport_off)
		return NETHTTP_LOCATE_NONE;
	loc->payload_off = loc->transport_off + doff;
	loc->fin_or_rst = th->fin || th->rst;
	if (loc->payload_off == loc->end)
		return NETHTTP_LOCATE_TCP;

	len = min_t(unsigned int, loc->end - loc->payload_off, NETHTTP_PREFIX_LEN);
	prefix = nethttp_payload_prefix(skb, loc->payload_off, len, _prefix);
	return prefix && nethttp_may_start(prefix, len) ?
	       NETHTTP_LOCATE_START : NETHTTP_LOCATE_TCP;
}

/*
 * Addresses, ports, sequence number and flags of a segment that
 * nethttp_packet_locate() found TCP; false when they cannot be read.
 */
bool nethttp_packet_tcp(const struct sk_buff *skb,
			const struct nethttp_packet_loc *loc,
			struct nethttp_packet_tcp *tcp);

#endif /* _NETHTTP_PACKET_H */
