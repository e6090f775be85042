# The end-to-end tests on the debug kernel (busybox sh, a child of /init):
# tests.sh as it is, framed by kmemleak. What the kernel leaked while
# booting is set aside first; after tests.sh (whose last step unloads the
# module) everything still unreferenced is a leak of the test run.
set -u
KMEMLEAK=/sys/kernel/debug/kmemleak

record() { echo "$*" >&9; }

mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ -e "$KMEMLEAK" ]; then
	record "@@FACT kmemleak present"
	# kmemleak only reports, and so can only set aside, objects older
	# than 5 s.
	read -r up _ </proc/uptime
	while [ "${up%.*}" -lt 6 ]; do
		sleep 1
		read -r up _ </proc/uptime
	done
	echo scan >"$KMEMLEAK"
	echo clear >"$KMEMLEAK"
else
	record "@@FACT kmemleak absent"
fi
record "@@FACT cmdline $(cat /proc/cmdline)"

sh /e2e/tests.sh

record "@@FACT debug.module_loaded $(grep -c '^nethttp ' /proc/modules)"
if [ -e "$KMEMLEAK" ]; then
	# Objects younger than 5 s are never reported; the second scan rules
	# out pointers that were only in flight during the first.
	sleep 6
	echo scan >"$KMEMLEAK"
	echo scan >"$KMEMLEAK"
	cat "$KMEMLEAK" >/tmp/kmemleak
	record "@@FILE kmemleak"
	base64 /tmp/kmemleak >&9
	record "@@EOF kmemleak"
fi
dmesg >/tmp/dmesg.end
record "@@FILE dmesg.end"
base64 /tmp/dmesg.end >&9
record "@@EOF dmesg.end"
record "@@FACT debug.done 1"
