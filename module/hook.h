/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_HOOK_H
#define _NETHTTP_HOOK_H

#include "ring.h"

/* Hooks every network namespace, present and future, into @ring. */
int nethttp_hook_init(struct nethttp_ring *ring, bool forward);
void nethttp_hook_exit(void);

/* The enum nethttp_event_type mask events are emitted for; see main.c. */
unsigned int nethttp_events_enabled(void);

#endif /* _NETHTTP_HOOK_H */
