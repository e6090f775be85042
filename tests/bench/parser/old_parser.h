/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The other revision's parser, built by diff-fuzz with its symbols
 * renamed to old_*.
 */
#ifndef NETHTTP_OLD_PARSER_H
#define NETHTTP_OLD_PARSER_H

#include "nethttp/parser.h"

int old_nethttp_may_start(const unsigned char *p, unsigned int len);
enum nethttp_parse_result old_nethttp_parse(const unsigned char *data,
					    unsigned int len,
					    struct nethttp_msg *msg);

#endif /* NETHTTP_OLD_PARSER_H */
