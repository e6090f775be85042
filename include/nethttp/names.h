/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event and set names to and from enum nethttp_event_type masks, for the
 * module's "events" parameter and for the reader alike, so that both accept
 * and print exactly the same lists. Kernel- and libc-header free, like the
 * parser.
 */
#ifndef NETHTTP_NAMES_H
#define NETHTTP_NAMES_H

#include "event.h"

/* Room for any list nethttp_events_format() writes, with its NUL. */
#define NETHTTP_EVENTS_TEXT_MAX	96

/*
 * The name of enum nethttp_anomaly @anomaly, as the lines' "anomalies"
 * lists it; 0 (NULL) for a value that is none.
 */
const char *nethttp_anomaly_name(unsigned int anomaly);

/* The name of the one event @event, or 0 (NULL) when it is not one. */
const char *nethttp_event_name(unsigned int event);

/* The event called @name (@len bytes, no sets), or 0 when there is none. */
unsigned int nethttp_event_lookup(const char *name, unsigned int len);

/*
 * Adds the events of the comma-separated @list (@len bytes; event and set
 * names, blanks around each ignored) to *@mask. Returns 0, or -1 with the
 * offending item's offset in @list in *@bad and its length in *@bad_len;
 * *@mask is then unchanged. An empty list or item is such an error.
 */
int nethttp_events_parse(const char *list, unsigned int len,
			 unsigned int *mask, unsigned int *bad,
			 unsigned int *bad_len);

/*
 * Writes @mask as the comma-separated list of its event names, or, with
 * @use_sets, as a set's name where one is exactly @mask; NUL-terminated.
 * Returns the length, or 0 (and "") when @size is too small for it.
 */
unsigned int nethttp_events_format(char *buf, unsigned int size,
				   unsigned int mask, int use_sets);

#endif /* NETHTTP_NAMES_H */
