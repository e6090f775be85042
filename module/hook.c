// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks in every network namespace. They only observe: every
 * packet is accepted unchanged. While no connection is followed, packets
 * that cannot start an HTTP message cost a header lookup and a prefix
 * test, and touch nothing shared but this CPU's counter; once some are,
 * every TCP segment is looked up among them (conn.c).
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/route.h>
#include <net/netns/generic.h>
#include "conn.h"
#include "hook.h"
#include "packet.h"
#include "stats.h"

/* After every filter, so only what is really delivered or sent is seen. */
#define NETHTTP_HOOK_PRIORITY	(NF_IP_PRI_LAST - 1)

static unsigned int nethttp_hook_count;

/* Where each local hook is in nethttp_local_ops[] and nethttp_net.hooked. */
enum {
	NETHTTP_OP_IPV4_IN,
	NETHTTP_OP_IPV4_OUT,
	NETHTTP_OP_IPV6_IN,
	NETHTTP_OP_IPV6_OUT,
	NETHTTP_LOCAL_OPS,
};

/* Which of the hook ops this namespace has registered. */
struct nethttp_net {
	unsigned long hooked;
};

static unsigned int nethttp_net_id __read_mostly;

/*
 * A segment that arrives on a loopback device left through LOCAL_OUT of
 * this very namespace a moment ago, and was seen there, unless that hook
 * could not be registered: seen again it could only be a duplicate, and
 * looking it up would cost as much as a message's parse, or, when its
 * connection was dropped in between (a FIN, an eviction), would take it
 * for a new one. Not so for what IP put together from fragments, which
 * LOCAL_OUT saw only in pieces, nor, for IPv4, for a packet that did not
 * come through IP's output at all (a packet socket writing to lo): it
 * arrives without the output route that loopback keeps.
 */
static __always_inline bool nethttp_seen_leaving(const struct sk_buff *skb,
						 const struct nf_hook_state *state,
						 unsigned char family)
{
	const struct nethttp_net *nn;

	if (state->hook != NF_INET_LOCAL_IN || !state->in ||
	    !(state->in->flags & IFF_LOOPBACK))
		return false;
	if (family == 4) {
		const struct rtable *rt = skb_rtable(skb);

		if (!rt || rt_is_input_route(rt) || IPCB(skb)->frag_max_size)
			return false;
	} else if (IP6CB(skb)->flags & IP6SKB_FRAGMENTED) {
		return false;
	}
	nn = net_generic(state->net, nethttp_net_id);
	return test_bit(family == 4 ? NETHTTP_OP_IPV4_OUT : NETHTTP_OP_IPV6_OUT,
			&nn->hooked);
}

static __always_inline void nethttp_observe(struct sk_buff *skb,
					    const struct nf_hook_state *state,
					    unsigned char family)
{
	struct nethttp_packet_loc loc;
	enum nethttp_locate found;

	nethttp_stat_inc(NETHTTP_STAT_PACKETS_INSPECTED);
	if (nethttp_seen_leaving(skb, state, family))
		return;
	found = nethttp_packet_locate(skb, family, &loc);
	/*
	 * A message start needs more; so does, while some connection is
	 * followed, a segment with payload or one that may end one.
	 */
	if (found == NETHTTP_LOCATE_START ||
	    (found == NETHTTP_LOCATE_TCP && READ_ONCE(nethttp_conns) &&
	     (loc.payload_off < loc.end || loc.fin_or_rst)))
		nethttp_conn_observe(skb, state, &loc,
				     found == NETHTTP_LOCATE_START);
}

static unsigned int nethttp_hook_ipv4(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	nethttp_observe(skb, state, 4);
	return NF_ACCEPT;
}

static unsigned int nethttp_hook_ipv6(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	nethttp_observe(skb, state, 6);
	return NF_ACCEPT;
}

static bool forward;
module_param(forward, bool, 0444);
MODULE_PARM_DESC(forward, "Also watch forwarded packets (FORWARD hook); default off");

static const struct nf_hook_ops nethttp_local_ops[NETHTTP_LOCAL_OPS] = {
	[NETHTTP_OP_IPV4_IN] = {
		.hook = nethttp_hook_ipv4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NETHTTP_HOOK_PRIORITY,
	},
	[NETHTTP_OP_IPV4_OUT] = {
		.hook = nethttp_hook_ipv4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NETHTTP_HOOK_PRIORITY,
	},
	[NETHTTP_OP_IPV6_IN] = {
		.hook = nethttp_hook_ipv6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NETHTTP_HOOK_PRIORITY,
	},
	[NETHTTP_OP_IPV6_OUT] = {
		.hook = nethttp_hook_ipv6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NETHTTP_HOOK_PRIORITY,
	},
};

static const struct nf_hook_ops nethttp_forward_ops[] = {
	{
		.hook = nethttp_hook_ipv4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_FORWARD,
		.priority = NETHTTP_HOOK_PRIORITY,
	},
	{
		.hook = nethttp_hook_ipv6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_FORWARD,
		.priority = NETHTTP_HOOK_PRIORITY,
	},
};

/* Numbered across both arrays, local first: what nethttp_net.hooked indexes. */
static const struct nf_hook_ops *nethttp_hook_op(unsigned int i)
{
	if (i < ARRAY_SIZE(nethttp_local_ops))
		return &nethttp_local_ops[i];
	return &nethttp_forward_ops[i - ARRAY_SIZE(nethttp_local_ops)];
}

/*
 * A namespace whose hooks cannot all be registered is watched where it
 * can be, logged and counted, and never fails: failing would fail the
 * module's load, or the creation of that namespace, and anyone who can
 * create a namespace can fill its hook slots (1024 nft base chains).
 */
static int __net_init nethttp_net_init(struct net *net)
{
	struct nethttp_net *nn = net_generic(net, nethttp_net_id);
	unsigned int i, missing = 0;
	int err, first_err = 0;

	for (i = 0; i < nethttp_hook_count; i++) {
		err = nf_register_net_hook(net, nethttp_hook_op(i));
		if (!err) {
			__set_bit(i, &nn->hooked);
			continue;
		}
		missing++;
		if (!first_err)
			first_err = err;
	}
	if (missing) {
		nethttp_stat_inc(NETHTTP_STAT_NETNS_UNMONITORED);
		pr_warn_ratelimited("netns %u: %u of %u hooks not registered (error %d): traffic through them is not seen\n",
				    net->ns.inum, missing, nethttp_hook_count,
				    first_err);
	}
	return 0;
}

/*
 * Before the namespace's grace period: once it has passed, no hook runs
 * there any more, and nethttp_conn_net_exit_batch() can drop what it held.
 */
static void __net_exit nethttp_net_pre_exit(struct net *net)
{
	struct nethttp_net *nn = net_generic(net, nethttp_net_id);
	unsigned int i;

	for (i = 0; i < nethttp_hook_count; i++)
		if (test_bit(i, &nn->hooked))
			nf_unregister_net_hook(net, nethttp_hook_op(i));
	if (nn->hooked != GENMASK(nethttp_hook_count - 1, 0))
		nethttp_stat_dec(NETHTTP_STAT_NETNS_UNMONITORED);
}

static struct pernet_operations nethttp_net_ops = {
	.init = nethttp_net_init,
	.pre_exit = nethttp_net_pre_exit,
	.exit_batch = nethttp_conn_net_exit_batch,
	.id = &nethttp_net_id,
	.size = sizeof(struct nethttp_net),
};

int nethttp_hook_init(struct nethttp_ring *ring)
{
	int err;

	BUILD_BUG_ON(ARRAY_SIZE(nethttp_local_ops) +
		     ARRAY_SIZE(nethttp_forward_ops) > BITS_PER_LONG);

	err = nethttp_conn_init(ring);
	if (err)
		return err;
	nethttp_hook_count = ARRAY_SIZE(nethttp_local_ops);
	if (forward)
		nethttp_hook_count += ARRAY_SIZE(nethttp_forward_ops);
	err = register_pernet_subsys(&nethttp_net_ops);
	if (err)
		goto err_conn_exit;
	return 0;

err_conn_exit:
	nethttp_conn_exit();
	return err;
}

void nethttp_hook_exit(void)
{
	unregister_pernet_subsys(&nethttp_net_ops);
	/* Another CPU may still be inside a hook until a grace period ends. */
	synchronize_net();
	nethttp_conn_exit();
}
