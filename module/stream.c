// SPDX-License-Identifier: GPL-2.0
/*
 * The per-connection stream engine: see nethttp/stream.h. No includes
 * beyond our own headers, for the same reason as the parser.
 *
 * Each direction keeps the sequence number of the first byte it has not
 * looked at. Bytes before it were seen already (a retransmission, an
 * overlap) and are skipped; a message is
 * looked for exactly where the previous one ended, so neither body bytes
 * that look like a message nor a second message in one segment fool it.
 */
#include "nethttp/stream.h"
#include "parse.h"

unsigned int nethttp_stream_block_max = 16384;

/* What the response to a request needs to know of it. */
enum nethttp_pending {
	NETHTTP_PENDING_OTHER,
	NETHTTP_PENDING_HEAD,
	NETHTTP_PENDING_CONNECT,
};

enum nethttp_body {
	NETHTTP_BODY_NONE,
	NETHTTP_BODY_LENGTH,
	NETHTTP_BODY_CHUNKED,
	NETHTTP_BODY_UNTIL_CLOSE,
};

static unsigned int nethttp_min(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

static void nethttp_flow_drop_block(struct nethttp_flow *f,
				    const struct nethttp_stream_ops *ops,
				    void *ctx)
{
	if (f->block)
		ops->free(ctx, f->block, f->block_size);
	f->block = 0;
	f->block_len = 0;
	f->block_size = 0;
	f->block_scan = 0;
}

static void nethttp_flow_set(struct nethttp_flow *f, unsigned int state,
			     unsigned long long left)
{
	f->state = state;
	f->left = left;
	f->chunk_digits = 0;
	f->chunk_ext = 0;
	f->line_bytes = 0;
	f->line_len = 0;
}

/* No request waits any more; copies' memory is kept for later ones. */
static void nethttp_pending_clear(struct nethttp_stream *st)
{
	st->pending = 0;
	st->pending_kept = 0;
	st->pending_count = 0;
}

/*
 * Direction @dir lost track. Requests waiting for their response are
 * forgotten too: responses (or requests) may have gone by unseen, and a
 * response paired with the wrong request would be a lie.
 */
static void nethttp_flow_resync(struct nethttp_stream *st, unsigned int dir,
				const struct nethttp_stream_ops *ops, void *ctx)
{
	struct nethttp_flow *f = &st->flow[dir];

	nethttp_pending_clear(st);
	nethttp_flow_drop_block(f, ops, ctx);
	if (f->state != NETHTTP_FLOW_RESYNC)
		ops->count(ctx, NETHTTP_STREAM_RESYNCS, 1);
	nethttp_flow_set(f, NETHTTP_FLOW_RESYNC, 0);
}

/*
 * Where the header block in @p ends (just past its empty line), searching
 * from @from; 0 when it does not end within @len. *@resume is where a
 * search over more bytes should start again.
 */
static unsigned int nethttp_header_end(const unsigned char *p,
				       unsigned int from, unsigned int len,
				       unsigned int *resume)
{
	unsigned int i = from;

	for (;;) {
		i = nethttp_find_byte(p, i, len, '\n');
		if (i >= len)
			break;
		if (i + 1 < len && p[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && p[i + 1] == '\r' && p[i + 2] == '\n')
			return i + 3;
		if (i + 2 >= len) {
			/* the line after it is cut: look at it again */
			*resume = i;
			return 0;
		}
		i++;
	}
	*resume = len;
	return 0;
}

static int nethttp_lower_is(const unsigned char *p, unsigned int len,
			    const char *word, unsigned int word_len)
{
	unsigned int i;

	if (len != word_len)
		return 0;
	for (i = 0; i < len; i++)
		if (nethttp_lower(p[i]) != (unsigned char)word[i])
			return 0;
	return 1;
}

static int nethttp_is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/*
 * A Content-Length value: one length, or a list of equal ones. -1 when it
 * is none, or when it differs from @prev (a length seen before, or -2).
 */
static long long nethttp_length_value(const unsigned char *p, unsigned int len,
				      long long prev)
{
	long long value = -2, n;
	unsigned int i = 0, digits;

	for (;;) {
		while (i < len && (nethttp_is_ows(p[i]) || p[i] == ','))
			i++;
		if (i == len)
			break;
		n = 0;
		for (digits = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++) {
			if (++digits > 18)
				return -1;
			n = n * 10 + (p[i] - '0');
		}
		if (!digits || (value != -2 && n != value))
			return -1;
		value = n;
		while (i < len && nethttp_is_ows(p[i]))
			i++;
		if (i < len && p[i] != ',')
			return -1;
	}
	if (value == -2 || (prev != -2 && prev != value))
		return -1;
	return value;
}

/*
 * How the body after header block @p (of @len bytes, whole) is framed, as
 * RFC 9112 section 6.3 has it: Transfer-Encoding over Content-Length, and
 * an unusable Content-Length as none. *@length is set for LENGTH.
 */
static enum nethttp_body nethttp_body_framing(const unsigned char *p,
					      unsigned int len,
					      unsigned long long *length)
{
	long long content_length = -2;
	int te = 0, chunked = 0, bad_length = 0;
	unsigned int i, eol, end, colon, name_end;

	i = nethttp_find_byte(p, 0, len, '\n') + 1;
	while (i < len) {
		eol = nethttp_find_byte(p, i, len, '\n');
		end = eol;
		if (end > i && p[end - 1] == '\r')
			end--;
		if (end == i)
			break;
		colon = nethttp_find_byte(p, i, end, ':');
		/* a fold continues the header before it: never a new name */
		if (colon < end && !nethttp_is_ows(p[i])) {
			name_end = colon;
			while (name_end > i && nethttp_is_ows(p[name_end - 1]))
				name_end--;
			if (nethttp_lower_is(p + i, name_end - i,
					     "content-length", 14)) {
				content_length = nethttp_length_value(p + colon + 1,
								      end - colon - 1,
								      content_length);
				if (content_length < 0) {
					bad_length = 1;
					content_length = -2;
				}
			} else if (nethttp_lower_is(p + i, name_end - i,
						    "transfer-encoding", 17)) {
				te = 1;
				chunked = nethttp_last_coding_chunked(p + colon + 1,
								      end - colon - 1);
			}
		}
		i = eol + 1;
	}
	if (te)
		return chunked ? NETHTTP_BODY_CHUNKED : NETHTTP_BODY_UNTIL_CLOSE;
	if (bad_length)
		return NETHTTP_BODY_UNTIL_CLOSE;
	if (content_length < 0)
		return NETHTTP_BODY_NONE;
	*length = content_length;
	return NETHTTP_BODY_LENGTH;
}

/*
 * Where pending request @i keeps its copy: the first in the stream, the
 * others in memory that grows as requests are pipelined. NULL when the
 * memory is refused.
 */
static struct nethttp_pending_request *
nethttp_pending_slot(struct nethttp_stream *st, unsigned int i,
		     const struct nethttp_stream_ops *ops, void *ctx)
{
	struct nethttp_pending_request *more;
	unsigned int room;

	if (!i)
		return &st->first;
	if (i > st->pending_room) {
		/* a copy refused before may leave a place between */
		for (room = st->pending_room ? st->pending_room * 2 : 1;
		     room < i; room *= 2)
			;
		if (room > NETHTTP_STREAM_PENDING_MAX - 1)
			room = NETHTTP_STREAM_PENDING_MAX - 1;
		more = (void *)ops->alloc(ctx, room * sizeof(*more));
		if (!more)
			return 0;
		if (st->more) {
			__builtin_memcpy(more, st->more,
					 st->pending_room * sizeof(*more));
			ops->free(ctx, (unsigned char *)st->more,
				  st->pending_room * sizeof(*more));
		}
		st->more = more;
		st->pending_room = room;
	}
	return &st->more[i - 1];
}

static void nethttp_pending_drop_copies(struct nethttp_stream *st,
					const struct nethttp_stream_ops *ops,
					void *ctx)
{
	if (st->more)
		ops->free(ctx, (unsigned char *)st->more,
			  st->pending_room * sizeof(*st->more));
	st->more = 0;
	st->pending_room = 0;
}

/* Adds @len bytes at @p to @b's text at @at; returns where the text ends. */
static unsigned int nethttp_brief_add(struct nethttp_brief *b, unsigned int at,
				      const struct nethttp_event *ev,
				      const struct nethttp_span *span,
				      unsigned char *len)
{
	unsigned int n = span->len;

	if (span->off > ev->data_len || n > ev->data_len - span->off)
		n = 0;
	if (n > NETHTTP_BRIEF_TEXT_MAX - at) {
		n = NETHTTP_BRIEF_TEXT_MAX - at;
		b->flags |= NETHTTP_BRIEF_CUT;
	}
	__builtin_memcpy(b->text + at, ev->data + span->off, n);
	*len = n;
	return at + n;
}

/* What a response to the request @ev describes will tell of it. */
static void nethttp_brief_fill(struct nethttp_brief *b,
			       const struct nethttp_event *ev)
{
	const struct nethttp_msg *msg = &ev->msg;
	static const struct nethttp_span none;
	unsigned int at;

	b->flags = msg->host_redacted ? NETHTTP_BRIEF_HOST_REDACTED : 0;
	at = nethttp_brief_add(b, 0, ev, &msg->method_token, &b->method_len);
	at = nethttp_brief_add(b, at, ev, msg->host_redacted ? &none : &msg->host,
			       &b->host_len);
	at = nethttp_brief_add(b, at, ev, &msg->path, &b->path_len);
	nethttp_brief_add(b, at, ev, &msg->query, &b->query_len);
}

/*
 * The request @ev describes, first seen at @ts and reported (so redacted)
 * already, now waits for its response; what it is (@what) decides how
 * that is framed. Not ev->timestamp_ns: the emit may have made it another
 * clock's.
 */
static void nethttp_pending_push(struct nethttp_stream *st, unsigned int what,
				 const struct nethttp_event *ev,
				 unsigned long long ts,
				 const struct nethttp_stream_ops *ops, void *ctx)
{
	struct nethttp_pending_request *slot;
	unsigned int i = st->pending_count;

	if (i >= NETHTTP_STREAM_PENDING_MAX) {
		ops->count(ctx, NETHTTP_STREAM_PENDING_OVERFLOW, 1);
		return;
	}
	st->pending |= what << (2 * i);
	st->pending_count++;
	slot = nethttp_pending_slot(st, i, ops, ctx);
	if (!slot) {
		ops->count(ctx, NETHTTP_STREAM_PENDING_NO_MEMORY, 1);
		return;
	}
	slot->ts = ts;
	nethttp_brief_fill(&slot->brief, ev);
	st->pending_kept |= 1U << i;
}

/* The oldest pending request is answered: the next one becomes oldest. */
static void nethttp_pending_pop(struct nethttp_stream *st)
{
	unsigned int left, copies;

	if (!st->pending_count)
		return;
	st->pending >>= 2;
	st->pending_kept >>= 1;
	left = --st->pending_count;
	copies = nethttp_min(left, st->pending_room);
	if (!copies)
		return;
	st->first = st->more[0];
	if (copies > 1)
		__builtin_memmove(st->more, st->more + 1,
				  (copies - 1) * sizeof(*st->more));
}

/*
 * Pairs the response @ev describes, first seen at @ts, with the oldest
 * pending request, and sets @ev's latency_ns and request from it. A final
 * response (or 101) takes the request; an interim one leaves it for the
 * final one. Returns what the request was.
 */
static unsigned int nethttp_pending_answer(struct nethttp_stream *st,
					   struct nethttp_event *ev,
					   unsigned long long ts,
					   const struct nethttp_stream_ops *ops,
					   void *ctx)
{
	unsigned int what = st->pending & 3;

	ev->latency_ns = -1;
	if (!st->pending_count) {
		ops->count(ctx, NETHTTP_STREAM_RESPONSES_UNPAIRED, 1);
		return NETHTTP_PENDING_OTHER;
	}
	if (st->pending_kept & 1) {
		ev->latency_ns = ts > st->first.ts ? ts - st->first.ts : 0;
		nethttp_brief_copy(&ev->request, &st->first.brief);
	} else {
		ops->count(ctx, NETHTTP_STREAM_RESPONSES_UNPAIRED, 1);
	}
	if (ev->msg.status_code >= 200 || ev->msg.status_code == 101)
		nethttp_pending_pop(st);
	return what;
}

static void nethttp_flow_tunnel(struct nethttp_flow *f,
				const struct nethttp_stream_ops *ops, void *ctx)
{
	nethttp_flow_drop_block(f, ops, ctx);
	nethttp_flow_set(f, NETHTTP_FLOW_TUNNEL, 0);
}

/*
 * Where the message after the one in @p (whole) starts; a response's
 * request was @asked.
 */
static void nethttp_flow_frame(struct nethttp_stream *st, unsigned int dir,
			       const unsigned char *p, unsigned int len,
			       const struct nethttp_msg *msg, unsigned int asked,
			       const struct nethttp_stream_ops *ops, void *ctx)
{
	struct nethttp_flow *f = &st->flow[dir], *peer = &st->flow[dir ^ 1];
	unsigned long long length = 0;
	enum nethttp_body body;
	unsigned int status = msg->status_code;

	/* what the parser found, unless the block is longer than it looks */
	if (msg->head_len != len)
		body = nethttp_body_framing(p, len, &length);
	else if (msg->framing == NETHTTP_FRAMING_CHUNKED)
		body = NETHTTP_BODY_CHUNKED;
	else if (msg->framing == NETHTTP_FRAMING_OTHER || msg->content_length < 0)
		body = NETHTTP_BODY_UNTIL_CLOSE;
	else
		body = NETHTTP_BODY_LENGTH;
	if (body == NETHTTP_BODY_LENGTH && msg->head_len == len)
		length = msg->content_length;

	if (msg->kind == NETHTTP_KIND_REQUEST) {
		if (msg->method == NETHTTP_METHOD_CONNECT) {
			/* what follows is the tunnel's, unless refused */
			nethttp_flow_set(f, NETHTTP_FLOW_TUNNEL, 0);
			return;
		}
		/* a request without a usable length has no body */
		if (body == NETHTTP_BODY_CHUNKED)
			nethttp_flow_set(f, NETHTTP_FLOW_CHUNK_SIZE, 0);
		else if (body == NETHTTP_BODY_LENGTH && length)
			nethttp_flow_set(f, NETHTTP_FLOW_BODY, length);
		else
			nethttp_flow_set(f, NETHTTP_FLOW_START, 0);
		return;
	}

	if (status == 101) {
		nethttp_flow_tunnel(f, ops, ctx);
		nethttp_flow_tunnel(peer, ops, ctx);
		return;
	}
	if (status < 200) {
		/* interim: the request still waits for its final response */
		nethttp_flow_set(f, NETHTTP_FLOW_START, 0);
		return;
	}
	if (asked == NETHTTP_PENDING_CONNECT) {
		if (status < 300) {
			nethttp_flow_tunnel(f, ops, ctx);
			return;
		}
		/* refused: the client may ask again, where we cannot tell */
		if (peer->state == NETHTTP_FLOW_TUNNEL)
			nethttp_flow_set(peer, NETHTTP_FLOW_RESYNC, 0);
	}
	if (asked == NETHTTP_PENDING_HEAD || status == 204 || status == 304)
		nethttp_flow_set(f, NETHTTP_FLOW_START, 0);
	else if (body == NETHTTP_BODY_CHUNKED)
		nethttp_flow_set(f, NETHTTP_FLOW_CHUNK_SIZE, 0);
	else if (body == NETHTTP_BODY_LENGTH)
		nethttp_flow_set(f, length ? NETHTTP_FLOW_BODY : NETHTTP_FLOW_START,
				 length);
	else
		/* no length: the body ends with the connection */
		nethttp_flow_set(f, NETHTTP_FLOW_UNTIL_CLOSE, 0);
}

static unsigned int nethttp_pending_what(const struct nethttp_msg *msg)
{
	if (msg->method == NETHTTP_METHOD_HEAD)
		return NETHTTP_PENDING_HEAD;
	if (msg->method == NETHTTP_METHOD_CONNECT)
		return NETHTTP_PENDING_CONNECT;
	return NETHTTP_PENDING_OTHER;
}

/*
 * Reports the whole header block @p of @len bytes that ev->msg describes,
 * parsed from its first NETHTTP_PAYLOAD_MAX bytes in ev->data, and sets
 * where the next message starts. Returns 1.
 */
static int nethttp_flow_parsed(struct nethttp_stream *st, unsigned int dir,
			       const unsigned char *p, unsigned int len,
			       unsigned long long ts, unsigned int packet_len,
			       const struct nethttp_stream_ops *ops, void *ctx,
			       struct nethttp_event *ev)
{
	int request = ev->msg.kind == NETHTTP_KIND_REQUEST;
	unsigned int asked = NETHTTP_PENDING_OTHER;

	ev->data_len = nethttp_min(len, NETHTTP_PAYLOAD_MAX);
	ev->timestamp_ns = ts;
	ev->packet_len = packet_len;
	ev->latency_ns = -1;
	if (!request)
		asked = nethttp_pending_answer(st, ev, ts, ops, ctx);
	/* before the event is handed on: redaction may rewrite ev->data */
	nethttp_flow_frame(st, dir, p, len, &ev->msg, asked, ops, ctx);
	ops->emit(ctx, dir, ev, NETHTTP_PARSE_OK);
	if (request)
		nethttp_pending_push(st, nethttp_pending_what(&ev->msg), ev, ts,
				     ops, ctx);
	return 1;
}

/* How nethttp_flow_message() takes a header block. */
enum nethttp_block_how {
	NETHTTP_BLOCK_WHOLE = 1 << 0,	/* it ends in the bytes given */
	/* the next message is looked for after it (with WHOLE) */
	NETHTTP_BLOCK_FOLLOW = 1 << 1,
	/*
	 * It starts where a message was expected: a response is paired.
	 * Not so a block that fills a gap late, whose place among the other
	 * messages is not known.
	 */
	NETHTTP_BLOCK_IN_PLACE = 1 << 2,
	NETHTTP_BLOCK_FOLLOWED = NETHTTP_BLOCK_WHOLE | NETHTTP_BLOCK_FOLLOW |
				 NETHTTP_BLOCK_IN_PLACE,
};

/*
 * Reports the header block @p of @len bytes, whole or not, as @how says.
 * Returns 0 when there is no HTTP message at all, or when the direction
 * cannot be followed on.
 */
static int nethttp_flow_message(struct nethttp_stream *st, unsigned int dir,
				const unsigned char *p, unsigned int len,
				unsigned int how, unsigned long long ts,
				unsigned int packet_len,
				const struct nethttp_stream_ops *ops, void *ctx,
				struct nethttp_event *ev)
{
	unsigned int n = nethttp_min(len, NETHTTP_PAYLOAD_MAX);
	int whole = how & NETHTTP_BLOCK_WHOLE;
	enum nethttp_parse_result result;

	if (p != ev->data)
		__builtin_memcpy(ev->data, p, n);
	result = nethttp_parse(ev->data, n, &ev->msg);
	if (result == NETHTTP_PARSE_NOT_HTTP)
		return 0;
	if (result == NETHTTP_PARSE_OK && whole && (how & NETHTTP_BLOCK_FOLLOW))
		return nethttp_flow_parsed(st, dir, p, len, ts, packet_len, ops,
					   ctx, ev);
	if (result == NETHTTP_PARSE_OK && !whole)
		ev->msg.truncated = 1;
	ev->data_len = n;
	ev->timestamp_ns = ts;
	ev->packet_len = packet_len;
	/*
	 * A request cut short is no request an endpoint acts on: it waits
	 * for no response.
	 */
	ev->latency_ns = -1;
	if (result == NETHTTP_PARSE_OK && ev->msg.kind != NETHTTP_KIND_REQUEST) {
		if (how & NETHTTP_BLOCK_IN_PLACE)
			nethttp_pending_answer(st, ev, ts, ops, ctx);
		else
			ops->count(ctx, NETHTTP_STREAM_RESPONSES_UNPAIRED, 1);
	}
	ops->emit(ctx, dir, ev, result);
	return result == NETHTTP_PARSE_OK && whole;
}

/* A header block that will not be whole: report what there is of it. */
static void nethttp_flow_cut(struct nethttp_stream *st, unsigned int dir,
			     const struct nethttp_stream_ops *ops, void *ctx,
			     struct nethttp_event *ev)
{
	struct nethttp_flow *f = &st->flow[dir];

	if (f->state == NETHTTP_FLOW_HEADERS && f->block_len)
		nethttp_flow_message(st, dir, f->block, f->block_len,
				     NETHTTP_BLOCK_IN_PLACE, f->block_ts,
				     f->block_packet_len, ops, ctx, ev);
	nethttp_flow_drop_block(f, ops, ctx);
}

/* Makes room for at least one more byte in the block; 0 when refused. */
static int nethttp_flow_grow(struct nethttp_flow *f,
			     const struct nethttp_stream_ops *ops, void *ctx)
{
	unsigned int size = f->block_size ? f->block_size * 2 :
			    NETHTTP_STREAM_BLOCK_MIN;
	unsigned char *block;

	if (size > nethttp_stream_block_max)
		size = nethttp_stream_block_max;
	if (size <= f->block_size)
		return 0;
	block = ops->alloc(ctx, size);
	if (!block)
		return 0;
	if (f->block_len)
		__builtin_memcpy(block, f->block, f->block_len);
	if (f->block)
		ops->free(ctx, f->block, f->block_size);
	f->block = block;
	f->block_size = size;
	return 1;
}

/*
 * Header block bytes from @off of the segment: starts a block (state
 * START) or adds to one (HEADERS). Returns where the segment's bytes after
 * it start, or @end when they all went into it.
 */
static unsigned int nethttp_flow_headers(struct nethttp_stream *st,
					 unsigned int dir, unsigned int off,
					 unsigned int end, int resyncing,
					 const struct nethttp_stream_ops *ops,
					 void *ctx, struct nethttp_event *ev)
{
	struct nethttp_flow *f = &st->flow[dir];
	unsigned int n, hend, before, scan = 0;
	int continued = 0;

	if (f->state == NETHTTP_FLOW_START) {
		n = nethttp_min(end - off, NETHTTP_PAYLOAD_MAX);
		if (ops->copy(ctx, off, ev->data, n))
			goto lost;
		/* empty lines before a message are allowed, and passed over */
		if (ev->data[0] == '\r' || ev->data[0] == '\n') {
			for (hend = 1; hend < n; hend++)
				if (ev->data[hend] != '\r' && ev->data[hend] != '\n')
					break;
			return off + hend;
		}
		/*
		 * Most blocks lie whole in their first segment: the parser
		 * then finds where they end, and no other pass is needed.
		 */
		if (nethttp_parse(ev->data, n, &ev->msg) == NETHTTP_PARSE_OK &&
		    ev->msg.head_len) {
			nethttp_flow_parsed(st, dir, ev->data, ev->msg.head_len,
					    ops->now(ctx), st->packet_len, ops,
					    ctx, ev);
			return off + ev->msg.head_len;
		}
		hend = nethttp_header_end(ev->data, 0, n, &scan);
		if (hend) {
			if (!nethttp_flow_message(st, dir, ev->data, hend,
						  NETHTTP_BLOCK_FOLLOWED,
						  ops->now(ctx), st->packet_len,
						  ops, ctx, ev))
				goto lost;
			return off + hend;
		}
		if (n >= NETHTTP_PREFIX_LEN &&
		    !nethttp_may_start(ev->data, NETHTTP_PREFIX_LEN))
			goto lost;
		/*
		 * Where no message was expected, hold nothing that is no HTTP
		 * (an SMTP "EHLO host" passes the first-bytes test): what this
		 * much of it says is final unless the first line is cut.
		 */
		if (resyncing && (nethttp_find_byte(ev->data, 0, n, '\n') < n) &&
		    nethttp_parse(ev->data, n, &ev->msg) == NETHTTP_PARSE_NOT_HTTP)
			goto lost;
		f->block_ts = ops->now(ctx);
		f->block_packet_len = st->packet_len;
		f->block_len = 0;
		while (f->block_size < n)
			if (!nethttp_flow_grow(f, ops, ctx))
				goto no_memory_first;
		__builtin_memcpy(f->block, ev->data, n);
		f->block_len = n;
		f->block_scan = scan;
		f->state = NETHTTP_FLOW_HEADERS;
		off += n;
	} else {
		continued = 1;
	}

	while (off < end) {
		if (f->block_len == f->block_size) {
			if (f->block_size >= nethttp_stream_block_max) {
				ops->count(ctx, NETHTTP_STREAM_BLOCK_TOO_LONG, 1);
				goto cut;
			}
			if (!nethttp_flow_grow(f, ops, ctx)) {
				ops->count(ctx, NETHTTP_STREAM_BLOCK_NO_MEMORY, 1);
				goto cut;
			}
		}
		n = nethttp_min(f->block_size - f->block_len, end - off);
		if (ops->copy(ctx, off, f->block + f->block_len, n))
			goto cut;
		before = f->block_len;
		f->block_len += n;
		hend = nethttp_header_end(f->block, f->block_scan, f->block_len,
					  &f->block_scan);
		if (hend) {
			int ok;

			if (continued)
				ops->count(ctx, NETHTTP_STREAM_REASSEMBLED, 1);
			ok = nethttp_flow_message(st, dir, f->block, hend,
						  NETHTTP_BLOCK_FOLLOWED,
						  f->block_ts, f->block_packet_len,
						  ops, ctx, ev);
			nethttp_flow_drop_block(f, ops, ctx);
			if (!ok)
				goto lost;
			return off + hend - before;
		}
		off += n;
		if (f->block_len >= NETHTTP_PREFIX_LEN && before < NETHTTP_PREFIX_LEN &&
		    !nethttp_may_start(f->block, NETHTTP_PREFIX_LEN))
			goto lost;
	}
	return end;

no_memory_first:
	ops->count(ctx, NETHTTP_STREAM_BLOCK_NO_MEMORY, 1);
	nethttp_flow_message(st, dir, ev->data, n, NETHTTP_BLOCK_IN_PLACE,
			     ops->now(ctx), st->packet_len, ops, ctx, ev);
	goto lost;
cut:
	f->state = NETHTTP_FLOW_HEADERS;
	nethttp_flow_cut(st, dir, ops, ctx, ev);
lost:
	nethttp_flow_drop_block(f, ops, ctx);
	if (resyncing)
		nethttp_flow_set(f, NETHTTP_FLOW_RESYNC, 0);
	else
		nethttp_flow_resync(st, dir, ops, ctx);
	return end;
}

static int nethttp_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = nethttp_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * One byte of a chunk-size line, of the line end after chunk data, or of
 * the trailers. Returns 0 when the byte makes no sense there.
 */
static int nethttp_chunk_byte(struct nethttp_flow *f, unsigned char c)
{
	int digit;

	switch (f->state) {
	case NETHTTP_FLOW_CHUNK_SIZE:
		if (++f->line_len > NETHTTP_STREAM_CHUNK_LINE_MAX)
			return 0;
		if (c == '\n') {
			if (!f->chunk_digits)
				return 0;
			if (f->left)
				nethttp_flow_set(f, NETHTTP_FLOW_CHUNK_DATA, f->left);
			else
				nethttp_flow_set(f, NETHTTP_FLOW_TRAILERS, 0);
			return 1;
		}
		if (f->chunk_ext)
			return 1;
		digit = nethttp_hex(c);
		if (digit >= 0) {
			/* 15 hex digits: more than any body a length can give */
			if (f->chunk_digits >= 15)
				return 0;
			f->left = f->left * 16 + digit;
			f->chunk_digits++;
			return 1;
		}
		if (!f->chunk_digits)
			return 0;
		/* ';' extensions, or blanks or CR before the line end */
		f->chunk_ext = 1;
		return 1;
	case NETHTTP_FLOW_CHUNK_END:
		if (c == '\n') {
			nethttp_flow_set(f, NETHTTP_FLOW_CHUNK_SIZE, 0);
			return 1;
		}
		return c == '\r' && !f->line_len++;
	case NETHTTP_FLOW_TRAILERS:
		if (++f->line_len > nethttp_stream_block_max)
			return 0;
		if (c == '\n') {
			if (!f->line_bytes)
				nethttp_flow_set(f, NETHTTP_FLOW_START, 0);
			f->line_bytes = 0;
		} else if (c != '\r') {
			f->line_bytes = 1;
		}
		return 1;
	default:
		return 1;
	}
}

static int nethttp_in_chunk_lines(const struct nethttp_flow *f)
{
	return f->state == NETHTTP_FLOW_CHUNK_SIZE ||
	       f->state == NETHTTP_FLOW_CHUNK_END ||
	       f->state == NETHTTP_FLOW_TRAILERS;
}

/* Chunked framing bytes from @off; returns where they end. */
static unsigned int nethttp_flow_chunks(struct nethttp_stream *st,
					unsigned int dir, unsigned int off,
					unsigned int end,
					const struct nethttp_stream_ops *ops,
					void *ctx)
{
	struct nethttp_flow *f = &st->flow[dir];
	unsigned char buf[64];
	unsigned int n, i;

	while (off < end && nethttp_in_chunk_lines(f)) {
		n = nethttp_min(sizeof(buf), end - off);
		if (ops->copy(ctx, off, buf, n))
			goto lost;
		for (i = 0; i < n && nethttp_in_chunk_lines(f); i++)
			if (!nethttp_chunk_byte(f, buf[i]))
				goto lost;
		off += i;
	}
	return off;
lost:
	nethttp_flow_resync(st, dir, ops, ctx);
	return end;
}

/* Skips what @skip says of a body; returns the bytes left after it. */
static unsigned int nethttp_flow_skip(struct nethttp_flow *f,
				      unsigned long long skip, unsigned int next)
{
	if (skip >= f->left) {
		skip = f->left;
		nethttp_flow_set(f, next, 0);
	} else {
		f->left -= skip;
	}
	return skip;
}

/* The new bytes of a segment, [@off, @end). */
static void nethttp_flow_bytes(struct nethttp_stream *st, unsigned int dir,
			       unsigned int off, unsigned int end,
			       const struct nethttp_stream_ops *ops, void *ctx,
			       struct nethttp_event *ev)
{
	struct nethttp_flow *f = &st->flow[dir];
	int resyncing = 0;

	while (off < end) {
		switch (f->state) {
		/* a direction's first segment: as after losing track, but... */
		case NETHTTP_FLOW_NEW:
		case NETHTTP_FLOW_RESYNC: {
			unsigned char prefix[NETHTTP_PREFIX_LEN];
			unsigned int n = nethttp_min(end - off, NETHTTP_PREFIX_LEN);
			/*
			 * ...too short to tell (one byte at a time), it is
			 * taken if it starts as every message does: its block
			 * is tested once it holds the prefix, as in START.
			 */
			int first = f->state == NETHTTP_FLOW_NEW &&
				    n < NETHTTP_PREFIX_LEN;

			nethttp_flow_set(f, NETHTTP_FLOW_RESYNC, 0);
			/* only where a segment starts, and what looks like it */
			if (resyncing || ops->copy(ctx, off, prefix, n) ||
			    !(first ? nethttp_is_tchar(prefix[0]) :
			      nethttp_may_start(prefix, n)))
				return;
			resyncing = 1;
			nethttp_flow_set(f, NETHTTP_FLOW_START, 0);
			break;
		}
		case NETHTTP_FLOW_START:
			off = nethttp_flow_headers(st, dir, off, end, resyncing,
						   ops, ctx, ev);
			resyncing = 0;
			break;
		case NETHTTP_FLOW_HEADERS:
			off = nethttp_flow_headers(st, dir, off, end, 0, ops,
						   ctx, ev);
			break;
		case NETHTTP_FLOW_BODY:
			off += nethttp_flow_skip(f, end - off, NETHTTP_FLOW_START);
			break;
		case NETHTTP_FLOW_CHUNK_DATA:
			off += nethttp_flow_skip(f, end - off,
						 NETHTTP_FLOW_CHUNK_END);
			break;
		case NETHTTP_FLOW_CHUNK_SIZE:
		case NETHTTP_FLOW_CHUNK_END:
		case NETHTTP_FLOW_TRAILERS:
			off = nethttp_flow_chunks(st, dir, off, end, ops, ctx);
			break;
		default:
			/* a body to the close, a tunnel */
			return;
		}
	}
}

/*
 * Bytes between next_seq and the segment were never seen. A body with a
 * known length just shrinks by them; anything else loses track, and the
 * gap is remembered in case its bytes come later.
 */
static void nethttp_flow_gap(struct nethttp_stream *st, unsigned int dir,
			     unsigned int gap,
			     const struct nethttp_stream_ops *ops, void *ctx,
			     struct nethttp_event *ev)
{
	struct nethttp_flow *f = &st->flow[dir];

	switch (f->state) {
	case NETHTTP_FLOW_BODY:
		/* up to the body's end: the next message starts after it */
		if (f->left >= gap) {
			nethttp_flow_skip(f, gap, NETHTTP_FLOW_START);
			return;
		}
		break;
	case NETHTTP_FLOW_CHUNK_DATA:
		if (f->left >= gap) {
			nethttp_flow_skip(f, gap, NETHTTP_FLOW_CHUNK_END);
			return;
		}
		break;
	case NETHTTP_FLOW_UNTIL_CLOSE:
	case NETHTTP_FLOW_TUNNEL:
		return;
	case NETHTTP_FLOW_HEADERS:
		nethttp_flow_cut(st, dir, ops, ctx, ev);
		break;
	default:
		break;
	}
	f->hole = 1;
	f->hole_start = f->next_seq;
	f->hole_end = f->next_seq + gap;
	nethttp_flow_resync(st, dir, ops, ctx);
}

/*
 * The first @len bytes of a segment were seen before, or fill a gap. A
 * message starting where a segment fills a gap is reported from that
 * segment alone; nothing after it can be followed.
 */
static void nethttp_flow_old(struct nethttp_stream *st, unsigned int dir,
			     const struct nethttp_segment *seg,
			     unsigned int len,
			     const struct nethttp_stream_ops *ops, void *ctx,
			     struct nethttp_event *ev)
{
	struct nethttp_flow *f = &st->flow[dir];
	unsigned int in_hole, n, hend, scan;

	if (!f->hole || seg->seq - f->hole_start >= f->hole_end - f->hole_start) {
		ops->count(ctx, NETHTTP_STREAM_DUPLICATE_BYTES, len);
		return;
	}
	in_hole = nethttp_min(len, f->hole_end - seg->seq);
	if (in_hole < len)
		ops->count(ctx, NETHTTP_STREAM_DUPLICATE_BYTES, len - in_hole);
	if (seg->seq == f->hole_start) {
		f->hole_start += in_hole;
		if (f->hole_start == f->hole_end)
			f->hole = 0;
	}
	n = nethttp_min(in_hole, NETHTTP_PAYLOAD_MAX);
	if (ops->copy(ctx, 0, ev->data, n) ||
	    !nethttp_may_start(ev->data, n))
		return;
	hend = nethttp_header_end(ev->data, 0, n, &scan);
	nethttp_flow_message(st, dir, ev->data, hend ? hend : n,
			     hend ? NETHTTP_BLOCK_WHOLE : 0,
			     ops->now(ctx), st->packet_len, ops, ctx, ev);
}

void nethttp_stream_segment(struct nethttp_stream *st, unsigned int dir,
			    const struct nethttp_segment *seg,
			    const struct nethttp_stream_ops *ops, void *ctx,
			    struct nethttp_event *ev)
{
	struct nethttp_flow *f = &st->flow[dir & 1];
	unsigned int off = 0, behind;
	int delta;

	dir &= 1;
	if (!seg->len)
		return;
	st->packet_len = seg->packet_len;
	if (f->state != NETHTTP_FLOW_NEW) {
		delta = (int)(seg->seq - f->next_seq);
		if (delta < 0) {
			behind = f->next_seq - seg->seq;
			off = nethttp_min(behind, seg->len);
			nethttp_flow_old(st, dir, seg, off, ops, ctx, ev);
			if (off == seg->len)
				return;
		} else if (delta > 0) {
			nethttp_flow_gap(st, dir, delta, ops, ctx, ev);
		}
	}
	f->next_seq = seg->seq + seg->len;
	nethttp_flow_bytes(st, dir, off, seg->len, ops, ctx, ev);
}

void nethttp_stream_close(struct nethttp_stream *st, unsigned int dir,
			  const struct nethttp_stream_ops *ops, void *ctx,
			  struct nethttp_event *ev)
{
	struct nethttp_flow *f = &st->flow[dir & 1];

	nethttp_flow_cut(st, dir & 1, ops, ctx, ev);
	/* nothing more is sent this way; a stray segment is not a message */
	nethttp_flow_set(f, NETHTTP_FLOW_TUNNEL, 0);
}

void nethttp_stream_end(struct nethttp_stream *st,
			const struct nethttp_stream_ops *ops, void *ctx)
{
	if (st->pending_count)
		ops->count(ctx, NETHTTP_STREAM_REQUESTS_UNANSWERED,
			   st->pending_count);
	nethttp_pending_clear(st);
}

void nethttp_stream_release(struct nethttp_stream *st,
			    const struct nethttp_stream_ops *ops, void *ctx)
{
	nethttp_flow_drop_block(&st->flow[0], ops, ctx);
	nethttp_flow_drop_block(&st->flow[1], ops, ctx);
	nethttp_pending_drop_copies(st, ops, ctx);
}
