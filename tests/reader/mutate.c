// SPDX-License-Identifier: GPL-2.0
/*
 * Writes COUNT lines, each a seed line (from SEEDS, one per line) damaged
 * by a few random mutations: flipped bits, bytes that matter to JSON or
 * UTF-8, deleted and repeated runs, deep nesting, odd \u escapes, pieces
 * of other seeds, truncation. A fixed SEED makes every run the same.
 * Mutated lines may hold any byte but '\n', so each stays one input line.
 *
 * Usage: mutate SEEDS COUNT SEED >OUT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SEEDS 4096
#define MAX_LINE (256 * 1024)

static unsigned long long state;

static unsigned int rng(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (unsigned int)((state * 0x2545f4914f6cdd1dULL) >> 32);
}

static char *seeds[MAX_SEEDS];
static size_t seed_len[MAX_SEEDS];
static size_t seed_count;

static char line[MAX_LINE];
static size_t len;

static const unsigned char interesting[] = {
	'{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', '9', 'e', 'E', '-',
	'+', '.', ' ', '\t', '\r', 0x00, 0x01, 0x1b, 0x7f, 0x80, 0x9b, 0xbf,
	0xc0, 0xc2, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff,
};

static void insert(size_t at, const char *s, size_t n)
{
	if (n > MAX_LINE - len)
		n = MAX_LINE - len;
	memmove(line + at + n, line + at, len - at);
	memcpy(line + at, s, n);
	len += n;
}

static void mutate_once(void)
{
	size_t at = len ? rng() % (len + 1) : 0, n, i;
	char buf[128];
	unsigned int s;

	switch (rng() % 8) {
	case 0:
		if (at < len)
			line[at] ^= (char)(1 << (rng() % 8));
		break;
	case 1:
		if (at < len)
			line[at] = (char)interesting[rng() % sizeof(interesting)];
		break;
	case 2:
		n = rng() % 17;
		if (n > len - at)
			n = len - at;
		memmove(line + at, line + at + n, len - at - n);
		len -= n;
		break;
	case 3:
		n = rng() % 65;
		if (n > len - at)
			n = len - at;
		memcpy(buf, line + at, n > sizeof(buf) ? sizeof(buf) : n);
		insert(at, buf, n > sizeof(buf) ? sizeof(buf) : n);
		break;
	case 4:
		n = 1 + rng() % 100;
		for (i = 0; i < n; i++) {
			const char *open = rng() % 2 ? "[" : "{\"a\":";

			insert(at, open, strlen(open));
		}
		break;
	case 5:
		len = at;
		break;
	case 6:
		snprintf(buf, sizeof(buf), "\\u%c%c%c%c",
			 "0dD8f"[rng() % 5], "0123456789abcdefABCDEFg"[rng() % 23],
			 "0123456789abcdef"[rng() % 16], "0123456789abcdef"[rng() % 16]);
		insert(at, buf, strlen(buf));
		break;
	default:
		s = rng() % seed_count;
		if (!seed_len[s])
			break;
		i = rng() % seed_len[s];
		n = 1 + rng() % 80;
		if (n > seed_len[s] - i)
			n = seed_len[s] - i;
		insert(at, seeds[s] + i, n);
		break;
	}
}

int main(int argc, char **argv)
{
	static char buf[MAX_LINE];
	unsigned long count, i, rounds, r;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: mutate SEEDS COUNT SEED >OUT\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	while (seed_count < MAX_SEEDS && fgets(buf, sizeof(buf), f)) {
		size_t n = strcspn(buf, "\n");

		seeds[seed_count] = malloc(n + 1);
		if (!seeds[seed_count])
			return 1;
		memcpy(seeds[seed_count], buf, n);
		seed_len[seed_count++] = n;
	}
	fclose(f);
	if (!seed_count) {
		fprintf(stderr, "mutate: no seed lines in %s\n", argv[1]);
		return 1;
	}
	count = strtoul(argv[2], NULL, 10);
	state = strtoull(argv[3], NULL, 10) * 0x9e3779b97f4a7c15ULL + 1;

	for (i = 0; i < count; i++) {
		r = rng() % seed_count;
		memcpy(line, seeds[r], seed_len[r]);
		len = seed_len[r];
		rounds = 1 + rng() % 6;
		for (r = 0; r < rounds; r++)
			mutate_once();
		for (r = 0; r < len; r++)
			if (line[r] == '\n')
				line[r] = ' ';
		fwrite(line, 1, len, stdout);
		putchar('\n');
	}
	for (i = 0; i < seed_count; i++)
		free(seeds[i]);
	return fflush(stdout) ? 1 : 0;
}
