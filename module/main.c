// SPDX-License-Identifier: GPL-2.0
/*
 * nethttp: HTTP/1.x requests and responses of every network namespace,
 * one JSON line per message, read from /dev/nethttp.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "nethttp/event.h"
#include "nethttp/version.h"
#include "device.h"
#include "hook.h"
#include "redact.h"
#include "ring.h"
#include "stats.h"

static unsigned int nethttp_events_mask = NETHTTP_EVENTS_DEFAULT;

static const struct {
	const char *name;
	unsigned int mask;
} nethttp_event_names[] = {
	{ "net_packet_http_request", NETHTTP_EVENT_REQUEST },
	{ "net_packet_http_response", NETHTTP_EVENT_RESPONSE },
	{ "net_packet_http", NETHTTP_EVENT_HTTP },
	/* Tracee's event sets */
	{ "default", NETHTTP_EVENTS_DEFAULT },
	{ "network_events", NETHTTP_EVENTS_ALL },
};

unsigned int nethttp_events_enabled(void)
{
	return READ_ONCE(nethttp_events_mask);
}

static int nethttp_events_set(const char *val, const struct kernel_param *kp)
{
	char *copy, *cursor, *token;
	unsigned int mask = 0, i;
	int err = 0;

	copy = kstrdup(val, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cursor = strim(copy);
	while (!err && (token = strsep(&cursor, ",")) != NULL) {
		token = strim(token);
		for (i = 0; i < ARRAY_SIZE(nethttp_event_names); i++)
			if (!strcmp(token, nethttp_event_names[i].name))
				break;
		if (i == ARRAY_SIZE(nethttp_event_names))
			err = -EINVAL;
		else
			mask |= nethttp_event_names[i].mask;
	}
	kfree(copy);
	if (err || !mask)
		return -EINVAL;
	WRITE_ONCE(nethttp_events_mask, mask);
	return 0;
}

static int nethttp_events_get(char *buffer, const struct kernel_param *kp)
{
	unsigned int mask = nethttp_events_enabled(), i;
	int len = 0;

	/* Only the event names: sets are shorthand for writing. */
	for (i = 0; i < ARRAY_SIZE(nethttp_event_names); i++) {
		if (hweight32(nethttp_event_names[i].mask) != 1 ||
		    !(mask & nethttp_event_names[i].mask))
			continue;
		len += scnprintf(buffer + len, PAGE_SIZE - len, "%s%s",
				 len ? "," : "", nethttp_event_names[i].name);
	}
	len += scnprintf(buffer + len, PAGE_SIZE - len, "\n");
	return len;
}

static const struct kernel_param_ops nethttp_events_ops = {
	.set = nethttp_events_set,
	.get = nethttp_events_get,
};

module_param_cb(events, &nethttp_events_ops, NULL, 0644);
MODULE_PARM_DESC(events,
		 "Events to emit: default, network_events, or a comma-separated list of net_packet_http_request, net_packet_http_response, net_packet_http");

static bool forward;
module_param(forward, bool, 0444);
MODULE_PARM_DESC(forward, "Also watch forwarded packets (FORWARD hook); default off");

static unsigned int ring_events = 256;
module_param(ring_events, uint, 0444);
MODULE_PARM_DESC(ring_events,
		 "Events kept per CPU before the oldest is overwritten (power of two, 8..65536); default 256");

static struct nethttp_ring *nethttp_ring;

/*
 * The device comes last: once it exists a reader may hold it open, so
 * nothing after it may fail, and everything it serves is ready by then.
 */
static int __init nethttp_init(void)
{
	int err;

	err = nethttp_redact_init();
	if (err)
		return err;
	nethttp_ring = nethttp_ring_create(ring_events);
	if (IS_ERR(nethttp_ring)) {
		err = PTR_ERR(nethttp_ring);
		if (err == -EINVAL)
			pr_err("ring_events=%u: need a power of two in %u..%u\n",
			       ring_events, NETHTTP_RING_SLOTS_MIN,
			       NETHTTP_RING_SLOTS_MAX);
		return err;
	}
	err = nethttp_hook_init(nethttp_ring, forward);
	if (err)
		goto err_destroy_ring;
	nethttp_stats_init();
	err = nethttp_device_init(nethttp_ring);
	if (err)
		goto err_hook_exit;
	return 0;

err_hook_exit:
	nethttp_hook_exit();
err_destroy_ring:
	nethttp_ring_destroy(nethttp_ring);
	return err;
}

/* The redact list is freed with the parameters, after this. */
static void __exit nethttp_exit(void)
{
	nethttp_device_exit();
	nethttp_hook_exit();
	nethttp_ring_destroy(nethttp_ring);
}

module_init(nethttp_init);
module_exit(nethttp_exit);

MODULE_DESCRIPTION("HTTP/1.x requests and responses of every network namespace, read from /dev/nethttp");
MODULE_AUTHOR("nethttp developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(NETHTTP_VERSION);
