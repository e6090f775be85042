/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_RING_H
#define _NETHTTP_RING_H

#include <linux/types.h>
#include <linux/wait.h>
#include "nethttp/event.h"

struct nethttp_ring;

#define NETHTTP_RING_SLOTS_MIN	8
#define NETHTTP_RING_SLOTS_MAX	65536

/* @slots_per_cpu: a power of two within the bounds above. */
struct nethttp_ring *nethttp_ring_create(unsigned int slots_per_cpu);
/* Sized by the ring_events parameter, which is checked and, if bad, logged. */
struct nethttp_ring *nethttp_ring_create_configured(void);
void nethttp_ring_destroy(struct nethttp_ring *ring);

/* Any context; overwrites the CPU's oldest event when its ring is full. */
void nethttp_ring_push(struct nethttp_ring *ring, const struct nethttp_event *ev);

/*
 * Woken a timer tick after a push, or at once when a CPU's pushes fill a
 * quarter of its ring, if anyone sleeps on it (see ring.c).
 */
wait_queue_head_t *nethttp_ring_wait_queue(struct nethttp_ring *ring);

/* The sequence number @cpu's next push will get. */
u64 nethttp_ring_next_seq(struct nethttp_ring *ring, int cpu);

/*
 * Whether @cpu's ring holds the event numbered *@seq, and its timestamp in
 * *@timestamp_ns. When events from *@seq on were overwritten, *@seq moves
 * to the oldest one left and the overwritten ones are added to *@lost.
 */
bool nethttp_ring_peek(struct nethttp_ring *ring, int cpu, u64 *seq,
		       u64 *lost, u64 *timestamp_ns);

/* The same, but copies the event to @ev and moves *@seq past it. */
bool nethttp_ring_fetch(struct nethttp_ring *ring, int cpu, u64 *seq,
			u64 *lost, struct nethttp_event *ev);

#endif /* _NETHTTP_RING_H */
