# What every suite's guest scripts (busybox sh) source, as /vm/lib/common.sh:
# how they record what happened for the host's checker, waiting for a
# reader, stopping processes, kmemleak, and the second network namespace.
#
# Records on fd 9:  @@FACT <key> <value...>
#                   @@FILE <name> / base64 of the file / @@EOF <name>
#                   @@DONE  once every phase ran

record() { echo "$*" >&9; }
fact() { record "@@FACT $*"; }
# A problem the guest saw; the checker fails the part PHASE belongs to.
problem() { fact "problem.${PHASE:-main} $*"; }
emit() {
	record "@@FILE $1"
	base64 "$2" >&9
	record "@@EOF $1"
}

# mark NAME: when NAME happened, in the guest's monotonic nanoseconds (the
# clock of the event lines' timestamps): the checker's time windows.
mark() { fact "mark.$1 $(nowns)"; }

# wait_lines FILE N PID [TENTHS [SETTLE]]: waits until FILE has N lines, for
# TENTHS tenths of a second at most (default 100) and only while process PID
# (the reader writing FILE) runs, then SETTLE seconds more (default none) so
# that lines beyond the N expected show up too. True when FILE has N lines.
wait_lines() {
	local i=0 max=${4:-100} settle=${5:-0}
	while [ "$i" -lt "$max" ] && kill -0 "$3" 2>/dev/null; do
		[ "$(wc -l <"$1")" -ge "$2" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	[ "$settle" = 0 ] || sleep "$settle"
	[ "$(wc -l <"$1")" -ge "$2" ]
}

# Waits until process $1 has /dev/nethttp open.
wait_open() {
	local i=0 fd
	while [ "$i" -lt 100 ] && kill -0 "$1" 2>/dev/null; do
		for fd in /proc/"$1"/fd/*; do
			[ "$(readlink "$fd" 2>/dev/null)" = /dev/nethttp ] && return 0
		done
		sleep 0.1
		i=$((i + 1))
	done
	problem "reader $1 never opened /dev/nethttp"
	return 1
}

# busybox runs its own applets before anything on PATH; its ip cannot
# create veth pairs.
IP=/usr/sbin/ip
PEER_PID=

in_ns() {
	local ns="$1"
	shift
	if [ "$ns" = peer ]; then
		nsenter -t "$PEER_PID" -n "$@"
	else
		"$@"
	fi
}

# Stops processes with SIGTERM. Readers among them are blocked in read(),
# which must give way to the signal within 5 s. A process that has to be
# killed harder is a problem; how they ended is not.
stop() {
	local pid i
	kill "$@" 2>/dev/null
	for pid in "$@"; do
		i=0
		while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		if kill -0 "$pid" 2>/dev/null; then
			problem "process $pid still running 5 s after SIGTERM"
			kill -9 "$pid"
		fi
		wait "$pid" 2>/dev/null
	done
	return 0
}

# kmemleak, where the kernel has it (the debug kernel): kmemleak_start sets
# aside what booting leaked, kmemleak_report NAME emits what leaked since.
# Only objects older than 5 s are ever reported.
KMEMLEAK=/sys/kernel/debug/kmemleak

kmemleak_start() {
	local up _
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	if [ ! -e "$KMEMLEAK" ]; then
		fact kmemleak absent
		return 0
	fi
	fact kmemleak present
	read -r up _ </proc/uptime
	while [ "${up%.*}" -lt 6 ]; do
		sleep 1
		read -r up _ </proc/uptime
	done
	echo scan >"$KMEMLEAK"
	echo clear >"$KMEMLEAK"
}

kmemleak_report() {
	local up _ first
	[ -e "$KMEMLEAK" ] || return 0
	# A scan reports what is older than 5 s when it starts and unchanged
	# since the scan before (what it finds new or changed it only notes:
	# mm/kmemleak.c). So a second scan started 6 s after the first reports
	# whatever leaked before the first, and rules out pointers only in
	# flight during it. Under the debug kernel and TCG the first scan
	# alone takes longer than that: no sleep then.
	read -r up _ </proc/uptime
	first=${up%.*}
	echo scan >"$KMEMLEAK"
	read -r up _ </proc/uptime
	# whole seconds: 7 apart are at least 6
	[ $((${up%.*} - first)) -ge 7 ] || sleep $((first + 7 - ${up%.*}))
	echo scan >"$KMEMLEAK"
	cat "$KMEMLEAK" >"/tmp/kmemleak.$1"
	emit "$1" "/tmp/kmemleak.$1"
	echo clear >"$KMEMLEAK"
}

# TCP's RetransSegs (IPv4 and IPv6 alike) in the network namespace of
# process $1 (default: this one), in $RETRANS, without forking. Each
# retransmission of a segment that starts a message is another copy of it.
tcp_retrans() {
	local proto rest names="" values=""
	RETRANS=
	while read -r proto rest; do
		[ "$proto" = Tcp: ] || continue
		if [ -z "$names" ]; then names=$rest; else values=$rest; fi
	done <"/proc/${1:-self}/net/snmp"
	# shellcheck disable=SC2086
	set -- $values
	for proto in $names; do
		[ "$proto" = RetransSegs ] && RETRANS=$1 && return
		shift
	done
}

# Creates the "peer" namespace, held by a sleeper, joined to this one by
# veth0 (10.99.0.1/24, here) and veth1 (10.99.0.2/24, there), without tail
# loss probes, like the initial one (see /init). Says what failed on stderr.
setup_peer() {
	local i=0
	unshare -n sleep 100000 &
	PEER_PID=$!
	while [ "$(readlink /proc/$PEER_PID/ns/net)" = "$(readlink /proc/self/ns/net)" ] &&
	      [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	insmod /vm/veth.ko &&
		$IP link add veth0 type veth peer name veth1 &&
		$IP link set veth1 netns "$PEER_PID" &&
		$IP addr add 10.99.0.1/24 dev veth0 &&
		$IP link set veth0 up &&
		in_ns peer $IP addr add 10.99.0.2/24 dev veth1 &&
		in_ns peer $IP link set veth1 up &&
		in_ns peer $IP link set lo up &&
		in_ns peer sh -c 'echo 0 >/proc/sys/net/ipv4/tcp_early_retrans' &&
		ping -c 1 -W 5 10.99.0.2 >/dev/null
}
