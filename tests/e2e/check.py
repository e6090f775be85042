"""Judges one run of the end-to-end VM.

usage: check.py OUTDIR

OUTDIR holds console.log (the kernel console) and data.log (the records
guest/tests.sh wrote to the second serial port). Prints one line per test
case, "ok <case>: <what>" or "FAIL <case>: <what>" followed by the reasons,
then "e2e: N passed, N failed". Exits 1 when a case failed.
"""

import base64
import json
import os
import re
import sys

import cases

KERNEL_TROUBLE = re.compile(
    r"WARNING:|BUG:|kernel BUG|Oops|Call Trace|KASAN|UBSAN|"
    r"general protection|soft lockup|hard LOCKUP|rcu.*stall|"
    r"blocked for more than|Kernel panic|refcount_t:|"
    r"list_(add|del) corruption|double free|use-after-free")

STAT_NAMES = ["packets_inspected", "messages", "malformed", "truncated",
              "ignored", "events_queued", "events_delivered", "events_lost",
              "netns_unmonitored"]
DEFAULT_EVENTS = cases.DEFAULT_EVENTS
MAX_REASONS = 12


def read_text(path):
    """A file's text, or "" when there is no such file."""
    if not os.path.exists(path):
        return ""
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def read_guest_log(outdir):
    """(facts, problems, files, done) from what a guest script recorded
    (tests/e2e/guest/common.sh) in OUTDIR/data.log."""
    facts, problems, files, done = {}, [], {}, False
    current, chunks = None, []
    for line in read_text(os.path.join(outdir, "data.log")).splitlines():
        line = line.strip("\r")
        if current is not None:
            if line == "@@EOF " + current:
                files[current] = base64.b64decode("".join(chunks))
                current = None
            else:
                chunks.append(line.strip())
        elif line.startswith("@@FACT "):
            key, _, value = line[len("@@FACT "):].partition(" ")
            if key.startswith("problem."):
                problems.append((key[len("problem."):], value))
            else:
                facts[key] = value
        elif line.startswith("@@FILE "):
            current, chunks = line[len("@@FILE "):], []
        elif line == "@@DONE":
            done = True
    return facts, problems, files, done


class Run:
    """What the guest recorded."""

    def __init__(self, outdir):
        self.facts, self.problems, self.files, self.done = \
            read_guest_log(outdir)
        self.console = read_text(os.path.join(outdir, "console.log"))

    def fact(self, key, default=None):
        return self.facts.get(key, default)

    def mark(self, name):
        start = self.facts.get(f"mark.{name}.start")
        end = self.facts.get(f"mark.{name}.end")
        if start is None or end is None:
            return None
        return int(start), int(end)

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


def line_key(obj):
    try:
        meta = obj["args"]["metadata"]
        return (obj["eventName"], obj["direction"], obj["netns"],
                meta["src_port"], meta["dst_port"])
    except (KeyError, TypeError):
        return None


class Expectation:
    """Expected lines, each with the time window its timestamp must be in."""

    def __init__(self):
        self.lines = {}      # key -> (object, (start, end), group)

    def add(self, exchange, netns, event_names, window, group,
            redact=cases.DEFAULT_REDACT):
        for key, obj in cases.expected_lines(exchange, netns, event_names,
                                             redact).items():
            self.lines[key] = (obj, window, group)


def check_output(raw, expectation, label):
    """Compares a reader's output with the expectation. Returns
    (errors by group, errors of the output as a whole)."""
    by_group = {}
    general = []
    seen = set()

    def fail(group, msg):
        by_group.setdefault(group, []).append(f"{label}: {msg}")

    if raw is None:
        general.append(f"{label}: the guest sent no such output")
        for key, (_, _, group) in expectation.lines.items():
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
        stamp = obj.get("timestamp")
        want = dict(want, timestamp=stamp)
        if encode(want) != text:
            diffs = differences(want, obj) or ["bytes differ from the "
                                               "canonical encoding"]
            fail(group, f"line {number} {key[0]} {key[1]} ports "
                 f"{key[3]}->{key[4]}: " + "; ".join(diffs) +
                 f"\n        got:  {text}\n        want: {encode(want)}")
        if not isinstance(stamp, int) or window is None or \
                not window[0] <= stamp <= window[1]:
            fail(group, f"line {number}: timestamp {stamp} outside "
                 f"[{window[0] if window else '?'}, "
                 f"{window[1] if window else '?'}]")
    for key, (_, _, group) in expectation.lines.items():
        if key not in seen:
            fail(group, "missing: event %s %s netns %s ports %s->%s" % key)
    return by_group, general


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def case(self, name, what, reasons):
        if reasons:
            self.failed += 1
            print(f"FAIL {name}: {what}")
            for reason in reasons[:MAX_REASONS]:
                print(f"     - {reason}")
            if len(reasons) > MAX_REASONS:
                print(f"     - ... and {len(reasons) - MAX_REASONS} more")
        else:
            self.passed += 1
            print(f"ok   {name}: {what}")


def delta(after, before, name):
    if after is None or before is None:
        return None
    return after.get(name, 0) - before.get(name, 0)


def expect_equal(reasons, what, got, want):
    if got != want:
        reasons.append(f"{what}: {got!r}, want {want!r}")


def problems_of(run, *phases):
    return [f"guest: {msg}" for phase, msg in run.problems if phase in phases]


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
    report.case("load", "insmod, device node, parameter defaults, "
                "counters start at 0", r)


def main_expectation(run):
    netns = run.netns()
    expectation = Expectation()
    for phase in cases.MAIN_PHASES:
        window = run.mark(phase)
        for ex in cases.PHASES[phase]:
            if ex.ns in netns and ex.server_ns in netns:
                expectation.add(ex, netns, DEFAULT_EVENTS, window, phase)
    return expectation


def check_main(run, report):
    expectation = main_expectation(run)
    results = {}
    for label in ("main.cat", "main.reader", "main.small"):
        results[label] = check_output(run.files.get(label), expectation, label)
    cat_groups, cat_general = results["main.cat"]

    descriptions = {
        "methods": "the nine methods over IPv4 loopback, egress and ingress "
                   "on lo, every field",
        "ipv6": "IPv6 loopback [::1], every field",
        "netns": "a second namespace over veth: its netns inode, veth0/veth1,"
                 " both directions",
    }
    netns = run.netns()
    for phase in ("methods", "ipv6", "netns"):
        r = problems_of(run, phase) + cat_groups.get(phase, [])
        if phase == "netns":
            r += problems_of(run, "netns")
            if cases.PEER_NS not in netns or \
                    netns.get(cases.PEER_NS) == netns.get(cases.INIT_NS):
                r.append(f"peer namespace inode unknown or the init one: "
                         f"{run.fact('netns.peer')!r}")
        if run.mark(phase) is None:
            r.append(f"the guest never finished phase {phase}")
        report.case(phase, descriptions[phase], r)

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

    # Counters over the main session: everything but packets_inspected is
    # known exactly.
    r = problems_of(run, "counters") + cat_groups.get("counters", [])
    before, after, closed = run.stats("main0"), run.stats("main1"), \
        run.stats("main2")
    if before is None or after is None or closed is None:
        r.append("counter snapshots missing")
    else:
        messages = malformed = truncated = 0
        for phase in cases.MAIN_PHASES:
            for ex in cases.PHASES[phase]:
                m, bad, cut = cases.count_messages(ex)
                messages += m
                malformed += bad
                truncated += cut
        queued = len(expectation.lines)
        want = {"messages": messages, "malformed": malformed,
                "truncated": truncated, "ignored": 0,
                "events_queued": queued,
                "events_delivered": 3 * queued, "events_lost": 0}
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
    retrans = [f"{ns}: {run.fact('retrans.' + ns)}" for ns in ("init", "peer")
               if run.fact("retrans." + ns) not in ("0", None)]
    if retrans and (r or any(results[l][1] for l in results)):
        r.append("TCP retransmitted segments during the session (each a "
                 "second copy of its events): " + ", ".join(retrans))
    report.case("counters", "malformed, truncated and non-HTTP requests; "
                "every counter exact", r)


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
            expectation.add(ex, netns, names, run.mark(f"params{i}"),
                            "params", redact)
        for kind in ("request", "response"):
            messages += 2
            if "net_packet_http" not in names and \
                    "net_packet_http_" + kind not in names:
                ignored += 2
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
    sent = 4 * cases.LOST_CONNECTIONS
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
    # The kept events must be whole, exact events of that traffic.
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
        expectation.add(ex, netns, DEFAULT_EVENTS, window, "lost")
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
        expectation.add(cases.RMMOD_EXCHANGE, netns, DEFAULT_EVENTS,
                        run.mark("rmmod"), "rmmod")
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


def trouble(text, label, pattern=KERNEL_TROUBLE):
    """The lines of a kernel log that match pattern, with some context."""
    lines = text.splitlines()
    out = []
    shown_until = -1
    for i, line in enumerate(lines):
        if not pattern.search(line):
            continue
        if i > shown_until:
            excerpt = "\n        ".join(lines[max(0, i - 2):i + 25])
            out.append(f"{label}: {line.strip()}\n        {excerpt}")
            shown_until = i + 24
        else:
            out.append(f"{label}: {line.strip()}")
    return out


def check_kernel(run, report):
    r = trouble(run.console, "console")
    dmesg = run.files.get("dmesg")
    if dmesg is None:
        r.append("the guest sent no dmesg")
    else:
        r += trouble(dmesg.decode("utf-8", "replace"), "dmesg")
    report.case("kernel", "no WARNING/BUG/Oops/Call Trace/KASAN/UBSAN/"
                "lockup in the kernel log", r)


def check_end(run, report, outdir):
    r = []
    if not run.done:
        r.append("the guest never reached its end marker (@@DONE)")
        tail = "\n        ".join(run.console.splitlines()[-15:])
        r.append(f"console tail:\n        {tail}")
    for key, value in sorted(run.facts.items()):
        if key.startswith("scenario.") and value != "0":
            r.append(f"{key} exited {value}")
    status_file = os.path.join(outdir, "qemu.status")
    if os.path.exists(status_file):
        with open(status_file) as f:
            status = f.read().strip()
        if status != "0":
            r.append(f"qemu exited {status}" +
                     (" (timed out)" if status in ("124", "137") else ""))
    report.case("end", "the guest ran every scenario and powered off", r)


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
    check_end(run, report, outdir)
    print(f"e2e: {report.passed} passed, {report.failed} failed")
    sys.exit(1 if report.failed else 0)


if __name__ == "__main__":
    main()
