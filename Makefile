# mdrv top-level Makefile.
#   make            build kmod/mdrv.ko and the user-space programs
#   make check      host-side unit tests (no kernel needed)
#   make checkpatch checkpatch.pl --strict over kmod/ and common/
#   make sparse     sparse over the kernel half (make C=2)
#   make install    install everything under $(DESTDIR)$(PREFIX) and /lib
#                   (module, programs, man pages, systemd unit, udev rule,
#                   modprobe.d snippet, bash completion); make uninstall
#                   removes exactly that
#   make install-dkms  the module's sources into $(DESTDIR)/usr/src/mdrv-VERSION
#                   for `dkms add/build/install mdrv/VERSION` (dkms.conf)
#   make debug-kernel  the debug guest kernel (KASAN, lockdep, UBSAN,
#                   kmemleak, DMA-API debug, fault injection) from Debian's
#                   linux-source-6.1, cached outside the checkout
#                   (scripts/debug-kernel), and build/debug/kmod/mdrv.ko for
#                   it; tests/vm/run --debug-kernel (MDRV_KERNEL=debug) boots it
#   make bench      mdrv against the stock drivers in the test VM, per chip:
#                   data path, register accesses per packet, control
#                   latency, scale (scripts/bench; build/bench/bench.json,
#                   table.txt, bench.png)
#   make clean
# KDIR defaults to the build tree of the newest installed Debian kernel that
# has headers; it is never derived from `uname -r` (the host runs another
# kernel). Override with KDIR=/path/to/build.

KDIR ?= $(shell ./scripts/kdir)
BUILD := $(CURDIR)/build
KSRC_TAR ?= $(firstword $(wildcard /usr/src/linux-source-6.1.tar.xz))
KSRC := $(BUILD)/linux-source

.PHONY: all kmod user clean kmod-clean check checkpatch sparse ksrc debug-kernel \
	bench install uninstall install-dkms uninstall-dkms

all: kmod user

kmod:
	@test -n "$(KDIR)" || { echo "no kernel build tree: run scripts/install-deps" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules

user:
	$(MAKE) -C user

# Kernel pieces Debian ships in linux-source-6.1 (kselftest harness and
# runner, checkpatch.pl), extracted into the ignored build dir.
ksrc: $(KSRC)/.stamp
$(KSRC)/.stamp: $(KSRC_TAR)
	@test -n "$(KSRC_TAR)" || { echo "linux-source-6.1 missing: run scripts/install-deps" >&2; exit 1; }
	rm -rf $(KSRC) && mkdir -p $(KSRC)
	tar -xJf $(KSRC_TAR) -C $(KSRC) --strip-components=1 \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch' \
		'*/tools/testing/selftests/kselftest*' \
		'*/tools/testing/selftests/lib.mk' \
		'*/tools/testing/selftests/Makefile'
	touch $@

# mdrv.ko for the debug kernel, built from a copy of kmod/ (kbuild of 6.1
# writes its objects beside the sources)
DEBUG_KMOD := $(BUILD)/debug/kmod
debug-kernel:
	@dir=$$(./scripts/debug-kernel) && \
	rm -rf $(DEBUG_KMOD) && mkdir -p $(DEBUG_KMOD) && \
	cp kmod/Kbuild $(filter-out %.mod.c,$(wildcard kmod/*.c)) kmod/*.h $(DEBUG_KMOD)/ && \
	ln -sfn $(CURDIR)/common $(BUILD)/debug/common && \
	ln -sfn $(CURDIR)/netlink $(BUILD)/debug/netlink && \
	$(MAKE) -C $$dir/src M=$(DEBUG_KMOD) modules

bench:
	scripts/bench

checkpatch: ksrc
	perl $(KSRC)/scripts/checkpatch.pl --no-tree --strict --terse -f \
		$(filter-out %.mod.c,$(wildcard kmod/*.c)) kmod/*.h common/*.h \
		netlink/*.h

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod C=2 modules

check: user ksrc $(if $(KDIR),kmod)
	$(MAKE) -C tests kselftest
	$(MAKE) -C tests/unit run

kmod-clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean
	-$(MAKE) -C user clean
	-$(MAKE) -C tests/unit clean

# ---- installation ----------------------------------------------------------
# The usual conventions: DESTDIR stages the whole tree (a package build, the
# unit test), PREFIX moves what belongs under /usr. The module, the udev rule,
# the modprobe.d snippet and the systemd unit go where Debian's own packages
# put theirs (/lib, whatever PREFIX is). KVER is the release of the KDIR the
# module was built against (its utsrelease.h: what the module's vermagic
# says), never `uname -r`.
VERSION := 0.1
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR ?= /lib/systemd/system
UDEVRULESDIR ?= /lib/udev/rules.d
MODPROBEDIR ?= /lib/modprobe.d
KVER ?= $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
MODDIR ?= /lib/modules/$(KVER)/updates
DKMSDIR ?= /usr/src/mdrv-$(VERSION)
INSTALL ?= install
# the module to install: the one built against KDIR (the VM's debug-kernel
# run installs build/debug/kmod/mdrv.ko, with that kernel's KVER)
KO ?= kmod/mdrv.ko
# DEPMOD= (empty) never runs depmod
DEPMOD ?= /sbin/depmod

MAN8 := Documentation/man/mdrvd.8 Documentation/man/mdrvctl.8
MAN4 := Documentation/man/mdrv.4
INSTALLED := $(MODDIR)/mdrv.ko $(SBINDIR)/mdrvd $(SBINDIR)/mdrvctl \
	$(addprefix $(MANDIR)/man8/,$(notdir $(MAN8))) \
	$(addprefix $(MANDIR)/man4/,$(notdir $(MAN4))) \
	$(UNITDIR)/mdrvd.service $(UDEVRULESDIR)/90-mdrv.rules \
	$(MODPROBEDIR)/mdrv.conf $(BASHCOMPDIR)/mdrvctl

install: all
	@test -n "$(KVER)" || { echo "no kernel release in $(KDIR)" >&2; exit 1; }
	$(INSTALL) -d $(DESTDIR)$(MODDIR) $(DESTDIR)$(SBINDIR) \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man4 \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(UDEVRULESDIR) \
		$(DESTDIR)$(MODPROBEDIR) $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 0644 $(KO) $(DESTDIR)$(MODDIR)/mdrv.ko
	$(INSTALL) -m 0755 user/mdrvd/mdrvd user/mdrvctl/mdrvctl $(DESTDIR)$(SBINDIR)
	$(INSTALL) -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 0644 $(MAN4) $(DESTDIR)$(MANDIR)/man4
	sed 's|/usr/sbin/mdrvd|$(SBINDIR)/mdrvd|g' user/mdrvd/mdrvd.service \
		>$(DESTDIR)$(UNITDIR)/mdrvd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/mdrvd.service
	$(INSTALL) -m 0644 packaging/90-mdrv.rules $(DESTDIR)$(UDEVRULESDIR)/90-mdrv.rules
	$(INSTALL) -m 0644 packaging/mdrv.conf $(DESTDIR)$(MODPROBEDIR)/mdrv.conf
	$(INSTALL) -m 0644 user/mdrvctl/mdrvctl.bash-completion \
		$(DESTDIR)$(BASHCOMPDIR)/mdrvctl
	@$(depmod)

# depmod: on the real root; with DESTDIR only when it holds that kernel's
# module tree (an image or chroot: its modules.order is there), with -b. A
# bare staging tree (a package build) gets no partial index: the package's
# postinst runs depmod.
MODTREE = $(DESTDIR)/lib/modules/$(KVER)
define depmod
if [ -z "$(DEPMOD)" ]; then :; \
elif [ -z "$(DESTDIR)" ]; then echo "$(DEPMOD) $(KVER)"; $(DEPMOD) $(KVER); \
elif [ -e "$(MODTREE)/modules.order" ]; then \
	echo "$(DEPMOD) -b $(DESTDIR) $(KVER)"; $(DEPMOD) -b $(DESTDIR) $(KVER); \
else echo "not running depmod: no $(MODTREE)/modules.order"; fi
endef

# With DESTDIR, the directories install made and left empty go too; on the
# real root no directory is touched.
uninstall:
	@test -n "$(KVER)" || { echo "no kernel release in $(KDIR)" >&2; exit 1; }
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	@$(depmod)
ifneq ($(DESTDIR),)
	@for d in $(sort $(dir $(INSTALLED))); do \
		d=$${d%/}; \
		while [ -n "$$d" ] && rmdir "$(DESTDIR)$$d" 2>/dev/null; do \
			d=$${d%/*}; \
		done; \
	done
endif

# The module's sources for dkms: dkms.conf's MAKE runs `make kmod` here.
DKMS_SRCS := Makefile dkms.conf scripts/kdir kmod/Kbuild \
	$(filter-out %.mod.c,$(wildcard kmod/*.c)) $(wildcard kmod/*.h) \
	$(wildcard common/*.h) $(wildcard netlink/*.h)

install-dkms:
	for f in $(DKMS_SRCS); do \
		$(INSTALL) -D -m 0644 $$f $(DESTDIR)$(DKMSDIR)/$$f || exit 1; \
	done
	chmod 0755 $(DESTDIR)$(DKMSDIR)/scripts/kdir

uninstall-dkms:
	rm -rf $(DESTDIR)$(DKMSDIR)
