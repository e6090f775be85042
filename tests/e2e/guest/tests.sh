# Runs inside the VM (busybox sh, as a child of /init): makes the traffic of
# /vm/data/plan.sh and records what the module did. It judges nothing
# itself: every result goes, as a record, to fd 9 (the second serial port)
# and check.py on the host asserts it.
#
# Records:  @@FACT <key> <value...>
#           @@FILE <name> / base64 of the file / @@EOF <name>
#           @@DONE  once every scenario ran
set -u

DATA=/vm/data
STATS=/sys/class/misc/nethttp/stats
PARAMS=/sys/module/nethttp/parameters
READER_JSON=${READER_JSON:-"nethttp --format json"}
PHASE=setup
# busybox has a tc of its own, without netem
TC=/usr/sbin/tc

# shellcheck source=/dev/null
. /vm/lib/common.sh
# shellcheck source=/dev/null
. "$DATA/plan.sh"
# shellcheck source=/dev/null
. "$DATA/pairing.sh"

# Every counter, a "name value" line each, read without forking: a cat
# per counter made a snapshot take some 4 s on the debug kernel.
snapshot() {
	local f v
	for f in "$STATS"/*; do
		v=
		read -r v <"$f"
		echo "${f##*/} $v"
	done >"/tmp/stats.$1"
	emit "stats.$1" "/tmp/stats.$1"
}

# Plan verbs: start a server, make a client exchange.
srv() {
	if ! in_ns "$1" httpsrv "$2" "$3" "$DATA/$4" >/dev/null; then
		problem "server $2 $3 did not start"
		return 1
	fi
}

cli() {
	local ns="$1" src="$2" dst="$3" port="$4" req="$5" rc=0
	shift 5
	in_ns "$ns" httpcli -b "$src" "$@" "$dst" "$port" "$DATA/$req" || rc=$?
	[ "$rc" -eq 0 ] || problem "client $req to $dst:$port exited $rc"
	return "$rc"
}

# Conversations of tcpconv (cases.py's CONVS): a server, and clients run
# in the background, each recorded in CLIENTS for wait_clients.
conv_server() {
	local ns="$1"
	shift
	in_ns "$ns" tcpconv server "$@" >/dev/null 2>>/tmp/conv.err ||
		problem "tcpconv server $* did not start: $(tail -n 1 /tmp/conv.err)"
}

conv_client() {
	local ns="$1" rc=0
	shift
	in_ns "$ns" tcpconv client "$@" 2>>/tmp/conv.err || rc=$?
	[ "$rc" -eq 0 ] ||
		problem "tcpconv client $* exited $rc: $(tail -n 1 /tmp/conv.err)"
}

CLIENTS=
wait_clients() {
	local pid
	for pid in $CLIENTS; do
		wait "$pid"
	done
	CLIENTS=
}

module_loaded() { grep -c '^nethttp ' /proc/modules; }

# rmmod once nothing holds the module (at most 5 s): busybox's timeout
# leaves a watcher behind for up to a second after its command ends,
# holding whatever the command had open, /dev/nethttp included.
unload() {
	local i=0
	while [ "$(cat /sys/module/nethttp/refcnt)" != 0 ] && [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	rmmod nethttp
}

setup() {
	PHASE=load
	fact kernel "$(uname -r)"
	fact ncpus "$(nproc)"
	fact tcp_timestamps "$(cat /proc/sys/net/ipv4/tcp_timestamps)"
	fact netns.init "$(readlink /proc/self/ns/net)"
	insmod /vm/nethttp.ko
	fact load.insmod_rc $?
	fact load.dev "$(stat -c '%a %F %u' /dev/nethttp 2>&1)"
	fact load.events "$(cat $PARAMS/events 2>&1)"
	fact load.redact "$(cat $PARAMS/redact 2>&1)"
	fact load.forward "$(cat $PARAMS/forward 2>&1)"
	fact load.ring_events "$(cat $PARAMS/ring_events 2>&1)"
	fact load.stat_files "$(ls $STATS 2>&1 | tr '\n' ' ')"
	fact load.stat_modes "$(stat -c '%a %u' $STATS/* 2>&1 | sort -u | tr '\n' ' ')"
	fact load.stat_user "$(opencap -u 1000 $STATS/messages)"
	fact load.open_root "$(opencap /dev/nethttp)"
	fact load.open_without_net_admin "$(opencap -d /dev/nethttp)"
	fact load.open_user "$(opencap -u 1000 /dev/nethttp)"
	# O_NONBLOCK with nothing pending: EAGAIN, and poll() times out.
	timeout 20 drain -t 300 </dev/nethttp >/tmp/nonblock.out 2>&1
	fact load.nonblock_rc $?
	fact load.nonblock_bytes "$(wc -c </tmp/nonblock.out)"

	fact load.conn_max "$(cat $PARAMS/conn_max 2>&1)"
	fact load.conn_timeout "$(cat $PARAMS/conn_timeout 2>&1)"
	fact load.header_max "$(cat $PARAMS/header_max 2>&1)"
	fact load.header_mem "$(cat $PARAMS/header_mem 2>&1)"

	PHASE=netns
	setup_peer >/tmp/peer.log 2>&1 ||
		problem "setting up the peer namespace failed: $(cat /tmp/peer.log)"
	fact netns.peer "$(readlink "/proc/$PEER_PID/ns/net")"
	# /init and setup_peer turn tail loss probes off, because each
	# retransmission used to be reported again; the module now reports a
	# message once however often TCP sends it, so the e2e runs with the
	# kernel's default, probes and their spurious retransmissions included.
	echo 3 >/proc/sys/net/ipv4/tcp_early_retrans
	in_ns peer sh -c 'echo 3 >/proc/sys/net/ipv4/tcp_early_retrans'
	fact tcp_early_retrans.init "$(cat /proc/sys/net/ipv4/tcp_early_retrans)"
	fact tcp_early_retrans.peer \
		"$(in_ns peer cat /proc/sys/net/ipv4/tcp_early_retrans)"

	PHASE=links
	setup_links >/tmp/links.log 2>&1 ||
		problem "setting up the small-MTU and lossy pairs failed: $(cat /tmp/links.log)"
	$IP -d link show dev "$MTU_VETH_INIT" >/tmp/links.mtu.init 2>&1
	in_ns peer "$IP" -d link show dev "$MTU_VETH_PEER" >/tmp/links.mtu.peer 2>&1
	emit links.mtu.init /tmp/links.mtu.init
	emit links.mtu.peer /tmp/links.mtu.peer

	PHASE=setup
	start_servers
	start_conv_servers
}

# Two more veth pairs to the peer namespace: one with a small MTU and no
# GSO, so that both ends see every segment as it is on the wire, and one
# that the loss phase makes lossy. And netem, for that.
setup_links() {
	insmod /vm/sch_netem.ko &&
		add_link "$MTU_VETH_INIT" "$MTU_ADDR_INIT" "$MTU_VETH_PEER" \
			"$MTU_ADDR_PEER" "$SMALL_MTU" &&
		add_link "$LOSS_VETH_INIT" "$LOSS_ADDR_INIT" "$LOSS_VETH_PEER" \
			"$LOSS_ADDR_PEER" 1500
}

# add_link INIT_IF INIT_ADDR PEER_IF PEER_ADDR MTU
add_link() {
	"$IP" link add "$1" type veth peer name "$3" &&
		"$IP" link set "$3" netns "$PEER_PID" &&
		"$IP" link set "$1" mtu "$5" gso_max_segs 1 &&
		in_ns peer "$IP" link set "$3" mtu "$5" gso_max_segs 1 &&
		"$IP" addr add "$2/24" dev "$1" &&
		"$IP" link set "$1" up &&
		in_ns peer "$IP" addr add "$4/24" dev "$3" &&
		in_ns peer "$IP" link set "$3" up &&
		ping -c 1 -W 5 "$4" >/dev/null
}

# The loss phase's network: netem drops packets leaving either end of the
# lossy pair, and without SACK no retransmitted segment carries options
# beyond the timestamps, so packet_len stays exact.
loss_on() {
	echo 0 >/proc/sys/net/ipv4/tcp_sack
	in_ns peer sh -c 'echo 0 >/proc/sys/net/ipv4/tcp_sack'
	if ! $TC qdisc add dev "$LOSS_VETH_INIT" root netem loss "$LOSS" ||
		! in_ns peer $TC qdisc add dev "$LOSS_VETH_PEER" root netem loss "$LOSS"; then
		problem "tc qdisc add ... netem loss $LOSS failed"
	fi
}

loss_off() {
	$TC -s qdisc show dev "$LOSS_VETH_INIT" >/tmp/loss.qdisc.init 2>&1
	in_ns peer $TC -s qdisc show dev "$LOSS_VETH_PEER" >/tmp/loss.qdisc.peer 2>&1
	emit loss.qdisc.init /tmp/loss.qdisc.init
	emit loss.qdisc.peer /tmp/loss.qdisc.peer
	$TC qdisc del dev "$LOSS_VETH_INIT" root
	in_ns peer $TC qdisc del dev "$LOSS_VETH_PEER" root
	echo 1 >/proc/sys/net/ipv4/tcp_sack
	in_ns peer sh -c 'echo 1 >/proc/sys/net/ipv4/tcp_sack'
}

retrans_facts() {
	tcp_retrans
	fact "retrans.$1.init" "$RETRANS"
	tcp_retrans "$PEER_PID"
	fact "retrans.$1.peer" "$RETRANS"
}

# conv_phase PHASE READER FILE: the conversations of PHASE, between two
# snapshots of the counters taken once READER wrote all its lines to FILE
# and the module stopped following the phase's connections (conns_tracked
# back where it was: at most 10 s). CONV_WANT counts the lines FILE must
# have by then.
conv_phase() {
	local phase="$1" r="$2" file="$3" lines times name side i=0 tracked
	eval "lines=\$CONV_LINES_$phase times=\$CONV_TIMES_$phase"
	CONV_WANT=$((CONV_WANT + lines))
	tracked=$(cat $STATS/conns_tracked)
	snapshot "$phase.0"
	retrans_facts "$phase.0"
	[ "$phase" != loss ] || loss_on
	mark "$phase.start"
	"conv_$phase"
	mark "$phase.end"
	[ "$phase" != loss ] || loss_off
	wait_lines "$file" "$CONV_WANT" "$r" 100 0.5
	while [ "$(cat $STATS/conns_tracked)" != "$tracked" ] && [ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	retrans_facts "$phase.1"
	snapshot "$phase.1"
	for name in $times; do
		for side in client server; do
			[ -f "/tmp/$name.$side.times" ] &&
				fact "times.$name.$side" "$(tr '\n' ' ' <"/tmp/$name.$side.times")"
		done
	done
}

# Connections the module follows: messages split over segments, several
# in one, bodies that look like messages, FIN with data, lost packets. On a
# module loaded afresh: connections left from main (one whose client's FIN
# came before the first message seen is followed until conn_timeout) must
# neither expire during a phase nor be waited for.
scenario_stream() {
	local r phase
	PHASE=stream
	unload || problem "rmmod before the stream scenario failed"
	insmod /vm/nethttp.ko || problem "insmod for the stream scenario failed"
	cat /dev/nethttp >/tmp/stream.cat &
	r=$!
	wait_open $r
	CONV_WANT=0
	for phase in $STREAM_PHASES; do
		PHASE=$phase
		conv_phase "$phase" $r /tmp/stream.cat
	done
	PHASE=stream
	stop $r
	emit stream.cat /tmp/stream.cat
	emit conv.err /tmp/conv.err
}

# More connections at once than the module may follow (conn_max).
scenario_evict() {
	local r phase
	PHASE=evict
	unload || problem "rmmod before reload failed"
	insmod /vm/nethttp.ko conn_max="$EVICT_CONN_MAX" ||
		problem "insmod conn_max=$EVICT_CONN_MAX failed"
	fact evict.conn_max "$(cat $PARAMS/conn_max)"
	cat /dev/nethttp >/tmp/evict.cat &
	r=$!
	wait_open $r
	CONV_WANT=0
	for phase in $EVICT_PHASES; do
		PHASE=$phase
		conv_phase "$phase" $r /tmp/evict.cat
	done
	PHASE=evict
	stop $r
	emit evict.cat /tmp/evict.cat
}

# Methods, IPv6, the peer namespace and the counters, with three readers
# reading all along: cat, the project's reader, and one reading in 37-byte
# pieces.
scenario_main() {
	local a b c phase
	snapshot main0
	cat /dev/nethttp >/tmp/main.cat &
	a=$!
	$READER_JSON >/tmp/main.reader 2>/tmp/main.reader.err &
	b=$!
	drain -t 600000 -b 37 </dev/nethttp >/tmp/main.small &
	c=$!
	PHASE=readers
	wait_open $a
	wait_open $b
	wait_open $c
	for phase in $MAIN_PHASES; do
		PHASE=$phase
		mark "$phase.start"
		"phase_$phase"
		mark "$phase.end"
	done
	PHASE=readers
	wait_lines /tmp/main.cat "$MAIN_LINES" $a 100 0.5
	wait_lines /tmp/main.reader "$MAIN_LINES" $b 100 0.5
	wait_lines /tmp/main.small "$MAIN_LINES" $c 100 0.5
	snapshot main1
	stop $a $b $c 2>/dev/null
	emit main.cat /tmp/main.cat
	emit main.reader /tmp/main.reader
	emit main.reader.err /tmp/main.reader.err
	emit main.small /tmp/main.small
	snapshot main2
}

# Writes to the events and redact parameters, one exchange after each.
scenario_params() {
	local r i=0 name value lines want=0 rc
	PHASE=params
	snapshot params0
	cat /dev/nethttp >/tmp/params.cat &
	r=$!
	wait_open $r
	while [ "$i" -lt "$PARAM_STEPS" ]; do
		eval "name=\$PARAM_NAME_$i value=\$PARAM_VALUE_$i lines=\$PARAM_LINES_$i"
		rc=0
		# echo's status is that of its write() to the parameter.
		# shellcheck disable=SC2320
		echo "$value" >"$PARAMS/$name" || rc=$?
		fact "params.write_rc.$i" "$rc"
		fact "params.read.$i" "$(cat "$PARAMS/$name")"
		mark "params$i.start"
		"param_exchange_$i"
		mark "params$i.end"
		want=$((want + lines))
		wait_lines /tmp/params.cat "$want" $r 100 0.5
		i=$((i + 1))
	done
	rc=0
	# shellcheck disable=SC2320
	echo no_such_event 2>/dev/null >$PARAMS/events || rc=$?
	fact params.bogus_rc "$rc"
	fact params.after_bogus "$(cat $PARAMS/events)"
	snapshot params1
	stop $r
	emit params.cat /tmp/params.cat
}

# A reader that reads nothing while the ring overflows, then reads.
scenario_lost() {
	local start end rc=0
	PHASE=lost
	rmmod nethttp || problem "rmmod before reload failed"
	insmod /vm/nethttp.ko ring_events=100 2>/dev/null
	fact lost.bad_ring_rc $?
	fact lost.bad_ring_loaded "$(module_loaded)"
	insmod /vm/nethttp.ko ring_events="$LOST_RING_EVENTS" ||
		problem "insmod ring_events=$LOST_RING_EVENTS failed"
	fact lost.ring_events "$(cat $PARAMS/ring_events)"
	snapshot lost0
	exec 3</dev/nethttp
	start=$(nowns)
	fact mark.lost.start "$start"
	lost_traffic || rc=$?
	end=$(nowns)
	fact mark.lost.end "$end"
	fact lost.client_rc "$rc"
	fact lost.client_ms $(((end - start) / 1000000))
	snapshot lost1
	timeout 60 drain -t 1000 <&3 >/tmp/lost.out
	fact lost.drain_rc $?
	exec 3<&-
	snapshot lost2
	emit lost.out /tmp/lost.out
}

# Each response paired with its request, and who is behind each end
# (pairing.py): servers here as user PAIR_SERVER_UID in cgroup
# PAIR_SERVER_CGROUP, clients in the peer namespace as PAIR_CLIENT_UID in
# PAIR_CLIENT_CGROUP, each side's tcpconv under a name of its own. The
# first turn of the PAIR_BEFORE dialogues goes before the module is
# loaded; their servers answer it once the gate file exists.
CGROUP=/sys/fs/cgroup
PAIR_BIN=/tmp/pair
PAIR_GATE=/tmp/pair.gate
PAIR_SERVERS=
PAIR_CG_SERVER=
PAIR_CG_CLIENT=

# The two cgroups and their ids, or "none" on a kernel without cgroups.
pair_cgroups() {
	local s=$CGROUP/$PAIR_SERVER_CGROUP c=$CGROUP/$PAIR_CLIENT_CGROUP
	if ! grep -qw cgroup2 /proc/filesystems; then
		fact pair.cgroups none
		return 0
	fi
	grep -q " $CGROUP cgroup2 " /proc/mounts ||
		mount -t cgroup2 cgroup2 $CGROUP ||
		problem "mount -t cgroup2 cgroup2 $CGROUP failed"
	mkdir -p "$s" "$c" || problem "mkdir $s $c failed"
	fact pair.cgroups "$PAIR_SERVER_CGROUP=$(stat -c %i "$s")" \
		"$PAIR_CLIENT_CGROUP=$(stat -c %i "$c")"
	PAIR_CG_SERVER="-C $s"
	PAIR_CG_CLIENT="-C $c"
}

# pair_server NAME: dialogue NAME's server, here; records its pid.
pair_server() {
	local name=$1 port turns gate="" pid
	eval "port=\$PAIR_PORT_$name turns=\$PAIR_TURNS_$name"
	case " $PAIR_BEFORE " in
	*" $name "*) gate="-W $PAIR_GATE" ;;
	esac
	# shellcheck disable=SC2086
	pid=$("$PAIR_BIN/$PAIR_SERVER_COMM" server -T "$turns" \
		-w "$PAIR_WAIT_MS" $gate -u "$PAIR_SERVER_UID" $PAIR_CG_SERVER \
		"$PAIR_SERVER_ADDR" "$port" "$DATA/pair_${name}_resp" \
		2>>/tmp/pair.err) || problem "server $name did not start"
	fact "pair.pid.server.$name" "$pid"
	PAIR_SERVERS="$PAIR_SERVERS $pid"
}

# pair_client NAME: dialogue NAME's client, in the peer namespace, in the
# background (nsenter execs it: $! is its pid); its pid in STARTED_PID.
pair_client() {
	local name=$1 port sport turns
	eval "port=\$PAIR_PORT_$name sport=\$PAIR_SPORT_$name turns=\$PAIR_TURNS_$name"
	# shellcheck disable=SC2086
	nsenter -t "$PEER_PID" -n "$PAIR_BIN/$PAIR_CLIENT_COMM" client \
		-T "$turns" -t "/tmp/pair.$name.times" -u "$PAIR_CLIENT_UID" \
		$PAIR_CG_CLIENT -b "$PAIR_CLIENT_ADDR" -s "$sport" \
		"$PAIR_SERVER_ADDR" "$port" "$DATA/pair_${name}_req" \
		2>>/tmp/pair.err &
	STARTED_PID=$!
	fact "pair.pid.client.$name" "$STARTED_PID"
}

scenario_pairing() {
	local r name i clients="" c tracked
	PHASE=pairing
	unload || problem "rmmod before the pairing scenario failed"
	pair_cgroups
	# Without early demux here, what arrives at the servers carries no
	# socket: the uid and cgroup of their ends come from the module's
	# own lookup of the established socket (the clients' side keeps it).
	echo 0 >/proc/sys/net/ipv4/ip_early_demux ||
		problem "ip_early_demux could not be turned off"
	fact pair.early_demux "$(cat /proc/sys/net/ipv4/ip_early_demux)" \
		"$(nsenter -t "$PEER_PID" -n cat /proc/sys/net/ipv4/ip_early_demux)"
	mkdir -p $PAIR_BIN
	ln -s /vm/bin/tcpconv "$PAIR_BIN/$PAIR_SERVER_COMM"
	ln -s /vm/bin/tcpconv "$PAIR_BIN/$PAIR_CLIENT_COMM"
	: >/tmp/pair.err
	for name in $PAIR_BEFORE $PAIR_AFTER; do
		pair_server "$name"
	done
	for name in $PAIR_BEFORE; do
		pair_client "$name"
		clients="$clients $name:$STARTED_PID"
		# the first write is done once its time is in the file
		i=0
		while [ ! -s "/tmp/pair.$name.times" ] && [ "$i" -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		[ -s "/tmp/pair.$name.times" ] ||
			problem "client $name did not send its first turn"
	done
	insmod /vm/nethttp.ko
	fact pair.insmod_rc $?
	cat /dev/nethttp >/tmp/pair.cat &
	r=$!
	wait_open $r
	tracked=$(cat $STATS/conns_tracked)
	snapshot pair.0
	retrans_facts pair.0
	mark pairing.start
	touch $PAIR_GATE
	for name in $PAIR_AFTER; do
		pair_client "$name"
		clients="$clients $name:$STARTED_PID"
	done
	for c in $clients; do
		wait "${c#*:}"
		fact "pair.client_rc.${c%%:*}" $?
	done
	mark pairing.end
	wait_lines /tmp/pair.cat "$PAIR_LINES" $r 100 0.5
	i=0
	while [ "$(cat $STATS/conns_tracked)" != "$tracked" ] && [ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	retrans_facts pair.1
	snapshot pair.1
	# shellcheck disable=SC2086
	stop $r $PAIR_SERVERS
	emit pair.cat /tmp/pair.cat
	emit pair.err /tmp/pair.err
	echo 1 >/proc/sys/net/ipv4/ip_early_demux
}

# rmmod with a reader blocked in read(), without, and under traffic.
scenario_rmmod() {
	local r t rc
	PHASE=rmmod
	cat /dev/nethttp >/tmp/rmmod.cat &
	r=$!
	wait_open $r
	sleep 0.5
	fact rmmod.reader_state "$(cut -d' ' -f3 /proc/$r/stat)"
	# kmod's rmmod looks at the reference count first; busybox's goes
	# straight to delete_module(), so the kernel itself must refuse.
	rc=0
	/usr/sbin/rmmod nethttp >/tmp/rmmod.kmod 2>&1 || rc=$?
	fact rmmod.kmod_rc $rc
	emit rmmod.kmod_out /tmp/rmmod.kmod
	rc=0
	rmmod nethttp >/tmp/rmmod.busy 2>&1 || rc=$?
	fact rmmod.busy_rc $rc
	emit rmmod.busy_out /tmp/rmmod.busy
	fact rmmod.busy_loaded "$(module_loaded)"
	fact rmmod.busy_refcnt "$(cat /sys/module/nethttp/refcnt)"
	mark rmmod.start
	rmmod_exchange
	mark rmmod.end
	wait_lines /tmp/rmmod.cat "$RMMOD_LINES" $r 100 0.5
	kill -0 $r 2>/dev/null
	fact rmmod.reader_alive_rc $?
	stop $r
	emit rmmod.cat /tmp/rmmod.cat

	rc=0
	rmmod nethttp >/tmp/rmmod.idle 2>&1 || rc=$?
	fact rmmod.idle_rc $rc
	emit rmmod.idle_out /tmp/rmmod.idle
	fact rmmod.idle_loaded "$(module_loaded)"
	fact rmmod.idle_dev "$([ -e /dev/nethttp ] && echo present || echo absent)"

	insmod /vm/nethttp.ko
	fact rmmod.reinsmod_rc $?
	rmmod_traffic &
	t=$!
	sleep 1
	kill -0 $t 2>/dev/null
	fact rmmod.traffic_running_rc $?
	rc=0
	rmmod nethttp >/tmp/rmmod.traffic 2>&1 || rc=$?
	fact rmmod.traffic_rc $rc
	emit rmmod.traffic_out /tmp/rmmod.traffic
	fact rmmod.traffic_loaded "$(module_loaded)"
	# httpcli exits at its first failed exchange: still running a moment
	# later, it went through the rmmod unharmed.
	sleep 0.5
	kill -0 $t 2>/dev/null
	fact rmmod.traffic_client_alive_rc $?
	stop $t
}

run() {
	local rc=0
	("scenario_$1") || rc=$?
	fact "scenario.$1" "$rc"
}

setup
run main
run stream
run params
run lost
run evict
run pairing
run rmmod
dmesg >/tmp/dmesg
emit dmesg /tmp/dmesg
record "@@DONE"
