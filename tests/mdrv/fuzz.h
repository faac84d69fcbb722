/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pieces shared by the fault-injection programs (nl_fuzz, mbox_fuzz): a
 * seeded PRNG, so that a seed replays a run, "interesting" 32-bit values,
 * a tally of errno codes, and a monotonic clock.
 */
#ifndef MDRV_FUZZ_H
#define MDRV_FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static uint64_t fuzz_state;

/* splitmix64: every seed, 0 included, gives a full-period sequence */
static inline uint64_t rnd(void)
{
	uint64_t z = (fuzz_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void rnd_seed(uint64_t seed)
{
	fuzz_state = seed;
}

/* 0 .. n - 1 */
static inline uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

/* true with a probability of @pct percent */
static inline bool chance(unsigned int pct)
{
	return below(100) < pct;
}

static inline void rnd_bytes(void *p, size_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = (uint8_t)rnd();
}

/* Values at and around the edges that the kernel's checks care about. */
static inline uint32_t rnd_interesting(void)
{
	static const uint32_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 63, 64, 67, 68, 255, 256,
		1500, 1535, 1536, 2047, 2048, 4095, 4096, 4097, 9000, 16110,
		16111, 16384, 16385, 65535, 65536, 0x7fffffff, 0x80000000,
		0xfffffffe, 0xffffffff,
	};

	return chance(80) ? v[below(sizeof(v) / sizeof(v[0]))] : (uint32_t)rnd();
}

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* How often each errno came back; [0] counts successes. */
#define FUZZ_MAX_ERRNO	4096

struct tally {
	unsigned long n[FUZZ_MAX_ERRNO];
};

static inline void tally_add(struct tally *t, int err)
{
	if (err < 0)
		err = -err;
	if (err < FUZZ_MAX_ERRNO)
		t->n[err]++;
}

/* "ok 12, EINVAL 345, ..." (errno names where the C library has them) */
static inline void tally_print(FILE *f, const struct tally *t)
{
	const char *sep = "";
	int e;

	for (e = 0; e < FUZZ_MAX_ERRNO; e++) {
		const char *name;

		if (!t->n[e])
			continue;
		name = e ? strerrorname_np(e) : "ok";
		if (name)
			fprintf(f, "%s%lu %s", sep, t->n[e], name);
		else
			fprintf(f, "%s%lu errno %d", sep, t->n[e], e);
		sep = ", ";
	}
	if (!*sep)
		fprintf(f, "none");
}

#endif /* MDRV_FUZZ_H */
