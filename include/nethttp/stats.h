/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's counters, one file each in the device's sysfs directory
 * NETHTTP_STATS_DIR (/sys/class/misc/nethttp/stats/), named as listed here;
 * the reader's --stats prints them in this order.
 *
 * messages = malformed + ignored + events_queued; events_delivered and
 * events_lost are summed over readers and counted in messages, not lines.
 * netns_unmonitored, conns_tracked and header_memory are no counts but
 * levels: the namespaces alive now that lack some of the module's hooks,
 * the connections followed now, and the bytes partial header blocks and
 * copies of pipelined requests hold.
 */
#ifndef NETHTTP_STATS_H
#define NETHTTP_STATS_H

#include "parser.h"

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
	NETHTTP_STAT_CONNS_TRACKED,
	/* dropped to make room for a new one, oldest first */
	NETHTTP_STAT_CONNS_EVICTED,
	/* dropped after conn_timeout seconds without a segment */
	NETHTTP_STAT_CONNS_EXPIRED,
	/* the nethttp_stream_stat counters, in their order */
	NETHTTP_STAT_BLOCKS_REASSEMBLED,
	NETHTTP_STAT_DUPLICATE_BYTES,
	NETHTTP_STAT_RESYNCS,
	NETHTTP_STAT_HEADERS_TOO_LONG,
	NETHTTP_STAT_HEADERS_NO_MEMORY,
	NETHTTP_STAT_PENDING_OVERFLOW,
	NETHTTP_STAT_RESPONSES_UNPAIRED,
	NETHTTP_STAT_REQUESTS_UNANSWERED,
	NETHTTP_STAT_PENDING_NO_MEMORY,
	NETHTTP_STAT_HEADER_MEMORY,
	/* messages with each enum nethttp_anomaly, in its order */
	NETHTTP_STAT_ANOMALY_FIRST,
	NETHTTP_STAT_COUNT = NETHTTP_STAT_ANOMALY_FIRST + NETHTTP_ANOMALY_COUNT,
};

/* A counter's file is named "anomaly_" and the anomaly's name. */
#define NETHTTP_STAT_ANOMALY_PREFIX	"anomaly_"
/* Room for any counter's file name, with its NUL. */
#define NETHTTP_STAT_NAME_MAX		48

/*
 * Writes the file name of counter @stat (enum nethttp_stat) to @buf, NUL-
 * terminated; returns its length, or 0 (and "") for no such counter or a
 * @size below NETHTTP_STAT_NAME_MAX.
 */
unsigned int nethttp_stat_name(char *buf, unsigned int size, unsigned int stat);

#endif /* NETHTTP_STATS_H */
