/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_STATS_H
#define _NETHTTP_STATS_H

#include <linux/percpu.h>
#include <linux/sysfs.h>

/*
 * messages = malformed + ignored + events_queued; events_delivered and
 * events_lost are summed over readers and counted in messages, not lines.
 * netns_unmonitored is no count but a level: the namespaces alive now that
 * lack some of the module's hooks.
 */
enum nethttp_stat {
	NETHTTP_STAT_PACKETS_INSPECTED,
	NETHTTP_STAT_MESSAGES,
	NETHTTP_STAT_MALFORMED,
	NETHTTP_STAT_TRUNCATED,
	NETHTTP_STAT_IGNORED,
	NETHTTP_STAT_EVENTS_QUEUED,
	NETHTTP_STAT_EVENTS_DELIVERED,
	NETHTTP_STAT_EVENTS_LOST,
	NETHTTP_STAT_NETNS_UNMONITORED,
	NETHTTP_STAT_COUNT,
};

struct nethttp_counters {
	unsigned long count[NETHTTP_STAT_COUNT];
};

DECLARE_PER_CPU(struct nethttp_counters, nethttp_counters);

static inline void nethttp_stat_inc(enum nethttp_stat stat)
{
	this_cpu_inc(nethttp_counters.count[stat]);
}

static inline void nethttp_stat_add(enum nethttp_stat stat, unsigned long n)
{
	this_cpu_add(nethttp_counters.count[stat], n);
}

static inline void nethttp_stat_dec(enum nethttp_stat stat)
{
	this_cpu_dec(nethttp_counters.count[stat]);
}

u64 nethttp_stat_read(enum nethttp_stat stat);

/* The "stats" directory of the device: one read-only file per counter. */
extern const struct attribute_group *nethttp_stats_groups[];

#endif /* _NETHTTP_STATS_H */
