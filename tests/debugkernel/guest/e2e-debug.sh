# The end-to-end tests on the debug kernel (busybox sh, a child of /init):
# tests.sh as it is, framed by kmemleak. What the kernel leaked while
# booting is set aside first; after tests.sh (whose last step unloads the
# module) everything still unreferenced is a leak of the test run.
set -u

# shellcheck source=/dev/null
. /vm/lib/common.sh

kmemleak_start
fact "cmdline $(cat /proc/cmdline)"

sh /vm/tests.sh

fact "debug.module_loaded $(grep -c '^nethttp ' /proc/modules)"
kmemleak_report kmemleak
dmesg >/tmp/dmesg.end
emit dmesg.end /tmp/dmesg.end
fact "debug.done 1"
