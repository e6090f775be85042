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

/* Named by nethttp_stats_init(). */
static struct nethttp_stat_attribute nethttp_stat_attrs[NETHTTP_STAT_COUNT];
static char nethttp_stat_files[NETHTTP_STAT_COUNT][NETHTTP_STAT_NAME_MAX];
static struct attribute *nethttp_stat_attr_list[NETHTTP_STAT_COUNT + 1];

void nethttp_stats_init(void)
{
	unsigned int i;

	for (i = 0; i < NETHTTP_STAT_COUNT; i++) {
		struct nethttp_stat_attribute *sa = &nethttp_stat_attrs[i];

		sysfs_attr_init(&sa->attr.attr);
		nethttp_stat_name(nethttp_stat_files[i], NETHTTP_STAT_NAME_MAX, i);
		sa->attr.attr.name = nethttp_stat_files[i];
		sa->attr.attr.mode = 0400;
		sa->attr.show = nethttp_stat_show;
		sa->stat = i;
		nethttp_stat_attr_list[i] = &sa->attr.attr;
	}
}

static const struct attribute_group nethttp_stats_group = {
	.name = NETHTTP_STATS_DIR,
	.attrs = nethttp_stat_attr_list,
};

const struct attribute_group *nethttp_stats_groups[] = {
	&nethttp_stats_group,
	NULL,
};
