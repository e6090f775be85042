// SPDX-License-Identifier: GPL-2.0
/*
 * What one open of /dev/nethttp reads: its own place in every CPU's ring
 * (see ring.c), events copied out one at a time and turned into lines,
 * and a loss line for what was overwritten before it got there. A read
 * takes the oldest pending event across CPUs, so lines come out in time
 * order apart from events still being pushed on another CPU.
 */
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "nethttp/format.h"
#include "reader.h"
#include "stats.h"

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
		reader->next_seq[cpu] = nethttp_ring_next_seq(ring, cpu);
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
	u64 ts, oldest_ts = 0;
	int cpu, oldest_cpu = -1;
	bool taken;

	for_each_possible_cpu(cpu) {
		if (nethttp_ring_peek(ring, cpu, &reader->next_seq[cpu],
				      &reader->lost, &ts) &&
		    (oldest_cpu < 0 || ts < oldest_ts)) {
			oldest_cpu = cpu;
			oldest_ts = ts;
		}
	}
	if (oldest_cpu < 0)
		return false;
	/* a ring only grows, and only this reader moves its place */
	taken = nethttp_ring_fetch(ring, oldest_cpu,
				   &reader->next_seq[oldest_cpu],
				   &reader->lost, reader->event);
	WARN_ON_ONCE(!taken);
	return taken;
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
	for_each_possible_cpu(cpu)
		if (nethttp_ring_next_seq(ring, cpu) !=
		    READ_ONCE(reader->next_seq[cpu]))
			return true;
	return false;
}

int nethttp_reader_wait(struct nethttp_reader *reader)
{
	return wait_event_interruptible(*nethttp_ring_wait_queue(reader->ring),
					nethttp_reader_ready(reader));
}

__poll_t nethttp_reader_poll(struct nethttp_reader *reader, struct file *file,
			     poll_table *wait)
{
	poll_wait(file, nethttp_ring_wait_queue(reader->ring), wait);
	/*
	 * Orders joining the wait queue before looking at the rings; pairs
	 * with the barrier in wq_has_sleeper() after a push, so that either
	 * the pusher sees this waiter or this sees the event.
	 */
	smp_mb();
	return nethttp_reader_ready(reader) ? EPOLLIN | EPOLLRDNORM : 0;
}
