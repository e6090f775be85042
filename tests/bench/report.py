"""Judges the bench VM's run (tests/bench/guest/bench.sh): prints the A/B
table as ratios against the same boot's baseline, the delivery rate, and
one line per check; ends with "bench-vm: N passed, N failed"."""

import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from vmcheck.events import differences, event_args, metadata  # noqa: E402
from vmcheck.guestlog import Run  # noqa: E402
from vmcheck.report import Report  # noqa: E402

# What tests/bench/guest/loadgen.c sends.
HTTP_REQUEST = (b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                b"User-Agent: loadgen/1.0\r\nAccept: */*\r\n\r\n")
HTTP_RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                 b"Content-Length: 2\r\n\r\nok")
PORT = 8080
# IPv4 and TCP with timestamps
HEADERS_LEN = 20 + 32
# Each HTTP round trip on loopback: the request and the response, each
# reported once, where it leaves (egress); arriving, it is seen again.
EVENTS_PER_ROUNDTRIP = 2

# (load, config): issue 12's targets, ratios to the baseline. Reported
# as met or missed, not counted: see the README's "What watching costs"
# for why some are out of reach of any netfilter hook today.
TARGETS = {("ping", "module"): 0.99, ("ping", "reader"): 0.99,
           ("http", "reader"): 0.95}
# (load, config): the least ratio that passes, a little under what the
# README's table records, so that a change that makes watching dearer
# fails the bench (-icount runs repeat to about 0.01%).
# Moved down once, knowingly, by issue 14: each line names its process
# and a response its request (about 130 bytes more a line, and copies in
# the hook), which the figures before it did not pay for.
LIMITS = {("ping", "nullhook"): 0.98, ("ping", "module"): 0.97,
          ("ping", "reader"): 0.97, ("http", "module"): 0.80,
          ("http", "reader"): 0.57}
CONFIGS = [("nullhook", "hooks that do nothing (the floor)"),
           ("module", "module loaded, no reader"),
           ("reader", "module loaded, reader draining /dev/nethttp")]
LOADS = [("http", "keep-alive HTTP round trips/s (small GET, 2-byte body)"),
         ("ping", "64-byte non-HTTP ping-pong round trips/s")]

REQUEST_FIELDS = {
    "method": "GET", "protocol": "HTTP/1.1", "host": "127.0.0.1:8080",
    "uri_path": "/index.html", "uri_query": "",
    "headers": {"User-Agent": ["loadgen/1.0"], "Accept": ["*/*"]},
    "content_length": 0, "truncated": False, "anomalies": []}
# what a response tells of the request it answers
REQUEST_BRIEF = {"method": "GET", "host": "127.0.0.1:8080",
                 "uri_path": "/index.html", "uri_query": "",
                 "truncated": False}
RESPONSE_FIELDS = {
    "status": "200 OK", "status_code": 200, "protocol": "HTTP/1.1",
    "headers": {"Content-Type": ["text/plain"], "Content-Length": ["2"]},
    "content_length": 2, "truncated": False, "anomalies": []}


def numbers(value, count):
    parts = (value or "").split()
    if len(parts) != count:
        return None
    try:
        return [int(p) for p in parts]
    except ValueError:
        return None


def kept_line_errors(text):
    """What is wrong with the lines the reader kept: each must be exactly
    the line the request or response it reports makes."""
    errors = []
    lines = text.splitlines()
    if not lines:
        return ["the reader kept no line"]
    for number, line in enumerate(lines, 1):
        try:
            obj = json.loads(line)
            name = obj["eventName"]
            meta = obj["args"]["metadata"]
        except (ValueError, KeyError, TypeError):
            errors.append("line %d is not an event line: %r" % (number, line[:200]))
            continue
        if name == "net_packet_http_request":
            kind, fields, payload = "request", REQUEST_FIELDS, HTTP_REQUEST
            sport, dport = meta.get("src_port"), PORT
        elif name == "net_packet_http_response":
            kind, fields, payload = "response", RESPONSE_FIELDS, HTTP_RESPONSE
            sport, dport = PORT, meta.get("dst_port")
        else:
            errors.append("line %d: event %r" % (number, name))
            continue
        want_meta = metadata("127.0.0.1", "127.0.0.1", sport, dport,
                             HEADERS_LEN + len(payload), "lo")
        # loadgen is both ends, as root; each message is taken as it
        # leaves, in the writer's context: the process is always known
        pid, latency = obj.get("processId"), None
        if not isinstance(pid, int) or isinstance(pid, bool) or pid < 2:
            errors.append("line %d: processId %r" % (number, pid))
        cgroup = obj.get("cgroupId")
        if not isinstance(cgroup, int) or isinstance(cgroup, bool) or cgroup < 1:
            errors.append("line %d: cgroupId %r" % (number, cgroup))
        if kind == "response":
            latency = obj["args"].get("http_response", {}).get("latency_ns")
            if not isinstance(latency, int) or not 0 <= latency < 10**9:
                errors.append("line %d: latency_ns %r" % (number, latency))
            fields = dict(fields, latency_ns=latency, request=REQUEST_BRIEF)
        want = {"timestamp": obj.get("timestamp"), "eventName": name,
                "netns": obj.get("netns"),
                "direction": "egress", "processId": pid,
                "hostProcessId": pid, "processName": "loadgen",
                "userId": 0, "cgroupId": cgroup,
                "args": event_args(name, kind, fields, want_meta)}
        for diff in differences(want, obj):
            errors.append("line %d: %s" % (number, diff))
    return errors


class Checks(Report):
    """Checks, counted; and issue 12's targets, each said met or missed."""

    def __init__(self):
        super().__init__()
        self.targets = []

    def check(self, what, ok, reason):
        self.case("bench", what, [] if ok else [reason])

    def target(self, what, met):
        self.targets.append(met)
        print("%s target %s" % ("met   " if met else "MISSED", what))

    def finish(self):
        print("bench-vm targets: %d of %d met"
              % (sum(self.targets), len(self.targets)))
        print(self.count_line("bench-vm"))
        return 1 if self.failed else 0


def cost(rates, load, config, than):
    """Instructions per round trip CONFIG adds to THAN (guest time is
    instructions: one nanosecond each), or None."""
    if (load, config) not in rates or (load, than) not in rates:
        return None
    return 1e9 / statistics.mean(rates[(load, config)]) - \
        1e9 / statistics.mean(rates[(load, than)])


def print_breakdown(rates):
    """Where the module's instructions go, from the same table."""
    floor = cost(rates, "ping", "nullhook", "off")
    ping = cost(rates, "ping", "module", "nullhook")
    hook = cost(rates, "http", "module", "nullhook")
    read = cost(rates, "http", "reader", "module")
    if None in (floor, ping, hook, read):
        return
    # four hook calls per round trip: each segment leaves and arrives
    print("per hook call, being called at all (the floor): %.0f instructions"
          % (floor / 4))
    print("per hook call on a non-HTTP packet, beyond the floor: %.0f" % (ping / 4))
    # a loopback message passes both hooks: parsed leaving, let be arriving
    print("per HTTP message, in the hooks it passes beyond the floor: %.0f"
          % (hook / EVENTS_PER_ROUNDTRIP))
    print("per event, to wake, format and read it: %.0f" % (read / EVENTS_PER_ROUNDTRIP))
    print()


def main():
    outdir = sys.argv[1]
    run = Run(outdir)
    report = Checks()
    report.check("the VM ran the bench to its end",
                 run.done, "no @@DONE (qemu exit %s)" % run.qemu_status)
    for phase, problem in run.problems:
        report.check("guest: %s" % phase, False, problem)
    cycles = int(run.fact("cycles", "0"))

    rates, ratios = {}, {}
    for load, _ in LOADS:
        for cycle in range(1, cycles + 1):
            for config in ("off", "nullhook", "module", "reader"):
                got = numbers(run.fact("run.%s.%s.%d" % (load, config, cycle)), 3)
                if got and got[0] and got[2]:
                    rates.setdefault((load, config), []).append(got[0] * 1e9 / got[2])
            base = rates.get((load, "off"), [])
            for config, _ in CONFIGS:
                mine = rates.get((load, config), [])
                if len(base) >= cycle and len(mine) >= cycle:
                    ratios.setdefault((load, config), []).append(
                        mine[cycle - 1] / base[cycle - 1])

    print()
    print("| load (%d cycles, interleaved, one boot) | without the module | %s |"
          % (cycles, " | ".join(label for _, label in CONFIGS)))
    print("|---|---|" + "---|" * len(CONFIGS))
    for load, label in LOADS:
        base = rates.get((load, "off"))
        cells = ["%.0f/s" % statistics.mean(base) if base else "-"]
        for config, _ in CONFIGS:
            r = ratios.get((load, config))
            if not r or not base:
                cells.append("-")
                continue
            # guest time is instructions: 1 ns each
            added = 1e9 / statistics.mean(rates[(load, config)]) - 1e9 / statistics.mean(base)
            cells.append("%.4fx (%.4f..%.4f), %+.0f instructions per round trip"
                         % (statistics.mean(r), min(r), max(r), added))
        print("| %s | %s |" % (label, " | ".join(cells)))
    print()
    print_breakdown(rates)

    for load, _ in LOADS:
        for config, _ in CONFIGS:
            r = ratios.get((load, config))
            report.check("%s: every cycle measured with the %s" % (load, config),
                         r is not None and len(r) == cycles,
                         "%d of %d cycles" % (len(r or []), cycles))
            limit = LIMITS.get((load, config))
            if limit is not None and r:
                report.check("%s, %s: %.4fx of without >= %.3fx (no dearer than recorded)"
                             % (load, config, statistics.mean(r), limit),
                             statistics.mean(r) >= limit, "slower than the README records")
            target = TARGETS.get((load, config))
            if target is not None and r:
                report.target("%s, %s: %.4fx of without >= %.2fx"
                              % (load, config, statistics.mean(r), target),
                              statistics.mean(r) >= target)

    # Every event delivered, exactly: the reader's lines against the messages.
    for load, _ in LOADS:
        for cycle in range(1, cycles + 1):
            run_total = numbers(run.fact("run.%s.reader.%d" % (load, cycle)), 3)
            sink = numbers(run.fact("sink.%s.%d" % (load, cycle)), 3)
            if not run_total or not sink:
                report.check("%s cycle %d: the reader's count" % (load, cycle),
                             False, "no count recorded")
                continue
            per = EVENTS_PER_ROUNDTRIP if load == "http" else 0
            want = run_total[1] * per
            report.check("%s cycle %d: the reader got %d lines, one per message seen (%d)"
                         % (load, cycle, sink[0], want),
                         sink[0] == want and sink[1] == 0,
                         "%d lines, %d reported lost" % (sink[0], sink[1]))
            lost = run.fact("stat.%s.%d.events_lost" % (load, cycle))
            report.check("%s cycle %d: events_lost is 0" % (load, cycle),
                         lost == "0", "events_lost %s" % lost)
    kept = run.file("keep.http")
    errors = kept_line_errors(kept.decode("utf-8", "replace") if kept else "")
    report.check("the first lines the reader got are exact",
                 not errors, "; ".join(errors[:5]))

    # Delivery: events/s one reader takes from a full ring.
    load = numbers(run.fact("delivery.load"), 3)
    got = numbers(run.fact("delivery"), 3)
    if load and got and got[2]:
        want = load[1] * EVENTS_PER_ROUNDTRIP
        report.check("delivery: the reader took all %d events, none lost" % want,
                     got[0] == want and got[1] == 0,
                     "%d lines, %d lost" % (got[0], got[1]))
        rate = got[0] * 1e9 / got[2]
        made = rates.get(("http", "module"))
        made_rate = statistics.mean(made) * EVENTS_PER_ROUNDTRIP if made else 0
        print("delivery: one reader takes %.0f events/s out of a full ring "
              "(%.0f instructions per event)%s"
              % (rate, 1e9 / rate,
                 ", %.2fx the events/s the HTTP load makes" % (rate / made_rate)
                 if made_rate else ""))
        report.check("delivery: one reader keeps up with the HTTP load's events",
                     made_rate and rate >= made_rate,
                     "%.0f events/s read, %.0f made" % (rate, made_rate))
    else:
        report.check("delivery measured", False, "no delivery record")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
