"""The module's event lines: what its contract fixes (event names,
redaction, counters), how the lines a message must make are built, and how
a reader's output is compared with them."""

import json

# The guest's TCP stack puts the timestamps option on every segment
# (net.ipv4.tcp_timestamps=1, which the checkers assert), so each TCP header
# is 20 bytes + 12 bytes of options.
TCP_HEADER_LEN = 32
IP_HEADER_LEN = {4: 20, 6: 40}

ALL_EVENTS = ["net_packet_http_request", "net_packet_http_response",
              "net_packet_http"]
DEFAULT_EVENTS = ALL_EVENTS[:2]

# Header values the module withholds unless told otherwise (its redact
# parameter), compared without regard to case.
DEFAULT_REDACT = ["Authorization", "Proxy-Authorization", "Cookie",
                  "Set-Cookie"]
DEFAULT_REDACT_VALUE = ",".join(DEFAULT_REDACT)
REDACTED = "[REDACTED]"

# The files of /sys/class/misc/nethttp/stats.
# The line format's anomaly names, in the module's order; spelled here
# apart from the module's code, so a renamed one shows.
ANOMALIES = ["obs_fold", "space_before_colon", "bare_lf",
             "version_nonstandard", "first_line_spacing",
             "status_line_no_reason", "duplicate_content_length",
             "conflicting_content_length", "bad_content_length", "te_and_cl",
             "duplicate_host", "missing_host", "header_without_colon",
             "bad_header_name", "control_bytes", "http09_request",
             "extension_method", "too_many_headers", "line_too_long"]
STAT_NAMES = ["packets_inspected", "messages", "malformed", "truncated",
              "ignored", "events_queued", "events_delivered", "events_lost",
              "netns_unmonitored", "conns_tracked", "conns_evicted",
              "conns_expired", "blocks_reassembled", "duplicate_bytes",
              "resyncs", "headers_too_long", "headers_no_memory",
              "pending_overflow", "responses_unpaired",
              "requests_unanswered", "pending_no_memory", "header_memory"] + \
    ["anomaly_" + a for a in ANOMALIES]


def metadata(src, dst, sport, dport, packet_len, iface):
    """The metadata of every line a TCP segment makes. packet_len may be an
    int or a (min, max) range (see differences)."""
    return {"src_ip": src, "dst_ip": dst, "src_port": sport,
            "dst_port": dport, "protocol": 6, "packet_len": packet_len,
            "iface": iface}


def proto_http(kind, fields):
    """The proto_http object of a net_packet_http line: the request's or
    the response's fields, the other kind's left empty."""
    if kind == "request":
        proto = {"direction": "request", "method": fields["method"],
                 "protocol": fields["protocol"], "host": fields["host"],
                 "uri_path": fields["uri_path"],
                 "uri_query": fields["uri_query"], "status": "",
                 "status_code": 0}
    else:
        proto = {"direction": "response", "method": "",
                 "protocol": fields["protocol"], "host": "", "uri_path": "",
                 "uri_query": "", "status": fields["status"],
                 "status_code": fields["status_code"]}
    for key in ("headers", "content_length", "truncated", "anomalies"):
        proto[key] = fields[key]
    for key in PAIRING_KEYS:
        if key in fields:
            proto[key] = fields[key]
    return proto


def event_args(name, kind, fields, meta):
    """The args of event NAME for a message of KIND ("request" or
    "response"), or None when that event does not report this kind."""
    if name == "net_packet_http":
        return {"src": meta["src_ip"], "dst": meta["dst_ip"],
                "src_port": meta["src_port"], "dst_port": meta["dst_port"],
                "metadata": meta, "proto_http": proto_http(kind, fields)}
    if name == "net_packet_http_" + kind:
        return {"metadata": meta, "http_" + kind: fields}
    return None


def message_lines(kind, fields, meta, direction, netns, event_names):
    """Every line one message makes where the module sees it once (one
    direction, one namespace) with EVENT_NAMES enabled, as
    {line_key: the line's object with timestamp None}."""
    lines = {}
    for name in event_names:
        args = event_args(name, kind, fields, meta)
        if args is None:
            continue
        key = (name, direction, netns, meta["src_port"], meta["dst_port"])
        lines[key] = {"timestamp": None, "eventName": name, "netns": netns,
                      "direction": direction, "args": args}
    return lines


def add_lines(lines, more):
    """Adds MORE to LINES; no two expected lines may share a key, or the
    checker could not tell them apart."""
    for key, obj in more.items():
        assert key not in lines, key
        lines[key] = obj


def line_key(obj):
    """What tells an event line apart from every other line of a test:
    (eventName, direction, netns, src_port, dst_port), or None."""
    try:
        meta = obj["args"]["metadata"]
        return (obj["eventName"], obj["direction"], obj["netns"],
                meta["src_port"], meta["dst_port"])
    except (KeyError, TypeError):
        return None


def encode(obj):
    """A line as the module must write it: compact JSON, UTF-8 as is."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def differences(expected, actual, path=""):
    """Human-readable paths where two JSON values differ (order matters).
    An expected (min, max) tuple stands for any integer in that range."""
    if isinstance(expected, tuple):
        if not isinstance(actual, int) or isinstance(actual, bool) or \
                not expected[0] <= actual <= expected[1]:
            return [f"{path}: {actual!r}, want {expected[0]}..{expected[1]}"]
        return []
    if isinstance(expected, dict) and isinstance(actual, dict):
        if list(expected) != list(actual):
            return [f"{path or '.'}: keys {list(actual)}, want {list(expected)}"]
        out = []
        for key in expected:
            out += differences(expected[key], actual[key], f"{path}.{key}")
        return out
    if type(expected) is not type(actual) or expected != actual:
        a, e = repr(actual), repr(expected)
        if len(a) > 160 or len(e) > 160:
            a, e = a[:160] + "...", e[:160] + "..."
        return [f"{path}: {a}, want {e}"]
    return []


# --- who is behind an event, and what a response answers (issue 14) -------
#
# Right after "direction", an event may name the process, user and cgroup
# of its end of the connection (ATTRIBUTION_KEYS, each there only when
# known); right after its "anomalies", a response says how long after its
# request it came and which request that was (PAIRING_KEYS, always).
# An expectation may give these keys: an exact value, a (min, max) range
# (latency_ns), or ABSENT, which the line must not have. complete() takes
# those it leaves out from the line itself, once their shape is checked,
# so that the rest of the line is still compared byte for byte.

PROCESS_KEYS = ["processId", "hostProcessId", "processName"]
ATTRIBUTION_KEYS = PROCESS_KEYS + ["userId", "cgroupId"]
PAIRING_KEYS = ["latency_ns", "request"]
# The paired request's fields, in a response's "request" object.
PAIRED_REQUEST_KEYS = ["method", "host", "uri_path", "uri_query",
                       "truncated"]


def paired_request(fields):
    """The "request" object of a response paired with the request whose
    event fields are FIELDS (its copy not cut)."""
    return {"method": fields["method"], "host": fields["host"],
            "uri_path": fields["uri_path"],
            "uri_query": fields["uri_query"], "truncated": False}


class _Absent:
    def __repr__(self):
        return "ABSENT"


ABSENT = _Absent()


def _is_count(value, least=0):
    return isinstance(value, int) and not isinstance(value, bool) and \
        value >= least


def attribution_errors(obj):
    """What is wrong with the shape of an event's attribution keys."""
    errors = []
    for key in ATTRIBUTION_KEYS:
        if key not in obj:
            continue
        if key == "processName":
            if not isinstance(obj[key], str):
                errors.append(f".{key}: {obj[key]!r} is not a string")
        elif not _is_count(obj[key]):
            errors.append(f".{key}: {obj[key]!r} is not an integer >= 0")
    present = [key for key in PROCESS_KEYS if key in obj]
    if present and present != PROCESS_KEYS:
        errors.append(f"process keys {present}: want all of {PROCESS_KEYS} "
                      "or none")
    return errors


def pairing_errors(fields, path):
    """What is wrong with the shape of a response's pairing keys."""
    errors = []
    missing = [key for key in PAIRING_KEYS if key not in fields]
    if missing:
        return [f"{path}: no {', '.join(missing)}"]
    latency, request = fields["latency_ns"], fields["request"]
    if not _is_count(latency, -1):
        errors.append(f"{path}.latency_ns: {latency!r} is not an integer "
                      ">= -1")
    if request is None:
        if latency != -1:
            errors.append(f"{path}.request: null with latency_ns {latency}")
        return errors
    if latency == -1:
        errors.append(f"{path}.request: {request!r} with latency_ns -1")
    if not isinstance(request, dict) or \
            list(request) != PAIRED_REQUEST_KEYS:
        keys = list(request) if isinstance(request, dict) else request
        errors.append(f"{path}.request: {keys!r}, want null or the keys "
                      f"{PAIRED_REQUEST_KEYS}")
        return errors
    for key in PAIRED_REQUEST_KEYS:
        want = bool if key == "truncated" else str
        if type(request[key]) is not want:
            errors.append(f"{path}.request.{key}: {request[key]!r} is not "
                          f"a {want.__name__}")
    return errors


def response_fields(obj):
    """(path, the response object) of an event line that reports a
    response, else None."""
    args = obj.get("args")
    if not isinstance(args, dict):
        return None
    if obj.get("eventName") == "net_packet_http_response":
        key = "http_response"
    elif obj.get("eventName") == "net_packet_http" and \
            isinstance(args.get("proto_http"), dict) and \
            args["proto_http"].get("direction") == "response":
        key = "proto_http"
    else:
        return None
    return f".args.{key}", args.get(key)


def _fill(want, actual, after, keys):
    """WANT with KEYS right after its key AFTER, each as WANT gives it
    (a range becomes ACTUAL's value when that is in it; ABSENT drops it),
    else as ACTUAL has it."""
    out = {}
    for key, value in want.items():
        if key in keys:
            continue
        out[key] = value
        if key != after:
            continue
        for k in keys:
            v = want.get(k, actual.get(k, ABSENT))
            if isinstance(v, tuple) and k in actual and \
                    not differences(v, actual[k]):
                v = actual[k]
            if v is not ABSENT:
                out[k] = v
    return out


def complete(want, actual):
    """(the expected object WANT with the issue 14 keys it leaves out taken
    from the line ACTUAL, what is wrong with the shape of ACTUAL's)."""
    if not isinstance(want, dict) or not isinstance(actual, dict):
        return want, []
    errors = attribution_errors(actual)
    want = _fill(want, actual, "direction", ATTRIBUTION_KEYS)
    where = response_fields(want)
    if where is None:
        return want, errors
    path, fields = where
    key = path.rpartition(".")[2]
    got = actual.get("args")
    got = got.get(key) if isinstance(got, dict) else None
    if not isinstance(got, dict):
        return want, errors
    errors += pairing_errors(got, path)
    args = dict(want["args"])
    args[key] = _fill(fields, got, "anomalies", PAIRING_KEYS)
    return dict(want, args=args), errors


class Expectation:
    """Expected lines, each with the time window its timestamp must be in
    and the group (the case) its errors count against."""

    def __init__(self):
        self.lines = {}      # key -> (object, (start, end), group)

    def add(self, lines, window, group):
        for key, obj in lines.items():
            self.lines[key] = (obj, window, group)


def check_output(raw, expectation, label):
    """Compares a reader's output RAW (bytes) with the expectation: every
    line once, byte for byte its canonical encoding, stamped within its
    window. Returns (errors by group, errors of the output as a whole)."""
    by_group = {}
    general = []
    seen = set()

    def fail(group, msg):
        by_group.setdefault(group, []).append(f"{label}: {msg}")

    if raw is None:
        general.append(f"{label}: the guest sent no such output")
        for _, _, group in expectation.lines.values():
            fail(group, "no output")
        return by_group, general
    if raw and not raw.endswith(b"\n"):
        general.append(f"{label}: output does not end with a newline")
    for number, line in enumerate(raw.split(b"\n")[:-1], 1):
        try:
            text = line.decode("utf-8")
            obj = json.loads(text)
        except ValueError as e:
            general.append(f"{label} line {number}: not JSON ({e}): {line[:200]!r}")
            continue
        key = line_key(obj)
        if key not in expectation.lines:
            general.append(f"{label} line {number}: unexpected: {text[:300]}")
            continue
        want, window, group = expectation.lines[key]
        if key in seen:
            fail(group, f"line {number}: repeated: {text[:300]}")
            continue
        seen.add(key)
        for error in line_errors(number, obj, text, want, window):
            fail(group, error)
    for key, (_, _, group) in expectation.lines.items():
        if key not in seen:
            fail(group, "missing: event %s %s netns %s ports %s->%s" % key)
    return by_group, general


def line_errors(number, obj, text, want, window):
    """What is wrong with expected line NUMBER (its object and text): its
    encoding, and its timestamp against WINDOW."""
    key = line_key(obj)
    stamp = obj.get("timestamp")
    want, shape = complete(dict(want, timestamp=stamp), obj)
    errors = [f"line {number} {key[0]} {key[1]} ports {key[3]}->{key[4]}: "
              f"{error}" for error in shape]
    if encode(want) != text:
        diffs = differences(want, obj) or ["bytes differ from the "
                                           "canonical encoding"]
        errors.append(f"line {number} {key[0]} {key[1]} ports "
                      f"{key[3]}->{key[4]}: " + "; ".join(diffs) +
                      f"\n        got:  {text}\n        want: {encode(want)}")
    if not isinstance(stamp, int) or window is None or \
            not window[0] <= stamp <= window[1]:
        errors.append(f"line {number}: timestamp {stamp} outside "
                      f"[{window[0] if window else '?'}, "
                      f"{window[1] if window else '?'}]")
    return errors
