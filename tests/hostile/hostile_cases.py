"""Hostile traffic for the module, and exactly what it must make of it.

Every case is a TCP exchange on loopback (a request to a server that
answers nothing, or a response from a server to a client that sent no
HTTP) or a list of crafted packets sent through a raw socket. Each case
lists the observations it must cause: where the module sees a message
(egress or ingress), what it makes of it (an event with these fields,
malformed, ignored) and the packet's addresses, ports and length.
Everything not listed must cause no message at all. The module follows
each connection where it saw a message, so a loopback message that
passes both hooks is one observation, where it leaves (egress), and a
retransmission is none.

`python3 hostile_cases.py DIR` writes the byte files and the guest's plan
(hplan.sh) into DIR; check.py imports this module to know what to expect.
"""

import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from vmcheck.events import (  # noqa: E402,F401  (tests/lib/vmcheck)
    ALL_EVENTS, ANOMALIES, DEFAULT_EVENTS, DEFAULT_REDACT_VALUE,
    IP_HEADER_LEN, REDACTED, TCP_HEADER_LEN, add_lines, message_lines,
    metadata)

# The hostile phase runs with every event name enabled, so each event is
# checked as all the lines it makes.
HOSTILE_EVENTS = ALL_EVENTS

# Servers of the hostile phase: a sink per family that answers nothing.
SINK = {4: ("127.0.0.1", 9000), 6: ("::1", 9000)}
# Raw packets go to a port nothing listens on; their TCP checksum is 0, so
# the receiving stack drops them after LOCAL_IN without an answer.
RAW_DPORT = 9999
# Every secret a case sends contains this; it must never reach a reader
# unless redaction is off.
SECRET = b"SeCrEt"


def jstr(raw):
    """What a JSON string made of @raw must decode to: valid UTF-8 as is,
    every byte of anything else as U+FFFD."""
    out = []
    i = 0
    while i < len(raw):
        for n in (1, 2, 3, 4):
            try:
                out.append(raw[i:i + n].decode("utf-8", "strict"))
            except UnicodeDecodeError:
                continue
            i += n
            break
        else:
            out.append("\ufffd")
            i += 1
    return "".join(out)


def canonical(name):
    """content-type -> Content-Type."""
    out = []
    upper = True
    for c in name:
        out.append(c.upper() if upper else c.lower())
        upper = c == "-"
    return "".join(out)


def in_order(anomalies):
    """The anomaly names as a line lists them: in the module's order."""
    assert all(a in ANOMALIES for a in anomalies), anomalies
    return [a for a in ANOMALIES if a in anomalies]


def req_fields(method, protocol="HTTP/1.1", host="", path="/", query="",
               headers=None, content_length=0, truncated=False,
               anomalies=()):
    return {"method": method, "protocol": protocol, "host": host,
            "uri_path": path, "uri_query": query,
            "headers": headers or {}, "content_length": content_length,
            "truncated": truncated, "anomalies": in_order(anomalies)}


def resp_fields(status, status_code, protocol="HTTP/1.1", headers=None,
                content_length=-1, truncated=False, anomalies=()):
    return {"status": status, "status_code": status_code,
            "protocol": protocol, "headers": headers or {},
            "content_length": content_length, "truncated": truncated,
            "anomalies": in_order(anomalies)}


class Obs:
    """One message the module must see: outcome "event", "malformed" or
    "ignored"; for events the kind and fields, and the packet."""

    def __init__(self, direction, outcome, family, src, dst, sport, dport,
                 packet_len, kind=None, fields=None, iface="lo"):
        self.direction = direction
        self.outcome = outcome
        self.family = family
        self.src = src
        self.dst = dst
        self.sport = sport
        self.dport = dport
        self.packet_len = packet_len    # int, or (min, max)
        self.kind = kind
        self.fields = fields
        self.iface = iface


class Case:
    def __init__(self, name, what, action, observations, data=None):
        self.name = name
        self.what = what
        self.action = action            # shell command line for the plan
        self.obs = observations
        self.data = data or {}          # file name -> bytes
        self.secret_allowed = False     # redaction is off for this case
        self.filler = None              # bytes only this case may show
        # What the connection tracking counts during the case, where it
        # is known: duplicate_bytes, the payload bytes seen a second time
        # (a TCP retransmission; what arrives on lo after leaving through
        # LOCAL_OUT is not looked at again), and every other counter of
        # its own, 0 unless set.
        self.duplicate_bytes = None
        self.stream = {}

    def lines(self, netns, event_names=HOSTILE_EVENTS):
        """{line key: [the objects of the lines with that key, in the
        order they must come]}: messages one after the other on one
        connection (pipelining) share a key."""
        lines = {}
        for o in self.obs:
            for key, obj in expected_lines([o], netns, event_names).items():
                lines.setdefault(key, []).append(obj)
        return lines

    def counts(self):
        events = [o for o in self.obs if o.outcome == "event"]
        counts = {
            "messages": len(self.obs),
            "malformed": sum(o.outcome == "malformed" for o in self.obs),
            "ignored": sum(o.outcome == "ignored" for o in self.obs),
            "events_queued": len(events),
            "truncated": sum(bool(o.fields["truncated"]) for o in events),
        }
        for name in ANOMALIES:
            counts["anomaly_" + name] = sum(name in o.fields["anomalies"]
                                            for o in events)
        return counts

    def stream_counts(self):
        """The connection tracking's counter deltas the case must cause
        (None: any); header_memory is a level, back where it was once the
        case ends."""
        counts = {name: 0 for name in STREAM_COUNTERS}
        counts.update(self.stream)
        return counts


# The connection tracking's counters a hostile case pins down (besides
# duplicate_bytes); conns_tracked is left alone, since a connection whose
# end the module did not see is followed until conn_timeout.
STREAM_COUNTERS = ["blocks_reassembled", "resyncs", "headers_too_long",
                   "headers_no_memory", "pending_overflow", "conns_evicted",
                   "conns_expired", "header_memory"]


def expected_lines(observations, netns, event_names):
    """{(eventName, direction, netns, sport, dport): object} for the event
    observations; packet_len stays as given (int or range)."""
    lines = {}
    for o in observations:
        if o.outcome != "event":
            continue
        meta = metadata(o.src, o.dst, o.sport, o.dport, o.packet_len,
                        o.iface)
        add_lines(lines, message_lines(o.kind, o.fields, meta, o.direction,
                                       netns, event_names))
    return lines


# --- packets ----------------------------------------------------------------

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def ip4addr(text):
    return bytes(int(x) for x in text.split("."))


def ip6addr(text):
    import ipaddress
    return ipaddress.IPv6Address(text).packed


def tcp(sport, dport, payload=b"", doff=None, options=b"", flags=0x18,
        length=None):
    """A TCP header (checksum 0) and payload. doff defaults to what the
    options need; length cuts the whole thing short."""
    if doff is None:
        doff = 5 + len(options) // 4
    header = struct.pack("!HHIIBBHHH", sport, dport, 1000, 2000, doff << 4,
                         flags, 65535, 0, 0) + options
    seg = header + payload
    return seg if length is None else seg[:length]


def fin(sport, dport=None):
    """The FIN that ends what @sport sent (to RAW_DPORT)."""
    return tcp(sport, RAW_DPORT if dport is None else dport, flags=0x11)


def ipv4(src, dst, payload, proto=6, options=b"", ihl=None, frag=0, ident=1,
         tot_len=None):
    if ihl is None:
        ihl = 5 + len(options) // 4
    if tot_len is None:
        tot_len = 20 + len(options) + len(payload)
    header = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tot_len, ident,
                         frag, 64, proto, 0, ip4addr(src), ip4addr(dst))
    header += options
    csum = checksum(header)
    header = header[:10] + struct.pack("!H", csum) + header[12:]
    return header + payload


def ipv6(src, dst, payload, nexthdr=6, payload_len=None):
    if payload_len is None:
        payload_len = len(payload)
    return struct.pack("!IHBB16s16s", 6 << 28, payload_len, nexthdr, 64,
                       ip6addr(src), ip6addr(dst)) + payload


def ext6(nexthdr, body=b"\x01\x04\0\0\0\0"):
    """An 8-byte Hop-by-Hop or Destination Options header (PadN)."""
    return bytes([nexthdr, 0]) + body


def frag6(nexthdr, offset, more, ident=0x1234):
    return struct.pack("!BBHI", nexthdr, 0, (offset << 3) | more, ident)


# --- the cases --------------------------------------------------------------

CASES = []
_next_port = [50001]
_next_server_port = [9101]
_servers = []          # (addr, port, file)


def port():
    p = _next_port[0]
    _next_port[0] += 1
    return p


def add(case):
    assert all(c.name != case.name for c in CASES), case.name
    CASES.append(case)
    return case


def on_lo(family, src, dst, sport, dport, outcome, packet_len, kind=None,
          fields=None):
    """A message over loopback: it passes LOCAL_OUT, then LOCAL_IN, and is
    seen once, where it leaves."""
    return [Obs("egress", outcome, family, src, dst, sport, dport, packet_len,
                kind, fields)]


def tcp_request(name, what, raw, outcome, fields=None, family=4,
                packet_len=None, chunk=None, delay_ms=20):
    """A request sent in one write (or in chunks) to the sink."""
    dst, dport = SINK[family]
    src = dst
    sport = port()
    if packet_len is None:
        packet_len = IP_HEADER_LEN[family] + TCP_HEADER_LEN + len(raw)
    obs = []
    if outcome != "none":
        obs = on_lo(family, src, dst, sport, dport, outcome, packet_len,
                    "request", fields)
    opts = f" -c {chunk} -d {delay_ms}" if chunk else ""
    action = f"tcp {dst} {dport} {sport} {name}.req{opts}"
    case = add(Case(name, what, action, obs, {name + ".req": raw}))
    # arriving on lo, the bytes are not looked at again: none is a duplicate
    case.duplicate_bytes = {"event": 0, "none": 0}.get(outcome)
    if outcome == "malformed":
        case.stream = {"resyncs": None}
    return case


def cut_at_header_max(case):
    """CASE's header block is cut at header_max (16384) in the segment that
    starts it: what follows is no message, and how the module gets past
    it (and what it counts doing so) is its own business."""
    case.stream = {"headers_too_long": 1, "resyncs": None}
    case.duplicate_bytes = None


def tcp_response(name, what, raw, outcome, fields=None, packet_len=None):
    """A response from a server of its own to a client that sends no HTTP."""
    addr = "127.0.0.1"
    sport = port()
    server_port = _next_server_port[0]
    _next_server_port[0] += 1
    _servers.append((addr, server_port, name + ".resp"))
    if packet_len is None:
        packet_len = IP_HEADER_LEN[4] + TCP_HEADER_LEN + len(raw)
    obs = []
    if outcome != "none":
        obs = on_lo(4, addr, addr, server_port, sport, outcome, packet_len,
                    "response", fields)
    action = f"tcp {addr} {server_port} {sport} hello.req"
    case = add(Case(name, what, action, obs, {name + ".resp": raw}))
    case.duplicate_bytes = {"event": 0, "none": 0}.get(outcome)
    if outcome == "malformed":
        case.stream = {"resyncs": None}
    return case


def raw_case(name, what, packets, obs, packet_socket=False, duplicate=0):
    """Raw packets; DUPLICATE: the payload bytes that pass a second hook
    on a connection the module follows by then."""
    data = {}
    files = []
    for i, pkt in enumerate(packets):
        data[f"{name}.p{i}"] = pkt
        files.append(f"{name}.p{i}")
    action = ("raw -p " if packet_socket else "raw ") + " ".join(files)
    case = add(Case(name, what, action, obs, data))
    case.duplicate_bytes = duplicate
    return case


GET = b"GET / HTTP/1.1\r\n"


def req_limit_cases():
    """Every limit of a request, each just past and at its bound."""
    # Limits, each just past and at its bound.
    raw = b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: h\r\n\r\n"
    tcp_request("target_5000", "a 5000-byte request target", raw, "event",
                req_fields("GET", "", path="/" + "a" * 1023,
                           content_length=-1, truncated=True, anomalies=["line_too_long"]))
    raw = b"GET /" + b"b" * 1024 + b" HTTP/1.1\r\nHost: h\r\n\r\n"
    tcp_request("target_1025", "a request target one byte past 1024", raw,
                "event", req_fields("GET", host="h", path="/" + "b" * 1023,
                                    truncated=True, anomalies=["line_too_long"]))
    raw = b"GET /p?" + b"q" * 1021 + b" HTTP/1.1\r\n\r\n"
    tcp_request("target_1024", "a request target of exactly 1024 bytes", raw,
                "event", req_fields("GET", path="/p", query="q" * 1021, anomalies=["missing_host"]))
    raw = GET + b"X-Long: " + b"v" * 1500 + b"\r\n\r\n"
    tcp_request("value_1500", "a 1500-byte header value", raw, "event",
                req_fields("GET", headers={"X-Long": ["v" * 1024]},
                           truncated=True, anomalies=["missing_host", "line_too_long"]))
    raw = GET + b"X-Long: " + b"w" * 1024 + b"\r\n\r\n"
    tcp_request("value_1024", "a header value of exactly 1024 bytes", raw,
                "event", req_fields("GET", headers={"X-Long": ["w" * 1024]}, anomalies=["missing_host"]))
    name = "X-" + "n" * 198
    raw = GET + name.encode() + b": v\r\n\r\n"
    tcp_request("name_200", "a 200-byte header name", raw, "event",
                req_fields("GET", headers={canonical(name[:128]): ["v"]},
                           truncated=True, anomalies=["missing_host", "line_too_long"]))
    raw = GET + b"Host: h\r\nX-Big: " + b"z" * 3000 + b"\r\n\r\n"
    tcp_request("line_3000", "a header line past the 2048 bytes examined",
                raw, "event",
                req_fields("GET", host="h", content_length=-1,
                           truncated=True))

    first = b"GET /many HTTP/1.1\r\n"
    lines = [b"X-H%05d: v\r\n" % i for i in range(10000)]
    raw = first + b"".join(lines) + b"\r\n"
    # Cut at header_max, in the first segment: reported once all the same.
    c = tcp_request("headers_10000", "10,000 headers (130 kB in one write, "
                    "cut at header_max)", raw, "event",
                    req_fields("GET", path="/many",
                               headers={"X-H%05d" % i: ["v"]
                                        for i in range(64)},
                               content_length=-1, truncated=True,
                               anomalies=["too_many_headers"]),
                    packet_len=(IP_HEADER_LEN[4] + TCP_HEADER_LEN + 2048,
                                65535))
    cut_at_header_max(c)
    lines = [b"H-%02d: x\r\n" % i for i in range(65)]
    tcp_request("headers_65", "65 headers: 64 kept, the rest counted as cut",
                GET + b"".join(lines) + b"\r\n", "event",
                req_fields("GET", headers={"H-%02d" % i: ["x"]
                                           for i in range(64)},
                           truncated=True, anomalies=["missing_host", "too_many_headers"]))
    lines = [b"H-%02d: x\r\n" % i for i in range(70)]
    tcp_request("headers_70_length", "Content-Length after 70 headers still "
                "counts", GET + b"".join(lines) +
                b"Content-Length: 7\r\n\r\n1234567", "event",
                req_fields("GET", headers={"H-%02d" % i: ["x"]
                                           for i in range(64)},
                           content_length=7, truncated=True, anomalies=["missing_host", "too_many_headers"]))


def req_junk_cases():
    """Requests that are not HTTP, or not well formed."""
    # A header block that never ends.
    start = b"POST /noend HTTP/1.1\r\nHost: n\r\n"
    pads = [b"X-Pad-%03d: " % i + b"p" * 20 + b"\r\n" for i in range(300)]
    raw = start + b"".join(pads)
    kept, used = {}, len(start)
    for i, line in enumerate(pads):
        if used + len(line) > 2048 or len(kept) == 64:
            break
        used += len(line)
        kept["X-Pad-%03d" % i] = ["p" * 20]
    tcp_request("no_end", "a header block with no end (10 kB, no blank "
                "line)", raw, "event",
                req_fields("POST", host="n", path="/noend", headers=kept,
                           content_length=-1, truncated=True))

    # Bytes that have no business in a message: each is taken as an
    # endpoint would take it, and named. (These requests have no Host.)
    nohost = ["missing_host"]
    ctl = ["missing_host", "control_bytes"]
    for name, raw, fields in [
            ("nul_target", b"GET /a\x00b HTTP/1.1\r\n\r\n",
             req_fields("GET", path="/a\u0000b", anomalies=ctl)),
            ("nul_value", GET + b"X-A: a\x00b\r\n\r\n",
             req_fields("GET", headers={"X-A": ["a\u0000b"]}, anomalies=ctl)),
            ("nul_name", GET + b"X\x00A: b\r\n\r\n",
             req_fields("GET", headers={"X\u0000A": ["b"]},
                        anomalies=nohost + ["bad_header_name"])),
            ("cr_request_line", b"GET / HTTP/1.1\rHost: x\r\n\r\n",
             req_fields("GET", "", path="/ HTTP/1.1\rHost: x",
                        anomalies=["first_line_spacing", "control_bytes",
                                   "http09_request"])),
            # a bare CR in a value reads as a space (RFC 9112, 2.2)
            ("cr_value", GET + b"X-A: a\rb\r\n\r\n",
             req_fields("GET", headers={"X-A": ["a b"]}, anomalies=ctl)),
            ("esc_target", b"GET /\x1b[31mred HTTP/1.1\r\n\r\n",
             req_fields("GET", path="/\u001b[31mred", anomalies=ctl)),
            ("esc_value", GET + b"X-T: \x1b]0;pwned\x07\r\n\r\n",
             req_fields("GET", headers={"X-T": ["\u001b]0;pwned\u0007"]},
                        anomalies=ctl)),
            ("del_target", b"GET /a\x7fb HTTP/1.1\r\n\r\n",
             req_fields("GET", path="/a\u007fb", anomalies=ctl)),
            ("method_nul", b"GET \x00\x01\x02\x03\xff\xfe HTTP/1.1\r\n\r\n",
             req_fields("GET", path=jstr(b"\x00\x01\x02\x03\xff\xfe"),
                        anomalies=ctl)),
            ("version_2", b"GET / HTTP/2.0\r\n\r\n",
             req_fields("GET", "HTTP/2.0", anomalies=["version_nonstandard"])),
            ("version_1_2", b"GET / HTTP/1.2\r\n\r\n",
             req_fields("GET", "HTTP/1.2", anomalies=["version_nonstandard"])),
            ("version_junk", b"GET / HTTP/1.1x\r\n\r\n",
             req_fields("GET", "HTTP/1.1x",
                        anomalies=["version_nonstandard"])),
            ("space_before_colon", GET + b"X-A : b\r\n\r\n",
             req_fields("GET", headers={"X-A": ["b"]},
                        anomalies=nohost + ["space_before_colon"])),
            ("obs_fold", GET + b"X-A: b\r\n c\r\n\r\n",
             req_fields("GET", headers={"X-A": ["b c"]},
                        anomalies=nohost + ["obs_fold"])),
            ("empty_name", GET + b": x\r\n\r\n",
             req_fields("GET", headers={"": ["x"]},
                        anomalies=nohost + ["bad_header_name"])),
            ("non_token_name", GET + b"X(A): b\r\n\r\n",
             req_fields("GET", headers={"X(A)": ["b"]},
                        anomalies=nohost + ["bad_header_name"])),
            ("two_hosts", GET + b"Host: a\r\nHost: b\r\n\r\n",
             req_fields("GET", host="a", headers={"Host": ["b"]},
                        anomalies=["duplicate_host"])),
            ("cl_huge", GET + b"Content-Length: 99999999999999999999\r\n\r\n",
             req_fields("GET", headers={"Content-Length":
                                        ["99999999999999999999"]},
                        content_length=-1,
                        anomalies=nohost + ["bad_content_length"])),
            ("cl_2_63", GET + b"Content-Length: 9223372036854775808\r\n\r\n",
             req_fields("GET", headers={"Content-Length":
                                        ["9223372036854775808"]},
                        content_length=-1,
                        anomalies=nohost + ["bad_content_length"])),
            ("cl_negative", GET + b"Content-Length: -1\r\n\r\n",
             req_fields("GET", headers={"Content-Length": ["-1"]},
                        content_length=-1,
                        anomalies=nohost + ["bad_content_length"])),
            ("cl_plus", GET + b"Content-Length: +5\r\n\r\n",
             req_fields("GET", headers={"Content-Length": ["+5"]},
                        content_length=-1,
                        anomalies=nohost + ["bad_content_length"])),
            ("cl_inner_space", GET + b"Content-Length: 5 5\r\n\r\n",
             req_fields("GET", headers={"Content-Length": ["5 5"]},
                        content_length=-1,
                        anomalies=nohost + ["bad_content_length"])),
            ("cl_empty", GET + b"Content-Length:\r\n\r\n",
             req_fields("GET", headers={"Content-Length": [""]},
                        content_length=-1,
                        anomalies=nohost + ["bad_content_length"])),
            ("cl_list", GET + b"Content-Length: 5, 5\r\n\r\n",
             req_fields("GET", headers={"Content-Length": ["5, 5"]},
                        content_length=5,
                        anomalies=nohost + ["duplicate_content_length"])),
            ("cl_hex", GET + b"Content-Length: 0x10\r\n\r\n",
             req_fields("GET", headers={"Content-Length": ["0x10"]},
                        content_length=-1,
                        anomalies=nohost + ["bad_content_length"])),
            ("cl_disagree", GET + b"Content-Length: 5\r\n"
             b"Content-Length: 6\r\n\r\n12345",
             req_fields("GET", headers={"Content-Length": ["5", "6"]},
                        content_length=-1,
                        anomalies=nohost + ["conflicting_content_length"])),
            ("lower_method", b"get / HTTP/1.1\r\n\r\n",
             req_fields("get", anomalies=nohost + ["extension_method"])),
            ("mixed_method", b"Get / HTTP/1.1\r\n\r\n",
             req_fields("Get", anomalies=nohost + ["extension_method"])),
            ("method_tab", b"GET\t/ HTTP/1.1\r\n\r\n",
             req_fields("GET", anomalies=nohost + ["first_line_spacing"])),
            ("webdav_method", b"PROPFIND / HTTP/1.1\r\n\r\n",
             req_fields("PROPFIND", anomalies=nohost)),
    ]:
        tcp_request(name, "odd: " + repr(raw[:48])[2:-1], raw, "event",
                    fields)

    # Nothing can be made of the first line: counted, no event.
    tcp_request("method_crlf", "malformed: a method and a line end",
                b"GET \r\n\r\n", "malformed")

    # Not HTTP at all: not even counted.
    for name, raw in [
            ("method_no_space", b"GET/ HTTP/1.1\r\n\r\n"),
            ("unknown_no_version", b"BREW /pot\r\n\r\n"),
            ("three_bytes", b"GET"),
    ]:
        tcp_request(name, "not HTTP: " + repr(raw[:40])[2:-1], raw, "none")


def req_length_cases():
    """Well formed, if odd: lengths and line ends."""
    # Well formed, if odd.
    tcp_request("cl_max", "Content-Length 2^63-1", GET +
                b"Content-Length: 9223372036854775807\r\n\r\n", "event",
                req_fields("GET", headers={"Content-Length":
                                           ["9223372036854775807"]},
                           content_length=9223372036854775807, anomalies=["missing_host"]))
    tcp_request("cl_spaces", "Content-Length with spaces around it", GET +
                b"Content-Length:   5 \t \r\n\r\n12345", "event",
                req_fields("GET", headers={"Content-Length": ["5"]},
                           content_length=5, anomalies=["missing_host"]))
    tcp_request("cl_zeros", "Content-Length with leading zeros", GET +
                b"Content-Length: 007\r\n\r\n1234567", "event",
                req_fields("GET", headers={"Content-Length": ["007"]},
                           content_length=7, anomalies=["missing_host"]))
    tcp_request("cl_same_twice", "Content-Length twice, same value", GET +
                b"Content-Length: 5\r\ncontent-length: 5\r\n\r\n12345",
                "event", req_fields("GET", headers={"Content-Length":
                                                    ["5", "5"]},
                                    content_length=5, anomalies=["duplicate_content_length", "missing_host"]))
    tcp_request("cl_and_te", "Content-Length and Transfer-Encoding: "
                "Transfer-Encoding wins (RFC 9112 6.3)", GET +
                b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
                "event",
                req_fields("GET", headers={"Transfer-Encoding": ["chunked"],
                                           "Content-Length": ["5"]},
                           content_length=-1, anomalies=["te_and_cl", "missing_host"]))
    tcp_request("nul_body", "NUL bytes in the body", b"POST /n HTTP/1.1\r\n"
                b"Content-Length: 4\r\n\r\n\x00\x00\x00\x00", "event",
                req_fields("POST", path="/n",
                           headers={"Content-Length": ["4"]},
                           content_length=4, anomalies=["missing_host"]))
    tcp_request("bare_lf", "bare LF line ends", b"GET /lf HTTP/1.1\n"
                b"Host: lf\nX-A: 1\n\n", "event",
                req_fields("GET", host="lf", path="/lf",
                           headers={"X-A": ["1"]}, anomalies=["bare_lf"]))
    tcp_request("lf_crlf_mix", "LF and CRLF mixed", GET +
                b"X-A: 1\n\r\n", "event",
                req_fields("GET", headers={"X-A": ["1"]}, anomalies=["bare_lf", "missing_host"]))


def req_text_cases():
    """Odd text, framing and segmentation in well-formed requests."""
    raw = b"GET /\xff\xfe\xc3\x28/\xe2\x82 HTTP/1.1\r\n\r\n"
    tcp_request("bad_utf8_target", "invalid UTF-8 in the target", raw,
                "event", req_fields("GET", path=jstr(b"/\xff\xfe\xc3\x28/"
                                                     b"\xe2\x82"), anomalies=["missing_host"]))
    raw = (b"GET /caf\xc3\xa9/\xe2\x82\xac?\xf0\x9f\x98\x80=1 HTTP/1.1\r\n"
           b"X-Emoji: \xf0\x9f\x98\x80 \xe4\xb8\xad\r\n\r\n")
    tcp_request("utf8", "valid UTF-8 in target, query and value", raw,
                "event", req_fields("GET", path="/caf\u00e9/\u20ac",
                                    query="\U0001f600=1",
                                    headers={"X-Emoji":
                                             ["\U0001f600 \u4e2d"]}, anomalies=["missing_host"]))
    value = b"\xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xc2"
    tcp_request("overlong_surrogate", "overlong, surrogate and too-large "
                "UTF-8 sequences, a lone lead byte", GET + b"X-Bad: " + value +
                b"\r\n\r\n", "event",
                req_fields("GET", headers={"X-Bad": [jstr(value)]}, anomalies=["missing_host"]))
    tcp_request("c1_controls", "C1 controls (CSI) as UTF-8 and as a lone "
                "byte", GET + b"X-T: \xc2\x9b31mred\r\nX-U: \x9b2J\r\n\r\n",
                "event", req_fields("GET", headers={
                    "X-T": ["\u009b31mred"], "X-U": ["\ufffd2J"]}, anomalies=["missing_host"]))
    tcp_request("tab_quote_backslash", "tabs, quotes and backslashes",
                b'GET /q"\\x HTTP/1.1\r\nX-Tab: \ta\tb\t\r\n'
                b'X-Q: "\\"\r\n\r\n', "event",
                req_fields("GET", path='/q"\\x',
                           headers={"X-Tab": ["a\tb"], "X-Q": ['"\\"']}, anomalies=["missing_host"]))
    tcp_request("name_case", "header names canonicalised, repeats merged",
                GET + b"cONTENT-tYPE: a\r\nX-Rep: 1\r\nx-rep: 2\r\n"
                b"X-REP: 3\r\nx_under: u\r\n\r\n", "event",
                req_fields("GET", headers={"Content-Type": ["a"],
                                           "X-Rep": ["1", "2", "3"],
                                           "X_under": ["u"]}, anomalies=["missing_host"]))
    tcp_request("host_long", "a 1500-byte Host", GET + b"Host: " +
                b"h" * 1500 + b"\r\n\r\n", "event",
                req_fields("GET", host="h" * 1024, truncated=True, anomalies=["line_too_long"]))
    tcp_request("host_empty", "an empty Host", GET + b"Host:\r\n\r\n",
                "event", req_fields("GET"))
    tcp_request("version_cut", "the request line cut inside the version",
                b"GET / HTT", "event",
                req_fields("GET", "", content_length=-1, truncated=True))
    tcp_request("method_only", "just a method and a space", b"GET ",
                "event", req_fields("GET", "", path="", content_length=-1,
                                    truncated=True))
    garbage = bytes(0x80 + (i * 37) % 128 for i in range(3000))
    tcp_request("method_high_garbage", "a method, then 3000 bytes >= 0x80",
                b"POST /" + garbage, "event",
                req_fields("POST", "", path=jstr(b"/" + garbage[:1023]),
                           content_length=-1, truncated=True, anomalies=["line_too_long"]))
    c = tcp_request("pipelined", "two requests in one segment: one event "
                    "each, in order",
                    b"GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n",
                    "event",
                    req_fields("GET", path="/1", anomalies=["missing_host"]))
    second = c.obs[0]
    c.obs.append(Obs(second.direction, "event", second.family, second.src,
                     second.dst, second.sport, second.dport,
                     second.packet_len, "request",
                     req_fields("GET", path="/2", anomalies=["missing_host"])))

    # Segmentation.
    tcp_request("one_byte_segments", "one byte per TCP segment",
                b"GET /slow HTTP/1.1\r\nHost: s\r\n\r\n", "none", chunk=1)
    # "GET " starts a message: the block is put together from there, and
    # stamped with that first segment's time and length.
    c = tcp_request("four_byte_segments", "four bytes per TCP segment: put "
                    "together into one whole request",
                    b"GET /four HTTP/1.1\r\n\r\n", "event",
                    req_fields("GET", path="/four",
                               anomalies=["missing_host"]),
                    packet_len=IP_HEADER_LEN[4] + TCP_HEADER_LEN + 4, chunk=4)
    c.stream = {"blocks_reassembled": 1}

    # IPv6.
    raw = b"PUT /v6/" + b"x" * 3000 + b" HTTP/1.1\r\n\r\n"
    tcp_request("v6_target_3000", "IPv6: a 3000-byte target", raw, "event",
                req_fields("PUT", "", path="/v6/" + "x" * 1020,
                           content_length=-1, truncated=True, anomalies=["line_too_long"]), family=6)
    tcp_request("v6_no_colon", "IPv6: a header line without a colon",
                GET + b"NoColon\r\n\r\n", "event",
                req_fields("GET", headers={"Nocolon": [""]},
                           anomalies=["missing_host", "header_without_colon"]),
                family=6)


def redact_cases():
    c = tcp_request(
        "redact_all", "Authorization, Proxy-Authorization, Cookie (twice), "
        "any case", GET + b"aUtHoRiZaTiOn: Bearer SeCrEt-auth\r\n"
        b"Proxy-Authorization: Basic SeCrEt-proxy\r\n"
        b"COOKIE: a=SeCrEt-c1\r\nX-Keep: k\r\ncookie: b=SeCrEt-c2\r\n\r\n",
        "event", req_fields("GET", headers={
            "Authorization": [REDACTED], "Proxy-Authorization": [REDACTED],
            "Cookie": [REDACTED, REDACTED], "X-Keep": ["k"]}, anomalies=["missing_host"]))
    tcp_request("redact_long", "a 1500-byte Cookie", GET + b"Cookie: " +
                SECRET * 250 + b"\r\n\r\n", "event",
                req_fields("GET", headers={"Cookie": [REDACTED]},
                           truncated=True, anomalies=["missing_host", "line_too_long"]))
    lines = [b"H-%02d: x\r\n" % i for i in range(70)]
    tcp_request("redact_beyond_64", "a Cookie after 70 headers", GET +
                b"".join(lines) + b"Cookie: SeCrEt-70\r\n\r\n", "event",
                req_fields("GET", headers={"H-%02d" % i: ["x"]
                                           for i in range(64)},
                           truncated=True, anomalies=["missing_host", "too_many_headers"]))
    # Headers that end 12 bytes before the limit, then the Cookie.
    pads, kept, left = [], {}, 2048 - 12 - len(GET)
    while left:
        value = b"p" * min(1000, left - 11)
        pads.append(b"X-Pad-%d: " % len(pads) + value + b"\r\n")
        kept["X-Pad-%d" % (len(pads) - 1)] = [value.decode()]
        left -= len(pads[-1])
    tcp_request("redact_cut", "a Cookie line cut by the 2048-byte limit",
                GET + b"".join(pads) + b"Cookie: SeCrEt-cut-" + b"s" * 100 +
                b"\r\n\r\n", "event",
                req_fields("GET", headers=kept, content_length=-1,
                           truncated=True))
    tcp_response("redact_set_cookie", "Set-Cookie twice in a response",
                 b"HTTP/1.1 200 OK\r\nSet-Cookie: id=SeCrEt-1\r\n"
                 b"set-cookie: x=SeCrEt-2; Path=/\r\nContent-Length: 0\r\n"
                 b"\r\n", "event",
                 resp_fields("200 OK", 200, headers={
                     "Set-Cookie": [REDACTED, REDACTED],
                     "Content-Length": ["0"]}, content_length=0))
    # Host and Content-Length are kept outside "headers" too: a listed
    # name is withheld in every field its value reaches.
    listed = "Host,Content-Length," + DEFAULT_REDACT_VALUE
    c = tcp_request("redact_host_length", "redact=Host,Content-Length,...: "
                    "host and content_length are withheld too",
                    b"POST /up HTTP/1.1\r\nHost: SeCrEt-host.example\r\n"
                    b"Content-Length: 5\r\nX-Keep: k\r\n\r\nhello", "event",
                    req_fields("POST", host=REDACTED, path="/up", headers={
                        "Content-Length": [REDACTED], "X-Keep": ["k"]},
                        content_length=-1))
    c.action = (f"set_redact '{listed}' && " + c.action +
                f" && set_redact '{DEFAULT_REDACT_VALUE}'")
    c = tcp_response("redact_resp_length", "redact=Content-Length in a "
                     "response", b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                     b"Set-Cookie: s=SeCrEt-r\r\n\r\nabc", "event",
                     resp_fields("200 OK", 200, headers={
                         "Content-Length": [REDACTED],
                         "Set-Cookie": [REDACTED]}, content_length=-1))
    c.action = (f"set_redact '{listed}' && " + c.action +
                f" && set_redact '{DEFAULT_REDACT_VALUE}'")
    c = tcp_request("redact_none", "redact=none shows the values (so the "
                    "test can see a secret when there is one)",
                    GET + b"Authorization: Basic SeCrEt-shown\r\n\r\n",
                    "event", req_fields("GET", headers={
                        "Authorization": ["Basic SeCrEt-shown"]}, anomalies=["missing_host"]))
    c.action = ("set_redact none && " + c.action +
                f" && set_redact '{DEFAULT_REDACT_VALUE}'")
    c.secret_allowed = True
    tcp_request("redact_restored", "the default list again",
                GET + b"Authorization: Basic SeCrEt-hidden\r\n\r\n", "event",
                req_fields("GET", headers={"Authorization": [REDACTED]}, anomalies=["missing_host"]))


def stale_cases():
    for long_name, short_name, filler in (("stale_long_q", "stale_short_q",
                                           b"Q"),
                                          ("stale_long_w", "stale_short_w",
                                           b"W")):
        c = tcp_request(long_name, "a long message full of one filler byte",
                        b"GET /long HTTP/1.1\r\nX-Fill: " + filler * 1900 +
                        b"\r\n\r\n", "event",
                        req_fields("GET", path="/long", headers={
                            "X-Fill": [filler.decode() * 1024]},
                            truncated=True,
                            anomalies=["missing_host", "line_too_long"]))
        c.filler = filler * 8
        tcp_request(short_name, "a short message after it: nothing of the "
                    "long one may show", b"GET /s HTTP/1.1\r\n\r\n", "event",
                    req_fields("GET", path="/s", anomalies=["missing_host"]))


def resp_cases():
    for name, raw in [
            ("status_000", b"HTTP/1.1 000 Zero\r\n\r\n"),
            ("status_1000", b"HTTP/1.1 1000 Big\r\n\r\n"),
            ("status_20", b"HTTP/1.1 20\r\n\r\n"),
            ("status_099", b"HTTP/1.1 099 Low\r\n\r\n"),
            ("status_600", b"HTTP/1.1 600 High\r\n\r\n"),
            ("status_letters", b"HTTP/1.1 2x0 OK\r\n\r\n"),
            ("status_no_space", b"HTTP/1.1200 OK\r\n\r\n"),
    ]:
        tcp_response(name, "malformed: " + repr(raw[:40])[2:-1], raw,
                     "malformed")
    for name, raw, fields in [
            ("reason_esc", b"HTTP/1.1 200 \x1b[2J\r\n\r\n",
             resp_fields("200 \u001b[2J", 200, anomalies=["control_bytes"])),
            ("reason_nul", b"HTTP/1.1 200 O\x00K\r\n\r\n",
             resp_fields("200 O\u0000K", 200, anomalies=["control_bytes"])),
            ("version_1_2_resp", b"HTTP/1.2 200 OK\r\n\r\n",
             resp_fields("200 OK", 200, "HTTP/1.2",
                         anomalies=["version_nonstandard"])),
            ("http2_resp", b"HTTP/2 200 OK\r\n\r\n",
             resp_fields("200 OK", 200, "HTTP/2",
                         anomalies=["version_nonstandard"])),
            ("lower_http", b"http/1.1 200 OK\r\n\r\n",
             resp_fields("200 OK", 200, "http/1.1",
                         anomalies=["version_nonstandard"])),
    ]:
        tcp_response(name, "odd: " + repr(raw[:40])[2:-1], raw, "event",
                     fields)
    tcp_response("status_100", "status 100", b"HTTP/1.1 100 Continue\r\n\r\n",
                 "event", resp_fields("100 Continue", 100, content_length=0))
    tcp_response("status_599", "status 599", b"HTTP/1.1 599 Odd\r\n\r\n",
                 "event", resp_fields("599 Odd", 599))
    tcp_response("status_no_reason", "no reason phrase",
                 b"HTTP/1.1 204\r\n\r\n", "event",
                 resp_fields("204", 204, content_length=0, anomalies=["status_line_no_reason"]))
    tcp_response("status_empty_reason", "an empty reason phrase",
                 b"HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", "event",
                 resp_fields("200", 200, headers={"Content-Length": ["0"]},
                             content_length=0))
    tcp_response("reason_c1_utf8", "a reason with a C1 control and invalid "
                 "UTF-8", b"HTTP/1.1 200 \xc2\x9b\xff OK\r\n\r\n", "event",
                 resp_fields("200 \u009b\ufffd OK", 200))
    tcp_response("reason_1500", "a 1500-byte reason phrase",
                 b"HTTP/1.1 200 " + b"r" * 1500 + b"\r\n\r\n", "event",
                 resp_fields("200 " + "r" * 1024, 200, truncated=True, anomalies=["line_too_long"]))
    tcp_response("http10_redirect", "HTTP/1.0 without Content-Length",
                 b"HTTP/1.0 301 Moved\r\nLocation: /x\r\n\r\n", "event",
                 resp_fields("301 Moved", 301, "HTTP/1.0",
                             headers={"Location": ["/x"]}))
    lines = [b"X-R%04d: v\r\n" % i for i in range(3000)]
    # The server's first segment takes what TCP lets it: its length is
    # not ours to know, only that it holds more than the 2048 bytes looked at.
    c = tcp_response("resp_3000_headers", "a response with 3000 headers "
                     "(36 kB, cut at header_max)",
                     b"HTTP/1.1 200 OK\r\n" + b"".join(lines) + b"\r\n",
                     "event",
                     resp_fields("200 OK", 200,
                                 headers={"X-R%04d" % i: ["v"]
                                          for i in range(64)},
                                 truncated=True,
                                 anomalies=["too_many_headers"]),
                     packet_len=(IP_HEADER_LEN[4] + TCP_HEADER_LEN + 2048,
                                 65535))
    cut_at_header_max(c)


P_RAW = b"GET /raw HTTP/1.1\r\nHost: r\r\n\r\n"
P_RAW_FIELDS = req_fields("GET", host="r", path="/raw")


def raw4(name, what, packets, observed, outcome="event", fields=None,
         packet_len=None, sport=None, src="127.0.0.1", packet_socket=False):
    """Raw IPv4 packets to 127.0.0.1; @observed says which hooks see the
    message: "lo" both, reporting it where it leaves (its P_RAW payload
    passing LOCAL_IN again), "egress", "ingress" or "none"."""
    fields = fields or P_RAW_FIELDS
    directions = {"lo": ("egress",), "egress": ("egress",),
                  "ingress": ("ingress",), "none": ()}[observed]
    obs = [Obs(d, outcome, 4, src, "127.0.0.1", sport, RAW_DPORT, packet_len,
               "request", fields) for d in directions]
    # arriving on lo after IP's output, the bytes are not looked at again
    return raw_case(name, what, packets, obs, packet_socket, 0)


def raw4_cases():
    """Crafted IPv4 packets: TCP data offsets, options, protocols."""
    sp = port()
    raw4("raw_ok", "a well-formed raw IPv4 packet", [
        ipv4("127.0.0.1", "127.0.0.1", tcp(sp, RAW_DPORT, P_RAW))],
        "lo", sport=sp, packet_len=40 + len(P_RAW))
    for doff in (0, 4):
        sp = port()
        raw4(f"raw_doff_{doff}", f"TCP data offset {doff} (< 5)", [
            ipv4("127.0.0.1", "127.0.0.1",
                 tcp(sp, RAW_DPORT, P_RAW, doff=doff))], "none")
    sp = port()
    raw4("raw_doff_past_end", "TCP data offset 15 in a 30-byte segment", [
        ipv4("127.0.0.1", "127.0.0.1",
             tcp(sp, RAW_DPORT, b"GET /x HTTP/1.1\r\n", doff=15,
                 length=30))], "none")
    sp = port()
    raw4("raw_doff_into_payload", "TCP data offset 6: the payload looks "
         "different from there", [
             ipv4("127.0.0.1", "127.0.0.1",
                  tcp(sp, RAW_DPORT, P_RAW, doff=6))], "none")
    sp = port()
    raw4("raw_doff_15_options", "TCP data offset 15, 40 bytes of options", [
        ipv4("127.0.0.1", "127.0.0.1",
             tcp(sp, RAW_DPORT, P_RAW, options=b"\x01" * 39 + b"\x00"))],
        "lo", sport=sp, packet_len=20 + 60 + len(P_RAW))
    sp = port()
    raw4("raw_tcp_cut", "a TCP header cut at 10 bytes", [
        ipv4("127.0.0.1", "127.0.0.1", tcp(sp, RAW_DPORT, length=10))],
        "none")
    sp = port()
    raw4("raw_ip_options", "IPv4 with 40 bytes of options", [
        ipv4("127.0.0.1", "127.0.0.1", tcp(sp, RAW_DPORT, P_RAW),
             options=b"\x01" * 39 + b"\x00")],
        "lo", sport=sp, packet_len=60 + 20 + len(P_RAW))
    sp = port()
    raw4("raw_udp", "UDP carrying an HTTP request", [
        ipv4("127.0.0.1", "127.0.0.1",
             struct.pack("!HHHH", sp, RAW_DPORT, 8 + len(P_RAW), 0) + P_RAW,
             proto=17)], "none")
    sp = port()
    raw4("raw_src_address", "an IPv4 source other than 127.0.0.1", [
        ipv4("10.0.0.255", "127.0.0.1", tcp(sp, RAW_DPORT, P_RAW))],
        "lo", sport=sp, src="10.0.0.255", packet_len=40 + len(P_RAW))


def raw4_end_cases():
    """Segments that end a connection as they carry a message: the module
    stops following the connection there, and must not take the copy that
    comes back in through LOCAL_IN for a new message."""
    sp = port()
    c = raw4("raw_fin_data", "a request in a segment that carries FIN too",
             [ipv4("127.0.0.1", "127.0.0.1",
                   tcp(sp, RAW_DPORT, P_RAW, flags=0x19))],
             "lo", sport=sp, packet_len=40 + len(P_RAW))
    c.duplicate_bytes = None
    sp = port()
    response = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
    obs = [Obs("egress", "event", 4, "127.0.0.1", "127.0.0.1", sp, RAW_DPORT,
               40 + len(P_RAW), "request", P_RAW_FIELDS),
           Obs("egress", "event", 4, "127.0.0.1", "127.0.0.1", RAW_DPORT, sp,
               40 + len(response), "response",
               resp_fields("200 OK", 200, headers={"Content-Length": ["0"]},
                           content_length=0))]
    raw_case("raw_last_fin_data", "a request, the client's FIN, then the "
             "response in the segment with the server's FIN",
             [ipv4("127.0.0.1", "127.0.0.1", tcp(sp, RAW_DPORT, P_RAW)),
              ipv4("127.0.0.1", "127.0.0.1", fin(sp)),
              ipv4("127.0.0.1", "127.0.0.1",
                   tcp(RAW_DPORT, sp, response, flags=0x19))], obs,
             duplicate=None)


def raw4_fragment_cases():
    """IPv4 fragments and bytes past the packet's end."""
    # IPv4 fragments: the sender's hook sees the fragments, the receiver's
    # the reassembled packet.
    sp = port()
    payload = b"GET /frag HTTP/1.1\r\nHost: f\r\n\r\n"
    seg = tcp(sp, RAW_DPORT, payload)
    head = ipv4("127.0.0.1", "127.0.0.1", seg[:40], frag=0x2000, ident=77)
    tail = ipv4("127.0.0.1", "127.0.0.1", seg[40:], frag=5, ident=77)
    # The header block begun in the first fragment on the way out is made
    # whole by the reassembled packet on the way in: reported there, with
    # the time and packet_len of the first fragment, its bytes not again.
    obs = [Obs("ingress", "event", 4, "127.0.0.1", "127.0.0.1", sp,
               RAW_DPORT, 60, "request",
               req_fields("GET", host="f", path="/frag"))]
    c = raw_case("raw_fragments", "IPv4 fragments: the first alone on the "
                 "way out, the rest of the block in the packet reassembled "
                 "on the way in", [head, tail], obs, duplicate=20)
    c.stream = {"blocks_reassembled": 1}
    sp = port()
    seg = tcp(sp, RAW_DPORT, payload)
    head = ipv4("127.0.0.1", "127.0.0.1", seg[:8], frag=0x2000, ident=78)
    tail = ipv4("127.0.0.1", "127.0.0.1", seg[8:], frag=1, ident=78)
    obs = [Obs("ingress", "event", 4, "127.0.0.1", "127.0.0.1", sp,
               RAW_DPORT, 20 + len(seg), "request",
               req_fields("GET", host="f", path="/frag"))]
    raw_case("raw_tiny_fragment", "a first fragment of 8 bytes, too short "
             "for the TCP header", [head, tail], obs)
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    # An offset-only fragment whose data looks like a TCP header and a
    # request: it must not be parsed.
    lone = ipv4("127.0.0.1", "127.0.0.1", seg, frag=0x2000 | 100, ident=79)
    raw4("raw_nonfirst_fragment", "a lone non-first fragment that looks "
         "like TCP + HTTP", [lone], "none")

    # Ingress only, through a packet socket: bytes past the IPv4 total
    # length must not be read. What is left of the request never ends: it
    # is reported when the connection does (a FIN).
    sp = port()
    seg = tcp(sp, RAW_DPORT, b"GET /pad" + b" HTTP/1.1\r\nX-Leak: "
              + SECRET + b"\r\n\r\n")
    pkt = ipv4("127.0.0.2", "127.0.0.1", seg, tot_len=20 + 20 + 8)
    raw4("packet_trailing_bytes", "bytes after the IPv4 total length (packet "
         "socket, receive side only), reported when the connection ends",
         [pkt, ipv4("127.0.0.2", "127.0.0.1", fin(sp))], "ingress", sport=sp,
         src="127.0.0.2", packet_len=48, packet_socket=True,
         fields=req_fields("GET", "", path="/pad", content_length=-1,
                           truncated=True))


def v6obs(directions, sp, packet_len, fields=None, src="::1"):
    """The events of a raw IPv6 packet carrying P_RAW to RAW_DPORT."""
    return [Obs(d, "event", 6, src, "::1", sp, RAW_DPORT, packet_len,
                "request", fields or P_RAW_FIELDS) for d in directions]


def raw6_cases():
    """Crafted IPv6 packets with extension headers."""
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    raw_case("raw6_ok", "a well-formed raw IPv6 packet",
             [ipv6("::1", "::1", seg)],
             v6obs(("egress",), sp, 40 + len(seg)))
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    ext = ext6(60) + ext6(6)
    raw_case("raw6_ext_headers", "IPv6 with Hop-by-Hop and Destination "
             "Options headers", [ipv6("::1", "::1", ext + seg, nexthdr=0)],
             v6obs(("egress",), sp, 40 + len(ext) + len(seg)))
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    ext = ext6(43) + bytes([6, 0, 0, 0, 0, 0, 0, 0])
    raw_case("raw6_routing", "IPv6 with Hop-by-Hop and a Routing header",
             [ipv6("::1", "::1", ext + seg, nexthdr=0)],
             v6obs(("egress",), sp, 40 + len(ext) + len(seg)))


def raw6_odd_cases():
    """IPv6 fragments, payload lengths and header chains that do not fit
    the packet, and the ways a source address is written."""
    sp = port()
    seg = tcp(sp, RAW_DPORT, b"GET /v6frag HTTP/1.1\r\nHost: f\r\n\r\n")
    head = frag6(6, 0, 1) + seg[:40]
    tail = frag6(6, 5, 0) + seg[40:]
    cut = req_fields("GET", path="/v6frag", content_length=-1,
                     truncated=True)
    # No conntrack: the sender's hook sees the fragments, never the
    # reassembly (arriving on lo they are let be: they were seen leaving).
    # The header block in the first one never ends: it is reported as it
    # is when the connection does (a FIN), where the FIN leaves.
    raw_case("raw6_fragments", "IPv6 fragments: what the first holds, once, "
             "when the connection ends", [ipv6("::1", "::1", head, nexthdr=44),
                                          ipv6("::1", "::1", tail, nexthdr=44),
                                          ipv6("::1", "::1", fin(sp))],
             v6obs(("egress",), sp, 40 + len(head), cut))
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    raw_case("raw6_nonfirst_fragment", "a lone non-first IPv6 fragment "
             "that looks like TCP + HTTP",
             [ipv6("::1", "::1", frag6(6, 100, 1) + seg, nexthdr=44)], [])
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    raw_case("raw6_short_payload_len", "IPv6 payload length cutting the "
             "request short (reported when the connection ends)",
             [ipv6("::1", "::1", seg, payload_len=30),
              ipv6("::1", "::1", fin(sp))],
             v6obs(("egress",), sp, 70,
                   req_fields("GET", "", path="/raw", content_length=-1,
                              truncated=True)))
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    raw_case("raw6_long_payload_len", "IPv6 payload length past the packet "
             "(the receiver drops it)",
             [ipv6("::1", "::1", seg, payload_len=len(seg) + 500)],
             v6obs(("egress",), sp, 40 + len(seg)))
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    raw_case("raw6_zero_payload_len", "IPv6 payload length 0 without a "
             "jumbo option: the sender's hook reads to the end of the "
             "packet, the receiver trims it to nothing",
             [ipv6("::1", "::1", seg, payload_len=0)],
             v6obs(("egress",), sp, 40 + len(seg)))
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    raw_case("raw6_ext_past_end", "an IPv6 Hop-by-Hop header claiming 2 kB "
             "in a short packet",
             [ipv6("::1", "::1", bytes([6, 255]) + b"\x01\x04\0\0\0\0" +
                   seg, nexthdr=0)], [])
    sp = port()
    raw_case("raw6_no_next_header", "an IPv6 packet whose header chain ends "
             "(No Next Header) before an HTTP-looking payload",
             [ipv6("::1", "::1", ext6(59) + P_RAW, nexthdr=60)], [])
    sp = port()
    raw4("raw_syn_data", "a SYN carrying a request", [
        ipv4("127.0.0.1", "127.0.0.1", tcp(sp, RAW_DPORT, P_RAW, flags=0x02))],
        "lo", sport=sp, packet_len=40 + len(P_RAW))
    for src, text in (("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
                      ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
                      ("fe80:0:0:0:0:0:0:1", "fe80::1")):
        sp = port()
        seg = tcp(sp, RAW_DPORT, P_RAW)
        raw_case("raw6_src_" + text.replace(":", "_"),
                 f"IPv6 source {src} written as {text}",
                 [ipv6(src, "::1", seg)],
                 v6obs(("egress",), sp, 40 + len(seg), src=text))
    sp = port()
    seg = tcp(sp, RAW_DPORT, P_RAW)
    raw_case("raw6_src_v4mapped", "a v4-mapped IPv6 source, written as "
             "::ffff:10.1.2.3", [ipv6("::ffff:10.1.2.3", "::1", seg)],
             v6obs(("egress",), sp, 40 + len(seg), src="::ffff:10.1.2.3"))


def final_cases():
    tcp_request("normal_after", "an ordinary request after all of the above",
                b"GET /after?ok=1 HTTP/1.1\r\nHost: localhost:9000\r\n"
                b"User-Agent: hostile-test\r\nAccept: */*\r\n\r\n", "event",
                req_fields("GET", host="localhost:9000", path="/after",
                           query="ok=1",
                           headers={"User-Agent": ["hostile-test"],
                                    "Accept": ["*/*"]}))
    tcp_response("normal_after_response", "an ordinary response after all "
                 "of the above", b"HTTP/1.1 200 OK\r\nContent-Type: "
                 b"text/plain\r\nContent-Length: 2\r\n\r\nok", "event",
                 resp_fields("200 OK", 200, headers={
                     "Content-Type": ["text/plain"],
                     "Content-Length": ["2"]}, content_length=2))


req_limit_cases()
req_junk_cases()
req_length_cases()
req_text_cases()
redact_cases()
stale_cases()
resp_cases()
raw4_cases()
raw4_end_cases()
raw4_fragment_cases()
raw6_cases()
raw6_odd_cases()
final_cases()

# --- the flood and the lifecycle -------------------------------------------

FLOOD_RING_EVENTS = 1024
# Rounds of one request and one response packet of one connection, each
# round the next bytes of it (rawsend -s), each message seen once where it
# leaves: 100,000 messages by default, 10,000 where that takes too long
# (debug kernel).
FLOOD_ROUNDS = 50000
FLOOD_SPORT = 52001
# Floods that run at once (tests/hostile/guest/hostile.sh's phase_spin), or
# after another on a connection the module still follows, each need a
# connection of their own: flood.*, flood1.*, flood2.*.
FLOOD_CONNECTIONS = 3
FLOOD_REQUEST = b"GET /flood/######## HTTP/1.1\r\nHost: flood\r\n\r\n"
FLOOD_RESPONSE = (b"HTTP/1.1 200 OK\r\nX-Seq: ########\r\n"
                  b"Content-Length: 0\r\n\r\n")


def flood_packets(connection=0):
    sport = FLOOD_SPORT + connection
    return (ipv4("127.0.0.1", "127.0.0.1",
                 tcp(sport, RAW_DPORT, FLOOD_REQUEST)),
            ipv4("127.0.0.1", "127.0.0.1",
                 tcp(RAW_DPORT, sport, FLOOD_RESPONSE)))


def flood_fields(number):
    """The event fields of flood packet @number (even: request)."""
    digits = "%08d" % (number % 100000000)
    if number % 2 == 0:
        return "request", FLOOD_SPORT, RAW_DPORT, 40 + len(FLOOD_REQUEST), \
            req_fields("GET", host="flood", path="/flood/" + digits)
    return "response", RAW_DPORT, FLOOD_SPORT, 40 + len(FLOOD_RESPONSE), \
        resp_fields("200 OK", 200, headers={"X-Seq": [digits],
                                            "Content-Length": ["0"]},
                    content_length=0)


AFTER_REQUEST = (b"GET /after-flood HTTP/1.1\r\nHost: localhost:8080\r\n"
                 b"\r\n")
AFTER_RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                  b"Content-Length: 3\r\n\r\nok\n")
AFTER_SPORT = 53001
AFTER_PORT = 8080


def after_lines(netns, sport=AFTER_SPORT, event_names=DEFAULT_EVENTS):
    """The lines of one ordinary exchange with the server on 8080."""
    obs = on_lo(4, "127.0.0.1", "127.0.0.1", sport, AFTER_PORT, "event",
                IP_HEADER_LEN[4] + TCP_HEADER_LEN + len(AFTER_REQUEST),
                "request",
                req_fields("GET", host="localhost:8080",
                           path="/after-flood"))
    obs += on_lo(4, "127.0.0.1", "127.0.0.1", AFTER_PORT, sport, "event",
                 IP_HEADER_LEN[4] + TCP_HEADER_LEN + len(AFTER_RESPONSE),
                 "response",
                 resp_fields("200 OK", 200, headers={
                     "Content-Type": ["text/plain"],
                     "Content-Length": ["3"]}, content_length=3))
    return expected_lines(obs, netns, event_names)


# Load/read/unload cycles: 50 on the stock kernel, fewer on the debug
# kernel (tests/hostile/run asks), where a cycle beside its traffic takes
# some 10 s and what its checkers catch needs no such number.
LIFECYCLE_CYCLES = 50
LIFECYCLE_CYCLES_DEBUG = 20

# Parameters rewritten in a loop while these exchanges run.
RACE_EXCHANGES = 100
RACE_REQUEST = (b"GET /race HTTP/1.1\r\nHost: race\r\nCookie: c=plain\r\n"
                b"\r\n")


def race_lines(netns, sport, redact):
    """Every line an exchange of the race phase may make, with every event
    name, the Cookie redacted or not."""
    obs = on_lo(4, "127.0.0.1", "127.0.0.1", sport, AFTER_PORT, "event",
                IP_HEADER_LEN[4] + TCP_HEADER_LEN + len(RACE_REQUEST),
                "request",
                req_fields("GET", host="race", path="/race", headers={
                    "Cookie": [REDACTED if redact else "c=plain"]}))
    obs += on_lo(4, "127.0.0.1", "127.0.0.1", AFTER_PORT, sport, "event",
                 IP_HEADER_LEN[4] + TCP_HEADER_LEN + len(AFTER_RESPONSE),
                 "response",
                 resp_fields("200 OK", 200, headers={
                     "Content-Type": ["text/plain"],
                     "Content-Length": ["3"]}, content_length=3))
    return expected_lines(obs, netns, ALL_EVENTS)

# Abuse of the writable parameters, in this order, right after the hostile
# phase (events=network_events then): (label, parameter, value written,
# whether the write must succeed, what must be read back afterwards).
# Refused writes change nothing. Each value is written with cat: a
# value longer than a page takes more than one write().
_LONG_NAMES = ",".join(("N%03d-" % i) + "x" * 123 for i in range(30))
_MAX_NAMES = ",".join(("N%03d-" % i) + "x" * 123 for i in range(32))
_FITS = ",".join([("N%03d-" % i) + "x" * 123 for i in range(31)] +
                 ["F" * 95])
assert len(_MAX_NAMES) == 4127 and len(_FITS) == 4094
PARAM_STEPS = [
    ("events_5000", "events", "a" * 5000, False, ",".join(ALL_EVENTS)),
    ("events_empty", "events", "\n", False, ",".join(ALL_EVENTS)),
    ("events_commas", "events", ",,,", False, ",".join(ALL_EVENTS)),
    ("events_one_bad", "events", "net_packet_http_request,bogus", False,
     ",".join(ALL_EVENTS)),
    ("events_nul", "events", "net_packet_http\x01", False,
     ",".join(ALL_EVENTS)),
    ("events_spaces", "events", " net_packet_http , net_packet_http_request ",
     True, "net_packet_http_request,net_packet_http"),
    ("events_default", "events", "default", True, ",".join(DEFAULT_EVENTS)),
    ("redact_33", "redact", ",".join("H%d" % i for i in range(33)), False,
     DEFAULT_REDACT_VALUE),
    ("redact_129", "redact", "x" * 129, False, DEFAULT_REDACT_VALUE),
    ("redact_dup", "redact", "Cookie,cookie", False, DEFAULT_REDACT_VALUE),
    ("redact_empty_item", "redact", "Cookie,,Authorization", False,
     DEFAULT_REDACT_VALUE),
    ("redact_30x128", "redact", _LONG_NAMES, True, _LONG_NAMES),
    # What cannot read back whole (a page less its NUL, with the newline)
    # is refused; what just fits is taken.
    ("redact_32x128", "redact", _MAX_NAMES, False, _LONG_NAMES),
    ("redact_4094", "redact", _FITS, True, _FITS),
    ("redact_4095", "redact", _FITS + "y", False, _FITS),
    ("redact_default", "redact", DEFAULT_REDACT_VALUE, True,
     DEFAULT_REDACT_VALUE),
]

# The exchange devops reads after its bad reads (events back to default
# after PARAM_STEPS).
DEVOPS_SPORT = 53501
DEVOPS_REQUEST = (b"GET /devops?x=1 HTTP/1.1\r\nHost: devops\r\n"
                  b"X-Dev: " + b"d" * 300 + b"\r\n\r\n")


def devops_lines(netns):
    addr, dport = SINK[4]
    obs = on_lo(4, addr, addr, DEVOPS_SPORT, dport, "event",
                IP_HEADER_LEN[4] + TCP_HEADER_LEN + len(DEVOPS_REQUEST),
                "request", req_fields("GET", host="devops", path="/devops",
                                      query="x=1",
                                      headers={"X-Dev": ["d" * 300]}))
    return expected_lines(obs, netns, DEFAULT_EVENTS)


# The namespace whose IPv4 LOCAL_IN hook an unprivileged user fills with
# nft base chains: 1024, the most one hook takes (MAX_HOOK_COUNT).
NFT_CHAINS = 1024
# What nft needs: nf_tables, and the crc32c libcrc32c asks for by name
# (tests/hostile/run adds what each depends on).
NFT_MODULES = ["crc32c_generic", "nf_tables"]
NETNS_SPORT = AFTER_SPORT + 2
# Readers one memory cgroup holds open, against none in another.
MEMCG_READERS = 16


def fill_nft():
    chains = "".join(f"\tchain c{i} {{ type filter hook input priority 0; }}\n"
                     for i in range(NFT_CHAINS))
    return ("table ip fill {\n" + chains + "}\n").encode()


# --- a flood of connections whose header blocks never end ------------------

# The phase's caps: at most CONN_MAX connections followed, HEADER_MEM bytes
# for all partial header blocks together, HEADER_MAX for one. Ring enough
# for every event of the phase, so that none is lost.
CONN_MAX = 32
HEADER_MEM = 65536
HEADER_MAX = 4096
CONN_PARAMS = (f"conn_max={CONN_MAX} header_mem={HEADER_MEM} "
               f"header_max={HEADER_MAX} ring_events=4096")
# connflood's listener, and another for connections carrying no HTTP
CONN_PORT = 8090
NONHTTP_PORT = 8091
# Connections of each of the two groups (tests/hostile/run asks for fewer
# on the debug kernel); SYNs, and connections with no HTTP, in proportion.
CONN_FLOOD = 1000
SYN_SPORT = 20000


def syn_flood(conn_flood):
    return 2 * conn_flood


def nonhttp_conns(conn_flood):
    return conn_flood // 5


def conn_table_kb(conn_max=65536):
    """The connection table's size: a bucket (8 bytes) per slot, slots a
    power of two at least conn_max and 256 (README, Module parameters)."""
    slots = 256
    while slots < conn_max:
        slots *= 2
    return slots * 8 // 1024


def stream_block_min():
    """The size of the smallest buffer the module keeps a header block in
    (NETHTTP_STREAM_BLOCK_MIN, include/nethttp/stream.h)."""
    path = os.path.join(HERE, "..", "..", "include", "nethttp", "stream.h")
    with open(path) as f:
        m = re.search(r"#define\s+NETHTTP_STREAM_BLOCK_MIN\s+(\d+)", f.read())
    return int(m.group(1))


# Header blocks with no end, each in one segment: a small one that fits
# that smallest buffer, and a large one that needs a buffer of HEADER_MAX
# (the module doubles it as the block grows) but stays under it.
CONN_SMALL = (b"GET /s/######## HTTP/1.1\r\nHost: conns\r\nX-A: " +
              b"a" * 500 + b"\r\n")
CONN_LARGE_LINES = [b"X-Pad-%02d: " % i + b"p" * 90 + b"\r\n"
                    for i in range(29)]
CONN_LARGE = (b"GET /l/######## HTTP/1.1\r\nHost: conns\r\n" +
              b"".join(CONN_LARGE_LINES))
assert len(CONN_SMALL) <= stream_block_min() < len(CONN_LARGE)
assert 2 * 1024 < len(CONN_LARGE) < HEADER_MAX
# No HTTP at all: the first bytes of a TLS ClientHello.
NONHTTP = bytes([0x16, 3, 1, 2, 0, 1, 0, 1, 0xfc, 3, 3]) + \
    bytes((i * 7) % 256 for i in range(500))


def conn_fields(kind, number):
    """What the event of connection NUMBER's block says: it never ended,
    so it is cut, wherever the module let go of it (memory refused, the
    connection evicted or closed); an event shows its first 2048 bytes."""
    digits = "%08d" % number
    if kind == "s":
        return req_fields("GET", host="conns", path="/s/" + digits,
                          headers={"X-A": ["a" * 500]}, content_length=-1,
                          truncated=True)
    kept, used = {}, len(CONN_LARGE) - len(b"".join(CONN_LARGE_LINES))
    for line in CONN_LARGE_LINES:
        # none ends right at the edge, where a test could not tell
        assert used + len(line) != 2048
        if used + len(line) > 2048:
            break
        used += len(line)
        name, _, value = line.decode().rstrip("\r\n").partition(": ")
        kept[name] = [value]
    return req_fields("GET", host="conns", path="/l/" + digits,
                      headers=kept, content_length=-1, truncated=True)


def conn_lines(netns, sport, path, event_names=DEFAULT_EVENTS):
    """The lines a flood connection from SPORT makes, known by the path
    they show (/s/<number> or /l/<number>); {} for any other path."""
    m = re.fullmatch(r"/([sl])/(\d{8})", path if isinstance(path, str) else "")
    if not m:
        return {}
    payload = CONN_SMALL if m.group(1) == "s" else CONN_LARGE
    obs = on_lo(4, "127.0.0.1", "127.0.0.1", sport, CONN_PORT, "event",
                IP_HEADER_LEN[4] + TCP_HEADER_LEN + len(payload), "request",
                conn_fields(m.group(1), int(m.group(2))))
    return expected_lines(obs, netns, event_names)


def event_path(obj):
    """The uri_path of an event line's object, whichever event it is."""
    args = obj.get("args") if isinstance(obj, dict) else None
    if not isinstance(args, dict):
        return None
    fields = args.get("http_request") or args.get("proto_http") or {}
    return fields.get("uri_path") if isinstance(fields, dict) else None


# --- pipelined requests that are never answered ----------------------------

# PIPELINE_CONNS connections (tests/hostile/run asks for
# PIPELINE_CONNS_DEBUG on the debug kernel: more than conn_max still, so
# that some are evicted, and enough that copies are refused memory) each
# send PIPELINE_REQUESTS small requests in one write to a server that
# reads them and answers nothing, against the caps below; then the
# even-numbered ones close with FIN both ways and the odd-numbered ones
# are reset. The ring holds every event of the phase.
PIPELINE_CONNS = 200
PIPELINE_CONNS_DEBUG = 100
PIPELINE_REQUESTS = 20
PIPELINE_CONN_MAX = 64
PIPELINE_HEADER_MEM = 65536
PIPELINE_RING = 4096
PIPELINE_PARAMS = (f"conn_max={PIPELINE_CONN_MAX} "
                   f"header_mem={PIPELINE_HEADER_MEM} "
                   f"ring_events={PIPELINE_RING}")
PIPELINE_PORT = 8092
# what connflood reads after each connection
PIPELINE_COUNTERS = ("header_memory", "conns_tracked", "pending_no_memory",
                     "pending_overflow", "requests_unanswered")


def pipeline_request(k):
    """Request K (1..PIPELINE_REQUESTS) of a connection; connflood puts the
    connection's number in place of the marks."""
    return b"GET /p/########/%02d HTTP/1.1\r\nHost: pipeline\r\n\r\n" % k


PIPELINE_REQ = b"".join(pipeline_request(k)
                        for k in range(1, PIPELINE_REQUESTS + 1))


def header_define(header, name):
    """The value of #define NAME in include/nethttp/HEADER."""
    path = os.path.join(HERE, "..", "..", "include", "nethttp", header)
    with open(path) as f:
        m = re.search(r"#define\s+%s\s+(\d+)" % name, f.read())
    return int(m.group(1))


def pending_limits():
    """(requests pending per connection at most, bytes of one copy of a
    pipelined request): NETHTTP_STREAM_PENDING_MAX, and the size of struct
    nethttp_pending_request, a u64 stamp and a struct nethttp_brief (five
    bytes and NETHTTP_BRIEF_TEXT_MAX of text) padded to 8."""
    text = header_define("event.h", "NETHTTP_BRIEF_TEXT_MAX")
    return (header_define("stream.h", "NETHTTP_STREAM_PENDING_MAX"),
            (8 + 5 + text + 7) // 8 * 8)


def pipeline_model(conns=PIPELINE_CONNS, requests=PIPELINE_REQUESTS,
                   conn_max=PIPELINE_CONN_MAX, header_mem=PIPELINE_HEADER_MEM):
    """What the module's counters read after each connection of the phase,
    and which connections are followed at the end, from its rules: the
    oldest pending request's copy lives in the connection; the copies of
    the next ones take an array of PENDING_MAX - 1 at most, charged to
    header_mem, of 1, 2, 4, 8 then PENDING_MAX - 1 copies, the larger one
    taken before the smaller is given back, refused when the bytes charged
    would pass header_mem (a refused copy counts in pending_no_memory, and
    each later one of that connection asks at least as much again);
    requests past PENDING_MAX count in pending_overflow. The connection is
    followed after its segment was looked at; when conn_max are followed,
    the oldest is evicted then, its copies freed and its pending requests
    counted in requests_unanswered (no segment comes after the first, so
    the oldest is the one idle longest).

    Returns (samples, tracked): a dict of PIPELINE_COUNTERS per connection,
    and [(number, copies its array holds)] of those followed at the end."""
    pending_max, copy = pending_limits()
    used = no_memory = overflow = unanswered = 0
    table, samples = [], []
    for number in range(conns):
        room = 0
        for i in range(1, requests):
            if i >= pending_max:
                overflow += 1
                continue
            if i <= room:
                continue
            want = room * 2 if room else 1
            while want < i:
                want *= 2
            want = min(want, pending_max - 1)
            if used + want * copy > header_mem:
                no_memory += 1
                continue
            used += (want - room) * copy
            room = want
        if len(table) == conn_max:
            _, gone = table.pop(0)
            used -= gone * copy
            unanswered += min(requests, pending_max)
        table.append((number, room))
        samples.append({"header_memory": used, "conns_tracked": len(table),
                        "pending_no_memory": no_memory,
                        "pending_overflow": overflow,
                        "requests_unanswered": unanswered})
    return samples, table


def pipeline_lines(netns, sport, path):
    """The line request /p/<number>/<k> of a connection from SPORT makes
    ({} for any other path): a whole request in a segment with all of its
    connection's."""
    m = re.fullmatch(r"/p/(\d{8})/(\d{2})", path if isinstance(path, str)
                     else "")
    if not m or not 1 <= int(m.group(2)) <= PIPELINE_REQUESTS:
        return {}
    obs = on_lo(4, "127.0.0.1", "127.0.0.1", sport, PIPELINE_PORT, "event",
                IP_HEADER_LEN[4] + TCP_HEADER_LEN + len(PIPELINE_REQ),
                "request", req_fields("GET", host="pipeline", path=path))
    return expected_lines(obs, netns, DEFAULT_EVENTS)


# The flood of connections through the load/unload cycles: at most
# LIFECYCLE_HOLD open, one every LIFECYCLE_CONN_MS (and what it takes to
# make it; tests/hostile/run asks for fewer on the debug kernel, where a
# connection costs far more), with the caps of the phase above in every
# third load.
LIFECYCLE_HOLD = 48
LIFECYCLE_CONN_MS = 50
LIFECYCLE_CAPS = f"conn_max={CONN_MAX} header_mem={HEADER_MEM} " \
    f"header_max={HEADER_MAX}"
# Fewer made than this per cycle is no flood.
LIFECYCLE_CONNS_PER_CYCLE = 4


def syn_packet():
    """A SYN, no payload; rawsend -i gives each copy a port of its own."""
    return ipv4("127.0.0.1", "127.0.0.1",
                tcp(SYN_SPORT, RAW_DPORT, flags=0x02))


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def write_plan(outdir, flood_rounds=FLOOD_ROUNDS, conn_flood=CONN_FLOOD,
               conn_ms=LIFECYCLE_CONN_MS, pipeline_conns=PIPELINE_CONNS,
               lifecycle_cycles=LIFECYCLE_CYCLES):
    os.makedirs(outdir, exist_ok=True)
    # every event of the pipeline phase fits a CPU's ring
    assert pipeline_conns * PIPELINE_REQUESTS <= PIPELINE_RING
    # and some connections are evicted (check.py counts on it)
    assert pipeline_conns > PIPELINE_CONN_MAX

    def put(name, data):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)

    put("hello.req", b"hello, no HTTP here\n")
    put("empty.resp", b"")
    for case in CASES:
        for name, data in case.data.items():
            put(name, data)
    for connection in range(FLOOD_CONNECTIONS):
        req, resp = flood_packets(connection)
        name = "flood%s" % (connection or "")
        put(name + ".req", req)
        put(name + ".resp", resp)
    put("after.req", AFTER_REQUEST)
    put("devops.req", DEVOPS_REQUEST)
    put("race.req", RACE_REQUEST)
    put("after.resp", AFTER_RESPONSE)
    put("fill.nft", fill_nft())
    put("conn.small", CONN_SMALL)
    put("conn.large", CONN_LARGE)
    put("pipeline.req", PIPELINE_REQ)
    put("nonhttp.bin", NONHTTP)
    put("syn.pkt", syn_packet())

    plan = ["# Generated by tests/hostile/hostile_cases.py.", "start_servers() {"]
    for family, (addr, p) in SINK.items():
        plan.append(f"\tsrv {addr} {p} empty.resp")
    for addr, p, name in _servers:
        plan.append(f"\tsrv {addr} {p} {name}")
    plan.append(f"\tsrv 127.0.0.1 {AFTER_PORT} after.resp")
    plan.append("}")
    names = []
    for i, case in enumerate(CASES):
        fn = f"c{i:03d}"
        names.append(fn)
        plan.append(f"case_{fn}() {{ {case.action}; }}")
    plan.append(f"HOSTILE_CASES={shell_quote(' '.join(names))}")
    total = sum(len(objs) for c in CASES for objs in c.lines(1).values())
    plan.append(f"HOSTILE_LINES={total}")
    plan.append(f"FLOOD_RING_EVENTS={FLOOD_RING_EVENTS}")
    plan.append(f"FLOOD_ROUNDS={flood_rounds}")
    plan.append(f"AFTER_SPORT={AFTER_SPORT}")
    plan.append(f"AFTER_PORT={AFTER_PORT}")
    plan.append(f"LIFECYCLE_CYCLES={lifecycle_cycles}")
    plan.append(f"DEVOPS_SPORT={DEVOPS_SPORT}")
    plan.append(f"RACE_EXCHANGES={RACE_EXCHANGES}")
    plan.append(f"REDACT_DEFAULT={shell_quote(DEFAULT_REDACT_VALUE)}")
    plan.append(f"NETNS_SPORT={NETNS_SPORT}")
    plan.append(f"MEMCG_READERS={MEMCG_READERS}")
    plan.append(f"CONN_PARAMS={shell_quote(CONN_PARAMS)}")
    plan.append(f"CONN_PORT={CONN_PORT}")
    plan.append(f"NONHTTP_PORT={NONHTTP_PORT}")
    plan.append(f"CONN_FLOOD={conn_flood}")
    plan.append(f"NONHTTP_CONNS={nonhttp_conns(conn_flood)}")
    plan.append(f"SYN_FLOOD={syn_flood(conn_flood)}")
    plan.append(f"PIPELINE_PARAMS={shell_quote(PIPELINE_PARAMS)}")
    plan.append(f"PIPELINE_PORT={PIPELINE_PORT}")
    plan.append(f"PIPELINE_CONNS={pipeline_conns}")
    plan.append(f"PIPELINE_COUNTERS={','.join(PIPELINE_COUNTERS)}")
    # what conns_tracked reads once the even-numbered ones closed
    _, tracked = pipeline_model(pipeline_conns)
    plan.append(f"PIPELINE_TRACKED_ODD="
                f"{sum(1 for number, _ in tracked if number % 2)}")
    plan.append(f"LIFECYCLE_CAPS={shell_quote(LIFECYCLE_CAPS)}")
    plan.append(f"LIFECYCLE_HOLD={LIFECYCLE_HOLD}")
    plan.append(f"LIFECYCLE_CONN_MS={conn_ms}")
    # both CPUs flood together with a quarter of the flood's rounds each
    plan.append(f"SPIN_ROUNDS={flood_rounds // 4}")
    for i, case in enumerate(CASES):
        plan.append(f"MSGS_c{i:03d}={case.counts()['messages']}")
    plan.append("param_steps() {")
    for label, param, value, _, _ in PARAM_STEPS:
        put("param." + label, value.encode())
        plan.append(f"\tparam_try {label} {param}")
    plan.append("}")
    with open(os.path.join(outdir, "hplan.sh"), "w") as f:
        f.write("\n".join(plan) + "\n")


def case_id(i):
    return f"c{i:03d}"


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3, 4, 5, 6, 7):
        sys.exit("usage: hostile_cases.py OUTDIR [FLOOD_ROUNDS [CONN_FLOOD "
                 "[LIFECYCLE_CONN_MS [PIPELINE_CONNS [LIFECYCLE_CYCLES]]]]]")
    write_plan(sys.argv[1], *(int(a) for a in sys.argv[2:]))
