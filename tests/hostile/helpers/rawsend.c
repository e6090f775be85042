// SPDX-License-Identifier: GPL-2.0
/*
 * rawsend [-p] [-n ROUNDS] [-c CPU] [-m] [-s] [-i] PACKET_FILE...
 *
 * Sends each file, an IPv4 or IPv6 packet from its IP header on, exactly as
 * it is, through a raw socket with the header included (IPPROTO_RAW), so
 * that it passes the LOCAL_OUT hook and, on lo, comes back in through
 * LOCAL_IN unless the receiving stack drops it first. With -p the packet
 * goes through an AF_PACKET socket on lo instead, behind a zero Ethernet
 * header: only the receiving side sees it then.
 *
 * -n ROUNDS sends the whole list that many times (a flood). Every
 * "########" in a packet is replaced by the packet's number (0, 1, ...,
 * eight digits, wrapping), so flooded packets tell each other apart.
 * The module follows each connection's sequence numbers and takes a packet
 * sent again as a retransmission: with -s, each round moves every TCP
 * packet's sequence number on by its payload's length, so that each copy
 * is the next bytes of its connection; with -i, each round moves every TCP
 * packet's source port on by one, so that each round is a connection of
 * its own (a SYN flood).
 * -c CPU pins the process to one CPU first. -m prints the memory counters
 * of /proc/meminfo just before the first packet and just after the last
 * ("meminfo.before KEY KB" / "meminfo.after KEY KB"). Prints "sent N".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PACKET_MAX	65535
#define MARK		"########"
#define MARK_LEN	8

struct packet {
	unsigned char *bytes;
	size_t len;
	size_t tcp;		/* offset of the TCP header, 0 when none */
	size_t payload;		/* bytes after the TCP header */
	size_t marks[16];	/* offsets of MARK */
	unsigned int nmarks;
};

static void die(const char *what)
{
	fprintf(stderr, "rawsend: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Where the TCP header starts, in a packet with no extension headers. */
static void find_tcp(struct packet *pkt)
{
	const unsigned char *b = pkt->bytes;
	size_t off = 0, doff;

	pkt->tcp = 0;
	pkt->payload = 0;
	if ((b[0] >> 4) == 4 && b[9] == IPPROTO_TCP &&
	    !(((b[6] << 8) | b[7]) & 0x1fff))
		off = (b[0] & 0x0f) * 4;
	else if ((b[0] >> 4) == 6 && pkt->len >= 40 && b[6] == IPPROTO_TCP)
		off = 40;
	if (!off || off + 20 > pkt->len)
		return;
	doff = (b[off + 12] >> 4) * 4;
	if (doff < 20 || off + doff > pkt->len)
		return;
	pkt->tcp = off;
	pkt->payload = pkt->len - off - doff;
}

/* Adds @n to the big-endian number of @bytes bytes at @p. */
static void add_be(unsigned char *p, unsigned int bytes, unsigned long n)
{
	unsigned long v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	v += n;
	for (i = bytes; i-- > 0; v >>= 8)
		p[i] = v & 0xff;
}

static void load(const char *path, struct packet *pkt)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;
	size_t i;

	if (fd < 0)
		die(path);
	pkt->bytes = malloc(PACKET_MAX + 1);
	if (!pkt->bytes)
		die("malloc");
	pkt->len = 0;
	while ((n = read(fd, pkt->bytes + pkt->len,
			 PACKET_MAX + 1 - pkt->len)) > 0)
		pkt->len += n;
	if (n < 0)
		die(path);
	close(fd);
	if (pkt->len > PACKET_MAX || pkt->len < 20) {
		fprintf(stderr, "rawsend: %s: %zu bytes is no packet\n", path,
			pkt->len);
		exit(2);
	}
	find_tcp(pkt);
	pkt->nmarks = 0;
	for (i = 0; i + MARK_LEN <= pkt->len && pkt->nmarks < 16; i++) {
		if (!memcmp(pkt->bytes + i, MARK, MARK_LEN)) {
			pkt->marks[pkt->nmarks++] = i;
			i += MARK_LEN - 1;
		}
	}
}

static void print_meminfo(const char *when)
{
	static const char *const keys[] = {
		"MemFree:", "MemAvailable:", "Slab:", "SUnreclaim:",
		"VmallocUsed:", "Percpu:", NULL,
	};
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");
	unsigned int i;

	if (!f)
		die("/proc/meminfo");
	while (fgets(line, sizeof(line), f)) {
		for (i = 0; keys[i]; i++) {
			size_t klen = strlen(keys[i]);

			if (!strncmp(line, keys[i], klen))
				printf("meminfo.%s %.*s %lld\n", when,
				       (int)klen - 1, keys[i],
				       atoll(line + klen));
		}
	}
	fclose(f);
}

static void stamp(struct packet *pkt, unsigned long number)
{
	char digits[MARK_LEN + 1];
	unsigned int i;

	snprintf(digits, sizeof(digits), "%08lu", number % 100000000UL);
	for (i = 0; i < pkt->nmarks; i++)
		memcpy(pkt->bytes + pkt->marks[i], digits, MARK_LEN);
}

static int send_raw(int sock4, int sock6, const struct packet *pkt)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };

	if ((pkt->bytes[0] >> 4) == 6) {
		if (pkt->len < 40)
			return -1;
		memcpy(&sin6.sin6_addr, pkt->bytes + 24, 16);
		return sendto(sock6, pkt->bytes, pkt->len, 0,
			      (struct sockaddr *)&sin6, sizeof(sin6));
	}
	memcpy(&sin.sin_addr, pkt->bytes + 16, 4);
	return sendto(sock4, pkt->bytes, pkt->len, 0, (struct sockaddr *)&sin,
		      sizeof(sin));
}

static int send_packet(int sock, int ifindex, const struct packet *pkt)
{
	static unsigned char frame[14 + PACKET_MAX];
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = ifindex,
		.sll_halen = ETH_ALEN,
	};
	unsigned short proto = (pkt->bytes[0] >> 4) == 6 ? ETH_P_IPV6 : ETH_P_IP;

	memset(frame, 0, 12);
	frame[12] = proto >> 8;
	frame[13] = proto & 0xff;
	memcpy(frame + 14, pkt->bytes, pkt->len);
	sll.sll_protocol = htons(proto);
	return sendto(sock, frame, pkt->len + 14, 0, (struct sockaddr *)&sll,
		      sizeof(sll));
}

int main(int argc, char **argv)
{
	int use_packet = 0, meminfo = 0, cpu = -1, opt, i;
	int next_seq = 0, next_port = 0;
	int sock4 = -1, sock6 = -1, sockp = -1, ifindex = 0;
	unsigned long rounds = 1, round, sent = 0;
	struct packet *pkts;
	int npkts;

	while ((opt = getopt(argc, argv, "pn:c:msi")) != -1) {
		switch (opt) {
		case 'p':
			use_packet = 1;
			break;
		case 'n':
			rounds = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			cpu = atoi(optarg);
			break;
		case 'm':
			meminfo = 1;
			break;
		case 's':
			next_seq = 1;
			break;
		case 'i':
			next_port = 1;
			break;
		default:
			return 2;
		}
	}
	npkts = argc - optind;
	if (npkts < 1) {
		fprintf(stderr,
			"usage: rawsend [-p] [-n ROUNDS] [-c CPU] [-m] [-s] [-i] PACKET_FILE...\n");
		return 2;
	}
	pkts = calloc(npkts, sizeof(*pkts));
	if (!pkts)
		die("calloc");
	for (i = 0; i < npkts; i++)
		load(argv[optind + i], &pkts[i]);

	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			die("sched_setaffinity");
	}
	if (use_packet) {
		sockp = socket(AF_PACKET, SOCK_RAW, 0);
		if (sockp < 0)
			die("socket(AF_PACKET)");
		ifindex = if_nametoindex("lo");
		if (!ifindex)
			die("if_nametoindex(lo)");
	} else {
		sock4 = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
		if (sock4 < 0)
			die("socket(AF_INET, SOCK_RAW)");
		sock6 = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
		if (sock6 < 0)
			die("socket(AF_INET6, SOCK_RAW)");
	}

	if (meminfo)
		print_meminfo("before");
	for (round = 0; round < rounds; round++) {
		for (i = 0; i < npkts; i++) {
			struct packet *pkt = &pkts[i];
			int rc;

			if (round && pkt->tcp && next_seq)
				add_be(pkt->bytes + pkt->tcp + 4, 4, pkt->payload);
			if (round && pkt->tcp && next_port)
				add_be(pkt->bytes + pkt->tcp, 2, 1);
			stamp(pkt, sent);
			rc = use_packet ? send_packet(sockp, ifindex, pkt) :
					  send_raw(sock4, sock6, pkt);
			if (rc < 0) {
				fprintf(stderr, "rawsend: packet %lu (%s): %s\n",
					sent, argv[optind + i], strerror(errno));
				printf("sent %lu\n", sent);
				return 1;
			}
			sent++;
		}
	}
	if (meminfo)
		print_meminfo("after");
	printf("sent %lu\n", sent);
	return 0;
}
