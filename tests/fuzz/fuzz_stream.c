// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the stream engine (module/stream.c).
 *
 * The input is a script and two byte streams. Its first byte gives the
 * script's length in bytes and its second the limits (the longest header
 * block, the memory for partial blocks); then come the script, then the
 * two directions' bytes, half each. Each script byte feeds a segment of
 * one direction: the next bytes in order, or again bytes already sent
 * (a retransmission, an overlap), or bytes further on (a gap, which a
 * later step may fill), of a length the byte gives.
 *
 * Every segment is an exact-size heap copy, so a read past it is an ASan
 * report; the callbacks trap on a copy outside the segment, on memory
 * beyond the limit or freed with a size other than its allocation's, and
 * on an event whose spans lie outside its data. After the script both
 * directions are closed and the state released: nothing may be left
 * allocated.
 */
#include <stddef.h>
#include "nethttp/stream.h"
#include "check.h"

struct fuzz_ctx {
	const unsigned char *seg;
	unsigned int seg_len;
	unsigned long long mem_max;
	unsigned long long mem;
	unsigned long long now;
	unsigned long events;
};

static int fuzz_seg_copy(void *ctx, unsigned int off, void *dst, unsigned int len)
{
	struct fuzz_ctx *c = ctx;

	CHECK(len && off < c->seg_len && len <= c->seg_len - off);
	memcpy(dst, c->seg + off, len);
	return 0;
}

/*
 * Each block carries its size in front of it, to check the free's, and
 * starts aligned as malloc's and kmalloc's do.
 */
#define FUZZ_BLOCK_HEAD	16

static unsigned char *fuzz_block_alloc(void *ctx, unsigned int size)
{
	struct fuzz_ctx *c = ctx;
	unsigned char *p;

	/* a header block, or the copies of the pending requests but the first */
	CHECK(size && (size <= nethttp_stream_block_max ||
		       size <= (NETHTTP_STREAM_PENDING_MAX - 1) *
			       sizeof(struct nethttp_pending_request)));
	if (c->mem + size > c->mem_max)
		return NULL;
	p = malloc(size + FUZZ_BLOCK_HEAD);
	CHECK(p);
	memcpy(p, &size, sizeof(size));
	c->mem += size;
	return p + FUZZ_BLOCK_HEAD;
}

static void fuzz_block_free(void *ctx, unsigned char *block, unsigned int size)
{
	struct fuzz_ctx *c = ctx;
	unsigned int had;

	block -= FUZZ_BLOCK_HEAD;
	memcpy(&had, block, sizeof(had));
	CHECK(had == size && c->mem >= size);
	c->mem -= size;
	free(block);
}

static unsigned long long fuzz_now(void *ctx)
{
	return ++((struct fuzz_ctx *)ctx)->now;
}

static void check_span(const struct nethttp_span *span, unsigned int len)
{
	CHECK(span->off <= len && span->len <= len - span->off);
}

static void fuzz_emit(void *ctx, unsigned int dir, struct nethttp_event *ev,
		      enum nethttp_parse_result result)
{
	struct fuzz_ctx *c = ctx;
	const struct nethttp_msg *msg = &ev->msg;
	unsigned int i;

	CHECK(dir <= 1);
	CHECK(ev->data_len && ev->data_len <= NETHTTP_PAYLOAD_MAX);
	CHECK(ev->timestamp_ns && ev->timestamp_ns <= c->now);
	CHECK(result == NETHTTP_PARSE_OK || result == NETHTTP_PARSE_MALFORMED);
	c->events++;
	if (result != NETHTTP_PARSE_OK)
		return;
	CHECK(msg->kind == NETHTTP_KIND_REQUEST || msg->kind == NETHTTP_KIND_RESPONSE);
	CHECK(msg->header_count <= NETHTTP_HEADERS_MAX);
	check_span(&msg->path, ev->data_len);
	check_span(&msg->query, ev->data_len);
	check_span(&msg->host, ev->data_len);
	check_span(&msg->reason, ev->data_len);
	for (i = 0; i < msg->header_count; i++) {
		check_span(&msg->headers[i].name, ev->data_len);
		check_span(&msg->headers[i].value, ev->data_len);
	}
}

static void fuzz_count(void *ctx, enum nethttp_stream_stat stat,
		       unsigned long long n)
{
	(void)ctx;
	CHECK(stat < NETHTTP_STREAM_STAT_COUNT && n < (1ULL << 32));
}

static const struct nethttp_stream_ops fuzz_ops = {
	.copy = fuzz_seg_copy,
	.alloc = fuzz_block_alloc,
	.free = fuzz_block_free,
	.now = fuzz_now,
	.emit = fuzz_emit,
	.count = fuzz_count,
};

/* One direction's bytes, and how far the script has sent them. */
struct fuzz_dir {
	const unsigned char *data;
	unsigned int len;
	unsigned int sent;
	unsigned int seq0;
};

static void fuzz_feed(struct nethttp_stream *st, struct fuzz_ctx *c,
		      struct nethttp_event *ev, unsigned int dir,
		      const struct fuzz_dir *d, unsigned int from,
		      unsigned int len)
{
	struct nethttp_segment seg = {
		.seq = d->seq0 + from,
		.len = len,
		.packet_len = len + 40,
	};
	unsigned char *copy;

	if (!len)
		return;
	copy = fuzz_copy(d->data + from, len);
	c->seg = copy;
	c->seg_len = len;
	nethttp_stream_segment(st, dir, &seg, &fuzz_ops, c, ev);
	c->seg = NULL;
	c->seg_len = 0;
	free(copy);
}

/* libFuzzer's entry point, named in the kernel's style as fuzz_parser.c does */
int fuzz_one_input(const unsigned char *data, size_t size)
	__asm__("LLVMFuzzerTestOneInput");

int fuzz_one_input(const unsigned char *data, size_t size)
{
	static const unsigned int block_max[] = { 2048, 4096, 16384, 65535 };
	static const unsigned long long mem_max[] = { 0, 1024, 8192, 1 << 20 };
	static struct nethttp_event ev;
	struct fuzz_ctx c = { 0 };
	struct nethttp_stream st;
	struct fuzz_dir dirs[2];
	unsigned int script_len, half, i;

	if (size < 2)
		return 0;
	script_len = data[0] % 64;
	if (size - 2 < script_len)
		return 0;
	nethttp_stream_block_max = block_max[data[1] & 3];
	c.mem_max = mem_max[(data[1] >> 2) & 3];
	half = (size - 2 - script_len) / 2;
	dirs[0] = (struct fuzz_dir){ data + 2 + script_len, half, 0,
				     0xfffff000u + data[1] };
	dirs[1] = (struct fuzz_dir){ data + 2 + script_len + half,
				     size - 2 - script_len - half, 0,
				     0x7ffffff0u };
	memset(&st, 0, sizeof(st));

	for (i = 0; i < script_len; i++) {
		unsigned int op = data[2 + i], dir = op & 1;
		struct fuzz_dir *d = &dirs[dir];
		/* lengths around a few bytes and around a segment */
		unsigned int len = (op >> 3) < 24 ? (op >> 3) + 1 : ((op >> 3) - 23) * 180;
		unsigned int from;

		switch ((op >> 1) & 3) {
		case 0:		/* in order */
		case 1:
			from = d->sent;
			break;
		case 2:		/* again, from a little before */
			from = d->sent > len ? d->sent - len : 0;
			break;
		default:	/* further on: a gap */
			from = d->sent + len;
			break;
		}
		if (from >= d->len)
			continue;
		if (len > d->len - from)
			len = d->len - from;
		fuzz_feed(&st, &c, &ev, dir, d, from, len);
		if (from + len > d->sent)
			d->sent = from + len;
	}
	/* what is left, in order, then the end */
	for (i = 0; i < 2; i++) {
		fuzz_feed(&st, &c, &ev, i, &dirs[i], dirs[i].sent,
			  dirs[i].len - dirs[i].sent);
		nethttp_stream_close(&st, i, &fuzz_ops, &c, &ev);
	}
	nethttp_stream_release(&st, &fuzz_ops, &c);
	CHECK(c.mem == 0);
	return 0;
}
