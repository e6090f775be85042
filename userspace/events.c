// SPDX-License-Identifier: GPL-2.0
#include "events.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

static const struct {
	const char *name;
	unsigned int mask;
} names[] = {
	{ "net_packet_http_request", EVENT_HTTP_REQUEST },
	{ "net_packet_http_response", EVENT_HTTP_RESPONSE },
	{ "net_packet_http", EVENT_HTTP },
	{ "default", EVENTS_DEFAULT },
	{ "network_events", EVENTS_ALL },
};

#define EVENT_NAME_COUNT 3	/* the first entries of names[] are events */

static unsigned int lookup(const char *name, size_t len, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(names[i].name) == len &&
		    !memcmp(names[i].name, name, len))
			return names[i].mask;
	return 0;
}

unsigned int event_bit(const char *name, size_t len)
{
	return lookup(name, len, EVENT_NAME_COUNT);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

int events_parse(const char *list, unsigned int *mask, size_t *bad,
		 size_t *bad_len)
{
	const char *item = list, *end, *comma;
	unsigned int bits;

	for (;;) {
		comma = strchr(item, ',');
		end = comma ? comma : item + strlen(item);
		while (item < end && is_blank(*item))
			item++;
		while (end > item && is_blank(end[-1]))
			end--;
		bits = lookup(item, (size_t)(end - item),
			      ARRAY_SIZE(names));
		if (!bits) {
			*bad = (size_t)(item - list);
			*bad_len = (size_t)(end - item);
			return -1;
		}
		*mask |= bits;
		if (!comma)
			return 0;
		item = comma + 1;
	}
}

void events_format(char *buf, size_t size, unsigned int mask, int use_sets)
{
	size_t i, used = 0;

	if (!size)
		return;
	buf[0] = '\0';
	if (use_sets && mask == EVENTS_ALL) {
		snprintf(buf, size, "network_events");
		return;
	}
	if (use_sets && mask == EVENTS_DEFAULT) {
		snprintf(buf, size, "default");
		return;
	}
	for (i = 0; i < EVENT_NAME_COUNT; i++) {
		if (!(mask & names[i].mask))
			continue;
		snprintf(buf + used, size - used, "%s%s", used ? "," : "",
			 names[i].name);
		used += strlen(buf + used);
	}
}
