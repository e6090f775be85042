/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_READER_H
#define _NETHTTP_READER_H

#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/uio.h>
#include "ring.h"

struct nethttp_reader;

/* A reader sees every event pushed after it was created. */
struct nethttp_reader *nethttp_reader_create(struct nethttp_ring *ring);
void nethttp_reader_destroy(struct nethttp_reader *reader);

/* Whether a read would return something now. */
bool nethttp_reader_ready(struct nethttp_reader *reader);

/*
 * Copies whole lines into @to, or the next part of a line longer than the
 * space in @to. Returns the bytes copied, -EAGAIN when there is nothing to
 * read, -ERESTARTSYS or -EFAULT.
 */
ssize_t nethttp_reader_read(struct nethttp_reader *reader, struct iov_iter *to);

/* Sleeps until the reader is ready; 0, or -ERESTARTSYS on a signal. */
int nethttp_reader_wait(struct nethttp_reader *reader);

__poll_t nethttp_reader_poll(struct nethttp_reader *reader, struct file *file,
			     poll_table *wait);

#endif /* _NETHTTP_READER_H */
