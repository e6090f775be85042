/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's counters, one file each in the device's sysfs directory
 * NETHTTP_STATS_DIR (/sys/class/misc/nethttp/stats/), named as listed here;
 * the reader's --stats prints them in this order.
 *
 * messages = malformed + ignored + events_queued; events_delivered and
 * events_lost are summed over readers and counted in messages, not lines.
 * netns_unmonitored is no count but a level: the namespaces alive now that
 * lack some of the module's hooks.
 */
#ifndef NETHTTP_STATS_H
#define NETHTTP_STATS_H

#define NETHTTP_STATS_DIR	"stats"

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

/* Each counter's file name, indexed by enum nethttp_stat (in names.c). */
extern const char *const nethttp_stat_names[NETHTTP_STAT_COUNT];

#endif /* NETHTTP_STATS_H */
