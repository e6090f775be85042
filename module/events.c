// SPDX-License-Identifier: GPL-2.0
/*
 * The "events" parameter: which event names a message is reported as. It
 * may change at any time; the hook reads it once per message.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include "nethttp/names.h"
#include "events.h"

static unsigned int nethttp_events_mask = NETHTTP_EVENTS_DEFAULT;

unsigned int nethttp_events_enabled(void)
{
	return READ_ONCE(nethttp_events_mask);
}

static int nethttp_events_set(const char *val, const struct kernel_param *kp)
{
	unsigned int mask = 0, bad, bad_len;

	if (nethttp_events_parse(val, strnlen(val, PAGE_SIZE), &mask, &bad,
				 &bad_len))
		return -EINVAL;
	WRITE_ONCE(nethttp_events_mask, mask);
	return 0;
}

/* Only the event names: sets are shorthand for writing. */
static int nethttp_events_get(char *buffer, const struct kernel_param *kp)
{
	unsigned int len;

	len = nethttp_events_format(buffer, PAGE_SIZE - 1,
				    nethttp_events_enabled(), 0);
	buffer[len++] = '\n';
	buffer[len] = '\0';
	return len;
}

static const struct kernel_param_ops nethttp_events_ops = {
	.set = nethttp_events_set,
	.get = nethttp_events_get,
};

module_param_cb(events, &nethttp_events_ops, NULL, 0644);
MODULE_PARM_DESC(events,
		 "Events to emit: default, network_events, or a comma-separated list of net_packet_http_request, net_packet_http_response, net_packet_http");
