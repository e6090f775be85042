// SPDX-License-Identifier: GPL-2.0
/*
 * The list of headers whose values are never exported. Readers of the
 * list are packet hooks, so it is swapped with RCU and never locked there.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "redact.h"

#define NETHTTP_REDACT_MAX	32
#define NETHTTP_REDACT_DEFAULT	"Authorization,Proxy-Authorization,Cookie,Set-Cookie"

struct nethttp_redact_name {
	unsigned int len;
	char name[NETHTTP_NAME_MAX + 1];
};

struct nethttp_redact_list {
	struct rcu_head rcu;
	unsigned int count;
	struct nethttp_redact_name names[];
};

static struct nethttp_redact_list __rcu *nethttp_redact_list;
static DEFINE_MUTEX(nethttp_redact_mutex);

static bool nethttp_redact_match(const struct nethttp_redact_list *list,
				 const char *name, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < list->count; i++)
		if (list->names[i].len == len &&
		    !strncasecmp(list->names[i].name, name, len))
			return true;
	return false;
}

void nethttp_redact(struct nethttp_event *ev)
{
	const struct nethttp_redact_list *list;
	struct nethttp_msg *msg = &ev->msg;
	unsigned int i;

	list = rcu_dereference(nethttp_redact_list);
	if (!list || !list->count)
		return;
	for (i = 0; i < msg->header_count && i < NETHTTP_HEADERS_MAX; i++) {
		const struct nethttp_header *h = &msg->headers[i];

		if (!nethttp_redact_match(list, (const char *)ev->data + h->name.off,
					  h->name.len))
			continue;
		msg->redacted |= 1ULL << i;
		memset(ev->data + h->value.off, 0, h->value.len);
	}
}

/* "none" or an empty string turns redaction off; names may not repeat. */
static struct nethttp_redact_list *nethttp_redact_parse(const char *val)
{
	struct nethttp_redact_list *list;
	char *copy, *cursor, *token;
	int err = 0;

	list = kzalloc(struct_size(list, names, NETHTTP_REDACT_MAX), GFP_KERNEL);
	copy = kstrdup(val, GFP_KERNEL);
	if (!list || !copy) {
		err = -ENOMEM;
		goto out;
	}
	cursor = strim(copy);
	if (!strcmp(cursor, "none"))
		goto out;
	while ((token = strsep(&cursor, ",")) != NULL) {
		size_t len;

		token = strim(token);
		len = strlen(token);
		if (!len && !cursor && !list->count)
			break;		/* the empty string */
		if (!len || len > NETHTTP_NAME_MAX ||
		    list->count == NETHTTP_REDACT_MAX ||
		    nethttp_redact_match(list, token, len)) {
			err = -EINVAL;
			break;
		}
		memcpy(list->names[list->count].name, token, len);
		list->names[list->count].len = len;
		list->count++;
	}
out:
	kfree(copy);
	if (err) {
		kfree(list);
		return ERR_PTR(err);
	}
	return list;
}

static int nethttp_redact_replace(const char *val)
{
	struct nethttp_redact_list *list, *old;

	list = nethttp_redact_parse(val);
	if (IS_ERR(list))
		return PTR_ERR(list);
	mutex_lock(&nethttp_redact_mutex);
	old = rcu_replace_pointer(nethttp_redact_list, list,
				  lockdep_is_held(&nethttp_redact_mutex));
	mutex_unlock(&nethttp_redact_mutex);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static int nethttp_redact_set(const char *val, const struct kernel_param *kp)
{
	return nethttp_redact_replace(val);
}

static int nethttp_redact_get(char *buffer, const struct kernel_param *kp)
{
	const struct nethttp_redact_list *list;
	unsigned int i;
	int len = 0;

	rcu_read_lock();
	list = rcu_dereference(nethttp_redact_list);
	if (!list || !list->count)
		len = scnprintf(buffer, PAGE_SIZE, "none");
	for (i = 0; list && i < list->count; i++)
		len += scnprintf(buffer + len, PAGE_SIZE - len, "%s%s",
				 i ? "," : "", list->names[i].name);
	rcu_read_unlock();
	len += scnprintf(buffer + len, PAGE_SIZE - len, "\n");
	return len;
}

const struct kernel_param_ops nethttp_redact_ops = {
	.set = nethttp_redact_set,
	.get = nethttp_redact_get,
};

/* Sets the default unless the parameter was given at load time. */
int nethttp_redact_init(void)
{
	if (rcu_access_pointer(nethttp_redact_list))
		return 0;
	return nethttp_redact_replace(NETHTTP_REDACT_DEFAULT);
}

void nethttp_redact_exit(void)
{
	/* Hooks are gone and a grace period has passed: no reader is left. */
	kfree(rcu_dereference_protected(nethttp_redact_list, 1));
	RCU_INIT_POINTER(nethttp_redact_list, NULL);
}
