/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_REDACT_H
#define _NETHTTP_REDACT_H

#include "nethttp/event.h"

/*
 * Withholds the values of the configured headers wherever the event holds
 * them: marks them in ev->msg.redacted (host_redacted for Host; a listed
 * Content-Length makes content_length -1) and wipes every byte of them in
 * ev->data, so a secret never reaches the ring. Call under rcu_read_lock()
 * (netfilter hooks are).
 */
void nethttp_redact(struct nethttp_event *ev);

/*
 * Replaces the list, as a write of the redact parameter does: names
 * separated by commas, "none" or "" for none. 0 or -EINVAL, -ENOMEM.
 */
int nethttp_redact_configure(const char *names);

/* Sets the default list unless redact= was given at load. */
int nethttp_redact_init(void);

#endif /* _NETHTTP_REDACT_H */
