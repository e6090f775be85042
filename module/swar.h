/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Word-at-a-time byte tests, shared by the parser, the formatter, the
 * escaper and redaction. Kernel- and libc-header free, like the parser.
 */
#ifndef _NETHTTP_SWAR_H
#define _NETHTTP_SWAR_H

/*
 * Word-at-a-time scanning (SWAR): the fast paths look at 8 bytes per step
 * with plain integer operations, no FPU or SIMD (this runs in a netfilter
 * hook). Words are only ever loaded whole from within [0, len); the last
 * few bytes are looked at one by one. Every mask below is exact for each
 * byte (no carry crosses a byte), so its lowest set byte in memory order
 * is the first byte looked for, whatever the byte order.
 */
#define NETHTTP_ONES	0x0101010101010101ULL
#define NETHTTP_HIGHS	0x8080808080808080ULL
#define NETHTTP_LOWS	0x7f7f7f7f7f7f7f7fULL

/* 8 bytes as they lie in memory; gcc makes this one load. */
static inline unsigned long long nethttp_load64(const unsigned char *p)
{
	unsigned long long w;

	__builtin_memcpy(&w, p, sizeof(w));
	return w;
}

/* 4 bytes, likewise. */
static inline unsigned int nethttp_load32(const unsigned char *p)
{
	unsigned int w;

	__builtin_memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * The high bit of each byte of @w that is below @bound (at most 0x80) or
 * is DEL. Bytes of 0x80 and up are never flagged: their high bit is
 * taken off at the end. In between, the sums of 7-bit values stay within
 * a byte: c + (0x80 - bound) reaches the high bit when c >= bound, and
 * c + 1 only when c is 0x7f.
 */
static inline unsigned long long nethttp_below_mask(unsigned long long w,
						    unsigned int bound)
{
	unsigned long long low = w & NETHTTP_LOWS;
	unsigned long long at_least = low + (0x80 - bound) * NETHTTP_ONES;
	unsigned long long del = low + NETHTTP_ONES;

	return (~at_least | del) & ~w & NETHTTP_HIGHS;
}

/* The high bit of each byte of @w that is @c (below 0x80). */
static inline unsigned long long nethttp_byte_mask(unsigned long long w,
						   unsigned char c)
{
	unsigned long long x = w ^ (c * NETHTTP_ONES);

	/* the high bit of each byte set for a nonzero byte: no carry out */
	return ~(((x & NETHTTP_LOWS) + NETHTTP_LOWS) | x) & NETHTTP_HIGHS;
}

/*
 * Offset, within its word, of the first byte flagged in @mask (nonzero),
 * or 8 where the byte order is unknown: the caller then finds it bytewise.
 */
static inline unsigned int nethttp_first_flagged(unsigned long long mask)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_ctzll(mask) >> 3;
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_clzll(mask) >> 3;
#else
	(void)mask;	/* the caller looks for the byte one by one */
	return 8;
#endif
}

/* No byte is this: nethttp_find() without a byte to stop at. */
#define NETHTTP_NO_STOP	0x100

/*
 * The first byte in [@i, @len) below @bound (0 for none) or DEL, or equal
 * to @stop (a byte below 0x80, or NETHTTP_NO_STOP); @len when there is
 * none. Callers pass constants, so this inlines to just the masks they
 * need.
 */
static inline unsigned int nethttp_find(const unsigned char *p, unsigned int i,
					unsigned int len, unsigned int bound,
					unsigned int stop)
{
	const unsigned char *q = p + i, *end = p + len;
	unsigned long long w, mask;
	unsigned int at;

	/* pointers, not 32-bit offsets: no widening of each in the loops */
	for (; end - q >= 8; q += 8) {
		w = nethttp_load64(q);
		mask = bound ? nethttp_below_mask(w, bound) : 0;
		if (stop < 0x80)
			mask |= nethttp_byte_mask(w, stop);
		if (mask) {
			at = nethttp_first_flagged(mask);
			if (at < 8)
				return q - p + at;
			break;
		}
	}
	for (; q < end; q++)
		if ((bound && (*q < bound || *q == 0x7f)) || *q == stop)
			break;
	return q - p;
}

/* The first @c (below 0x80) in [@i, @len), or @len: memchr by the word. */
static inline unsigned int nethttp_find_byte(const unsigned char *p,
					     unsigned int i, unsigned int len,
					     unsigned char c)
{
	return nethttp_find(p, i, len, 0, c);
}

#endif /* _NETHTTP_SWAR_H */
