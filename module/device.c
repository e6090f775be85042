// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/nethttp. Each open file is a reader with its own position; read()
 * blocks until an event arrives unless O_NONBLOCK, and poll() works. The
 * file is a stream (stream_open), so lseek() gets ESPIPE. Open files pin
 * the module (fops owner), so it cannot go away under a reader.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include "device.h"
#include "reader.h"
#include "stats.h"

static struct nethttp_ring *nethttp_device_ring;

static int nethttp_dev_open(struct inode *inode, struct file *file)
{
	struct nethttp_reader *reader;

	/* What crosses the wire of every namespace: initial namespace only. */
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	reader = nethttp_reader_create(nethttp_device_ring);
	if (!reader)
		return -ENOMEM;
	file->private_data = reader;
	return stream_open(inode, file);
}

static int nethttp_dev_release(struct inode *inode, struct file *file)
{
	nethttp_reader_destroy(file->private_data);
	return 0;
}

static ssize_t nethttp_dev_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct nethttp_reader *reader = iocb->ki_filp->private_data;
	ssize_t ret;

	if (!iov_iter_count(to))
		return 0;
	for (;;) {
		ret = nethttp_reader_read(reader, to);
		if (ret != -EAGAIN)
			return ret;
		if ((iocb->ki_filp->f_flags & O_NONBLOCK) ||
		    (iocb->ki_flags & IOCB_NOWAIT))
			return -EAGAIN;
		ret = nethttp_reader_wait(reader);
		if (ret)
			return ret;
	}
}

static __poll_t nethttp_dev_poll(struct file *file, poll_table *wait)
{
	return nethttp_reader_poll(file->private_data, file, wait);
}

static const struct file_operations nethttp_dev_fops = {
	.owner = THIS_MODULE,
	.open = nethttp_dev_open,
	.release = nethttp_dev_release,
	.read_iter = nethttp_dev_read_iter,
	.poll = nethttp_dev_poll,
};

static struct miscdevice nethttp_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = NETHTTP_DEVICE_NAME,
	.fops = &nethttp_dev_fops,
	.mode = 0600,
	.groups = nethttp_stats_groups,
};

int nethttp_device_init(struct nethttp_ring *ring)
{
	nethttp_device_ring = ring;
	return misc_register(&nethttp_miscdev);
}

void nethttp_device_exit(void)
{
	misc_deregister(&nethttp_miscdev);
}
