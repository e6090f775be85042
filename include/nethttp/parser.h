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

/*
 * The methods of IANA's HTTP Method Registry, matched case-sensitively;
 * any other token is NETHTTP_METHOD_EXTENSION, named by msg->method_token.
 */
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
	NETHTTP_METHOD_ACL,
	NETHTTP_METHOD_BASELINE_CONTROL,
	NETHTTP_METHOD_BIND,
	NETHTTP_METHOD_CHECKIN,
	NETHTTP_METHOD_CHECKOUT,
	NETHTTP_METHOD_COPY,
	NETHTTP_METHOD_LABEL,
	NETHTTP_METHOD_LINK,
	NETHTTP_METHOD_LOCK,
	NETHTTP_METHOD_MERGE,
	NETHTTP_METHOD_MKACTIVITY,
	NETHTTP_METHOD_MKCALENDAR,
	NETHTTP_METHOD_MKCOL,
	NETHTTP_METHOD_MKREDIRECTREF,
	NETHTTP_METHOD_MKWORKSPACE,
	NETHTTP_METHOD_MOVE,
	NETHTTP_METHOD_ORDERPATCH,
	NETHTTP_METHOD_PRI,
	NETHTTP_METHOD_PROPFIND,
	NETHTTP_METHOD_PROPPATCH,
	NETHTTP_METHOD_QUERY,
	NETHTTP_METHOD_REBIND,
	NETHTTP_METHOD_REPORT,
	NETHTTP_METHOD_SEARCH,
	NETHTTP_METHOD_UNBIND,
	NETHTTP_METHOD_UNCHECKOUT,
	NETHTTP_METHOD_UNLINK,
	NETHTTP_METHOD_UNLOCK,
	NETHTTP_METHOD_UPDATE,
	NETHTTP_METHOD_UPDATEREDIRECTREF,
	NETHTTP_METHOD_VERSION_CONTROL,
	NETHTTP_METHOD_EXTENSION,
	NETHTTP_METHOD_COUNT,
};

enum nethttp_version {
	NETHTTP_VERSION_UNKNOWN,	/* none: cut before it, or HTTP/0.9 */
	NETHTTP_VERSION_1_0,
	NETHTTP_VERSION_1_1,
	NETHTTP_VERSION_OTHER,		/* as sent in msg->version_token */
};

/*
 * What is odd about a message that is still reported: bit (1 << value)
 * of nethttp_msg.anomalies. Their names (nethttp/names.h) are part of the
 * line format; new ones are only ever added at the end.
 */
enum nethttp_anomaly {
	NETHTTP_ANOMALY_OBS_FOLD,
	NETHTTP_ANOMALY_SPACE_BEFORE_COLON,
	NETHTTP_ANOMALY_BARE_LF,
	NETHTTP_ANOMALY_VERSION_NONSTANDARD,
	NETHTTP_ANOMALY_FIRST_LINE_SPACING,
	NETHTTP_ANOMALY_STATUS_LINE_NO_REASON,
	NETHTTP_ANOMALY_DUPLICATE_CONTENT_LENGTH,
	NETHTTP_ANOMALY_CONFLICTING_CONTENT_LENGTH,
	NETHTTP_ANOMALY_BAD_CONTENT_LENGTH,
	NETHTTP_ANOMALY_TE_AND_CL,
	NETHTTP_ANOMALY_DUPLICATE_HOST,
	NETHTTP_ANOMALY_MISSING_HOST,
	NETHTTP_ANOMALY_HEADER_WITHOUT_COLON,
	NETHTTP_ANOMALY_BAD_HEADER_NAME,
	NETHTTP_ANOMALY_CONTROL_BYTES,
	NETHTTP_ANOMALY_HTTP09_REQUEST,
	NETHTTP_ANOMALY_EXTENSION_METHOD,
	NETHTTP_ANOMALY_TOO_MANY_HEADERS,
	NETHTTP_ANOMALY_LINE_TOO_LONG,
	NETHTTP_ANOMALY_COUNT,
};

/*
 * What Transfer-Encoding makes of the body after a header block; without
 * it, content_length tells (-1: none usable).
 */
enum nethttp_framing {
	NETHTTP_FRAMING_NONE,		/* no Transfer-Encoding */
	NETHTTP_FRAMING_CHUNKED,	/* chunked last */
	NETHTTP_FRAMING_OTHER,		/* another coding last: to the close */
};

enum nethttp_parse_result {
	NETHTTP_PARSE_NOT_HTTP,		/* not the start of an HTTP/1.x message */
	/* starts like one, yet nothing can be made of its first line */
	NETHTTP_PARSE_MALFORMED,
	NETHTTP_PARSE_OK,		/* see nethttp_msg.truncated, .anomalies */
};

struct nethttp_span {
	unsigned short off;
	unsigned short len;
};

/*
 * A value with obs-fold continuation lines spans them, line ends included;
 * whoever shows it joins each fold into one space.
 */
struct nethttp_header {
	struct nethttp_span name;	/* whitespace before the colon trimmed */
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
	unsigned char framing;		/* enum nethttp_framing */
	unsigned short status_code;	/* responses */
	unsigned short header_count;	/* entries used in headers[] */
	/*
	 * Bytes from the message's start to the end of the empty line that
	 * ends its header block; 0 when the data stops first.
	 */
	unsigned short head_len;
	unsigned int anomalies;		/* bits of enum nethttp_anomaly */
	struct nethttp_span method_token;	/* requests: as sent */
	struct nethttp_span version_token;	/* as sent; empty when unknown */
	struct nethttp_span path;	/* request target up to '?' */
	struct nethttp_span query;	/* after '?', without it */
	struct nethttp_span reason;	/* responses */
	/* the first Host header of a request; not in headers[], later ones are */
	struct nethttp_span host;
	/* body length, or -1 when unknown (chunked, read to close, cut) */
	long long content_length;
	/* bit i set: the value of headers[i] was withheld (redacted) */
	unsigned long long redacted;
	struct nethttp_header headers[NETHTTP_HEADERS_MAX];
};

/*
 * Cheap test of the first bytes of a payload (up to NETHTTP_PREFIX_LEN):
 * nonzero when they may start an HTTP/1.x request (a token, then a space or
 * more token) or response ("HTTP/" in any case, then a digit). Nearly all
 * other traffic is turned away here, before anything is copied.
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

/* "GET", ..., or "" for NONE, EXTENSION and out-of-range values. */
const char *nethttp_method_name(unsigned int method);
/* "HTTP/1.0", "HTTP/1.1", or "" for the others. */
const char *nethttp_version_name(unsigned int version);

#endif /* NETHTTP_PARSER_H */
