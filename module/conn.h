/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_CONN_H
#define _NETHTTP_CONN_H

#include <linux/netfilter.h>
#include "packet.h"
#include "ring.h"

/* Connections followed now: the hook looks them up only when there are some. */
extern unsigned int nethttp_conns;

/*
 * A TCP segment that nethttp_packet_locate() found: followed on its
 * connection if that is tracked, else looked at for a message start
 * when @may_start, which begins tracking it. Events go to the ring.
 */
void nethttp_conn_observe(const struct sk_buff *skb,
			  const struct nf_hook_state *state,
			  const struct nethttp_packet_loc *loc, bool may_start);

/* After the hooks of the namespaces on @net_exit_list are gone. */
void nethttp_conn_net_exit_batch(struct list_head *net_exit_list);

int nethttp_conn_init(struct nethttp_ring *ring);
#if IS_ENABLED(CONFIG_NETHTTP_KUNIT_TEST)
/*
 * What loading with conn_max, conn_timeout and header_mem does, for the
 * KUnit suite, which has no module to load: the next nethttp_conn_init()
 * takes them. Only in the test kernel.
 */
void nethttp_conn_set_limits(unsigned int max, unsigned int timeout,
			     unsigned long mem);
#endif
/* After every hook is gone. */
void nethttp_conn_exit(void);

#endif /* _NETHTTP_CONN_H */
