/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NETHTTP_EVENTS_H
#define _NETHTTP_EVENTS_H

/* The enum nethttp_event_type mask the "events" parameter enables now. */
unsigned int nethttp_events_enabled(void);

#endif /* _NETHTTP_EVENTS_H */
