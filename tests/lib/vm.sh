# shellcheck shell=bash
# The test VM, shared by every suite that boots one (tests/e2e, tests/hostile,
# tests/pkg, each on Debian's kernel and some on the debug kernel too):
# builds the module, the reader, the static guest helpers and the
# initramfs, and boots the VM. Source it with BUILD set to the suite's
# build directory.
#
# The initramfs (see build_initramfs) holds, under /vm:
#   /vm/lib/common.sh   tests/lib/guest/common.sh, what every guest sources
#   /vm/<name>.sh       the suite's guest scripts; vm.mode=<name> picks one
#   /vm/bin/            tests/lib/helpers/*.c and the suite's *.c, static
#   /vm/data/           $BUILD/data, the suite's test data
#   /vm/nethttp.ko, /vm/veth.ko and the modules of NETHTTP_VM_KMODS

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$LIB_DIR/../.." && pwd)
BUILD=${NETHTTP_VM_BUILD:-${BUILD:?set BUILD (the build directory) before sourcing vm.sh}}
export PYTHONDONTWRITEBYTECODE=1
# QEMU gets this long at most; a healthy run needs far less.
VM_TIMEOUT=${VM_TIMEOUT:-300}
VM_MEMORY=${NETHTTP_VM_MEMORY:-512M}

# What a suite sets to change the VM (tests/e2e/run and tests/hostile/run do
# for the debug kernel):
#   NETHTTP_VM_BUILD    the build directory instead of the suite's BUILD
#   NETHTTP_VM_MEMORY   the VM's memory (default 512M)
#   NETHTTP_VM_KDIR     kernel build tree; the module is built against it in
#                       a copy of the sources, so the tree's nethttp.ko stays
#   NETHTTP_VM_IMAGE    the kernel image to boot
#   NETHTTP_VM_VETH     that kernel's veth.ko
#   NETHTTP_VM_APPEND   more kernel command line
#   NETHTTP_VM_MODE     the guest script to run (tests/e2e/run: instead of
#                       tests.sh)
#   NETHTTP_VM_GUEST    directories whose *.sh go next to the guest scripts
#                       and whose *.c are built like tests/lib/helpers/
#                       (space-separated)
#   NETHTTP_VM_PROGRAMS host programs the guest gets at the same paths,
#                       with their libraries (space-separated)
#   NETHTTP_VM_KMODS    more of the kernel's modules the guest gets as
#                       /vm/<name>.ko, by their paths in its module tree
#                       (e.g. net/sched/sch_netem.ko; space-separated):
#                       from NETHTTP_VM_KDIR when set, else from
#                       /lib/modules/<release>/kernel
#   NETHTTP_VM_CPUS     the VM's CPUs (default 2)
#   NETHTTP_VM_ICOUNT   when set, guest time counts instructions
#                       (-icount shift=0,sleep=off): one instruction is
#                       one nanosecond, so loads compare exactly (tests/bench)
MODULE_KO=$ROOT/nethttp.ko

vm_log() { printf '%s\n' "$*" >&2; }

# One run at a time uses $BUILD; a second one waits for the first.
lock_build() {
	mkdir -p "$BUILD"
	exec 8>"$BUILD/lock"
	if ! flock -n 8; then
		vm_log "waiting for another run using $BUILD to finish..."
		flock 8
	fi
}

# The newest installed Debian amd64 kernel that has both modules and an image,
# or the release of NETHTTP_VM_KDIR.
find_kver() {
	local dir kver best=""
	if [ -n "${NETHTTP_VM_KDIR:-}" ]; then
		cat "$NETHTTP_VM_KDIR/include/config/kernel.release" || return 1
		return 0
	fi
	for dir in /lib/modules/*-amd64; do
		kver=${dir##*/}
		[ -e "/boot/vmlinuz-$kver" ] || continue
		best=$(printf '%s\n%s\n' "$best" "$kver" | sed '/^$/d' | sort -V | tail -n 1)
	done
	[ -n "$best" ] || { vm_log "no /lib/modules/*-amd64 with a matching /boot/vmlinuz"; return 1; }
	echo "$best"
}

build_module() {
	if [ -n "${NETHTTP_VM_KDIR:-}" ]; then
		build_module_copy "$NETHTTP_VM_KDIR"
		return
	fi
	MODULE_KO=$ROOT/nethttp.ko
	nice make -s -C "$ROOT" module KVER="$KVER" >"$BUILD/module-build.log" 2>&1 || {
		vm_log "module build failed:"; tail -n 30 "$BUILD/module-build.log" >&2; return 1; }
	[ -f "$ROOT/nethttp.ko" ] || { vm_log "no $ROOT/nethttp.ko after make module"; return 1; }
}

# build_module_copy KDIR: builds the module against KDIR in $BUILD/module,
# a mirror of Kbuild, module/ and include/ (only changed files are copied, so
# make rebuilds what changed). Sets MODULE_KO.
build_module_copy() {
	local kdir=$1 src=$BUILD/module f
	mkdir -p "$src"
	(cd "$ROOT" && find Kbuild module include -type f \( -name Kbuild -o -name '*.[ch]' \)) |
		while read -r f; do
			cmp -s "$ROOT/$f" "$src/$f" || install -D -m 0644 "$ROOT/$f" "$src/$f"
		done
	# sources deleted from the tree must not linger in the copy
	(cd "$src" && find module include -type f -name '*.[ch]') | while read -r f; do
		[ -e "$ROOT/$f" ] || rm -f "$src/$f"
	done
	MODULE_KO=$src/nethttp.ko
	nice make -s -C "$kdir" M="$src" modules >"$BUILD/module-build.log" 2>&1 || {
		vm_log "module build against $kdir failed:"
		tail -n 30 "$BUILD/module-build.log" >&2; return 1; }
	[ -f "$MODULE_KO" ] || { vm_log "no $MODULE_KO after the build"; return 1; }
}

build_reader() {
	nice make -s -C "$ROOT/userspace" >"$BUILD/reader-build.log" 2>&1 || {
		vm_log "reader build failed:"; tail -n 30 "$BUILD/reader-build.log" >&2; return 1; }
	[ -x "$ROOT/userspace/nethttp" ] || { vm_log "no $ROOT/userspace/nethttp after make"; return 1; }
}

build_helpers() {
	local src name dir extra=()
	mkdir -p "$BUILD/bin"
	for dir in ${NETHTTP_VM_GUEST:-}; do
		extra+=("$dir"/*.c)
	done
	for src in "$LIB_DIR"/helpers/*.c "${extra[@]}"; do
		[ -f "$src" ] || continue
		name=$(basename "$src" .c)
		if [ ! -x "$BUILD/bin/$name" ] || [ "$src" -nt "$BUILD/bin/$name" ]; then
			gcc -static -O2 -Wall -Wextra -Werror -o "$BUILD/bin/$name" "$src" || return 1
		fi
	done
}

# Copies a dynamically linked program and the libraries it needs.
copy_with_libs() {
	local prog=$1 dest=$2 lib
	install -D -m 0755 "$prog" "$STAGE$dest"
	for lib in $(ldd "$prog" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$STAGE$lib" ] || install -D -m 0755 "$lib" "$STAGE$lib"
	done
}

# build_initramfs [with_module]: the VM's whole root file system.
build_initramfs() (
	set -e
	local with_module=${1:-yes} dir script prog
	STAGE=$BUILD/stage
	rm -rf "$STAGE"
	mkdir -p "$STAGE"/{bin,sbin,proc,sys,dev,tmp,run,vm/bin,vm/data,vm/lib}
	install -m 0755 "$(command -v busybox)" "$STAGE/bin/busybox"
	ln -s busybox "$STAGE/bin/sh"
	file -L "$STAGE/bin/busybox" 2>/dev/null | grep -q 'statically linked' ||
		ldd "$STAGE/bin/busybox" 2>&1 | grep -q 'not a dynamic' || {
		vm_log "busybox is not static: apt-get install busybox-static"; return 1; }
	install -m 0755 "$LIB_DIR/guest/init" "$STAGE/init"
	install -m 0644 "$LIB_DIR/guest/common.sh" "$STAGE/vm/lib/"
	for dir in ${NETHTTP_VM_GUEST:-}; do
		for script in "$dir"/*.sh; do
			[ -f "$script" ] && install -m 0644 "$script" "$STAGE/vm/"
		done
	done
	install -m 0755 "$BUILD"/bin/* "$STAGE/vm/bin/"
	# busybox ip cannot create veth pairs; iproute2's can.
	copy_with_libs "$(command -v ip)" /usr/sbin/ip
	# kmod's rmmod says "in use" where busybox's only relays the errno.
	copy_with_libs "$(readlink -f "$(command -v rmmod)")" /usr/bin/kmod
	ln -s ../bin/kmod "$STAGE/usr/sbin/rmmod"
	for prog in ${NETHTTP_VM_PROGRAMS:-}; do
		copy_with_libs "$prog" "$prog"
	done
	install -m 0644 "${NETHTTP_VM_VETH:-/lib/modules/$KVER/kernel/drivers/net/veth.ko}" \
		"$STAGE/vm/veth.ko"
	for prog in ${NETHTTP_VM_KMODS:-}; do
		install -m 0644 "${NETHTTP_VM_KDIR:-/lib/modules/$KVER/kernel}/$prog" \
			"$STAGE/vm/${prog##*/}"
	done
	if [ "$with_module" = yes ]; then
		install -m 0644 "$MODULE_KO" "$STAGE/vm/nethttp.ko"
		copy_with_libs "$ROOT/userspace/nethttp" /usr/bin/nethttp
	fi
	if [ -d "$BUILD/data" ]; then
		cp -a "$BUILD/data/." "$STAGE/vm/data/"
	fi
	pack_initramfs
)

pack_initramfs() {
	(cd "$BUILD/stage" && find . -print0 | cpio --null -o -H newc --quiet) |
		gzip -1 >"$BUILD/initramfs.gz"
}

# boot_vm MODE OUTDIR [DATA [APPEND]]: boots the VM running MODE (tests,
# demo, boot). Kernel console to OUTDIR/console.log; guest data to
# OUTDIR/data.log, or straight to our stdout when DATA is "stdout" (without
# touching the terminal or stdin). APPEND goes on the kernel command line.
boot_vm() {
	local mode=$1 out=$2 data=${3:-file} append=${4:-} data_path rc=0
	mkdir -p "$out"
	rm -f "$out/console.log" "$out/data.log"
	if [ "$data" = stdout ]; then
		data_path=/dev/stdout
	else
		data_path=$out/data.log
	fi
	# One host thread runs both vCPUs. With a thread per vCPU (MTTCG) the
	# lifecycle test hung about once in 100-300 load/unload cycles: a soft
	# lockup with the CPU pinned at one NF_HOOK jump-label site in
	# ip_local_deliver, registers unchanging, memory there already holding
	# the patched jump, while rmmod flipped netfilter's static keys. That
	# is what a vCPU still executing a block translated from the transient
	# int3 would do (the int3 handler finds no int3 and rewinds to it).
	# 1200 cycles with thread=single: no hang, at about the same speed.
	local icount=()
	[ -z "${NETHTTP_VM_ICOUNT:-}" ] || icount=(-icount shift=0,sleep=off)
	timeout --foreground -k 10 "$VM_TIMEOUT" qemu-system-x86_64 \
		-accel tcg,thread=single -cpu max -smp "${NETHTTP_VM_CPUS:-2}" \
		"${icount[@]}" -m "$VM_MEMORY" \
		-nographic -monitor none -no-reboot -nic none \
		-serial "file:$out/console.log" -serial "file:$data_path" \
		-kernel "${NETHTTP_VM_IMAGE:-/boot/vmlinuz-$KVER}" -initrd "$BUILD/initramfs.gz" \
		-append "console=ttyS0 panic=-1 vm.mode=$mode $append ${NETHTTP_VM_APPEND:-}" </dev/null ||
		rc=$?
	return $rc
}
