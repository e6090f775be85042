# The bench's guest (tests/bench/run): one CPU, guest time counting
# instructions. For each cycle and each load, interleaved so that drift
# cannot favour one side: the load without the module, with hooks that do
# nothing (the floor), with the module and no reader, and with a reader
# draining /dev/nethttp. Then how fast one
# reader takes events out of a full ring.
#
# Records: run.<load>.<config>.<cycle>  MEASURED TOTAL WINDOW_NS (loadgen)
#          sink.<load>.<cycle>          LINES LOST ELAPSED_NS (sink)
#          stat.<load>.<cycle>.<name>   the module's counters before rmmod
#          delivery                     LINES LOST ELAPSED_NS, and its load
. /vm/lib/common.sh

STATS=/sys/class/misc/nethttp/stats
CYCLES=3 CONNS=4 WARMUP_MS=100 RUN_MS=1000 DELIVERY_ROUNDTRIPS=8000
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	bench.cycles=*) CYCLES=${arg#bench.cycles=} ;;
	bench.run_ms=*) RUN_MS=${arg#bench.run_ms=} ;;
	esac
done
fact cycles "$CYCLES"
fact conns "$CONNS"
fact run_ms "$RUN_MS"

# run LOAD CONFIG CYCLE
run() {
	local out
	out=$(loadgen "$1" "$CONNS" "$WARMUP_MS" "$RUN_MS") || {
		problem "loadgen $1 ($2, cycle $3) failed"; return 1; }
	fact "run.$1.$2.$3 ${out#roundtrips }"
}

load_module() {
	insmod /vm/nethttp.ko "$@" || { problem "insmod $* failed"; return 1; }
}

unload_module() {
	rmmod nethttp || problem "rmmod failed"
}

record_stats() {
	local f
	for f in "$STATS"/*; do
		fact "stat.$1.$(basename "$f") $(cat "$f")"
	done
}

cycle=1
while [ "$cycle" -le "$CYCLES" ]; do
	for load in http ping; do
		run "$load" off "$cycle"
		insmod /vm/data/nullhook.ko || { problem "insmod nullhook failed"; break 2; }
		run "$load" nullhook "$cycle"
		rmmod nullhook || { problem "rmmod nullhook failed"; break 2; }
		load_module || break 2
		run "$load" module "$cycle"
		sink -k "/tmp/keep.$load.$cycle" /dev/nethttp >"/tmp/sink.$load.$cycle" &
		sink_pid=$!
		wait_open "$sink_pid"
		run "$load" reader "$cycle"
		# what is still in the ring, then the count
		sleep 0.5
		stop "$sink_pid"
		read -r _ lines lost elapsed <"/tmp/sink.$load.$cycle"
		fact "sink.$load.$cycle $lines $lost $elapsed"
		record_stats "$load.$cycle"
		[ "$cycle" != 1 ] || emit "keep.$load" "/tmp/keep.$load.$cycle"
		unload_module
	done
	cycle=$((cycle + 1))
done

# Delivery: a ring big enough for every event, filled with no one reading,
# then drained by one reader.
expected=$((DELIVERY_ROUNDTRIPS * 2))
if load_module ring_events=16384; then
	sink -w -n "$expected" /dev/nethttp >/tmp/sink.delivery &
	sink_pid=$!
	i=0
	while ! grep -q '^open$' /tmp/sink.delivery && [ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	out=$(loadgen http "$CONNS" "count:$DELIVERY_ROUNDTRIPS")
	fact "delivery.load ${out#roundtrips }"
	kill -USR1 "$sink_pid"
	wait "$sink_pid" || problem "the delivery reader failed"
	# shellcheck disable=SC2046
	set -- $(grep '^sink ' /tmp/sink.delivery)
	lines=$2 lost=$3 elapsed=$4
	fact "delivery $lines $lost $elapsed"
	record_stats delivery
	unload_module
fi
record "@@DONE"
