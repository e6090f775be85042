// SPDX-License-Identifier: GPL-2.0
#include "container.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "text.h"

/*
 * Where cgroup v2 is mounted: systemd's unified layout, or beside the v1
 * hierarchies on a hybrid host. Anything else (v1 alone) has no ids that
 * could match the module's, so nothing is walked there.
 */
static const char *const cgroup_roots[] = {
	"/sys/fs/cgroup",
	"/sys/fs/cgroup/unified",
};

/*
 * Bounds on one walk, far above real trees (a busy Kubernetes node has a
 * few thousand cgroups, nested five or six deep), so that a strange or
 * hostile tree cannot hold the reader for long, use up its descriptors
 * (one is open per level) or grow the map without end.
 */
enum {
	WALK_MAX_DEPTH = 32,
	WALK_MAX_DIRS = 65536,
	WALK_MAX_ENTRIES = 1 << 21,	/* files too: cgroupfs has ~50 a dir */
};

#define NSEC_PER_SEC 1000000000ULL
/*
 * Time between walks at least, and at least ten times the last walk's
 * duration: unknown ids then cost at most about a tenth of the reader's
 * time, however many arrive.
 */
#define WALK_INTERVAL_NS NSEC_PER_SEC
#define WALK_INTERVAL_FACTOR 10

/* One cgroup directory as the last walk saw it. */
struct cgroup_entry {
	unsigned long long id;		/* its inode number */
	unsigned int container;		/* index in containers + 1; 0: none */
};

/*
 * What the last walk saw: every cgroup with its container or none, sorted
 * by id, so that events from the cgroups that existed then never walk
 * again. A walk replaces it whole, so it never holds more than one walk
 * may find, and a cgroup renamed is seen by the name it has now.
 */
struct container_map {
	char *root;		/* NULL: not chosen yet, or no cgroup v2 */
	int root_chosen;
	int walked;
	unsigned long long next_walk;	/* CLOCK_MONOTONIC, ns */
	struct cgroup_entry *cgroups;
	size_t cgroup_count;
	char (*containers)[CONTAINER_ID_LEN + 1];
	size_t container_count;
};

struct walk {
	dev_t dev;
	unsigned long dirs;
	unsigned long entries;
	struct cgroup_entry *cgroups;
	size_t cgroup_count, cgroup_cap;
	char (*containers)[CONTAINER_ID_LEN + 1];
	size_t container_count, container_cap;
};

static char *xstrdup(const char *s)
{
	size_t size = strlen(s) + 1;
	char *copy = xmalloc(size);

	memcpy(copy, s, size);
	return copy;
}

struct container_map *container_map_new(const char *root)
{
	struct container_map *map = xmalloc(sizeof(*map));

	memset(map, 0, sizeof(*map));
	if (root) {
		map->root = xstrdup(root);
		map->root_chosen = 1;
	}
	return map;
}

void container_map_free(struct container_map *map)
{
	if (!map)
		return;
	free(map->root);
	free(map->cgroups);
	free(map->containers);
	free(map);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * NSEC_PER_SEC +
	       (unsigned long long)ts.tv_nsec;
}

static void choose_root(struct container_map *map)
{
	struct statfs sfs;
	size_t i;

	map->root_chosen = 1;
	for (i = 0; i < ARRAY_SIZE(cgroup_roots); i++) {
		if (statfs(cgroup_roots[i], &sfs) == 0 &&
		    sfs.f_type == CGROUP2_SUPER_MAGIC) {
			map->root = xstrdup(cgroup_roots[i]);
			return;
		}
	}
}

static int is_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

/*
 * Whether one directory name names a container, and which: what runtimes
 * and systemd call the scopes they make (the ".scope" is absent where the
 * runtime manages cgroupfs itself, e.g. podman's libpod-<id>), or the bare
 * id Docker and the kubelet use with the cgroupfs driver. Anything else
 * with an id in it, such as crio-conmon-<id>.scope, is not the container
 * but the runtime's monitor beside it.
 */
static int container_of_name(const char *name, char *out)
{
	static const char *const prefixes[] = {
		"docker-", "cri-containerd-", "crio-", "libpod-",
	};
	size_t len = strlen(name), plen, i;
	const char *id = NULL;

	if (len == CONTAINER_ID_LEN) {
		id = name;
	} else {
		for (i = 0; !id && i < ARRAY_SIZE(prefixes); i++) {
			plen = strlen(prefixes[i]);
			if (strncmp(name, prefixes[i], plen))
				continue;
			if (len == plen + CONTAINER_ID_LEN ||
			    (len == plen + CONTAINER_ID_LEN + strlen(".scope") &&
			     !strcmp(name + plen + CONTAINER_ID_LEN, ".scope")))
				id = name + plen;
		}
	}
	if (!id || !is_hex(id, CONTAINER_ID_LEN))
		return 0;
	memcpy(out, id, CONTAINER_ID_LEN);
	out[CONTAINER_ID_LEN] = '\0';
	return 1;
}

/* Adds a container found in a directory's name; returns its index + 1. */
static unsigned int walk_add_container(struct walk *w, const char *id)
{
	if (w->container_count == w->container_cap) {
		w->container_cap = w->container_cap ? w->container_cap * 2 : 16;
		w->containers = xrealloc(w->containers, w->container_cap *
					 sizeof(*w->containers));
	}
	memcpy(w->containers[w->container_count], id, CONTAINER_ID_LEN + 1);
	w->container_count++;
	return (unsigned int)w->container_count;
}

static void walk_record(struct walk *w, unsigned long long id,
			unsigned int container)
{
	if (w->cgroup_count == w->cgroup_cap) {
		w->cgroup_cap = w->cgroup_cap ? w->cgroup_cap * 2 : 256;
		w->cgroups = xrealloc(w->cgroups,
				      w->cgroup_cap * sizeof(*w->cgroups));
	}
	w->cgroups[w->cgroup_count].id = id;
	w->cgroups[w->cgroup_count].container = container;
	w->cgroup_count++;
}

/*
 * Walks the directory open as @fd (which it closes), at @depth below the
 * root, inside @container (as walk_record() takes it). A component deeper
 * down that names a container overrides it, so the innermost one wins, as
 * nested containers need.
 */
static void walk_dir(struct walk *w, int fd, unsigned int depth,
		     unsigned int container)
{
	char id[CONTAINER_ID_LEN + 1];
	unsigned int inner;
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int child;

	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return;
	}
	while (w->dirs < WALK_MAX_DIRS && w->entries < WALK_MAX_ENTRIES) {
		de = readdir(dir);
		if (!de)
			break;
		w->entries++;
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		/* no symlinks followed: only the tree itself names cgroups */
		child = openat(dirfd(dir), de->d_name,
			       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (child < 0)
			continue;
		if (fstat(child, &st) < 0 || st.st_dev != w->dev) {
			close(child);
			continue;
		}
		w->dirs++;
		inner = container;
		if (container_of_name(de->d_name, id))
			inner = walk_add_container(w, id);
		walk_record(w, st.st_ino, inner);
		if (depth + 1 < WALK_MAX_DEPTH)
			walk_dir(w, child, depth + 1, inner);
		else
			close(child);
	}
	closedir(dir);
}

static int compare_cgroups(const void *a, const void *b)
{
	const struct cgroup_entry *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Replaces what the map knows by what the tree holds now. */
static void walk_tree(struct container_map *map)
{
	struct walk w;
	struct stat st;
	int fd;

	memset(&w, 0, sizeof(w));
	fd = open(map->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd >= 0) {
		w.dev = st.st_dev;
		/* the root's own name is no part of a cgroup's path */
		walk_record(&w, st.st_ino, 0);
		walk_dir(&w, fd, 0, 0);
		qsort(w.cgroups, w.cgroup_count, sizeof(*w.cgroups),
		      compare_cgroups);
	}
	free(map->cgroups);
	free(map->containers);
	map->cgroups = w.cgroups;
	map->cgroup_count = w.cgroup_count;
	map->containers = w.containers;
	map->container_count = w.container_count;
}

static const struct cgroup_entry *find_cgroup(const struct container_map *map,
					      unsigned long long id)
{
	struct cgroup_entry key = { .id = id };

	if (!map->cgroup_count)
		return NULL;
	return bsearch(&key, map->cgroups, map->cgroup_count,
		       sizeof(*map->cgroups), compare_cgroups);
}

const char *container_map_lookup(struct container_map *map,
				 unsigned long long cgroup_id)
{
	const struct cgroup_entry *e = find_cgroup(map, cgroup_id);
	unsigned long long start, end, wait;

	if (!e) {
		if (!map->root_chosen)
			choose_root(map);
		if (!map->root)
			return NULL;
		start = now_ns();
		if (map->walked && start < map->next_walk)
			return NULL;
		walk_tree(map);
		end = now_ns();
		wait = (end - start) * WALK_INTERVAL_FACTOR;
		map->walked = 1;
		map->next_walk = end + (wait > WALK_INTERVAL_NS ? wait :
						      WALK_INTERVAL_NS);
		e = find_cgroup(map, cgroup_id);
		if (!e)
			return NULL;
	}
	return e->container ? map->containers[e->container - 1] : NULL;
}
