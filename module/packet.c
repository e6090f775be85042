// SPDX-License-Identifier: GPL-2.0
/*
 * Where a packet's TCP payload lies, and what the connection tracking needs
 * of its headers. Packet bytes are only read through
 * skb_header_pointer() and skb_copy_bits() with lengths checked against
 * the IP packet's end, so nonlinear and GSO packets are read in place and
 * never linearised, and no read runs past what the packet holds.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
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
