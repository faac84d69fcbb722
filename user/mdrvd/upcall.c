// SPDX-License-Identifier: GPL-2.0
/*
 * One upcall from the mailbox: check its payload, serve it, build the reply.
 * Serving an upcall uses only the mdrv family and the mailbox: the kernel
 * may be waiting for the reply with RTNL held.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <linux/ethtool.h>

#include "chip.h"
#include "dev.h"
#include "log.h"
#include "upcall.h"

static const char *const up_name[MDRV_UP_MAX] = {
	[MDRV_UP_OPEN] = "open", [MDRV_UP_STOP] = "stop",
	[MDRV_UP_SET_MAC] = "set-mac", [MDRV_UP_CHANGE_MTU] = "change-mtu",
	[MDRV_UP_RX_MODE] = "rx-mode", [MDRV_UP_LINK] = "link",
	[MDRV_UP_SET_LINK] = "set-link", [MDRV_UP_NWAY_RESET] = "nway-reset",
	[MDRV_UP_GET_EEPROM] = "get-eeprom",
	[MDRV_UP_SET_EEPROM] = "set-eeprom",
	[MDRV_UP_SELF_TEST] = "self-test",
	[MDRV_UP_SET_COALESCE] = "set-coalesce",
	[MDRV_UP_SET_RING] = "set-ring", [MDRV_UP_STATS] = "stats",
	[MDRV_UP_IDENTIFY] = "identify", [MDRV_UP_VLAN] = "vlan",
	[MDRV_UP_SET_WOL] = "set-wol",
	[MDRV_UP_HEALTH_RECOVER] = "health-recover",
	[MDRV_UP_HEALTH_DIAGNOSE] = "health-diagnose",
	[MDRV_UP_HEALTH_DUMP] = "health-dump",
};

const char *mdrvd_upcall_name(unsigned int type)
{
	return type < MDRV_UP_MAX && up_name[type] ? up_name[type] : "unknown";
}

/* Copy a fixed-size payload; -EINVAL if the upcall carries less. */
#define PAYLOAD(up, var)						\
	((up)->len < sizeof(var) ? -EINVAL :				\
	 (memcpy(&(var), (up)->data, sizeof(var)), 0))

static int serve(struct mdrvd_dev *d, const struct mdrv_msg *up,
		 struct mdrv_msg *rep)
{
	const struct mdrvd_chip_ops *ops = d->ops;
	struct mdrv_up_range range;
	struct mdrv_up_ring ring;
	struct mdrv_up_mac mac;
	struct mdrv_up_u32 u;
	struct mdrv_up_health h;
	struct mdrv_health_rep hr;
	struct mdrv_coalesce c;
	struct mdrv_selftest st;
	struct mdrv_link l;
	int err;

	switch (up->type) {
	case MDRV_UP_OPEN:
		/* the kernel restarted the chip before asking */
		d->running = true;
		mdrvd_stats_rebase(&d->stats);
		return mdrvd_dev_apply(d, false);
	case MDRV_UP_STOP:
		mdrvd_dev_stats(d);
		d->running = false;
		d->carrier = -1;	/* the kernel turns it off */
		return 0;
	case MDRV_UP_SET_MAC:
		err = PAYLOAD(up, mac);
		return err ? err : ops->set_mac(d, mac.addr);
	case MDRV_UP_CHANGE_MTU:
		err = PAYLOAD(up, u);
		return err ? err : ops->change_mtu(d, u.value);
	case MDRV_UP_RX_MODE:
		d->pending |= MDRVD_PEND_RXMODE;
		return 0;
	case MDRV_UP_LINK:
		d->pending |= MDRVD_PEND_LINK;
		return 0;
	case MDRV_UP_SET_LINK:
		err = PAYLOAD(up, l);
		if (!err)
			err = ops->set_link(d, &l);
		/* the kernel answers `ethtool DEV` from what we publish */
		return err ? err : mdrvd_dev_publish(d);
	case MDRV_UP_NWAY_RESET:
		err = ops->nway_reset ? ops->nway_reset(d) : -EOPNOTSUPP;
		return err ? err : mdrvd_dev_publish(d);
	case MDRV_UP_GET_EEPROM:
		err = PAYLOAD(up, range);
		if (err)
			return err;
		if (range.len > MDRV_MBOX_PAYLOAD)
			return -EINVAL;
		err = ops->get_eeprom(d, range.offset, range.len, rep->data);
		if (err)
			return err;
		rep->len = range.len;
		return 0;
	case MDRV_UP_SET_EEPROM:
		err = PAYLOAD(up, range);
		if (err)
			return err;
		if (range.len > up->len - sizeof(range))
			return -EINVAL;
		log_info("%s: eeprom write refused: QEMU's models drop EEPROM writes",
			 d->ifname);
		return -EOPNOTSUPP;
	case MDRV_UP_SELF_TEST:
		if (!ops->self_test)
			return -EOPNOTSUPP;
		err = PAYLOAD(up, u);
		if (!err)
			err = ops->self_test(d, u.value, &st);
		if (err)
			return err;
		memcpy(rep->data, &st, sizeof(st));
		rep->len = sizeof(st);
		return 0;
	case MDRV_UP_SET_COALESCE:
		if (!ops->set_coalesce)
			return -EOPNOTSUPP;
		err = PAYLOAD(up, c);
		if (!err)
			err = ops->set_coalesce(d, &c);
		return err ? err : mdrvd_dev_publish_coalesce(d);
	case MDRV_UP_SET_RING:
		err = PAYLOAD(up, ring);
		return err ? err : mdrvd_dev_set_ring(d, ring.tx, ring.rx);
	case MDRV_UP_STATS:
		return mdrvd_dev_stats(d);
	case MDRV_UP_IDENTIFY:
		if (!ops->identify)
			return -EOPNOTSUPP;
		err = PAYLOAD(up, u);
		return err ? err : ops->identify(d, u.value);
	case MDRV_UP_VLAN:
		/* the kernel holds the state: pull it with the rx mode */
		return mdrvd_dev_rxmode(d);
	case MDRV_UP_SET_WOL:
		if (!ops->set_wol)
			return -EOPNOTSUPP;
		err = PAYLOAD(up, u);
		return err ? err : ops->set_wol(d, u.value);
	case MDRV_UP_HEALTH_RECOVER:
		/*
		 * The kernel waits: the recovery (MDRV_CMD_RESET, then the
		 * configuration) runs now, the reply says how it went
		 */
		err = PAYLOAD(up, h);
		return err ? err : mdrvd_dev_recover(d, h.kind, h.detail,
						     h.flags, mdrvd_now_ns());
	case MDRV_UP_HEALTH_DIAGNOSE:
	case MDRV_UP_HEALTH_DUMP:
		err = PAYLOAD(up, h);
		if (!err)
			err = mdrvd_dev_health(d, h.reporter,
					       up->type == MDRV_UP_HEALTH_DUMP,
					       h.start, mdrvd_now_ns(), &hr);
		if (err < 0)
			return err;
		memcpy(rep->data, &hr, err);
		rep->len = err;
		return 0;
	}
	return -EOPNOTSUPP;
}

bool mdrvd_upcall(struct mdrvd_dev *d, const struct mdrv_msg *up,
		  struct mdrv_msg *rep)
{
	bool event = up->flags & MDRV_MSG_F_EVENT;
	int status;

	memset(rep, 0, offsetof(struct mdrv_msg, data));
	rep->seq = up->seq;
	rep->type = up->type;
	if (up->len > MDRV_MBOX_PAYLOAD)
		status = -EINVAL;
	else
		status = serve(d, up, rep);
	if (status)
		rep->len = 0;
	rep->status = status;
	log_dbg("%s: upcall %s seq %u%s: %s", d->ifname,
		mdrvd_upcall_name(up->type), up->seq, event ? " (event)" : "",
		status ? strerror(-status) : "ok");
	return !event;
}
