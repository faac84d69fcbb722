// SPDX-License-Identifier: GPL-2.0
/*
 * UDP through mdrv with 64-byte and 1472-byte payloads (the smallest and the
 * largest that fit one 1500-byte frame), both directions. Every datagram
 * carries a sequence number and a pattern; the receiver checks length,
 * order-independent arrival of each sequence number, and content.
 *
 * Run by udp.sh, which wires the NICs: this namespace holds 10.99.0.1, the
 * namespace named by $MDRV_NS (default mdrvpeer) holds 10.99.0.2.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define ADDR_A	"10.99.0.1"
#define ADDR_B	"10.99.0.2"
#define PORT	9999
#define COUNT	1024u
#define BURST	32

/* A UDP socket bound to @addr inside the network namespace @ns (or here). */
static int udp_socket_in(const char *ns, const char *addr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(PORT) };
	int self = -1, peer = -1, fd = -1, big = 4 << 20;
	char path[256];

	if (ns) {
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
		self = open("/proc/self/ns/net", O_RDONLY);
		peer = open(path, O_RDONLY);
		if (self < 0 || peer < 0 || setns(peer, CLONE_NEWNET))
			goto out;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
		inet_pton(AF_INET, addr, &sin.sin_addr);
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			close(fd);
			fd = -1;
		}
	}
	if (ns && setns(self, CLONE_NEWNET)) {
		close(fd);
		fd = -1;
	}
out:
	if (self >= 0)
		close(self);
	if (peer >= 0)
		close(peer);
	return fd;
}

static void fill(uint8_t *buf, size_t len, uint32_t seq)
{
	size_t i;

	memcpy(buf, &seq, sizeof(seq));
	for (i = sizeof(seq); i < len; i++)
		buf[i] = (uint8_t)(seq * 7 + i);
}

static int check(const uint8_t *buf, size_t len, uint32_t *seq)
{
	size_t i;

	memcpy(seq, buf, sizeof(*seq));
	if (*seq >= COUNT)
		return -1;
	for (i = sizeof(*seq); i < len; i++)
		if (buf[i] != (uint8_t)(*seq * 7 + i))
			return -1;
	return 0;
}

FIXTURE(udp) {
	int fd_a, fd_b;
};

FIXTURE_VARIANT(udp) {
	size_t payload;
	bool reverse;		/* pcnet side sends */
};

FIXTURE_VARIANT_ADD(udp, e1000_to_pcnet_64) { .payload = 64 };
FIXTURE_VARIANT_ADD(udp, e1000_to_pcnet_1472) { .payload = 1472 };
FIXTURE_VARIANT_ADD(udp, pcnet_to_e1000_64) { .payload = 64, .reverse = true };
FIXTURE_VARIANT_ADD(udp, pcnet_to_e1000_1472) { .payload = 1472, .reverse = true };

FIXTURE_SETUP(udp)
{
	const char *ns = getenv("MDRV_NS") ?: "mdrvpeer";

	self->fd_a = udp_socket_in(NULL, ADDR_A);
	ASSERT_LE(0, self->fd_a) TH_LOG("socket on %s: %s", ADDR_A, strerror(errno));
	self->fd_b = udp_socket_in(ns, ADDR_B);
	ASSERT_LE(0, self->fd_b) TH_LOG("socket on %s in %s: %s", ADDR_B, ns,
					strerror(errno));
}

FIXTURE_TEARDOWN(udp)
{
	close(self->fd_a);
	close(self->fd_b);
}

TEST_F(udp, every_datagram_arrives_intact)
{
	int tx = variant->reverse ? self->fd_b : self->fd_a;
	int rx = variant->reverse ? self->fd_a : self->fd_b;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	static uint8_t seen[COUNT];
	uint8_t buf[2048];
	unsigned int got = 0, bad = 0;
	uint32_t seq = 0, s;

	memset(seen, 0, sizeof(seen));
	inet_pton(AF_INET, variant->reverse ? ADDR_A : ADDR_B, &to.sin_addr);
	/* bursts small enough for any ring, so a loss is a driver bug */
	while (seq < COUNT) {
		uint32_t end = seq + BURST;

		for (; seq < end; seq++) {
			fill(buf, variant->payload, seq);
			ASSERT_EQ((ssize_t)variant->payload,
				  sendto(tx, buf, variant->payload, 0,
					 (struct sockaddr *)&to, sizeof(to)));
		}
		/* a burst gets 2 s in all to arrive; a loss ends the test */
		while (got + bad < seq) {
			struct pollfd pfd = { .fd = rx, .events = POLLIN };
			ssize_t n;

			if (poll(&pfd, 1, 2000) != 1) {
				TH_LOG("burst ending at %u: %u datagrams missing",
				       seq, seq - got - bad);
				seq = COUNT;	/* stop sending */
				break;
			}
			n = recv(rx, buf, sizeof(buf), 0);
			ASSERT_LT(0, n);
			if ((size_t)n != variant->payload || check(buf, n, &s) ||
			    seen[s]) {
				bad++;
				continue;
			}
			seen[s] = 1;
			got++;
		}
	}
	TH_LOG("%zu-byte payload: %u of %u datagrams arrived intact, %u bad",
	       variant->payload, got, COUNT, bad);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(COUNT, got);
}

TEST_HARNESS_MAIN
