// SPDX-License-Identifier: GPL-2.0
/*
 * One ring of fixed-size event slots per CPU, so the packet path takes only
 * its own CPU's lock. An event is identified by its CPU and a sequence
 * number that only grows: slot = seq % slots. Whoever reads keeps its own
 * sequence per CPU (see reader.c); one older than the ring's oldest was
 * overwritten, and the fetch that finds so says how many were lost.
 */
#include <linux/cpuhotplug.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include "ring.h"

/*
 * A sleeping reader is woken once a CPU has pushed a quarter of its ring
 * since that reader slept, or a timer tick after the first such push,
 * whichever comes first: not after every push. Waking a task costs far
 * more than an event, and a reader woken per event reads one event per
 * read(); woken per batch it reads the batch in one. The tick bounds how
 * late a line can be (1-10 ms), the quarter ring keeps the batch well
 * clear of overwriting.
 */
#define NETHTTP_RING_WAKE_FRACTION	4

struct nethttp_ring_cpu {
	spinlock_t lock;		/* push vs. readers of this CPU's ring */
	u64 next_seq;			/* sequence the next push gets */
	/* pushed while a reader slept, since this CPU last woke them */
	unsigned int unwoken;
	struct nethttp_event *slots;
};

struct nethttp_ring {
	struct nethttp_ring_cpu __percpu *cpus;
	unsigned int slots;
	wait_queue_head_t wait;
	/* wakes sleeping readers a tick after the first event they miss */
	struct timer_list wake_timer;
	int cpuhp_state;		/* ours alone: one ring per state */
	struct hlist_node cpuhp_node;
};

static void nethttp_ring_wake_timer(struct timer_list *t)
{
	struct nethttp_ring *ring = from_timer(ring, t, wake_timer);

	wake_up_interruptible(&ring->wait);
}

/*
 * Slots for a CPU about to come online (and, at create, for each online
 * CPU), so possible CPUs that never run cost nothing. They stay when the
 * CPU goes offline: its events are still to be read. A reader never
 * touches a CPU's slots before that CPU has pushed, and a CPU pushes only
 * once this has run for it.
 */
static int nethttp_ring_cpu_prepare(unsigned int cpu, struct hlist_node *node)
{
	struct nethttp_ring *ring = hlist_entry(node, struct nethttp_ring,
						cpuhp_node);
	struct nethttp_ring_cpu *rc = per_cpu_ptr(ring->cpus, cpu);
	struct nethttp_event *slots;
	unsigned long flags;

	if (rc->slots)
		return 0;
	/*
	 * vmalloc, not kvmalloc: a slab or page allocation of a few MB would
	 * be rounded up to a power of two pages, taking up to twice what
	 * ring_events asks for.
	 */
	slots = vzalloc_node(array_size(ring->slots, sizeof(*slots)),
			     cpu_to_node(cpu));
	if (!slots)
		return -ENOMEM;
	spin_lock_irqsave(&rc->lock, flags);
	rc->slots = slots;
	spin_unlock_irqrestore(&rc->lock, flags);
	return 0;
}

static void nethttp_ring_free(struct nethttp_ring *ring)
{
	int cpu;

	for_each_possible_cpu(cpu)
		vfree(per_cpu_ptr(ring->cpus, cpu)->slots);
	free_percpu(ring->cpus);
	kfree(ring);
}

static unsigned int ring_events = 256;
module_param(ring_events, uint, 0444);
MODULE_PARM_DESC(ring_events,
		 "Events kept per CPU before the oldest is overwritten (power of two, 8..65536); default 256");

struct nethttp_ring *nethttp_ring_create(unsigned int slots_per_cpu)
{
	struct nethttp_ring *ring;
	int cpu, err;

	if (slots_per_cpu < NETHTTP_RING_SLOTS_MIN ||
	    slots_per_cpu > NETHTTP_RING_SLOTS_MAX ||
	    !is_power_of_2(slots_per_cpu))
		return ERR_PTR(-EINVAL);

	ring = kzalloc(sizeof(*ring), GFP_KERNEL);
	if (!ring)
		return ERR_PTR(-ENOMEM);
	ring->slots = slots_per_cpu;
	init_waitqueue_head(&ring->wait);
	timer_setup(&ring->wake_timer, nethttp_ring_wake_timer, 0);
	ring->cpus = alloc_percpu(struct nethttp_ring_cpu);
	if (!ring->cpus) {
		kfree(ring);
		return ERR_PTR(-ENOMEM);
	}
	for_each_possible_cpu(cpu)
		spin_lock_init(&per_cpu_ptr(ring->cpus, cpu)->lock);

	err = cpuhp_setup_state_multi(CPUHP_BP_PREPARE_DYN, "nethttp/ring:prepare",
				      nethttp_ring_cpu_prepare, NULL);
	if (err < 0)
		goto err_free_ring;
	ring->cpuhp_state = err;
	err = cpuhp_state_add_instance(ring->cpuhp_state, &ring->cpuhp_node);
	if (err)
		goto err_remove_state;
	return ring;

err_remove_state:
	cpuhp_remove_multi_state(ring->cpuhp_state);
err_free_ring:
	nethttp_ring_free(ring);
	return ERR_PTR(err);
}

void nethttp_ring_destroy(struct nethttp_ring *ring)
{
	if (!ring)
		return;
	cpuhp_state_remove_instance_nocalls(ring->cpuhp_state, &ring->cpuhp_node);
	cpuhp_remove_multi_state(ring->cpuhp_state);
	/* no push arms it any more: the hooks are gone */
	del_timer_sync(&ring->wake_timer);
	nethttp_ring_free(ring);
}

void nethttp_ring_push(struct nethttp_ring *ring, const struct nethttp_event *ev)
{
	struct nethttp_ring_cpu *rc;
	struct nethttp_event *slot;
	unsigned long flags;
	bool sleeper, wake_now = false;

	local_irq_save(flags);
	rc = this_cpu_ptr(ring->cpus);
	spin_lock(&rc->lock);
	slot = &rc->slots[rc->next_seq & (ring->slots - 1)];
	nethttp_event_copy(slot, ev);
	slot->seq = rc->next_seq;
	WRITE_ONCE(rc->next_seq, rc->next_seq + 1);
	/* Implies the barrier that pairs with the waiter's. */
	sleeper = wq_has_sleeper(&ring->wait);
	if (sleeper && ++rc->unwoken >= ring->slots / NETHTTP_RING_WAKE_FRACTION) {
		rc->unwoken = 0;
		wake_now = true;
	}
	spin_unlock(&rc->lock);
	local_irq_restore(flags);

	if (wake_now)
		wake_up_interruptible(&ring->wait);
	else if (sleeper && !timer_pending(&ring->wake_timer))
		/* a timer still pending wakes them after this push anyway */
		mod_timer(&ring->wake_timer, jiffies + 1);
}

struct nethttp_ring *nethttp_ring_create_configured(void)
{
	struct nethttp_ring *ring = nethttp_ring_create(ring_events);

	if (PTR_ERR_OR_ZERO(ring) == -EINVAL)
		pr_err("ring_events=%u: need a power of two in %u..%u\n",
		       ring_events, NETHTTP_RING_SLOTS_MIN, NETHTTP_RING_SLOTS_MAX);
	return ring;
}

u64 nethttp_ring_next_seq(struct nethttp_ring *ring, int cpu)
{
	return READ_ONCE(per_cpu_ptr(ring->cpus, cpu)->next_seq);
}

wait_queue_head_t *nethttp_ring_wait_queue(struct nethttp_ring *ring)
{
	return &ring->wait;
}

static u64 nethttp_ring_first_seq(const struct nethttp_ring *ring,
				  const struct nethttp_ring_cpu *rc)
{
	return rc->next_seq > ring->slots ? rc->next_seq - ring->slots : 0;
}

/*
 * Under the CPU ring's lock: moves *@seq past what was overwritten,
 * counting it in *@lost, and returns the slot at *@seq, or NULL when
 * nothing is there yet.
 */
static struct nethttp_event *nethttp_ring_slot(struct nethttp_ring *ring,
					       struct nethttp_ring_cpu *rc,
					       u64 *seq, u64 *lost)
{
	u64 first = nethttp_ring_first_seq(ring, rc);

	if (*seq < first) {
		*lost += first - *seq;
		*seq = first;
	}
	if (*seq >= rc->next_seq)
		return NULL;
	return &rc->slots[*seq & (ring->slots - 1)];
}

bool nethttp_ring_peek(struct nethttp_ring *ring, int cpu, u64 *seq,
		       u64 *lost, u64 *timestamp_ns)
{
	struct nethttp_ring_cpu *rc = per_cpu_ptr(ring->cpus, cpu);
	struct nethttp_event *slot;
	unsigned long flags;

	/*
	 * A reader looks at every CPU's ring for each event it takes; most
	 * have nothing new, and need not be locked to tell. A push that
	 * races with this look is found by the next one.
	 */
	if (READ_ONCE(rc->next_seq) == *seq)
		return false;
	spin_lock_irqsave(&rc->lock, flags);
	slot = nethttp_ring_slot(ring, rc, seq, lost);
	if (slot)
		*timestamp_ns = slot->timestamp_ns;
	spin_unlock_irqrestore(&rc->lock, flags);
	return slot;
}

bool nethttp_ring_fetch(struct nethttp_ring *ring, int cpu, u64 *seq,
			u64 *lost, struct nethttp_event *ev)
{
	struct nethttp_ring_cpu *rc = per_cpu_ptr(ring->cpus, cpu);
	struct nethttp_event *slot;
	unsigned long flags;

	spin_lock_irqsave(&rc->lock, flags);
	slot = nethttp_ring_slot(ring, rc, seq, lost);
	if (slot) {
		nethttp_event_copy(ev, slot);
		(*seq)++;
	}
	spin_unlock_irqrestore(&rc->lock, flags);
	return slot;
}
