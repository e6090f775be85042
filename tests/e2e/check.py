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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from vmcheck import guestlog  # noqa: E402  (tests/lib/vmcheck)
from vmcheck.events import (  # noqa: E402
    ANOMALIES, STAT_NAMES, Expectation, check_output, encode, line_key)
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
    messages = malformed = truncated = 0
    want = {"anomaly_" + name: 0 for name in ANOMALIES}
    for phase in cases.MAIN_PHASES:
        for ex in cases.PHASES[phase]:
            m, bad, cut, odd = cases.count_messages(ex)
            messages += m
            malformed += bad
            truncated += cut
            for name, count in odd.items():
                want["anomaly_" + name] += count
    want.update({"messages": messages, "malformed": malformed,
                 "truncated": truncated, "ignored": 0,
                 "events_queued": queued, "events_delivered": 3 * queued,
                 "events_lost": 0, "blocks_reassembled": 0,
                 "headers_too_long": 0, "headers_no_memory": 0,
                 "pending_overflow": 0, "conns_evicted": 0,
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
                "non-HTTP requests; every counter exact", r)


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
        obj_want = dict(want[0], timestamp=obj.get("timestamp"))
        if encode(obj_want) != line.decode("utf-8", "replace") or \
                not window or not window[0] <= obj["timestamp"] <= window[1]:
            bad += 1
            if bad <= 3:
                r.append(f"kept line differs: {line[:300]!r}, want "
                         f"{encode(obj_want)[:300]}")
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
    check_params(run, report)
    check_lost(run, report)
    check_rmmod(run, report)
    check_kernel(run, report)
    check_end(run, report, "scenario", tail_lines=15)
    print(report.count_line("e2e"))
    sys.exit(1 if report.failed else 0)


if __name__ == "__main__":
    main()
