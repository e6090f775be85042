// SPDX-License-Identifier: GPL-2.0
/*
 * The connections where HTTP was seen, each with the stream engine's state
 * for its two directions (stream.c).
 *
 * One table for all namespaces, keyed by the namespace and the TCP
 * 4-tuple. Lookups are lock-free under RCU, which the hooks run in; a
 * connection's state changes under its own lock, since two CPUs may see
 * its two directions at once; the table lock is taken only to add or
 * remove one, never while holding a connection's lock. Everything is
 * bounded: conn_max connections, an old idle one dropped when a new one
 * needs room, idle ones after conn_timeout, and header_mem bytes for all
 * partial header blocks together. Nothing in the packet path sleeps.
 */
#include <linux/cgroup.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <asm/unaligned.h>
#include <net/inet6_hashtables.h>
#include <net/inet_hashtables.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include "nethttp/stream.h"
#include "conn.h"
#include "events.h"
#include "redact.h"
#include "stats.h"

static unsigned int conn_max = 65536;
module_param(conn_max, uint, 0444);
MODULE_PARM_DESC(conn_max, "Connections followed at most, all namespaces together (default 65536); an old idle one makes room");

static unsigned int conn_timeout = 300;
module_param(conn_timeout, uint, 0444);
MODULE_PARM_DESC(conn_timeout, "Seconds without a segment after which a connection is forgotten (default 300)");

static unsigned int header_max = 16384;
module_param(header_max, uint, 0444);
MODULE_PARM_DESC(header_max, "Longest header block put together from segments, in bytes (default 16384, 2048..65535)");

static unsigned long header_mem = 8 << 20;
module_param(header_mem, ulong, 0444);
MODULE_PARM_DESC(header_mem, "Bytes all partial header blocks and copies of pipelined requests may hold together (default 8 MiB)");

#if IS_ENABLED(CONFIG_NETHTTP_KUNIT_TEST)
void nethttp_conn_set_limits(unsigned int max, unsigned int timeout,
			     unsigned long mem)
{
	conn_max = max;
	conn_timeout = timeout;
	header_mem = mem;
}
#endif

#define NETHTTP_CONN_MAX_LIMIT	(4U << 20)
/* The collector looks at 1/NETHTTP_CONN_GC_SLICES of the table per run. */
#define NETHTTP_CONN_GC_SLICES	16
#define NETHTTP_CONN_GC_PERIOD	(HZ / 4)
/* Connections looked at, first made first, to choose one to evict. */
#define NETHTTP_CONN_EVICT_SCAN	8

/* Both ends, the lower (address, port) first: the same for both directions. */
struct nethttp_conn_key {
	struct net *net;	/* its entries go before it does (exit_batch) */
	__be32 addr[2][4];
	__be16 port[2];
	u32 family;
};

struct nethttp_conn {
	struct hlist_node node;		/* in its bucket, under RCU */
	struct list_head age;		/* first made first, under the table lock */
	struct rcu_head rcu;
	spinlock_t lock;		/* what follows */
	bool dead;			/* out of the table: leave it */
	u8 fin;				/* bit per direction */
	/* where each direction was last seen, for events with no packet */
	u8 hook[2];
	int ifindex[2];
	unsigned long last_seen;	/* jiffies */
	struct nethttp_conn_key key;
	/* who is behind each end, as far as it is local: by key index */
	struct nethttp_origin origins[2];
	struct nethttp_stream stream;
};

/* What the engine's callbacks work on. */
struct nethttp_conn_ctx {
	const struct nethttp_conn_key *key;
	struct nethttp_conn *conn;	/* NULL before it is tracked */
	struct nethttp_origin *origins;	/* the connection's, or for it */
	/* the segment at hand, if any */
	const struct sk_buff *skb;
	const struct nf_hook_state *state;
	unsigned int payload_off;
};

unsigned int nethttp_conns;
static struct hlist_head *nethttp_conn_table;
static unsigned int nethttp_conn_mask;
static u32 nethttp_conn_seed __read_mostly;
static DEFINE_SPINLOCK(nethttp_conn_lock);
static LIST_HEAD(nethttp_conn_age);
static atomic_long_t nethttp_conn_block_mem;
static struct nethttp_ring *nethttp_conn_ring;
static struct nethttp_event __percpu *nethttp_conn_scratch;
static struct delayed_work nethttp_conn_gc_work;
static unsigned int nethttp_conn_gc_next;

static int nethttp_conn_copy(void *ctx, unsigned int off, void *dst,
			     unsigned int len)
{
	const struct nethttp_conn_ctx *c = ctx;

	if (!c->skb)
		return -1;
	return skb_copy_bits(c->skb, c->payload_off + off, dst, len) ? -1 : 0;
}

static unsigned char *nethttp_conn_alloc(void *ctx, unsigned int size)
{
	unsigned char *block;

	if (atomic_long_add_return(size, &nethttp_conn_block_mem) > header_mem)
		goto refuse;
	block = kmalloc(size, GFP_ATOMIC | __GFP_NOWARN);
	if (!block)
		goto refuse;
	nethttp_stat_add(NETHTTP_STAT_HEADER_MEMORY, size);
	return block;
refuse:
	atomic_long_sub(size, &nethttp_conn_block_mem);
	return NULL;
}

static void nethttp_conn_free_block(void *ctx, unsigned char *block,
				    unsigned int size)
{
	kfree(block);
	atomic_long_sub(size, &nethttp_conn_block_mem);
	nethttp_stat_add(NETHTTP_STAT_HEADER_MEMORY, -(unsigned long)size);
}

static unsigned long long nethttp_conn_now(void *ctx)
{
	return ktime_get_ns();
}

static void nethttp_conn_count(void *ctx, enum nethttp_stream_stat stat,
			       unsigned long long n)
{
	BUILD_BUG_ON(NETHTTP_STAT_BLOCKS_REASSEMBLED + NETHTTP_STREAM_STAT_COUNT !=
		     NETHTTP_STAT_HEADER_MEMORY);
	nethttp_stat_add(NETHTTP_STAT_BLOCKS_REASSEMBLED + stat, n);
}

static unsigned int nethttp_kind_events(unsigned int kind)
{
	if (kind == NETHTTP_KIND_REQUEST)
		return NETHTTP_EVENT_REQUEST | NETHTTP_EVENT_HTTP;
	return NETHTTP_EVENT_RESPONSE | NETHTTP_EVENT_HTTP;
}

static void nethttp_count_anomalies(unsigned int anomalies)
{
	while (anomalies) {
		nethttp_stat_inc(NETHTTP_STAT_ANOMALY_FIRST + __ffs(anomalies));
		anomalies &= anomalies - 1;
	}
}

static u8 nethttp_hook_direction(const struct nf_hook_state *state,
				 const struct net_device **dev)
{
	switch (state->hook) {
	case NF_INET_LOCAL_OUT:
		*dev = state->out;
		return NETHTTP_DIR_EGRESS;
	case NF_INET_LOCAL_IN:
		*dev = state->in;
		return NETHTTP_DIR_INGRESS;
	default:
		*dev = state->in;
		return NETHTTP_DIR_FORWARD;
	}
}

/* Where the event was seen: the segment at hand's hook, else the last one. */
static void nethttp_conn_describe(struct nethttp_event *ev,
				  const struct nethttp_conn_ctx *c,
				  unsigned int dir)
{
	const struct net_device *dev = NULL;

	if (c->state) {
		ev->direction = nethttp_hook_direction(c->state, &dev);
	} else {
		ev->direction = c->conn->hook[dir];
		if (c->conn->ifindex[dir])
			dev = dev_get_by_index_rcu(c->key->net,
						   c->conn->ifindex[dir]);
	}
	if (dev)
		strscpy_pad(ev->iface, dev->name, sizeof(ev->iface));
	else
		memset(ev->iface, 0, sizeof(ev->iface));
}

static void nethttp_origin_of_sock(struct nethttp_origin *o,
				   struct sock *sk)
{
	o->uid = from_kuid_munged(&init_user_ns, sk->sk_uid);
	o->known |= NETHTTP_ORIGIN_UID;
#ifdef CONFIG_SOCK_CGROUP_DATA
	o->cgroup_id = cgroup_id(sock_cgroup_ptr(&sk->sk_cgrp_data));
	o->known |= NETHTTP_ORIGIN_CGROUP;
#endif
}

/*
 * The local socket of a segment that arrived (from end @dir of the key to
 * the other), when early demux did not set it: a reference is taken.
 */
static struct sock *nethttp_conn_lookup(const struct nethttp_conn_ctx *c,
					unsigned int dir)
{
	const struct nethttp_conn_key *key = c->key;
	struct net *net = key->net;
	const struct sk_buff *skb = c->skb;
	int dif = c->state->in ? c->state->in->ifindex : 0;

	if (key->family == 4)
		return __inet_lookup_established(net,
						 net->ipv4.tcp_death_row.hashinfo,
						 key->addr[dir][0], key->port[dir],
						 key->addr[!dir][0],
						 ntohs(key->port[!dir]), dif,
						 inet_sdif(skb));
#if IS_ENABLED(CONFIG_IPV6)
	return __inet6_lookup_established(net,
					  net->ipv4.tcp_death_row.hashinfo,
					  (const struct in6_addr *)key->addr[dir],
					  key->port[dir],
					  (const struct in6_addr *)key->addr[!dir],
					  ntohs(key->port[!dir]), dif,
					  inet6_sdif(skb));
#else
	return NULL;
#endif
}

/* The same process sends at this end as last time: most messages. */
static bool nethttp_origin_is_current(const struct nethttp_origin *o)
{
	BUILD_BUG_ON(sizeof(o->comm) != 2 * sizeof(u64));
	return (o->known & NETHTTP_ORIGIN_TASK) &&
	       o->host_pid == task_tgid_nr(current) &&
	       get_unaligned((const u64 *)o->comm) ==
	       get_unaligned((const u64 *)current->comm) &&
	       get_unaligned((const u64 *)o->comm + 1) ==
	       get_unaligned((const u64 *)current->comm + 1);
}

/*
 * What the segment at hand tells of who is behind end @end of its
 * connection, which it left from (@egress) or arrived at. The sender is
 * named only when the hook runs in its context: a segment sent from a
 * softirq (ACK-clocked, retransmitted) runs in whatever task it
 * interrupted, and a kernel thread is nobody's process.
 */
static void nethttp_origin_learn(struct nethttp_origin *o,
				 const struct nethttp_conn_ctx *c,
				 unsigned int end, bool egress)
{
	struct sock *sk = c->skb->sk;

	if (egress && in_task() && !(current->flags & PF_KTHREAD) &&
	    !nethttp_origin_is_current(o)) {
		o->pid = task_tgid_vnr(current);
		o->host_pid = task_tgid_nr(current);
		strscpy_pad(o->comm, current->comm, sizeof(o->comm));
		o->known |= NETHTTP_ORIGIN_TASK;
	}
	if (o->known & NETHTTP_ORIGIN_UID)
		return;
	if (sk && sk_fullsock(sk)) {
		nethttp_origin_of_sock(o, sk);
		return;
	}
	if (egress)
		return;
	sk = nethttp_conn_lookup(c, !end);
	if (!sk)
		return;
	if (sk_fullsock(sk))
		nethttp_origin_of_sock(o, sk);
	sock_gen_put(sk);
}

/*
 * Who is behind the end of the connection where @ev, of direction @dir,
 * was taken: the sender's at egress, the receiver's at ingress, nobody's
 * when forwarded.
 */
static void nethttp_conn_attribute(struct nethttp_event *ev,
				   const struct nethttp_conn_ctx *c,
				   unsigned int dir)
{
	bool egress = ev->direction == NETHTTP_DIR_EGRESS;
	struct nethttp_origin *o;
	unsigned int end;

	if (!egress && ev->direction != NETHTTP_DIR_INGRESS) {
		ev->origin.known = 0;
		return;
	}
	end = egress ? dir : !dir;
	o = &c->origins[end];
	if (c->skb && c->state)
		nethttp_origin_learn(o, c, end, egress);
	ev->origin = *o;
}

static void nethttp_conn_emit(void *ctx, unsigned int dir,
			      struct nethttp_event *ev,
			      enum nethttp_parse_result result)
{
	const struct nethttp_conn_ctx *c = ctx;
	const struct nethttp_conn_key *key = c->key;
	unsigned int events;

	nethttp_stat_inc(NETHTTP_STAT_MESSAGES);
	if (result != NETHTTP_PARSE_OK) {
		nethttp_stat_inc(NETHTTP_STAT_MALFORMED);
		return;
	}
	nethttp_count_anomalies(ev->msg.anomalies);
	/* even when not shown: a request's Host is kept for its response */
	nethttp_redact(ev);
	events = nethttp_events_enabled() & nethttp_kind_events(ev->msg.kind);
	if (!events) {
		nethttp_stat_inc(NETHTTP_STAT_IGNORED);
		return;
	}
	ev->events = events;
	ev->timestamp_ns = ktime_mono_to_real(ev->timestamp_ns);
	ev->family = key->family;
	ev->protocol = IPPROTO_TCP;
	ev->sport = ntohs(key->port[dir]);
	ev->dport = ntohs(key->port[!dir]);
	memcpy(ev->saddr, key->addr[dir], sizeof(ev->saddr));
	memcpy(ev->daddr, key->addr[!dir], sizeof(ev->daddr));
	ev->netns = key->net->ns.inum;
	nethttp_conn_describe(ev, c, dir);
	nethttp_conn_attribute(ev, c, dir);
	if (ev->msg.truncated)
		nethttp_stat_inc(NETHTTP_STAT_TRUNCATED);
	nethttp_ring_push(nethttp_conn_ring, ev);
	nethttp_stat_inc(NETHTTP_STAT_EVENTS_QUEUED);
}

static const struct nethttp_stream_ops nethttp_conn_ops = {
	.copy = nethttp_conn_copy,
	.alloc = nethttp_conn_alloc,
	.free = nethttp_conn_free_block,
	.now = nethttp_conn_now,
	.emit = nethttp_conn_emit,
	.count = nethttp_conn_count,
};

/*
 * Which end of @tcp's connection comes first in its key: any order both
 * directions agree on will do, and whole words are cheaper than memcmp().
 */
static int nethttp_conn_src_first(const struct nethttp_packet_tcp *tcp)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tcp->saddr); i++)
		if (tcp->saddr[i] != tcp->daddr[i])
			return (__force u32)tcp->saddr[i] < (__force u32)tcp->daddr[i];
	return (__force u16)tcp->sport <= (__force u16)tcp->dport;
}

/* The key of @tcp's connection in @net, and which end sent it (0 or 1). */
static unsigned int nethttp_conn_key(struct nethttp_conn_key *key,
				     struct net *net, unsigned char family,
				     const struct nethttp_packet_tcp *tcp)
{
	unsigned int dir = !nethttp_conn_src_first(tcp);

	key->net = net;
	memcpy(key->addr[dir], tcp->saddr, sizeof(key->addr[dir]));
	memcpy(key->addr[!dir], tcp->daddr, sizeof(key->addr[!dir]));
	key->port[dir] = tcp->sport;
	key->port[!dir] = tcp->dport;
	key->family = family;
	return dir;
}

static struct hlist_head *nethttp_conn_bucket(const struct nethttp_conn_key *key)
{
	BUILD_BUG_ON(sizeof(*key) % sizeof(u64));
	return &nethttp_conn_table[jhash2((const u32 *)key,
					  sizeof(*key) / sizeof(u32),
					  nethttp_conn_seed) & nethttp_conn_mask];
}

static bool nethttp_conn_key_equal(const struct nethttp_conn_key *a,
				   const struct nethttp_conn_key *b)
{
	const u64 *x = (const u64 *)a, *y = (const u64 *)b;
	u64 diff = 0;
	unsigned int i;

	for (i = 0; i < sizeof(*a) / sizeof(u64); i++)
		diff |= x[i] ^ y[i];
	return !diff;
}

/* Under rcu_read_lock(), or the table lock. */
static struct nethttp_conn *nethttp_conn_find(struct hlist_head *bucket,
					      const struct nethttp_conn_key *key)
{
	struct nethttp_conn *conn;

	hlist_for_each_entry_rcu(conn, bucket, node,
				 lockdep_is_held(&nethttp_conn_lock))
		if (nethttp_conn_key_equal(&conn->key, key))
			return conn;
	return NULL;
}

static void nethttp_conn_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct nethttp_conn, rcu));
}

/*
 * A connection out of the table: a header block it was putting together
 * is reported as it is when @report. Softirqs off, under rcu_read_lock().
 */
static void nethttp_conn_drop(struct nethttp_conn *conn, bool report)
{
	struct nethttp_conn_ctx ctx = {
		.key = &conn->key,
		.conn = conn,
		.origins = conn->origins,
	};
	struct nethttp_event *ev = this_cpu_ptr(nethttp_conn_scratch);

	spin_lock(&conn->lock);
	conn->dead = true;
	if (report) {
		nethttp_stream_close(&conn->stream, 0, &nethttp_conn_ops, &ctx, ev);
		nethttp_stream_close(&conn->stream, 1, &nethttp_conn_ops, &ctx, ev);
		nethttp_stream_end(&conn->stream, &nethttp_conn_ops, &ctx);
	}
	nethttp_stream_release(&conn->stream, &nethttp_conn_ops, &ctx);
	spin_unlock(&conn->lock);
	nethttp_stat_dec(NETHTTP_STAT_CONNS_TRACKED);
	call_rcu(&conn->rcu, nethttp_conn_free_rcu);
}

/* Takes @conn out of the table unless someone did. Softirqs off, RCU. */
static bool nethttp_conn_remove(struct nethttp_conn *conn, bool report)
{
	bool unlinked = false;

	spin_lock(&nethttp_conn_lock);
	if (!hlist_unhashed(&conn->node)) {
		hlist_del_init_rcu(&conn->node);
		list_del(&conn->age);
		nethttp_conns--;
		unlinked = true;
	}
	spin_unlock(&nethttp_conn_lock);
	if (unlinked)
		nethttp_conn_drop(conn, report);
	return unlinked;
}

static void nethttp_conn_seen(struct nethttp_conn *conn, unsigned int dir,
			      const struct nf_hook_state *state)
{
	const struct net_device *dev;

	conn->hook[dir] = nethttp_hook_direction(state, &dev);
	conn->ifindex[dir] = dev ? dev->ifindex : 0;
	WRITE_ONCE(conn->last_seen, jiffies);
}

/*
 * Which connection makes room: of the few made first, the one idle the
 * longest, so that a busy keep-alive connection outlives newer idle ones
 * without a list kept in order of use, which every segment would have to
 * update under the table lock. Under the table lock, the table not empty.
 */
static struct nethttp_conn *nethttp_conn_victim(void)
{
	struct nethttp_conn *conn, *victim = NULL;
	unsigned int scanned = 0;

	list_for_each_entry(conn, &nethttp_conn_age, age) {
		if (!victim || time_before(READ_ONCE(conn->last_seen),
					   READ_ONCE(victim->last_seen)))
			victim = conn;
		if (++scanned == NETHTTP_CONN_EVICT_SCAN)
			break;
	}
	return victim;
}

/*
 * Starts following a connection whose first message @st has just seen,
 * in a segment that ended its direction if @fin. Returns false, leaving
 * @st to the caller, when it cannot. Softirqs off.
 */
static bool nethttp_conn_track(const struct nethttp_conn_key *key,
			       struct nethttp_stream *st,
			       const struct nethttp_origin *origins,
			       unsigned int dir, bool fin,
			       const struct nf_hook_state *state)
{
	struct hlist_head *bucket = nethttp_conn_bucket(key);
	struct nethttp_conn *conn, *victim = NULL;

	conn = kzalloc(sizeof(*conn), GFP_ATOMIC | __GFP_NOWARN);
	if (!conn)
		return false;
	spin_lock_init(&conn->lock);
	conn->key = *key;
	conn->stream = *st;
	memcpy(conn->origins, origins, sizeof(conn->origins));
	conn->fin = fin ? BIT(dir) : 0;
	nethttp_conn_seen(conn, dir, state);

	spin_lock(&nethttp_conn_lock);
	/* the other direction, on another CPU, may have been first */
	if (nethttp_conn_find(bucket, key)) {
		spin_unlock(&nethttp_conn_lock);
		kfree(conn);
		return false;
	}
	if (nethttp_conns >= conn_max) {
		victim = nethttp_conn_victim();
		hlist_del_init_rcu(&victim->node);
		list_del(&victim->age);
		nethttp_conns--;
	}
	hlist_add_head_rcu(&conn->node, bucket);
	list_add_tail(&conn->age, &nethttp_conn_age);
	WRITE_ONCE(nethttp_conns, nethttp_conns + 1);
	spin_unlock(&nethttp_conn_lock);
	nethttp_stat_inc(NETHTTP_STAT_CONNS_TRACKED);
	if (victim) {
		nethttp_stat_inc(NETHTTP_STAT_CONNS_EVICTED);
		nethttp_conn_drop(victim, true);
	}
	return true;
}

/* A segment of a tracked connection; returns whether it is done with. */
static bool nethttp_conn_follow(struct nethttp_conn *conn,
				struct nethttp_conn_ctx *ctx, unsigned int dir,
				const struct nethttp_segment *seg,
				const struct nethttp_packet_tcp *tcp,
				struct nethttp_event *ev)
{
	ctx->conn = conn;
	ctx->origins = conn->origins;
	nethttp_conn_seen(conn, dir, ctx->state);
	nethttp_stream_segment(&conn->stream, dir, seg, &nethttp_conn_ops, ctx,
			       ev);
	if (tcp->fin && !(conn->fin & BIT(dir))) {
		conn->fin |= BIT(dir);
		nethttp_stream_close(&conn->stream, dir, &nethttp_conn_ops, ctx,
				     ev);
	}
	return tcp->rst || conn->fin == (BIT(0) | BIT(1));
}

void nethttp_conn_observe(const struct sk_buff *skb,
			  const struct nf_hook_state *state,
			  const struct nethttp_packet_loc *loc, bool may_start)
{
	struct nethttp_packet_tcp tcp;
	struct nethttp_conn_key key;
	struct nethttp_conn_ctx ctx = {
		.key = &key,
		.skb = skb,
		.state = state,
		.payload_off = loc->payload_off,
	};
	struct nethttp_segment seg;
	struct nethttp_stream st;
	struct nethttp_origin origins[2];
	struct nethttp_conn *conn = NULL;
	struct nethttp_event *ev;
	unsigned int dir;
	bool done;

	if (!nethttp_packet_tcp(skb, loc, &tcp))
		return;
	dir = nethttp_conn_key(&key, state->net, loc->family, &tcp);
	seg.seq = tcp.seq;
	seg.len = loc->end - loc->payload_off;
	seg.packet_len = loc->end - loc->network_off;

	/* LOCAL_OUT may run in process context: keep softirqs off the scratch. */
	local_bh_disable();
	ev = this_cpu_ptr(nethttp_conn_scratch);
	if (READ_ONCE(nethttp_conns))
		conn = nethttp_conn_find(nethttp_conn_bucket(&key), &key);
	if (conn) {
		spin_lock(&conn->lock);
		if (!conn->dead) {
			done = nethttp_conn_follow(conn, &ctx, dir, &seg, &tcp, ev);
			spin_unlock(&conn->lock);
			if (done)
				nethttp_conn_remove(conn, true);
			goto out;
		}
		spin_unlock(&conn->lock);
	}
	if (!may_start || tcp.rst)
		goto out;

	memset(&st, 0, sizeof(st));
	memset(origins, 0, sizeof(origins));
	ctx.origins = origins;
	nethttp_stream_segment(&st, dir, &seg, &nethttp_conn_ops, &ctx, ev);
	/* worth following only once a message was framed or is being put together */
	if (st.flow[dir].state != NETHTTP_FLOW_RESYNC) {
		/*
		 * A request sent with its FIN still has its answer to come,
		 * and the answerer's FIN, which alone then ends the entry.
		 */
		if (tcp.fin)
			nethttp_stream_close(&st, dir, &nethttp_conn_ops, &ctx, ev);
		if (nethttp_conn_track(&key, &st, origins, dir, tcp.fin, state))
			goto out;
	}
	/* after a close above, a second one reports nothing */
	nethttp_stream_close(&st, dir, &nethttp_conn_ops, &ctx, ev);
	nethttp_stream_release(&st, &nethttp_conn_ops, &ctx);
out:
	local_bh_enable();
}

/*
 * A slice of the table per run, so a full sweep takes a few seconds; none
 * while nothing is followed.
 */
static void nethttp_conn_gc(struct work_struct *work)
{
	unsigned long timeout = (unsigned long)conn_timeout * HZ;
	unsigned int slice = (nethttp_conn_mask + 1) / NETHTTP_CONN_GC_SLICES;
	struct nethttp_conn *conn;
	unsigned int i;

	for (i = 0; i < max(slice, 1U) && READ_ONCE(nethttp_conns); i++) {
		struct hlist_head *bucket;

		bucket = &nethttp_conn_table[nethttp_conn_gc_next++ &
					     nethttp_conn_mask];
		if (hlist_empty(bucket))
			continue;
		local_bh_disable();
		rcu_read_lock();
		hlist_for_each_entry_rcu(conn, bucket, node)
			if (time_after(jiffies, READ_ONCE(conn->last_seen) + timeout) &&
			    nethttp_conn_remove(conn, true))
				nethttp_stat_inc(NETHTTP_STAT_CONNS_EXPIRED);
		rcu_read_unlock();
		local_bh_enable();
		if (!(i % 256))
			cond_resched();
	}
	queue_delayed_work(system_power_efficient_wq, &nethttp_conn_gc_work,
			   NETHTTP_CONN_GC_PERIOD);
}

/* Every connection for which @drop says so; in process context. */
static void nethttp_conn_sweep(bool (*drop)(const struct nethttp_conn *conn),
			       bool report)
{
	struct nethttp_conn *conn;
	unsigned int i;

	for (i = 0; i <= nethttp_conn_mask; i++) {
		local_bh_disable();
		rcu_read_lock();
		hlist_for_each_entry_rcu(conn, &nethttp_conn_table[i], node)
			if (drop(conn))
				nethttp_conn_remove(conn, report);
		rcu_read_unlock();
		local_bh_enable();
		if (!(i % 256))
			cond_resched();
	}
}

static bool nethttp_conn_of_dead_net(const struct nethttp_conn *conn)
{
	return !check_net(conn->key.net);
}

void nethttp_conn_net_exit_batch(struct list_head *net_exit_list)
{
	nethttp_conn_sweep(nethttp_conn_of_dead_net, true);
	/* a drop elsewhere (eviction, expiry) may still read the namespace */
	synchronize_rcu();
}

static bool nethttp_conn_any(const struct nethttp_conn *conn)
{
	return true;
}

int nethttp_conn_init(struct nethttp_ring *ring)
{
	unsigned int buckets;

	/* half the memory of the next size up, unless locks are debugged */
	BUILD_BUG_ON(!IS_ENABLED(CONFIG_DEBUG_SPINLOCK) &&
		     !IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC) &&
		     sizeof(struct nethttp_conn) > 512);
	if (!conn_max || conn_max > NETHTTP_CONN_MAX_LIMIT || !conn_timeout ||
	    header_max < NETHTTP_PAYLOAD_MAX || header_max > 65535) {
		pr_err("conn_max must be 1..%u, conn_timeout at least 1, header_max %u..65535\n",
		       NETHTTP_CONN_MAX_LIMIT, NETHTTP_PAYLOAD_MAX);
		return -EINVAL;
	}
	nethttp_stream_block_max = header_max;
	buckets = roundup_pow_of_two(max(conn_max, 256U));
	nethttp_conn_table = kvcalloc(buckets, sizeof(*nethttp_conn_table),
				      GFP_KERNEL);
	if (!nethttp_conn_table)
		return -ENOMEM;
	nethttp_conn_mask = buckets - 1;
	nethttp_conn_seed = get_random_u32();
	nethttp_conn_scratch = alloc_percpu(struct nethttp_event);
	if (!nethttp_conn_scratch)
		goto err_free_table;
	nethttp_conn_ring = ring;
	INIT_DEFERRABLE_WORK(&nethttp_conn_gc_work, nethttp_conn_gc);
	queue_delayed_work(system_power_efficient_wq, &nethttp_conn_gc_work,
			   NETHTTP_CONN_GC_PERIOD);
	return 0;

err_free_table:
	kvfree(nethttp_conn_table);
	return -ENOMEM;
}

void nethttp_conn_exit(void)
{
	cancel_delayed_work_sync(&nethttp_conn_gc_work);
	nethttp_conn_sweep(nethttp_conn_any, false);
	/* the connections' memory goes back in RCU callbacks */
	rcu_barrier();
	free_percpu(nethttp_conn_scratch);
	kvfree(nethttp_conn_table);
}
