/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_REDACT_H
#define _NETHTTP_REDACT_H

#include <linux/moduleparam.h>
#include "nethttp/event.h"

/*
 * Withholds the values of the configured headers: marks them in
 * ev->msg.redacted and wipes their bytes, so a secret never reaches the
 * ring. Call under rcu_read_lock() (netfilter hooks are).
 */
void nethttp_redact(struct nethttp_event *ev);

int nethttp_redact_init(void);
void nethttp_redact_exit(void);

extern const struct kernel_param_ops nethttp_redact_ops;

#endif /* _NETHTTP_REDACT_H */
