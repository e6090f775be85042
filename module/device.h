/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_DEVICE_H
#define _NETHTTP_DEVICE_H

#include "ring.h"

/* /dev/nethttp: every open is a reader of @ring. */
int nethttp_device_init(struct nethttp_ring *ring);
void nethttp_device_exit(void);

#endif /* _NETHTTP_DEVICE_H */
