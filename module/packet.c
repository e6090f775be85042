// SPDX-License-Identifier: GPL-2.0
/*
 * From sk_buff to event. Packet bytes are only read through
 * skb_header_pointer() and skb_copy_bits() with lengths checked against
 * the IP packet's end, so nonlinear and GSO packets are read in place and
 * never linearised, and no read runs past what the packet holds.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include "nethttp/parser.h"
#include "packet.h"

bool nethttp_locate_ipv6(const struct sk_buff *skb,
			 struct nethttp_packet_loc *loc)
{
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	unsigned int payload_len;
	__be16 frag_off;
	u8 nexthdr;
	int off;

	ip6h = skb_header_pointer(skb, loc->network_off, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return false;
	payload_len = ntohs(ip6h->payload_len);
	/* 0 means a jumbogram or BIG TCP: the skb then says how long */
	if (payload_len &&
	    loc->network_off + sizeof(*ip6h) + payload_len < loc->end)
		loc->end = loc->network_off + sizeof(*ip6h) + payload_len;

	nexthdr = ip6h->nexthdr;
	off = ipv6_skip_exthdr(skb, loc->network_off + sizeof(*ip6h), &nexthdr,
			       &frag_off);
	if (off < 0 || nexthdr != IPPROTO_TCP)
		return false;
	if (ntohs(frag_off) & ~0x7)
		return false;	/* not the first fragment */
	loc->transport_off = off;
	return true;
}

static void nethttp_capture_addresses(const struct sk_buff *skb,
				      const struct nethttp_packet_loc *loc,
				      struct nethttp_event *ev)
{
	memset(ev->saddr, 0, sizeof(ev->saddr));
	memset(ev->daddr, 0, sizeof(ev->daddr));
	if (loc->family == 4) {
		const struct iphdr *iph;
		struct iphdr _iph;

		iph = skb_header_pointer(skb, loc->network_off, sizeof(_iph), &_iph);
		if (iph) {
			memcpy(ev->saddr, &iph->saddr, 4);
			memcpy(ev->daddr, &iph->daddr, 4);
		}
	} else {
		const struct ipv6hdr *ip6h;
		struct ipv6hdr _ip6h;

		ip6h = skb_header_pointer(skb, loc->network_off, sizeof(_ip6h), &_ip6h);
		if (ip6h) {
			memcpy(ev->saddr, &ip6h->saddr, 16);
			memcpy(ev->daddr, &ip6h->daddr, 16);
		}
	}
}

enum nethttp_packet_verdict nethttp_packet_capture(const struct sk_buff *skb,
						   const struct nethttp_packet_loc *loc,
						   struct nethttp_event *ev)
{
	const struct tcphdr *th;
	struct tcphdr _th;
	unsigned int len;

	th = skb_header_pointer(skb, loc->transport_off, sizeof(_th), &_th);
	if (!th)
		return NETHTTP_PACKET_IGNORED;
	len = min_t(unsigned int, loc->end - loc->payload_off, NETHTTP_PAYLOAD_MAX);
	if (skb_copy_bits(skb, loc->payload_off, ev->data, len))
		return NETHTTP_PACKET_IGNORED;
	ev->data_len = len;

	switch (nethttp_parse(ev->data, len, &ev->msg)) {
	case NETHTTP_PARSE_OK:
		break;
	case NETHTTP_PARSE_MALFORMED:
		return NETHTTP_PACKET_MALFORMED;
	default:
		return NETHTTP_PACKET_IGNORED;
	}

	ev->family = loc->family;
	ev->protocol = IPPROTO_TCP;
	ev->packet_len = loc->end - loc->network_off;
	ev->sport = ntohs(th->source);
	ev->dport = ntohs(th->dest);
	nethttp_capture_addresses(skb, loc, ev);
	return NETHTTP_PACKET_EVENT;
}

enum nethttp_packet_verdict nethttp_packet_inspect(const struct sk_buff *skb,
						   unsigned char family,
						   struct nethttp_event *ev)
{
	struct nethttp_packet_loc loc;

	if (nethttp_packet_locate(skb, family, &loc) != NETHTTP_LOCATE_START)
		return NETHTTP_PACKET_IGNORED;
	return nethttp_packet_capture(skb, &loc, ev);
}

bool nethttp_packet_tcp(const struct sk_buff *skb,
			const struct nethttp_packet_loc *loc,
			struct nethttp_packet_tcp *tcp)
{
	const struct tcphdr *th;
	struct tcphdr _th;

	th = skb_header_pointer(skb, loc->transport_off, sizeof(_th), &_th);
	if (!th)
		return false;
	tcp->sport = th->source;
	tcp->dport = th->dest;
	/* the data of a SYN (Fast Open) comes after the SYN's own number */
	tcp->seq = ntohl(th->seq) + th->syn;
	tcp->fin = th->fin;
	tcp->rst = th->rst;
	memset(tcp->saddr, 0, sizeof(tcp->saddr));
	memset(tcp->daddr, 0, sizeof(tcp->daddr));
	if (loc->family == 4) {
		const struct iphdr *iph;
		struct iphdr _iph;

		iph = skb_header_pointer(skb, loc->network_off, sizeof(_iph), &_iph);
		if (!iph)
			return false;
		tcp->saddr[0] = iph->saddr;
		tcp->daddr[0] = iph->daddr;
	} else {
		const struct ipv6hdr *ip6h;
		struct ipv6hdr _ip6h;

		ip6h = skb_header_pointer(skb, loc->network_off, sizeof(_ip6h), &_ip6h);
		if (!ip6h)
			return false;
		memcpy(tcp->saddr, &ip6h->saddr, 16);
		memcpy(tcp->daddr, &ip6h->daddr, 16);
	}
	return true;
}
