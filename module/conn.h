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
/* After every hook is gone. */
void nethttp_conn_exit(void);

#endif /* _NETHTTP_CONN_H */
