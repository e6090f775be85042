// SPDX-License-Identifier: GPL-2.0
/*
 * Checks the reader's JSON code against the module's own formatter, which
 * is plain C and links into userspace (module/format.c, module/parser.c):
 *
 *   escape  - long byte strings, which the reader's sb_add_json_string()
 *             escapes a piece at a time, come out as the module's
 *             nethttp_format_json_string() writes them in one go;
 *   lines   - for many HTTP payloads, every line nethttp_format_event()
 *             makes parses with json_parse(), and json_write() of the tree
 *             gives the very same bytes but for one thing: "\ufffd" (which
 *             the module writes for a byte that is not UTF-8) comes back as
 *             the character U+FFFD itself, valid UTF-8 that passes as it is;
 *             so --format tracee re-serialises device values faithfully;
 *   write FILE N - writes the lines of the first N payloads to FILE, as
 *             input for the reader program itself.
 *
 * Random data comes from a fixed seed, so every run checks the same cases.
 * Prints what differs and exits 1 on the first mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nethttp/event.h"
#include "nethttp/escape.h"
#include "nethttp/format.h"
#include "nethttp/parser.h"

#include "json.h"
#include "text.h"

static unsigned long long rng_state = 0x243f6a8885a308d3ULL;

static unsigned int rng(void)
{
	/* xorshift64*: good enough to spread test inputs, and reproducible */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned int)((rng_state * 0x2545f4914f6cdd1dULL) >> 32);
}

/* Byte runs that sit on the edges of the escaping rules. */
static const char *const edge_runs[] = {
	"\"", "\\", "\n", "\r", "\t", "\x01", "\x1b", "\x1f", "\x7f", " ", "~",
	"\xc2\x80", "\xc2\x9f", "\xc2\xa0", "\xc3\xa9", "\xe2\x80\xa8",
	"\xe2\x80\xa9", "\xe2\x80\xae", "\xef\xbf\xbd", "\xf0\x9f\x98\x80",
	"\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xed\xa0\x80", "\xed\x9f\xbf",
	"\xe0\x80\xaf", "\xe0\xa0\x80", "\xc0\xaf", "\xc1\xbf", "\xf0\x8f\xbf\xbf",
	"\xf5", "\xff", "\x80", "\xbf", "\xc2", "\xe2\x80", "\xf0\x9f\x98",
};

static void random_bytes(struct strbuf *sb, size_t max_len)
{
	size_t target = rng() % (max_len + 1);
	const char *run;

	while (sb->len < target) {
		switch (rng() % 3) {
		case 0:
			sb_addc(sb, (char)(rng() & 0xff));
			break;
		case 1:
			run = edge_runs[rng() % (ARRAY_SIZE(edge_runs))];
			sb_adds(sb, run);
			break;
		default:
			sb_addc(sb, (char)(' ' + rng() % 95));
			break;
		}
	}
}

/*
 * The reader escapes through the module's nethttp_json_escape(), a bounded
 * piece of output at a time: strings whose escaped form spans several
 * pieces must come out as the module writes them in one go.
 */
static int check_long_escape(unsigned int rounds)
{
	struct strbuf in = STRBUF_INIT, ours = STRBUF_INIT;
	unsigned int i, n, size;
	char *module_out;
	int status = 0;

	for (i = 0; i < rounds && !status; i++) {
		in.len = 0;
		ours.len = 0;
		random_bytes(&in, 700000);
		size = 6 * (unsigned int)in.len;
		module_out = xmalloc(size ? size : 1);
		n = nethttp_format_json_string(module_out, size,
					       (const unsigned char *)in.data,
					       (unsigned int)in.len);
		sb_add_json_string(&ours, in.data, in.len);
		if ((in.len && !n) || n != ours.len ||
		    memcmp(module_out, ours.data, n)) {
			fprintf(stderr, "round %u: %zu input bytes: module wrote %u, reader %zu\n",
				i, in.len, n, ours.len);
			status = 1;
		}
		free(module_out);
	}
	if (!status)
		printf("escape: %u long strings escaped in pieces as in one go\n",
		       rounds);
	sb_free(&in);
	sb_free(&ours);
	return status;
}

static const char *const methods[] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
	"PATCH",
};

static const char *const names[] = {
	"Host", "host", "content-type", "X-Forwarded-For", "Content-Length",
	"transfer-encoding", "Set-Cookie", "x_weird", "Accept", "ACCEPT",
};

/* One payload: mostly well-formed HTTP, with random bytes in the fields. */
static void make_payload(struct strbuf *p)
{
	unsigned int headers = rng() % 6, i;

	p->len = 0;
	if (rng() % 3) {
		sb_adds(p, methods[rng() % (ARRAY_SIZE(methods))]);
		sb_adds(p, " /");
		random_bytes(p, p->len + 24);
		if (rng() % 2) {
			sb_addc(p, '?');
			random_bytes(p, p->len + 16);
		}
		sb_adds(p, rng() % 2 ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n");
	} else {
		sb_addf(p, "HTTP/1.%u %u", rng() % 2, 100 + rng() % 500);
		if (rng() % 4) {
			sb_addc(p, ' ');
			random_bytes(p, p->len + 20);
		}
		sb_adds(p, "\r\n");
	}
	for (i = 0; i < headers; i++) {
		const char *name = names[rng() % (ARRAY_SIZE(names))];

		if (!strcmp(name, "Content-Length")) {
			sb_addf(p, "%s: %u\r\n", name, rng() % 1000);
			continue;
		}
		sb_adds(p, name);
		sb_adds(p, ": ");
		random_bytes(p, p->len + 30);
		sb_adds(p, "\r\n");
	}
	if (rng() % 4)
		sb_adds(p, "\r\n");
	if (rng() % 5 == 0)	/* cut anywhere, as a segment boundary would */
		p->len = rng() % (p->len + 1);
}

static void fill_event(struct nethttp_event *ev, unsigned int serial)
{
	unsigned int i;

	memset(ev, 0, sizeof(*ev));
	ev->timestamp_ns = 1763900000000000000ULL + serial * 1000003ULL;
	ev->netns = 4026531840U + rng() % 1000;
	ev->packet_len = 40 + rng() % 2048;
	ev->family = rng() % 2 ? 4 : 6;
	ev->direction = (unsigned char)(rng() % 3);
	ev->protocol = 6;
	ev->sport = (unsigned short)rng();
	ev->dport = (unsigned short)rng();
	for (i = 0; i < 16; i++) {
		/* zero runs exercise the "::" compression */
		ev->saddr[i] = rng() % 3 ? 0 : (unsigned char)rng();
		ev->daddr[i] = (unsigned char)rng();
	}
	for (i = 0; i < NETHTTP_IFNAME_LEN && rng() % 6; i++)
		ev->iface[i] = (char)(rng() % 4 ? 'a' + rng() % 26 : rng());
}

static char line_buf[NETHTTP_LINE_MAX];

/* @line with each \ufffd escape (not a "\\" followed by "ufffd") decoded. */
static void decode_replacement_escapes(struct strbuf *out, const char *line,
				       size_t len)
{
	size_t i = 0;

	out->len = 0;
	while (i < len) {
		if (line[i] != '\\' || i + 1 >= len) {
			sb_addc(out, line[i++]);
		} else if (len - i >= 6 && !memcmp(line + i, "\\ufffd", 6)) {
			sb_adds(out, "\xef\xbf\xbd");
			i += 6;
		} else {
			sb_add(out, line + i, 2);
			i += 2;
		}
	}
}

/*
 * Makes payloads until @count lines exist; writes them to @out, or, without
 * it, checks each as described at the top. Returns nonzero on a mismatch.
 */
static int make_lines(unsigned int count, FILE *out)
{
	static const unsigned int types[] = {
		NETHTTP_EVENT_REQUEST, NETHTTP_EVENT_RESPONSE, NETHTTP_EVENT_HTTP,
	};
	static struct nethttp_event ev;
	struct strbuf payload = STRBUF_INIT, written = STRBUF_INIT;
	struct strbuf expected = STRBUF_INIT;
	int status = 0;
	struct json_error err;
	struct json_doc *doc;
	unsigned int made = 0, serial = 0, t, len;

	while (made < count) {
		make_payload(&payload);
		fill_event(&ev, serial++);
		len = payload.len > NETHTTP_PAYLOAD_MAX ? NETHTTP_PAYLOAD_MAX :
							  (unsigned int)payload.len;
		memcpy(ev.data, payload.data, len);
		ev.data_len = len;
		if (nethttp_parse(ev.data, len, &ev.msg) != NETHTTP_PARSE_OK)
			continue;
		for (t = 0; t < 3 && made < count; t++) {
			unsigned int n = nethttp_format_event(line_buf, sizeof(line_buf),
							      &ev, types[t]);

			if (!n)
				continue;
			made++;
			if (out) {
				fwrite(line_buf, 1, n, out);
				continue;
			}
			/* the line without its '\n', as the reader sees it */
			doc = json_parse(line_buf, n - 1, &err);
			if (!doc) {
				fprintf(stderr, "module line not parsed: %s at column %zu\n%.*s",
					err.message, err.offset + 1, (int)n, line_buf);
				status = 1;
				break;
			}
			written.len = 0;
			json_write(&written, json_root(doc));
			json_free(doc);
			decode_replacement_escapes(&expected, line_buf, n - 1);
			if (written.len != expected.len ||
			    memcmp(written.data, expected.data, expected.len)) {
				fprintf(stderr,
					"re-serialised line differs:\nmodule: %.*sreader: %.*s\n",
					(int)n, line_buf, (int)written.len,
					written.data);
				status = 1;
				break;
			}
		}
		if (status)
			break;
	}
	if (!out && !status)
		printf("lines: %u module lines parsed and written back faithfully\n",
		       made);
	sb_free(&payload);
	sb_free(&written);
	sb_free(&expected);
	return status;
}

int main(int argc, char **argv)
{
	FILE *out;
	int status;

	if (argc == 3 && !strcmp(argv[1], "escape"))
		return check_long_escape((unsigned int)strtoul(argv[2], NULL, 10));
	if (argc == 3 && !strcmp(argv[1], "lines"))
		return make_lines((unsigned int)strtoul(argv[2], NULL, 10), NULL);
	if (argc == 4 && !strcmp(argv[1], "write")) {
		out = fopen(argv[2], "w");
		if (!out) {
			perror(argv[2]);
			return 1;
		}
		status = make_lines((unsigned int)strtoul(argv[3], NULL, 10), out);
		return fclose(out) ? 1 : status;
	}
	fprintf(stderr, "usage: device_lines escape N | lines N | write FILE N\n");
	return 2;
}
