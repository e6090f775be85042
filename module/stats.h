/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_STATS_H
#define _NETHTTP_STATS_H

#include <linux/percpu.h>
#include <linux/sysfs.h>
#include "nethttp/stats.h"

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

/*
 * The NETHTTP_STATS_DIR directory of the device: one read-only file per
 * counter, once nethttp_stats_init() has named them.
 */
void nethttp_stats_init(void);
extern const struct attribute_group *nethttp_stats_groups[];

#endif /* _NETHTTP_STATS_H */
