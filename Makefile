# SPDX-License-Identifier: GPL-2.0
#
# make            the module (nethttp.ko) and the reader (userspace/nethttp)
# make demo       set up, boot the module in a QEMU VM with live HTTP traffic
# make check      set up, run every test suite, one summary line at the end
# make bench      set up, measure what watching costs (not part of check)
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
	libelf-dev libssl-dev xz-utils \
	qemu-system-x86 linux-image-amd64 linux-headers-amd64 linux-source-6.1 \
	dkms dh-dkms debhelper lintian fakeroot udev systemd clang libclang-rt-14-dev \
	nftables libhttp-parser-dev libmicrohttpd-dev prometheus curl \
	logrotate rsyslog rsyslog-kafka

.PHONY: all module reader clean deps check demo fuzz bench

# Seconds each fuzz target runs with make fuzz (make check runs each for 60).
FUZZ_SECONDS ?= 600

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
	$(MAKE) -C tests/fuzz clean
	rm -rf tests/e2e/.build tests/pkg/.build tests/bench/.build

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

fuzz: deps
	tests/fuzz/run $(FUZZ_SECONDS)

bench: deps
	tests/bench/run

# Installing on a real host (see nethttp(4) and tests/pkg):
# make install      nethttp.ko into /lib/modules/<its release>/updates (and
#                   depmod, unless DESTDIR is set), the reader into BINDIR,
#                   the man pages into MANDIR, the udev rule into UDEVRULESDIR
# make uninstall    removes all that again (same DESTDIR and directories)
# make dkms-install registers the module's sources with DKMS as
#                   /usr/src/nethttp-VERSION and installs the module for KVER,
#                   or for every installed kernel that has headers
# make dkms-remove  undoes dkms-install
# make deb          the Debian packages nethttp-dkms and nethttp, in DEB_DIR
#
# The version is written once, in include/nethttp/version.h.
VERSION := $(shell sed -n 's/^.define NETHTTP_VERSION "\(.*\)"$$/\1/p' \
	$(CURDIR)/include/nethttp/version.h)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
UDEVRULESDIR ?= /lib/udev/rules.d
DEB_DIR ?= /tmp/nethttp-deb
DKMS_SRC := /usr/src/nethttp-$(VERSION)

# What DKMS gets, and what the source package gets.
DKMS_SOURCES := Kbuild Makefile $(wildcard module/*.c module/*.h include/nethttp/*.h)
DEB_SOURCES := $(DKMS_SOURCES) dkms.conf README.md userspace/Makefile \
	$(wildcard userspace/*.c userspace/*.h) userspace/man/nethttp.1 \
	userspace/man/nethttp.4 userspace/system/60-nethttp.rules \
	userspace/system/modules-load.d/nethttp.conf \
	userspace/system/modprobe.d/nethttp.conf userspace/system/nethttp.service \
	userspace/system/sysusers.d/nethttp.conf userspace/system/default/nethttp \
	userspace/system/logrotate.d/nethttp

# The kernel release the built module loads into (its vermagic), which is
# also the name of its directory under /lib/modules.
MODULE_RELEASE = $(shell modinfo -F vermagic $(CURDIR)/nethttp.ko 2>/dev/null | cut -d' ' -f1)

.PHONY: install uninstall dkms-install dkms-remove deb

install: module reader
	@[ -n "$(MODULE_RELEASE)" ] || { echo "cannot read the release of nethttp.ko" >&2; exit 1; }
	install -D -m 0644 nethttp.ko $(DESTDIR)/lib/modules/$(MODULE_RELEASE)/updates/nethttp.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(MODULE_RELEASE)
	install -D -m 0755 userspace/nethttp $(DESTDIR)$(BINDIR)/nethttp
	install -D -m 0644 userspace/man/nethttp.1 $(DESTDIR)$(MANDIR)/man1/nethttp.1
	install -D -m 0644 userspace/man/nethttp.4 $(DESTDIR)$(MANDIR)/man4/nethttp.4
	install -D -m 0644 userspace/system/60-nethttp.rules \
		$(DESTDIR)$(UDEVRULESDIR)/60-nethttp.rules

# Every release make install may have put the module in, not only the one
# the tree is built for now.
uninstall:
	@set -e; for ko in $(DESTDIR)/lib/modules/*/updates/nethttp.ko; do \
		[ -e "$$ko" ] || continue; \
		release=$${ko%/updates/nethttp.ko}; release=$${release##*/}; \
		echo "rm -f $$ko"; rm -f "$$ko"; \
		rmdir --ignore-fail-on-non-empty "$${ko%/nethttp.ko}"; \
		[ -n "$(DESTDIR)" ] || { echo "depmod -a $$release"; depmod -a "$$release"; }; \
	done
	rm -f $(DESTDIR)$(BINDIR)/nethttp $(DESTDIR)$(MANDIR)/man1/nethttp.1 \
		$(DESTDIR)$(MANDIR)/man4/nethttp.4 $(DESTDIR)$(UDEVRULESDIR)/60-nethttp.rules
	@# Debian makes /usr/local/share/man but none of its sections.
	@for dir in $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man4; do \
		[ ! -d "$$dir" ] || rmdir --ignore-fail-on-non-empty "$$dir"; \
	done

# A copy of the sources made by dkms-install is ours to replace or delete;
# one installed by the nethttp-dkms package is not.
define refuse_packaged_dkms_src
	@if dpkg-query -S $(DKMS_SRC) >/dev/null 2>&1; then \
		echo "$(DKMS_SRC) belongs to a Debian package (nethttp-dkms): use apt or dpkg" >&2; \
		exit 1; \
	fi
endef

dkms-install:
	$(refuse_packaged_dkms_src)
	@if [ -n "$$(dkms status -m nethttp -v $(VERSION))" ]; then \
		echo "nethttp/$(VERSION) is already registered with DKMS: make dkms-remove first" >&2; \
		exit 1; \
	fi
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp --parents $(DKMS_SOURCES) $(DKMS_SRC)/
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf >$(DKMS_SRC)/dkms.conf
	dkms add -m nethttp -v $(VERSION)
	@set -e; kernels="$(KVER)"; \
	if [ -z "$$kernels" ]; then \
		for build in /lib/modules/*/build; do \
			[ -e "$$build/include" ] || continue; \
			kernels="$$kernels $$(basename "$$(dirname "$$build")")"; \
		done; \
	fi; \
	[ -n "$$kernels" ] || { \
		echo "no kernel headers: apt-get install linux-headers-amd64" >&2; exit 1; }; \
	for kernel in $$kernels; do \
		echo "dkms install -m nethttp -v $(VERSION) -k $$kernel"; \
		rc=0; dkms install -m nethttp -v $(VERSION) -k "$$kernel" || rc=$$?; \
		case $$rc in \
		0) ;; \
		77) echo "nethttp does not support $$kernel (BUILD_EXCLUSIVE_KERNEL in dkms.conf): skipped" ;; \
		*) exit $$rc ;; \
		esac; \
	done

dkms-remove:
	$(refuse_packaged_dkms_src)
	if [ -n "$$(dkms status -m nethttp -v $(VERSION))" ]; then \
		dkms remove -m nethttp -v $(VERSION) --all; \
	fi
	rm -rf $(DKMS_SRC)

# The layout keeps the packaging in userspace/debian: build in a staged copy
# of the sources that has it as debian/. The .deb files land in DEB_DIR.
deb:
	@[ -n "$(VERSION)" ] || { echo "no version in include/nethttp/version.h" >&2; exit 1; }
	rm -rf $(DEB_DIR)/nethttp-$(VERSION) $(DEB_DIR)/nethttp_$(VERSION)_* \
		$(DEB_DIR)/nethttp-dkms_$(VERSION)_*
	mkdir -p $(DEB_DIR)/nethttp-$(VERSION)
	cp --parents $(DEB_SOURCES) $(DEB_DIR)/nethttp-$(VERSION)/
	cp -r userspace/debian $(DEB_DIR)/nethttp-$(VERSION)/debian
	printf '%s\n' "nethttp ($(VERSION)) unstable; urgency=medium" "" \
		"  * Built from the nethttp source tree by make deb." "" \
		" -- nethttp developers <nethttp@example.org>  $$(date -R)" \
		>$(DEB_DIR)/nethttp-$(VERSION)/debian/changelog
	cd $(DEB_DIR)/nethttp-$(VERSION) && dpkg-buildpackage -b -us -uc
	@ls -1 $(DEB_DIR)/*_$(VERSION)_*.deb
