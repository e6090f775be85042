# SPDX-License-Identifier: GPL-2.0
#
# make            the module (nethttp.ko) and the reader (userspace/nethttp)
# make demo       set up, boot the module in a QEMU VM with live HTTP traffic
# make check      set up, run every test suite, one summary line at the end
#
# The module is built against KDIR, or the headers of KVER (KERNELRELEASE is
# taken as KVER too). With neither, the running kernel's headers are used if
# it has them, else the newest installed Debian headers.

KVER ?= $(KERNELRELEASE)
ifeq ($(KVER),)
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; [ -d $$d ] && echo $$d || \
	ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1)
else
KDIR ?= /lib/modules/$(KVER)/build
endif
# kbuild computes its own KERNELRELEASE; never hand it ours.
MAKEOVERRIDES := $(filter-out KERNELRELEASE=%,$(MAKEOVERRIDES))
unexport KERNELRELEASE

# Debian 12 packages the build, the tests and the demo need.
DEPS := build-essential bc bison flex cpio kmod python3 busybox-static valgrind \
	qemu-system-x86 linux-image-amd64 linux-headers-amd64 linux-source-6.1

.PHONY: all module reader clean deps check demo

all: module reader

module:
	@[ -n "$(KDIR)" ] && [ -d "$(KDIR)" ] || { \
		echo "no kernel headers found (KDIR='$(KDIR)'): apt-get install linux-headers-amd64, or pass KDIR=/KVER=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

reader:
	$(MAKE) -C userspace

clean:
	@[ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ] || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/unit clean
	rm -rf tests/e2e/.build

deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -q && apt-get install -y -q $$missing; \
	fi

check: deps
	tests/run

demo: deps all
	tests/e2e/demo
