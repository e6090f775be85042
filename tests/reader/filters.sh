# Tests of the reader's filters (--method, --host, --path, --status,
# --port, --slow) and of --summary. Sourced by tests/reader/run, whose
# helpers (lines, input, expect_out, expect_err, check, compare, prow,
# row, HEADER, $bin, $work) it uses; every expected output is written out
# here by hand.

# --- fixtures: one capture with every case the filters tell apart ----------

# A GET to a host with a port, and its response 1.5 ms later.
F_REQ_A='{"timestamp":1763900000100000000,"eventName":"net_packet_http_request","netns":4026531840,"direction":"egress","processId":4321,"hostProcessId":4321,"processName":"curl","userId":1000,"args":{"metadata":{"src_ip":"127.0.0.1","dst_ip":"127.0.0.1","src_port":41000,"dst_port":8080,"protocol":6,"packet_len":140,"iface":"lo"},"http_request":{"method":"GET","protocol":"HTTP/1.1","host":"api.example.com:8080","uri_path":"/users/42","uri_query":"x=1","headers":{"Accept":["*/*"]},"content_length":0,"truncated":false,"anomalies":[]}}}'
F_RESP_A='{"timestamp":1763900000101500000,"eventName":"net_packet_http_response","netns":4026531840,"direction":"egress","processId":77,"hostProcessId":77,"processName":"api","userId":33,"args":{"metadata":{"src_ip":"127.0.0.1","dst_ip":"127.0.0.1","src_port":8080,"dst_port":41000,"protocol":6,"packet_len":120,"iface":"lo"},"http_response":{"status":"200 OK","status_code":200,"protocol":"HTTP/1.1","headers":{},"content_length":2,"truncated":false,"anomalies":[],"latency_ns":1500000,"request":{"method":"GET","host":"api.example.com:8080","uri_path":"/users/42","uri_query":"x=1","truncated":false}}}}'
# A POST to an upper-case host without a port: 100 Continue, then 201.
F_REQ_B='{"timestamp":1763900000200000000,"eventName":"net_packet_http_request","netns":4026531840,"direction":"egress","args":{"metadata":{"src_ip":"10.0.0.1","dst_ip":"10.0.0.2","src_port":41001,"dst_port":80,"protocol":6,"packet_len":180,"iface":"eth0"},"http_request":{"method":"POST","protocol":"HTTP/1.1","host":"API.Example.COM","uri_path":"/orders","uri_query":"","headers":{"Expect":["100-continue"]},"content_length":5,"truncated":false,"anomalies":[]}}}'
F_CONT_B='{"timestamp":1763900000200002000,"eventName":"net_packet_http_response","netns":4026531840,"direction":"ingress","args":{"metadata":{"src_ip":"10.0.0.2","dst_ip":"10.0.0.1","src_port":80,"dst_port":41001,"protocol":6,"packet_len":77,"iface":"eth0"},"http_response":{"status":"100 Continue","status_code":100,"protocol":"HTTP/1.1","headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":2000,"request":{"method":"POST","host":"API.Example.COM","uri_path":"/orders","uri_query":"","truncated":false}}}}'
F_RESP_B='{"timestamp":1763900000450000000,"eventName":"net_packet_http_response","netns":4026531840,"direction":"ingress","args":{"metadata":{"src_ip":"10.0.0.2","dst_ip":"10.0.0.1","src_port":80,"dst_port":41001,"protocol":6,"packet_len":99,"iface":"eth0"},"http_response":{"status":"201 Created","status_code":201,"protocol":"HTTP/1.1","headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":250000000,"request":{"method":"POST","host":"API.Example.COM","uri_path":"/orders","uri_query":"","truncated":false}}}}'
# A DELETE over IPv6 to [::1]:8443, each message also as net_packet_http
# (network_events), its 500 exactly 1 s later.
F_REQ_C='{"timestamp":1763900001000000000,"eventName":"net_packet_http_request","netns":4026531840,"direction":"egress","args":{"metadata":{"src_ip":"::1","dst_ip":"::1","src_port":50000,"dst_port":8443,"protocol":6,"packet_len":160,"iface":"lo"},"http_request":{"method":"DELETE","protocol":"HTTP/1.1","host":"[::1]:8443","uri_path":"/items/7f3a9c01b7d4e5f6","uri_query":"","headers":{},"content_length":0,"truncated":false,"anomalies":[]}}}'
F_HREQ_C='{"timestamp":1763900001000000000,"eventName":"net_packet_http","netns":4026531840,"direction":"egress","args":{"src":"::1","dst":"::1","src_port":50000,"dst_port":8443,"metadata":{"src_ip":"::1","dst_ip":"::1","src_port":50000,"dst_port":8443,"protocol":6,"packet_len":160,"iface":"lo"},"proto_http":{"direction":"request","method":"DELETE","protocol":"HTTP/1.1","host":"[::1]:8443","uri_path":"/items/7f3a9c01b7d4e5f6","uri_query":"","status":"","status_code":0,"headers":{},"content_length":0,"truncated":false,"anomalies":[]}}}'
F_RESP_C='{"timestamp":1763900002000000000,"eventName":"net_packet_http_response","netns":4026531840,"direction":"egress","args":{"metadata":{"src_ip":"::1","dst_ip":"::1","src_port":8443,"dst_port":50000,"protocol":6,"packet_len":120,"iface":"lo"},"http_response":{"status":"500 Internal Server Error","status_code":500,"protocol":"HTTP/1.1","headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":1000000000,"request":{"method":"DELETE","host":"[::1]:8443","uri_path":"/items/7f3a9c01b7d4e5f6","uri_query":"","truncated":false}}}}'
F_HRESP_C='{"timestamp":1763900002000000000,"eventName":"net_packet_http","netns":4026531840,"direction":"egress","args":{"src":"::1","dst":"::1","src_port":8443,"dst_port":50000,"metadata":{"src_ip":"::1","dst_ip":"::1","src_port":8443,"dst_port":50000,"protocol":6,"packet_len":120,"iface":"lo"},"proto_http":{"direction":"response","method":"","protocol":"HTTP/1.1","host":"","uri_path":"","uri_query":"","status":"500 Internal Server Error","status_code":500,"headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":1000000000,"request":{"method":"DELETE","host":"[::1]:8443","uri_path":"/items/7f3a9c01b7d4e5f6","uri_query":"","truncated":false}}}}'
# A 404 with no request seen (unpaired), then a loss notice.
F_UNP='{"timestamp":1763900002500000000,"eventName":"net_packet_http_response","netns":4026531840,"direction":"ingress","args":{"metadata":{"src_ip":"10.0.0.2","dst_ip":"10.0.0.1","src_port":80,"dst_port":41002,"protocol":6,"packet_len":99,"iface":"eth0"},"http_response":{"status":"404 Not Found","status_code":404,"protocol":"HTTP/1.1","headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":-1,"request":null}}}'
F_LOST='{"eventName":"nethttp_lost","lost":5}'
# A host with a NUL in it, answered 499 after 999,999 ns.
F_REQ_N='{"timestamp":1763900003000000000,"eventName":"net_packet_http_request","netns":4026531840,"direction":"egress","args":{"metadata":{"src_ip":"10.0.0.1","dst_ip":"10.0.0.2","src_port":41003,"dst_port":80,"protocol":6,"packet_len":140,"iface":"eth0"},"http_request":{"method":"GET","protocol":"HTTP/1.1","host":"evil\u0000.example.com","uri_path":"/x","uri_query":"","headers":{},"content_length":0,"truncated":false,"anomalies":["control_bytes"]}}}'
F_RESP_N='{"timestamp":1763900003000999999,"eventName":"net_packet_http_response","netns":4026531840,"direction":"ingress","args":{"metadata":{"src_ip":"10.0.0.2","dst_ip":"10.0.0.1","src_port":80,"dst_port":41003,"protocol":6,"packet_len":99,"iface":"eth0"},"http_response":{"status":"499 Client Closed Request","status_code":499,"protocol":"HTTP/1.1","headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":999999,"request":{"method":"GET","host":"evil\u0000.example.com","uri_path":"/x","uri_query":"","truncated":false}}}}'
# A PUT to a bare IPv6 host (its last group is no port) on port 65535,
# answered 1,000,000,001 ns later.
F_REQ_V='{"timestamp":1763900004000000000,"eventName":"net_packet_http_request","netns":4026532301,"direction":"ingress","args":{"metadata":{"src_ip":"fd00::2","dst_ip":"fd00::1","src_port":40000,"dst_port":65535,"protocol":6,"packet_len":150,"iface":"veth0"},"http_request":{"method":"PUT","protocol":"HTTP/1.1","host":"fd00::1","uri_path":"/api/v1","uri_query":"","headers":{},"content_length":3,"truncated":false,"anomalies":[]}}}'
F_RESP_V='{"timestamp":1763900005000000001,"eventName":"net_packet_http_response","netns":4026532301,"direction":"egress","args":{"metadata":{"src_ip":"fd00::1","dst_ip":"fd00::2","src_port":65535,"dst_port":40000,"protocol":6,"packet_len":90,"iface":"veth0"},"http_response":{"status":"204 No Content","status_code":204,"protocol":"HTTP/1.1","headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":1000000001,"request":{"method":"PUT","host":"fd00::1","uri_path":"/api/v1","uri_query":"","truncated":false}}}}'
# An event that is neither request nor response.
F_ODD='{"timestamp":1763900006000000000,"eventName":"custom_event","args":{}}'

lines "$F_REQ_A" "$F_RESP_A" "$F_REQ_B" "$F_CONT_B" "$F_RESP_B" "$F_REQ_C" \
	"$F_HREQ_C" "$F_RESP_C" "$F_HRESP_C" "$F_UNP" "$F_LOST" "$F_REQ_N" \
	"$F_RESP_N" "$F_REQ_V" "$F_RESP_V" "$F_ODD" >"$work/fil.jsonl"

# want NAME...: the fixtures named (F_ left out) as the expected stdout
want() {
	local name v
	for name in "$@"; do
		v=F_$name
		printf '%s\n' "${!v}"
	done | expect_out
}

# filt NAME ARGS...: fil.jsonl read through ARGS, -f json
filt() {
	local name=$1
	shift
	check "filters: $name" 0 -f json "$@" -i fil.jsonl
}

# --- --method -----------------------------------------------------------------

want REQ_A RESP_A LOST REQ_N RESP_N
filt "--method GET: requests and the responses to them, not the unpaired one" --method GET

want LOST
filt "--method is case-sensitive: get matches no GET" --method get

want REQ_C HREQ_C RESP_C HRESP_C LOST REQ_V RESP_V
filt "--method with a comma list" --method DELETE,PUT

want REQ_B CONT_B RESP_B LOST REQ_V RESP_V
filt "--method repeated: any may match" --method POST --method PUT

# --- --host -------------------------------------------------------------------

want REQ_A RESP_A REQ_B CONT_B RESP_B LOST
filt "--host: without the sent :port, case-insensitive" --host api.example.com

want REQ_A RESP_A REQ_B CONT_B RESP_B LOST
filt "--host: a glob, case-insensitive; a host with a NUL is not matched" \
	--host '*.EXAMPLE.com'

want REQ_A RESP_A REQ_B CONT_B RESP_B REQ_C HREQ_C RESP_C HRESP_C LOST REQ_N \
	RESP_N REQ_V RESP_V
filt "--host '*': every message with a host (NUL or not), no unpaired or unknown event" \
	--host '*'

want LOST
filt "--host: a NUL-bearing host is matched by '*' alone" --host 'evil*'

want REQ_C HREQ_C RESP_C HRESP_C LOST
filt "--host: [::1]:8443 is matched as [::1] (brackets escaped in the glob)" \
	--host '\[::1\]'

want LOST
filt "--host: an unescaped [::1] is a bracket expression (one character)" \
	--host '[::1]'

want LOST
filt "--host: a bare IPv6 address loses no ':1' as a port" --host 'fd00:'

want REQ_A RESP_A LOST REQ_V RESP_V
filt "--host repeated: the host as sent, port and all, or another" \
	--host api.example.com:8080 --host 'fd00::?'

# --- --path -------------------------------------------------------------------

want REQ_A RESP_A LOST
filt "--path: a byte prefix of the path" --path /users

want REQ_A RESP_A LOST
filt "--path: the whole path is a prefix of itself" --path /users/42

want LOST
filt "--path: longer than the path matches nothing" --path /users/42/

want REQ_A RESP_A REQ_B CONT_B RESP_B REQ_C HREQ_C RESP_C HRESP_C LOST REQ_N \
	RESP_N REQ_V RESP_V
filt "--path /: every message with a path; not the unpaired response" --path /

want REQ_C HREQ_C RESP_C HRESP_C LOST REQ_V RESP_V
filt "--path repeated" --path /items --path /api/

want LOST
filt "--path: the query is not part of the path" --path '/users/42?x'

# --- --status -----------------------------------------------------------------

want UNP LOST
filt "--status 404: an unpaired response has its status" --status 404

want RESP_C HRESP_C LOST
filt "--status 5xx" --status 5xx

want UNP LOST RESP_N
filt "--status 400-499: 499 in, 500 out" --status 400-499

want RESP_C HRESP_C LOST RESP_N
filt "--status 499-500: both edges in" --status 499-500

want CONT_B LOST
filt "--status 1xx: the interim response" --status 1xx

want RESP_A RESP_B UNP LOST RESP_V
filt "--status: a comma list, X in upper case" --status 2XX,404

want RESP_A RESP_B RESP_V LOST
lines "$F_REQ_A" "$F_RESP_A" "$F_RESP_B" "$F_RESP_V" "$F_LOST" \
	'{"eventName":"net_packet_http_response","args":{"http_response":{"status":"200 OK","status_code":"200"}}}' \
	'{"eventName":"net_packet_http_response","args":{"http_response":{"status":"200 OK"}}}' \
	'{"eventName":"net_packet_http_response","args":{"http_response":{"status_code":2000}}}' | input
check "filters: --status never matches a request or a status that is no number" 0 \
	--status 2xx,100-999 -i -

# --- --port -------------------------------------------------------------------

want REQ_A RESP_A LOST
filt "--port: either end's port (destination of requests, source of responses)" \
	--port 8080

want LOST REQ_V RESP_V
filt "--port 65535" --port 65535

want REQ_B CONT_B RESP_B REQ_C HREQ_C RESP_C HRESP_C UNP LOST REQ_N RESP_N
filt "--port: a comma list" --port 80,8443

want REQ_B CONT_B RESP_B UNP LOST REQ_N RESP_N REQ_V RESP_V
filt "--port repeated" --port 80 --port 40000

want LOST
lines '{"eventName":"net_packet_http_request","args":{"http_request":{"method":"GET","uri_path":"/"}}}' \
	'{"eventName":"net_packet_http_request","args":{"metadata":{"src_port":"80","dst_port":80},"http_request":{"method":"GET"}}}' \
	"$F_LOST" | input
check "filters: --port never matches a message without both ports as numbers" 0 \
	--port 80 -i -

# --- --slow -------------------------------------------------------------------

want RESP_C HRESP_C LOST RESP_V
filt "--slow 1s: a latency exactly equal passes" --slow 1s

want LOST RESP_V
filt "--slow 1000000001ns: one more is too much for 1 s" --slow 1000000001ns

want RESP_B RESP_C HRESP_C LOST RESP_V
filt "--slow 250ms" --slow 250ms

want RESP_A RESP_B RESP_C HRESP_C LOST RESP_V
filt "--slow 1.5ms (a decimal point)" --slow 1.5ms

want RESP_A CONT_B RESP_B RESP_C HRESP_C LOST RESP_N RESP_V
filt "--slow 0ns: every paired response, interim included, no unpaired one" \
	--slow 0ns

# 0.9999985 ms is 999,998.5 ns: at least that is at least 999,999 ns (the
# 499); 0.9999991 ms is 999,999.1 ns, which 999,999 is not.
want RESP_A RESP_B RESP_C HRESP_C LOST RESP_N RESP_V
filt "--slow: a fraction of a nanosecond rounds up (999998.5ns)" --slow 0.9999985ms

want RESP_A RESP_B RESP_C HRESP_C LOST RESP_V
filt "--slow: a fraction of a nanosecond rounds up (999999.1ns)" --slow 0.9999991ms

# 0.01666666668 m = 1,000,000,000.8 ns: the 204 (1,000,000,001) only
want LOST RESP_V
filt "--slow in minutes with a long fraction" --slow 0.01666666668m

want RESP_A RESP_B RESP_C HRESP_C LOST RESP_V
filt "--slow in microseconds" --slow 1500us

want LOST
filt "--slow 9223372036854775807ns, the longest, is taken" --slow 9223372036854775807ns

want LOST
filt "--slow 9223372036.854775807s, the longest in seconds, is taken" \
	--slow 9223372036.854775807s

want LOST
filt "--slow 153722867m, the most whole minutes, is taken" --slow 153722867m

want RESP_C HRESP_C LOST RESP_V
filt "--slow given twice: both hold, so the longer" --slow 1s --slow 250ms

# --- together -------------------------------------------------------------------

want RESP_A LOST
filt "--method and --status must both hold" --method GET --status 2xx

want RESP_A RESP_B LOST
filt "--host, --slow and --status together" --host '*.example.com' --slow 1ms \
	--status 2xx

want HREQ_C HRESP_C LOST
filt "-e net_packet_http then --method" -e net_packet_http --method DELETE

want RESP_C HRESP_C LOST
filt "all six at once (so responses only)" --method DELETE --host '\[::1\]' --path /items/ \
	--port 8443 --status 100-599 --slow 0ns

cp "$work/fil.jsonl" "$work/in.jsonl"
want REQ_A RESP_A LOST REQ_N RESP_N
check "filters: through -i - (standard input)" 0 --method GET -i -

want REQ_A RESP_A LOST REQ_N RESP_N
check "filters: on the device path too" 0 --method GET --device fil.jsonl

cp "$work/fil.jsonl" "$work/in.jsonl"
want REQ_A RESP_A REQ_B CONT_B RESP_B REQ_C HREQ_C RESP_C HRESP_C UNP LOST \
	REQ_N RESP_N REQ_V RESP_V ODD
check "filters: none given, every event passes, unknown ones too" 0 -i -

# --- other formats ----------------------------------------------------------------

expect_out <<'EOF'
{"timestamp":1763900002000000000,"eventName":"net_packet_http_response","netns":4026531840,"direction":"egress","argsNum":2,"args":[{"name":"metadata","type":"trace.PktMeta","value":{"src_ip":"::1","dst_ip":"::1","src_port":8443,"dst_port":50000,"protocol":6,"packet_len":120,"iface":"lo"}},{"name":"http_response","type":"trace.ProtoHTTPResponse","value":{"status":"500 Internal Server Error","status_code":500,"protocol":"HTTP/1.1","headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":1000000000,"request":{"method":"DELETE","host":"[::1]:8443","uri_path":"/items/7f3a9c01b7d4e5f6","uri_query":"","truncated":false}}}]}
{"timestamp":1763900002000000000,"eventName":"net_packet_http","netns":4026531840,"direction":"egress","argsNum":6,"args":[{"name":"src","type":"const char*","value":"::1"},{"name":"dst","type":"const char*","value":"::1"},{"name":"src_port","type":"u16","value":8443},{"name":"dst_port","type":"u16","value":50000},{"name":"metadata","type":"trace.PacketMetadata","value":{"src_ip":"::1","dst_ip":"::1","src_port":8443,"dst_port":50000,"protocol":6,"packet_len":120,"iface":"lo"}},{"name":"proto_http","type":"trace.ProtoHTTP","value":{"direction":"response","method":"","protocol":"HTTP/1.1","host":"","uri_path":"","uri_query":"","status":"500 Internal Server Error","status_code":500,"headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":1000000000,"request":{"method":"DELETE","host":"[::1]:8443","uri_path":"/items/7f3a9c01b7d4e5f6","uri_query":"","truncated":false}}}]}
{"eventName":"nethttp_lost","lost":5}
EOF
cp "$work/fil.jsonl" "$work/in.jsonl"
check "filters: --status 5xx in tracee's layout, from standard input" 0 \
	-f tracee --status 5xx -i -

{
	echo "$HEADER"
	prow 12:13:20.100 4026531840 egress lo 127.0.0.1:41000 127.0.0.1:8080 \
		'curl[4321]' - 'GET api.example.com:8080/users/42?x=1 HTTP/1.1'
	prow 12:13:20.101 4026531840 egress lo 127.0.0.1:8080 127.0.0.1:41000 \
		'api[77]' 1.5ms 'HTTP/1.1 200 OK'
	echo '*** 5 events lost ***'
	row 12:13:23.000 4026531840 egress eth0 10.0.0.1:41003 10.0.0.2:80 \
		'GET evil\x00.example.com/x HTTP/1.1'
	prow 12:13:23.000 4026531840 ingress eth0 10.0.0.2:80 10.0.0.1:41003 \
		- 999us 'HTTP/1.1 499 Client Closed Request'
} | expect_out
filt "--method GET as a table" --method GET -f table

# --- wrong values -----------------------------------------------------------------

# bad NAME ARGS...: exit 2, nothing on stdout, stderr as expect_err said
# with the line that points to --help after it
bad() {
	local name=$1
	shift
	echo "Try 'nethttp --help' for more information." >>"$work/want.err"
	check "filters: wrong value: $name" 2 "$@" -i fil.jsonl
}

m_tail="is not a method: an HTTP token such as GET (case matters)"
echo "nethttp: --method: '' $m_tail" | expect_err
bad "--method ''" --method ''
echo "nethttp: --method: '' $m_tail" | expect_err
bad "--method with an empty item" --method GET,
echo "nethttp: --method: 'G T' $m_tail" | expect_err
bad "--method with a space" --method 'G T'
echo "nethttp: --method: 'PO(ST' $m_tail" | expect_err
bad "--method: the bad item of a list is named" --method 'GET,PO(ST'
printf '%s\n' "nethttp: --method: 'G\\x1b[2J\\u202e' $m_tail" | expect_err
bad "--method: the value is shown escaped" --method $'G\e[2J\xe2\x80\xae'

echo "nethttp: --host: '' is empty: give a host or a glob such as '*.example.com'" | expect_err
bad "--host ''" --host ''

p_tail="does not start with '/': give the start of a path, such as /api/"
echo "nethttp: --path: 'users' $p_tail" | expect_err
bad "--path without a leading /" --path users
echo "nethttp: --path: '' $p_tail" | expect_err
bad "--path ''" --path ''
printf '%s\n' "nethttp: --path: '\\x1b]0;x\\x07' $p_tail" | expect_err
bad "--path: the value is shown escaped" --path $'\e]0;x\a'

s_tail="is not a status: use a code (404), a class (5xx) or a range (400-499), from 100 to 999"
for value in 600x 5x0 099 1000 0xx 40-499 400-4999 '400 - 499' 4xx-5xx abc ''; do
	echo "nethttp: --status: '$value' $s_tail" | expect_err
	bad "--status '$value'" --status "$value"
done
echo "nethttp: --status: '' $s_tail" | expect_err
bad "--status with an empty item" --status 404,
echo "nethttp: --status: '500-400' is not a range: it ends below its start" | expect_err
bad "--status with a range from high to low" --status 200,500-400

for value in 0 65536 -1 http 99999999999999999999 '' ' 80' 8O; do
	echo "nethttp: --port: '$value' is not a port from 1 to 65535" | expect_err
	bad "--port '$value'" --port "$value"
done
echo "nethttp: --port: '' is not a port from 1 to 65535" | expect_err
bad "--port with an empty item" --port 80,

d_tail="is not a duration: a number and a unit (ns, us, ms, s or m), such as 250ms or 1.5s"
for value in '' s ms .5s 1.s +1s x1s 1..5s; do
	echo "nethttp: --slow: '$value' $d_tail" | expect_err
	bad "--slow '$value'" --slow "$value"
done
for value in 5 1.5; do
	echo "nethttp: --slow: '$value' has no unit: use ns, us, ms, s or m, such as 250ms or 1.5s" | expect_err
	bad "--slow '$value' (no unit)" --slow "$value"
done
for value in 5h 5S 5MS '5 ms' 1e3s 1.5.5s 5µs; do
	echo "nethttp: --slow: '$value' has an unknown unit: use ns, us, ms, s or m" | expect_err
	bad "--slow '$value' (unknown unit)" --slow "$value"
done
for value in -1s -0.5ms; do
	echo "nethttp: --slow: '$value' is negative" | expect_err
	bad "--slow '$value' (negative)" --slow "$value"
done
# one past 2^63 - 1 ns, in each way it can be written
for value in 9223372036854775808ns 153722868m 9223372036.854775808s \
	9223372036.8547758071s 99999999999999999999999ns 9223372036854776us; do
	echo "nethttp: --slow: '$value' is longer than 9223372036854775807ns (292 years)" | expect_err
	bad "--slow '$value' (too long)" --slow "$value"
done

expect_err <<'EOF'
nethttp: option '--slow' requires an argument
Try 'nethttp --help' for more information.
EOF
check "filters: wrong value: --slow without its value" 2 -i fil.jsonl --slow

(cd "$work" && reader --help >got.out 2>got.err)
status=$?
missing=''
for option in --method --host --path --status --port --slow --summary; do
	grep -q -e "$option" "$work/got.out" || missing="$missing $option"
done
if [ "$status" = 0 ] && [ -z "$missing" ]; then
	pass "filters: --help describes the filters and --summary"
else
	fail "filters: --help describes the filters and --summary (status $status, missing:$missing)"
fi
reset_case

# --- --summary ------------------------------------------------------------------

# srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99, aligned as measured here
# by the longest cell of each column (ASCII cells only)
SUMMARY_WIDTHS=
srow() {
	local w
	read -r -a w <<<"$SUMMARY_WIDTHS"
	printf "%-${w[0]}s %-${w[1]}s %-${w[2]}s %-${w[3]}s %-${w[4]}s %-${w[5]}s %-${w[6]}s %s\n" "$@"
}

# The capture: a row per response to a request; 100 Continue not counted;
# the DELETE's 500 once, not again as net_packet_http; the 404 with no
# request in the unpaired row; each row's one latency is every percentile
# (the bucket's top is cut to the row's largest value). Rows of one count
# go by host bytewise: 'A' < '[' < 'a' < 'e' < 'f'.
SUMMARY_WIDTHS='20 11 6 5 6 7 7'
{
	srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99
	srow API.Example.COM /orders POST 1 0 250.0ms 250.0ms 250.0ms
	srow '[::1]:8443' '/items/{id}' DELETE 1 1 1.00s 1.00s 1.00s
	srow api.example.com:8080 '/users/{id}' GET 1 0 1.5ms 1.5ms 1.5ms
	srow 'evil\x00.example.com' /x GET 1 0 999us 999us 999us
	srow fd00::1 /api/v1 PUT 1 0 1.00s 1.00s 1.00s
	srow - - - 1 0 - - -
	echo 'lost 5 events'
} | expect_out
check "summary: the capture as a table" 0 --summary -f table -i fil.jsonl

expect_out <<'EOF'
{"host":"API.Example.COM","route":"/orders","method":"POST","count":1,"errors":0,"p50_ns":250000000,"p90_ns":250000000,"p99_ns":250000000}
{"host":"[::1]:8443","route":"/items/{id}","method":"DELETE","count":1,"errors":1,"p50_ns":1000000000,"p90_ns":1000000000,"p99_ns":1000000000}
{"host":"api.example.com:8080","route":"/users/{id}","method":"GET","count":1,"errors":0,"p50_ns":1500000,"p90_ns":1500000,"p99_ns":1500000}
{"host":"evil\u0000.example.com","route":"/x","method":"GET","count":1,"errors":0,"p50_ns":999999,"p90_ns":999999,"p99_ns":999999}
{"host":"fd00::1","route":"/api/v1","method":"PUT","count":1,"errors":0,"p50_ns":1000000001,"p90_ns":1000000001,"p99_ns":1000000001}
{"host":null,"route":null,"method":null,"count":1,"errors":0,"p50_ns":null,"p90_ns":null,"p99_ns":null}
{"eventName":"nethttp_lost","lost":5}
EOF
cp "$work/want.out" "$work/summary.json"
cp "$work/fil.jsonl" "$work/in.jsonl"
check "summary: the capture as JSON rows (the default into a pipe), from -i -" 0 \
	--summary -i -

cp "$work/summary.json" "$work/want.out"
check "summary: -f tracee gives the JSON rows" 0 --summary -f tracee -i fil.jsonl

# Only net_packet_http let through: those are counted instead.
expect_out <<'EOF'
{"host":"[::1]:8443","route":"/items/{id}","method":"DELETE","count":1,"errors":1,"p50_ns":1000000000,"p90_ns":1000000000,"p99_ns":1000000000}
{"eventName":"nethttp_lost","lost":5}
EOF
check "summary: -e net_packet_http counts net_packet_http" 0 --summary \
	-e net_packet_http -i fil.jsonl

expect_out <<'EOF'
{"host":"[::1]:8443","route":"/items/{id}","method":"DELETE","count":1,"errors":1,"p50_ns":1000000000,"p90_ns":1000000000,"p99_ns":1000000000}
{"host":"api.example.com:8080","route":"/users/{id}","method":"GET","count":1,"errors":0,"p50_ns":1500000,"p90_ns":1500000,"p99_ns":1500000}
{"eventName":"nethttp_lost","lost":5}
EOF
check "summary: counts only what passes the filters" 0 --summary --port 8080,8443 \
	-i fil.jsonl

# sresp HOST PATH METHOD STATUS LATENCY: a paired response as the device
# writes it; sunp STATUS: an unpaired one
sresp() {
	printf '{"timestamp":1763900010000000000,"eventName":"net_packet_http_response","netns":4026531840,"direction":"ingress","args":{"metadata":{"src_ip":"10.0.0.2","dst_ip":"10.0.0.1","src_port":80,"dst_port":41000,"protocol":6,"packet_len":99,"iface":"eth0"},"http_response":{"status":"%s","status_code":%s,"protocol":"HTTP/1.1","headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":%s,"request":{"method":"%s","host":"%s","uri_path":"%s","uri_query":"","truncated":false}}}}\n' \
		"$4" "$4" "$5" "$3" "$1" "$2"
}
sunp() {
	printf '{"timestamp":1763900010000000000,"eventName":"net_packet_http_response","netns":4026531840,"direction":"ingress","args":{"metadata":{"src_ip":"10.0.0.2","dst_ip":"10.0.0.1","src_port":80,"dst_port":41000,"protocol":6,"packet_len":99,"iface":"eth0"},"http_response":{"status":"%s","status_code":%s,"protocol":"HTTP/1.1","headers":{},"content_length":0,"truncated":false,"anomalies":[],"latency_ns":-1,"request":null}}}\n' \
		"$1" "$1"
}

# Percentiles by nearest rank, rank = ceil(p * n / 100):
#
# /r3/7, 100 values 1..100 ns (below 2048: exact): P50 the 50th = 50,
#   P90 the 90th = 90, P99 the 99th = 99.
# /r2, 300 100 200 ns (n = 3): P50 rank ceil(1.5) = 2 -> 200; P90 rank
#   ceil(2.7) = 3 -> 300; P99 rank ceil(2.97) = 3 -> 300. Statuses 500,
#   503 and 499: 2 errors.
# /r1, n = 10, in order: 1000 2047 2048 2049 3000 1000001 1000002
#   299900000 300000000 300212345 (fed shuffled).
#   P50 rank 5 -> 3000; 2048 <= 3000 < 4096, so its bucket is
#   2^(11-10) = 2 wide: [3000, 3001], reported 3001 (3us in the table).
#   P90 rank 9 -> 300000000; 2^28 <= it < 2^29, buckets 2^18 = 262144
#   wide: 300000000 / 262144 = 1144.4, so [1144 * 262144, + 262143] =
#   [299892736, 300154879], reported 300154879 (300.1ms).
#   P99 rank ceil(9.9) = 10 -> 300212345, bucket [1145 * 262144, + 262143]
#   = [300154880, 300417023], whose top is past the largest value:
#   reported 300212345 (300.2ms).
# /huge, 2^62 and 2^63 - 1 (n = 2): P50 rank 1 -> 2^62, bucket 2^52 wide:
#   2^62 + 2^52 - 1 = 4616189618054758399 (4616189618.05s); P90 rank
#   ceil(1.8) = 2 -> 9223372036854775807, its own bucket's top
#   (9223372036.85s). 2^63 is no latency: counted, not measured.
{
	for i in $(seq 100); do sresp p.example /r3/7 GET 200 "$i"; done
	sresp p.example /r2 POST 500 300
	sresp p.example /r2 POST 503 100
	sresp p.example /r2 POST 499 200
	for ns in 300212345 2049 1000002 1000 300000000 3000 2047 299900000 \
		1000001 2048; do
		sresp p.example /r1 GET 200 "$ns"
	done
	sresp p.example /huge GET 200 4611686018427387904
	sresp p.example /huge GET 200 9223372036854775807
	sresp p.example /huge GET 200 9223372036854775808
} >"$work/pct.jsonl"
expect_out <<'EOF'
{"host":"p.example","route":"/r3/{id}","method":"GET","count":100,"errors":0,"p50_ns":50,"p90_ns":90,"p99_ns":99}
{"host":"p.example","route":"/r1","method":"GET","count":10,"errors":0,"p50_ns":3001,"p90_ns":300154879,"p99_ns":300212345}
{"host":"p.example","route":"/huge","method":"GET","count":3,"errors":0,"p50_ns":4616189618054758399,"p90_ns":9223372036854775807,"p99_ns":9223372036854775807}
{"host":"p.example","route":"/r2","method":"POST","count":3,"errors":2,"p50_ns":200,"p90_ns":300,"p99_ns":300}
EOF
check "summary: percentiles exact below 2048 ns, bucket tops above" 0 --summary \
	-f json -i pct.jsonl

SUMMARY_WIDTHS='9 8 6 5 6 14 14'
{
	srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99
	srow p.example '/r3/{id}' GET 100 0 50ns 90ns 99ns
	srow p.example /r1 GET 10 0 3us 300.1ms 300.2ms
	srow p.example /huge GET 3 0 4616189618.05s 9223372036.85s 9223372036.85s
	srow p.example /r2 POST 3 2 200ns 300ns 300ns
} | expect_out
check "summary: the same as a table, latencies as LATENCY shows them" 0 --summary \
	-f table -i pct.jsonl

# Unpaired: 404, 502 (an error), and a 100 that answers nothing yet; an
# extension method is "other"; a paired response with no usable latency
# has a count but no percentile. Ties go by host, route, method bytewise,
# the unpaired row after its ties.
{
	sunp 404
	sunp 502
	sunp 100
	sresp h.example /brew BREW 418 7
	sresp h.example /brew GET 200 9
	sresp H.example /brew GET 200 8
	printf '%s\n' '{"eventName":"net_packet_http_response","args":{"http_response":{"status_code":200,"latency_ns":"5","request":{"method":"GET","host":"h.example","uri_path":"/a"}}}}'
	printf '%s\n' '{"eventName":"net_packet_http_response","args":{"http_response":{"status_code":200,"request":{}}}}'
	lines '{"eventName":"nethttp_lost","lost":1}'
} >"$work/unp.jsonl"
SUMMARY_WIDTHS='9 5 6 5 6 3 3 3'
{
	srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99
	srow - - - 2 1 - - -
	srow - - other 1 0 - - -
	srow H.example /brew GET 1 0 8ns 8ns 8ns
	srow h.example /a GET 1 0 - - -
	srow h.example /brew GET 1 0 9ns 9ns 9ns
	srow h.example /brew other 1 0 7ns 7ns 7ns
	echo 'lost 1 event'
} | expect_out
check "summary: unpaired row, 1xx not counted, method other, ordering" 0 --summary \
	-f table -i unp.jsonl

expect_out <<'EOF'
{"host":null,"route":null,"method":null,"count":2,"errors":1,"p50_ns":null,"p90_ns":null,"p99_ns":null}
{"host":"","route":"","method":"other","count":1,"errors":0,"p50_ns":null,"p90_ns":null,"p99_ns":null}
{"host":"H.example","route":"/brew","method":"GET","count":1,"errors":0,"p50_ns":8,"p90_ns":8,"p99_ns":8}
{"host":"h.example","route":"/a","method":"GET","count":1,"errors":0,"p50_ns":null,"p90_ns":null,"p99_ns":null}
{"host":"h.example","route":"/brew","method":"GET","count":1,"errors":0,"p50_ns":9,"p90_ns":9,"p99_ns":9}
{"host":"h.example","route":"/brew","method":"other","count":1,"errors":0,"p50_ns":7,"p90_ns":7,"p99_ns":7}
{"eventName":"nethttp_lost","lost":1}
EOF
check "summary: the same as JSON: nulls where unknown" 0 --summary -f json \
	-i unp.jsonl

# Folding, with 2 hosts and 2 routes per host: a's third route and every
# route of c and d go under "other" (d's /r under other's "other" too, as
# "other" has /x and /q by then): 5 responses.
{
	sresp a /x GET 200 1
	sresp a /x GET 200 1
	sresp a /1 GET 200 1
	sresp a /z GET 200 1
	sresp b /x GET 200 1
	sresp c /x GET 200 1
	sresp c /q GET 200 1
	sresp c /q GET 200 1
	sresp d /r GET 200 1
} >"$work/fold.jsonl"
SUMMARY_WIDTHS='5 5 6 5 6 3 3 3'
{
	srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99
	srow a /x GET 2 0 1ns 1ns 1ns
	srow other /q GET 2 0 1ns 1ns 1ns
	srow a '/{id}' GET 1 0 1ns 1ns 1ns
	srow a other GET 1 0 1ns 1ns 1ns
	srow b /x GET 1 0 1ns 1ns 1ns
	srow other /x GET 1 0 1ns 1ns 1ns
	srow other other GET 1 0 1ns 1ns 1ns
	echo '5 responses counted under host or route "other": raise --metrics-max-hosts (now 2) or --metrics-max-routes (now 2)'
} | expect_out
check "summary: hosts and routes past the caps folded, and said so" 0 --summary \
	-f table --metrics-max-hosts 2 --metrics-max-routes 2 -i fold.jsonl

expect_out <<'EOF'
{"host":"a","route":"/x","method":"GET","count":2,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
{"host":"other","route":"/q","method":"GET","count":2,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
{"host":"a","route":"/{id}","method":"GET","count":1,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
{"host":"a","route":"other","method":"GET","count":1,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
{"host":"b","route":"/x","method":"GET","count":1,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
{"host":"other","route":"/x","method":"GET","count":1,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
{"host":"other","route":"other","method":"GET","count":1,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
EOF
check "summary: folded rows as JSON" 0 --summary -f json --metrics-max-hosts 2 \
	--metrics-max-routes 2 -i fold.jsonl

# Hosts alone past their cap, then routes alone.
{
	sresp a /x GET 200 1
	sresp b /x GET 200 1
	sresp c /y GET 200 1
} >"$work/fold.jsonl"
SUMMARY_WIDTHS='5 5 6 5 6 3 3 3'
{
	srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99
	srow a /x GET 1 0 1ns 1ns 1ns
	srow other /x GET 1 0 1ns 1ns 1ns
	srow other /y GET 1 0 1ns 1ns 1ns
	echo '2 responses counted under host "other": raise --metrics-max-hosts (now 1)'
} | expect_out
check "summary: hosts alone past the cap" 0 --summary -f table \
	--metrics-max-hosts 1 -i fold.jsonl

SUMMARY_WIDTHS='4 5 6 5 6 3 3 3'
{
	srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99
	srow a /x GET 1 0 1ns 1ns 1ns
	srow b /x GET 1 0 1ns 1ns 1ns
	srow c /y GET 1 0 1ns 1ns 1ns
} | expect_out
check "summary: nothing folded, no line about it" 0 --summary -f table \
	--metrics-max-routes 1 -i fold.jsonl

{
	sresp a /x GET 200 1
	sresp a /y GET 200 1
	sresp a /y GET 200 1
	sresp a /z GET 200 1
} >"$work/fold.jsonl"
SUMMARY_WIDTHS='4 5 6 5 6 3 3 3'
{
	srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99
	srow a other GET 3 0 1ns 1ns 1ns
	srow a /x GET 1 0 1ns 1ns 1ns
	echo '3 responses counted under route "other": raise --metrics-max-routes (now 1)'
} | expect_out
check "summary: routes alone past the cap" 0 --summary -f table \
	--metrics-max-routes 1 -i fold.jsonl

SUMMARY_WIDTHS='4 5 6 5 6 3 3 3'
srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99 | expect_out
check "summary: empty input gives the header alone" 0 --summary -f table -i /dev/null

check "summary: empty input gives no JSON row" 0 --summary -f json -i /dev/null

{
	lines "$F_LOST" '{"eventName":"nethttp_lost","lost":7}'
	echo 'not json'
	sresp a /x GET 200 1
} | input
expect_out <<'EOF'
{"host":"a","route":"/x","method":"GET","count":1,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
{"eventName":"nethttp_lost","lost":12}
EOF
expect_err <<'EOF'
nethttp: <stdin>:3: invalid JSON: expected a value at column 1
nethttp: 1 invalid line skipped
EOF
check "summary: losses add up; a skipped line still exits 1" 1 --summary -i -

# Hostile labels: a 600-byte path and host are cut to 512 bytes; a host or
# route with terminal escapes or a bidi override is shown escaped on a
# terminal (JSON keeps U+202E as it is, as the device does).
long=$(printf 'g%.0s' $(seq 600))
rlo=$'\xe2\x80\xae'

{
	sresp "$long" "/$long" GET 200 1
	sresp 'x\u001b[2J' '/\u202e' GET 200 1
} >"$work/hostile.jsonl"
expect_out <<EOF
{"host":"${long:0:512}","route":"/${long:0:511}","method":"GET","count":1,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
{"host":"x\u001b[2J","route":"/$rlo","method":"GET","count":1,"errors":0,"p50_ns":1,"p90_ns":1,"p99_ns":1}
EOF
check "summary: long labels cut to 512 bytes, escapes kept escaped in JSON" 0 \
	--summary -f json -i hostile.jsonl

SUMMARY_WIDTHS='512 512 6 5 6 3 3 3'
{
	srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99
	srow "${long:0:512}" "/${long:0:511}" GET 1 0 1ns 1ns 1ns
	srow 'x\x1b[2J' '/\u202e' GET 1 0 1ns 1ns 1ns
} | expect_out
check "summary: labels shown terminal-safe in the table" 0 --summary -f table \
	-i hostile.jsonl

# --- --summary until a signal -------------------------------------------------------

# The reader waits on a FIFO that stays open: nothing is printed until
# SIGINT (or SIGTERM, on the device path) ends the wait; then the summary,
# status 0. The lines are known to be read once the FIFO is empty again
# (bash's read -t 0 on our end); what is read is counted before the stop
# is looked at.
for how in INT:-i TERM:--device; do
	sig=${how%%:*}
	from=${how#*:}
	mkfifo "$work/fifo"
	: >"$work/got.out"
	(cd "$work" && exec "$bin" --summary -f table "$from" fifo >got.out 2>got.err) &
	pid=$!
	exec 3<>"$work/fifo"	# read-write: never blocks, keeps the FIFO open
	lines "$F_REQ_A" "$F_RESP_A" "$F_LOST" >&3
	drained=no
	for _ in $(seq 100); do
		if ! read -r -t 0 -u 3; then
			drained=yes
			break
		fi
		sleep 0.05
	done
	sleep 0.1
	quiet=yes
	[ -s "$work/got.out" ] && quiet=no
	kill -s "$sig" "$pid"
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null	# still running: wait reports 137
	wait "$pid"
	status=$?
	exec 3>&-
	rm -f "$work/fifo"
	SUMMARY_WIDTHS='20 11 6 5 6 5 5'
	{
		srow HOST ROUTE METHOD COUNT ERRORS P50 P90 P99
		srow api.example.com:8080 '/users/{id}' GET 1 0 1.5ms 1.5ms 1.5ms
		echo 'lost 5 events'
	} | expect_out
	if [ "$drained" = yes ] && [ "$quiet" = yes ]; then
		compare "summary: SIG$sig on $from with its input open prints it, exit 0" 0 "$status"
	else
		fail "summary: SIG$sig on $from with its input open (read all: $drained, nothing before: $quiet)"
		reset_case
	fi
done
