/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stream engine's cases, shared by tests/kunit/stream_test.c and
 * tests/unit/test_stream.c: see stream_fake.h for how they are fed and
 * what the lines mean. Direction 0 is the client's, 1 the server's.
 */
#ifndef NETHTTP_STREAM_CASES_H
#define NETHTTP_STREAM_CASES_H

#include "stream_fake.h"

/* A piece of a set from the client (SC_C) or the server (SC_S), and its event. */
#define SC_C(t, e)		{ .dir = 0, .text = (t), .event = (e) }
#define SC_S(t, e)		{ .dir = 1, .text = (t), .event = (e) }
/* with @n copies of @f and then @tl after @t */
#define SC_CF(t, f, n, tl, e) \
	{ .dir = 0, .text = (t), .fill = (f), .fill_len = (n), .tail = (tl), .event = (e) }
#define SC_SF(t, f, n, tl, e) \
	{ .dir = 1, .text = (t), .fill = (f), .fill_len = (n), .tail = (tl), .event = (e) }
#define SC_END		{ .text = 0 }

/* A body of 27 bytes that is a request, and one of 19 that is a response. */
#define SC_BODY_REQ	"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
#define SC_BODY_RESP	"HTTP/1.1 200 OK\r\n\r\n"

static const struct sc_set sc_sets[] = {
	{ .name = "get-with-headers", .pieces = (const struct sc_piece[]){
		SC_C("GET /index.html?a=1 HTTP/1.1\r\nHost: example.com\r\n"
		     "User-Agent: t/1\r\nAccept: */*\r\n\r\n",
		     "OK req GET /index.html trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
		     "Content-Length: 12\r\n\r\nhello world\n",
		     "OK resp 200 trunc=0"),
		SC_END } },
	{ .name = "keep-alive", .pieces = (const struct sc_piece[]){
		SC_C("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /1 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
		     "OK resp 200 trunc=0"),
		SC_C("GET /2 HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /2 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("5\r\nhello\r\n0\r\n\r\n", 0),
		SC_C("GET /3 HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /3 trunc=0"),
		SC_S("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
		     "OK resp 404 trunc=0"),
		SC_END } },
	{ .name = "post-body-is-a-request", .pieces = (const struct sc_piece[]){
		SC_C("POST /submit HTTP/1.1\r\nHost: h\r\nContent-Length: 27\r\n\r\n",
		     "OK req POST /submit trunc=0"),
		SC_C(SC_BODY_REQ, 0),
		SC_C("GET /next HTTP/1.1\r\nHost: h\r\n\r\n",
		     "OK req GET /next trunc=0"),
		SC_S("HTTP/1.1 201 Created\r\nContent-Length: 19\r\n\r\n",
		     "OK resp 201 trunc=0"),
		SC_S(SC_BODY_RESP, 0),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("ok", 0),
		SC_END } },
	{ .name = "chunked-extensions-trailers", .pieces = (const struct sc_piece[]){
		SC_C("GET /c HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /c trunc=0"),
		SC_C("GET /d HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /d trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
		     "OK resp 200 trunc=0"),
		/* 0x13 bytes that are a response, behind extensions */
		SC_S("13;name=value;q=\"a b\"\r\n" SC_BODY_RESP "\r\n", 0),
		SC_S("a \t;x\r\n0123456789\r\nA\r\nGET /x HTT\r\n", 0),
		SC_S("0;last=1\r\nTrailer-A: 1\r\nHTTP/1.1 200 OK\r\n"
		     "Trailer-B: 2\r\n\r\n", 0),
		SC_S("HTTP/1.1 204 No Content\r\n\r\n", "OK resp 204 trunc=0"),
		SC_END } },
	{ .name = "chunked-request-bare-lf", .pieces = (const struct sc_piece[]){
		SC_C("POST /u HTTP/1.1\r\nHost: h\r\n"
		     "Transfer-Encoding: gzip, chunked\r\nContent-Length: 99\r\n\r\n",
		     "OK req POST /u trunc=0"),
		SC_C("1b\n" SC_BODY_REQ "\n0\n\n", 0),
		SC_C("GET /after HTTP/1.1\r\nHost: h\r\n\r\n",
		     "OK req GET /after trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_END } },
	{ .name = "pipelined", .pieces = (const struct sc_piece[]){
		SC_C("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /1 trunc=0"),
		SC_C("HEAD /2 HTTP/1.1\r\nHost: h\r\n\r\n", "OK req HEAD /2 trunc=0"),
		SC_C("POST /3 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n",
		     "OK req POST /3 trunc=0"),
		SC_C("hello", 0),
		SC_C("DELETE /4 HTTP/1.1\r\nHost: h\r\n\r\n",
		     "OK req DELETE /4 trunc=0"),
		SC_C("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
		     "OK req OPTIONS * trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("one", 0),
		/* HEAD: the length is that of a GET, with no body */
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n",
		     "OK resp 201 trunc=0"),
		SC_S("3\r\nabc\r\n0\r\n\r\n", 0),
		SC_S("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
		     "OK resp 404 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("ok", 0),
		SC_END } },
	{ .name = "head-then-second-response", .pieces = (const struct sc_piece[]){
		SC_C("HEAD /a HTTP/1.1\r\nHost: h\r\n\r\n", "OK req HEAD /a trunc=0"),
		SC_C("GET /b HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /b trunc=0"),
		SC_C("HEAD /c HTTP/1.1\r\nHost: h\r\n\r\n", "OK req HEAD /c trunc=0"),
		SC_C("GET /d HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /d trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("hello", 0),
		SC_S("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_END } },
	{ .name = "interim-responses", .pieces = (const struct sc_piece[]){
		SC_C("POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n"
		     "Expect: 100-continue\r\n\r\n", "OK req POST /u trunc=0"),
		SC_S("HTTP/1.1 100 Continue\r\n\r\n", "OK resp 100 trunc=0"),
		SC_C("hello", 0),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("ok", 0),
		SC_C("HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n", "OK req HEAD /h trunc=0"),
		SC_C("GET /z HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /z trunc=0"),
		/* an interim response leaves the HEAD waiting for its own */
		SC_S("HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n",
		     "OK resp 103 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_END } },
	{ .name = "no-body-statuses", .pieces = (const struct sc_piece[]){
		SC_C("GET /a HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /a trunc=0"),
		SC_C("GET /b HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /b trunc=0"),
		SC_C("GET /c HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /c trunc=0"),
		SC_S("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
		     "OK resp 204 trunc=0"),
		SC_S("HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n"
		     "ETag: \"x\"\r\n\r\n", "OK resp 304 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("abc", 0),
		SC_END } },
	{ .name = "connect-tunnel", .pieces = (const struct sc_piece[]){
		SC_C("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
		     "OK req CONNECT example.com:443 trunc=0"),
		/* the client need not wait for the answer */
		SC_C(SC_BODY_REQ, 0),
		SC_S("HTTP/1.1 200 Connection Established\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0),
		SC_C("GET /more HTTP/1.1\r\n\r\n", 0),
		SC_S(SC_BODY_RESP, 0),
		SC_END } },
	{ .name = "upgrade-101", .pieces = (const struct sc_piece[]){
		SC_C("GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n"
		     "Connection: Upgrade\r\n\r\n", "OK req GET /chat trunc=0"),
		SC_S("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
		     "Connection: Upgrade\r\n\r\n", "OK resp 101 trunc=0"),
		SC_S("\x81\x05hello", 0),
		SC_S(SC_BODY_RESP, 0),
		SC_C("\201\205abcd\011\007\017\010\016", 0),
		SC_C(SC_BODY_REQ, 0),
		SC_END } },
	{ .name = "until-close", .pieces = (const struct sc_piece[]){
		SC_C("GET /old HTTP/1.0\r\n\r\n", "OK req GET /old trunc=0"),
		SC_C("GET /next HTTP/1.0\r\n\r\n", "OK req GET /next trunc=0"),
		SC_S("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("<html>", 0),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0),
		SC_S(SC_BODY_RESP, 0),
		SC_END } },
	{ .name = "until-close-transfer-coding", .pieces = (const struct sc_piece[]){
		SC_C("GET /gz HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /gz trunc=0"),
		/* chunked not last: the body ends with the connection */
		SC_S("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n"
		     "Content-Length: 3\r\n\r\n", "OK resp 200 trunc=0"),
		SC_S("3\r\nabc\r\n0\r\n\r\n", 0),
		SC_S(SC_BODY_RESP, 0),
		SC_END } },
	{ .name = "until-close-bad-length", .pieces = (const struct sc_piece[]){
		SC_C("GET /a HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /a trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("abc" SC_BODY_RESP, 0),
		SC_END } },
	{ .name = "content-length-forms", .pieces = (const struct sc_piece[]){
		/* a fold is no header of its own: no body */
		SC_C("GET /fold HTTP/1.1\r\nHost: h\r\nX-A: a\r\n Content-Length: 9\r\n\r\n",
		     "OK req GET /fold trunc=0"),
		SC_C("PUT /list HTTP/1.1\r\nHost: h\r\nContent-Length: 4, 4\r\n\r\n",
		     "OK req PUT /list trunc=0"),
		SC_C("GET ", 0),
		SC_C("PUT /case HTTP/1.1\r\nHost: h\r\ncontent-LENGTH :\t3 \r\n\r\n",
		     "OK req PUT /case trunc=0"),
		SC_C("GET", 0),
		SC_C("PUT /te HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\n"
		     "Transfer-Encoding: chunked\r\n\r\n", "OK req PUT /te trunc=0"),
		SC_C("0\r\n\r\n", 0),
		/* a request with a length that is no number has no body */
		SC_C("PUT /bad HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n",
		     "OK req PUT /bad trunc=0"),
		SC_C("PUT /zero HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
		     "OK req PUT /zero trunc=0"),
		SC_C("GET /last HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /last trunc=0"),
		SC_END } },
	{ .name = "long-header-blocks", .pieces = (const struct sc_piece[]){
		SC_CF("GET /big HTTP/1.1\r\nHost: h\r\nX-Fill: ", "a", 3000, "\r\n\r\n",
		      "OK req GET /big trunc=1"),
		SC_C("GET /after HTTP/1.1\r\nHost: h\r\n\r\n",
		     "OK req GET /after trunc=0"),
		/* its length is past the 2048 bytes an event holds */
		SC_SF("HTTP/1.1 200 OK\r\nX-Fill: ", "b", 2500,
		      "\r\nContent-Length: 19\r\n\r\n", "OK resp 200 trunc=1"),
		SC_S(SC_BODY_RESP, 0),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_END } },
	{ .name = "empty-lines-between", .pieces = (const struct sc_piece[]){
		SC_C("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /1 trunc=0"),
		SC_C("\r\n\r\n\n", 0),
		SC_C("GET /2 HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /2 trunc=0"),
		SC_C("\r\n", 0),
		/* its body is an empty line: not skipped as one */
		SC_C("POST /3 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n",
		     "OK req POST /3 trunc=0"),
		SC_C("\r\n\r\n", 0),
		SC_C("GET /4 HTTP/1.1\r\nHost: h\r\n\r\n", "OK req GET /4 trunc=0"),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_S("\r\n", 0),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		     "OK resp 200 trunc=0"),
		SC_END } },
	{ .name = "bare-lf", .pieces = (const struct sc_piece[]){
		SC_C("GET /lf HTTP/1.1\nHost: h\n\n", "OK req GET /lf trunc=0"),
		SC_C("GET /mixed HTTP/1.1\r\nHost: h\n\r\n", "OK req GET /mixed trunc=0"),
		SC_S("HTTP/1.1 200 OK\nContent-Length: 3\n\n", "OK resp 200 trunc=0"),
		SC_S("abc", 0),
		SC_S("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\n", "OK resp 200 trunc=0"),
		SC_S("\n", 0),
		SC_END } },
};

#undef SC_C
#undef SC_S
#undef SC_CF
#undef SC_SF
#undef SC_END

/* Steps of a script; @s is a sequence number from the direction's ISN. */
#define SC_SEG(d, s, t, clk) \
	{ .op = SC_OP_SEG, .dir = (d), .seq = (s), .text = (t), .value = (clk) }
#define SC_SEGF(d, s, t, f, n, tl, clk) \
	{ .op = SC_OP_SEG, .dir = (d), .seq = (s), .text = (t), .fill = (f), \
	  .fill_len = (n), .tail = (tl), .value = (clk) }
#define SC_CLOSE(d, clk)	{ .op = SC_OP_CLOSE, .dir = (d), .value = (clk) }
#define SC_LIMIT(n)	{ .op = SC_OP_LIMIT, .value = (n) }
#define SC_SET_BLOCK_MAX(n)	{ .op = SC_OP_BLOCK_MAX, .value = (n) }
#define SC_STOP		{ .op = SC_OP_END }
#define SC_L(t)		(sizeof(t) - 1)

/* 28 bytes each; SC_GA_HEAD is SC_GA but for its last line end (26 bytes) */
#define SC_GA	"GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
#define SC_GB	"GET /b HTTP/1.1\r\nHost: h\r\n\r\n"
#define SC_GC	"GET /c HTTP/1.1\r\nHost: h\r\n\r\n"
#define SC_GD	"GET /d HTTP/1.1\r\nHost: h\r\n\r\n"
#define SC_GA_HEAD	"GET /a HTTP/1.1\r\nHost: h\r\n"
/* a 50-byte header block announcing 100 bytes of body */
#define SC_POST100	"POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n"
/* 47 bytes */
#define SC_CHUNKED	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
/* 38 bytes each */
#define SC_R200	"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
#define SC_R201	"HTTP/1.1 201 OK\r\nContent-Length: 0\r\n\r\n"
#define SC_R202	"HTTP/1.1 202 OK\r\nContent-Length: 0\r\n\r\n"
/* 59 bytes, 65 bytes, 92 bytes */
#define SC_CONNECT1 \
	"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
#define SC_R407 \
	"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
#define SC_CONNECT2 \
	"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n" \
	"Proxy-Authorization: Basic eA==\r\n\r\n"
/* the line end of a chunk-size line, 5 bytes of data, the last chunk */
#define SC_CHUNK_REST	"\r\nhello\r\n0\r\n\r\n"
/* 18 bytes */
#define SC_GS	"GET / HTTP/1.1\r\n\r\n"

/* the counters a script must end with; nothing outstanding, nothing bad */
#define SC_STATS(reassembled, duplicate, resyncs, too_long, no_memory, overflow) \
	"reassembled=" #reassembled " duplicate=" #duplicate " resyncs=" #resyncs \
	" too_long=" #too_long " no_memory=" #no_memory " overflow=" #overflow \
	" outstanding=0 bad=0"

/* and with the pairing counters, for scripts that show pairing */
#define SC_STATSP(reassembled, duplicate, resyncs, too_long, no_memory, overflow, \
		  unpaired, unanswered, copies_refused) \
	"reassembled=" #reassembled " duplicate=" #duplicate " resyncs=" #resyncs \
	" too_long=" #too_long " no_memory=" #no_memory " overflow=" #overflow \
	" unpaired=" #unpaired " unanswered=" #unanswered \
	" copies_refused=" #copies_refused " outstanding=0 bad=0"

/* 42 bytes, with a query */
#define SC_GQ	"GET /a?x=1 HTTP/1.1\r\nHost: one.example\r\n\r\n"
/* 36 bytes: the fake's emit withholds this Host, as redaction would */
#define SC_GR	"GET /r HTTP/1.1\r\nHost: redact.me\r\n\r\n"
/* 70 bytes, and a 2-byte body */
#define SC_POSTX \
	"POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n" \
	"Expect: 100-continue\r\n\r\n"
/* 25 bytes */
#define SC_R100	"HTTP/1.1 100 Continue\r\n\r\n"
#define SC_H100	"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"
#define SC_Q23	"qqqqqqqqqqqqqqqqqqqqqqq"
#define SC_PAIR200(ts, lat, of) \
	"1 OK resp 200 trunc=0 len=38 ts=" #ts " pair=" #lat " " of "\n"

#define SC_EV_GA(ts)	"0 OK req GET /a trunc=0 len=28 ts=" #ts "\n"
#define SC_EV_GB(ts)	"0 OK req GET /b trunc=0 len=28 ts=" #ts "\n"
#define SC_EV_GC(ts)	"0 OK req GET /c trunc=0 len=28 ts=" #ts "\n"
#define SC_EV_GD(ts)	"0 OK req GET /d trunc=0 len=28 ts=" #ts "\n"
#define SC_EV_GS		"0 OK req GET / trunc=0 len=18 ts=1\n"
#define SC_EV_GS4 \
	"0 OK req GET / trunc=0 len=18 ts=1\n0 OK req GET / trunc=0 len=18 ts=1\n" \
	"0 OK req GET / trunc=0 len=18 ts=1\n0 OK req GET / trunc=0 len=18 ts=1\n"
#define SC_EV_R200		"1 OK resp 200 trunc=0 len=38 ts=2\n"
#define SC_EV_R2004 \
	"1 OK resp 200 trunc=0 len=38 ts=2\n1 OK resp 200 trunc=0 len=38 ts=2\n" \
	"1 OK resp 200 trunc=0 len=38 ts=2\n1 OK resp 200 trunc=0 len=38 ts=2\n"

static const struct sc_script sc_scripts[] = {
	/*
	 * The client may have sent into the tunnel before it was refused:
	 * where its next request starts is looked for at segment starts.
	 */
	{ "connect-refused-then-asked-again", { 1000, 2000 },
	  (const struct sc_step[]){
		SC_SEG(0, 0, SC_CONNECT1, 1),
		SC_SEG(0, SC_L(SC_CONNECT1), "\x16\x03\x01\x02\x05hello", 2),
		SC_SEG(1, 0, SC_R407, 3),
		SC_SEG(0, SC_L(SC_CONNECT1) + 10, SC_CONNECT2, 4),
		SC_SEG(1, SC_L(SC_R407), SC_BODY_RESP SC_BODY_RESP, 5),
		SC_SEG(0, SC_L(SC_CONNECT1) + 10 + SC_L(SC_CONNECT2), SC_BODY_REQ, 6),
		SC_STOP },
	  "0 OK req CONNECT example.com:443 trunc=0 len=59 ts=1\n"
	  "1 OK resp 407 trunc=0 len=65 ts=3\n"
	  "0 OK req CONNECT example.com:443 trunc=0 len=92 ts=4\n"
	  "1 OK resp 200 trunc=0 len=19 ts=5\n",
	  SC_STATS(0, 0, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "first-segments-too-short-to-tell", { 1000, 2000 },
	  (const struct sc_step[]){
		/*
		 * A token byte: held, and dropped once 8 bytes say no (its
		 * block, put together, is counted as such).
		 */
		SC_SEG(0, 0, "ab", 1),
		SC_SEG(0, 2, "cdefgh\r\n\r\n", 2),
		SC_SEG(0, 12, SC_GA, 3),
		/* no token byte: not held */
		SC_SEG(1, 0, "\x16\x03", 4),
		SC_SEG(1, 2, "\x01\x02\x03\x04\x05\x06\x07\x08", 5),
		SC_SEG(1, 10, SC_R200, 6),
		SC_STOP },
	  SC_EV_GA(3) "1 OK resp 200 trunc=0 len=38 ts=6\n",
	  SC_STATS(1, 0, 1, 0, 0, 0), SC_PAIRS_NONE },
	{ "retransmitted-segment", { 1000, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		SC_SEG(0, 0, SC_GA, 2),
		SC_SEG(0, SC_L(SC_GA), SC_GB, 3),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GB(3),
	  SC_STATS(0, 28, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "retransmitted-part-of-a-block", { 1000, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, "GET /a HTTP/1.1\r\nHo", 1),
		SC_SEG(0, 0, "GET /a HTTP/1.1\r\nHo", 2),
		SC_SEG(0, 19, "st: h\r\n\r\n", 3),
		SC_SEG(0, 0, SC_GA, 4),
		SC_SEG(0, SC_L(SC_GA), SC_GB, 5),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GB(5),
	  SC_STATS(1, 47, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "overlapping-segments", { 1000, 0 }, (const struct sc_step[]){
		/* SC_GA and 9 bytes of SC_GB */
		SC_SEG(0, 0, SC_GA "GET /b HT", 1),
		/* from byte 30: 7 bytes seen, the rest of SC_GB, SC_GC */
		SC_SEG(0, 30, "T /b HTTP/1.1\r\nHost: h\r\n\r\n" SC_GC, 2),
		/* all of it again, and SC_GD */
		SC_SEG(0, 0, SC_GA SC_GB SC_GC SC_GD, 3),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GB(1) SC_EV_GC(2) SC_EV_GD(3),
	  SC_STATS(1, 91, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "gap-between-messages", { 1000, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		/* SC_GB is late: SC_GC starts a segment, and is found */
		SC_SEG(0, 2 * SC_L(SC_GA), SC_GC, 2),
		/* SC_GB fills the hole, starts a message: reported once */
		SC_SEG(0, SC_L(SC_GA), SC_GB, 3),
		SC_SEG(0, SC_L(SC_GA), SC_GB, 4),
		SC_SEG(0, 3 * SC_L(SC_GA), SC_GD, 5),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GC(2) SC_EV_GB(3) SC_EV_GD(5),
	  SC_STATS(0, 28, 1, 0, 0, 0), SC_PAIRS_NONE },
	{ "gap-cuts-a-header-block", { 1000, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA_HEAD, 1),
		/* "\r\n" and SC_GB missing: SC_GA is reported as it is */
		SC_SEG(0, 2 * SC_L(SC_GA), SC_GC, 3),
		/* the hole filled in two: SC_GA's end, then SC_GB */
		SC_SEG(0, SC_L(SC_GA_HEAD), "\r\n", 4),
		SC_SEG(0, SC_L(SC_GA), SC_GB, 5),
		SC_SEG(0, SC_L(SC_GA), SC_GB, 6),
		SC_SEG(0, 3 * SC_L(SC_GA), SC_GD, 7),
		SC_STOP },
	  "0 OK req GET /a trunc=1 len=26 ts=1\n" SC_EV_GC(3) SC_EV_GB(5) SC_EV_GD(7),
	  SC_STATS(0, 28, 1, 0, 0, 0), SC_PAIRS_NONE },
	{ "gap-then-middle-of-a-message", { 1000, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		/* no message starts at the segment: SC_GC in it is not looked for */
		SC_SEG(0, SC_L(SC_GA) + 5, "b HTTP/1.1\r\nHost: h\r\n\r\n" SC_GC, 2),
		/* lost already: a second gap is not counted */
		SC_SEG(0, 3 * SC_L(SC_GA) + 3, " /d HTTP/1.1\r\nHost: h\r\n\r\n", 3),
		SC_SEG(0, 4 * SC_L(SC_GA), SC_GA, 4),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GA(4),
	  SC_STATS(0, 0, 1, 0, 0, 0), SC_PAIRS_NONE },
	{ "gap-inside-a-body", { 1000, 0 }, (const struct sc_step[]){
		SC_SEGF(0, 0, SC_POST100, "x", 10, "", 1),
		/* 30 body bytes lost; the rest is a request, then SC_GA */
		SC_SEGF(0, SC_L(SC_POST100) + 40, SC_BODY_REQ, "x", 33, SC_GA, 2),
		SC_SEG(0, SC_L(SC_POST100) + 100 + SC_L(SC_GA), SC_GB, 3),
		SC_STOP },
	  "0 OK req POST /p trunc=0 len=50 ts=1\n" SC_EV_GA(2) SC_EV_GB(3),
	  SC_STATS(0, 0, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "gap-inside-chunk-data", { 0, 7 }, (const struct sc_step[]){
		/* 0x64 bytes of chunk data, 10 of them here */
		SC_SEGF(1, 0, SC_CHUNKED "64\r\n", "y", 10, "", 1),
		/* 50 lost, 40 more, the last chunk and the next response */
		SC_SEGF(1, SC_L(SC_CHUNKED) + 4 + 60, "", "y", 40,
			"\r\n0\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", 2),
		SC_STOP },
	  "1 OK resp 200 trunc=0 len=47 ts=1\n"
	  "1 OK resp 204 trunc=0 len=27 ts=2\n",
	  SC_STATS(0, 0, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "gap-ends-a-body", { 1000, 0 }, (const struct sc_step[]){
		SC_SEGF(0, 0, SC_POST100, "x", 10, "", 1),
		/* the other 90 body bytes are late: SC_GA starts where they end */
		SC_SEG(0, SC_L(SC_POST100) + 100, SC_GA, 2),
		/* the body, a request to look at, is no message of its own */
		SC_SEGF(0, SC_L(SC_POST100) + 10, SC_BODY_REQ, "x", 63, "", 3),
		SC_SEG(0, SC_L(SC_POST100) + 100 + SC_L(SC_GA), SC_GB, 4),
		SC_STOP },
	  "0 OK req POST /p trunc=0 len=50 ts=1\n" SC_EV_GA(2) SC_EV_GB(4),
	  SC_STATS(0, 90, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "gap-ends-chunk-data", { 0, 7 }, (const struct sc_step[]){
		SC_SEG(1, 0, SC_CHUNKED "13\r\n", 1),
		/* the chunk's 19 bytes are late */
		SC_SEG(1, SC_L(SC_CHUNKED) + 4 + 19,
		       "\r\n0\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", 2),
		SC_SEG(1, SC_L(SC_CHUNKED) + 4, SC_BODY_RESP, 3),
		SC_STOP },
	  "1 OK resp 200 trunc=0 len=47 ts=1\n"
	  "1 OK resp 204 trunc=0 len=27 ts=2\n",
	  SC_STATS(0, 19, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "sequence-wraps", { 0xfffffff0u, 0xffffffffu }, (const struct sc_step[]){
		/* 2^32 is passed inside the first segment */
		SC_SEG(0, 0, "GET /a HTTP/1.1\r\nHo", 1),
		SC_SEG(0, 19, "st: h\r\n\r\n" SC_GB, 2),
		/* from before 2^32 to after: 46 bytes seen, then SC_GC */
		SC_SEG(0, 10, "P/1.1\r\nHost: h\r\n\r\n" SC_GB SC_GC, 3),
		SC_SEG(1, 0, SC_R200, 4),
		/* a gap, and the hole filled, past 2^32 */
		SC_SEG(1, 2 * SC_L(SC_R200), SC_R202, 5),
		SC_SEG(1, SC_L(SC_R200), SC_R201, 6),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GB(2) SC_EV_GC(3)
	  "1 OK resp 200 trunc=0 len=38 ts=4\n"
	  "1 OK resp 202 trunc=0 len=38 ts=5\n"
	  "1 OK resp 201 trunc=0 len=38 ts=6\n",
	  SC_STATS(1, 46, 1, 0, 0, 0), SC_PAIRS_NONE },
	{ "block-too-long", { 1000, 0 }, (const struct sc_step[]){
		SC_SET_BLOCK_MAX(4096),
		/* a block of 4096 bytes is whole */
		SC_SEGF(0, 0, "GET /m HTTP/1.1\r\nX: ", "m", 4072, "\r\n\r\n", 1),
		/*
		 * One of 4097 is cut, though its segments hold it all; SC_GB
		 * after it in the same segment is not looked for.
		 */
		SC_SEGF(0, 4096, "GET /n HTTP/1.1\r\nX: ", "n", 2980, "", 2),
		SC_SEGF(0, 4096 + 3000, "", "n", 1093, "\r\n\r\n" SC_GB, 3),
		SC_SEG(0, 4096 + 4097 + SC_L(SC_GB), SC_GC, 4),
		SC_STOP },
	  "0 OK req GET /m trunc=1 len=2048 ts=1\n"
	  "0 OK req GET /n trunc=1 len=2048 ts=2\n" SC_EV_GC(4),
	  SC_STATS(0, 0, 1, 1, 0, 0), SC_PAIRS_NONE },
	{ "memory-refused-at-first", { 1000, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		SC_LIMIT(0),
		/* a whole block needs no memory */
		SC_SEG(0, SC_L(SC_GA), SC_GB, 2),
		SC_SEG(0, 2 * SC_L(SC_GA), "GET /c HTTP/1.1\r\nHost: h\r\n", 3),
		SC_SEG(0, 2 * SC_L(SC_GA) + 26, "\r\n", 4),
		SC_SEG(0, 3 * SC_L(SC_GA), SC_GD, 5),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GB(2) "0 OK req GET /c trunc=1 len=26 ts=3\n" SC_EV_GD(5),
	  SC_STATS(0, 0, 1, 0, 1, 0), SC_PAIRS_NONE },
	{ "memory-refused-growing", { 1000, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		SC_LIMIT(1024),
		/* 1000 bytes fit the first 1024-byte buffer; 1104 do not */
		SC_SEGF(0, SC_L(SC_GA), "GET /g HTTP/1.1\r\nX: ", "g", 980, "", 2),
		SC_SEGF(0, SC_L(SC_GA) + 1000, "", "g", 100, "\r\n\r\n", 3),
		SC_SEG(0, SC_L(SC_GA) + 1104, SC_GB, 4),
		SC_STOP },
	  SC_EV_GA(1) "0 OK req GET /g trunc=1 len=1024 ts=2\n" SC_EV_GB(4),
	  SC_STATS(0, 0, 1, 0, 1, 0), SC_PAIRS_NONE },
	{ "close-cuts-a-block", { 1000, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA_HEAD, 5),
		SC_CLOSE(0, 9),
		/* nothing more is looked at that way */
		SC_SEG(0, SC_L(SC_GA_HEAD), "\r\n" SC_GB, 10),
		SC_CLOSE(1, 11),
		SC_STOP },
	  "0 OK req GET /a trunc=1 len=26 ts=5\n",
	  SC_STATS(0, 0, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "close-in-a-body", { 1000, 0 }, (const struct sc_step[]){
		SC_SEGF(0, 0, SC_POST100, "x", 10, "", 1),
		SC_CLOSE(0, 2),
		SC_STOP },
	  "0 OK req POST /p trunc=0 len=50 ts=1\n",
	  SC_STATS(0, 0, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "release-frees-a-block", { 1000, 2000 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA_HEAD, 1),
		SC_SEGF(1, 0, "HTTP/1.1 200 OK\r\nX: ", "r", 3000, "", 2),
		SC_STOP },
	  "",
	  SC_STATS(0, 0, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "pending-overflow", { 1000, 2000 }, (const struct sc_step[]){
		/* 18 requests before any response: 2 not remembered */
		SC_SEGF(0, 0, "", SC_GS, 18, "", 1),
		SC_SEGF(1, 0, "", SC_R200, 18, "", 2),
		/* all answered: room again */
		SC_SEG(0, 18 * SC_L(SC_GS), SC_GS, 1),
		SC_SEG(1, 18 * SC_L(SC_R200), SC_R200, 2),
		SC_STOP },
	  SC_EV_GS4 SC_EV_GS4 SC_EV_GS4 SC_EV_GS4 SC_EV_GS SC_EV_GS
	  SC_EV_R2004 SC_EV_R2004 SC_EV_R2004 SC_EV_R2004 SC_EV_R200 SC_EV_R200 SC_EV_GS SC_EV_R200,
	  SC_STATS(0, 0, 0, 0, 0, 2), SC_PAIRS_NONE },
	{ "malformed-messages", { 1000, 2000 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		SC_SEG(0, SC_L(SC_GA), "GET \r\n\r\n", 2),
		SC_SEG(0, SC_L(SC_GA) + 8, SC_GB, 3),
		SC_SEG(1, 0, SC_R200, 4),
		/* lost track: SC_R201 in the same segment is not looked for */
		SC_SEG(1, SC_L(SC_R200), "HTTP/1.1 600 x\r\n\r\n" SC_R201, 5),
		SC_SEG(1, 18 + 2 * SC_L(SC_R200), SC_R202, 6),
		SC_STOP },
	  SC_EV_GA(1) "0 MALFORMED len=8 ts=2\n" SC_EV_GB(3)
	  "1 OK resp 200 trunc=0 len=38 ts=4\n"
	  "1 MALFORMED len=18 ts=5\n"
	  "1 OK resp 202 trunc=0 len=38 ts=6\n",
	  SC_STATS(0, 0, 2, 0, 0, 0), SC_PAIRS_NONE },
	{ "not-http-where-a-message-starts", { 1000, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		SC_SEG(0, SC_L(SC_GA), "\x16\x03\x01\x02\x05hello", 2),
		SC_SEG(0, SC_L(SC_GA) + 10, SC_GB, 3),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GB(3),
	  SC_STATS(0, 0, 1, 0, 0, 0), SC_PAIRS_NONE },
	{ "joined-in-the-middle", { 1000, 0 }, (const struct sc_step[]){
		/* a token and a blank first: looked at, and no message */
		SC_SEG(0, 0, "dy bytes\r\n\r\n" SC_GS, 1),
		SC_SEG(0, 12 + SC_L(SC_GS), SC_GB, 2),
		SC_STOP },
	  SC_EV_GB(2),
	  SC_STATS(0, 0, 0, 0, 0, 0), SC_PAIRS_NONE },
	{ "chunk-line-limit", { 0, 7 }, (const struct sc_step[]){
		/* a chunk-size line of 4096 bytes is read: 2 + 4092 + 2 */
		SC_SEGF(1, 0, SC_CHUNKED "5;", "e", 4092, SC_CHUNK_REST SC_R200, 1),
		/* one of 4097 is not, nor what follows in its segment */
		SC_SEGF(1, SC_L(SC_CHUNKED) + 4094 + SC_L(SC_CHUNK_REST SC_R200),
			SC_CHUNKED "5;", "e", 4093, SC_CHUNK_REST SC_R201, 2),
		SC_SEG(1, 2 * SC_L(SC_CHUNKED) + 4094 + 4095 +
		       SC_L(SC_CHUNK_REST SC_R200) + SC_L(SC_CHUNK_REST SC_R201),
		       SC_R202, 3),
		SC_STOP },
	  "1 OK resp 200 trunc=0 len=47 ts=1\n"
	  "1 OK resp 200 trunc=0 len=38 ts=1\n"
	  "1 OK resp 200 trunc=0 len=47 ts=2\n"
	  "1 OK resp 202 trunc=0 len=38 ts=3\n",
	  SC_STATS(0, 0, 1, 0, 0, 0), SC_PAIRS_NONE },
	/* Pipelined requests are answered in order; a response too many is unpaired. */
	{ "pair-pipelined-in-order", { 5, 9 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GQ SC_GB SC_GC, 10),
		SC_SEG(1, 0, SC_R200, 25),
		SC_SEG(1, SC_L(SC_R200), SC_R201 SC_R202, 40),
		SC_SEG(1, 3 * SC_L(SC_R200), SC_R200, 50),
		SC_STOP },
	  "0 OK req GET /a trunc=0 len=42 ts=10\n"
	  SC_EV_GB(10) SC_EV_GC(10)
	  SC_PAIR200(25, 15, "GET /a host=one.example query=x=1 flags=0")
	  "1 OK resp 201 trunc=0 len=38 ts=40 pair=30 GET /b host=h query= flags=0\n"
	  "1 OK resp 202 trunc=0 len=38 ts=40 pair=30 GET /c host=h query= flags=0\n"
	  "1 OK resp 200 trunc=0 len=38 ts=50 pair=none\n",
	  SC_STATSP(0, 0, 0, 0, 0, 0, 1, 0, 0), SC_PAIRS_FULL },
	/* An interim response leaves its request to the final one. */
	{ "pair-interim-keeps-request", { 0, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_POSTX, 1),
		SC_SEG(1, 0, SC_R100, 3),
		SC_SEG(0, SC_L(SC_POSTX), "ok", 4),
		SC_SEG(1, SC_L(SC_R100), SC_R200, 9),
		SC_SEG(1, SC_L(SC_R100) + SC_L(SC_R200), SC_R100, 10),
		SC_STOP },
	  "0 OK req POST /u trunc=0 len=70 ts=1\n"
	  "1 OK resp 100 trunc=0 len=25 ts=3 pair=2 POST /u host=h query= flags=0\n"
	  SC_PAIR200(9, 8, "POST /u host=h query= flags=0")
	  "1 OK resp 100 trunc=0 len=25 ts=10 pair=none\n",
	  SC_STATSP(0, 0, 0, 0, 0, 0, 1, 0, 0), SC_PAIRS_FULL },
	/* 16 wait at most: the 17th is neither framed nor paired. */
	{ "pair-queue-full", { 0, 0 }, (const struct sc_step[]){
		SC_SEGF(0, 0, SC_GS, SC_GS, 16, 0, 1),
		SC_SEGF(1, 0, SC_R200, SC_R200, 16, 0, 2),
		SC_STOP },
	  SC_EV_GS4 SC_EV_GS4 SC_EV_GS4 SC_EV_GS4 SC_EV_GS
	  SC_PAIR200(2, 1, "GET /") SC_PAIR200(2, 1, "GET /")
	  SC_PAIR200(2, 1, "GET /") SC_PAIR200(2, 1, "GET /")
	  SC_PAIR200(2, 1, "GET /") SC_PAIR200(2, 1, "GET /")
	  SC_PAIR200(2, 1, "GET /") SC_PAIR200(2, 1, "GET /")
	  SC_PAIR200(2, 1, "GET /") SC_PAIR200(2, 1, "GET /")
	  SC_PAIR200(2, 1, "GET /") SC_PAIR200(2, 1, "GET /")
	  SC_PAIR200(2, 1, "GET /") SC_PAIR200(2, 1, "GET /")
	  SC_PAIR200(2, 1, "GET /") SC_PAIR200(2, 1, "GET /")
	  "1 OK resp 200 trunc=0 len=38 ts=2 pair=none\n",
	  SC_STATSP(0, 0, 0, 0, 0, 1, 1, 0, 0), SC_PAIRS_SHORT },
	/* A request still waiting when the connection ends is counted. */
	{ "pair-unanswered-at-end", { 0, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		SC_SEG(0, SC_L(SC_GA), SC_GB, 2),
		SC_SEG(1, 0, SC_R200, 5),
		SC_CLOSE(0, 6),
		SC_CLOSE(1, 7),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GB(2) SC_PAIR200(5, 4, "GET /a"),
	  SC_STATSP(0, 0, 0, 0, 0, 0, 0, 1, 0), SC_PAIRS_SHORT },
	/*
	 * The second request's copy is refused: its response is unpaired,
	 * the third's, kept after the place left between, is not.
	 */
	{ "pair-copy-refused", { 0, 0 }, (const struct sc_step[]){
		SC_LIMIT(100),
		SC_SEG(0, 0, SC_GA SC_GB, 1),
		SC_LIMIT(100000),
		SC_SEG(0, 2 * SC_L(SC_GA), SC_GC, 2),
		SC_SEG(1, 0, SC_R200 SC_R201 SC_R202, 5),
		SC_STOP },
	  SC_EV_GA(1) SC_EV_GB(1) SC_EV_GC(2)
	  SC_PAIR200(5, 4, "GET /a host=h query= flags=0")
	  "1 OK resp 201 trunc=0 len=38 ts=5 pair=none\n"
	  "1 OK resp 202 trunc=0 len=38 ts=5 pair=3 GET /c host=h query= flags=0\n",
	  SC_STATSP(0, 0, 0, 0, 0, 0, 1, 0, 1), SC_PAIRS_FULL },
	/*
	 * Responses lost in a gap would pair later ones with the wrong
	 * requests: pairing starts again, and what fills the gap late is
	 * not paired.
	 */
	{ "pair-forgotten-after-a-gap", { 0, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		SC_SEG(1, 0, SC_R200, 3),
		SC_SEG(0, SC_L(SC_GA), SC_GB, 4),
		SC_SEG(1, SC_L(SC_R200) + 100, SC_R201, 6),
		SC_SEG(0, 2 * SC_L(SC_GA), SC_GC, 7),
		SC_SEG(1, 2 * SC_L(SC_R200) + 100, SC_R202, 9),
		SC_SEG(1, SC_L(SC_R200), SC_R200, 10),
		SC_STOP },
	  SC_EV_GA(1) SC_PAIR200(3, 2, "GET /a") SC_EV_GB(4)
	  "1 OK resp 201 trunc=0 len=38 ts=6 pair=none\n"
	  SC_EV_GC(7)
	  "1 OK resp 202 trunc=0 len=38 ts=9 pair=2 GET /c\n"
	  "1 OK resp 200 trunc=0 len=38 ts=10 pair=none\n",
	  SC_STATSP(0, 0, 1, 0, 0, 0, 2, 0, 0), SC_PAIRS_SHORT },
	/*
	 * A response cut by the close is still the answer to its request;
	 * a request cut so waits for none.
	 */
	{ "pair-cut-at-close", { 0, 0 }, (const struct sc_step[]){
		SC_SEG(0, 0, SC_GA, 1),
		SC_SEG(1, 0, "HTTP/1.1 200 OK\r\nContent-Le", 3),
		SC_CLOSE(1, 4),
		SC_SEG(0, SC_L(SC_GA), SC_GA_HEAD, 5),
		SC_CLOSE(0, 6),
		SC_STOP },
	  SC_EV_GA(1)
	  "1 OK resp 200 trunc=1 len=27 ts=3 pair=2 GET /a\n"
	  "0 OK req GET /a trunc=1 len=26 ts=5\n",
	  SC_STATSP(0, 0, 0, 0, 0, 0, 0, 0, 0), SC_PAIRS_SHORT },
	/* The copy keeps 128 bytes of a request, and no withheld Host. */
	{ "pair-copy-cut-and-redacted", { 0, 0 }, (const struct sc_step[]){
		SC_SEGF(0, 0, "GET /x?", "q", 40,
			" HTTP/1.1\r\nHost: " SC_H100 "\r\n\r\n", 1),
		SC_SEG(0, 168, SC_GR, 2),
		SC_SEG(1, 0, SC_R200 SC_R201, 4),
		SC_STOP },
	  "0 OK req GET /x trunc=0 len=168 ts=1\n"
	  "0 OK req GET /r trunc=0 len=36 ts=2\n"
	  SC_PAIR200(4, 3, "GET /x host=" SC_H100 " query=" SC_Q23 " flags=2")
	  "1 OK resp 201 trunc=0 len=38 ts=4 pair=2 GET /r host= query= flags=1\n",
	  SC_STATSP(0, 0, 0, 0, 0, 0, 0, 0, 0), SC_PAIRS_FULL },
};

#undef SC_SEG
#undef SC_SEGF
#undef SC_CLOSE
#undef SC_LIMIT
#undef SC_SET_BLOCK_MAX
#undef SC_STOP
#undef SC_L

#endif /* NETHTTP_STREAM_CASES_H */
