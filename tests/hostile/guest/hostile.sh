# The hostile test, inside the VM (busybox sh, a child of /init): hostile
# traffic, device misuse, a flood with nobody reading, and load/read/unload
# cycles under traffic. Like every guest script it judges nothing: it records
# what happened on fd 9 and tests/hostile/check.py asserts it.
#
# Records:  @@FACT <key> <value...>
#           @@FILE <name> / base64 of the file / @@EOF <name>
#           @@DONE  once every phase ran
set -u

DATA=/vm/data
STATS=/sys/class/misc/nethttp/stats
PARAMS=/sys/module/nethttp/parameters
PHASE=setup

# shellcheck source=/dev/null
. /vm/lib/common.sh
# shellcheck source=/dev/null
. "$DATA/hplan.sh"

# Large outputs travel compressed; check.py inflates files named *.gz.
emit_gz() {
	gzip -c "$2" >"$2.gz"
	emit "$1.gz" "$2.gz"
	rm -f "$2.gz"
}

# One line with every counter, and TCP's retransmissions, without forking.
stats() {
	local f v line=""
	for f in "$STATS"/*; do
		v=
		read -r v <"$f"
		line="$line ${f##*/}=$v"
	done
	tcp_retrans
	fact "stats.$1" "$line tcp_retrans=$RETRANS"
}

# The counter messages, in MESSAGES, without forking.
messages() {
	MESSAGES=
	read -r MESSAGES <"$STATS/messages"
	MESSAGES=${MESSAGES:-0}
}

meminfo() {
	local key value line=""
	while read -r key value _; do
		case "$key" in
		MemFree:|MemAvailable:|Slab:|SUnreclaim:|VmallocUsed:|Percpu:)
			line="$line ${key%:}=$value" ;;
		esac
	done </proc/meminfo
	fact "meminfo.$1" "$line"
}

module_loaded() { grep -c '^nethttp ' /proc/modules; }

# Where a phase's time goes, for the log: lap NAME records the seconds
# since the phase (LAP_PHASE, as run names it) started or since its last
# lap as fact time.<phase>.NAME. From /proc/uptime, read without a fork
# (a fork costs some 70 ms on the debug kernel).
LAP_CS=0
LAP_PHASE=setup
uptime_cs() {
	local up _
	read -r up _ </proc/uptime
	UPTIME_CS=$((${up%.*} * 100 + 1${up#*.} - 100))
}

lap() {
	local d
	uptime_cs
	d=$((UPTIME_CS - LAP_CS))
	fact "time.$LAP_PHASE.$1" "$((d / 100)).$((d % 100 / 10))"
	LAP_CS=$UPTIME_CS
}

# Plan verbs.
srv() {
	httpsrv "$1" "$2" "$DATA/$3" >/dev/null || problem "server $1 $2 did not start"
}

tcp() {
	local addr=$1 port=$2 sport=$3 file=$4
	shift 4
	httpcli -s "$sport" "$@" "$addr" "$port" "$DATA/$file"
}

raw() {
	local args="" a
	for a in "$@"; do
		case "$a" in
		-*) args="$args $a" ;;
		*) args="$args $DATA/$a" ;;
		esac
	done
	# shellcheck disable=SC2086
	rawsend $args >/dev/null
}

set_redact() {
	echo "$1" >"$PARAMS/redact" || problem "writing $1 to redact failed"
	fact "redact.$PHASE $(cat "$PARAMS/redact")"
}

setup() {
	PHASE=setup
	fact kernel "$(uname -r)"
	fact ncpus "$(nproc)"
	fact possible_cpus "$(cat /sys/devices/system/cpu/possible)"
	fact online_cpus "$(cat /sys/devices/system/cpu/online)"
	fact netns.init "$(readlink /proc/self/ns/net)"
	fact cmdline "$(cat /proc/cmdline)"
	uptime_cs
	LAP_CS=$UPTIME_CS
	fact time.boot "$((UPTIME_CS / 100)).$((UPTIME_CS % 100 / 10))"
	kmemleak_start
	lap kmemleak_start
	# Every small write its own segment; no backlog drops in the flood;
	# the packet-socket case sends to 127.0.0.1 from outside.
	echo 0 >/proc/sys/net/ipv4/tcp_autocorking
	echo 300000 >/proc/sys/net/core/netdev_max_backlog
	echo 1 >/proc/sys/net/ipv4/conf/all/route_localnet
	echo 1 >/proc/sys/net/ipv4/conf/lo/route_localnet
	fact tcp_timestamps "$(cat /proc/sys/net/ipv4/tcp_timestamps)"
	# without cgroups (the debug kernel) events name none
	if grep -qw cgroup2 /proc/filesystems; then
		fact cgroups yes
	else
		fact cgroups no
	fi
	meminfo boot
	start_servers
	lap servers
}

# Every case between two counter snapshots; two readers read all along,
# one with cat, one in 997-byte pieces through poll().
phase_hostile() {
	local c a b n want
	PHASE=hostile
	insmod /vm/nethttp.ko events=network_events
	fact hostile.insmod_rc $?
	fact hostile.events "$(cat "$PARAMS/events")"
	fact hostile.redact "$(cat "$PARAMS/redact")"
	cat /dev/nethttp >/tmp/hostile.cat &
	a=$!
	drain -t 600000 -b 997 </dev/nethttp >/tmp/hostile.small &
	b=$!
	wait_open $a
	wait_open $b
	stats hostile0
	for c in $HOSTILE_CASES; do
		PHASE=$c
		eval "want=\$MSGS_$c"
		messages
		want=$((MESSAGES + want))
		stats "$c.0"
		# A case's lines must come between its start and the next's.
		mark "$c.start"
		"case_$c" || problem "case_$c exited $?"
		# Raw packets may still be on their way in.
		n=0
		while messages && [ "$MESSAGES" -lt "$want" ] && [ "$n" -lt 30 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		stats "$c.1"
	done
	PHASE=hostile
	lap cases
	mark hostile.end
	wait_lines /tmp/hostile.cat "$HOSTILE_LINES" $a 200 ||
		problem "cat has $(wc -l </tmp/hostile.cat) lines, want $HOSTILE_LINES"
	wait_lines /tmp/hostile.small "$HOSTILE_LINES" $b 200 ||
		problem "drain has $(wc -l </tmp/hostile.small) lines, want $HOSTILE_LINES"
	lap readers
	sleep 0.5
	stats hostile1
	stop $a $b
	stats hostile2
	emit_gz hostile.cat /tmp/hostile.cat
	emit_gz hostile.small /tmp/hostile.small
}

# param_try LABEL NAME: writes the bytes of $DATA/param.LABEL to parameter
# NAME and records the status and what reads back.
param_try() {
	local rc=0
	# shellcheck disable=SC2320
	cat "$DATA/param.$1" >"$PARAMS/$2" 2>/dev/null || rc=$?
	fact "param.$1" "$rc"
	cat "$PARAMS/$2" >"/tmp/param.$1" 2>&1
	emit "param.$1.now" "/tmp/param.$1"
}

# Everything a reader must not be able to do, and who may open at all.
phase_device() {
	local rc
	PHASE=device
	param_steps
	stats device0
	rc=0
	devops /dev/nethttp /tmp/devops.out \
		httpcli -s "$DEVOPS_SPORT" 127.0.0.1 9000 "$DATA/devops.req" \
		>/tmp/devops.txt 2>/tmp/devops.err || rc=$?
	fact device.devops_rc $rc
	stats device1
	emit devops.txt /tmp/devops.txt
	emit devops.out /tmp/devops.out
	emit devops.err /tmp/devops.err
	fact device.open_root "$(opencap /dev/nethttp)"
	fact device.open_without_net_admin "$(opencap -d /dev/nethttp)"
	fact device.open_user "$(opencap -u 1000 /dev/nethttp)"
	chmod 0666 /dev/nethttp
	fact device.open_user_mode_0666 "$(opencap -u 1000 /dev/nethttp)"
	chmod 0600 /dev/nethttp
	fact device.mode "$(stat -c '%a %u' /dev/nethttp)"
	rmmod nethttp
	fact device.rmmod_rc $?
}

# 2 x FLOOD_ROUNDS raw packets of one connection, each the next bytes of
# it (-s), each reported where it leaves, pinned to CPU 0, while the only
# reader reads nothing; then it reads.
phase_flood() {
	local rc start end
	PHASE=flood
	meminfo flood.before_insmod
	insmod /vm/nethttp.ko ring_events="$FLOOD_RING_EVENTS"
	fact flood.insmod_rc $?
	meminfo flood.after_insmod
	fact flood.ring_events "$(cat "$PARAMS/ring_events")"
	fact flood.rounds "$FLOOD_ROUNDS"
	exec 3</dev/nethttp
	cat /proc/net/softnet_stat >/tmp/softnet.0
	stats flood0
	start=$(nowns)
	rc=0
	rawsend -c 0 -m -s -n "$FLOOD_ROUNDS" "$DATA/flood.req" "$DATA/flood.resp" \
		>/tmp/flood.rawsend 2>&1 || rc=$?
	end=$(nowns)
	fact flood.rawsend_rc $rc
	lap rawsend
	fact flood.ms $(((end - start) / 1000000))
	fact mark.flood.start "$start"
	fact mark.flood.end "$end"
	sleep 1
	stats flood1
	cat /proc/net/softnet_stat >/tmp/softnet.1
	meminfo flood.after
	emit flood.rawsend /tmp/flood.rawsend
	emit softnet.0 /tmp/softnet.0
	emit softnet.1 /tmp/softnet.1
	# Not under busybox timeout: its watchdog would hold fd 3 a while.
	drain -t 1000 <&3 >/tmp/flood.out
	fact flood.drain_rc $?
	lap drain
	stats flood2
	mark after_flood.start
	httpcli -s "$AFTER_SPORT" 127.0.0.1 "$AFTER_PORT" "$DATA/after.req" ||
		problem "the exchange after the flood failed"
	mark after_flood.end
	sleep 0.5
	drain -t 1000 <&3 >/tmp/flood.after
	fact flood.after_drain_rc $?
	stats flood3
	exec 3<&-
	stats flood4
	emit_gz flood.out /tmp/flood.out
	emit flood.after /tmp/flood.after
	rmmod nethttp
	fact flood.rmmod_rc $?
	meminfo flood.after_rmmod
}

# wait_line FILE PATTERN PID TENTHS: until a line of FILE matches, for
# TENTHS tenths of a second at most and while process PID is there
# (stopped counts: connflood stops itself after each group).
wait_line() {
	local i=0
	while [ "$i" -lt "$4" ] && kill -0 "$3" 2>/dev/null; do
		grep -q "$2" "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	grep -q "$2" "$1"
}

# The counter $1 once it reads $2, or after 10 s; echoes what it read.
wait_counter() {
	local i=0 v=
	while [ "$i" -lt 100 ]; do
		read -r v <"$STATS/$1"
		[ "$v" = "$2" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	echo "$v"
}

# The module loaded with small caps (CONN_PARAMS): a SYN flood and
# connections carrying no HTTP make no state; then CONN_FLOOD connections
# each send a header block that fits the smallest buffer and never ends,
# and keep it open (the table fills, the oldest make room), then
# CONN_FLOOD more with blocks that need four times that (the memory for
# partial blocks runs out); a SYN flood against the full table; then
# everything closes. connflood reads header_memory and conns_tracked after
# each connection; one reader reads it all.
phase_conns() {
	local r p rc
	PHASE=conns
	# shellcheck disable=SC2086
	insmod /vm/nethttp.ko $CONN_PARAMS
	fact conns.insmod_rc $?
	fact conns.params "conn_max=$(cat "$PARAMS/conn_max")" \
		"header_mem=$(cat "$PARAMS/header_mem")" \
		"header_max=$(cat "$PARAMS/header_max")" \
		"ring_events=$(cat "$PARAMS/ring_events")"
	fact conns.sizes "flood=$CONN_FLOOD syn=$SYN_FLOOD nonhttp=$NONHTTP_CONNS"
	cat /dev/nethttp >/tmp/conns.cat &
	r=$!
	wait_open $r
	stats conns0
	mark conns.start
	rawsend -i -n "$SYN_FLOOD" "$DATA/syn.pkt" >/tmp/syn.out 2>&1
	fact conns.syn_rc $?
	fact conns.syn "$(cat /tmp/syn.out)"
	stats conns_syn
	lap syn
	connflood -c 0 -s "$STATS" "$NONHTTP_PORT" "$NONHTTP_CONNS" \
		"$DATA/nonhttp.bin" >/tmp/nonhttp.out 2>&1 &
	p=$!
	wait_line /tmp/nonhttp.out '^group 0 ' $p 3000 ||
		problem "connflood (no HTTP): $(cat /tmp/nonhttp.out)"
	stats conns_nonhttp
	lap nonhttp
	kill -CONT $p
	rc=0
	wait $p || rc=$?
	fact conns.nonhttp_rc $rc
	fact conns.nonhttp "$(tr '\n' ' ' </tmp/nonhttp.out)"
	connflood -c 0 -s "$STATS" "$CONN_PORT" "$CONN_FLOOD" "$DATA/conn.small" \
		"$CONN_FLOOD" "$DATA/conn.large" >/tmp/conns.out 2>&1 &
	p=$!
	wait_line /tmp/conns.out '^group 0 ' $p 6000 ||
		problem "connflood, small blocks: $(cat /tmp/conns.out)"
	wait_taken || problem "the reader did not take every event"
	sleep 0.2
	stats conns_small
	lap small
	fact conns.small_lines "$(wc -l </tmp/conns.cat)"
	kill -CONT $p
	wait_line /tmp/conns.out '^group 1 ' $p 6000 ||
		problem "connflood, large blocks: $(cat /tmp/conns.out)"
	stats conns_large
	lap large
	rawsend -i -n "$SYN_FLOOD" "$DATA/syn.pkt" >/tmp/syn.out 2>&1
	fact conns.syn_full_rc $?
	stats conns_syn_full
	kill -CONT $p
	rc=0
	wait $p || rc=$?
	fact conns.flood_rc $rc
	fact conns.flood "$(tr '\n' ' ' </tmp/conns.out)"
	fact conns.tracked_after_close "$(wait_counter conns_tracked 0)"
	wait_taken || problem "the reader did not take every event"
	sleep 0.2
	mark conns.end
	stats conns_closed
	lap closed
	stop $r
	emit_gz conns.cat /tmp/conns.cat
	rmmod nethttp
	fact conns.rmmod_rc $?
	lap rmmod
	kmemleak_report kmemleak.conns
	lap kmemleak
}

# The RST segments TCP sent so far (OutRsts of /proc/net/snmp), in RSTS.
tcp_rsts() {
	local proto rest names="" values=""
	RSTS=
	while read -r proto rest; do
		[ "$proto" = Tcp: ] || continue
		if [ -z "$names" ]; then names=$rest; else values=$rest; fi
	done </proc/net/snmp
	# shellcheck disable=SC2086
	set -- $values
	for proto in $names; do
		[ "$proto" = OutRsts ] && RSTS=$1 && return
		shift
	done
}

# Counters, and TCP's RSTs sent, at point $1 of phase_pipeline.
pipeline_stats() {
	stats "pipeline$1"
	tcp_rsts
	fact "pipeline.rsts$1" "$RSTS"
}

# The module loaded with small caps (PIPELINE_PARAMS): PIPELINE_CONNS
# connections each send their requests in one write to a server that reads
# them and answers nothing (connflood -r); connflood reads the counters
# after each connection. Then the even-numbered connections close, FIN
# both ways (no RST sent), and the odd-numbered ones are reset (one RST
# each). One reader reads it all.
phase_pipeline() {
	local r p rc
	PHASE=pipeline
	fact pipeline.conns "$PIPELINE_CONNS"
	# shellcheck disable=SC2086
	insmod /vm/nethttp.ko $PIPELINE_PARAMS
	fact pipeline.insmod_rc $?
	fact pipeline.params "conn_max=$(cat "$PARAMS/conn_max")" \
		"header_mem=$(cat "$PARAMS/header_mem")" \
		"ring_events=$(cat "$PARAMS/ring_events")"
	cat /dev/nethttp >/tmp/pipeline.cat &
	r=$!
	wait_open $r
	pipeline_stats 0
	mark pipeline.start
	connflood -c 0 -r -R -s "$STATS" -v "$PIPELINE_COUNTERS" "$PIPELINE_PORT" \
		"$PIPELINE_CONNS" "$DATA/pipeline.req" >/tmp/pipeline.out 2>&1 &
	p=$!
	fact pipeline.pid $p
	wait_line /tmp/pipeline.out '^group 0 ' $p 600 ||
		problem "connflood: $(tail -n 3 /tmp/pipeline.out)"
	wait_taken || problem "the reader did not take every event"
	pipeline_stats _sent
	kill -CONT $p
	wait_line /tmp/pipeline.out '^closed ' $p 600 ||
		problem "connflood, closing: $(tail -n 3 /tmp/pipeline.out)"
	fact pipeline.tracked_after_fin \
		"$(wait_counter conns_tracked "$PIPELINE_TRACKED_ODD")"
	pipeline_stats _fin
	kill -CONT $p
	rc=0
	wait $p || rc=$?
	fact pipeline.flood_rc $rc
	fact pipeline.tracked_after_rst "$(wait_counter conns_tracked 0)"
	wait_taken || problem "the reader did not take every event"
	mark pipeline.end
	pipeline_stats _rst
	stop $r
	emit pipeline.out /tmp/pipeline.out
	emit_gz pipeline.cat /tmp/pipeline.cat
	rmmod nethttp
	fact pipeline.rmmod_rc $?
}

# The writable parameters rewritten in a loop while exchanges run: the
# hooks must never see a list being freed (KASAN, PROVE_RCU on the debug
# kernel) and every event must come out whole.
phase_race() {
	local r t f rc
	PHASE=race
	insmod /vm/nethttp.ko
	fact race.insmod_rc $?
	cat /dev/nethttp >/tmp/race.cat &
	r=$!
	wait_open $r
	stats race0
	mark race.start
	httpcli -n "$RACE_EXCHANGES" 127.0.0.1 "$AFTER_PORT" "$DATA/race.req" &
	t=$!
	(n=0
	while kill -0 $t 2>/dev/null; do
		echo none >"$PARAMS/redact"
		echo network_events >"$PARAMS/events"
		echo Cookie >"$PARAMS/redact"
		echo net_packet_http_request >"$PARAMS/events"
		echo "$REDACT_DEFAULT" >"$PARAMS/redact"
		echo default >"$PARAMS/events"
		n=$((n + 1))
	done
	echo "$n" >/tmp/race.flips) &
	f=$!
	rc=0
	wait $t || rc=$?
	fact race.client_rc $rc
	wait $f
	fact race.flips "$(cat /tmp/race.flips)"
	fact race.events "$(cat "$PARAMS/events")"
	fact race.redact "$(cat "$PARAMS/redact")"
	wait_taken
	sleep 0.5
	mark race.end
	stats race1
	stop $r
	emit_gz race.cat /tmp/race.cat
	rmmod nethttp
	fact race.rmmod_rc $?
}

# Until the readers have taken every event, as delivered or lost (10 s).
wait_taken() {
	local n=0 q d l
	while [ "$n" -lt 100 ]; do
		read -r q <"$STATS/events_queued"
		read -r d <"$STATS/events_delivered"
		read -r l <"$STATS/events_lost"
		[ $((d + l)) -ge "$q" ] && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# wait_for FILE PATTERN PID: until a line of FILE matches (while PID runs).
wait_for() {
	local i=0
	while [ "$i" -lt 600 ] && kill -0 "$3" 2>/dev/null; do
		grep -q "$2" "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	grep -q "$2" "$1"
}

# The counter netns_unmonitored once it reads $1, or after 20 s.
wait_unmonitored() {
	local i=0 v=
	while [ "$i" -lt 200 ]; do
		read -r v <"$STATS/netns_unmonitored"
		[ "$v" = "$1" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	echo "$v"
}

# rmmod, again while an opener may hold the device for a moment.
rmmod_retry() {
	local i=0 rc=1
	while [ "$i" -lt 100 ]; do
		rmmod nethttp 2>/dev/null && return 0
		rc=$?
		sleep 0.05
		i=$((i + 1))
	done
	return $rc
}

# An unprivileged user's namespace with every slot of the IPv4 LOCAL_IN
# hook taken by nft base chains: the module loads all the same, hooks
# what it can there, says so once and counts it; a reader racing the load
# finds either nothing or a working device.
phase_netns() {
	local f o r m rc modules reversed=
	PHASE=netns
	read -r modules <"$DATA/nft-modules"
	for m in $modules; do
		insmod "$DATA/$m.ko" || problem "insmod $m failed"
		reversed="$m $reversed"
	done
	fillhooks 1000 "$DATA/fill.nft" >/tmp/fill.out 2>&1 &
	f=$!
	wait_for /tmp/fill.out '^ready ' $f || problem "fillhooks: $(cat /tmp/fill.out)"
	fact netns.fill "$(cat /tmp/fill.out)"
	dmesg >/tmp/dmesg.before
	openrace /dev/nethttp >/tmp/openrace.netns 2>&1 &
	o=$!
	sleep 0.2
	rc=0
	insmod /vm/nethttp.ko || rc=$?
	fact netns.insmod_rc $rc
	fact netns.unmonitored_loaded "$(wait_unmonitored 1)"
	cat /dev/nethttp >/tmp/netns.cat &
	r=$!
	wait_open $r
	stats netns0
	mark netns.start
	httpcli -s "$NETNS_SPORT" 127.0.0.1 "$AFTER_PORT" "$DATA/after.req" ||
		problem "the exchange beside the full namespace failed"
	mark netns.end
	wait_lines /tmp/netns.cat 2 $r 100
	sleep 0.5
	stats netns1
	stop $r
	emit netns.cat /tmp/netns.cat
	kill $f
	wait $f
	fact netns.unmonitored_after_exit "$(wait_unmonitored 0)"
	stop $o
	fact netns.openrace "$(cat /tmp/openrace.netns)"
	rmmod_retry
	fact netns.rmmod_rc $?
	dmesg >/tmp/dmesg.after
	# the kernel log lines this phase added that speak of namespaces
	awk 'NR == FNR { seen[$0] = 1; next } !($0 in seen) && /nethttp: netns/' \
		/tmp/dmesg.before /tmp/dmesg.after >/tmp/netns.log
	emit netns.log /tmp/netns.log
	for m in $reversed; do
		rmmod "$m" || problem "rmmod $m failed"
	done
}

# Loads that fail, 50 times with redact= given (its list must not leak),
# then, where the kernel can inject faults (the debug kernel), every slab
# allocation of a load and of a namespace's creation fails in turn while
# an opener races: as fast as it can through the loads, every 20 ms
# through the namespaces, where the device stays loaded and nothing it
# does can fail on purpose (fail-nth fails the sweeping task's allocations
# only). There an open and read of the device cost the debug kernel some
# 5 ms, and the one host thread runs both vCPUs: as fast as it could, the
# opener made that sweep more than twice as long.
phase_faults() {
	local i rc fails=0 o
	PHASE=faults
	kmemleak_report kmemleak.before_faults
	lap kmemleak_before
	i=0
	while [ "$i" -lt 50 ]; do
		insmod /vm/nethttp.ko redact=Cookie forward=maybe 2>/dev/null || fails=$((fails + 1))
		i=$((i + 1))
	done
	fact faults.bad_loads_failed "$fails"
	fact faults.loaded_after_bad "$(module_loaded)"
	lap bad_loads
	kmemleak_report kmemleak.bad_loads
	lap kmemleak_bad_loads
	if [ ! -e /proc/self/fail-nth ]; then
		fact faults.injection absent
		return 0
	fi
	fact faults.injection present
	echo N >/sys/kernel/debug/failslab/ignore-gfp-wait
	echo 0 >/sys/kernel/debug/failslab/verbose
	echo "nethttp-test: fault injection starts" >/dev/kmsg
	openrace /dev/nethttp >/tmp/openrace.faults 2>&1 &
	o=$!
	rc=0
	faults load /vm/nethttp.ko "$STATS/netns_unmonitored" redact=Cookie \
		>/tmp/faults.load 2>&1 || rc=$?
	fact faults.load_rc $rc
	lap load_sweep
	insmod /vm/nethttp.ko
	fact faults.insmod_rc $?
	stop $o
	fact faults.openrace "$(cat /tmp/openrace.faults)"
	openrace -p 20000 /dev/nethttp >/tmp/openrace.netns 2>&1 &
	o=$!
	rc=0
	faults netns "$STATS/netns_unmonitored" >/tmp/faults.netns 2>&1 || rc=$?
	fact faults.netns_rc $rc
	lap netns_sweep
	fact faults.unmonitored_after "$(wait_unmonitored 0)"
	stop $o
	fact faults.openrace_netns "$(cat /tmp/openrace.netns)"
	rmmod_retry
	fact faults.rmmod_rc $?
	echo "nethttp-test: fault injection ends" >/dev/kmsg
	echo Y >/sys/kernel/debug/failslab/ignore-gfp-wait
	emit faults.load /tmp/faults.load
	emit faults.netns /tmp/faults.netns
	lap rmmod
	kmemleak_report kmemleak.faults
	lap kmemleak
}

# A flood on both CPUs while a reader pinned to CPU 1 reads 16 MiB at a
# time, starting a second into it, and a task pinned there wakes every
# millisecond: every read() returns soon, the task keeps running, the
# loss count stays exact, and SIGKILL ends such a reader at once.
phase_spin() {
	local t b r0 r1 start end
	PHASE=spin
	fact spin.rounds "$SPIN_ROUNDS"
	# rings large enough that the first read() has megabytes to take
	insmod /vm/nethttp.ko ring_events=8192
	fact spin.insmod_rc $?
	ticker -c 1 >/tmp/ticker.out &
	t=$!
	bigread -c 1 -w 1000 /dev/nethttp >/tmp/bigread.out &
	b=$!
	wait_open $b
	stats spin0
	# a connection per CPU: the same bytes twice would be one message
	rawsend -c 0 -s -n "$SPIN_ROUNDS" "$DATA/flood.req" "$DATA/flood.resp" >/dev/null &
	r0=$!
	rawsend -c 1 -s -n "$SPIN_ROUNDS" "$DATA/flood1.req" "$DATA/flood1.resp" >/dev/null &
	r1=$!
	wait $r0 $r1
	wait_taken
	lap flood
	stats spin1
	stop $b $t
	fact spin.bigread "$(cat /tmp/bigread.out)"
	fact spin.ticker "$(cat /tmp/ticker.out)"
	bigread -c 1 /dev/nethttp >/dev/null &
	b=$!
	wait_open $b
	rawsend -c 1 -s -n "$SPIN_ROUNDS" "$DATA/flood2.req" "$DATA/flood2.resp" >/dev/null &
	r1=$!
	sleep 1
	start=$(nowns)
	kill -9 $b
	wait $b
	end=$(nowns)
	fact spin.kill_ms $(((end - start) / 1000000))
	lap kill
	# The flood was there for the kill: the rest of it is not waited for.
	stop $r1
	rmmod_retry
	fact spin.rmmod_rc $?
}

# Rings only for CPUs that are online, and one more when a CPU comes up;
# an offline CPU's events can still be read.
phase_cpus() {
	local cpu1=/sys/devices/system/cpu/cpu1/online
	PHASE=cpus
	echo 0 >$cpu1
	fact cpus.offline_rc $?
	fact cpus.online_at_insmod "$(cat /sys/devices/system/cpu/online)"
	meminfo cpus.before_insmod
	insmod /vm/nethttp.ko
	fact cpus.insmod_rc $?
	meminfo cpus.after_insmod
	echo 1 >$cpu1
	fact cpus.online_rc $?
	meminfo cpus.after_online
	exec 3</dev/nethttp
	mark cpus.start
	rawsend -c 1 -n 1 "$DATA/flood.req" "$DATA/flood.resp" >/dev/null
	mark cpus.end
	sleep 0.5
	echo 0 >$cpu1
	fact cpus.offline_again_rc $?
	drain -t 1000 <&3 >/tmp/cpus.out
	fact cpus.drain_rc $?
	exec 3<&-
	emit cpus.out /tmp/cpus.out
	echo 1 >$cpu1
	fact cpus.online_again_rc $?
	fact cpus.online_at_end "$(cat /sys/devices/system/cpu/online)"
	rmmod nethttp
	fact cpus.rmmod_rc $?
	meminfo cpus.after_rmmod
}

# A reader's buffers are charged to the memory cgroup of whoever opened
# the device: one group holds 16 readers, another none, the same program.
phase_memcg() {
	local cg=/sys/fs/cgroup a b
	PHASE=memcg
	mkdir -p $cg
	mount -t cgroup2 cgroup2 $cg 2>/dev/null
	if ! grep -qw memory $cg/cgroup.controllers 2>/dev/null; then
		fact memcg.available no
		return 0
	fi
	fact memcg.available yes
	echo +memory >$cg/cgroup.subtree_control
	mkdir $cg/none $cg/readers
	insmod /vm/nethttp.ko
	fact memcg.insmod_rc $?
	sh -c "echo \$\$ >$cg/none/cgroup.procs && exec holdopen 0 /dev/nethttp" \
		>/tmp/hold.none 2>&1 &
	a=$!
	sh -c "echo \$\$ >$cg/readers/cgroup.procs && exec holdopen $MEMCG_READERS /dev/nethttp" \
		>/tmp/hold.readers 2>&1 &
	b=$!
	wait_for /tmp/hold.none '^ready' $a || problem "holdopen: $(cat /tmp/hold.none)"
	wait_for /tmp/hold.readers '^ready' $b || problem "holdopen: $(cat /tmp/hold.readers)"
	# memory.stat is brought up to date every 2 s
	sleep 3
	fact memcg.none "$(grep '^kernel ' $cg/none/memory.stat)"
	fact memcg.readers "$(grep '^kernel ' $cg/readers/memory.stat)"
	stop $a $b
	rmdir $cg/none $cg/readers
	rmmod nethttp
	fact memcg.rmmod_rc $?
}

# What process $2 is doing, as files named $1.*: for a reader that read
# nothing when it should have.
describe() {
	local what
	for what in cmdline stat wchan syscall stack; do
		[ -r "/proc/$2/$what" ] &&
			tr '\0' ' ' <"/proc/$2/$what" >"/tmp/describe.$what" &&
			emit "$1.$what" "/tmp/describe.$what"
	done
	[ -r "/proc/$2/fdinfo/0" ] && emit "$1.fd0" "/proc/$2/fdinfo/0"
	return 0
}

# LIFECYCLE_CYCLES times: load, two readers (one blocked in read(), one in
# poll()) get traffic, rmmod must fail while they are open, they are
# killed, rmmod under traffic must succeed. The traffic: exchanges, and a
# flood of connections with header blocks that never end, the oldest reset
# once LIFECYCLE_HOLD are open; every third load has the small caps of
# phase_conns, every third a conn_timeout of a second.
phase_lifecycle() {
	local i t r1 r2 params rc busy loaded1 state1 state2 rc2 loaded2 dev
	local alive churn opener writer tries n ref counts keep flood tracked held
	PHASE=lifecycle
	fact lifecycle.cycles "$LIFECYCLE_CYCLES"
	meminfo lifecycle.before
	httpcli -n 0 -i 100 127.0.0.1 "$AFTER_PORT" "$DATA/after.req" &
	t=$!
	connflood -l "$LIFECYCLE_HOLD" -i "$LIFECYCLE_CONN_MS" "$CONN_PORT" \
		3 "$DATA/conn.small" 3 "$DATA/conn.large" >/tmp/lifecycle.flood 2>&1 &
	flood=$!
	# Namespaces come and go (the module's per-namespace hooks with them)
	# and openers race rmmod, all through the cycles.
	: >/tmp/churn.count
	(while :; do
		unshare -n /usr/sbin/ip link set lo up
		echo >>/tmp/churn.count
		sleep 1
	done) &
	churn=$!
	: >/tmp/opener.log
	: >/tmp/lifecycle.rmmod_errors
	(while :; do
		opencap /dev/nethttp >>/tmp/opener.log 2>&1
		sleep 0.5
	done) &
	opener=$!
	# and the redact list is rewritten, so that some writes race rmmod
	: >/tmp/redact.writes
	(while :; do
		echo Cookie,X-Race 2>/dev/null >"$PARAMS/redact" &&
			echo >>/tmp/redact.writes
		sleep 0.1
	done) &
	writer=$!
	# Few forks per cycle: under the debug kernel each costs a lot.
	i=1
	while [ "$i" -le "$LIFECYCLE_CYCLES" ]; do
		case $((i % 3)) in
		0) params="ring_events=8 $LIFECYCLE_CAPS" ;;
		1) params="events=network_events" ;;
		*) params="conn_timeout=1" ;;
		esac
		rc=0
		# shellcheck disable=SC2086
		insmod /vm/nethttp.ko $params || rc=$?
		# Emptied here, not only by the readers' redirections: those run
		# in the children, maybe after the checks below, which would then
		# see the last cycle's lines.
		: >/tmp/cycle.r1
		: >/tmp/cycle.r2
		cat /dev/nethttp >/tmp/cycle.r1 &
		r1=$!
		drain -t 600000 </dev/nethttp >/tmp/cycle.r2 &
		r2=$!
		# Both have the device open once the module has two references
		# (the opener may add a third), and have read once their files
		# are not empty.
		n=0
		while [ "$n" -lt 200 ]; do
			ref=0
			[ -e /sys/module/nethttp/refcnt ] && read -r ref </sys/module/nethttp/refcnt
			[ "$ref" -ge 2 ] && [ -s /tmp/cycle.r1 ] && [ -s /tmp/cycle.r2 ] && break
			sleep 0.05
			n=$((n + 1))
		done
		[ -s /tmp/cycle.r1 ] || describe "cycle.$i.r1" $r1
		[ -s /tmp/cycle.r2 ] || describe "cycle.$i.r2" $r2
		state1=gone
		state2=gone
		[ -e /proc/$r1/stat ] && read -r _ _ state1 _ </proc/$r1/stat
		[ -e /proc/$r2/stat ] && read -r _ _ state2 _ </proc/$r2/stat
		busy=0
		rmmod nethttp 2>/tmp/cycle.busy || busy=$?
		loaded1=0
		[ -d /sys/module/nethttp ] && loaded1=1
		kill -0 $r1 $r2 2>/dev/null
		alive=$?
		kill $r1 $r2 2>/dev/null
		n=0
		while { kill -0 $r1 || kill -0 $r2; } 2>/dev/null && [ "$n" -lt 100 ]; do
			sleep 0.05
			n=$((n + 1))
		done
		[ "$n" -lt 100 ] || problem "cycle $i: readers still alive 5 s after SIGTERM"
		wait $r1 $r2 2>/dev/null
		# what the module follows as it is unloaded
		tracked=-1
		held=-1
		[ -e "$STATS/conns_tracked" ] && read -r tracked <"$STATS/conns_tracked"
		[ -e "$STATS/header_memory" ] && read -r held <"$STATS/header_memory"
		# An opener may hold the device for a moment: rmmod must then
		# fail cleanly, and succeed once it lets go.
		tries=0
		: >/tmp/cycle.rmmod
		while :; do
			tries=$((tries + 1))
			rc2=0
			rmmod nethttp 2>>/tmp/cycle.rmmod || rc2=$?
			[ "$rc2" -eq 0 ] || [ "$tries" -ge 100 ] && break
			sleep 0.05
		done
		[ -s /tmp/cycle.rmmod ] && cat /tmp/cycle.rmmod >>/tmp/lifecycle.rmmod_errors
		loaded2=0
		[ -d /sys/module/nethttp ] && loaded2=1
		dev=absent
		[ -e /dev/nethttp ] && dev=present
		# the shape of an event line, with issue 14's fields where known
		counts=$(awk -v event='^\\{"timestamp":[0-9]+,"eventName":"net_packet_http(_request|_response)?",' \
			-v rest='"netns":[0-9]+,"direction":"(egress|ingress)",("processId":[0-9]+,"hostProcessId":[0-9]+,"processName":"[^"]*",)?("userId":[0-9]+,)?("cgroupId":[0-9]+,)?"args":\\{.*\\}\\}$' \
			-v lost='^\\{"eventName":"nethttp_lost","lost":[0-9]+\\}$' '
			{ k = FILENAME == "/tmp/cycle.r1" ? 1 : 2; lines[k]++ }
			$0 !~ (event rest) && $0 !~ lost { bad[k]++ }
			END { printf "r1_lines=%d r1_bad=%d r2_lines=%d r2_bad=%d",
			      lines[1], bad[1], lines[2], bad[2] }' /tmp/cycle.r1 /tmp/cycle.r2)
		fact "cycle.$i" "insmod=$rc params=${params// /,} $counts" \
			"tracked=$tracked held=$held" \
			"r1_state=$state1 r2_state=$state2" \
			"busy_rc=$busy busy_loaded=$loaded1 readers_alive_rc=$alive" \
			"rmmod_rc=$rc2 rmmod_tries=$tries loaded=$loaded2 dev=$dev"
		keep=$((i == 1 || i == LIFECYCLE_CYCLES))
		[ "$keep" -eq 1 ] && emit "cycle.$i.busy" /tmp/cycle.busy
		# the first and last cycles' output, and any with a bad line
		case "$counts" in
		*"r1_bad=0 "*"r2_bad=0") ;;
		*) keep=1 ;;
		esac
		if [ "$keep" -eq 1 ]; then
			emit_gz "cycle.$i.r1" /tmp/cycle.r1
			emit_gz "cycle.$i.r2" /tmp/cycle.r2
		fi
		i=$((i + 1))
	done
	lap cycles
	kill -0 $t $flood 2>/dev/null
	fact lifecycle.traffic_alive_rc $?
	kill -0 $churn $opener $writer 2>/dev/null
	fact lifecycle.churn_alive_rc $?
	stop $t $churn $opener $writer $flood
	fact lifecycle.flood "$(tr '\n' ' ' </tmp/lifecycle.flood)"
	fact lifecycle.redact_writes "$(wc -l </tmp/redact.writes)"
	fact lifecycle.netns_churned "$(wc -l </tmp/churn.count)"
	sort /tmp/opener.log | uniq -c >/tmp/opener.summary
	emit lifecycle.opener /tmp/opener.summary
	sort -u /tmp/lifecycle.rmmod_errors >/tmp/rmmod.errors
	emit lifecycle.rmmod_errors /tmp/rmmod.errors
	meminfo lifecycle.after
	lap racers_stopped
	kmemleak_report kmemleak.lifecycle
	lap kmemleak

	# Still works afterwards.
	PHASE=final
	insmod /vm/nethttp.ko
	fact final.insmod_rc $?
	cat /dev/nethttp >/tmp/final.cat &
	r1=$!
	wait_open $r1
	stats final0
	mark final.start
	httpcli -s $((AFTER_SPORT + 1)) 127.0.0.1 "$AFTER_PORT" "$DATA/after.req" ||
		problem "the exchange after the cycles failed"
	mark final.end
	# a request and its response (the default events), and any stray
	# line half a second more
	wait_lines /tmp/final.cat 2 $r1 100
	sleep 0.5
	stats final1
	stop $r1
	emit final.cat /tmp/final.cat
	rmmod nethttp
	fact final.rmmod_rc $?
	lap final
	kmemleak_report kmemleak.final
	lap kmemleak_final
}

run() {
	local rc=0 start
	uptime_cs
	LAP_CS=$UPTIME_CS
	LAP_PHASE=$1
	start=$(nowns)
	("phase_$1") || rc=$?
	fact "phase.$1" "$rc $((($(nowns) - start) / 1000000))"
}

uptime_cs
SETUP_CS=$UPTIME_CS
setup
uptime_cs
fact phase.setup "0 $(((UPTIME_CS - SETUP_CS) * 10))"
run hostile
run device
run flood
run race
run conns
run pipeline
run netns
run faults
run spin
run cpus
run memcg
run lifecycle
dmesg >/tmp/dmesg
emit dmesg /tmp/dmesg
record "@@DONE"
