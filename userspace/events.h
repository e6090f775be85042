/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's event names and the sets they are selected by, on the
 * command line (-e) and in /sys/module/nethttp/parameters/events.
 */
#ifndef NETHTTP_EVENTS_H
#define NETHTTP_EVENTS_H

#include <stddef.h>

enum event_bit {
	EVENT_HTTP_REQUEST = 1 << 0,	/* net_packet_http_request */
	EVENT_HTTP_RESPONSE = 1 << 1,	/* net_packet_http_response */
	EVENT_HTTP = 1 << 2,		/* net_packet_http */
};

#define EVENTS_DEFAULT	(EVENT_HTTP_REQUEST | EVENT_HTTP_RESPONSE)
#define EVENTS_ALL	(EVENTS_DEFAULT | EVENT_HTTP)

/* The line the module sends a reader that fell behind. */
#define EVENT_NAME_LOST "nethttp_lost"

/* The bit of the event called @name (@len bytes), or 0 if there is none. */
unsigned int event_bit(const char *name, size_t len);

/*
 * Adds the events named in the comma-separated @list (event or set names,
 * surrounding blanks ignored) to @mask. Returns 0, or -1 with the offending
 * item's position in @list in @bad and its length in @bad_len.
 */
int events_parse(const char *list, unsigned int *mask, size_t *bad,
		 size_t *bad_len);

/*
 * Writes @mask as the comma-separated list of its event names or, with
 * @use_sets, as "default" or "network_events" where one of them fits.
 */
void events_format(char *buf, size_t size, unsigned int mask, int use_sets);

#endif /* NETHTTP_EVENTS_H */
