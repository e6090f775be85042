# The demo, inside the VM (busybox sh): loads the module, serves a page,
# makes live HTTP traffic and shows what the reader prints. Everything the
# user should see goes to fd 9, the serial port the host shows.
set -u

# shellcheck source=/dev/null
. /vm/lib/common.sh
PARAMS=/sys/module/nethttp/parameters

bold=
dim=
reset=
if grep -q 'vm.color=1' /proc/cmdline; then
	bold=$(printf '\033[1m')
	dim=$(printf '\033[2m')
	reset=$(printf '\033[0m')
fi

say() { printf '%s\n' "$*" >&9; }
heading() { printf '\n%s== %s%s\n' "$bold" "$*" "$reset" >&9; }
# Shows a command, then runs it with its output on the terminal.
show() {
	printf '%s# %s%s\n' "$dim" "$*" "$reset" >&9
	"$@" >&9 2>&9
}
# Shows a command, runs it quietly (wget fails on a 404, as it should),
# and gives the reader time to print.
traffic() {
	printf '%s# %s%s\n' "$dim" "$*" "$reset" >&9
	"$@" >/dev/null 2>&1
	sleep 0.7
}

heading "nethttp demo: Debian kernel $(uname -r), $(nproc) CPUs, in QEMU"
show insmod /vm/nethttp.ko
show cat $PARAMS/events

mkdir -p /www
cat >/www/index.html <<'EOF'
<!DOCTYPE html>
<html><head><title>nethttp demo</title></head>
<body><h1>Hello from the nethttp demo VM</h1></body></html>
EOF
echo "plain text, over IPv6 too" >/www/hello.txt
setup_peer >/tmp/peer.log 2>&1 || say "peer namespace: $(cat /tmp/peer.log)"
httpd -p 8080 -h /www
in_ns peer httpd -p 10.99.0.2:8080 -h /www
printf 'HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{"ok":true}\n' \
	>/tmp/created
httpsrv 127.0.0.1 9090 /tmp/created >/dev/null
printf 'POST /api/items HTTP/1.1\r\nHost: 127.0.0.1:9090\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"name":"x"}\n' \
	>/tmp/post
printf 'PUT /api/items/7 HTTP/1.1\r\nHost: 127.0.0.1:9090\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"name":"y"}\n' \
	>/tmp/put
printf 'DELETE /api/items/7?hard=1 HTTP/1.1\r\nHost: 127.0.0.1:9090\r\nAuthorization: Bearer secret-token\r\n\r\n' \
	>/tmp/delete
say "busybox httpd serves /www on port 8080 (IPv4 and IPv6), and on"
say "10.99.0.2:8080 in a second network namespace behind veth0 <-> veth1;"
say "a tiny fixed-answer server listens on 127.0.0.1:9090."

heading "live events: nethttp --format table"
nethttp --format table >&9 2>&9 &
reader=$!
# beside it, a summary, and metrics of the test servers' ports alone (so
# the scrape below does not count itself)
nethttp --summary --format table >/tmp/summary 2>&1 &
summary=$!
nethttp --port 8080,9090 --metrics 127.0.0.1:9180 >/dev/null 2>/tmp/metrics.err &
metrics=$!
sleep 1
traffic wget -q -O /dev/null http://127.0.0.1:8080/index.html
traffic wget -q -O /dev/null "http://[::1]:8080/hello.txt?lang=en"
traffic wget -q -O /dev/null http://127.0.0.1:8080/no-such-page
traffic httpcli 127.0.0.1 9090 /tmp/post
traffic httpcli 127.0.0.1 9090 /tmp/put
traffic httpcli 127.0.0.1 9090 /tmp/delete
traffic wget -q -O /dev/null http://10.99.0.2:8080/index.html
kill $reader
wait $reader 2>/dev/null

heading "the same traffic summed up: nethttp --summary (on Ctrl-C or SIGTERM)"
kill $summary
wait $summary 2>/dev/null
cat /tmp/summary >&9

heading "Prometheus metrics: nethttp --port 8080,9090 --metrics 127.0.0.1:9180"
say "${dim}# wget -q -O - http://127.0.0.1:9180/metrics | grep -v '^#' | grep -v _bucket${reset}"
wget -q -O - http://127.0.0.1:9180/metrics | grep -v '^#' | grep -v _bucket >&9 ||
	cat /tmp/metrics.err >&9
kill $metrics
wait $metrics 2>/dev/null

heading "all three event names, as JSON lines: nethttp --format json"
printf '%s# echo network_events > %s/events%s\n' "$dim" "$PARAMS" "$reset" >&9
echo network_events >$PARAMS/events
nethttp --format json >/tmp/json 2>&1 &
reader=$!
sleep 1
traffic httpcli 127.0.0.1 9090 /tmp/delete
kill $reader
wait $reader 2>/dev/null
say "${dim}# the request leaving (egress): its net_packet_http_request and net_packet_http"
say "# lines; the value of Authorization is withheld (redact=$(cat $PARAMS/redact))${reset}"
grep '"direction":"egress"' /tmp/json | grep -v '"http_response"' |
	grep -v '"direction":"response"' | head -n 2 >&9

heading "counters: nethttp --stats"
show nethttp --stats
show rmmod nethttp
heading "done; powering off"
