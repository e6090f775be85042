// SPDX-License-Identifier: GPL-2.0
/*
 * One ring of fixed-size event slots per CPU, so the packet path takes only
 * its own CPU's lock. An event is identified by its CPU and a sequence
 * number that only grows: slot = seq % slots. Readers keep, per CPU, the
 * sequence of the next event they want; one older than the ring's oldest
 * was overwritten and is counted as lost for that reader alone. A read
 * takes the oldest pending event across CPUs, so lines come out in time
 * order apart from events still being pushed on another CPU.
 */
#include <linux/cpuhotplug.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include "nethttp/format.h"
#include "ring.h"
#include "stats.h"

struct nethttp_ring_cpu {
	spinlock_t lock;		/* push vs. readers of this CPU's ring */
	u64 next_seq;			/* sequence the next push gets */
	struct nethttp_event *slots;
};

struct nethttp_ring {
	struct nethttp_ring_cpu __percpu *cpus;
	unsigned int slots;
	wait_queue_head_t wait;
	int cpuhp_state;		/* ours alone: one ring per state */
	struct hlist_node cpuhp_node;
};

struct nethttp_reader {
	struct nethttp_ring *ring;
	struct mutex lock;		/* one read() at a time per open file */
	u64 *next_seq;			/* per CPU: the next event to read */
	u64 lost;			/* missed, not yet reported */
	unsigned int types_left;	/* lines of *event still to write */
	unsigned int line_len;
	unsigned int line_off;		/* what of line[] was read already */
	struct nethttp_event *event;	/* copied out of the ring */
	char *line;
};

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
	nethttp_ring_free(ring);
}

void nethttp_ring_push(struct nethttp_ring *ring, const struct nethttp_event *ev)
{
	struct nethttp_ring_cpu *rc;
	struct nethttp_event *slot;
	unsigned long flags;

	local_irq_save(flags);
	rc = this_cpu_ptr(ring->cpus);
	spin_lock(&rc->lock);
	slot = &rc->slots[rc->next_seq & (ring->slots - 1)];
	memcpy(slot, ev, nethttp_event_size(ev));
	slot->seq = rc->next_seq;
	WRITE_ONCE(rc->next_seq, rc->next_seq + 1);
	spin_unlock(&rc->lock);
	local_irq_restore(flags);

	/* Implies the barrier that pairs with the waiter's. */
	if (wq_has_sleeper(&ring->wait))
		wake_up_interruptible(&ring->wait);
}

struct nethttp_reader *nethttp_reader_create(struct nethttp_ring *ring)
{
	struct nethttp_reader *reader;
	int cpu;

	/* charged to the opener's memory cgroup, like its other buffers */
	reader = kzalloc(sizeof(*reader), GFP_KERNEL_ACCOUNT);
	if (!reader)
		return NULL;
	reader->ring = ring;
	mutex_init(&reader->lock);
	reader->next_seq = kcalloc(nr_cpu_ids, sizeof(*reader->next_seq),
				   GFP_KERNEL_ACCOUNT);
	reader->event = kmalloc(sizeof(*reader->event), GFP_KERNEL_ACCOUNT);
	reader->line = kvmalloc(NETHTTP_LINE_MAX, GFP_KERNEL_ACCOUNT);
	if (!reader->next_seq || !reader->event || !reader->line) {
		nethttp_reader_destroy(reader);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		reader->next_seq[cpu] = READ_ONCE(per_cpu_ptr(ring->cpus, cpu)->next_seq);
	return reader;
}

void nethttp_reader_destroy(struct nethttp_reader *reader)
{
	if (!reader)
		return;
	kvfree(reader->line);
	kfree(reader->event);
	kfree(reader->next_seq);
	mutex_destroy(&reader->lock);
	kfree(reader);
}

static u64 nethttp_ring_first_seq(const struct nethttp_ring *ring,
				  const struct nethttp_ring_cpu *rc)
{
	return rc->next_seq > ring->slots ? rc->next_seq - ring->slots : 0;
}

/*
 * Under the CPU ring's lock: counts what the reader missed on that CPU and
 * returns the reader's next slot there, or NULL when it has read it all.
 */
static struct nethttp_event *nethttp_reader_slot(struct nethttp_reader *reader,
						 struct nethttp_ring_cpu *rc,
						 int cpu)
{
	struct nethttp_ring *ring = reader->ring;
	u64 first = nethttp_ring_first_seq(ring, rc);
	u64 *seq = &reader->next_seq[cpu];

	if (*seq < first) {
		reader->lost += first - *seq;
		*seq = first;
	}
	if (*seq >= rc->next_seq)
		return NULL;
	return &rc->slots[*seq & (ring->slots - 1)];
}

/*
 * Copies the oldest pending event into reader->event. Two passes over the
 * rings at most: if the chosen slot was overwritten between the look and
 * the take, what now stands at the reader's place on that CPU is taken
 * instead (the overwritten ones are counted lost). Retrying the look
 * instead would never end under a flood that laps the reader, since the
 * oldest slot is always the next one overwritten.
 */
static bool nethttp_reader_take(struct nethttp_reader *reader)
{
	struct nethttp_ring *ring = reader->ring;
	struct nethttp_ring_cpu *rc;
	struct nethttp_event *slot;
	unsigned long flags;
	u64 oldest_ts = 0;
	int cpu, oldest_cpu = -1;

	for_each_possible_cpu(cpu) {
		rc = per_cpu_ptr(ring->cpus, cpu);
		spin_lock_irqsave(&rc->lock, flags);
		slot = nethttp_reader_slot(reader, rc, cpu);
		if (slot && (oldest_cpu < 0 || slot->timestamp_ns < oldest_ts)) {
			oldest_cpu = cpu;
			oldest_ts = slot->timestamp_ns;
		}
		spin_unlock_irqrestore(&rc->lock, flags);
	}
	if (oldest_cpu < 0)
		return false;

	rc = per_cpu_ptr(ring->cpus, oldest_cpu);
	spin_lock_irqsave(&rc->lock, flags);
	/* never NULL: a ring only grows, and only this reader moves its place */
	slot = nethttp_reader_slot(reader, rc, oldest_cpu);
	memcpy(reader->event, slot, nethttp_event_size(slot));
	reader->next_seq[oldest_cpu]++;
	spin_unlock_irqrestore(&rc->lock, flags);
	return true;
}

/* Formats the next line: a loss report first, then the event's lines. */
static bool nethttp_reader_fill_line(struct nethttp_reader *reader)
{
	unsigned int type, len;

	for (;;) {
		if (reader->lost) {
			len = nethttp_format_lost(reader->line, NETHTTP_LINE_MAX,
						  reader->lost);
			nethttp_stat_add(NETHTTP_STAT_EVENTS_LOST, reader->lost);
			reader->lost = 0;
		} else if (reader->types_left) {
			type = reader->types_left & -reader->types_left;
			reader->types_left &= ~type;
			len = nethttp_format_event(reader->line, NETHTTP_LINE_MAX,
						   reader->event, type);
			if (!len)
				continue;	/* that name does not apply */
		} else if (nethttp_reader_take(reader)) {
			reader->types_left = reader->event->events & NETHTTP_EVENTS_ALL;
			nethttp_stat_inc(NETHTTP_STAT_EVENTS_DELIVERED);
			continue;
		} else if (reader->lost) {
			continue;
		} else {
			return false;
		}
		reader->line_len = len;
		reader->line_off = 0;
		return true;
	}
}

ssize_t nethttp_reader_read(struct nethttp_reader *reader, struct iov_iter *to)
{
	unsigned long preempted = current->nivcsw;
	ssize_t copied = 0;

	if (mutex_lock_interruptible(&reader->lock))
		return -ERESTARTSYS;
	while (iov_iter_count(to)) {
		unsigned int pending = reader->line_len - reader->line_off;
		size_t n, done;

		if (!pending) {
			/*
			 * Like a pipe: once something is read, return it when
			 * another task wants this CPU or a signal is pending,
			 * so no read() of any size holds the CPU. A preemptible
			 * kernel hands the CPU over at once instead of setting
			 * need_resched(): having been preempted says the same.
			 */
			if (copied && (need_resched() || signal_pending(current) ||
				       current->nivcsw != preempted))
				break;
			if (!nethttp_reader_fill_line(reader))
				break;
			continue;
		}
		n = min_t(size_t, pending, iov_iter_count(to));
		/* whole lines only, unless one line is more than the space */
		if (copied && n < pending)
			break;
		done = copy_to_iter(reader->line + reader->line_off, n, to);
		reader->line_off += done;
		copied += done;
		if (done < n) {
			if (!copied)
				copied = -EFAULT;
			break;
		}
	}
	mutex_unlock(&reader->lock);
	return copied ? copied : -EAGAIN;
}

bool nethttp_reader_ready(struct nethttp_reader *reader)
{
	struct nethttp_ring *ring = reader->ring;
	int cpu;

	if (READ_ONCE(reader->line_off) != READ_ONCE(reader->line_len) ||
	    READ_ONCE(reader->lost) || READ_ONCE(reader->types_left))
		return true;
	for_each_possible_cpu(cpu) {
		struct nethttp_ring_cpu *rc = per_cpu_ptr(ring->cpus, cpu);

		if (READ_ONCE(rc->next_seq) != READ_ONCE(reader->next_seq[cpu]))
			return true;
	}
	return false;
}

int nethttp_reader_wait(struct nethttp_reader *reader)
{
	return wait_event_interruptible(reader->ring->wait,
					nethttp_reader_ready(reader));
}

__poll_t nethttp_reader_poll(struct nethttp_reader *reader, struct file *file,
			     poll_table *wait)
{
	poll_wait(file, &reader->ring->wait, wait);
	/*
	 * Orders joining the wait queue before looking at the rings; pairs
	 * with the barrier in wq_has_sleeper() after a push, so that either
	 * the pusher sees this waiter or this sees the event.
	 */
	smp_mb();
	return nethttp_reader_ready(reader) ? EPOLLIN | EPOLLRDNORM : 0;
}
