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

static const struct mdrv_up_info up_info[MDRV_UP_MAX] = {
#define MDRV_UPCALL MDRV_UP_ROW
#include "mdrv_upcalls.h"
};

const char *mdrvd_upcall_name(unsigned int type)
{
	return type < MDRV_UP_MAX && up_info[type].name ? up_info[type].name :
							  "unknown";
}

/* The request as a structure: the table's length was checked before. */
#define REQ(up, var)	memcpy(&(var), (up)->data, sizeof(var))

/*
 * SET_LINK: struct ethtool_link_settings, then link_mode_masks_nwords
 * words of each of the supported, advertising and lp_advertising masks,
 * as ETHTOOL_SLINKSETTINGS carries them.
 */
static int link_request(const struct mdrv_msg *up, struct mdrv_link *l)
{
	struct ethtool_link_settings base;
	uint32_t adv;
	size_t words;

	REQ(up, base);
	words = base.link_mode_masks_nwords > 0 ?
		(size_t)base.link_mode_masks_nwords : 0;
	if (!words || up->len < sizeof(base) + 3 * words * sizeof(uint32_t))
		return -EINVAL;
	memcpy(&adv, up->data + sizeof(base) + words * sizeof(uint32_t),
	       sizeof(adv));
	*l = (struct mdrv_link){
		.speed = base.speed,
		.duplex = base.duplex,
		.autoneg = base.autoneg,
		.port = base.port,
		.mdix_ctrl = base.eth_tp_mdix_ctrl,
		.advertising = adv,	/* the legacy modes: bits 0..31 */
	};
	return 0;
}

static int serve(struct mdrvd_dev *d, const struct mdrv_msg *up,
		 struct mdrv_msg *rep)
{
	const struct mdrvd_chip_ops *ops = d->ops;
	struct ethtool_ringparam ring;
	struct ethtool_coalesce ec;
	struct ethtool_eeprom ee;
	struct ethtool_wolinfo wol;
	struct ethtool_pauseparam pp;
	struct ethtool_test et;
	struct mdrv_up_health h;
	struct mdrv_health_rep hr;
	struct mdrv_coalesce c;
	struct mdrv_selftest st;
	struct mdrv_link l;
	int err, v;

	if (up->type >= MDRV_UP_MAX || !up_info[up->type].name)
		return -EOPNOTSUPP;
	if (up->len < up_info[up->type].len)
		return -EINVAL;
	/* a change a user asks for starts from what the chip holds */
	if (!(up_info[up->type].flags & (MDRV_UPF_QUIET | MDRV_UPF_EVENT)) &&
	    up->type != MDRV_UP_GET_EEPROM && up->type != MDRV_UP_SELF_TEST) {
		err = mdrvd_dev_read_back(d);
		if (err)
			return err;
	}
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
		return ops->set_mac(d, up->data);
	case MDRV_UP_CHANGE_MTU:
		REQ(up, v);
		return v > 0 ? ops->change_mtu(d, v) : -EINVAL;
	case MDRV_UP_RX_MODE:
		d->pending |= MDRVD_PEND_RXMODE;
		return 0;
	case MDRV_UP_LINK:
		d->pending |= MDRVD_PEND_LINK;
		return 0;
	case MDRV_UP_SET_LINK:
		err = link_request(up, &l);
		if (!err)
			err = ops->set_link(d, &l);
		/* the kernel answers `ethtool DEV` from what we publish */
		return err ? err : mdrvd_dev_publish(d);
	case MDRV_UP_NWAY_RESET:
		err = ops->nway_reset ? ops->nway_reset(d) : -EOPNOTSUPP;
		return err ? err : mdrvd_dev_publish(d);
	case MDRV_UP_GET_EEPROM:
		REQ(up, ee);
		if (ee.len > MDRV_MBOX_PAYLOAD)
			return -EINVAL;
		err = ops->get_eeprom(d, ee.offset, ee.len, rep->data);
		if (err)
			return err;
		rep->len = ee.len;
		return 0;
	case MDRV_UP_SET_EEPROM:
		REQ(up, ee);
		if (ee.len > up->len - sizeof(ee))
			return -EINVAL;
		log_info("%s: eeprom write refused: QEMU's models drop EEPROM writes",
			 d->ifname);
		return -EOPNOTSUPP;
	case MDRV_UP_SELF_TEST:
		if (!ops->self_test)
			return -EOPNOTSUPP;
		REQ(up, et);
		err = ops->self_test(d, et.flags, &st);
		if (err)
			return err;
		memcpy(rep->data, &st, sizeof(st));
		rep->len = sizeof(st);
		return 0;
	case MDRV_UP_SET_COALESCE:
		if (!ops->set_coalesce)
			return -EOPNOTSUPP;
		REQ(up, ec);
		c = (struct mdrv_coalesce){
			.rx_usecs = ec.rx_coalesce_usecs,
			.tx_usecs = ec.tx_coalesce_usecs,
		};
		err = ops->set_coalesce(d, &c);
		return err ? err : mdrvd_dev_publish_coalesce(d);
	case MDRV_UP_SET_RING:
		REQ(up, ring);
		return mdrvd_dev_set_ring(d, ring.tx_pending, ring.rx_pending);
	case MDRV_UP_STATS:
		return mdrvd_dev_stats(d);
	case MDRV_UP_IDENTIFY:
		if (!ops->identify)
			return -EOPNOTSUPP;
		REQ(up, v);
		return ops->identify(d, v);
	case MDRV_UP_VLAN:
		/* the kernel holds the state: pull it with the rx mode */
		return mdrvd_dev_rxmode(d);
	case MDRV_UP_SET_WOL:
		if (!ops->set_wol)
			return -EOPNOTSUPP;
		REQ(up, wol);
		return ops->set_wol(d, wol.wolopts);
	case MDRV_UP_SET_PAUSE:
		if (!ops->set_pause)
			return -EOPNOTSUPP;
		REQ(up, pp);
		if (pp.autoneg > AUTONEG_ENABLE || pp.rx_pause > 1 ||
		    pp.tx_pause > 1)
			return -EINVAL;
		err = ops->set_pause(d, (pp.autoneg ? MDRV_PAUSE_AUTONEG : 0) |
				     (pp.rx_pause ? MDRV_PAUSE_ASK_RX : 0) |
				     (pp.tx_pause ? MDRV_PAUSE_ASK_TX : 0));
		return err ? err : mdrvd_dev_publish(d);
	case MDRV_UP_HEALTH_RECOVER:
		/*
		 * The kernel waits: the recovery (MDRV_CMD_RESET, then the
		 * configuration) runs now, the reply says how it went
		 */
		REQ(up, h);
		return mdrvd_dev_recover(d, h.kind, h.detail, h.flags,
					 mdrvd_now_ns());
	case MDRV_UP_HEALTH_DIAGNOSE:
	case MDRV_UP_HEALTH_DUMP:
		REQ(up, h);
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
