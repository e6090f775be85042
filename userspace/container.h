/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From an event's cgroupId to the id of the container it ran in, the way
 * Tracee finds it: the cgroup v2 directory whose inode number is the id,
 * and in that directory's path the innermost component that names a
 * container (docker-<id>.scope, cri-containerd-<id>.scope,
 * crio-<id>.scope, libpod-<id>.scope, or a bare <id>; <id> is 64 hex
 * digits).
 *
 * The module knows only the number; the names live in the cgroup tree,
 * which only userspace can read cheaply. The tree is walked on a miss, at
 * most about once a second, so ids the tree does not hold (a cgroup gone,
 * or a hostile input full of made-up ids) cannot keep the reader walking.
 */
#ifndef NETHTTP_READER_CONTAINER_H
#define NETHTTP_READER_CONTAINER_H

#define CONTAINER_ID_LEN 64
/* How much of an id the table shows, as docker ps and crictl do. */
#define CONTAINER_ID_SHORT 12

struct container_map;

/*
 * @root: the cgroup v2 tree to walk, or NULL for the system's own
 * (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid v1/v2 host;
 * none when neither is cgroup2). Nothing is read until the first lookup.
 */
struct container_map *container_map_new(const char *root);
void container_map_free(struct container_map *map);

/*
 * The container id (CONTAINER_ID_LEN hex digits) of the cgroup with id
 * @cgroup_id, or NULL when that cgroup is in no container or is not found.
 * The string stays valid until the next call.
 */
const char *container_map_lookup(struct container_map *map,
				 unsigned long long cgroup_id);

#endif /* NETHTTP_READER_CONTAINER_H */
