/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_HOOK_H
#define _NETHTTP_HOOK_H

#include "ring.h"

/*
 * Hooks every network namespace, present and future, into @ring: the local
 * hooks, and FORWARD too when the "forward" parameter says so.
 */
int nethttp_hook_init(struct nethttp_ring *ring);
void nethttp_hook_exit(void);

#endif /* _NETHTTP_HOOK_H */
