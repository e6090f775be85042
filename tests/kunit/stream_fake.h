/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake of what the module gives the stream engine (struct
 * nethttp_stream_ops), and the feeding of the cases of stream_cases.h,
 * shared by the KUnit suite (tests/kunit/stream_test.c) and the userspace
 * tests (tests/unit/test_stream.c). Kernel- and libc-header free like the
 * engine: each suite gives the memory (kmalloc or malloc) and asserts on
 * the text built here.
 *
 * The fake copies from the segment being fed and counts a copy past it as
 * bad; it hands out memory of exactly the size asked, counts what is
 * outstanding, refuses past a limit, and counts a free of a block it did
 * not give, or with another size, as bad; its clock is the stamp of the
 * segment being fed; it records every event and sums every counter.
 *
 * What the engine reported is written down as text, one line per event:
 *
 *	<dir> OK req <method> <path> trunc=<0|1> len=<data_len> ts=<timestamp>
 *	<dir> OK resp <status> trunc=<0|1> len=<data_len> ts=<timestamp>
 *	<dir> MALFORMED len=<data_len> ts=<timestamp>
 *
 * (sets add " data=" and a hash of the event's data), then "stats " and
 * its counters, the bytes still outstanding and the bad calls.
 *
 * Pairing: every response line of a set, and of a script that asks for
 * it, ends in " pair=none" or " pair=<latency> <method> <path>"; a
 * script may ask for the whole copy of the request (" host=<host>
 * query=<query> flags=<flags>" after it). Sets and those scripts add the
 * pairing counters to the stats, with the requests still pending when
 * the stream ends counted by nethttp_stream_end().
 *
 * A set's pairing is worked out here on its own: first in, first out,
 * an interim response (1xx but 101) leaving the request for the next.
 *
 * Sets: messages of both directions in the order they are fed (a request
 * before its response), each with the event it must give. Consecutive
 * pieces of one direction make a run, fed as one segment or cut into
 * several: whole, one run in two at every offset, one run in three at
 * every pair of offsets (a sample of pairs for long runs), in two with
 * each segment fed twice (loopback's second hook), and every run one byte
 * per segment. Every way must give the same events, each stamped with the
 * segment its message starts in, and count a block as put together when
 * a segment's end cuts it. Each direction's sequence numbers wrap at 2^32
 * inside the set.
 *
 * Scripts: segments at chosen sequence numbers (retransmissions, overlaps,
 * gaps, holes filled late), closes and limits, with the exact events and
 * counters they must give.
 */
#ifndef NETHTTP_STREAM_FAKE_H
#define NETHTTP_STREAM_FAKE_H

#include "nethttp/stream.h"

#define SC_EVENTS_MAX	48
#define SC_PIECES_MAX	40
#define SC_BYTES_MAX	16384
#define SC_LIVE_MAX	4
#define SC_TEXT_MAX	8192
/* 3-segment cuts: every pair up to this run length, sampled beyond */
#define SC_PAIRS_ALL	400
#define SC_PAIRS_SAMPLE	120
/* what nethttp_stream_block_max is, and is set back to after a script */
#define SC_BLOCK_MAX_DEFAULT	16384

/* Text built in a fixed buffer, always NUL-terminated, cut when full. */
struct sc_str {
	char *p;
	unsigned int len;
	unsigned int size;
};

static inline void sc_str_init(struct sc_str *s, char *p, unsigned int size)
{
	s->p = p;
	s->size = size;
	s->len = 0;
	p[0] = '\0';
}

static inline void sc_putn(struct sc_str *s, const char *t, unsigned int n)
{
	while (n-- && s->len + 1 < s->size)
		s->p[s->len++] = *t++;
	s->p[s->len] = '\0';
}

static inline void sc_puts(struct sc_str *s, const char *t)
{
	sc_putn(s, t, __builtin_strlen(t));
}

static inline void sc_putu(struct sc_str *s, unsigned long long v)
{
	char digits[24];
	unsigned int n = 0;

	do {
		digits[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		sc_putn(s, &digits[--n], 1);
}

static inline void sc_puthex(struct sc_str *s, unsigned int v)
{
	static const char hex[] = "0123456789abcdef";
	int shift;

	for (shift = 28; shift >= 0; shift -= 4)
		sc_putn(s, &hex[(v >> shift) & 15], 1);
}

static inline int sc_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* FNV-1a, to compare an event's data with the bytes it must hold. */
static inline unsigned int sc_hash(const unsigned char *p, unsigned int len)
{
	unsigned int h = 2166136261u;

	while (len--) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

/* What the fake emit adds to an event's stamp, as the module's does. */
#define SC_WALL_OFFSET	1000000000000ULL

/* One event as emit() saw it. */
struct sc_rec {
	unsigned char dir;
	unsigned char result;
	unsigned char kind;
	unsigned char method;
	unsigned char truncated;
	unsigned short status;
	unsigned int data_len;
	unsigned int data_hash;
	unsigned long long ts;
	char path[64];
	long long latency;
	struct nethttp_brief brief;
};

/* A piece of a set: @text, @fill_len copies of @fill, then @tail. */
struct sc_piece {
	unsigned char dir;
	const char *text;
	const char *fill;
	unsigned short fill_len;
	const char *tail;
	/* "OK req GET /a trunc=0": the event it starts; NULL for none */
	const char *event;
};

struct sc_set {
	const char *name;
	const struct sc_piece *pieces;	/* up to one with a NULL text */
	/* RESYNCS and PENDING_OVERFLOW every way of feeding it must give */
	unsigned int resyncs;
	unsigned int overflow;
};

enum sc_op {
	SC_OP_END,
	SC_OP_SEG,		/* a segment at @seq (from the ISN), stamped @value */
	SC_OP_CLOSE,		/* nethttp_stream_close(@dir), stamped @value */
	SC_OP_LIMIT,		/* alloc refused past @value bytes outstanding */
	SC_OP_BLOCK_MAX,	/* nethttp_stream_block_max = @value */
};

struct sc_step {
	unsigned char op;
	unsigned char dir;
	unsigned int seq;
	const char *text;
	const char *fill;
	unsigned short fill_len;
	const char *tail;
	unsigned long long value;
};

struct sc_script {
	const char *name;
	unsigned int isn[2];
	const struct sc_step *steps;	/* up to SC_OP_END */
	/* one line per event, each ending in '\n', then the counters */
	const char *events;
	const char *stats;
	/* what it shows of pairing: enum sc_pairs */
	unsigned char pairs;
};

enum sc_pairs {
	SC_PAIRS_NONE,
	SC_PAIRS_SHORT,		/* latency, method and path */
	SC_PAIRS_FULL,		/* and host, query and flags */
};

/* Where a set's pieces and runs lie in the bytes built for it. */
struct sc_layout {
	unsigned int pieces;
	unsigned int start[SC_PIECES_MAX];	/* in the bytes */
	unsigned int len[SC_PIECES_MAX];
	unsigned int head[SC_PIECES_MAX];	/* header block length, or 0 */
	unsigned int runs;
	unsigned int run_first[SC_PIECES_MAX];	/* its first piece */
	unsigned int run_end[SC_PIECES_MAX];	/* one past its last piece */
	unsigned int run_start[SC_PIECES_MAX];	/* in the bytes */
	unsigned int run_len[SC_PIECES_MAX];
	unsigned int run_seq[SC_PIECES_MAX];	/* in its direction's stream */
	unsigned int bytes;
};

/* The fake ops' context: the segment fed now, memory, what was reported. */
struct sc_ctx {
	/* the suite's allocator: kmalloc or malloc */
	void *(*mem_alloc)(unsigned int size);
	void (*mem_free)(void *p);

	const unsigned char *seg;
	unsigned int seg_len;
	unsigned long long clock;

	unsigned long long outstanding;	/* bytes alloc'd and not freed */
	unsigned long long limit;	/* refused past this */
	unsigned int refused;
	/* calls the engine must never make: a copy past the segment, ... */
	unsigned int bad;
	struct {
		unsigned char *p;
		unsigned int size;
	} live[SC_LIVE_MAX];

	struct sc_rec rec[SC_EVENTS_MAX];
	unsigned int events;
	unsigned char pairs;	/* enum sc_pairs, for the lines */
	unsigned long long stats[NETHTTP_STREAM_STAT_COUNT];

	struct nethttp_event ev;	/* the engine's scratch event */
	struct sc_layout lay;
	unsigned char bytes[SC_BYTES_MAX];
	char got[SC_TEXT_MAX];
	char want[SC_TEXT_MAX];
};

static int sc_copy(void *ctx, unsigned int off, void *dst, unsigned int len)
{
	struct sc_ctx *c = ctx;

	if (off > c->seg_len || len > c->seg_len - off) {
		c->bad++;
		return -1;
	}
	__builtin_memcpy(dst, c->seg + off, len);
	return 0;
}

static unsigned char *sc_alloc(void *ctx, unsigned int size)
{
	struct sc_ctx *c = ctx;
	unsigned char *p;
	unsigned int i;

	if (c->outstanding + size > c->limit) {
		c->refused++;
		return 0;
	}
	for (i = 0; i < SC_LIVE_MAX && c->live[i].p; i++)
		;
	if (i == SC_LIVE_MAX) {
		c->bad++;
		return 0;
	}
	p = c->mem_alloc(size);
	if (!p) {
		c->bad++;
		return 0;
	}
	c->live[i].p = p;
	c->live[i].size = size;
	c->outstanding += size;
	return p;
}

static void sc_free(void *ctx, unsigned char *block, unsigned int size)
{
	struct sc_ctx *c = ctx;
	unsigned int i;

	for (i = 0; i < SC_LIVE_MAX; i++)
		if (block && c->live[i].p == block)
			break;
	/* not ours, or not the size it was given: leave it to leak */
	if (i == SC_LIVE_MAX || c->live[i].size != size) {
		c->bad++;
		return;
	}
	c->live[i].p = 0;
	c->outstanding -= size;
	c->mem_free(block);
}

static unsigned long long sc_now(void *ctx)
{
	return ((struct sc_ctx *)ctx)->clock;
}

static void sc_emit(void *ctx, unsigned int dir, struct nethttp_event *ev,
		    enum nethttp_parse_result result)
{
	struct sc_ctx *c = ctx;
	struct sc_rec *r;
	const struct nethttp_span *path = &ev->msg.path;
	unsigned int n;

	if (c->events == SC_EVENTS_MAX || ev->data_len > NETHTTP_PAYLOAD_MAX) {
		c->bad++;
		return;
	}
	r = &c->rec[c->events++];
	__builtin_memset(r, 0, sizeof(*r));
	r->dir = dir;
	r->result = result;
	r->ts = ev->timestamp_ns;
	/* as the module's emit makes it wall-clock time: the engine must not care */
	ev->timestamp_ns += SC_WALL_OFFSET;
	r->latency = ev->latency_ns;
	if (r->latency >= 0)
		__builtin_memcpy(&r->brief, &ev->request, sizeof(r->brief));
	r->data_len = ev->data_len;
	r->data_hash = sc_hash(ev->data, ev->data_len);
	if (result != NETHTTP_PARSE_OK)
		return;
	/* as the module's redaction does: a Host that is never shown */
	if (ev->msg.kind == NETHTTP_KIND_REQUEST && ev->msg.host.len == 9 &&
	    ev->msg.host.off + 9U <= ev->data_len &&
	    !__builtin_memcmp(ev->data + ev->msg.host.off, "redact.me", 9))
		ev->msg.host_redacted = 1;
	r->kind = ev->msg.kind;
	r->method = ev->msg.method;
	r->status = ev->msg.status_code;
	r->truncated = ev->msg.truncated;
	if (path->off + path->len > ev->data_len) {
		c->bad++;
		return;
	}
	n = path->len < sizeof(r->path) ? path->len : sizeof(r->path) - 1;
	__builtin_memcpy(r->path, ev->data + path->off, n);
	r->path[n] = '\0';
}

static void sc_count(void *ctx, enum nethttp_stream_stat stat,
		     unsigned long long n)
{
	struct sc_ctx *c = ctx;

	if ((unsigned int)stat >= NETHTTP_STREAM_STAT_COUNT) {
		c->bad++;
		return;
	}
	c->stats[stat] += n;
}

static const struct nethttp_stream_ops sc_ops = {
	.copy = sc_copy,
	.alloc = sc_alloc,
	.free = sc_free,
	.now = sc_now,
	.emit = sc_emit,
	.count = sc_count,
};

/* Ready for a new stream: nothing reported, memory unlimited. */
static inline void sc_reset(struct sc_ctx *c)
{
	c->events = 0;
	__builtin_memset(c->stats, 0, sizeof(c->stats));
	c->limit = ~0ULL;
	c->refused = 0;
	c->clock = 0;
	c->pairs = SC_PAIRS_NONE;
}

/* The brief's field at *@at of @len bytes, as far as it lies in the text. */
static inline void sc_put_brief(struct sc_str *s, const struct nethttp_brief *b,
				unsigned int *at, unsigned int len)
{
	if (len > NETHTTP_BRIEF_TEXT_MAX - *at)
		len = NETHTTP_BRIEF_TEXT_MAX - *at;
	sc_putn(s, (const char *)b->text + *at, len);
	*at += len;
}

static inline void sc_put_pair(struct sc_str *s, const struct sc_rec *r,
			       unsigned int pairs)
{
	const struct nethttp_brief *b = &r->brief;
	unsigned int at = 0, path_at;

	sc_puts(s, " pair=");
	if (r->latency < 0) {
		sc_puts(s, "none");
		return;
	}
	sc_putu(s, r->latency);
	sc_puts(s, " ");
	sc_put_brief(s, b, &at, b->method_len);
	sc_puts(s, " ");
	path_at = at + b->host_len;
	sc_put_brief(s, b, &path_at, b->path_len);
	if (pairs != SC_PAIRS_FULL)
		return;
	sc_puts(s, " host=");
	sc_put_brief(s, b, &at, b->host_len);
	sc_puts(s, " query=");
	sc_put_brief(s, b, &path_at, b->query_len);
	sc_puts(s, " flags=");
	sc_putu(s, b->flags);
}

static inline void sc_put_rec(struct sc_str *s, const struct sc_rec *r,
			      unsigned int pairs)
{
	const char *name;

	sc_putu(s, r->dir);
	if (r->result == NETHTTP_PARSE_MALFORMED) {
		sc_puts(s, " MALFORMED");
	} else if (r->result != NETHTTP_PARSE_OK) {
		sc_puts(s, " result=");
		sc_putu(s, r->result);
	} else if (r->kind == NETHTTP_KIND_REQUEST) {
		name = nethttp_method_name(r->method);
		sc_puts(s, " OK req ");
		if (*name) {
			sc_puts(s, name);
		} else {
			sc_puts(s, "method=");
			sc_putu(s, r->method);
		}
		sc_puts(s, " ");
		sc_puts(s, r->path);
	} else if (r->kind == NETHTTP_KIND_RESPONSE) {
		sc_puts(s, " OK resp ");
		sc_putu(s, r->status);
	} else {
		sc_puts(s, " OK kind=");
		sc_putu(s, r->kind);
	}
	if (r->result == NETHTTP_PARSE_OK) {
		sc_puts(s, " trunc=");
		sc_putu(s, r->truncated);
	}
	sc_puts(s, " len=");
	sc_putu(s, r->data_len);
	sc_puts(s, " ts=");
	sc_putu(s, r->ts);
	if (pairs && r->result == NETHTTP_PARSE_OK &&
	    r->kind == NETHTTP_KIND_RESPONSE)
		sc_put_pair(s, r, pairs);
}

/* Every event reported, a line each, with the data's hash if @hash. */
static inline void sc_put_events(struct sc_str *s, const struct sc_ctx *c,
				 int hash)
{
	unsigned int i;

	for (i = 0; i < c->events; i++) {
		sc_put_rec(s, &c->rec[i], c->pairs);
		if (hash) {
			sc_puts(s, " data=");
			sc_puthex(s, c->rec[i].data_hash);
		}
		sc_puts(s, "\n");
	}
}

static inline void sc_put_stats(struct sc_str *s, const unsigned long long *n,
				unsigned long long outstanding, unsigned int bad,
				unsigned int pairs)
{
	sc_puts(s, "reassembled=");
	sc_putu(s, n[NETHTTP_STREAM_REASSEMBLED]);
	sc_puts(s, " duplicate=");
	sc_putu(s, n[NETHTTP_STREAM_DUPLICATE_BYTES]);
	sc_puts(s, " resyncs=");
	sc_putu(s, n[NETHTTP_STREAM_RESYNCS]);
	sc_puts(s, " too_long=");
	sc_putu(s, n[NETHTTP_STREAM_BLOCK_TOO_LONG]);
	sc_puts(s, " no_memory=");
	sc_putu(s, n[NETHTTP_STREAM_BLOCK_NO_MEMORY]);
	sc_puts(s, " overflow=");
	sc_putu(s, n[NETHTTP_STREAM_PENDING_OVERFLOW]);
	if (pairs) {
		sc_puts(s, " unpaired=");
		sc_putu(s, n[NETHTTP_STREAM_RESPONSES_UNPAIRED]);
		sc_puts(s, " unanswered=");
		sc_putu(s, n[NETHTTP_STREAM_REQUESTS_UNANSWERED]);
		sc_puts(s, " copies_refused=");
		sc_putu(s, n[NETHTTP_STREAM_PENDING_NO_MEMORY]);
	}
	sc_puts(s, " outstanding=");
	sc_putu(s, outstanding);
	sc_puts(s, " bad=");
	sc_putu(s, bad);
}

/* Feeds @len bytes at @p as direction @dir's segment at @seq. */
static inline void sc_segment(struct sc_ctx *c, struct nethttp_stream *st,
			      unsigned int dir, unsigned int seq,
			      const unsigned char *p, unsigned int len,
			      unsigned long long clock)
{
	struct nethttp_segment seg = { .seq = seq, .len = len };

	c->seg = p;
	c->seg_len = len;
	c->clock = clock;
	nethttp_stream_segment(st, dir, &seg, &sc_ops, c, &c->ev);
	c->seg = 0;
	c->seg_len = 0;
}

/* Appends @t to @buf at *@at; nonzero when it does not fit. */
static inline int sc_put_bytes(unsigned char *buf, unsigned int *at,
			       const char *t)
{
	unsigned int n = __builtin_strlen(t);

	if (n > SC_BYTES_MAX - *at)
		return 1;
	__builtin_memcpy(buf + *at, t, n);
	*at += n;
	return 0;
}

/* Appends @text, @fill_len x @fill and @tail to @buf at @at; the new end. */
static inline unsigned int sc_build(unsigned char *buf, unsigned int at,
				    const char *text, const char *fill,
				    unsigned int fill_len, const char *tail)
{
	unsigned int i;

	if (sc_put_bytes(buf, &at, text))
		return 0;
	for (i = 0; fill && i < fill_len; i++)
		if (sc_put_bytes(buf, &at, fill))
			return 0;
	if (tail && sc_put_bytes(buf, &at, tail))
		return 0;
	return at;
}

/* The length of the header block @p starts, as HTTP/1.x has it; 0: none. */
static inline unsigned int sc_head_len(const unsigned char *p, unsigned int len)
{
	unsigned int i;

	for (i = 0; i + 1 < len; i++) {
		if (p[i] != '\n')
			continue;
		if (p[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && p[i + 1] == '\r' && p[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* Builds @set's bytes and layout into @c; 0 when it does not fit. */
static inline int sc_lay_out(struct sc_ctx *c, const struct sc_set *set)
{
	struct sc_layout *l = &c->lay;
	unsigned int seq[2] = { 0, 0 }, i, at = 0, end;
	const struct sc_piece *p;

	__builtin_memset(l, 0, sizeof(*l));
	for (i = 0; set->pieces[i].text; i++) {
		p = &set->pieces[i];
		if (i == SC_PIECES_MAX)
			return 0;
		end = sc_build(c->bytes, at, p->text, p->fill, p->fill_len,
			       p->tail);
		/* too long, or empty */
		if (end <= at)
			return 0;
		l->start[i] = at;
		l->len[i] = end - at;
		l->head[i] = sc_head_len(c->bytes + at, end - at);
		if (!i || p->dir != set->pieces[i - 1].dir) {
			l->run_first[l->runs] = i;
			l->run_start[l->runs] = at;
			l->run_seq[l->runs] = seq[p->dir & 1];
			l->runs++;
		}
		l->run_end[l->runs - 1] = i + 1;
		l->run_len[l->runs - 1] += end - at;
		seq[p->dir & 1] += end - at;
		at = end;
	}
	l->pieces = i;
	l->bytes = at;
	return 1;
}

/* A set's segment's stamp: its direction and where it starts in it. */
static inline unsigned long long sc_clock(unsigned int dir, unsigned int seq)
{
	return (dir + 1) * 1000000ULL + seq;
}

/* The ISNs sets are fed at: each direction's sequence wraps inside. */
#define SC_ISN0	0xffffffe0u
#define SC_ISN1	0xfffffffau

/* Where a set's runs are cut into segments. */
struct sc_cuts {
	int every_byte;		/* every run, one byte per segment */
	unsigned int run;	/* else run @run at @n offsets @at, ascending */
	unsigned int n;
	unsigned int at[2];
	int twice;		/* each segment fed twice */
};

/* Where the segment of run @r that holds offset @off ends. */
static inline unsigned int sc_seg_end(const struct sc_layout *l,
				      const struct sc_cuts *cuts,
				      unsigned int r, unsigned int off)
{
	unsigned int k;

	if (cuts->every_byte)
		return off + 1;
	for (k = 0; r == cuts->run && k < cuts->n; k++)
		if (cuts->at[k] > off)
			return cuts->at[k];
	return l->run_len[r];
}

/* Where the segment of run @r that holds offset @off starts. */
static inline unsigned int sc_seg_start(const struct sc_cuts *cuts,
					unsigned int r, unsigned int off)
{
	unsigned int k, start = 0;

	if (cuts->every_byte)
		return off;
	for (k = 0; r == cuts->run && k < cuts->n; k++)
		if (cuts->at[k] <= off)
			start = cuts->at[k];
	return start;
}

/*
 * Feeds the laid-out set in segments cut at @cuts, then closes both
 * directions and releases the stream.
 */
static inline void sc_play_set(struct sc_ctx *c, const struct sc_set *set,
			       const struct sc_cuts *cuts)
{
	const struct sc_layout *l = &c->lay;
	struct nethttp_stream st;
	unsigned int r, a, b, dir, seq;

	__builtin_memset(&st, 0, sizeof(st));
	sc_reset(c);
	for (r = 0; r < l->runs; r++) {
		dir = set->pieces[l->run_first[r]].dir;
		for (a = 0; a < l->run_len[r]; a = b) {
			b = sc_seg_end(l, cuts, r, a);
			seq = (dir ? SC_ISN1 : SC_ISN0) + l->run_seq[r] + a;
			sc_segment(c, &st, dir, seq,
				   c->bytes + l->run_start[r] + a, b - a,
				   sc_clock(dir, l->run_seq[r] + a));
			/* as loopback's second hook, or a retransmission */
			if (cuts->twice)
				sc_segment(c, &st, dir, seq,
					   c->bytes + l->run_start[r] + a, b - a,
					   sc_clock(dir, l->run_seq[r] + a) + 1);
		}
	}
	c->clock = 0;
	nethttp_stream_close(&st, 0, &sc_ops, c, &c->ev);
	nethttp_stream_close(&st, 1, &sc_ops, c, &c->ev);
	nethttp_stream_end(&st, &sc_ops, c);
	nethttp_stream_release(&st, &sc_ops, c);
	c->pairs = SC_PAIRS_SHORT;
}

/* "OK req GET /a trunc=0": word @n (from 0) of an event's text, into @s. */
static inline void sc_put_word(struct sc_str *s, const char *event,
			       unsigned int n)
{
	unsigned int len;

	for (; n; n--) {
		while (*event && *event != ' ')
			event++;
		while (*event == ' ')
			event++;
	}
	for (len = 0; event[len] && event[len] != ' '; len++)
		;
	sc_putn(s, event, len);
}

static inline unsigned int sc_status_of(const char *event)
{
	unsigned int status = 0;

	/* "OK resp 200 ..." */
	for (event += 8; *event >= '0' && *event <= '9'; event++)
		status = status * 10 + (*event - '0');
	return status;
}

/* A set's requests waiting for their responses, as the model has them. */
struct sc_queue {
	unsigned int count;
	unsigned int piece[NETHTTP_STREAM_PENDING_MAX];
	unsigned long long ts[NETHTTP_STREAM_PENDING_MAX];
};

/*
 * What feeding @set so must give: its events, stamped with the segments
 * their blocks start in, and its counters. Into c->want.
 */
static inline void sc_expect_set(struct sc_ctx *c, const struct sc_set *set,
				 const struct sc_cuts *cuts)
{
	const struct sc_layout *l = &c->lay;
	unsigned long long n[NETHTTP_STREAM_STAT_COUNT] = { 0 };
	unsigned int r, i, k, off, len, status;
	unsigned long long ts;
	const struct sc_piece *p;
	struct sc_queue q = { 0 };
	struct sc_str s;

	sc_str_init(&s, c->want, sizeof(c->want));
	for (r = 0; r < l->runs; r++) {
		for (i = l->run_first[r]; i < l->run_end[r]; i++) {
			p = &set->pieces[i];
			if (!p->event)
				continue;
			off = l->start[i] - l->run_start[r];
			/* a block a segment's end cuts is put together */
			if (sc_seg_end(l, cuts, r, off) < off + l->head[i])
				n[NETHTTP_STREAM_REASSEMBLED]++;
			len = l->head[i] < NETHTTP_PAYLOAD_MAX ?
			      l->head[i] : NETHTTP_PAYLOAD_MAX;
			sc_putu(&s, p->dir);
			sc_puts(&s, " ");
			sc_puts(&s, p->event);
			sc_puts(&s, " len=");
			sc_putu(&s, len);
			ts = sc_clock(p->dir, l->run_seq[r] +
				      sc_seg_start(cuts, r, off));
			sc_puts(&s, " ts=");
			sc_putu(&s, ts);
			if (p->event[3] == 'r' && p->event[5] == 'q' &&
			    q.count < NETHTTP_STREAM_PENDING_MAX) {
				q.piece[q.count] = i;
				q.ts[q.count++] = ts;
			} else if (p->event[3] == 'r' && p->event[5] == 's') {
				sc_puts(&s, " pair=");
				if (!q.count) {
					sc_puts(&s, "none");
					n[NETHTTP_STREAM_RESPONSES_UNPAIRED]++;
					goto data;
				}
				sc_putu(&s, ts - q.ts[0]);
				sc_puts(&s, " ");
				sc_put_word(&s, set->pieces[q.piece[0]].event, 2);
				sc_puts(&s, " ");
				sc_put_word(&s, set->pieces[q.piece[0]].event, 3);
				status = sc_status_of(p->event);
				if (status >= 200 || status == 101) {
					for (k = 1; k < q.count; k++) {
						q.piece[k - 1] = q.piece[k];
						q.ts[k - 1] = q.ts[k];
					}
					q.count--;
				}
			}
data:
			sc_puts(&s, " data=");
			sc_puthex(&s, sc_hash(c->bytes + l->start[i], len));
			sc_puts(&s, "\n");
		}
	}
	if (cuts->twice)
		n[NETHTTP_STREAM_DUPLICATE_BYTES] = l->bytes;
	n[NETHTTP_STREAM_RESYNCS] = set->resyncs;
	n[NETHTTP_STREAM_PENDING_OVERFLOW] = set->overflow;
	n[NETHTTP_STREAM_REQUESTS_UNANSWERED] = q.count;
	sc_puts(&s, "stats ");
	sc_put_stats(&s, n, 0, 0, SC_PAIRS_SHORT);
}

/* What feeding @set so gave, into c->got; 1 when it is c->want. */
static inline int sc_check_set(struct sc_ctx *c, const struct sc_set *set,
			       const struct sc_cuts *cuts)
{
	struct sc_str s;

	sc_play_set(c, set, cuts);
	sc_str_init(&s, c->got, sizeof(c->got));
	sc_put_events(&s, c, 1);
	sc_puts(&s, "stats ");
	sc_put_stats(&s, c->stats, c->outstanding, c->bad, c->pairs);
	sc_expect_set(c, set, cuts);
	return sc_streq(c->got, c->want);
}

/* A run's 3-segment cuts: every pair, or a sample of a long run's. */
static inline unsigned int sc_pair_step(unsigned int run_len)
{
	return run_len <= SC_PAIRS_ALL ? 1 : run_len / SC_PAIRS_SAMPLE;
}

/* The ways a set is fed. */
enum sc_way {
	SC_WAY_WHOLE,	/* each run as one segment */
	SC_WAY_TWO,	/* one run in two segments, cut at every offset */
	SC_WAY_THREE,	/* one run in three, cut at every pair of offsets */
	SC_WAY_TWICE,	/* as SC_WAY_TWO, each segment fed twice */
	SC_WAY_BYTES,	/* every run one byte per segment */
	SC_WAY_COUNT,
};

static const char *const sc_way_names[SC_WAY_COUNT] = {
	"whole", "in two", "in three", "in two, each twice", "byte by byte",
};

/*
 * Feeds @set every way of kind @way. Stops at the first that does not
 * give what it must, leaving its text in c->got and c->want (else those
 * of the last) and its cuts in *@cuts. Returns the ways tried.
 */
static inline unsigned int sc_set_ways(struct sc_ctx *c,
				       const struct sc_set *set,
				       enum sc_way way, struct sc_cuts *cuts)
{
	const struct sc_layout *l = &c->lay;
	unsigned int step, ways = 0;

	__builtin_memset(cuts, 0, sizeof(*cuts));
	if (way == SC_WAY_WHOLE || way == SC_WAY_BYTES) {
		cuts->every_byte = way == SC_WAY_BYTES;
		sc_check_set(c, set, cuts);
		return 1;
	}
	cuts->n = way == SC_WAY_THREE ? 2 : 1;
	cuts->twice = way == SC_WAY_TWICE;
	for (cuts->run = 0; cuts->run < l->runs; cuts->run++) {
		step = cuts->n == 2 ? sc_pair_step(l->run_len[cuts->run]) : 1;
		for (cuts->at[0] = 1; cuts->at[0] < l->run_len[cuts->run];
		     cuts->at[0] += step) {
			for (cuts->at[1] = cuts->at[0] + 1;
			     cuts->n == 1 || cuts->at[1] < l->run_len[cuts->run];
			     cuts->at[1] += step) {
				ways++;
				if (!sc_check_set(c, set, cuts))
					return ways;
				if (cuts->n == 1)
					break;
			}
		}
	}
	return ways;
}

/* The ways sc_set_ways() must try, counted apart from it. */
static inline unsigned int sc_set_ways_expected(const struct sc_layout *l,
						enum sc_way way)
{
	unsigned int r, n, a, step, ways = 0;

	if (way == SC_WAY_WHOLE || way == SC_WAY_BYTES)
		return 1;
	for (r = 0; r < l->runs; r++) {
		n = l->run_len[r];
		if (way != SC_WAY_THREE) {
			ways += n - 1;
			continue;
		}
		step = sc_pair_step(n);
		if (step == 1) {
			ways += (n - 1) * (n - 2) / 2;
			continue;
		}
		/* cuts at a and a + 1, a + 1 + step, ... below n */
		for (a = 1; a + 1 < n; a += step)
			ways += (n - a - 2) / step + 1;
	}
	return ways;
}

/*
 * Plays @script: c->got gets its events, a line each, then "stats " and
 * the counters after the stream is released; c->want what it must give.
 */
static inline int sc_check_script(struct sc_ctx *c,
				  const struct sc_script *script)
{
	const struct sc_step *step;
	struct nethttp_stream st;
	struct sc_str s;
	unsigned int len;

	__builtin_memset(&st, 0, sizeof(st));
	sc_reset(c);
	for (step = script->steps; step->op != SC_OP_END; step++) {
		switch (step->op) {
		case SC_OP_SEG:
			len = sc_build(c->bytes, 0, step->text, step->fill,
				       step->fill_len, step->tail);
			if (!len)
				c->bad++;
			sc_segment(c, &st, step->dir,
				   script->isn[step->dir & 1] + step->seq,
				   c->bytes, len, step->value);
			break;
		case SC_OP_CLOSE:
			c->clock = step->value;
			nethttp_stream_close(&st, step->dir, &sc_ops, c, &c->ev);
			break;
		case SC_OP_LIMIT:
			c->limit = step->value;
			break;
		case SC_OP_BLOCK_MAX:
			nethttp_stream_block_max = step->value;
			break;
		}
	}
	if (script->pairs)
		nethttp_stream_end(&st, &sc_ops, c);
	nethttp_stream_release(&st, &sc_ops, c);
	nethttp_stream_block_max = SC_BLOCK_MAX_DEFAULT;

	c->pairs = script->pairs;
	sc_str_init(&s, c->got, sizeof(c->got));
	sc_put_events(&s, c, 0);
	sc_puts(&s, "stats ");
	sc_put_stats(&s, c->stats, c->outstanding, c->bad, c->pairs);
	sc_str_init(&s, c->want, sizeof(c->want));
	sc_puts(&s, script->events);
	sc_puts(&s, "stats ");
	sc_puts(&s, script->stats);
	return sc_streq(c->got, c->want);
}

#endif /* NETHTTP_STREAM_FAKE_H */
