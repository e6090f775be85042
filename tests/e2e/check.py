"""Judges one run of the end-to-end VM.

usage: check.py OUTDIR

OUTDIR holds console.log (the kernel console) and data.log (the records
guest/tests.sh wrote to the second serial port). Prints one line per test
case, "ok <case>: <what>" or "FAIL <case>: <what>" followed by the reasons,
then "e2e: N passed, N failed". Exits 1 when a case failed.
"""

import json
import os
import re
import sys

import cases
import pairing

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from vmcheck import guestlog  # noqa: E402  (tests/lib/vmcheck)
from vmcheck.events import (  # noqa: E402
    ANOMALIES, STAT_NAMES, Expectation, check_output, complete, differences,
    encode, line_key, pairing_errors)
from vmcheck.kernel import check_end, kernel_log_trouble  # noqa: E402
from vmcheck.report import (  # noqa: E402
    Report, delta, expect_equal, problems_of)

DEFAULT_EVENTS = cases.DEFAULT_EVENTS


class Run(guestlog.Run):
    """What the guest recorded; counters come as files of "name value"
    lines, namespaces by the plan's names."""

    def stats(self, name):
        raw = self.files.get("stats." + name)
        if raw is None:
            return None
        out = {}
        for line in raw.decode().splitlines():
            key, _, value = line.partition(" ")
            out[key] = int(value) if value.strip().isdigit() else value
        return out

    def netns(self):
        inodes = {}
        for ns, key in ((cases.INIT_NS, "netns.init"),
                        (cases.PEER_NS, "netns.peer")):
            m = re.fullmatch(r"net:\[(\d+)\]", self.facts.get(key, ""))
            if m:
                inodes[ns] = int(m.group(1))
        return inodes


def expect_exchange(expectation, ex, netns, event_names, window, group,
                    redact=cases.DEFAULT_REDACT):
    """Adds the lines of exchange EX to EXPECTATION."""
    expectation.add(cases.expected_lines(ex, netns, event_names, redact),
                    window, group)


def check_load(run, report):
    r = problems_of(run, "load", "setup")
    expect_equal(r, "insmod exit status", run.fact("load.insmod_rc"), "0")
    expect_equal(r, "/dev/nethttp (mode type owner)", run.fact("load.dev"),
                 "600 character special file 0")
    expect_equal(r, "events parameter at load", run.fact("load.events"),
                 ",".join(DEFAULT_EVENTS))
    expect_equal(r, "redact parameter at load", run.fact("load.redact"),
                 cases.DEFAULT_REDACT_VALUE)
    expect_equal(r, "forward parameter at load", run.fact("load.forward"), "N")
    expect_equal(r, "ring_events parameter at load",
                 run.fact("load.ring_events"), "256")
    for name, value in (("conn_max", "65536"), ("conn_timeout", "300"),
                        ("header_max", "16384"),
                        ("header_mem", str(8 << 20))):
        expect_equal(r, f"{name} parameter at load",
                     run.fact("load." + name), value)
    expect_equal(r, "stats files",
                 sorted((run.fact("load.stat_files") or "").split()),
                 sorted(STAT_NAMES))
    expect_equal(r, "stats files (mode owner)", run.fact("load.stat_modes"),
                 "400 0 ")
    expect_equal(r, "a stats file opened by uid 1000",
                 run.fact("load.stat_user"), "EACCES")
    expect_equal(r, "open as root", run.fact("load.open_root"), "ok")
    expect_equal(r, "open as root without CAP_NET_ADMIN",
                 run.fact("load.open_without_net_admin"), "EPERM")
    expect_equal(r, "open as uid 1000 (mode 0600)",
                 run.fact("load.open_user"), "EACCES")
    expect_equal(r, "non-blocking read with nothing pending (drain exit "
                 "status: 0 = EAGAIN, 3 = EOF, 143 = blocked)",
                 run.fact("load.nonblock_rc"), "0")
    expect_equal(r, "bytes read with nothing pending",
                 run.fact("load.nonblock_bytes"), "0")
    before = run.stats("main0")
    if before is None:
        r.append("no counters before the first traffic")
    else:
        for name in STAT_NAMES[1:]:
            expect_equal(r, f"{name} before any HTTP traffic",
                         before.get(name), 0)
    expect_equal(r, "net.ipv4.tcp_timestamps (packet_len assumes 32-byte "
                 "TCP headers)", run.fact("tcp_timestamps"), "1")
    for ns in ("init", "peer"):
        expect_equal(r, f"net.ipv4.tcp_early_retrans in the {ns} namespace "
                     "(tail loss probes on, as by default)",
                     run.fact("tcp_early_retrans." + ns), "3")
    report.case("load", "insmod, device node, parameter defaults, "
                "counters start at 0", r)


def main_expectation(run):
    netns = run.netns()
    expectation = Expectation()
    for phase in cases.MAIN_PHASES:
        window = run.mark(phase)
        for ex in cases.PHASES[phase]:
            if ex.ns in netns and ex.server_ns in netns:
                expect_exchange(expectation, ex, netns, DEFAULT_EVENTS, window,
                                phase)
    return expectation


MAIN_DESCRIPTIONS = {
    "methods": "the nine methods over IPv4 loopback, each message once "
               "(egress on lo), every field",
    "ipv6": "IPv6 loopback [::1], every field",
    "netns": "a second namespace over veth: its netns inode, veth0/veth1,"
             " both directions",
    "evasion": "odd messages endpoints take (HTTP/1.10, HTTP/2.0 as text, "
               "\"Transfer-Encoding :\", obs-fold, two Content-Lengths, bare "
               "LF, no Host, no colon, a lower-case method, PROPFIND) make "
               "exact events, each anomaly named",
}


def check_main_phases(run, report, cat_groups):
    """One case per phase of the main session, judged on cat's output."""
    netns = run.netns()
    for phase in ("methods", "ipv6", "netns", "evasion"):
        r = problems_of(run, phase) + cat_groups.get(phase, [])
        if phase == "netns":
            r += problems_of(run, "netns")
            if cases.PEER_NS not in netns or \
                    netns.get(cases.PEER_NS) == netns.get(cases.INIT_NS):
                r.append(f"peer namespace inode unknown or the init one: "
                         f"{run.fact('netns.peer')!r}")
        if run.mark(phase) is None:
            r.append(f"the guest never finished phase {phase}")
        report.case(phase, MAIN_DESCRIPTIONS[phase], r)


def check_readers(run, report, results):
    r = problems_of(run, "readers")
    for label, (groups, general) in results.items():
        r += general
        for errors in groups.values():
            r += errors
    err = run.files.get("main.reader.err")
    if err:
        r.append(f"reader stderr: {err[:300]!r}")
    report.case("readers", "three readers at once (cat, nethttp --format "
                "json, 37-byte reads) each get every line, whole", r)


def main_counter_reasons(run, queued):
    """Counters over the main session: everything but packets_inspected
    is known exactly; QUEUED is the number of lines expected."""
    r = []
    before, after, closed = run.stats("main0"), run.stats("main1"), \
        run.stats("main2")
    if before is None or after is None or closed is None:
        return ["counter snapshots missing"]
    messages = malformed = truncated = unpaired = 0
    want = {"anomaly_" + name: 0 for name in ANOMALIES}
    for phase in cases.MAIN_PHASES:
        for ex in cases.PHASES[phase]:
            m, bad, cut, odd = cases.count_messages(ex)
            messages += m
            malformed += bad
            truncated += cut
            if cases.answers_nothing(ex):
                unpaired += len(cases.observations(ex, ex.server_ns))
            for name, count in odd.items():
                want["anomaly_" + name] += count
    want.update({"messages": messages, "malformed": malformed,
                 "truncated": truncated, "ignored": 0,
                 "events_queued": queued, "events_delivered": 3 * queued,
                 "events_lost": 0, "blocks_reassembled": 0,
                 "headers_too_long": 0, "headers_no_memory": 0,
                 "pending_overflow": 0, "pending_no_memory": 0,
                 "responses_unpaired": unpaired, "requests_unanswered": 0,
                 "conns_evicted": 0,
                 "conns_expired": 0, "header_memory": 0})
    for name, value in want.items():
        expect_equal(r, f"{name} during the session",
                     delta(after, before, name), value)
    inspected = delta(after, before, "packets_inspected")
    if inspected is None or inspected < messages:
        r.append(f"packets_inspected grew by {inspected}, less than the "
                 f"{messages} messages")
    for name in STAT_NAMES[1:]:
        expect_equal(r, f"{name} change after the readers closed",
                     delta(closed, after, name), 0)
    expect_equal(r, "messages = malformed + ignored + events_queued",
                 after.get("messages"),
                 after.get("malformed", 0) + after.get("ignored", 0) +
                 after.get("events_queued", 0))
    return r


def check_main_counters(run, report, expectation, results):
    r = problems_of(run, "counters") + \
        results["main.cat"][0].get("counters", [])
    r += main_counter_reasons(run, len(expectation.lines))
    report.case("counters", "malformed, truncated (cut by its FIN) and "
                "non-HTTP requests, whose responses are unpaired; every "
                "counter exact", r)


def check_main(run, report):
    expectation = main_expectation(run)
    results = {}
    for label in ("main.cat", "main.reader", "main.small"):
        results[label] = check_output(run.files.get(label), expectation, label)
    check_main_phases(run, report, results["main.cat"][0])
    check_readers(run, report, results)
    check_main_counters(run, report, expectation, results)


def check_params(run, report):
    r = problems_of(run, "params")
    netns = run.netns()
    expectation = Expectation()
    messages = ignored = 0
    for i, (param, value, readback, names, redact, ex) in \
            enumerate(cases.PARAM_STEPS):
        expect_equal(r, f"writing {value!r} to {param}: exit status",
                     run.fact(f"params.write_rc.{i}"), "0")
        expect_equal(r, f"{param} read back after writing {value!r}",
                     run.fact(f"params.read.{i}"), readback)
        if netns:
            expect_exchange(expectation, ex, netns, names,
                            run.mark(f"params{i}"), "params", redact)
        for kind, sender in (("request", ex.ns), ("response", ex.server_ns)):
            seen = len(cases.observations(ex, sender))
            messages += seen
            if "net_packet_http" not in names and \
                    "net_packet_http_" + kind not in names:
                ignored += seen
    groups, general = check_output(run.files.get("params.cat"), expectation,
                                   "params.cat")
    r += general + groups.get("params", [])
    if run.fact("params.bogus_rc") in (None, "0"):
        r.append(f"writing an unknown event name succeeded "
                 f"(exit {run.fact('params.bogus_rc')})")
    expect_equal(r, "events after writing an unknown name",
                 run.fact("params.after_bogus"), ",".join(DEFAULT_EVENTS))
    before, after = run.stats("params0"), run.stats("params1")
    if before is None or after is None:
        r.append("counter snapshots missing")
    else:
        want = {"messages": messages, "malformed": 0, "truncated": 0,
                "ignored": ignored, "events_queued": messages - ignored,
                "events_delivered": messages - ignored, "events_lost": 0}
        for name, value in want.items():
            expect_equal(r, f"{name} during the parameter changes",
                         delta(after, before, name), value)
    report.case("params", "events parameter (network_events adds "
                "net_packet_http lines; lists; default; bad names refused; "
                "disabled kinds counted as ignored) and redact parameter", r)


def lost_kept_reasons(run, events):
    """The events a slow reader kept must be whole, exact events of the
    traffic it slept through; the first three that are not are shown."""
    r = []
    netns = run.netns()
    window = run.mark("lost")
    bad = 0
    for line in events:
        try:
            obj = json.loads(line)
            meta = obj["args"]["metadata"]
            client = meta["src_port"] if meta["dst_port"] == 8080 \
                else meta["dst_port"]
        except (ValueError, KeyError, TypeError):
            r.append(f"not an event line: {line[:200]!r}")
            continue
        ex = cases.Exchange("lost", cases.INIT_NS, "127.0.0.1", client,
                            "127.0.0.1", 8080, cases.LOST_EXCHANGE.req)
        expectation = Expectation()
        expect_exchange(expectation, ex, netns, DEFAULT_EVENTS, window,
                        "lost")
        want = expectation.lines.get(line_key(obj))
        if want is None:
            r.append(f"unexpected line: {line[:200]!r}")
            continue
        obj_want, shape = complete(dict(want[0],
                                        timestamp=obj.get("timestamp")), obj)
        if shape or encode(obj_want) != line.decode("utf-8", "replace") or \
                not window or not window[0] <= obj["timestamp"] <= window[1]:
            bad += 1
            if bad <= 3:
                r.append(f"kept line differs: {line[:300]!r}, want "
                         f"{encode(obj_want)[:300]}" +
                         "".join("; " + error for error in shape))
    return r


def check_lost(run, report):
    r = problems_of(run, "lost")
    if run.fact("lost.bad_ring_rc") in (None, "0"):
        r.append(f"insmod ring_events=100 (not a power of two) exited "
                 f"{run.fact('lost.bad_ring_rc')}, want a failure")
    expect_equal(r, "module loaded after insmod ring_events=100",
                 run.fact("lost.bad_ring_loaded"), "0")
    expect_equal(r, "ring_events after reload", run.fact("lost.ring_events"),
                 str(cases.LOST_RING_EVENTS))
    expect_equal(r, "client exit status (traffic never blocked)",
                 run.fact("lost.client_rc"), "0")
    expect_equal(r, "drain exit status", run.fact("lost.drain_rc"), "0")
    s0, s1, s2 = run.stats("lost0"), run.stats("lost1"), run.stats("lost2")
    raw = run.files.get("lost.out")
    ncpus = int(run.fact("ncpus", "0") or 0)
    sent = cases.count_messages(cases.LOST_EXCHANGE)[0] * \
        cases.LOST_CONNECTIONS
    if None in (s0, s1, s2) or raw is None:
        r.append("counter snapshots or the reader's output missing")
        report.case("lost", "a reader that falls behind", r)
        return
    expect_equal(r, "events_queued while the reader slept",
                 delta(s1, s0, "events_queued"), sent)
    expect_equal(r, "messages while the reader slept",
                 delta(s1, s0, "messages"), sent)
    lines = raw.split(b"\n")
    if lines[-1] != b"":
        r.append("output does not end with a newline")
    lines = lines[:-1]
    lost_lines = [i for i, l in enumerate(lines) if b"nethttp_lost" in l]
    m = re.fullmatch(rb'\{"eventName":"nethttp_lost","lost":(\d+)\}',
                     lines[0] if lines else b"")
    if not m:
        r.append(f"first line is not the lost line: "
                 f"{lines[0][:200] if lines else b''!r}")
        lost = None
    else:
        lost = int(m.group(1))
    if len(lost_lines) != 1:
        r.append(f"{len(lost_lines)} lost lines, want exactly 1")
    events = [l for l in lines if b"nethttp_lost" not in l]
    kept = len(events)
    if lost is not None:
        expect_equal(r, "lost + lines read", lost + kept, sent)
        expect_equal(r, "events_lost counter against the lost line",
                     delta(s2, s0, "events_lost"), lost)
    expect_equal(r, "events_delivered counter against lines read",
                 delta(s2, s0, "events_delivered"), kept)
    if not 1 <= kept <= cases.LOST_RING_EVENTS * ncpus:
        r.append(f"{kept} events kept, want 1..{cases.LOST_RING_EVENTS} per "
                 f"CPU ({ncpus} CPUs)")
    r += lost_kept_reasons(run, events)
    report.case("lost", f"a reader that slept through {sent} events with "
                f"ring_events={cases.LOST_RING_EVENTS} gets one lost line "
                f"(lost={lost}, kept={kept}, client took "
                f"{run.fact('lost.client_ms')} ms)", r)


def check_rmmod(run, report):
    r = problems_of(run, "rmmod")
    expect_equal(r, "blocked reader's state", run.fact("rmmod.reader_state"),
                 "S")
    expect_equal(r, "kmod rmmod with a reader open: exit status",
                 run.fact("rmmod.kmod_rc"), "1")
    expect_equal(r, "kmod rmmod with a reader open said",
                 run.files.get("rmmod.kmod_out", b"").decode("utf-8", "replace"),
                 "rmmod: ERROR: Module nethttp is in use\n")
    expect_equal(r, "busybox rmmod (delete_module) with a reader open: exit "
                 "status", run.fact("rmmod.busy_rc"), "1")
    expect_equal(r, "busybox rmmod with a reader open said (EWOULDBLOCK)",
                 run.files.get("rmmod.busy_out", b"").decode("utf-8", "replace"),
                 "rmmod: can't unload module 'nethttp': Resource temporarily "
                 "unavailable\n")
    expect_equal(r, "module loaded after the refused rmmod",
                 run.fact("rmmod.busy_loaded"), "1")
    expect_equal(r, "refcnt with one reader", run.fact("rmmod.busy_refcnt"),
                 "1")
    expect_equal(r, "reader alive after the refused rmmod",
                 run.fact("rmmod.reader_alive_rc"), "0")
    netns = run.netns()
    expectation = Expectation()
    if netns:
        expect_exchange(expectation, cases.RMMOD_EXCHANGE, netns,
                        DEFAULT_EVENTS, run.mark("rmmod"), "rmmod")
    groups, general = check_output(run.files.get("rmmod.cat"), expectation,
                                   "rmmod.cat")
    r += general + groups.get("rmmod", [])
    expect_equal(r, "rmmod after the reader closed: exit status",
                 run.fact("rmmod.idle_rc"), "0")
    idle = run.files.get("rmmod.idle_out", b"")
    if idle:
        r.append(f"rmmod after the reader closed said {idle[:200]!r}")
    expect_equal(r, "module loaded after rmmod", run.fact("rmmod.idle_loaded"),
                 "0")
    expect_equal(r, "/dev/nethttp after rmmod", run.fact("rmmod.idle_dev"),
                 "absent")
    expect_equal(r, "insmod again", run.fact("rmmod.reinsmod_rc"), "0")
    expect_equal(r, "traffic still running at rmmod",
                 run.fact("rmmod.traffic_running_rc"), "0")
    expect_equal(r, "rmmod under traffic: exit status",
                 run.fact("rmmod.traffic_rc"), "0")
    expect_equal(r, "module loaded after rmmod under traffic",
                 run.fact("rmmod.traffic_loaded"), "0")
    expect_equal(r, "client still exchanging after rmmod under traffic",
                 run.fact("rmmod.traffic_client_alive_rc"), "0")
    report.case("rmmod", "rmmod refused while a reader is blocked in "
                "read() (which still works), then succeeds; rmmod under "
                "traffic", r)


def in_window(stamp, window):
    return isinstance(stamp, int) and window is not None and \
        window[0] <= stamp <= window[1]


def match_lines(raw, expected, label, group_of_line):
    """Compares a reader's output RAW with EXPECTED, a list of (object,
    window, group) in which lines may share a key (keep-alive, pipelining):
    each line must be one of the expected lines of its key, byte for byte
    but for a timestamp within that line's window, and each expected line
    must come exactly once. Expected lines may give issue 14's keys or
    leave them to the line (events.complete). GROUP_OF_LINE(obj) names the
    group of a line nothing was expected like. Returns {group: [errors]}."""
    errors = {}
    by_key = {}
    for i, (obj, _, group) in enumerate(expected):
        by_key.setdefault(line_key(obj), []).append(i)
    used = set()

    def fail(group, msg):
        errors.setdefault(group, []).append(f"{label}: {msg}")

    if raw is None:
        for _, _, group in expected:
            fail(group, "the guest sent no such output")
        return errors
    if raw and not raw.endswith(b"\n"):
        fail(None, "output does not end with a newline")
    for number, line in enumerate(raw.split(b"\n")[:-1], 1):
        try:
            text = line.decode("utf-8")
            obj = json.loads(text)
        except ValueError as e:
            fail(None, f"line {number}: not JSON ({e}): {line[:200]!r}")
            continue
        key = line_key(obj)
        if key not in by_key:
            fail(group_of_line(obj), f"line {number}: unexpected: {text[:300]}")
            continue
        group = expected[by_key[key][0]][2]
        left = [i for i in by_key[key] if i not in used]
        if not left:
            fail(group, f"line {number}: one more than the "
                 f"{len(by_key[key])} expected with its key: {text[:300]}")
            continue
        stamp = obj.get("timestamp")
        wants = {i: complete(dict(expected[i][0], timestamp=stamp), obj)
                 for i in left}
        for error in wants[left[0]][1]:
            fail(group, f"line {number}: {error}: {text[:300]}")
        same = [i for i in left if encode(wants[i][0]) == text]
        if not same:
            used.add(left[0])
            want = wants[left[0]][0]
            fail(group, f"line {number}: " +
                 "; ".join(differences(want, obj) or ["bytes differ"]) +
                 f"\n        got:  {text}\n        want: {encode(want)}")
            continue
        timely = [i for i in same if in_window(stamp, expected[i][1])]
        pick = (timely or same)[0]
        used.add(pick)
        if not timely:
            window = expected[pick][1]
            fail(group, f"line {number}: timestamp {stamp} outside "
                 f"{list(window) if window else '?'}: {text[:200]}")
    for i, (obj, _, group) in enumerate(expected):
        if i not in used:
            fail(group, "missing: event %s %s netns %s ports %s->%s" %
                 line_key(obj))
    return errors


def conv_times(run, conv, side):
    """The nanoseconds before each write of a side's file (tcpconv -t),
    or None when its writes were not timed."""
    raw = run.fact(f"times.conv_{conv.name}."
                   f"{'client' if side == 'request' else 'server'}")
    return [int(t) for t in raw.split()] if raw else None


def conv_expected(run, phases):
    """The lines the conversations of PHASES must make: [(object, window,
    phase)]. A message's timestamp is that of its header block's first
    segment: with timed writes, between the write it starts in and the
    next write."""
    netns = run.netns()
    out = []
    for phase in phases:
        window = run.mark(phase)
        for conv in cases.CONVS[phase]:
            if conv.ns not in netns or conv.server_ns not in netns:
                continue
            for obj, side, piece in cases.conv_lines(conv, netns):
                times = conv_times(run, conv, side)
                win = window
                if times and window and piece < len(times):
                    end = times[piece + 1] if piece + 1 < len(times) \
                        else window[1]
                    win = (times[piece], end)
                out.append((obj, win, phase))
    return out


def conv_phase_of(phases):
    """Which phase a line belongs to, by its ports, for lines nothing was
    expected like."""
    def group(obj):
        try:
            meta = obj["args"]["metadata"]
            ports = (meta["src_port"], meta["dst_port"])
        except (KeyError, TypeError):
            return None
        for phase in phases:
            for conv in cases.CONVS[phase]:
                mine = range(conv.sport, conv.sport + conv.conns)
                if (ports[0] in mine and ports[1] == conv.dport) or \
                        (ports[1] in mine and ports[0] == conv.dport):
                    return phase
        return None
    return group


# What no conversation may make the module count.
CONV_ZERO = ["malformed", "ignored", "events_lost", "resyncs",
             "headers_too_long", "headers_no_memory", "pending_overflow",
             "pending_no_memory", "conns_expired", "conns_tracked",
             "header_memory"] + \
    ["anomaly_" + name for name in ANOMALIES]


def conv_counter_reasons(run, phase):
    """The counters over a phase: every one exact, but duplicate_bytes
    when TCP retransmitted (each retransmission is more of them) and,
    in the evict phases, conns_evicted (see phase_extra_reasons) and the
    requests and responses evictions leave without their pair."""
    r = []
    before, after = run.stats(phase + ".0"), run.stats(phase + ".1")
    if before is None or after is None:
        return ["counter snapshots missing"]
    want = {name: 0 for name in CONV_ZERO}
    want.update({"blocks_reassembled": 0, "duplicate_bytes": 0,
                 "messages": 0, "truncated": 0})
    for conv in cases.CONVS[phase]:
        for name, value in cases.conv_counts(conv).items():
            want[name] += value
    want["events_queued"] = want["events_delivered"] = want["messages"]
    if not phase.startswith("evict"):
        # an eviction leaves its connection's requests unanswered and its
        # next responses unpaired, as many as it happens to hit
        want.update(conns_evicted=0, responses_unpaired=0,
                    requests_unanswered=0)
    dup = want.pop("duplicate_bytes")
    for name, value in want.items():
        expect_equal(r, f"{name} during the phase",
                     delta(after, before, name), value)
    retrans = conv_retrans(run, phase)
    got = delta(after, before, "duplicate_bytes")
    if retrans == 0:
        expect_equal(r, "duplicate_bytes during the phase (no TCP "
                     "retransmission)", got, dup)
    elif got is None or got < dup:
        r.append(f"duplicate_bytes during the phase: {got!r}, want at least "
                 f"{dup} ({retrans} TCP retransmissions)")
    return r


def conv_retrans(run, phase):
    """TCP's retransmitted segments during a phase, both namespaces."""
    total = 0
    for ns in ("init", "peer"):
        a = run.fact(f"retrans.{phase}.0.{ns}")
        b = run.fact(f"retrans.{phase}.1.{ns}")
        if a is None or b is None or not a.isdigit() or not b.isdigit():
            return None
        total += int(b) - int(a)
    return total


STREAM_DESCRIPTIONS = {
    "loopback": "10 keep-alive exchanges over lo: 10 requests and 10 "
                "responses, each once (egress), the bytes arriving not "
                "looked at again (no duplicate_bytes)",
    "split_writes": "header blocks in three writes (TCP_NODELAY, 50 ms "
                    "apart; cut in the target, the status code, between CR "
                    "and LF of the blank line): one whole event each, "
                    "stamped at its first segment",
    "split_mtu": "header blocks of 1907, 1140 and 2950 bytes over a veth "
                 f"with MTU {cases.SMALL_MTU} and no GSO: one event each "
                 "per namespace, whole (the 2950-byte one cut where parsing "
                 "stops, and the next request on its connection found)",
    "pipelined": "3 requests in one write (a HEAD among them) and the 3 "
                 "responses in one write: 3 + 3 events",
    "body_get": "a POST whose body, in a segment of its own, is a GET: "
                "only the POST and its response",
    "chunk_http": "a chunked response whose chunks, each starting a "
                  "segment, are a status line and headers: one response",
    "fin_data": "a request and a response each in the segment that "
                "carries its sender's FIN, over lo: one event each",
    "loss": f"{cases.LOSS} loss (netem) both ways on a veth, 2 + 2 "
            "keep-alive connections of 10 exchanges, a client each: TCP "
            "retransmits, and every message is still one event per "
            "namespace",
    "evict_lo": f"{cases.EVICT_CONNS} keep-alive connections of 2 exchanges "
                f"over lo with conn_max={cases.EVICT_CONN_MAX}: connections "
                "evicted, each message still once",
    "evict_veth": f"{cases.EVICT_CONNS} keep-alive connections of 2 "
                  f"exchanges between the namespaces with conn_max="
                  f"{cases.EVICT_CONN_MAX}: evicted, each message once in "
                  "each namespace",
}


def phase_extra_reasons(run, phase):
    """What a phase checks beyond its lines and counters."""
    r = []
    if phase == "split_mtu":
        r += problems_of(run, "links")
        for ns in ("init", "peer"):
            link = run.files.get(f"links.mtu.{ns}", b"").decode("utf-8",
                                                                "replace")
            for want in (f"mtu {cases.SMALL_MTU} ", "gso_max_segs 1 "):
                if want not in link:
                    r.append(f"the small-MTU veth in the {ns} namespace "
                             f"lacks {want.strip()!r}: {link[:300]!r}")
    if phase == "loss":
        retrans = conv_retrans(run, phase)
        if not retrans:
            r.append(f"TCP retransmitted {retrans!r} segments during the "
                     "phase: the loss did not take")
        for ns in ("init", "peer"):
            qdisc = run.files.get(f"loss.qdisc.{ns}", b"").decode(
                "utf-8", "replace")
            m = re.search(r"dropped (\d+)", qdisc)
            if "netem" not in qdisc or not m or int(m.group(1)) == 0:
                r.append(f"netem dropped nothing in the {ns} namespace: "
                         f"{qdisc[:300]!r}")
        got = delta(run.stats("loss.1"), run.stats("loss.0"),
                    "duplicate_bytes")
        if not got:
            r.append(f"duplicate_bytes during the loss: {got!r}, want more "
                     "than 0 (retransmitted bytes seen before)")
    if phase.startswith("evict"):
        expect_equal(r, "conn_max after insmod conn_max="
                     f"{cases.EVICT_CONN_MAX}", run.fact("evict.conn_max"),
                     str(cases.EVICT_CONN_MAX))
        # every connection is followed from its first request, in each
        # namespace it passes, before any of them closes: the table holds
        # conn_max of them, so at least the others were evicted
        keys = sum(conv.conns * len(conv.observers("request"))
                   for conv in cases.CONVS[phase])
        got = delta(run.stats(phase + ".1"), run.stats(phase + ".0"),
                    "conns_evicted")
        if got is None or got < keys - cases.EVICT_CONN_MAX:
            r.append(f"conns_evicted during the phase: {got!r}, want at "
                     f"least {keys - cases.EVICT_CONN_MAX} ({keys} "
                     f"connections, conn_max={cases.EVICT_CONN_MAX})")
    return r


def check_conv_phases(run, report, phases, output, scenario):
    expected = conv_expected(run, phases)
    errors = match_lines(run.files.get(output), expected, output,
                         conv_phase_of(phases))
    if errors.get(None):
        # lines that belong to no phase fail the first
        errors.setdefault(phases[0], [])[:0] = errors.pop(None)
    for phase in phases:
        r = problems_of(run, phase)
        if phase == phases[0]:
            r += problems_of(run, scenario)
        if run.mark(phase) is None:
            r.append(f"the guest never finished phase {phase}")
        r += errors.get(phase, [])
        r += conv_counter_reasons(run, phase)
        r += phase_extra_reasons(run, phase)
        report.case(phase, STREAM_DESCRIPTIONS[phase], r)


PAIRING_DESCRIPTIONS = {
    "basic": "two exchanges on one connection between the namespaces, "
             f"each answered {pairing.WAIT_MS} ms late: the client's events "
             "carry its pid, name, uid and cgroup at both ends of its "
             "messages' way, the server's its uid and cgroup, and its pid "
             "once it answered; latency_ns within "
             f"[{pairing.WAIT_MS} ms, +{pairing.SLACK_MS} ms] and the "
             "request's method, host, path and query",
    "pipelined": "three requests in one write answered 200, 404, 500 a "
                 "turn apart: paired in order, latencies increasing (a "
                 "wait apart at the server)",
    "continue": "a POST with Expect: 100-continue: the 100 Continue and "
                "the 200 after the body both carry the POST, the 100 does "
                "not take it",
    "head": "a HEAD answered with a Content-Length and no body, then a GET "
            "on the connection: both paired",
    "preload": "a request sent before insmod and answered after: that "
               "response unpaired (latency_ns -1, request null, no pid yet "
               "at the client's end), the next request on it paired",
    "unanswered": "a request the server reads and closes on: the server's "
                  "end has no pid",
}


def pair_facts(run):
    """(pids by (side, dialogue), cgroup ids by name or None, reasons)."""
    r = []
    pids = {}
    for d in pairing.DIALOGUES:
        for side in (pairing.SERVER, pairing.CLIENT):
            value = run.fact(f"pair.pid.{side.label}.{d.name}", "")
            if not value.isdigit():
                r.append(f"no pid of the {side.label} of {d.name}: "
                         f"{value!r}")
            pids[side.label, d.name] = int(value) if value.isdigit() else -1
    cgroups = None
    if run.fact("pair.cgroups") != "none":
        got = run.kv("pair.cgroups") or {}
        cgroups = {}
        for side in (pairing.SERVER, pairing.CLIENT):
            value = got.get(side.cgroup, "")
            if not value.isdigit():
                r.append(f"no id of cgroup {side.cgroup}: "
                         f"{run.fact('pair.cgroups')!r}")
            cgroups[side.cgroup] = int(value) if value.isdigit() else -1
    # servers' ends known from the module's own socket lookup, clients'
    # from early demux
    if run.fact("pair.early_demux") != "0 1":
        r.append("ip_early_demux (servers' namespace, clients'): "
                 f"{run.fact('pair.early_demux')!r}, want '0 1'")
    return pids, cgroups, r


def pair_latency_reasons(d, lines, netns):
    """What the lines of dialogue D say of their latencies: at each end,
    latency_ns is the time from its request's line to its own; the client
    sees each at least as long as the server; pipelined answers come in
    order, at the server a wait apart."""
    r = []
    latency = {}
    for side in (pairing.SERVER, pairing.CLIENT):
        objs = [o for o in lines if o["netns"] == netns.get(side.ns) and
                {o["args"]["metadata"]["src_port"],
                 o["args"]["metadata"]["dst_port"]} == {d.sport, d.dport}]
        requests = {}
        for o in objs:
            req = o["args"].get("http_request")
            if req:
                requests[req["method"], req["uri_path"],
                         req["uri_query"]] = o["timestamp"]
        for o in objs:
            resp = o["args"].get("http_response")
            if not resp or not isinstance(resp["request"], dict):
                continue
            req = resp["request"]
            what = (req["method"], req["uri_path"], req["uri_query"])
            latency[side.label, resp["status_code"], what] = \
                resp["latency_ns"]
            stamp = requests.get(what)
            if stamp is not None and \
                    resp["latency_ns"] != o["timestamp"] - stamp:
                r.append(f"{side.label}'s end: the {resp['status_code']}'s "
                         f"latency_ns {resp['latency_ns']}, but its line "
                         f"comes {o['timestamp'] - stamp} ns after its "
                         "request's")
    for (label, code, what), value in latency.items():
        server = latency.get((pairing.SERVER.label, code, what))
        if label == pairing.CLIENT.label and server is not None and \
                value < server:
            r.append(f"the {code}'s latency_ns is {value} at the client's "
                     f"end, less than the server's {server}")
    if d.name == "pipelined":
        pairs = d.pairing()[0]
        keys = []
        for name in d.resps:
            req = pairing.paired(pairs[name][0])
            keys.append((pairing.RESPONSES[name][1]["status_code"],
                         (req["method"], req["uri_path"], req["uri_query"])))
        for side, gap in ((pairing.SERVER, pairing.WAIT_MS * pairing.MS),
                          (pairing.CLIENT, 1)):
            got = [latency.get((side.label, code, what))
                   for code, what in keys]
            if None in got:
                continue
            for a, b, x, y in zip(keys, keys[1:], got, got[1:]):
                if y - x < gap:
                    r.append(f"{side.label}'s end: the {b[0]}'s latency_ns "
                             f"{y} is not {gap} ns past the {a[0]}'s {x}")
    return r


def pair_lines(raw):
    """The event lines of the pairing scenario whose latencies can be
    looked at: well formed, of a dialogue (match_lines judges them all)."""
    out = []
    for line in (raw or b"").split(b"\n")[:-1]:
        try:
            obj = json.loads(line)
            request = obj["args"].get("http_request")
            response = obj["args"].get("http_response")
            ok = isinstance(obj["timestamp"], int) and \
                pairing.group_of(obj) is not None and \
                (response is None or not pairing_errors(response, "")) and \
                (request is None or all(isinstance(request.get(key), str)
                                        for key in ("method", "uri_path",
                                                    "uri_query")))
        except (ValueError, KeyError, TypeError, AttributeError):
            ok = False
        if ok:
            out.append(obj)
    return out


def check_pairing(run, report):
    netns = run.netns()
    pids, cgroups, fact_reasons = pair_facts(run)
    window = run.mark("pairing")
    expected = []
    for d in pairing.DIALOGUES:
        if pairing.INIT_NS in netns and pairing.PEER_NS in netns:
            expected += [(obj, window, group) for obj, group in
                         pairing.expected_lines(d, netns, pids, cgroups)]
    raw = run.files.get("pair.cat")
    errors = match_lines(raw, expected, "pair.cat", pairing.group_of)
    lines = pair_lines(raw)
    first = pairing.GROUPS[0]
    for d in pairing.DIALOGUES:
        group = "pair_" + d.name
        r = []
        if group == first:
            r += problems_of(run, "pairing") + fact_reasons + \
                errors.get(None, [])
            expect_equal(r, "insmod after the first turn",
                         run.fact("pair.insmod_rc"), "0")
            err = run.files.get("pair.err")
            if err:
                r.append(f"tcpconv said: {err[:300]!r}")
        if window is None:
            r.append("the guest never finished the pairing scenario")
        expect_equal(r, "client exit status",
                     run.fact(f"pair.client_rc.{d.name}"), "0")
        r += errors.get(group, [])
        r += pair_latency_reasons(d, lines, netns)
        report.case(group, PAIRING_DESCRIPTIONS[d.name], r)
    r = []
    before, after = run.stats("pair.0"), run.stats("pair.1")
    if before is None or after is None:
        r.append("counter snapshots missing")
    else:
        want = {name: 0 for name in CONV_ZERO}
        want.update({"truncated": 0, "blocks_reassembled": 0,
                     "conns_evicted": 0})
        want.update(pairing.counts())
        for name, value in want.items():
            expect_equal(r, f"{name} during the scenario",
                         delta(after, before, name), value)
        got = delta(after, before, "duplicate_bytes")
        if conv_retrans(run, "pair") == 0:
            expect_equal(r, "duplicate_bytes (no TCP retransmission)", got,
                         0)
    counts = pairing.counts()
    report.case("pair_counters", "responses_unpaired "
                f"{counts['responses_unpaired']} and requests_unanswered "
                f"{counts['requests_unanswered']} (one each, at both ends), "
                "pending_no_memory 0, every other counter exact", r)


def check_kernel(run, report):
    report.case("kernel", "no WARNING/BUG/Oops/Call Trace/KASAN/UBSAN/"
                "lockup in the kernel log", kernel_log_trouble(run))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    run = Run(outdir)
    report = Report()
    check_load(run, report)
    check_main(run, report)
    check_conv_phases(run, report, cases.STREAM_PHASES, "stream.cat",
                      "stream")
    check_params(run, report)
    check_lost(run, report)
    check_conv_phases(run, report, cases.EVICT_PHASES, "evict.cat", "evict")
    check_pairing(run, report)
    check_rmmod(run, report)
    check_kernel(run, report)
    check_end(run, report, "scenario", tail_lines=15)
    print(report.count_line("e2e"))
    sys.exit(1 if report.failed else 0)


if __name__ == "__main__":
    main()
