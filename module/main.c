// SPDX-License-Identifier: GPL-2.0
/*
 * nethttp: HTTP/1.x requests and responses of every network namespace,
 * one JSON line per message, read from /dev/nethttp.
 *
 * Only the order of things is decided here: each part owns its state and
 * its parameters (events.c, hook.c, redact.c, ring.c).
 */
#include <linux/err.h>
#include <linux/module.h>
#include "nethttp/version.h"
#include "device.h"
#include "hook.h"
#include "redact.h"
#include "ring.h"
#include "stats.h"

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
	nethttp_ring = nethttp_ring_create_configured();
	if (IS_ERR(nethttp_ring))
		return PTR_ERR(nethttp_ring);
	err = nethttp_hook_init(nethttp_ring);
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
