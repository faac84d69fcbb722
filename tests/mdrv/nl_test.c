// SPDX-License-Identifier: GPL-2.0
/*
 * The "mdrv" generic netlink family and the mailbox device, against the
 * kernel half directly (no daemon running): device listing, privileges,
 * attribute validation with extack, the register allowlist and its masks,
 * ownership, and the mailbox's mmap rules.
 *
 * Runs in the VM with mdrv bound to 0000:00:03.0 (e1000) and 0000:00:04.0
 * (PCnet) and no mdrvd attached (nl.sh arranges that).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "kselftest_harness.h"
#include "mdrv_genl.h"
#include "mdrv_mbox.h"
#include "mdrv_pcnet_regs.h"
#include "mdrv_e1000_regs.h"
#include "nlhelp.h"

static uint32_t reg_value;

/* One register read (write if @write), the value in reg_value. */
static int reg(struct nlc *nl, uint32_t id, uint32_t space, uint32_t addr,
	       bool write, uint32_t val)
{
	return nl_reg(nl, id, space, addr, write, val, &reg_value);
}

FIXTURE(nl) {
	struct nlc nl;
	struct dev e1000, pcnet;
};

FIXTURE_SETUP(nl)
{
	ASSERT_EQ(0, nlc_open(&self->nl)) TH_LOG("family %s not found", MDRV_GENL_NAME);
	ASSERT_EQ(0, nl_find_chip(&self->nl, MDRV_CHIP_82540EM, &self->e1000));
	ASSERT_EQ(0, nl_find_chip(&self->nl, MDRV_CHIP_79C970A, &self->pcnet));
}

FIXTURE_TEARDOWN(nl)
{
	mnl_socket_close(self->nl.sk);
}

TEST_F(nl, dump_lists_both_chips_with_mailboxes)
{
	ASSERT_NE(0, self->e1000.mbox[0]);
	ASSERT_NE(0, self->pcnet.mbox[0]);
	EXPECT_EQ(0, self->e1000.owner);
	EXPECT_EQ(0, self->pcnet.owner);
}

TEST_F(nl, unprivileged_caller_gets_eperm)
{
	static const uint8_t admin[] = {
		MDRV_CMD_ATTACH, MDRV_CMD_DETACH, MDRV_CMD_REG_READ,
		MDRV_CMD_REG_WRITE, MDRV_CMD_RING_SET, MDRV_CMD_RESET,
		MDRV_CMD_CARRIER_SET, MDRV_CMD_RXMODE_GET, MDRV_CMD_STATE_SET,
	};
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct nlc nl;
		struct devs ds;
		unsigned int i;

		if (setgid(65534) || setuid(65534) || nlc_open(&nl))
			_exit(10);
		/* reading the device list is for everyone */
		if (nl_list_devs(&nl, &ds) || ds.n < 2)
			_exit(11);
		for (i = 0; i < sizeof(admin); i++)
			if (nl_simple(&nl, admin[i], self->pcnet.id) != -EPERM)
				_exit(20 + i);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("step %d", WEXITSTATUS(status));
}

TEST_F(nl, malformed_attributes_get_einval_with_extack)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], want[128];
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	/* ring size below the family's range */
	nlh = nlc_msg(&self->nl, buf, MDRV_CMD_RING_SET, false);
	mnl_attr_put_u32(nlh, MDRV_A_ID, self->pcnet.id);
	mnl_attr_put_u32(nlh, MDRV_A_RING_TX, 5);
	EXPECT_EQ(-EINVAL, nlc_talk(&self->nl, nlh, NULL, NULL));
	EXPECT_NE(0, self->nl.extack[0]);

	/* an attribute type the family does not know */
	nlh = nlc_msg(&self->nl, buf, MDRV_CMD_DEV_GET, false);
	mnl_attr_put_u32(nlh, MDRV_A_ID, self->pcnet.id);
	mnl_attr_put_u32(nlh, MDRV_A_MAX + 3, 1);
	EXPECT_EQ(-EINVAL, nlc_talk(&self->nl, nlh, NULL, NULL));

	/* an attribute this op does not take */
	nlh = nlc_msg(&self->nl, buf, MDRV_CMD_DEV_GET, false);
	mnl_attr_put_u32(nlh, MDRV_A_ID, self->pcnet.id);
	mnl_attr_put_u32(nlh, MDRV_A_MTU, 1500);
	EXPECT_EQ(-EINVAL, nlc_talk(&self->nl, nlh, NULL, NULL));
	EXPECT_NE(0, self->nl.extack[0]);

	/* a register space out of range, and a truncated u32 */
	nlh = nlc_msg(&self->nl, buf, MDRV_CMD_REG_READ, false);
	mnl_attr_put_u32(nlh, MDRV_A_ID, self->pcnet.id);
	nest = mnl_attr_nest_start(nlh, MDRV_A_REG);
	mnl_attr_put_u32(nlh, MDRV_A_REG_SPACE, 9);
	mnl_attr_put_u32(nlh, MDRV_A_REG_ADDR, 0);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, nlc_talk(&self->nl, nlh, NULL, NULL));
	EXPECT_NE(0, self->nl.extack[0]) TH_LOG("no extack message");

	nlh = nlc_msg(&self->nl, buf, MDRV_CMD_DEV_GET, false);
	mnl_attr_put_u16(nlh, MDRV_A_ID, 1);
	EXPECT_EQ(-EINVAL, nlc_talk(&self->nl, nlh, NULL, NULL));

	/* no device named, a device that does not exist */
	nlh = nlc_msg(&self->nl, buf, MDRV_CMD_DEV_GET, false);
	EXPECT_EQ(-EINVAL, nlc_talk(&self->nl, nlh, NULL, NULL));
	EXPECT_STREQ("device ID or ifindex required", self->nl.extack);
	EXPECT_EQ(-ENODEV, nl_simple(&self->nl, MDRV_CMD_DEV_GET, 63));

	/* attach: version missing, version wrong */
	nlh = nlc_msg(&self->nl, buf, MDRV_CMD_ATTACH, false);
	mnl_attr_put_u32(nlh, MDRV_A_ID, self->pcnet.id);
	EXPECT_EQ(-EINVAL, nlc_talk(&self->nl, nlh, NULL, NULL));
	nlh = nlc_msg(&self->nl, buf, MDRV_CMD_ATTACH, false);
	mnl_attr_put_u32(nlh, MDRV_A_ID, self->pcnet.id);
	mnl_attr_put_u32(nlh, MDRV_A_VERSION, MDRV_PROTO_VERSION + 7);
	EXPECT_EQ(-EPROTO, nlc_talk(&self->nl, nlh, NULL, NULL));
	snprintf(want, sizeof(want), "this mdrv.ko speaks protocol %u only: install the mdrvd of the same release",
		 MDRV_PROTO_VERSION);
	EXPECT_STREQ(want, self->nl.extack);
}

TEST_F(nl, register_allowlist_and_masks)
{
	uint32_t id = self->pcnet.id, eid = self->e1000.id;

	/* writes need the device; reads do not */
	EXPECT_EQ(-ENOTCONN, reg(&self->nl, id, MDRV_REG_CSR, 15, true, 0));
	ASSERT_EQ(0, reg(&self->nl, id, MDRV_REG_CSR, PCNET_CSR88, false, 0));
	EXPECT_EQ(0x1003, reg_value) TH_LOG("CSR88 %#x", reg_value);
	ASSERT_EQ(0, nl_simple(&self->nl, MDRV_CMD_ATTACH, id));
	ASSERT_EQ(0, nl_simple(&self->nl, MDRV_CMD_ATTACH, eid));

	/* PCnet: init block address and ring length are never reachable */
	EXPECT_EQ(-EPERM, reg(&self->nl, id, MDRV_REG_CSR, PCNET_CSR1, false, 0));
	EXPECT_EQ(-EPERM, reg(&self->nl, id, MDRV_REG_CSR, PCNET_CSR2, true, 0));
	EXPECT_EQ(-EPERM, reg(&self->nl, id, MDRV_REG_CSR, 76, true, 16));
	EXPECT_EQ(-EPERM, reg(&self->nl, id, MDRV_REG_CSR, PCNET_CSR0, true,
			      PCNET_CSR0_INIT));
	EXPECT_EQ(-EPERM, reg(&self->nl, id, MDRV_REG_BCR, PCNET_BCR18, true, 0));
	/* CSR15: the loopback/promisc bits yes, reserved bits no */
	EXPECT_EQ(-EINVAL, reg(&self->nl, id, MDRV_REG_CSR, PCNET_CSR15, true, 0x0100));
	EXPECT_NE(0, self->nl.extack[0]);
	EXPECT_EQ(0, reg(&self->nl, id, MDRV_REG_CSR, PCNET_CSR12, false, 0));

	/* e1000: ring registers never, RCTL buffer size bits never */
	EXPECT_EQ(-EPERM, reg(&self->nl, eid, MDRV_REG_MMIO, E1000_RDBAL, true, 0));
	EXPECT_EQ(-EPERM, reg(&self->nl, eid, MDRV_REG_MMIO, E1000_TDT, true, 0));
	EXPECT_EQ(-EPERM, reg(&self->nl, eid, MDRV_REG_MMIO, E1000_ICR, false, 0));
	EXPECT_EQ(-EPERM, reg(&self->nl, eid, MDRV_REG_MMIO, E1000_MTA + 2, false, 0));
	EXPECT_EQ(-EPERM, reg(&self->nl, eid, MDRV_REG_CSR, 0, false, 0));
	ASSERT_EQ(0, reg(&self->nl, eid, MDRV_REG_MMIO, E1000_RCTL, false, 0));
	EXPECT_EQ(-EINVAL, reg(&self->nl, eid, MDRV_REG_MMIO, E1000_RCTL, true,
			       reg_value | E1000_RCTL_SZ_256));
	/* a write the mask allows lands, and reads back */
	ASSERT_EQ(0, reg(&self->nl, eid, MDRV_REG_MMIO, E1000_MTA + 4 * 5, true,
			 0x5a5a0001));
	ASSERT_EQ(0, reg(&self->nl, eid, MDRV_REG_MMIO, E1000_MTA + 4 * 5, false, 0));
	EXPECT_EQ(0x5a5a0001, reg_value);
	ASSERT_EQ(0, reg(&self->nl, eid, MDRV_REG_MMIO, E1000_MTA + 4 * 5, true, 0));

	EXPECT_EQ(0, nl_simple(&self->nl, MDRV_CMD_DETACH, id));
	EXPECT_EQ(0, nl_simple(&self->nl, MDRV_CMD_DETACH, eid));
}

TEST_F(nl, one_owner_and_detach_on_close)
{
	struct nlc other;
	struct devs ds;
	int i;

	ASSERT_EQ(0, nlc_open(&other));
	ASSERT_EQ(0, nl_simple(&self->nl, MDRV_CMD_ATTACH, self->pcnet.id));
	EXPECT_EQ(-EBUSY, nl_simple(&other, MDRV_CMD_ATTACH, self->pcnet.id));
	EXPECT_EQ(-EBUSY, reg(&other, self->pcnet.id, MDRV_REG_CSR, 15, true, 0));
	EXPECT_EQ(-EBUSY, nl_simple(&other, MDRV_CMD_RESET, self->pcnet.id));
	ASSERT_EQ(0, nl_list_devs(&other, &ds));
	for (i = 0; i < ds.n; i++)
		if (ds.d[i].id == self->pcnet.id)
			EXPECT_EQ(self->nl.portid, ds.d[i].owner);
	/* the owner's socket closes: the device is free again */
	mnl_socket_close(self->nl.sk);
	ASSERT_EQ(0, nlc_open(&self->nl));
	EXPECT_EQ(0, nl_simple(&other, MDRV_CMD_ATTACH, self->pcnet.id));
	EXPECT_EQ(0, nl_simple(&other, MDRV_CMD_DETACH, self->pcnet.id));
	mnl_socket_close(other.sk);
}

TEST_F(nl, mailbox_mapping_rules)
{
	char path[64];
	void *p;
	int fd, fd2;

	snprintf(path, sizeof(path), "/dev/%s", self->pcnet.mbox);
	/* the attached daemon's process only (trust_test has the rest) */
	EXPECT_EQ(-1, open(path, O_RDWR));
	EXPECT_EQ(EACCES, errno);
	ASSERT_EQ(0, nl_simple(&self->nl, MDRV_CMD_ATTACH, self->pcnet.id));
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd) TH_LOG("%s: %s", path, strerror(errno));
	fd2 = open(path, O_RDWR);
	EXPECT_EQ(-1, fd2);
	EXPECT_EQ(EBUSY, errno);

	/* the kernel's region: never writable */
	p = mmap(NULL, MDRV_MBOX_KERN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fd, MDRV_MBOX_KERN_OFF);
	EXPECT_EQ(MAP_FAILED, p);
	p = mmap(NULL, MDRV_MBOX_KERN_SIZE, PROT_READ, MAP_SHARED, fd,
		 MDRV_MBOX_KERN_OFF);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(MDRV_MBOX_MAGIC, ((struct mdrv_mbox_kctrl *)p)->magic);
	EXPECT_EQ(MDRV_PROTO_VERSION, ((struct mdrv_mbox_kctrl *)p)->version);
	EXPECT_EQ(MDRV_MBOX_SLOTS, ((struct mdrv_mbox_kctrl *)p)->slots);
	EXPECT_NE(0, mprotect(p, MDRV_MBOX_KERN_SIZE, PROT_READ | PROT_WRITE));
	munmap(p, MDRV_MBOX_KERN_SIZE);

	/* the daemon's region: shared, exact size */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, MDRV_MBOX_USER_SIZE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE, fd, MDRV_MBOX_USER_OFF));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				   MAP_SHARED, fd, MDRV_MBOX_USER_OFF));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 8192));
	p = mmap(NULL, MDRV_MBOX_USER_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fd, MDRV_MBOX_USER_OFF);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, MDRV_MBOX_USER_SIZE);

	/* the doorbell takes 4 to 8 bytes */
	EXPECT_EQ(-1, write(fd, "x", 1));
	EXPECT_EQ(8, write(fd, "12345678", 8));
	close(fd);
	EXPECT_EQ(0, nl_simple(&self->nl, MDRV_CMD_DETACH, self->pcnet.id));
}

TEST_HARNESS_MAIN
