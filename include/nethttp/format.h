/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turn events into the JSON lines read from /dev/nethttp. Kernel-header
 * free; every write is bounded by the size the caller passes.
 */
#ifndef NETHTTP_FORMAT_H
#define NETHTTP_FORMAT_H

#include "event.h"

/*
 * Every byte of the data, of a paired request's text and of the process
 * name appears at most once in a line and escapes to at most six
 * characters; the rest of a line is bounded by the field names, the
 * header count and the fixed-size fields.
 */
#define NETHTTP_LINE_MAX \
	(6 * (NETHTTP_PAYLOAD_MAX + NETHTTP_BRIEF_TEXT_MAX + NETHTTP_COMM_LEN) + \
	 48 * NETHTTP_HEADERS_MAX + 2304)

/*
 * Writes the line for @ev reported as @type (one enum nethttp_event_type
 * bit), ending in '\n'. Returns its length, or 0 when @size is too small or
 * @type does not apply to the message. Never writes past @size; the line
 * is not NUL-terminated.
 */
unsigned int nethttp_format_event(char *buf, unsigned int size,
				  const struct nethttp_event *ev,
				  unsigned int type);

/* The NETHTTP_EVENT_NAME_LOST line; same contract. */
unsigned int nethttp_format_lost(char *buf, unsigned int size,
				 unsigned long long lost);

#endif /* NETHTTP_FORMAT_H */
