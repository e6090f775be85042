// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the table of followed connections (module/conn.c): real
 * sk_buffs of TCP segments, handed on as the hook hands them, the events
 * read back from the ring, and every counter compared with where it stood
 * when the test began (they are global: only their changes are ours).
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/cgroup.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/timekeeping.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>
#include <net/tcp.h>
#include "nethttp/stream.h"
#include "../../module/conn.h"
#include "../../module/ring.h"
#include "../../module/stats.h"
#include "helpers.h"

/* One end of a connection. */
struct peer {
	unsigned char family;
	u8 addr[16];
	u16 port;
};

static const struct peer client4 = { 4, { 10, 0, 0, 1 }, 41234 };
static const struct peer server4 = { 4, { 10, 0, 0, 2 }, 80 };
/* the client's address the higher one: it is the key's second end */
static const struct peer client6 = { 6, { 0xfd, [15] = 2 }, 50000 };
static const struct peer server6 = { 6, { 0xfd, [15] = 1 }, 8080 };
/* one address: the ports tell the ends apart */
static const struct peer local_client = { 4, { 127, 0, 0, 1 }, 41000 };
static const struct peer local_server = { 4, { 127, 0, 0, 1 }, 80 };

/*
 * A connection as the tests drive it. End 0 is the client, on this host:
 * what it sends is seen at LOCAL_OUT, what the server sends at LOCAL_IN,
 * both on the namespace's loopback device.
 */
struct tconn {
	struct peer end[2];
	struct net *net;
	unsigned int netns;	/* kept: the namespace may be gone */
	u32 seq[2];		/* what each end sends next */
};

static struct tconn tconn(const struct peer *client, const struct peer *server,
			  struct net *net)
{
	return (struct tconn){
		.end = { *client, *server },
		.net = net,
		.netns = net->ns.inum,
		.seq = { 1000, 5000 },
	};
}

/* What a test began from. */
struct conn_test {
	struct nethttp_ring *ring;
	u64 *seq;		/* per CPU: the next event to read */
	u64 stat[NETHTTP_STAT_COUNT];
};

static int ptr_resource_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void skb_resource_free(struct kunit_resource *res)
{
	kfree_skb(res->data);
}

static void ring_resource_free(struct kunit_resource *res)
{
	nethttp_ring_destroy(res->data);
}

/* The table's count of connections, which the hook reads too. */
static unsigned int tracked(void)
{
	return READ_ONCE(nethttp_conns);
}

static s64 delta(struct kunit *test, enum nethttp_stat stat)
{
	const struct conn_test *t = test->priv;

	return (s64)(nethttp_stat_read(stat) - t->stat[stat]);
}

static int conn_resource_init(struct kunit_resource *res, void *context)
{
	struct kunit *test = context;
	const struct conn_test *t = test->priv;
	int err = nethttp_conn_init(t->ring);

	res->data = test;
	return err;
}

/* Ends the table, whatever a test left in it: nothing may remain. */
static void conn_resource_free(struct kunit_resource *res)
{
	struct kunit *test = res->data;

	nethttp_conn_exit();
	KUNIT_EXPECT_EQ(test, tracked(), 0U);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 0);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY), 0);
}

/*
 * An empty table with these limits, as a load with conn_max, conn_timeout
 * and header_mem would make it, ended with the test. The counters are
 * read here, so deltas count from now.
 */
static void start(struct kunit *test, unsigned int max, unsigned int timeout,
		  unsigned long header_mem)
{
	struct conn_test *t = test->priv;
	unsigned int i;

	nethttp_conn_set_limits(max, timeout, header_mem);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, conn_resource_init,
							 conn_resource_free,
							 GFP_KERNEL, test));
	KUNIT_ASSERT_EQ(test, tracked(), 0U);
	for (i = 0; i < NETHTTP_STAT_COUNT; i++)
		t->stat[i] = nethttp_stat_read(i);
}

static void start_default(struct kunit *test)
{
	start(test, 1024, 300, 1 << 20);
}

static int conn_test_init(struct kunit *test)
{
	struct conn_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	int cpu;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	t->seq = kunit_kcalloc(test, nr_cpu_ids, sizeof(*t->seq), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->seq);
	t->ring = nethttp_ring_create(256);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->ring);
	/* freed after the table, which start() adds later */
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, ptr_resource_init,
							 ring_resource_free,
							 GFP_KERNEL, t->ring));
	for_each_possible_cpu(cpu)
		t->seq[cpu] = nethttp_ring_next_seq(t->ring, cpu);
	test->priv = t;
	return 0;
}

static unsigned int headers_len(unsigned char family)
{
	return (family == 4 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr)) +
	       sizeof(struct tcphdr);
}

/*
 * A TCP segment from @from to @to: IP and TCP headers in the linear part,
 * the payload there too or, when @paged, in a page fragment.
 */
static struct sk_buff *segment(struct kunit *test, const struct peer *from,
			       const struct peer *to, u32 seq, u8 flags,
			       const char *payload, bool paged)
{
	unsigned int len = strlen(payload), hlen = headers_len(from->family);
	struct sk_buff *skb = alloc_skb(hlen + (paged ? 0 : len), GFP_KERNEL);
	struct tcphdr *th;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, ptr_resource_init,
							 skb_resource_free,
							 GFP_KERNEL, skb));
	skb_reset_network_header(skb);
	if (from->family == 4) {
		struct iphdr *iph = skb_put_zero(skb, sizeof(*iph));

		iph->version = 4;
		iph->ihl = 5;
		iph->ttl = 64;
		iph->protocol = IPPROTO_TCP;
		iph->tot_len = htons(hlen + len);
		memcpy(&iph->saddr, from->addr, 4);
		memcpy(&iph->daddr, to->addr, 4);
		skb->protocol = htons(ETH_P_IP);
	} else {
		struct ipv6hdr *ip6h = skb_put_zero(skb, sizeof(*ip6h));

		ip6h->version = 6;
		ip6h->nexthdr = IPPROTO_TCP;
		ip6h->hop_limit = 64;
		ip6h->payload_len = htons(sizeof(*th) + len);
		memcpy(&ip6h->saddr, from->addr, 16);
		memcpy(&ip6h->daddr, to->addr, 16);
		skb->protocol = htons(ETH_P_IPV6);
	}
	th = skb_put_zero(skb, sizeof(*th));
	th->source = htons(from->port);
	th->dest = htons(to->port);
	th->seq = htonl(seq);
	th->ack_seq = htonl(1);
	th->doff = sizeof(*th) / 4;
	th->window = htons(512);
	tcp_flag_byte(th) = flags;
	if (paged && len) {
		/* inside the page, so the fragment's offset matters */
		struct page *page = alloc_page(GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, page);
		KUNIT_ASSERT_LE(test, 100 + len, PAGE_SIZE);
		memcpy(page_address(page) + 100, payload, len);
		skb_add_rx_frag(skb, 0, page, 100, len, PAGE_SIZE);
	} else {
		skb_put_data(skb, payload, len);
	}
	KUNIT_ASSERT_EQ(test, skb->len, hlen + len);
	return skb;
}

/*
 * What the hook does with a packet seen in @net at @hook (hook.c's
 * nethttp_observe()): a segment goes to the table when it may start a
 * message, or, while connections are followed, when it has payload or
 * may end one. Hooks run under RCU.
 */
static void observe(struct net *net, struct sk_buff *skb, unsigned int hook)
{
	unsigned char family = skb->protocol == htons(ETH_P_IP) ? 4 : 6;
	struct nf_hook_state state = {
		.hook = hook,
		.pf = family == 4 ? NFPROTO_IPV4 : NFPROTO_IPV6,
		.net = net,
	};
	struct nethttp_packet_loc loc;
	enum nethttp_locate found;

	if (hook == NF_INET_LOCAL_OUT)
		state.out = net->loopback_dev;
	else
		state.in = net->loopback_dev;
	rcu_read_lock();
	found = nethttp_packet_locate(skb, family, &loc);
	if (found == NETHTTP_LOCATE_START ||
	    (found == NETHTTP_LOCATE_TCP && READ_ONCE(nethttp_conns) &&
	     (loc.payload_off < loc.end || loc.fin_or_rst)))
		nethttp_conn_observe(skb, &state, &loc,
				     found == NETHTTP_LOCATE_START);
	rcu_read_unlock();
}

static unsigned int hook_of(unsigned int from)
{
	return from ? NF_INET_LOCAL_IN : NF_INET_LOCAL_OUT;
}

/* End @from of @c sends @payload with @flags; returns the segment. */
static struct sk_buff *transmit(struct kunit *test, struct tconn *c,
				unsigned int from, u8 flags, const char *payload,
				bool paged)
{
	struct sk_buff *skb = segment(test, &c->end[from], &c->end[!from],
				      c->seq[from], flags, payload, paged);

	observe(c->net, skb, hook_of(from));
	c->seq[from] += strlen(payload) + !!(flags & (TCPHDR_SYN | TCPHDR_FIN));
	return skb;
}

static struct sk_buff *send(struct kunit *test, struct tconn *c,
			    unsigned int from, const char *payload)
{
	return transmit(test, c, from, TCPHDR_ACK | TCPHDR_PSH, payload, false);
}

/* The same segment seen again, as a retransmission. */
static void resend(const struct tconn *c, unsigned int from,
		   struct sk_buff *skb)
{
	observe(c->net, skb, hook_of(from));
}

/* The next event the table pushed, in a buffer of its own; NULL if none. */
static struct nethttp_event *next_event(struct kunit *test)
{
	struct conn_test *t = test->priv;
	struct nethttp_event *ev = kunit_kzalloc(test, sizeof(*ev), GFP_KERNEL);
	int cpu;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ev);
	/* one CPU under UML: the ring's order is the order of the pushes */
	for_each_possible_cpu(cpu) {
		u64 lost = 0;

		if (nethttp_ring_fetch(t->ring, cpu, &t->seq[cpu], &lost, ev)) {
			KUNIT_EXPECT_EQ(test, lost, 0);
			return ev;
		}
	}
	return NULL;
}

static void expect_no_event(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, next_event(test));
}

/*
 * The next event: the message @text that end @from of @c sent, its first
 * segment @first (packet_len), seen at that end's hook on @iface.
 */
static struct nethttp_event *check_event(struct kunit *test,
					 const struct tconn *c,
					 unsigned int from, const char *text,
					 bool truncated,
					 const struct sk_buff *first,
					 const char *iface)
{
	struct nethttp_event *ev = next_event(test);
	const struct peer *src = &c->end[from], *dst = &c->end[!from];
	bool response = !strncmp(text, "HTTP/", 5);
	char want_iface[NETHTTP_IFNAME_LEN] = "";
	u8 saddr[16] = { 0 }, daddr[16] = { 0 };

	KUNIT_ASSERT_NOT_NULL_MSG(test, ev, "no event for %s", text);
	memcpy(saddr, src->addr, src->family == 4 ? 4 : 16);
	memcpy(daddr, dst->addr, dst->family == 4 ? 4 : 16);
	strscpy(want_iface, iface, sizeof(want_iface));
	KUNIT_EXPECT_EQ(test, ev->family, src->family);
	KUNIT_EXPECT_EQ(test, ev->protocol, IPPROTO_TCP);
	KUNIT_EXPECT_EQ(test, ev->sport, src->port);
	KUNIT_EXPECT_EQ(test, ev->dport, dst->port);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(ev->saddr, saddr, 16), 0, "saddr");
	KUNIT_EXPECT_EQ_MSG(test, memcmp(ev->daddr, daddr, 16), 0, "daddr");
	KUNIT_EXPECT_EQ(test, ev->netns, c->netns);
	KUNIT_EXPECT_EQ(test, ev->direction,
			from ? NETHTTP_DIR_INGRESS : NETHTTP_DIR_EGRESS);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(ev->iface, want_iface, sizeof(want_iface)),
			    0, "iface %.16s", ev->iface);
	KUNIT_EXPECT_EQ(test, ev->events,
			response ? NETHTTP_EVENT_RESPONSE : NETHTTP_EVENT_REQUEST);
	KUNIT_EXPECT_EQ(test, ev->msg.kind,
			response ? NETHTTP_KIND_RESPONSE : NETHTTP_KIND_REQUEST);
	KUNIT_EXPECT_EQ(test, ev->msg.truncated, truncated);
	KUNIT_EXPECT_EQ(test, ev->packet_len, first->len);
	KUNIT_EXPECT_EQ(test, ev->data_len, strlen(text));
	KUNIT_EXPECT_STREQ(test, nt_str(test, ev->data, ev->data_len), text);
	return ev;
}

static struct nethttp_event *expect_event(struct kunit *test,
					  const struct tconn *c,
					  unsigned int from, const char *text,
					  const struct sk_buff *first)
{
	return check_event(test, c, from, text, false, first, "lo");
}

static struct nethttp_event *expect_truncated(struct kunit *test,
					      const struct tconn *c,
					      unsigned int from,
					      const char *text,
					      const struct sk_buff *first)
{
	return check_event(test, c, from, text, true, first, "lo");
}

/* How much each counter moved: those not named, not at all. */
struct deltas {
	s64 n[NETHTTP_STAT_COUNT];
};

static void expect_stats(struct kunit *test, const struct deltas *want)
{
	char name[NETHTTP_STAT_NAME_MAX];
	unsigned int i;

	for (i = 0; i < NETHTTP_STAT_COUNT; i++) {
		nethttp_stat_name(name, sizeof(name), i);
		KUNIT_EXPECT_EQ_MSG(test, delta(test, i), want->n[i], "%s", name);
	}
}

static const char request[] =
	"GET /index.html HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n";
static const char response[] =
	"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";

/* The response's header block: what its event holds. */
static const char *response_head(struct kunit *test)
{
	return nt_str(test, response, strlen(response) - 5);
}

static void conn_loopback_seen_twice(struct kunit *test)
{
	struct tconn c = tconn(&local_client, &local_server, &init_net);
	struct sk_buff *req, *resp;

	start_default(test);
	/* loopback: sent, then received, the same sk_buff */
	req = send(test, &c, 0, request);
	observe(&init_net, req, NF_INET_LOCAL_IN);
	expect_event(test, &c, 0, request, req);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 1,
		[NETHTTP_STAT_EVENTS_QUEUED] = 1,
		[NETHTTP_STAT_CONNS_TRACKED] = 1,
		[NETHTTP_STAT_DUPLICATE_BYTES] = strlen(request),
	} });

	/* the server's answer: received first here, then seen being sent */
	resp = send(test, &c, 1, response);
	observe(&init_net, resp, NF_INET_LOCAL_OUT);
	expect_event(test, &c, 1, response_head(test), resp);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 2,
		[NETHTTP_STAT_EVENTS_QUEUED] = 2,
		[NETHTTP_STAT_CONNS_TRACKED] = 1,
		[NETHTTP_STAT_DUPLICATE_BYTES] = strlen(request) + strlen(response),
	} });
}

static void conn_request_response(struct kunit *test)
{
	static const char again[] = "HEAD /again HTTP/1.1\r\nHost: example.com\r\n\r\n";
	static const char again_head[] =
		"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n";
	struct tconn conns[] = {
		tconn(&client4, &server4, &init_net),
		tconn(&client6, &server6, &init_net),
		tconn(&local_client, &local_server, &init_net),
	};
	struct sk_buff *skb;
	unsigned int i;

	start_default(test);
	/* the first connection's requests cross the sequence numbers' wrap */
	conns[0].seq[0] = 0xffffffe0;
	for (i = 0; i < ARRAY_SIZE(conns); i++) {
		struct tconn *c = &conns[i];

		skb = send(test, c, 0, request);
		expect_event(test, c, 0, request, skb);
		skb = send(test, c, 1, response);
		expect_event(test, c, 1, response_head(test), skb);
		/* a response to HEAD has no body, whatever its length says */
		skb = send(test, c, 0, again);
		expect_event(test, c, 0, again, skb);
		skb = send(test, c, 1, again_head);
		expect_event(test, c, 1, again_head, skb);
		skb = send(test, c, 0, request);
		expect_event(test, c, 0, request, skb);
		skb = send(test, c, 1, response);
		expect_event(test, c, 1, response_head(test), skb);
		expect_no_event(test);
		/* both directions on one entry */
		KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), i + 1);
		KUNIT_EXPECT_EQ(test, tracked(), i + 1);
	}
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 18,
		[NETHTTP_STAT_EVENTS_QUEUED] = 18,
		[NETHTTP_STAT_CONNS_TRACKED] = 3,
	} });
}

static void conn_fast_open(struct kunit *test)
{
	static const char next[] = "GET /next HTTP/1.1\r\nHost: example.com\r\n\r\n";
	struct tconn c = tconn(&client4, &server4, &init_net);
	struct sk_buff *syn, *skb;

	start_default(test);
	/* the request in the SYN: its bytes come after the SYN's number */
	syn = transmit(test, &c, 0, TCPHDR_SYN, request, false);
	expect_event(test, &c, 0, request, syn);
	transmit(test, &c, 1, TCPHDR_SYN | TCPHDR_ACK, "", false);
	skb = send(test, &c, 1, response);
	expect_event(test, &c, 1, response_head(test), skb);
	/* the SYN again, and the next request right after the first */
	resend(&c, 0, syn);
	skb = send(test, &c, 0, next);
	expect_event(test, &c, 0, next, skb);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 3,
		[NETHTTP_STAT_EVENTS_QUEUED] = 3,
		[NETHTTP_STAT_CONNS_TRACKED] = 1,
		[NETHTTP_STAT_DUPLICATE_BYTES] = strlen(request),
	} });
}

static void conn_split_header_block(struct kunit *test)
{
	static const char part1[] = "GET /split HTTP/1.1\r\nHost: exa";
	static const char part2[] = "mple.com\r\nAccept: */*\r\n\r\n";
	static const char *const resp[] = {
		"HTTP/1.1 204 No Content\r\n", "Server: x\r", "\n\r\n",
	};
	struct tconn c = tconn(&client6, &server6, &init_net);
	struct nethttp_event *ev;
	struct sk_buff *first;
	u64 before, after;

	start_default(test);
	before = ktime_get_real_ns();
	first = transmit(test, &c, 0, TCPHDR_ACK | TCPHDR_PSH, part1, true);
	after = ktime_get_real_ns();
	expect_no_event(test);
	/* the smallest buffer holds the part while the rest is awaited */
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY),
			NETHTTP_STREAM_BLOCK_MIN);
	/* so a stamp of the second segment would be later than @after */
	usleep_range(2000, 3000);
	send(test, &c, 0, part2);
	ev = expect_event(test, &c, 0, nt_fmt(test, "%s%s", part1, part2), first);
	KUNIT_EXPECT_GE(test, ev->timestamp_ns, before);
	KUNIT_EXPECT_LE(test, ev->timestamp_ns, after);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY), 0);

	/* three segments, the block's end split between CR and LF */
	first = send(test, &c, 1, resp[0]);
	send(test, &c, 1, resp[1]);
	expect_no_event(test);
	send(test, &c, 1, resp[2]);
	expect_event(test, &c, 1, nt_fmt(test, "%s%s%s", resp[0], resp[1], resp[2]),
		     first);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 2,
		[NETHTTP_STAT_EVENTS_QUEUED] = 2,
		[NETHTTP_STAT_CONNS_TRACKED] = 1,
		[NETHTTP_STAT_BLOCKS_REASSEMBLED] = 2,
	} });
}

static void conn_fin_both_ways(struct kunit *test)
{
	struct tconn c = tconn(&client4, &server4, &init_net);
	struct sk_buff *skb, *fin;

	start_default(test);
	skb = send(test, &c, 0, request);
	expect_event(test, &c, 0, request, skb);
	/* the client is done sending; the answer still comes, and is seen */
	fin = transmit(test, &c, 0, TCPHDR_FIN | TCPHDR_ACK, "", false);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 1);
	/* the same FIN seen again ends no more than its own direction */
	resend(&c, 0, fin);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 1);
	skb = send(test, &c, 1, response);
	expect_event(test, &c, 1, response_head(test), skb);
	KUNIT_EXPECT_EQ(test, tracked(), 1U);
	transmit(test, &c, 1, TCPHDR_FIN | TCPHDR_ACK, "", false);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 0);
	KUNIT_EXPECT_EQ(test, tracked(), 0U);
	/* the last ACK finds nothing */
	transmit(test, &c, 0, TCPHDR_ACK, "", false);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 2,
		[NETHTTP_STAT_EVENTS_QUEUED] = 2,
	} });
}

static void conn_fin_with_request(struct kunit *test)
{
	static const char cut[] = "GET /cut HTTP/1.0\r\nHost: a";
	struct tconn whole = tconn(&client4, &server4, &init_net);
	struct tconn partial = tconn(&client6, &server6, &init_net);
	struct sk_buff *skb;

	start_default(test);
	/* a client that shuts its side down as it sends the request */
	skb = transmit(test, &whole, 0, TCPHDR_FIN | TCPHDR_ACK | TCPHDR_PSH,
		       request, false);
	expect_event(test, &whole, 0, request, skb);
	KUNIT_EXPECT_EQ(test, tracked(), 1U);
	/* the answer on the same entry, which the server's FIN ends */
	skb = send(test, &whole, 1, response);
	expect_event(test, &whole, 1, response_head(test), skb);
	KUNIT_EXPECT_EQ(test, tracked(), 1U);
	transmit(test, &whole, 1, TCPHDR_FIN | TCPHDR_ACK, "", false);
	KUNIT_EXPECT_EQ(test, tracked(), 0U);
	transmit(test, &whole, 0, TCPHDR_ACK, "", false);

	/* a block cut by its FIN is reported at once, and the answer awaited */
	skb = transmit(test, &partial, 0, TCPHDR_FIN | TCPHDR_ACK | TCPHDR_PSH,
		       cut, false);
	expect_truncated(test, &partial, 0, cut, skb);
	KUNIT_EXPECT_EQ(test, tracked(), 1U);
	transmit(test, &partial, 1, TCPHDR_RST, "", false);
	KUNIT_EXPECT_EQ(test, tracked(), 0U);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 3,
		[NETHTTP_STAT_EVENTS_QUEUED] = 3,
		[NETHTTP_STAT_TRUNCATED] = 1,
	} });
}

static void conn_rst(struct kunit *test)
{
	struct tconn by_server = tconn(&client4, &server4, &init_net);
	struct tconn by_client = tconn(&client6, &server6, &init_net);
	struct tconn rst_first = tconn(&local_client, &local_server, &init_net);
	struct sk_buff *skb;

	start_default(test);
	skb = send(test, &by_server, 0, request);
	expect_event(test, &by_server, 0, request, skb);
	skb = send(test, &by_client, 0, request);
	expect_event(test, &by_client, 0, request, skb);
	skb = send(test, &by_client, 1, response);
	expect_event(test, &by_client, 1, response_head(test), skb);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 2);

	transmit(test, &by_server, 1, TCPHDR_RST, "", false);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 1);
	transmit(test, &by_client, 0, TCPHDR_RST | TCPHDR_ACK, "", false);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 0);
	KUNIT_EXPECT_EQ(test, tracked(), 0U);

	/* a reset carrying what looks like a request starts nothing */
	transmit(test, &rst_first, 0, TCPHDR_RST | TCPHDR_ACK, request, false);
	KUNIT_EXPECT_EQ(test, tracked(), 0U);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 3,
		[NETHTTP_STAT_EVENTS_QUEUED] = 3,
		/* the request the server reset */
		[NETHTTP_STAT_REQUESTS_UNANSWERED] = 1,
	} });
}

static void conn_partial_block_at_close(struct kunit *test)
{
	static const char cut_request[] = "GET /cut HTTP/1.1\r\nHost: example.com\r\nAcc";
	static const char cut_response[] = "HTTP/1.1 200 OK\r\nContent-Le";
	struct tconn fin = tconn(&client4, &server4, &init_net);
	struct tconn rst = tconn(&client6, &server6, &init_net);
	struct sk_buff *first, *skb;

	start_default(test);
	first = send(test, &fin, 0, cut_request);
	expect_no_event(test);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY),
			NETHTTP_STREAM_BLOCK_MIN);
	/* the client's FIN: what it sent is all there will be */
	transmit(test, &fin, 0, TCPHDR_FIN | TCPHDR_ACK, "", false);
	expect_truncated(test, &fin, 0, cut_request, first);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY), 0);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 1);
	transmit(test, &fin, 1, TCPHDR_FIN | TCPHDR_ACK, "", false);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 0);
	expect_no_event(test);

	/* a response cut by the server's reset, reported where it was seen */
	skb = send(test, &rst, 0, request);
	expect_event(test, &rst, 0, request, skb);
	first = send(test, &rst, 1, cut_response);
	expect_no_event(test);
	transmit(test, &rst, 1, TCPHDR_RST, "", false);
	expect_truncated(test, &rst, 1, cut_response, first);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 3,
		[NETHTTP_STAT_EVENTS_QUEUED] = 3,
		[NETHTTP_STAT_TRUNCATED] = 2,
	} });
}

static void conn_table_full(struct kunit *test)
{
	static const char cut[] = "GET /0 HTTP/1.1\r\nHost: a";
	struct sk_buff *first[6], *cut_first, *skb;
	const char *text[6], *second;
	struct tconn c[6];
	unsigned int i;
	s64 dup = 0;

	start(test, 4, 300, 1 << 20);
	for (i = 0; i < 6; i++) {
		c[i] = tconn(&client4, &server4, &init_net);
		c[i].end[0].port = 40000 + i;
		text[i] = nt_fmt(test, "GET /%u HTTP/1.1\r\nHost: example.com\r\n\r\n", i);
	}
	/* the oldest holds a partial block */
	cut_first = send(test, &c[0], 0, cut);
	for (i = 1; i < 6; i++) {
		first[i] = send(test, &c[i], 0, text[i]);
		expect_event(test, &c[i], 0, text[i], first[i]);
		/* the fifth makes the first make room, reporting its block */
		if (i == 4)
			expect_truncated(test, &c[0], 0, cut, cut_first);
	}
	expect_no_event(test);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_EVICTED), 2);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 4);
	KUNIT_EXPECT_EQ(test, tracked(), 4U);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY), 0);

	/* the four newest are followed: their retransmissions are known */
	for (i = 2; i < 6; i++) {
		resend(&c[i], 0, first[i]);
		dup += strlen(text[i]);
	}
	expect_no_event(test);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_DUPLICATE_BYTES), dup);

	/* the second is not: its next message starts it anew, evicting the third */
	second = "GET /1/next HTTP/1.1\r\nHost: example.com\r\n\r\n";
	skb = send(test, &c[1], 0, second);
	expect_event(test, &c[1], 0, second, skb);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_EVICTED), 3);
	resend(&c[1], 0, skb);
	dup += strlen(second);
	/* so the third's retransmission is news to the table, and evicts the fourth */
	resend(&c[2], 0, first[2]);
	expect_event(test, &c[2], 0, text[2], first[2]);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 8,
		[NETHTTP_STAT_EVENTS_QUEUED] = 8,
		[NETHTTP_STAT_TRUNCATED] = 1,
		[NETHTTP_STAT_CONNS_TRACKED] = 4,
		[NETHTTP_STAT_CONNS_EVICTED] = 4,
		[NETHTTP_STAT_DUPLICATE_BYTES] = dup,
		/* the second's, third's and fourth's, evicted unanswered */
		[NETHTTP_STAT_REQUESTS_UNANSWERED] = 3,
	} });
}

static void conn_header_mem(struct kunit *test)
{
	static const char *const cut[] = {
		"GET /a HTTP/1.1\r\nHost: example.com\r\n",
		"GET /b HTTP/1.1\r\nHost: example.com\r\n",
		"GET /c HTTP/1.1\r\nHost: example.com\r\n",
		"GET /d HTTP/1.1\r\nHost: example.com\r\n",
	};
	struct sk_buff *first[4];
	struct tconn c[4];
	const char *more;
	unsigned int i;

	/* room for two of the smallest blocks */
	start(test, 64, 300, 2 * NETHTTP_STREAM_BLOCK_MIN);
	for (i = 0; i < 4; i++) {
		c[i] = tconn(&client4, &server4, &init_net);
		c[i].end[0].port = 40000 + i;
	}
	first[0] = send(test, &c[0], 0, cut[0]);
	first[1] = send(test, &c[1], 0, cut[1]);
	expect_no_event(test);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY),
			2 * NETHTTP_STREAM_BLOCK_MIN);
	/* no room for a third: reported as it is, and not followed */
	first[2] = send(test, &c[2], 0, cut[2]);
	expect_truncated(test, &c[2], 0, cut[2], first[2]);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 2);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADERS_NO_MEMORY), 1);

	/* nor for the first to grow: cut at the buffer it has */
	more = nt_fmt(test, "X-Pad: %s\r\n", nt_repeat(test, 'a', 1000));
	send(test, &c[0], 0, more);
	expect_truncated(test, &c[0], 0,
			 nt_str(test, nt_fmt(test, "%s%s", cut[0], more),
				NETHTTP_STREAM_BLOCK_MIN),
			 first[0]);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADERS_NO_MEMORY), 2);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY),
			NETHTTP_STREAM_BLOCK_MIN);

	/* as the connections end, their memory comes back */
	transmit(test, &c[0], 0, TCPHDR_FIN | TCPHDR_ACK, "", false);
	transmit(test, &c[0], 1, TCPHDR_FIN | TCPHDR_ACK, "", false);
	expect_no_event(test);
	transmit(test, &c[1], 1, TCPHDR_RST, "", false);
	expect_truncated(test, &c[1], 0, cut[1], first[1]);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY), 0);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 0);

	/* and holds a partial block again */
	first[3] = send(test, &c[3], 0, cut[3]);
	expect_no_event(test);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_HEADER_MEMORY),
			NETHTTP_STREAM_BLOCK_MIN);
	transmit(test, &c[3], 0, TCPHDR_RST, "", false);
	expect_truncated(test, &c[3], 0, cut[3], first[3]);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 4,
		[NETHTTP_STAT_EVENTS_QUEUED] = 4,
		[NETHTTP_STAT_TRUNCATED] = 4,
		[NETHTTP_STAT_HEADERS_NO_MEMORY] = 2,
		[NETHTTP_STAT_RESYNCS] = 1,
	} });
}

/* What is no HTTP, sent by the client of @c: no entry, no event. */
static void send_no_http(struct kunit *test, struct tconn *c)
{
	/* a TLS ClientHello's first bytes, no NUL among them */
	static const char tls[] = "\x16\x03\x01\x01\xfc\x01\x01\x01\xf8\x03\x03\x5a\xa5";

	transmit(test, c, 0, TCPHDR_SYN, "", false);
	transmit(test, c, 1, TCPHDR_SYN | TCPHDR_ACK, "", false);
	transmit(test, c, 0, TCPHDR_ACK, "", false);
	/* SMTP's greeting answered: its first bytes pass for a request's */
	send(test, c, 1, "220 mail.example.com ESMTP\r\n");
	send(test, c, 0, "EHLO mail.example.com\r\n");
	send(test, c, 1, "250 mail.example.com\r\n");
	send(test, c, 0, tls);
}

static void conn_not_http(struct kunit *test)
{
	struct tconn http = tconn(&client4, &server4, &init_net);
	struct tconn others[] = {
		tconn(&client4, &server4, &init_net),
		tconn(&client6, &server6, &init_net),
		tconn(&client4, &server4, &init_net),
		tconn(&client6, &server6, &init_net),
		tconn(&client4, &server4, &init_net),
	};
	struct sk_buff *skb;
	unsigned int i;

	start_default(test);
	for (i = 0; i < ARRAY_SIZE(others); i++)
		others[i].end[1].port = 25;
	/* nothing followed yet */
	send_no_http(test, &others[0]);
	send_no_http(test, &others[1]);
	/* what starts like a request, yet is none, is counted malformed */
	send(test, &others[4], 0, "GET \r\n\r\n");
	KUNIT_EXPECT_EQ(test, tracked(), 0U);

	/* while a connection is followed, every segment is looked up */
	skb = send(test, &http, 0, request);
	expect_event(test, &http, 0, request, skb);
	send_no_http(test, &others[2]);
	send_no_http(test, &others[3]);
	KUNIT_EXPECT_EQ(test, tracked(), 1U);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 2,
		[NETHTTP_STAT_MALFORMED] = 1,
		[NETHTTP_STAT_EVENTS_QUEUED] = 1,
		[NETHTTP_STAT_CONNS_TRACKED] = 1,
	} });
}

/* The namespace's end, as the module's pernet exit_batch sees it. */
static DECLARE_COMPLETION(net_exited);

static void test_net_exit_batch(struct list_head *net_exit_list)
{
	nethttp_conn_net_exit_batch(net_exit_list);
	complete(&net_exited);
}

static struct pernet_operations test_net_ops = {
	.exit_batch = test_net_exit_batch,
};

static void pernet_resource_free(struct kunit_resource *res)
{
	unregister_pernet_subsys(&test_net_ops);
}

static void net_resource_free(struct kunit_resource *res)
{
	put_net(res->data);
}

static void conn_two_namespaces(struct kunit *test)
{
	static const char part1[] = "GET /ns HTTP/1.1\r\nHost: exa";
	static const char part2[] = "mple.com\r\n\r\n";
	static const char cut[] = "GET /gone HTTP/1.1\r\nHost: a";
	static const char next[] = "GET /next HTTP/1.1\r\nHost: example.com\r\n\r\n";
	struct kunit_resource *net_res;
	struct tconn in_init, in_other;
	struct sk_buff *req, *first;
	struct net *net;

	start_default(test);
	KUNIT_ASSERT_EQ(test, register_pernet_subsys(&test_net_ops), 0);
	/* unregistered before the table ends: no exit can come after */
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, ptr_resource_init,
							 pernet_resource_free,
							 GFP_KERNEL, &test_net_ops));
	net = copy_net_ns(CLONE_NEWNET, &init_user_ns, &init_net);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, net);
	net_res = kunit_alloc_and_get_resource(test, ptr_resource_init,
					       net_resource_free, GFP_KERNEL,
					       net);
	if (!net_res)
		put_net(net);
	KUNIT_ASSERT_NOT_NULL(test, net_res);
	KUNIT_ASSERT_NE(test, net->ns.inum, init_net.ns.inum);

	/* one tuple, two namespaces: two connections */
	in_init = tconn(&client4, &server4, &init_net);
	in_other = tconn(&client4, &server4, net);
	req = send(test, &in_init, 0, request);
	expect_event(test, &in_init, 0, request, req);
	first = send(test, &in_other, 0, part1);
	expect_no_event(test);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 2);
	/* each with its own state: a retransmission here, the rest there */
	resend(&in_init, 0, req);
	expect_no_event(test);
	send(test, &in_other, 0, part2);
	expect_event(test, &in_other, 0, nt_fmt(test, "%s%s", part1, part2), first);

	/*
	 * The namespace ends holding a partial block: reported, without the
	 * device, which is gone by then.
	 */
	first = send(test, &in_other, 0, cut);
	expect_no_event(test);
	reinit_completion(&net_exited);
	kunit_remove_resource(test, net_res);
	kunit_put_resource(net_res);
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&net_exited, 20 * HZ),
			    0, "the namespace did not end");
	in_other.net = NULL;
	check_event(test, &in_other, 0, cut, true, first, "");
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 1);

	/* the other is still followed */
	req = send(test, &in_init, 0, next);
	expect_event(test, &in_init, 0, next, req);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 4,
		[NETHTTP_STAT_EVENTS_QUEUED] = 4,
		[NETHTTP_STAT_TRUNCATED] = 1,
		[NETHTTP_STAT_CONNS_TRACKED] = 1,
		[NETHTTP_STAT_BLOCKS_REASSEMBLED] = 1,
		[NETHTTP_STAT_DUPLICATE_BYTES] = strlen(request),
		/* the other namespace's whole request, gone with it */
		[NETHTTP_STAT_REQUESTS_UNANSWERED] = 1,
		/* two requests wait here: the second's copy */
		[NETHTTP_STAT_HEADER_MEMORY] = sizeof(struct nethttp_pending_request),
	} });
}

static void conn_expiry(struct kunit *test)
{
	static const char cut[] = "GET /idle HTTP/1.1\r\nHost: a";
	static const char next[] = "GET /next HTTP/1.1\r\nHost: example.com\r\n\r\n";
	struct tconn idle = tconn(&client4, &server4, &init_net);
	struct tconn busy = tconn(&client6, &server6, &init_net);
	struct sk_buff *first, *req;
	unsigned long idle_since, deadline;
	unsigned int resent = 0;

	start(test, 64, 2, 1 << 20);
	req = send(test, &busy, 0, request);
	expect_event(test, &busy, 0, request, req);
	first = send(test, &idle, 0, cut);
	idle_since = jiffies;
	/*
	 * The collector looks at the whole table within a few seconds: the
	 * idle connection goes, the one that keeps sending stays.
	 */
	deadline = jiffies + 20 * HZ;
	while (delta(test, NETHTTP_STAT_CONNS_EXPIRED) == 0 &&
	       time_before(jiffies, deadline)) {
		msleep(100);
		resend(&busy, 0, req);
		resent++;
	}
	KUNIT_ASSERT_EQ_MSG(test, delta(test, NETHTTP_STAT_CONNS_EXPIRED), 1,
			    "nothing expired within 20 s");
	KUNIT_EXPECT_TRUE(test, time_after_eq(jiffies, idle_since + 2 * HZ));
	expect_truncated(test, &idle, 0, cut, first);
	KUNIT_EXPECT_EQ(test, delta(test, NETHTTP_STAT_CONNS_TRACKED), 1);

	req = send(test, &busy, 0, next);
	expect_event(test, &busy, 0, next, req);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 3,
		[NETHTTP_STAT_EVENTS_QUEUED] = 3,
		[NETHTTP_STAT_TRUNCATED] = 1,
		[NETHTTP_STAT_CONNS_TRACKED] = 1,
		[NETHTTP_STAT_CONNS_EXPIRED] = 1,
		[NETHTTP_STAT_DUPLICATE_BYTES] = resent * strlen(request),
		/* two requests wait on the busy one: the second's copy */
		[NETHTTP_STAT_HEADER_MEMORY] = sizeof(struct nethttp_pending_request),
	} });
}

static void sock_resource_free(struct kunit_resource *res)
{
	sock_release(res->data);
}

/* A kernel socket whose owner is @uid, released with the test. */
static struct sock *test_sock(struct kunit *test, uid_t uid)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
					       IPPROTO_TCP, &sock), 0);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, ptr_resource_init,
							 sock_resource_free,
							 GFP_KERNEL, sock));
	sock->sk->sk_uid = make_kuid(&init_user_ns, uid);
	return sock->sk;
}

/* End @from of @c sends @payload from socket @sk. */
static struct sk_buff *send_from(struct kunit *test, struct tconn *c,
				 unsigned int from, const char *payload,
				 struct sock *sk, unsigned int hook)
{
	struct sk_buff *skb = segment(test, &c->end[from], &c->end[!from],
				      c->seq[from], TCPHDR_ACK | TCPHDR_PSH,
				      payload, false);

	skb->sk = sk;
	observe(c->net, skb, hook);
	skb->sk = NULL;
	c->seq[from] += strlen(payload);
	return skb;
}

static void expect_request_brief(struct kunit *test,
				 const struct nethttp_event *ev,
				 const char *text)
{
	const struct nethttp_brief *b = &ev->request;

	KUNIT_EXPECT_EQ(test, b->flags, 0);
	KUNIT_EXPECT_EQ(test, nethttp_brief_len(b), strlen(text));
	KUNIT_EXPECT_STREQ(test, nt_str(test, b->text, nethttp_brief_len(b)),
			   text);
}

/*
 * Who is behind an event is the end it was taken at, as its socket tells,
 * and remembered for events without one; a response is paired with its
 * request, and what cannot be paired is counted.
 */
static void conn_pairing_and_origin(struct kunit *test)
{
	struct tconn c = tconn(&client4, &server4, &init_net);
	struct tconn fwd = tconn(&client6, &server6, &init_net);
	struct sock *sk = test_sock(test, 2000);
	unsigned int known = NETHTTP_ORIGIN_UID;
	struct nethttp_event *req, *ev;
	struct sk_buff *skb;
	u64 cgroup = 0;

#ifdef CONFIG_SOCK_CGROUP_DATA
	known |= NETHTTP_ORIGIN_CGROUP;
	cgroup = cgroup_id(sock_cgroup_ptr(&sk->sk_cgrp_data));
#endif
	start_default(test);
	/* the client's socket: a kernel thread sends, so no process */
	skb = send_from(test, &c, 0, request, sk, NF_INET_LOCAL_OUT);
	req = expect_event(test, &c, 0, request, skb);
	KUNIT_EXPECT_EQ(test, req->origin.known, known);
	KUNIT_EXPECT_EQ(test, req->origin.uid, 2000U);
	KUNIT_EXPECT_EQ(test, req->origin.cgroup_id, cgroup);
	KUNIT_EXPECT_EQ(test, req->latency_ns, -1);

	/* received at the client, no socket at hand: as remembered */
	skb = send(test, &c, 1, response);
	ev = expect_event(test, &c, 1, response_head(test), skb);
	KUNIT_EXPECT_EQ(test, ev->origin.known, known);
	KUNIT_EXPECT_EQ(test, ev->origin.uid, 2000U);
	KUNIT_EXPECT_EQ(test, ev->origin.cgroup_id, cgroup);
	/* both stamps the same monotonic times, made wall-clock alike */
	KUNIT_EXPECT_GE(test, ev->latency_ns, 0);
	KUNIT_EXPECT_EQ(test, ev->latency_ns,
			(s64)(ev->timestamp_ns - req->timestamp_ns));
	expect_request_brief(test, ev, "GETexample.com/index.html");

	/* an answer to nothing */
	skb = send(test, &c, 1, response);
	ev = expect_event(test, &c, 1, response_head(test), skb);
	KUNIT_EXPECT_EQ(test, ev->latency_ns, -1);

	/* forwarded: nobody's, whatever socket the segment carries */
	skb = send_from(test, &fwd, 0, request, sk, NF_INET_FORWARD);
	ev = next_event(test);
	KUNIT_ASSERT_NOT_NULL(test, ev);
	KUNIT_EXPECT_EQ(test, ev->direction, NETHTTP_DIR_FORWARD);
	KUNIT_EXPECT_EQ(test, ev->origin.known, 0U);

	/* a request still waiting when the connection is reset */
	skb = send(test, &c, 0, request);
	expect_event(test, &c, 0, request, skb);
	transmit(test, &c, 1, TCPHDR_RST, "", false);
	expect_no_event(test);
	expect_stats(test, &(struct deltas){ .n = {
		[NETHTTP_STAT_MESSAGES] = 5,
		[NETHTTP_STAT_EVENTS_QUEUED] = 5,
		[NETHTTP_STAT_CONNS_TRACKED] = 1,
		[NETHTTP_STAT_RESPONSES_UNPAIRED] = 1,
		[NETHTTP_STAT_REQUESTS_UNANSWERED] = 1,
	} });
}

static struct kunit_case conn_cases[] = {
	KUNIT_CASE(conn_loopback_seen_twice),
	KUNIT_CASE(conn_request_response),
	KUNIT_CASE(conn_fast_open),
	KUNIT_CASE(conn_split_header_block),
	KUNIT_CASE(conn_fin_both_ways),
	KUNIT_CASE(conn_fin_with_request),
	KUNIT_CASE(conn_rst),
	KUNIT_CASE(conn_partial_block_at_close),
	KUNIT_CASE(conn_table_full),
	KUNIT_CASE(conn_header_mem),
	KUNIT_CASE(conn_not_http),
	KUNIT_CASE(conn_two_namespaces),
	KUNIT_CASE(conn_expiry),
	KUNIT_CASE(conn_pairing_and_origin),
	{}
};

static struct kunit_suite conn_suite = {
	.name = "nethttp_conn",
	.init = conn_test_init,
	.test_cases = conn_cases,
};

kunit_test_suite(conn_suite);
