# mdrv top-level Makefile.
#   make            build kmod/mdrv.ko and the user-space programs
#   make check      host-side unit tests (no kernel needed)
#   make checkpatch checkpatch.pl --strict over kmod/ and common/
#   make sparse     sparse over the kernel half (make C=2)
#   make clean
# KDIR defaults to the build tree of the newest installed Debian kernel that
# has headers; it is never derived from `uname -r` (the host runs another
# kernel). Override with KDIR=/path/to/build.

KDIR ?= $(shell ./scripts/kdir)
BUILD := $(CURDIR)/build
KSRC_TAR ?= $(firstword $(wildcard /usr/src/linux-source-6.1.tar.xz))
KSRC := $(BUILD)/linux-source

.PHONY: all kmod user clean check checkpatch sparse ksrc

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

checkpatch: ksrc
	perl $(KSRC)/scripts/checkpatch.pl --no-tree --strict --terse -f \
		$(filter-out %.mod.c,$(wildcard kmod/*.c)) kmod/*.h common/*.h \
		netlink/*.h

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod C=2 modules

check: user
	$(MAKE) -C tests/unit run

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean
	-$(MAKE) -C user clean
	-$(MAKE) -C tests/unit clean
