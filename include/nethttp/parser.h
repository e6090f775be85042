/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTTP/1.x first-line and header-block parser.
 *
 * This header and parser.c include nothing, kernel or libc, so the very same
 * source builds into the module, into the KUnit suites and into userspace
 * tests and fuzzers. Only plain C types are used for the same reason.
 *
 * Every scanner takes the buffer and its length; nothing assumes a NUL.
 * Results are offsets and lengths into the caller's buffer.
 */
#ifndef NETHTTP_PARSER_H
#define NETHTTP_PARSER_H

/* Bytes of a segment's payload examined (and kept in an event) at most. */
#define NETHTTP_PAYLOAD_MAX	2048
/* Headers kept per message; later ones are still scanned, not stored. */
#define NETHTTP_HEADERS_MAX	64
/* Longest request target, header name and header value kept. */
#define NETHTTP_TARGET_MAX	1024
#define NETHTTP_NAME_MAX	128
#define NETHTTP_VALUE_MAX	1024
/* Bytes needed to recognise the start of a message ("OPTIONS ", "HTTP/1.1"). */
#define NETHTTP_PREFIX_LEN	8

enum nethttp_kind {
	NETHTTP_KIND_REQUEST = 1,
	NETHTTP_KIND_RESPONSE = 2,
};

enum nethttp_method {
	NETHTTP_METHOD_NONE,
	NETHTTP_METHOD_GET,
	NETHTTP_METHOD_HEAD,
	NETHTTP_METHOD_POST,
	NETHTTP_METHOD_PUT,
	NETHTTP_METHOD_DELETE,
	NETHTTP_METHOD_CONNECT,
	NETHTTP_METHOD_OPTIONS,
	NETHTTP_METHOD_TRACE,
	NETHTTP_METHOD_PATCH,
	NETHTTP_METHOD_COUNT,
};

enum nethttp_version {
	NETHTTP_VERSION_UNKNOWN,	/* first line cut before the version */
	NETHTTP_VERSION_1_0,
	NETHTTP_VERSION_1_1,
};

enum nethttp_parse_result {
	NETHTTP_PARSE_NOT_HTTP,		/* not the start of an HTTP/1.x message */
	NETHTTP_PARSE_MALFORMED,	/* looked like HTTP, broke the grammar */
	NETHTTP_PARSE_OK,		/* see nethttp_msg.truncated */
};

struct nethttp_span {
	unsigned short off;
	unsigned short len;
};

struct nethttp_header {
	struct nethttp_span name;
	struct nethttp_span value;	/* surrounding whitespace trimmed */
};

struct nethttp_msg {
	unsigned char kind;		/* enum nethttp_kind */
	unsigned char method;		/* enum nethttp_method, requests */
	unsigned char version;		/* enum nethttp_version */
	/* a limit, or the end of the segment, cut the message short */
	unsigned char truncated;
	/* the Host value was withheld (redacted) */
	unsigned char host_redacted;
	unsigned short status_code;	/* responses */
	unsigned short header_count;	/* entries used in headers[] */
	struct nethttp_span path;	/* request target up to '?' */
	struct nethttp_span query;	/* after '?', without it */
	struct nethttp_span reason;	/* responses */
	struct nethttp_span host;	/* the Host header, not in headers[] */
	/* body length, or -1 when unknown (chunked, read to close, cut) */
	long long content_length;
	/* bit i set: the value of headers[i] was withheld (redacted) */
	unsigned long long redacted;
	struct nethttp_header headers[NETHTTP_HEADERS_MAX];
};

/*
 * Cheap test of the first bytes of a payload (up to NETHTTP_PREFIX_LEN):
 * nonzero when they may start an HTTP/1.x request or response. All other
 * traffic is turned away here, before anything is copied.
 */
int nethttp_may_start(const unsigned char *p, unsigned int len);

/*
 * Parse the message starting at @data. @len is what the caller has of it
 * (at most NETHTTP_PAYLOAD_MAX bytes are looked at). On NETHTTP_PARSE_OK,
 * @msg describes it; on any other result @msg is unspecified.
 */
enum nethttp_parse_result nethttp_parse(const unsigned char *data,
					unsigned int len,
					struct nethttp_msg *msg);

/* "GET", ..., or "" for NETHTTP_METHOD_NONE and out-of-range values. */
const char *nethttp_method_name(unsigned int method);
/* "HTTP/1.0", "HTTP/1.1", or "" when unknown. */
const char *nethttp_version_name(unsigned int version);

#endif /* NETHTTP_PARSER_H */
