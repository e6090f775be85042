// SPDX-License-Identifier: GPL-2.0
#include "sysfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nethttp/names.h"
#include "nethttp/stats.h"

/* Reads a small sysfs file into @buf as a string; returns its length or -1. */
static ssize_t read_small_file(const char *path, char *buf, size_t size)
{
	ssize_t n, used = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)used < size - 1) {
		n = read(fd, buf + used, size - 1 - (size_t)used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		used += n;
	}
	close(fd);
	buf[used] = '\0';
	return used;
}

/* A counter file holds a decimal number and a newline. */
static int is_counter_text(const char *s, size_t len)
{
	size_t i;

	if (len && s[len - 1] == '\n')
		len--;
	if (!len || len > 20)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int sysfs_read_stats(const char *sysfs, int as_json, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;
	char value[64], name[NETHTTP_STAT_NAME_MAX];
	struct stat st;
	ssize_t len;
	size_t i;

	sb_addf(&path, "%s%s", sysfs, SYSFS_STATS_DIR);
	if (stat(sb_cstr(&path), &st) < 0) {
		if (errno == ENOENT)
			fprintf(stderr,
				"nethttp: %s not found: is the module loaded? (modprobe nethttp)\n",
				path.data);
		else
			fprintf(stderr, "nethttp: %s: %s\n", path.data,
				strerror(errno));
		sb_free(&path);
		return 1;
	}
	if (as_json)
		sb_addc(out, '{');
	for (i = 0; i < NETHTTP_STAT_COUNT; i++) {
		nethttp_stat_name(name, sizeof(name), (unsigned int)i);
		path.len = 0;
		sb_addf(&path, "%s%s/%s", sysfs, SYSFS_STATS_DIR, name);
		len = read_small_file(sb_cstr(&path), value, sizeof(value));
		if (len < 0) {
			fprintf(stderr, "nethttp: %s: %s\n", path.data,
				strerror(errno));
			sb_free(&path);
			return 1;
		}
		if (!is_counter_text(value, (size_t)len)) {
			fprintf(stderr, "nethttp: %s: not a counter value\n",
				path.data);
			sb_free(&path);
			return 1;
		}
		value[strcspn(value, "\n")] = '\0';
		if (as_json)
			sb_addf(out, "%s\"%s\":%s", i ? "," : "", name, value);
		else
			sb_addf(out, "%s %s\n", name, value);
	}
	if (as_json)
		sb_adds(out, "}\n");
	sb_free(&path);
	return 0;
}

int sysfs_enabled_events(const char *sysfs, unsigned int *mask)
{
	struct strbuf path = STRBUF_INIT;
	char text[256], *item, *save = NULL;
	ssize_t len;

	sb_addf(&path, "%s%s", sysfs, SYSFS_EVENTS_PARAM);
	len = read_small_file(sb_cstr(&path), text, sizeof(text));
	sb_free(&path);
	if (len < 0)
		return -1;
	*mask = 0;
	for (item = strtok_r(text, ", \t\n", &save); item;
	     item = strtok_r(NULL, ", \t\n", &save))
		*mask |= nethttp_event_lookup(item, (unsigned int)strlen(item));
	return 0;
}
