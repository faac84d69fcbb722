// SPDX-License-Identifier: GPL-2.0
/*
 * The mailbox: a char device per mdrv device (/dev/mdrvN) whose memory the
 * user half maps, carrying upcalls (kernel -> daemon), replies (daemon ->
 * kernel) and the statistics page. Layout and protocol: common/mdrv_mbox.h
 * and Documentation/mailbox.rst.
 *
 * The daemon is not trusted. The kernel keeps private copies of the indices
 * it owns, reads the daemon's indices once, checks their distance, copies an
 * entry out of shared memory before looking at it, and matches a reply to a
 * waiting upcall by sequence number and type. Anything else is refused and
 * counted; an upcall nobody answers fails after MDRV_UPCALL_TIMEOUT.
 *
 * One daemon at a time: the open file of the attached daemon's process is
 * mb->file. A detach revokes it (its doorbell, poll and mmap answer as for a
 * removed device). A file that opens while an older one lives (revoked, or
 * its daemon being replaced) gets pages of its own: the old daemon keeps
 * what it mapped and cannot write into the new one's rings.
 *
 * Live upgrade: the process that attached with REPLACE (mp->next_pid) takes
 * the device over when it opens the mailbox, in one step under mb->lock: it
 * becomes the owner, its file replaces the old one, and the upcalls still
 * waiting are posted again, with their sequence numbers, on its new ring.
 * The old daemon answers until that moment and is ignored after it; no
 * upcall fails for the hand-over.
 *
 * Locking: mb->lock (IRQ-safe spinlock) protects the ring indices, the
 * waiter slots, the region pointers and mb->file/mb->files/mb->mp;
 * mb->map_lock orders a region swap against mmap(). Order: misc_mtx (held
 * by misc_open() around our open), mdrv_devs_lock, mb->map_lock, mb->lock.
 * Code that reads the regions without mb->lock runs in an RCU read-side
 * section (rcu_read_lock, softirq, a spinlock held): a swap frees the old
 * regions after synchronize_rcu(). The misc device holds a reference on
 * the mailbox (kref) until remove, and so does every open file: a file
 * outlives a removed device until the daemon closes it.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nospec.h>
#include <linux/poll.h>
#include <linux/vmalloc.h>

#include "ch.h"
#include "hooks.h"
#include "mdrv_mbox.h"

#define MDRV_UPCALL_SLOTS	8
#define MDRV_UPCALL_TIMEOUT	(2 * HZ)

struct mdrv_upcall_slot {
	bool busy;		/* a caller waits on it */
	bool answered;		/* reply (or failure) recorded */
	u16 type;
	u32 seq;
	int status;
	u16 len;		/* reply payload length */
	u16 cap;		/* size of the caller's reply buffer */
	void *rep;
	struct completion done;
	u16 req_len;		/* the request, posted again on a hand-over */
	u8 req[MDRV_MBOX_PAYLOAD];
};

struct mdrv_mbox_regions {
	void *kern;			/* region the daemon maps read-only */
	void *user;			/* region the daemon maps read-write */
};

struct mdrv_mbox {
	struct kref ref;
	struct mdrv_priv *mp;		/* NULL once the device is gone */
	int id;				/* the device's, N of /dev/mdrvN */
	struct miscdevice misc;
	char name[16];			/* "mdrvN" */

	/* the regions: the daemon maps kctrl's read-only, uctrl's read-write */
	struct mdrv_mbox_kctrl *kctrl;
	struct mdrv_msg *up_ring;
	struct mdrv_mbox_uctrl *uctrl;
	struct mdrv_msg *rep_ring;
	struct mdrv_stats_page *stats;

	struct mutex map_lock;		/* see the top of this file */
	spinlock_t lock;
	struct file *file;		/* the daemon's; NULL: none, or revoked */
	unsigned int files;		/* open files, revoked ones included */
	u32 up_prod;			/* private copies of our indices */
	u32 rep_cons;
	u32 next_seq;
	struct mdrv_upcall_slot slot[MDRV_UPCALL_SLOTS];
	wait_queue_head_t wq;
	atomic64_t rejects;
};

static const struct mdrv_up_info mdrv_up_info[MDRV_UP_MAX] = {
#define MDRV_UPCALL MDRV_UP_ROW
#include "mdrv_upcalls.h"
};

/* Count one refused input of the daemon; any context. */
static void mdrv_mbox_refuse(struct mdrv_mbox *mb)
{
	u64 n = atomic64_inc_return(&mb->rejects);

	rcu_read_lock();	/* the regions may be swapping */
	WRITE_ONCE(READ_ONCE(mb->kctrl)->rejects, n);
	rcu_read_unlock();
}

static void mdrv_mbox_reject(struct mdrv_mbox *mb, const struct mdrv_msg *m,
			     const char *why)
{
	mdrv_mbox_refuse(mb);
	if (net_ratelimit())
		pr_warn("mdrv%d: refused a reply from the user half (seq %u type %u): %s\n",
			mb->id, m ? m->seq : 0, m ? m->type : 0, why);
}

/* Caller holds mb->lock. */
static int mdrv_mbox_post(struct mdrv_mbox *mb, u32 seq, u16 type, u32 flags,
			  const void *data, u16 len)
{
	/* pairs with the daemon's release of up_cons */
	u32 cons = smp_load_acquire(&mb->uctrl->up_cons);
	struct mdrv_msg *m;

	/* a consumer index the daemon made up: refused and counted */
	if (mb->up_prod - cons > MDRV_MBOX_SLOTS) {
		mdrv_mbox_refuse(mb);
		if (net_ratelimit())
			pr_warn("mdrv%d: refused the user half's upcall consumer index %u (producer %u)\n",
				mb->id, cons, mb->up_prod);
		return -ENOBUFS;
	}
	if (mb->up_prod - cons == MDRV_MBOX_SLOTS)
		return -ENOBUFS;	/* full: the daemon is not consuming */
	m = &mb->up_ring[mb->up_prod & (MDRV_MBOX_SLOTS - 1)];
	m->seq = seq;
	m->type = type;
	m->len = len;
	m->status = 0;
	m->flags = flags;
	if (len)
		memcpy(m->data, data, len);
	/* the entry is complete before the daemon can see the index move */
	smp_store_release(&mb->kctrl->up_prod, ++mb->up_prod);
	return 0;
}

static u32 mdrv_mbox_seq(struct mdrv_mbox *mb)
{
	if (!++mb->next_seq)
		++mb->next_seq;
	return mb->next_seq;
}

/*
 * A daemon's error as the kernel passes it on: the codes the kernel gives
 * meanings of its own (ETIMEDOUT, ENOTCONN: no daemon answered) and those
 * user space must never see (ERESTARTSYS and the other kernel-internal
 * ones, 512 and up) become EIO.
 */
static int mdrv_mbox_status(int status)
{
	if (status == -ETIMEDOUT || status == -ENOTCONN || status <= -512)
		return -EIO;
	return status;
}

/* Caller holds mb->lock. */
static void mdrv_mbox_complete(struct mdrv_mbox *mb, const struct mdrv_msg *m)
{
	struct mdrv_upcall_slot *s = NULL;
	unsigned int i;

	if (m->len > MDRV_MBOX_PAYLOAD)
		return mdrv_mbox_reject(mb, m, "length out of range");
	if (m->status > 0 || m->status < -MAX_ERRNO)
		return mdrv_mbox_reject(mb, m, "status is not 0 or -errno");
	for (i = 0; i < MDRV_UPCALL_SLOTS; i++) {
		if (mb->slot[i].busy && mb->slot[i].seq == m->seq) {
			s = &mb->slot[i];
			break;
		}
	}
	if (!s)
		return mdrv_mbox_reject(mb, m, "no upcall waits for this seq");
	if (s->answered)
		return mdrv_mbox_reject(mb, m, "duplicate reply");
	if (s->type != m->type)
		return mdrv_mbox_reject(mb, m, "type does not match the upcall");
	s->status = mdrv_mbox_status(m->status);
	s->len = min_t(u16, m->len, s->cap);
	if (s->len)
		memcpy(s->rep, m->data, s->len);
	s->answered = true;
	complete(&s->done);
}

/* Consume the reply ring for @file, false if it is not the daemon's. */
static bool mdrv_mbox_consume(struct mdrv_mbox *mb, struct file *file)
{
	struct mdrv_msg m;
	unsigned long flags;
	u32 prod;

	spin_lock_irqsave(&mb->lock, flags);
	if (mb->file != file) {
		spin_unlock_irqrestore(&mb->lock, flags);
		return false;
	}
	/* pairs with the daemon's release of rep_prod */
	prod = smp_load_acquire(&mb->uctrl->rep_prod);
	if (prod - mb->rep_cons > MDRV_MBOX_SLOTS) {
		mdrv_mbox_reject(mb, NULL, "reply index out of range");
		mb->rep_cons = prod;
	}
	while (mb->rep_cons != prod) {
		unsigned int idx = array_index_nospec(mb->rep_cons & (MDRV_MBOX_SLOTS - 1),
						      MDRV_MBOX_SLOTS);

		/* the daemon may rewrite the entry: work on a copy */
		memcpy(&m, &mb->rep_ring[idx], sizeof(m));
		mb->rep_cons++;
		mdrv_mbox_complete(mb, &m);
	}
	/* entries are copied before the daemon may reuse them */
	smp_store_release(&mb->kctrl->rep_cons, mb->rep_cons);
	spin_unlock_irqrestore(&mb->lock, flags);
	return true;
}

bool mdrv_mbox_open(struct mdrv_priv *mp)
{
	return mp->mbox && READ_ONCE(mp->mbox->file);
}

/* Fail every waiting upcall with @err: the daemon went away. */
static void mdrv_mbox_fail_all(struct mdrv_mbox *mb, int err)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&mb->lock, flags);
	for (i = 0; i < MDRV_UPCALL_SLOTS; i++) {
		struct mdrv_upcall_slot *s = &mb->slot[i];

		if (s->busy && !s->answered) {
			s->answered = true;
			s->status = err;
			s->len = 0;
			complete(&s->done);
		}
	}
	spin_unlock_irqrestore(&mb->lock, flags);
}

/*
 * The daemon detached (caller holds mdrv_devs_lock): its file answers no
 * more upcalls, and those waiting fail now.
 */
void mdrv_mbox_revoke(struct mdrv_priv *mp)
{
	struct mdrv_mbox *mb = mp->mbox;

	if (!mb)
		return;
	spin_lock_irq(&mb->lock);
	mb->file = NULL;
	spin_unlock_irq(&mb->lock);
	mdrv_mbox_fail_all(mb, -ENOTCONN);
	wake_up_interruptible(&mb->wq);	/* its poll() sees EPOLLHUP */
}

/*
 * Ask the user half and wait for its answer, at most MDRV_UPCALL_TIMEOUT.
 * Process context; the caller may hold RTNL (the daemon never needs it).
 * Returns the daemon's status, -ENOTCONN without a daemon, -ETIMEDOUT.
 */
int mdrv_upcall(struct mdrv_priv *mp, u16 type, const void *req, u16 req_len,
		void *rep, u16 rep_size, u16 *rep_len)
{
	struct mdrv_mbox *mb = mp->mbox;
	struct mdrv_upcall_slot *s = NULL;
	unsigned long flags;
	unsigned int i;
	long left;
	int err;

	might_sleep();
	if (WARN_ON_ONCE(type >= MDRV_UP_MAX || req_len > MDRV_MBOX_PAYLOAD ||
			 req_len < mdrv_up_info[type].len ||
			 (mdrv_up_info[type].flags & MDRV_UPF_EVENT)))
		return -EINVAL;
	if (!mdrv_mbox_open(mp))
		goto err_absent;

	spin_lock_irqsave(&mb->lock, flags);
	if (!mb->file) {
		spin_unlock_irqrestore(&mb->lock, flags);
		goto err_absent;
	}
	for (i = 0; i < MDRV_UPCALL_SLOTS; i++) {
		if (!mb->slot[i].busy) {
			s = &mb->slot[i];
			break;
		}
	}
	if (!s) {
		spin_unlock_irqrestore(&mb->lock, flags);
		return -EBUSY;
	}
	s->busy = true;
	s->answered = false;
	s->type = type;
	s->seq = mdrv_mbox_seq(mb);
	s->rep = rep;
	s->cap = rep ? rep_size : 0;
	s->len = 0;
	s->req_len = req_len;
	if (req_len)
		memcpy(s->req, req, req_len);
	reinit_completion(&s->done);
	err = mdrv_mbox_post(mb, s->seq, type, 0, req, req_len);
	if (err)
		s->busy = false;
	spin_unlock_irqrestore(&mb->lock, flags);
	if (err)
		return err;
	wake_up_interruptible(&mb->wq);

	left = wait_for_completion_killable_timeout(&s->done,
						    MDRV_UPCALL_TIMEOUT);
	spin_lock_irqsave(&mb->lock, flags);
	if (s->answered) {
		err = s->status;
		if (rep_len)
			*rep_len = s->len;
	} else {
		err = left < 0 ? (int)left : -ETIMEDOUT;
	}
	s->busy = false;	/* a late reply is refused from now on */
	spin_unlock_irqrestore(&mb->lock, flags);

	if (err == -ETIMEDOUT) {
		if (net_ratelimit())
			netif_warn(mp, drv, mp->netdev, "user half did not answer \"%s\" in time\n",
				   mdrv_up_info[type].name);
		mp->hooks->daemon(mp, true);
	}
	return err;

err_absent:
	/* requests that change something say why they cannot */
	if (!(mdrv_up_info[type].flags & MDRV_UPF_QUIET) && net_ratelimit())
		netif_info(mp, drv, mp->netdev, "%s refused: the user half (mdrvd) is not running\n",
			   mdrv_up_info[type].name);
	return -ENOTCONN;
}

/* Tell the user half something, without waiting: any context. */
int mdrv_upcall_event(struct mdrv_priv *mp, u16 type)
{
	struct mdrv_mbox *mb = mp->mbox;
	unsigned long flags;
	int err = -ENOTCONN;

	if (!mdrv_mbox_open(mp))
		return err;
	spin_lock_irqsave(&mb->lock, flags);
	if (mb->file)
		err = mdrv_mbox_post(mb, mdrv_mbox_seq(mb), type,
				     MDRV_MSG_F_EVENT, NULL, 0);
	spin_unlock_irqrestore(&mb->lock, flags);
	if (!err)
		wake_up_interruptible(&mb->wq);
	return err;
}

/*
 * NAPI, the only writer: @n more frames went through the data path.
 * Softirq: an RCU read-side section against a region swap.
 */
void mdrv_mbox_activity(struct mdrv_priv *mp, unsigned int n)
{
	struct mdrv_mbox *mb = mp->mbox;
	struct mdrv_mbox_kctrl *kc;

	if (mb && n) {
		kc = READ_ONCE(mb->kctrl);
		WRITE_ONCE(kc->activity, kc->activity + n);
	}
}

u64 mdrv_mbox_rejects(struct mdrv_priv *mp)
{
	return mp->mbox ? atomic64_read(&mp->mbox->rejects) : 0;
}

/*
 * The daemon's stats page; NULL without one (its last copy stays). Valid
 * until the caller's RCU read-side section (e.g. a spinlock) ends.
 */
const struct mdrv_stats_page *mdrv_mbox_stats_page(struct mdrv_priv *mp)
{
	return mdrv_mbox_open(mp) ? READ_ONCE(mp->mbox->stats) : NULL;
}

static void mdrv_mbox_free(struct kref *ref)
{
	struct mdrv_mbox *mb = container_of(ref, struct mdrv_mbox, ref);

	/* pages still mapped by the daemon keep their own references */
	vfree(mb->kctrl);
	vfree(mb->uctrl);
	kfree(mb);
}

/* A pair of zeroed regions the daemon can map, or -ENOMEM. */
static int mdrv_mbox_alloc(struct mdrv_mbox_regions *r)
{
	r->kern = vmalloc_user(MDRV_MBOX_KERN_SIZE);
	r->user = vmalloc_user(MDRV_MBOX_USER_SIZE);
	if (r->kern && r->user)
		return 0;
	vfree(r->kern);
	vfree(r->user);
	r->kern = NULL;
	r->user = NULL;
	return -ENOMEM;
}

/* Point @mb at @r: under mb->lock, or before anyone else can see @mb. */
static void mdrv_mbox_use(struct mdrv_mbox *mb, const struct mdrv_mbox_regions *r)
{
	WRITE_ONCE(mb->kctrl, r->kern);
	mb->up_ring = r->kern + MDRV_MBOX_PAGE;
	WRITE_ONCE(mb->uctrl, r->user);
	mb->rep_ring = r->user + MDRV_MBOX_PAGE;
	WRITE_ONCE(mb->stats, r->user + MDRV_MBOX_STATS_OFF);
}

/*
 * Caller holds mb->lock: move to the fresh regions @r, leaving the old
 * ones in @r (freed by the caller after a grace period). The header, the
 * counters and the stats page carry over; the rings start empty, with the
 * upcalls still waiting posted again under their sequence numbers.
 */
static void mdrv_mbox_swap(struct mdrv_mbox *mb, struct mdrv_mbox_regions *r)
{
	struct mdrv_mbox_regions old = { .kern = mb->kctrl, .user = mb->uctrl };
	struct mdrv_mbox_kctrl *kc = r->kern;
	unsigned int i;

	memcpy(kc, mb->kctrl, sizeof(*kc));
	kc->up_prod = 0;
	kc->rep_cons = 0;
	memcpy(r->user + MDRV_MBOX_STATS_OFF, mb->stats,
	       MDRV_MBOX_USER_SIZE - MDRV_MBOX_STATS_OFF);
	mb->up_prod = 0;
	mb->rep_cons = 0;
	mdrv_mbox_use(mb, r);
	*r = old;
	for (i = 0; i < MDRV_UPCALL_SLOTS; i++) {
		struct mdrv_upcall_slot *s = &mb->slot[i];

		/* an empty ring of 64 holds the 8 slots */
		if (s->busy && !s->answered)
			WARN_ON_ONCE(mdrv_mbox_post(mb, s->seq, s->type, 0,
						    s->req, s->req_len));
	}
}

/*
 * Only the attached daemon's process, with CAP_NET_ADMIN, may open the
 * mailbox: whoever holds it answers the device's upcalls, so a process the
 * netlink side does not know must not take the one slot first. The process
 * taking the device over (ATTACH with REPLACE) may open it while the old
 * daemon's file is open: the open hands the device over.
 */
static int mdrv_mbox_fopen(struct inode *inode, struct file *file)
{
	/* misc_open() holds misc_mtx: the mailbox cannot be deregistered */
	struct mdrv_mbox *mb = container_of(file->private_data,
					    struct mdrv_mbox, misc);
	struct mdrv_mbox_regions r = { };
	struct pid *me = task_tgid(current);
	struct pid *prev_pid = NULL;
	struct mdrv_priv *mp;
	bool handover, swapped = false;
	int err = 0;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	kref_get(&mb->ref);
	/* an older file maps the regions: this one gets its own */
	if (READ_ONCE(mb->files) && mdrv_mbox_alloc(&r)) {
		err = -ENOMEM;
		goto out;
	}

	/* the owner is written under mdrv_devs_lock; mb->mp under mb->lock */
	mutex_lock(&mdrv_devs_lock);
	mutex_lock(&mb->map_lock);
	spin_lock_irq(&mb->lock);
	mp = mb->mp;
	handover = mp && mp->next_pid == me;
	if (!mp)
		err = -ENODEV;
	else if (!handover && (!mp->owner_pid || mp->owner_pid != me))
		err = -EACCES;	/* attach over netlink first, from this process */
	else if (!handover && mb->file)
		err = -EBUSY;	/* one user half per device */
	else if (mb->files && !r.kern)
		err = -EBUSY;	/* another opened since we looked: again */
	if (!err) {
		swapped = mb->files;
		if (swapped)
			mdrv_mbox_swap(mb, &r);
		/* the old daemon's file, if any, is ignored from now on */
		mb->file = file;
		mb->files++;
	}
	spin_unlock_irq(&mb->lock);
	if (!err && handover) {
		/* netlink's owner changes under the same mdrv_devs_lock */
		WRITE_ONCE(mp->owner_portid, mp->next_portid);
		prev_pid = mp->owner_pid;
		mp->owner_pid = mp->next_pid;
		mp->next_pid = NULL;
		mp->next_portid = 0;
	}
	mutex_unlock(&mb->map_lock);
	mutex_unlock(&mdrv_devs_lock);
	put_pid(prev_pid);
	if (!err) {
		/* the old file's poll() hangs up, the new ring may hold work */
		wake_up_interruptible(&mb->wq);
		/* the daemon can be asked: devlink's "daemon" reporter */
		mp->hooks->daemon(mp, false);
		/* lockless readers of the old regions are done after this */
		if (swapped)
			synchronize_rcu();
	}
	vfree(r.kern);
	vfree(r.user);
out:
	if (err) {
		kref_put(&mb->ref, mdrv_mbox_free);
		return err;
	}
	file->private_data = mb;
	return nonseekable_open(inode, file);
}

static int mdrv_mbox_release(struct inode *inode, struct file *file)
{
	struct mdrv_mbox *mb = file->private_data;
	bool current_file;

	spin_lock_irq(&mb->lock);
	mb->files--;
	current_file = mb->file == file;
	if (current_file)
		mb->file = NULL;
	spin_unlock_irq(&mb->lock);
	if (current_file)
		mdrv_mbox_fail_all(mb, -ENOTCONN);
	kref_put(&mb->ref, mdrv_mbox_free);
	return 0;
}

static int mdrv_mbox_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct mdrv_mbox *mb = file->private_data;
	unsigned long off = vma->vm_pgoff << PAGE_SHIFT;
	unsigned long size = vma->vm_end - vma->vm_start;

	int err = -EINVAL;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	/* the regions stay while map_lock is held (no swap) */
	mutex_lock(&mb->map_lock);
	if (READ_ONCE(mb->file) != file) {
		err = -ENODEV;		/* revoked: its daemon detached */
	} else if (off == MDRV_MBOX_KERN_OFF) {
		/* the kernel's pages: the daemon reads, never writes */
		if (size != PAGE_ALIGN(MDRV_MBOX_KERN_SIZE)) {
			err = -EINVAL;
		} else if (vma->vm_flags & VM_WRITE) {
			err = -EPERM;
		} else {
			vma->vm_flags &= ~VM_MAYWRITE;
			err = remap_vmalloc_range(vma, mb->kctrl, 0);
		}
	} else if (off == MDRV_MBOX_USER_OFF &&
		   size == PAGE_ALIGN(MDRV_MBOX_USER_SIZE)) {
		err = remap_vmalloc_range(vma, mb->uctrl, 0);
	}
	mutex_unlock(&mb->map_lock);
	return err;
}

static __poll_t mdrv_mbox_poll(struct file *file, poll_table *wait)
{
	struct mdrv_mbox *mb = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &mb->wq, wait);
	rcu_read_lock();	/* the regions may be swapping */
	if (READ_ONCE(mb->up_prod) != READ_ONCE(READ_ONCE(mb->uctrl)->up_cons))
		mask |= EPOLLIN | EPOLLRDNORM;
	rcu_read_unlock();
	if (!READ_ONCE(mb->mp) || READ_ONCE(mb->file) != file)
		mask |= EPOLLHUP;
	return mask;
}

/* The doorbell: the reply ring moved. The bytes written are ignored. */
static ssize_t mdrv_mbox_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct mdrv_mbox *mb = file->private_data;

	if (count < 4 || count > 8) {
		mdrv_mbox_refuse(mb);
		if (net_ratelimit())
			pr_warn("mdrv%d: refused a doorbell of %zu bytes from the user half\n",
				mb->id, count);
		return -EINVAL;
	}
	if (!READ_ONCE(mb->mp))
		return -ENODEV;
	return mdrv_mbox_consume(mb, file) ? count : -ENODEV;
}

static const struct file_operations mdrv_mbox_fops = {
	.owner		= THIS_MODULE,
	.open		= mdrv_mbox_fopen,
	.release	= mdrv_mbox_release,
	.mmap		= mdrv_mbox_mmap,
	.poll		= mdrv_mbox_poll,
	.write		= mdrv_mbox_write,
	.llseek		= no_llseek,
};

int mdrv_mbox_create(struct mdrv_priv *mp)
{
	struct mdrv_mbox_regions r;
	struct mdrv_mbox *mb;
	unsigned int i;
	int err;

	mb = kzalloc(sizeof(*mb), GFP_KERNEL);
	if (!mb)
		return -ENOMEM;
	kref_init(&mb->ref);
	mutex_init(&mb->map_lock);
	spin_lock_init(&mb->lock);
	init_waitqueue_head(&mb->wq);
	for (i = 0; i < MDRV_UPCALL_SLOTS; i++)
		init_completion(&mb->slot[i].done);
	if (mdrv_mbox_alloc(&r)) {
		kfree(mb);
		return -ENOMEM;
	}
	mdrv_mbox_use(mb, &r);
	mb->kctrl->magic = MDRV_MBOX_MAGIC;
	mb->kctrl->version = MDRV_PROTO_VERSION;
	mb->kctrl->slots = MDRV_MBOX_SLOTS;
	mb->kctrl->msg_size = MDRV_MBOX_MSG_SIZE;
	mb->kctrl->chip = mp->chip_id;
	mb->kctrl->stats_count = mp->ops->n_hw_stats;
	mb->mp = mp;
	mb->id = mp->id;
	snprintf(mb->name, sizeof(mb->name), "mdrv%d", mp->id);
	mb->misc.minor = MISC_DYNAMIC_MINOR;
	mb->misc.name = mb->name;
	mb->misc.fops = &mdrv_mbox_fops;
	mb->misc.parent = &mp->pdev->dev;
	mb->misc.mode = 0600;
	/* the one step that publishes it: no open before, none if it fails */
	err = misc_register(&mb->misc);
	if (err) {
		mdrv_mbox_free(&mb->ref);
		return err;
	}
	mp->mbox = mb;
	return 0;
}

/*
 * Remove: no open from now on; a file still open keeps the mailbox (its
 * reference) and sees the device gone.
 */
void mdrv_mbox_destroy(struct mdrv_priv *mp)
{
	struct mdrv_mbox *mb = mp->mbox;

	if (!mb)
		return;
	misc_deregister(&mb->misc);
	mdrv_mbox_fail_all(mb, -ENODEV);
	spin_lock_irq(&mb->lock);
	mb->mp = NULL;
	spin_unlock_irq(&mb->lock);
	wake_up_interruptible(&mb->wq);	/* poll() sees EPOLLHUP */
	mp->mbox = NULL;
	kref_put(&mb->ref, mdrv_mbox_free);
}
