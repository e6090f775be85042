// SPDX-License-Identifier: GPL-2.0
/*
 * The floor under any netfilter observer: hooks where nethttp has them
 * (IPv4 and IPv6, LOCAL_IN and LOCAL_OUT, every namespace, the same
 * priority) that accept every packet at once. The bench measures it next
 * to nethttp, so what nethttp costs beyond merely being called is known.
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/net_namespace.h>

static unsigned int nullhook_accept(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

#define NULLHOOK_OP(family, hooknumber) {		\
	.hook = nullhook_accept,			\
	.pf = family,					\
	.hooknum = hooknumber,				\
	.priority = NF_IP_PRI_LAST - 1,			\
}

static const struct nf_hook_ops nullhook_ops[] = {
	NULLHOOK_OP(NFPROTO_IPV4, NF_INET_LOCAL_IN),
	NULLHOOK_OP(NFPROTO_IPV4, NF_INET_LOCAL_OUT),
	NULLHOOK_OP(NFPROTO_IPV6, NF_INET_LOCAL_IN),
	NULLHOOK_OP(NFPROTO_IPV6, NF_INET_LOCAL_OUT),
};

static int __net_init nullhook_net_init(struct net *net)
{
	return nf_register_net_hooks(net, nullhook_ops, ARRAY_SIZE(nullhook_ops));
}

static void __net_exit nullhook_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, nullhook_ops, ARRAY_SIZE(nullhook_ops));
}

static struct pernet_operations nullhook_net_ops = {
	.init = nullhook_net_init,
	.exit = nullhook_net_exit,
};

static int __init nullhook_init(void)
{
	return register_pernet_subsys(&nullhook_net_ops);
}

static void __exit nullhook_exit(void)
{
	unregister_pernet_subsys(&nullhook_net_ops);
}

module_init(nullhook_init);
module_exit(nullhook_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nethttp bench: netfilter hooks that do nothing");
