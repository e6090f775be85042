/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Following HTTP/1.x over one TCP connection, direction by direction:
 * which bytes are new, where each message starts and ends, and which
 * header blocks to put together from several segments.
 *
 * Kernel-header free, like the parser: the module feeds it segments out of
 * sk_buffs under the connection's lock, the KUnit suites and the userspace
 * tests feed it byte arrays. Whatever it needs from its caller (reading a
 * segment, memory that is charged and capped, handing over a message,
 * counting) goes through struct nethttp_stream_ops.
 */
#ifndef NETHTTP_STREAM_H
#define NETHTTP_STREAM_H

#include "event.h"

/*
 * Requests waiting for their response, per connection (pipelining): at
 * most 16, as pending_kept has a bit for each.
 */
#define NETHTTP_STREAM_PENDING_MAX	16
/* Longest chunk-size line, extensions included, before giving up. */
#define NETHTTP_STREAM_CHUNK_LINE_MAX	4096
/* Header blocks are held in buffers this big at first, doubled as needed. */
#define NETHTTP_STREAM_BLOCK_MIN	1024

enum nethttp_flow_state {
	NETHTTP_FLOW_NEW,		/* nothing seen: the first segment sets the sequence */
	NETHTTP_FLOW_START,		/* a message starts at next_seq */
	NETHTTP_FLOW_HEADERS,		/* a header block is being put together */
	NETHTTP_FLOW_BODY,		/* @left body bytes to pass over */
	NETHTTP_FLOW_CHUNK_SIZE,	/* in a chunk-size line */
	NETHTTP_FLOW_CHUNK_DATA,	/* @left bytes of chunk data */
	NETHTTP_FLOW_CHUNK_END,		/* the line end after chunk data */
	NETHTTP_FLOW_TRAILERS,		/* trailer lines up to the empty one */
	NETHTTP_FLOW_UNTIL_CLOSE,	/* a body that ends with the connection */
	NETHTTP_FLOW_TUNNEL,		/* no HTTP any more: CONNECT, 101 */
	/* lost track: a message is looked for at the start of each segment */
	NETHTTP_FLOW_RESYNC,
};

/* What the engine counts, through nethttp_stream_ops.count. */
enum nethttp_stream_stat {
	/* header blocks put together from more than one segment */
	NETHTTP_STREAM_REASSEMBLED,
	/* bytes seen before: retransmissions, overlaps */
	NETHTTP_STREAM_DUPLICATE_BYTES,
	/* times a direction lost track and looked for the next message start */
	NETHTTP_STREAM_RESYNCS,
	/* header blocks cut at the size cap */
	NETHTTP_STREAM_BLOCK_TOO_LONG,
	/* header blocks cut because the memory for partial blocks ran out */
	NETHTTP_STREAM_BLOCK_NO_MEMORY,
	/* requests whose method was not remembered: too many pending */
	NETHTTP_STREAM_PENDING_OVERFLOW,
	/* responses reported with no request to pair them with */
	NETHTTP_STREAM_RESPONSES_UNPAIRED,
	/* requests still waiting for their response when the connection ended */
	NETHTTP_STREAM_REQUESTS_UNANSWERED,
	/* pending requests not kept for pairing: no memory for their copy */
	NETHTTP_STREAM_PENDING_NO_MEMORY,
	NETHTTP_STREAM_STAT_COUNT,
};

/* One direction of a connection. */
struct nethttp_flow {
	unsigned int next_seq;		/* first byte not yet looked at */
	unsigned char state;		/* enum nethttp_flow_state */
	unsigned char chunk_digits;	/* hex digits of the chunk size so far */
	unsigned char chunk_ext;	/* past the size, in extensions */
	unsigned char line_bytes;	/* trailers: bytes in the current line */
	/* body or chunk bytes to pass over; chunk size while reading one */
	unsigned long long left;
	unsigned int line_len;		/* chunk-size line or trailers so far */
	/*
	 * The header block being put together: @block_len bytes held in a
	 * buffer of @block_size, and where the search for its end resumes.
	 */
	unsigned char *block;
	unsigned int block_len;
	unsigned int block_size;
	unsigned int block_scan;
	unsigned long long block_ts;	/* when its first segment was seen */
	unsigned int block_packet_len;	/* and that segment's packet_len */
	/*
	 * Bytes skipped over at a gap that may hold a message: segments that
	 * fill it later are looked at on their own.
	 */
	unsigned int hole_start;
	unsigned int hole_end;
	unsigned char hole;
};

/* A request awaiting its response: when it was seen, and what it asked. */
struct nethttp_pending_request {
	unsigned long long ts;
	struct nethttp_brief brief;
};

struct nethttp_stream {
	struct nethttp_flow flow[2];
	/* 2 bits per request awaiting its response, oldest lowest */
	unsigned int pending;
	/* bit per request awaiting its response: a copy of it is kept */
	unsigned short pending_kept;
	unsigned char pending_count;
	/* copies @more has room for */
	unsigned char pending_room;
	unsigned int packet_len;	/* of the segment at hand */
	/*
	 * The copies: the oldest request's here, as one is all most
	 * connections ever wait on, the second and later in @more.
	 */
	struct nethttp_pending_request *more;
	struct nethttp_pending_request first;
};

struct nethttp_stream_ops {
	/* copies @len bytes at @off of the segment to @dst; 0, or -1 */
	int (*copy)(void *ctx, unsigned int off, void *dst, unsigned int len);
	/*
	 * Memory for a partial header block or copies of pending requests,
	 * charged and aligned as kmalloc's; NULL when refused.
	 */
	unsigned char *(*alloc)(void *ctx, unsigned int size);
	void (*free)(void *ctx, unsigned char *block, unsigned int size);
	/*
	 * The time to stamp a header block that starts now, on a clock
	 * that only goes forward: response times are differences of these.
	 */
	unsigned long long (*now)(void *ctx);
	/*
	 * A message of direction @dir: @ev's msg, data, data_len,
	 * timestamp_ns and packet_len (both of its first segment),
	 * latency_ns and request are set; @result is NETHTTP_PARSE_OK or,
	 * with @ev's msg unspecified, NETHTTP_PARSE_MALFORMED. A request's
	 * Host is kept for its response as the emit leaves it: it must set
	 * msg.host_redacted of every request whose Host is never shown.
	 */
	void (*emit)(void *ctx, unsigned int dir, struct nethttp_event *ev,
		     enum nethttp_parse_result result);
	void (*count)(void *ctx, enum nethttp_stream_stat stat,
		      unsigned long long n);
};

/* A segment's place in its direction's byte stream. */
struct nethttp_segment {
	unsigned int seq;
	unsigned int len;
	/* what events of messages starting in it give as packet_len */
	unsigned int packet_len;
};

/*
 * Looks at a segment of direction @dir (0 or 1): reports each message that
 * starts in new bytes through ops->emit, with @ev as scratch space.
 */
void nethttp_stream_segment(struct nethttp_stream *st, unsigned int dir,
			    const struct nethttp_segment *seg,
			    const struct nethttp_stream_ops *ops, void *ctx,
			    struct nethttp_event *ev);

/*
 * Direction @dir ends (FIN, RST, the connection dropped from the table):
 * a header block not yet whole is reported as it is, marked truncated.
 */
void nethttp_stream_close(struct nethttp_stream *st, unsigned int dir,
			  const struct nethttp_stream_ops *ops, void *ctx,
			  struct nethttp_event *ev);

/*
 * The connection ended (FIN both ways, RST, dropped from the table):
 * requests still waiting for their response are counted, and forgotten.
 */
void nethttp_stream_end(struct nethttp_stream *st,
			const struct nethttp_stream_ops *ops, void *ctx);

/* Frees what @st holds, reporting nothing. */
void nethttp_stream_release(struct nethttp_stream *st,
			    const struct nethttp_stream_ops *ops, void *ctx);

/* The longest header block put together, in bytes (a module parameter). */
extern unsigned int nethttp_stream_block_max;

#endif /* NETHTTP_STREAM_H */
