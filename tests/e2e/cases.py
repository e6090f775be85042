"""The traffic of the end-to-end test and the event lines it must produce.

Every request and response is written here byte for byte, next to the
fields the module must report for it, so that the test knows every value it
asserts. `python3 cases.py DIR` writes the byte files and the guest's plan
(plan.sh) into DIR; check.py imports this module to know what to expect.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from vmcheck.events import (  # noqa: E402  (tests/lib/vmcheck)
    ALL_EVENTS, DEFAULT_EVENTS, DEFAULT_REDACT, DEFAULT_REDACT_VALUE,
    IP_HEADER_LEN, REDACTED, TCP_HEADER_LEN, add_lines, message_lines,
    metadata, paired_request)

# Namespaces, by the name the guest plan uses for them.
INIT_NS = "init"
PEER_NS = "peer"

# Requests: (name, exact bytes, expected http_request fields).
REQUESTS = {}
# Responses: (name, exact bytes, expected http_response fields).
RESPONSES = {}


def request(name, raw, method, protocol, host, uri_path, uri_query,
            headers, content_length, truncated=False, anomalies=()):
    REQUESTS[name] = (raw, {
        "method": method,
        "protocol": protocol,
        "host": host,
        "uri_path": uri_path,
        "uri_query": uri_query,
        "headers": headers,
        "content_length": content_length,
        "truncated": truncated,
        "anomalies": list(anomalies),
    })


def response(name, raw, status, status_code, protocol, headers,
             content_length, truncated=False, anomalies=()):
    RESPONSES[name] = (raw, {
        "status": status,
        "status_code": status_code,
        "protocol": protocol,
        "headers": headers,
        "content_length": content_length,
        "truncated": truncated,
        "anomalies": list(anomalies),
    })


# --- the nine methods, each showing something else of the parser -----------

request("get",
        b"GET /index.html?a=1&b=two HTTP/1.1\r\n"
        b"Host: localhost:8080\r\n"
        b"user-agent: e2e-client/1.0\r\n"
        b"Accept:\t*/* \t\r\n"
        b"authorization: Basic dXNlcjpwYXNz\r\n"
        b"\r\n",
        "GET", "HTTP/1.1", "localhost:8080", "/index.html", "a=1&b=two",
        {"User-Agent": ["e2e-client/1.0"], "Accept": ["*/*"],
         "Authorization": ["Basic dXNlcjpwYXNz"]}, 0)

request("head",
        b"HEAD /missing.txt HTTP/1.1\r\n"
        b"Host: localhost:8081\r\n"
        b"Accept: text/html\r\n"
        b"\r\n",
        "HEAD", "HTTP/1.1", "localhost:8081", "/missing.txt", "",
        {"Accept": ["text/html"]}, 0)

request("post",
        b"POST /submit?form=login HTTP/1.1\r\n"
        b"Host: localhost:8080\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Cookie: session=abc\r\n"
        b"Content-Length: 11\r\n"
        b"Cookie: theme=dark\r\n"
        b"\r\n"
        b"hello=world",
        "POST", "HTTP/1.1", "localhost:8080", "/submit", "form=login",
        {"Content-Type": ["application/x-www-form-urlencoded"],
         "Cookie": ["session=abc", "theme=dark"],
         "Content-Length": ["11"]}, 11)

request("put",
        b"PUT /items/42 HTTP/1.1\r\n"
        b"Host: localhost:8082\r\n"
        b"Content-Type: application/json\r\n"
        b"CONTENT-LENGTH: 9\r\n"
        b"\r\n"
        b'{"id":42}',
        "PUT", "HTTP/1.1", "localhost:8082", "/items/42", "",
        {"Content-Type": ["application/json"], "Content-Length": ["9"]}, 9)

request("delete",
        b"DELETE /items/42?force=true HTTP/1.0\r\n"
        b"Host: localhost:8081\r\n"
        b"X-Request-Id: abc\r\n"
        b"x-request-id: def\r\n"
        b"\r\n",
        "DELETE", "HTTP/1.0", "localhost:8081", "/items/42", "force=true",
        {"X-Request-Id": ["abc", "def"]}, 0)

request("connect",
        b"CONNECT example.com:443 HTTP/1.1\r\n"
        b"Host: example.com:443\r\n"
        b"Proxy-Connection: keep-alive\r\n"
        b"\r\n",
        "CONNECT", "HTTP/1.1", "example.com:443", "example.com:443", "",
        {"Proxy-Connection": ["keep-alive"]}, 0)

# No Host header at all.
request("options",
        b"OPTIONS * HTTP/1.1\r\n"
        b"Accept: */*\r\n"
        b"\r\n",
        "OPTIONS", "HTTP/1.1", "", "*", "",
        {"Accept": ["*/*"]}, 0, anomalies=["missing_host"])

# UTF-8 passes through; quotes and backslashes are escaped.
request("trace",
        b"TRACE /trace/me?x=%20y HTTP/1.1\r\n"
        b"Host: localhost:8080\r\n"
        b'X-Note: caf\xc3\xa9 "q" \\ end\r\n'
        b"\r\n",
        "TRACE", "HTTP/1.1", "localhost:8080", "/trace/me", "x=%20y",
        {"X-Note": ['caf\u00e9 "q" \\ end']}, 0)

request("patch",
        b"PATCH /items/42 HTTP/1.1\r\n"
        b"Host: localhost:8080\r\n"
        b"Transfer-Encoding: chunked\r\n"
        b"Content-Type: text/plain\r\n"
        b"\r\n"
        b"5\r\nhello\r\n0\r\n\r\n",
        "PATCH", "HTTP/1.1", "localhost:8080", "/items/42", "",
        {"Transfer-Encoding": ["chunked"], "Content-Type": ["text/plain"]},
        -1)

# --- more requests --------------------------------------------------------

request("get6",
        b"GET /v6/page?lang=en HTTP/1.1\r\n"
        b"Host: [::1]:8080\r\n"
        b"Accept-Encoding: gzip, deflate\r\n"
        b"\r\n",
        "GET", "HTTP/1.1", "[::1]:8080", "/v6/page", "lang=en",
        {"Accept-Encoding": ["gzip, deflate"]}, 0)

request("peer_get",
        b"GET /peer HTTP/1.1\r\n"
        b"Host: 10.99.0.2:8080\r\n"
        b"\r\n",
        "GET", "HTTP/1.1", "10.99.0.2:8080", "/peer", "", {}, 0)

request("peer_head",
        b"HEAD /cached HTTP/1.1\r\n"
        b"Host: 10.99.0.1:8090\r\n"
        b'If-None-Match: "v1"\r\n'
        b"\r\n",
        "HEAD", "HTTP/1.1", "10.99.0.1:8090", "/cached", "",
        {"If-None-Match": ['"v1"']}, 0)

# Never ends: the client shuts its side down before any blank line, and the
# header block is reported, cut, when its FIN comes.
request("truncated",
        b"POST /upload HTTP/1.1\r\n"
        b"Host: localhost:8080\r\n"
        b"Content-Type: text/plain\r\n",
        "POST", "HTTP/1.1", "localhost:8080", "/upload", "",
        {"Content-Type": ["text/plain"]}, -1, truncated=True)

request("params",
        b"GET /params?n=1 HTTP/1.1\r\n"
        b"Host: localhost:8080\r\n"
        b"Proxy-Authorization: Basic cHJveHk6cHc=\r\n"
        b"\r\n",
        "GET", "HTTP/1.1", "localhost:8080", "/params", "n=1",
        {"Proxy-Authorization": ["Basic cHJveHk6cHc="]}, 0)

# A method, and nothing else of a first line: counted, never reported.
MALFORMED = {
    "malformed": b"GET \r\nHost: localhost:8080\r\n\r\n",
}
# A word and a blank, yet no HTTP (no version after a token that is no
# registered method): neither reported nor counted.
NOT_HTTP = {
    "notmethod": b"BREW /pot\r\nHost: localhost:8080\r\n\r\n",
}

# --- evasion: what endpoints take, odd as it is, makes an event ------------

request("nocolon",
        b"GET /bad HTTP/1.1\r\n"
        b"Host: localhost:8084\r\n"
        b"NoColonHere\r\n"
        b"\r\n",
        "GET", "HTTP/1.1", "localhost:8084", "/bad", "",
        {"Nocolonhere": [""]}, 0, anomalies=["header_without_colon"])

# Methods are case-sensitive: "get" is a method of its own.
request("lowercase",
        b"get /lower HTTP/1.1\r\n"
        b"Host: localhost:8085\r\n"
        b"\r\n",
        "get", "HTTP/1.1", "localhost:8085", "/lower", "", {}, 0,
        anomalies=["extension_method"])

request("propfind",
        b"PROPFIND /dav/ HTTP/1.1\r\n"
        b"Host: localhost:8086\r\n"
        b"Depth: 1\r\n"
        b"Content-Length: 0\r\n"
        b"\r\n",
        "PROPFIND", "HTTP/1.1", "localhost:8086", "/dav/", "",
        {"Depth": ["1"], "Content-Length": ["0"]}, 0)

request("evade",
        b"GET /evade HTTP/1.1\r\n"
        b"Host: localhost\r\n"
        b"\r\n",
        "GET", "HTTP/1.1", "localhost", "/evade", "", {}, 0)

# --- responses ------------------------------------------------------------

response("ok",
         b"HTTP/1.1 200 OK\r\n"
         b"Content-Type: text/plain\r\n"
         b"Content-Length: 6\r\n"
         b"X-Multi: a\r\n"
         b"x-multi:  b \r\n"
         b"Set-Cookie: s=1; Path=/\r\n"
         b"\r\n"
         b"hello\n",
         "200 OK", 200, "HTTP/1.1",
         {"Content-Type": ["text/plain"], "Content-Length": ["6"],
          "X-Multi": ["a", "b"], "Set-Cookie": ["s=1; Path=/"]}, 6)

response("notfound",
         b"HTTP/1.0 404 Not Found\r\n"
         b"Content-Type: text/html; charset=utf-8\r\n"
         b"Content-Length: 10\r\n"
         b"\r\n"
         b"not found\n",
         "404 Not Found", 404, "HTTP/1.0",
         {"Content-Type": ["text/html; charset=utf-8"],
          "Content-Length": ["10"]}, 10)

response("nocontent",
         b"HTTP/1.1 204 No Content\r\n"
         b"Server: e2e\r\n"
         b"\r\n",
         "204 No Content", 204, "HTTP/1.1", {"Server": ["e2e"]}, 0)

response("chunked",
         b"HTTP/1.1 200 OK\r\n"
         b"Transfer-Encoding: chunked\r\n"
         b"Content-Type: text/plain\r\n"
         b"\r\n"
         b"5\r\nhello\r\n0\r\n\r\n",
         "200 OK", 200, "HTTP/1.1",
         {"Transfer-Encoding": ["chunked"], "Content-Type": ["text/plain"]},
         -1)

response("notmodified",
         b"HTTP/1.1 304 Not Modified\r\n"
         b'ETag: "v1"\r\n'
         b"\r\n",
         "304 Not Modified", 304, "HTTP/1.1", {"Etag": ['"v1"']}, 0)

response("close",
         b"HTTP/1.1 500 Internal Server Error\r\n"
         b"Content-Type: text/plain\r\n"
         b"Connection: close\r\n"
         b"\r\n"
         b"oops",
         "500 Internal Server Error", 500, "HTTP/1.1",
         {"Content-Type": ["text/plain"], "Connection": ["close"]}, -1)

# Evasive responses: each delivers a body past a parser that refuses the
# odd byte; here each makes an event naming it.
response("version_1_10",
         b"HTTP/1.10 200 ok\r\n"
         b"Content-Length: 4\r\n"
         b"\r\n"
         b"body",
         "200 ok", 200, "HTTP/1.10", {"Content-Length": ["4"]}, 4,
         anomalies=["version_nonstandard"])

response("version_2_text",
         b"HTTP/2.0 200 OK\r\n"
         b"Content-Length: 4\r\n"
         b"\r\n"
         b"body",
         "200 OK", 200, "HTTP/2.0", {"Content-Length": ["4"]}, 4,
         anomalies=["version_nonstandard"])

response("te_space",
         b"HTTP/1.1 200 OK\r\n"
         b"Transfer-Encoding : chunked\r\n"
         b"\r\n"
         b"4\r\nbody\r\n0\r\n\r\n",
         "200 OK", 200, "HTTP/1.1", {"Transfer-Encoding": ["chunked"]}, -1,
         anomalies=["space_before_colon"])

response("folded",
         b"HTTP/1.1 200 OK\r\n"
         b"X-Folded: first\r\n"
         b" \tsecond\r\n"
         b"Content-Length: 4\r\n"
         b"\r\n"
         b"body",
         "200 OK", 200, "HTTP/1.1",
         {"X-Folded": ["first second"], "Content-Length": ["4"]}, 4,
         anomalies=["obs_fold"])

response("two_lengths",
         b"HTTP/1.1 200 OK\r\n"
         b"Content-Length: 4\r\n"
         b"Content-Length: 40\r\n"
         b"\r\n"
         b"body",
         "200 OK", 200, "HTTP/1.1", {"Content-Length": ["4", "40"]}, -1,
         anomalies=["conflicting_content_length"])

response("bare_lf",
         b"HTTP/1.1 404 Not Found\n"
         b"Content-Length: 4\n"
         b"\n"
         b"body",
         "404 Not Found", 404, "HTTP/1.1", {"Content-Length": ["4"]}, 4,
         anomalies=["bare_lf"])

response("lower_no_reason",
         b"http/1.1 200\r\n"
         b"Content-Length: 4\r\n"
         b"Content-Length: 4\r\n"
         b"\r\n"
         b"body",
         "200", 200, "http/1.1", {"Content-Length": ["4", "4"]}, 4,
         anomalies=["version_nonstandard", "status_line_no_reason",
                    "duplicate_content_length"])

# Servers: (namespace, address, port, response).
SERVERS = [
    (INIT_NS, "127.0.0.1", 8080, "ok"),
    (INIT_NS, "127.0.0.1", 8081, "notfound"),
    (INIT_NS, "127.0.0.1", 8082, "nocontent"),
    (INIT_NS, "127.0.0.1", 8083, "chunked"),
    (INIT_NS, "::1", 8080, "ok"),
    (INIT_NS, "::1", 8081, "notfound"),
    (INIT_NS, "::1", 8082, "close"),
    (PEER_NS, "10.99.0.2", 8080, "ok"),
    (INIT_NS, "10.99.0.1", 8090, "notmodified"),
    (INIT_NS, "127.0.0.1", 8084, "version_1_10"),
    (INIT_NS, "127.0.0.1", 8085, "version_2_text"),
    (INIT_NS, "127.0.0.1", 8086, "te_space"),
    (INIT_NS, "127.0.0.1", 8087, "folded"),
    (INIT_NS, "127.0.0.1", 8088, "two_lengths"),
    (INIT_NS, "127.0.0.1", 8089, "bare_lf"),
    (INIT_NS, "127.0.0.1", 8091, "lower_no_reason"),
]

# The veth pair between the two namespaces.
VETH = {INIT_NS: ("veth0", "10.99.0.1"), PEER_NS: ("veth1", "10.99.0.2")}


class Exchange:
    """One connection: a request and the server's fixed response."""

    def __init__(self, phase, ns, src, sport, dst, dport, req):
        self.phase = phase
        self.ns = ns            # namespace of the client
        self.src = src
        self.sport = sport
        self.dst = dst
        self.dport = dport
        self.req = req
        server = [s for s in SERVERS if s[1] == dst and s[2] == dport]
        assert len(server) == 1, (dst, dport)
        self.server_ns = server[0][0]
        self.resp = server[0][3]
        self.family = 6 if ":" in src else 4


# Each exchange has a client port of its own, so that every event line can
# be told apart from all the others by its ports.
PHASES = {
    "methods": [
        Exchange("methods", INIT_NS, "127.0.0.1", 41001, "127.0.0.1", 8080, "get"),
        Exchange("methods", INIT_NS, "127.0.0.1", 41002, "127.0.0.1", 8081, "head"),
        Exchange("methods", INIT_NS, "127.0.0.1", 41003, "127.0.0.1", 8080, "post"),
        Exchange("methods", INIT_NS, "127.0.0.1", 41004, "127.0.0.1", 8082, "put"),
        Exchange("methods", INIT_NS, "127.0.0.1", 41005, "127.0.0.1", 8081, "delete"),
        Exchange("methods", INIT_NS, "127.0.0.1", 41006, "127.0.0.1", 8080, "connect"),
        Exchange("methods", INIT_NS, "127.0.0.1", 41007, "127.0.0.1", 8083, "options"),
        Exchange("methods", INIT_NS, "127.0.0.1", 41008, "127.0.0.1", 8080, "trace"),
        Exchange("methods", INIT_NS, "127.0.0.1", 41009, "127.0.0.1", 8080, "patch"),
    ],
    "ipv6": [
        Exchange("ipv6", INIT_NS, "::1", 42001, "::1", 8080, "get6"),
        Exchange("ipv6", INIT_NS, "::1", 42002, "::1", 8081, "post"),
        Exchange("ipv6", INIT_NS, "::1", 42003, "::1", 8082, "delete"),
    ],
    "netns": [
        Exchange("netns", INIT_NS, "10.99.0.1", 43001, "10.99.0.2", 8080, "peer_get"),
        Exchange("netns", PEER_NS, "10.99.0.2", 43002, "10.99.0.1", 8090, "peer_head"),
    ],
    "counters": [
        Exchange("counters", INIT_NS, "127.0.0.1", 44001, "127.0.0.1", 8080, "malformed"),
        Exchange("counters", INIT_NS, "127.0.0.1", 44002, "127.0.0.1", 8080, "truncated"),
        Exchange("counters", INIT_NS, "127.0.0.1", 44003, "127.0.0.1", 8080, "notmethod"),
    ],
    "evasion": [
        Exchange("evasion", INIT_NS, "127.0.0.1", 47001, "127.0.0.1", 8084, "nocolon"),
        Exchange("evasion", INIT_NS, "127.0.0.1", 47002, "127.0.0.1", 8085, "lowercase"),
        Exchange("evasion", INIT_NS, "127.0.0.1", 47003, "127.0.0.1", 8086, "propfind"),
        Exchange("evasion", INIT_NS, "127.0.0.1", 47004, "127.0.0.1", 8087, "evade"),
        Exchange("evasion", INIT_NS, "127.0.0.1", 47005, "127.0.0.1", 8088, "evade"),
        Exchange("evasion", INIT_NS, "127.0.0.1", 47006, "127.0.0.1", 8089, "evade"),
        Exchange("evasion", INIT_NS, "127.0.0.1", 47007, "127.0.0.1", 8091, "evade"),
    ],
}
# The main reader session covers these phases, in this order.
MAIN_PHASES = ["methods", "ipv6", "netns", "counters", "evasion"]

# The parameter scenario: (parameter, value written, value read back,
# event names then enabled, headers then redacted, exchange made).
def _step(port, param, value, readback, names, redact):
    return (param, value, readback, names, redact,
            Exchange("params", INIT_NS, "127.0.0.1", port, "127.0.0.1", 8080,
                     "params"))


PARAM_STEPS = [
    _step(45001, "events", "network_events", ",".join(ALL_EVENTS),
          ALL_EVENTS, DEFAULT_REDACT),
    _step(45002, "events", "net_packet_http,net_packet_http_response",
          "net_packet_http_response,net_packet_http",
          ["net_packet_http_response", "net_packet_http"], DEFAULT_REDACT),
    _step(45003, "events", "net_packet_http_request",
          "net_packet_http_request", ["net_packet_http_request"],
          DEFAULT_REDACT),
    _step(45004, "events", "default", ",".join(DEFAULT_EVENTS),
          DEFAULT_EVENTS, DEFAULT_REDACT),
    _step(45005, "redact", "none", "none", DEFAULT_EVENTS, []),
    _step(45006, "redact", "x-multi, Content-Type", "x-multi,Content-Type",
          DEFAULT_EVENTS, ["x-multi", "Content-Type"]),
    _step(45007, "redact", DEFAULT_REDACT_VALUE, DEFAULT_REDACT_VALUE,
          DEFAULT_EVENTS, DEFAULT_REDACT),
]

# The slow-reader scenario: connections made while a reader reads nothing.
LOST_RING_EVENTS = 64
LOST_CONNECTIONS = 500
LOST_EXCHANGE = Exchange("lost", INIT_NS, "127.0.0.1", 0, "127.0.0.1", 8080, "get")

# The rmmod scenario: one exchange a blocked reader must still see.
RMMOD_EXCHANGE = Exchange("rmmod", INIT_NS, "127.0.0.1", 46001, "127.0.0.1", 8080, "get")


# --- connections followed: one event per message, however TCP cuts it ---
#
# tcpconv (guest/tcpconv.c) writes each side's file of a conversation in
# the pieces chosen here, so every segment boundary is known: the checker
# knows which events each namespace must show, which header blocks span
# segments (blocks_reassembled), and each event's packet_len, that of the
# segment its header block starts in.

# Two more veth pairs between the namespaces: one with a small MTU, one
# that loses packets (netem, while the loss phase runs).
MTU_VETH = {INIT_NS: ("veth2", "10.98.0.1"), PEER_NS: ("veth3", "10.98.0.2")}
LOSS_VETH = {INIT_NS: ("veth4", "10.97.0.1"), PEER_NS: ("veth5", "10.97.0.2")}
SMALL_MTU = 600
# A segment's payload on it: the MTU less the IPv4 and TCP headers. GSO is
# off there (gso_max_segs 1), so even the sender's hook sees each segment.
SMALL_MSS = SMALL_MTU - IP_HEADER_LEN[4] - TCP_HEADER_LEN
LOSS = "20%"
# The evict scenario's module parameter, and its connections per phase.
EVICT_CONN_MAX = 16
EVICT_CONNS = 64

# The module puts header blocks together, but parses (and reports) at most
# this much of one, as before (README: "at most 2048 bytes of it").
PAYLOAD_MAX = 2048


def _lines_block(first, headers):
    """A header block: the first line, then "name: value" lines, then the
    blank line."""
    out = first.encode() + b"\r\n"
    for name, value in headers:
        out += f"{name}: {value}".encode() + b"\r\n"
    return out + b"\r\n"


def _ka_get(name, path, host):
    request(name, _lines_block(f"GET {path} HTTP/1.1",
                               [("Host", host), ("Accept", "*/*")]),
            "GET", "HTTP/1.1", host, path.partition("?")[0],
            path.partition("?")[2], {"Accept": ["*/*"]}, 0)


# The answer of every keep-alive server.
response("ka_ok",
         b"HTTP/1.1 200 OK\r\n"
         b"Content-Type: text/plain\r\n"
         b"Content-Length: 3\r\n"
         b"\r\n"
         b"ok\n",
         "200 OK", 200, "HTTP/1.1",
         {"Content-Type": ["text/plain"], "Content-Length": ["3"]}, 3)

_ka_get("ka_lo", "/keepalive?n=1", "127.0.0.1:8200")
_ka_get("loss_a", "/loss/a", "10.97.0.2:8208")
_ka_get("loss_b", "/loss/b", "10.97.0.1:8209")
_ka_get("evict_lo", "/evict/lo", "127.0.0.1:8210")
_ka_get("evict_veth", "/evict/veth", "10.99.0.2:8211")

# Written in three pieces each (see CONVS): cut inside the request target
# and between the CR and the LF of the blank line; inside the status code
# and just before the blank line.
request("split",
        b"GET /split/writes?part=3 HTTP/1.1\r\n"
        b"Host: 127.0.0.1:8201\r\n"
        b"User-Agent: e2e-split/1.0\r\n"
        b"Accept: text/plain\r\n"
        b"\r\n",
        "GET", "HTTP/1.1", "127.0.0.1:8201", "/split/writes", "part=3",
        {"User-Agent": ["e2e-split/1.0"], "Accept": ["text/plain"]}, 0)
response("split",
         b"HTTP/1.1 200 OK\r\n"
         b"Content-Type: text/plain\r\n"
         b"X-Split: three pieces\r\n"
         b"Content-Length: 6\r\n"
         b"\r\n"
         b"split\n",
         "200 OK", 200, "HTTP/1.1",
         {"Content-Type": ["text/plain"], "X-Split": ["three pieces"],
          "Content-Length": ["6"]}, 6)

# Header blocks longer than a segment of the small-MTU pair.
_MTU_PADS = [(f"X-Pad-{i:02d}", "p" * 50) for i in range(30)]
request("mtu_big",
        _lines_block("GET /mtu/big HTTP/1.1",
                     [("Host", "10.98.0.2:8202")] + _MTU_PADS),
        "GET", "HTTP/1.1", "10.98.0.2:8202", "/mtu/big", "",
        {name: [value] for name, value in _MTU_PADS}, 0)
_MTU_FILLS = [(f"X-Fill-{i:02d}", "f" * 48) for i in range(18)]
response("mtu_big",
         _lines_block("HTTP/1.1 200 OK",
                      [("Content-Length", "4")] + _MTU_FILLS) + b"big\n",
         "200 OK", 200, "HTTP/1.1",
         dict([("Content-Length", ["4"])] +
              [(name, [value]) for name, value in _MTU_FILLS]), 4)
# About 3000 bytes, past what is parsed: the event holds the headers of
# its first PAYLOAD_MAX bytes, a line end falls just there, and it says
# truncated; yet the block is followed whole, so the next request on the
# connection is found where it starts.
_HUGE_FIRST = ("X-First", "h" * 71)
_HUGE_FILLS = [(f"X-Fill-{i:02d}", "f" * 47) for i in range(47)]
_HUGE = _lines_block("GET /mtu/huge HTTP/1.1",
                     [("Host", "10.98.0.2:8203"), _HUGE_FIRST] + _HUGE_FILLS)
assert _HUGE[:PAYLOAD_MAX].endswith(b"X-Fill-31: " + b"f" * 47 + b"\r\n")
request("mtu_huge", _HUGE,
        "GET", "HTTP/1.1", "10.98.0.2:8203", "/mtu/huge", "",
        dict([(_HUGE_FIRST[0], [_HUGE_FIRST[1]])] +
             [(name, [value]) for name, value in _HUGE_FILLS[:32]]), -1,
        truncated=True)

# Three requests in one write, and the three responses in one write; the
# HEAD's response has a length and no body.
request("pipe1",
        b"GET /pipe/1 HTTP/1.1\r\nHost: 127.0.0.1:8204\r\n\r\n",
        "GET", "HTTP/1.1", "127.0.0.1:8204", "/pipe/1", "", {}, 0)
request("pipe2",
        b"HEAD /pipe/2 HTTP/1.1\r\nHost: 127.0.0.1:8204\r\n\r\n",
        "HEAD", "HTTP/1.1", "127.0.0.1:8204", "/pipe/2", "", {}, 0)
request("pipe3",
        b"GET /pipe/3?last=1 HTTP/1.1\r\nHost: 127.0.0.1:8204\r\n"
        b"Connection: close\r\n\r\n",
        "GET", "HTTP/1.1", "127.0.0.1:8204", "/pipe/3", "last=1",
        {"Connection": ["close"]}, 0)
response("pipe1",
         b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
         "200 OK", 200, "HTTP/1.1", {"Content-Length": ["5"]}, 5)
response("pipe2",
         b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nX-Head: yes\r\n\r\n",
         "200 OK", 200, "HTTP/1.1",
         {"Content-Length": ["6"], "X-Head": ["yes"]}, 6)
response("pipe3",
         b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n"
         b"Connection: close\r\n\r\nnope",
         "404 Not Found", 404, "HTTP/1.1",
         {"Content-Length": ["4"], "Connection": ["close"]}, 4)

# A body that is a request, in a segment of its own.
_SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: evil.example\r\n\r\n"
request("body_get",
        b"POST /form HTTP/1.1\r\n"
        b"Host: 127.0.0.1:8205\r\n"
        b"Content-Type: text/plain\r\n" +
        f"Content-Length: {len(_SMUGGLED)}\r\n".encode() +
        b"\r\n" + _SMUGGLED,
        "POST", "HTTP/1.1", "127.0.0.1:8205", "/form", "",
        {"Content-Type": ["text/plain"],
         "Content-Length": [str(len(_SMUGGLED))]}, len(_SMUGGLED))
response("created",
         b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
         "201 Created", 201, "HTTP/1.1", {"Content-Length": ["0"]}, 0)

# Chunks whose data are responses, each starting a segment (cut there).
_CHUNK1 = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
_CHUNK2 = b"HTTP/1.1 404 Not Found\r\n\r\n"
_CHUNK_HEAD = (b"HTTP/1.1 200 OK\r\n"
               b"Transfer-Encoding: chunked\r\n"
               b"Content-Type: text/plain\r\n"
               b"\r\n")
request("chunk_get",
        b"GET /chunked HTTP/1.1\r\nHost: 127.0.0.1:8206\r\n\r\n",
        "GET", "HTTP/1.1", "127.0.0.1:8206", "/chunked", "", {}, 0)
response("chunk_http",
         _CHUNK_HEAD +
         b"%x\r\n" % len(_CHUNK1) + _CHUNK1 + b"\r\n" +
         b"%x;ext=1\r\n" % len(_CHUNK2) + _CHUNK2 + b"\r\n" +
         b"0\r\nX-Trailer: 1\r\n\r\n",
         "200 OK", 200, "HTTP/1.1",
         {"Transfer-Encoding": ["chunked"], "Content-Type": ["text/plain"]},
         -1)
_CHUNK_RAW = RESPONSES["chunk_http"][0]
_CHUNK_CUTS = (len(_CHUNK_HEAD) + 4,
               _CHUNK_RAW.index(_CHUNK2),
               _CHUNK_RAW.index(b"0\r\nX-Trailer"))

# Each in the one segment that also ends its sender's side (FIN).
request("fin",
        b"GET /fin HTTP/1.0\r\nHost: 127.0.0.1:8207\r\n\r\n",
        "GET", "HTTP/1.0", "127.0.0.1:8207", "/fin", "", {}, 0)
response("fin",
         b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nclosing\n",
         "200 OK", 200, "HTTP/1.0", {"Content-Type": ["text/plain"]}, -1)


def header_end(raw):
    """Where the header block of message RAW ends (past its blank line)."""
    return raw.index(b"\r\n\r\n") + 4


class Conv:
    """A conversation of tcpconv's, from a client in NS to a server in
    SERVER_NS. The client side's file is the requests REQS, the server
    side's the responses RESPS, each list written as one file.

    Without ROUNDS, one connection from SPORT sends its file and ends its
    side; the server reads to that end and answers with its file (with
    FIN, each file goes out with its side's FIN). With ROUNDS, CONNS
    connections from SPORT, SPORT + 1, ... each send their file and get
    the server's ROUNDS times (keep-alive). REQ_CUTS and RESP_CUTS are the
    offsets where a file's pieces end (a write each, 50 ms apart); VETH is
    the pair the conversation crosses (none on loopback) and MSS the
    largest segment there."""

    def __init__(self, phase, ns, src, sport, server_ns, dst, dport, reqs,
                 resps, conns=1, rounds=0, req_cuts=(), resp_cuts=(),
                 fin=False, veth=None, mss=None):
        self.phase = phase
        self.ns = ns
        self.src = src
        self.sport = sport
        self.server_ns = server_ns
        self.dst = dst
        self.dport = dport
        self.reqs = reqs
        self.resps = resps
        self.conns = conns
        self.rounds = rounds
        self.req_cuts = req_cuts
        self.resp_cuts = resp_cuts
        self.fin = fin
        self.veth = veth
        self.mss = mss
        self.family = 6 if ":" in src else 4
        self.name = f"{phase}_{sport}"

    def file(self, side):
        names = self.reqs if side == "request" else self.resps
        table = REQUESTS if side == "request" else RESPONSES
        return b"".join(table[name][0] for name in names)

    def segments(self, side):
        """The [start, end) of each segment of a side's file: its pieces,
        each cut at the MSS."""
        cuts = self.req_cuts if side == "request" else self.resp_cuts
        data = self.file(side)
        bounds = [0] + list(cuts) + [len(data)]
        out = []
        for start, end in zip(bounds, bounds[1:]):
            step = self.mss or end - start
            out += [(i, min(i + step, end)) for i in range(start, end, step)]
        return out

    def piece_of(self, side, offset):
        """Which piece (write) of a side's file OFFSET is in."""
        cuts = self.req_cuts if side == "request" else self.resp_cuts
        return sum(1 for cut in cuts if cut <= offset)

    def messages(self, side):
        """[(name, fields, packet_len, reassembled, piece)] of a side's
        file: the segment each header block starts in gives packet_len;
        reassembled when the block spans segments; piece is the write its
        first byte is in."""
        names = self.reqs if side == "request" else self.resps
        table = REQUESTS if side == "request" else RESPONSES
        segs = self.segments(side)
        out = []
        off = 0
        for name in names:
            raw, fields = table[name]
            last = off + header_end(raw) - 1
            first_seg = [s for s in segs if s[0] <= off < s[1]][0]
            last_seg = [s for s in segs if s[0] <= last < s[1]][0]
            packet_len = IP_HEADER_LEN[self.family] + TCP_HEADER_LEN + \
                first_seg[1] - first_seg[0]
            out.append((name, fields, packet_len, first_seg != last_seg,
                        self.piece_of(side, off)))
            off += len(raw)
        return out

    def observers(self, side):
        sender = self.ns if side == "request" else self.server_ns
        return observations(self, sender, self.veth)

    def repeats(self):
        return max(self.rounds, 1)


# The phases of the stream scenario, in order, and of the evict scenario.
CONVS = {
    # N exchanges over loopback: N request and N response events, not 2N.
    "loopback": [
        Conv("loopback", INIT_NS, "127.0.0.1", 50001, INIT_NS, "127.0.0.1",
             8200, ["ka_lo"], ["ka_ok"], rounds=10),
    ],
    "split_writes": [
        Conv("split_writes", INIT_NS, "127.0.0.1", 50101, INIT_NS,
             "127.0.0.1", 8201, ["split"], ["split"],
             req_cuts=(len(b"GET /split/wr"),
                       len(REQUESTS["split"][0]) - 1),
             resp_cuts=(len(b"HTTP/1.1 2"),
                        len(RESPONSES["split"][0]) - len(b"\r\nsplit\n"))),
    ],
    "split_mtu": [
        Conv("split_mtu", INIT_NS, "10.98.0.1", 50201, PEER_NS, "10.98.0.2",
             8202, ["mtu_big"], ["mtu_big"], veth=MTU_VETH, mss=SMALL_MSS),
        Conv("split_mtu", INIT_NS, "10.98.0.1", 50202, PEER_NS, "10.98.0.2",
             8203, ["mtu_huge"], ["ka_ok"], rounds=2, veth=MTU_VETH,
             mss=SMALL_MSS),
    ],
    "pipelined": [
        Conv("pipelined", INIT_NS, "127.0.0.1", 50301, INIT_NS, "127.0.0.1",
             8204, ["pipe1", "pipe2", "pipe3"], ["pipe1", "pipe2", "pipe3"]),
    ],
    "body_get": [
        Conv("body_get", INIT_NS, "127.0.0.1", 50401, INIT_NS, "127.0.0.1",
             8205, ["body_get"], ["created"],
             req_cuts=(header_end(REQUESTS["body_get"][0]),)),
    ],
    "chunk_http": [
        Conv("chunk_http", INIT_NS, "127.0.0.1", 50501, INIT_NS, "127.0.0.1",
             8206, ["chunk_get"], ["chunk_http"], resp_cuts=_CHUNK_CUTS),
    ],
    "fin_data": [
        Conv("fin_data", INIT_NS, "127.0.0.1", 50601, INIT_NS, "127.0.0.1",
             8207, ["fin"], ["fin"], fin=True),
    ],
    # each connection a client of its own: one waits for no other's
    # retransmissions
    "loss": [
        Conv("loss", INIT_NS, "10.97.0.1", sport, PEER_NS, "10.97.0.2", 8208,
             ["loss_a"], ["ka_ok"], rounds=10, veth=LOSS_VETH)
        for sport in (50701, 50702)
    ] + [
        Conv("loss", PEER_NS, "10.97.0.2", sport, INIT_NS, "10.97.0.1", 8209,
             ["loss_b"], ["ka_ok"], rounds=10, veth=LOSS_VETH)
        for sport in (50801, 50802)
    ],
    "evict_lo": [
        Conv("evict_lo", INIT_NS, "127.0.0.1", 51001, INIT_NS, "127.0.0.1",
             8210, ["evict_lo"], ["ka_ok"], conns=EVICT_CONNS, rounds=2),
    ],
    "evict_veth": [
        Conv("evict_veth", INIT_NS, "10.99.0.1", 51101, PEER_NS, "10.99.0.2",
             8211, ["evict_veth"], ["ka_ok"], conns=EVICT_CONNS, rounds=2),
    ],
}
STREAM_PHASES = ["loopback", "split_writes", "split_mtu", "pipelined",
                 "body_get", "chunk_http", "fin_data", "loss"]
EVICT_PHASES = ["evict_lo", "evict_veth"]


def conv_lines(conv, netns_inode):
    """Every line a conversation must produce, as a list of objects with
    timestamp None; with the piece (write) each message starts in, and
    its side: [(object, side, piece)]. Each response answers the request
    in its place, but where evictions make them part."""
    out = []
    for side in ("request", "response"):
        src, dst = (conv.src, conv.dst) if side == "request" else \
            (conv.dst, conv.src)
        for k, (name, fields, packet_len, _, piece) in \
                enumerate(conv.messages(side)):
            if side == "response" and not conv.phase.startswith("evict"):
                fields = dict(fields, request=paired_request(
                    REQUESTS[conv.reqs[k]][1]))
            for i in range(conv.conns):
                port = conv.sport + i
                ports = (port, conv.dport) if side == "request" else \
                    (conv.dport, port)
                for ns, direction, iface in conv.observers(side):
                    meta = metadata(src, dst, ports[0], ports[1],
                                    packet_len, iface)
                    lines = message_lines(side, fields, meta, direction,
                                          netns_inode[ns], DEFAULT_EVENTS)
                    for obj in lines.values():
                        out += [(obj, side, piece)] * conv.repeats()
    return out


def conv_counts(conv):
    """What the module counts for a conversation (retransmissions aside):
    {counter: value}."""
    counts = {"messages": 0, "truncated": 0, "blocks_reassembled": 0,
              "duplicate_bytes": 0}
    for side in ("request", "response"):
        seen = len(conv.observers(side))
        for _, fields, _, reassembled, _ in conv.messages(side):
            n = seen * conv.conns * conv.repeats()
            counts["messages"] += n
            counts["truncated"] += n if fields["truncated"] else 0
            counts["blocks_reassembled"] += n if reassembled else 0
        # on loopback the second hook is not looked at (it was seen
        # leaving): nothing is a duplicate unless TCP retransmits
    return counts


def request_bytes(name):
    if name in REQUESTS:
        return REQUESTS[name][0]
    if name in MALFORMED:
        return MALFORMED[name]
    return NOT_HTTP[name]


def observations(ex, sender_ns, veth=None):
    """Where the module reports a message sent from sender_ns in exchange
    ex: [(namespace, direction, iface)]. A message is reported once in
    each namespace it passes: on loopback, where it passes both hooks, as
    it leaves (arriving, they are not looked at again); between the two
    namespaces, as it leaves one and as it arrives in the other. VETH is
    the pair it crosses (default the main one)."""
    if ex.ns == ex.server_ns:
        return [(sender_ns, "egress", "lo")]
    veth = veth or VETH
    receiver_ns = ex.server_ns if sender_ns == ex.ns else ex.ns
    return [(sender_ns, "egress", veth[sender_ns][0]),
            (receiver_ns, "ingress", veth[receiver_ns][0])]


def messages(ex):
    """The messages of an exchange that the module reports:
    [(kind, src, sport, dst, dport, raw, fields, sender_ns)]."""
    out = []
    if ex.req in REQUESTS:
        raw, fields = REQUESTS[ex.req]
        out.append(("request", ex.src, ex.sport, ex.dst, ex.dport, raw,
                    fields, ex.ns))
    raw, fields = RESPONSES[ex.resp]
    out.append(("response", ex.dst, ex.dport, ex.src, ex.sport, raw, fields,
                ex.server_ns))
    return out


def redacted(fields, redact):
    names = {name.lower() for name in redact}
    headers = {name: ([REDACTED] * len(values) if name.lower() in names
                      else values)
               for name, values in fields["headers"].items()}
    return dict(fields, headers=headers)


def expected_lines(ex, netns_inode, event_names, redact=DEFAULT_REDACT):
    """Every line the exchange must produce, as
    {(eventName, direction, netns, src_port, dst_port): object}, where the
    object is the line's JSON with timestamp None (a response's request
    given, its latency left to the line). netns_inode maps the plan's
    namespace names to inode numbers."""
    lines = {}
    for kind, src, sport, dst, dport, raw, fields, sender in messages(ex):
        fields = redacted(fields, redact)
        if kind == "response" and answers_nothing(ex):
            fields = dict(fields, latency_ns=-1, request=None)
        elif kind == "response":
            fields = dict(fields, request=paired_request(
                REQUESTS[ex.req][1]))
        packet_len = IP_HEADER_LEN[ex.family] + TCP_HEADER_LEN + len(raw)
        for ns, direction, iface in observations(ex, sender):
            meta = metadata(src, dst, sport, dport, packet_len, iface)
            add_lines(lines, message_lines(kind, fields, meta, direction,
                                           netns_inode[ns], event_names))
    return lines


def answers_nothing(ex):
    """Whether the response of exchange EX is paired with no request: its
    request is none the module reports, or one its FIN cut, which waits
    for no response (README: Pairing)."""
    return ex.req not in REQUESTS or REQUESTS[ex.req][1]["truncated"]


def count_messages(ex):
    """(messages, malformed, truncated, {anomaly: count}) the module counts
    for one exchange: each message once in every namespace it passes."""
    n = 0
    malformed = 0
    truncated = 0
    anomalies = {}
    taken = [(RESPONSES[ex.resp][1], ex.server_ns)]
    if ex.req in REQUESTS:
        taken.append((REQUESTS[ex.req][1], ex.ns))
    elif ex.req in MALFORMED:
        seen = len(observations(ex, ex.ns))
        n += seen
        malformed += seen
    for fields, sender in taken:
        seen = len(observations(ex, sender))
        n += seen
        truncated += seen if fields["truncated"] else 0
        for name in fields["anomalies"]:
            anomalies[name] = anomalies.get(name, 0) + seen
    return n, malformed, truncated, anomalies


def conv_plan(outdir):
    """The conversations' files in OUTDIR, and their part of plan.sh:
    start_conv_servers, a function per phase (conv_<phase>, its clients at
    once), the lines each phase must make (CONV_LINES_<phase>) and the
    conversations whose writes are timed (CONV_TIMES_<phase>)."""
    plan = ["start_conv_servers() {"]
    servers = set()
    for phase, convs in CONVS.items():
        for conv in convs:
            for side, suffix in (("request", "req"), ("response", "resp")):
                with open(os.path.join(outdir, f"conv_{conv.name}_{suffix}"),
                          "wb") as f:
                    f.write(conv.file(side))
            # a server may answer several conversations alike
            if (conv.dst, conv.dport) in servers:
                continue
            servers.add((conv.dst, conv.dport))
            opts = ["-k"] if conv.rounds else ["-f"] if conv.fin else []
            if conv.resp_cuts:
                opts += ["-p", ",".join(map(str, conv.resp_cuts)),
                         "-t", f"/tmp/conv_{conv.name}.server.times"]
            opts += [conv.dst, str(conv.dport),
                     f'"$DATA/conv_{conv.name}_resp"']
            plan.append(f"\tconv_server {conv.server_ns} {' '.join(opts)}")
    plan.append("}")
    for phase, convs in CONVS.items():
        plan.append(f"conv_{phase}() {{")
        for conv in convs:
            opts = f"-b {conv.src} -s {conv.sport}"
            if conv.rounds:
                opts += f" -c {conv.conns} -r {conv.rounds} " \
                        f"-l {len(conv.file('response'))}"
            if conv.fin:
                opts += " -f"
            if conv.req_cuts:
                opts += " -p " + ",".join(map(str, conv.req_cuts))
                opts += f" -t /tmp/conv_{conv.name}.client.times"
            plan.append(f"\tconv_client {conv.ns} {opts} {conv.dst} "
                        f"{conv.dport} \"$DATA/conv_{conv.name}_req\" &")
            plan.append("\tCLIENTS=\"$CLIENTS $!\"")
        plan.append("\twait_clients")
        plan.append("}")
        lines = sum(len(conv_lines(conv, {INIT_NS: 1, PEER_NS: 2}))
                    for conv in convs)
        plan.append(f"CONV_LINES_{phase}={lines}")
        times = " ".join(f"conv_{conv.name}" for conv in convs
                         if conv.req_cuts or conv.resp_cuts)
        plan.append(f"CONV_TIMES_{phase}={shell_quote(times)}")
    plan.append(f"STREAM_PHASES={shell_quote(' '.join(STREAM_PHASES))}")
    plan.append(f"EVICT_PHASES={shell_quote(' '.join(EVICT_PHASES))}")
    plan.append(f"EVICT_CONN_MAX={EVICT_CONN_MAX}")
    plan.append(f"SMALL_MTU={SMALL_MTU}")
    plan.append(f"LOSS={shell_quote(LOSS)}")
    for name, veth in (("MTU", MTU_VETH), ("LOSS", LOSS_VETH)):
        plan.append(f"{name}_VETH_INIT={veth[INIT_NS][0]}")
        plan.append(f"{name}_ADDR_INIT={veth[INIT_NS][1]}")
        plan.append(f"{name}_VETH_PEER={veth[PEER_NS][0]}")
        plan.append(f"{name}_ADDR_PEER={veth[PEER_NS][1]}")
    return plan


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def write_plan(outdir):
    os.makedirs(outdir, exist_ok=True)
    for name in list(REQUESTS) + list(MALFORMED) + list(NOT_HTTP):
        with open(os.path.join(outdir, "req_" + name), "wb") as f:
            f.write(request_bytes(name))
    for name, (raw, _) in RESPONSES.items():
        with open(os.path.join(outdir, "resp_" + name), "wb") as f:
            f.write(raw)

    def client(ex, count=1):
        opts = ""
        if count != 1:
            opts += f" -n {count}"
        if ex.sport:
            opts += f" -s {ex.sport}"
        return f"cli {ex.ns} {ex.src} {ex.dst} {ex.dport} req_{ex.req}{opts}"

    plan = ["# Generated by tests/e2e/cases.py: the traffic of the e2e test.",
            "start_servers() {"]
    plan += [f"\tsrv {ns} {addr} {port} resp_{resp}"
             for ns, addr, port, resp in SERVERS]
    plan.append("}")
    main_lines = 0
    for phase in MAIN_PHASES:
        plan.append(f"phase_{phase}() {{")
        for ex in PHASES[phase]:
            plan.append("\t" + client(ex))
            main_lines += len(expected_lines(ex, {INIT_NS: 1, PEER_NS: 2},
                                             ["net_packet_http_request",
                                              "net_packet_http_response"]))
        plan.append("}")
    plan.append(f"MAIN_PHASES={shell_quote(' '.join(MAIN_PHASES))}")
    plan.append(f"MAIN_LINES={main_lines}")

    plan.append(f"PARAM_STEPS={len(PARAM_STEPS)}")
    for i, (param, value, _, names, redact, ex) in enumerate(PARAM_STEPS):
        n = len(expected_lines(ex, {INIT_NS: 1, PEER_NS: 2}, names, redact))
        plan.append(f"PARAM_NAME_{i}={param}")
        plan.append(f"PARAM_VALUE_{i}={shell_quote(value)}")
        plan.append(f"PARAM_LINES_{i}={n}")
        plan.append(f"param_exchange_{i}() {{ {client(ex)}; }}")

    plan.append(f"LOST_RING_EVENTS={LOST_RING_EVENTS}")
    plan.append(f"lost_traffic() {{ {client(LOST_EXCHANGE, LOST_CONNECTIONS)}; }}")
    plan.append(f"rmmod_exchange() {{ {client(RMMOD_EXCHANGE)}; }}")
    plan.append(f"RMMOD_LINES={len(expected_lines(RMMOD_EXCHANGE, {INIT_NS: 1}, ['net_packet_http_request', 'net_packet_http_response']))}")
    # Exchanges until killed, the client itself in the background (exec),
    # so the guest can tell it is still running and stop it.
    plan.append("rmmod_traffic() { exec httpcli -b 127.0.0.1 -n 0 "
                "127.0.0.1 8080 \"$DATA/req_get\"; }")
    plan += conv_plan(outdir)
    with open(os.path.join(outdir, "plan.sh"), "w") as f:
        f.write("\n".join(plan) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: cases.py OUTDIR")
    write_plan(sys.argv[1])
