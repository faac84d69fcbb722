// SPDX-License-Identifier: GPL-2.0
/*
 * The "mdrv" generic netlink family (netlink/mdrv.yaml): device queries for
 * anyone, and for CAP_NET_ADMIN the daemon's attach/detach and downcalls —
 * allowlisted register access, ring reallocation, reset, carrier — plus the
 * "events" multicast group.
 *
 * Locking: every handler runs under mdrv_devs_lock, which also protects the
 * device list and each device's owner. Handlers never wait for the user half
 * (an upcall may be waiting for *them*, with RTNL held), and never take RTNL.
 */
#include <linux/bitmap.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/netlink.h>

#include "ch.h"
#include "dp.h"
#include "hooks.h"

#define MDRV_NL_MAX_REGS	256
#define MDRV_NL_MAX_ADDRS	512

static_assert(MDRV_VLAN_IDS_LEN * BITS_PER_BYTE == VLAN_N_VID);
static_assert(sizeof(struct mdrv_link) == 24);
static_assert(sizeof(struct mdrv_coalesce) == 16);

static struct genl_family mdrv_genl_family;

enum { MDRV_MCGRP_EVENTS_IDX };

static const struct genl_multicast_group mdrv_mcgrps[] = {
	[MDRV_MCGRP_EVENTS_IDX] = { .name = MDRV_MCGRP_EVENTS },
};

/*
 * Range checks that answer EINVAL (a policy range would answer ERANGE), with
 * the attribute and the reason in the extended ACK. The handlers call them:
 * they are not NLA_POLICY_VALIDATE_FN() policies, because an attribute of
 * such a policy that fails the generic checks (a u32 of 3 bytes) makes the
 * error ACK describe its policy (NLMSGERR_ATTR_POLICY), and describing a
 * validation function as a range WARNs in nla_get_range_unsigned() (6.1).
 */
#define MDRV_NL_RANGE(name, type, get, lo, hi, msg)			\
static int mdrv_nl_check_##name(const struct nlattr *a,		\
				struct netlink_ext_ack *extack)		\
{									\
	type v = get(a);						\
									\
	if (v < (lo) || v > (hi)) {					\
		NL_SET_ERR_MSG_ATTR(extack, a, msg);			\
		return -EINVAL;						\
	}								\
	return 0;							\
}

MDRV_NL_RANGE(space, u32, nla_get_u32, MDRV_REG_MMIO, MDRV_REG_APROM,
	      "register space out of range")
MDRV_NL_RANGE(ring, u32, nla_get_u32, 16, 4096,
	      "ring size out of range (16..4096)")
MDRV_NL_RANGE(rxbuf, u32, nla_get_u32, 1536, 16384,
	      "receive buffer size out of range (1536..16384)")
MDRV_NL_RANGE(carrier, u8, nla_get_u8, 0, 1, "carrier is 0 or 1")
MDRV_NL_RANGE(scope, u32, nla_get_u32, MDRV_RESET_ALL, MDRV_RESET_TX,
	      "unknown reset scope")

static const struct nla_policy mdrv_reg_policy[MDRV_A_REG_MAX + 1] = {
	[MDRV_A_REG_SPACE] = { .type = NLA_U32 },
	[MDRV_A_REG_ADDR] = { .type = NLA_U32 },
	[MDRV_A_REG_VALUE] = { .type = NLA_U32 },
};

#define MDRV_DEV_SELECT							\
	[MDRV_A_ID] = { .type = NLA_U32 },				\
	[MDRV_A_IFINDEX] = { .type = NLA_U32 }

static const struct nla_policy mdrv_dev_policy[MDRV_A_MAX + 1] = {
	MDRV_DEV_SELECT,
};

static const struct nla_policy mdrv_attach_policy[MDRV_A_MAX + 1] = {
	MDRV_DEV_SELECT,
	[MDRV_A_VERSION] = { .type = NLA_U32 },
	[MDRV_A_REPLACE] = { .type = NLA_FLAG },
};

static const struct nla_policy mdrv_reg_read_policy[MDRV_A_MAX + 1] = {
	MDRV_DEV_SELECT,
	[MDRV_A_REG] = NLA_POLICY_NESTED(mdrv_reg_policy),
};

static const struct nla_policy mdrv_ring_policy[MDRV_A_MAX + 1] = {
	MDRV_DEV_SELECT,
	[MDRV_A_RING_TX] = { .type = NLA_U32 },
	[MDRV_A_RING_RX] = { .type = NLA_U32 },
	[MDRV_A_RX_BUF_LEN] = { .type = NLA_U32 },
};

static const struct nla_policy mdrv_reset_policy[MDRV_A_MAX + 1] = {
	MDRV_DEV_SELECT,
	[MDRV_A_RESET_SCOPE] = { .type = NLA_U32 },
};

static const struct nla_policy mdrv_carrier_policy[MDRV_A_MAX + 1] = {
	MDRV_DEV_SELECT,
	[MDRV_A_CARRIER] = { .type = NLA_U8 },
};

static const struct nla_policy mdrv_state_policy[MDRV_A_MAX + 1] = {
	MDRV_DEV_SELECT,
	[MDRV_A_LINK] = NLA_POLICY_EXACT_LEN(sizeof(struct mdrv_link)),
	[MDRV_A_COALESCE] = NLA_POLICY_EXACT_LEN(sizeof(struct mdrv_coalesce)),
};

/*
 * Network namespaces: a caller sees the devices of its own namespace, and
 * one in the initial namespace (the daemon's) sees all of them. Attaching
 * and downcalls are for the initial namespace only: owner_portid is a port
 * of init_net (another namespace's port numbers are its own), and the
 * netlink release notifier only looks there.
 */
static bool mdrv_nl_visible(struct mdrv_priv *mp, struct net *net)
{
	return net_eq(net, &init_net) || net_eq(dev_net(mp->netdev), net);
}

/* The device an op names by ID or by ifindex in the caller's namespace. */
static struct mdrv_priv *mdrv_nl_dev(struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct mdrv_priv *mp;

	lockdep_assert_held(&mdrv_devs_lock);
	if (!info->attrs[MDRV_A_ID] && !info->attrs[MDRV_A_IFINDEX]) {
		GENL_SET_ERR_MSG(info, "device ID or ifindex required");
		return ERR_PTR(-EINVAL);
	}
	list_for_each_entry(mp, &mdrv_devs, node) {
		if (!mdrv_nl_visible(mp, net))
			continue;
		if (info->attrs[MDRV_A_ID] &&
		    nla_get_u32(info->attrs[MDRV_A_ID]) != mp->id)
			continue;
		if (info->attrs[MDRV_A_IFINDEX] &&
		    (nla_get_u32(info->attrs[MDRV_A_IFINDEX]) !=
		     mp->netdev->ifindex ||
		     !net_eq(dev_net(mp->netdev), net)))
			continue;
		return mp;
	}
	GENL_SET_ERR_MSG(info, "no such mdrv device");
	return ERR_PTR(-ENODEV);
}

/* The daemon's requests come from the initial namespace (see above). */
static int mdrv_nl_initial_ns(struct genl_info *info)
{
	if (net_eq(genl_info_net(info), &init_net))
		return 0;
	GENL_SET_ERR_MSG(info, "the user half runs in the initial network namespace");
	return -EPERM;
}

/* Is the caller the device's attached daemon: its port, in init_net? */
static bool mdrv_nl_is_owner(struct mdrv_priv *mp, struct genl_info *info)
{
	return mp->owner_portid && mp->owner_portid == info->snd_portid &&
	       net_eq(genl_info_net(info), &init_net);
}

/*
 * Run @op on the device an op names, for its attached daemon only: the
 * downcalls that change the device.
 */
static int mdrv_nl_owned_op(struct genl_info *info,
			    int (*op)(struct mdrv_priv *mp,
				      struct genl_info *info))
{
	struct mdrv_priv *mp;
	int err;

	mutex_lock(&mdrv_devs_lock);
	mp = mdrv_nl_dev(info);
	err = IS_ERR(mp) ? PTR_ERR(mp) : mdrv_nl_initial_ns(info);
	if (!err && !mp->owner_portid) {
		GENL_SET_ERR_MSG(info, "attach to the device first");
		err = -ENOTCONN;
	} else if (!err && mp->owner_portid != info->snd_portid) {
		GENL_SET_ERR_MSG(info, "another daemon owns this device");
		err = -EBUSY;
	}
	if (!err)
		err = op(mp, info);
	mutex_unlock(&mdrv_devs_lock);
	return err;
}

static int mdrv_nl_fill_dev(struct sk_buff *skb, struct mdrv_priv *mp,
			    u32 portid, u32 seq, int flags, u8 cmd)
{
	struct net_device *ndev = mp->netdev;
	char ifname[IFNAMSIZ];
	u8 mac[ETH_ALEN];
	void *hdr;

	/* no RTNL here: copies a rename or an address change cannot tear */
	mdrv_ifname_get(mp, ifname);
	mdrv_mac_get(mp, mac);
	hdr = genlmsg_put(skb, portid, seq, &mdrv_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, MDRV_A_ID, mp->id) ||
	    nla_put_u32(skb, MDRV_A_IFINDEX, ndev->ifindex) ||
	    nla_put_string(skb, MDRV_A_IFNAME, ifname) ||
	    nla_put_string(skb, MDRV_A_BUS, pci_name(mp->pdev)) ||
	    nla_put_u32(skb, MDRV_A_CHIP, mp->chip_id) ||
	    nla_put_u32(skb, MDRV_A_VERSION, MDRV_PROTO_VERSION) ||
	    nla_put_u32(skb, MDRV_A_OWNER, mp->owner_portid) ||
	    nla_put_u32(skb, MDRV_A_RING_TX, mp->tx_ring_size) ||
	    nla_put_u32(skb, MDRV_A_RING_RX, mp->rx_ring_size) ||
	    nla_put_u32(skb, MDRV_A_RX_BUF_LEN, mp->rx_buf_len) ||
	    nla_put_u32(skb, MDRV_A_MTU, READ_ONCE(ndev->mtu)) ||
	    nla_put(skb, MDRV_A_MAC, ETH_ALEN, mac) ||
	    nla_put_u8(skb, MDRV_A_CARRIER, netif_carrier_ok(ndev)) ||
	    nla_put_u8(skb, MDRV_A_UP, !!(READ_ONCE(ndev->flags) & IFF_UP)) ||
	    nla_put_u32(skb, MDRV_A_RESETS, mp->resets) ||
	    nla_put_u64_64bit(skb, MDRV_A_REJECTS, mdrv_mbox_rejects(mp),
			      MDRV_A_PAD))
		goto err_cancel;
	/* what the user asked a daemon for, for the next one */
	if (READ_ONCE(mp->published) &&
	    nla_put_u8(skb, MDRV_A_PAUSE, READ_ONCE(mp->link.pause)))
		goto err_cancel;
	if (mp->mbox) {
		char name[16];

		snprintf(name, sizeof(name), "mdrv%d", mp->id);
		if (nla_put_string(skb, MDRV_A_MBOX, name))
			goto err_cancel;
	}
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int mdrv_nl_reply_dev(struct mdrv_priv *mp, struct genl_info *info)
{
	struct sk_buff *skb;
	int err;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	err = mdrv_nl_fill_dev(skb, mp, info->snd_portid, info->snd_seq, 0,
			       info->genlhdr->cmd);
	if (err) {
		nlmsg_free(skb);
		return err;
	}
	return genlmsg_reply(skb, info);
}

static int mdrv_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mdrv_priv *mp;
	int err;

	mutex_lock(&mdrv_devs_lock);
	mp = mdrv_nl_dev(info);
	err = IS_ERR(mp) ? PTR_ERR(mp) : mdrv_nl_reply_dev(mp, info);
	mutex_unlock(&mdrv_devs_lock);
	return err;
}

static int mdrv_nl_dev_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct mdrv_priv *mp;
	long idx = 0;
	int err = 0;

	mutex_lock(&mdrv_devs_lock);
	list_for_each_entry(mp, &mdrv_devs, node) {
		if (!mdrv_nl_visible(mp, sock_net(cb->skb->sk)))
			continue;
		if (idx++ < cb->args[0])
			continue;
		err = mdrv_nl_fill_dev(skb, mp, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI,
				       MDRV_CMD_DEV_GET);
		if (err)
			break;
		cb->args[0] = idx;
	}
	mutex_unlock(&mdrv_devs_lock);
	/* a full message is continued in the next call */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

static int mdrv_nl_attach_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mdrv_priv *mp;
	int err = 0;

	if (!info->attrs[MDRV_A_VERSION]) {
		GENL_SET_ERR_MSG(info, "protocol version required");
		return -EINVAL;
	}
	if (nla_get_u32(info->attrs[MDRV_A_VERSION]) != MDRV_PROTO_VERSION) {
		/* both versions in the log; the message can name ours only */
		pr_warn_ratelimited("mdrv: refused a user half of protocol %u, this mdrv.ko speaks %u: install the mdrvd of the same release\n",
				    nla_get_u32(info->attrs[MDRV_A_VERSION]),
				    MDRV_PROTO_VERSION);
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MDRV_A_VERSION],
				    "this mdrv.ko speaks protocol "
				    __stringify(MDRV_PROTO_VERSION)
				    " only: install the mdrvd of the same release");
		return -EPROTO;
	}
	err = mdrv_nl_initial_ns(info);
	if (err)
		return err;
	mutex_lock(&mdrv_devs_lock);
	mp = mdrv_nl_dev(info);
	if (IS_ERR(mp)) {
		err = PTR_ERR(mp);
	} else if (mp->owner_portid && mp->owner_portid != info->snd_portid &&
		   !info->attrs[MDRV_A_REPLACE]) {
		GENL_SET_ERR_MSG(info, "another daemon owns this device");
		err = -EBUSY;
	} else if (mp->owner_portid && mp->owner_portid != info->snd_portid) {
		/*
		 * A live upgrade: the owner stays until this process opens
		 * the mailbox, which hands the device over in one step (see
		 * ch_mbox.c); until then the old daemon answers.
		 */
		err = mdrv_nl_reply_dev(mp, info);
		if (!err) {
			put_pid(mp->next_pid);
			mp->next_pid = get_pid(task_tgid(current));
			mp->next_portid = info->snd_portid;
		}
	} else {
		u32 prev = mp->owner_portid;

		/* the reply shows the new owner; if it fails, nothing changed */
		WRITE_ONCE(mp->owner_portid, info->snd_portid);
		err = mdrv_nl_reply_dev(mp, info);
		if (err) {
			WRITE_ONCE(mp->owner_portid, prev);
		} else if (!prev) {
			/* the mailbox opens for this process only */
			mp->owner_pid = get_pid(task_tgid(current));
			/* it pulls the whole rx mode as it configures */
			atomic_set(&mp->rx_mode_asked, 0);
			mdrv_genl_event(mp, MDRV_EV_ATTACH, GFP_KERNEL);
		}
	}
	mutex_unlock(&mdrv_devs_lock);
	return err;
}

/* Caller holds mdrv_devs_lock. */
static void __mdrv_detach(struct mdrv_priv *mp)
{
	/* the mailbox first: an open mailbox always has an owner */
	mdrv_mbox_revoke(mp);
	put_pid(mp->owner_pid);
	if (mp->next_portid) {
		/* a daemon taking over: it owns the device from now on */
		WRITE_ONCE(mp->owner_portid, mp->next_portid);
		mp->owner_pid = mp->next_pid;
		mp->next_pid = NULL;
		mp->next_portid = 0;
		mdrv_genl_event(mp, MDRV_EV_ATTACH, GFP_KERNEL);
		return;
	}
	WRITE_ONCE(mp->owner_portid, 0);
	mp->owner_pid = NULL;
	mdrv_genl_event(mp, MDRV_EV_DETACH, GFP_KERNEL);
	/* devlink's "daemon" reporter: the device runs without its policy */
	mp->hooks->daemon(mp, true);
}

/* Caller holds mdrv_devs_lock. */
static void mdrv_forget_successor(struct mdrv_priv *mp)
{
	put_pid(mp->next_pid);
	mp->next_pid = NULL;
	mp->next_portid = 0;
}

/* The device goes: no owner, and nobody to take it over. */
void mdrv_detach(struct mdrv_priv *mp)
{
	mutex_lock(&mdrv_devs_lock);
	mdrv_forget_successor(mp);
	if (mp->owner_portid)
		__mdrv_detach(mp);
	mutex_unlock(&mdrv_devs_lock);
}

static int mdrv_nl_detach(struct mdrv_priv *mp, struct genl_info *info)
{
	__mdrv_detach(mp);
	return 0;
}

static int mdrv_nl_detach_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mdrv_nl_owned_op(info, mdrv_nl_detach);
}

/*
 * Check one REG nest against the chip's allowlist. @need is MDRV_RA_R or
 * MDRV_RA_W; a write's value must stay inside the writable mask.
 */
static int mdrv_nl_reg(struct mdrv_priv *mp, const struct nlattr *nest,
		       u32 need, u32 *space, u32 *addr, u32 *val,
		       const struct mdrv_reg_rule **rulep,
		       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MDRV_A_REG_MAX + 1];
	const struct mdrv_reg_rule *rule;
	int err;

	err = nla_parse_nested(tb, MDRV_A_REG_MAX, nest, mdrv_reg_policy,
			       extack);
	if (err)
		return err;
	if (!tb[MDRV_A_REG_SPACE] || !tb[MDRV_A_REG_ADDR] ||
	    (need == MDRV_RA_W && !tb[MDRV_A_REG_VALUE])) {
		if (need == MDRV_RA_W)
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "register needs space, address and value");
		else
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "register needs space and address");
		return -EINVAL;
	}
	err = mdrv_nl_check_space(tb[MDRV_A_REG_SPACE], extack);
	if (err)
		return err;
	*space = nla_get_u32(tb[MDRV_A_REG_SPACE]);
	*addr = nla_get_u32(tb[MDRV_A_REG_ADDR]);
	rule = mdrv_reg_rule_find(mp->ops->reg_rules, mp->ops->n_reg_rules,
				  *space, *addr);
	if (!rule || !(rule->flags & need)) {
		if (need == MDRV_RA_W)
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "register not writable by the user half");
		else
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "register not readable by the user half");
		return -EPERM;
	}
	if (need == MDRV_RA_W) {
		*val = nla_get_u32(tb[MDRV_A_REG_VALUE]);
		if (*val & ~rule->wmask) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MDRV_A_REG_VALUE],
					    "value sets bits the user half may not change");
			return -EINVAL;
		}
	}
	*rulep = rule;
	return 0;
}

static int mdrv_nl_count_regs(struct genl_info *info)
{
	const struct nlattr *a;
	int rem, n = 0;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(a) == MDRV_A_REG)
			n++;
	if (!n) {
		GENL_SET_ERR_MSG(info, "no registers given");
		return -EINVAL;
	}
	if (n > MDRV_NL_MAX_REGS) {
		GENL_SET_ERR_MSG(info, "more than 256 registers in one message");
		return -E2BIG;
	}
	return n;
}

static int mdrv_nl_reg_read_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *a;
	struct mdrv_priv *mp;
	struct sk_buff *rep;
	int n, rem, err = 0;
	void *hdr;

	n = mdrv_nl_count_regs(info);
	if (n < 0)
		return n;
	rep = genlmsg_new(n * nla_total_size(3 * nla_total_size(4)) + 64,
			  GFP_KERNEL);
	if (!rep)
		return -ENOMEM;
	hdr = genlmsg_put_reply(rep, info, &mdrv_genl_family, 0,
				MDRV_CMD_REG_READ);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}

	mutex_lock(&mdrv_devs_lock);
	mp = mdrv_nl_dev(info);
	if (IS_ERR(mp)) {
		err = PTR_ERR(mp);
		goto err_unlock;
	}
	/* with the restart count, a harvest tells a reset from a wrap */
	if (nla_put_u32(rep, MDRV_A_ID, mp->id) ||
	    nla_put_u32(rep, MDRV_A_IFINDEX, mp->netdev->ifindex) ||
	    nla_put_u32(rep, MDRV_A_RESETS, READ_ONCE(mp->resets))) {
		err = -EMSGSIZE;
		goto err_unlock;
	}
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		const struct mdrv_reg_rule *rule;
		u32 space, addr, val = 0;
		struct nlattr *nest;

		if (nla_type(a) != MDRV_A_REG)
			continue;
		err = mdrv_nl_reg(mp, a, MDRV_RA_R, &space, &addr, &val, &rule,
				  info->extack);
		/* reading clears it: the counters are the owner's to harvest */
		if (!err && (rule->flags & MDRV_RA_COR) &&
		    !mdrv_nl_is_owner(mp, info)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "reading clears this register: for the attached daemon only");
			err = -EPERM;
		}
		if (!err)
			err = mp->ops->reg_read(mp, space, addr, &val);
		if (err)
			goto err_unlock;
		nest = nla_nest_start(rep, MDRV_A_REG);
		if (!nest || nla_put_u32(rep, MDRV_A_REG_SPACE, space) ||
		    nla_put_u32(rep, MDRV_A_REG_ADDR, addr) ||
		    nla_put_u32(rep, MDRV_A_REG_VALUE, val)) {
			err = -EMSGSIZE;
			goto err_unlock;
		}
		nla_nest_end(rep, nest);
	}
	mutex_unlock(&mdrv_devs_lock);
	genlmsg_end(rep, hdr);
	return genlmsg_reply(rep, info);

err_unlock:
	mutex_unlock(&mdrv_devs_lock);
err_free:
	nlmsg_free(rep);
	return err;
}

/*
 * One checked write: the value within the rule's writable mask, the bits the
 * kernel keeps (enables, buffer size, interrupt masks) as the chip holds
 * them. Caller holds mp->ctrl_lock, so no start, stop, reset or ring change
 * runs between the read and the write.
 */
static int mdrv_reg_write_checked(struct mdrv_priv *mp,
				  const struct mdrv_reg_rule *rule, u32 space,
				  u32 addr, u32 val)
{
	u32 cur = 0;
	int err;

	lockdep_assert_held(&mp->ctrl_lock);
	val &= rule->wmask;
	if (rule->kmask) {
		err = mp->ops->reg_read(mp, space, addr, &cur);
		if (err)
			return err;
		val |= cur & rule->kmask & ~rule->wmask;
	}
	return mp->ops->reg_write(mp, space, addr, val);
}

static int mdrv_nl_reg_write(struct mdrv_priv *mp, struct genl_info *info)
{
	const struct mdrv_reg_rule *rule;
	const struct nlattr *a;
	u32 space, addr, val;
	int rem, err = 0;

	/* all or nothing: check every register before writing any */
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != MDRV_A_REG)
			continue;
		err = mdrv_nl_reg(mp, a, MDRV_RA_W, &space, &addr, &val, &rule,
				  info->extack);
		if (err)
			return err;
	}
	/* against open, stop, reset and ring changes: see the kernel's bits */
	mutex_lock(&mp->ctrl_lock);
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != MDRV_A_REG)
			continue;
		mdrv_nl_reg(mp, a, MDRV_RA_W, &space, &addr, &val, &rule, NULL);
		err = mdrv_reg_write_checked(mp, rule, space, addr, val);
		if (err)
			break;
	}
	mutex_unlock(&mp->ctrl_lock);
	return err;
}

static int mdrv_nl_reg_write_doit(struct sk_buff *skb, struct genl_info *info)
{
	int n = mdrv_nl_count_regs(info);

	return n < 0 ? n : mdrv_nl_owned_op(info, mdrv_nl_reg_write);
}

static int mdrv_nl_ring_set(struct mdrv_priv *mp, struct genl_info *info)
{
	const struct mdrv_chip_ops *ops = mp->ops;
	unsigned int tx, rx, buf;
	int err;

	tx = info->attrs[MDRV_A_RING_TX] ?
	     nla_get_u32(info->attrs[MDRV_A_RING_TX]) : mp->tx_ring_size;
	rx = info->attrs[MDRV_A_RING_RX] ?
	     nla_get_u32(info->attrs[MDRV_A_RING_RX]) : mp->rx_ring_size;
	buf = info->attrs[MDRV_A_RX_BUF_LEN] ?
	      nla_get_u32(info->attrs[MDRV_A_RX_BUF_LEN]) : mp->rx_buf_len;
	if (tx < ops->ring_min || tx > ops->ring_max ||
	    rx < ops->ring_min || rx > ops->ring_max) {
		GENL_SET_ERR_MSG(info, "ring size outside the chip's limits");
		return -EINVAL;
	}
	if ((ops->ring_pow2 && (!is_power_of_2(tx) || !is_power_of_2(rx))) ||
	    tx % ops->ring_align || rx % ops->ring_align) {
		if (ops->ring_pow2)
			GENL_SET_ERR_MSG(info, "ring size must be a power of two");
		else
			GENL_SET_ERR_MSG(info, "ring size must be a multiple of 8");
		return -EINVAL;
	}
	if (!ops->rx_buf_ok(buf)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MDRV_A_RX_BUF_LEN],
				    "receive buffer size not supported by the chip");
		return -EINVAL;
	}
	err = mdrv_dp_restart(mp, tx, rx, buf, info->extack);
	mdrv_genl_event(mp, MDRV_EV_RESET, GFP_KERNEL);
	return err;
}

static int mdrv_nl_ring_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	int err = 0;

	if (tb[MDRV_A_RING_TX])
		err = mdrv_nl_check_ring(tb[MDRV_A_RING_TX], info->extack);
	if (!err && tb[MDRV_A_RING_RX])
		err = mdrv_nl_check_ring(tb[MDRV_A_RING_RX], info->extack);
	if (!err && tb[MDRV_A_RX_BUF_LEN])
		err = mdrv_nl_check_rxbuf(tb[MDRV_A_RX_BUF_LEN], info->extack);
	return err ?: mdrv_nl_owned_op(info, mdrv_nl_ring_set);
}

static int mdrv_nl_reset(struct mdrv_priv *mp, struct genl_info *info)
{
	struct nlattr *scope = info->attrs[MDRV_A_RESET_SCOPE];
	int err;

	if (scope && nla_get_u32(scope) == MDRV_RESET_TX) {
		err = mdrv_dp_tx_reset(mp, info->extack);
		if (err)
			return err;
	} else {
		err = mdrv_dp_reset(mp, true, info->extack);
	}
	mdrv_genl_event(mp, MDRV_EV_RESET, GFP_KERNEL);
	return err;
}

static int mdrv_nl_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = 0;

	if (info->attrs[MDRV_A_RESET_SCOPE])
		err = mdrv_nl_check_scope(info->attrs[MDRV_A_RESET_SCOPE],
					  info->extack);
	return err ?: mdrv_nl_owned_op(info, mdrv_nl_reset);
}

static int mdrv_nl_carrier_set(struct mdrv_priv *mp, struct genl_info *info)
{
	if (nla_get_u8(info->attrs[MDRV_A_CARRIER]))
		netif_carrier_on(mp->netdev);
	else
		netif_carrier_off(mp->netdev);
	mdrv_genl_event(mp, MDRV_EV_LINK, GFP_KERNEL);
	return 0;
}

static int mdrv_nl_carrier_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	if (!info->attrs[MDRV_A_CARRIER]) {
		GENL_SET_ERR_MSG(info, "carrier state required");
		return -EINVAL;
	}
	err = mdrv_nl_check_carrier(info->attrs[MDRV_A_CARRIER], info->extack);
	return err ?: mdrv_nl_owned_op(info, mdrv_nl_carrier_set);
}

/* The link settings the daemon publishes: only values ethtool knows. */
static int mdrv_nl_check_link(const struct nlattr *a, struct mdrv_link *l,
			      struct netlink_ext_ack *extack)
{
	memcpy(l, nla_data(a), sizeof(*l));
	if (!ethtool_validate_speed(l->speed) ||
	    !ethtool_validate_duplex(l->duplex) || l->autoneg > AUTONEG_ENABLE ||
	    (l->port > PORT_DA && l->port != PORT_NONE &&
	     l->port != PORT_OTHER) ||
	    l->mdix > ETH_TP_MDI_X || l->mdix_ctrl > ETH_TP_MDI_AUTO ||
	    l->pause & ~MDRV_PAUSE_ALL) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "link settings out of range (speed, duplex, autoneg, port, MDI-X or pause)");
		return -EINVAL;
	}
	return 0;
}

static int mdrv_nl_state_set(struct mdrv_priv *mp, struct genl_info *info)
{
	struct nlattr *la = info->attrs[MDRV_A_LINK];
	struct nlattr *ca = info->attrs[MDRV_A_COALESCE];
	struct mdrv_coalesce c = {};
	struct mdrv_link l;
	int err;

	if (!la) {
		GENL_SET_ERR_MSG(info, "link settings required");
		return -EINVAL;
	}
	err = mdrv_nl_check_link(la, &l, info->extack);
	if (err)
		return err;
	if (ca)
		memcpy(&c, nla_data(ca), sizeof(c));
	spin_lock_bh(&mp->state_lock);
	mp->link = l;
	mp->coal = c;
	mp->coal_valid = ca;
	mp->published = true;
	spin_unlock_bh(&mp->state_lock);
	return 0;
}

static int mdrv_nl_state_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mdrv_nl_owned_op(info, mdrv_nl_state_set);
}

static int mdrv_nl_rxmode_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netdev_hw_addr *ha;
	struct net_device *ndev;
	struct mdrv_priv *mp;
	struct sk_buff *rep;
	u8 (*addrs)[ETH_ALEN];
	unsigned int nuc = 0, nmc = 0, i;
	u32 vids[MDRV_VLAN_IDS_LEN / sizeof(u32)];
	u32 flags, vlan_flags;
	void *hdr;
	int err;

	addrs = kmalloc_array(2 * MDRV_NL_MAX_ADDRS, ETH_ALEN, GFP_KERNEL);
	if (!addrs)
		return -ENOMEM;
	mutex_lock(&mdrv_devs_lock);
	mp = mdrv_nl_dev(info);
	if (IS_ERR(mp)) {
		err = PTR_ERR(mp);
		goto out;
	}
	ndev = mp->netdev;
	/* a change after this read asks again (mdrv_set_rx_mode()) */
	atomic_set(&mp->rx_mode_asked, 0);
	/* the lists change under the address lock, in atomic context */
	netif_addr_lock_bh(ndev);
	flags = READ_ONCE(ndev->flags) &
		(IFF_PROMISC | IFF_ALLMULTI | IFF_BROADCAST);
	netdev_for_each_uc_addr(ha, ndev)
		if (nuc < MDRV_NL_MAX_ADDRS)
			memcpy(addrs[nuc++], ha->addr, ETH_ALEN);
	netdev_for_each_mc_addr(ha, ndev)
		if (nmc < MDRV_NL_MAX_ADDRS)
			memcpy(addrs[MDRV_NL_MAX_ADDRS + nmc++], ha->addr,
			       ETH_ALEN);
	/* a list too long to pass on: the daemon must accept everything */
	if (netdev_uc_count(ndev) > MDRV_NL_MAX_ADDRS)
		flags |= IFF_PROMISC;
	if (netdev_mc_count(ndev) > MDRV_NL_MAX_ADDRS)
		flags |= IFF_ALLMULTI;
	netif_addr_unlock_bh(ndev);
	spin_lock_bh(&mp->state_lock);
	vlan_flags = mp->vlan_flags;
	bitmap_to_arr32(vids, mp->active_vlans, VLAN_N_VID);
	spin_unlock_bh(&mp->state_lock);

	rep = genlmsg_new(64 + (nuc + nmc) * nla_total_size(ETH_ALEN) +
			  nla_total_size(sizeof(u32)) +
			  nla_total_size(sizeof(vids)), GFP_KERNEL);
	if (!rep) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(rep, info, &mdrv_genl_family, 0,
				MDRV_CMD_RXMODE_GET);
	err = -EMSGSIZE;
	if (!hdr || nla_put_u32(rep, MDRV_A_ID, mp->id) ||
	    nla_put_u32(rep, MDRV_A_IFINDEX, ndev->ifindex) ||
	    nla_put_u32(rep, MDRV_A_RX_FLAGS, flags) ||
	    nla_put_u32(rep, MDRV_A_VLAN_FLAGS, vlan_flags) ||
	    nla_put(rep, MDRV_A_VLAN_IDS, sizeof(vids), vids))
		goto err_free;
	for (i = 0; i < nuc; i++)
		if (nla_put(rep, MDRV_A_UC_ADDR, ETH_ALEN, addrs[i]))
			goto err_free;
	for (i = 0; i < nmc; i++)
		if (nla_put(rep, MDRV_A_MC_ADDR, ETH_ALEN,
			    addrs[MDRV_NL_MAX_ADDRS + i]))
			goto err_free;
	genlmsg_end(rep, hdr);
	err = genlmsg_reply(rep, info);
	goto out;

err_free:
	nlmsg_free(rep);
out:
	mutex_unlock(&mdrv_devs_lock);
	kfree(addrs);
	return err;
}

static const struct genl_ops mdrv_genl_ops[] = {
	{
		.cmd = MDRV_CMD_DEV_GET,
		.doit = mdrv_nl_dev_get_doit,
		.dumpit = mdrv_nl_dev_get_dumpit,
		.policy = mdrv_dev_policy,
		.maxattr = MDRV_A_MAX,
	},
	{
		.cmd = MDRV_CMD_ATTACH,
		.doit = mdrv_nl_attach_doit,
		.policy = mdrv_attach_policy,
		.maxattr = MDRV_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MDRV_CMD_DETACH,
		.doit = mdrv_nl_detach_doit,
		.policy = mdrv_dev_policy,
		.maxattr = MDRV_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MDRV_CMD_REG_READ,
		.doit = mdrv_nl_reg_read_doit,
		.policy = mdrv_reg_read_policy,
		.maxattr = MDRV_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MDRV_CMD_REG_WRITE,
		.doit = mdrv_nl_reg_write_doit,
		.policy = mdrv_reg_read_policy,
		.maxattr = MDRV_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MDRV_CMD_RING_SET,
		.doit = mdrv_nl_ring_set_doit,
		.policy = mdrv_ring_policy,
		.maxattr = MDRV_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MDRV_CMD_RESET,
		.doit = mdrv_nl_reset_doit,
		.policy = mdrv_reset_policy,
		.maxattr = MDRV_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MDRV_CMD_CARRIER_SET,
		.doit = mdrv_nl_carrier_set_doit,
		.policy = mdrv_carrier_policy,
		.maxattr = MDRV_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MDRV_CMD_STATE_SET,
		.doit = mdrv_nl_state_set_doit,
		.policy = mdrv_state_policy,
		.maxattr = MDRV_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MDRV_CMD_RXMODE_GET,
		.doit = mdrv_nl_rxmode_get_doit,
		.policy = mdrv_dev_policy,
		.maxattr = MDRV_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family mdrv_genl_family __ro_after_init = {
	.name = MDRV_GENL_NAME,
	.version = MDRV_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = mdrv_genl_ops,
	.n_ops = ARRAY_SIZE(mdrv_genl_ops),
	.mcgrps = mdrv_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mdrv_mcgrps),
	/* handlers take mdrv_devs_lock; an upcaller may hold genl_mutex */
	.parallel_ops = true,
	.netnsok = true,
};

/*
 * Any context: tell listeners of the "events" group in the initial network
 * namespace (the daemon) and in the device's own, if that is another. That
 * one is held while it is used: a namespace being dismantled (its last
 * reference gone, its netlink sockets about to be released) gets nothing.
 */
void mdrv_genl_event(struct mdrv_priv *mp, u32 event, gfp_t gfp)
{
	struct sk_buff *skb, *copy;
	struct net *net;
	bool here;
	void *hdr;

	rcu_read_lock();
	net = dev_net(mp->netdev);
	net = net_eq(net, &init_net) ? NULL : maybe_get_net(net);
	rcu_read_unlock();
	here = net && genl_has_listeners(&mdrv_genl_family, net,
					 MDRV_MCGRP_EVENTS_IDX);
	if (!here && !genl_has_listeners(&mdrv_genl_family, &init_net,
					 MDRV_MCGRP_EVENTS_IDX))
		goto out;
	skb = genlmsg_new(NLMSG_GOODSIZE, gfp);
	if (!skb)
		goto out;
	hdr = genlmsg_put(skb, 0, 0, &mdrv_genl_family, 0, MDRV_CMD_EVENT);
	if (!hdr || nla_put_u32(skb, MDRV_A_ID, mp->id) ||
	    nla_put_u32(skb, MDRV_A_IFINDEX, mp->netdev->ifindex) ||
	    nla_put_u32(skb, MDRV_A_EVENT, event) ||
	    nla_put_u8(skb, MDRV_A_CARRIER, netif_carrier_ok(mp->netdev))) {
		nlmsg_free(skb);
		goto out;
	}
	genlmsg_end(skb, hdr);
	if (here) {
		copy = skb_clone(skb, gfp);
		if (copy)
			genlmsg_multicast_netns(&mdrv_genl_family, net, copy, 0,
						MDRV_MCGRP_EVENTS_IDX, gfp);
	}
	genlmsg_multicast(&mdrv_genl_family, skb, 0, MDRV_MCGRP_EVENTS_IDX, gfp);
out:
	if (net)
		put_net(net);
}

/* A netlink socket closed: its devices lose their daemon. */
static int mdrv_nl_notify(struct notifier_block *nb, unsigned long state,
			  void *ptr)
{
	struct netlink_notify *n = ptr;
	struct mdrv_priv *mp;

	if (state != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid || !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	mutex_lock(&mdrv_devs_lock);
	list_for_each_entry(mp, &mdrv_devs, node) {
		if (mp->owner_portid == n->portid)
			__mdrv_detach(mp);
		/* a successor that went before taking over */
		if (mp->next_portid == n->portid)
			mdrv_forget_successor(mp);
	}
	mutex_unlock(&mdrv_devs_lock);
	return NOTIFY_OK;
}

static struct notifier_block mdrv_nl_notifier = {
	.notifier_call = mdrv_nl_notify,
};

int mdrv_genl_init(void)
{
	int err;

	err = genl_register_family(&mdrv_genl_family);
	if (err)
		return err;
	err = netlink_register_notifier(&mdrv_nl_notifier);
	if (err)
		genl_unregister_family(&mdrv_genl_family);
	return err;
}

void mdrv_genl_exit(void)
{
	netlink_unregister_notifier(&mdrv_nl_notifier);
	genl_unregister_family(&mdrv_genl_family);
}
