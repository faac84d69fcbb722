// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware counters, as the user half publishes them on the mailbox stats
 * page. The kernel keeps its own copy of the last consistent snapshot (the
 * page is the daemon's and may change, or hold garbage, at any time), and
 * answers `ip -s link` and `ethtool -S` from that copy without waiting for
 * the daemon (an unprivileged query must not hold RTNL on its account).
 * `ethtool -S` of a snapshot older than MDRV_STATS_FRESH_MS also asks the
 * daemon for a harvest, without waiting: the next query shows it, and
 * hw_stats_age_ms says how old what it shows is. One such request per
 * MDRV_STATS_ASK at most, so no caller can fill the upcall ring.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>

#include "ch.h"
#include "ctl.h"
#include "dp.h"
#include "mdrv_mbox.h"

#define MDRV_STATS_ASK		(HZ / 4)

/* Probe: device-managed, freed after remove. */
int mdrv_stats_init(struct mdrv_priv *mp)
{
	/* the snapshot and a scratch copy for the consistency check */
	mp->hw_stats = devm_kcalloc(&mp->pdev->dev, 2 * mp->ops->n_hw_stats,
				    sizeof(u64), GFP_KERNEL);
	return mp->hw_stats ? 0 : -ENOMEM;
}

/* Copy the page if the daemon is not halfway through writing it. */
static void mdrv_stats_copy(struct mdrv_priv *mp)
{
	unsigned int n = mp->ops->n_hw_stats, try;
	const struct mdrv_stats_page *pg;
	u64 *scratch = mp->hw_stats + n;
	unsigned long flags;
	u32 seq;
	u64 ns;

	/* the page stays while the lock is held (an RCU read side) */
	spin_lock_irqsave(&mp->state_lock, flags);
	pg = mdrv_mbox_stats_page(mp);
	for (try = 0; pg && try < 3; try++) {
		/* pairs with the daemon's release store of seq */
		seq = smp_load_acquire(&pg->seq);
		if ((seq & 1) || READ_ONCE(pg->count) != n)
			continue;
		memcpy(scratch, pg->value, n * sizeof(u64));
		ns = READ_ONCE(pg->updated_ns);
		/* values are read before seq is checked again */
		smp_rmb();
		if (READ_ONCE(pg->seq) != seq)
			continue;
		memcpy(mp->hw_stats, scratch, n * sizeof(u64));
		mp->hw_stats_ns = ns;
		break;
	}
	spin_unlock_irqrestore(&mp->state_lock, flags);
}

/*
 * Refresh the snapshot from the page. With @refresh, a snapshot older than
 * MDRV_STATS_FRESH_MS also asks the user half for a harvest (an event:
 * nobody waits for it).
 */
void mdrv_stats_snapshot(struct mdrv_priv *mp, bool refresh)
{
	unsigned long asked = READ_ONCE(mp->stats_asked);

	mdrv_stats_copy(mp);
	if (refresh &&
	    mdrv_stats_age_ms(mp) > MDRV_STATS_FRESH_MS &&
	    time_after(jiffies, asked + MDRV_STATS_ASK) &&
	    cmpxchg(&mp->stats_asked, asked, jiffies) == asked)
		mdrv_upcall_event(mp, MDRV_UP_STATS);
}

/*
 * The harvest hook (the watchdog: a narrow counter is a quarter round from
 * wrapping): ask the user half to read the counters now. 0 when it was
 * told; no daemon, or its ring full, and the watchdog asks again.
 */
int mdrv_stats_harvest(struct mdrv_priv *mp)
{
	return mdrv_upcall_event(mp, MDRV_UP_STATS);
}

/* Milliseconds since the daemon harvested the snapshot, U64_MAX: never. */
u64 mdrv_stats_age_ms(struct mdrv_priv *mp)
{
	u64 ns = READ_ONCE(mp->hw_stats_ns), now = ktime_get_ns();

	if (!ns)
		return U64_MAX;
	/* the daemon's clock: a time ahead of ours is fresh, not negative */
	return now > ns ? div_u64(now - ns, NSEC_PER_MSEC) : 0;
}
