// SPDX-License-Identifier: GPL-2.0
/*
 * The list of headers whose values are never exported. Readers of the
 * list are packet hooks, so it is swapped with RCU and never locked there.
 */
#include <linux/bitmap.h>
#include <linux/ctype.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "redact.h"
#include "swar.h"

#define NETHTTP_REDACT_MAX	32
/* Bytes the parameter reads back in at most: a page, less its NUL. */
#define NETHTTP_REDACT_TEXT_MAX	(PAGE_SIZE - 1)
#define NETHTTP_REDACT_DEFAULT	"Authorization,Proxy-Authorization,Cookie,Set-Cookie"

struct nethttp_redact_name {
	unsigned int len;
	char name[NETHTTP_NAME_MAX + 1];
};

struct nethttp_redact_list {
	struct rcu_head rcu;
	unsigned int count;
	/*
	 * Bit n: a listed name is n bytes long. Most header names are of
	 * another length, and every header of every message is looked up.
	 */
	DECLARE_BITMAP(lengths, NETHTTP_NAME_MAX + 1);
	/* listed, among the values the parser keeps outside headers[] */
	bool host;
	bool content_length;
	struct nethttp_redact_name names[];
};

static struct nethttp_redact_list __rcu *nethttp_redact_list;
static DEFINE_MUTEX(nethttp_redact_mutex);

static bool nethttp_redact_match(const struct nethttp_redact_list *list,
				 const char *name, unsigned int len)
{
	unsigned int i;

	if (len > NETHTTP_NAME_MAX || !test_bit(len, list->lengths))
		return false;
	for (i = 0; i < list->count; i++)
		if (list->names[i].len == len &&
		    tolower(list->names[i].name[0]) == tolower(name[0]) &&
		    !strncasecmp(list->names[i].name, name, len))
			return true;
	return false;
}

static bool nethttp_is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/*
 * A name as leniently as any endpoint might take it: blanks or control
 * bytes between it and its colon do not hide it.
 */
static unsigned int nethttp_redact_name_len(const unsigned char *name,
					    unsigned int len)
{
	while (len && (name[len - 1] <= ' ' || name[len - 1] == 0x7f))
		len--;
	return len;
}

static bool nethttp_redact_name(const struct nethttp_redact_list *list,
				const unsigned char *name, unsigned int len)
{
	return nethttp_redact_match(list, (const char *)name,
				    nethttp_redact_name_len(name, len));
}

/*
 * Whether the header line @line (@len bytes, no line end) names a listed
 * header; if so, *value is the offset where its value may start: past the
 * colon, or, in a line without one, past its first word, which is how the
 * parser reports such a line.
 */
static bool nethttp_redact_line(const struct nethttp_redact_list *list,
				const unsigned char *line, unsigned int len,
				unsigned int *value)
{
	unsigned int name_len = nethttp_find_byte(line, 0, len, ':');

	if (name_len < len) {
		*value = name_len + 1;
	} else {
		for (name_len = 0; name_len < len && !nethttp_is_blank(line[name_len]);
		     name_len++)
			;
		for (*value = name_len; *value < len && nethttp_is_blank(line[*value]);
		     (*value)++)
			;
	}
	return nethttp_redact_name(list, line, name_len);
}

/*
 * Wipes the values of listed headers in the raw bytes of the header block.
 * msg->headers[] is not enough: it keeps only the first
 * NETHTTP_HEADERS_MAX headers and NETHTTP_VALUE_MAX bytes of each value,
 * and leaves out the line a segment ends in, yet every byte of data[] is
 * copied to the ring. Continuation lines (obs-fold) of a wiped header are
 * part of its value and are wiped too. Says whether any line was listed.
 */
static bool nethttp_redact_data(const struct nethttp_redact_list *list,
				struct nethttp_event *ev)
{
	unsigned int len = min_t(unsigned int, ev->data_len, NETHTTP_PAYLOAD_MAX);
	unsigned char *data = ev->data;
	unsigned int pos, end, stop, value;
	bool wiping = false, listed = false;

	/* from the first line end on: the first line is no header */
	for (pos = nethttp_find_byte(data, 0, len, '\n') + 1; pos < len;
	     pos = end + 1) {
		end = nethttp_find_byte(data, pos, len, '\n');
		stop = end;
		if (stop > pos && data[stop - 1] == '\r')
			stop--;
		if (stop == pos)
			break;		/* the empty line: the body follows */
		if (nethttp_is_blank(data[pos])) {
			value = 1;	/* the fold's blank says what it is */
		} else {
			wiping = nethttp_redact_line(list, data + pos,
						     stop - pos, &value);
			listed |= wiping;
		}
		if (wiping)
			memset(data + pos + value, 0, stop - pos - value);
	}
	return listed;
}

void nethttp_redact(struct nethttp_event *ev)
{
	const struct nethttp_redact_list *list;
	struct nethttp_msg *msg = &ev->msg;
	unsigned int i;
	bool listed;

	list = rcu_dereference(nethttp_redact_list);
	if (!list || !list->count)
		return;
	/*
	 * Each of headers[] is one of the lines looked at here, named as
	 * nethttp_redact_line() names it, or cut to NETHTTP_NAME_MAX: a
	 * name longer than any listed one, which no endpoint takes for a
	 * listed name either. So if no line is listed, no header is.
	 */
	listed = nethttp_redact_data(list, ev);
	for (i = 0; listed && i < msg->header_count && i < NETHTTP_HEADERS_MAX; i++) {
		const struct nethttp_header *h = &msg->headers[i];

		if (nethttp_redact_name(list, ev->data + h->name.off, h->name.len))
			msg->redacted |= 1ULL << i;
	}
	if (list->host)
		msg->host_redacted = 1;
	if (list->content_length)
		msg->content_length = -1;
}

/* "none" or an empty string turns redaction off; names may not repeat. */
static struct nethttp_redact_list *nethttp_redact_parse(const char *val)
{
	struct nethttp_redact_list *list;
	char *copy, *cursor, *token;
	size_t text_len = 0;
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
		/* what reads back must fit, with its commas and newline */
		text_len += len + !!list->count;
		if (!len || len > NETHTTP_NAME_MAX ||
		    list->count == NETHTTP_REDACT_MAX ||
		    text_len + 1 > NETHTTP_REDACT_TEXT_MAX ||
		    nethttp_redact_match(list, token, len)) {
			err = -EINVAL;
			break;
		}
		memcpy(list->names[list->count].name, token, len);
		list->names[list->count].len = len;
		list->count++;
		__set_bit(len, list->lengths);
	}
	list->host = nethttp_redact_match(list, "Host", 4);
	list->content_length = nethttp_redact_match(list, "Content-Length", 14);
out:
	kfree(copy);
	if (err) {
		kfree(list);
		return ERR_PTR(err);
	}
	return list;
}

int nethttp_redact_configure(const char *val)
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
	return nethttp_redact_configure(val);
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

/*
 * The module loader calls this after exit, and when a load fails after
 * redact= was parsed from its command line, so the list never outlives the
 * module. No hook is left by then, and a writer of the parameter has been
 * drained with its sysfs file.
 */
static void nethttp_redact_free(void *arg)
{
	struct nethttp_redact_list *list;

	mutex_lock(&nethttp_redact_mutex);
	list = rcu_replace_pointer(nethttp_redact_list, NULL,
				   lockdep_is_held(&nethttp_redact_mutex));
	mutex_unlock(&nethttp_redact_mutex);
	kfree(list);
}

static const struct kernel_param_ops nethttp_redact_ops = {
	.set = nethttp_redact_set,
	.get = nethttp_redact_get,
	.free = nethttp_redact_free,
};

module_param_cb(redact, &nethttp_redact_ops, NULL, 0644);
MODULE_PARM_DESC(redact,
		 "Headers whose values are replaced by [REDACTED], comma-separated, or none; default Authorization,Proxy-Authorization,Cookie,Set-Cookie");

/* Sets the default unless the parameter was given at load time. */
int nethttp_redact_init(void)
{
	if (rcu_access_pointer(nethttp_redact_list))
		return 0;
	return nethttp_redact_configure(NETHTTP_REDACT_DEFAULT);
}
