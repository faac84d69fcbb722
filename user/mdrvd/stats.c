// SPDX-License-Identifier: GPL-2.0
/*
 * Counter harvesting, accumulation and publication (see stats.h).
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "regs.h"
#include "stats.h"

void mdrvd_stats_init(struct mdrvd_stats *s, const struct mdrvd_counter *tab,
		      unsigned int n, enum mdrvd_cnt_mode mode)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->tab = tab;
	s->n = n < MDRVD_STATS_MAX ? n : MDRVD_STATS_MAX;
	for (i = 0; i < s->n; i++)
		s->mode[i] = mode;
}

static uint32_t load_acquire32(const uint32_t *p)
{
	return atomic_load_explicit((const _Atomic uint32_t *)p,
				    memory_order_acquire);
}

bool mdrvd_stats_seed(struct mdrvd_stats *s,
		      const struct mdrv_stats_page *page)
{
	uint32_t seq = load_acquire32(&page->seq);
	unsigned int i;

	/* Our own page: nobody else writes it, but a daemon may have died
	 * half way through an update (odd seq), or never published.
	 */
	s->seq = (seq + 1) & ~1u;
	if ((seq & 1) || page->count != s->n || !page->updated_ns)
		return false;
	for (i = 0; i < s->n; i++)
		s->acc[i] = page->value[i];
	s->rebase = true;
	return true;
}

void mdrvd_stats_rebase(struct mdrvd_stats *s)
{
	s->rebase = true;
}

static uint64_t width_mask(unsigned int bits)
{
	return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

/* Raw value of counter @c from batch entries starting at @at. */
static uint64_t raw_value(const struct mdrvd_counter *c,
			  const struct mdrvd_batch *b, unsigned int at)
{
	uint64_t v = b->r[at].value;

	if (c->hi)
		v |= (uint64_t)b->r[at + 1].value << 32;
	return v & width_mask(c->bits);
}

static void accumulate(struct mdrvd_stats *s, unsigned int i, uint64_t r1,
		       uint64_t r2, bool rebase)
{
	uint64_t mask = width_mask(s->tab[i].bits);

	switch (s->mode[i]) {
	case MDRVD_CNT_CLEAR:
		s->acc[i] += r1;
		break;
	case MDRVD_CNT_FREE_PROBED:
		if (!rebase && r1 < s->last[i]) {
			/* A running total went back without a restart. */
			log_info("counter %s clears on read", s->tab[i].name);
			s->mode[i] = MDRVD_CNT_CLEAR;
			s->acc[i] += r1;
			break;
		}
		/* fall through */
	case MDRVD_CNT_FREE:
		if (!rebase) {
			uint64_t d = (r1 - s->last[i]) & mask;

			s->acc[i] += d;
			/* a quarter of a narrow counter's range in one
			 * interval: harvest more often before it wraps twice
			 */
			if (s->tab[i].bits < 32 && d > mask / 4)
				s->hurry = true;
		}
		s->last[i] = r1;
		break;
	case MDRVD_CNT_PROBE:
		/* zero so far: either kind reads 0, nothing to add */
		if (!r1)
			break;
		/* r2: read again right after r1 */
		if (r2 < r1) {
			s->mode[i] = MDRVD_CNT_CLEAR;
			s->acc[i] += s->unprobed[i] + r1 + r2;
		} else {
			s->mode[i] = MDRVD_CNT_FREE_PROBED;
			if (!rebase && !s->unprobed_rebase[i])
				s->acc[i] += r2;
			s->last[i] = r2;
		}
		s->unprobed[i] = 0;
		s->unprobed_rebase[i] = false;
		break;
	}
}

static void add_counter(struct mdrvd_batch *b, const struct mdrvd_counter *c)
{
	mdrvd_batch_add(b, c->space, c->lo, 0);
	if (c->hi)
		mdrvd_batch_add(b, c->space, c->hi, 0);
}

/*
 * Counters not yet classified that read nonzero: read them again at once.
 * A clear-on-read counter then shows what came in between (less, in
 * practice), a running total at least as much.
 */
static int probe_again(struct mdrvd_stats *s, const struct mdrvd_hw *hw,
		       const uint64_t *r1, uint64_t *r2)
{
	unsigned int at[MDRVD_STATS_MAX], i;
	struct mdrvd_batch b;
	int err;

	mdrvd_batch_init(&b);
	for (i = 0; i < s->n; i++) {
		at[i] = b.n;
		r2[i] = 0;
		if (s->mode[i] == MDRVD_CNT_PROBE && r1[i])
			add_counter(&b, &s->tab[i]);
	}
	if (!b.n)
		return 0;
	err = mdrvd_batch_read(hw, &b, NULL);
	if (err)
		return err;
	for (i = 0; i < s->n; i++)
		if (s->mode[i] == MDRVD_CNT_PROBE && r1[i])
			r2[i] = raw_value(&s->tab[i], &b, at[i]);
	return 0;
}

int mdrvd_stats_harvest(struct mdrvd_stats *s, const struct mdrvd_hw *hw)
{
	uint64_t r1[MDRVD_STATS_MAX], r2[MDRVD_STATS_MAX];
	unsigned int first[MDRVD_STATS_MAX];
	struct mdrvd_batch b;
	uint32_t resets = s->resets;
	unsigned int i;
	bool rebase, probed;
	int err;

	if (!s->n)
		return 0;
	mdrvd_batch_init(&b);
	for (i = 0; i < s->n; i++) {
		first[i] = b.n;
		add_counter(&b, &s->tab[i]);
	}
	err = mdrvd_batch_read(hw, &b, &resets);
	if (err)
		return err;
	for (i = 0; i < s->n; i++)
		r1[i] = raw_value(&s->tab[i], &b, first[i]);
	/*
	 * The first read may have cleared counters: from here on nothing is
	 * dropped. A failed second look leaves the unclassified ones to the
	 * next harvest, with what they read now kept aside.
	 */
	probed = !probe_again(s, hw, r1, r2);

	rebase = s->rebase;
	if (s->have_resets && resets != s->resets)
		rebase = true;	/* the kernel restarted the chip */
	s->resets = resets;
	s->have_resets = true;

	s->hurry = false;
	for (i = 0; i < s->n; i++) {
		if (!probed && s->mode[i] == MDRVD_CNT_PROBE) {
			s->unprobed[i] += r1[i];
			s->unprobed_rebase[i] |= rebase;
		} else
			accumulate(s, i, r1[i], r2[i], rebase);
	}
	s->rebase = false;
	s->harvests++;
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void mdrvd_stats_publish(struct mdrvd_stats *s, struct mdrv_stats_page *page)
{
	_Atomic uint32_t *seq;
	unsigned int i;

	if (!page)
		return;
	seq = (_Atomic uint32_t *)&page->seq;
	/* seqcount writer: odd, data, even; the kernel retries on odd or
	 * changed seq.
	 */
	s->seq |= 1;
	atomic_store_explicit(seq, s->seq, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	for (i = 0; i < s->n; i++)
		atomic_store_explicit((_Atomic uint64_t *)&page->value[i],
				      s->acc[i], memory_order_relaxed);
	atomic_store_explicit((_Atomic uint64_t *)&page->updated_ns, now_ns(),
			      memory_order_relaxed);
	atomic_store_explicit((_Atomic uint32_t *)&page->count, s->n,
			      memory_order_relaxed);
	s->seq++;
	atomic_store_explicit(seq, s->seq, memory_order_release);
}
