// SPDX-License-Identifier: GPL-2.0
/*
 * Counters are per CPU so the packet path never shares a cache line with
 * another CPU; they are summed only when someone reads them. Only root
 * reads them (0400): they tell of every namespace's traffic.
 */
#include <linux/device.h>
#include "stats.h"

DEFINE_PER_CPU(struct nethttp_counters, nethttp_counters);

u64 nethttp_stat_read(enum nethttp_stat stat)
{
	/* in the counters' own width: a level raised on one CPU may fall on another */
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(&nethttp_counters, cpu)->count[stat]);
	return sum;
}

struct nethttp_stat_attribute {
	struct device_attribute attr;
	enum nethttp_stat stat;
};

static ssize_t nethttp_stat_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	const struct nethttp_stat_attribute *sa =
		container_of(attr, struct nethttp_stat_attribute, attr);

	return sysfs_emit(buf, "%llu\n", nethttp_stat_read(sa->stat));
}

#define NETHTTP_STAT_ATTR(_name, _stat)					\
	static struct nethttp_stat_attribute nethttp_stat_attr_##_name = {	\
		.attr = __ATTR(_name, 0400, nethttp_stat_show, NULL),		\
		.stat = _stat,							\
	}

NETHTTP_STAT_ATTR(packets_inspected, NETHTTP_STAT_PACKETS_INSPECTED);
NETHTTP_STAT_ATTR(messages, NETHTTP_STAT_MESSAGES);
NETHTTP_STAT_ATTR(malformed, NETHTTP_STAT_MALFORMED);
NETHTTP_STAT_ATTR(truncated, NETHTTP_STAT_TRUNCATED);
NETHTTP_STAT_ATTR(ignored, NETHTTP_STAT_IGNORED);
NETHTTP_STAT_ATTR(events_queued, NETHTTP_STAT_EVENTS_QUEUED);
NETHTTP_STAT_ATTR(events_delivered, NETHTTP_STAT_EVENTS_DELIVERED);
NETHTTP_STAT_ATTR(events_lost, NETHTTP_STAT_EVENTS_LOST);
NETHTTP_STAT_ATTR(netns_unmonitored, NETHTTP_STAT_NETNS_UNMONITORED);

static struct attribute *nethttp_stat_attrs[] = {
	&nethttp_stat_attr_packets_inspected.attr.attr,
	&nethttp_stat_attr_messages.attr.attr,
	&nethttp_stat_attr_malformed.attr.attr,
	&nethttp_stat_attr_truncated.attr.attr,
	&nethttp_stat_attr_ignored.attr.attr,
	&nethttp_stat_attr_events_queued.attr.attr,
	&nethttp_stat_attr_events_delivered.attr.attr,
	&nethttp_stat_attr_events_lost.attr.attr,
	&nethttp_stat_attr_netns_unmonitored.attr.attr,
	NULL,
};

static const struct attribute_group nethttp_stats_group = {
	.name = "stats",
	.attrs = nethttp_stat_attrs,
};

const struct attribute_group *nethttp_stats_groups[] = {
	&nethttp_stats_group,
	NULL,
};
