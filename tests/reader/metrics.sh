# shellcheck shell=bash disable=SC2154  # work, bin, REQ...: set by run
# --- --metrics: the Prometheus exposition --------------------------------------
#
# Sourced by tests/reader/run, whose helpers and ASan build ($bin) it uses.
# A reader serves its metrics on 127.0.0.1 after reading fixed input; each
# scrape is compared byte for byte with a body written out here by hand.
# Then Debian's Prometheus scrapes a reader with the README's scrape config,
# and its query API must give exact values.

# The reader and the Prometheus running (mpid, prom_pid; emptied once
# waited for) die with the suite, however it ends.
mpid=''
prom_pid=''
metrics_cleanup() {
	[ -z "$mpid" ] || kill -KILL "$mpid" 2>/dev/null
	[ -z "$prom_pid" ] || kill -KILL "$prom_pid" 2>/dev/null
}
trap 'metrics_cleanup; rm -rf "$work"' EXIT

# A port that is free, most likely: a clash is retried with another one.
# Below the usual ephemeral range (32768-60999).
random_port() { echo $((20000 + RANDOM % 12000)); }

# serve LINES ARGS...: starts the reader in $work with --metrics
# ${mhost}PORT (mhost: 127.0.0.1: unless set) and ARGS, its output in
# m.out and m.err, and waits (10 s at most) until it has printed LINES
# lines: all its input read (the output, a file, is written at the end of
# the input). Sets mpid and mport; tries another port when one is taken.
serve() {
	local lines=$1
	shift
	for _ in 1 2 3 4 5 6 7 8; do
		mport=$(random_port)
		rm -f "$work/m.out" "$work/m.err"
		(cd "$work" && exec "$bin" --metrics "${mhost-127.0.0.1:}$mport" "$@" \
			>m.out 2>m.err) &
		mpid=$!
		for _ in $(seq 200); do
			[ "$(wc -l 2>/dev/null <"$work/m.out" || echo 0)" -ge "$lines" ] &&
				return 0
			kill -0 "$mpid" 2>/dev/null || break
			sleep 0.05
		done
		if kill -0 "$mpid" 2>/dev/null; then
			echo "  the reader did not print $lines lines in 10 s"
			stop KILL
			return 1
		fi
		wait "$mpid"
		mpid=''
		grep -q 'Address already in use' "$work/m.err" || {
			cat "$work/m.err"; return 1; }
	done
	return 1
}

# stop SIGNAL: sends it to the reader of serve, waits for its end (5 s at
# most, else it is killed: 137) and sets mstatus.
stop() {
	kill -s "$1" "$mpid" 2>/dev/null
	for _ in $(seq 100); do
		kill -0 "$mpid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$mpid" 2>/dev/null
	wait "$mpid"
	mstatus=$?
	mpid=''
}

# scrape CURL-ARGS... URL-PATH: the body in got.out (got.err empty), the
# status code on stdout.
scrape() {
	local path=${*: -1}
	: >"$work/got.err"
	curl -s -m 10 -o "$work/got.out" -w '%{http_code}' "${@:1:$#-1}" \
		"http://127.0.0.1:$mport$path"
}

# The input, as the module would write it but for what the view needs.
# mreq METHOD HOST PATH: a request
mreq() {
	printf '{"eventName":"net_packet_http_request","args":{"http_request":{"method":"%s","host":"%s","uri_path":"%s"}}}\n' "$@"
}
# mresp STATUS LATENCY METHOD HOST PATH: a response with its request's copy
mresp() {
	printf '{"eventName":"net_packet_http_response","args":{"http_response":{"status_code":%s,"latency_ns":%s,"request":{"method":"%s","host":"%s","uri_path":"%s"}}}}\n' "$@"
}
# mgresp STATUS LATENCY METHOD HOST PATH: the same as net_packet_http
mgresp() {
	printf '{"eventName":"net_packet_http","args":{"proto_http":{"direction":"response","method":"","host":"","uri_path":"","status_code":%s,"latency_ns":%s,"request":{"method":"%s","host":"%s","uri_path":"%s"}}}}\n' "$@"
}

# A host with a quote, a backslash, a newline and a NUL (JSON escapes),
# asking with an extension method; net_packet_http twins of a request and
# a response (not counted again); an interim 100; latencies on and just
# past bucket bounds (5 ms, 0.25 s, 10 s); an unpaired 502; a status that
# is no three-digit number; two loss notices (17 and 3); an unknown event.
EVIL_HOST='a\"b\\c\nd\u0000e'
{
	lines "$REQ" "$HTTP_REQ" "$RESP" "$HTTP_RESP"
	mreq GET shop.example /items/42
	mresp 100 1000000 GET shop.example /items/42
	mresp 200 5000000 GET shop.example /items/42
	mgresp 200 5000000 GET shop.example /items/42
	mreq GET shop.example /items/7f3a9c01b7d4e5f6
	mresp 200 5000001 GET shop.example /items/7f3a9c01b7d4e5f6
	mreq POST shop.example /cart
	mresp 404 250000000 POST shop.example /cart
	lines "$LOST"
	mreq GET api.example /v1/users/123e4567-e89b-12d3-a456-426614174000
	mresp 500 10000000000 GET api.example /v1/users/123e4567-e89b-12d3-a456-426614174000
	mreq GET api.example /v1/users/9
	mresp 500 10000000001 GET api.example /v1/users/9
	lines '{"eventName":"net_packet_http_response","args":{"http_response":{"status_code":502,"latency_ns":-1,"request":null}}}'
	mreq BREW "$EVIL_HOST" /pot
	mresp 200 300000000 BREW "$EVIL_HOST" /pot
	mresp 1000 1 POST shop.example /cart
	lines '{"eventName":"nethttp_lost","lost":3}' '{"eventName":"custom"}'
} >"$work/metrics.jsonl"
METRICS_LINES=23

# The families as the reader writes them, with what varies between scrapes.
# lost_family N, messages_family REQUESTS [STATUS COUNT]...,
# duration_family, folded_family N; series LABELS SUM COUNT and the 12
# cumulative bucket counts, le 0.005 to +Inf.
lost_family() {
	printf '%s\n' \
		'# HELP nethttp_events_lost_total Events the module dropped because the reader fell behind: the sum of the loss notices.' \
		'# TYPE nethttp_events_lost_total counter' \
		"nethttp_events_lost_total $1"
}
messages_family() {
	printf '%s\n' \
		'# HELP nethttp_http_messages_total HTTP requests and responses, each message counted once, interim and unpaired responses too.' \
		'# TYPE nethttp_http_messages_total counter' \
		"nethttp_http_messages_total{kind=\"request\",status_code=\"\"} $1"
	shift
	while [ $# -gt 0 ]; do
		echo "nethttp_http_messages_total{kind=\"response\",status_code=\"$1\"} $2"
		shift 2
	done
}
DURATION=nethttp_http_request_duration_seconds
duration_family() {
	printf '%s\n' \
		"# HELP $DURATION Time from a request to its final response (latency_ns) in seconds, of paired responses." \
		"# TYPE $DURATION histogram"
}
series() {
	local labels=$1 sum=$2 count=$3 le
	shift 3
	for le in 0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10 +Inf; do
		echo "${DURATION}_bucket{$labels,le=\"$le\"} $1"
		shift
	done
	echo "${DURATION}_sum{$labels} $sum"
	echo "${DURATION}_count{$labels} $count"
}
folded_family() {
	printf '%s\n' \
		'# HELP nethttp_metrics_folded_total Responses counted under host or route "other": a cap (--metrics-max-hosts, --metrics-max-routes) was reached.' \
		'# TYPE nethttp_metrics_folded_total counter' \
		"nethttp_metrics_folded_total $1"
}
# <NUL> in what is expected stands for the byte
with_nul() { sed 's/<NUL>/\x00/g'; }

if ! command -v curl >/dev/null || ! command -v promtool >/dev/null ||
	! command -v prometheus >/dev/null; then
	fail "metrics: curl, promtool and prometheus are needed (make deps)"
elif ! serve "$METRICS_LINES" -i metrics.jsonl; then
	fail "metrics: a reader serving on 127.0.0.1"
else
	code=$(scrape /metrics)
	{
		lost_family 20
		messages_family 7 '' 1 100 1 200 3 404 2 500 2 502 1
		duration_family
		series 'host="a\"b\\c\nd<NUL>e",method="other",route="/pot",status_code="200"' \
			0.300000000 1 0 0 0 0 0 0 1 1 1 1 1 1
		series 'host="api.example",method="GET",route="/v1/users/{id}",status_code="500"' \
			20.000000001 2 0 0 0 0 0 0 0 0 0 0 1 2
		series 'host="shop.example",method="GET",route="/items/{id}",status_code="200"' \
			0.010000001 2 1 2 2 2 2 2 2 2 2 2 2 2
		series 'host="shop.example",method="POST",route="/cart",status_code=""' \
			0.000000001 1 1 1 1 1 1 1 1 1 1 1 1 1
		series 'host="shop.example",method="POST",route="/cart",status_code="404"' \
			0.250000000 1 0 0 0 0 0 1 1 1 1 1 1 1
		folded_family 0
	} | with_nul >"$work/want.out"
	cp "$work/got.out" "$work/metrics.prom"
	compare "metrics: the scrape after the input, byte for byte" 200 "$code"

	if promtool check metrics <"$work/metrics.prom" >"$work/got.out" 2>&1; then
		compare "metrics: promtool check metrics passes on it" 0 0
	else
		compare "metrics: promtool check metrics passes on it" 0 1
	fi

	# HEAD: the headers of GET, Content-Length included, and no body
	{
		exec 5<>"/dev/tcp/127.0.0.1/$mport" &&
			printf 'HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&5 &&
			timeout 10 cat <&5
		exec 5<&-
	} 2>"$work/got.err" | grep -v '^Date: ' >"$work/got.out"
	printf '%s\r\n' 'HTTP/1.1 200 OK' 'Connection: close' \
		'Content-Type: text/plain; version=0.0.4; charset=utf-8' \
		"Content-Length: $(wc -c <"$work/metrics.prom")" '' >"$work/want.out"
	compare "metrics: HEAD has GET's headers and no body" 0 0

	code=$(scrape /metric)
	echo 'not found: the metrics are at /metrics' | expect_out
	compare "metrics: another path is 404" 404 "$code"

	code=$(scrape -D "$work/headers" -X POST -d x /metrics)
	echo 'method not allowed: use GET or HEAD' | expect_out
	if grep -q $'^Allow: GET, HEAD\r$' "$work/headers"; then
		compare "metrics: POST is 405, Allow: GET, HEAD" 405 "$code"
	else
		compare "metrics: POST is 405, Allow: GET, HEAD (no Allow header)" 405 x
	fi

	# the same port, taken
	expect_err <<EOF
nethttp: --metrics: cannot listen on 127.0.0.1:$mport: Address already in use
EOF
	check "metrics: a port in use is an error" 1 --metrics "127.0.0.1:$mport" \
		-i metrics.jsonl

	stop TERM
	cp "$work/metrics.jsonl" "$work/want.out"
	cp "$work/m.out" "$work/got.out"
	cp "$work/m.err" "$work/got.err"
	compare "metrics: lines printed as usual; served until SIGTERM, then 0, no sanitizer report" \
		0 "$mstatus"
fi

# Only what is selected counts: with -e net_packet_http, the twins (the
# request and the 200 paired) and the unpaired 200 of $HTTP_RESP.
if serve 5 -e net_packet_http -i metrics.jsonl; then
	code=$(scrape /metrics)
	{
		lost_family 20
		messages_family 1 200 2
		duration_family
		series 'host="shop.example",method="GET",route="/items/{id}",status_code="200"' \
			0.005000000 1 1 1 1 1 1 1 1 1 1 1 1 1
		folded_family 0
	} >"$work/want.out"
	compare "metrics: -e net_packet_http counts what it prints, once" 200 "$code"
	stop INT
	: >"$work/want.out"
	: >"$work/got.out"
	cp "$work/m.err" "$work/got.err"
	compare "metrics: SIGINT ends the serving with 0" 0 "$mstatus"
else
	fail "metrics: a reader serving on 127.0.0.1 with -e"
fi

# The filters decide what counts as they decide what is printed: with
# --status 5xx the two 500s, the unpaired 502 and the loss notices; no
# request (a status filter never matches one).
if serve 5 --status 5xx -i metrics.jsonl; then
	code=$(scrape /metrics)
	{
		lost_family 20
		messages_family 0 500 2 502 1
		duration_family
		series 'host="api.example",method="GET",route="/v1/users/{id}",status_code="500"' \
			20.000000001 2 0 0 0 0 0 0 0 0 0 0 1 2
		folded_family 0
	} >"$work/want.out"
	compare "metrics: --status 5xx counts only what it lets through" 200 "$code"
	stop TERM
	if [ "$mstatus" != 0 ] || [ -s "$work/m.err" ]; then
		fail "metrics: the filtering reader ends with 0 (status $mstatus)"
		cat "$work/m.err"
	fi
else
	fail "metrics: a reader serving with --status 5xx"
fi

# The caps, 2 hosts and 2 routes each: h1's third and fourth routes, h3's
# and h4's routes under host other, and other's own third route.
{
	mresp 200 1000000 GET h1 /a
	mresp 200 1000000 GET h1 /b
	mresp 200 1000000 GET h1 /c
	mresp 200 1000000 GET h2 /a
	mresp 200 1000000 GET h3 /a
	mresp 200 1000000 GET h4 /b
	mresp 200 1000000 GET h5 /c
	mresp 200 1000000 GET h1 /a
	mresp 200 1000000 GET h1 /d
} >"$work/fold.jsonl"
if serve 9 --metrics-max-routes 2 --metrics-max-hosts 2 -i fold.jsonl; then
	code=$(scrape /metrics)
	one=(1 1 1 1 1 1 1 1 1 1 1 1)
	two=(2 2 2 2 2 2 2 2 2 2 2 2)
	{
		lost_family 0
		messages_family 0 200 9
		duration_family
		series 'host="h1",method="GET",route="/a",status_code="200"' 0.002000000 2 "${two[@]}"
		series 'host="h1",method="GET",route="/b",status_code="200"' 0.001000000 1 "${one[@]}"
		series 'host="h1",method="GET",route="other",status_code="200"' 0.002000000 2 "${two[@]}"
		series 'host="h2",method="GET",route="/a",status_code="200"' 0.001000000 1 "${one[@]}"
		series 'host="other",method="GET",route="/a",status_code="200"' 0.001000000 1 "${one[@]}"
		series 'host="other",method="GET",route="/b",status_code="200"' 0.001000000 1 "${one[@]}"
		series 'host="other",method="GET",route="other",status_code="200"' 0.001000000 1 "${one[@]}"
		folded_family 5
	} >"$work/want.out"
	compare "metrics: --metrics-max-hosts 2 --metrics-max-routes 2 fold into other" 200 "$code"
	stop TERM
	if [ "$mstatus" != 0 ] || [ -s "$work/m.err" ]; then
		fail "metrics: the folding reader ends with 0 (status $mstatus)"
		cat "$work/m.err"
	fi
else
	fail "metrics: a reader serving with small caps"
fi

# PORT alone: every address, IPv4 and (when the host has it) IPv6.
if mhost='' serve 1 -i all.jsonl; then
	codes=$(scrape /metrics)
	want='200'
	what='127.0.0.1 (this host has no IPv6 loopback: [::1] not tried)'
	if [ -e /proc/net/if_inet6 ] && grep -q '^0\{31\}1 ' /proc/net/if_inet6; then
		codes="$codes $(curl -s -m 10 -o /dev/null -w '%{http_code}' -g \
			"http://[::1]:$mport/metrics")"
		want='200 200'
		what='127.0.0.1 and [::1]'
	fi
	stop TERM
	if [ "$codes" = "$want" ] && [ "$mstatus" = 0 ] && [ ! -s "$work/m.err" ]; then
		pass "metrics: PORT alone serves on $what"
	else
		fail "metrics: PORT alone serves on $what (got $codes, status $mstatus)"
		cat "$work/m.err"
	fi
else
	fail "metrics: a reader serving on PORT alone"
fi
reset_case

# metrics_usage NAME WHY VALUE: --metrics VALUE is refused, saying WHY
metrics_usage() {
	local shown=$1 why=$2
	shift 2
	printf '%s\n' "nethttp: --metrics: '$shown': $why" \
		"Try 'nethttp --help' for more information." | expect_err
	check "metrics: --metrics '$shown' is refused" 2 --metrics "$@" -i all.jsonl
}
PORT_WHY='the port must be a number from 1 to 65535'
ADDR_WHY='the address must be a numeric IPv4 address (127.0.0.1:PORT) or an IPv6 address in brackets ([::1]:PORT)'
metrics_usage 0 "$PORT_WHY" 0
metrics_usage 65536 "$PORT_WHY" 65536
metrics_usage '' "$PORT_WHY" ''
metrics_usage 127.0.0.1: "$PORT_WHY" 127.0.0.1:
metrics_usage '[::1]:+80' "$PORT_WHY" '[::1]:+80'
metrics_usage localhost:9180 "$ADDR_WHY" localhost:9180
metrics_usage 10.1.2:9180 "$ADDR_WHY" 10.1.2:9180
metrics_usage ::1:9180 "$ADDR_WHY" ::1:9180
metrics_usage '[::1]' "$ADDR_WHY" '[::1]'
metrics_usage '[fe80::1%lo]:9180' "$ADDR_WHY" '[fe80::1%lo]:9180'
metrics_usage 'x\x1b[2J:80' "$ADDR_WHY" $'x\e[2J:80'

expect_err <<'EOF'
nethttp: option '--metrics' requires an argument
Try 'nethttp --help' for more information.
EOF
check "metrics: --metrics without its value" 2 -i all.jsonl --metrics

# --- a real Prometheus scrapes the reader --------------------------------------

# The README's scrape config, between its marker comments, without the fence.
awk '/<!-- prometheus-scrape-config end -->/ { on = 0 }
	on && !/^```/ { print }
	/<!-- prometheus-scrape-config begin -->/ { on = 1 }' \
	"$root/README.md" >"$work/readme-scrape.yml"
if [ -s "$work/readme-scrape.yml" ] &&
	promtool check config "$work/readme-scrape.yml" >"$work/promtool.log" 2>&1; then
	pass "prometheus: promtool check config passes on README's scrape config"
else
	fail "prometheus: promtool check config passes on README's scrape config"
	cat "$work/promtool.log"
fi

# promq QUERY: the value of the query's one result ("none" without one)
promq() {
	curl -s -m 10 --data-urlencode "query=$1" \
		"http://127.0.0.1:$prom_port/api/v1/query" | python3 -c '
import json, sys
try:
    r = json.load(sys.stdin)["data"]["result"]
except Exception:
    r = []
print(r[0]["value"][1] if len(r) == 1 else "none" if not r else "%d results" % len(r))'
}

# start_prometheus: scraping the reader of serve every second with the
# README's config; waits until it has scraped (20 s at most). Sets
# prom_port and prom_pid; tries another port when one is taken.
start_prometheus() {
	sed -e "s/localhost:9180/127.0.0.1:$mport/" -e 's/scrape_interval: 15s/scrape_interval: 1s/' \
		"$work/readme-scrape.yml" >"$work/prom.yml"
	if ! grep -q "127.0.0.1:$mport" "$work/prom.yml" ||
		! grep -q 'scrape_interval: 1s' "$work/prom.yml"; then
		echo "  README's scrape config has no localhost:9180 target at 15s"
		return 1
	fi
	for _ in 1 2 3 4 5; do
		prom_port=$(random_port)
		rm -rf "$work/tsdb"
		prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/tsdb" \
			--web.listen-address="127.0.0.1:$prom_port" --log.level=warn \
			>"$work/prometheus.log" 2>&1 &
		prom_pid=$!
		for _ in $(seq 100); do
			[ "$(promq nethttp_events_lost_total)" != none ] && return 0
			kill -0 "$prom_pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$prom_pid" 2>/dev/null
		wait "$prom_pid" 2>/dev/null
		prom_pid=''
		grep -q 'address already in use' "$work/prometheus.log" || {
			tail -n 5 "$work/prometheus.log"; return 1; }
	done
	return 1
}

# m.jsonl again, the route cap at 1: shop.example's /cart twice under other
if [ ! -s "$work/readme-scrape.yml" ]; then
	fail "prometheus: scrape the reader (no scrape config in README)"
elif ! serve "$METRICS_LINES" --metrics-max-routes 1 -i metrics.jsonl; then
	fail "prometheus: a reader to scrape"
else
	started=$SECONDS
	if start_prometheus; then
		for q in 'nethttp_http_messages_total{kind="request"}' \
			"sum($DURATION""_count)" \
			"sum($DURATION""_bucket{le=\"0.5\"})" \
			nethttp_events_lost_total \
			"count($DURATION""_count)" \
			"count($DURATION""_count{route=\"other\"})" \
			nethttp_metrics_folded_total \
			"$DURATION""_sum{route=\"/items/{id}\"}" \
			"$DURATION""_count{host=\"$EVIL_HOST\"}"; do
			echo "$q = $(promq "$q")"
		done >"$work/got.out"
		: >"$work/got.err"
		expect_out <<EOF
nethttp_http_messages_total{kind="request"} = 7
sum(${DURATION}_count) = 7
sum(${DURATION}_bucket{le="0.5"}) = 5
nethttp_events_lost_total = 20
count(${DURATION}_count) = 5
count(${DURATION}_count{route="other"}) = 2
nethttp_metrics_folded_total = 2
${DURATION}_sum{route="/items/{id}"} = 0.010000001
${DURATION}_count{host="$EVIL_HOST"} = 1
EOF
		compare "prometheus: scraped with README's config, the API's values exact (the NUL host too)" 0 0
	else
		fail "prometheus: start it and see it scrape the reader"
	fi
	[ -z "$prom_pid" ] || kill -TERM "$prom_pid" 2>/dev/null
	for _ in $(seq 100); do
		[ -n "$prom_pid" ] || break
		kill -0 "$prom_pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ -n "$prom_pid" ]; then
		kill -KILL "$prom_pid" 2>/dev/null
		wait "$prom_pid" 2>/dev/null
		prom_pid=''
	fi
	stop TERM
	if [ "$mstatus" = 0 ] && [ ! -s "$work/m.err" ]; then
		pass "prometheus: the scraped reader ends with 0, no sanitizer report ($((SECONDS - started)) s)"
	else
		fail "prometheus: the scraped reader ends with 0 (status $mstatus)"
		head -n 20 "$work/m.err"
	fi
fi
reset_case
trap 'rm -rf "$work"' EXIT
