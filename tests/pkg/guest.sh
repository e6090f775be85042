# Runs inside the VM of tests/pkg/run (busybox sh, as /vm/pkg.sh, a child
# of tests/lib/guest/init). The root file system holds what the Debian
# packages put on the host: the module DKMS built, with the host's depmod
# index, the packaged reader and udev rule, and the shipped modules-load.d
# and modprobe.d examples copied to /etc as an administrator would. It loads
# the module the way a booting system does and records what happened; it
# judges nothing, check_vm.py does.
#
# Records on fd 9:  @@FACT <key> <value...>
#                   @@FILE <name> / base64 / @@EOF <name>
#                   @@DONE
set -u

DATA=/vm/data
PARAMS=/sys/module/nethttp/parameters
# busybox prefers its own applets to PATH; these must be kmod's.
MODPROBE=/usr/sbin/modprobe
MODINFO=/usr/sbin/modinfo
RMMOD=/usr/sbin/rmmod

# shellcheck source=/dev/null
. /vm/lib/common.sh

device_owner() {
	if [ -e /dev/nethttp ]; then
		stat -c '%a %U %G' /dev/nethttp
	else
		echo absent
	fi
}

fact kernel "$(uname -r)"
fact netns "$(readlink /proc/self/ns/net)"
fact tcp_timestamps "$(cat /proc/sys/net/ipv4/tcp_timestamps)"
fact reader_version "$(nethttp --version 2>&1)"
fact modinfo_filename "$($MODINFO -F filename nethttp 2>&1)"

/lib/systemd/systemd-udevd --daemon >/tmp/udevd.log 2>&1
fact udevd_rc $?
# What systemd-modules-load.service does at boot.
/lib/systemd/systemd-modules-load >/tmp/modules-load.log 2>&1
fact modules_load_rc $?
emit modules-load.log /tmp/modules-load.log
udevadm settle --timeout=30
fact settle_rc $?
fact loaded "$(grep -c '^nethttp ' /proc/modules)"
fact param.events "$(cat $PARAMS/events 2>&1)"
fact param.ring_events "$(cat $PARAMS/ring_events 2>&1)"
fact dev.default "$(device_owner)"

# One exchange over loopback, read by the packaged reader.
nethttp --format json >/tmp/reader.out 2>/tmp/reader.err &
reader=$!
wait_open $reader
fact reader_open_rc $?
mark start
httpsrv 127.0.0.1 8080 "$DATA/response.http" >/dev/null
fact server_rc $?
httpcli -b 127.0.0.1 -s 40123 127.0.0.1 8080 "$DATA/request.http"
fact client_rc $?
mark end
i=0
# four lines: each message once, where it leaves lo
while [ "$i" -lt 100 ] && [ "$(wc -l </tmp/reader.out)" -lt 4 ]; do
	sleep 0.1
	i=$((i + 1))
done
# Lines beyond the expected ones get a chance to show up too.
sleep 0.5
kill $reader
wait $reader
fact reader_rc $?
emit reader.out /tmp/reader.out
emit reader.err /tmp/reader.err

# The override the udev rule's comment documents, in /etc/udev/rules.d.
sed -n 's/^#   \(KERNEL==.*\)$/\1/p' /lib/udev/rules.d/60-nethttp.rules \
	>/etc/udev/rules.d/60-nethttp.rules
emit override.rules /etc/udev/rules.d/60-nethttp.rules
udevadm control --reload
fact reload_rc $?
$RMMOD nethttp
fact rmmod_rc $?
fact dev.after_rmmod "$(device_owner)"
$MODPROBE nethttp
fact modprobe_rc $?
udevadm settle --timeout=30
fact dev.override "$(device_owner)"

# make install's case: the packaged rule, but no group nethttp.
rm /etc/udev/rules.d/60-nethttp.rules
grep -v '^nethttp:' /etc/group >/tmp/group
cat /tmp/group >/etc/group
udevadm control --reload
fact nogroup.reload_rc $?
$RMMOD nethttp
fact nogroup.rmmod_rc $?
$MODPROBE nethttp
fact nogroup.modprobe_rc $?
udevadm settle --timeout=30
fact dev.nogroup "$(device_owner)"

dmesg >/tmp/dmesg
emit dmesg /tmp/dmesg
record "@@DONE"
