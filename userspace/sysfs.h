/* SPDX-License-Identifier: GPL-2.0 */
/* What the module shows in sysfs: its counters and its enabled events. */
#ifndef NETHTTP_READER_SYSFS_H
#define NETHTTP_READER_SYSFS_H

#include "nethttp/event.h"
#include "nethttp/stats.h"
#include "text.h"

/* Below the sysfs mount point */
#define SYSFS_STATS_DIR "/class/misc/" NETHTTP_DEVICE_NAME "/" NETHTTP_STATS_DIR
#define SYSFS_EVENTS_PARAM "/module/" NETHTTP_DEVICE_NAME "/parameters/events"

/*
 * Appends the module's counters (nethttp/stats.h) under @sysfs (where
 * sysfs is mounted) to @out, as "name value" lines or, with @as_json, one
 * JSON object line.
 * Returns 0, or 1 after telling stderr what went wrong.
 */
int sysfs_read_stats(const char *sysfs, int as_json, struct strbuf *out);

/*
 * The events enabled in the module's "events" parameter as a mask of
 * enum nethttp_event_type; -1 when it cannot be read.
 */
int sysfs_enabled_events(const char *sysfs, unsigned int *mask);

#endif /* NETHTTP_READER_SYSFS_H */
