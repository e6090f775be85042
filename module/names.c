// SPDX-License-Identifier: GPL-2.0
/*
 * Event, set and counter names. No includes beyond our own headers: see
 * parser.h for why. Lists are read with explicit lengths; nothing assumes
 * a NUL.
 */
#include "nethttp/names.h"
#include "nethttp/stats.h"

/* Part of the line format: never renamed, never reused. */
static const char *const nethttp_anomaly_names[NETHTTP_ANOMALY_COUNT] = {
	[NETHTTP_ANOMALY_OBS_FOLD] = "obs_fold",
	[NETHTTP_ANOMALY_SPACE_BEFORE_COLON] = "space_before_colon",
	[NETHTTP_ANOMALY_BARE_LF] = "bare_lf",
	[NETHTTP_ANOMALY_VERSION_NONSTANDARD] = "version_nonstandard",
	[NETHTTP_ANOMALY_FIRST_LINE_SPACING] = "first_line_spacing",
	[NETHTTP_ANOMALY_STATUS_LINE_NO_REASON] = "status_line_no_reason",
	[NETHTTP_ANOMALY_DUPLICATE_CONTENT_LENGTH] = "duplicate_content_length",
	[NETHTTP_ANOMALY_CONFLICTING_CONTENT_LENGTH] = "conflicting_content_length",
	[NETHTTP_ANOMALY_BAD_CONTENT_LENGTH] = "bad_content_length",
	[NETHTTP_ANOMALY_TE_AND_CL] = "te_and_cl",
	[NETHTTP_ANOMALY_DUPLICATE_HOST] = "duplicate_host",
	[NETHTTP_ANOMALY_MISSING_HOST] = "missing_host",
	[NETHTTP_ANOMALY_HEADER_WITHOUT_COLON] = "header_without_colon",
	[NETHTTP_ANOMALY_BAD_HEADER_NAME] = "bad_header_name",
	[NETHTTP_ANOMALY_CONTROL_BYTES] = "control_bytes",
	[NETHTTP_ANOMALY_HTTP09_REQUEST] = "http09_request",
	[NETHTTP_ANOMALY_EXTENSION_METHOD] = "extension_method",
	[NETHTTP_ANOMALY_TOO_MANY_HEADERS] = "too_many_headers",
	[NETHTTP_ANOMALY_LINE_TOO_LONG] = "line_too_long",
};

const char *nethttp_anomaly_name(unsigned int anomaly)
{
	return anomaly < NETHTTP_ANOMALY_COUNT ? nethttp_anomaly_names[anomaly] : 0;
}

static const char *const nethttp_stat_names[NETHTTP_STAT_ANOMALY_FIRST] = {
	[NETHTTP_STAT_PACKETS_INSPECTED] = "packets_inspected",
	[NETHTTP_STAT_MESSAGES] = "messages",
	[NETHTTP_STAT_MALFORMED] = "malformed",
	[NETHTTP_STAT_TRUNCATED] = "truncated",
	[NETHTTP_STAT_IGNORED] = "ignored",
	[NETHTTP_STAT_EVENTS_QUEUED] = "events_queued",
	[NETHTTP_STAT_EVENTS_DELIVERED] = "events_delivered",
	[NETHTTP_STAT_EVENTS_LOST] = "events_lost",
	[NETHTTP_STAT_NETNS_UNMONITORED] = "netns_unmonitored",
	[NETHTTP_STAT_CONNS_TRACKED] = "conns_tracked",
	[NETHTTP_STAT_CONNS_EVICTED] = "conns_evicted",
	[NETHTTP_STAT_CONNS_EXPIRED] = "conns_expired",
	[NETHTTP_STAT_BLOCKS_REASSEMBLED] = "blocks_reassembled",
	[NETHTTP_STAT_DUPLICATE_BYTES] = "duplicate_bytes",
	[NETHTTP_STAT_RESYNCS] = "resyncs",
	[NETHTTP_STAT_HEADERS_TOO_LONG] = "headers_too_long",
	[NETHTTP_STAT_HEADERS_NO_MEMORY] = "headers_no_memory",
	[NETHTTP_STAT_PENDING_OVERFLOW] = "pending_overflow",
	[NETHTTP_STAT_RESPONSES_UNPAIRED] = "responses_unpaired",
	[NETHTTP_STAT_REQUESTS_UNANSWERED] = "requests_unanswered",
	[NETHTTP_STAT_PENDING_NO_MEMORY] = "pending_no_memory",
	[NETHTTP_STAT_HEADER_MEMORY] = "header_memory",
};

static unsigned int nethttp_copy(char *buf, unsigned int size,
				 unsigned int used, const char *s)
{
	while (*s && used + 1 < size)
		buf[used++] = *s++;
	buf[used] = '\0';
	return *s ? 0 : used;
}

unsigned int nethttp_stat_name(char *buf, unsigned int size, unsigned int stat)
{
	unsigned int used;

	if (size < NETHTTP_STAT_NAME_MAX) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	if (stat < NETHTTP_STAT_ANOMALY_FIRST)
		return nethttp_copy(buf, size, 0, nethttp_stat_names[stat]);
	buf[0] = '\0';
	if (stat >= NETHTTP_STAT_COUNT)
		return 0;
	used = nethttp_copy(buf, size, 0, NETHTTP_STAT_ANOMALY_PREFIX);
	return nethttp_copy(buf, size, used,
			    nethttp_anomaly_names[stat - NETHTTP_STAT_ANOMALY_FIRST]);
}

struct nethttp_name {
	const char *name;
	unsigned int len;
	unsigned int mask;
};

#define NETHTTP_NAME(str, mask)	{ str, sizeof(str) - 1, mask }
#define NETHTTP_COUNT_OF(a)	(sizeof(a) / sizeof((a)[0]))

static const struct nethttp_name nethttp_event_names[] = {
	NETHTTP_NAME(NETHTTP_EVENT_NAME_REQUEST, NETHTTP_EVENT_REQUEST),
	NETHTTP_NAME(NETHTTP_EVENT_NAME_RESPONSE, NETHTTP_EVENT_RESPONSE),
	NETHTTP_NAME(NETHTTP_EVENT_NAME_HTTP, NETHTTP_EVENT_HTTP),
};

static const struct nethttp_name nethttp_set_names[] = {
	NETHTTP_NAME(NETHTTP_SET_NAME_DEFAULT, NETHTTP_EVENTS_DEFAULT),
	NETHTTP_NAME(NETHTTP_SET_NAME_ALL, NETHTTP_EVENTS_ALL),
};

static unsigned int nethttp_name_find(const struct nethttp_name *names,
				      unsigned int count, const char *name,
				      unsigned int len)
{
	unsigned int i, j;

	for (i = 0; i < count; i++) {
		if (names[i].len != len)
			continue;
		for (j = 0; j < len && names[i].name[j] == name[j]; j++)
			;
		if (j == len)
			return names[i].mask;
	}
	return 0;
}

const char *nethttp_event_name(unsigned int event)
{
	unsigned int i;

	for (i = 0; i < NETHTTP_COUNT_OF(nethttp_event_names); i++)
		if (nethttp_event_names[i].mask == event)
			return nethttp_event_names[i].name;
	return 0;
}

unsigned int nethttp_event_lookup(const char *name, unsigned int len)
{
	return nethttp_name_find(nethttp_event_names,
				 NETHTTP_COUNT_OF(nethttp_event_names), name, len);
}

/* What the kernel's strim() and isspace() take for blanks. */
static int nethttp_is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int nethttp_events_parse(const char *list, unsigned int len,
			 unsigned int *mask, unsigned int *bad,
			 unsigned int *bad_len)
{
	unsigned int start = 0, end, item_end, bits, found = 0;

	for (;;) {
		for (end = start; end < len && list[end] != ','; end++)
			;
		item_end = end;
		while (start < item_end && nethttp_is_blank(list[start]))
			start++;
		while (item_end > start && nethttp_is_blank(list[item_end - 1]))
			item_end--;
		bits = nethttp_event_lookup(list + start, item_end - start);
		if (!bits)
			bits = nethttp_name_find(nethttp_set_names,
						 NETHTTP_COUNT_OF(nethttp_set_names),
						 list + start, item_end - start);
		if (!bits) {
			*bad = start;
			*bad_len = item_end - start;
			return -1;
		}
		found |= bits;
		if (end == len)
			break;
		start = end + 1;
	}
	*mask |= found;
	return 0;
}

static unsigned int nethttp_append(char *buf, unsigned int size,
				   unsigned int used, const char *s,
				   unsigned int len)
{
	unsigned int i;

	if (used + len >= size)
		return size;	/* no room for it and the NUL */
	for (i = 0; i < len; i++)
		buf[used + i] = s[i];
	return used + len;
}

unsigned int nethttp_events_format(char *buf, unsigned int size,
				   unsigned int mask, int use_sets)
{
	const struct nethttp_name *names = nethttp_event_names;
	unsigned int count = NETHTTP_COUNT_OF(nethttp_event_names);
	unsigned int i, used = 0;

	if (!size)
		return 0;
	if (use_sets) {
		for (i = 0; i < NETHTTP_COUNT_OF(nethttp_set_names); i++) {
			if (nethttp_set_names[i].mask == mask) {
				names = &nethttp_set_names[i];
				count = 1;
				break;
			}
		}
	}
	for (i = 0; i < count && used < size; i++) {
		if ((mask & names[i].mask) != names[i].mask)
			continue;
		if (used)
			used = nethttp_append(buf, size, used, ",", 1);
		used = nethttp_append(buf, size, used, names[i].name,
				      names[i].len);
	}
	if (used >= size)
		used = 0;
	buf[used] = '\0';
	return used;
}
