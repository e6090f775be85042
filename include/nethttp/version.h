/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The version of nethttp: of the module, the reader, dkms.conf and the
 * Debian packages. It is written here and nowhere else; the Makefiles read
 * it from this line, so keep its form.
 */
#ifndef NETHTTP_VERSION_H
#define NETHTTP_VERSION_H

#define NETHTTP_VERSION "0.1.0"

#endif /* NETHTTP_VERSION_H */
