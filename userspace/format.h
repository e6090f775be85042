/* SPDX-License-Identifier: GPL-2.0 */
/* The output formats: the device's JSON lines, Tracee's layout, a table. */
#ifndef NETHTTP_READER_FORMAT_H
#define NETHTTP_READER_FORMAT_H

#include <stddef.h>

#include "json.h"
#include "text.h"

enum output_format {
	FORMAT_JSON,
	FORMAT_TRACEE,
	FORMAT_TABLE,
};

/*
 * Appends @ns nanoseconds as the table's LATENCY column shows them: 850ns,
 * 85us, 300.2ms, 1.50s; three or four digits, cut rather than rounded so
 * that a value never reads as the next unit's 1000.
 */
void format_latency(struct strbuf *cell, unsigned long long ns);

/* The table's column titles, as one line. */
void format_table_header(struct strbuf *out);

/*
 * Appends the output line(s) for one input line: @raw (@raw_len bytes, no
 * newline) is the line as read, @root the object json_parse() made of
 * those very bytes (its numbers point into them), which has an
 * "eventName" string. @container is the id of the container the event's
 * cgroupId belongs to (or that the line names itself), or NULL. Every
 * line appended ends in '\n'.
 */
void format_event(struct strbuf *out, enum output_format format,
		  const char *raw, size_t raw_len,
		  const struct json_value *root, const char *container);

#endif /* NETHTTP_READER_FORMAT_H */
