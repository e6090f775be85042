"""The pairing scenario: each response with its request and how long it
took, and the process, user and cgroup behind each end (issue 14).

A server in the init namespace, user 2000 in cgroup tserver and named
txserver, answers each turn WAIT_MS late; a client in the peer namespace,
user 1000 in cgroup tclient and named txclient, talks to it over the main
veth pair. Each connection is a dialogue of tcpconv -T turns, so every
write, every wait and so every segment is known: the checker knows each
line exactly, the latencies within a window, and every counter.
`python3 pairing.py DIR` writes the dialogues' files and the guest's part
(pairing.sh) into DIR; check.py imports this module.
"""

import os
import sys

import cases
from cases import INIT_NS, PEER_NS, VETH, shell_quote

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from vmcheck.events import (  # noqa: E402  (tests/lib/vmcheck)
    ABSENT, DEFAULT_EVENTS, IP_HEADER_LEN, TCP_HEADER_LEN, message_lines,
    metadata, paired_request)

# How long the server waits before each answer.
WAIT_MS = 300
# How much longer than the server's waits a latency may be: the segments'
# way through both stacks and the veth, the client's turn in between, and
# the scheduling of the two processes. Under TCG that is a few ms, tens on
# the debug kernel; 2 s leaves room for a host busy with other VMs.
SLACK_MS = 2000
MS = 1000000


class Side:
    """One end's program: its name (comm), user and cgroup."""

    def __init__(self, label, comm, uid, cgroup, ns):
        self.label = label
        self.comm = comm
        self.uid = uid
        self.cgroup = cgroup
        self.ns = ns
        self.iface, self.addr = VETH[ns]


SERVER = Side("server", "txserver", 2000, "tserver", INIT_NS)
CLIENT = Side("client", "txclient", 1000, "tclient", PEER_NS)

# Messages: name -> (raw bytes, the fields of its event).
REQUESTS = {}
RESPONSES = {}


def _block(first, headers):
    return (first + "\r\n" + "".join(f"{name}: {value}\r\n"
                                     for name, value in headers) +
            "\r\n").encode()


def request(name, method, target, port, headers=(), body=b""):
    host = f"{SERVER.addr}:{port}"
    headers = list(headers)
    if body:
        headers.append(("Content-Length", str(len(body))))
    path, _, query = target.partition("?")
    raw = _block(f"{method} {target} HTTP/1.1",
                 [("Host", host)] + headers) + body
    REQUESTS[name] = (raw, {
        "method": method, "protocol": "HTTP/1.1", "host": host,
        "uri_path": path, "uri_query": query,
        "headers": {k: [v] for k, v in headers},
        "content_length": len(body), "truncated": False, "anomalies": []})


def response(name, code, reason, body=None, length=None):
    """A response with BODY (None: none at all) and a Content-Length of
    LENGTH (default the body's; none for a 1xx)."""
    if length is None and body is not None:
        length = len(body)
    headers = [] if length is None else [("Content-Length", str(length))]
    raw = _block(f"HTTP/1.1 {code} {reason}", headers) + (body or b"")
    RESPONSES[name] = (raw, {
        "status": f"{code} {reason}", "status_code": code,
        "protocol": "HTTP/1.1", "headers": {k: [v] for k, v in headers},
        "content_length": length or 0, "truncated": False,
        "anomalies": []})


def paired(name):
    """The request object of a response paired with request NAME."""
    return paired_request(REQUESTS[name][1])


class Dialogue:
    """One connection from CLIENT (port SPORT) to SERVER (port DPORT):
    the client's file is the requests REQS, the server's the responses
    RESPS, sent in TURNS, [(client's bytes sent by the turn's end,
    server's bytes sent by then)]. With PRELOAD the client's first turn
    goes before the module is loaded, and the server answers it after."""

    def __init__(self, name, sport, dport, reqs, resps, turns,
                 preload=False):
        self.name = name
        self.sport = sport
        self.dport = dport
        self.reqs = reqs
        self.resps = resps
        self.turns = turns
        self.preload = preload
        for side in ("request", "response"):
            ends = [t[side == "response"] for t in turns]
            assert ends == sorted(ends) and ends[-1] == len(self.file(side))

    def file(self, side):
        names, table = (self.reqs, REQUESTS) if side == "request" else \
            (self.resps, RESPONSES)
        return b"".join(table[name][0] for name in names)

    def messages(self, side):
        """[(name, fields, turn, packet_len)] of a side: the turn a
        message starts in, and the length of the packet it starts in,
        that turn's one write (every turn's bytes fit in a segment)."""
        names, table = (self.reqs, REQUESTS) if side == "request" else \
            (self.resps, RESPONSES)
        ends = [0] + [t[side == "response"] for t in self.turns]
        out = []
        off = 0
        for name in names:
            turn = next(i for i in range(len(self.turns))
                        if ends[i] <= off < ends[i + 1])
            sent = ends[turn + 1] - ends[turn]
            assert sent <= 1400
            out.append((name, table[name][1], turn,
                        IP_HEADER_LEN[4] + TCP_HEADER_LEN + sent))
            off += len(table[name][0])
        return out

    def seen(self, side):
        """The messages of a side the module sees: not the requests of a
        first turn made before it was loaded."""
        return [m for m in self.messages(side)
                if not (self.preload and side == "request" and m[2] == 0)]

    def pairing(self):
        """({response name: (request name, how many times the server
        waited between them) or None}, the requests left unanswered):
        first in, first out; a 1xx but 101 answers the oldest request
        without taking it."""
        queue = []
        pairs = {}
        for turn in range(len(self.turns)):
            queue += [(name, turn) for name, _, t, _ in self.seen("request")
                      if t == turn]
            for name, fields, t, _ in self.seen("response"):
                if t != turn:
                    continue
                if not queue:
                    pairs[name] = None
                    continue
                req, req_turn = queue[0]
                pairs[name] = (req, turn - req_turn + 1)
                if fields["status_code"] >= 200 or \
                        fields["status_code"] == 101:
                    queue.pop(0)
        return pairs, len(queue)

    def knows_pid(self, side, turn):
        """Whether SIDE's end knows its process at an event of TURN it did
        not send: once it sent a message since the module was loaded (the
        client its turn's request before the answer comes)."""
        if side is CLIENT:
            return any(t <= turn for _, _, t, _ in self.seen("request"))
        return any(t < turn for _, _, t, _ in self.seen("response"))

    def tplan(self):
        """The turns as tcpconv -T takes them."""
        return ",".join(f"{r}:{s}" for r, s in self.turns)


DIALOGUES = []


def _dialogue(name, offset, reqs, resps, turns, **kw):
    """A dialogue from client port 52000 + OFFSET to server port 8400 +
    OFFSET whose TURNS are given as (requests sent, responses sent) by
    each turn's end."""
    ends = [(sum(len(REQUESTS[n][0]) for n in reqs[:nreq]),
             sum(len(RESPONSES[n][0]) for n in resps[:nresp]))
            for nreq, nresp in turns]
    DIALOGUES.append(Dialogue(name, 52000 + offset, 8400 + offset, reqs,
                              resps, ends, **kw))


# Two exchanges one after the other.
request("basic1", "GET", "/pair/basic?step=1", 8401,
        [("User-Agent", "txclient/1.0")])
request("basic2", "GET", "/pair/basic/again?step=2&x=%20", 8401)
response("basic1", 200, "OK", b"first\n")
response("basic2", 201, "Created", b"second\n")
_dialogue("basic", 1, ["basic1", "basic2"], ["basic1", "basic2"],
          [(1, 1), (2, 2)])

# Three requests in one write, answered one turn apart: 200, 404, 500.
request("pipe1", "GET", "/pipe/one?n=1", 8402)
request("pipe2", "GET", "/pipe/two?n=2", 8402)
request("pipe3", "GET", "/pipe/three", 8402)
response("pipe1", 200, "OK", b"1\n")
response("pipe2", 404, "Not Found", b"2\n")
response("pipe3", 500, "Internal Server Error", b"3\n")
_dialogue("pipelined", 2, ["pipe1", "pipe2", "pipe3"],
          ["pipe1", "pipe2", "pipe3"], [(3, 1), (3, 2), (3, 3)])

# Expect: 100-continue: the headers, 100 Continue, the body, 200 OK.
request("cont", "POST", "/pair/upload?name=f", 8403,
        [("Content-Type", "text/plain"), ("Expect", "100-continue")],
        b"hello, body\n")
response("cont100", 100, "Continue")
response("cont200", 200, "OK", b"stored\n")
_CONT = REQUESTS["cont"][0]
_CONT_100 = len(RESPONSES["cont100"][0])
DIALOGUES.append(Dialogue("continue", 52003, 8403, ["cont"],
                          ["cont100", "cont200"],
                          [(_CONT.index(b"\r\n\r\n") + 4, _CONT_100),
                           (len(_CONT),
                            _CONT_100 + len(RESPONSES["cont200"][0]))]))

# A HEAD answered with a length and no body, then a GET.
request("head", "HEAD", "/pair/head?check=1", 8404)
request("head_get", "GET", "/pair/head?check=2", 8404)
response("head", 200, "OK", length=5)
response("head_get", 200, "OK", b"body\n")
_dialogue("head", 4, ["head", "head_get"], ["head", "head_get"],
          [(1, 1), (2, 2)])

# A request before the module is loaded, its answer after: unpaired.
request("before", "GET", "/pair/before?load=0", 8405)
request("after", "GET", "/pair/after?load=1", 8405)
response("before", 200, "OK", b"before\n")
response("after", 200, "OK", b"after\n")
_dialogue("preload", 5, ["before", "after"], ["before", "after"],
          [(1, 1), (2, 2)], preload=True)

# A request never answered: the server reads it and closes.
request("unanswered", "GET", "/pair/unanswered", 8406)
_dialogue("unanswered", 6, ["unanswered"], [], [(1, 0)])

GROUPS = ["pair_" + d.name for d in DIALOGUES]


def identity(side, pid, cgroup_id):
    """The attribution keys of an event taken at SIDE's end: its process
    when PID is known there (else ABSENT), its user, its cgroup id (ABSENT
    on a kernel without cgroups)."""
    keys = {"processId": ABSENT, "hostProcessId": ABSENT,
            "processName": ABSENT}
    if pid is not None:
        keys = {"processId": pid, "hostProcessId": pid,
                "processName": side.comm}
    keys["userId"] = side.uid
    keys["cgroupId"] = ABSENT if cgroup_id is None else cgroup_id
    return keys


def expected_lines(d, netns, pids, cgroups):
    """[(object, group)] for dialogue D. PIDS maps (side label, dialogue
    name) to the pid, CGROUPS the cgroup names to their ids (None: the
    kernel has no cgroups)."""
    out = []
    pairs = d.pairing()[0]
    for kind, sender in (("request", CLIENT), ("response", SERVER)):
        receiver = SERVER if sender is CLIENT else CLIENT
        for name, fields, turn, packet_len in d.seen(kind):
            fields = dict(fields)
            if kind == "response":
                pair = pairs[name]
                fields["latency_ns"] = -1 if pair is None else \
                    (pair[1] * WAIT_MS * MS,
                     (pair[1] * WAIT_MS + SLACK_MS) * MS)
                fields["request"] = None if pair is None else \
                    paired(pair[0])
            ports = (d.sport, d.dport) if sender is CLIENT else \
                (d.dport, d.sport)
            for side, direction in ((sender, "egress"),
                                    (receiver, "ingress")):
                known = side is sender or d.knows_pid(side, turn)
                meta = metadata(sender.addr, receiver.addr, ports[0],
                                ports[1], packet_len, side.iface)
                lines = message_lines(kind, fields, meta, direction,
                                      netns[side.ns], DEFAULT_EVENTS)
                who = identity(side, pids[side.label, d.name] if known
                               else None,
                               cgroups and cgroups[side.cgroup])
                for obj in lines.values():
                    obj.update(who)
                    out.append((obj, "pair_" + d.name))
    return out


def line_count(d):
    return 2 * (len(d.seen("request")) + len(d.seen("response")))


def group_of(obj):
    """The dialogue's group of a line, by its ports."""
    try:
        meta = obj["args"]["metadata"]
        ports = {meta["src_port"], meta["dst_port"]}
    except (KeyError, TypeError):
        return None
    for d in DIALOGUES:
        if ports == {d.sport, d.dport}:
            return "pair_" + d.name
    return None


def counts():
    """What the module counts over the scenario: each message once in
    each namespace, the preloaded dialogue's first answer unpaired and the
    unanswered request left so, at each end."""
    lines = sum(line_count(d) for d in DIALOGUES)
    unpaired = unanswered = 0
    for d in DIALOGUES:
        pairs, left = d.pairing()
        unpaired += list(pairs.values()).count(None)
        unanswered += left
    return {"messages": lines, "events_queued": lines,
            "events_delivered": lines, "responses_unpaired": 2 * unpaired,
            "requests_unanswered": 2 * unanswered}


def write_plan(outdir):
    """The dialogues' files and pairing.sh: PAIR_BEFORE (the dialogues
    whose first turn goes before the module is loaded) and PAIR_AFTER (the
    others), each one's ports and turns, the server's wait and each side's
    name, user, cgroup and address."""
    plan = ["# Generated by tests/e2e/pairing.py: the pairing scenario."]
    for d in DIALOGUES:
        for side, suffix in (("request", "req"), ("response", "resp")):
            with open(os.path.join(outdir, f"pair_{d.name}_{suffix}"),
                      "wb") as f:
                f.write(d.file(side))
        plan.append(f"PAIR_PORT_{d.name}={d.dport}")
        plan.append(f"PAIR_SPORT_{d.name}={d.sport}")
        plan.append(f"PAIR_TURNS_{d.name}={d.tplan()}")
    for label, preload in (("BEFORE", True), ("AFTER", False)):
        names = " ".join(d.name for d in DIALOGUES if d.preload == preload)
        plan.append(f"PAIR_{label}={shell_quote(names)}")
    plan.append(f"PAIR_LINES={sum(line_count(d) for d in DIALOGUES)}")
    plan.append(f"PAIR_WAIT_MS={WAIT_MS}")
    for label, side in (("SERVER", SERVER), ("CLIENT", CLIENT)):
        plan.append(f"PAIR_{label}_COMM={side.comm}")
        plan.append(f"PAIR_{label}_UID={side.uid}")
        plan.append(f"PAIR_{label}_CGROUP={side.cgroup}")
        plan.append(f"PAIR_{label}_ADDR={side.addr}")
    with open(os.path.join(outdir, "pairing.sh"), "w") as f:
        f.write("\n".join(plan) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: pairing.py OUTDIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    write_plan(sys.argv[1])
