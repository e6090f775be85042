// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the packet path (module/packet.h): real sk_buffs, linear
 * and nonlinear, IPv4 and IPv6, located and read as the hook does, their
 * payload parsed as the stream engine does where a message starts.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include "../../module/packet.h"
#include "helpers.h"

enum nethttp_packet_verdict {
	NETHTTP_PACKET_IGNORED,		/* not TCP, no payload, not HTTP */
	NETHTTP_PACKET_MALFORMED,	/* starts like HTTP, nothing made of it */
	NETHTTP_PACKET_EVENT,		/* *ev holds a message */
};

/*
 * One segment on its own: nethttp_packet_locate() and nethttp_packet_tcp()
 * as the hook and conn.c call them, then a bounded prefix of the payload
 * copied and parsed, as the stream engine does where a message starts.
 */
static enum nethttp_packet_verdict nethttp_packet_inspect(const struct sk_buff *skb,
							  unsigned char family,
							  struct nethttp_event *ev)
{
	struct nethttp_packet_loc loc;
	struct nethttp_packet_tcp tcp;
	unsigned int len;

	if (nethttp_packet_locate(skb, family, &loc) != NETHTTP_LOCATE_START ||
	    !nethttp_packet_tcp(skb, &loc, &tcp))
		return NETHTTP_PACKET_IGNORED;
	len = min_t(unsigned int, loc.end - loc.payload_off, NETHTTP_PAYLOAD_MAX);
	if (skb_copy_bits(skb, loc.payload_off, ev->data, len))
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
	ev->family = loc.family;
	ev->protocol = IPPROTO_TCP;
	ev->packet_len = loc.end - loc.network_off;
	ev->sport = ntohs(tcp.sport);
	ev->dport = ntohs(tcp.dport);
	memcpy(ev->saddr, tcp.saddr, sizeof(ev->saddr));
	memcpy(ev->daddr, tcp.daddr, sizeof(ev->daddr));
	return NETHTTP_PACKET_EVENT;
}

/* Room for an IPv6 header, extension headers and TCP with options. */
#define HDRS_MAX	256

static const u8 v4_src[4] = { 10, 0, 0, 1 };
static const u8 v4_dst[4] = { 10, 0, 0, 2 };
static const u8 v6_src[16] = { 0xfd, [15] = 1 };
static const u8 v6_dst[16] = { 0xfd, [14] = 0x12, 0x34 };

/* Network and transport headers of one packet, built in an aligned buffer. */
struct headers {
	u8 bytes[HDRS_MAX] __aligned(8);
	unsigned int len;
	unsigned int ip_len_at;		/* where the IP length field is */
	unsigned char family;
};

static void put_ipv4(struct headers *h, unsigned int opt_len, u8 protocol,
		     u16 frag_off)
{
	struct iphdr *iph = (struct iphdr *)(h->bytes + h->len);

	memset(iph, 0, sizeof(*iph) + opt_len);
	iph->version = 4;
	iph->ihl = (sizeof(*iph) + opt_len) / 4;
	iph->ttl = 64;
	iph->protocol = protocol;
	iph->frag_off = htons(frag_off);
	memcpy(&iph->saddr, v4_src, 4);
	memcpy(&iph->daddr, v4_dst, 4);
	/* options: NOPs, then End of Options List */
	memset(iph + 1, IPOPT_NOOP, opt_len);
	if (opt_len)
		h->bytes[h->len + sizeof(*iph) + opt_len - 1] = IPOPT_END;
	h->family = 4;
	h->ip_len_at = h->len + offsetof(struct iphdr, tot_len);
	h->len += sizeof(*iph) + opt_len;
}

static void put_ipv6(struct headers *h, u8 nexthdr)
{
	struct ipv6hdr *ip6h = (struct ipv6hdr *)(h->bytes + h->len);

	memset(ip6h, 0, sizeof(*ip6h));
	ip6h->version = 6;
	ip6h->nexthdr = nexthdr;
	ip6h->hop_limit = 64;
	memcpy(&ip6h->saddr, v6_src, 16);
	memcpy(&ip6h->daddr, v6_dst, 16);
	h->family = 6;
	h->ip_len_at = h->len + offsetof(struct ipv6hdr, payload_len);
	h->len += sizeof(*ip6h);
}

/* Hop-by-hop or destination options: one PadN option, 8 bytes in all. */
static void put_ipv6_options(struct headers *h, u8 nexthdr)
{
	u8 *p = h->bytes + h->len;

	p[0] = nexthdr;
	p[1] = 0;		/* (1 + 0) * 8 bytes */
	p[2] = 1;		/* PadN */
	p[3] = 4;
	memset(p + 4, 0, 4);
	h->len += 8;
}

static void put_ipv6_fragment(struct headers *h, u8 nexthdr, u16 offset_units, bool more)
{
	struct frag_hdr *fh = (struct frag_hdr *)(h->bytes + h->len);

	fh->nexthdr = nexthdr;
	fh->reserved = 0;
	fh->frag_off = htons(offset_units << 3 | (more ? IP6_MF : 0));
	fh->identification = htonl(0x1234);
	h->len += sizeof(*fh);
}

/* A TCP header with @opt_len bytes of options (NOPs and a timestamp). */
static void put_tcp(struct headers *h, u16 sport, u16 dport, unsigned int opt_len)
{
	struct tcphdr *th = (struct tcphdr *)(h->bytes + h->len);
	u8 *opt = (u8 *)(th + 1);

	memset(th, 0, sizeof(*th) + opt_len);
	th->source = htons(sport);
	th->dest = htons(dport);
	th->seq = htonl(1000);
	th->ack_seq = htonl(2000);
	th->doff = (sizeof(*th) + opt_len) / 4;
	th->ack = 1;
	th->psh = 1;
	th->window = htons(502);
	memset(opt, TCPOPT_NOP, opt_len);
	if (opt_len >= 12) {
		opt[opt_len - 10] = TCPOPT_TIMESTAMP;
		opt[opt_len - 9] = TCPOLEN_TIMESTAMP;
	}
	h->len += sizeof(*th) + opt_len;
}

/* Sets the IP length field for @payload_len bytes after the headers. */
static void set_ip_len(struct headers *h, unsigned int payload_len)
{
	__be16 len;

	if (h->family == 4)
		len = htons(h->len + payload_len);
	else
		len = htons(h->len - sizeof(struct ipv6hdr) + payload_len);
	memcpy(h->bytes + h->ip_len_at, &len, 2);
}

/* Where the bytes of a packet go in the sk_buff. */
struct layout {
	unsigned int mac_len;		/* link-layer bytes before the IP header */
	int linear;			/* packet bytes in the linear part, -1: all */
	unsigned int frag_size;		/* bytes per page fragment, 0: one */
	unsigned int trailer;		/* link-layer padding after the packet */
};

static int skb_resource_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void skb_resource_free(struct kunit_resource *res)
{
	kfree_skb(res->data);
}

/* Adds @len bytes as page fragments of at most @frag_size bytes. */
static void add_frags(struct kunit *test, struct sk_buff *skb, const u8 *p,
		      unsigned int len, unsigned int frag_size)
{
	while (len) {
		unsigned int n = frag_size ? min(len, frag_size) : len;
		/* start inside the page, so offsets matter */
		unsigned int off = 100;
		struct page *page;

		KUNIT_ASSERT_LE(test, off + n, PAGE_SIZE);
		KUNIT_ASSERT_LT(test, skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page) + off, p, n);
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, off, n, PAGE_SIZE);
		p += n;
		len -= n;
	}
}

static struct sk_buff *build_skb_from(struct kunit *test, const struct headers *h,
				      const void *payload, unsigned int payload_len,
				      const struct layout *lay)
{
	unsigned int pkt_len = h->len + payload_len, linear, i;
	struct sk_buff *skb;
	u8 *pkt, *trailer;

	pkt = kunit_kmalloc(test, pkt_len + lay->trailer + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pkt);
	memcpy(pkt, h->bytes, h->len);
	memcpy(pkt + h->len, payload, payload_len);
	/* padding that looks like HTTP must never be read as payload */
	trailer = pkt + pkt_len;
	for (i = 0; i < lay->trailer; i++)
		trailer[i] = "GET / HTTP/1.1\r\n"[i % 16];

	linear = lay->linear < 0 ? pkt_len : min_t(unsigned int, lay->linear, pkt_len);
	/*
	 * No headroom: behind a 14-byte link-layer header the IP header is
	 * 2 bytes off alignment, as on x86, where NET_IP_ALIGN is 0.
	 */
	skb = alloc_skb(lay->mac_len + linear + (linear == pkt_len ? lay->trailer : 0),
			GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, kunit_alloc_resource(test, skb_resource_init,
								skb_resource_free,
								GFP_KERNEL, skb));
	memset(skb_put(skb, lay->mac_len), 0xff, lay->mac_len);
	skb_put_data(skb, pkt, linear);
	if (linear == pkt_len) {
		skb_put_data(skb, trailer, lay->trailer);
	} else {
		add_frags(test, skb, pkt + linear, pkt_len - linear, lay->frag_size);
		add_frags(test, skb, trailer, lay->trailer, 0);
	}
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, lay->mac_len);
	skb->protocol = htons(h->family == 4 ? ETH_P_IP : ETH_P_IPV6);
	KUNIT_ASSERT_EQ(test, skb->len, lay->mac_len + pkt_len + lay->trailer);
	return skb;
}

static const struct layout linear_layout = { .linear = -1 };

static struct nethttp_event *new_event(struct kunit *test)
{
	struct nethttp_event *ev = kunit_kmalloc(test, sizeof(*ev), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ev);
	/* garbage first: whatever the verdict claims must have been set */
	memset(ev, 0x5a, sizeof(*ev));
	return ev;
}

static enum nethttp_packet_verdict inspect(struct kunit *test, struct sk_buff *skb,
					   unsigned char family, struct nethttp_event *ev)
{
	enum nethttp_packet_verdict verdict = nethttp_packet_inspect(skb, family, ev);

	/* the packet is only read */
	KUNIT_EXPECT_EQ(test, skb_network_offset(skb), (int)skb_mac_header_len(skb));
	return verdict;
}

/* Checks the fields of an event for the addresses above. */
static void expect_event(struct kunit *test, const struct nethttp_event *ev,
			 unsigned char family, u16 sport, u16 dport,
			 unsigned int packet_len, const char *payload, unsigned int data_len)
{
	u8 saddr[16] = { 0 }, daddr[16] = { 0 };

	if (family == 4) {
		memcpy(saddr, v4_src, 4);
		memcpy(daddr, v4_dst, 4);
	} else {
		memcpy(saddr, v6_src, 16);
		memcpy(daddr, v6_dst, 16);
	}
	KUNIT_EXPECT_EQ(test, ev->family, family);
	KUNIT_EXPECT_EQ(test, ev->protocol, IPPROTO_TCP);
	KUNIT_EXPECT_EQ(test, ev->sport, sport);
	KUNIT_EXPECT_EQ(test, ev->dport, dport);
	KUNIT_EXPECT_EQ(test, ev->packet_len, packet_len);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(ev->saddr, saddr, 16), 0, "saddr");
	KUNIT_EXPECT_EQ_MSG(test, memcmp(ev->daddr, daddr, 16), 0, "daddr");
	KUNIT_EXPECT_EQ(test, ev->data_len, data_len);
	if (ev->data_len == data_len)
		KUNIT_EXPECT_STREQ(test, nt_str(test, ev->data, data_len),
				   nt_str(test, payload, data_len));
}

static const char request[] =
	"GET /index.html?a=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n";
static const char response[] =
	"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";

static void expect_request_msg(struct kunit *test, const struct nethttp_event *ev)
{
	const struct nethttp_msg *msg = &ev->msg;

	KUNIT_EXPECT_EQ(test, msg->kind, NETHTTP_KIND_REQUEST);
	KUNIT_EXPECT_EQ(test, msg->method, NETHTTP_METHOD_GET);
	KUNIT_EXPECT_EQ(test, msg->version, NETHTTP_VERSION_1_1);
	KUNIT_EXPECT_EQ(test, msg->truncated, 0);
	KUNIT_EXPECT_EQ(test, msg->content_length, 0);
	KUNIT_EXPECT_EQ(test, msg->path.off, 4);
	KUNIT_EXPECT_EQ(test, msg->path.len, 11);
	KUNIT_EXPECT_EQ(test, msg->query.len, 3);
	KUNIT_EXPECT_EQ(test, msg->host.len, 11);
	KUNIT_EXPECT_EQ(test, msg->header_count, 1);
}

static void packet_ipv4_linear(struct kunit *test)
{
	struct nethttp_event *ev = new_event(test);
	struct headers h = { .len = 0 };
	unsigned int len = sizeof(request) - 1;
	struct sk_buff *skb;

	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 4, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 4, 41234, 8080, 40 + len, request, len);
	expect_request_msg(test, ev);
}

static void packet_ipv4_options(struct kunit *test)
{
	struct nethttp_event *ev = new_event(test);
	struct headers h = { .len = 0 };
	unsigned int len = sizeof(response) - 1;
	struct sk_buff *skb;

	put_ipv4(&h, 8, IPPROTO_TCP, 0);
	put_tcp(&h, 80, 50000, 12);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, response, len, &linear_layout);
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 4, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 4, 80, 50000, 28 + 32 + len, response, len);
	KUNIT_EXPECT_EQ(test, ev->msg.kind, NETHTTP_KIND_RESPONSE);
	KUNIT_EXPECT_EQ(test, ev->msg.status_code, 200);
	KUNIT_EXPECT_EQ(test, ev->msg.content_length, 5);
	KUNIT_EXPECT_EQ(test, ev->msg.header_count, 2);
	KUNIT_EXPECT_EQ(test, ev->msg.truncated, 0);

	/* the largest IPv4 header and TCP header there are */
	ev = new_event(test);
	h.len = 0;
	put_ipv4(&h, 40, IPPROTO_TCP, 0);
	put_tcp(&h, 80, 50000, 40);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, response, len, &linear_layout);
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 4, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 4, 80, 50000, 60 + 60 + len, response, len);
}

static void packet_ipv6(struct kunit *test)
{
	struct nethttp_event *ev = new_event(test);
	struct headers h = { .len = 0 };
	unsigned int len = sizeof(request) - 1;
	struct sk_buff *skb;

	put_ipv6(&h, IPPROTO_TCP);
	put_tcp(&h, 41234, 80, 12);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 6, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 6, 41234, 80, 40 + 32 + len, request, len);
	expect_request_msg(test, ev);
}

static void packet_ipv6_extension_headers(struct kunit *test)
{
	struct nethttp_event *ev = new_event(test);
	struct headers h = { .len = 0 };
	unsigned int len = sizeof(response) - 1;
	struct sk_buff *skb;

	put_ipv6(&h, NEXTHDR_HOP);
	put_ipv6_options(&h, NEXTHDR_DEST);
	put_ipv6_options(&h, IPPROTO_TCP);
	put_tcp(&h, 8080, 41234, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, response, len, &linear_layout);
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 6, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 6, 8080, 41234, 40 + 16 + 20 + len, response, len);
	KUNIT_EXPECT_EQ(test, ev->msg.status_code, 200);

	/* the extension headers in page fragments too */
	ev = new_event(test);
	skb = build_skb_from(test, &h, response, len,
			     &(struct layout){ .linear = 44, .frag_size = 7 });
	KUNIT_EXPECT_GT(test, skb_shinfo(skb)->nr_frags, 10);
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 6, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 6, 8080, 41234, 40 + 16 + 20 + len, response, len);

	/* an extension header that ends past the packet: two bytes of it only */
	h.len = 0;
	put_ipv6(&h, NEXTHDR_HOP);
	set_ip_len(&h, 2);
	skb = build_skb_from(test, &h, "\x06\x00", 2, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 6, new_event(test)), NETHTTP_PACKET_IGNORED);
}

static void packet_ipv4_fragments(struct kunit *test)
{
	struct nethttp_event *ev = new_event(test);
	struct headers h = { .len = 0 };
	unsigned int len = sizeof(request) - 1;
	struct sk_buff *skb;

	/* the first fragment carries the TCP header */
	put_ipv4(&h, 0, IPPROTO_TCP, IP_MF);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 4, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 4, 41234, 8080, 40 + len, request, len);

	/* later fragments, last or not, hold only data */
	h.len = 0;
	put_ipv4(&h, 0, IPPROTO_TCP, 185);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);
	h.len = 0;
	put_ipv4(&h, 0, IPPROTO_TCP, IP_MF | 1);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);
}

static void packet_ipv6_fragments(struct kunit *test)
{
	struct nethttp_event *ev = new_event(test);
	struct headers h = { .len = 0 };
	unsigned int len = sizeof(request) - 1;
	struct sk_buff *skb;

	put_ipv6(&h, NEXTHDR_FRAGMENT);
	put_ipv6_fragment(&h, IPPROTO_TCP, 0, true);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 6, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 6, 41234, 8080, 40 + 8 + 20 + len, request, len);

	h.len = 0;
	put_ipv6(&h, NEXTHDR_FRAGMENT);
	put_ipv6_fragment(&h, IPPROTO_TCP, 181, false);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 6, new_event(test)), NETHTTP_PACKET_IGNORED);
	h.len = 0;
	put_ipv6(&h, NEXTHDR_FRAGMENT);
	put_ipv6_fragment(&h, IPPROTO_TCP, 1, true);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 6, new_event(test)), NETHTTP_PACKET_IGNORED);
}

static void packet_nonlinear(struct kunit *test)
{
	static const struct layout layouts[] = {
		{ .linear = 40 },			/* headers linear, payload one frag */
		{ .linear = 40, .frag_size = 7 },	/* payload in 7-byte frags */
		{ .linear = 43, .frag_size = 5 },	/* prefix across the boundary */
		{ .linear = 10, .frag_size = 9 },	/* even the IP header split */
		{ .linear = 0, .frag_size = 64 },	/* nothing linear at all */
		{ .mac_len = 14, .linear = 54 },	/* behind a link-layer header */
		{ .mac_len = 14, .linear = 20, .frag_size = 6 },
	};
	struct headers h = { .len = 0 };
	unsigned int len = sizeof(request) - 1, i;

	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	for (i = 0; i < ARRAY_SIZE(layouts); i++) {
		struct nethttp_event *ev = new_event(test);
		struct sk_buff *skb = build_skb_from(test, &h, request, len, &layouts[i]);

		KUNIT_EXPECT_TRUE_MSG(test, skb_is_nonlinear(skb), "layout %u", i);
		KUNIT_EXPECT_EQ_MSG(test, inspect(test, skb, 4, ev), NETHTTP_PACKET_EVENT,
				    "layout %u", i);
		expect_event(test, ev, 4, 41234, 8080, 40 + len, request, len);
		expect_request_msg(test, ev);
	}
}

static void packet_payload_limit(struct kunit *test)
{
	struct nethttp_event *ev = new_event(test);
	struct headers h = { .len = 0 };
	const char *payload;
	unsigned int len = 3000;
	struct sk_buff *skb;

	payload = nt_fmt(test, "POST /big HTTP/1.1\r\nX: %s",
			 nt_repeat(test, 'a', len - 23));
	KUNIT_ASSERT_EQ(test, strlen(payload), len);
	put_ipv6(&h, IPPROTO_TCP);
	put_tcp(&h, 1234, 80, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, payload, len,
			     &(struct layout){ .linear = 60 + 100, .frag_size = 1000 });
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 6, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 6, 1234, 80, 60 + len, payload, NETHTTP_PAYLOAD_MAX);
	KUNIT_EXPECT_EQ(test, ev->msg.truncated, 1);
	KUNIT_EXPECT_EQ(test, ev->msg.header_count, 0);
	KUNIT_EXPECT_EQ(test, ev->msg.content_length, -1);

	/* exactly the limit: all of it */
	ev = new_event(test);
	payload = nt_fmt(test, "POST /big HTTP/1.1\r\nX: %s",
			 nt_repeat(test, 'a', NETHTTP_PAYLOAD_MAX - 23));
	h.len = 0;
	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	put_tcp(&h, 1234, 80, 0);
	set_ip_len(&h, NETHTTP_PAYLOAD_MAX);
	skb = build_skb_from(test, &h, payload, NETHTTP_PAYLOAD_MAX, &linear_layout);
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 4, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 4, 1234, 80, 40 + NETHTTP_PAYLOAD_MAX, payload,
		     NETHTTP_PAYLOAD_MAX);
}

static void packet_header_block_cut(struct kunit *test)
{
	static const char cut[] = "GET /x HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nAcc";
	struct nethttp_event *ev = new_event(test);
	struct headers h = { .len = 0 };
	unsigned int len = sizeof(cut) - 1;
	struct sk_buff *skb;

	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	put_tcp(&h, 41234, 8080, 12);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, cut, len, &(struct layout){ .linear = 60 });
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 4, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 4, 41234, 8080, 52 + len, cut, len);
	KUNIT_EXPECT_EQ(test, ev->msg.truncated, 1);
	KUNIT_EXPECT_EQ(test, ev->msg.header_count, 1);
	KUNIT_EXPECT_EQ(test, ev->msg.host.len, 1);
	KUNIT_EXPECT_EQ(test, ev->msg.content_length, -1);
}

static void packet_no_payload(struct kunit *test)
{
	struct headers h = { .len = 0 };
	struct sk_buff *skb;

	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	put_tcp(&h, 41234, 8080, 12);
	set_ip_len(&h, 0);
	skb = build_skb_from(test, &h, "", 0, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);

	/* link-layer padding after the IP packet is not payload */
	skb = build_skb_from(test, &h, "", 0, &(struct layout){ .linear = -1, .trailer = 30 });
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);

	h.len = 0;
	put_ipv6(&h, IPPROTO_TCP);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, 0);
	skb = build_skb_from(test, &h, "", 0, &(struct layout){ .linear = -1, .trailer = 30 });
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 6, new_event(test)), NETHTTP_PACKET_IGNORED);
}

static void packet_padding(struct kunit *test)
{
	struct nethttp_event *ev = new_event(test);
	struct headers h = { .len = 0 };
	unsigned int len = sizeof(response) - 1;
	struct sk_buff *skb;

	/* the IP length, not the skb, says where the payload ends */
	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	put_tcp(&h, 80, 41234, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, response, len,
			     &(struct layout){ .linear = 50, .frag_size = 16, .trailer = 20 });
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 4, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 4, 80, 41234, 40 + len, response, len);

	ev = new_event(test);
	h.len = 0;
	put_ipv6(&h, IPPROTO_TCP);
	put_tcp(&h, 80, 41234, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, response, len,
			     &(struct layout){ .linear = -1, .trailer = 7 });
	KUNIT_ASSERT_EQ(test, inspect(test, skb, 6, ev), NETHTTP_PACKET_EVENT);
	expect_event(test, ev, 6, 80, 41234, 60 + len, response, len);
}

static void packet_bad_doff(struct kunit *test)
{
	unsigned int len = sizeof(request) - 1;
	static const u8 bad[] = { 0, 1, 4 };
	struct headers h = { .len = 0 };
	struct sk_buff *skb;
	unsigned int i;

	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		((struct tcphdr *)(h.bytes + 20))->doff = bad[i];
		skb = build_skb_from(test, &h, request, len, &linear_layout);
		KUNIT_EXPECT_EQ_MSG(test, inspect(test, skb, 4, new_event(test)),
				    NETHTTP_PACKET_IGNORED, "doff %u", bad[i]);
	}

	/* a data offset past the end of the packet */
	h.len = 0;
	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, 20);
	((struct tcphdr *)(h.bytes + 20))->doff = 15;
	skb = build_skb_from(test, &h, "GET / HTTP/1.1\r\nX:\r\n", 20, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);

	/* one that ends exactly at the end: options, no payload */
	((struct tcphdr *)(h.bytes + 20))->doff = 10;
	skb = build_skb_from(test, &h, "GET / HTTP/1.1\r\nX:\r\n", 20,
			     &(struct layout){ .linear = -1, .trailer = 20 });
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);
	/* and the same data offset with the payload there is fine */
	((struct tcphdr *)(h.bytes + 20))->doff = 5;
	skb = build_skb_from(test, &h, "GET / HTTP/1.1\r\nX:\r\n", 20, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_EVENT);

	/* the TCP header itself cut short */
	h.len = 0;
	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	set_ip_len(&h, 12);
	skb = build_skb_from(test, &h, "GET / HTTP/1", 12, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);
}

static void packet_bad_ip(struct kunit *test)
{
	unsigned int len = sizeof(request) - 1;
	struct headers h = { .len = 0 };
	struct sk_buff *skb;

	put_ipv4(&h, 0, IPPROTO_TCP, 0);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);

	/* the wrong family for the header */
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 6, new_event(test)), NETHTTP_PACKET_IGNORED);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 0, new_event(test)), NETHTTP_PACKET_IGNORED);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 10, new_event(test)), NETHTTP_PACKET_IGNORED);

	/* a header length below the minimum */
	((struct iphdr *)h.bytes)->ihl = 4;
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);
	((struct iphdr *)h.bytes)->ihl = 5;

	/* a total length shorter than the IP header */
	((struct iphdr *)h.bytes)->tot_len = htons(16);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);
	/* ... or one that ends inside the TCP header */
	((struct iphdr *)h.bytes)->tot_len = htons(30);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);

	/* less than an IP header at all */
	h.len = 10;
	skb = build_skb_from(test, &h, "", 0, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 6, new_event(test)), NETHTTP_PACKET_IGNORED);

	/* an IPv6 header on an IPv4 hook */
	h.len = 0;
	put_ipv6(&h, IPPROTO_TCP);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);
}

static void packet_not_tcp(struct kunit *test)
{
	unsigned int len = sizeof(request) - 1;
	struct headers h = { .len = 0 };
	struct sk_buff *skb;

	/* UDP with what would be a TCP header's worth of bytes first */
	put_ipv4(&h, 0, IPPROTO_UDP, 0);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 4, new_event(test)), NETHTTP_PACKET_IGNORED);

	h.len = 0;
	put_ipv6(&h, IPPROTO_UDP);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 6, new_event(test)), NETHTTP_PACKET_IGNORED);

	/* TCP hidden behind an options header is still found; behind NONE it is not */
	h.len = 0;
	put_ipv6(&h, NEXTHDR_DEST);
	put_ipv6_options(&h, NEXTHDR_NONE);
	put_tcp(&h, 41234, 8080, 0);
	set_ip_len(&h, len);
	skb = build_skb_from(test, &h, request, len, &linear_layout);
	KUNIT_EXPECT_EQ(test, inspect(test, skb, 6, new_event(test)), NETHTTP_PACKET_IGNORED);
}

static void packet_payload_kinds(struct kunit *test)
{
	static const struct {
		const char *payload;
		enum nethttp_packet_verdict verdict;
	} cases[] = {
		{ "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", NETHTTP_PACKET_IGNORED },
		{ "SSH-2.0-OpenSSH_9.2\r\n", NETHTTP_PACKET_IGNORED },
		{ "get /\r\n\r\n", NETHTTP_PACKET_IGNORED },
		{ "GET", NETHTTP_PACKET_IGNORED },
		{ "GET \r\n\r\n", NETHTTP_PACKET_MALFORMED },
		{ "HTTP/1.1 600 X\r\n\r\n", NETHTTP_PACKET_MALFORMED },
		/* odd, yet taken by endpoints: events, the oddity named */
		{ "get / HTTP/1.1\r\n\r\n", NETHTTP_PACKET_EVENT },
		{ "GET /a\x01z HTTP/1.1\r\n\r\n", NETHTTP_PACKET_EVENT },
		{ "GET / HTTP/1.1\r\nNoColon\r\n\r\n", NETHTTP_PACKET_EVENT },
		{ "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
		  NETHTTP_PACKET_EVENT },
		{ "HEAD / HTTP/1.0\r\n\r\n", NETHTTP_PACKET_EVENT },
		{ "HTTP/1.0 304 Not Modified\r\n\r\n", NETHTTP_PACKET_EVENT },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int len = strlen(cases[i].payload);
		struct nethttp_event *ev = new_event(test);
		struct headers h = { .len = 0 };
		struct sk_buff *skb;

		put_ipv4(&h, 0, IPPROTO_TCP, 0);
		put_tcp(&h, 41234, 8080, 0);
		set_ip_len(&h, len);
		skb = build_skb_from(test, &h, cases[i].payload, len,
				     &(struct layout){ .linear = 45, .frag_size = 4 });
		KUNIT_EXPECT_EQ_MSG(test, inspect(test, skb, 4, ev), cases[i].verdict,
				    "case %u", i);
		if (cases[i].verdict == NETHTTP_PACKET_EVENT)
			expect_event(test, ev, 4, 41234, 8080, 40 + len, cases[i].payload, len);
	}
}

static struct kunit_case packet_cases[] = {
	KUNIT_CASE(packet_ipv4_linear),
	KUNIT_CASE(packet_ipv4_options),
	KUNIT_CASE(packet_ipv6),
	KUNIT_CASE(packet_ipv6_extension_headers),
	KUNIT_CASE(packet_ipv4_fragments),
	KUNIT_CASE(packet_ipv6_fragments),
	KUNIT_CASE(packet_nonlinear),
	KUNIT_CASE(packet_payload_limit),
	KUNIT_CASE(packet_header_block_cut),
	KUNIT_CASE(packet_no_payload),
	KUNIT_CASE(packet_padding),
	KUNIT_CASE(packet_bad_doff),
	KUNIT_CASE(packet_bad_ip),
	KUNIT_CASE(packet_not_tcp),
	KUNIT_CASE(packet_payload_kinds),
	{}
};

static struct kunit_suite packet_suite = {
	.name = "nethttp_packet",
	.test_cases = packet_cases,
};

kunit_test_suite(packet_suite);
